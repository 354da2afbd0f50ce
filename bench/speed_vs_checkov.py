"""srmap's full scan against checkov on the same generated plans, side by side.

Each tool runs as its own process, timed from start to JSON written; peak RSS comes from
``os.wait4`` of that process. srmap's bytecode is written first, as an install does, and its
row is the median of six runs, three right before checkov and three right after; checkov
runs once, capped (600 s by default). Then the controls alone over the 100k inventory, and
a cProfile of srmap's scan when a target is missed.

    python bench/speed_vs_checkov.py [--sizes 2000,20000] [--cap 600] [--controls-size 100000]
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import cProfile
import io
import json
import os
import pstats
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checkov_tool import checkov_binary, installed_version
from iac_scale import write_plan_in_child

SPEED_TARGETS = {2_000: 50.0, 20_000: 200.0}  # size -> how many times faster srmap must be
MEMORY_SHARE = 1 / 5  # srmap's peak RSS at most this share of checkov's
CONTROLS_TARGET_S = 5.0
# srmap runs this many times right before checkov and as many right after, and its time is
# the median of them all: checkov's one run spans minutes of a shared machine whose speed
# drifts (a 2k srmap scan took 0.25 s and 0.40 s half an hour apart), srmap's a second.
SRMAP_RUNS = 3


# How often a running tool is checked for having ended: the end is seen up to this late, so
# it must be small beside srmap's 0.2 s (it was 20 ms, a tenth of a 2k scan).
POLL_SECONDS = 0.001


@dataclass(frozen=True)
class Run:
    """One timed process: wall seconds, peak RSS in MB, exit code; ``capped`` when killed."""

    seconds: float
    peak_mb: float
    returncode: int
    capped: bool = False
    cpu_seconds: float = 0.0


def timed_run(command: Sequence[str], cap: float | None = None, stdout: Path | None = None) -> Run:
    """Run ``command`` alone, wait for it with ``os.wait4`` (its own peak RSS), kill its
    process group at ``cap`` seconds. The peak includes what this process held when it
    forked (``ru_maxrss`` survives exec), so the bench keeps the plans out of its memory."""
    sink = stdout.open("w") if stdout else subprocess.DEVNULL
    started = time.perf_counter()
    child = subprocess.Popen(
        command, stdout=sink, stderr=subprocess.DEVNULL, start_new_session=True
    )
    capped, sampled_mb, next_sample = False, 0.0, 0.0
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        now = time.perf_counter() - started
        if now >= next_sample:  # workers a killed process never reaps are seen only here
            sampled_mb, next_sample = max(sampled_mb, group_peak_mb(child.pid)), now + 0.5
        if cap is not None and now > cap:
            os.killpg(child.pid, signal.SIGKILL)
            capped = True
        time.sleep(POLL_SECONDS)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait on it again
    if stdout:
        sink.close()  # type: ignore[union-attr]
    cpu = usage.ru_utime + usage.ru_stime
    peak = max(usage.ru_maxrss / 1024, sampled_mb)
    return Run(seconds, peak, child.returncode, capped, cpu)


def group_peak_mb(group: int) -> float:
    """The largest resident set among the processes of a process group, from /proc."""
    page_mb = os.sysconf("SC_PAGE_SIZE") / 2**20
    largest = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        if int(fields[2]) == group:  # fields after the name: state, ppid, pgrp, ..., rss
            largest = max(largest, int(fields[21]) * page_mb)
    return largest


def srmap_command(plan: Path, output: Path) -> list[str]:
    """The full scan, as a user runs it."""
    return [sys.executable, "-m", "srmap", "scan", str(plan), "--format", "json",
            "--output", str(output)]  # fmt: skip


def checkov_command(binary: Path, plan: Path) -> list[str]:
    """``checkov -f plan.json -o json``; --skip-download keeps the vendor's API out of it."""
    return [str(binary), "-f", str(plan), "-o", "json", "--skip-download"]


