"""Identity controls: account credentials and settings, users, trust policies, IAM grants."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import control_verdicts
import pytest

from srmap.api import scan
from srmap.controls import ControlContext
from srmap.model import UNKNOWN, Status

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2025, 6, 1, tzinfo=UTC)
BLOCKED = dict.fromkeys(
    ["block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets"],
    True,
)
ADMIN = {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
IAM_ALL = {"Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]}
READ = {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
ADMIN_ARN = "arn:aws:iam::aws:policy/AdministratorAccess"
# IAM is global: its resources sit in no region, in account "1", judged at one fixed time.
status_of = partial(
    control_verdicts.status_of, region=None, account="1", context=ControlContext(now=NOW)
)


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (BLOCKED, Status.PASS),
        ({**BLOCKED, "restrict_public_buckets": False}, Status.FAIL),
        (None, Status.FAIL),
        (UNKNOWN, Status.UNKNOWN),
        ({**BLOCKED, "block_public_acls": UNKNOWN}, Status.UNKNOWN),
    ],
)
def test_account_public_access_block(block: object, expected: Status) -> None:
    """All four account-level settings must be on."""
    control_id = "aws.account.s3_public_access_block"
    assert status_of(control_id, "aws.account", s3_public_access_block=block) is expected


@pytest.mark.parametrize(
    ("control_id", "attribute", "value", "expected"),
    [
        ("aws.account.root_mfa", "root_mfa_enabled", True, Status.PASS),
        ("aws.account.root_mfa", "root_mfa_enabled", False, Status.FAIL),
        ("aws.account.root_mfa", "root_mfa_enabled", UNKNOWN, Status.UNKNOWN),
        ("aws.account.no_root_access_keys", "root_access_keys_present", False, Status.PASS),
        ("aws.account.no_root_access_keys", "root_access_keys_present", True, Status.FAIL),
        ("aws.account.no_root_access_keys", "root_access_keys_present", UNKNOWN, Status.UNKNOWN),
    ],
)
def test_root_credentials(control_id: str, attribute: str, value: object, expected: Status) -> None:
    """Root needs MFA and no access keys; unknown from infrastructure code."""
    assert status_of(control_id, "aws.account", **{attribute: value}) is expected


STRONG = {"minimum_length": 14, "reuse_prevention": 24}


@pytest.mark.parametrize(
    ("policy", "length", "reuse"),
    [
        (STRONG, Status.PASS, Status.PASS),
        ({"minimum_length": 8, "reuse_prevention": None}, Status.FAIL, Status.FAIL),
        (None, Status.FAIL, Status.FAIL),
        ({"minimum_length": UNKNOWN, "reuse_prevention": 24}, Status.UNKNOWN, Status.PASS),
    ],
)
def test_password_policy(policy: object, length: Status, reuse: Status) -> None:
    """Length 14 and 24 remembered passwords, as CIS asks; no policy fails both."""
    assert (
        status_of("aws.account.password_policy_length", "aws.account", password_policy=policy)
        is length
    )
    assert (
        status_of("aws.account.password_policy_reuse", "aws.account", password_policy=policy)
        is reuse
    )


ANYONE = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}
SERVICE = {"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}}]}
ORG = {
    "Statement": [
        {**ANYONE["Statement"][0], "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}}
    ]
}


@pytest.mark.parametrize(
    ("trust", "expected"),
    [(ANYONE, Status.FAIL), (SERVICE, Status.PASS), (ORG, Status.PASS), (UNKNOWN, Status.UNKNOWN)],
)
def test_role_trust_policy_not_public(trust: object, expected: Status) -> None:
    """A role anyone may assume fails; a service or an organization condition passes."""
    control_id = "iam.role.trust_policy_not_public"
    assert status_of(control_id, "iam.role", assume_role_policy=trust) is expected


@pytest.mark.parametrize(
    ("console", "mfa", "expected"),
    [
        (True, True, Status.PASS),
        (True, False, Status.FAIL),
        (True, UNKNOWN, Status.UNKNOWN),
        (False, UNKNOWN, Status.NOT_APPLICABLE),
        (UNKNOWN, True, Status.UNKNOWN),
    ],
)
def test_user_mfa(console: object, mfa: object, expected: Status) -> None:
    """Console users need MFA; infrastructure code cannot tell, users without a password skip."""
    control_id = "iam.user.mfa_enabled"
    status = status_of(control_id, "iam.user", console_access=console, mfa_enabled=mfa)
    assert status is expected


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ([{"status": "Active", "created": "2025-05-01T00:00:00Z"}], Status.PASS),
        ([{"status": "Active", "created": "2024-01-01T00:00:00+00:00"}], Status.FAIL),
        ([{"status": "Inactive", "created": "2020-01-01T00:00:00Z"}], Status.NOT_APPLICABLE),
        ([], Status.NOT_APPLICABLE),
        ([{"status": "Active", "created": UNKNOWN}], Status.UNKNOWN),
        (
            [
                {"status": "Active", "created": UNKNOWN},
                {"status": "Active", "created": "2020-01-01T00:00:00"},
            ],
            Status.FAIL,
        ),
    ],
)
def test_access_keys_rotated(keys: object, expected: Status) -> None:
    """Active keys older than 90 days fail; a known old key fails beside an unknown one."""
    assert status_of("iam.user.access_keys_rotated", "iam.user", access_keys=keys) is expected


@pytest.mark.parametrize(
    ("document", "kind", "count", "admin", "escalation"),
    [
        (ADMIN, "customer_managed", 1, Status.FAIL, Status.PASS),
        (IAM_ALL, "customer_managed", 0, Status.PASS, Status.FAIL),
        (READ, "inline", 1, Status.PASS, Status.PASS),
        (UNKNOWN, "customer_managed", 1, Status.UNKNOWN, Status.UNKNOWN),
        (ADMIN, "aws_managed", 0, Status.NOT_APPLICABLE, Status.NOT_APPLICABLE),
        (ADMIN, "aws_managed", 2, Status.FAIL, Status.PASS),
    ],
)
def test_policy_grants(
    document: object, kind: str, count: int, admin: Status, escalation: Status
) -> None:
    """Policies granting * on * or IAM escalation wildcards fail; unused AWS policies skip."""
    attributes = {"document": document, "policy_kind": kind, "attachment_count": count}
    assert status_of("iam.policy.no_administrator_access", "iam.policy", **attributes) is admin
    assert (
        status_of("iam.policy.no_iam_escalation_wildcard", "iam.policy", **attributes) is escalation
    )


def _inline(*documents: object) -> list[dict[str, object]]:
    return [{"name": f"p{i}", "document": d} for i, d in enumerate(documents)]


@pytest.mark.parametrize("type_id", ["iam.role", "iam.user", "iam.group"])
@pytest.mark.parametrize(
    ("inline", "arns", "expected"),
    [
        (_inline(READ), [], Status.PASS),
        (_inline(READ, ADMIN), [], Status.FAIL),
        ([], [ADMIN_ARN], Status.FAIL),
        (_inline(UNKNOWN, ADMIN), [], Status.FAIL),
        (_inline(UNKNOWN, READ), [], Status.UNKNOWN),
        (_inline(READ), [UNKNOWN], Status.UNKNOWN),
        (_inline(ADMIN), [UNKNOWN], Status.FAIL),
    ],
)
def test_principal_administrator_access(
    type_id: str, inline: object, arns: object, expected: Status
) -> None:
    """Inline * on * or AdministratorAccess attached fails; a known grant beats an unknown."""
    control_id = f"{type_id}.no_administrator_access"
    status = status_of(control_id, type_id, inline_policies=inline, managed_policy_arns=arns)
    assert status is expected


@pytest.mark.parametrize(
    ("inline", "arns", "expected"),
    [
        (_inline(IAM_ALL), [], Status.FAIL),
        ([], ["arn:aws:iam::aws:policy/IAMFullAccess"], Status.FAIL),
        (_inline(ADMIN), [ADMIN_ARN], Status.PASS),
    ],
)
def test_principal_iam_escalation(inline: object, arns: object, expected: Status) -> None:
    """iam:* inline or IAMFullAccess attached fails; * on * is left to the admin control."""
    control_id = "iam.role.no_iam_escalation_wildcard"
    status = status_of(control_id, "iam.role", inline_policies=inline, managed_policy_arns=arns)
    assert status is expected


def test_webshop_roles() -> None:
    """The shop's roles trust services only; plan-time inline policies are not yet known."""
    webshop = ROOT / "examples" / "webshop"
    report = scan([webshop / "terraform" / "plan.json"], None, webshop / "srmap.yaml")
    verdicts = {(f.control_id, f.resource.id): f.status for f in report.result.findings}
    assert verdicts[("iam.role.trust_policy_not_public", "aws_iam_role.web")] is Status.PASS
    assert (
        verdicts[("iam.role.trust_policy_not_public", "aws_iam_role.order_processor")]
        is Status.PASS
    )
    assert verdicts[("iam.role.no_administrator_access", "aws_iam_role.web")] is Status.UNKNOWN


