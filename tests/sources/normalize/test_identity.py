"""IAM principals and policies, KMS keys and secrets from Terraform and CloudFormation."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

import pytest
import raw_resources
from raw_resources import attributes, normalized, tf

from srmap.model import UNKNOWN
from srmap.sources.raw import RawResource

DOC = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*"}]}
SSM = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"

# The templates here deploy into one known account: a key's default policy names its root.
cfn = partial(raw_resources.cfn, account="111122223333")

ROLE = {"name": "app", "assume_role_policy": json.dumps(DOC)}


def test_terraform_role_collects_inline_and_attached_policies_from_parts() -> None:
    """Inline policy and attachment resources join the role they reference, sorted."""
    found = attributes(
        tf("aws_iam_role.app", {**ROLE, "managed_policy_arns": [SSM]}),
        tf(
            "aws_iam_role_policy.b",
            {"name": "b", "role": UNKNOWN, "policy": json.dumps(DOC)},
            role=("aws_iam_role.app",),
        ),
        tf("aws_iam_role_policy.a", {"name": "a", "role": "app", "policy": DOC}),
        tf("aws_iam_role_policy_attachment.x", {"role": "app", "policy_arn": READ_ONLY}),
    )
    assert found["assume_role_policy"] == DOC
    assert found["inline_policies"] == [
        {"name": "a", "document": DOC},
        {"name": "b", "document": DOC},
    ]
    assert found["managed_policy_arns"] == [SSM, READ_ONLY]
    assert found["permissions_boundary"] is None
    assert found["max_session_duration"] == 3600


def test_planned_role_treats_computed_unknowns_as_not_configured() -> None:
    """A plan's unknown inline_policy that refers to nothing was left to the provider."""
    planned = {
        **ROLE,
        "id": UNKNOWN,
        "inline_policy": UNKNOWN,
        "managed_policy_arns": UNKNOWN,
        "max_session_duration": 3600,
        "permissions_boundary": "",
    }
    found = attributes(tf("aws_iam_role.app", planned))
    assert found["inline_policies"] == []
    assert found["managed_policy_arns"] == []
    assert found["permissions_boundary"] is None


def test_hcl_role_with_unresolved_policies_is_unknown() -> None:
    """In HCL an unknown value was written, so the role's lists cannot be told."""
    found = attributes(
        tf("aws_iam_role.app", {**ROLE, "managed_policy_arns": UNKNOWN, "inline_policy": UNKNOWN})
    )
    assert found["managed_policy_arns"] is UNKNOWN
    assert found["inline_policies"] is UNKNOWN


def test_cloudformation_role_matches_terraform_role() -> None:
    """Policies, ManagedPolicyArns and a RolePolicy part give Terraform's attributes."""
    found = attributes(
        cfn(
            "AppRole",
            "AWS::IAM::Role",
            {
                "RoleName": "app",
                "AssumeRolePolicyDocument": DOC,
                "Policies": [{"PolicyName": "b", "PolicyDocument": DOC}],
                "ManagedPolicyArns": [SSM, READ_ONLY],
                "MaxSessionDuration": 7200,
                "PermissionsBoundary": READ_ONLY,
            },
        ),
        cfn(
            "APolicy",
            "AWS::IAM::RolePolicy",
            {"RoleName": UNKNOWN, "PolicyName": "a", "PolicyDocument": DOC},
            RoleName=("AppRole",),
        ),
    )
    assert found == {
        "assume_role_policy": DOC,
        "inline_policies": [{"name": "a", "document": DOC}, {"name": "b", "document": DOC}],
        "managed_policy_arns": [SSM, READ_ONLY],
        "permissions_boundary": READ_ONLY,
        "max_session_duration": 7200,
    }


def test_terraform_user_with_login_keys_and_groups() -> None:
    """Login profile, access keys and group memberships join the user by name."""
    found = attributes(
        tf("aws_iam_user.alice", {"name": "alice"}),
        tf("aws_iam_user_login_profile.alice", {"user": "alice"}),
        tf("aws_iam_access_key.alice", {"user": "alice", "status": "Inactive"}),
        tf("aws_iam_access_key.alice2", {"user": "alice"}),
        tf("aws_iam_user_group_membership.alice", {"user": "alice", "groups": ["ops", "dev"]}),
        tf("aws_iam_user_policy_attachment.alice", {"user": "alice", "policy_arn": SSM}),
    )
    assert found["console_access"] is True
    assert [key["status"] for key in found["access_keys"]] == ["Inactive", "Active"]
    assert found["access_keys"][0]["last_used"] is UNKNOWN
    assert found["group_names"] == ["dev", "ops"]
    assert found["managed_policy_arns"] == [SSM]
    assert found["mfa_enabled"] is UNKNOWN
    assert found["password_last_used"] is UNKNOWN


