"""Holding objects until the process ends: only while srmap is the process."""

from __future__ import annotations

import weakref
from pathlib import Path

import pytest

from srmap import process_lifetime
from srmap.sources.terraform_plan import read_plan


class _Decoded:
    """Stands for a large decoded document (weak references need a class)."""


def test_in_library_use_nothing_is_held(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(process_lifetime, "_held", None)
    value = _Decoded()
    alive = weakref.ref(value)
    process_lifetime.hold_until_exit(value)
    del value
    assert alive() is None


def test_once_srmap_is_the_process_a_held_value_outlives_its_users(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(process_lifetime, "_held", None)
    process_lifetime.start_holding()
    value = _Decoded()
    alive = weakref.ref(value)
    process_lifetime.hold_until_exit(value)
    del value
    assert alive() is not None


def test_the_plan_reader_hands_its_decoded_document_over(monkeypatch: pytest.MonkeyPatch) -> None:
    """The document a plan decodes to is held, not freed when the reader returns."""
    monkeypatch.setattr(process_lifetime, "_held", None)
    process_lifetime.start_holding()
    plan = Path(__file__).parent / "fixtures/terraform_plan/regions.json"
    resources = read_plan(plan)
    held = process_lifetime._held
    assert resources and held is not None and len(held) == 1
    [document] = held
    assert isinstance(document, dict) and "planned_values" in document
