"""Facts that need more than one resource, computed once after normalization so controls stay
pure functions of one resource.

``backup_plan_ids`` (derived, on every type AWS Backup can protect): the ids of the
``backup.plan`` resources whose selections are known to cover the resource, sorted; UNKNOWN
when none is known to cover it but a selection might (an ARN or tag the source could not
establish, a region that is UNKNOWN); an empty list when no scanned plan covers it.

Selection semantics follow the AWS Backup BackupSelection API: a selection with neither
resources nor tags selects every supported resource; ``not_resource_arns`` excludes. The
normalized ``tag_conditions`` merge ListOfTags (any may match) and Conditions (all must
match); srmap reads them as "any may match", and when a selection names both ARNs and tags
it requires both, so that a resource counts as covered only when it surely is.

``protocol`` of an ``elbv2.listener`` that a Terraform configuration left unset (null after
normalization): what the provider then sends, from the load balancer's type.

``default_security_group`` of an ``ec2.vpc``: the default ``ec2.security_group`` of the same
input that names the VPC (by reference or by id), in place of what the source alone could say.
``encrypted`` of EBS volumes and block devices the account's EBS encryption by default decides:
see srmap.ebs_default.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from srmap.catalog import load_catalog
from srmap.ebs_default import ENCRYPTED_BY_ACCOUNT_DEFAULT, encrypting_accounts, with_ebs_default
from srmap.model import UNKNOWN, Maybe, ProviderAccount, Reference, Resource, Unknown

__all__ = [
    "BACKUP_PLAN_IDS",
    "BACKUP_PROTECTED_TYPES",
    "ENCRYPTED_BY_ACCOUNT_DEFAULT",
    "backup_plan_ids",
    "derive_facts",
]

BACKUP_PLAN_IDS = "backup_plan_ids"


@dataclass(frozen=True, slots=True)
class ArnShape:
    """How a canonical type's ARN reads: service field, resource prefix, and whether the
    rest is the resource's name or an id only the cloud assigns."""

    service: str
    prefix: str
    named: bool = True
    regional: bool = True


# https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html
BACKUP_PROTECTED_TYPES: Mapping[str, ArnShape] = {
    "rds.db_instance": ArnShape("rds", "db:"),
    "rds.db_cluster": ArnShape("rds", "cluster:"),
    "docdb.cluster": ArnShape("rds", "cluster:"),
    "neptune.cluster": ArnShape("rds", "cluster:"),
    "redshift.cluster": ArnShape("redshift", "cluster:"),
    "dynamodb.table": ArnShape("dynamodb", "table/"),
    "efs.file_system": ArnShape("elasticfilesystem", "file-system/", named=False),
    "ec2.volume": ArnShape("ec2", "volume/", named=False),
    "ec2.instance": ArnShape("ec2", "instance/", named=False),
    "s3.bucket": ArnShape("s3", "", regional=False),
}

Truth = bool | Unknown


@dataclass(frozen=True, slots=True)
class _Partial:
    """A resource-part of an ARN whose known prefix is followed by an id nobody knows yet."""

    prefix: str


def derive_facts(resources: Iterable[Resource]) -> tuple[Resource, ...]:
    """The resources with derived attributes added; other resources are returned unchanged."""
    found = tuple(resources)
    plans = _plans_by_region(r for r in found if r.type == "backup.plan")
    balancers = {r.id: r for r in found if r.type == "elbv2.load_balancer"}
    groups = _default_groups(found)
    encrypting = encrypting_accounts(found)
    derived = (with_ebs_default(_derived(r, plans, balancers), encrypting) for r in found)
    return tuple(_with_default_group(r, groups) if r.type == "ec2.vpc" else r for r in derived)


def _default_groups(resources: Iterable[Resource]) -> Mapping[str, Resource]:
    """Default security groups by the VPC they name: its address in the input, or its id."""
    index: dict[str, Resource] = {}
    for group in resources:
        if group.type != "ec2.security_group" or group.attributes.get("is_default") is not True:
            continue
        vpc = group.attributes.get("vpc_id")
        if isinstance(vpc, Reference):
            index[vpc.address] = group
        elif isinstance(vpc, str):
            index[vpc] = group
    return index


