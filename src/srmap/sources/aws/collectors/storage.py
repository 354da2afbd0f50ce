"""EBS volumes and snapshots, AMIs, EFS file systems and AWS Backup, live; plus the small
readers the database and analytics collectors share (keys, tags, optional listings)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from botocore.exceptions import ClientError

from srmap.model import UNKNOWN, Resource, Unknown
from srmap.sources.aws.api import ApiDenied
from srmap.sources.aws.collector import LiveContext, collector
from srmap.sources.normalize.values import dig, parse_policy

__all__ = ["COLLECTORS", "arn_region", "customer_key", "optional_listing", "tag_dict"]

# EC2 records this volume id on snapshots whose source volume it does not know (copies).
_UNKNOWN_VOLUME = "vol-ffffffff"


def tag_dict(tags: Iterable[Mapping[str, Any]] | None) -> dict[str, Any]:
    """[{Key, Value}] as {key: value}."""
    return {tag["Key"]: tag.get("Value", "") for tag in tags or () if "Key" in tag}


def arn_region(arn: Any) -> Any:
    """The region field of an ARN, or None when ``arn`` is no ARN."""
    if isinstance(arn, str) and arn.startswith("arn:") and arn.count(":") >= 5:
        return arn.split(":")[3]
    return None


def customer_key(context: LiveContext, key: Any) -> Any:
    """The KMS key a resource names, or None when it is an AWS managed key (aws/ebs, aws/rds,
    ...): the API reports those by ARN too, but the contract keeps them null."""
    if isinstance(key, Unknown):
        return UNKNOWN
    if not isinstance(key, str) or not key:
        return None
    if "alias/aws/" in key:
        return None
    fields = key.split(":")
    # AWS managed keys live in the resource's own account: a key elsewhere is the customer's.
    if key.startswith("arn:") and len(fields) > 4 and fields[4] != context.account:
        return key
    region = arn_region(key) or context.region
    described = context.attempt(
        "kms", "DescribeKey", absent=("NotFoundException",), region=region, KeyId=key
    )
    if isinstance(described, Unknown):
        return UNKNOWN
    manager = dig(described, "KeyMetadata", "KeyManager")
    return None if manager == "AWS" else key


def optional_listing(
    context: LiveContext, service: str, operation: str, key: str, **params: Any
) -> list[Any] | Unknown:
    """A paginated listing that is one attribute: UNKNOWN (and a gap) when denied, not []."""
    try:
        return context.api.paginate(service, operation, context.region, key, **params)
    except ApiDenied as error:
        context.gaps.add(error)
        return UNKNOWN


def _name(tags: Mapping[str, Any], fallback: str) -> str:
    """The Name tag, else the resource id: what the console shows."""
    name = tags.get("Name")
    return name if isinstance(name, str) and name else fallback


@collector("ec2.volume", service="ebs")
def collect_ebs_volumes(context: LiveContext) -> Iterator[Resource]:
    """EBS volumes with their attachments."""
    for volume in context.listing("ec2", "DescribeVolumes", "Volumes"):
        volume_id = volume["VolumeId"]
        tags = tag_dict(volume.get("Tags"))
        encrypted = bool(volume.get("Encrypted", False))
        attachments = volume.get("Attachments", [])
        yield context.resource(
            arn=f"arn:aws:ec2:{context.region}:{context.account}:volume/{volume_id}",
            name=_name(tags, volume_id),
            tags=tags,
            api="ec2:DescribeVolumes",
            attributes={
                "encrypted": encrypted,
                "kms_key_id": customer_key(context, volume.get("KmsKeyId")) if encrypted else None,
                "size_gib": volume.get("Size"),
                "volume_type": volume.get("VolumeType"),
                "snapshot_id": volume.get("SnapshotId") or None,
                "attached_instance_ids": sorted(a["InstanceId"] for a in attachments),
            },
        )


def _own_snapshots(context: LiveContext) -> list[Any]:
    """Snapshots the account owns (never the public catalogue); one shared call."""
    listed = context.listing("ec2", "DescribeSnapshots", "Snapshots", OwnerIds=["self"])
    # Emulators may ignore the owner filter; the account's own are the ones it owns.
    return [s for s in listed if s.get("OwnerId", context.account) == context.account]


def _grants(permissions: Any, account_key: str = "UserId") -> tuple[Any, Any]:
    """(public, other account ids) from create-volume or launch permissions."""
    if isinstance(permissions, Unknown):
        return UNKNOWN, UNKNOWN
    public = any(grant.get("Group") == "all" for grant in permissions)
    return public, sorted(g[account_key] for g in permissions if account_key in g)


@collector("ec2.snapshot", service="ebs")
def collect_ebs_snapshots(context: LiveContext) -> Iterator[Resource]:
    """EBS snapshots owned by the account, with who may create volumes from them."""
    for snapshot in _own_snapshots(context):
        snapshot_id = snapshot["SnapshotId"]
        tags = tag_dict(snapshot.get("Tags"))
        encrypted = bool(snapshot.get("Encrypted", False))
        attribute = context.attempt(
            "ec2",
            "DescribeSnapshotAttribute",
            Attribute="createVolumePermission",
            SnapshotId=snapshot_id,
        )
        public, accounts = _grants(dig(attribute, "CreateVolumePermissions"))
        volume = snapshot.get("VolumeId") or None
        yield context.resource(
            arn=f"arn:aws:ec2:{context.region}::snapshot/{snapshot_id}",
            name=_name(tags, snapshot_id),
            tags=tags,
            api="ec2:DescribeSnapshots",
            attributes={
                "encrypted": encrypted,
                "kms_key_id": customer_key(context, snapshot.get("KmsKeyId"))
                if encrypted
                else None,
                "volume_id": None if volume == _UNKNOWN_VOLUME else volume,
                "public": public,
                "shared_account_ids": accounts,
            },
        )


def _image_device(context: LiveContext, mapping: Mapping[str, Any]) -> dict[str, Any]:
    """An EBS block device mapping as a canonical block device object."""
    ebs = mapping["Ebs"]
    encrypted = bool(ebs.get("Encrypted", False))
    key: Any = ebs.get("KmsKeyId")
    if encrypted and not key:
        # Images report the key on their snapshots, not on the mapping.
        snapshots = {s["SnapshotId"]: s for s in _own_snapshots(context)}
        key = dig(snapshots.get(ebs.get("SnapshotId", "")), "KmsKeyId") or UNKNOWN
    return {
        "device_name": mapping.get("DeviceName"),
        "encrypted": encrypted,
        "kms_key_id": customer_key(context, key) if encrypted else None,
        "volume_size_gib": ebs.get("VolumeSize"),
        "delete_on_termination": bool(ebs.get("DeleteOnTermination", True)),
    }


@collector("ec2.ami", service="ec2")
def collect_images(context: LiveContext) -> Iterator[Resource]:
    """AMIs owned by the account, with who may launch them."""
    for image in context.listing("ec2", "DescribeImages", "Images", Owners=["self"]):
        image_id = image["ImageId"]
        attribute = context.attempt(
            "ec2", "DescribeImageAttribute", Attribute="launchPermission", ImageId=image_id
        )
        _, accounts = _grants(dig(attribute, "LaunchPermissions"))
        devices = [m for m in image.get("BlockDeviceMappings", []) if "Ebs" in m]
        yield context.resource(
            arn=f"arn:aws:ec2:{context.region}::image/{image_id}",
            name=image.get("Name") or image_id,
            tags=tag_dict(image.get("Tags")),
            api="ec2:DescribeImages",
            attributes={
                # DescribeImages tells public even when the attribute call is denied.
                "public": bool(image.get("Public", False)),
                "shared_account_ids": accounts,
                "block_devices": [_image_device(context, m) for m in devices],
                "imds_support": image.get("ImdsSupport") or None,
                "deprecation_time": image.get("DeprecationTime") or None,
            },
        )


def _efs_replications(context: LiveContext) -> list[Any] | Unknown:
    """Every replication configuration of the region: one call for all file systems."""
    try:
        return optional_listing(context, "efs", "DescribeReplicationConfigurations", "Replications")
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == "ReplicationNotFound":
            return []
        raise


def _efs_replication_regions(context: LiveContext, file_system_id: str) -> Any:
    """Destination regions of the replications this file system is the source of."""
    replications = _efs_replications(context)
    if isinstance(replications, Unknown):
        return UNKNOWN
    regions = [
        destination.get("Region")
        for replication in replications
        if replication.get("SourceFileSystemId") == file_system_id
        for destination in replication.get("Destinations", [])
    ]
    return list(dict.fromkeys(regions))


def _efs_attributes(context: LiveContext, file_system: Mapping[str, Any]) -> dict[str, Any]:
    """A file system's encryption, policy, backup policy and replication."""
    file_system_id = file_system["FileSystemId"]
    encrypted = bool(file_system.get("Encrypted", False))
    policy = context.attempt(
        "efs", "DescribeFileSystemPolicy", absent=("PolicyNotFound",), FileSystemId=file_system_id
    )
    backup = context.attempt(
        "efs", "DescribeBackupPolicy", absent=("PolicyNotFound",), FileSystemId=file_system_id
    )
    return {
        "encrypted": encrypted,
        "kms_key_id": customer_key(context, file_system.get("KmsKeyId")) if encrypted else None,
        "policy": parse_policy(dig(policy, "Policy")),
        "automatic_backups": UNKNOWN
        if isinstance(backup, Unknown)
        else dig(backup, "BackupPolicy", "Status") == "ENABLED",
        "replication_regions": _efs_replication_regions(context, file_system_id),
    }


