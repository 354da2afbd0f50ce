"""Parts that their primary names, rather than the other way round: a DB parameter group is
declared once and named by every instance that uses it (parameter_group_name)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from srmap.catalog import ResourceType
from srmap.model import Reference
from srmap.sources.normalize.registry import Normalizer
from srmap.sources.raw import RawResource

__all__ = ["join_named_parts"]

Primary = tuple[RawResource, ResourceType, Normalizer]
Joined = dict[str, dict[str, tuple[RawResource, ...]]]


def join_named_parts(
    primaries: Sequence[Primary], parts: Sequence[tuple[RawResource, Normalizer]]
) -> tuple[Joined, list[tuple[RawResource, Normalizer]]]:
    """The named parts joined onto every primary that names them (by reference, else by a
    name no other part of that type shares), and the parts of other kinds, left to join."""
    naming = {
        native: name_key
        for _, _, found in primaries
        for native, (_, name_key) in found.named_parts.items()
    }
    by_address: dict[tuple[str, str], RawResource] = {}
    by_name: dict[tuple[str, str], RawResource | None] = {}
    others: list[tuple[RawResource, Normalizer]] = []
    for raw, found in parts:
        if raw.native_type not in naming:
            others.append((raw, found))
            continue
        by_address[(raw.native_type, raw.address)] = raw
        name = raw.values.get(naming[raw.native_type])
        if isinstance(name, str):
            named = (raw.native_type, name)
            by_name[named] = None if named in by_name else raw  # a shared name names none
    joined: dict[str, dict[str, list[RawResource]]] = defaultdict(lambda: defaultdict(list))
    for raw, _, found in primaries:
        for native, (naming_key, _) in found.named_parts.items():
            part = _named(raw, naming_key, native, by_address, by_name)
            if part is not None:
                joined[raw.address][native].append(part)
    frozen = {
        address: {native: tuple(items) for native, items in by_type.items()}
        for address, by_type in joined.items()
    }
    return frozen, others


def _named(
    raw: RawResource,
    key: str,
    native: str,
    by_address: Mapping[tuple[str, str], RawResource],
    by_name: Mapping[tuple[str, str], RawResource | None],
) -> RawResource | None:
    """The part of this native type the primary's ``key`` names, if the input declares it."""
    value: Any = raw.values.get(key)
    addresses = [value.address] if isinstance(value, Reference) else []
    addresses += raw.references.get(key, ())
    for address in addresses:
        found = by_address.get((native, address))
        if found is not None:
            return found
    return by_name.get((native, value)) if isinstance(value, str) else None
