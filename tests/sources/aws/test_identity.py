"""Live IAM: roles, users, groups and customer-managed policies seeded in moto normalize to the
same attributes as the IaC parity case, with credentials from the credential report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from live_collection import collected

from srmap.model import UNKNOWN
from srmap.report.jsonable import to_jsonable
from srmap.sources.aws.api import Api
from srmap.sources.aws.collector import Gaps
from srmap.sources.aws.collectors.identity import (
    collect_iam_groups,
    collect_iam_policies,
    collect_iam_roles,
    collect_iam_users,
)

PARITY = Path(__file__).parent.parent.parent / "fixtures" / "parity" / "iam_role"
SSM_CORE = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
AUDIT = "arn:aws:iam::123456789012:policy/parity-audit"
READ_BUCKETS = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}],
}


@pytest.fixture
def managed(monkeypatch: pytest.MonkeyPatch) -> None:
    """moto knows AWS managed policies (attached by ARN) only when asked to; it is slow."""
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")


def _expected(address: str) -> dict[str, Any]:
    resources = json.loads((PARITY / "expected.json").read_text())["resources"]
    return resources[address]  # type: ignore[no-any-return]


def _seed_parity_role() -> None:
    iam = boto3.client("iam")
    role = _expected("aws_iam_role.app")["attributes"]
    iam.create_role(
        RoleName="parity-app",
        AssumeRolePolicyDocument=json.dumps(role["assume_role_policy"]),
        MaxSessionDuration=3600,
    )
    [inline] = role["inline_policies"]
    iam.put_role_policy(
        RoleName="parity-app",
        PolicyName=inline["name"],
        PolicyDocument=json.dumps(inline["document"]),
    )
    iam.attach_role_policy(RoleName="parity-app", PolicyArn=SSM_CORE)
    document = _expected("aws_iam_policy.audit")["attributes"]["document"]
    arn = iam.create_policy(PolicyName="parity-audit", PolicyDocument=json.dumps(document))
    iam.attach_role_policy(RoleName="parity-app", PolicyArn=arn["Policy"]["Arn"])


def test_live_role_matches_the_iac_parity_case(managed: None, api: Api) -> None:
    """Trust policy, inline and attached policies and session limit as from the plan.

    Live, an attachment has no side: the audit policy attached "from the policy side" in the
    code is one attachment in AWS, so the role lists it too."""
    _seed_parity_role()
    [role] = collected(collect_iam_roles, api, region=None)
    expected = _expected("aws_iam_role.app")["attributes"]
    expected["managed_policy_arns"] = sorted([*expected["managed_policy_arns"], AUDIT])
    assert (role.id, role.name, role.region) == (
        "arn:aws:iam::123456789012:role/parity-app",
        "parity-app",
        None,
    )
    assert to_jsonable(role.attributes) == expected


def test_live_customer_managed_policy_matches_the_iac_parity_case(managed: None, api: Api) -> None:
    """The policy's document and the roles it is attached to, read from the roles' side."""
    _seed_parity_role()
    [policy] = collected(collect_iam_policies, api, region=None)
    assert (policy.id, policy.name) == (AUDIT, "parity-audit")
    assert to_jsonable(policy.attributes) == _expected("aws_iam_policy.audit")["attributes"]


def _seed_users() -> None:
    iam = boto3.client("iam")
    iam.create_group(GroupName="admins")
    iam.put_group_policy(
        GroupName="admins", PolicyName="read", PolicyDocument=json.dumps(READ_BUCKETS)
    )
    arn = iam.create_policy(PolicyName="readers", PolicyDocument=json.dumps(READ_BUCKETS))
    iam.attach_group_policy(GroupName="admins", PolicyArn=arn["Policy"]["Arn"])
    for name in ("alice", "bob"):
        iam.create_user(UserName=name, Tags=[{"Key": "team", "Value": "shop"}])
    iam.add_user_to_group(GroupName="admins", UserName="alice")
    iam.create_login_profile(UserName="alice", Password="Initial-Passw0rd!")
    iam.create_access_key(UserName="bob")


def test_users_carry_groups_and_credentials_from_the_report(api: Api) -> None:
    """Console access, MFA and access keys come from the credential report."""
    _seed_users()
    users = {user.name: user for user in collected(collect_iam_users, api, region=None)}
    alice, bob = users["alice"].attributes, users["bob"].attributes
    assert alice["group_names"] == ["admins"]
    assert (alice["console_access"], alice["mfa_enabled"], alice["access_keys"]) == (
        True,
        False,
        [],
    )
    [key] = bob["access_keys"]
    assert (key["status"], key["last_used"]) == ("Active", None)
    assert isinstance(key["created"], str)
    assert (bob["console_access"], bob["group_names"], bob["permissions_boundary"]) == (
        False,
        [],
        None,
    )
    assert users["bob"].tags == {"team": "shop"}


def test_groups_list_members_and_their_own_policies(api: Api) -> None:
    """Members are read from the users' side; inline documents are parsed objects."""
    _seed_users()
    [group] = collected(collect_iam_groups, api, region=None)
    assert group.attributes == {
        "inline_policies": [{"name": "read", "document": READ_BUCKETS}],
        "managed_policy_arns": ["arn:aws:iam::123456789012:policy/readers"],
        "user_names": ["alice"],
    }


def test_denied_credential_report_leaves_user_credentials_unknown(
    api: Api, aws: boto3.Session
) -> None:
    """Without the report, MFA and keys are UNKNOWN (never false) and the gap is named."""
    _seed_users()

    def deny(model: object, **_: object) -> None:
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, "Denied")

    aws.events.register("before-call.iam.GenerateCredentialReport", deny)
    aws.events.register("before-call.iam.GetCredentialReport", deny)
    gaps = Gaps()
    users = {user.name: user for user in collected(collect_iam_users, api, gaps, region=None)}
    assert users["alice"].attributes["mfa_enabled"] is UNKNOWN
    assert users["bob"].attributes["access_keys"] is UNKNOWN
    assert users["alice"].attributes["group_names"] == ["admins"]
    assert ("iam:GetCredentialReport", None) in gaps.denied
    assert ("iam:GenerateCredentialReport", None) in gaps.denied


def test_denied_user_listing_leaves_group_members_unknown(api: Api, aws: boto3.Session) -> None:
    """A group's members cannot be told without the users: UNKNOWN, not an empty list."""
    _seed_users()

    def deny_users(params: dict[str, Any], **_: object) -> None:
        if params.get("Filter") == ["User"]:
            raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, "Denied")

    aws.events.register("before-parameter-build.iam.GetAccountAuthorizationDetails", deny_users)
    [group] = collected(collect_iam_groups, api, region=None)
    assert group.attributes["user_names"] is UNKNOWN
    assert collected(collect_iam_users, api, region=None) == []
