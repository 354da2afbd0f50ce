"""Storage normalizers: EBS volumes and snapshots, AMIs, EFS and AWS Backup."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from raw_resources import attributes, cfn, normalized, raw_resource, tf

from srmap.model import UNKNOWN, Reference
from srmap.sources.raw import Dialect

TF, CFN = Dialect.TERRAFORM, Dialect.CLOUDFORMATION


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
    got = attributes(raw_resource("vol", native_type, values, dialect=dialect))
    assert got["encrypted"] is encrypted
    assert got["volume_type"] == volume_type


def test_a_planned_volume_keyed_by_a_key_of_the_plan_is_encrypted() -> None:
    """A key known after apply but declared in the plan is a key: the volume is encrypted."""
    values = {"id": UNKNOWN, "encrypted": UNKNOWN, "kms_key_id": UNKNOWN}
    keyed = raw_resource("vol", "aws_ebs_volume", values, kms_key_id=("aws_kms_key.k",))
    assert attributes(keyed)["encrypted"] is True


def test_volume_size_from_snapshot_is_unknown() -> None:
    """A volume restored from a snapshot without a size takes the snapshot's."""
    got = attributes(tf("aws_ebs_volume.v", {"snapshot_id": "snap-1"}))
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
    volume = raw_resource("vol", volume_type, {}, dialect=dialect)
    key = "volume_id" if dialect is TF else "VolumeId"
    attachment = raw_resource(
        "att", attachment_type, attachment_values, dialect=dialect, **{key: ("vol",)}
    )
    assert normalized(volume, attachment)["vol"].attributes["attached_instance_ids"] == ["i-1"]


def test_snapshot_sharing_joins_by_id() -> None:
    """Create-volume permissions naming the snapshot id become shared accounts."""
    snapshot = tf("aws_ebs_snapshot.s", {"id": "snap-1", "volume_id": "v"})
    permission = tf(
        "aws_snapshot_create_volume_permission.p",
        {"snapshot_id": "snap-1", "account_id": "222233334444"},
    )
    got = normalized(snapshot, permission)["aws_ebs_snapshot.s"].attributes
    assert got["shared_account_ids"] == ["222233334444"]
    assert got["public"] is False
    assert got["encrypted"] is UNKNOWN
    assert got["volume_id"] == "v"


def test_ami_launch_permission_group_all_is_public() -> None:
    """A launch permission for group "all" makes the image public."""
    ami = tf(
        "aws_ami.a",
        {
            "id": "ami-1",
            "name": "img",
            "imds_support": "v2.0",
            "ebs_block_device": [{"device_name": "/dev/xvda", "snapshot_id": "snap-1"}],
        },
    )
    permission = tf(
        "aws_ami_launch_permission.p",
        {"image_id": "ami-1", "group": "all"},
    )
    got = normalized(ami, permission)["aws_ami.a"].attributes
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
    got = attributes(raw_resource("fs", native_type, values, dialect=dialect))
    assert got == {
        "encrypted": False,
        "kms_key_id": None,
        "policy": None,
        "automatic_backups": False,
        "replication_regions": [],
    }


def test_efs_parts_join() -> None:
    """Policy, backup policy and replication resources all land on the file system."""
    fs = tf("aws_efs_file_system.f", {"id": "fs-1"})
    policy = tf(
        "aws_efs_file_system_policy.p",
        {"file_system_id": "fs-1", "policy": '{"Statement": []}'},
    )
    replication = tf(
        "aws_efs_replication_configuration.r",
        {"source_file_system_id": "fs-1", "destination": [{"region": "us-west-2"}]},
    )
    got = normalized(fs, policy, replication)["aws_efs_file_system.f"].attributes
    assert got["policy"] == {"Statement": []}
    assert got["replication_regions"] == ["us-west-2"]


def test_cfn_efs_inline_policy_and_replication() -> None:
    """CloudFormation keeps the policy and replication destinations inline."""
    values = {
        "FileSystemPolicy": {"Statement": []},
        "ReplicationConfiguration": {"Destinations": [{"Region": "us-west-2"}, {}]},
        "BackupPolicy": {"Status": "ENABLED"},
    }
    got = attributes(cfn("Fs", "AWS::EFS::FileSystem", values))
    assert got["replication_regions"] == ["us-west-2", "eu-west-1"]
    assert got["automatic_backups"] is True


def test_backup_vault_lock_and_policy_join_by_name() -> None:
    """Vault policy and Vault Lock resources naming the vault are joined in."""
    vault = tf("aws_backup_vault.v", {"name": "vault"})
    lock = tf(
        "aws_backup_vault_lock_configuration.l",
        {"backup_vault_name": "vault", "min_retention_days": 7},
    )
    got = normalized(vault, lock)["aws_backup_vault.v"].attributes
    assert got == {"kms_key_id": None, "policy": None, "locked": True, "lock_min_retention_days": 7}
    template = attributes(cfn("Vault", "AWS::Backup::BackupVault", {"BackupVaultName": "v"}))
    assert template["locked"] is False


def test_backup_plan_rules_and_selections_agree_across_dialects() -> None:
    """One plan with a cross-region copy and a tag selection normalizes alike."""
    arn = "arn:aws:backup:eu-central-1:111122223333:backup-vault:dr"
    tf_plan = tf(
        "aws_backup_plan.p",
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
    tf_selection = tf(
        "aws_backup_selection.s",
        {
            "plan_id": "plan-1",
            "name": "tagged",
            "selection_tag": [{"type": "STRINGEQUALS", "key": "backup", "value": "yes"}],
        },
    )
    cfn_plan = cfn(
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
    )
    cfn_selection = cfn(
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
        BackupPlanId=("Plan",),
    )
    planned = normalized(tf_plan, tf_selection)["aws_backup_plan.p"].attributes
    template = normalized(cfn_plan, cfn_selection)["Plan"].attributes
    assert planned == template
    assert planned["replication_regions"] == ["eu-central-1"]
    assert planned["rules"][0]["delete_after_days"] == 35
    assert planned["selections"][0]["tag_conditions"] == [{"key": "backup", "value": "yes"}]
