"""What the HTML page shows, as plain redacted records: layers, matrix cells, findings, filters."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from srmap.matrix import CellStatus, CellVerdict, MatrixCell
from srmap.model import Evidence, Finding, Layer, Owner, Severity, Status, Unknown
from srmap.report.jsonable import safe_jsonable
from srmap.report.layers import LAYER_LABELS
from srmap.report.locations import display_location, relative_path
from srmap.report.redact import redact
from srmap.scan import ScanReport

__all__ = [
    "LAYER_LABELS",
    "VERDICT_ORDER",
    "Cell",
    "FindingView",
    "LayerRow",
    "Option",
    "PageView",
    "band_owner",
    "band_verdict",
    "build_page",
    "safe_text",
]

# Worst first: one failing service makes the whole layer failing in the diagram.
VERDICT_ORDER = (
    CellVerdict.FAILING,
    CellVerdict.UNKNOWN,
    CellVerdict.OPEN,
    CellVerdict.ATTESTED,
    CellVerdict.VERIFIED,
    CellVerdict.INHERITED,
)
_STATUS_ORDER = (
    Status.FAIL,
    Status.UNKNOWN,
    Status.SUPPRESSED,
    Status.MANUAL,
    Status.PASS,
    Status.NOT_APPLICABLE,
)
MIXED = "mixed"  # a layer whose owner differs between the services in use


@dataclass(frozen=True, slots=True)
class Cell:
    """One service on one layer: who owns it, its verdict, and a sentence saying so."""

    service: str
    owner: str
    verdict: str
    title: str


@dataclass(frozen=True, slots=True)
class LayerRow:
    """One layer of the diagram and matrix, aggregated over the services in use."""

    layer: str
    label: str
    owner: str
    verdict: str
    summary: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class FindingView:
    """One finding as the page lists it, every input string redacted."""

    element_id: str
    control_id: str
    title: str
    layer: str
    layer_label: str
    severity: str
    status: str
    service: str
    resource_id: str
    resource_type: str
    location: str
    message: str
    remediation: str
    evidence: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Option:
    """A choice in a filter control."""

    value: str
    label: str


@dataclass(frozen=True, slots=True)
class PageView:
    """Everything the template renders."""

    generated_at: str
    tool_version: str
    sources: tuple[str, ...]
    resource_count: int
    status_counts: tuple[tuple[str, int], ...]
    fail_on: str
    services: tuple[str, ...]
    layers: tuple[LayerRow, ...]  # top of the diagram first
    findings: tuple[FindingView, ...]
    filters: tuple[tuple[str, str, tuple[Option, ...]], ...]  # (name, label, options)
    warnings: tuple[str, ...]
    unsupported: tuple[tuple[str, int], ...]


def safe_text(value: object) -> str:
    """Input text with anything that looks like a secret replaced."""
    return str(redact(str(value)))


def build_page(report: ScanReport, root: Path) -> PageView:
    """The page's records from a scan; file locations relative to ``root``."""
    result = report.result
    findings = _ordered(result.findings)
    views = tuple(_finding_view(f, n, root) for n, f in enumerate(findings, start=1))
    counts = Counter(f.status for f in result.findings)
    return PageView(
        generated_at=result.generated_at.isoformat() if result.generated_at else "unknown time",
        tool_version=result.tool_version,
        sources=_sources(report, root),
        resource_count=len(result.resources),
        status_counts=tuple((s.value, counts[s]) for s in _STATUS_ORDER if counts[s]),
        fail_on=report.policy.fail_on.value,
        services=tuple(safe_text(s.id) for s in report.matrix.services),
        layers=tuple(_layer_row(report, layer) for layer in reversed(report.matrix.layers)),
        findings=views,
        filters=_filters(views),
        warnings=tuple(safe_text(w) for w in result.warnings),
        unsupported=tuple(sorted((safe_text(k), v) for k, v in result.unsupported.items())),
    )


def band_owner(owners: Iterable[Owner]) -> str:
    """The owner of a whole layer: the one owner of every service, ``mixed``, or ``n/a``."""
    distinct = {o for o in owners if o is not Owner.NOT_APPLICABLE}
    if not distinct:
        return Owner.NOT_APPLICABLE.value
    return distinct.pop().value if len(distinct) == 1 else MIXED


def band_verdict(verdicts: Iterable[CellVerdict]) -> CellVerdict:
    """The verdict of a whole layer: the worst over its services (inherited when none)."""
    seen = set(verdicts)
    return next((v for v in VERDICT_ORDER if v in seen), CellVerdict.INHERITED)


