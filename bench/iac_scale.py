"""Scale of the Terraform plan path: parse + normalize generated plans of growing size.

A generated plan is bench/unit/plan.json, real Terraform output for 15 resources, copied once
per unit with the unit's number in its names.

Each size is measured in a fresh child process, so peak memory is that size's alone.

    python bench/iac_scale.py [--sizes 1000,10000,100000] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import io
import json
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

UNIT_PLAN = Path(__file__).resolve().parent / "unit" / "plan.json"
PLACEHOLDER = "unitnum"  # where bench/unit/main.tf's names and values take the unit's number
CHILD_MODULES = 4  # units alternate between the root and these module calls
TARGETS = {10_000: 1.0, 100_000: 10.0}  # size -> seconds it must stay under
MEMORY_TARGET_MB = 2048
LINEAR_SLACK = 1.5  # largest/smallest microseconds per resource still counted as flat


@dataclass(frozen=True)
class UnitResource:
    """One resource of the unit as Terraform planned it: its planned values, its change and
    its configuration, each as JSON text still holding the placeholder."""

    planned: str
    change: str
    configured: str


@functools.cache
def _unit_plan() -> tuple[dict[str, Any], tuple[UnitResource, ...], str]:
    """The unit's real plan, its resources in the plan's order, and its relevant_attributes."""
    plan = json.loads(UNIT_PLAN.read_text(encoding="utf-8"))
    changes = {change["address"]: change for change in plan["resource_changes"]}
    configured = {
        block["address"]: block for block in plan["configuration"]["root_module"]["resources"]
    }
    resources = tuple(
        UnitResource(
            json.dumps(planned), json.dumps(changes[address]), json.dumps(configured[address])
        )
        for planned in plan["planned_values"]["root_module"]["resources"]
        for address in (planned["address"],)
    )
    return plan, resources, json.dumps(plan.get("relevant_attributes", []))


def unit_size() -> int:
    """How many resources one unit holds."""
    return len(_unit_plan()[1])


def _module_of(unit: int) -> str:
    """Even units live in the root module, odd ones in one of a few child modules."""
    return "" if unit % 2 == 0 else f"module.team_{unit // 2 % CHILD_MODULES}"


def _numbered(text: str, unit: int) -> Any:
    return json.loads(text.replace(PLACEHOLDER, str(unit)))


def _in_module(entry: dict[str, Any], module: str) -> dict[str, Any]:
    """A planned or changed resource as Terraform writes it inside a child module."""
    if not module:
        return entry
    located = {"address": f"{module}.{entry['address']}"}
    if "change" in entry:  # a resource change also says which module it is in
        located["module_address"] = module
    return located | {key: value for key, value in entry.items() if key != "address"}


def _address(entry: dict[str, Any]) -> str:
    return str(entry["address"])


def generate_plan(size: int) -> dict[str, Any]:
    """A `terraform show -json` plan of exactly ``size`` resources to create: the unit's real
    plan copied once per unit, numbered, every other unit in a child module, each list in
    Terraform's order."""
    unit_plan, resources, relevant = _unit_plan()
    modules: dict[str, tuple[list[Any], list[Any]]] = {"": ([], [])}
    changes: list[dict[str, Any]] = []
    relevant_attributes: list[dict[str, Any]] = []
    for index in range(size):
        unit, resource = divmod(index, len(resources))
        module = _module_of(unit)
        planned, configured = modules.setdefault(module, ([], []))
        text = resources[resource]
        planned.append(_in_module(_numbered(text.planned, unit), module))
        changes.append(_in_module(_numbered(text.change, unit), module))
        configured.append(_numbered(text.configured, unit))  # module-relative, as Terraform's
        if resource == 0:
            for entry in _numbered(relevant, unit):
                prefix = f"{module}." if module else ""
                relevant_attributes.append(entry | {"resource": prefix + entry["resource"]})
    # Terraform lists a module's resources, and the changes, by address.
    for listed in (changes, *(part for lists in modules.values() for part in lists)):
        listed.sort(key=_address)
    root_planned, root_configured = modules.pop("")
    children = [{"address": name, "resources": planned} for name, (planned, _) in modules.items()]
    calls = {
        name.removeprefix("module."): {"source": "./modules/team", "module": {"resources": config}}
        for name, (_, config) in modules.items()
    }
    configuration = unit_plan["configuration"] | {
        "root_module": {"resources": root_configured, "module_calls": calls}
    }
    return unit_plan | {
        "planned_values": {"root_module": {"resources": root_planned, "child_modules": children}},
        "resource_changes": changes,
        "configuration": configuration,
        "relevant_attributes": relevant_attributes,
    }


def write_plan(size: int, directory: Path) -> Path:
    """Write the plan of ``size`` resources under ``directory``; return its path."""
    path = directory / f"plan-{size}.json"
    with path.open("w", encoding="utf-8") as handle:
        json.dump(generate_plan(size), handle, separators=(",", ":"))
    return path