def test_terraform_user_without_parts_has_no_console_or_keys() -> None:
    """A user declared alone has no password, keys, groups or policies."""
    found = attributes(tf("aws_iam_user.bob", {"name": "bob"}))
    assert found["console_access"] is False
    assert found["access_keys"] == []
    assert found["group_names"] == []
    assert found["inline_policies"] == []


def test_cloudformation_user_reads_its_own_properties_and_keys() -> None:
    """LoginProfile, Groups and an AccessKey part referencing the user."""
    found = attributes(
        cfn(
            "Alice",
            "AWS::IAM::User",
            {"UserName": "alice", "Groups": ["ops"], "LoginProfile": {"Password": UNKNOWN}},
        ),
        cfn("AliceKey", "AWS::IAM::AccessKey", {"UserName": UNKNOWN}, UserName=("Alice",)),
    )
    assert found["console_access"] is True
    assert found["group_names"] == ["ops"]
    assert found["access_keys"] == [{"status": "Active", "created": UNKNOWN, "last_used": UNKNOWN}]


@pytest.mark.parametrize(
    "raws",
    [
        [
            tf("aws_iam_group.ops", {"name": "ops"}),
            tf("aws_iam_group_membership.ops", {"group": "ops", "users": ["bob", "alice"]}),
            tf("aws_iam_group_policy_attachment.ops", {"group": "ops", "policy_arn": SSM}),
        ],
        [
            cfn("Ops", "AWS::IAM::Group", {"GroupName": "ops", "ManagedPolicyArns": [SSM]}),
            cfn("Add", "AWS::IAM::UserToGroupAddition", {"GroupName": "ops", "Users": ["bob"]}),
            cfn("Add2", "AWS::IAM::UserToGroupAddition", {"GroupName": "ops", "Users": ["alice"]}),
        ],
    ],
    ids=["terraform", "cloudformation"],
)
def test_group_members_and_policies(raws: list[RawResource]) -> None:
    """Members and attachments declared on the group side join the group."""
    found = attributes(*raws)
    assert found == {
        "inline_policies": [],
        "managed_policy_arns": [SSM],
        "user_names": ["alice", "bob"],
    }


def test_terraform_policy_lists_the_principals_of_its_attachments() -> None:
    """aws_iam_policy_attachment joins by reference and names users, groups and roles."""
    found = attributes(
        tf("aws_iam_policy.p", {"name": "p", "policy": json.dumps(DOC), "arn": UNKNOWN}),
        tf(
            "aws_iam_policy_attachment.p",
            {"policy_arn": UNKNOWN, "roles": ["app"], "users": ["bob", "alice"], "groups": []},
            policy_arn=("aws_iam_policy.p",),
        ),
    )
    assert found == {
        "document": DOC,
        "policy_kind": "customer_managed",
        "attached_users": ["alice", "bob"],
        "attached_groups": [],
        "attached_roles": ["app"],
        "attachment_count": 3,
    }


def test_policy_attachment_count_is_unknown_when_a_list_is() -> None:
    """An unknown principal list makes the count unknown, not zero."""
    found = attributes(
        tf("aws_iam_policy.p", {"name": "p", "policy": "{}", "arn": "arn:p"}),
        tf("aws_iam_policy_attachment.p", {"policy_arn": "arn:p", "roles": UNKNOWN}),
    )
    assert found["attached_roles"] is UNKNOWN
    assert found["attachment_count"] is UNKNOWN


@pytest.mark.parametrize(
    ("native_type", "kind"),
    [("AWS::IAM::Policy", "inline"), ("AWS::IAM::ManagedPolicy", "customer_managed")],
)
def test_cloudformation_policy_kinds_and_principals(native_type: str, kind: str) -> None:
    """AWS::IAM::Policy is an inline policy for many principals; a managed one is not."""
    found = attributes(
        cfn(
            "P",
            native_type,
            {
                "PolicyName": "p",
                "PolicyDocument": DOC,
                "Roles": [UNKNOWN, "app"],
                "Groups": ["ops"],
            },
        )
    )
    assert found["policy_kind"] == kind
    assert found["attached_roles"] == ["app", UNKNOWN]
    assert found["attached_users"] == []
    assert found["attachment_count"] == 3


