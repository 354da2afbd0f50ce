"""Conformance of srmap against the labeled IaC corpus: is every labeled resource read and judged
as its label says?

Stage 1 (parsing): each fixture is read with ``read_inventory`` and each labeled resource is
looked up among the inventory's ids; every miss is explained. Stage 2 (verdicts, in
``conformance_verdicts.py``): the controls that ``conformance_topics.toml`` maps to each
label's topic run over the same ``FixtureRead`` records and are compared with the label.

    python bench/conformance.py [--corpus-dir DIR] [--topics FILE] [--json FILE]
        [--markdown FILE]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from srmap.catalog import load_catalog
from srmap.controls import default_controls
from srmap.errors import InputError
from srmap.sources import Inventory, ReadOptions, read_inventory, read_raw
from srmap.sources.raw import RawResource

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
TEMPLATE_REGION = "us-east-1"

FOUND = "found"  # the labeled id is an inventory id
JOINED = "joined"  # the labeled resource is a part, folded into its primary resource
MISSED = "missed"


@dataclass(frozen=True)
class Expected:
    """One labeled resource of a fixture; ``candidates`` when any one of several will do."""

    address: str
    status: str
    candidates: tuple[str, ...] = ()
    implicit: bool = False  # inferred from "not listed among the failures"


@dataclass(frozen=True)
class Label:
    """One line of labels.jsonl: a fixture file, its format, topic and expected resources."""

    corpus: str
    format: str
    source_path: str
    topic: str
    rule: str
    expected: tuple[Expected, ...]


@dataclass(frozen=True)
class FixtureRead:
    """What reading one fixture gave: the inventory, or the error that stopped it."""

    path: Path
    inventory: Inventory | None
    error: str | None
    seconds: float
    raws: tuple[RawResource, ...] = ()

    @property
    def ids(self) -> frozenset[str]:
        """Ids of the inventory's resources; empty when reading failed."""
        if self.inventory is None:
            return frozenset()
        return frozenset(resource.id for resource in self.inventory.resources)


@dataclass(frozen=True)
class Presence:
    """Whether one labeled resource was read, and why not when it was not."""

    corpus: str
    format: str
    source_path: str
    address: str
    outcome: str
    reason: str = ""  # a short code: input_error, not_modeled, part_left_out, ...
    detail: str = ""


@dataclass(frozen=True)
class NativeTypes:
    """The catalog's native types: primaries and parts, each with its canonical type."""

    primary: dict[str, str] = field(default_factory=dict)
    part: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_catalog(cls) -> NativeTypes:
        """Native type -> canonical type, from the packaged catalog."""
        primary: dict[str, str] = {}
        part: dict[str, str] = {}
        for resource_type in load_catalog().resource_types.values():
            for native in (*resource_type.terraform, *resource_type.cloudformation):
                primary[native] = resource_type.id
            for native in (*resource_type.terraform_parts, *resource_type.cloudformation_parts):
                part[native] = resource_type.id
        return cls(primary, part)


