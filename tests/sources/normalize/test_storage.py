"""Storage normalizers: EBS volumes and snapshots, AMIs, EFS and AWS Backup."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from srmap.catalog import load_catalog
from srmap.model import UNKNOWN, Reference, Resource, SourceLocation
from srmap.sources.normalize import default_registry, normalize_resources
from srmap.sources.raw import Dialect, RawResource

TF, CFN = Dialect.TERRAFORM, Dialect.CLOUDFORMATION


def _raw(
    address: str,
    native_type: str,
    values: Mapping[str, Any],
    *,
    dialect: Dialect = TF,
    region: str = "eu-west-1",
    references: Mapping[str, tuple[str, ...]] | None = None,
) -> RawResource:
    return RawResource(
        address=address,
        native_type=native_type,
        dialect=dialect,
        values=values,
        region=region,
        location=SourceLocation(file="main.tf", line=1),
        references=references or {},
    )


def _normalize(*raws: RawResource) -> dict[str, Resource]:
    inventory = normalize_resources(list(raws), load_catalog(), default_registry())
    return {resource.id: resource for resource in inventory.resources}


def _one(raw: RawResource) -> Mapping[str, Any]:
    return _normalize(raw)[raw.address].attributes


@pytest.mark.parametrize(
    ("dialect", "native_type", "values", "encrypted", "volume_type"),
    [
        (TF, "aws_ebs_volume", {"size": 8}, UNKNOWN, "gp2"),
        (
            TF,
            "aws_ebs_volume",
            {"id": UNKNOWN, "encrypted": UNKNOWN, "type": UNKNOWN},
            UNKNOWN,
            "gp2",
        ),
        (TF, "aws_ebs_volume", {"kms_key_id": "arn:k"}, True, "gp2"),
        (TF, "aws_ebs_volume", {"kms_key_id": Reference("aws_kms_key.k", "arn")}, True, "gp2"),
        (CFN, "AWS::EC2::Volume", {"KmsKeyId": Reference("Key", "Arn")}, True, "gp2"),
        (TF, "aws_ebs_volume", {"encrypted": False, "type": "io2"}, False, "io2"),
        (CFN, "AWS::EC2::Volume", {"Size": 8}, UNKNOWN, "gp2"),
        (CFN, "AWS::EC2::Volume", {"Encrypted": "true", "VolumeType": "gp3"}, True, "gp3"),
    ],
)
def test_volume_encryption_and_type(
    dialect: Dialect, native_type: str, values: Mapping[str, Any], encrypted: Any, volume_type: str
) -> None:
    """Unset encryption is the account default's to decide; the type defaults to gp2."""
    got = _one(_raw("vol", native_type, values, dialect=dialect))
    assert got["encrypted"] is encrypted
    assert got["volume_type"] == volume_type


def test_a_planned_volume_keyed_by_a_key_of_the_plan_is_encrypted() -> None:
    """A key known after apply but declared in the plan is a key: the volume is encrypted."""
    values = {"id": UNKNOWN, "encrypted": UNKNOWN, "kms_key_id": UNKNOWN}
    keyed = _raw("vol", "aws_ebs_volume", values, references={"kms_key_id": ("aws_kms_key.k",)})
    assert _one(keyed)["encrypted"] is True


def test_volume_size_from_snapshot_is_unknown() -> None:
    """A volume restored from a snapshot without a size takes the snapshot's."""
    got = _one(_raw("aws_ebs_volume.v", "aws_ebs_volume", {"snapshot_id": "snap-1"}))
    assert got["size_gib"] is UNKNOWN
    assert got["snapshot_id"] == "snap-1"


