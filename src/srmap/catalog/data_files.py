"""The catalog's packaged data files, and the snapshot of them parsed ahead of time.

Parsing the TOML files costs a run about 17 ms (a 2,000-resource scan takes ~250 ms in all);
their parsed content is also kept in data/parsed.json, which loads in about a millisecond. The
TOML files stay the source: the snapshot records a checksum of them and is used only while
every file matches it. `python scripts/generate_docs.py` rewrites it, and
tests/catalog/test_data_files.py, comparing the whole snapshot with the TOML, fails while it is
stale. The checksum is CRC-32 and length (zlib, not hashlib: importing hashlib's OpenSSL costs
more than the parse saved); it guards against a forgotten regeneration, not an adversary.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from srmap.errors import CatalogError

__all__ = ["DATA_DIRECTORY", "SNAPSHOT", "parse_data_file", "read_data_file", "snapshot_text"]

# The data files ship as plain files inside the package: a path to them is enough, and
# importlib.resources would cost each run more to import than reading a data file does.
DATA_DIRECTORY = Path(__file__).parent / "data"
SNAPSHOT = DATA_DIRECTORY / "parsed.json"


def read_data_file(name: str) -> Mapping[str, Any]:
    """One packaged TOML data file, parsed (taken from the snapshot while it is current).
    The result is shared: read it, never change it."""
    parsed = _current_snapshot().get(name)
    return parsed if parsed is not None else parse_data_file(name)


def parse_data_file(name: str, directory: Path | None = None) -> Mapping[str, Any]:
    """Parse one packaged TOML file (of the data directory unless another is given)."""
    import tomllib  # noqa: PLC0415 - only for files not in the snapshot: most runs need none

    path = (directory or DATA_DIRECTORY) / name
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogError(name, "(file)", "is missing from the package") from None
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(name, "(syntax)", str(error)) from None


@cache
def _current_snapshot() -> Mapping[str, Mapping[str, Any]]:
    """The snapshot's parsed files when all still match their TOML; else none."""
    try:
        snapshot = json.loads(SNAPSHOT.read_bytes())
        files = snapshot["files"]
        current = snapshot["checksum"] == _checksum(files)
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return files if current else {}


def _checksum(names: Iterable[str]) -> str:
    """CRC-32 and length of each named data file, in name order; a missing file changes it."""
    parts = []
    for name in sorted(names):
        path = DATA_DIRECTORY / name
        content = path.read_bytes() if path.is_file() else b""
        parts.append(f"{name}:{len(content)}:{zlib.crc32(content):08x}")
    return " ".join(parts)


def snapshot_text() -> str:
    """data/parsed.json for the TOML files as they are: every file whose parsed content JSON
    holds exactly (lambda_runtimes.toml has dates, so it is parsed on each run)."""
    files: dict[str, Any] = {}
    for path in sorted(DATA_DIRECTORY.glob("*.toml")):
        parsed = parse_data_file(path.name)
        try:
            if json.loads(json.dumps(parsed)) == parsed:
                files[path.name] = parsed
        except TypeError:  # dates and times have no JSON form
            continue
    return json.dumps({"checksum": _checksum(files), "files": files}, indent=1) + "\n"
