"""Verdicts of Prowler and srmap on the same live resources, joined through
bench/prowler_map.toml: which agree, which differ, and each difference's explanation."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from prowler_tool import FAILED, MANUAL, PASSED, ProwlerFinding

ACCOUNT = "account"  # the resource key of account-wide checks on both sides
CLASSES = ("srmap bug", "prowler behaviour", "moto limitation", "deliberate")
ABSENT = "-"  # a side that said nothing about the resource
NOT_JUDGED = frozenset({ABSENT, "not_applicable"})
# EBS snapshots and AMIs have ARNs without an account (arn:aws:ec2:REGION::snapshot/ID), as
# srmap writes them; Prowler puts the account in.
_ACCOUNTLESS = re.compile(r"^(arn:[^:]+:ec2:[^:]*:)\d{12}(:(?:snapshot|image)/)")


@dataclass(frozen=True)
class CheckMapping:
    """Prowler checks that ask the same question as one srmap control; ``account`` when both
    judge the account as a whole (Prowler's per-region findings reduce to one verdict)."""

    control: str
    prowler: tuple[str, ...]
    reason: str
    account: bool = False


@dataclass(frozen=True)
class Explanation:
    """Why a class of differences exists; globs over the row's fields (``*`` by default)."""

    kind: str
    reason: str
    control: str = "*"
    prowler: str = "*"
    srmap: str = "*"
    resource: str = "*"

    def matches(self, row: Row) -> bool:
        """Whether every glob matches the row."""
        pairs = ((self.control, row.control), (self.prowler, row.prowler),
                 (self.srmap, row.srmap), (self.resource, row.resource))  # fmt: skip
        return all(fnmatchcase(value, pattern) for pattern, value in pairs)


@dataclass(frozen=True)
class MappingFile:
    """The mappings and the explanations of differences of one map file."""

    mappings: tuple[CheckMapping, ...]
    explanations: tuple[Explanation, ...]


@dataclass(frozen=True)
class Row:
    """One (control, resource): each side's verdict, ``-`` where it said nothing."""

    control: str
    checks: tuple[str, ...]
    resource: str
    prowler: str
    srmap: str

    @property
    def agrees(self) -> bool:
        """Both passed or both failed."""
        return self.prowler == self.srmap and self.srmap in (PASSED, FAILED)


def load_mapping(path: Path) -> MappingFile:
    """Read and check a map file; a malformed entry raises ValueError naming file and entry."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{path}: {error}") from None
    mappings = tuple(_mapping(path, n, item) for n, item in enumerate(data.get("mapping", [])))
    explanations = tuple(_explanation(path, n, e) for n, e in enumerate(data.get("explain", [])))
    return MappingFile(mappings, explanations)


def _mapping(path: Path, index: int, item: Mapping[str, Any]) -> CheckMapping:
    checks = item.get("prowler")
    if not isinstance(item.get("control"), str) or not isinstance(checks, list) or not checks:
        raise ValueError(f"{path}: mapping[{index}] needs a control and a non-empty prowler list")
    if not isinstance(item.get("reason"), str):
        raise ValueError(f"{path}: mapping[{index}] ({item['control']}) needs a reason")
    return CheckMapping(
        item["control"], tuple(map(str, checks)), item["reason"], bool(item.get("account"))
    )


def _explanation(path: Path, index: int, item: Mapping[str, Any]) -> Explanation:
    if item.get("class") not in CLASSES or not isinstance(item.get("reason"), str):
        raise ValueError(f"{path}: explain[{index}] needs a class among {CLASSES} and a reason")
    globs = {
        key: str(item[key]) for key in ("control", "prowler", "srmap", "resource") if key in item
    }
    return Explanation(item["class"], item["reason"], **globs)


def resource_key(arn: str) -> str:
    """The join key of a resource: its ARN, the account left out where AWS leaves it out."""
    return _ACCOUNTLESS.sub(r"\1\2", arn)


def srmap_verdicts(report: Mapping[str, Any]) -> dict[tuple[str, str], str]:
    """(control, resource key) -> status from srmap's JSON report; the account resource's key
    is ``account``."""
    found = {}
    for finding in report.get("findings", []):
        resource = finding["resource"]
        key = ACCOUNT if resource["type"] == "aws.account" else resource_key(str(resource["id"]))
        found[(finding["control"], key)] = str(finding["status"])
    return found


def prowler_verdicts(
    findings: Iterable[ProwlerFinding], mappings: Sequence[CheckMapping]
) -> dict[tuple[str, str], tuple[str, tuple[str, ...]]]:
    """(control, resource key) -> (verdict, the checks that gave it): fail when any mapped
    check fails on the resource, pass when one passes, else manual."""
    by_check: dict[str, list[CheckMapping]] = {}
    for mapping in mappings:
        for check in mapping.prowler:
            by_check.setdefault(check, []).append(mapping)
    gathered: dict[tuple[str, str], list[ProwlerFinding]] = {}
    for finding in findings:
        for mapping in by_check.get(finding.check_id, ()):
            key = ACCOUNT if mapping.account else resource_key(finding.resource_uid)
            gathered.setdefault((mapping.control, key), []).append(finding)
    return {key: _reduce(found) for key, found in gathered.items()}


def _reduce(found: Sequence[ProwlerFinding]) -> tuple[str, tuple[str, ...]]:
    verdicts = {f.verdict for f in found}
    verdict = FAILED if FAILED in verdicts else PASSED if PASSED in verdicts else MANUAL
    return verdict, tuple(sorted({f.check_id for f in found if f.verdict == verdict}))


def compare(
    findings: Iterable[ProwlerFinding],
    report: Mapping[str, Any],
    mappings: Sequence[CheckMapping],
) -> list[Row]:
    """One row per mapped control and resource either side judged, sorted; a resource srmap
    found not applicable and Prowler did not report is judged by neither."""
    theirs = prowler_verdicts(findings, mappings)
    ours = srmap_verdicts(report)
    mapped = {m.control: m for m in mappings}
    keys = set(theirs) | {key for key in ours if key[0] in mapped}
    rows = []
    for control, resource in sorted(keys):
        verdict, checks = theirs.get((control, resource), (ABSENT, mapped[control].prowler))
        status = ours.get((control, resource), ABSENT)
        if verdict != ABSENT or status not in NOT_JUDGED:
            rows.append(Row(control, checks, resource, verdict, status))
    return rows


def explain(row: Row, explanations: Sequence[Explanation]) -> Explanation | None:
    """The first explanation matching a differing row, or None."""
    return next((e for e in explanations if e.matches(row)), None)


@dataclass(frozen=True)
class DifferenceGroup:
    """Differing rows with the same control, verdict pair and explanation."""

    kind: str
    reason: str
    control: str
    prowler: str
    srmap: str
    rows: tuple[Row, ...]


UNEXPLAINED = "UNEXPLAINED"


def group_differences(
    rows: Iterable[Row], explanations: Sequence[Explanation]
) -> list[DifferenceGroup]:
    """Every differing row, grouped by control, verdict pair and explanation, sorted."""
    grouped: dict[tuple[str, str, str, str, str], list[Row]] = {}
    for row in rows:
        if row.agrees:
            continue
        found = explain(row, explanations)
        kind, reason = (
            (found.kind, found.reason) if found else (UNEXPLAINED, "no [[explain]] entry")
        )
        grouped.setdefault((kind, reason, row.control, row.prowler, row.srmap), []).append(row)
    return [DifferenceGroup(*key, tuple(found)) for key, found in sorted(grouped.items())]
