"""KMS keys, Secrets Manager secrets and SSM parameters, live: metadata, policies and rotation
only; no cryptographic operation is ever made and no secret or parameter value is ever read."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

from srmap.model import UNKNOWN, Resource, Unknown
from srmap.sources.aws.collector import LiveContext, collector
from srmap.sources.aws.collectors._response import (
    dig,
    keep,
    listing_or_unknown,
    policy_document,
)
from srmap.sources.aws.collectors.network import arn
from srmap.sources.normalize.terraform.identity import (
    is_default_key_policy,
    rotation_days,
    sorted_values,
    ssm_parameter_encryption,
)

__all__ = ["COLLECTORS"]

# The waiting period KMS applies when a deletion is scheduled without one.
_DEFAULT_DELETION_WINDOW_DAYS = 30
_ROTATION_ABSENT = ("KMSInvalidStateException", "UnsupportedOperationException")
_KEY_FIELDS = ("key_manager", "enabled", "key_spec", "key_usage", "multi_region")


def _aliases(context: LiveContext) -> dict[str, list[str]]:
    """Alias names by the key id they point to; a denied listing leaves keys unnamed."""
    found = listing_or_unknown(context, "kms", "ListAliases", "Aliases")
    names: dict[str, list[str]] = defaultdict(list)
    for alias in [] if isinstance(found, Unknown) else found:
        if alias.get("TargetKeyId"):
            names[alias["TargetKeyId"]].append(alias["AliasName"])
    return {key: sorted(found) for key, found in names.items()}


def _can_rotate(meta: Mapping[str, Any]) -> bool:
    """Only symmetric keys with KMS-made material rotate automatically."""
    return meta.get("KeySpec") == "SYMMETRIC_DEFAULT" and meta.get("Origin") == "AWS_KMS"


def _rotation(context: LiveContext, key_id: str, meta: Any) -> Any:
    if isinstance(meta, Unknown):
        return UNKNOWN
    if not _can_rotate(meta):
        return False
    status = context.attempt("kms", "GetKeyRotationStatus", absent=_ROTATION_ABSENT, KeyId=key_id)
    # A key pending deletion or in an invalid state does not rotate.
    return False if status is None else keep(status, lambda s: bool(s.get("KeyRotationEnabled")))


def _key_attributes(context: LiveContext, key_id: str) -> dict[str, Any]:
    described = context.attempt("kms", "DescribeKey", KeyId=key_id)
    meta = dig(described, "KeyMetadata")
    policy = context.attempt("kms", "GetKeyPolicy", KeyId=key_id, PolicyName="default")
    known = {} if isinstance(meta, Unknown) else {
        "key_manager": meta.get("KeyManager"),
        "enabled": bool(meta.get("Enabled")),
        "key_spec": meta.get("KeySpec") or meta.get("CustomerMasterKeySpec"),
        "key_usage": meta.get("KeyUsage"),
        "multi_region": bool(meta.get("MultiRegion", False)),
    }  # fmt: skip
    window = dig(meta, "PendingDeletionWindowInDays")
    document = keep(dig(policy, "Policy"), policy_document)
    return {
        **{field: known.get(field, UNKNOWN) for field in _KEY_FIELDS},
        "rotation_enabled": _rotation(context, key_id, meta),
        "policy": document,
        "policy_declared": keep(document, lambda d: not is_default_key_policy(d, context.account)),
        # Only a key scheduled for deletion has a window; others get the default when scheduled.
        "deletion_window_days": _DEFAULT_DELETION_WINDOW_DAYS if window is None else window,
    }


@collector("kms.key", service="kms")
def collect_kms_keys(context: LiveContext) -> Iterator[Resource]:
    """Customer-managed and AWS-managed keys (key_manager tells them apart), named by alias."""
    aliases = _aliases(context)
    for key in context.listing("kms", "ListKeys", "Keys"):
        key_id = key["KeyId"]
        names = aliases.get(key_id, [])
        yield context.resource(
            arn=key.get("KeyArn") or f"arn:aws:kms:{context.region}:{context.account}:key/{key_id}",
            name=names[0] if names else None,
            attributes=_key_attributes(context, key_id),
            api="kms:ListKeys",
        )


def _secret_rotation(described: Any) -> tuple[Any, Any]:
    if isinstance(described, Unknown):
        return UNKNOWN, UNKNOWN
    enabled = bool(described.get("RotationEnabled", False))
    rules = described.get("RotationRules", {})
    days = rotation_days(rules.get("AutomaticallyAfterDays"), rules.get("ScheduleExpression"))
    return enabled, days if enabled else None


@collector("secretsmanager.secret", service="secretsmanager")
def collect_secrets(context: LiveContext) -> Iterator[Resource]:
    """Secrets with rotation, replicas and resource policy; DescribeSecret, never the value."""
    for secret in context.listing("secretsmanager", "ListSecrets", "SecretList"):
        arn = secret["ARN"]
        described = context.attempt("secretsmanager", "DescribeSecret", SecretId=arn)
        policy = context.attempt("secretsmanager", "GetResourcePolicy", SecretId=arn)
        enabled, days = _secret_rotation(described)
        replicas = keep(
            described,
            lambda d: sorted_values(r.get("Region") for r in d.get("ReplicationStatus", [])),
        )
        yield context.resource(
            arn=arn,
            name=secret.get("Name"),
            tags={tag["Key"]: tag.get("Value") for tag in secret.get("Tags", []) or []},
            attributes={
                "kms_key_id": secret.get("KmsKeyId"),
                "rotation_enabled": enabled,
                "rotation_days": days,
                "policy": keep(dig(policy, "ResourcePolicy"), policy_document),
                "replication_regions": replicas,
            },
            api="secretsmanager:ListSecrets",
        )


@collector("ssm.parameter", service="ssm")
def collect_ssm_parameters(context: LiveContext) -> Iterator[Resource]:
    """Parameters from DescribeParameters, which returns metadata only: never GetParameter."""
    for parameter in context.listing("ssm", "DescribeParameters", "Parameters"):
        name = parameter["Name"]
        path = name if name.startswith("/") else f"/{name}"  # ARNs write /name for both forms
        yield context.resource(
            arn=parameter.get("ARN") or arn(context, "ssm", f"parameter{path}"),
            name=name,
            api="ssm:DescribeParameters",
            attributes={
                **ssm_parameter_encryption(parameter.get("Type"), parameter.get("KeyId")),
                "tier": parameter.get("Tier") or "Standard",
            },
        )


COLLECTORS = [collect_kms_keys, collect_secrets, collect_ssm_parameters]
