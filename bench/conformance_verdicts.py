"""Conformance, stage 2: does srmap's verdict agree with each labeled resource's pass / fail?

Each label's topic names the srmap controls that judge it (``conformance_topics.toml``). The
controls run over the inventory the parsing stage read (with facts derived across resources,
on a fixed clock); a resource fails when any mapped control fails, passes when every mapped
control passes or does not apply, and is unknown otherwise. Disagreements that srmap makes on
purpose, or that come from a wrong label, are matched by the topic file's ``by_design`` and
``label_issue`` entries and counted apart, each with its reason.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from srmap.catalog import load_catalog
from srmap.controls import ControlContext, ControlRegistry, default_controls, evaluate_controls
from srmap.derive import derive_facts
from srmap.model import Finding, Resource, Status
from srmap.sources.normalize import default_registry, normalize_resources
from srmap.sources.raw import Dialect

if TYPE_CHECKING:  # the parsing stage's records; conformance imports this module lazily
    from conformance import Expected, FixtureRead, Label

DEFAULT_TOPICS = Path(__file__).resolve().parent / "conformance_topics.toml"
FIXED_NOW = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)  # dated checks (runtimes, key age) stay stable

AGREE = "agree"
DISAGREE = "disagree"
UNKNOWN = "unknown"  # srmap could not decide: never counted as agreement
NOT_READ = "not_read"  # the labeled resource is not in the inventory (see the parsing stage)
NO_CONTROL = "no_control"  # read, but no mapped control applies to its type
BY_DESIGN = "by_design"
LABEL_ISSUE = "label_issue"
OUTCOMES = (AGREE, DISAGREE, UNKNOWN, BY_DESIGN, LABEL_ISSUE, NOT_READ, NO_CONTROL)


@dataclass(frozen=True)
class KnownCase:
    """A known disagreement: which cases it covers and why it is not srmap's error."""

    kind: str  # by_design or label_issue
    reason: str
    expected: str | None = None
    got: str | None = None
    fixture: str | None = None  # a glob over the label's source_path
    resource: str | None = None
    # path (exact, else a glob) -> glob over str(value); every entry must match a cited value
    evidence: Mapping[str, str] = field(default_factory=dict)

    def covers(self, verdict: LabelVerdict) -> bool:
        """Whether this entry explains one disagreement."""
        seen = {e.split(" = ", 1)[0]: e.split(" = ", 1)[-1] for e in verdict.evidence}
        return (
            self.expected in (None, verdict.expected)
            and self.got in (None, verdict.got)
            and (self.fixture is None or fnmatchcase(verdict.source_path, self.fixture))
            and (self.resource is None or self.resource == verdict.address)
            and all(_cites(seen, path, value) for path, value in self.evidence.items())
        )


def _cites(seen: Mapping[str, str], path: str, value: str) -> bool:
    """Whether the evidence cites ``path`` (exactly, else as a glob) with a value matching."""
    if path in seen:
        return fnmatchcase(seen[path], value)
    return any(fnmatchcase(p, path) and fnmatchcase(v, value) for p, v in seen.items())


@dataclass(frozen=True)
class Topic:
    """One topic of the corpus: the controls that judge it and its known disagreements."""

    name: str
    controls: tuple[str, ...]
    note: str
    exceptions: tuple[KnownCase, ...] = ()
    rules: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # rule -> its controls
    # part native types whose labels judge what the part declares, nothing else
    parts_alone: frozenset[str] = frozenset()

    def controls_for(self, rule: str) -> tuple[str, ...]:
        """The controls judging one rule's labels: the rule's own mapping, else the topic's."""
        return self.rules.get(rule, self.controls)


def load_topics(file: Path, registry: ControlRegistry) -> dict[str, Topic]:
    """The topic file, checked: every control id must exist in srmap's registry."""
    data = tomllib.loads(file.read_text(encoding="utf-8"))
    known = {item.id for item in registry}
    topics = {}
    for name, entry in data.get("topics", {}).items():
        rules = {rule: tuple(ids) for rule, ids in entry.get("rules", {}).items()}
        mapped = [*entry["controls"], *(c for ids in rules.values() for c in ids)]
        unknown_ids = [c for c in mapped if c not in known]
        if unknown_ids:
            raise ValueError(f"{file}: topics.{name}: unknown control ids {unknown_ids}")
        exceptions = tuple(
            KnownCase(kind=kind, **item)
            for kind in (BY_DESIGN, LABEL_ISSUE)
            for item in entry.get(kind, ())
        )
        controls, alone = tuple(entry["controls"]), frozenset(entry.get("parts_alone", ()))
        topics[name] = Topic(name, controls, entry.get("note", ""), exceptions, rules, alone)
    return topics


