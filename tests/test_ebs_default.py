"""The account's EBS encryption by default makes unset volume and device flags true, only where
the same account and region surely hold, and the controls say why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from srmap.controls import ControlContext, default_controls, evaluate_controls
from srmap.derive import ENCRYPTED_BY_ACCOUNT_DEFAULT, derive_facts
from srmap.model import UNKNOWN, ProviderAccount, Resource, SourceLocation, Status
from srmap.sources import read_inventory

HERE = SourceLocation("infra/main.tf", 1)
PROD = ProviderAccount("infra", "aws")


def _account(enabled: Any = True, **place: Any) -> Resource:
    where = {"region": "eu-west-1", "account": PROD, "source": HERE, **place}
    return Resource(
        "aws.account",
        "aws.account",
        "iam",
        where["region"],
        where["account"],
        None,
        {"ebs_encryption_by_default": enabled},
        source=where["source"],
    )


def _volume(encrypted: Any = UNKNOWN, **place: Any) -> Resource:
    where = {"region": "eu-west-1", "account": PROD, "source": HERE, **place}
    attributes = {"encrypted": encrypted, "kms_key_id": None}
    return Resource(
        "aws_ebs_volume.v",
        "ec2.volume",
        "ebs",
        where["region"],
        where["account"],
        None,
        attributes,
        source=where["source"],
    )


def _derived(*resources: Resource) -> dict[str, Resource]:
    return {r.id: r for r in derive_facts(resources)}


def test_an_unset_volume_flag_is_encrypted_by_the_account_default_of_its_input() -> None:
    """Same provider configuration, same region: the account's default encrypts the volume."""
    volume = _derived(_account(), _volume())["aws_ebs_volume.v"]
    assert volume.attributes["encrypted"] is True
    assert volume.attributes[ENCRYPTED_BY_ACCOUNT_DEFAULT] == ["encrypted"]


@pytest.mark.parametrize(
    ("account", "volume"),
    [
        (_account(enabled=False), _volume()),
        (_account(enabled=UNKNOWN), _volume()),
        (_account(region="us-east-1"), _volume()),
        (_account(region=UNKNOWN), _volume()),
        (_account(), _volume(region=UNKNOWN)),
        (_account(account=ProviderAccount("infra", "aws.dev")), _volume()),
        (_account(account=ProviderAccount("other", "aws")), _volume()),
        (_account(account=UNKNOWN), _volume(account=UNKNOWN)),
        (_account(account="111122223333"), _volume()),
        (_account(), _volume(account="111122223333")),
        (_account(account="111122223333"), _volume(account="444455556666")),
    ],
)
def test_no_derivation_unless_the_same_account_and_region_surely_encrypt(
    account: Resource, volume: Resource
) -> None:
    """Off, unknown, another or an unknown region or account: unknown stays unknown."""
    found = _derived(account, volume)["aws_ebs_volume.v"]
    assert found.attributes["encrypted"] is UNKNOWN
    assert ENCRYPTED_BY_ACCOUNT_DEFAULT not in found.attributes


def test_a_known_flag_is_never_changed() -> None:
    """An explicit false stays false: the derived value replaces UNKNOWN only."""
    found = _derived(_account(), _volume(encrypted=False))["aws_ebs_volume.v"]
    assert found.attributes["encrypted"] is False
    assert ENCRYPTED_BY_ACCOUNT_DEFAULT not in found.attributes


def test_a_live_account_speaks_for_every_scanned_region_of_its_account() -> None:
    """The live account (region null) is on only when on in every region scanned."""
    live = {"account": "111122223333", "source": SourceLocation(api="iam:GetCredentialReport")}
    account = _account(region=None, **live)
    volume = _volume(region="ap-south-1", **live)
    assert _derived(account, volume)["aws_ebs_volume.v"].attributes["encrypted"] is True


def _instance(*devices: Any) -> Resource:
    """An instance whose devices carry these flags; UNKNOWN alone is an unreadable device."""
    listed = [
        UNKNOWN if d == "unreadable" else {"device_name": f"/dev/sd{i}", "encrypted": d}
        for i, d in enumerate(devices)
    ]
    attributes = {"block_devices": listed}
    return Resource(
        "aws_instance.i", "ec2.instance", "ec2", "eu-west-1", PROD, None, attributes, source=HERE
    )


def test_only_the_unknown_devices_are_derived() -> None:
    """Each device whose flag is UNKNOWN is made encrypted and listed; an unreadable one is not."""
    found = _derived(_account(), _instance(UNKNOWN, True, "unreadable"))["aws_instance.i"]
    flags = [d if d is UNKNOWN else d["encrypted"] for d in found.attributes["block_devices"]]
    assert flags == [True, True, UNKNOWN]
    assert found.attributes[ENCRYPTED_BY_ACCOUNT_DEFAULT] == ["block_devices[0].encrypted"]


def _findings(*resources: Resource) -> dict[str, Any]:
    found = evaluate_controls(derive_facts(resources), default_controls(), ControlContext())
    return {f.control_id: f for f in found if f.resource.type != "aws.account"}


