"""Findings grouped by framework requirement: the status rules, JSON section and table."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import replace

import pytest
from rich.console import Console

from srmap.catalog.frameworks import Requirement, load_framework
from srmap.model import Status
from srmap.policy import Attestation
from srmap.report.framework import (
    RequirementStatus,
    framework_to_dict,
    group_by_requirement,
    live_duties,
    render_framework_terminal,
    requirement_status,
)
from srmap.scan import ScanReport

Webshop = Callable[[str], ScanReport]
CIS = "cis-aws-foundations-5.0.0"
CHECKED = Requirement("x", "checked", controls=("a.b.c",))
ATTESTED = Requirement("y", "attested", attestations=("logging_monitoring",))
BOTH = Requirement("z", "both", controls=("a.b.c",), attestations=("customer_data",))
NOTE_ONLY = Requirement("n", "cannot check", note="not in any source")
S = Status
R = RequirementStatus


@pytest.mark.parametrize(
    ("requirement", "statuses", "attested", "expected"),
    [
        (CHECKED, [S.PASS, S.FAIL, S.UNKNOWN], set(), R.FAIL),
        (CHECKED, [S.PASS, S.UNKNOWN, S.SUPPRESSED], set(), R.UNKNOWN),
        (CHECKED, [S.PASS, S.SUPPRESSED], set(), R.SUPPRESSED),
        (CHECKED, [S.PASS, S.PASS, S.NOT_APPLICABLE], set(), R.PASS),
        (CHECKED, [S.NOT_APPLICABLE], set(), R.NOT_APPLICABLE),
        (CHECKED, [], set(), R.NOT_APPLICABLE),
        (CHECKED, [S.MANUAL], set(), R.MANUAL),
        (ATTESTED, [], set(), R.MANUAL),
        (ATTESTED, [], {"logging_monitoring"}, R.ATTESTED),
        (ATTESTED, [], {"customer_data"}, R.MANUAL),
        (BOTH, [S.FAIL], {"customer_data"}, R.FAIL),
        (BOTH, [S.NOT_APPLICABLE], {"customer_data"}, R.ATTESTED),
        (BOTH, [], set(), R.MANUAL),
        (NOTE_ONLY, [], set(), R.MANUAL),
    ],
)
def test_requirement_status(
    requirement: Requirement, statuses: list[Status], attested: set[str], expected: R
) -> None:
    """Findings decide worst first; attestations only when no finding decides; else n/a."""
    assert requirement_status(requirement, statuses, frozenset(attested)) is expected


def _attestation(duty: str, expires: dt.date | None) -> Attestation:
    return Attestation(duty, "ops", dt.date(2024, 1, 1), "https://example.com/e", expires)


def test_live_duties_drop_expired_attestations() -> None:
    """An attestation counts until its expiry day inclusive; without a clock, only open-ended."""
    today = dt.date(2025, 1, 15)
    attestations = [
        _attestation("customer_data", None),
        _attestation("logging_monitoring", today),
        _attestation("network_config", dt.date(2025, 1, 14)),
    ]
    assert live_duties(attestations, today) == {"customer_data", "logging_monitoring"}
    assert live_duties(attestations, None) == {"customer_data"}


def test_webshop_requirements_follow_their_controls(webshop: Webshop) -> None:
    """The webshop's deliberate gaps fail their CIS requirements; unmappable ones are manual."""
    view = group_by_requirement(webshop("plan"), load_framework(CIS))
    status = {r.requirement.id: r.status for r in view.results}
    assert status["2.1.1"] is R.FAIL  # buckets without aws:SecureTransport
    assert status["2.2.1"] is R.FAIL  # unencrypted database
    assert status["2.2.2"] is R.PASS
    assert status["1.1"] is R.MANUAL
    assert status["4.1"] is R.MANUAL
    assert status["2.3.1"] is R.NOT_APPLICABLE  # no EFS in the webshop
    assert [r.requirement.id for r in view.results][:3] == ["1.1", "1.2", "1.3"]


def test_live_attestation_turns_manual_into_attested(webshop: Webshop) -> None:
    """A policy attestation of logging and monitoring marks the metric-filter requirements."""
    report = webshop("plan")
    signed = _attestation("logging_monitoring", None)
    policy = replace(report.policy, attestations=(*report.policy.attestations, signed))
    view = group_by_requirement(replace(report, policy=policy), load_framework(CIS))
    status = {r.requirement.id: r.status for r in view.results}
    assert status["4.1"] is R.ATTESTED
    assert status["2.1.3"] is R.MANUAL  # needs a customer_data attestation


def test_json_section_shape_and_counts(webshop: Webshop) -> None:
    """The JSON section names the framework and gives every requirement its counts."""
    data = framework_to_dict(group_by_requirement(webshop("plan"), load_framework(CIS)))
    assert {"id", "title", "version", "source", "requirements"} <= set(data)
    assert data["id"] == CIS
    by_id = {r["id"]: r for r in data["requirements"]}
    assert {"id", "title", "status", "controls", "counts"} <= set(by_id["2.1.4"])
    assert by_id["2.1.4"]["counts"]["fail"] >= 1
    assert sum(data["summary"].values()) == len(data["requirements"])


def test_terminal_table_lists_requirements_and_a_summary(webshop: Webshop) -> None:
    """The table shows each requirement with its status, then a summary per status."""
    console = Console(record=True, width=160, file=io.StringIO())
    render_framework_terminal(group_by_requirement(webshop("plan"), load_framework(CIS)), console)
    text = console.export_text()
    assert "by requirement" in text
    assert "5.7" in text
    assert "CIS-5.0: 63 requirements" in text
