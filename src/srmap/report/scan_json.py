"""The scan as versioned JSON (documented in docs/scan-json.md)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import orjson

from srmap.model import Finding, Layer
from srmap.report.jsonable import resource_reference, resource_to_dict, safe_jsonable
from srmap.report.matrix import matrix_to_dict
from srmap.scan import ScanReport

__all__ = [
    "PRETTY_LIMIT",
    "SCHEMA_VERSION",
    "encode_scan_json",
    "finding_to_dict",
    "render_scan_json",
    "scan_to_dict",
]

SCHEMA_VERSION = "1.0"


def finding_to_dict(finding: Finding, reference: dict[str, Any] | None = None) -> dict[str, Any]:
    """One finding: control, verdict, the resource it is about (``reference``, when the caller
    already built it), evidence and remediation. Layer, severity and status are StrEnum members:
    strings, written as their values by any JSON encoder."""
    return {
        "control": finding.control_id,
        "title": finding.title,
        "layer": finding.layer,
        "severity": finding.severity,
        "status": finding.status,
        "message": finding.message,
        "resource": reference or resource_reference(finding.resource),
        "evidence": [
            {"path": e.path, "value": safe_jsonable(e.value, e.path)} for e in finding.evidence
        ],
        "remediation": finding.remediation,
    }


def scan_to_dict(report: ScanReport) -> dict[str, Any]:
    """The whole scan: findings, the matrix with verdicts per cell, and the inventory."""
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
        "summary": dict(sorted(Counter(f.status.value for f in result.findings).items())),
        "findings": _findings_to_dicts(result.findings),
        "matrix": matrix,
        "inventory": {
            "resources": [resource_to_dict(r) for r in result.resources],
            "unsupported": dict(result.unsupported),
            "warnings": list(result.warnings),
        },
    }


def _findings_to_dicts(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    """Every finding; a resource's reference is built once and shared by its findings."""
    references: dict[int, dict[str, Any]] = {}
    rows = []
    for finding in findings:
        key = id(finding.resource)
        if key not in references:
            references[key] = resource_reference(finding.resource)
        rows.append(finding_to_dict(finding, references[key]))
    return rows


# Above this many findings the JSON is written compact: at that size the file is read by tools,
# not people (jq . indents it), and indenting would double its size.
PRETTY_LIMIT = 5_000


def encode_scan_json(report: ScanReport, extra: dict[str, Any] | None = None) -> bytes:
    """The scan as UTF-8 JSON, deterministic for the same scan; indented unless it is large.
    ``extra`` adds top-level keys (the framework view).

    orjson rather than the standard library: it writes a 20,000-resource scan about ten times
    faster, which is most of the time such a scan takes once its findings are known.
    """
    layout = orjson.OPT_INDENT_2 if len(report.result.findings) <= PRETTY_LIMIT else 0
    data = scan_to_dict(report) | (extra or {})
    return orjson.dumps(data, option=layout | orjson.OPT_APPEND_NEWLINE)


def render_scan_json(report: ScanReport) -> str:
    """``encode_scan_json`` as text."""
    return encode_scan_json(report).decode()
