"""Backup controls: retention against the policy, deletion protection, PITR, AWS Backup plans
and plan coverage, with the webshop's backup gaps found in both editions."""

from __future__ import annotations

from pathlib import Path

import pytest
from control_verdicts import status_of

from srmap.api import scan
from srmap.controls import ControlContext
from srmap.model import UNKNOWN, Reference, Status

WEBSHOP = Path("examples/webshop")


@pytest.mark.parametrize(
    ("control_id", "type_id", "attributes", "expected"),
    [
        (
            "rds.db_instance.backup_retention",
            "rds.db_instance",
            {"backup_retention_days": 7},
            "pass",
        ),
        (
            "rds.db_instance.backup_retention",
            "rds.db_instance",
            {"backup_retention_days": 1},
            "fail",
        ),
        (
            "rds.db_instance.backup_retention",
            "rds.db_instance",
            {"backup_retention_days": 0},
            "fail",
        ),
        (
            "rds.db_instance.backup_retention",
            "rds.db_instance",
            {"backup_retention_days": UNKNOWN},
            "unknown",
        ),
        ("rds.db_instance.backup_retention", "rds.db_instance", {}, "fail"),
        (
            "rds.db_instance.backup_retention",
            "rds.db_instance",
            {"cluster_id": "c", "backup_retention_days": UNKNOWN},
            "not_applicable",
        ),
        (
            "rds.db_instance.backup_retention",
            "rds.db_instance",
            {"cluster_id": Reference("DatabaseCluster"), "backup_retention_days": UNKNOWN},
            "not_applicable",
        ),
        (
            "rds.db_cluster.backup_retention",
            "rds.db_cluster",
            {"backup_retention_days": 35},
            "pass",
        ),
        ("docdb.cluster.backup_retention", "docdb.cluster", {"backup_retention_days": 1}, "fail"),
        (
            "neptune.cluster.backup_retention",
            "neptune.cluster",
            {"backup_retention_days": 7},
            "pass",
        ),
        (
            "redshift.cluster.backup_retention",
            "redshift.cluster",
            {"automated_snapshot_retention_days": 1},
            "fail",
        ),
        (
            "elasticache.replication_group.snapshot_retention",
            "elasticache.replication_group",
            {"snapshot_retention_days": 1},
            "pass",
        ),
        (
            "elasticache.replication_group.snapshot_retention",
            "elasticache.replication_group",
            {"snapshot_retention_days": 0},
            "fail",
        ),
        (
            "elasticache.cluster.snapshot_retention",
            "elasticache.cluster",
            {"engine": "redis", "replication_group_id": None, "snapshot_retention_days": 0},
            "fail",
        ),
        (
            "elasticache.cluster.snapshot_retention",
            "elasticache.cluster",
            {"engine": "memcached", "replication_group_id": None, "snapshot_retention_days": 0},
            "not_applicable",
        ),
        (
            "elasticache.cluster.snapshot_retention",
            "elasticache.cluster",
            {"engine": "redis", "replication_group_id": "g", "snapshot_retention_days": 0},
            "not_applicable",
        ),
        (
            "elasticache.cluster.snapshot_retention",
            "elasticache.cluster",
            {"engine": "redis", "node_type": "cache.t1.micro", "snapshot_retention_days": 0},
            "not_applicable",
        ),
        (
            "elasticache.cluster.snapshot_retention",
            "elasticache.cluster",
            {"engine": "redis", "node_type": UNKNOWN, "snapshot_retention_days": 0},
            "unknown",
        ),
        (
            "elasticache.cluster.snapshot_retention",
            "elasticache.cluster",
            {"engine": "redis", "node_type": "cache.t3.micro", "snapshot_retention_days": 0},
            "fail",
        ),
        (
            "rds.db_cluster.deletion_protection",
            "rds.db_cluster",
            {"deletion_protection": True},
            "pass",
        ),
        (
            "rds.db_cluster.deletion_protection",
            "rds.db_cluster",
            {"deletion_protection": False},
            "fail",
        ),
        (
            "rds.db_cluster.deletion_protection",
            "rds.db_cluster",
            {"deletion_protection": UNKNOWN},
            "unknown",
        ),
        (
            "rds.db_instance.deletion_protection",
            "rds.db_instance",
            {"cluster_id": "c"},
            "not_applicable",
        ),
        (
            "dynamodb.table.point_in_time_recovery",
            "dynamodb.table",
            {"point_in_time_recovery": True},
            "pass",
        ),
        (
            "dynamodb.table.point_in_time_recovery",
            "dynamodb.table",
            {"point_in_time_recovery": False},
            "fail",
        ),
        ("dynamodb.table.point_in_time_recovery", "dynamodb.table", {}, "fail"),
        (
            "efs.file_system.automatic_backups",
            "efs.file_system",
            {"automatic_backups": UNKNOWN},
            "unknown",
        ),
        (
            "efs.file_system.automatic_backups",
            "efs.file_system",
            {"automatic_backups": True},
            "pass",
        ),
        ("backup.vault.vault_lock", "backup.vault", {"locked": False}, "fail"),
    ],
)
def test_resource_backup_settings(
    control_id: str, type_id: str, attributes: dict[str, object], expected: str
) -> None:
    """Each setting passes only when known and good; members are judged on their parent."""
    assert status_of(control_id, type_id, **attributes) is Status(expected)