@dataclass(frozen=True)
class LabelVerdict:
    """One labeled resource: what the label expects, what srmap said, and why."""

    corpus: str
    topic: str
    source_path: str
    address: str
    expected: str
    got: str  # pass, fail, unknown, not_read or no_control
    outcome: str = ""
    evidence: tuple[str, ...] = ()  # "control: path = value" of the findings that decided
    reason: str = ""  # for by_design and label_issue, and for not_read


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
        primary = replace(
            raw, address=raw.address + ALONE, native_type=natives[0], values={}, references={}
        )
        keys = normalizer.parts.get(raw.native_type, ())
        part = replace(
            raw, references={**raw.references, **dict.fromkeys(keys, (primary.address,))}
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


@dataclass(frozen=True)
class TopicScore:
    """Outcomes of one topic's labeled resources (or the corpus's, under ``all``)."""

    topic: str
    counts: Mapping[str, int]

    @property
    def judged(self) -> int:
        """Labels srmap read and was expected to decide: by-design and label issues aside."""
        return self.counts[AGREE] + self.counts[DISAGREE] + self.counts[UNKNOWN]

    @property
    def percent(self) -> float | None:
        """Agreement among the judged labels (unknown counts against it); None when none is."""
        return 100.0 * self.counts[AGREE] / self.judged if self.judged else None

    @property
    def percent_text(self) -> str:
        """The agreement as printed: one decimal, or n/a."""
        return "n/a" if self.percent is None else f"{self.percent:.1f}"


def score_topics(verdicts: Iterable[LabelVerdict]) -> list[TopicScore]:
    """One score per topic, sorted, then the corpus total under ``all``."""
    counts: dict[str, Counter[str]] = {}
    total: Counter[str] = Counter()
    for verdict in verdicts:
        counts.setdefault(verdict.topic, Counter())[verdict.outcome] += 1
        total[verdict.outcome] += 1
    rows = [TopicScore(topic, counts[topic]) for topic in sorted(counts)]
    return [*rows, TopicScore("all", total)]


def unmapped(labels: Iterable[Label], topics: Mapping[str, Topic]) -> list[str]:
    """Topics of the corpus that the topic file does not map."""
    return sorted({label.topic for label in labels} - set(topics))


_COLUMNS = ("agree", "disagree", "unknown", "by design", "label", "not read", "no ctl")


def render_topics(scores: Sequence[TopicScore]) -> Iterator[str]:
    """The per-topic table for the terminal."""
    header = "".join(f"{c:>10}" for c in _COLUMNS)
    yield f"{'topic':<34}{header}{'%':>8}"
    for row in scores:
        cells = "".join(f"{row.counts[o]:>10}" for o in OUTCOMES)
        yield f"{row.topic:<34}{cells}{row.percent_text:>8}"


def render_cases(verdicts: Sequence[LabelVerdict], outcome: str) -> Iterator[str]:
    """Every verdict with one outcome, one block each: where, expected, got, and why."""
    for v in sorted(verdicts, key=lambda v: (v.topic, v.source_path, v.address)):
        if v.outcome != outcome:
            continue
        yield f"  [{v.topic}] {v.source_path} :: {v.address}: expected {v.expected}, got {v.got}"
        for line in v.evidence[:6]:
            yield f"      {line}"
        if v.reason:
            yield f"      -> {v.reason}"


@dataclass(frozen=True)
class VerdictReport:
    """The verdict stage's result: every judged label, per-topic scores, unmapped topics."""

    verdicts: tuple[LabelVerdict, ...]
    scores: tuple[TopicScore, ...]
    notes: Mapping[str, str]
    controls: Mapping[str, tuple[str, ...]]
    unmapped: tuple[str, ...]

    @classmethod
    def of(
        cls, labels: Sequence[Label], topics: Mapping[str, Topic], verdicts: Sequence[LabelVerdict]
    ) -> VerdictReport:
        """Score the verdicts and note what the topic file leaves out."""
        notes = {name: topic.note for name, topic in topics.items()}
        controls = {name: topic.controls for name, topic in topics.items()}
        scores = tuple(score_topics(verdicts))
        return cls(tuple(verdicts), scores, notes, controls, tuple(unmapped(labels, topics)))

    def below_target(self, target: float = 95.0) -> list[str]:
        """Topics whose agreement is under the target."""
        return [
            s.topic
            for s in self.scores
            if s.topic != "all" and (s.percent is None or s.percent < target)
        ]

    def render(self, seconds: float) -> Iterator[str]:
        """The terminal report: table, then disagreements, unknowns and known cases."""
        yield f"verdict stage ({len(self.verdicts)} labeled resources, {seconds:.1f} s):"
        yield from render_topics(self.scores)
        yield f"unmapped topics: {', '.join(self.unmapped) or 'none'}"
        yield f"topics under 95 %: {', '.join(self.below_target()) or 'none'}"
        for outcome, title in _SECTIONS:
            yield ""
            yield f"{title} ({sum(v.outcome == outcome for v in self.verdicts)}):"
            yield from render_cases(self.verdicts, outcome)

    def details(self) -> dict[str, Any]:
        """Scores and every judged label, for the JSON details file."""
        return {
            "scores": [
                {"topic": s.topic, **dict(s.counts), "percent": s.percent} for s in self.scores
            ],
            "labels": [asdict(v) for v in self.verdicts],
            "unmapped": list(self.unmapped),
        }

    def markdown(self) -> Iterator[str]:
        """The summary kept in bench/CONFORMANCE.md."""
        yield from _markdown_head(self)
        for outcome, title in _SECTIONS:
            cases = [v for v in self.verdicts if v.outcome == outcome]
            yield ""
            yield f"## {title} ({len(cases)})"
            yield ""
            yield from _markdown_cases(cases) if cases else iter(["None."])


_SECTIONS = (
    (DISAGREE, "Disagreements"),
    (UNKNOWN, "Unknown (srmap could not decide)"),
    (BY_DESIGN, "By design"),
    (LABEL_ISSUE, "Label issues"),
    (NO_CONTROL, "No mapped control applies"),
    (NOT_READ, "Not read (parsing stage misses)"),
)


def _markdown_head(report: VerdictReport) -> Iterator[str]:
    total = report.scores[-1]
    yield "# Conformance: srmap's verdicts against the labeled corpus"
    yield ""
    yield "Generated by `.venv/bin/python bench/conformance.py --markdown bench/CONFORMANCE.md`;"
    yield "do not edit by hand. Agreement = agree / (agree + disagree + unknown): unknown never"
    yield "counts as agreement; by-design cases, label issues, resources the parsing stage did"
    yield "not read and resources no mapped control applies to are counted apart."
    yield ""
    yield f"Corpus: {sum(total.counts.values())} labeled resources, agreement "
    yield f"**{total.percent_text} %** ({total.counts[AGREE]} of {total.judged} judged)."
    yield f"Unmapped topics: {', '.join(report.unmapped) or 'none'}. "
    yield f"Topics under 95 %: {', '.join(report.below_target()) or 'none'}."
    yield ""
    yield "| topic | controls | " + " | ".join(_COLUMNS) + " | agreement | note |"
    yield "|---|---|" + "---:|" * (len(_COLUMNS) + 1) + "---|"
    for row in report.scores:
        cells = " | ".join(str(row.counts[o]) for o in OUTCOMES)
        note = report.notes.get(row.topic, "").replace("|", "\\|").replace("\n", " ")
        controls = ", ".join(f"`{c}`" for c in report.controls.get(row.topic, ()))
        yield f"| {row.topic} | {controls} | {cells} | {row.percent_text} % | {note} |"


def _markdown_cases(cases: Sequence[LabelVerdict]) -> Iterator[str]:
    yield "| topic | fixture | resource | expected | got | evidence / reason |"
    yield "|---|---|---|---|---|---|"
    for v in sorted(cases, key=lambda v: (v.topic, v.source_path, v.address)):
        why = "; ".join([*v.evidence[:4], *([v.reason] if v.reason else [])])
        why = why.replace("|", "\\|").replace("\n", " ")
        yield f"| {v.topic} | `{v.source_path}` | `{v.address}` | {v.expected} | {v.got} | {why} |"