def _with_default_group(vpc: Resource, groups: Mapping[str, Resource]) -> Resource:
    """The VPC with the default group the input declares for it, when there is one."""
    # A live VPC's id is its ARN, ending in the vpc-... id that groups name.
    group = groups.get(vpc.id) or groups.get(vpc.id.rsplit("/", 1)[-1])
    if group is None:
        return vpc
    found = {
        "id": group.id,
        "ingress": group.attributes.get("ingress", UNKNOWN),
        "egress": group.attributes.get("egress", UNKNOWN),
    }
    return vpc._replace(attributes={**vpc.attributes, "default_security_group": found})


def _derived(
    resource: Resource,
    plans: Mapping[Any, list[Resource]],
    balancers: Mapping[str, Resource],
) -> Resource:
    if resource.type in BACKUP_PROTECTED_TYPES:
        covered = backup_plan_ids(resource, plans)
        return resource._replace(attributes={**resource.attributes, BACKUP_PLAN_IDS: covered})
    if resource.type == "elbv2.listener" and resource.attributes.get("protocol", UNKNOWN) is None:
        return _with_listener_protocol(resource, balancers)
    return resource


# A Terraform listener left without a protocol: the provider asks for HTTP on an Application
# Load Balancer; a Gateway Load Balancer's listener has none (GENEVE); a Network Load
# Balancer's needs one. https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb_listener
_DEFAULT_PROTOCOLS = {"application": "HTTP", "gateway": "GENEVE"}
_ARN_KINDS = {":loadbalancer/app/": "application", ":loadbalancer/gwy/": "gateway"}


def _with_listener_protocol(listener: Resource, balancers: Mapping[str, Resource]) -> Resource:
    """The listener with the protocol its load balancer's type gives it, else UNKNOWN."""
    arn = listener.attributes.get("load_balancer_arn")
    kind: Any = UNKNOWN
    if isinstance(arn, Reference) and arn.address in balancers:
        kind = balancers[arn.address].attributes.get("load_balancer_type", UNKNOWN)
    elif isinstance(arn, str):
        kind = next((k for part, k in _ARN_KINDS.items() if part in arn), UNKNOWN)
    protocol = _DEFAULT_PROTOCOLS.get(kind, UNKNOWN) if isinstance(kind, str) else UNKNOWN
    return listener._replace(attributes={**listener.attributes, "protocol": protocol})


def _plans_by_region(plans: Iterable[Resource]) -> Mapping[Any, list[Resource]]:
    """Plans by region; plans whose region is UNKNOWN sit under UNKNOWN."""
    index: dict[Any, list[Resource]] = defaultdict(list)
    for plan in plans:
        index[plan.region if isinstance(plan.region, str) else UNKNOWN].append(plan)
    return index


def backup_plan_ids(
    resource: Resource, plans: Mapping[Any, Sequence[Resource]]
) -> Maybe[list[str]]:
    """Plans known to cover ``resource``; UNKNOWN when none is known to and one might."""
    if isinstance(resource.region, str):
        candidates = [*plans.get(resource.region, ()), *plans.get(UNKNOWN, ())]
    else:
        candidates = [p for group in plans.values() for p in group]
    verdicts = [(plan.id, _plan_covers(plan, resource)) for plan in candidates]
    known = sorted(plan_id for plan_id, covers in verdicts if covers is True)
    if known:
        return known
    if any(isinstance(covers, Unknown) for _, covers in verdicts):
        return UNKNOWN
    return []


def _plan_covers(plan: Resource, resource: Resource) -> Truth:
    """A plan backs up resources of its own region and account that a selection picks."""
    same_place = _all(_same(plan.region, resource.region), _same(plan.account, resource.account))
    selections = plan.attributes.get("selections", UNKNOWN)
    if isinstance(selections, Unknown):
        return _all(same_place, UNKNOWN)
    picked = _any(_selection_covers(s, resource) for s in selections)
    if picked is True and same_place is not False and _named_by_reference(selections, resource):
        # The input wires this plan to this very resource: one deployment, one region, one
        # account, unless the source says otherwise.
        return True
    return _all(same_place, picked)


def _named_by_reference(selections: Sequence[Any], resource: Resource) -> bool:
    """Whether a selection lists the resource's own ARN as a reference to it."""
    return any(
        isinstance(s, Mapping)
        and isinstance(s.get("resource_arns"), list)
        and any(_is_arn_of(item, resource) is True for item in s["resource_arns"])
        for s in selections
    )


def _is_arn_of(item: Any, resource: Resource) -> Truth:
    """A reference to a resource's ARN (arn in Terraform, Arn in CloudFormation) of this input
    is this resource's, or surely not; anything else is not known."""
    if isinstance(item, Reference) and (item.attribute or "").lower() == "arn":
        return item.address == resource.id
    return UNKNOWN


