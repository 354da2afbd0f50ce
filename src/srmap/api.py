"""The public entry points; the CLI is a thin shell over these."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from srmap.catalog import Region, Service, load_catalog
from srmap.matrix import Matrix, build_matrix, resolve_service
from srmap.scan import services_in_use
from srmap.sources import Inventory, ReadOptions, read_inventory

__all__ = [
    "catalog_regions",
    "catalog_services",
    "inventory",
    "matrix_for_inventory",
    "matrix_for_services",
]


def catalog_services(ids: Sequence[str] = ()) -> list[Service]:
    """Catalog services by id (all when none given), sorted by id; UsageError for unknown ids."""
    catalog = load_catalog()
    if not ids:
        return sorted(catalog.services.values(), key=lambda s: s.id)
    return [resolve_service(catalog, i).service for i in ids]


def catalog_regions() -> list[Region]:
    """Every region of every partition, sorted by partition then code."""
    return sorted(load_catalog().regions.values(), key=lambda r: (r.partition, r.code))


def matrix_for_services(specs: Sequence[str]) -> Matrix:
    """The responsibility matrix of services named on the command line (``ecs:fargate`` too)."""
    catalog = load_catalog()
    return build_matrix(catalog, (resolve_service(catalog, spec) for spec in specs))


def inventory(paths: Sequence[Path], options: ReadOptions | None = None) -> Inventory:
    """The normalized inventory of plans, Terraform directories and templates."""
    return read_inventory(paths, options)


def matrix_for_inventory(found: Inventory) -> Matrix:
    """The matrix of the services an inventory uses, infrastructure first, then by id."""
    catalog = load_catalog()
    return build_matrix(catalog, services_in_use(catalog, found.resources))
