"""Sources: each input becomes normalized resources of the catalog's canonical types."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from srmap.catalog import load_catalog
from srmap.gc_pause import collector_paused
from srmap.sources.detect import SourceKind, detect_source
from srmap.sources.normalize import Inventory, default_registry, normalize_resources
from srmap.sources.raw import RawResource

__all__ = [
    "Inventory",
    "RawRead",
    "ReadOptions",
    "SourceKind",
    "detect_source",
    "merge_inventories",
    "read_inventory",
    "read_raw",
]


@dataclass(frozen=True)
class ReadOptions:
    """What the command line may tell the readers: a region for templates, parameters,
    Terraform variable files."""

    region: str | None = None
    parameters: Mapping[str, str] = field(default_factory=dict)
    var_files: Sequence[Path] = ()
    variables: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RawRead:
    """The raw resources of one input, and what its reader could not read."""

    resources: Sequence[RawResource]
    warnings: Sequence[str] = ()


def read_raw(path: Path, options: ReadOptions) -> RawRead:
    """Raw resources of one input, whatever its kind."""
    kind = detect_source(path)
    if kind is SourceKind.TERRAFORM_PLAN:
        from srmap.sources.terraform_plan import read_plan  # noqa: PLC0415 - load what is used

        return RawRead(read_plan(path))
    if kind is SourceKind.CLOUDFORMATION:
        from srmap.sources.cloudformation import read_template  # noqa: PLC0415

        return RawRead(read_template(path, region=options.region, parameters=options.parameters))
    from srmap.sources.terraform_hcl import read_hcl_dir_with_notes  # noqa: PLC0415

    directory = path if path.is_dir() else path.parent
    result = read_hcl_dir_with_notes(
        directory, var_files=options.var_files, variables=options.variables
    )
    unread = [
        f"{directory}: {module} comes from a remote source and was not read"
        for module in result.unread_modules
    ]
    notes = [f"{directory}: {note}" for note in result.notes]
    return RawRead(result.resources, (*unread, *notes))


def read_inventory(paths: Sequence[Path], options: ReadOptions | None = None) -> Inventory:
    """One inventory over every input; each input is joined on its own."""
    options = options or ReadOptions()
    catalog = load_catalog()
    registry = default_registry()
    merged = Inventory((), {}, ())
    for path in paths:
        with collector_paused():
            raw = read_raw(path, options)
            inventory = normalize_resources(raw.resources, catalog, registry)
        read = Inventory(
            inventory.resources, inventory.unsupported, (*raw.warnings, *inventory.warnings)
        )
        merged = merge_inventories(merged, read)
    return merged


def merge_inventories(first: Inventory, second: Inventory) -> Inventory:
    """Two inventories as one: resources, unsupported counts and warnings added up."""
    unsupported = dict(first.unsupported)
    for native_type, count in second.unsupported.items():
        unsupported[native_type] = unsupported.get(native_type, 0) + count
    return Inventory(
        (*first.resources, *second.resources),
        dict(sorted(unsupported.items())),
        (*first.warnings, *second.warnings),
    )
