"""The speed comparison's pure parts: ratios, capped runs, commands, the controls-only timing."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def speed() -> ModuleType:
    """bench/speed_vs_checkov.py, with bench/ on the path for its sibling imports."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    if "speed_vs_checkov" in sys.modules:
        return sys.modules["speed_vs_checkov"]
    spec = importlib.util.spec_from_file_location("speed_vs_checkov", BENCH / "speed_vs_checkov.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["speed_vs_checkov"] = module
    spec.loader.exec_module(module)
    return module


def test_the_ratio_is_a_lower_bound_when_checkov_was_cut_off(speed: ModuleType) -> None:
    """A finished checkov gives ``63x``; a capped one ``> 60x``."""
    srmap = speed.Run(seconds=10.0, peak_mb=100, returncode=0)
    finished = speed.Run(seconds=630.0, peak_mb=700, returncode=1)
    capped = speed.Run(seconds=600.0, peak_mb=3200, returncode=-9, capped=True)
    assert speed.format_ratio(srmap, finished) == "63x"
    assert speed.format_ratio(srmap, capped) == "> 60x"


def test_seconds_of_a_capped_run_print_as_more_than_the_cap(speed: ModuleType) -> None:
    """``> 600 s`` for a killed run, two decimals otherwise."""
    assert speed.format_seconds(speed.Run(600.4, 1, -9, capped=True), 600) == "> 600 s"
    assert speed.format_seconds(speed.Run(1.234, 1, 0), 600) == "1.23 s"


@pytest.mark.parametrize(
    ("checkov_seconds", "capped", "expected"),
    [(1000.0, False, True), (200.0, False, False), (300.0, True, None), (600.0, True, True)],
)
def test_a_speed_target_is_met_missed_or_left_open_by_a_cap(
    speed: ModuleType, checkov_seconds: float, capped: bool, expected: bool | None
) -> None:
    """At 200x against 2 s: 1000 s is met, 200 s missed; a cap below 400 s leaves it open."""
    srmap = speed.Run(2.0, 100, 0)
    checkov = speed.Run(checkov_seconds, 500, 1, capped=capped)
    assert speed.speed_met(srmap, checkov, 200.0) is expected


def test_memory_is_shown_as_srmaps_share_of_checkovs(speed: ModuleType) -> None:
    """srmap at 100 MB against checkov at 750 MB is ``1/7.5``."""
    assert speed.memory_share(speed.Run(1, 100, 0), speed.Run(1, 750, 0)) == "1/7.5"


def test_srmap_runs_the_full_scan_to_a_json_file(speed: ModuleType) -> None:
    """The timed srmap command is the user's: scan, JSON format, --output."""
    command = speed.srmap_command(Path("plan.json"), Path("out.json"))
    assert command[1:] == ["-m", "srmap", "scan", "plan.json", "--format", "json",
                           "--output", "out.json"]  # fmt: skip
    assert speed.checkov_command(Path("ck"), Path("p.json"))[1:5] == ["-f", "p.json", "-o", "json"]


def test_a_process_past_its_cap_is_killed_and_marked(speed: ModuleType, tmp_path: Path) -> None:
    """A sleeping child is stopped at the cap; a quick one finishes with its exit code."""
    slow = speed.timed_run([sys.executable, "-c", "import time; time.sleep(30)"], cap=0.3)
    quick = speed.timed_run([sys.executable, "-c", "print('hi')"], stdout=tmp_path / "out.txt")
    assert slow.capped and slow.returncode != 0
    assert not quick.capped and quick.returncode == 0 and quick.peak_mb > 0
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "hi\n"


def test_controls_only_evaluates_every_control_over_a_small_plan(
    speed: ModuleType, tmp_path: Path
) -> None:
    """The 100k timing's child, on a 30-resource plan: resources and findings counted."""
    plan = sys.modules["iac_scale"].write_plan(30, tmp_path)
    timing = speed.controls_only(plan)
    assert timing["resources"] == 20  # 30 raw resources, split parts folded into primaries
    assert timing["findings"] > timing["resources"] and timing["seconds"] >= 0


def test_srmap_runs_each_write_afresh_and_the_median_is_the_slower_middle(
    speed: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """srmap's row is the run of median wall time, neither the luckiest nor the unluckiest
    (of an even count, the slower middle one); every run starts without the last run's
    output file."""
    output = tmp_path / "out.json"
    runs = iter([speed.Run(0.9, 50.0, 0), speed.Run(0.3, 40.0, 0), speed.Run(0.5, 45.0, 0)])
    found_before: list[bool] = []

    def fake_run(command: list[str]) -> object:
        found_before.append(output.exists())
        output.write_text("{}")
        return next(runs)

    monkeypatch.setattr(speed, "timed_run", fake_run)
    made = speed.srmap_runs(["srmap"], output)
    assert found_before == [False, False, False]
    assert speed.median_run(made) == speed.Run(0.5, 45.0, 0)
    assert speed.median_run([*made, speed.Run(0.7, 41.0, 0)]) == speed.Run(0.7, 41.0, 0)


def test_the_profile_of_a_missed_target_is_printed_and_the_bench_goes_on(
    speed: ModuleType, tmp_path: Path
) -> None:
    """The scan is profiled through the command line's function: its exit code (1, the plan
    fails controls) neither ends the bench nor loses the profile; the output is written."""
    plan = sys.modules["iac_scale"].write_plan(30, tmp_path)
    output = tmp_path / "profiled.json"
    text = speed.profile_scan(plan, output)
    assert "function calls" in text and "tottime" in text
    assert output.exists() and output.stat().st_size > 0
