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


def test_freeze_after_keeps_the_paused_objects_from_every_later_collection() -> None:
    """With ``freeze_after`` the objects made while paused sit in the permanent generation."""
    gc.enable()
    gc.unfreeze()
    try:
        with collector_paused(freeze_after=True):
            made = [{"n": n} for n in range(1000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(made)
    finally:
        gc.unfreeze()


def test_freeze_after_does_nothing_when_the_collector_was_not_paused() -> None:
    """A live scan (``when=False``) freezes nothing."""
    gc.enable()
    gc.unfreeze()
    with collector_paused(when=False, freeze_after=True):
        pass
    assert gc.get_freeze_count() == 0