@collector("efs.file_system", service="efs")
def collect_efs_file_systems(context: LiveContext) -> Iterator[Resource]:
    """EFS file systems with their policy, backup policy and replication."""
    for file_system in context.listing("efs", "DescribeFileSystems", "FileSystems"):
        tags = tag_dict(file_system.get("Tags"))
        yield context.resource(
            arn=file_system["FileSystemArn"],
            name=_name(tags, file_system["FileSystemId"]),
            tags=tags,
            api="efs:DescribeFileSystems",
            attributes=_efs_attributes(context, file_system),
        )


@collector("backup.vault", service="backup")
def collect_backup_vaults(context: LiveContext) -> Iterator[Resource]:
    """Backup vaults with their access policy and Vault Lock."""
    for vault in context.listing("backup", "ListBackupVaults", "BackupVaultList"):
        name = vault["BackupVaultName"]
        policy = context.attempt(
            "backup",
            "GetBackupVaultAccessPolicy",
            absent=("ResourceNotFoundException",),
            BackupVaultName=name,
        )
        locked = bool(vault.get("Locked", False))
        yield context.resource(
            arn=vault["BackupVaultArn"],
            name=name,
            api="backup:ListBackupVaults",
            attributes={
                "kms_key_id": customer_key(context, vault.get("EncryptionKeyArn")),
                "policy": parse_policy(dig(policy, "Policy")),
                "locked": locked,
                "lock_min_retention_days": vault.get("MinRetentionDays") if locked else None,
            },
        )


