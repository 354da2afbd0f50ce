"""Parts whose primary is not in the input (a rule for a security group made elsewhere): each
group of them stands for a resource known only through what they declare."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from srmap.catalog import ResourceType
from srmap.model import UNKNOWN
from srmap.sources.normalize.registry import Normalizer
from srmap.sources.raw import Dialect, RawResource

__all__ = ["UNDECLARED", "Undeclared", "orphan_primaries"]

Primary = tuple[RawResource, ResourceType, Normalizer]


class Undeclared(Mapping[str, Any]):
    """The values of a resource this input does not declare: every attribute is UNKNOWN.

    ``get`` answers UNKNOWN whatever default is given, and nothing is ``in`` it, so a
    normalizer can never read "absent" (and so a default) where the truth is "not seen".
    """

    def __getitem__(self, key: str) -> Any:
        return UNKNOWN

    def get(self, key: str, default: Any = None) -> Any:
        """UNKNOWN, always."""
        return UNKNOWN

    def __contains__(self, key: object) -> bool:
        return False

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


UNDECLARED = Undeclared()


def orphan_primaries(
    orphans: Sequence[tuple[RawResource, Normalizer]],
    resource_types: Mapping[str, ResourceType],
) -> tuple[list[Primary], dict[str, dict[str, tuple[RawResource, ...]]], list[str]]:
    """One stand-in primary per group of orphan parts naming the same resource, with the
    parts joined onto it and a warning for each part."""
    groups: dict[tuple[str, Dialect, str], list[tuple[RawResource, Normalizer]]] = defaultdict(list)
    for raw, found in orphans:
        groups[(found.canonical_type, raw.dialect, _named(raw, found))].append((raw, found))
    primaries: list[Primary] = []
    joined: dict[str, dict[str, tuple[RawResource, ...]]] = {}
    warnings: list[str] = []
    for (type_id, dialect, _), members in sorted(groups.items()):
        members.sort(key=lambda member: member[0].address)
        first, found = members[0]
        resource_type = resource_types[type_id]
        stand_in = RawResource(
            address=first.address,
            native_type=_native_type(resource_type, dialect),
            dialect=dialect,
            values=UNDECLARED,
            region=first.region,
            location=first.location,
            account=first.account,
        )
        primaries.append((stand_in, resource_type, found))
        by_type: dict[str, list[RawResource]] = defaultdict(list)
        for raw, _found in members:
            by_type[raw.native_type].append(raw)
            warnings.append(
                f"{raw.address} ({raw.native_type}): its {type_id} is not in this input; "
                f"judged as {first.address}, a {type_id} known only through what it declares"
            )
        joined[first.address] = {native: tuple(items) for native, items in by_type.items()}
    return primaries, joined, warnings


def _named(raw: RawResource, found: Normalizer) -> str:
    """What the part says its primary is: a known name or id, a reference, or only itself."""
    for key in found.parts.get(raw.native_type, ()):
        value = raw.values.get(key)
        if isinstance(value, str) and value:
            return f"value:{value}"
        references = raw.references.get(key, ())
        if references:
            return f"ref:{references[0]}"
    return f"self:{raw.address}"


def _native_type(resource_type: ResourceType, dialect: Dialect) -> str:
    natives = (
        resource_type.terraform if dialect is Dialect.TERRAFORM else resource_type.cloudformation
    )
    return natives[0] if natives else resource_type.id
