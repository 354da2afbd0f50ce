"""Load the bench scripts, which live outside the package, as modules."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def load_bench(name: str) -> ModuleType:
    """Import bench/<name>.py once, registered under its own name."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses resolve their annotations through sys.modules
    spec.loader.exec_module(module)
    return module


# The verdict stage's modules import each other by name, as run from bench/: loaded in order.
VERDICT_STAGE = (
    "conformance_outcomes",
    "conformance_topics",
    "conformance_report",
    "conformance_verdicts",
)


@pytest.fixture(scope="session")
def conformance() -> ModuleType:
    module = load_bench("conformance")
    for name in VERDICT_STAGE:  # main() imports the stage by name
        load_bench(name)
    return module


@pytest.fixture(scope="session")
def iac_scale() -> ModuleType:
    return load_bench("iac_scale")


@pytest.fixture(scope="session")
def verdict_stage(conformance: ModuleType) -> ModuleType:
    return load_bench("conformance_verdicts")


@pytest.fixture(scope="session")
def topic_file(conformance: ModuleType) -> ModuleType:
    return load_bench("conformance_topics")


@pytest.fixture(scope="session")
def verdict_report(conformance: ModuleType) -> ModuleType:
    return load_bench("conformance_report")
