"""Telling "left to the provider" from "set to a value known after apply" in Terraform input."""

from __future__ import annotations

from typing import Any

from srmap.model import UNKNOWN
from srmap.sources.raw import RawResource

__all__ = ["configured", "configured_within"]


def configured(raw: RawResource, key: str) -> Any:
    """The value the configuration gave ``key``, or None when it gave none.

    A plan lists every attribute of the schema (``id`` among them) and shows an optional,
    computed attribute the configuration left out as unknown; HCL holds only what was
    written, so there an unknown value was written. A planned unknown that refers to no
    other resource was therefore left to the provider.
    """
    return configured_within(raw, key, raw.values.get(key))


def configured_within(raw: RawResource, key: str, value: Any) -> Any:
    """``value``, read somewhere inside the top-level attribute ``key``, or None when the
    plan shows it unknown only because the configuration left it to the provider."""
    planned = "id" in raw.values
    if value is UNKNOWN and planned and not raw.references.get(key):
        return None
    return value