def test_terraform_key_defaults_and_default_key_policy() -> None:
    """A bare key is enabled, symmetric, not rotated, and gets the default key policy."""
    found = attributes(
        tf("aws_kms_key.k", {"id": UNKNOWN, "policy": UNKNOWN, "multi_region": UNKNOWN})
    )
    assert found["enabled"] is True
    assert found["rotation_enabled"] is False
    assert (found["key_spec"], found["key_usage"]) == ("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT")
    assert found["multi_region"] is False
    assert found["deletion_window_days"] == 30
    assert found["policy"]["Statement"][0]["Principal"] == {"AWS": UNKNOWN}
    assert found["policy_declared"] is False


def test_terraform_key_policy_resource_replaces_the_default() -> None:
    """aws_kms_key_policy joins the key it references."""
    found = attributes(
        tf("aws_kms_key.k", {"enable_key_rotation": True, "is_enabled": False}),
        tf(
            "aws_kms_key_policy.k",
            {"key_id": UNKNOWN, "policy": json.dumps(DOC)},
            key_id=("aws_kms_key.k",),
        ),
    )
    assert found["policy"] == DOC
    assert found["policy_declared"] is True
    assert found["rotation_enabled"] is True
    assert found["enabled"] is False


def test_replica_key_is_multi_region_and_inherits_its_material() -> None:
    """A replica shares its primary's spec and rotation, which it cannot say itself."""
    found = attributes(tf("aws_kms_replica_key.r", {"primary_key_arn": "arn:k", "policy": DOC}))
    assert found["multi_region"] is True
    assert found["key_spec"] is UNKNOWN
    assert found["rotation_enabled"] is UNKNOWN


def test_cloudformation_key_default_policy_names_the_account_root() -> None:
    """Without KeyPolicy the default policy trusts the template's account."""
    found = attributes(
        cfn(
            "Key",
            "AWS::KMS::Key",
            {"EnableKeyRotation": "true", "KeySpec": "RSA_2048", "KeyUsage": "SIGN_VERIFY"},
        )
    )
    principal = found["policy"]["Statement"][0]["Principal"]
    assert principal == {"AWS": "arn:aws:iam::111122223333:root"}
    assert found["policy_declared"] is False
    assert found["rotation_enabled"] is True
    assert (found["key_spec"], found["key_usage"]) == ("RSA_2048", "SIGN_VERIFY")


@pytest.mark.parametrize(
    ("rules", "days"),
    [
        ({"automatically_after_days": 30}, 30),
        ({"schedule_expression": "rate(10 days)"}, 10),
        ({"schedule_expression": "cron(0 16 1,15 * ? *)"}, None),
        ({"automatically_after_days": UNKNOWN}, UNKNOWN),
    ],
)
def test_secret_rotation_days(rules: dict[str, Any], days: Any) -> None:
    """Rotation days come from an interval or a rate expression; cron gives none."""
    found = attributes(
        tf("aws_secretsmanager_secret.s", {"name": "s", "arn": "arn:s"}),
        tf(
            "aws_secretsmanager_secret_rotation.s",
            {"secret_id": "arn:s", "rotation_rules": [rules]},
        ),
    )
    assert found["rotation_enabled"] is True
    assert found["rotation_days"] is days or found["rotation_days"] == days


def test_terraform_secret_policy_part_and_replicas() -> None:
    """The policy resource joins by reference; replica regions are listed sorted."""
    found = attributes(
        tf(
            "aws_secretsmanager_secret.s",
            {
                "name": "s",
                "kms_key_id": "",
                "replica": [{"region": "us-east-1"}, {"region": "eu-central-1"}],
            },
        ),
        tf(
            "aws_secretsmanager_secret_policy.s",
            {"secret_arn": UNKNOWN, "policy": DOC},
            secret_arn=("aws_secretsmanager_secret.s",),
        ),
    )
    assert found == {
        "kms_key_id": None,
        "rotation_enabled": False,
        "rotation_days": None,
        "policy": DOC,
        "replication_regions": ["eu-central-1", "us-east-1"],
    }


