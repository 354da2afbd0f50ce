"""Live scan benchmark: srmap and Prowler read the same estate, seeded into moto_server, and are
compared side by side — wall time, peak memory, requests counted at the server, and verdicts on
the checks both have (bench/prowler_map.toml).

    .venv/bin/python bench/live_vs_prowler.py [--work-dir DIR] [--prowler-timeout 1200]
        [--skip-prowler] [--profile | --no-profile]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the bench's sibling modules

import boto3
from live_measure import (
    ChildRun,
    RequestLog,
    Server,
    count_requests,
    moto_server,
    request_statuses,
    run_measured,
)
from live_seed import REGIONS, Estate, seed_estate
from prowler_compare import DifferenceGroup, Row, compare, group_differences, load_mapping
from prowler_tool import (
    SERVICES,
    installed_version,
    prowler_binary,
    prowler_command,
    read_findings,
)

ROOT = Path(__file__).resolve().parent.parent
MAP_FILE = Path(__file__).resolve().parent / "prowler_map.toml"
MOTO_SERVER = Path(sys.executable).parent / "moto_server"
FAKE_ACCOUNT = "123456789012"  # moto's default account
_COLUMN = 32
_LISTED, _SAMPLE = 30, 5  # groups longer than _LISTED rows print _SAMPLE of them


@dataclass(frozen=True)
class ToolRun:
    """One tool's measured scan: the child, the requests the server logged, the server's CPU
    seconds spent answering them, and how many resources the tool reported."""

    name: str
    child: ChildRun
    requests: int
    statuses: dict[str, int]
    server_cpu: float
    resources: int


def scan_environment(url: str, work: Path) -> dict[str, str]:
    """This process's environment without any AWS_* setting, pointed at the emulator with
    fake credentials and no shared config files."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    return {
        **kept,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGIONS[-1],
        "AWS_ENDPOINT_URL": url,
        "AWS_CONFIG_FILE": str(work / "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(work / "no-aws-credentials"),
    }


def srmap_command(output: Path, regions: Sequence[str], services: Sequence[str] = ()) -> list[str]:
    """The srmap scan the bench measures; with ``services``, limited to them like Prowler."""
    limit = ["--services", ",".join(services)] if services else []
    # The retry budget Prowler gives botocore (3 retries, its BOTO3_RETRIES_MAX_ATTEMPTS), so
    # calls the emulator cannot answer cost both tools alike.
    limit += ["--max-attempts", "3"]
    return [
        sys.executable, "-m", "srmap", "scan", "aws://", "--regions", ",".join(regions),
        *limit, "--format", "json", "--quiet", "--output", str(output),
    ]  # fmt: skip


def measure(
    name: str,
    command: Sequence[str],
    server: Server,
    log: RequestLog,
    env: Mapping[str, str],
    timeout: float,
    count_resources: Callable[[], int],
) -> ToolRun:
    """Run one tool against the server, counting what the server logged meanwhile."""
    work = Path(env["AWS_CONFIG_FILE"]).parent
    stem = work / re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    log.mark()
    cpu_before = server.cpu_seconds()
    child = run_measured(
        command, env, timeout, stem.with_suffix(".stdout"), stem.with_suffix(".stderr")
    )
    logged = log.since_mark()
    if child.returncode not in (0, 1) and not child.timed_out:
        tail = stem.with_suffix(".stderr").read_text(errors="replace")[-3000:]
        print(f"{name} exited {child.returncode}:\n{tail}", file=sys.stderr)
    return ToolRun(
        name, child, count_requests(logged), request_statuses(logged),
        server.cpu_seconds() - cpu_before, count_resources(),
    )  # fmt: skip


def _srmap_resources(output: Path) -> Callable[[], int]:
    def count() -> int:
        if not output.exists():
            return 0
        report = json.loads(output.read_text(encoding="utf-8"))
        return len(report["inventory"]["resources"])

    return count


def _same_services_command() -> list[str]:
    script = Path(__file__).resolve().parent / "live_same_services.py"
    return [sys.executable, str(script), ",".join(REGIONS), ",".join(SERVICES)]


def _same_services_resources(work: Path) -> Callable[[], int]:
    def count() -> int:
        text = (work / "srmap-same-services.stdout").read_text(encoding="utf-8").strip()
        return int(json.loads(text)["resources"]) if text else 0

    return count


def _prowler_resources(output_dir: Path) -> Callable[[], int]:
    return lambda: len({f.resource_uid for f in read_findings(output_dir)})


