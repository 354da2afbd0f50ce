"""Derived facts: which AWS Backup plans cover each protectable resource, by ARN and by tag."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from srmap.derive import BACKUP_PLAN_IDS, derive_facts
from srmap.model import UNKNOWN, ProviderAccount, Reference, Resource


def _plan(*selections: Mapping[str, Any], region: Any = "eu-west-1", pid: str = "plan") -> Resource:
    return Resource(
        pid, "backup.plan", "backup", region, "111122223333", pid, {"selections": list(selections)}
    )


def _table(
    name: Any = "orders", tags: Mapping[str, Any] | None = None, region: Any = "eu-west-1"
) -> Resource:
    return Resource("t", "dynamodb.table", "dynamodb", region, "111122223333", name, {}, tags or {})


def _selection(arns: Any = (), tags: Any = (), not_arns: Any = ()) -> dict[str, Any]:
    def listed(value: Any) -> Any:
        return value if value is UNKNOWN else list(value)

    return {
        "name": "s",
        "resource_arns": listed(arns),
        "not_resource_arns": listed(not_arns),
        "tag_conditions": listed(tags),
    }


def _covering(*resources: Resource) -> Any:
    derived = {r.id: r for r in derive_facts(resources)}
    return derived["t"].attributes[BACKUP_PLAN_IDS]


TABLE_ARN = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"
BACKUP_TAG = {"key": "backup", "value": "daily"}


@pytest.mark.parametrize(
    ("selection", "table", "expected"),
    [
        (_selection(arns=[TABLE_ARN]), _table(), ["plan"]),
        (_selection(arns=["arn:aws:dynamodb:*:*:table/*"]), _table(), ["plan"]),
        (_selection(arns=["*"]), _table(), ["plan"]),
        (_selection(arns=["arn:aws:rds:*:*:db:*"]), _table(), []),
        (_selection(arns=["arn:aws:dynamodb:eu-west-1:111122223333:table/other"]), _table(), []),
        (_selection(arns=[UNKNOWN]), _table(), UNKNOWN),
        (_selection(arns=UNKNOWN), _table(), UNKNOWN),
        (_selection(arns=[TABLE_ARN]), _table(name=UNKNOWN), UNKNOWN),
        (_selection(arns=["arn:aws:dynamodb:*:*:table/*"]), _table(name=UNKNOWN), ["plan"]),
        (_selection(tags=[BACKUP_TAG]), _table(tags={"backup": "daily"}), ["plan"]),
        (_selection(tags=[BACKUP_TAG]), _table(tags={"backup": "never"}), []),
        (
            _selection(tags=[{"key": "aws:ResourceTag/backup", "value": "daily"}]),
            _table(tags={"backup": "daily"}),
            ["plan"],
        ),
        (_selection(tags=[BACKUP_TAG]), _table(tags={"backup": UNKNOWN}), UNKNOWN),
        (_selection(tags=UNKNOWN), _table(), UNKNOWN),
        (_selection(arns=["*"], tags=[BACKUP_TAG]), _table(), []),
        (_selection(arns=["*"], not_arns=[TABLE_ARN]), _table(), []),
        (_selection(arns=["*"], not_arns=[UNKNOWN]), _table(), UNKNOWN),
        (_selection(), _table(), ["plan"]),
        (_selection(arns=["*"]), _table(region="us-east-1"), []),
        (_selection(arns=["*"]), _table(region=UNKNOWN), UNKNOWN),
    ],
)
def test_one_selection(selection: dict[str, Any], table: Resource, expected: Any) -> None:
    """ARN patterns, tags and exclusions decide; what the source could not tell is UNKNOWN."""
    assert _covering(_plan(selection), table) == expected


PROD = ProviderAccount("infra", "aws")


@pytest.mark.parametrize(
    ("plan_account", "table_account", "expected"),
    [
        (PROD, PROD, ["plan"]),
        (PROD, ProviderAccount("infra", "aws.dev"), UNKNOWN),
        (PROD, ProviderAccount("other", "aws"), UNKNOWN),
        (PROD, UNKNOWN, UNKNOWN),
        (UNKNOWN, UNKNOWN, UNKNOWN),
        (PROD, "111122223333", UNKNOWN),
    ],
)
def test_a_tag_selection_covers_in_the_account_of_its_own_provider_configuration(
    plan_account: Any, table_account: Any, expected: Any
) -> None:
    """One provider configuration is one account; any other account might differ."""
    plan = _plan(_selection(tags=[BACKUP_TAG]))._replace(account=plan_account)
    table = _table(tags={"backup": "daily"})._replace(account=table_account)
    assert _covering(plan, table) == expected


def test_a_known_plan_outweighs_an_unknown_one() -> None:
    """One plan that surely covers the table is enough, whatever another plan might do."""
    sure = _plan(_selection(arns=["*"]), pid="sure")
    maybe = _plan(_selection(arns=UNKNOWN), pid="maybe")
    assert _covering(sure, maybe, _table()) == ["sure"]


def test_no_plan_means_not_covered_and_other_types_are_untouched() -> None:
    """Without plans the list is empty; a type AWS Backup cannot protect gets no attribute."""
    queue = Resource("q", "sqs.queue", "sqs", "eu-west-1", None, "q", {})
    derived = {r.id: r for r in derive_facts([_table(), queue])}
    assert derived["t"].attributes[BACKUP_PLAN_IDS] == []
    assert BACKUP_PLAN_IDS not in derived["q"].attributes


def test_a_reference_to_the_resource_itself_covers_it_wherever_it_is() -> None:
    """A selection listing the resource's own ARN by reference covers it even when the input
    does not say the region; a reference to another resource never covers it."""
    volume = Resource("t", "ec2.volume", "ebs", UNKNOWN, None, None, {})
    named = _plan(_selection(arns=[Reference("t", "arn")]), region=UNKNOWN)
    other = _plan(_selection(arns=[Reference("other", "arn")]), region=UNKNOWN, pid="other")
    assert _covering(named, volume) == ["plan"]
    assert _covering(other, volume) == []
    elsewhere = _plan(_selection(arns=[Reference("t", "arn")]), region="us-east-1")
    assert _covering(elsewhere, volume._replace(region="eu-west-1")) == []
    excluded = _plan(_selection(arns=[Reference("t", "arn")], not_arns=[Reference("t", "arn")]))
    assert _covering(excluded, volume._replace(region="eu-west-1")) == []
    template = _plan(_selection(arns=[Reference("t", "Arn")]), region=UNKNOWN)
    assert _covering(template, volume) == ["plan"]
    by_id = _plan(_selection(arns=[Reference("t", "id")]), region=UNKNOWN)
    assert _covering(by_id, volume) is UNKNOWN


def test_live_arn_ids_and_unnamed_types() -> None:
    """A live resource's ARN id is matched as is; a volume's id-only ARN matches a type wildcard."""
    volume = Resource("t", "ec2.volume", "ebs", "eu-west-1", "111122223333", "data", {})
    assert _covering(_plan(_selection(arns=["arn:aws:ec2:*:*:volume/*"])), volume) == ["plan"]
    assert _covering(_plan(_selection(arns=["arn:aws:ec2:*:*:volume/vol-1"])), volume) is UNKNOWN
    live = volume._replace(id="arn:aws:ec2:eu-west-1:111122223333:volume/vol-1")
    plan = _plan(_selection(arns=["arn:aws:ec2:eu-west-1:111122223333:volume/vol-1"]))
    derived = {r.type: r for r in derive_facts([plan, live])}
    assert derived["ec2.volume"].attributes[BACKUP_PLAN_IDS] == ["plan"]


def _listener(arn: Any, protocol: Any = None) -> Resource:
    attributes = {"load_balancer_arn": arn, "protocol": protocol, "ssl_policy": None}
    return Resource("l", "elbv2.listener", "elbv2", "eu-west-1", None, None, attributes)


def _balancer(kind: str) -> Resource:
    kind_only = {"load_balancer_type": kind}
    return Resource("aws_lb.lb", "elbv2.load_balancer", "elbv2", "eu-west-1", None, "lb", kind_only)


@pytest.mark.parametrize(
    ("listener", "balancers", "protocol"),
    [
        (_listener(Reference("aws_lb.lb", "arn")), [_balancer("application")], "HTTP"),
        (_listener(Reference("aws_lb.lb", "id")), [_balancer("gateway")], "GENEVE"),
        (_listener(Reference("aws_lb.lb", "arn")), [_balancer("network")], UNKNOWN),
        (_listener(Reference("aws_lb.other", "arn")), [_balancer("application")], UNKNOWN),
        (_listener("arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/x/1"), [], "HTTP"),
        (_listener(UNKNOWN), [], UNKNOWN),
        (_listener(Reference("aws_lb.lb", "arn"), "TLS"), [_balancer("application")], "TLS"),
    ],
)
def test_listener_without_protocol_takes_the_provider_default(
    listener: Resource, balancers: list[Resource], protocol: Any
) -> None:
    """HTTP on an Application Load Balancer, GENEVE on a Gateway one, else unknown."""
    derived = {r.id: r for r in derive_facts([listener, *balancers])}
    assert derived["l"].attributes["protocol"] == protocol


def _vpc(vid: str = "aws_vpc.main") -> Resource:
    created = {"id": None, "ingress": ["ec2's"], "egress": ["ec2's"]}
    return Resource(
        vid, "ec2.vpc", "vpc", "eu-west-1", None, None, {"default_security_group": created}
    )


def _group(vpc_id: Any, is_default: bool = True, gid: str = "g") -> Resource:
    attributes = {"vpc_id": vpc_id, "is_default": is_default, "ingress": [], "egress": []}
    return Resource(gid, "ec2.security_group", "vpc", "eu-west-1", None, "default", attributes)


@pytest.mark.parametrize(
    ("vpc", "group", "joined"),
    [
        (_vpc(), _group(Reference("aws_vpc.main")), True),
        (_vpc("arn:aws:ec2:eu-west-1:1:vpc/vpc-1"), _group("vpc-1"), True),
        (_vpc(), _group(Reference("aws_vpc.other")), False),
        (_vpc(), _group(Reference("aws_vpc.main"), is_default=False), False),
        (_vpc(), _group(UNKNOWN), False),
    ],
)
def test_default_group_of_the_input_replaces_the_one_ec2_made(
    vpc: Resource, group: Resource, joined: bool
) -> None:
    """A default group that names the VPC, by reference or id, is the VPC's default group."""
    derived = {r.id: r for r in derive_facts([vpc, group])}[vpc.id]
    found = derived.attributes["default_security_group"]
    if joined:
        assert found == {"id": "g", "ingress": [], "egress": []}
    else:
        assert found == vpc.attributes["default_security_group"]
