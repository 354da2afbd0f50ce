"""Render catalog services and regions as JSON or terminal tables."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from srmap.catalog import Override, Region, Service

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "region_to_dict",
    "render_regions_json",
    "render_regions_table",
    "render_services_json",
    "render_services_table",
    "service_to_dict",
]


def _override_to_dict(override: Override, variant: str | None = None) -> dict[str, Any]:
    data = {
        "layer": override.layer.value,
        "owner": override.owner.value,
        "reason": override.reason,
        "source": override.source,
    }
    return data if variant is None else {"variant": variant, **data}


def service_to_dict(service: Service) -> dict[str, Any]:
    """A service in the documented JSON shape; variant overrides carry their variant id."""
    overrides = [_override_to_dict(o) for o in service.overrides]
    for variant in service.variants:
        overrides += [_override_to_dict(o, variant.id) for o in variant.overrides]
    return {
        "id": service.id,
        "name": service.name,
        "category": service.category.value,
        "scope": service.scope.value,
        "overrides": overrides,
        "variants": [{"id": v.id, "name": v.name} for v in service.variants],
        "customer_duties": list(service.customer_duties),
        "sources": list(service.sources),
    }


def render_services_json(services: Sequence[Service]) -> str:
    """``{"services": [...]}``, indented."""
    return json.dumps({"services": [service_to_dict(s) for s in services]}, indent=2) + "\n"


def render_services_table(services: Sequence[Service], console: Console) -> None:
    """One row per service: id, name, category, scope and how many cells it overrides."""
    from rich.table import Table  # noqa: PLC0415 - rich loads only when something is drawn

    table = Table(title=f"{len(services)} services", title_justify="left")
    for name in ("id", "name", "category", "scope", "overrides"):
        table.add_column(name, no_wrap=name != "name")
    for service in services:
        count = len(service.overrides) + sum(len(v.overrides) for v in service.variants)
        table.add_row(
            service.id, service.name, service.category.value, service.scope.value, str(count)
        )
    console.print(table)


def region_to_dict(region: Region) -> dict[str, Any]:
    """A region in the documented JSON shape."""
    return {
        "code": region.code,
        "name": region.name,
        "partition": region.partition,
        "country": region.country,
        "jurisdictions": list(region.jurisdictions),
        "opt_in": region.opt_in,
    }


def render_regions_json(regions: Sequence[Region]) -> str:
    """``{"regions": [...]}``, indented."""
    return json.dumps({"regions": [region_to_dict(r) for r in regions]}, indent=2) + "\n"


def render_regions_table(regions: Sequence[Region], console: Console) -> None:
    """One row per region."""
    from rich.table import Table  # noqa: PLC0415 - rich loads only when something is drawn

    table = Table(title=f"{len(regions)} regions", title_justify="left")
    for name in ("code", "name", "partition", "country", "jurisdictions", "opt-in"):
        table.add_column(name, no_wrap=name in {"code", "partition"})
    for r in regions:
        opt_in = "yes" if r.opt_in else "no"
        table.add_row(r.code, r.name, r.partition, r.country, ", ".join(r.jurisdictions), opt_in)
    console.print(table)
