"""Compare checkov's verdicts with srmap's on the checks both tools make.

Pure functions over parsed results: the mapping table, the srmap side of one input (its
inventory types, findings and which resource each part belongs to), and the comparison rows.
"""

from __future__ import annotations

import fnmatch
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checkov_tool import FAILED, PASSED, CheckovResult

KINDS = ("srmap bug", "checkov bug", "deliberate")
NOT_READ = "not_read"  # checkov judged a resource of a type srmap models, srmap has no such id
NOT_MODELED = "not_modeled"  # the native type is outside srmap's catalog
UNEXPLAINED = "unexplained"


@dataclass(frozen=True)
class CheckMapping:
    """The checkov ids that decide the same question as one srmap control."""

    control: str
    checkov: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Explanation:
    """Why a class of disagreements exists; fields other than kind and note are globs."""

    kind: str
    note: str
    control: str = "*"
    checkov: str = "*"
    srmap: str = "*"
    target: str = "*"
    resource: str = "*"

    def explains(self, row: Row) -> bool:
        """Whether every glob matches the row."""
        pairs = (
            (self.control, row.control), (self.checkov, row.checkov), (self.srmap, row.srmap),
            (self.target, row.target), (self.resource, row.resource),
        )  # fmt: skip
        return all(fnmatch.fnmatchcase(value, pattern) for pattern, value in pairs)


@dataclass(frozen=True)
class MapTable:
    """bench/checkov_map.toml: mappings and explanations."""

    mappings: tuple[CheckMapping, ...]
    explanations: tuple[Explanation, ...] = ()

    def by_check(self) -> dict[str, list[CheckMapping]]:
        """Checkov id -> the mappings that list it."""
        found: dict[str, list[CheckMapping]] = defaultdict(list)
        for mapping in self.mappings:
            for check in mapping.checkov:
                found[check].append(mapping)
        return found

    def explain(self, row: Row) -> Explanation | None:
        """The first explanation that matches, if any."""
        return next((e for e in self.explanations if e.explains(row)), None)


