"""EBS encryption controls: block devices of instances, launch templates and launch
configurations, and the account's encryption by default."""

from __future__ import annotations

import pytest
from control_verdicts import finding_of, status_of

from srmap.controls.ebs_encryption import CONTROLS
from srmap.model import UNKNOWN, Status


def _device(encrypted: object) -> dict[str, object]:
    return {"device_name": "/dev/xvda", "encrypted": encrypted, "kms_key_id": None}


@pytest.mark.parametrize(
    "type_id", ["ec2.instance", "ec2.launch_template", "autoscaling.launch_configuration"]
)
@pytest.mark.parametrize(
    ("devices", "expected"),
    [
        ([_device(True), _device(True)], Status.PASS),
        ([_device(True), _device(False)], Status.FAIL),
        ([_device(UNKNOWN), _device(False)], Status.FAIL),
        ([_device(True), _device(UNKNOWN)], Status.UNKNOWN),
        ([UNKNOWN], Status.UNKNOWN),
        (UNKNOWN, Status.UNKNOWN),
        ([], Status.NOT_APPLICABLE),
        (None, Status.FAIL),
    ],
)
def test_block_devices(type_id: str, devices: object, expected: Status) -> None:
    """Every declared device must be encrypted; one known plain device fails."""
    control_id = f"{type_id}.block_device_encryption"
    assert status_of(control_id, type_id, block_devices=devices) is expected


def test_block_device_failure_cites_only_the_plain_device() -> None:
    """The evidence names the unencrypted device, not the unknown one."""
    finding = finding_of(
        "ec2.instance.block_device_encryption",
        "ec2.instance",
        block_devices=[_device(UNKNOWN), _device(False)],
    )
    assert [(e.path, e.value) for e in finding.evidence] == [("block_devices[1].encrypted", False)]


@pytest.mark.parametrize(
    ("enabled", "expected"),
    [(True, Status.PASS), (False, Status.FAIL), (UNKNOWN, Status.UNKNOWN), (None, Status.FAIL)],
)
def test_account_ebs_default(enabled: object, expected: Status) -> None:
    """The account's EBS encryption by default must be on."""
    control_id = "aws.account.ebs_encryption_by_default"
    assert status_of(control_id, "aws.account", ebs_encryption_by_default=enabled) is expected


def test_every_control_proves_encryption_at_rest() -> None:
    """The module's controls all judge the encryption-at-rest layer."""
    assert {c.layer.value for c in CONTROLS} == {"encryption_at_rest"}