def load_labels(corpus_dir: Path) -> list[Label]:
    """Every line of ``corpus_dir/labels.jsonl`` as a Label."""
    labels = []
    with (corpus_dir / "labels.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                labels.append(_label(json.loads(line)))
    return labels


def _label(record: dict[str, Any]) -> Label:
    expected = tuple(
        Expected(
            address=item["resource_address_or_logical_id"],
            status=item["status"],
            candidates=tuple(item.get("candidates", ())),
            implicit=bool(item.get("implicit", False)),
        )
        for item in record["expected"]
    )
    return Label(
        corpus=record["corpus"],
        format=record["format"],
        source_path=record["source_path"],
        topic=record["topic"],
        rule=record["rule"],
        expected=expected,
    )


def read_fixture(path: Path, source_format: str, wanted: Iterable[str] = ()) -> FixtureRead:
    """Read one fixture alone (an HCL file is copied into an empty directory first); its raw
    resources too when one of ``wanted`` is not an inventory id, to explain the miss."""
    started = time.perf_counter()
    try:
        if source_format == "terraform_hcl":
            with tempfile.TemporaryDirectory(prefix="conformance-") as scratch:
                copy = Path(scratch) / path.name
                shutil.copyfile(path, copy)
                inventory, raws = _read(Path(scratch), wanted)
        else:
            inventory, raws = _read(path, wanted)
    except InputError as error:
        return FixtureRead(path, None, f"{error.reason}", time.perf_counter() - started)
    except Exception as error:  # a crash is a reader bug: report it, keep scoring the rest
        message = f"crash: {type(error).__name__}: {error}"
        return FixtureRead(path, None, message, time.perf_counter() - started)
    return FixtureRead(path, inventory, None, time.perf_counter() - started, raws)


def _read(path: Path, wanted: Iterable[str]) -> tuple[Inventory, tuple[RawResource, ...]]:
    options = ReadOptions(region=TEMPLATE_REGION)
    inventory = read_inventory([path], options)
    ids = {resource.id for resource in inventory.resources}
    stand_ins = any(warning.startswith(tuple(wanted)) for warning in inventory.warnings)
    if all(address in ids for address in wanted) and not stand_ins:
        return inventory, ()
    # raw resources explain a miss, and tell a part from the stand-in that took its address
    return inventory, tuple(read_raw(path, options).resources)


def presence_of(label: Label, read: FixtureRead, types: NativeTypes) -> list[Presence]:
    """One Presence per expected resource of ``label``."""
    found = []
    for expected in label.expected:
        if expected.candidates:
            outcome, reason, detail = _best_candidate(expected.candidates, read, types)
        else:
            outcome, reason, detail = _locate(expected.address, read, types)
        found.append(
            Presence(
                label.corpus, label.format, label.source_path,
                expected.address, outcome, reason, detail,
            )
        )  # fmt: skip
    return found


def _best_candidate(
    candidates: Sequence[str], read: FixtureRead, types: NativeTypes
) -> tuple[str, str, str]:
    located = [_locate(candidate, read, types) for candidate in candidates]
    for wanted in (FOUND, JOINED):
        for candidate, (outcome, reason, detail) in zip(candidates, located, strict=True):
            if outcome == wanted:
                return outcome, reason, detail or candidate
    details = "; ".join(f"{c}: {d}" for c, (_, _, d) in zip(candidates, located, strict=True))
    return MISSED, located[0][1], details


def _locate(address: str, read: FixtureRead, types: NativeTypes) -> tuple[str, str, str]:
    """Outcome, reason code and detail for one labeled address."""
    if read.error is not None:
        code = "crash" if read.error.startswith("crash:") else "input_error"
        return MISSED, code, read.error
    if address in read.ids:
        return FOUND, "", ""
    assert read.inventory is not None
    raw = next((item for item in read.raws if item.address == address), None)
    if raw is None:
        return _absent(address, read)
    if raw.mode != "managed":
        return MISSED, "data_source", f"{raw.native_type} is a data source, not a resource"
    if raw.native_type in read.inventory.unsupported:
        return _unsupported(raw.native_type, types)
    if raw.native_type in types.part:
        return _part(raw, read, types.part[raw.native_type])
    return MISSED, "dropped", f"{raw.native_type} read, but absent from the inventory"


def _absent(address: str, read: FixtureRead) -> tuple[str, str, str]:
    """The parser produced nothing under this address: say what it produced instead."""
    if address.startswith("data."):
        return MISSED, "data_source", "a data source, not a resource"
    known = sorted(read.ids | {raw.address for raw in read.raws})
    if address.startswith("module."):
        call = "module." + address.split(".")[1].split("[", 1)[0]
        if not any(item.startswith((call + ".", call + "[")) for item in known):
            return MISSED, "module_call", f"no resources read from the source of {call}"
    similar = [item for item in known if _same_resource(item, address)]
    if similar:
        return MISSED, "other_id", "present as " + ", ".join(similar[:5])
    return MISSED, "not_read", "not produced by the parser"


def _same_resource(candidate: str, address: str) -> bool:
    """``x.y[0]`` or ``module.m.x.y`` for ``x.y``, or a case-only difference."""
    bare = candidate.split("[", 1)[0]
    return (
        bare == address
        or bare.endswith("." + address)
        or candidate.lower() == address.lower()
        or address.split("[", 1)[0] == bare
    )


def _unsupported(native_type: str, types: NativeTypes) -> tuple[str, str, str]:
    canonical = types.primary.get(native_type) or types.part.get(native_type)
    if canonical is None:
        return MISSED, "not_modeled", f"{native_type} not in the catalog (counted unsupported)"
    return MISSED, "no_normalizer", f"{native_type} -> {canonical}: no normalizer yet"


def _part(raw: RawResource, read: FixtureRead, canonical: str) -> tuple[str, str, str]:
    """A part is read when it was joined onto a primary present in the inventory."""
    assert read.inventory is not None
    left_out = f"{raw.address} ({raw.native_type}):"
    if any(warning.startswith(left_out) for warning in read.inventory.warnings):
        return MISSED, "part_left_out", f"part of a {canonical} that is not in this input"
    for addresses in raw.references.values():
        for address in addresses:
            if address in read.ids or address.split("[", 1)[0] in read.ids:
                return JOINED, "", f"part of {address}"
    return JOINED, "", f"part of a {canonical}, joined by name"


def run_parsing_stage(
    labels: Sequence[Label], corpus_dir: Path
) -> tuple[list[FixtureRead], list[Presence]]:
    """Read every labeled fixture once and locate each labeled resource."""
    types = NativeTypes.from_catalog()
    reads: list[FixtureRead] = []
    presences: list[Presence] = []
    for label in labels:
        wanted = [a for item in label.expected for a in (*item.candidates, item.address)]
        read = read_fixture(corpus_dir / label.source_path, label.format, wanted)
        reads.append(read)
        presences.extend(presence_of(label, read, types))
    return reads, presences


@dataclass(frozen=True)
class GroupScore:
    """Labeled resources of one corpus and format, and how many were read."""

    corpus: str
    format: str
    labeled: int
    found: int
    joined: int
    pending: int  # missed only because the type's normalizer is not written yet

    @property
    def percent(self) -> float:
        """Share read, exactly or as a joined part."""
        return 100.0 * (self.found + self.joined) / self.labeled if self.labeled else 0.0


def score(presences: Iterable[Presence]) -> list[GroupScore]:
    """One score per (corpus, format), then a total row."""
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for presence in presences:
        tally = presence.reason if presence.reason == "no_normalizer" else presence.outcome
        counts[(presence.corpus, presence.format)][tally] += 1
        counts[("all", "all")][tally] += 1
    return [
        GroupScore(corpus, fmt, sum(c.values()), c[FOUND], c[JOINED], c["no_normalizer"])
        for (corpus, fmt), c in sorted(counts.items(), key=lambda item: item[0] == ("all", "all"))
    ]


def render(scores: Sequence[GroupScore], presences: Sequence[Presence]) -> Iterator[str]:
    """The summary table, misses by reason, then every miss."""
    yield (
        f"{'corpus':<14}{'format':<16}{'labeled':>8}{'found':>7}{'joined':>8}{'%':>7}{'pending':>9}"
    )
    for row in scores:
        yield (
            f"{row.corpus:<14}{row.format:<16}{row.labeled:>8}{row.found:>7}"
            f"{row.joined:>8}{row.percent:>7.1f}{row.pending:>9}"
        )
    misses = [presence for presence in presences if presence.outcome == MISSED]
    yield ""
    yield f"misses by reason ({len(misses)}):"
    for reason, count in Counter(miss.reason for miss in misses).most_common():
        yield f"  {reason:<16}{count:>5}"
    yield ""
    yield "every miss:"
    for miss in sorted(misses, key=lambda m: (m.reason, m.source_path, m.address)):
        yield f"  [{miss.reason}] {miss.source_path} :: {miss.address} -- {miss.detail}"


def render_slowest(reads: Sequence[FixtureRead], corpus_dir: Path, count: int = 5) -> Iterator[str]:
    """The fixtures that took longest to read, to catch a reader gone quadratic."""
    total = sum(read.seconds for read in reads)
    yield f"slowest fixtures (of {len(reads)}, {total:.1f} s reading in all):"
    for read in sorted(reads, key=lambda r: r.seconds, reverse=True)[:count]:
        yield f"  {read.seconds * 1000:8.1f} ms  {read.path.relative_to(corpus_dir)}"


def write_details(
    file: Path,
    scores: Sequence[GroupScore],
    presences: Sequence[Presence],
    verdicts: dict[str, Any] | None = None,
) -> None:
    """Scores and every located resource as JSON, then the verdict stage's when given."""
    details = {
        "stage": "parsing",
        "scores": [asdict(row) | {"percent": round(row.percent, 1)} for row in scores],
        "resources": [asdict(presence) for presence in presences],
    }
    if verdicts is not None:
        details["verdicts"] = verdicts
    file.write_text(json.dumps(details, indent=2) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Run both stages over the corpus and report; always 0, it measures, never gates."""
    # The verdict stage imports this module's records: imported here, after this module.
    import conformance_verdicts as verdict_stage  # noqa: PLC0415

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-dir", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--topics", type=Path, default=verdict_stage.DEFAULT_TOPICS)
    parser.add_argument("--json", type=Path, help="write every located and judged resource here")
    parser.add_argument("--markdown", type=Path, help="write the verdict summary here")
    args = parser.parse_args(argv)
    labels = load_labels(args.corpus_dir)
    reads, presences = run_parsing_stage(labels, args.corpus_dir)
    scores = score(presences)
    for line in (*render(scores, presences), "", *render_slowest(reads, args.corpus_dir)):
        print(line)
    started = time.perf_counter()
    topics = verdict_stage.load_topics(args.topics, default_controls())
    verdicts = verdict_stage.run_verdict_stage(labels, reads, topics)
    report = verdict_stage.VerdictReport.of(labels, topics, verdicts)
    print()
    for line in report.render(time.perf_counter() - started):
        print(line)
    if args.json is not None:
        write_details(args.json, scores, presences, report.details())
    if args.markdown is not None:
        args.markdown.write_text("\n".join(report.markdown()) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
