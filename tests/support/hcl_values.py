"""Comparing an evaluated HCL value with the expected one."""

from __future__ import annotations

from typing import Any

from srmap.model import UNKNOWN


def assert_value(got: Any, expected: Any) -> None:
    """UNKNOWN is UNKNOWN itself; any other value is equal and of the same type (1 is not
    1.0, True is not 1)."""
    if expected is UNKNOWN:
        assert got is UNKNOWN
    else:
        assert got == expected
        assert type(got) is type(expected)
