"""HCL operators on evaluated values, without parsing: conversions, type rules and UNKNOWN."""

from __future__ import annotations

from typing import Any

import pytest
from hcl_values import assert_value

from srmap.model import UNKNOWN
from srmap.sources.terraform_hcl._operators import apply_binary, apply_unary


@pytest.mark.parametrize(
    ("op", "left", "right", "expected"),
    [
        ("+", 1, 2, 3),
        ("+", "3", 1, 4),
        ("*", "1.5", 2, 3),
        ("/", 10, 4, 2.5),
        ("/", 4, 2, 2),
        ("%", 7, 4, 3),
        ("<", "2", 10, True),
        (">=", 1.0, 1, True),
        ("==", 1, 1.0, True),
        ("==", 1, True, False),
        ("!=", 0, False, True),
        ("==", "1", 1, False),
        ("==", [1, "a"], [1, "a"], True),
        ("&&", True, False, False),
        ("||", False, True, True),
        ("&&", 1, True, UNKNOWN),
        ("+", "a", 1, UNKNOWN),
        ("+", True, 1, UNKNOWN),
        ("+", None, 1, UNKNOWN),
        ("/", 1, 0, UNKNOWN),
        ("%", 1, "0", UNKNOWN),
        ("**", 2, 3, UNKNOWN),
        ("==", UNKNOWN, UNKNOWN, UNKNOWN),
        ("+", 1, UNKNOWN, UNKNOWN),
    ],
)
def test_binary_operators(op: str, left: Any, right: Any, expected: Any) -> None:
    """Numbers convert from strings, a bool never equals a number, ill-typed is UNKNOWN."""
    got = apply_binary(op, left, right)
    assert_value(got, expected)


@pytest.mark.parametrize(
    ("op", "operand", "expected"),
    [
        ("!", True, False),
        ("!", False, True),
        ("-", 4, -4),
        ("-", 1.5, -1.5),
        ("!", 0, UNKNOWN),
        ("-", True, UNKNOWN),
        ("-", UNKNOWN, UNKNOWN),
    ],
)
def test_unary_operators(op: str, operand: Any, expected: Any) -> None:
    """Negation takes a bool, minus a number; anything else is UNKNOWN."""
    got = apply_unary(op, operand)
    assert_value(got, expected)
