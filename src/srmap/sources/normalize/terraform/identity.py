"""Terraform IAM principals and policies, KMS keys, Secrets Manager secrets and SSM parameters,
with their split resources."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.normalize.managed_policies import (
    aws_managed_policy_name,
    managed_policy_document,
)
from srmap.sources.normalize.registry import Parts, normalizer
from srmap.sources.normalize.terraform._planned import configured
from srmap.sources.normalize.values import (
    as_bool,
    as_int,
    as_list,
    aws_managed_key,
    block,
    blocks,
    dig,
    none_if_empty,
    or_default,
    parse_policy,
    sorted_values,
    sorted_values_of_parts,
)
from srmap.sources.raw import Dialect, RawResource

__all__ = [
    "NORMALIZERS",
    "attachment_summary",
    "default_key_policy",
    "is_default_key_policy",
    "rotation_days",
    "sorted_values",  # re-exported from values for the live collectors
    "ssm_parameter_encryption",
]

TF = Dialect.TERRAFORM
_ATTACHMENT = "aws_iam_policy_attachment"
_RATE_IN_DAYS = re.compile(r"rate\(\s*(\d+)\s+days?\s*\)")


def _inline_policy(name: Any, document: Any) -> dict[str, Any]:
    return {"name": name, "document": parse_policy(document)}


def _by_name(policies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(policies, key=lambda p: (isinstance(p["name"], Unknown), str(p["name"])))


def _inline_policies(raw: RawResource, parts: Parts, part_type: str) -> list[Any] | Unknown:
    """Inline policies written on the principal (``inline_policy`` blocks) and as parts."""
    own = as_list(configured(raw, "inline_policy"))
    separate = [
        _inline_policy(p.values.get("name"), p.values.get("policy")) for p in parts.of(part_type)
    ]
    if isinstance(own, Unknown):
        # Policies the input does not show are one UNKNOWN entry beside the ones it does.
        return [UNKNOWN, *_by_name(separate)] if separate else UNKNOWN
    found = [
        _inline_policy(item.get("name"), item.get("policy"))
        for item in own
        if isinstance(item, dict) and none_if_empty(item.get("name")) is not None
    ]
    return _by_name([*found, *separate])


def _managed_policy_arns(raw: RawResource, parts: Parts, part_type: str) -> list[Any] | Unknown:
    """ARNs from the principal's own argument and from its attachment resources."""
    own = as_list(configured(raw, "managed_policy_arns"))
    attached = [p.values.get("policy_arn") for p in parts.of(part_type)]
    if isinstance(own, Unknown):
        return [UNKNOWN, *sorted_values(attached)] if attached else UNKNOWN
    return sorted_values([*own, *attached])


def _permissions_boundary(raw: RawResource) -> Any:
    return none_if_empty(configured(raw, "permissions_boundary"))