def _same(left: Any, right: Any) -> Truth:
    """Equal when both are known, or the account of one provider configuration; a missing
    value (None) does not rule a plan out."""
    if isinstance(left, ProviderAccount) and left == right:
        return True
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        return UNKNOWN
    if left is None or right is None:
        return True
    return bool(left == right)


def _selection_covers(selection: Any, resource: Resource) -> Truth:
    if not isinstance(selection, Mapping):
        return UNKNOWN
    arns = selection.get("resource_arns", [])
    tags = selection.get("tag_conditions", [])
    excluded = _arn_list_matches(selection.get("not_resource_arns", []), resource)
    criteria: list[Truth] = []
    if isinstance(arns, Unknown) or arns:
        criteria.append(_arn_list_matches(arns, resource))
    if isinstance(tags, Unknown) or tags:
        criteria.append(_tags_match(tags, resource))
    included = _all(*criteria)
    return _all(included, _not(excluded))


def _arn_list_matches(patterns: Any, resource: Resource) -> Truth:
    if isinstance(patterns, Unknown):
        return UNKNOWN
    arn = resource_arn(resource)
    return _any(_arn_matches(p, arn, resource) for p in patterns)


def _tags_match(conditions: Any, resource: Resource) -> Truth:
    if isinstance(conditions, Unknown) or not isinstance(resource.tags, Mapping):
        return UNKNOWN
    return _any(_tag_matches(c, resource.tags) for c in conditions)


def _tag_matches(condition: Any, tags: Mapping[str, Any]) -> Truth:
    if not isinstance(condition, Mapping):
        return UNKNOWN
    key, value = condition.get("key"), condition.get("value")
    if isinstance(key, Unknown) or isinstance(value, Unknown):
        return UNKNOWN
    if isinstance(key, str):
        # Selection conditions name tags as condition keys: aws:ResourceTag/Env means Env.
        key = key.removeprefix("aws:ResourceTag/")
    found = tags.get(key) if isinstance(key, str) else None
    if isinstance(found, Unknown):
        return UNKNOWN
    return found is not None and found == value


def resource_arn(resource: Resource) -> list[Any]:
    """The six ARN fields of a resource; fields the source could not establish are UNKNOWN."""
    if resource.id.startswith("arn:"):
        return resource.id.split(":", 5)
    shape = BACKUP_PROTECTED_TYPES[resource.type]
    region: Any = resource.region if isinstance(resource.region, str) else UNKNOWN
    known = load_catalog().regions.get(region) if isinstance(region, str) else None
    partition = known.partition if known is not None else UNKNOWN
    account: Any = resource.account if isinstance(resource.account, str) else UNKNOWN
    if not shape.regional:
        region, account = "", ""
    name = resource.name if shape.named else None
    part: Any = shape.prefix + name if isinstance(name, str) else _Partial(shape.prefix)
    return ["arn", partition, shape.service, region, account, part]


def _arn_matches(pattern: Any, arn: Sequence[Any], resource: Resource) -> Truth:
    if not isinstance(pattern, str):
        return _is_arn_of(pattern, resource)
    if pattern == "*":
        return True
    fields = pattern.split(":", 5)
    if len(fields) != 6:
        return UNKNOWN
    return _all(*(_field_matches(p, v) for p, v in zip(fields, arn, strict=True)))


def _field_matches(pattern: str, value: Any) -> Truth:
    if isinstance(value, str):
        return fnmatchcase(value, pattern)
    if pattern == "*":
        return True
    if isinstance(value, _Partial):
        literal = pattern.split("*", maxsplit=1)[0].split("?", maxsplit=1)[0]
        if not (value.prefix.startswith(literal) or literal.startswith(value.prefix)):
            return False
        if pattern == value.prefix + "*":
            return True
    return UNKNOWN


def _any(values: Iterable[Truth]) -> Truth:
    result: Truth = False
    for value in values:
        if value is True:
            return True
        if isinstance(value, Unknown):
            result = UNKNOWN
    return result


def _all(*values: Truth) -> Truth:
    result: Truth = True
    for value in values:
        if value is False:
            return False
        if isinstance(value, Unknown):
            result = UNKNOWN
    return result


def _not(value: Truth) -> Truth:
    return value if isinstance(value, Unknown) else not value
