"""Render an inventory: JSON in the documented shape, or a terminal table."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from srmap.model import Resource, Unknown
from srmap.report.jsonable import resource_to_dict
from srmap.sources import Inventory

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["inventory_to_dict", "render_inventory_json", "render_inventory_table"]


def inventory_to_dict(inventory: Inventory) -> dict[str, Any]:
    """``{"resources": [...], "unsupported": {type: count}, "warnings": [...]}``."""
    return {
        "resources": [resource_to_dict(r) for r in inventory.resources],
        "unsupported": dict(inventory.unsupported),
        "warnings": list(inventory.warnings),
    }


def render_inventory_json(inventory: Inventory) -> str:
    """The inventory as indented JSON."""
    return json.dumps(inventory_to_dict(inventory), indent=2) + "\n"


def render_inventory_table(inventory: Inventory, console: Console) -> None:
    """One row per resource, then what srmap does not model yet."""
    from rich.table import Table  # noqa: PLC0415 - rich loads only when something is drawn

    table = Table(title=f"{len(inventory.resources)} resources", title_justify="left")
    for name in ("id", "type", "region", "name", "source"):
        table.add_column(name, overflow="fold")
    for resource in inventory.resources:
        table.add_row(
            resource.id,
            resource.type,
            _text(resource.region, "global"),
            _text(resource.name, ""),
            _where(resource),
        )
    console.print(table)
    if inventory.unsupported:
        listed = ", ".join(f"{t} ({n})" for t, n in inventory.unsupported.items())
        total = sum(inventory.unsupported.values())
        console.print(f"[yellow]not modeled yet ({total}):[/yellow] {listed}", markup=True)


def _text(value: object, when_none: str) -> str:
    if isinstance(value, Unknown):
        return "(unknown)"
    return when_none if value is None else str(value)


def _where(resource: Resource) -> str:
    source = resource.source
    if source.api:
        return source.api
    return f"{source.file}:{source.line}" if source.line else str(source.file)
