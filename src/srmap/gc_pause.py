"""Pausing Python's cyclic garbage collector around work that builds large acyclic data."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused(*, when: bool = True, freeze_after: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector (``when`` true), restoring it as the caller had it.

    A parsed input, and the findings over it, are large trees of fresh, acyclic objects: each
    automatic full collection would walk all of them again, which at 100,000 resources more
    than doubles the CPU time. Reference counting still frees what is dropped.

    The first collection after the pause still walks everything made during it once.
    ``freeze_after`` moves those objects to the permanent generation (``gc.freeze``) instead,
    so no collection ever walks them: for a process that ends with them, such as the command
    line; reference counting frees them as before, only cycles among them would stay.
    """
    was_enabled = gc.isenabled()
    if when:
        gc.disable()
    try:
        yield
    finally:
        if when and freeze_after:
            gc.freeze()
        if was_enabled:
            gc.enable()
