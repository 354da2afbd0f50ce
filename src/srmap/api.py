"""The public entry points; the CLI is a thin shell over these."""

from __future__ import annotations

from collections.abc import Sequence

from srmap.catalog import Region, Service, load_catalog
from srmap.matrix import Matrix, build_matrix, resolve_service

__all__ = ["catalog_regions", "catalog_services", "matrix_for_services"]


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
