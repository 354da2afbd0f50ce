"""after_unknown -> UNKNOWN: planned values omit what is known only after apply."""

from __future__ import annotations

from typing import Any

from srmap.model import UNKNOWN

__all__ = ["mark_unknown"]

_ABSENT = object()


def mark_unknown(value: Any, unknown: Any) -> Any:
    """Return value with UNKNOWN wherever `unknown` (the same shape, of booleans) is true.

    Containers are copied only along paths that change, so a resource with nothing unknown
    keeps the parsed objects as they are. Shapes that disagree are left alone.
    """
    if unknown is True:
        return UNKNOWN
    if isinstance(unknown, dict) and isinstance(value, dict):
        return _mark_object(value, unknown)
    if isinstance(unknown, list) and isinstance(value, list):
        return _mark_array(value, unknown)
    return value


def _mark_object(value: dict[str, Any], unknown: dict[str, Any]) -> dict[str, Any]:
    """mark_unknown for an object; an attribute absent from the values is added when unknown."""
    marked: dict[str, Any] | None = None
    for key, flag in unknown.items():
        old = value.get(key, _ABSENT)
        if old is _ABSENT and flag is not True:
            continue
        new = mark_unknown(old, flag)
        if new is not old:
            if marked is None:
                marked = dict(value)
            marked[key] = new
    return value if marked is None else marked


def _mark_array(value: list[Any], unknown: list[Any]) -> list[Any]:
    """mark_unknown for an array, position by position."""
    marked: list[Any] | None = None
    for position, flag in enumerate(unknown[: len(value)]):
        old = value[position]
        new = mark_unknown(old, flag)
        if new is not old:
            if marked is None:
                marked = list(value)
            marked[position] = new
    return value if marked is None else marked
