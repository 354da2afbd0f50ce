"""Logging and monitoring controls: verdict tables and the webshop's gap 11 in both editions."""

from __future__ import annotations

from pathlib import Path

import pytest
from control_verdicts import status_of

from srmap.api import scan
from srmap.model import UNKNOWN, Reference, Status

WEBSHOP = Path("examples/webshop")


@pytest.mark.parametrize(
    ("control_id", "attributes", "expected"),
    [
        ("cloudtrail.trail.multi_region", {"is_multi_region": True}, "pass"),
        ("cloudtrail.trail.multi_region", {"is_multi_region": False}, "fail"),
        (
            "cloudtrail.trail.log_file_validation",
            {"log_file_validation_enabled": UNKNOWN},
            "unknown",
        ),
        ("cloudtrail.trail.logging", {}, "fail"),
        ("cloudtrail.trail.cloudwatch_logs", {"cloudwatch_logs_group_arn": "arn:lg"}, "pass"),
        ("cloudtrail.trail.cloudwatch_logs", {"cloudwatch_logs_group_arn": None}, "fail"),
        ("config.recorder.recording", {"recording": True}, "pass"),
        ("config.recorder.all_resources", {"all_supported": False}, "fail"),
        ("guardduty.detector.enabled", {"enabled": UNKNOWN}, "unknown"),
        ("s3.bucket.access_logging", {"logging_target_bucket": "logs"}, "pass"),
        ("s3.bucket.access_logging", {"logging_target_bucket": None}, "fail"),
        ("s3.bucket.access_logging", {"logging_target_bucket": UNKNOWN}, "unknown"),
        ("elbv2.load_balancer.access_logs", {"access_logs_enabled": True}, "pass"),
        ("elb.load_balancer.access_logs", {"access_logs_enabled": False}, "fail"),
        ("cloudfront.distribution.access_logging", {"logging_enabled": True}, "pass"),
        ("redshift.cluster.audit_logging", {"logging_enabled": False}, "fail"),
        ("apigateway.stage.access_logging", {"access_log_destination_arn": None}, "fail"),
        ("apigateway.stage.execution_logging", {"execution_logging_level": "ERROR"}, "pass"),
        ("apigateway.stage.execution_logging", {"execution_logging_level": "OFF"}, "fail"),
        ("apigateway.stage.execution_logging", {"execution_logging_level": None}, "fail"),
        ("logs.log_group.retention", {"retention_days": None}, "pass"),
        ("logs.log_group.retention", {"retention_days": 400}, "pass"),
        ("logs.log_group.retention", {"retention_days": 30}, "fail"),
        ("logs.log_group.retention", {"retention_days": UNKNOWN}, "unknown"),
        (
            "rds.db_instance.log_exports",
            {"cluster_id": None, "log_exports": ["postgresql"]},
            "pass",
        ),
        ("rds.db_instance.log_exports", {"cluster_id": None, "log_exports": []}, "fail"),
        (
            "rds.db_instance.log_exports",
            {"cluster_id": "c", "log_exports": UNKNOWN},
            "not_applicable",
        ),
        (
            "rds.db_instance.log_exports",
            {"cluster_id": Reference("aws_rds_cluster.main", "id"), "log_exports": UNKNOWN},
            "not_applicable",
        ),
        ("rds.db_cluster.log_exports", {"log_exports": UNKNOWN}, "unknown"),
        ("docdb.cluster.log_exports", {"log_exports": ["profiler"]}, "fail"),
        ("docdb.cluster.log_exports", {"log_exports": ["audit", "profiler"]}, "pass"),
        ("neptune.cluster.log_exports", {"log_exports": ["audit"]}, "pass"),
        (
            "eks.cluster.control_plane_logging",
            {"log_types": ["api", "audit", "authenticator"]},
            "pass",
        ),
        ("eks.cluster.control_plane_logging", {"log_types": ["api"]}, "fail"),
        ("eks.cluster.control_plane_logging", {"log_types": UNKNOWN}, "unknown"),
        ("aws.account.multi_region_trail", {"multi_region_trail_logging": True}, "pass"),
        ("aws.account.multi_region_trail", {"multi_region_trail_logging": UNKNOWN}, "unknown"),
        ("aws.account.config_recording", {"config_recording_regions": ["eu-west-1"]}, "pass"),
        ("aws.account.config_recording", {"config_recording_regions": ["us-east-1"]}, "fail"),
        ("aws.account.config_recording", {"config_recording_regions": []}, "fail"),
        ("aws.account.guardduty", {"guardduty_regions": UNKNOWN}, "unknown"),
    ],
)
def test_logging_controls(control_id: str, attributes: dict[str, object], expected: str) -> None:
    """Each log or monitor passes only when known to be on; unknown is never a pass."""
    assert status_of(control_id, **attributes) is Status(expected)


def test_account_without_a_region_needs_only_one_recording_region() -> None:
    """An account summary with no region of its own passes when any region records."""
    verdict = status_of("aws.account.guardduty", region=None, guardduty_regions=["us-east-1"])
    assert verdict is Status.PASS


@pytest.mark.parametrize(
    ("path", "trail"),
    [("terraform/plan.json", "aws_cloudtrail.main"), ("cloudformation/webshop.yaml", "Trail")],
)
def test_webshop_log_file_validation_gap(path: str, trail: str) -> None:
    """Gap 11: the trail does not validate its log files; it is multi-region and logging."""
    report = scan([WEBSHOP / path], None, WEBSHOP / "srmap.yaml")
    verdicts = {(f.control_id, f.resource.id): f.status for f in report.result.findings}
    assert verdicts[("cloudtrail.trail.log_file_validation", trail)] is Status.FAIL
    assert verdicts[("cloudtrail.trail.multi_region", trail)] is Status.PASS


@pytest.mark.parametrize(
    ("control_id", "attribute"),
    [
        ("s3.bucket.access_logging", "logging_target_bucket"),
        ("cloudtrail.trail.cloudwatch_logs", "cloudwatch_logs_group_arn"),
    ],
)
def test_destination_declared_in_the_same_input_passes(control_id: str, attribute: str) -> None:
    """A log destination that is a resource of the same input is configured logging."""
    declared = Reference("aws_s3_bucket.logs", "id")
    assert status_of(control_id, **{attribute: declared}) is Status.PASS
    assert status_of(control_id, **{attribute: UNKNOWN}) is Status.UNKNOWN
