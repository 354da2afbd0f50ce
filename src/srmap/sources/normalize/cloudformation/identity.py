"""CloudFormation IAM principals and policies, KMS keys, Secrets Manager secrets and SSM
parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.normalize.registry import Parts, normalizer
from srmap.sources.normalize.terraform.identity import (
    attachment_summary,
    default_key_policy,
    rotation_days,
    ssm_parameter_encryption,
)
from srmap.sources.normalize.values import (
    as_bool,
    as_int,
    as_list,
    blocks,
    dig,
    none_if_empty,
    or_default,
    parse_policy,
    sorted_values,
    sorted_values_of_parts,
)
from srmap.sources.raw import Dialect, RawResource

__all__ = ["NORMALIZERS"]

CFN = Dialect.CLOUDFORMATION


def _names(value: Any) -> list[Any] | Unknown:
    found = as_list(value)
    return found if isinstance(found, Unknown) else sorted_values(found)


def _inline_policies(raw: RawResource, parts: Parts, part_type: str) -> list[Any] | Unknown:
    """The ``Policies`` property and the separately declared single-principal policies."""
    own = blocks(raw.values, "Policies")
    separate = [part.values for part in parts.of(part_type)]
    if isinstance(own, Unknown) and not separate:
        return UNKNOWN
    found = [
        {"name": dig(item, "PolicyName"), "document": parse_policy(dig(item, "PolicyDocument"))}
        for item in [*([] if isinstance(own, Unknown) else own), *separate]
    ]
    ordered = sorted(found, key=lambda p: (isinstance(p["name"], Unknown), str(p["name"])))
    # Policies the input does not show are one UNKNOWN entry beside the ones it does.
    return [UNKNOWN, *ordered] if isinstance(own, Unknown) else ordered


def _permissions_boundary(raw: RawResource) -> Any:
    return none_if_empty(raw.values.get("PermissionsBoundary"))


@normalizer(
    "iam.role",
    CFN,
    name="RoleName",
    identity=("RoleName",),
    parts={"AWS::IAM::RolePolicy": "RoleName"},
)
def normalize_iam_role(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::IAM::Role with its AWS::IAM::RolePolicy resources."""
    values = raw.values
    return {
        "assume_role_policy": parse_policy(values.get("AssumeRolePolicyDocument")),
        "inline_policies": _inline_policies(raw, parts, "AWS::IAM::RolePolicy"),
        "managed_policy_arns": _names(values.get("ManagedPolicyArns")),
        "permissions_boundary": _permissions_boundary(raw),
        "max_session_duration": as_int(values.get("MaxSessionDuration"), 3600),
    }


def _access_key(key: RawResource) -> dict[str, Any]:
    return {
        "status": or_default(key.values.get("Status"), "Active"),
        "created": UNKNOWN,
        "last_used": UNKNOWN,
    }


