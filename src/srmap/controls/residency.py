"""Customer duty of region choice (data residency): each regional resource, and each region its
data is copied to (replicas, read replicas, global tables, backup copies), must lie in the
policy's allowed regions and jurisdictions. Jurisdictions come from the catalog's regions:
the country code and groups such as EU or EEA; country "ZZ" means AWS publishes none.

Global services have no region to choose. CloudFront caches customer content at edge
locations worldwide, which no setting confines to a jurisdiction: with a residency policy
its finding is ``manual``, for a person to accept or attest. IAM holds account metadata
(identities and policies), not customer content, so its finding is ``not_applicable`` and
says where that metadata lives.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from srmap.catalog import load_catalog
from srmap.controls.engine import (
    Control,
    ControlContext,
    Verdict,
    control,
    failed,
    not_applicable,
    passed,
)
from srmap.model import UNKNOWN, Evidence, Layer, Reference, Resource, Severity, Status, Unknown

__all__ = ["CONTROLS", "GLOBAL_TYPES", "REGIONAL_TYPES", "allowed", "residency_control"]

_RESIDENCY = Layer.DATA_RESIDENCY
_REMEDIATION = (
    "Create the resource, and any replica or copy of its data, only in regions the policy allows."
)

# Every canonical type of a regional service (tests/controls/test_residency.py keeps this list
# equal to the catalog's).
REGIONAL_TYPES: tuple[str, ...] = (
    "s3.bucket",
    "ec2.volume",
    "ec2.snapshot",
    "efs.file_system",
    "backup.vault",
    "backup.plan",
    "ec2.instance",
    "ec2.launch_template",
    "autoscaling.launch_configuration",
    "ec2.ami",
    "autoscaling.group",
    "lambda.function",
    "workspaces.workspace",
    "ecs.task_definition",
    "ecs.service",
    "eks.cluster",
    "elasticbeanstalk.environment",
    "ec2.vpc",
    "ec2.subnet",
    "ec2.security_group",
    "ec2.network_acl",
    "elbv2.load_balancer",
    "elbv2.listener",
    "elb.load_balancer",
    "apigateway.stage",
    "rds.db_instance",
    "rds.db_cluster",
    "rds.db_snapshot",
    "docdb.cluster",
    "neptune.cluster",
    "dynamodb.table",
    "dax.cluster",
    "elasticache.replication_group",
    "elasticache.cluster",
    "redshift.cluster",
    "opensearch.domain",
    "sqs.queue",
    "sns.topic",
    "kinesis.stream",
    "kafka.cluster",
    "dms.replication_instance",
    "kms.key",
    "secretsmanager.secret",
    "ssm.parameter",
    "ecr.repository",
    "cloudtrail.trail",
    "logs.log_group",
    "config.recorder",
    "guardduty.detector",
)

_CLOUDFRONT_HOME = (
    "CloudFront is global: its configuration lives in the us-east-1 control plane and content "
    "is cached at edge locations worldwide; geographic restriction limits viewers, not where "
    "cached copies sit (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/"
    "data-protection-summary.html)"
)
_IAM_HOME = (
    "IAM is global: identities and policies are account metadata, not customer content, held "
    "by the us-east-1 control plane and replicated to every region "
    "(https://docs.aws.amazon.com/IAM/latest/UserGuide/disaster-recovery-resiliency.html)"
)

# Global types and what their residency finding is once a policy exists.
GLOBAL_TYPES: Mapping[str, tuple[Status, str]] = {
    "cloudfront.distribution": (Status.MANUAL, _CLOUDFRONT_HOME),
    "iam.user": (Status.NOT_APPLICABLE, _IAM_HOME),
    "iam.role": (Status.NOT_APPLICABLE, _IAM_HOME),
    "iam.group": (Status.NOT_APPLICABLE, _IAM_HOME),
    "iam.policy": (Status.NOT_APPLICABLE, _IAM_HOME),
}


def _unknown(message: str, evidence: Mapping[str, Any]) -> Verdict:
    """A verdict the engine cannot derive itself: the values are known, their meaning is not."""
    return Verdict(Status.UNKNOWN, tuple(Evidence(k, v) for k, v in evidence.items()), message)


def _has_policy(context: ControlContext) -> bool:
    return context.allowed_regions is not None or context.allowed_jurisdictions is not None


def allowed(code: Any, context: ControlContext) -> bool | Unknown:
    """Whether a region code satisfies the policy; UNKNOWN when its jurisdiction is unknown."""
    if not isinstance(code, str):
        return UNKNOWN
    if context.allowed_regions is not None and code not in context.allowed_regions:
        return False
    if context.allowed_jurisdictions is None:
        return True
    region = load_catalog().regions.get(code)
    if region is None or region.country == "ZZ":
        return UNKNOWN
    places = {region.country, *region.jurisdictions}
    return not places.isdisjoint(context.allowed_jurisdictions)


def _places(resource: Resource) -> dict[str, Any]:
    """The resource's region and every region its data is copied to, by evidence path."""
    places: dict[str, Any] = {"region": resource.region}
    if isinstance(resource.attributes.get("cluster_id"), str | Reference):
        return places  # an Aurora member's replicas are the cluster's, judged there
    copies = resource.attributes.get("replication_regions", [])
    if isinstance(copies, list):
        places.update({f"replication_regions[{i}]": c for i, c in enumerate(copies)})
    else:
        places["replication_regions"] = copies
    return places