def write_plan_in_child(size: int, directory: Path) -> Path:
    """``write_plan`` in a fresh interpreter: the caller never holds the plan, so a process it
    starts afterwards does not inherit its memory (``ru_maxrss`` counts what a process held
    before it called exec)."""
    subprocess.run(
        [sys.executable, __file__, "--write-plan", str(size), "--into", str(directory)],
        check=True,
    )
    return directory / f"plan-{size}.json"


def measure(path: Path) -> dict[str, Any]:
    """Parse and normalize one plan in this process: seconds, peak RSS and what came out."""
    from srmap.catalog import load_catalog  # noqa: PLC0415 - imported in the child only
    from srmap.sources import ReadOptions, read_inventory  # noqa: PLC0415
    from srmap.sources.normalize import default_registry  # noqa: PLC0415
    from srmap.sources.terraform_plan import read_plan  # noqa: PLC0415, F401 - warm import

    load_catalog(), len(default_registry())  # loading every normalizer is not per-plan cost
    started, cpu_started = time.perf_counter(), time.process_time()
    inventory = read_inventory([path], ReadOptions())
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu_started,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "resources": len(inventory.resources),
        "unsupported": sum(inventory.unsupported.values()),
        "warnings": len(inventory.warnings),
    }


def measure_in_child(path: Path) -> dict[str, Any]:
    """``measure`` in a fresh interpreter, so memory and caches are this plan's alone."""
    done = subprocess.run(
        [sys.executable, __file__, "--measure", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def profile(path: Path, top: int = 25) -> str:
    """cProfile of parse + normalize of one plan, top functions by own time."""
    from srmap.sources import ReadOptions, read_inventory  # noqa: PLC0415

    profiler = cProfile.Profile()
    profiler.runcall(read_inventory, [path], ReadOptions())
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


def verdicts(rows: Sequence[tuple[int, dict[str, Any]]]) -> Iterator[str]:
    """Whether each target is met, one line each; time is CPU time, as wall time on a shared
    machine measures the neighbours too."""
    by_size = dict(rows)
    for size, limit in TARGETS.items():
        if size in by_size:
            took, wall = by_size[size]["cpu_seconds"], by_size[size]["seconds"]
            yield (
                f"{size:>7} resources under {limit:g} s: {_met(took < limit)} "
                f"({took:.2f} s CPU, {wall:.2f} s wall)"
            )
    if 100_000 in by_size:
        peak = by_size[100_000]["peak_rss_mb"]
        yield f" 100000 resources under 2 GB: {_met(peak < MEMORY_TARGET_MB)} ({peak:.0f} MB)"
    costs = [row["cpu_seconds"] / size * 1e6 for size, row in rows]
    if len(costs) > 1:
        ratio = max(costs) / min(costs)
        yield f"per-resource cost flat (max/min <= {LINEAR_SLACK}): {_met(ratio <= LINEAR_SLACK)} ({ratio:.2f})"  # noqa: E501


def _met(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def run(sizes: Sequence[int], directory: Path, say: Callable[[str], None]) -> list[Any]:
    """Generate, then measure every size in its own child; print one row per size."""
    say(f"{'resources':>10}{'file MB':>9}{'gen s':>7}{'wall s':>8}{'cpu s':>8}{'peak MB':>9}"
        f"{'us/res':>8}{'normalized':>11}{'unsupported':>12}{'warnings':>9}")  # fmt: skip
    rows = []
    for size in sizes:
        started = time.perf_counter()
        path = write_plan(size, directory)
        generated = time.perf_counter() - started
        row = measure_in_child(path)
        rows.append((size, row))
        cpu = row["cpu_seconds"]
        say(f"{size:>10}{path.stat().st_size / 1e6:>9.1f}{generated:>7.1f}{row['seconds']:>8.2f}"
            f"{cpu:>8.2f}{row['peak_rss_mb']:>9.0f}{cpu / size * 1e6:>8.1f}"
            f"{row['resources']:>11}{row['unsupported']:>12}{row['warnings']:>9}")  # fmt: skip
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """Measure every size, print the targets; never fails on a missed target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--profile", action="store_true", help="cProfile the largest size")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the child's entry
    parser.add_argument("--write-plan", type=int, help=argparse.SUPPRESS)  # another child's
    parser.add_argument("--into", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure is not None:
        print(json.dumps(measure(args.measure)))
        return 0
    if args.write_plan is not None:
        write_plan(args.write_plan, args.into)
        return 0
    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="iac-scale-") as scratch:
        rows = run(sizes, Path(scratch), print)
        print()
        for line in verdicts(rows):
            print(line)
        if args.profile:
            print(f"\nprofile of {max(sizes)} resources (parse + normalize, by own time):")
            print(profile(Path(scratch) / f"plan-{max(sizes)}.json"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
