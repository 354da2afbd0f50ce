"""Customer duties for logging and monitoring: CloudTrail, AWS Config, GuardDuty, access logs,
log exports and log retention (VPC flow logs: network.py)."""

from __future__ import annotations

from collections.abc import Collection
from functools import partial
from typing import Any

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
from srmap.model import Layer, Reference, Resource, Severity, Unknown

__all__ = [
    "CONTROLS",
    "LOG_GROUP_MIN_RETENTION_DAYS",
    "flag_control",
    "log_exports_control",
    "present_control",
    "region_list_control",
]

_LOGGING = Layer.LOGGING_MONITORING
_logging_flag = partial(flag_control, layer=_LOGGING)

# AWS Security Hub CloudWatch.16 asks for at least a year of log retention:
# https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
LOG_GROUP_MIN_RETENTION_DAYS = 365

# The control plane logs that record who did what to an EKS cluster:
# https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
_EKS_REQUIRED_LOGS = ("api", "audit", "authenticator")


def present_control(
    control_id: str, attribute: str, *, title: str, severity: Severity, remediation: str, off: str
) -> Control:
    """A control passing when an attribute names a destination (not null)."""
    type_id = control_id.rsplit(".", 1)[0]

    @control(
        control_id,
        title=title,
        layer=_LOGGING,
        applies_to=[type_id],
        severity=severity,
        remediation=remediation,
    )
    def check(resource: Resource, context: ControlContext) -> Verdict:
        """A named destination passes, one declared in the same input too; null means off."""
        value = resource.attributes.get(attribute)
        evidence = {attribute: declared(value)}
        if value is None:
            return failed(off, evidence)
        return passed(f"logs go to {value}", evidence)

    return check


def log_exports_control(
    type_id: str, subject: str, *, required: Collection[str] = (), member_of: str | None = None
) -> Control:
    """``<type>.log_exports``: database logs exported to CloudWatch Logs (``required`` ones)."""

    @control(
        f"{type_id}.log_exports",
        title=f"{subject} exports its logs to CloudWatch Logs",
        layer=_LOGGING,
        applies_to=[type_id],
        severity=Severity.LOW,
        remediation=f"Enable CloudWatch Logs exports on the {subject}.",
    )
    def check(resource: Resource, context: ControlContext) -> Verdict:
        """At least one export, including every required type."""
        if member_of is not None:
            parent = resource.attributes.get(member_of)
            if isinstance(parent, str | Reference):  # a parent declared in the same input
                return not_applicable(
                    f"member of {parent}: judged there", {member_of: declared(parent)}
                )
        exports = resource.attributes.get("log_exports")
        return _exports_verdict(exports, required)

    return check


def _exports_verdict(exports: Any, required: Collection[str]) -> Verdict:
    evidence = {"log_exports": exports}
    if not isinstance(exports, list):
        return failed("log exports unknown", evidence)
    missing = sorted(set(required) - set(exports))
    if not exports or missing:
        wanted = ", ".join(missing) or "any log type"
        return failed(f"not exported to CloudWatch Logs: {wanted}", evidence)
    return passed(f"exports {', '.join(map(str, exports))}", evidence)


def region_list_control(
    control_id: str, attribute: str, *, title: str, service: str, remediation: str
) -> Control:
    """An ``aws.account`` summary listing regions: the account's region must be among them."""

    @control(
        control_id,
        title=title,
        layer=_LOGGING,
        applies_to=["aws.account"],
        severity=Severity.MEDIUM,
        remediation=remediation,
    )
    def check(resource: Resource, context: ControlContext) -> Verdict:
        """Regions where the service runs; empty fails, the account's own region must be in."""
        regions = resource.attributes.get(attribute)
        evidence = {attribute: regions}
        if not isinstance(regions, list):
            return failed(f"{service} regions unknown", evidence)
        if not regions:
            return failed(f"{service} is not running in any region", evidence)
        home = resource.region
        if isinstance(home, str) and home not in regions:
            return failed(f"{service} is not running in {home}", {**evidence, "region": home})
        return passed(f"{service} runs in {', '.join(regions)}", evidence)

    return check


