"""Customer duties for backups: automated retention, deletion protection, point-in-time
recovery, AWS Backup plans and whether a plan covers each resource (S3 versioning: s3.py).

Coverage reads the derived ``backup_plan_ids`` attribute (srmap.derive), computed once per
scan from every plan's selections; a resource that never went through a scan has no such
attribute and is ``unknown``.
"""

from __future__ import annotations

from typing import Any, TypeGuard

from srmap.controls.engine import (
    Control,
    ControlContext,
    Verdict,
    control,
    declared,
    failed,
    not_applicable,
    passed,
)
from srmap.controls.flags import flag_control
from srmap.derive import BACKUP_PLAN_IDS
from srmap.model import UNKNOWN, Layer, Reference, Resource, Severity, Unknown

__all__ = [
    "CONTROLS",
    "backup_plan_coverage_control",
    "deletion_protection_control",
    "retention_control",
]

_BACKUPS = Layer.BACKUPS


def _deferred(resource: Resource, member_of: str | None) -> Verdict | None:
    """A member (Aurora instance, replication group node) is judged on what it belongs to."""
    if member_of is None:
        return None
    parent = resource.attributes.get(member_of)
    # A reference to a parent declared in the same input is known membership, value or not.
    if isinstance(parent, str | Reference):
        return not_applicable(f"member of {parent}: judged there", {member_of: declared(parent)})
    return None


