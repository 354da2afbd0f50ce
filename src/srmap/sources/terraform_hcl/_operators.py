"""HCL's unary and binary operators on evaluated values, UNKNOWN where Terraform would need a
plan or reject the operands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from srmap.model import UNKNOWN

__all__ = ["apply_binary", "apply_unary"]


def apply_unary(op: str, operand: Any) -> Any:
    """``!operand`` or ``-operand``; UNKNOWN for an operand of the wrong type."""
    if op == "!" and isinstance(operand, bool):
        return not operand
    if op == "-" and _is_number(operand):
        return -operand
    return UNKNOWN


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def apply_binary(op: str, left: Any, right: Any) -> Any:
    """``left op right``: equality, logic, comparison or arithmetic; UNKNOWN when an operand
    is UNKNOWN or of a type Terraform would reject."""
    if left is UNKNOWN or right is UNKNOWN:
        return UNKNOWN
    if op in ("==", "!="):
        same = _equal(left, right)
        return same if op == "==" else not same
    if op in ("&&", "||"):
        if not (isinstance(left, bool) and isinstance(right, bool)):
            return UNKNOWN
        return (left and right) if op == "&&" else (left or right)
    return _arithmetic(op, _as_number(left), _as_number(right))


def _equal(left: Any, right: Any) -> bool:
    """Terraform equality: a bool never equals a number, 1 equals 1.0."""
    if isinstance(left, bool) != isinstance(right, bool):
        return False
    return bool(left == right)


def _as_number(value: Any) -> Any:
    """A number, or a string Terraform would convert to one; UNKNOWN otherwise."""
    if _is_number(value):
        return value
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return UNKNOWN
        return int(number) if number.is_integer() else number
    return UNKNOWN


def _arithmetic(op: str, left: Any, right: Any) -> Any:
    """Comparison and arithmetic on numbers; division by zero is UNKNOWN."""
    if left is UNKNOWN or right is UNKNOWN:
        return UNKNOWN
    operations: dict[str, Callable[[Any, Any], Any]] = {
        "<": lambda a, b: a < b,
        "<=": lambda a, b: a <= b,
        ">": lambda a, b: a > b,
        ">=": lambda a, b: a >= b,
        "+": lambda a, b: a + b,
        "-": lambda a, b: a - b,
        "*": lambda a, b: a * b,
        "/": lambda a, b: a / b,
        "%": lambda a, b: a % b,
    }
    try:
        result = operations[op](left, right)
    except (ZeroDivisionError, OverflowError, KeyError):
        return UNKNOWN
    if isinstance(result, float) and result.is_integer() and abs(result) < 2**53:
        return int(result)
    return result
