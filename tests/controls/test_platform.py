"""Guest OS and platform controls: IMDSv2, dated runtime and Kubernetes tables read with the
scan's clock, automatic upgrades, live-only patching; the webshop's gaps 7 and 8."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from control_verdicts import status_of

from srmap.api import scan
from srmap.controls import ControlContext
from srmap.model import UNKNOWN, Status

WEBSHOP = Path("examples/webshop")
NOW = ControlContext(now=dt.datetime(2025, 1, 15, tzinfo=dt.UTC))


@pytest.mark.parametrize(
    "type_id", ["ec2.instance", "ec2.launch_template", "autoscaling.launch_configuration"]
)
@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        ({"imds_http_tokens": "required", "imds_http_endpoint": "enabled"}, "pass"),
        ({"imds_http_tokens": "optional", "imds_http_endpoint": "enabled"}, "fail"),
        ({"imds_http_tokens": "optional", "imds_http_endpoint": "disabled"}, "pass"),
        ({"imds_http_tokens": None, "imds_http_endpoint": None}, "fail"),
        ({"imds_http_tokens": UNKNOWN, "imds_http_endpoint": "enabled"}, "unknown"),
        ({"imds_http_tokens": "optional", "imds_http_endpoint": UNKNOWN}, "fail"),
    ],
)
def test_imdsv2(type_id: str, attributes: dict[str, object], expected: str) -> None:
    """Tokens required or the endpoint off pass; optional or unset lets IMDSv1 in."""
    assert status_of(f"{type_id}.imdsv2_required", context=NOW, **attributes) is Status(expected)


@pytest.mark.parametrize(
    ("runtime", "context", "expected"),
    [
        ("python3.12", NOW, "pass"),
        ("python3.8", NOW, "fail"),
        ("python3.9", NOW, "pass"),
        ("python3.9", ControlContext(now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)), "fail"),
        ("python3.8", ControlContext(), "unknown"),
        ("cobol85", NOW, "unknown"),
        (UNKNOWN, NOW, "unknown"),
        (None, NOW, "not_applicable"),
    ],
)
def test_lambda_runtime(runtime: object, context: ControlContext, expected: str) -> None:
    """The deprecation date decides against the scan's day, never the machine's clock."""
    status = status_of("lambda.function.supported_runtime", context=context, runtime=runtime)
    assert status is Status(expected)


@pytest.mark.parametrize(
    ("version", "today", "expected"),
    [
        ("1.31", dt.date(2025, 6, 1), "pass"),
        ("1.31", dt.date(2026, 1, 1), "fail"),
        ("1.23", dt.date(2025, 6, 1), "fail"),
        ("1.99", dt.date(2025, 6, 1), "unknown"),
        (UNKNOWN, dt.date(2025, 6, 1), "unknown"),
        (None, dt.date(2025, 6, 1), "unknown"),
    ],
)
def test_eks_version(version: object, today: dt.date, expected: str) -> None:
    """Standard support passes; extended support or beyond fails; unlisted is unknown."""
    context = ControlContext(now=dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC))
    status = status_of("eks.cluster.supported_version", context=context, version=version)
    assert status is Status(expected)


@pytest.mark.parametrize(
    ("control_id", "attributes", "expected"),
    [
        (
            "rds.db_instance.auto_minor_version_upgrade",
            {"auto_minor_version_upgrade": True},
            "pass",
        ),
        (
            "rds.db_instance.auto_minor_version_upgrade",
            {"auto_minor_version_upgrade": False},
            "fail",
        ),
        (
            "elasticache.cluster.auto_minor_version_upgrade",
            {"auto_minor_version_upgrade": UNKNOWN},
            "unknown",
        ),
        ("dms.replication_instance.auto_minor_version_upgrade", {}, "fail"),
        ("redshift.cluster.allow_version_upgrade", {"allow_version_upgrade": True}, "pass"),
        (
            "elasticbeanstalk.environment.managed_platform_updates",
            {"managed_actions_enabled": True, "managed_update_level": "minor"},
            "pass",
        ),
        (
            "elasticbeanstalk.environment.managed_platform_updates",
            {"managed_actions_enabled": True, "managed_update_level": None},
            "fail",
        ),
        (
            "elasticbeanstalk.environment.managed_platform_updates",
            {"managed_actions_enabled": False, "managed_update_level": UNKNOWN},
            "fail",
        ),
        ("ec2.instance.ssm_managed", {}, "unknown"),
        ("ec2.instance.ssm_managed", {"ssm_managed": False}, "fail"),
        ("ec2.instance.patch_compliance", {"patch_compliance": "compliant"}, "pass"),
        ("ec2.instance.patch_compliance", {"patch_compliance": "non_compliant"}, "fail"),
        ("ec2.instance.patch_compliance", {"patch_compliance": None}, "fail"),
        ("ec2.instance.patch_compliance", {}, "unknown"),
    ],
)
def test_upgrades_and_patching(
    control_id: str, attributes: dict[str, object], expected: str
) -> None:
    """Upgrades must be automatic; SSM facts absent from code are unknown, never a pass."""
    assert status_of(control_id, context=NOW, **attributes) is Status(expected)


@pytest.mark.parametrize(
    ("path", "function", "template"),
    [
        ("terraform/plan.json", "aws_lambda_function.order_processor", "aws_launch_template.web"),
        ("cloudformation/webshop.yaml", "OrderProcessorFunction", "WebLaunchTemplate"),
    ],
)
def test_webshop_platform_gaps(path: str, function: str, template: str) -> None:
    """Gap 7 (python3.8) and gap 8 (IMDSv1 on the launch template) in both editions."""
    report = scan([WEBSHOP / path], None, WEBSHOP / "srmap.yaml", now=NOW.now)
    failing = {
        (f.control_id, f.resource.id) for f in report.result.findings if f.status is Status.FAIL
    }
    assert ("lambda.function.supported_runtime", function) in failing
    assert ("ec2.launch_template.imdsv2_required", template) in failing
