"""Terraform storage and backup resources: EBS volumes and snapshots, AMIs, EFS, AWS Backup."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.normalize.ebs import ebs_encrypted
from srmap.sources.normalize.registry import Parts, normalizer
from srmap.sources.normalize.terraform._planned import configured, configured_reference
from srmap.sources.normalize.values import (
    arn_region,
    as_bool,
    as_int,
    as_list,
    block,
    blocks,
    dig,
    none_if_empty,
    or_default,
    parse_policy,
)
from srmap.sources.raw import Dialect, RawResource

__all__ = ["NORMALIZERS"]


def _encrypted(raw: RawResource) -> bool | Unknown:
    """An `encrypted` argument as EBS applies it (see ebs_encrypted)."""
    return ebs_encrypted(configured(raw, "encrypted"), configured_reference(raw, "kms_key_id"))


@normalizer(
    "ec2.volume",
    Dialect.TERRAFORM,
    name=None,
    identity=("id", "arn"),
    parts={"aws_volume_attachment": "volume_id"},
)
def normalize_ebs_volume(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_ebs_volume with its attachments."""
    snapshot = none_if_empty(configured(raw, "snapshot_id"))
    return {
        "encrypted": _encrypted(raw),
        "kms_key_id": none_if_empty(configured(raw, "kms_key_id")),
        # Unset, the size is the snapshot's.
        "size_gib": or_default(as_int(configured(raw, "size")), UNKNOWN),
        "volume_type": or_default(configured(raw, "type"), "gp2"),
        "snapshot_id": snapshot,
        "attached_instance_ids": [
            part.values.get("instance_id", UNKNOWN) for part in parts.of("aws_volume_attachment")
        ],
    }


def _grants(
    parts: Parts, native_type: str, account_key: str, group_key: str | None
) -> tuple[Any, list[Any]]:
    """(public, account ids) from permission resources: group "all" makes it public."""
    public: Any = False
    accounts: list[Any] = []
    for part in parts.of(native_type):
        group = part.values.get(group_key) if group_key else None
        if isinstance(group, Unknown):
            public = UNKNOWN
        elif group == "all" and not isinstance(public, Unknown):
            public = True
        account = none_if_empty(part.values.get(account_key))
        if account is not None:
            accounts.append(account)
    return public, accounts