@pytest.mark.parametrize(
    ("dialect", "volume_type", "attachment_type", "attachment_values"),
    [
        (
            TF,
            "aws_ebs_volume",
            "aws_volume_attachment",
            {"volume_id": UNKNOWN, "instance_id": "i-1"},
        ),
        (
            CFN,
            "AWS::EC2::Volume",
            "AWS::EC2::VolumeAttachment",
            {"VolumeId": UNKNOWN, "InstanceId": "i-1"},
        ),
    ],
)
def test_volume_attachments_join_by_reference(
    dialect: Dialect, volume_type: str, attachment_type: str, attachment_values: Mapping[str, Any]
) -> None:
    """Attachments that refer to the volume add their instance ids."""
    volume = _raw("vol", volume_type, {}, dialect=dialect)
    key = "volume_id" if dialect is TF else "VolumeId"
    attachment = _raw(
        "att", attachment_type, attachment_values, dialect=dialect, references={key: ("vol",)}
    )
    assert _normalize(volume, attachment)["vol"].attributes["attached_instance_ids"] == ["i-1"]


def test_snapshot_sharing_joins_by_id() -> None:
    """Create-volume permissions naming the snapshot id become shared accounts."""
    snapshot = _raw("aws_ebs_snapshot.s", "aws_ebs_snapshot", {"id": "snap-1", "volume_id": "v"})
    permission = _raw(
        "aws_snapshot_create_volume_permission.p",
        "aws_snapshot_create_volume_permission",
        {"snapshot_id": "snap-1", "account_id": "222233334444"},
    )
    got = _normalize(snapshot, permission)["aws_ebs_snapshot.s"].attributes
    assert got["shared_account_ids"] == ["222233334444"]
    assert got["public"] is False
    assert got["encrypted"] is UNKNOWN
    assert got["volume_id"] == "v"


def test_ami_launch_permission_group_all_is_public() -> None:
    """A launch permission for group "all" makes the image public."""
    ami = _raw(
        "aws_ami.a",
        "aws_ami",
        {
            "id": "ami-1",
            "name": "img",
            "imds_support": "v2.0",
            "ebs_block_device": [{"device_name": "/dev/xvda", "snapshot_id": "snap-1"}],
        },
    )
    permission = _raw(
        "aws_ami_launch_permission.p",
        "aws_ami_launch_permission",
        {"image_id": "ami-1", "group": "all"},
    )
    got = _normalize(ami, permission)["aws_ami.a"].attributes
    assert got["public"] is True
    assert got["imds_support"] == "v2.0"
    device = got["block_devices"][0]
    assert device["encrypted"] is UNKNOWN
    assert device["delete_on_termination"] is True


@pytest.mark.parametrize(
    ("dialect", "native_type", "values"),
    [
        (TF, "aws_efs_file_system", {"id": UNKNOWN, "encrypted": UNKNOWN}),
        (CFN, "AWS::EFS::FileSystem", {}),
    ],
)
def test_efs_defaults(dialect: Dialect, native_type: str, values: Mapping[str, Any]) -> None:
    """An EFS file system is unencrypted, unbacked and unreplicated unless configured."""
    got = _one(_raw("fs", native_type, values, dialect=dialect))
    assert got == {
        "encrypted": False,
        "kms_key_id": None,
        "policy": None,
        "automatic_backups": False,
        "replication_regions": [],
    }


def test_efs_parts_join() -> None:
    """Policy, backup policy and replication resources all land on the file system."""
    fs = _raw("aws_efs_file_system.f", "aws_efs_file_system", {"id": "fs-1"})
    policy = _raw(
        "aws_efs_file_system_policy.p",
        "aws_efs_file_system_policy",
        {"file_system_id": "fs-1", "policy": '{"Statement": []}'},
    )
    replication = _raw(
        "aws_efs_replication_configuration.r",
        "aws_efs_replication_configuration",
        {"source_file_system_id": "fs-1", "destination": [{"region": "us-west-2"}]},
    )
    got = _normalize(fs, policy, replication)["aws_efs_file_system.f"].attributes
    assert got["policy"] == {"Statement": []}
    assert got["replication_regions"] == ["us-west-2"]


