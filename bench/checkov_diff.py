"""Differential against Checkov: both tools on the webshop example and the labeled corpus.

Checkov runs from its own venv (created on first use); srmap runs in this process through
``srmap.api.scan``. Only the checks both tools make are compared (bench/checkov_map.toml).

    python bench/checkov_diff.py [--corpus-dir DIR] [--per-fixture] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from checkov_compare import (
    UNEXPLAINED,
    MapTable,
    Row,
    SrmapSide,
    SrmapVerdict,
    compare,
    evidence_text,
    load_map,
    tally,
)
from checkov_tool import (
    CHECKOV_VERSION,
    FRAMEWORKS,
    CheckovResult,
    checkov_binary,
    installed_version,
    run_checkov,
)

from srmap import __version__, api
from srmap.catalog import load_catalog
from srmap.controls import default_controls
from srmap.errors import InputError
from srmap.sources import ReadOptions, read_raw
from srmap.sources.raw import RawResource

ROOT = Path(__file__).resolve().parent.parent
MAP_FILE = Path(__file__).resolve().parent / "checkov_map.toml"
WEBSHOP = ROOT / "examples" / "webshop"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora"
CORPUS_REGION = "us-east-1"


@dataclass(frozen=True)
class CatalogTypes:
    """What srmap models: native type -> canonical type, parts apart; control -> types."""

    native: Mapping[str, str]
    parts: Mapping[str, str]
    applies_to: Mapping[str, tuple[str, ...]]

    @classmethod
    def load(cls) -> CatalogTypes:
        """From the packaged catalog and the default control registry."""
        native: dict[str, str] = {}
        parts: dict[str, str] = {}
        for rtype in load_catalog().resource_types.values():
            for name in (*rtype.terraform, *rtype.cloudformation):
                native[name] = rtype.id
            for name in (*rtype.terraform_parts, *rtype.cloudformation_parts):
                parts[name] = native[name] = rtype.id
        applies = {control.id: tuple(control.applies_to) for control in default_controls()}
        return cls(native, parts, applies)


def part_owners(
    raws: Iterable[RawResource],
    types: Mapping[str, str],
    parts: Mapping[str, str],
    names: Mapping[str, object] | None = None,
) -> dict[str, tuple[str, ...]]:
    """Part address -> the primaries it names (by reference, by name, else the only primary
    of its type in the input): where srmap folded it."""
    names = names or {}
    by_type: dict[str, list[str]] = defaultdict(list)
    for resource_id, resource_type in types.items():
        by_type[resource_type].append(resource_id)
    owners = {}
    for raw in raws:
        canonical = parts.get(raw.native_type)
        if canonical is None or raw.address in types:
            continue
        index = raw.address[raw.address.rindex("[") :] if raw.address.endswith("]") else ""
        references = [ref for refs in raw.references.values() for ref in refs]
        found = [r for r in references if types.get(r) == canonical]
        found += [r + index for r in references if types.get(r + index) == canonical]
        if not found:  # srmap joins by identifying value too: a bucket named in the part
            values = {v for v in raw.values.values() if isinstance(v, str)}
            found = [i for i in by_type[canonical] if names.get(i) in values]
        if not found and len(by_type[canonical]) == 1:
            found = by_type[canonical]
        if found:
            owners[raw.address] = tuple(dict.fromkeys(found))
    return owners


_STAND_IN = re.compile(
    r"^(?P<part>\S+) \([^)]*\): its \S+ is not in this input; judged as (?P<as>\S+),"
)


def stand_in_owners(warnings: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Orphan part -> the stand-in primary srmap judged it as, from srmap's own warnings."""
    found = (_STAND_IN.match(warning) for warning in warnings)
    return {m.group("part"): (m.group("as"),) for m in found if m}