def test_retention_follows_the_policy_minimum() -> None:
    """Fourteen days fail a policy that asks for thirty and pass the default of seven."""
    attributes = {"backup_retention_days": 14}
    strict = ControlContext(min_retention_days=30)
    assert (
        status_of("rds.db_cluster.backup_retention", "rds.db_cluster", context=strict, **attributes)
        is Status.FAIL
    )
    assert (
        status_of("rds.db_cluster.backup_retention", "rds.db_cluster", **attributes) is Status.PASS
    )


RULE = {
    "name": "daily",
    "target_vault_name": "v",
    "schedule": "cron(0 5 ? * * *)",
    "delete_after_days": 35,
    "copy_regions": [],
}


@pytest.mark.parametrize(
    ("control_id", "attributes", "expected"),
    [
        ("backup.plan.has_rules", {"rules": [RULE]}, "pass"),
        ("backup.plan.has_rules", {"rules": [{**RULE, "copy_regions": UNKNOWN}]}, "pass"),
        ("backup.plan.has_rules", {"rules": []}, "fail"),
        ("backup.plan.has_rules", {"rules": UNKNOWN}, "unknown"),
        ("backup.plan.retention", {"rules": [RULE, {**RULE, "delete_after_days": None}]}, "pass"),
        ("backup.plan.retention", {"rules": [{**RULE, "delete_after_days": 3}]}, "fail"),
        (
            "backup.plan.retention",
            {"rules": [{**RULE, "delete_after_days": 3}, {**RULE, "delete_after_days": UNKNOWN}]},
            "fail",
        ),
        ("backup.plan.retention", {"rules": [{**RULE, "delete_after_days": UNKNOWN}]}, "unknown"),
        ("backup.plan.retention", {"rules": []}, "not_applicable"),
        ("backup.plan.selects_resources", {"selections": [{"name": "s"}]}, "pass"),
        ("backup.plan.selects_resources", {"selections": []}, "fail"),
    ],
)
def test_backup_plan(control_id: str, attributes: dict[str, object], expected: str) -> None:
    """A plan needs rules, long enough retention and a selection; one short rule fails."""
    assert status_of(control_id, "backup.plan", **attributes) is Status(expected)


@pytest.mark.parametrize(
    ("plan_ids", "expected"),
    [(["arn:plan"], "pass"), ([], "fail"), (UNKNOWN, "unknown"), (None, "unknown")],
)
def test_backup_plan_coverage(plan_ids: object, expected: str) -> None:
    """Reads the derived plan ids; a resource that was never derived is unknown."""
    attributes = {} if plan_ids is None else {"backup_plan_ids": plan_ids}
    assert status_of(
        "dynamodb.table.backup_plan_coverage", "dynamodb.table", **attributes
    ) is Status(expected)


def _failing(report_paths: list[Path]) -> set[tuple[str, str]]:
    report = scan(report_paths, None, WEBSHOP / "srmap.yaml")
    return {
        (f.control_id, f.resource.id) for f in report.result.findings if f.status is Status.FAIL
    }


def test_webshop_backup_gaps() -> None:
    """Gaps 3 and 4: one day of retention and no deletion protection on the orders database."""
    failing = _failing([WEBSHOP / "terraform" / "plan.json"])
    assert ("rds.db_instance.backup_retention", "aws_db_instance.orders") in failing
    assert ("rds.db_instance.deletion_protection", "aws_db_instance.orders") in failing
    assert (
        "dynamodb.table.point_in_time_recovery",
        "aws_dynamodb_table.sessions_us",
    ) not in failing


def test_webshop_template_backup_gaps() -> None:
    """The CloudFormation edition shows the same two gaps on its logical id."""
    failing = _failing([WEBSHOP / "cloudformation" / "webshop.yaml"])
    assert ("rds.db_instance.backup_retention", "OrdersDatabase") in failing
    assert ("rds.db_instance.deletion_protection", "OrdersDatabase") in failing
