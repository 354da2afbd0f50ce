"""TLS-only resource policies (aws:SecureTransport) on S3, EFS, SQS and SNS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from srmap.api import scan
from srmap.controls import ControlContext, default_controls, evaluate_controls
from srmap.controls.secure_transport import denies_insecure_transport
from srmap.model import UNKNOWN, Finding, Resource, Status

ROOT = Path(__file__).resolve().parents[2]
WEBSHOP = ROOT / "examples" / "webshop"

ALLOW_READ = {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:root"}, "Action": "s3:Get*"}


def _deny(action: object = "*", principal: object = "*", value: object = "false") -> dict[str, Any]:
    return {
        "Effect": "Deny",
        "Principal": principal,
        "Action": action,
        "Resource": "*",
        "Condition": {"Bool": {"aws:SecureTransport": value}},
    }


def _policy(*statements: object) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def _finding(type_id: str, policy: object) -> Finding:
    service = type_id.partition(".")[0]
    resource = Resource("r", type_id, service, "eu-west-1", None, "r", {"policy": policy})
    findings = evaluate_controls([resource], default_controls(), ControlContext())
    return next(f for f in findings if f.control_id == f"{type_id}.encryption_in_transit")


TYPES = ["s3.bucket", "efs.file_system", "sqs.queue", "sns.topic"]


@pytest.mark.parametrize("type_id", TYPES)
@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (_policy(ALLOW_READ, _deny()), Status.PASS),
        (_policy(_deny(principal={"AWS": "*"}, value=False)), Status.PASS),
        (_policy(_deny(value=["false"])), Status.PASS),
        (_policy(_deny(value="False")), Status.PASS),
        (_policy(ALLOW_READ), Status.FAIL),
        (_policy(_deny(value="true")), Status.FAIL),
        (_policy(_deny(principal={"AWS": "arn:aws:iam::1:root"})), Status.FAIL),
        (_policy(ALLOW_READ, _deny(principal=UNKNOWN)), Status.UNKNOWN),
        (_policy(ALLOW_READ, _deny(), {"Effect": UNKNOWN}), Status.PASS),
        (UNKNOWN, Status.UNKNOWN),
        (None, Status.FAIL),
    ],
)
def test_secure_transport(type_id: str, policy: object, expected: Status) -> None:
    """A Deny for everyone on non-TLS requests passes; an unknown part may hide it."""
    assert _finding(type_id, policy).status is expected


def test_pass_cites_the_denying_statement() -> None:
    """The evidence is the one statement that decided, not the whole policy."""
    finding = _finding("s3.bucket", _policy(ALLOW_READ, _deny("s3:*")))
    assert {e.path.rsplit(".", 1)[0] for e in finding.evidence} == {"policy.Statement[1]"}


def test_an_unknown_resource_does_not_hide_the_verdict() -> None:
    """The Resource of a statement is not what decides, so its being unknown changes nothing."""
    deny = {**_deny("s3:*"), "Resource": UNKNOWN}
    allow = {**ALLOW_READ, "Resource": UNKNOWN}
    assert _finding("s3.bucket", _policy(allow, deny)).status is Status.PASS
    assert _finding("s3.bucket", _policy(allow)).status is Status.FAIL
    assert _finding("s3.bucket", _policy({**allow, "Action": UNKNOWN})).status is Status.UNKNOWN


@pytest.mark.parametrize(
    ("action", "actions", "found"),
    [
        ("s3:*", frozenset({"s3:*"}), True),
        (["S3:*"], frozenset({"s3:*"}), True),
        ("s3:GetObject", frozenset({"s3:*"}), False),
        ("SNS:Publish", frozenset({"sns:publish"}), True),
        ("sqs:*", frozenset({"s3:*"}), False),
    ],
)
def test_actions_are_matched_without_case(
    action: object, actions: frozenset[str], found: bool
) -> None:
    """IAM action names ignore case; a narrower action does not cover the resource."""
    result = denies_insecure_transport(_policy(_deny(action)), actions)
    assert (result is not None) is found


def test_single_statement_object_and_bool_if_exists() -> None:
    """A Statement given as one object, and BoolIfExists, both count."""
    statement = {**_deny(), "Condition": {"BoolIfExists": {"AWS:SecureTransport": "false"}}}
    assert denies_insecure_transport({"Statement": statement}, frozenset()) == (0, statement)


def test_webshop_buckets_are_judged() -> None:
    """The assets bucket has no TLS-only policy (a gap the example does not list, but real)."""
    report = scan([WEBSHOP / "terraform" / "plan.json"], None, WEBSHOP / "srmap.yaml")
    verdicts = {
        f.resource.id: f.status
        for f in report.result.findings
        if f.control_id == "s3.bucket.encryption_in_transit"
    }
    assert verdicts["aws_s3_bucket.assets"] is Status.FAIL