def srmap_side(path: Path, options: ReadOptions, catalog: CatalogTypes) -> SrmapSide:
    """srmap's scan of one input, reduced to what the comparison needs."""
    empty = SrmapSide({}, {}, native_types=catalog.native, applies_to=catalog.applies_to)
    try:
        report = api.scan([path], options)
        raws = read_raw(path, options).resources
    except InputError as error:
        return replace(empty, error=f"input error: {error.reason}")
    except Exception as error:  # a crash is an srmap bug: keep comparing the rest
        return replace(empty, error=f"crash: {error!r}")
    types = {resource.id: resource.type for resource in report.result.resources}
    names = {resource.id: resource.name for resource in report.result.resources}
    verdicts = {
        (f.resource.id, f.control_id): SrmapVerdict(
            f.status.value, evidence_text((e.path, e.value) for e in f.evidence), f.message
        )
        for f in report.result.findings
    }
    owners = part_owners(raws, types, catalog.parts, names)
    owners = {**stand_in_owners(report.result.warnings), **owners}
    return SrmapSide(types, verdicts, owners, catalog.native, catalog.applies_to)


@dataclass(frozen=True)
class Target:
    """One input both tools read: srmap's path and options, checkov's path and frameworks."""

    label: str
    srmap_path: Path
    checkov_path: Path
    frameworks: tuple[str, ...]
    options: ReadOptions


def webshop_targets() -> list[Target]:
    """The example's plan, its Terraform directory and its CloudFormation template."""
    terraform, template = WEBSHOP / "terraform", WEBSHOP / "cloudformation" / "webshop.yaml"
    eu = ReadOptions(region="eu-central-1")
    return [
        Target("webshop/plan.json", terraform / "plan.json", terraform / "plan.json",
               ("terraform_plan",), eu),
        Target("webshop/terraform", terraform, terraform, ("terraform",), eu),
        Target("webshop/webshop.yaml", template, template, ("cloudformation",), eu),
    ]  # fmt: skip