def test_cfn_efs_inline_policy_and_replication() -> None:
    """CloudFormation keeps the policy and replication destinations inline."""
    values = {
        "FileSystemPolicy": {"Statement": []},
        "ReplicationConfiguration": {"Destinations": [{"Region": "us-west-2"}, {}]},
        "BackupPolicy": {"Status": "ENABLED"},
    }
    got = _one(_raw("Fs", "AWS::EFS::FileSystem", values, dialect=CFN))
    assert got["replication_regions"] == ["us-west-2", "eu-west-1"]
    assert got["automatic_backups"] is True


def test_backup_vault_lock_and_policy_join_by_name() -> None:
    """Vault policy and Vault Lock resources naming the vault are joined in."""
    vault = _raw("aws_backup_vault.v", "aws_backup_vault", {"name": "vault"})
    lock = _raw(
        "aws_backup_vault_lock_configuration.l",
        "aws_backup_vault_lock_configuration",
        {"backup_vault_name": "vault", "min_retention_days": 7},
    )
    got = _normalize(vault, lock)["aws_backup_vault.v"].attributes
    assert got == {"kms_key_id": None, "policy": None, "locked": True, "lock_min_retention_days": 7}
    cfn = _one(_raw("Vault", "AWS::Backup::BackupVault", {"BackupVaultName": "v"}, dialect=CFN))
    assert cfn["locked"] is False


def test_backup_plan_rules_and_selections_agree_across_dialects() -> None:
    """One plan with a cross-region copy and a tag selection normalizes alike."""
    arn = "arn:aws:backup:eu-central-1:111122223333:backup-vault:dr"
    tf_plan = _raw(
        "aws_backup_plan.p",
        "aws_backup_plan",
        {
            "id": "plan-1",
            "name": "daily",
            "rule": [
                {
                    "rule_name": "daily",
                    "target_vault_name": "main",
                    "schedule": "cron(0 5 * * ? *)",
                    "lifecycle": [{"delete_after": 35}],
                    "copy_action": [{"destination_vault_arn": arn}],
                }
            ],
        },
    )
    tf_selection = _raw(
        "aws_backup_selection.s",
        "aws_backup_selection",
        {
            "plan_id": "plan-1",
            "name": "tagged",
            "selection_tag": [{"type": "STRINGEQUALS", "key": "backup", "value": "yes"}],
        },
    )
    cfn_plan = _raw(
        "Plan",
        "AWS::Backup::BackupPlan",
        {
            "BackupPlan": {
                "BackupPlanName": "daily",
                "BackupPlanRule": [
                    {
                        "RuleName": "daily",
                        "TargetBackupVault": "main",
                        "ScheduleExpression": "cron(0 5 * * ? *)",
                        "Lifecycle": {"DeleteAfterDays": 35},
                        "CopyActions": [{"DestinationBackupVaultArn": arn}],
                    }
                ],
            }
        },
        dialect=CFN,
    )
    cfn_selection = _raw(
        "Selection",
        "AWS::Backup::BackupSelection",
        {
            "BackupPlanId": UNKNOWN,
            "BackupSelection": {
                "SelectionName": "tagged",
                "ListOfTags": [
                    {
                        "ConditionType": "STRINGEQUALS",
                        "ConditionKey": "backup",
                        "ConditionValue": "yes",
                    }
                ],
            },
        },
        dialect=CFN,
        references={"BackupPlanId": ("Plan",)},
    )
    tf = _normalize(tf_plan, tf_selection)["aws_backup_plan.p"].attributes
    cfn = _normalize(cfn_plan, cfn_selection)["Plan"].attributes
    assert tf == cfn
    assert tf["replication_regions"] == ["eu-central-1"]
    assert tf["rules"][0]["delete_after_days"] == 35
    assert tf["selections"][0]["tag_conditions"] == [{"key": "backup", "value": "yes"}]
