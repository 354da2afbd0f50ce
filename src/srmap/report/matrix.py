"""Render a responsibility matrix as JSON, Markdown, CSV or a colored terminal table."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from srmap.matrix import Matrix
from srmap.model import Layer, Owner

if TYPE_CHECKING:
    from rich.console import Console, Group
    from rich.table import Table
    from rich.text import Text

__all__ = [
    "OWNER_STYLES",
    "chunk_service_ids",
    "matrix_to_dict",
    "render_matrix_csv",
    "render_matrix_json",
    "render_matrix_markdown",
    "render_matrix_table",
]

OWNER_STYLES = {
    Owner.AWS: ("AWS", "bold white on dark_orange3"),
    Owner.CUSTOMER: ("customer", "bold white on blue"),
    Owner.SHARED: ("shared", "bold black on yellow"),
    Owner.NOT_APPLICABLE: ("n/a", "dim"),
}
_LAYER_COLUMN_WIDTH = 22
_CELL_WIDTH = 9  # "customer*"
_MAX_WIDTH = 100


def matrix_to_dict(matrix: Matrix) -> dict[str, Any]:
    """The matrix as plain data, in the documented JSON shape."""
    return {
        "services": [
            {"id": s.id, "name": s.name, "category": s.service.category.value}
            for s in matrix.services
        ],
        "layers": [layer.value for layer in matrix.layers],
        "cells": [
            {
                "service": c.service,
                "layer": c.layer.value,
                "owner": c.owner.value,
                "reason": c.reason,
                "source": c.source,
            }
            for c in matrix.cells
        ],
    }


def render_matrix_json(matrix: Matrix) -> str:
    """JSON, indented, keys in a stable order."""
    return json.dumps(matrix_to_dict(matrix), indent=2) + "\n"


def render_matrix_markdown(matrix: Matrix) -> str:
    """A Markdown table: layers top to bottom as in the diagram, one column per service."""
    ids = [s.id for s in matrix.services]
    lines = ["| layer | " + " | ".join(ids) + " |", "|---|" + "---|" * len(ids)]
    for layer in reversed(matrix.layers):
        owners = [matrix.cell(service_id, layer).owner.value for service_id in ids]
        lines.append(f"| {layer.value} | " + " | ".join(owners) + " |")
    return "\n".join(lines) + "\n"


def render_matrix_csv(matrix: Matrix) -> str:
    """One row per (service, layer): owner, reason and source."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["service", "layer", "owner", "overridden", "reason", "source"])
    for cell in matrix.cells:
        overridden = "yes" if cell.overridden else "no"
        writer.writerow(
            [cell.service, cell.layer.value, cell.owner.value, overridden, cell.reason, cell.source]
        )
    return buffer.getvalue()


def render_matrix_table(matrix: Matrix, console: Console) -> None:
    """Colored tables that fit in 100 columns, split by groups of services, then a legend."""
    ids = [s.id for s in matrix.services]
    for chunk in chunk_service_ids(ids):
        console.print(_owner_table(matrix, chunk))
    console.print(_legend())


def _owner_table(matrix: Matrix, ids: list[str]) -> Table:
    from rich.table import Table  # noqa: PLC0415 - rich loads only when something is drawn
    from rich.text import Text  # noqa: PLC0415 - rich loads only when something is drawn

    table = Table(title="Who owns each layer", title_justify="left", show_lines=False)
    table.add_column("layer (top: customer side)", no_wrap=True, min_width=_LAYER_COLUMN_WIDTH)
    for service_id in ids:
        table.add_column(service_id, justify="center", no_wrap=True)
    for layer in reversed(matrix.layers):
        row: list[Text | str] = [_layer_label(layer)]
        for service_id in ids:
            cell = matrix.cell(service_id, layer)
            label, style = OWNER_STYLES[cell.owner]
            row.append(Text(label + ("*" if cell.overridden else ""), style=style))
        table.add_row(*row)
    return table


def _legend() -> Group:
    from rich.console import Group  # noqa: PLC0415 - rich loads only when something is drawn
    from rich.text import Text  # noqa: PLC0415 - rich loads only when something is drawn

    parts = Text("legend: ")
    for label, style in OWNER_STYLES.values():
        parts.append(f" {label} ", style=style)
        parts.append(" ")
    note = Text("* the service departs from its category's base table (see --format json)")
    return Group(parts, Text(note.plain, style="dim"))


def _layer_label(layer: Layer) -> str:
    return layer.value.replace("_", " ")


def chunk_service_ids(ids: list[str]) -> Iterator[list[str]]:
    """Groups of service ids whose columns fit beside the layer column in 100 characters."""
    budget = _MAX_WIDTH - _LAYER_COLUMN_WIDTH - 4
    chunk: list[str] = []
    used = 0
    for service_id in ids:
        width = max(_CELL_WIDTH, len(service_id)) + 3
        if chunk and used + width > budget:
            yield chunk
            chunk, used = [], 0
        chunk.append(service_id)
        used += width
    if chunk:
        yield chunk