def _backup_rule(rule: Mapping[str, Any]) -> dict[str, Any]:
    """One plan rule in the canonical shape."""
    copies = rule.get("CopyActions", [])
    return {
        "name": rule.get("RuleName"),
        "target_vault_name": rule.get("TargetBackupVaultName"),
        "schedule": rule.get("ScheduleExpression") or None,
        "delete_after_days": dig(rule, "Lifecycle", "DeleteAfterDays"),
        "copy_regions": [arn_region(c.get("DestinationBackupVaultArn")) for c in copies],
    }


def _backup_selection(context: LiveContext, plan_id: str, selection_id: str) -> Any:
    """One resource selection in the canonical shape; UNKNOWN when its read is denied."""
    found = context.attempt(
        "backup", "GetBackupSelection", BackupPlanId=plan_id, SelectionId=selection_id
    )
    if isinstance(found, Unknown):
        return UNKNOWN
    selection = found.get("BackupSelection", {})
    equals = dig(selection, "Conditions", "StringEquals") or []
    pairs = [*selection.get("ListOfTags", []), *equals]
    return {
        "name": selection.get("SelectionName"),
        "resource_arns": list(selection.get("Resources", [])),
        "not_resource_arns": list(selection.get("NotResources", [])),
        "tag_conditions": [
            {"key": pair.get("ConditionKey"), "value": pair.get("ConditionValue")} for pair in pairs
        ],
    }


def _plan_attributes(context: LiveContext, plan_id: str) -> dict[str, Any]:
    """A plan's rules (sorted by name), selections and copy regions."""
    plan = context.attempt("backup", "GetBackupPlan", BackupPlanId=plan_id)
    rules: Any = UNKNOWN
    regions: Any = UNKNOWN
    if not isinstance(plan, Unknown):
        found = dig(plan, "BackupPlan", "Rules") or []
        rules = sorted((_backup_rule(r) for r in found), key=lambda r: str(r["name"]))
        copied = [region for rule in rules for region in rule["copy_regions"]]
        regions = [r for r in dict.fromkeys(copied) if r != context.region]
    listed = optional_listing(
        context, "backup", "ListBackupSelections", "BackupSelectionsList", BackupPlanId=plan_id
    )
    selections: Any = UNKNOWN
    if not isinstance(listed, Unknown):
        selections = [_backup_selection(context, plan_id, s["SelectionId"]) for s in listed]
    return {"rules": rules, "selections": selections, "replication_regions": regions}


@collector("backup.plan", service="backup")
def collect_backup_plans(context: LiveContext) -> Iterator[Resource]:
    """Backup plans with their rules and resource selections."""
    for plan in context.listing("backup", "ListBackupPlans", "BackupPlansList"):
        yield context.resource(
            arn=plan["BackupPlanArn"],
            name=plan.get("BackupPlanName"),
            api="backup:ListBackupPlans",
            attributes=_plan_attributes(context, plan["BackupPlanId"]),
        )


COLLECTORS = [
    collect_ebs_volumes,
    collect_ebs_snapshots,
    collect_images,
    collect_efs_file_systems,
    collect_backup_vaults,
    collect_backup_plans,
]
