"""The parsed snapshot of the catalog's TOML files: current, and never used once stale."""

from __future__ import annotations

import json
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from srmap.catalog import data_files


def test_snapshot_is_current() -> None:
    """parsed.json is what `python scripts/generate_docs.py` writes for today's TOML files."""
    assert data_files.SNAPSHOT.read_text(encoding="utf-8") == data_files.snapshot_text()


def test_snapshot_holds_what_the_toml_says() -> None:
    """Every file in the snapshot parses to exactly its entry; files with dates stay out."""
    files = json.loads(data_files.SNAPSHOT.read_text(encoding="utf-8"))["files"]
    assert {"services.toml", "resource_types.toml", "ownership.toml"} <= set(files)
    assert "lambda_runtimes.toml" not in files  # TOML dates have no JSON form
    for name, parsed in files.items():
        text = (data_files.DATA_DIRECTORY / name).read_text(encoding="utf-8")
        assert tomllib.loads(text) == parsed


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the data directory that the reader uses instead of the package's."""
    copy = tmp_path / "data"
    shutil.copytree(data_files.DATA_DIRECTORY, copy)
    monkeypatch.setattr(data_files, "DATA_DIRECTORY", copy)
    monkeypatch.setattr(data_files, "SNAPSHOT", copy / "parsed.json")
    data_files._current_snapshot.cache_clear()
    yield copy
    data_files._current_snapshot.cache_clear()


def test_an_edited_toml_file_wins_over_the_snapshot(data_copy: Path) -> None:
    """Once a TOML file changes, every file is read from TOML until the snapshot is rewritten."""
    regions = data_copy / "regions.toml"
    regions.write_text(regions.read_text(encoding="utf-8") + '\n[edited]\nnote = "yes"\n')
    assert data_files.read_data_file("regions.toml")["edited"] == {"note": "yes"}
    assert data_files._current_snapshot() == {}


def test_a_damaged_snapshot_is_ignored(data_copy: Path) -> None:
    """A truncated snapshot costs the parse, nothing else."""
    snapshot = data_copy / "parsed.json"
    snapshot.write_text(snapshot.read_text(encoding="utf-8")[:100])
    expected = tomllib.loads((data_copy / "services.toml").read_text(encoding="utf-8"))
    assert data_files.read_data_file("services.toml") == expected


def test_a_current_snapshot_is_read_instead_of_the_toml(data_copy: Path) -> None:
    """While the digest matches, the parsed content comes from the snapshot (here marked)."""
    snapshot = json.loads((data_copy / "parsed.json").read_text(encoding="utf-8"))
    snapshot["files"]["regions.toml"]["marker"] = True  # content only: the digest still matches
    (data_copy / "parsed.json").write_text(json.dumps(snapshot))
    assert data_files.read_data_file("regions.toml")["marker"] is True
