"""CloudFormation ``AWS::S3::Bucket`` with its ``AWS::S3::BucketPolicy`` -> ``s3.bucket``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.normalize.acl import canned_acl_grants
from srmap.sources.normalize.registry import Parts, normalizer
from srmap.sources.normalize.values import (
    as_bool,
    blocks,
    dig,
    none_if_empty,
    or_default,
    parse_policy,
)
from srmap.sources.raw import Dialect, RawResource

__all__ = ["NORMALIZERS"]

_PUBLIC_ACCESS_KEYS = {
    "BlockPublicAcls": "block_public_acls",
    "IgnorePublicAcls": "ignore_public_acls",
    "BlockPublicPolicy": "block_public_policy",
    "RestrictPublicBuckets": "restrict_public_buckets",
}


def _public_access_block(values: Mapping[str, Any]) -> dict[str, Any] | Unknown | None:
    config = values.get("PublicAccessBlockConfiguration")
    if config is None or config is UNKNOWN:
        return config
    return {
        ours: as_bool(dig(config, theirs), False) for theirs, ours in _PUBLIC_ACCESS_KEYS.items()
    }


def _enabled_count(rules: list[Any] | Unknown) -> int | Unknown:
    if isinstance(rules, Unknown):
        return UNKNOWN
    statuses = [dig(rule, "Status") for rule in rules]
    if any(status is UNKNOWN for status in statuses):
        return UNKNOWN
    return sum(1 for status in statuses if status == "Enabled")


def _replication_regions(values: Mapping[str, Any], parts: Parts) -> list[Any] | Unknown:
    rules = blocks(values.get("ReplicationConfiguration"), "Rules")
    if isinstance(rules, Unknown):
        return UNKNOWN
    targets = [dig(rule, "Destination", "Bucket") for rule in rules]
    return [parts.region_of(_bucket_name(target)) for target in targets]


def _bucket_name(arn: Any) -> Any:
    if isinstance(arn, str) and arn.startswith("arn:"):
        return arn.rsplit(":", 1)[-1]
    return arn


def _logging_target(values: Mapping[str, Any]) -> Any:
    config = values.get("LoggingConfiguration")
    if config is None or config is UNKNOWN:
        return config
    # Without a destination, S3 delivers the access logs to the bucket itself.
    return or_default(dig(config, "DestinationBucketName"), values.get("BucketName", UNKNOWN))


@normalizer(
    "s3.bucket",
    Dialect.CLOUDFORMATION,
    name="BucketName",
    identity=("BucketName",),
    parts={"AWS::S3::BucketPolicy": "Bucket"},
)
def normalize_s3_bucket(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::S3::Bucket plus its bucket policy."""
    values = raw.values
    default = dig(values, "BucketEncryption", "ServerSideEncryptionConfiguration", 0)
    encryption = dig(default, "ServerSideEncryptionByDefault")
    policy = parts.first("AWS::S3::BucketPolicy")
    return {
        "encryption_algorithm": dig(encryption, "SSEAlgorithm"),
        "kms_key_id": none_if_empty(dig(encryption, "KMSMasterKeyID")),
        "versioning_enabled": _status(dig(values, "VersioningConfiguration", "Status")),
        "mfa_delete": False,
        "public_access_block": _public_access_block(values),
        "policy": parse_policy(policy.values.get("PolicyDocument")) if policy else None,
        "acl_grants": canned_acl_grants(values.get("AccessControl")),
        "object_ownership": dig(values, "OwnershipControls", "Rules", 0, "ObjectOwnership"),
        "logging_target_bucket": _logging_target(values),
        "object_lock_enabled": as_bool(values.get("ObjectLockEnabled"), False),
        "lifecycle_rule_count": _enabled_count(
            blocks(values.get("LifecycleConfiguration"), "Rules")
        ),
        "replication_regions": _replication_regions(values, parts),
    }


def _status(value: Any) -> bool | Unknown:
    return UNKNOWN if value is UNKNOWN else bool(value == "Enabled")


NORMALIZERS = [normalize_s3_bucket]