def test_the_volume_control_passes_and_cites_the_account_default() -> None:
    """The evidence shows why a volume with no flag of its own is encrypted."""
    finding = _findings(_account(), _volume())["ec2.volume.encryption_at_rest"]
    assert finding.status is Status.PASS
    evidence = {e.path: e.value for e in finding.evidence}
    assert evidence == {"encrypted": True, "account.ebs_encryption_by_default": True}


def test_the_block_device_control_passes_and_cites_the_account_default() -> None:
    """Devices the default encrypts pass; without the account they stay unknown."""
    control = "ec2.instance.block_device_encryption"
    assert _findings(_instance(UNKNOWN, True))[control].status is Status.UNKNOWN
    finding = _findings(_account(), _instance(UNKNOWN, True))[control]
    assert finding.status is Status.PASS
    assert {e.path: e.value for e in finding.evidence} == {
        "block_devices[0].encrypted": True,
        "block_devices[1].encrypted": True,
        "account.ebs_encryption_by_default": True,
    }


def test_an_explicitly_unencrypted_volume_still_fails_beside_the_default() -> None:
    """The account default does not rewrite what the input says."""
    finding = _findings(_account(), _volume(encrypted=False))["ec2.volume.encryption_at_rest"]
    assert finding.status is Status.FAIL


def test_a_terraform_configuration_declaring_the_default_encrypts_its_volumes(
    tmp_path: Path,
) -> None:
    """End to end from HCL: the volume and the instance's root device pass, citing the default."""
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "eu-west-1"\n}\n'
        'resource "aws_ebs_encryption_by_default" "on" {\n  enabled = true\n}\n'
        'resource "aws_ebs_volume" "data" {\n  availability_zone = "eu-west-1a"\n  size = 8\n}\n'
        'resource "aws_instance" "web" {\n  ami = "ami-1"\n  instance_type = "t3.micro"\n'
        "  root_block_device {\n    volume_size = 20\n  }\n}\n",
        encoding="utf-8",
    )
    resources = read_inventory([tmp_path]).resources
    found = _findings(*resources)
    for control in ("ec2.volume.encryption_at_rest", "ec2.instance.block_device_encryption"):
        evidence = {e.path: e.value for e in found[control].evidence}
        assert found[control].status is Status.PASS, control
        assert evidence["account.ebs_encryption_by_default"] is True


_TWO_ACCOUNTS_HCL = """
provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias  = "dev"
  region = "eu-west-1"
  assume_role {
    role_arn = var.dev_role
  }
}
variable "dev_role" {
  type = string
}
resource "aws_ebs_encryption_by_default" "on" {
  enabled = true
}
resource "aws_ebs_volume" "prod" {
  availability_zone = "eu-west-1a"
  size              = 8
}
resource "aws_ebs_volume" "dev" {
  provider          = aws.dev
  availability_zone = "eu-west-1a"
  size              = 8
}
"""


def test_hcl_volumes_under_another_provider_configuration_stay_unknown(tmp_path: Path) -> None:
    """Two providers of one region may be two accounts: only the default's own encrypts."""
    (tmp_path / "main.tf").write_text(_TWO_ACCOUNTS_HCL, encoding="utf-8")
    volumes = {
        r.id: r.attributes["encrypted"]
        for r in derive_facts(read_inventory([tmp_path]).resources)
        if r.type == "ec2.volume"
    }
    assert volumes == {"aws_ebs_volume.prod": True, "aws_ebs_volume.dev": UNKNOWN}


def _plan_resource(address: str, provider: str, values: dict[str, Any]) -> dict[str, Any]:
    native_type, name = address.split(".")
    return {
        "planned": {
            "address": address,
            "mode": "managed",
            "type": native_type,
            "name": name,
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "values": values,
        },
        "configured": {
            "address": address,
            "mode": "managed",
            "type": native_type,
            "name": name,
            "provider_config_key": provider,
            "expressions": {},
        },
    }


def _two_account_plan() -> dict[str, Any]:
    """A plan with a default and a ``dev`` provider in one region, the default under ``aws``."""
    volume = {"availability_zone": "eu-west-1a", "size": 8, "encrypted": None}
    resources = [
        _plan_resource("aws_ebs_encryption_by_default.on", "aws", {"enabled": True}),
        _plan_resource("aws_ebs_volume.prod", "aws", volume),
        _plan_resource("aws_ebs_volume.dev", "aws.dev", volume),
    ]
    region = {"region": {"constant_value": "eu-west-1"}}
    return {
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": [r["planned"] for r in resources]}},
        "configuration": {
            "provider_config": {
                "aws": {"name": "aws", "expressions": region},
                "aws.dev": {
                    "name": "aws",
                    "alias": "dev",
                    "expressions": {**region, "profile": {"constant_value": "dev"}},
                },
            },
            "root_module": {"resources": [r["configured"] for r in resources]},
        },
    }


def test_plan_volumes_under_another_provider_configuration_stay_unknown(tmp_path: Path) -> None:
    """In a plan too, the default encrypts the volumes of its own provider configuration only."""
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(_two_account_plan()), encoding="utf-8")
    volumes = {
        r.id: r.attributes["encrypted"]
        for r in derive_facts(read_inventory([path]).resources)
        if r.type == "ec2.volume"
    }
    assert volumes == {"aws_ebs_volume.prod": True, "aws_ebs_volume.dev": UNKNOWN}