def format_seconds(run: Run, cap: float) -> str:
    """``12.34 s``, or ``> 600 s`` when the run was cut off."""
    return f"> {cap:g} s" if run.capped else f"{run.seconds:.2f} s"


def format_ratio(srmap: Run, checkov: Run) -> str:
    """How many times faster srmap is; a lower bound (``> 35x``) when checkov was cut off."""
    ratio = checkov.seconds / srmap.seconds
    return f"> {ratio:.0f}x" if checkov.capped else f"{ratio:.0f}x"


def speed_met(srmap: Run, checkov: Run, target: float) -> bool | None:
    """Whether srmap is ``target`` times faster; None when a capped checkov leaves it open."""
    ratio = checkov.seconds / srmap.seconds
    if ratio >= target:
        return True
    return None if checkov.capped else False


def memory_share(srmap: Run, checkov: Run) -> str:
    """srmap's peak as a share of checkov's: ``1/12``."""
    return f"1/{checkov.peak_mb / srmap.peak_mb:.1f}" if srmap.peak_mb else "-"


def srmap_runs(command: Sequence[str], output: Path, times: int = SRMAP_RUNS) -> list[Run]:
    """``times`` runs of srmap. Each writes ``output`` afresh, as the first does (replacing
    the last run's file would add its removal to the time)."""
    runs = []
    for _ in range(times):
        output.unlink(missing_ok=True)
        runs.append(timed_run(command))
    return runs


def median_run(runs: Sequence[Run]) -> Run:
    """The run of median wall time (the slower middle one of an even count): a sub-second
    process is at the mercy of whatever else the machine does in that second."""
    return sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]


def compile_srmap() -> None:
    """Write srmap's bytecode, as pip does when it installs a package (checkov's venv has its
    own); without it every run would compile srmap's modules from source again."""
    import srmap  # noqa: PLC0415 - only to find the package

    compileall.compile_dir(Path(srmap.__file__).parent, quiet=1)


def compare_size(size: int, scratch: Path, binary: Path, cap: float) -> tuple[Run, Run]:
    """Generate one plan, run srmap, checkov, srmap again on it, print one row."""
    plan = write_plan_in_child(size, scratch)
    output = scratch / f"srmap-{size}.json"
    command = srmap_command(plan, output)
    before = srmap_runs(command, output)
    checkov = timed_run(checkov_command(binary, plan), cap, scratch / f"checkov-{size}.json")
    srmap = median_run([*before, *srmap_runs(command, output)])
    target = SPEED_TARGETS.get(size)
    met = speed_met(srmap, checkov, target) if target else None
    verdict = "open" if met is None else ("met" if met else "NOT MET")
    speed = f"speed >= {target:g}x: {verdict}" if target else "no speed target"
    mem_ok = srmap.peak_mb <= checkov.peak_mb * MEMORY_SHARE
    # A killed checkov never reaps its workers, so their CPU time is not in its usage.
    checkov_cpu = "n/a (killed)" if checkov.capped else f"{checkov.cpu_seconds:.2f}"
    print(f"{size:>9}{format_seconds(srmap, cap):>12}{srmap.peak_mb:>10.0f}"
          f"{format_seconds(checkov, cap):>12}{checkov.peak_mb:>10.0f}"
          f"{format_ratio(srmap, checkov):>9}{memory_share(srmap, checkov):>9}"
          f"   {speed}; memory <= 1/5: {'met' if mem_ok else 'NOT MET'}"
          f"   (CPU s: srmap {srmap.cpu_seconds:.2f}, checkov {checkov_cpu})",
          flush=True)  # fmt: skip
    return srmap, checkov