@control(
    "eks.cluster.control_plane_logging",
    title="EKS cluster sends api, audit and authenticator logs to CloudWatch Logs",
    layer=_LOGGING,
    applies_to=["eks.cluster"],
    severity=Severity.MEDIUM,
    remediation="Enable the api, audit and authenticator control plane log types.",
)
def eks_control_plane_logging(resource: Resource, context: ControlContext) -> Verdict:
    """The control plane logs that record who called the Kubernetes API and what it did."""
    enabled = resource.attributes.get("log_types")
    evidence = {"log_types": enabled}
    if not isinstance(enabled, list):
        return failed("control plane log types unknown", evidence)
    missing = [name for name in _EKS_REQUIRED_LOGS if name not in enabled]
    if missing:
        return failed(f"control plane logs off: {', '.join(missing)}", evidence)
    return passed("api, audit and authenticator logs are on", evidence)


@control(
    "logs.log_group.retention",
    title=f"CloudWatch log group keeps events at least {LOG_GROUP_MIN_RETENTION_DAYS} days",
    layer=_LOGGING,
    applies_to=["logs.log_group"],
    severity=Severity.LOW,
    remediation=f"Set the retention to {LOG_GROUP_MIN_RETENTION_DAYS} days or more.",
)
def log_group_retention(resource: Resource, context: ControlContext) -> Verdict:
    """Null means events never expire, which keeps them; a short retention loses evidence."""
    days = resource.attributes.get("retention_days")
    evidence = {"retention_days": days}
    if days is None:
        return passed("events never expire", evidence)
    if isinstance(days, int) and days >= LOG_GROUP_MIN_RETENTION_DAYS:
        return passed(f"events kept {days} days", evidence)
    if isinstance(days, Unknown):
        return failed("retention unknown", evidence)
    return failed(f"events kept only {days} days", evidence)


@control(
    "apigateway.stage.execution_logging",
    title="API Gateway stage logs execution (ERROR or INFO)",
    layer=_LOGGING,
    applies_to=["apigateway.stage"],
    severity=Severity.LOW,
    remediation="Set the stage's execution logging level to ERROR or INFO.",
)
def apigateway_execution_logging(resource: Resource, context: ControlContext) -> Verdict:
    """Execution logs record errors in requests and integrations."""
    level = resource.attributes.get("execution_logging_level")
    evidence = {"execution_logging_level": level}
    if level in ("ERROR", "INFO"):
        return passed(f"execution logging at {level}", evidence)
    return failed("execution logging is off", evidence)


