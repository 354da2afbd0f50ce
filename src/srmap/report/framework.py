"""A scan's findings grouped by the requirements of one framework (CIS, NIST SP 800-53, ...)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from srmap.catalog.frameworks import Framework, Requirement
from srmap.model import Finding, Status
from srmap.policy import Attestation
from srmap.scan import ScanReport

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "FrameworkView",
    "RequirementResult",
    "RequirementStatus",
    "framework_to_dict",
    "frameworks_to_list",
    "group_by_requirement",
    "live_duties",
    "render_framework_terminal",
    "render_frameworks_table",
    "requirement_status",
]


class RequirementStatus(StrEnum):
    """The verdict on one requirement over every finding of the controls mapped to it."""

    FAIL = "fail"
    UNKNOWN = "unknown"
    SUPPRESSED = "suppressed"  # only accepted exceptions stand between it and pass
    PASS = "pass"  # noqa: S105 - a verdict, not a password
    ATTESTED = "attested"
    MANUAL = "manual"
    NOT_APPLICABLE = "not_applicable"


# Finding statuses that decide a requirement, worst first; the first one seen wins.
_DECIDING = (
    (Status.FAIL, RequirementStatus.FAIL),
    (Status.UNKNOWN, RequirementStatus.UNKNOWN),
    (Status.SUPPRESSED, RequirementStatus.SUPPRESSED),
    (Status.PASS, RequirementStatus.PASS),
)


@dataclass(frozen=True, slots=True)
class RequirementResult:
    """One requirement, its status, and the finding statuses behind it."""

    requirement: Requirement
    status: RequirementStatus
    counts: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class FrameworkView:
    """Every requirement of a framework with its status, in the framework's order."""

    framework: Framework
    results: tuple[RequirementResult, ...]


def requirement_status(
    requirement: Requirement, statuses: Iterable[Status], attested: frozenset[str]
) -> RequirementStatus:
    """Findings decide first (fail, unknown, suppressed, pass); then attestations; else n/a."""
    seen = set(statuses)
    for status, verdict in _DECIDING:
        if status in seen:
            return verdict
    if requirement.attestations:
        done = all(duty in attested for duty in requirement.attestations)
        return RequirementStatus.ATTESTED if done else RequirementStatus.MANUAL
    if Status.MANUAL in seen or not requirement.controls:
        # Nothing srmap can check: a person has to look (the note says why).
        return RequirementStatus.MANUAL
    return RequirementStatus.NOT_APPLICABLE


def live_duties(attestations: Sequence[Attestation], today: dt.date | None) -> frozenset[str]:
    """Duties with an attestation that has not expired (without a date, only open-ended ones)."""
    return frozenset(
        a.duty
        for a in attestations
        if a.expires is None or (today is not None and a.expires >= today)
    )


def group_by_requirement(report: ScanReport, framework: Framework) -> FrameworkView:
    """Each requirement's status from the findings of its controls and the live attestations."""
    by_control: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.result.findings:
        by_control[finding.control_id].append(finding)
    generated = report.result.generated_at
    attested = live_duties(report.policy.attestations, generated.date() if generated else None)
    results = []
    for requirement in framework.requirements:
        statuses = [f.status for c in requirement.controls for f in by_control.get(c, ())]
        counts = dict(sorted(Counter(s.value for s in statuses).items()))
        status = requirement_status(requirement, statuses, attested)
        results.append(RequirementResult(requirement, status, counts))
    return FrameworkView(framework, tuple(results))


def framework_to_dict(view: FrameworkView) -> dict[str, Any]:
    """The JSON section: the framework and one entry per requirement."""
    framework = view.framework
    return {
        "id": framework.id,
        "title": framework.title,
        "version": framework.version,
        "source": framework.source,
        "summary": _summary(view),
        "requirements": [
            {
                "id": r.requirement.id,
                "title": r.requirement.title,
                "status": r.status.value,
                "controls": list(r.requirement.controls),
                "attestations": list(r.requirement.attestations),
                "counts": dict(r.counts),
                "note": r.requirement.note,
            }
            for r in view.results
        ],
    }


_COUNT_ORDER = (
    Status.FAIL,
    Status.UNKNOWN,
    Status.SUPPRESSED,
    Status.PASS,
    Status.MANUAL,
    Status.NOT_APPLICABLE,
)
_STYLES = {
    RequirementStatus.FAIL: "bold red",
    RequirementStatus.UNKNOWN: "yellow",
    RequirementStatus.SUPPRESSED: "dim",
    RequirementStatus.PASS: "green",
    RequirementStatus.ATTESTED: "cyan",
    RequirementStatus.MANUAL: "magenta",
    RequirementStatus.NOT_APPLICABLE: "dim",
}


def render_framework_terminal(view: FrameworkView, console: Console) -> None:
    """A table of requirements with status and what decided it, then a summary line."""
    from rich.table import Table  # noqa: PLC0415 - rich loads only when something is drawn
    from rich.text import Text  # noqa: PLC0415 - rich loads only when something is drawn

    framework = view.framework
    table = Table(
        title=f"{framework.title} {framework.version}, by requirement",
        title_justify="left",
    )
    table.add_column("requirement", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("title")
    table.add_column("findings or note")
    for result in view.results:
        status = Text(result.status.value, style=_STYLES[result.status])
        table.add_row(result.requirement.id, status, result.requirement.title, _detail(result))
    console.print(table)
    summary = ", ".join(f"{n} {status}" for status, n in _summary(view).items())
    console.print(f"{framework.label}: {len(view.results)} requirements, {summary}")


def _detail(result: RequirementResult) -> str:
    """Finding counts worst first; the requirement's note when no finding speaks to it."""
    if result.counts:
        order = [s.value for s in _COUNT_ORDER]
        return ", ".join(f"{result.counts[s]} {s}" for s in order if s in result.counts)
    return result.requirement.note


def _summary(view: FrameworkView) -> dict[str, int]:
    counts = Counter(r.status for r in view.results)
    return {status.value: counts[status] for status in RequirementStatus if counts[status]}


def frameworks_to_list(frameworks: Sequence[Framework]) -> list[dict[str, Any]]:
    """The packaged frameworks for `srmap frameworks --format json`."""
    return [
        {
            "id": f.id,
            "title": f.title,
            "version": f.version,
            "label": f.label,
            "source": f.source,
            "requirements": len(f.requirements),
            "checked": sum(1 for r in f.requirements if r.controls),
        }
        for f in frameworks
    ]


def render_frameworks_table(frameworks: Sequence[Framework], console: Console) -> None:
    """One row per packaged framework: the id to pass to --framework, and how much srmap checks."""
    from rich.table import Table  # noqa: PLC0415 - rich loads only when something is drawn

    table = Table(title="Frameworks (srmap scan --framework ID)", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("title")
    table.add_column("version")
    table.add_column("requirements", justify="right")
    table.add_column("checked", justify="right")
    for row in frameworks_to_list(frameworks):
        counts = (str(row["requirements"]), str(row["checked"]))
        table.add_row(row["id"], row["title"], row["version"], *counts)
    console.print(table)
    console.print("checked: requirements with at least one srmap control mapped to them")
    for framework in frameworks:
        console.print(f"{framework.id}: {framework.source}", soft_wrap=True)
