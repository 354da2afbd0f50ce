"""read_inventory pauses the cyclic garbage collector while it reads, and always restores it."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from srmap.errors import InputError
from srmap.sources import read_inventory

PLAN = Path(__file__).parents[1] / "fixtures" / "parity" / "s3_bucket" / "plan.json"


def _queues_plan(path: Path, count: int) -> Path:
    """A plan of ``count`` SQS queues, planned values only."""
    queues = [
        {"address": f"aws_sqs_queue.q{n}", "mode": "managed", "type": "aws_sqs_queue",
         "name": f"q{n}", "values": {"name": f"q{n}", "tags": {"n": str(n)}}}
        for n in range(count)
    ]  # fmt: skip
    plan = {"format_version": "1.2", "planned_values": {"root_module": {"resources": queues}}}
    path.write_text(json.dumps(plan))
    return path


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """Generations of the collections that ran while the test body ran."""
    started: list[int] = []

    def record(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started.append(info["generation"])

    read_inventory([PLAN])  # loads the catalog and the readers once, outside the pause
    gc.collect()
    gc.callbacks.append(record)
    try:
        yield started
    finally:
        gc.callbacks.remove(record)
        gc.enable()


def test_no_collection_runs_while_an_input_is_read(collections: list[int], tmp_path: Path) -> None:
    """A plan whose reading would trigger dozens of collections triggers at most the one
    that re-enabling the collector lets run."""
    plan = _queues_plan(tmp_path / "plan.json", 3000)
    collections.clear()  # writing the plan ran some; only reading it counts
    inventory = read_inventory([plan])
    assert len(inventory.resources) == 3000
    assert len(collections) <= 1
    assert gc.isenabled()


def test_the_collector_is_restored_after_an_input_error(
    collections: list[int], tmp_path: Path
) -> None:
    """A bad input raises as before and leaves the collector enabled."""
    bad = tmp_path / "plan.json"
    bad.write_text(json.dumps({"format_version": "9.0", "planned_values": {}}))
    with pytest.raises(InputError):
        read_inventory([bad])
    assert gc.isenabled()


def test_a_collector_disabled_by_the_caller_stays_disabled(collections: list[int]) -> None:
    """The pause never turns on a collector its caller turned off."""
    gc.disable()
    read_inventory([PLAN])
    assert not gc.isenabled()