CONTROLS = [
    _logging_flag(
        "cloudtrail.trail.multi_region",
        "is_multi_region",
        title="CloudTrail trail records events from all regions",
        severity=Severity.HIGH,
        remediation="Make the trail multi-region so activity in every region is recorded.",
        on="the trail records all regions",
        off="the trail records only its own region",
    ),
    _logging_flag(
        "cloudtrail.trail.log_file_validation",
        "log_file_validation_enabled",
        title="CloudTrail trail validates its log files",
        severity=Severity.MEDIUM,
        remediation="Enable log file validation so tampering with delivered logs is detectable.",
        on="log file validation is on",
        off="log file validation is off",
    ),
    _logging_flag(
        "cloudtrail.trail.logging",
        "is_logging",
        title="CloudTrail trail is logging",
        severity=Severity.HIGH,
        remediation="Start logging on the trail.",
        on="the trail is logging",
        off="the trail is stopped",
    ),
    present_control(
        "cloudtrail.trail.cloudwatch_logs",
        "cloudwatch_logs_group_arn",
        title="CloudTrail trail delivers to CloudWatch Logs",
        severity=Severity.LOW,
        remediation="Send the trail to a CloudWatch Logs log group to alarm on events.",
        off="the trail does not deliver to CloudWatch Logs",
    ),
    _logging_flag(
        "config.recorder.recording",
        "recording",
        title="AWS Config recorder is recording",
        severity=Severity.MEDIUM,
        remediation="Start the configuration recorder (and give it a delivery channel).",
        on="the recorder is recording",
        off="the recorder is stopped",
    ),
    _logging_flag(
        "config.recorder.all_resources",
        "all_supported",
        title="AWS Config recorder records all supported resource types",
        severity=Severity.MEDIUM,
        remediation="Set the recording group to all supported resource types.",
        on="all supported resource types are recorded",
        off="only some resource types are recorded",
    ),
    _logging_flag(
        "guardduty.detector.enabled",
        "enabled",
        title="GuardDuty detector is enabled",
        severity=Severity.MEDIUM,
        remediation="Enable the GuardDuty detector.",
        on="the detector is enabled",
        off="the detector is disabled",
    ),
    present_control(
        "s3.bucket.access_logging",
        "logging_target_bucket",
        title="S3 bucket writes server access logs",
        severity=Severity.LOW,
        remediation="Enable server access logging to a separate log bucket.",
        off="server access logging is off",
    ),
    _logging_flag(
        "elbv2.load_balancer.access_logs",
        "access_logs_enabled",
        title="Load balancer writes access logs",
        severity=Severity.LOW,
        remediation="Enable access logs to an S3 bucket.",
        on="access logs are on",
        off="access logs are off",
    ),
    _logging_flag(
        "elb.load_balancer.access_logs",
        "access_logs_enabled",
        title="Classic Load Balancer writes access logs",
        severity=Severity.LOW,
        remediation="Enable access logs to an S3 bucket.",
        on="access logs are on",
        off="access logs are off",
    ),
    _logging_flag(
        "cloudfront.distribution.access_logging",
        "logging_enabled",
        title="CloudFront distribution writes standard access logs",
        severity=Severity.LOW,
        remediation="Configure standard logging for the distribution.",
        on="access logging is on",
        off="access logging is off",
    ),
    _logging_flag(
        "redshift.cluster.audit_logging",
        "logging_enabled",
        title="Redshift cluster has audit logging",
        severity=Severity.LOW,
        remediation="Enable audit logging to S3 or CloudWatch Logs.",
        on="audit logging is on",
        off="audit logging is off",
    ),
    present_control(
        "apigateway.stage.access_logging",
        "access_log_destination_arn",
        title="API Gateway stage writes access logs",
        severity=Severity.LOW,
        remediation="Set an access log destination on the stage.",
        off="access logging is off",
    ),
    apigateway_execution_logging,
    log_group_retention,
    log_exports_control("rds.db_instance", "RDS DB instance", member_of="cluster_id"),
    log_exports_control("rds.db_cluster", "RDS DB cluster"),
    log_exports_control("docdb.cluster", "DocumentDB cluster", required=("audit",)),
    log_exports_control("neptune.cluster", "Neptune cluster", required=("audit",)),
    eks_control_plane_logging,
    _logging_flag(
        "aws.account.multi_region_trail",
        "multi_region_trail_logging",
        title="The account has a logging multi-region trail for all management events",
        severity=Severity.HIGH,
        remediation="Create a multi-region trail that records all management events.",
        on="a multi-region trail records all management events",
        off="no logging multi-region trail records all management events",
    ),
    region_list_control(
        "aws.account.config_recording",
        "config_recording_regions",
        title="AWS Config records in the account's region",
        service="AWS Config",
        remediation="Create and start a configuration recorder in every region in use.",
    ),
    region_list_control(
        "aws.account.guardduty",
        "guardduty_regions",
        title="GuardDuty is enabled in the account's region",
        service="GuardDuty",
        remediation="Enable a GuardDuty detector in every region in use.",
    ),
]
