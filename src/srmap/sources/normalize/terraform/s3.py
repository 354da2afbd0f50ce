"""Terraform ``aws_s3_bucket`` with its split configuration resources -> ``s3.bucket``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.normalize.acl import canned_acl_grants
from srmap.sources.normalize.registry import Parts, normalizer
from srmap.sources.normalize.values import (
    as_bool,
    block,
    blocks,
    dig,
    none_if_empty,
    parse_policy,
)
from srmap.sources.raw import Dialect, RawResource

__all__ = ["NORMALIZERS"]


def _configured(values: Mapping[str, Any], key: str) -> Any:
    """An inline setting of aws_s3_bucket, or None when it was left to the provider.

    Provider 4+ marks the deprecated inline blocks optional and computed: a plan shows the
    whole attribute as unknown when the configuration did not set it, so a top-level
    UNKNOWN there means "not configured here", not "configured with an unknown value".
    """
    value = values.get(key)
    return None if value is UNKNOWN else value


def _encryption(raw: RawResource, parts: Parts) -> Any:
    split = parts.first("aws_s3_bucket_server_side_encryption_configuration")
    source = (
        split.values
        if split
        else {
            "rule": dig(_configured(raw.values, "server_side_encryption_configuration"), 0, "rule")
        }
    )
    return dig(block(source, "rule"), "apply_server_side_encryption_by_default", 0)


def _versioning(raw: RawResource, parts: Parts) -> tuple[Any, Any]:
    split = parts.first("aws_s3_bucket_versioning")
    if split is not None:
        config = block(split.values, "versioning_configuration")
        status, mfa = dig(config, "status"), dig(config, "mfa_delete")
        if split.values.get("mfa") is None:
            # MFA delete can only be switched on with the root user's MFA device in `mfa`;
            # without it a plan shows the computed mfa_delete as unknown, yet it stays off.
            return _equals(status, "Enabled"), False
        return _equals(status, "Enabled"), _equals(mfa, "Enabled")
    inline = block({"v": _configured(raw.values, "versioning")}, "v")
    return as_bool(dig(inline, "enabled"), False), as_bool(dig(inline, "mfa_delete"), False)


def _equals(value: Any, expected: str) -> bool | Unknown:
    return UNKNOWN if isinstance(value, Unknown) else bool(value == expected)


def _public_access_block(parts: Parts) -> dict[str, Any] | None:
    split = parts.first("aws_s3_bucket_public_access_block")
    if split is None:
        return None
    keys = (
        "block_public_acls",
        "ignore_public_acls",
        "block_public_policy",
        "restrict_public_buckets",
    )
    return {key: as_bool(split.values.get(key), False) for key in keys}


def _acl_grants(raw: RawResource, parts: Parts) -> list[dict[str, Any]] | Unknown:
    split = parts.first("aws_s3_bucket_acl")
    values = split.values if split else {"acl": _configured(raw.values, "acl")}
    policy = block(values, "access_control_policy")
    if isinstance(policy, Unknown):
        return UNKNOWN
    if policy is not None:
        grants = blocks(policy, "grant")
        if isinstance(grants, Unknown):
            return UNKNOWN
        return [_grant(grant) for grant in grants if isinstance(grant, dict)]
    return canned_acl_grants(values.get("acl"))


def _grant(grant: Mapping[str, Any]) -> dict[str, Any]:
    grantee = block(grant, "grantee") or {}
    kind = dig(grantee, "type")
    key = {"Group": "uri", "AmazonCustomerByEmail": "email_address"}.get(kind, "id")
    return {
        "grantee_type": kind,
        "grantee": dig(grantee, key),
        "permission": grant.get("permission"),
    }


def _lifecycle_rule_count(raw: RawResource, parts: Parts) -> int | Unknown:
    split = parts.first("aws_s3_bucket_lifecycle_configuration")
    rules = blocks(split.values, "rule") if split else blocks(raw.values, "lifecycle_rule")
    if isinstance(rules, Unknown):
        return UNKNOWN if split else 0
    enabled = [r for r in rules if isinstance(r, dict) and r.get("status", "Enabled") == "Enabled"]
    inline_enabled = [r for r in rules if isinstance(r, dict) and r.get("enabled") is True]
    return len(enabled) if split else len(inline_enabled)


def _replication_regions(raw: RawResource, parts: Parts) -> list[Any] | Unknown:
    split = parts.first("aws_s3_bucket_replication_configuration")
    if split is None:
        return []
    rules = blocks(split.values, "rule")
    if isinstance(rules, Unknown):
        return UNKNOWN
    regions = []
    for rule in rules:
        target = dig(rule, "destination", 0, "bucket")
        regions.append(parts.region_of(_bucket_name(target)))
    return regions


def _bucket_name(arn: Any) -> Any:
    if isinstance(arn, str) and arn.startswith("arn:"):
        return arn.rsplit(":", 1)[-1]
    return arn


@normalizer(
    "s3.bucket",
    Dialect.TERRAFORM,
    name="bucket",
    identity=("bucket", "id", "arn"),
    parts={
        "aws_s3_bucket_server_side_encryption_configuration": "bucket",
        "aws_s3_bucket_public_access_block": "bucket",
        "aws_s3_bucket_versioning": "bucket",
        "aws_s3_bucket_policy": "bucket",
        "aws_s3_bucket_acl": "bucket",
        "aws_s3_bucket_ownership_controls": "bucket",
        "aws_s3_bucket_logging": "bucket",
        "aws_s3_bucket_lifecycle_configuration": "bucket",
        "aws_s3_bucket_replication_configuration": "bucket",
        "aws_s3_bucket_object_lock_configuration": "bucket",
    },
)
def normalize_s3_bucket(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_s3_bucket plus its split resources."""
    encryption = _encryption(raw, parts)
    versioning, mfa_delete = _versioning(raw, parts)
    policy_part = parts.first("aws_s3_bucket_policy")
    policy = policy_part.values.get("policy") if policy_part else _configured(raw.values, "policy")
    ownership = parts.first("aws_s3_bucket_ownership_controls")
    logging = parts.first("aws_s3_bucket_logging")
    inline_logging = block({"l": _configured(raw.values, "logging")}, "l")
    lock = parts.first("aws_s3_bucket_object_lock_configuration")
    return {
        "encryption_algorithm": dig(encryption, "sse_algorithm"),
        "kms_key_id": none_if_empty(dig(encryption, "kms_master_key_id")),
        "versioning_enabled": versioning,
        "mfa_delete": mfa_delete,
        "public_access_block": _public_access_block(parts),
        "policy": parse_policy(policy),
        "acl_grants": _acl_grants(raw, parts),
        "object_ownership": dig(block(ownership.values, "rule"), "object_ownership")
        if ownership
        else None,
        "logging_target_bucket": logging.values.get("target_bucket")
        if logging
        else dig(inline_logging, "target_bucket"),
        "object_lock_enabled": True
        if lock
        else as_bool(_configured(raw.values, "object_lock_enabled"), False),
        "lifecycle_rule_count": _lifecycle_rule_count(raw, parts),
        "replication_regions": _replication_regions(raw, parts),
    }


NORMALIZERS = [normalize_s3_bucket]
