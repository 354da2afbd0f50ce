"""Normalizers: one small function per (canonical type, dialect), registered with the data
that joins split resources onto it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.raw import Dialect, RawResource

__all__ = ["Normalizer", "NormalizerRegistry", "Parts", "normalizer"]


@dataclass(frozen=True, slots=True)
class Parts:
    """The split resources joined onto one primary resource, by native type."""

    by_type: Mapping[str, tuple[RawResource, ...]] = field(default_factory=dict)
    regions: Mapping[str, str | Unknown] = field(default_factory=dict)

    def of(self, native_type: str) -> tuple[RawResource, ...]:
        """Every joined part of one native type, in source order."""
        return self.by_type.get(native_type, ())

    def region_of(self, key: Any) -> str | Unknown:
        """The region of the resource a value names (address, name, id or ARN), or UNKNOWN."""
        found = self.regions.get(key) if isinstance(key, str) else None
        return UNKNOWN if found is None else found

    def first(self, *native_types: str) -> RawResource | None:
        """The first joined part of any of these native types, or None."""
        for native_type in native_types:
            found = self.by_type.get(native_type)
            if found:
                return found[0]
        return None


NormalizeFunction = Callable[[RawResource, Parts], Mapping[str, Any]]
# Settings of one resource that contradict each other, as warnings (the attribute is UNKNOWN).
ConflictFunction = Callable[[RawResource, Parts], Sequence[str]]


@dataclass(frozen=True, slots=True)
class Normalizer:
    """How one dialect's resources become one canonical type.

    ``identity``: the primary's attributes a part may use to name it (``bucket``, ``id``,
    ``arn``). ``parts``: part native type -> the part's attribute naming its primary.
    ``names``: the attributes that may hold the human name, first present wins.
    ``tags``: the attribute holding the tags (a mapping, or CloudFormation's Key/Value list).
    ``named_parts``: part native type -> (the primary's attribute naming the part, the part's
    attribute holding that name), for parts the primary names (a DB parameter group).
    ``conflicts``: what the input declares twice with different values, as warnings.
    """

    canonical_type: str
    dialect: Dialect
    function: NormalizeFunction
    names: tuple[str, ...]
    identity: tuple[str, ...]
    parts: Mapping[str, tuple[str, ...]]
    tags: str
    named_parts: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    conflicts: ConflictFunction | None = None


# A dialect's normalizers, imported when first needed: a plan never loads CloudFormation's.
NormalizerLoader = Callable[[], Iterable[Normalizer]]


class NormalizerRegistry:
    """An explicit registry that refuses two normalizers for one type and dialect.

    ``loaders`` give a dialect's normalizers on demand: each is called the first time its
    dialect is looked up (or the registry is iterated), and what it returns is registered.
    """

    def __init__(
        self,
        normalizers: Iterable[Normalizer] = (),
        loaders: Mapping[Dialect, NormalizerLoader] | None = None,
    ) -> None:
        self._by_key: dict[tuple[str, Dialect], Normalizer] = {}
        self._loaders = dict(loaders or {})
        for item in normalizers:
            self.add(item)

    def add(self, item: Normalizer) -> None:
        """Register one normalizer; a second one for the same key is an error."""
        key = (item.canonical_type, item.dialect)
        if key in self._by_key:
            raise ValueError(f"two normalizers for {item.canonical_type} ({item.dialect})")
        self._by_key[key] = item

    def get(self, canonical_type: str, dialect: Dialect) -> Normalizer | None:
        """The normalizer for one type and dialect, or None."""
        found = self._by_key.get((canonical_type, dialect))
        if found is None and dialect in self._loaders:
            self._load(dialect)
            found = self._by_key.get((canonical_type, dialect))
        return found

    def _load(self, dialect: Dialect) -> None:
        for item in self._loaders.pop(dialect)():
            self.add(item)

    def _load_all(self) -> None:
        for dialect in list(self._loaders):
            self._load(dialect)

    def __iter__(self) -> Any:
        self._load_all()
        return iter(self._by_key.values())

    def __len__(self) -> int:
        self._load_all()
        return len(self._by_key)


def normalizer(
    canonical_type: str,
    dialect: Dialect,
    *,
    name: str | Sequence[str] | None = None,
    identity: Sequence[str] = ("id", "arn"),
    parts: Mapping[str, str | Sequence[str]] | None = None,
    tags: str | None = None,
    named_parts: Mapping[str, tuple[str, str]] | None = None,
    conflicts: ConflictFunction | None = None,
) -> Callable[[NormalizeFunction], Normalizer]:
    """Declare a normalizer next to its function; the module's list registers it."""

    def wrap(function: NormalizeFunction) -> Normalizer:
        joined = {
            native: (keys,) if isinstance(keys, str) else tuple(keys)
            for native, keys in (parts or {}).items()
        }
        names = (name,) if isinstance(name, str) else tuple(name or ())
        tag_key = tags or ("Tags" if dialect is Dialect.CLOUDFORMATION else "tags")
        return Normalizer(
            canonical_type,
            dialect,
            function,
            names,
            tuple(identity),
            joined,
            tag_key,
            dict(named_parts or {}),
            conflicts,
        )

    return wrap
