"""Findings and inventory resources as compact JSON rows, each byte for byte what
``encode_compact(finding_to_dict(...))`` writes, assembled from parts encoded once.

A large scan has tens of thousands of findings, and what they repeat is most of each row: a
control's title, layer, severity and remediation, and the resource it is about (cited by every
finding on it and again by the inventory). Those parts are encoded once; per finding only the
message and the evidence are.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from srmap.model import Finding, Resource
from srmap.report.json_encode import encode_compact
from srmap.report.jsonable import (
    resource_reference,
    resource_to_dict,
    safe_evidence,
    safe_jsonable,
)

__all__ = ["RowEncoder", "finding_to_dict"]


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
        "evidence": safe_evidence(finding.evidence),
        "remediation": finding.remediation,
    }


_RESOURCE = b',"resource":'
_EVIDENCE = b',"evidence":'


class RowEncoder:
    """Encodes the rows of one scan; its caches live as long as the scan's records."""

    def __init__(self) -> None:
        # By id(): the scan's resources are alive while their rows are written.
        self._references: dict[int, bytes] = {}
        self._heads: dict[tuple[Any, ...], bytes] = {}
        self._tails: dict[str, bytes] = {}

    def finding(self, finding: Finding) -> bytes:
        """One finding, as ``finding_to_dict`` encoded."""
        return next(self.finding_rows((finding,)))

    def finding_rows(self, findings: Iterable[Finding]) -> Iterator[bytes]:
        """Each finding, as ``finding_to_dict`` encoded (one loop for a scan's many: the
        parts' caches are bound once, and a resource's findings, which come together, look
        its reference up once)."""
        heads, tails, dumps, join = self._heads, self._tails, orjson.dumps, b"".join
        cited, reference = None, b""
        for finding in findings:
            try:
                head = heads.get(finding[:5])  # control, title, layer, severity, status
                if head is None:
                    head = heads[finding[:5]] = _finding_head(finding)
                tail = tails.get(finding.remediation)
                if tail is None:
                    tail = tails[finding.remediation] = _finding_tail(finding)
                if finding.resource is not cited:
                    cited, reference = finding.resource, self.reference(finding.resource)
                evidence = dumps(safe_evidence(finding.evidence))
                yield join(
                    (head, dumps(finding.message), _RESOURCE, reference, _EVIDENCE, evidence, tail)
                )
            except TypeError:  # a value orjson refuses: the row whole, by the fallback
                yield encode_compact(finding_to_dict(finding))

    def resource(self, resource: Resource) -> bytes:
        """One inventory resource, as ``resource_to_dict`` encoded."""
        try:
            rest = {
                "tags": safe_jsonable(resource.tags),
                "attributes": safe_jsonable(resource.attributes),
            }
            return self.reference(resource)[:-1] + b"," + orjson.dumps(rest)[1:]
        except TypeError:
            return encode_compact(resource_to_dict(resource))

    def reference(self, resource: Resource) -> bytes:
        """``resource_reference`` encoded, once per resource (orjson only: it may raise)."""
        key = id(resource)
        found = self._references.get(key)
        if found is None:
            found = self._references[key] = orjson.dumps(resource_reference(resource))
        return found


def _finding_head(finding: Finding) -> bytes:
    """``{"control":…,"title":…,"layer":…,"severity":…,"status":…,"message":`` of a finding."""
    head = {
        "control": finding.control_id,
        "title": finding.title,
        "layer": finding.layer,
        "severity": finding.severity,
        "status": finding.status,
    }
    return orjson.dumps(head)[:-1] + b',"message":'


def _finding_tail(finding: Finding) -> bytes:
    """``,"remediation":…}`` of a finding."""
    return b"," + orjson.dumps({"remediation": finding.remediation})[1:]
