"""The policy file: defaults, every field, and errors naming file, line and key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from srmap.errors import InputError
from srmap.model import Severity
from srmap.policy import load_policy, parse_policy

EXAMPLE = Path(__file__).parent.parent / "examples" / "webshop" / "srmap.yaml"

FULL = """\
residency:
  allowed_regions: [eu-central-1]
  allowed_jurisdictions: [eu, DE]
backups:
  min_retention_days: 14
fail_on: Medium
suppressions:
  - control: s3.bucket.versioning
    resource: "aws_s3_bucket.logs*"
    reason: log buckets are rewritten daily
    expires: 2027-01-31
attestations:
  - duty: awareness_and_training
    by: Ana Ruiz
    date: 2026-10-01
    evidence: https://wiki.example.com/training-2026
    expires: 2027-10-01
"""


def test_empty_policy_gives_the_defaults() -> None:
    """No file content: 7 days of retention, fail on high, no residency rule."""
    policy = parse_policy("", "srmap.yaml")
    assert policy.min_retention_days == 7
    assert policy.fail_on is Severity.HIGH
    assert policy.residency.allowed_regions is None
    assert policy.residency.allowed_jurisdictions is None


def test_every_field_is_read() -> None:
    """Residency, retention, threshold, suppressions and attestations all arrive typed."""
    policy = parse_policy(FULL, "srmap.yaml")
    assert policy.residency.allowed_regions == frozenset({"eu-central-1"})
    assert policy.residency.allowed_jurisdictions == frozenset({"EU", "DE"})
    assert policy.min_retention_days == 14
    assert policy.fail_on is Severity.MEDIUM
    [suppression] = policy.suppressions
    assert suppression.resource == "aws_s3_bucket.logs*"
    assert suppression.expires == dt.date(2027, 1, 31)
    [attestation] = policy.attestations
    assert (attestation.duty, attestation.date) == ("awareness_and_training", dt.date(2026, 10, 1))


def test_bundled_example_policy_loads() -> None:
    """The webshop policy is EU-only with a 7-day retention and fails on high."""
    policy = load_policy(EXAMPLE)
    assert policy.residency.allowed_jurisdictions == frozenset({"EU"})
    assert policy.fail_on is Severity.HIGH


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("fail_on: urgent\n", 1, "fail_on: 'urgent' is not a severity"),
        ("backups:\n  min_retention_days: -3\n", 2, "backups.min_retention_days"),
        ("residency:\n  allowed_regoins: [x]\n", 2, "residency.allowed_regoins: unknown key"),
        (
            "suppressions:\n  - control: a.b.c\n    reason: r\n    expires: soon\n",
            4,
            "suppressions[0].expires: expected a date",
        ),
        ("attestations:\n  - duty: x\n", 2, "attestations[0].date"),
        ("fail_on: [high\n", 2, "invalid YAML"),
        ("- just\n- a list\n", None, "policy: expected a mapping"),
    ],
)
def test_errors_name_line_and_key(text: str, line: int | None, message: str) -> None:
    """Each mistake is reported with the file, its line and the dotted key."""
    with pytest.raises(InputError) as caught:
        parse_policy(text, "srmap.yaml")
    assert caught.value.file == "srmap.yaml"
    assert caught.value.line == line
    assert message in str(caught.value)
