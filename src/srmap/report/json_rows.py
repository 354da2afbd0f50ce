"""Findings and inventory resources as compact JSON rows, each byte for byte what
``encode_compact(finding_to_dict(...))`` writes, assembled from parts encoded once.

A large scan has tens of thousands of findings, and what they repeat is most of each row: a
control's title, layer, severity and remediation, and the resource it is about (cited by every
finding on it and again by the inventory). Those parts are encoded once; per finding only the
message and the evidence are.
"""

from __future__ import annotations

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
        try:
            return self._finding_row(finding)
        except TypeError:  # a value orjson refuses: the row whole, by the fallback
            return encode_compact(finding_to_dict(finding))

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

    def _finding_row(self, finding: Finding) -> bytes:
        key = finding[:5]  # control, title, layer, severity, status: shared by many findings
        head = self._heads.get(key)
        if head is None:
            head = self._heads[key] = _finding_head(finding)
        tail = self._tails.get(finding.remediation)
        if tail is None:
            encoded = orjson.dumps({"remediation": finding.remediation})
            tail = self._tails[finding.remediation] = b"," + encoded[1:]
        return b"".join(
            (
                head,
                orjson.dumps(finding.message),
                _RESOURCE,
                self.reference(finding.resource),
                _EVIDENCE,
                orjson.dumps(safe_evidence(finding.evidence)),
                tail,
            )
        )


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
