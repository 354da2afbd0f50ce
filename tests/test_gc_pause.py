"""Pausing the cyclic garbage collector around large acyclic work, and restoring it."""

from __future__ import annotations

import gc

from srmap.gc_pause import collector_paused


def test_pause_restores_an_enabled_collector() -> None:
    """Inside the block the collector is off; after it, on again as the caller had it."""
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_pause_keeps_a_disabled_collector_disabled() -> None:
    """A caller that had switched the collector off finds it still off afterwards."""
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_pause_when_false_leaves_the_collector_running() -> None:
    """``when=False`` (a live scan, which talks to AWS at length) changes nothing."""
    gc.enable()
    with collector_paused(when=False):
        assert gc.isenabled()
    assert gc.isenabled()