def _is_days(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def retention_control(
    type_id: str,
    subject: str,
    attribute: str,
    *,
    duty: str = "backup_retention",
    minimum: int | None = None,
    member_of: str | None = None,
    severity: Severity = Severity.MEDIUM,
) -> Control:
    """``<type>.<duty>``: automated backups kept ``minimum`` days, or the policy's minimum."""
    floor_text = f"at least {minimum} day" if minimum else "the policy's minimum days"

    @control(
        f"{type_id}.{duty}",
        title=f"{subject} keeps automated backups for {floor_text}",
        layer=_BACKUPS,
        applies_to=[type_id],
        severity=severity,
        remediation=f"Set {attribute} on the {subject} to at least the required number of days.",
    )
    def check(resource: Resource, context: ControlContext) -> Verdict:
        """Retention in days compared with the floor; 0 means automated backups are off."""
        deferred = _deferred(resource, member_of)
        if deferred is not None:
            return deferred
        days = resource.attributes.get(attribute)
        floor = minimum if minimum is not None else context.min_retention_days
        evidence = {attribute: days}
        if _is_days(days) and days >= floor:
            return passed(f"backups kept {days} days (at least {floor})", evidence)
        return failed(f"backups kept {days} days, below the required {floor}", evidence)

    return check


def deletion_protection_control(
    type_id: str, subject: str, *, member_of: str | None = None, severity: Severity
) -> Control:
    """``<type>.deletion_protection``: the resource cannot be deleted by one mistaken call."""

    @control(
        f"{type_id}.deletion_protection",
        title=f"{subject} has deletion protection",
        layer=_BACKUPS,
        applies_to=[type_id],
        severity=severity,
        remediation=f"Turn on deletion protection for the {subject}.",
    )
    def check(resource: Resource, context: ControlContext) -> Verdict:
        """The ``deletion_protection`` flag must be true."""
        deferred = _deferred(resource, member_of)
        if deferred is not None:
            return deferred
        enabled = resource.attributes.get("deletion_protection")
        evidence = {"deletion_protection": enabled}
        if enabled is True:
            return passed("deletion protection is on", evidence)
        return failed("deletion protection is off", evidence)

    return check


def backup_plan_coverage_control(
    type_id: str, subject: str, *, member_of: str | None = None
) -> Control:
    """``<type>.backup_plan_coverage``: an AWS Backup plan's selection picks the resource."""

    @control(
        f"{type_id}.backup_plan_coverage",
        title=f"{subject} is covered by an AWS Backup plan",
        layer=_BACKUPS,
        applies_to=[type_id],
        severity=Severity.LOW,
        remediation=(
            f"Assign the {subject} to an AWS Backup plan by ARN or by a tag the plan selects."
        ),
    )
    def check(resource: Resource, context: ControlContext) -> Verdict:
        """Reads the derived plan ids; missing (never derived) is unknown, not uncovered."""
        deferred = _deferred(resource, member_of)
        if deferred is not None:
            return deferred
        plans = resource.attributes.get(BACKUP_PLAN_IDS, UNKNOWN)
        evidence = {BACKUP_PLAN_IDS: plans}
        if isinstance(plans, list) and plans:
            return passed(f"selected by AWS Backup plan {', '.join(plans)}", evidence)
        return failed("no AWS Backup plan in the scanned inventory selects it", evidence)

    return check


dynamodb_point_in_time_recovery = flag_control(
    "dynamodb.table.point_in_time_recovery",
    "point_in_time_recovery",
    layer=_BACKUPS,
    title="DynamoDB table has point-in-time recovery",
    severity=Severity.MEDIUM,
    remediation="Enable point-in-time recovery so the table can be restored to any second.",
    on="point-in-time recovery is enabled",
    off="point-in-time recovery is off",
)

efs_automatic_backups = flag_control(
    "efs.file_system.automatic_backups",
    "automatic_backups",
    layer=_BACKUPS,
    title="EFS file system has automatic backups",
    severity=Severity.MEDIUM,
    remediation="Set the file system's backup policy to ENABLED (AWS Backup daily backups).",
    on="automatic backups are enabled",
    off="automatic backups are off",
)


# ElastiCache refuses snapshots of Redis OSS and Valkey on this node type (backup constraints,
# https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/backups.html).
_NO_SNAPSHOT_NODE_TYPE = "cache.t1.micro"


@control(
    "elasticache.cluster.snapshot_retention",
    title="ElastiCache cluster keeps automatic snapshots",
    layer=_BACKUPS,
    applies_to=["elasticache.cluster"],
    severity=Severity.LOW,
    remediation="Set a snapshot retention limit of at least one day on the cluster.",
)
def elasticache_cluster_snapshots(resource: Resource, context: ControlContext) -> Verdict:
    """Redis OSS and Valkey only: Memcached keeps no snapshots; members follow their group."""
    deferred = _deferred(resource, "replication_group_id")
    if deferred is not None:
        return deferred
    engine = resource.attributes.get("engine")
    if engine == "memcached":
        return not_applicable("Memcached has no snapshots", {"engine": engine})
    node_type = resource.attributes.get("node_type")
    if node_type == _NO_SNAPSHOT_NODE_TYPE:
        return not_applicable(f"{node_type} nodes cannot take snapshots", {"node_type": node_type})
    days = resource.attributes.get("snapshot_retention_days")
    evidence = {"engine": engine, "snapshot_retention_days": days}
    if _is_days(days) and days > 0:
        return passed(f"automatic snapshots kept {days} days", evidence)
    # An unknown node type may be the one that cannot take snapshots: it stays in the evidence.
    return failed("automatic snapshots are off", evidence | {"node_type": node_type})


def _rules(resource: Resource) -> list[Any] | Unknown:
    rules = resource.attributes.get("rules")
    return rules if isinstance(rules, list | Unknown) else []


@control(
    "backup.plan.has_rules",
    title="AWS Backup plan has at least one backup rule",
    layer=_BACKUPS,
    applies_to=["backup.plan"],
    severity=Severity.MEDIUM,
    remediation="Add a rule with a schedule and a target vault to the plan.",
)
def backup_plan_has_rules(resource: Resource, context: ControlContext) -> Verdict:
    """A rule without a schedule runs daily at 05:00 UTC, AWS Backup's default."""
    rules = _rules(resource)
    if isinstance(rules, list) and rules:
        return passed(f"{len(rules)} backup rule(s)", {"rules.length": len(rules)})
    return failed("the plan has no backup rule: nothing is ever backed up", {"rules": rules})


@control(
    "backup.plan.retention",
    title="AWS Backup plan keeps recovery points for the policy's minimum days",
    layer=_BACKUPS,
    applies_to=["backup.plan"],
    severity=Severity.MEDIUM,
    remediation="Set each rule's lifecycle delete_after to at least the required number of days.",
)
def backup_plan_retention(resource: Resource, context: ControlContext) -> Verdict:
    """Every rule keeps recovery points forever (no delete_after) or at least the minimum."""
    rules = _rules(resource)
    if isinstance(rules, Unknown):
        return failed("rules unknown", {"rules": rules})
    floor = context.min_retention_days
    evidence = {f"rules[{i}].delete_after_days": _days(rule) for i, rule in enumerate(rules)}
    short = {path: d for path, d in evidence.items() if _is_days(d) and d < floor}
    if short:
        return failed(f"recovery points deleted before {floor} days", short)
    if not rules:
        return not_applicable("the plan has no rules", {"rules": rules})
    return passed(f"every rule keeps recovery points at least {floor} days", evidence)


def _days(rule: Any) -> Any:
    return rule.get("delete_after_days", UNKNOWN) if isinstance(rule, dict) else UNKNOWN


@control(
    "backup.plan.selects_resources",
    title="AWS Backup plan selects resources to back up",
    layer=_BACKUPS,
    applies_to=["backup.plan"],
    severity=Severity.MEDIUM,
    remediation="Add a backup selection (resource ARNs or tags) to the plan.",
)
def backup_plan_selects_resources(resource: Resource, context: ControlContext) -> Verdict:
    """A plan with no selection protects nothing."""
    selections = resource.attributes.get("selections")
    if isinstance(selections, list) and selections:
        return passed(f"{len(selections)} selection(s)", {"selections.length": len(selections)})
    return failed("the plan has no resource selection", {"selections": selections})


# Vault Lock stops anyone, root included, from deleting recovery points early.
backup_vault_lock = flag_control(
    "backup.vault.vault_lock",
    "locked",
    layer=_BACKUPS,
    title="AWS Backup vault is locked (write-once recovery points)",
    severity=Severity.LOW,
    remediation="Add a Vault Lock configuration so recovery points cannot be deleted early.",
    on="Vault Lock is configured",
    off="the vault is not locked",
)

_RDS_MEMBER = "cluster_id"

CONTROLS = [
    retention_control(
        "rds.db_instance", "RDS DB instance", "backup_retention_days", member_of=_RDS_MEMBER
    ),
    retention_control("rds.db_cluster", "RDS DB cluster", "backup_retention_days"),
    retention_control("docdb.cluster", "DocumentDB cluster", "backup_retention_days"),
    retention_control("neptune.cluster", "Neptune cluster", "backup_retention_days"),
    retention_control("redshift.cluster", "Redshift cluster", "automated_snapshot_retention_days"),
    retention_control(
        "elasticache.replication_group",
        "ElastiCache replication group",
        "snapshot_retention_days",
        duty="snapshot_retention",
        minimum=1,
        severity=Severity.LOW,
    ),
    elasticache_cluster_snapshots,
    deletion_protection_control(
        "rds.db_instance", "RDS DB instance", member_of=_RDS_MEMBER, severity=Severity.MEDIUM
    ),
    deletion_protection_control("rds.db_cluster", "RDS DB cluster", severity=Severity.MEDIUM),
    deletion_protection_control("docdb.cluster", "DocumentDB cluster", severity=Severity.MEDIUM),
    deletion_protection_control("neptune.cluster", "Neptune cluster", severity=Severity.MEDIUM),
    deletion_protection_control("dynamodb.table", "DynamoDB table", severity=Severity.LOW),
    dynamodb_point_in_time_recovery,
    efs_automatic_backups,
    backup_plan_has_rules,
    backup_plan_retention,
    backup_plan_selects_resources,
    backup_vault_lock,
    backup_plan_coverage_control("rds.db_instance", "RDS DB instance", member_of=_RDS_MEMBER),
    backup_plan_coverage_control("rds.db_cluster", "RDS DB cluster"),
    backup_plan_coverage_control("docdb.cluster", "DocumentDB cluster"),
    backup_plan_coverage_control("neptune.cluster", "Neptune cluster"),
    backup_plan_coverage_control("redshift.cluster", "Redshift cluster"),
    backup_plan_coverage_control("dynamodb.table", "DynamoDB table"),
    backup_plan_coverage_control("efs.file_system", "EFS file system"),
    backup_plan_coverage_control("ec2.volume", "EBS volume"),
    backup_plan_coverage_control("ec2.instance", "EC2 instance"),
    backup_plan_coverage_control("s3.bucket", "S3 bucket"),
]