@normalizer(
    "iam.role",
    TF,
    name="name",
    identity=("name", "id", "arn"),
    parts={"aws_iam_role_policy": "role", "aws_iam_role_policy_attachment": "role"},
)
def normalize_iam_role(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_iam_role with its inline policies and policy attachments."""
    return {
        "assume_role_policy": parse_policy(raw.values.get("assume_role_policy")),
        "inline_policies": _inline_policies(raw, parts, "aws_iam_role_policy"),
        "managed_policy_arns": _managed_policy_arns(raw, parts, "aws_iam_role_policy_attachment"),
        "permissions_boundary": _permissions_boundary(raw),
        "max_session_duration": as_int(configured(raw, "max_session_duration"), 3600),
    }


def _access_key(key: RawResource) -> dict[str, Any]:
    # Terraform creates keys Active unless told otherwise; use is only seen by the live API.
    status = key.values.get("status")
    return {
        "status": "Active" if status is None or status == "" else status,
        "created": key.values.get("create_date", UNKNOWN),
        "last_used": UNKNOWN,
    }


@normalizer(
    "iam.user",
    TF,
    name="name",
    identity=("name", "id", "arn"),
    parts={
        "aws_iam_user_policy": "user",
        "aws_iam_user_policy_attachment": "user",
        "aws_iam_user_group_membership": "user",
        "aws_iam_user_login_profile": "user",
        "aws_iam_access_key": "user",
    },
)
def normalize_iam_user(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_iam_user with its policies, memberships, login profile and access keys."""
    return {
        "inline_policies": _inline_policies(raw, parts, "aws_iam_user_policy"),
        "managed_policy_arns": _managed_policy_arns(raw, parts, "aws_iam_user_policy_attachment"),
        "group_names": sorted_values_of_parts(parts, "aws_iam_user_group_membership", "groups"),
        "permissions_boundary": _permissions_boundary(raw),
        "console_access": parts.first("aws_iam_user_login_profile") is not None,
        # An MFA device is enrolled by hand and a password's use is seen only by the live API.
        "mfa_enabled": UNKNOWN,
        "password_last_used": UNKNOWN,
        "access_keys": [_access_key(key) for key in parts.of("aws_iam_access_key")],
    }


@normalizer(
    "iam.group",
    TF,
    name="name",
    identity=("name", "id", "arn"),
    parts={
        "aws_iam_group_policy": "group",
        "aws_iam_group_policy_attachment": "group",
        "aws_iam_group_membership": "group",
    },
)
def normalize_iam_group(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_iam_group with its policies and member lists."""
    return {
        "inline_policies": _inline_policies(raw, parts, "aws_iam_group_policy"),
        "managed_policy_arns": _managed_policy_arns(raw, parts, "aws_iam_group_policy_attachment"),
        "user_names": sorted_values_of_parts(parts, "aws_iam_group_membership", "users"),
    }


def attachment_summary(
    users: list[Any] | Unknown, groups: list[Any] | Unknown, roles: list[Any] | Unknown
) -> dict[str, Any]:
    """The attached_* lists and their total count (UNKNOWN when any list is)."""
    lists = (users, groups, roles)
    count: int | Unknown = (
        UNKNOWN
        if any(isinstance(names, Unknown) for names in lists)
        else sum(len(names) for names in lists if isinstance(names, list))
    )
    return {
        "attached_users": users,
        "attached_groups": groups,
        "attached_roles": roles,
        "attachment_count": count,
    }


def _aws_managed_name(raw: RawResource, parts: Parts) -> str | None:
    """The AWS managed policy an undeclared policy's attachments all name, else None."""
    if "policy" in raw.values:
        return None  # declared here: an aws_iam_policy is always customer managed
    names = {aws_managed_policy_name(p.values.get("policy_arn")) for p in parts.of(_ATTACHMENT)}
    return names.pop() if len(names) == 1 else None


@normalizer(
    "iam.policy",
    TF,
    name="name",
    identity=("arn", "id"),
    parts={_ATTACHMENT: "policy_arn"},
)
def normalize_iam_policy(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_iam_policy with the principals its exclusive attachments name; attachments of an
    AWS managed policy (which no input declares) stand for it, with its published document."""
    managed = _aws_managed_name(raw, parts)
    return {
        "document": parse_policy(raw.values.get("policy"))
        if managed is None
        else managed_policy_document(managed),
        "policy_kind": "customer_managed" if managed is None else "aws_managed",
        **attachment_summary(
            sorted_values_of_parts(parts, _ATTACHMENT, "users"),
            sorted_values_of_parts(parts, _ATTACHMENT, "groups"),
            sorted_values_of_parts(parts, _ATTACHMENT, "roles"),
        ),
    }


def default_key_policy(account: Any) -> dict[str, Any]:
    """The key policy KMS attaches when none is given: the account may use IAM to allow access."""
    principal = f"arn:aws:iam::{account}:root" if isinstance(account, str) else UNKNOWN
    return {
        "Version": "2012-10-17",
        "Id": "key-default-1",
        "Statement": [
            {
                "Sid": "Enable IAM User Permissions",
                "Effect": "Allow",
                "Principal": {"AWS": principal},
                "Action": "kms:*",
                "Resource": "*",
            }
        ],
    }


def is_default_key_policy(document: Any, account: str) -> bool:
    """Whether a key's policy is the one KMS attaches when none is written (its Id aside)."""
    if not isinstance(document, dict):
        return False
    return bool(document.get("Statement") == default_key_policy(account)["Statement"])


def _key_policy(raw: RawResource, parts: Parts) -> tuple[Any, bool]:
    """The key policy and whether one is written (KMS's default applies when none is)."""
    split = parts.first("aws_kms_key_policy")
    policy = split.values.get("policy") if split else configured(raw, "policy")
    parsed = parse_policy(policy)
    return (default_key_policy(raw.account), False) if parsed is None else (parsed, True)


def _key_material(raw: RawResource) -> dict[str, Any]:
    """Spec, usage and rotation: a replica shares its primary's, unknown from here."""
    if raw.native_type == "aws_kms_replica_key":
        return {"rotation_enabled": UNKNOWN, "key_spec": UNKNOWN, "key_usage": UNKNOWN}
    rotation = (
        False  # imported key material is never rotated automatically
        if raw.native_type == "aws_kms_external_key"
        else as_bool(configured(raw, "enable_key_rotation"), False)
    )
    # aws_kms_key says customer_master_key_spec, aws_kms_external_key says key_spec.
    spec = or_default(configured(raw, "customer_master_key_spec"), configured(raw, "key_spec"))
    return {
        "rotation_enabled": rotation,
        "key_spec": or_default(spec, "SYMMETRIC_DEFAULT"),
        "key_usage": or_default(configured(raw, "key_usage"), "ENCRYPT_DECRYPT"),
    }


@normalizer(
    "kms.key",
    TF,
    identity=("key_id", "id", "arn"),
    parts={"aws_kms_key_policy": "key_id"},
)
def normalize_kms_key(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_kms_key, aws_kms_replica_key or aws_kms_external_key with its key policy."""
    enabled = configured(raw, "is_enabled" if raw.native_type == "aws_kms_key" else "enabled")
    multi_region = (
        True
        if raw.native_type == "aws_kms_replica_key"
        else as_bool(configured(raw, "multi_region"), False)
    )
    policy, declared = _key_policy(raw, parts)
    return {
        "key_manager": "CUSTOMER",
        "enabled": as_bool(enabled, True),
        **_key_material(raw),
        "multi_region": multi_region,
        "policy": policy,
        "policy_declared": declared,
        "deletion_window_days": as_int(configured(raw, "deletion_window_in_days"), 30),
    }


def rotation_days(days: Any, expression: Any) -> int | Unknown | None:
    """Days between rotations from an interval or a ``rate(N days)`` expression, else None."""
    if isinstance(days, Unknown) or isinstance(expression, Unknown):
        return UNKNOWN
    found = as_int(days)
    if found is not None:
        return found
    match = _RATE_IN_DAYS.fullmatch(expression.strip()) if isinstance(expression, str) else None
    return int(match.group(1)) if match else None


def _rotation(parts: Parts) -> tuple[bool, int | Unknown | None]:
    rotation = parts.first("aws_secretsmanager_secret_rotation")
    if rotation is None:
        return False, None
    rules = block(rotation.values, "rotation_rules")
    return True, rotation_days(
        dig(rules, "automatically_after_days"), dig(rules, "schedule_expression")
    )


def _replica_regions(raw: RawResource) -> list[Any] | Unknown:
    replicas = blocks({"replica": configured(raw, "replica")}, "replica")
    if isinstance(replicas, Unknown):
        return UNKNOWN
    return sorted_values(dig(replica, "region") for replica in replicas)


@normalizer(
    "secretsmanager.secret",
    TF,
    name="name",
    identity=("id", "arn", "name"),
    parts={
        "aws_secretsmanager_secret_policy": "secret_arn",
        "aws_secretsmanager_secret_rotation": "secret_id",
    },
)
def normalize_secretsmanager_secret(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_secretsmanager_secret with its policy and rotation (never its value)."""
    split = parts.first("aws_secretsmanager_secret_policy")
    policy = split.values.get("policy") if split else configured(raw, "policy")
    enabled, days = _rotation(parts)
    return {
        "kms_key_id": none_if_empty(configured(raw, "kms_key_id")),
        "rotation_enabled": enabled,
        "rotation_days": days,
        "policy": parse_policy(policy),
        "replication_regions": _replica_regions(raw),
    }


def ssm_parameter_encryption(kind: Any, key: Any) -> dict[str, Any]:
    """A parameter's type, encryption and key: only a SecureString is encrypted, with KMS."""
    if not isinstance(kind, str):  # unresolved, or missing from a malformed input
        return {"parameter_type": UNKNOWN, "encrypted": UNKNOWN, "kms_key_id": UNKNOWN}
    secure = kind == "SecureString"
    named = key if secure and not aws_managed_key(key) else None
    return {"parameter_type": kind, "encrypted": secure, "kms_key_id": none_if_empty(named)}


@normalizer("ssm.parameter", TF, name="name", identity=("name", "arn", "id"))
def normalize_ssm_parameter(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_ssm_parameter (never its value); unset, a SecureString uses alias/aws/ssm."""
    return {
        **ssm_parameter_encryption(raw.values.get("type"), configured(raw, "key_id")),
        "tier": or_default(configured(raw, "tier"), "Standard"),
    }


NORMALIZERS = [
    normalize_iam_role,
    normalize_iam_user,
    normalize_iam_group,
    normalize_iam_policy,
    normalize_kms_key,
    normalize_secretsmanager_secret,
    normalize_ssm_parameter,
]
