"""after_unknown -> UNKNOWN: planned values omit what is known only after apply.

Where the configuration shows that an unknown value is nothing but another resource's
attribute (``kms_key_id = aws_kms_key.logs.arn``), the value becomes a Reference to that
resource instead: it is known to be set, and to what, just not yet to which string.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from srmap.model import UNKNOWN, Reference

__all__ = ["ReferenceOf", "mark_unknown"]

# Turns an expression's reference list into a Reference, or None when it is anything more.
ReferenceOf = Callable[[list[Any]], Reference | None]


def mark_unknown(
    value: Any, unknown: Any, expression: Any = None, reference_of: ReferenceOf | None = None
) -> Any:
    """Mark value with UNKNOWN wherever `unknown` (the same shape, of booleans) is true.

    ``expression`` is the configuration's expression tree at the same place, if known.
    Objects and arrays are marked in place: the reader owns the parsed plan, and each of its
    objects belongs to one resource, so copying them would only double their memory. Shapes
    that disagree are left alone.
    """
    if unknown is True:
        return _unknown_value(expression, reference_of)
    if isinstance(unknown, dict) and isinstance(value, dict):
        return _mark_object(value, unknown, expression, reference_of)
    if isinstance(unknown, list) and isinstance(value, list):
        return _mark_array(value, unknown, expression, reference_of)
    return value


def _unknown_value(expression: Any, reference_of: ReferenceOf | None) -> Any:
    """UNKNOWN, or a Reference when the expression is nothing but another resource's attribute."""
    found = expression.get("references") if isinstance(expression, dict) else None
    reference = reference_of(found) if reference_of and isinstance(found, list) else None
    return UNKNOWN if reference is None else reference


def _mark_object(
    value: dict[str, Any],
    unknown: dict[str, Any],
    expression: Any,
    reference_of: ReferenceOf | None,
) -> dict[str, Any]:
    """mark_unknown for an object; an attribute absent from the values is added when unknown."""
    expressions = expression if isinstance(expression, dict) else {}
    for key, flag in unknown.items():
        if not flag:
            continue  # false, or an empty object or array: nothing unknown below
        child = expressions.get(key)
        if flag is True:
            # Computed attributes (id, arn) have no expression: plainly unknown.
            value[key] = UNKNOWN if child is None else _unknown_value(child, reference_of)
        elif key in value:
            value[key] = mark_unknown(value[key], flag, child, reference_of)
    return value


def _mark_array(
    value: list[Any], unknown: list[Any], expression: Any, reference_of: ReferenceOf | None
) -> list[Any]:
    """mark_unknown for an array, position by position."""
    # Nested blocks are lists of expression objects, one per item.
    expressions = expression if isinstance(expression, list) else []
    for position, flag in enumerate(unknown[: len(value)]):
        if flag:
            child = expressions[position] if position < len(expressions) else None
            value[position] = mark_unknown(value[position], flag, child, reference_of)
    return value
