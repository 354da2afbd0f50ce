"""Controls: small pure functions over one normalized resource, registered with their metadata.

The Unknown rule lives here, once: a verdict that rests on an UNKNOWN value is ``unknown``,
never ``pass`` or ``fail`` — whether the control cited the value as evidence or asked it for
its truth. Controls therefore cite only the values they decided on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter
from typing import Any, NamedTuple

from srmap.gc_pause import collector_paused
from srmap.model import (
    Evidence,
    Finding,
    Layer,
    Reference,
    Resource,
    Severity,
    Status,
    Unknown,
    UnknownValueError,
    record_maker,
)

__all__ = [
    "Control",
    "ControlContext",
    "ControlRegistry",
    "Verdict",
    "control",
    "declared",
    "evaluate_controls",
    "failed",
    "not_applicable",
    "passed",
]


@dataclass(frozen=True, slots=True)
class ControlContext:
    """What a control may know besides the resource: the policy's numbers and the clock."""

    min_retention_days: int = 7
    allowed_regions: frozenset[str] | None = None
    allowed_jurisdictions: frozenset[str] | None = None
    now: datetime | None = None


class Verdict(NamedTuple):
    """What one control concluded about one resource, and the values that decided it (a
    tuple: one is made per control and resource)."""

    status: Status
    evidence: tuple[Evidence, ...] = ()
    message: str = ""


def declared(value: Any) -> Any:
    """Evidence for a value a control has understood: a Reference (a resource of the same
    input, known after deployment) becomes a plain description, so the Unknown rule does not
    turn a verdict decided on *which resource* into ``unknown``."""
    if isinstance(value, Reference):
        return f"{value} (declared in this input; its value is known after deployment)"
    return value


# One of each is made per control and resource: Evidence from a (path, value) item.
_evidence_of_item = record_maker(Evidence)
_new_verdict = record_maker(Verdict)
_new_finding = record_maker(Finding)


def _verdict(status: Status, message: str, evidence: Mapping[str, Any]) -> Verdict:
    return _new_verdict((status, tuple(map(_evidence_of_item, evidence.items())), message))


def passed(message: str, evidence: Mapping[str, Any]) -> Verdict:
    """The customer's duty is met; ``evidence`` maps attribute paths to the values seen."""
    return _verdict(Status.PASS, message, evidence)


def failed(message: str, evidence: Mapping[str, Any]) -> Verdict:
    """The customer's duty is not met."""
    return _verdict(Status.FAIL, message, evidence)


def not_applicable(message: str, evidence: Mapping[str, Any] | None = None) -> Verdict:
    """The control does not apply to this resource (a private bucket has no public ACL)."""
    return _verdict(Status.NOT_APPLICABLE, message, evidence or {})


Check = Callable[[Resource, ControlContext], Verdict]


@dataclass(frozen=True, slots=True)
class Control:
    """A check and its metadata, declared in one place."""

    id: str
    title: str
    layer: Layer
    applies_to: tuple[str, ...]
    severity: Severity
    remediation: str
    check: Check = field(repr=False)


def control(
    control_id: str,
    *,
    title: str,
    layer: Layer,
    applies_to: Sequence[str],
    severity: Severity,
    remediation: str,
) -> Callable[[Check], Control]:
    """Declare a control next to its function; the module's CONTROLS list registers it."""

    def wrap(check: Check) -> Control:
        return Control(control_id, title, layer, tuple(applies_to), severity, remediation, check)

    return wrap


class ControlRegistry:
    """An explicit registry: refuses duplicate ids, indexes controls by resource type."""

    def __init__(self, controls: Iterable[Control] = ()) -> None:
        self._by_id: dict[str, Control] = {}
        self._by_type: dict[str, list[Control]] = defaultdict(list)
        for item in controls:
            self.add(item)

    def add(self, item: Control) -> None:
        """Register one control; a second control with the same id is an error."""
        if item.id in self._by_id:
            raise ValueError(f"duplicate control id {item.id!r}")
        self._by_id[item.id] = item
        for resource_type in item.applies_to:
            self._by_type[resource_type].append(item)
            self._by_type[resource_type].sort(key=attrgetter("id"))

    def for_type(self, resource_type: str) -> Sequence[Control]:
        """The controls that apply to one canonical type, by id."""
        return self._by_type.get(resource_type, ())

    def __iter__(self) -> Iterator[Control]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)


def evaluate_controls(
    resources: Iterable[Resource], registry: ControlRegistry, context: ControlContext
) -> list[Finding]:
    """Every applicable control on every resource; linear in resources x controls per type.
    The findings follow the resources' order, each resource's by control id."""
    findings: list[Finding] = []
    with collector_paused():  # findings are acyclic trees: see srmap.gc_pause
        for resource in resources:
            for item in registry.for_type(resource.type):
                status, evidence, message = _run(item, resource, context)
                findings.append(
                    _new_finding(
                        (
                            item.id,
                            item.title,
                            item.layer,
                            item.severity,
                            status,
                            resource,
                            evidence,
                            message,
                            item.remediation,
                        )
                    )
                )
    return findings


def _run(item: Control, resource: Resource, context: ControlContext) -> Verdict:
    try:
        verdict = item.check(resource, context)
    except UnknownValueError:
        return Verdict(Status.UNKNOWN, (), "depends on a value the source could not establish")
    if verdict.status is Status.PASS or verdict.status is Status.FAIL:
        for _, value in verdict.evidence:
            if type(value) not in _PLAIN and _has_unknown(value):
                return Verdict(Status.UNKNOWN, verdict.evidence, verdict.message)
    return verdict


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _has_unknown(value: Any) -> bool:
    if type(value) in _PLAIN:  # most values: decided without the ABC checks below
        return False
    if isinstance(value, Unknown):
        return True
    if isinstance(value, list | tuple):
        return any(_has_unknown(v) for v in value)
    if isinstance(value, Mapping):  # an ABC check, the slowest: last
        return any(_has_unknown(v) for v in value.values())
    return False