def corpus_targets(corpus_dir: Path, scratch: Path) -> list[Target]:
    """Each labeled fixture copied alone into its own directory (a Terraform module of one
    file for both tools); labels.jsonl lists a file once per topic, so copies are shared."""
    targets, seen = [], set()
    with (corpus_dir / "labels.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            source_path = json.loads(line)["source_path"] if line.strip() else None
            if source_path is None or source_path in seen:
                continue
            seen.add(source_path)
            folder = scratch / f"{len(targets):04d}"
            folder.mkdir()
            copy = folder / Path(source_path).name
            shutil.copyfile(corpus_dir / source_path, copy)
            srmap_path = folder if copy.suffix == ".tf" else copy
            options = ReadOptions(region=CORPUS_REGION)
            targets.append(Target(source_path, srmap_path, copy, FRAMEWORKS, options))
    return targets


def checkov_on_corpus(
    binary: Path, targets: Sequence[Target], scratch: Path, per_fixture: bool
) -> dict[str, list[CheckovResult]]:
    """Checkov's results by target label: one run over the scratch tree (each fixture its own
    directory, so its own module), or one run per fixture."""
    if per_fixture:
        return {t.label: run_checkov(binary, t.checkov_path, t.frameworks) for t in targets}
    by_folder = {t.checkov_path.parent.name: t.label for t in targets}
    grouped: dict[str, list[CheckovResult]] = defaultdict(list)
    for result in run_checkov(binary, scratch, FRAMEWORKS, timeout=3600):
        folder = result.file_path.strip("/").split("/", 1)[0]
        if folder in by_folder:
            grouped[by_folder[folder]].append(result)
    return grouped


def diff_targets(
    targets: Sequence[Target], results: Mapping[str, Sequence[CheckovResult]], table: MapTable
) -> tuple[list[Row], list[CheckovResult]]:
    """Rows and not-modeled results over every target."""
    catalog = CatalogTypes.load()
    rows: list[Row] = []
    not_modeled: list[CheckovResult] = []
    for target in targets:
        side = srmap_side(target.srmap_path, target.options, catalog)
        found, outside = compare(target.label, results.get(target.label, ()), side, table)
        rows += found
        not_modeled += outside
    return rows, not_modeled


def print_tallies(title: str, rows: Sequence[Row], table: MapTable) -> None:
    """Agreement per mapping, then the total."""
    print(f"\n== {title}: agreement per mapping ==")
    print(f"{'srmap control':<56}{'checkov':<34}{'n':>5}{'agree':>6}{'%':>7}  disagreements")
    checks = {m.control: ",".join(m.checkov) for m in table.mappings}
    for t in tally(rows, table):
        if t.compared:
            share = f"{t.agreement:.0%}" if t.agreement is not None else "-"
            other = ", ".join(f"{k}: {v}" for k, v in t.by_status.items())
            print(f"{t.control:<56}{checks[t.control][:33]:<34}{t.compared:>5}{t.agreed:>6}"
                  f"{share:>7}  {other}")  # fmt: skip
    agreed = sum(row.agrees for row in rows)
    unmeasured = [t.control for t in tally(rows, table) if not t.compared]
    print(f"{'total':<90}{len(rows):>5}{agreed:>6}{agreed / max(len(rows), 1):>7.1%}")
    print(f"mappings with nothing to compare here: {len(unmeasured)}")


def print_disagreements(rows: Sequence[Row], table: MapTable) -> Counter[str]:
    """Every disagreement, grouped by its explanation; returns counts per kind."""
    groups: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        if not row.agrees:
            found = table.explain(row)
            key = (found.kind, found.note) if found else (UNEXPLAINED, "")
            groups[key].append(row)
    kinds: Counter[str] = Counter()
    print(f"\n== every disagreement ({sum(len(g) for g in groups.values())}) ==")
    for (kind, note), members in sorted(groups.items(), key=lambda item: (item[0][0], item[0][1])):
        kinds[kind] += len(members)
        print(f"\n-- [{kind}] {note} ({len(members)})")
        for row in members:
            print(f"  {row.target} | {row.resource} | {row.control} | checkov {row.checkov} "
                  f"({'; '.join(row.checks)}) | srmap {row.srmap} | {row.evidence}")  # fmt: skip
    return kinds


def print_not_modeled(results: Sequence[CheckovResult]) -> None:
    """Checkov results on native types srmap does not model, counted by type."""
    counts = Counter(r.native_type for r in results)
    print(f"\n== mapped checkov checks on types srmap does not model ({len(results)}) ==")
    for native_type, count in sorted(counts.items()):
        print(f"  {native_type}: {count}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run both tools, print agreement and every disagreement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-dir", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--per-fixture", action="store_true", help="one checkov run per fixture")
    parser.add_argument("--json", type=Path, help="write every row here")
    args = parser.parse_args(argv)
    table = load_map(MAP_FILE)
    binary = checkov_binary()
    print(f"checkov {installed_version(binary)} (pinned {CHECKOV_VERSION}); srmap {__version__}")
    started = time.perf_counter()
    webshop = webshop_targets()
    results = {t.label: run_checkov(binary, t.checkov_path, t.frameworks) for t in webshop}
    web_rows, web_outside = diff_targets(webshop, results, table)
    with tempfile.TemporaryDirectory(prefix="checkov-diff-") as scratch:
        corpus = corpus_targets(args.corpus_dir, Path(scratch))
        found = checkov_on_corpus(binary, corpus, Path(scratch), args.per_fixture)
        corpus_rows, corpus_outside = diff_targets(corpus, found, table)
    print(f"inputs: {len(webshop)} webshop, {len(corpus)} corpus fixtures; "
          f"{time.perf_counter() - started:.0f} s")  # fmt: skip
    print_tallies("webshop", web_rows, table)
    print_tallies("corpus", corpus_rows, table)
    print_tallies("all", [*web_rows, *corpus_rows], table)
    kinds = print_disagreements([*web_rows, *corpus_rows], table)
    print_not_modeled([*web_outside, *corpus_outside])
    print("\ndisagreements by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    if args.json:
        payload = [asdict(row) for row in (*web_rows, *corpus_rows)]
        args.json.write_text(json.dumps(payload, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
