"""The scan in a terminal: the matrix with verdicts, failing findings first, a summary line."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table
from rich.text import Text

from srmap.matrix import CellVerdict
from srmap.model import Finding, Status
from srmap.report.matrix import chunk_service_ids
from srmap.scan import ScanReport

__all__ = ["VERDICT_STYLES", "render_scan_terminal"]

VERDICT_STYLES = {
    CellVerdict.VERIFIED: ("verified", "bold white on green"),
    CellVerdict.FAILING: ("FAILING", "bold white on red"),
    CellVerdict.UNKNOWN: ("unknown", "bold black on yellow"),
    CellVerdict.ATTESTED: ("attested", "bold white on cyan"),
    CellVerdict.OPEN: ("open", "bold white on magenta"),
    CellVerdict.INHERITED: ("AWS", "dim"),
}
_STATUS_ORDER = [Status.FAIL, Status.UNKNOWN, Status.MANUAL, Status.SUPPRESSED, Status.PASS]


def render_scan_terminal(
    report: ScanReport, console: Console, *, show_passed: bool = False
) -> None:
    """Matrix of verdicts, then findings (failing and unknown; passed too when asked)."""
    for ids in chunk_service_ids([s.id for s in report.matrix.services]):
        console.print(_verdict_table(report, ids))
    legend = Text("legend: ")
    for label, style in VERDICT_STYLES.values():
        legend.append(f" {label} ", style=style).append(" ")
    console.print(legend)
    shown = [f for f in report.result.findings if show_passed or f.status is not Status.PASS]
    shown.sort(
        key=lambda f: (
            _STATUS_ORDER.index(f.status) if f.status in _STATUS_ORDER else 9,
            -f.severity.rank,
            f.resource.id,
            f.control_id,
        )
    )
    if shown:
        console.print(_findings_table(shown))
    counts = Counter(f.status.value for f in report.result.findings)
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    console.print(f"{len(report.result.resources)} resources, {summary or 'no findings'}")
    for warning in report.result.warnings:
        console.print(f"[yellow]warning:[/yellow] {warning}", markup=True, soft_wrap=True)


def _verdict_table(report: ScanReport, ids: list[str]) -> Table:
    table = Table(title="Your side of the line, verified", title_justify="left")
    table.add_column("layer", no_wrap=True)
    for service_id in ids:
        table.add_column(service_id, justify="center", no_wrap=True)
    for layer in reversed(report.matrix.layers):
        row: list[Text | str] = [layer.value.replace("_", " ")]
        for service_id in ids:
            label, style = VERDICT_STYLES[report.cells[(service_id, layer)].verdict]
            row.append(Text(label, style=style))
        table.add_row(*row)
    return table


def _findings_table(findings: list[Finding]) -> Table:
    table = Table(title=f"{len(findings)} findings", title_justify="left", show_lines=False)
    for name in ("status", "severity", "control", "resource", "why"):
        table.add_column(name, overflow="fold")
    for f in findings:
        table.add_row(f.status.value, f.severity.value, f.control_id, f.resource.id, f.message)
    return table
