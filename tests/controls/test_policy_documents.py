"""Policy statement reading: public principals, restricting conditions, admin and IAM wildcards."""

from __future__ import annotations

from typing import Any

import pytest

from srmap.controls.policy_documents import (
    allows_all_actions_on_all_resources,
    allows_iam_escalation,
    is_public_statement,
    judge_document,
    scan_document,
)
from srmap.model import UNKNOWN, Status

ALLOW_ALL = {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage"}


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (ALLOW_ALL, True),
        ({**ALLOW_ALL, "Principal": {"AWS": "*"}}, True),
        ({**ALLOW_ALL, "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "*"]}}, True),
        ({**ALLOW_ALL, "Principal": {"AWS": "111122223333"}}, False),
        ({**ALLOW_ALL, "Principal": {"Service": "sns.amazonaws.com"}}, False),
        ({**ALLOW_ALL, "Effect": "Deny"}, False),
        ({**ALLOW_ALL, "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:x"}}}, False),
        ({**ALLOW_ALL, "Condition": {"StringEquals": {"AWS:SourceAccount": "1111"}}}, False),
        ({**ALLOW_ALL, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}}, False),
        ({**ALLOW_ALL, "Condition": {"Bool": {"aws:SecureTransport": "true"}}}, True),
        ({**ALLOW_ALL, "Condition": {"StringLike": {"aws:SourceArn": "*"}}}, True),
        ({**ALLOW_ALL, "Condition": {"StringEqualsIfExists": {"aws:SourceAccount": "1"}}}, True),
        ({"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::1:root"}}, True),
        ({**ALLOW_ALL, "Principal": UNKNOWN}, UNKNOWN),
        ({**ALLOW_ALL, "Principal": {"AWS": UNKNOWN}}, UNKNOWN),
        ({**ALLOW_ALL, "Effect": UNKNOWN}, UNKNOWN),
        ({**ALLOW_ALL, "Principal": UNKNOWN, "Effect": "Deny"}, False),
        ({**ALLOW_ALL, "Condition": {"StringEquals": {"aws:SourceAccount": UNKNOWN}}}, UNKNOWN),
        ({**ALLOW_ALL, "Condition": {"StringEquals": {"aws:VpceAccount": "1111"}}}, False),
        ({**ALLOW_ALL, "Condition": {"StringEquals": {"aws:VpceOrgID": "o-1"}}}, False),
        ({**ALLOW_ALL, "Condition": {"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::*"}}}, True),
        ({**ALLOW_ALL, "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::1:*"}}}, False),
    ],
)
def test_is_public_statement(statement: dict[str, Any], expected: object) -> None:
    """Anyone, with no condition naming an account, org, network or source, is public."""
    assert is_public_statement(statement) is expected


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ({"Effect": "Allow", "Action": "*", "Resource": "*"}, True),
        ({"Effect": "Allow", "Action": ["s3:GetObject", "*"], "Resource": ["*"]}, True),
        ({"Effect": "Deny", "Action": "*", "Resource": "*"}, False),
        ({"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/*"}, False),
        ({"Effect": "Allow", "Action": "s3:*", "Resource": "*"}, False),
        ({"Effect": "Allow", "Action": "*", "Resource": UNKNOWN}, UNKNOWN),
        ({"Effect": "Allow", "Action": "s3:*", "Resource": UNKNOWN}, False),
    ],
)
def test_allows_all_actions_on_all_resources(statement: dict[str, Any], expected: object) -> None:
    """Only Allow of every action on every resource is administrator access."""
    assert allows_all_actions_on_all_resources(statement) is expected


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("iam:*", True),
        ("IAM:Put*", True),
        ("iam:Attach*Policy", True),
        ("iam:Pass*", True),
        ("iam:Get*", False),
        ("iam:PassRole", False),
        ("*", False),
        ("s3:*", False),
    ],
)
def test_allows_iam_escalation(action: str, expected: bool) -> None:
    """An IAM wildcard covering an escalation action counts; ``*`` is the admin control's."""
    statement = {"Effect": "Allow", "Action": action, "Resource": "*"}
    assert allows_iam_escalation(statement) is expected


def test_scan_document_reads_a_single_statement_object_and_unknowns() -> None:
    """A lone statement object is one statement; an unknown statement stays undecided."""
    assert scan_document({"Statement": ALLOW_ALL}, is_public_statement).matched == (0,)
    scan = scan_document(
        {"Statement": [{**ALLOW_ALL, "Effect": "Deny"}, UNKNOWN]}, is_public_statement
    )
    assert scan.matched == () and scan.undecided == (1,) and scan.verdict is UNKNOWN
    assert scan_document(UNKNOWN, is_public_statement).verdict is UNKNOWN
    assert scan_document(None, is_public_statement).verdict is False


FIELDS = ("Effect", "Principal", "Condition")


def test_judge_document_cites_the_public_statement_and_ignores_undeciding_unknowns() -> None:
    """A public statement fails with its principal cited; an unknown Sid does not blur it."""
    document = {"Statement": [{**ALLOW_ALL, "Sid": UNKNOWN}]}
    verdict = judge_document("policy", document, is_public_statement, FIELDS, "public")
    assert verdict.status is Status.FAIL
    assert {e.path: e.value for e in verdict.evidence}["policy.Statement[0].Principal"] == "*"


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (None, Status.PASS),
        ({"Statement": [{**ALLOW_ALL, "Principal": {"AWS": "1111"}}]}, Status.PASS),
        ({"Statement": [{**ALLOW_ALL, "Effect": "Deny", "Principal": UNKNOWN}]}, Status.PASS),
        ({"Statement": [{**ALLOW_ALL, "Principal": {"AWS": UNKNOWN}}]}, Status.UNKNOWN),
    ],
)
def test_judge_document_verdicts(document: object, expected: Status) -> None:
    """No policy or private statements pass; a possibly public one is unknown."""
    verdict = judge_document("policy", document, is_public_statement, FIELDS, "public")
    assert verdict.status is expected


def test_judge_document_cites_an_unknown_document_so_the_engine_makes_it_unknown() -> None:
    """An unreadable document is cited as UNKNOWN, never passed."""
    verdict = judge_document("policy", UNKNOWN, is_public_statement, FIELDS, "public")
    assert [(e.path, e.value) for e in verdict.evidence] == [("policy", UNKNOWN)]
