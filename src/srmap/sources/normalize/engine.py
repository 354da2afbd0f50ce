"""Join split resources onto their primary through indexes, then normalize each primary."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from srmap.catalog import Catalog, ResourceType
from srmap.model import UNKNOWN, Resource, Unknown, UnsetVariable, record_maker
from srmap.sources.normalize.named_parts import join_named_parts
from srmap.sources.normalize.orphans import orphan_primaries
from srmap.sources.normalize.registry import Normalizer, NormalizerRegistry, Parts
from srmap.sources.raw import Dialect, RawResource

__all__ = ["ACCOUNT_TYPE", "Inventory", "normalize_resources"]

ACCOUNT_TYPE = "aws.account"
# A value that identifies a primary: its name, id or ARN, or the one unset variable it is named
# by, which every part named by the same variable names too, whatever value it will take.
Identity = str | UnsetVariable


@dataclass(frozen=True, slots=True)
class Inventory:
    """Normalized resources, the native types not modeled yet (with counts), and warnings."""

    resources: tuple[Resource, ...]
    unsupported: Mapping[str, int]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _TypeMaps:
    primary: Mapping[str, ResourceType]
    part: Mapping[str, ResourceType]

    @classmethod
    def of(cls, catalog: Catalog) -> _TypeMaps:
        primary: dict[str, ResourceType] = {}
        part: dict[str, ResourceType] = {}
        for resource_type in catalog.resource_types.values():
            for native in (*resource_type.terraform, *resource_type.cloudformation):
                primary[native] = resource_type
            for native in (*resource_type.terraform_parts, *resource_type.cloudformation_parts):
                part[native] = resource_type
        return cls(primary, part)

    def kind(
        self, native_type: str, dialect: Dialect, registry: NormalizerRegistry
    ) -> _Kind | None:
        """What a native type is, or None when it is not modeled yet."""
        resource_type = self.primary.get(native_type) or self.part.get(native_type)
        found = registry.get(resource_type.id, dialect) if resource_type else None
        if resource_type is None or found is None:
            return None
        return _Kind(resource_type, found, native_type in self.primary)


class _Kind(NamedTuple):
    """A modeled native type: its canonical type, its normalizer, and whether it is a primary."""

    resource_type: ResourceType
    normalizer: Normalizer
    primary: bool


def normalize_resources(
    raws: Sequence[RawResource], catalog: Catalog, registry: NormalizerRegistry
) -> Inventory:
    """Turn raw resources of any dialect into canonical resources; linear in their number."""
    maps = _TypeMaps.of(catalog)
    unsupported: Counter[str] = Counter()
    primaries: list[tuple[RawResource, ResourceType, Normalizer]] = []
    parts: list[tuple[RawResource, Normalizer]] = []
    kinds: dict[tuple[str, Dialect], _Kind | None] = {}
    for raw in raws:
        if raw.mode != "managed":
            continue
        key = (raw.native_type, raw.dialect)
        if key not in kinds:
            kinds[key] = maps.kind(raw.native_type, raw.dialect, registry)
        kind = kinds[key]
        if kind is None:
            unsupported[raw.native_type] += 1
        elif kind.primary:
            primaries.append((raw, kind.resource_type, kind.normalizer))
        else:
            parts.append((raw, kind.normalizer))
    primaries += _account_primaries(parts, catalog)
    named, parts = join_named_parts(primaries, parts)
    joined, orphans = _join_parts(primaries, parts)
    for address, by_type in named.items():
        joined[address] = {**joined.get(address, {}), **by_type}
    stand_ins, stand_in_parts, warnings = orphan_primaries(orphans, catalog.resource_types)
    primaries += stand_ins
    joined.update(stand_in_parts)
    regions = _LazyRegions(tuple(primaries))
    no_parts = Parts({}, regions)  # shared by the many primaries nothing joins
    resources: list[Resource] = []
    for raw, resource_type, found in primaries:
        joined_parts = joined.get(raw.address)
        parts_of = no_parts if joined_parts is None else Parts(joined_parts, regions)
        resources.append(_normalize_one(raw, resource_type, found, parts_of))
        if found.conflicts is not None:
            warnings += found.conflicts(raw, parts_of)
    return Inventory(tuple(resources), dict(sorted(unsupported.items())), tuple(warnings))


def _account_primaries(
    parts: Iterable[tuple[RawResource, Normalizer]], catalog: Catalog
) -> list[tuple[RawResource, ResourceType, Normalizer]]:
    """Account-wide settings have no primary resource: synthesize one per dialect."""
    account_type = catalog.resource_types.get(ACCOUNT_TYPE)
    made: dict[Dialect, tuple[RawResource, ResourceType, Normalizer]] = {}
    for raw, found in parts:
        if found.canonical_type != ACCOUNT_TYPE or account_type is None or raw.dialect in made:
            continue
        synthetic = RawResource(
            address=ACCOUNT_TYPE,
            native_type=ACCOUNT_TYPE,
            dialect=raw.dialect,
            values={},
            region=raw.region,
            location=replace(raw.location, line=None),
            account=raw.account,
        )
        made[raw.dialect] = (synthetic, account_type, found)
    return list(made.values())


class _PrimaryIndex:
    """Primaries by address, by count/for_each group, and by identifying value; the last is
    built on first use, as parts that reference their primary (a plan's) never ask it."""

    def __init__(self, primaries: Sequence[tuple[RawResource, ResourceType, Normalizer]]) -> None:
        self._primaries = primaries
        self._by_identity: dict[tuple[str, Identity], str] | None = None
        self.by_address: dict[str, str] = {}
        by_group: dict[str, list[str]] = defaultdict(list)
        for raw, resource_type, _ in primaries:
            address = raw.address
            self.by_address[address] = resource_type.id
            if address.endswith("]"):
                # Only count/for_each instances form groups: an unindexed primary is found
                # by its address alone, and a group shares its members' type.
                by_group[address[: address.rindex("[")]].append(address)
        self.by_group: Mapping[str, Sequence[str]] = dict(by_group)

    def identified(self, canonical_type: str, value: Identity) -> str | None:
        """The first primary of a type whose name, id or ARN is ``value``."""
        if self._by_identity is None:
            self._by_identity = {}
            for raw, resource_type, found in self._primaries:
                for key in found.identity:
                    known = raw.values.get(key)
                    if isinstance(known, Identity):
                        self._by_identity.setdefault((resource_type.id, known), raw.address)
        return self._by_identity.get((canonical_type, value))

    def referenced(self, reference: str, part_address: str, canonical_type: str) -> str | None:
        """The primary a reference names; a bare group reference from a part that shares the
        group's count/for_each key resolves to the instance with that key."""
        if self.by_address.get(reference) == canonical_type:
            return reference
        members = self.by_group.get(reference, ())
        if not members or self.by_address.get(members[0]) != canonical_type:
            return None
        if len(members) == 1:
            return members[0]
        keyed = reference + _index_of(part_address)
        return keyed if keyed in self.by_address else None


def _join_parts(
    primaries: Sequence[tuple[RawResource, ResourceType, Normalizer]],
    parts: Sequence[tuple[RawResource, Normalizer]],
) -> tuple[dict[str, dict[str, tuple[RawResource, ...]]], list[tuple[RawResource, Normalizer]]]:
    """Parts grouped under the primaries they name, and the parts whose primary is absent."""
    index = _PrimaryIndex(primaries)
    joined: dict[str, dict[str, list[RawResource]]] = defaultdict(lambda: defaultdict(list))
    orphans: list[tuple[RawResource, Normalizer]] = []
    for raw, found in parts:
        parents = _parents(raw, found, index)
        if not parents:
            orphans.append((raw, found))
        for parent in parents:
            joined[parent][raw.native_type].append(raw)
    frozen = {
        parent: {native: tuple(items) for native, items in by_type.items()}
        for parent, by_type in joined.items()
    }
    return frozen, orphans


class _LazyRegions(Mapping[str, "str | Unknown"]):
    """_regions_by_identity, built on first use: few normalizers ask (replication, backup
    copies), so most inventories never need it."""

    def __init__(self, primaries: Sequence[tuple[RawResource, ResourceType, Normalizer]]) -> None:
        self._primaries = primaries
        self._regions: dict[str, str | Unknown] | None = None

    def _built(self) -> dict[str, str | Unknown]:
        if self._regions is None:
            self._regions = _regions_by_identity(self._primaries)
        return self._regions

    def __getitem__(self, key: str) -> str | Unknown:
        return self._built()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())


