"""The scan as Markdown for a pull-request comment: failing first, then unknown, then the matrix;
kept under GitHub's comment limit by dropping whole rows and saying so."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from srmap.matrix import CellVerdict
from srmap.model import Finding, Layer, Owner, Status
from srmap.report.locations import display_location
from srmap.report.redact import redact
from srmap.scan import ScanReport

__all__ = ["MAX_COMMENT_CHARS", "VERDICT_MARKS", "markdown_text", "render_markdown"]

# GitHub refuses comments over 65,536 characters; stay clearly below.
MAX_COMMENT_CHARS = 65_000
VERDICT_MARKS = {
    CellVerdict.FAILING: "❌",
    CellVerdict.UNKNOWN: "❓",
    CellVerdict.OPEN: "⬜",
    CellVerdict.ATTESTED: "📝",
    CellVerdict.VERIFIED: "✅",
    CellVerdict.INHERITED: "☁️",
}
_NOT_APPLICABLE_MARK = "–"
_TABLE_HEAD = "| severity | control | resource | file:line |\n|---|---|---|---|\n"
# Markdown and HTML punctuation that could turn a resource name into markup, a link or a mention.
_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+!|~]")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "@": "&#64;"}


def render_markdown(report: ScanReport, root: Path, *, max_chars: int = MAX_COMMENT_CHARS) -> str:
    """The PR summary, at most ``max_chars`` characters; files shown relative to ``root``."""
    head = _head(report)
    tail = _matrix_section(report)
    sections = [
        ("Failing", _sorted(report.result.findings, Status.FAIL)),
        ("Unknown", _sorted(report.result.findings, Status.UNKNOWN)),
    ]
    room = max_chars - len(head) - len(tail) - len(_truncation_note(10**9, 10**9))
    body, omitted = _finding_sections(sections, root, room)
    note = _truncation_note(*omitted) if any(omitted) else ""
    text = head + body + note + tail
    return text if len(text) <= max_chars else _cut_at_line(text, max_chars)


def markdown_text(value: object) -> str:
    """Input text made inert in Markdown: one line, markup and mentions escaped, secrets gone."""
    text = " ".join(str(redact(str(value))).split())
    text = _SPECIAL.sub(lambda match: "\\" + match.group(0), text)
    return "".join(_ENTITIES.get(char, char) for char in text)


def _head(report: ScanReport) -> str:
    result = report.result
    counts = Counter(f.status for f in result.findings)
    summary = ", ".join(
        f"{counts[status]} {label}"
        for status, label in (
            (Status.FAIL, "failing"),
            (Status.UNKNOWN, "unknown"),
            (Status.PASS, "passed"),
            (Status.SUPPRESSED, "suppressed"),
        )
        if counts[status]
    )
    moment = result.generated_at.isoformat() if result.generated_at else "unknown time"
    lines = [
        f"## srmap: {summary or 'no findings'}",
        "",
        f"{len(result.resources)} resources checked by srmap {result.tool_version} at {moment}.",
    ]
    if result.warnings:
        lines.append(f"{len(result.warnings)} warnings; see the full report.")
    return "\n".join(lines) + "\n\n"


def _sorted(findings: Iterable[Finding], status: Status) -> list[Finding]:
    chosen = (f for f in findings if f.status is status)
    return sorted(chosen, key=lambda f: (-f.severity.rank, f.control_id, f.resource.id))


def _finding_sections(
    sections: Sequence[tuple[str, list[Finding]]], root: Path, room: int
) -> tuple[str, tuple[int, int]]:
    """Whole rows while they fit in ``room``; how many of each section were left out."""
    parts: list[str] = []
    used = 0
    omitted = [0, 0]
    for position, (title, findings) in enumerate(sections):
        if not findings:
            continue
        header = f"### {title} ({len(findings)})\n\n{_TABLE_HEAD}"
        if used + len(header) > room:
            omitted[position] = len(findings)
            continue
        parts.append(header)
        used += len(header)
        for shown, finding in enumerate(findings):
            row = _row(finding, root)
            if used + len(row) > room:
                omitted[position] = len(findings) - shown
                room = used  # nothing of a later section may follow a cut one
                break
            parts.append(row)
            used += len(row)
        parts.append("\n")
        used += 1
    return "".join(parts), (omitted[0], omitted[1])


def _row(finding: Finding, root: Path) -> str:
    location = display_location(finding.resource, root)
    if finding.resource.source.file is None and location:
        location = f"live: {location}"
    cells = [
        finding.severity.value,
        f"`{finding.control_id}`",
        markdown_text(finding.resource.id),
        markdown_text(location) if location else "",
    ]
    return "| " + " | ".join(cells) + " |\n"


def _truncation_note(failing: int, unknown: int) -> str:
    left_out = " and ".join(
        f"{count} {label}" for count, label in ((failing, "failing"), (unknown, "unknown")) if count
    )
    return (
        f"> **Truncated:** {left_out} findings not shown, to keep this comment under GitHub's "
        "size limit. The SARIF, JSON or CSV report has all of them.\n\n"
    )


def _matrix_section(report: ScanReport) -> str:
    """Layers as rows (customer's on top, as in the diagram), services as columns, one mark each."""
    ids = [s.id for s in report.matrix.services]
    if not ids:
        return ""
    lines = [
        "### Responsibility matrix",
        "",
        "| layer | " + " | ".join(markdown_text(i) for i in ids) + " |",
        "|---|" + "---|" * len(ids),
    ]
    for layer in reversed(report.matrix.layers):
        marks = [_mark(report, service_id, layer) for service_id in ids]
        lines.append(f"| {layer.value.replace('_', ' ')} | " + " | ".join(marks) + " |")
    legend = " · ".join(f"{mark} {verdict.value}" for verdict, mark in VERDICT_MARKS.items())
    lines += ["", f"{legend} (AWS's side) · {_NOT_APPLICABLE_MARK} not applicable"]
    return "\n".join(lines) + "\n"


def _mark(report: ScanReport, service_id: str, layer: Layer) -> str:
    if report.matrix.cell(service_id, layer).owner is Owner.NOT_APPLICABLE:
        return _NOT_APPLICABLE_MARK
    return VERDICT_MARKS[report.cells[(service_id, layer)].verdict]


def _cut_at_line(text: str, max_chars: int) -> str:
    """Last resort when even the matrix does not fit: cut at a line end and say so."""
    note = "\n\n> **Truncated** to fit GitHub's comment size limit.\n"
    cut = text.rfind("\n", 0, max_chars - len(note))
    return text[: max(cut, 0)] + note
