"""Conformance, stage 2's report: agreement per topic, and the terminal, JSON and markdown
views of every judged label."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from conformance_outcomes import (
    AGREE,
    BY_DESIGN,
    DISAGREE,
    LABEL_ISSUE,
    NO_CONTROL,
    NOT_READ,
    OUTCOMES,
    UNKNOWN,
    LabelVerdict,
)
from conformance_topics import Topic

if TYPE_CHECKING:  # the parsing stage's records; conformance imports this module lazily
    from conformance import Label


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
