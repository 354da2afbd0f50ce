"""S3 buckets, live: one listing, then each bucket's configuration from its own region."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from srmap.model import UNKNOWN, Resource, Unknown
from srmap.sources.aws.collector import LiveContext, collector

__all__ = ["COLLECTORS"]

_PUBLIC_ACCESS_KEYS = {
    "BlockPublicAcls": "block_public_acls",
    "IgnorePublicAcls": "ignore_public_acls",
    "BlockPublicPolicy": "block_public_policy",
    "RestrictPublicBuckets": "restrict_public_buckets",
}


@collector("s3.bucket", service="s3", scope="global")
def collect_s3_buckets(context: LiveContext) -> Iterator[Resource]:
    """Buckets are listed once for the account; their region is their location."""
    listed = context.attempt("s3", "ListBuckets")
    if isinstance(listed, Unknown) or listed is None:
        return
    for bucket in listed.get("Buckets", []):
        name = bucket["Name"]
        region = bucket_region(context, name)
        yield context.resource(
            arn=f"arn:aws:s3:::{name}",
            name=name,
            region=region,
            attributes=_bucket_attributes(context, name, region),
            api="s3:ListBuckets",
        )


def bucket_region(context: LiveContext, name: str) -> str | Unknown:
    """A bucket's region; us-east-1 answers with an empty location constraint."""
    location = context.attempt("s3", "GetBucketLocation", Bucket=name)
    if isinstance(location, Unknown) or location is None:
        return UNKNOWN
    return str(location.get("LocationConstraint") or "us-east-1")


def _bucket_attributes(context: LiveContext, name: str, region: Any) -> dict[str, Any]:
    where = region if isinstance(region, str) else None

    def read(operation: str, *absent: str) -> Any:
        return context.attempt("s3", operation, absent=absent, region=where, Bucket=name)

    encryption = read("GetBucketEncryption", "ServerSideEncryptionConfigurationNotFoundError")
    versioning = read("GetBucketVersioning")
    block = read("GetPublicAccessBlock", "NoSuchPublicAccessBlockConfiguration")
    policy = read("GetBucketPolicy", "NoSuchBucketPolicy")
    ownership = read("GetBucketOwnershipControls", "OwnershipControlsNotFoundError")
    lock = read("GetObjectLockConfiguration", "ObjectLockConfigurationNotFoundError")
    lifecycle = read("GetBucketLifecycleConfiguration", "NoSuchLifecycleConfiguration")
    replication = read("GetBucketReplication", "ReplicationConfigurationNotFoundError")
    default = _get(encryption, "ServerSideEncryptionConfiguration", "Rules", 0,
                   "ApplyServerSideEncryptionByDefault")  # fmt: skip
    return {
        "encryption_algorithm": _get(default, "SSEAlgorithm"),
        "kms_key_id": _get(default, "KMSMasterKeyID"),
        "versioning_enabled": _map(versioning, lambda v: v.get("Status") == "Enabled"),
        "mfa_delete": _map(versioning, lambda v: v.get("MFADelete") == "Enabled"),
        "public_access_block": _map(block, _public_access_block),
        "policy": _map(policy, lambda p: _json(p.get("Policy"))),
        "acl_grants": _map(read("GetBucketAcl"), _acl_grants),
        "object_ownership": _get(ownership, "OwnershipControls", "Rules", 0, "ObjectOwnership"),
        "logging_target_bucket": _get(read("GetBucketLogging"), "LoggingEnabled", "TargetBucket"),
        "object_lock_enabled": False if lock is None else _map(lock, _lock_enabled),
        "lifecycle_rule_count": 0 if lifecycle is None else _map(lifecycle, _enabled_rules),
        "replication_regions": [] if replication is None else _map(
            replication, lambda r: _replication_regions(context, r)
        ),
    }  # fmt: skip


def _get(value: Any, *path: str | int) -> Any:
    """Walk a response; UNKNOWN stays UNKNOWN (a denied call), a missing step is None."""
    for step in path:
        if isinstance(value, Unknown):
            return UNKNOWN
        if isinstance(step, int):
            value = value[step] if isinstance(value, list) and len(value) > step else None
        elif isinstance(value, Mapping):
            value = value.get(step)
        else:
            return None
    return value


def _map(value: Any, convert: Any) -> Any:
    """``convert(value)``, except that a denied call (UNKNOWN) or an absent one (None) stays."""
    if value is None or isinstance(value, Unknown):
        return value
    return convert(value)


def _public_access_block(response: Mapping[str, Any]) -> dict[str, bool]:
    config = response.get("PublicAccessBlockConfiguration", {})
    return {ours: bool(config.get(theirs, False)) for theirs, ours in _PUBLIC_ACCESS_KEYS.items()}


def _acl_grants(response: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Grants other than the owner's own full control, in the normalized shape."""
    owner = response.get("Owner", {}).get("ID")
    grants = []
    for grant in response.get("Grants", []):
        grantee = grant.get("Grantee", {})
        kind = grantee.get("Type")
        who = {"Group": grantee.get("URI"), "AmazonCustomerByEmail": grantee.get("EmailAddress")}
        if kind == "CanonicalUser" and grantee.get("ID") == owner:
            continue
        grants.append(
            {
                "grantee_type": kind,
                "grantee": who.get(kind, grantee.get("ID")),
                "permission": grant.get("Permission"),
            }
        )
    return grants


def _lock_enabled(response: Mapping[str, Any]) -> bool:
    return bool(_get(response, "ObjectLockConfiguration", "ObjectLockEnabled") == "Enabled")


def _enabled_rules(response: Mapping[str, Any]) -> int:
    return sum(1 for rule in response.get("Rules", []) if rule.get("Status") == "Enabled")


def _replication_regions(context: LiveContext, response: Mapping[str, Any]) -> list[Any]:
    rules = _get(response, "ReplicationConfiguration", "Rules") or []
    targets = [str(_get(rule, "Destination", "Bucket") or "") for rule in rules]
    return [bucket_region(context, target.rsplit(":", 1)[-1]) for target in targets if target]


def _json(text: Any) -> Any:
    try:
        return json.loads(text) if isinstance(text, str) else UNKNOWN
    except ValueError:
        return UNKNOWN


COLLECTORS = [collect_s3_buckets]
