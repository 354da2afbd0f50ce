"""The scan in a terminal: the matrix with verdicts, failing findings first, a summary line."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

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
_STATUS_STYLES = {
    Status.FAIL: ("fail", "bold red"),
    Status.UNKNOWN: ("unknown", "yellow"),
    Status.PASS: ("pass", "green"),
    Status.SUPPRESSED: ("suppressed", "dim"),
}
_STATUS_ORDER = [Status.FAIL, Status.UNKNOWN, Status.MANUAL, Status.SUPPRESSED, Status.PASS]


def render_scan_terminal(
    report: ScanReport,
    console: Console,
    *,
    show_passed: bool = False,
    max_rows: int | None = None,
) -> None:
    """Matrix of verdicts, then findings (failing, unknown, manual and suppressed; passed and
    not applicable too when asked), the worst ``max_rows`` of them (None: all)."""
    for ids in chunk_service_ids([s.id for s in report.matrix.services]):
        console.print(_verdict_table(report, ids))
    legend = Text("legend: ")
    for label, style in VERDICT_STYLES.values():
        legend.append(f" {label} ", style=style).append(" ")
    console.print(legend)
    quiet = (Status.PASS, Status.NOT_APPLICABLE)  # listed only when asked: --show-passed
    shown = [f for f in report.result.findings if show_passed or f.status not in quiet]
    shown.sort(
        key=lambda f: (
            _STATUS_ORDER.index(f.status) if f.status in _STATUS_ORDER else 9,
            -f.severity.rank,
            f.resource.id,
            f.control_id,
        )
    )
    listed = shown if max_rows is None else shown[:max_rows]
    if listed:
        console.print(_findings_table(listed, len(shown)))
    if len(listed) < len(shown):
        hidden = len(shown) - len(listed)
        console.print(f"{hidden} more not listed (--max-rows 0 lists all; json and sarif hold all)")
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


def _findings_table(findings: list[Finding], total: int) -> Table:
    title = f"{total} findings" if total == len(findings) else f"{total} findings, worst first"
    table = Table(title=title, title_justify="left", show_lines=True)
    table.add_column("status", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("control / why", ratio=3, overflow="fold")
    table.add_column("resource", ratio=2, overflow="fold")
    for f in findings:
        label, style = _STATUS_STYLES.get(f.status, (f.status.value, ""))
        why = Text(f.control_id, style="bold").append(f"\n{f.message}", style="dim")
        table.add_row(Text(label, style=style), f.severity.value, why, _where(f))
    return table


def _where(finding: Finding) -> Text:
    source = finding.resource.source
    text = Text(finding.resource.id)
    if source.file:
        place = f"{Path(source.file).name}:{source.line}" if source.line else Path(source.file).name
        text.append(f"\n{place}", style="dim")
    return text
