"""The terminal table: what a person sees by default, and what --show-passed adds."""

from __future__ import annotations

import io
from collections.abc import Callable

from rich.console import Console

from srmap.model import Status
from srmap.report.terminal import render_scan_terminal
from srmap.scan import ScanReport


def _rendered(report: ScanReport, *, show_passed: bool) -> str:
    console = Console(record=True, width=200, file=io.StringIO())
    render_scan_terminal(report, console, show_passed=show_passed)
    return console.export_text()


def _listed(text: str) -> int:
    return int(text.split(" findings", 1)[0].rsplit("\n", 1)[-1])


def test_default_lists_what_needs_a_person_and_hides_passed_and_not_applicable(
    webshop: Callable[[str], ScanReport],
) -> None:
    """Failing and unknown findings are listed; passed and not-applicable ones only counted."""
    report = webshop("plan")
    statuses = [f.status for f in report.result.findings]
    needs_a_person = sum(s not in (Status.PASS, Status.NOT_APPLICABLE) for s in statuses)
    assert Status.NOT_APPLICABLE in statuses
    text = _rendered(report, show_passed=False)
    assert _listed(text) == needs_a_person
    assert f"{statuses.count(Status.NOT_APPLICABLE)} not_applicable" in text


def test_show_passed_lists_every_finding(webshop: Callable[[str], ScanReport]) -> None:
    """With --show-passed the table holds every finding of the scan."""
    report = webshop("plan")
    assert _listed(_rendered(report, show_passed=True)) == len(report.result.findings)
