"""Evaluate-once cache with cycle protection that remembers the references each value made."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from srmap.model import UNKNOWN

__all__ = ["Memo"]


class Memo:
    """Values computed once per key; a key asked for while being computed is UNKNOWN."""

    def __init__(self) -> None:
        self._done: dict[Hashable, tuple[Any, frozenset[str]]] = {}
        self._active: set[Hashable] = set()

    def get(self, key: Hashable, compute: Callable[[set[str]], Any], sink: set[str]) -> Any:
        """The value for key; the references it made are added to sink on every use."""
        if key in self._done:
            value, known_refs = self._done[key]
            sink.update(known_refs)
            return value
        if key in self._active:
            return UNKNOWN
        self._active.add(key)
        refs: set[str] = set()
        try:
            value = compute(refs)
        except RecursionError:
            # References chained deeper than Python's stack: give up on this value only.
            value = UNKNOWN
        finally:
            self._active.discard(key)
        self._done[key] = (value, frozenset(refs))
        sink.update(refs)
        return value