def _regions_by_identity(
    primaries: Sequence[tuple[RawResource, ResourceType, Normalizer]],
) -> dict[str, str | Unknown]:
    """Address, name, id and ARN of every primary -> its region, for cross-region joins."""
    regions: dict[str, str | Unknown] = {}
    for raw, _, found in primaries:
        regions[raw.address] = raw.region
        for key in found.identity:
            value = raw.values.get(key)
            if isinstance(value, str):
                regions.setdefault(value, raw.region)
    return regions


def _parents(raw: RawResource, found: Normalizer, index: _PrimaryIndex) -> list[str]:
    """The primaries a part belongs to: by reference first, then by identifying value."""
    if found.canonical_type == ACCOUNT_TYPE:
        return [ACCOUNT_TYPE]
    parents: list[str] = []
    for key in found.parts.get(raw.native_type, ()):
        for reference in raw.references.get(key, ()):
            parent = index.referenced(reference, raw.address, found.canonical_type)
            if parent is not None:
                parents.append(parent)
        if parents:
            break
        for value in _identities(raw.values.get(key)):
            parent = index.identified(found.canonical_type, value)
            if parent is not None:
                parents.append(parent)
    return parents if len(parents) < 2 else list(dict.fromkeys(parents))


def _identities(value: Any) -> list[Identity]:
    if isinstance(value, Identity):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, Identity)]
    return []


def _index_of(address: str) -> str:
    return address[address.rindex("[") :] if address.endswith("]") else ""


def _normalize_one(
    raw: RawResource, resource_type: ResourceType, found: Normalizer, parts: Parts
) -> Resource:
    attributes = dict(found.function(raw, parts))
    name = _name(raw, found.names)
    tags = _tags(raw.values.get(found.tags))
    return _new_resource(
        (
            raw.address,  # id
            resource_type.id,  # type
            resource_type.service,
            raw.region,
            raw.account,
            name,
            attributes,
            tags,
            raw.location,  # source
        )
    )


_new_resource = record_maker(Resource)  # one per resource of an input


def _name(raw: RawResource, keys: Sequence[str]) -> str | Unknown | None:
    """The first name attribute the resource sets; UNKNOWN when none is known yet."""
    if not keys:
        return None
    for key in keys:
        value = raw.values.get(key)
        if isinstance(value, str) and value:
            return value
        if isinstance(value, Unknown):
            return UNKNOWN
    return UNKNOWN


def _tags(tags: Any) -> Mapping[str, Any]:
    if isinstance(tags, dict):
        return tags
    if isinstance(tags, list):  # CloudFormation: [{Key, Value}]
        return {t["Key"]: t.get("Value") for t in tags if isinstance(t, dict) and "Key" in t}
    return {}