def facets_json(findings: Sequence[FindingView]) -> str:
    """The filter facets of each finding as JSON safe inside a script element."""
    data = {
        "findings": [
            {
                "id": f.element_id,
                "layer": f.layer,
                "severity": f.severity,
                "status": f.status,
                "service": f.service,
            }
            for f in findings
        ]
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # No "</script" (nor any other tag or entity) can end the element early.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _layer_row(report: ScanReport, layer: Layer) -> LayerRow:
    pairs = [
        (report.matrix.cell(s.id, layer), report.cells[(s.id, layer)])
        for s in report.matrix.services
    ]
    verdicts = [st.verdict for cell, st in pairs if cell.owner is not Owner.NOT_APPLICABLE]
    tally = Counter(verdicts)
    summary = ", ".join(f"{tally[v]} {v.value}" for v in VERDICT_ORDER if tally[v])
    return LayerRow(
        layer=layer.value,
        label=LAYER_LABELS[layer],
        owner=band_owner(cell.owner for cell, _ in pairs),
        verdict=band_verdict(verdicts).value,
        summary=summary or "not applicable",
        cells=tuple(_cell(cell, status) for cell, status in pairs),
    )


def _cell(cell: MatrixCell, status: CellStatus) -> Cell:
    shown = "n/a" if cell.owner is Owner.NOT_APPLICABLE else status.verdict.value
    checked = ", ".join(f"{status.counts[k]} {k}" for k in sorted(status.counts))
    detail = f" ({checked})" if checked else ""
    label = LAYER_LABELS[cell.layer]
    title = f"{cell.service} · {label}: {cell.owner.value}, {shown}{detail}. {cell.reason}"
    return Cell(safe_text(cell.service), cell.owner.value, shown, safe_text(title))


def _ordered(findings: Iterable[Finding]) -> list[Finding]:
    rank = {status: n for n, status in enumerate(_STATUS_ORDER)}
    return sorted(
        findings,
        key=lambda f: (rank[f.status], -f.severity.rank, f.control_id, f.resource.id),
    )


def _finding_view(finding: Finding, number: int, root: Path) -> FindingView:
    resource = finding.resource
    return FindingView(
        element_id=f"finding-{number}",
        control_id=safe_text(finding.control_id),
        title=safe_text(finding.title),
        layer=finding.layer.value,
        layer_label=LAYER_LABELS[finding.layer],
        severity=finding.severity.value,
        status=finding.status.value,
        service=safe_text(resource.service),
        resource_id=safe_text(resource.id),
        resource_type=safe_text(resource.type),
        location=safe_text(display_location(resource, root)),
        message=safe_text(finding.message),
        remediation=safe_text(finding.remediation),
        evidence=tuple(_evidence(e) for e in finding.evidence),
    )


def _evidence(evidence: Evidence) -> tuple[str, str]:
    """The path looked at and the value found, as JSON text (``unknown`` for Unknown)."""
    if isinstance(evidence.value, Unknown) and type(evidence.value) is Unknown:
        return safe_text(evidence.path), "unknown"
    key = evidence.path.rsplit(".", 1)[-1]
    value: Any = safe_jsonable(evidence.value, key)
    shown = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return safe_text(evidence.path), safe_text(shown)


def _sources(report: ScanReport, root: Path) -> tuple[str, ...]:
    """The inputs the resources were read from: files (relative to root), or live API."""
    places = {
        "live AWS API"
        if r.source.file is None
        else relative_path(r.source.file, root) or r.source.file
        for r in report.result.resources
    }
    return tuple(sorted(safe_text(place) for place in places))


def _filters(findings: Sequence[FindingView]) -> tuple[tuple[str, str, tuple[Option, ...]], ...]:
    """Filter controls with the values present, in the page's order (worst or top first)."""
    layers = [layer.value for layer in reversed(Layer)]
    severities = [s.value for s in sorted(Severity, key=lambda s: -s.rank)]
    statuses = [s.value for s in _STATUS_ORDER]
    present = {name: {getattr(f, name) for f in findings} for name in _FACETS}
    orders = {"layer": layers, "severity": severities, "status": statuses}
    result = []
    for name, label in _FACETS.items():
        values = [v for v in orders.get(name, sorted(present[name])) if v in present[name]]
        labels = LAYER_LABELS_BY_VALUE if name == "layer" else {}
        options = tuple(Option(v, labels.get(v, v.replace("_", " "))) for v in values)
        result.append((name, label, options))
    return tuple(result)


_FACETS = {"layer": "Layer", "severity": "Severity", "status": "Status", "service": "Service"}
LAYER_LABELS_BY_VALUE = {layer.value: label for layer, label in LAYER_LABELS.items()}
