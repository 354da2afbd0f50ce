"""The scan as a customer responsibility matrix (CSV in the shape of FedRAMP's CRM): one row per
service and layer, then one per control checked on that layer."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from srmap.matrix import VARIANT_SEPARATOR, MatrixCell
from srmap.model import Finding, Layer, Owner, Status
from srmap.report.redact import redact
from srmap.scan import ScanReport

__all__ = ["CRM_COLUMNS", "Requirements", "aggregate_status", "render_crm_csv"]

# Requirement ids per control id or per duty (a layer value); empty until a framework is mapped.
Requirements = Mapping[str, Sequence[str]]

CRM_COLUMNS = (
    "service",
    "layer",
    "control",
    "responsibility",
    "inheritable",
    "status",
    "evidence summary",
    "framework requirement ids",
)
_RESPONSIBILITY = {
    Owner.AWS: "AWS",
    Owner.CUSTOMER: "Customer",
    Owner.SHARED: "Shared",
    Owner.NOT_APPLICABLE: "N/A",
}
_INHERITABLE = {Owner.AWS: "yes", Owner.SHARED: "partial", Owner.CUSTOMER: "no"}
# Worst first: one failing resource makes the control fail, then unknown, then pass.
_STATUS_ORDER = (
    Status.FAIL,
    Status.UNKNOWN,
    Status.PASS,
    Status.MANUAL,
    Status.SUPPRESSED,
    Status.NOT_APPLICABLE,
)
_FAILING_SHOWN = 5
# A cell starting with one of these runs as a formula in a spreadsheet (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_Group = tuple[str, Layer]


def render_crm_csv(report: ScanReport, requirements: Requirements | None = None) -> str:
    """CSV with a header row; rows by service (matrix order), layer (bottom up), then control."""
    mapping = requirements or {}
    by_cell = _findings_by_cell(report.result.findings)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CRM_COLUMNS)
    for cell in report.matrix.cells:
        verdict = report.cells[(cell.service, cell.layer)].verdict.value
        counts = report.cells[(cell.service, cell.layer)].counts
        ids = mapping.get(cell.layer.value, ())
        writer.writerow(_row(cell, "", verdict, _cell_evidence(cell, verdict, counts), ids))
        base = cell.service.split(VARIANT_SEPARATOR)[0]
        controls = by_cell.get((base, cell.layer), {})
        for control_id in sorted(controls):
            findings = controls[control_id]
            status = aggregate_status(f.status for f in findings).value
            ids = mapping.get(control_id, ())
            writer.writerow(_row(cell, control_id, status, _control_evidence(findings), ids))
    return buffer.getvalue()


def aggregate_status(statuses: Iterable[Status]) -> Status:
    """The status of a control over its resources: the worst one seen (fail before unknown)."""
    seen = set(statuses)
    return next((s for s in _STATUS_ORDER if s in seen), Status.NOT_APPLICABLE)


def _findings_by_cell(findings: Iterable[Finding]) -> dict[_Group, dict[str, list[Finding]]]:
    grouped: dict[_Group, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for finding in findings:
        grouped[(finding.resource.service, finding.layer)][finding.control_id].append(finding)
    return grouped


def _row(
    cell: MatrixCell, control: str, status: str, evidence: str, ids: Sequence[str]
) -> list[str]:
    values = [
        cell.service,
        cell.layer.value,
        control,
        _RESPONSIBILITY[cell.owner],
        _INHERITABLE.get(cell.owner, "n/a"),
        status,
        evidence,
        "; ".join(sorted(ids)),
    ]
    return [_spreadsheet_safe(str(redact(value))) for value in values]


def _cell_evidence(cell: MatrixCell, verdict: str, counts: Mapping[str, int]) -> str:
    """Counts of the verdicts behind a customer cell; the reason and source for AWS's cells."""
    if cell.owner in (Owner.AWS, Owner.NOT_APPLICABLE):
        return f"{cell.reason} (source: {cell.source})" if cell.source else cell.reason
    checked = _counts_text(counts) or f"no automated check ({verdict})"
    return f"{checked}; AWS part: {cell.reason}" if cell.owner is Owner.SHARED else checked


def _control_evidence(findings: Sequence[Finding]) -> str:
    counts = Counter(f.status.value for f in findings)
    text = _counts_text(counts)
    failing = sorted(f.resource.id for f in findings if f.status is Status.FAIL)
    if not failing:
        return text
    shown = ", ".join(failing[:_FAILING_SHOWN])
    more = len(failing) - _FAILING_SHOWN
    return f"{text}; failing: {shown}" + (f" and {more} more" if more > 0 else "")


def _counts_text(counts: Mapping[str, int]) -> str:
    """``3 pass, 1 fail`` in a fixed order, worst last so the eye lands on it."""
    order = [s.value for s in reversed(_STATUS_ORDER)]
    return ", ".join(f"{counts[s]} {s}" for s in order if counts.get(s))


def _spreadsheet_safe(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_START) else value
