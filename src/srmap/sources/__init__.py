"""Sources: each input becomes normalized resources of the catalog's canonical types."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from srmap.catalog import load_catalog
from srmap.model import Resource
from srmap.sources.detect import SourceKind, detect_source
from srmap.sources.normalize import Inventory, default_registry, normalize_resources
from srmap.sources.raw import RawResource

__all__ = ["Inventory", "ReadOptions", "SourceKind", "detect_source", "read_inventory", "read_raw"]


@dataclass(frozen=True)
class ReadOptions:
    """What the command line may tell the readers: a region for templates, parameters,
    Terraform variable files."""

    region: str | None = None
    parameters: Mapping[str, str] = field(default_factory=dict)
    var_files: Sequence[Path] = ()


def read_raw(path: Path, options: ReadOptions) -> list[RawResource]:
    """Raw resources of one input, whatever its kind."""
    kind = detect_source(path)
    if kind is SourceKind.TERRAFORM_PLAN:
        from srmap.sources.terraform_plan import read_plan  # noqa: PLC0415 - load what is used

        return read_plan(path)
    if kind is SourceKind.CLOUDFORMATION:
        from srmap.sources.cloudformation import read_template  # noqa: PLC0415

        return read_template(path, region=options.region, parameters=options.parameters)
    from srmap.sources.terraform_hcl import read_hcl_dir  # noqa: PLC0415

    directory = path if path.is_dir() else path.parent
    return read_hcl_dir(directory, var_files=options.var_files)


def read_inventory(paths: Sequence[Path], options: ReadOptions | None = None) -> Inventory:
    """One inventory over every input; each input is joined on its own."""
    options = options or ReadOptions()
    catalog = load_catalog()
    registry = default_registry()
    resources: list[Resource] = []
    warnings: list[str] = []
    unsupported: dict[str, int] = {}
    for path in paths:
        inventory = normalize_resources(read_raw(path, options), catalog, registry)
        resources.extend(inventory.resources)
        warnings.extend(inventory.warnings)
        for native_type, count in inventory.unsupported.items():
            unsupported[native_type] = unsupported.get(native_type, 0) + count
    return Inventory(tuple(resources), dict(sorted(unsupported.items())), tuple(warnings))