def test_cloudformation_secret_with_policy_and_schedule() -> None:
    """ResourcePolicy and RotationSchedule join the secret they reference."""
    found = attributes(
        cfn(
            "S",
            "AWS::SecretsManager::Secret",
            {"Name": "s", "ReplicaRegions": [{"Region": "us-east-1"}]},
        ),
        cfn(
            "P",
            "AWS::SecretsManager::ResourcePolicy",
            {"SecretId": UNKNOWN, "ResourcePolicy": DOC},
            SecretId=("S",),
        ),
        cfn(
            "R",
            "AWS::SecretsManager::RotationSchedule",
            {"SecretId": UNKNOWN, "RotationRules": {"ScheduleExpression": "rate(7 days)"}},
            SecretId=("S",),
        ),
    )
    assert found == {
        "kms_key_id": None,
        "rotation_enabled": True,
        "rotation_days": 7,
        "policy": DOC,
        "replication_regions": ["us-east-1"],
    }


ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
ADMIN_DOC = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}


@pytest.mark.parametrize(
    ("policy_arn", "kind", "document"),
    [
        (ADMIN, "aws_managed", ADMIN_DOC),
        (READ_ONLY, "aws_managed", UNKNOWN),  # an AWS managed policy the table does not list
        ("arn:aws:iam::123456789012:policy/mine", "customer_managed", UNKNOWN),
    ],
)
def test_attachment_of_an_undeclared_policy_stands_for_it(
    policy_arn: str, kind: str, document: Any
) -> None:
    """An attachment whose policy no input declares stands for it; an AWS managed policy
    (named by ARN alone) brings its published document, any other stays unknown."""
    found = attributes(
        tf("aws_iam_policy_attachment.a", {"policy_arn": policy_arn, "roles": ["app"]})
    )
    assert found["policy_kind"] == kind
    if document is UNKNOWN:
        assert found["document"] is UNKNOWN
    else:
        assert found["document"] == document
    assert found["attached_roles"] == ["app"]


def test_attachments_naming_different_managed_policies_stay_unknown() -> None:
    """Parts that name two policies cannot stand for one AWS managed document."""
    found = attributes(
        tf("aws_iam_policy.p", {"name": "p", "policy": json.dumps(DOC), "arn": "arn:p"}),
        tf("aws_iam_policy_attachment.a", {"policy_arn": "arn:p", "roles": ["app"]}),
    )
    assert found["policy_kind"] == "customer_managed"
    assert found["document"] == DOC


SSM_KEYS = ("parameter_type", "encrypted", "kms_key_id", "tier")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"type": "SecureString"}, ("SecureString", True, None, "Standard")),
        (
            {"type": "SecureString", "key_id": "alias/orders", "tier": "Advanced"},
            ("SecureString", True, "alias/orders", "Advanced"),
        ),
        (
            {"type": "SecureString", "key_id": "alias/aws/ssm"},
            ("SecureString", True, None, "Standard"),
        ),
        ({"type": "String", "key_id": "alias/orders"}, ("String", False, None, "Standard")),
        ({"type": "StringList"}, ("StringList", False, None, "Standard")),
        ({"type": UNKNOWN}, (UNKNOWN, UNKNOWN, UNKNOWN, "Standard")),
        # A plan shows the computed key and tier of an unset SecureString as unknown.
        (
            {"id": UNKNOWN, "type": "SecureString", "key_id": UNKNOWN, "tier": UNKNOWN},
            ("SecureString", True, None, "Standard"),
        ),
    ],
)
def test_ssm_parameter_terraform(values: dict[str, Any], expected: tuple[Any, ...]) -> None:
    """Only a SecureString is encrypted; its key defaults to aws/ssm, which names no key."""
    got = attributes(tf("aws_ssm_parameter.p", {"name": "p", "value": "secret", **values}))
    assert set(got) == set(SSM_KEYS)
    assert tuple(got[key] for key in SSM_KEYS) == expected


@pytest.mark.parametrize("kind", ["String", "StringList"])
def test_ssm_parameter_cloudformation_is_never_encrypted(kind: str) -> None:
    """CloudFormation creates only String and StringList parameters; the value is never kept."""
    raw = cfn("Param", "AWS::SSM::Parameter", {"Type": kind, "Value": "hunter2"})
    got = attributes(raw)
    assert got == {
        "parameter_type": kind,
        "encrypted": False,
        "kms_key_id": None,
        "tier": "Standard",
    }
    assert "hunter2" not in repr(normalized(raw))


def test_cloudformation_key_with_key_policy_declares_it() -> None:
    """A written KeyPolicy replaces the default and counts as declared."""
    found = attributes(cfn("Key", "AWS::KMS::Key", {"KeyPolicy": DOC}))
    assert found["policy"] == DOC
    assert found["policy_declared"] is True