@normalizer(
    "iam.user",
    CFN,
    name="UserName",
    identity=("UserName",),
    parts={"AWS::IAM::AccessKey": "UserName", "AWS::IAM::UserPolicy": "UserName"},
)
def normalize_iam_user(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::IAM::User with its access keys and AWS::IAM::UserPolicy resources."""
    values = raw.values
    login = values.get("LoginProfile")
    return {
        "inline_policies": _inline_policies(raw, parts, "AWS::IAM::UserPolicy"),
        "managed_policy_arns": _names(values.get("ManagedPolicyArns")),
        "group_names": _names(values.get("Groups")),
        "permissions_boundary": _permissions_boundary(raw),
        "console_access": UNKNOWN if isinstance(login, Unknown) else login is not None,
        # An MFA device is enrolled by hand and a password's use is seen only by the live API.
        "mfa_enabled": UNKNOWN,
        "password_last_used": UNKNOWN,
        "access_keys": [_access_key(key) for key in parts.of("AWS::IAM::AccessKey")],
    }


@normalizer(
    "iam.group",
    CFN,
    name="GroupName",
    identity=("GroupName",),
    parts={"AWS::IAM::UserToGroupAddition": "GroupName", "AWS::IAM::GroupPolicy": "GroupName"},
)
def normalize_iam_group(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::IAM::Group with its member additions and AWS::IAM::GroupPolicy resources."""
    return {
        "inline_policies": _inline_policies(raw, parts, "AWS::IAM::GroupPolicy"),
        "managed_policy_arns": _names(raw.values.get("ManagedPolicyArns")),
        "user_names": sorted_values_of_parts(parts, "AWS::IAM::UserToGroupAddition", "Users"),
    }


@normalizer("iam.policy", CFN, name=("ManagedPolicyName", "PolicyName"), identity=())
def normalize_iam_policy(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::IAM::ManagedPolicy, or AWS::IAM::Policy (one inline policy for many principals)."""
    values = raw.values
    inline = raw.native_type == "AWS::IAM::Policy"
    return {
        "document": parse_policy(values.get("PolicyDocument")),
        "policy_kind": "inline" if inline else "customer_managed",
        **attachment_summary(
            _names(values.get("Users")), _names(values.get("Groups")), _names(values.get("Roles"))
        ),
    }


def _key_policy(raw: RawResource) -> tuple[Any, bool]:
    """The key policy and whether one is written (KMS's default applies when none is)."""
    parsed = parse_policy(raw.values.get("KeyPolicy"))
    return (default_key_policy(raw.account), False) if parsed is None else (parsed, True)


@normalizer("kms.key", CFN, identity=())
def normalize_kms_key(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::KMS::Key or AWS::KMS::ReplicaKey (which shares its primary's spec and rotation)."""
    values = raw.values
    replica = raw.native_type == "AWS::KMS::ReplicaKey"
    policy, declared = _key_policy(raw)
    return {
        "key_manager": "CUSTOMER",
        "enabled": as_bool(values.get("Enabled"), True),
        "rotation_enabled": UNKNOWN if replica else as_bool(values.get("EnableKeyRotation"), False),
        "key_spec": UNKNOWN if replica else or_default(values.get("KeySpec"), "SYMMETRIC_DEFAULT"),
        "key_usage": UNKNOWN if replica else or_default(values.get("KeyUsage"), "ENCRYPT_DECRYPT"),
        "multi_region": True if replica else as_bool(values.get("MultiRegion"), False),
        "policy": policy,
        "policy_declared": declared,
        "deletion_window_days": as_int(values.get("PendingWindowInDays"), 30),
    }


def _rotation(parts: Parts) -> tuple[bool, int | Unknown | None]:
    schedule = parts.first("AWS::SecretsManager::RotationSchedule")
    if schedule is None:
        return False, None
    rules = schedule.values.get("RotationRules")
    return True, rotation_days(
        dig(rules, "AutomaticallyAfterDays"), dig(rules, "ScheduleExpression")
    )


def _replica_regions(values: Mapping[str, Any]) -> list[Any] | Unknown:
    replicas = blocks(values, "ReplicaRegions")
    if isinstance(replicas, Unknown):
        return UNKNOWN
    return sorted_values(dig(replica, "Region") for replica in replicas)


@normalizer(
    "secretsmanager.secret",
    CFN,
    name="Name",
    identity=("Name",),
    parts={
        "AWS::SecretsManager::ResourcePolicy": "SecretId",
        "AWS::SecretsManager::RotationSchedule": "SecretId",
    },
)
def normalize_secretsmanager_secret(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::SecretsManager::Secret with its resource policy and rotation (never its value)."""
    policy = parts.first("AWS::SecretsManager::ResourcePolicy")
    enabled, days = _rotation(parts)
    return {
        "kms_key_id": none_if_empty(raw.values.get("KmsKeyId")),
        "rotation_enabled": enabled,
        "rotation_days": days,
        "policy": parse_policy(policy.values.get("ResourcePolicy")) if policy else None,
        "replication_regions": _replica_regions(raw.values),
    }


@normalizer("ssm.parameter", CFN, name="Name")
def normalize_ssm_parameter(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::SSM::Parameter (never its value): CloudFormation creates String and StringList
    parameters only, so none is encrypted."""
    return {
        **ssm_parameter_encryption(raw.values.get("Type"), None),
        "tier": or_default(raw.values.get("Tier"), "Standard"),
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
