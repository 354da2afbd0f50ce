"""Conformance, stage 2's topic file: the controls that judge each topic, and the known
disagreements (``by_design``, ``label_issue``) with the verdicts each one covers."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

from conformance_outcomes import BY_DESIGN, LABEL_ISSUE, LabelVerdict

from srmap.controls import ControlRegistry

DEFAULT_TOPICS = Path(__file__).resolve().parent / "conformance_topics.toml"


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
