"""A scan: inventory -> controls -> suppressions -> matrix joined with the findings."""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from operator import attrgetter

from srmap.catalog import Catalog
from srmap.controls import ControlContext, ControlRegistry, evaluate_controls
from srmap.derive import derive_facts
from srmap.matrix import CellStatus, Matrix, ServiceInUse, build_matrix, cell_statuses
from srmap.model import Finding, Layer, Resource, ScanResult, Severity, Status
from srmap.policy import Policy, Suppression
from srmap.sources import Inventory

__all__ = ["ScanReport", "exit_code", "run_scan", "services_in_use"]


@dataclass(frozen=True, slots=True)
class ScanReport:
    """What reporters render: the result, the matrix of the services in use and its verdicts."""

    result: ScanResult
    matrix: Matrix
    cells: Mapping[tuple[str, Layer], CellStatus]
    policy: Policy


def services_in_use(catalog: Catalog, resources: Iterable[Resource]) -> list[ServiceInUse]:
    """The catalog services the resources belong to: infrastructure, container, then abstracted."""
    in_use = {r.service: catalog.services[r.service] for r in resources}
    order = {"infrastructure": 0, "container": 1, "abstracted": 2}
    ordered = sorted(in_use.values(), key=lambda s: (order[s.category.value], s.id))
    return [ServiceInUse(service) for service in ordered]


def run_scan(
    inventory: Inventory,
    catalog: Catalog,
    registry: ControlRegistry,
    policy: Policy,
    *,
    now: dt.datetime,
    tool_version: str,
) -> ScanReport:
    """Evaluate every control, apply suppressions, and join the findings onto the matrix."""
    # Facts that span resources (backup plan coverage) are derived once, before the controls.
    inventory = replace(inventory, resources=derive_facts(inventory.resources))
    context = ControlContext(
        min_retention_days=policy.min_retention_days,
        allowed_regions=policy.residency.allowed_regions,
        allowed_jurisdictions=policy.residency.allowed_jurisdictions,
        now=now,
    )
    # Evaluated in the order findings are reported: by resource id, then control id.
    by_id = sorted(inventory.resources, key=attrgetter("id"))
    findings = evaluate_controls(by_id, registry, context)
    findings, expired = _suppress(findings, policy.suppressions, now.date())
    attested = [
        (service, a.duty)
        for a in policy.attestations
        if a.expires is None or a.expires >= now.date()
        for service in (a.services or (None,))
    ]
    matrix = build_matrix(catalog, services_in_use(catalog, inventory.resources))
    result = ScanResult(
        resources=inventory.resources,
        findings=tuple(findings),
        unsupported=inventory.unsupported,
        warnings=(*inventory.warnings, *expired),
        generated_at=now,
        tool_version=tool_version,
    )
    return ScanReport(result, matrix, cell_statuses(matrix, findings, attested), policy)


def _suppress(
    findings: Sequence[Finding], suppressions: Sequence[Suppression], today: dt.date
) -> tuple[list[Finding], list[str]]:
    """Mark matching failures suppressed; an expired suppression stops working and says so."""
    active = [s for s in suppressions if s.expires is None or s.expires >= today]
    expired = [
        f"suppression of {s.control} for {s.resource!r} expired on {s.expires}; no longer applied"
        for s in suppressions
        if s not in active
    ]
    if not active:  # the usual case: no walk over every finding
        return list(findings), expired
    result = [
        f._replace(status=Status.SUPPRESSED) if _suppressed(f, active) else f for f in findings
    ]
    return result, expired


def _suppressed(finding: Finding, active: Sequence[Suppression]) -> bool:
    if finding.status not in (Status.FAIL, Status.UNKNOWN):
        return False
    return any(
        s.control == finding.control_id and fnmatch.fnmatchcase(finding.resource.id, s.resource)
        for s in active
    )


def exit_code(report: ScanReport, fail_on: Severity | None = None) -> int:
    """1 when a failing finding is at or above the threshold (policy's unless given), else 0."""
    threshold = (fail_on or report.policy.fail_on).rank
    # The severities that fail, gathered in one pass: most scans have none at the threshold.
    failing = {f.severity for f in report.result.findings if f.status is Status.FAIL}
    return 1 if any(severity.rank >= threshold for severity in failing) else 0
