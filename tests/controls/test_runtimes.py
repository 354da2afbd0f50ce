"""The Lambda runtime table: the packaged file loads, and bad entries name file and key."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from srmap.controls.runtimes import lambda_runtimes, parse_runtimes
from srmap.errors import CatalogError

SOURCE = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html"


def _entry(**changes: Any) -> dict[str, Any]:
    return {"id": "python3.8", "deprecated": dt.date(2024, 10, 14), "source": SOURCE, **changes}


def test_packaged_table_loads_with_dates_and_sources() -> None:
    """Every entry has a deprecation date and cites an https source; python3.8 is dated."""
    table = lambda_runtimes()
    assert table["python3.8"].deprecated == dt.date(2024, 10, 14)
    assert table["python3.8"].block_update is not None
    assert {"python3.13", "nodejs22.x", "java21"} <= set(table)
    assert all(r.source.startswith("https://") for r in table.values())


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"runtime": [_entry(deprecated="2024-10-14")]}, "runtime[0].deprecated"),
        ({"runtime": [_entry(deprecated=dt.datetime(2024, 10, 14))]}, "runtime[0].deprecated"),
        ({"runtime": [_entry(block_update=1)]}, "runtime[0].block_update"),
        ({"runtime": [{"id": "x", "source": SOURCE}]}, "runtime[0].deprecated"),
        ({"runtime": [_entry(source="http://example.com")]}, "runtime[0].source"),
        ({"runtime": [_entry(eol=True)]}, "runtime[0].eol"),
        ({"runtime": [_entry(), _entry()]}, "runtime[1].id"),
        ({"runtimes": []}, "runtimes"),
    ],
)
def test_bad_entries_name_their_key(data: dict[str, Any], key: str) -> None:
    """A wrong type, a missing date, a bad URL, an unknown key or a duplicate id is refused."""
    with pytest.raises(CatalogError) as raised:
        parse_runtimes(data, "lambda_runtimes.toml")
    assert key in str(raised.value)
    assert "lambda_runtimes.toml" in str(raised.value)
