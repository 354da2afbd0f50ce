"""The dated table of Lambda managed runtimes (catalog/data/lambda_runtimes.toml), validated
into frozen records on first use and cached."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from srmap.catalog.fields import Table
from srmap.catalog.loader import read_data_file

__all__ = ["RUNTIMES_FILE", "LambdaRuntime", "lambda_runtimes", "parse_runtimes"]

RUNTIMES_FILE = "lambda_runtimes.toml"
_KEYS = {"id", "deprecated", "block_create", "block_update", "source"}


@dataclass(frozen=True, slots=True)
class LambdaRuntime:
    """One managed runtime and the days AWS retires it."""

    id: str
    deprecated: dt.date
    block_create: dt.date | None
    block_update: dt.date | None
    source: str

    def is_deprecated(self, today: dt.date) -> bool:
        """Whether AWS has stopped patching the runtime by ``today``."""
        return today >= self.deprecated


@cache
def lambda_runtimes() -> Mapping[str, LambdaRuntime]:
    """The packaged runtime table by runtime id; CatalogError names file and key when bad."""
    return parse_runtimes(read_data_file(RUNTIMES_FILE))


def parse_runtimes(
    data: Mapping[str, Any], file: str = RUNTIMES_FILE
) -> Mapping[str, LambdaRuntime]:
    """Validate the parsed TOML: known keys, dates as TOML dates, unique ids, https sources."""
    root = Table(file, "", data)
    root.check_keys({"runtime"})
    found: dict[str, LambdaRuntime] = {}
    for entry in root.tables("runtime", required=True):
        entry.check_keys(_KEYS)
        deprecated = _date(entry, "deprecated")
        if deprecated is None:
            raise entry.fail("deprecated", "is missing")
        runtime = LambdaRuntime(
            id=entry.text("id"),
            deprecated=deprecated,
            block_create=_date(entry, "block_create"),
            block_update=_date(entry, "block_update"),
            source=entry.url("source"),
        )
        if runtime.id in found:
            raise entry.fail("id", f"duplicate runtime {runtime.id!r}")
        found[runtime.id] = runtime
    return found


def _date(entry: Table, field: str) -> dt.date | None:
    value = entry.data.get(field)
    if value is None:
        return None
    # tomllib reads 2024-10-14 as a date; a datetime or a string is a mistake in the file.
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise entry.fail(field, f"expected a TOML date (YYYY-MM-DD), got {value!r}")
    return value
