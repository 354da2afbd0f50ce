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


def test_a_row_limit_lists_the_worst_and_counts_the_rest(
    webshop: Callable[[str], ScanReport],
) -> None:
    """Failures come first; what the limit leaves out is counted, not silently dropped."""
    report = webshop("plan")
    console = Console(record=True, width=200, file=io.StringIO())
    render_scan_terminal(report, console, show_passed=True, max_rows=3)
    text = console.export_text()
    total = len(report.result.findings)
    assert f"{total} findings, worst first" in text
    assert f"{total - 3} more not listed (--max-rows 0 lists all" in text
    table = text.split("findings, worst first", 1)[1].split("more not listed", 1)[0]
    first_cells = [line.split("│")[1].strip() for line in table.splitlines() if "│" in line]
    assert [cell for cell in first_cells if cell and cell != "status"] == ["fail"] * 3


def test_no_row_limit_note_when_everything_fits(webshop: Callable[[str], ScanReport]) -> None:
    """A limit above the number of findings changes nothing."""
    report = webshop("plan")
    console = Console(record=True, width=200, file=io.StringIO())
    render_scan_terminal(report, console, max_rows=10_000)
    text = console.export_text()
    assert "more not listed" not in text
    assert text == _rendered(report, show_passed=False)
