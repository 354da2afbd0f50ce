"""EBS encryption at rest: every block device an instance, launch template or launch
configuration declares, and the account's encryption by default, which srmap.derive applies to
volumes and devices that leave their own flag unset."""

from __future__ import annotations

from collections.abc import Iterable
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
from srmap.controls.kms_keys import key_phrase
from srmap.derive import ENCRYPTED_BY_ACCOUNT_DEFAULT
from srmap.model import Layer, Resource, Severity

__all__ = ["CONTROLS", "account_default_evidence", "block_device_encryption_control"]

_AT_REST = Layer.ENCRYPTION_AT_REST


def account_default_evidence(resource: Resource, paths: Iterable[str]) -> dict[str, Any]:
    """Why a flag srmap.derive made true is true: the account's EBS encryption by default."""
    derived = resource.attributes.get(ENCRYPTED_BY_ACCOUNT_DEFAULT)
    if isinstance(derived, list) and any(path in derived for path in paths):
        return {"account.ebs_encryption_by_default": True}
    return {}


def block_device_encryption_control(type_id: str, subject: str) -> Control:
    """``<type>.block_device_encryption``: every EBS block device the type declares is encrypted."""

    @control(
        f"{type_id}.block_device_encryption",
        title=f"{subject} encrypts its EBS block devices",
        layer=_AT_REST,
        applies_to=[type_id],
        severity=Severity.MEDIUM,
        remediation="Set encrypted = true on every root and EBS block device, or turn on "
        "EBS encryption by default for the account and region.",
    )
    def check(resource: Resource, context: ControlContext) -> Verdict:
        """One known unencrypted device fails whatever else is unknown."""
        return _block_devices_verdict(resource)

    return check


def _block_devices_verdict(resource: Resource) -> Verdict:
    devices = resource.attributes.get("block_devices")
    if not isinstance(devices, list):
        return failed("block devices could not be read", {"block_devices": devices})
    if not devices:
        return not_applicable(
            "no EBS block device declared: volumes follow the AMI and the account default"
        )
    seen: dict[str, Any] = {}
    for index, device in enumerate(devices):
        path = f"block_devices[{index}].encrypted"
        seen[path] = device.get("encrypted") if isinstance(device, dict) else device
    plain = [path for path, value in seen.items() if value is False]
    if plain:
        return failed(f"unencrypted: {', '.join(plain)}", dict.fromkeys(plain, False))
    if all(value is True for value in seen.values()):
        why = account_default_evidence(resource, seen)
        return passed(f"all {len(seen)} block devices are encrypted", {**seen, **why})
    # Some device is unknown (or malformed): citing it lets the engine say unknown.
    return failed("not every block device is known to be encrypted", seen)


@control(
    "aws.account.ebs_encryption_by_default",
    title="EBS encryption by default is on for the account and region",
    layer=_AT_REST,
    applies_to=["aws.account"],
    severity=Severity.MEDIUM,
    remediation="Turn on EBS encryption by default (aws_ebs_encryption_by_default or "
    "ec2 enable-ebs-encryption-by-default) in every region you use.",
)
def account_ebs_encryption_by_default(resource: Resource, context: ControlContext) -> Verdict:
    """New volumes and snapshot copies are encrypted even when their own setting is off."""
    enabled = resource.attributes.get("ebs_encryption_by_default")
    evidence = {"ebs_encryption_by_default": enabled}
    if enabled is True:
        key = resource.attributes.get("ebs_default_kms_key_id")
        return passed(f"new EBS volumes are encrypted with {key_phrase(key)}", evidence)
    return failed("EBS encryption by default is off", evidence)


def _block_device_controls() -> list[Control]:
    """Compute types that declare EBS block devices."""
    table = [
        ("ec2.instance", "EC2 instance"),
        ("ec2.launch_template", "Launch template"),
        ("autoscaling.launch_configuration", "Launch configuration"),
    ]
    return [block_device_encryption_control(*row) for row in table]


CONTROLS = [
    *_block_device_controls(),
    account_ebs_encryption_by_default,
]
