"""Where each part of the responsibility diagram goes in its SVG: bands, zones, service chips."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from srmap.model import Owner
from srmap.report.html.view import Cell, LayerRow

__all__ = ["VERDICT_GLYPHS", "BandShape", "ChipShape", "Diagram", "Zone", "layout_diagram"]

# Besides the color, so the verdict reads in grayscale print and for color-blind readers.
VERDICT_GLYPHS = {
    "verified": "✓",
    "failing": "✗",
    "unknown": "?",
    "attested": "✎",
    "open": "○",
    "inherited": "·",
    "n/a": "–",
}
WIDTH = 1000
_TOP = 100  # room for the slanted service names above the chips
_BAND_HEIGHT = 28
_BAND_GAP = 3
_ZONE_GAP = 12  # between the customer's layers and AWS's
_CHIPS_X = 452
_CHIPS_WIDTH = WIDTH - _CHIPS_X - 8
_MAX_CHIP_PITCH = 40
_BOTTOM = 40  # room for the legend


@dataclass(frozen=True, slots=True)
class ChipShape:
    """One service's square on a band."""

    x: float
    cell: Cell
    glyph: str


@dataclass(frozen=True, slots=True)
class BandShape:
    """One layer's band, at its height in the picture."""

    y: int
    row: LayerRow
    chips: tuple[ChipShape, ...]


@dataclass(frozen=True, slots=True)
class Zone:
    """The customer's part (security in the cloud) or AWS's (security of the cloud)."""

    owner: str
    label: str
    phrase: str
    y: int
    height: int


@dataclass(frozen=True, slots=True)
class Diagram:
    """The SVG's size and everything placed in it."""

    width: int
    height: int
    band_height: int
    chip_width: float
    chip_centers: tuple[tuple[float, str], ...]  # (x, service id) for the names on top
    bands: tuple[BandShape, ...]
    zones: tuple[Zone, ...]
    legend_y: int


def layout_diagram(rows: Sequence[LayerRow], services: Sequence[str]) -> Diagram:
    """Bands top to bottom as given (customer's first); AWS's own layers form the lower zone."""
    pitch = min(_MAX_CHIP_PITCH, _CHIPS_WIDTH / max(len(services), 1))
    aws_count = _aws_only_count(rows)
    split = len(rows) - aws_count
    bands = []
    y = _TOP
    for index, row in enumerate(rows):
        if index == split and index > 0:
            y += _ZONE_GAP
        chips = tuple(
            ChipShape(round(_CHIPS_X + n * pitch, 2), cell, VERDICT_GLYPHS[cell.verdict])
            for n, cell in enumerate(row.cells)
        )
        bands.append(BandShape(y, row, chips))
        y += _BAND_HEIGHT + _BAND_GAP
    zones = _zones(bands, split)
    centers = tuple(
        (round(_CHIPS_X + n * pitch + (pitch - 4) / 2, 2), service)
        for n, service in enumerate(services)
    )
    return Diagram(WIDTH, y + _BOTTOM, _BAND_HEIGHT, round(pitch - 4, 2), centers, tuple(bands),
                   zones, y + 16)  # fmt: skip


def _aws_only_count(rows: Sequence[LayerRow]) -> int:
    """How many bottom layers AWS alone carries for every service in use."""
    count = 0
    for row in reversed(rows):
        if row.owner not in (Owner.AWS.value, Owner.NOT_APPLICABLE.value):
            break
        count += 1
    return count


def _zones(bands: Sequence[BandShape], split: int) -> tuple[Zone, ...]:
    groups = (
        ("customer", "Customer", "security IN the cloud", bands[:split]),
        ("aws", "AWS", "security OF the cloud", bands[split:]),
    )
    return tuple(
        Zone(owner, label, phrase, part[0].y, part[-1].y + _BAND_HEIGHT - part[0].y)
        for owner, label, phrase, part in groups
        if part
    )