def controls_only(plan: Path, profile: bool = False) -> dict[str, Any]:
    """Read the plan, then time derived facts plus every control over its inventory (and
    profile them when asked)."""
    import datetime as dt  # noqa: PLC0415 - the child's imports only

    from srmap.controls import ControlContext, default_controls, evaluate_controls  # noqa: PLC0415
    from srmap.derive import derive_facts  # noqa: PLC0415
    from srmap.sources import read_inventory  # noqa: PLC0415

    inventory = read_inventory([plan])
    registry = default_controls()
    context = ControlContext(now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    started = time.perf_counter()
    findings = evaluate_controls(derive_facts(inventory.resources), registry, context)
    took = time.perf_counter() - started
    timing = {"resources": len(inventory.resources), "findings": len(findings), "seconds": took}
    if profile:
        profiler = cProfile.Profile()
        profiler.runcall(evaluate_controls, derive_facts(inventory.resources), registry, context)
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
        timing["profile"] = out.getvalue()
    return timing


def profile_scan(plan: Path, output: Path, top: int = 20) -> str:
    """cProfile of ``srmap scan plan --format json --output`` in this process, by own time.
    The command line's function, not its process entry point, which would end this process
    with the scan's exit code before the profile is printed."""
    from srmap.cli import main  # noqa: PLC0415 - only when a target is missed

    profiler = cProfile.Profile()
    with contextlib.suppress(SystemExit):  # the scan's exit code: 1 when a control fails
        profiler.runcall(main, ["scan", str(plan), "--format", "json", "--output", str(output)])
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


def controls_timing(plan: Path, profile: bool = False) -> Any:
    """Print the controls-only timing of ``plan`` from a fresh child; whether it met the target
    (or, with ``profile``, the child's profile text)."""
    child = [sys.executable, __file__, "--controls-child", str(plan)]
    child += ["--profile-controls"] if profile else []
    timing = json.loads(subprocess.run(child, capture_output=True, check=True).stdout)
    if profile:
        return timing["profile"]
    ok = timing["seconds"] < CONTROLS_TARGET_S
    print(f"\ncontrols only over {timing['resources']} resources (a {plan.stem} of raw "
          f"resources): {timing['seconds']:.2f} s, {timing['findings']} findings; "
          f"< {CONTROLS_TARGET_S:g} s: {'met' if ok else 'NOT MET'}")  # fmt: skip
    return ok


def main(argv: Sequence[str] | None = None) -> int:
    """Both tools per size, the 100k controls timing, a profile when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,20000")
    parser.add_argument("--cap", type=float, default=600.0, help="checkov's limit in seconds")
    parser.add_argument("--controls-size", type=int, default=100_000)
    parser.add_argument("--controls-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile-controls", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.controls_child is not None:
        print(json.dumps(controls_only(args.controls_child, args.profile_controls)))
        return 0
    binary = checkov_binary()
    compile_srmap()
    print(f"checkov {installed_version(binary)}; python {sys.version.split()[0]}; "
          f"{os.cpu_count()} CPUs")  # fmt: skip
    print(f"{'resources':>9}{'srmap':>12}{'srmap MB':>10}{'checkov':>12}{'ck MB':>10}"
          f"{'ratio':>9}{'memory':>9}")  # fmt: skip
    missed = False
    with tempfile.TemporaryDirectory(prefix="speed-vs-checkov-") as scratch:
        folder = Path(scratch)
        for size in (int(s) for s in args.sizes.split(",")):
            srmap, checkov = compare_size(size, folder, binary, args.cap)
            target = SPEED_TARGETS.get(size, 0)
            missed |= speed_met(srmap, checkov, target) is not True
            missed |= srmap.peak_mb > checkov.peak_mb * MEMORY_SHARE
        big = write_plan_in_child(args.controls_size, folder)
        ok = controls_timing(big)
        if not ok:
            print(f"\nprofile of the controls over {big.name}, by own time")
            print(controls_timing(big, profile=True))
        if missed:
            largest = max(int(s) for s in args.sizes.split(","))
            plan = folder / f"plan-{largest}.json"
            print(f"\na target was missed: profile of srmap's scan of {plan.name}, by own time")
            print(profile_scan(plan, folder / "profiled.json"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
