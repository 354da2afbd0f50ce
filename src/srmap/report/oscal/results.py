"""The OSCAL assessment results: one result for the scan, the services and resources as local
definitions, an observation with the evidence and a finding with its status per verdict."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from srmap.model import Finding, Status
from srmap.report.locations import display_location
from srmap.report.oscal.common import (
    control_token,
    dump,
    line,
    metadata,
    prop,
    safe,
    scan_key,
    stable_uuid,
    timestamp,
    value_text,
)
from srmap.scan import ScanReport

__all__ = ["assessment_results", "render_oscal_assessment_results"]


def render_oscal_assessment_results(report: ScanReport, root: Path) -> str:
    """The assessment results as indented JSON; file locations relative to ``root``."""
    return dump({"assessment-results": assessment_results(report, root)})


def assessment_results(report: ScanReport, root: Path) -> dict[str, Any]:
    """One result of the scan: local components and resources, observations and findings."""
    scan = scan_key(report)
    plan = stable_uuid("back-matter", "srmap-controls")
    moment = timestamp(report)
    assessed = [f for f in report.result.findings if f.status is not Status.NOT_APPLICABLE]
    result: dict[str, Any] = {
        "uuid": stable_uuid(scan, "result"),
        "title": "srmap scan of the customer's side of the shared responsibility model",
        "description": f"{len(report.result.resources)} resources checked by srmap's controls.",
        "start": moment,
        "end": moment,
        "local-definitions": _local_definitions(report, assessed),
        "reviewed-controls": {"control-selections": [{"include-all": {}}]},
    }
    if assessed:
        result["observations"] = [_observation(scan, f, root, moment) for f in assessed]
        result["findings"] = [_finding(scan, f) for f in assessed]
    return {
        "uuid": stable_uuid(scan, "assessment-results"),
        "metadata": metadata(report, "srmap assessment results"),
        "import-ap": {
            "href": f"#{plan}",
            "remarks": "No separate assessment plan: srmap runs every registered control that "
            "applies to the resources read.",
        },
        "results": [result],
        "back-matter": {
            "resources": [
                {
                    "uuid": plan,
                    "title": "srmap controls",
                    "description": "Automated checks of the configuration read from the inputs.",
                }
            ]
        },
    }


def _local_definitions(report: ScanReport, assessed: Sequence[Finding]) -> dict[str, Any]:
    components = [
        {
            "uuid": stable_uuid("component", service.id),
            "type": "service",
            "title": line(service.name),
            "description": f"AWS {line(service.name)} as used by this workload.",
            "status": {"state": "operational"},
        }
        for service in report.matrix.services
    ]
    definitions: dict[str, Any] = {"components": components} if components else {}
    resources = {f.resource.id: f.resource for f in assessed}
    if resources:
        definitions["inventory-items"] = [
            {
                "uuid": stable_uuid("resource", resource_id),
                "description": safe(f"{resource.type} {resource_id}"),
                "props": [
                    prop("resource-id", line(resource_id)),
                    prop("resource-type", resource.type),
                ],
                "implemented-components": [
                    {"component-uuid": stable_uuid("component", resource.service)}
                ],
            }
            for resource_id, resource in sorted(resources.items())
        ]
    return definitions


def _observation(scan: str, finding: Finding, root: Path, moment: str) -> dict[str, Any]:
    resource = finding.resource
    evidence = [
        {"description": safe(f"{e.path} = {value_text(e.path, e.value)}")} for e in finding.evidence
    ]
    location = display_location(resource, root)
    if location:
        evidence.append({"description": safe(f"read from {location}")})
    observation: dict[str, Any] = {
        "uuid": stable_uuid(scan, "observation", finding.control_id, resource.id),
        "title": line(finding.title),
        "description": safe(finding.message or finding.title),
        "props": _finding_props(finding),
        "methods": ["TEST"],
        "types": ["finding" if finding.status is Status.FAIL else "control-objective"],
        "subjects": [
            {
                "subject-uuid": stable_uuid("resource", resource.id),
                "type": "inventory-item",
                "title": line(resource.id),
            }
        ],
        "collected": moment,
    }
    if evidence:
        observation["relevant-evidence"] = evidence
    return observation


def _finding(scan: str, finding: Finding) -> dict[str, Any]:
    satisfied = finding.status is Status.PASS
    reason = {Status.PASS: "pass", Status.FAIL: "fail"}.get(finding.status, "other")
    result: dict[str, Any] = {
        "uuid": stable_uuid(scan, "finding", finding.control_id, finding.resource.id),
        "title": line(f"{finding.title}: {finding.resource.id}"),
        "description": safe(finding.message or finding.title),
        "props": _finding_props(finding),
        "target": {
            "type": "objective-id",
            "target-id": control_token(finding.control_id),
            "status": {"state": "satisfied" if satisfied else "not-satisfied", "reason": reason},
        },
        "related-observations": [
            {
                "observation-uuid": stable_uuid(
                    scan, "observation", finding.control_id, finding.resource.id
                )
            }
        ],
    }
    if finding.remediation:
        result["remarks"] = safe(f"Remediation: {finding.remediation}")
    return result


def _finding_props(finding: Finding) -> list[dict[str, str]]:
    return [
        prop("control-id", finding.control_id),
        prop("status", finding.status.value),
        prop("severity", finding.severity.value),
        prop("layer", finding.layer.value),
        prop("resource-id", line(finding.resource.id)),
    ]
