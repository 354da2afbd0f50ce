"""The scan as versioned JSON (documented in docs/scan-json.md)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from operator import attrgetter
from typing import Any

from srmap.model import Finding, Layer, Resource
from srmap.report.json_encode import encode_compact, encode_indented
from srmap.report.json_rows import RowEncoder, finding_to_dict
from srmap.report.jsonable import resource_reference, resource_to_dict
from srmap.report.matrix import matrix_to_dict
from srmap.scan import ScanReport

__all__ = [
    "PRETTY_LIMIT",
    "SCHEMA_VERSION",
    "encode_scan_json",
    "finding_to_dict",
    "render_scan_json",
    "scan_json_pieces",
    "scan_to_dict",
]

SCHEMA_VERSION = "1.0"


def scan_to_dict(report: ScanReport) -> dict[str, Any]:
    """The whole scan: findings, the matrix with verdicts per cell, and the inventory."""
    references: dict[int, dict[str, Any]] = {}  # by id(resource): built once, cited twice
    findings = list(_finding_rows(report.result.findings, references))
    resources = list(_resource_rows(report.result.resources, references))
    return _document(report, findings, resources)


def _document(report: ScanReport, findings: object, resources: object) -> dict[str, Any]:
    """The scan's JSON data around its two long arrays, findings and inventory resources
    (lists, or _Rows to write them a batch at a time)."""
    result = report.result
    matrix = matrix_to_dict(report.matrix)
    for cell in matrix["cells"]:
        status = report.cells[(cell["service"], Layer(cell["layer"]))]
        cell["status"] = status.verdict.value
        cell["counts"] = dict(sorted(status.counts.items()))
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "srmap", "version": result.tool_version},
        "generated_at": result.generated_at.isoformat() if result.generated_at else None,
        "summary": _summary(result.findings),
        "findings": findings,
        "matrix": matrix,
        "inventory": {
            "resources": resources,
            "unsupported": dict(result.unsupported),
            "warnings": list(result.warnings),
        },
    }


def _summary(findings: Sequence[Finding]) -> dict[str, int]:
    """Findings per status, by status name."""
    counts = Counter(map(attrgetter("status"), findings))
    return {status.value: counts[status] for status in sorted(counts, key=str)}


def _finding_rows(
    findings: Sequence[Finding], references: dict[int, dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    """Every finding; a resource's reference is built once, kept in ``references`` for its
    other findings and its inventory entry (the findings are made first)."""
    for finding in findings:
        key = id(finding.resource)
        if key not in references:
            references[key] = resource_reference(finding.resource)
        yield finding_to_dict(finding, references[key])


def _resource_rows(
    resources: Sequence[Resource], references: dict[int, dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    """Every resource of the inventory, reusing the references its findings built (the
    findings are written first)."""
    for resource in resources:
        yield resource_to_dict(resource, references.get(id(resource)))


# Above this many findings the JSON is written compact: at that size the file is read by tools,
# not people (jq . indents it), and indenting would double its size.
PRETTY_LIMIT = 5_000
# Rows converted and encoded at a time when a large scan is written in pieces.
_BATCH = 2_000


def encode_scan_json(report: ScanReport, extra: dict[str, Any] | None = None) -> bytes:
    """The scan as UTF-8 JSON, deterministic for the same scan; indented unless it is large.
    ``extra`` adds top-level keys (the framework view)."""
    return b"".join(scan_json_pieces(report, extra))


def scan_json_pieces(report: ScanReport, extra: dict[str, Any] | None = None) -> Iterator[bytes]:
    """``encode_scan_json`` in pieces to write one after the other: a large scan's findings
    are converted and encoded a batch at a time, never all held at once.

    orjson rather than the standard library: it writes a 20,000-resource scan about ten times
    faster, which is most of the time such a scan takes once its findings are known.
    """
    if len(report.result.findings) <= PRETTY_LIMIT:
        data = scan_to_dict(report) | (extra or {})
        yield encode_indented(data)
        return
    rows = RowEncoder()
    findings = _Rows(rows.finding_rows(report.result.findings))
    resources = _Rows(map(rows.resource, report.result.resources))
    yield from _compact_pieces(_document(report, findings, resources) | (extra or {}))
    yield b"\n"


class _Rows:
    """A long JSON array whose rows are encoded while it is written."""

    def __init__(self, rows: Iterable[bytes]) -> None:
        self.rows = rows


def _compact_pieces(value: Any) -> Iterator[bytes]:
    """Compact JSON of ``value``, byte for byte what orjson.dumps writes (a row it refuses as
    encode_compact writes it), in pieces: objects holding _Rows are opened up, and _Rows
    arrays are written a batch of rows at a time."""
    if isinstance(value, _Rows):
        rows = iter(value.rows)
        separator = b"["
        while batch := list(islice(rows, _BATCH)):
            yield separator
            yield b",".join(batch)
            separator = b","
        yield b"]" if separator == b"," else b"[]"
    elif isinstance(value, dict) and _holds_rows(value):
        separator = b""
        for key, item in value.items():
            yield (separator or b"{") + encode_compact(key) + b":"
            yield from _compact_pieces(item)
            separator = b","
        yield b"}"
    else:
        yield encode_compact(value)


def _holds_rows(value: dict[str, Any]) -> bool:
    return any(
        isinstance(item, _Rows) or (isinstance(item, dict) and _holds_rows(item))
        for item in value.values()
    )


def render_scan_json(report: ScanReport) -> str:
    """``encode_scan_json`` as text."""
    return encode_scan_json(report).decode()
