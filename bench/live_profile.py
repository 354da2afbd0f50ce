"""Where srmap's live scan spends its time against the bench's emulator: each collector's
time, each operation's time at the client (retries included), and cProfile of srmap's code."""

from __future__ import annotations

import cProfile
import os
import pstats
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3

from srmap.sources.aws.api import Api
from srmap.sources.aws.collector import Collect, Collector, CollectorRegistry, LiveContext
from srmap.sources.aws.collectors import default_collectors
from srmap.sources.aws.live import LiveOptions, read_account

_SRMAP = f"{os.sep}srmap{os.sep}"


@dataclass
class Timings:
    """Seconds spent per collector (summed over regions) and per operation, thread-safe."""

    collectors: dict[str, float] = field(default_factory=dict)
    operations: dict[str, float] = field(default_factory=dict)
    profiles: list[cProfile.Profile] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, table: dict[str, float], key: str, seconds: float) -> None:
        """Add seconds under a key."""
        with self._lock:
            table[key] = table.get(key, 0.0) + seconds


def timed_registry(registry: Iterable[Collector], timings: Timings) -> CollectorRegistry:
    """The same collectors, each timed as it runs."""

    def wrap(item: Collector) -> Collect:
        def collect(context: LiveContext) -> list[Any]:
            # cProfile sees only the thread that enables it: one profiler per collector run.
            profiler = cProfile.Profile()
            started = time.perf_counter()
            profiler.enable()
            try:
                return list(item.collect(context))
            finally:
                profiler.disable()
                timings.add(timings.collectors, item.type_id, time.perf_counter() - started)
                with timings._lock:
                    timings.profiles.append(profiler)

        return collect

    return CollectorRegistry(Collector(c.type_id, c.service, c.scope, wrap(c)) for c in registry)


def _hook_operations(session: boto3.Session, timings: Timings) -> None:
    def before(context: dict[str, Any], **_: Any) -> None:
        context["bench_started"] = time.perf_counter()

    def after(model: Any, context: dict[str, Any], **_: Any) -> None:
        name = f"{model.service_model.service_name}:{model.name}"
        timings.add(timings.operations, name, time.perf_counter() - context["bench_started"])

    session.events.register("before-call", before)
    session.events.register("after-call", after)
    session.events.register("after-call-error", after)


@contextmanager
def _environment(url: str) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.update(AWS_ENDPOINT_URL=url, AWS_ACCESS_KEY_ID="testing",
                      AWS_SECRET_ACCESS_KEY="testing")  # fmt: skip
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def profile_srmap(url: str, regions: Sequence[str], work: Path, top: int = 15) -> Timings:
    """Read the emulator once in this process under cProfile and print the hotspots."""
    timings = Timings()
    with _environment(url):
        session = boto3.Session(region_name=regions[-1])
        _hook_operations(session, timings)
        api = Api(session, "123456789012")
        started = time.perf_counter()
        read_account(api, regions, timed_registry(default_collectors(), timings), LiveOptions())
        wall = time.perf_counter() - started
    print(f"\nProfile of srmap's live read in this process: {wall:.1f} s wall, "
          f"{sum(api.calls.values())} calls through the seam")  # fmt: skip
    _print_top("collectors by time (s, summed over regions and threads)", timings.collectors, top)
    counts = {name: api.calls.get(name, 0) for name in timings.operations}
    _print_top("operations by time at the client (s, retries included)", timings.operations,
               top, counts)  # fmt: skip
    stats = pstats.Stats(*timings.profiles)
    stats.dump_stats(str(work / "srmap.pstats"))
    print(f"srmap's functions by cumulative time over every collector thread (waits included), "
          f"from {work / 'srmap.pstats'}:")  # fmt: skip
    for line in own_hotspots(stats, top, column=3):
        print(f"  {line}")
    print("srmap's functions by own time (waits on its own locks included):")
    for line in own_hotspots(stats, top, column=2):
        print(f"  {line}")
    return timings


def _print_top(
    title: str, table: dict[str, float], top: int, counts: dict[str, int] | None = None
) -> None:
    print(title + ":")
    for name, seconds in sorted(table.items(), key=lambda item: -item[1])[:top]:
        calls = f" x{counts[name]}" if counts else ""
        print(f"  {seconds:8.2f}  {name}{calls}")


def own_hotspots(stats: pstats.Stats, top: int, column: int = 2) -> list[str]:
    """srmap's functions by own (column 2) or cumulative (column 3) time:
    ``seconds  calls  file:line(function)``."""
    entries = stats.stats  # type: ignore[attr-defined]
    mine = [(key, value) for key, value in entries.items() if _SRMAP in key[0]]
    mine.sort(key=lambda item: item[1][column], reverse=True)
    return [
        f"{value[column]:8.3f}s {value[1]:7d}  {_short(key[0])}:{key[1]}({key[2]})"
        for key, value in mine[:top]
    ]


def _short(path: str) -> str:
    return path[path.rfind(_SRMAP) + 1 :]
