"""Conformance, stage 2: does srmap's verdict agree with each labeled resource's pass / fail?

Each label's topic names the srmap controls that judge it (``conformance_topics.toml``). The
controls run over the inventory the parsing stage read (with facts derived across resources,
on a fixed clock); a resource fails when any mapped control fails, passes when every mapped
control passes or does not apply, and is unknown otherwise. Disagreements that srmap makes on
purpose, or that come from a wrong label, are matched by the topic file's ``by_design`` and
``label_issue`` entries (``conformance_topics.py``) and counted apart, each with its reason;
``conformance_report.py`` scores and renders the verdicts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING, Any

from conformance_outcomes import (
    AGREE,
    DISAGREE,
    LABEL_ISSUE,
    NO_CONTROL,
    NOT_READ,
    UNKNOWN,
    LabelVerdict,
)
from conformance_report import VerdictReport
from conformance_topics import DEFAULT_TOPICS, Topic, load_topics

from srmap.catalog import load_catalog
from srmap.controls import ControlContext, ControlRegistry, default_controls, evaluate_controls
from srmap.derive import derive_facts
from srmap.model import Finding, Resource, Status
from srmap.sources.normalize import default_registry, normalize_resources
from srmap.sources.raw import Dialect

if TYPE_CHECKING:  # the parsing stage's records; conformance imports this module lazily
    from conformance import Expected, FixtureRead, Label

# The stage as conformance.py runs it: the topic file, the judging, the report.
__all__ = [
    "DEFAULT_TOPICS",
    "FIXED_NOW",
    "VerdictReport",
    "combine",
    "judge",
    "load_topics",
    "resolve",
    "run_verdict_stage",
]

FIXED_NOW = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)  # dated checks (runtimes, key age) stay stable


def judge(
    label: Label, read: FixtureRead, topic: Topic | None, findings: Sequence[Finding]
) -> list[LabelVerdict]:
    """One verdict per expected resource of ``label``."""
    verdicts = []
    for expected in label.expected:
        got, evidence, reason = _verdict_of(expected, read, topic, label.rule, findings)
        verdict = LabelVerdict(
            label.corpus, label.topic, label.source_path, expected.address,
            expected.status, got, evidence=evidence, reason=reason,
        )  # fmt: skip
        contradicted = _contradicting_label(expected, label, read)
        if contradicted and got not in (expected.status, NOT_READ, NO_CONTROL):
            verdicts.append(replace(verdict, outcome=LABEL_ISSUE, reason=contradicted))
        else:
            verdicts.append(_classify(verdict, topic))
    return verdicts


def _contradicting_label(expected: Expected, label: Label, read: FixtureRead) -> str:
    """Why an implicit label is not judged: an explicit label of the same file judges the same
    resource (a part folded into its primary) with the other status; else ''."""
    if not expected.implicit or read.inventory is None:
        return ""
    mine = set(resolve(expected.address, read))
    for other in label.expected:
        if other.implicit or other.status == expected.status:
            continue
        if mine & set(resolve(other.address, read)):
            return (
                f"implicit {expected.status} for a resource that {other.address}, labeled "
                f"{other.status} in the same file, also stands for: the rule flagged only one "
                "of the two resources srmap judges as one"
            )
    return ""


def _verdict_of(
    expected: Expected,
    read: FixtureRead,
    topic: Topic | None,
    rule: str,
    findings: Sequence[Finding],
) -> tuple[str, tuple[str, ...], str]:
    if topic is None:
        return NO_CONTROL, (), f"topic {expected.address!r} is not mapped"
    if read.inventory is None:
        return NOT_READ, (), read.error or "not read"
    addresses = expected.candidates or (expected.address,)
    alone = topic.parts_alone
    targets = {target for address in addresses for target in resolve(address, read, alone)}
    if not targets:
        return NOT_READ, (), "not in the inventory (see the parsing stage)"
    controls = topic.controls_for(rule)
    relevant = [f for f in findings if f.resource.id in targets and f.control_id in controls]
    if not relevant:
        types = sorted({r.type for r in read.inventory.resources if r.id in targets})
        return NO_CONTROL, (), f"no mapped control applies to {', '.join(types)}"
    return combine(relevant)


def combine(findings: Sequence[Finding]) -> tuple[str, tuple[str, ...], str]:
    """fail if any finding fails; pass if all pass or do not apply; unknown otherwise."""
    failing = [f for f in findings if f.status is Status.FAIL]
    if failing:
        return "fail", _evidence(failing), ""
    undecided = [f for f in findings if f.status not in (Status.PASS, Status.NOT_APPLICABLE)]
    if undecided:
        return UNKNOWN, _evidence(undecided), ""
    return "pass", _evidence(findings), ""


def _evidence(findings: Iterable[Finding]) -> tuple[str, ...]:
    lines = []
    for finding in findings:
        cited = [f"{e.path} = {e.value}" for e in finding.evidence]
        lines.extend(cited or [f"{finding.control_id}: {finding.message}"])
    return tuple(dict.fromkeys(lines))


ALONE = "#alone"  # suffix of the id of a part judged on its own


def _parts_alone(
    label: Label,
    read: FixtureRead,
    topic_parts: frozenset[str],
    chosen: ControlRegistry,
    context: ControlContext,
) -> list[Finding]:
    """Findings on each labeled part joined to a primary that declares nothing else, so the
    controls judge only what the part contributes (a policy document, a rule)."""
    findings: list[Finding] = []
    for expected in label.expected:
        raw = next((r for r in read.raws if r.address == expected.address), None)
        if raw is None or raw.native_type not in topic_parts:
            continue
        resource_type = load_catalog().resource_types[_part_types()[raw.native_type]]
        normalizer = default_registry().get(resource_type.id, raw.dialect)
        natives = (
            resource_type.terraform
            if raw.dialect is Dialect.TERRAFORM
            else resource_type.cloudformation
        )
        if normalizer is None or not natives:
            continue
        primary = raw._replace(
            address=raw.address + ALONE, native_type=natives[0], values={}, references={}
        )
        keys = normalizer.parts.get(raw.native_type, ())
        part = raw._replace(
            references={**raw.references, **dict.fromkeys(keys, (primary.address,))}
        )
        alone = normalize_resources([primary, part], load_catalog(), default_registry())
        findings += evaluate_controls(derive_facts(alone.resources), chosen, context)
    return findings


def resolve(address: str, read: FixtureRead, alone: frozenset[str] = frozenset()) -> list[str]:
    """Inventory ids judged for a labeled address: itself, its count/for_each instances, a
    part judged alone (see ``_parts_alone``), or the primary resource a part (a bucket's
    versioning, a group's rule) is folded into."""
    assert read.inventory is not None
    ids = read.ids
    if _is_part(read, address, alone):  # before ids: a stand-in takes its part's address
        return [address + ALONE]
    if address in ids:
        return [address]
    instances = [i for i in ids if i.startswith(address + "[")]
    if instances:
        return sorted(instances)
    raw = next((item for item in read.raws if item.address == address), None)
    if raw is None or raw.mode != "managed":
        return []
    return _primary_of(raw, read.inventory.resources)


def _primary_of(raw: Any, resources: Sequence[Resource]) -> list[str]:
    """The primary a part names by reference, else by a name it carries, else the only
    resource of the part's canonical type in the inventory (the account's settings)."""
    canonical = _part_types().get(raw.native_type)
    candidates = [r for r in resources if r.type == canonical]
    ids = {r.id for r in candidates}
    referenced = [
        address if address in ids else address.split("[", 1)[0]
        for addresses in raw.references.values()
        for address in addresses
    ]
    found = [address for address in referenced if address in ids]
    if found:
        return list(dict.fromkeys(found))
    strings = {v for v in raw.values.values() if isinstance(v, str)}
    named = [r.id for r in candidates if isinstance(r.name, str) and r.name in strings]
    if named or len(candidates) != 1:
        return named
    return [candidates[0].id]


def _is_part(read: FixtureRead, address: str, native_types: frozenset[str]) -> bool:
    """Whether ``address`` is a part of one of ``native_types`` read from this fixture."""
    raw = next((r for r in read.raws if r.address == address), None)
    return raw is not None and raw.native_type in native_types


@cache
def _part_types() -> Mapping[str, str]:
    """Native part type -> the canonical type it is folded into."""
    return {
        native: resource_type.id
        for resource_type in load_catalog().resource_types.values()
        for native in (*resource_type.terraform_parts, *resource_type.cloudformation_parts)
    }


def _classify(verdict: LabelVerdict, topic: Topic | None) -> LabelVerdict:
    if verdict.got in (NOT_READ, NO_CONTROL):
        return replace(verdict, outcome=verdict.got)
    if verdict.got == verdict.expected:
        return replace(verdict, outcome=AGREE)
    for entry in topic.exceptions if topic else ():
        if entry.covers(verdict):
            return replace(verdict, outcome=entry.kind, reason=entry.reason)
    return replace(verdict, outcome=UNKNOWN if verdict.got == UNKNOWN else DISAGREE)


def run_verdict_stage(
    labels: Sequence[Label],
    reads: Sequence[FixtureRead],
    topics: Mapping[str, Topic],
    registry: ControlRegistry | None = None,
) -> list[LabelVerdict]:
    """Run each label's mapped controls over its fixture's inventory and judge every label."""
    registry = registry or default_controls()
    context = ControlContext(now=FIXED_NOW)
    verdicts = []
    for label, read in zip(labels, reads, strict=True):
        topic = topics.get(label.topic)
        findings: list[Finding] = []
        if topic is not None and read.inventory is not None:
            controls = topic.controls_for(label.rule)
            chosen = ControlRegistry(c for c in registry if c.id in controls)
            findings = evaluate_controls(derive_facts(read.inventory.resources), chosen, context)
            if topic.parts_alone:
                findings += _parts_alone(label, read, topic.parts_alone, chosen, context)
        verdicts.extend(judge(label, read, topic, findings))
    return verdicts