@normalizer(
    "ec2.snapshot",
    Dialect.TERRAFORM,
    name=None,
    identity=("id", "arn"),
    parts={"aws_snapshot_create_volume_permission": "snapshot_id"},
)
def normalize_ebs_snapshot(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_ebs_snapshot, aws_ebs_snapshot_copy or aws_ebs_snapshot_import with its sharing."""
    values = raw.values
    public, accounts = _grants(parts, "aws_snapshot_create_volume_permission", "account_id", None)
    key = none_if_empty(configured(raw, "kms_key_id"))
    encrypted = _encrypted(raw)
    volume: Any = {"aws_ebs_snapshot": values.get("volume_id", UNKNOWN)}.get(raw.native_type)
    if raw.native_type == "aws_ebs_snapshot_copy":
        volume = UNKNOWN  # the source snapshot's volume
    if raw.native_type == "aws_ebs_snapshot_import":
        # An import is encrypted only when asked to be.
        encrypted = or_default(as_bool(configured(raw, "encrypted")), False)
    return {
        "encrypted": encrypted,
        "kms_key_id": UNKNOWN if key is None and isinstance(encrypted, Unknown) else key,
        "volume_id": volume,
        "public": public,
        "shared_account_ids": accounts,
    }


def _efs_replication_regions(raw: RawResource, parts: Parts) -> list[Any]:
    """Destination regions of replication configurations; unset means the source's region."""
    regions = []
    for part in parts.of("aws_efs_replication_configuration"):
        region = dig(block(part.values, "destination"), "region")
        regions.append(part.region if region is None else region)
    return regions


@normalizer(
    "efs.file_system",
    Dialect.TERRAFORM,
    name=None,
    identity=("id", "arn"),
    parts={
        "aws_efs_file_system_policy": "file_system_id",
        "aws_efs_backup_policy": "file_system_id",
        "aws_efs_replication_configuration": "source_file_system_id",
    },
)
def normalize_efs_file_system(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_efs_file_system with its policy, backup policy and replication."""
    policy = parts.first("aws_efs_file_system_policy")
    backup = parts.first("aws_efs_backup_policy")
    status = dig(block(backup.values, "backup_policy"), "status") if backup else None
    return {
        # The EFS API leaves a file system unencrypted unless asked.
        "encrypted": as_bool(configured(raw, "encrypted"), False),
        "kms_key_id": none_if_empty(configured(raw, "kms_key_id")),
        "policy": parse_policy(policy.values.get("policy")) if policy else None,
        "automatic_backups": UNKNOWN if isinstance(status, Unknown) else status == "ENABLED",
        "replication_regions": _efs_replication_regions(raw, parts),
    }


@normalizer(
    "backup.vault",
    Dialect.TERRAFORM,
    name="name",
    identity=("name", "id", "arn"),
    parts={
        "aws_backup_vault_policy": "backup_vault_name",
        "aws_backup_vault_lock_configuration": "backup_vault_name",
        "aws_backup_vault_notifications": "backup_vault_name",
    },
)
def normalize_backup_vault(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_backup_vault with its access policy and Vault Lock."""
    policy = parts.first("aws_backup_vault_policy")
    lock = parts.first("aws_backup_vault_lock_configuration")
    return {
        "kms_key_id": none_if_empty(configured(raw, "kms_key_arn")),
        "policy": parse_policy(policy.values.get("policy")) if policy else None,
        "locked": lock is not None,
        "lock_min_retention_days": as_int(lock.values.get("min_retention_days")) if lock else None,
    }


def _backup_rule(rule: Any, parts: Parts) -> dict[str, Any]:
    """One rule block in the canonical shape."""
    copies = blocks(rule, "copy_action")
    return {
        "name": dig(rule, "rule_name"),
        "target_vault_name": dig(rule, "target_vault_name"),
        "schedule": none_if_empty(dig(rule, "schedule")),
        "delete_after_days": as_int(dig(block(rule, "lifecycle") or {}, "delete_after")),
        "copy_regions": UNKNOWN
        if isinstance(copies, Unknown)
        else [arn_region(dig(c, "destination_vault_arn"), parts) for c in copies],
    }


def _selection(part: RawResource) -> dict[str, Any]:
    """One aws_backup_selection in the canonical shape."""
    values = part.values
    tags = blocks(values, "selection_tag")
    conditions = blocks(block(values, "condition"), "string_equals")
    pairs = None
    if not isinstance(tags, Unknown) and not isinstance(conditions, Unknown):
        pairs = [*tags, *conditions]
    return {
        "name": values.get("name"),
        "resource_arns": as_list(values.get("resources")),
        "not_resource_arns": as_list(configured(part, "not_resources")),
        "tag_conditions": UNKNOWN
        if pairs is None
        else [{"key": dig(p, "key"), "value": dig(p, "value")} for p in pairs],
    }


def _any_unknown(*values: Any) -> bool:
    return any(isinstance(value, Unknown) for value in values)


@normalizer(
    "backup.plan",
    Dialect.TERRAFORM,
    name="name",
    identity=("id", "arn", "name"),
    parts={"aws_backup_selection": "plan_id"},
)
def normalize_backup_plan(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_backup_plan with its resource selections."""
    found = blocks(raw.values, "rule")
    rules: Any = UNKNOWN
    if not isinstance(found, Unknown):
        # Terraform holds rules in a set: order them by name so every source agrees.
        rules = sorted((_backup_rule(r, parts) for r in found), key=lambda r: str(r["name"]))
    return {
        "rules": rules,
        "selections": [_selection(part) for part in parts.of("aws_backup_selection")],
        "replication_regions": _other_regions(rules, raw.region),
    }


def _other_regions(rules: Any, own: Any) -> Any:
    """Regions the rules copy to, the plan's own region left out."""
    if isinstance(rules, Unknown) or _any_unknown(*(r["copy_regions"] for r in rules)):
        return UNKNOWN
    regions = [region for rule in rules for region in rule["copy_regions"]]
    return [region for region in dict.fromkeys(regions) if region != own]


def _ami_block_device(device: Any) -> dict[str, Any]:
    """An ebs_block_device block as a canonical block device object."""
    from_snapshot = dig(device, "snapshot_id") not in (None, "")
    encrypted = as_bool(dig(device, "encrypted"))
    return {
        "device_name": dig(device, "device_name"),
        # Registered from a snapshot, a device takes the snapshot's encryption and key.
        "encrypted": (UNKNOWN if from_snapshot else False) if encrypted is None else encrypted,
        "kms_key_id": UNKNOWN if from_snapshot else None,
        "volume_size_gib": as_int(dig(device, "volume_size")),
        "delete_on_termination": as_bool(dig(device, "delete_on_termination"), True),
    }


@normalizer(
    "ec2.ami",
    Dialect.TERRAFORM,
    name="name",
    identity=("id", "arn"),
    parts={"aws_ami_launch_permission": "image_id"},
)
def normalize_ami(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_ami, aws_ami_copy or aws_ami_from_instance with its launch permissions."""
    public, accounts = _grants(parts, "aws_ami_launch_permission", "account_id", "group")
    devices: Any = UNKNOWN  # copies and instance images take the source's devices
    if raw.native_type == "aws_ami":
        found = blocks(raw.values, "ebs_block_device")
        devices = UNKNOWN if isinstance(found, Unknown) else [_ami_block_device(d) for d in found]
    imds = raw.values.get("imds_support")
    return {
        "public": public,
        "shared_account_ids": accounts,
        "block_devices": devices,
        "imds_support": UNKNOWN if isinstance(imds, Unknown) else none_if_empty(imds),
        "deprecation_time": none_if_empty(raw.values.get("deprecation_time")),
    }


NORMALIZERS = [
    normalize_ebs_volume,
    normalize_ebs_snapshot,
    normalize_efs_file_system,
    normalize_backup_vault,
    normalize_backup_plan,
    normalize_ami,
]
