"""CloudFormation storage and backup resources: EBS volumes, EFS and AWS Backup."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.normalize.ebs import ebs_encrypted
from srmap.sources.normalize.registry import Parts, normalizer
from srmap.sources.normalize.values import (
    arn_region,
    as_bool,
    as_int,
    as_list,
    blocks,
    dig,
    none_if_empty,
    or_default,
    parse_policy,
)
from srmap.sources.raw import Dialect, RawResource

__all__ = ["NORMALIZERS"]


@normalizer(
    "ec2.volume",
    Dialect.CLOUDFORMATION,
    parts={"AWS::EC2::VolumeAttachment": "VolumeId"},
)
def normalize_ebs_volume(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::EC2::Volume with its attachments."""
    values = raw.values
    return {
        "encrypted": ebs_encrypted(values.get("Encrypted"), values.get("KmsKeyId")),
        "kms_key_id": none_if_empty(values.get("KmsKeyId")),
        # Unset, the size is the snapshot's.
        "size_gib": or_default(as_int(values.get("Size")), UNKNOWN),
        "volume_type": or_default(values.get("VolumeType"), "gp2"),
        "snapshot_id": none_if_empty(values.get("SnapshotId")),
        "attached_instance_ids": [
            part.values.get("InstanceId", UNKNOWN)
            for part in parts.of("AWS::EC2::VolumeAttachment")
        ],
    }


def _efs_replication_regions(values: Mapping[str, Any], own: Any) -> list[Any] | Unknown:
    """Destination regions; a destination without one stays in the file system's region."""
    destinations = blocks(values.get("ReplicationConfiguration"), "Destinations")
    if isinstance(destinations, Unknown):
        return UNKNOWN
    return [or_default(dig(d, "Region"), own) for d in destinations]


@normalizer("efs.file_system", Dialect.CLOUDFORMATION, tags="FileSystemTags")
def normalize_efs_file_system(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::EFS::FileSystem, whose policy, backup policy and replication are inline."""
    values = raw.values
    status = dig(values, "BackupPolicy", "Status")
    return {
        # The EFS API leaves a file system unencrypted unless asked.
        "encrypted": as_bool(values.get("Encrypted"), False),
        "kms_key_id": none_if_empty(values.get("KmsKeyId")),
        "policy": parse_policy(values.get("FileSystemPolicy")),
        "automatic_backups": UNKNOWN if isinstance(status, Unknown) else status == "ENABLED",
        "replication_regions": _efs_replication_regions(values, raw.region),
    }


@normalizer("backup.vault", Dialect.CLOUDFORMATION, name="BackupVaultName")
def normalize_backup_vault(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::Backup::BackupVault, whose access policy and lock are inline."""
    values = raw.values
    lock = values.get("LockConfiguration")
    return {
        "kms_key_id": none_if_empty(values.get("EncryptionKeyArn")),
        "policy": parse_policy(values.get("AccessPolicy")),
        "locked": UNKNOWN if isinstance(lock, Unknown) else lock is not None,
        "lock_min_retention_days": as_int(dig(lock, "MinRetentionDays")),
    }


def _backup_rule(rule: Any, parts: Parts) -> dict[str, Any]:
    """One BackupPlanRule in the canonical shape."""
    copies = blocks(rule, "CopyActions")
    return {
        "name": dig(rule, "RuleName"),
        "target_vault_name": dig(rule, "TargetBackupVault"),
        "schedule": none_if_empty(dig(rule, "ScheduleExpression")),
        "delete_after_days": as_int(dig(rule, "Lifecycle", "DeleteAfterDays")),
        "copy_regions": UNKNOWN
        if isinstance(copies, Unknown)
        else [arn_region(dig(c, "DestinationBackupVaultArn"), parts) for c in copies],
    }


def _selection(part: RawResource) -> dict[str, Any]:
    """One AWS::Backup::BackupSelection in the canonical shape."""
    selection = part.values.get("BackupSelection")
    tags = blocks(selection, "ListOfTags")
    equals = blocks(dig(selection, "Conditions"), "StringEquals")
    pairs = None
    if not isinstance(tags, Unknown) and not isinstance(equals, Unknown):
        pairs = [*tags, *equals]
    return {
        "name": dig(selection, "SelectionName"),
        "resource_arns": as_list(dig(selection, "Resources")),
        "not_resource_arns": as_list(dig(selection, "NotResources")),
        "tag_conditions": UNKNOWN
        if pairs is None
        else [{"key": dig(p, "ConditionKey"), "value": dig(p, "ConditionValue")} for p in pairs],
    }


def _other_regions(rules: Any, own: Any) -> Any:
    """Regions the rules copy to, the plan's own region left out."""
    if isinstance(rules, Unknown) or any(isinstance(r["copy_regions"], Unknown) for r in rules):
        return UNKNOWN
    regions = [region for rule in rules for region in rule["copy_regions"]]
    return [region for region in dict.fromkeys(regions) if region != own]


@normalizer(
    "backup.plan",
    Dialect.CLOUDFORMATION,
    parts={"AWS::Backup::BackupSelection": "BackupPlanId"},
)
def normalize_backup_plan(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::Backup::BackupPlan with its resource selections."""
    found = blocks(raw.values.get("BackupPlan"), "BackupPlanRule")
    rules: Any = UNKNOWN
    if not isinstance(found, Unknown):
        # Terraform holds rules in a set: order them by name so every source agrees.
        rules = sorted((_backup_rule(r, parts) for r in found), key=lambda r: str(r["name"]))
    return {
        "rules": rules,
        "selections": [_selection(p) for p in parts.of("AWS::Backup::BackupSelection")],
        "replication_regions": _other_regions(rules, raw.region),
    }


NORMALIZERS = [
    normalize_ebs_volume,
    normalize_efs_file_system,
    normalize_backup_vault,
    normalize_backup_plan,
]