def _describe(code: Any) -> str:
    region = load_catalog().regions.get(code) if isinstance(code, str) else None
    return f"{code} ({region.country})" if region is not None else str(code)


def _judge(resource: Resource, context: ControlContext) -> Verdict:
    if not _has_policy(context):
        return not_applicable(
            "no residency policy: set allowed regions or jurisdictions", {"region": resource.region}
        )
    if resource.region is None:
        return _unknown("the source gives no region for a regional resource", {"region": None})
    places = _places(resource)
    verdicts = {path: allowed(code, context) for path, code in places.items()}
    outside = {path: places[path] for path, ok in verdicts.items() if ok is False}
    if outside:
        named = ", ".join(_describe(code) for code in outside.values())
        return failed(f"data outside the allowed regions or jurisdictions: {named}", outside)
    unclear = {p: places[p] for p, ok in verdicts.items() if isinstance(ok, Unknown)}
    if unclear and all(isinstance(code, str) for code in unclear.values()):
        named = ", ".join(unclear.values())
        return _unknown(f"no known jurisdiction for {named}", unclear)
    named = ", ".join(_describe(code) for code in places.values())
    return passed(f"data stays in allowed places: {named}", places)


def residency_control(type_id: str) -> Control:
    """``<type>.data_residency`` for a regional type."""

    @control(
        f"{type_id}.data_residency",
        title=f"{type_id} and its copies stay in allowed regions and jurisdictions",
        layer=_RESIDENCY,
        applies_to=[type_id],
        severity=Severity.HIGH,
        remediation=_REMEDIATION,
    )
    def check(resource: Resource, context: ControlContext) -> Verdict:
        """Own region and replication regions against the policy; UNKNOWN is never allowed."""
        return _judge(resource, context)

    return check


def global_residency_control(type_id: str, status: Status, where: str) -> Control:
    """``<type>.data_residency`` for a global type: reports where its data lives."""

    @control(
        f"{type_id}.data_residency",
        title=f"{type_id}: where a global service keeps its data",
        layer=_RESIDENCY,
        applies_to=[type_id],
        severity=Severity.INFO,
        remediation="Confirm the global service's data locations are acceptable, and attest it.",
    )
    def check(resource: Resource, context: ControlContext) -> Verdict:
        """No region to choose: a person judges it (manual) or it holds no customer content."""
        if not _has_policy(context) or status is Status.NOT_APPLICABLE:
            return not_applicable(where, {"region": resource.region})
        return Verdict(status, (Evidence("region", resource.region),), where)

    return check


CONTROLS = [
    *(residency_control(type_id) for type_id in REGIONAL_TYPES),
    *(global_residency_control(t, status, where) for t, (status, where) in GLOBAL_TYPES.items()),
]