def _client_factory(url: str) -> Callable[[str, str | None], Any]:
    def client(service: str, region: str | None) -> Any:
        return boto3.client(
            service, region_name=region or REGIONS[-1], endpoint_url=url,
            aws_access_key_id="testing", aws_secret_access_key="testing",
        )  # fmt: skip

    return client


def print_runs(runs: Sequence[ToolRun], estate: Estate) -> None:
    """The side-by-side table: one column per tool."""
    seeded = estate.total
    rows: list[tuple[str, Callable[[ToolRun], str]]] = [
        ("wall time (s)", lambda r: f"{r.child.wall:.1f}" + (" capped" * r.child.timed_out)),
        ("CPU time, user + system (s)", lambda r: f"{r.child.cpu:.1f}"),
        ("peak RSS (MiB)", lambda r: f"{r.child.max_rss_mib:.0f}"),
        ("exit code", lambda r: str(r.child.returncode)),
        ("API requests (at the server)", lambda r: str(r.requests)),
        ("  by HTTP status", lambda r: " ".join(f"{k}:{v}" for k, v in r.statuses.items())),
        (f"requests / seeded resource ({seeded})", lambda r: f"{r.requests / seeded:.2f}"),
        ("resources reported", lambda r: str(r.resources)),
        ("emulator CPU answering (s)", lambda r: f"{r.server_cpu:.1f}"),
    ]  # fmt: skip
    width = max(len(label) for label, _ in rows) + 2
    print("".ljust(width) + "".join(r.name.rjust(_COLUMN) for r in runs))
    for label, cell in rows:
        print(label.ljust(width) + "".join(cell(r).rjust(_COLUMN) for r in runs))


def print_targets(ours: ToolRun, theirs: ToolRun, estate: Estate, same: ToolRun) -> bool:
    """The issue's three targets for ``srmap scan``, each with its measured ratio, and the same
    ratios for srmap's read of Prowler's services; True when all are met."""
    speed = theirs.child.wall / ours.child.wall
    memory = ours.child.max_rss_mib / theirs.child.max_rss_mib
    per_resource = (ours.requests / estate.total, theirs.requests / estate.total)
    results = [
        (f"srmap >= 10x faster than Prowler: {speed:.1f}x", speed >= 10),
        (f"srmap <= 1/3 of Prowler's memory: {memory:.2f}", memory <= 1 / 3),
        ("fewer requests per resource: {:.2f} vs {:.2f}".format(*per_resource),
         per_resource[0] < per_resource[1]),
    ]  # fmt: skip
    print("\nTargets (srmap scan)")
    for text, met in results:
        print(f"  [{'met' if met else 'MISSED'}] {text}")
    print(f"  (srmap's read of the same services: {theirs.child.wall / same.child.wall:.1f}x "
          f"faster, {same.child.max_rss_mib / theirs.child.max_rss_mib:.2f} of the memory, "
          f"{same.requests / estate.total:.2f} requests per resource)")  # fmt: skip
    return all(met for _, met in results)


def print_verdicts(rows: Sequence[Row], map_file: Path, listing: Path) -> None:
    """Agreement per mapped control, then every difference with its explanation."""
    explanations = load_mapping(map_file).explanations
    print("\nVerdicts on the checks both have (prowler_map.toml)")
    print(f"  {'srmap control':<52}{'rows':>6}{'agree':>7}{'differ':>8}")
    for control in sorted({r.control for r in rows}):
        mine = [r for r in rows if r.control == control]
        agreed = sum(r.agrees for r in mine)
        print(f"  {control:<52}{len(mine):>6}{agreed:>7}{len(mine) - agreed:>8}")
    differing = [r for r in rows if not r.agrees]
    total = len(rows)
    print(f"  {'total':<52}{total:>6}{total - len(differing):>7}{len(differing):>8}")
    groups = group_differences(differing, explanations)
    by_class: dict[str, int] = {}
    for group in groups:
        by_class[group.kind] = by_class.get(group.kind, 0) + len(group.rows)
    print(f"\nEvery difference ({len(differing)}: "
          + ", ".join(f"{kind} {n}" for kind, n in sorted(by_class.items())) + ")")  # fmt: skip
    for group in groups:
        print(f"- [{group.kind}] {group.control}: Prowler {group.prowler}, srmap {group.srmap} "
              f"x{len(group.rows)} ({', '.join(group.rows[0].checks)})")  # fmt: skip
        print(textwrap.fill(group.reason, 98, initial_indent="    ", subsequent_indent="    "))
        shown = group.rows if len(group.rows) <= _LISTED else group.rows[:_SAMPLE]
        for row in shown:
            print(f"      {row.resource}")
        if len(shown) < len(group.rows):
            print(f"      ... and {len(group.rows) - len(shown)} more (all in {listing.name})")
    write_differences(listing, groups)