def load_map(path: Path) -> MapTable:
    """Read and validate the mapping table; ValueError names the file and the entry."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    mappings = [_mapping(path, i, entry) for i, entry in enumerate(data.get("mapping", ()))]
    controls = [m.control for m in mappings]
    for control in sorted({c for c in controls if controls.count(c) > 1}):
        raise ValueError(f"{path}: mapping for {control!r} appears more than once")
    explanations = [_explanation(path, i, e) for i, e in enumerate(data.get("explain", ()))]
    return MapTable(tuple(mappings), tuple(explanations))


def _mapping(path: Path, index: int, entry: dict[str, Any]) -> CheckMapping:
    where = f"{path}: mapping[{index}]"
    control, checks, reason = entry.get("control"), entry.get("checkov"), entry.get("reason")
    if not isinstance(control, str) or not control:
        raise ValueError(f"{where}: 'control' must be a control id")
    if not isinstance(checks, list) or not checks or not all(isinstance(c, str) for c in checks):
        raise ValueError(f"{where} ({control}): 'checkov' must be a non-empty list of ids")
    if not isinstance(reason, str) or not reason.strip():
        raise ValueError(f"{where} ({control}): 'reason' is required")
    return CheckMapping(control, tuple(checks), reason)


def _explanation(path: Path, index: int, entry: dict[str, Any]) -> Explanation:
    where = f"{path}: explain[{index}]"
    if entry.get("kind") not in KINDS:
        raise ValueError(f"{where}: 'kind' must be one of {', '.join(KINDS)}")
    if not isinstance(entry.get("note"), str) or not entry["note"].strip():
        raise ValueError(f"{where}: 'note' is required")
    unknown = set(entry) - {"kind", "note", "control", "checkov", "srmap", "target", "resource"}
    if unknown:
        raise ValueError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
    return Explanation(**entry)


@dataclass(frozen=True)
class SrmapVerdict:
    """One srmap finding reduced to what the comparison prints."""

    status: str
    evidence: str = ""
    message: str = ""


@dataclass(frozen=True)
class SrmapSide:
    """What srmap made of one input: resource types by id, verdicts by (id, control), the
    primary each part was read into, and the native types srmap models (to canonical type)."""

    types: Mapping[str, str]
    verdicts: Mapping[tuple[str, str], SrmapVerdict]
    owners: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    native_types: Mapping[str, str] = field(default_factory=dict)
    applies_to: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    error: str = ""

    def resolve(self, resource: str) -> tuple[str, ...]:
        """srmap ids a checkov resource lands on: itself, the primary it is a part of, or every
        instance of a counted resource checkov names without its index."""
        if resource in self.types:
            return (resource,)
        if resource in self.owners:
            return self.owners[resource]
        return tuple(i for i in self.types if i.startswith(resource + "["))


@dataclass(frozen=True)
class Row:
    """One control on one resource of one input, as both tools judged it."""

    target: str
    control: str
    resource: str
    checkov: str
    srmap: str
    checks: tuple[str, ...] = ()  # "CKV_AWS_24 fail on aws_security_group_rule.ssh", ...
    evidence: str = ""

    @property
    def agrees(self) -> bool:
        """Both passed or both failed."""
        return self.checkov == self.srmap and self.srmap in (PASSED, FAILED)


def compare(
    target: str, results: Iterable[CheckovResult], side: SrmapSide, table: MapTable
) -> tuple[list[Row], list[CheckovResult]]:
    """Rows for every (srmap resource, mapped control) checkov judged; and the checkov results
    on native types srmap does not model."""
    by_check = table.by_check()
    grouped: dict[tuple[str, str], list[CheckovResult]] = defaultdict(list)
    not_modeled = []
    for result in results:
        mappings = by_check.get(result.check_id, ())
        if not mappings:
            continue
        canonical = side.native_types.get(result.native_type)
        if canonical is None and not side.error:
            not_modeled.append(result)
            continue
        ids = side.resolve(result.resource) or (result.resource,)
        for srmap_id in ids:
            resource_type = side.types.get(srmap_id, canonical)
            for mapping in mappings:
                if resource_type in side.applies_to.get(mapping.control, ()) or side.error:
                    grouped[(srmap_id, mapping.control)].append(result)
    rows = [_row(target, key, found, side) for key, found in sorted(grouped.items())]
    return rows, not_modeled


def _row(target: str, key: tuple[str, str], found: Sequence[CheckovResult], side: SrmapSide) -> Row:
    srmap_id, control = key
    checkov = FAILED if any(r.verdict == FAILED for r in found) else PASSED
    checks = tuple(sorted({f"{r.check_id} {r.verdict} on {r.resource}" for r in found}))
    if side.error:
        return Row(target, control, srmap_id, checkov, "input_error", checks, side.error)
    verdict = side.verdicts.get(key)
    if srmap_id not in side.types:
        return Row(target, control, srmap_id, checkov, NOT_READ, checks)
    if verdict is None:
        return Row(target, control, srmap_id, checkov, "no_finding", checks)
    evidence = verdict.evidence or verdict.message
    return Row(target, control, srmap_id, checkov, verdict.status, checks, evidence)


@dataclass(frozen=True)
class Tally:
    """Per mapping: rows compared, agreements, and the disagreements by srmap's status."""

    control: str
    compared: int = 0
    agreed: int = 0
    by_status: Mapping[str, int] = field(default_factory=dict)

    @property
    def agreement(self) -> float | None:
        """Agreed over compared; None when nothing was compared."""
        return self.agreed / self.compared if self.compared else None


def tally(rows: Iterable[Row], table: MapTable) -> list[Tally]:
    """One Tally per mapping, in the table's order."""
    counts: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        counts[row.control].append(row)
    tallies = []
    for mapping in table.mappings:
        mine = counts.get(mapping.control, [])
        statuses: dict[str, int] = defaultdict(int)
        for row in mine:
            if not row.agrees:
                statuses[f"ck {row.checkov}/srmap {row.srmap}"] += 1
        agreed = sum(row.agrees for row in mine)
        tallies.append(Tally(mapping.control, len(mine), agreed, dict(sorted(statuses.items()))))
    return tallies


def evidence_text(evidence: Iterable[tuple[str, Any]], limit: int = 160) -> str:
    """``path=value; ...`` cut to ``limit`` characters."""
    text = "; ".join(f"{path}={value!r}" for path, value in evidence)
    return text if len(text) <= limit else text[: limit - 3] + "..."
