"""Customer duties on the guest OS and the platform: instance metadata, managed runtimes and
engine versions kept current, automatic upgrades, instance patching through Systems Manager.

"Today" is always ``context.now``: with no clock the dated checks are ``unknown``.
The IMDSv2 controls sit on the identity and access layer: what IMDSv1 exposes is the
instance role's credentials (examples/webshop/README.md, gap 8).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from srmap.controls.engine import (
    Control,
    ControlContext,
    Verdict,
    control,
    failed,
    not_applicable,
    passed,
)
from srmap.controls.flags import flag_control
from srmap.controls.runtimes import lambda_runtimes
from srmap.model import UNKNOWN, Evidence, Layer, Resource, Severity, Status

__all__ = [
    "CONTROLS",
    "EKS_SUPPORT",
    "auto_minor_upgrade_control",
    "imdsv2_control",
]

_D = dt.date

# Amazon EKS Kubernetes versions: (end of standard support, end of extended support), from
# https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html
# Standard support lasts 14 months from release on EKS, extended support 12 more (paid).
EKS_SUPPORT: Mapping[str, tuple[dt.date, dt.date]] = {
    "1.23": (_D(2023, 10, 11), _D(2024, 10, 11)),
    "1.24": (_D(2024, 1, 31), _D(2025, 1, 31)),
    "1.25": (_D(2024, 5, 1), _D(2025, 5, 1)),
    "1.26": (_D(2024, 6, 11), _D(2025, 6, 11)),
    "1.27": (_D(2024, 7, 24), _D(2025, 7, 24)),
    "1.28": (_D(2024, 11, 26), _D(2025, 11, 26)),
    "1.29": (_D(2025, 3, 23), _D(2026, 3, 23)),
    "1.30": (_D(2025, 7, 23), _D(2026, 7, 23)),
    "1.31": (_D(2025, 11, 26), _D(2026, 11, 26)),
    "1.32": (_D(2026, 3, 23), _D(2027, 3, 23)),
    "1.33": (_D(2026, 7, 29), _D(2027, 7, 29)),
    "1.34": (_D(2026, 12, 2), _D(2027, 12, 2)),
    "1.35": (_D(2027, 3, 27), _D(2028, 3, 27)),
}


def _today(context: ControlContext) -> dt.date | None:
    return context.now.date() if context.now is not None else None


def _unknown(message: str, evidence: Mapping[str, Any]) -> Verdict:
    """A verdict the engine cannot derive itself: the values are known, their meaning is not."""
    return Verdict(Status.UNKNOWN, tuple(Evidence(k, v) for k, v in evidence.items()), message)


def _no_clock(evidence: Mapping[str, Any]) -> Verdict:
    return _unknown("no scan time given: dated checks need context.now", evidence)


def imdsv2_control(type_id: str, subject: str) -> Control:
    """``<type>.imdsv2_required``: instance metadata only with a session token (or off)."""

    @control(
        f"{type_id}.imdsv2_required",
        title=f"{subject} requires IMDSv2 session tokens",
        layer=Layer.IDENTITY_ACCESS,
        applies_to=[type_id],
        severity=Severity.HIGH,
        remediation="Set http_tokens (HttpTokens) to required in the metadata options.",
    )
    def check(resource: Resource, context: ControlContext) -> Verdict:
        """Tokens required passes; a disabled endpoint exposes nothing; else IMDSv1 is on."""
        tokens = resource.attributes.get("imds_http_tokens")
        endpoint = resource.attributes.get("imds_http_endpoint")
        if endpoint == "disabled":
            return passed("the metadata endpoint is disabled", {"imds_http_endpoint": endpoint})
        evidence = {"imds_http_tokens": tokens}
        if tokens == "required":
            return passed("IMDSv2 only: every metadata request needs a session token", evidence)
        if tokens is None:
            return failed("tokens not required here: the AMI or account default decides", evidence)
        return failed("IMDSv1 allowed: role credentials readable without a token", evidence)

    return check


def auto_minor_upgrade_control(
    type_id: str, subject: str, *, attribute: str = "auto_minor_version_upgrade"
) -> Control:
    """``<type>.<attribute>``: AWS ships engine patches; the customer must let them apply."""
    return flag_control(
        f"{type_id}.{attribute}",
        attribute,
        layer=Layer.PLATFORM,
        title=f"{subject} takes engine upgrades automatically",
        severity=Severity.LOW,
        remediation=f"Set {attribute} so AWS applies engine patches in the maintenance window.",
        on="upgrades apply automatically",
        off="upgrades wait for someone to apply them",
    )


@control(
    "lambda.function.supported_runtime",
    title="Lambda function runs on a runtime AWS still patches",
    layer=Layer.PLATFORM,
    applies_to=["lambda.function"],
    severity=Severity.HIGH,
    remediation="Move the function to a supported runtime before its deprecation date.",
)
def lambda_supported_runtime(resource: Resource, context: ControlContext) -> Verdict:
    """The runtime's deprecation date (lambda_runtimes.toml) compared with the scan's day."""
    runtime_id = resource.attributes.get("runtime")
    evidence = {"runtime": runtime_id}
    if runtime_id is None:
        return not_applicable("container image: the image carries its own runtime", evidence)
    if not isinstance(runtime_id, str):
        return failed("runtime unknown", evidence)
    runtime = lambda_runtimes().get(runtime_id)
    if runtime is None:
        return _unknown(f"runtime {runtime_id!r} is not in srmap's table", evidence)
    today = _today(context)
    if today is None:
        return _no_clock(evidence)
    if runtime.is_deprecated(today):
        blocked = f"; updates blocked from {runtime.block_update}" if runtime.block_update else ""
        return failed(f"{runtime_id} deprecated on {runtime.deprecated}{blocked}", evidence)
    return passed(f"{runtime_id} supported until {runtime.deprecated}", evidence)


@control(
    "eks.cluster.supported_version",
    title="EKS cluster runs a Kubernetes version in standard support",
    layer=Layer.PLATFORM,
    applies_to=["eks.cluster"],
    severity=Severity.MEDIUM,
    remediation="Upgrade the cluster to a Kubernetes version in standard support.",
)
def eks_supported_version(resource: Resource, context: ControlContext) -> Verdict:
    """Past standard support a version costs extra; past extended support EKS upgrades it."""
    version = resource.attributes.get("version")
    evidence = {"version": version}
    if version is None:
        return _unknown("version left to the EKS default at creation", evidence)
    if not isinstance(version, str):
        return failed("Kubernetes version unknown", evidence)
    dates = EKS_SUPPORT.get(version)
    if dates is None:
        return _unknown(f"Kubernetes {version} is not in srmap's EKS table", evidence)
    today = _today(context)
    if today is None:
        return _no_clock(evidence)
    standard_end, extended_end = dates
    if today >= extended_end:
        return failed(f"{version} left extended support on {extended_end}", evidence)
    if today >= standard_end:
        return failed(f"{version} in paid extended support until {extended_end}", evidence)
    return passed(f"{version} in standard support until {standard_end}", evidence)


@control(
    "elasticbeanstalk.environment.managed_platform_updates",
    title="Elastic Beanstalk environment applies managed platform updates",
    layer=Layer.PLATFORM,
    applies_to=["elasticbeanstalk.environment"],
    severity=Severity.MEDIUM,
    remediation="Enable managed actions with an update level of minor or patch.",
)
def beanstalk_managed_updates(resource: Resource, context: ControlContext) -> Verdict:
    """Managed actions on, with a level that says which updates apply."""
    enabled = resource.attributes.get("managed_actions_enabled")
    level = resource.attributes.get("managed_update_level")
    if enabled is not True:
        return failed("managed platform updates are off", {"managed_actions_enabled": enabled})
    evidence = {"managed_actions_enabled": enabled, "managed_update_level": level}
    if level in ("minor", "patch"):
        return passed(f"managed {level} updates apply in the maintenance window", evidence)
    return failed("managed actions on but no update level: nothing is applied", evidence)


@control(
    "ec2.instance.ssm_managed",
    title="EC2 instance is managed by Systems Manager",
    layer=Layer.GUEST_OS,
    applies_to=["ec2.instance"],
    severity=Severity.MEDIUM,
    remediation="Install and register the SSM Agent with an instance profile that allows it.",
)
def instance_ssm_managed(resource: Resource, context: ControlContext) -> Verdict:
    """Live only: whether the instance reports to Systems Manager; code cannot tell."""
    managed = resource.attributes.get("ssm_managed", UNKNOWN)
    evidence = {"ssm_managed": managed}
    if managed is True:
        return passed("the instance is a Systems Manager managed node", evidence)
    return failed("the instance is not managed by Systems Manager", evidence)


@control(
    "ec2.instance.patch_compliance",
    title="EC2 instance is compliant with its patch baseline",
    layer=Layer.GUEST_OS,
    applies_to=["ec2.instance"],
    severity=Severity.HIGH,
    remediation="Run Patch Manager (AWS-RunPatchBaseline) and install the missing patches.",
)
def instance_patch_compliance(resource: Resource, context: ControlContext) -> Verdict:
    """Live only: Patch Manager's state, compliant or non_compliant; none reported fails."""
    status = resource.attributes.get("patch_compliance", UNKNOWN)
    evidence = {"patch_compliance": status}
    if status == "compliant":
        return passed("all baseline patches installed", evidence)
    if status is None:
        return failed("no patch compliance reported: Patch Manager has not scanned it", evidence)
    return failed(f"patch compliance {status}", evidence)


CONTROLS = [
    imdsv2_control("ec2.instance", "EC2 instance"),
    imdsv2_control("ec2.launch_template", "Launch template"),
    imdsv2_control("autoscaling.launch_configuration", "Launch configuration"),
    lambda_supported_runtime,
    eks_supported_version,
    beanstalk_managed_updates,
    auto_minor_upgrade_control("rds.db_instance", "RDS DB instance"),
    auto_minor_upgrade_control("elasticache.replication_group", "ElastiCache replication group"),
    auto_minor_upgrade_control("elasticache.cluster", "ElastiCache cluster"),
    auto_minor_upgrade_control("dms.replication_instance", "DMS replication instance"),
    auto_minor_upgrade_control(
        "redshift.cluster", "Redshift cluster", attribute="allow_version_upgrade"
    ),
    instance_ssm_managed,
    instance_patch_compliance,
]
