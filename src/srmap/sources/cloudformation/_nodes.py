"""Parsed template nodes that remember where they were written: a typed mark on str, dict and
list subclasses, so positions never leak into the data as extra keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["DictNode", "ListNode", "Mark", "StrNode", "line_of"]


@dataclass(frozen=True, slots=True)
class Mark:
    """A 1-based position in the template text."""

    line: int
    column: int


class StrNode(str):
    """A string scalar with the position it was read from."""

    mark: Mark

    def __new__(cls, value: str, mark: Mark) -> StrNode:
        node = super().__new__(cls, value)
        node.mark = mark
        return node


class DictNode(dict[str, Any]):
    """A mapping with the position of its first token."""

    __slots__ = ("mark",)

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark


class ListNode(list[Any]):
    """A sequence with the position of its first token."""

    __slots__ = ("mark",)

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark


def line_of(value: object) -> int | None:
    """The 1-based line a parsed value came from, or None for scalars that carry no mark."""
    mark = getattr(value, "mark", None)
    return mark.line if isinstance(mark, Mark) else None
