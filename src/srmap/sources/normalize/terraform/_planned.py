"""Telling "left to the provider" from "set to a value known after apply" in Terraform input."""

from __future__ import annotations

from typing import Any

from srmap.model import UNKNOWN, Reference, Unknown
from srmap.sources.raw import RawResource

__all__ = ["configured", "configured_reference", "configured_within"]


def configured(raw: RawResource, key: str) -> Any:
    """The value the configuration gave ``key``, or None when it gave none.

    A plan lists every attribute of the schema (``id`` among them) and shows an optional,
    computed attribute the configuration left out as unknown; HCL holds only what was
    written, so there an unknown value was written. A planned unknown that refers to no
    other resource was therefore left to the provider.
    """
    value = raw.values.get(key)
    return value if value is not UNKNOWN else configured_within(raw, key, value)


def configured_within(raw: RawResource, key: str, value: Any) -> Any:
    """``value``, read somewhere inside the top-level attribute ``key``, or None when the
    plan shows it unknown only because the configuration left it to the provider."""
    if value is UNKNOWN and "id" in raw.values and not raw.references.get(key):
        return None
    return value


def configured_reference(raw: RawResource, key: str) -> Any:
    """``configured(raw, key)``, but an unknown value built from exactly one resource of the
    same input (``"${aws_cloudwatch_log_group.x.arn}:*"``) becomes a Reference to it."""
    value = configured(raw, key)
    addresses = [a for a in raw.references.get(key, ()) if not _is_data_source(a)]
    if isinstance(value, Unknown) and not isinstance(value, Reference) and len(addresses) == 1:
        return Reference(addresses[0])
    return value


def _is_data_source(address: str) -> bool:
    return address.startswith("data.") or ".data." in address
