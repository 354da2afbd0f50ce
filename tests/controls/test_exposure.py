"""Exposure controls: public policies, ACLs, sharing, public addresses, URLs and domains."""

from __future__ import annotations

from pathlib import Path

import pytest
from control_verdicts import status_of

from srmap.api import scan
from srmap.model import UNKNOWN, Status

ROOT = Path(__file__).resolve().parents[2]
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTH_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
PUBLIC = {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "x:Get"}]}
SOURCED = {
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": "sqs:SendMessage",
            "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:eu-west-1:1:t"}},
        }
    ]
}
ACCOUNT = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:root"}}]}


POLICY_TYPES = [
    "s3.bucket",
    "sqs.queue",
    "sns.topic",
    "kms.key",
    "lambda.function",
    "ecr.repository",
    "secretsmanager.secret",
    "efs.file_system",
    "backup.vault",
    "dynamodb.table",
]


@pytest.mark.parametrize("type_id", POLICY_TYPES)
@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (PUBLIC, Status.FAIL),
        (SOURCED, Status.PASS),
        (ACCOUNT, Status.PASS),
        (None, Status.PASS),
        (UNKNOWN, Status.UNKNOWN),
        ({"Statement": [{"Effect": "Allow", "Principal": {"AWS": UNKNOWN}}]}, Status.UNKNOWN),
    ],
)
def test_policy_not_public(type_id: str, policy: object, expected: Status) -> None:
    """Anyone with no source condition fails; no policy passes; an unknown principal is unknown."""
    assert status_of(f"{type_id}.policy_not_public", type_id, policy=policy) is expected


OWNER_UNKNOWN = {"grantee_type": "CanonicalUser", "grantee": UNKNOWN, "permission": "READ"}


@pytest.mark.parametrize(
    ("grants", "expected"),
    [
        ([], Status.PASS),
        (None, Status.PASS),
        ([{"grantee_type": "Group", "grantee": ALL_USERS, "permission": "READ"}], Status.FAIL),
        ([{"grantee_type": "Group", "grantee": AUTH_USERS, "permission": "READ"}], Status.FAIL),
        ([{"grantee_type": "CanonicalUser", "grantee": "abc", "permission": "READ"}], Status.PASS),
        (UNKNOWN, Status.UNKNOWN),
        (
            [{"grantee_type": "CanonicalUser", "grantee": UNKNOWN, "permission": "READ"}],
            Status.PASS,
        ),
        (
            [
                OWNER_UNKNOWN,
                {"grantee_type": "Group", "grantee": ALL_USERS, "permission": "WRITE"},
            ],
            Status.FAIL,
        ),
        ([{"grantee_type": "Group", "grantee": UNKNOWN, "permission": "READ"}], Status.UNKNOWN),
        ([{"grantee_type": UNKNOWN, "grantee": "abc", "permission": "READ"}], Status.UNKNOWN),
    ],
)
def test_s3_acl_not_public(grants: object, expected: Status) -> None:
    """AllUsers and AuthenticatedUsers grants are public; named accounts are not."""
    assert status_of("s3.bucket.acl_not_public", "s3.bucket", acl_grants=grants) is expected


@pytest.mark.parametrize("type_id", ["ec2.snapshot", "rds.db_snapshot", "ec2.ami"])
@pytest.mark.parametrize(
    ("public", "expected"),
    [(True, Status.FAIL), (False, Status.PASS), (UNKNOWN, Status.UNKNOWN), (None, Status.PASS)],
)
def test_not_public(type_id: str, public: object, expected: Status) -> None:
    """A snapshot or image shared with all accounts fails."""
    assert status_of(f"{type_id}.not_public", type_id, public=public) is expected


@pytest.mark.parametrize(
    "type_id", ["rds.db_instance", "redshift.cluster", "dms.replication_instance"]
)
@pytest.mark.parametrize(
    ("public", "expected"),
    [(True, Status.FAIL), (False, Status.PASS), (UNKNOWN, Status.UNKNOWN)],
)
def test_not_publicly_accessible(type_id: str, public: object, expected: Status) -> None:
    """A public address on a database fails."""
    control_id = f"{type_id}.not_publicly_accessible"
    assert status_of(control_id, type_id, publicly_accessible=public) is expected


@pytest.mark.parametrize(
    ("auth", "expected"),
    [
        ("NONE", Status.FAIL),
        ("AWS_IAM", Status.PASS),
        (None, Status.NOT_APPLICABLE),
        (UNKNOWN, Status.UNKNOWN),
    ],
)
def test_lambda_url_requires_auth(auth: object, expected: Status) -> None:
    """A function URL without auth fails; no URL does not apply."""
    control_id = "lambda.function.url_requires_auth"
    assert status_of(control_id, "lambda.function", function_url_auth_type=auth) is expected


@pytest.mark.parametrize(
    ("subnets", "policy", "expected"),
    [
        (["subnet-1"], PUBLIC, Status.PASS),
        ([], PUBLIC, Status.FAIL),
        ([], ACCOUNT, Status.PASS),
        ([], None, Status.PASS),
        (UNKNOWN, PUBLIC, Status.UNKNOWN),
    ],
)
def test_opensearch_not_public(subnets: object, policy: object, expected: Status) -> None:
    """A domain outside a VPC fails when its access policy lets anyone in."""
    control_id = "opensearch.domain.not_public"
    status = status_of(control_id, "opensearch.domain", vpc_subnet_ids=subnets, policy=policy)
    assert status is expected


@pytest.mark.parametrize(
    ("source", "control_id", "resource_id", "expected"),
    [
        (
            "terraform/plan.json",
            "rds.db_instance.not_publicly_accessible",
            "aws_db_instance.orders",
            Status.PASS,
        ),
        ("terraform/plan.json", "kms.key.policy_not_public", "aws_kms_key.main", Status.PASS),
        ("terraform/plan.json", "s3.bucket.acl_not_public", "aws_s3_bucket.assets", Status.PASS),
        ("cloudformation/webshop.yaml", "sqs.queue.policy_not_public", "OrdersQueue", Status.PASS),
    ],
)
def test_webshop_exposure(source: str, control_id: str, resource_id: str, expected: Status) -> None:
    """The shop keeps its data private; its key has KMS's default policy, which trusts only
    the key's own account whatever that account turns out to be."""
    webshop = ROOT / "examples" / "webshop"
    report = scan([webshop / source], None, webshop / "srmap.yaml")
    verdicts = {(f.control_id, f.resource.id): f.status for f in report.result.findings}
    assert verdicts[(control_id, resource_id)] is expected


@pytest.mark.parametrize(
    ("declared", "policy", "expected"),
    [
        (False, {"Statement": [{"Effect": "Allow", "Principal": {"AWS": UNKNOWN}}]}, Status.PASS),
        (True, {"Statement": [{"Effect": "Allow", "Principal": {"AWS": UNKNOWN}}]}, Status.UNKNOWN),
        (True, ACCOUNT, Status.PASS),
    ],
)
def test_kms_default_key_policy_is_not_public(
    declared: bool, policy: object, expected: Status
) -> None:
    """KMS's default key policy (none written) is private even where its account is unknown;
    a written policy is judged on its statements."""
    status = status_of("kms.key.policy_not_public", policy=policy, policy_declared=declared)
    assert status is expected