@pytest.mark.parametrize(
    ("inline", "arns", "expected"),
    [
        ([], [], Status.PASS),
        (_inline(READ), [], Status.FAIL),
        ([], [ADMIN_ARN], Status.FAIL),
        ([], UNKNOWN, Status.UNKNOWN),
        (_inline(UNKNOWN), UNKNOWN, Status.FAIL),
    ],
)
def test_user_no_direct_policies(inline: object, arns: object, expected: Status) -> None:
    """A user with policies of its own fails, even when the policy itself is unknown."""
    control_id = "iam.user.no_direct_policies"
    status = status_of(control_id, "iam.user", inline_policies=inline, managed_policy_arns=arns)
    assert status is expected


@pytest.mark.parametrize(
    ("manager", "declared", "expected"),
    [
        ("CUSTOMER", True, Status.PASS),
        ("CUSTOMER", False, Status.FAIL),
        ("CUSTOMER", UNKNOWN, Status.UNKNOWN),
        ("AWS", False, Status.NOT_APPLICABLE),
    ],
)
def test_kms_key_policy_declared(manager: str, declared: object, expected: Status) -> None:
    """A customer key needs its own key policy; AWS writes its managed keys' policies."""
    status = status_of(
        "kms.key.policy_declared", "kms.key", key_manager=manager, policy_declared=declared
    )
    assert status is expected