def write_differences(path: Path, groups: Sequence[DifferenceGroup]) -> None:
    """Every differing row as tab-separated values."""
    lines = ["class\tcontrol\tprowler_checks\tresource\tprowler\tsrmap"]
    for group in groups:
        lines += [
            f"{group.kind}\t{r.control}\t{','.join(r.checks)}\t{r.resource}\t{r.prowler}\t{r.srmap}"
            for r in group.rows
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run(args: argparse.Namespace, work: Path) -> int:
    """Seed, measure both tools, compare; returns the exit code (0 when every target is met)."""
    binary = prowler_binary()  # installed before the emulator starts, so not timed against it
    print(f"Prowler: {installed_version(binary)} ({binary})")
    print(f"Services: {' '.join(SERVICES)}; regions: {' '.join(REGIONS)}")
    with moto_server(MOTO_SERVER, work / "moto.log") as server:
        estate = seed_estate(_client_factory(server.url), REGIONS)
        print(f"Seeded {estate.total} resources: "
              + ", ".join(f"{k} {v}" for k, v in estate.counts.items()))  # fmt: skip
        env, log = scan_environment(server.url, work), RequestLog(work / "moto.log")
        report = work / "srmap.json"
        count = _srmap_resources(report)
        print("Running srmap twice, srmap's read of Prowler's services, then Prowler (capped at "
              f"{args.prowler_timeout:.0f} s) ...")  # fmt: skip
        # The first scan wakes the emulator's backend of every service srmap reads (its first
        # request in a region builds that backend); it is shown, the second one is compared.
        scan = srmap_command(report, REGIONS, SERVICES)
        cold = measure("srmap (1st run)", scan, server, log, env, args.prowler_timeout, count)
        ours = measure("srmap", scan, server, log, env, args.prowler_timeout, count)
        same = measure("srmap, same services", _same_services_command(), server, log, env,
                       args.prowler_timeout, _same_services_resources(work))  # fmt: skip
        runs = [cold, ours, same]
        if not args.skip_prowler:
            out_dir = work / "prowler"
            theirs = measure("prowler", prowler_command(binary, REGIONS, out_dir), server, log,
                             env, args.prowler_timeout, _prowler_resources(out_dir))  # fmt: skip
            runs.append(theirs)
        print()
        print_runs(runs, estate)
        met = args.skip_prowler or print_targets(ours, theirs, estate, same)
        if args.profile == "always" or (not met and args.profile != "never"):
            from live_profile import profile_srmap  # noqa: PLC0415 - only when asked or missed

            profile_srmap(server.url, REGIONS, work)
        if args.skip_prowler:
            return 0
        if theirs.child.timed_out:
            print(f"Prowler did not finish within {args.prowler_timeout:.0f} s; "
                  "its verdicts below are those written before it was stopped.")  # fmt: skip
        rows = compare(read_findings(out_dir), json.loads(report.read_text()),
                       load_mapping(MAP_FILE).mappings)  # fmt: skip
        print_verdicts(rows, MAP_FILE, work / "differences.tsv")
    return 0 if met else 1


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments and run the bench in a work directory."""
    parser = argparse.ArgumentParser(description="srmap and Prowler on one seeded moto_server.")
    parser.add_argument("--work-dir", type=Path, help="keep logs and outputs here")
    parser.add_argument("--prowler-timeout", type=float, default=1200.0, help="seconds")
    parser.add_argument("--skip-prowler", action="store_true", help="measure srmap only")
    profiling = parser.add_mutually_exclusive_group()
    profiling.add_argument(
        "--profile",
        action="store_const",
        const="always",
        dest="profile",
        help="profile srmap's live read even when every target is met",
    )
    profiling.add_argument("--no-profile", action="store_const", const="never", dest="profile",
                           help="never profile (default: when a target is missed)")  # fmt: skip
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # progress as it goes
    if args.work_dir is not None:
        args.work_dir.mkdir(parents=True, exist_ok=True)
        return run(args, args.work_dir.resolve())
    with tempfile.TemporaryDirectory(prefix="srmap-bench-") as work:
        return run(args, Path(work))


if __name__ == "__main__":
    sys.exit(main())
