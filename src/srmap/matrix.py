"""The responsibility matrix: for each service in use, who owns each layer, why, and the source."""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from srmap.catalog import Catalog, OwnershipCell, Service, Variant
from srmap.errors import UsageError
from srmap.model import Finding, Layer, Owner, Status

__all__ = [
    "CellStatus",
    "CellVerdict",
    "Matrix",
    "MatrixCell",
    "ServiceInUse",
    "build_matrix",
    "cell_statuses",
    "resolve_service",
]

VARIANT_SEPARATOR = ":"


@dataclass(frozen=True, slots=True)
class ServiceInUse:
    """A catalog service, and the variant it runs as (ECS on Fargate), as one matrix column."""

    service: Service
    variant: Variant | None = None

    @property
    def id(self) -> str:
        """``ecs`` or ``ecs:fargate``."""
        if self.variant is None:
            return self.service.id
        return f"{self.service.id}{VARIANT_SEPARATOR}{self.variant.id}"

    @property
    def name(self) -> str:
        """Human name of the service or its variant."""
        return self.variant.name if self.variant else self.service.name


@dataclass(frozen=True, slots=True)
class MatrixCell:
    """Who owns one layer of one service, why, and where AWS says so."""

    service: str
    layer: Layer
    owner: Owner
    reason: str
    source: str
    overridden: bool


@dataclass(frozen=True, slots=True)
class Matrix:
    """Services (columns) by layers (rows, bottom to top)."""

    services: tuple[ServiceInUse, ...]
    layers: tuple[Layer, ...]
    cells: tuple[MatrixCell, ...]
    _index: dict[tuple[str, Layer], MatrixCell] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {(c.service, c.layer): c for c in self.cells})

    def cell(self, service_id: str, layer: Layer) -> MatrixCell:
        """The cell of one service and layer."""
        return self._index[(service_id, layer)]


def resolve_service(catalog: Catalog, spec: str) -> ServiceInUse:
    """Turn ``ecs`` or ``ecs:fargate`` into a catalog service; UsageError with a suggestion."""
    service_id, _, variant_id = spec.strip().lower().partition(VARIANT_SEPARATOR)
    service = catalog.services.get(service_id)
    if service is None:
        raise UsageError(f"unknown service {spec!r}{_did_you_mean(service_id, catalog.services)}")
    if not variant_id:
        return ServiceInUse(service)
    variant = service.variant(variant_id)
    if variant is None:
        known = [v.id for v in service.variants]
        hint = f"; {service.id} has variants: {', '.join(known)}" if known else ""
        raise UsageError(f"unknown variant {spec!r}{hint}")
    return ServiceInUse(service, variant)


def build_matrix(catalog: Catalog, services: Iterable[ServiceInUse]) -> Matrix:
    """The matrix of the given services over every layer, in the order given, without repeats."""
    columns = tuple({s.id: s for s in services}.values())
    cells = tuple(
        _cell(catalog.ownership[column.service.category][layer], column, layer)
        for column in columns
        for layer in Layer
    )
    return Matrix(services=columns, layers=tuple(Layer), cells=cells)


def _cell(base: OwnershipCell, column: ServiceInUse, layer: Layer) -> MatrixCell:
    overrides = [*column.service.overrides, *(column.variant.overrides if column.variant else ())]
    chosen = next((o for o in reversed(overrides) if o.layer is layer), None)
    if chosen is None:
        return MatrixCell(column.id, layer, base.owner, base.reason, base.source, overridden=False)
    return MatrixCell(column.id, layer, chosen.owner, chosen.reason, chosen.source, overridden=True)


def _did_you_mean(word: str, known: Sequence[str] | Iterable[str]) -> str:
    matches = difflib.get_close_matches(word, list(known), n=3, cutoff=0.6)
    return f" (did you mean {' or '.join(repr(m) for m in matches)}?)" if matches else ""


class CellVerdict(StrEnum):
    """What the customer's side of one cell looks like after a scan."""

    VERIFIED = "verified"
    FAILING = "failing"
    UNKNOWN = "unknown"
    ATTESTED = "attested"
    OPEN = "open"
    INHERITED = "inherited"


@dataclass(frozen=True, slots=True)
class CellStatus:
    """The verdict of one (service, layer) cell and the finding counts behind it."""

    verdict: CellVerdict
    counts: Mapping[str, int]


def cell_statuses(
    matrix: Matrix,
    findings: Iterable[Finding],
    attested: Iterable[tuple[str | None, str]] = (),
) -> dict[tuple[str, Layer], CellStatus]:
    """Join findings onto the matrix: AWS cells are inherited; the customer's are failing,
    unknown, verified, attested (by a signed attestation for the layer) or open."""
    # Counted in one C-level pass, then grouped per cell: the findings can number 100,000s.
    tally = Counter((f.resource.service, f.layer, f.status) for f in findings)
    counts: dict[tuple[str, Layer], Counter[str]] = defaultdict(Counter)
    for (service, layer, status), count in tally.items():
        counts[(service, layer)][status.value] = count
    attestations = set(attested)
    result: dict[tuple[str, Layer], CellStatus] = {}
    for cell in matrix.cells:
        key = (cell.service, cell.layer)
        service_id = cell.service.split(VARIANT_SEPARATOR)[0]
        seen = counts.get((service_id, cell.layer), Counter())
        is_attested = {(None, cell.layer.value), (service_id, cell.layer.value)} & attestations
        result[key] = CellStatus(_cell_verdict(cell.owner, seen, bool(is_attested)), dict(seen))
    return result


def _cell_verdict(owner: Owner, seen: Mapping[str, int], attested: bool) -> CellVerdict:
    if owner in (Owner.AWS, Owner.NOT_APPLICABLE):
        return CellVerdict.INHERITED
    if seen.get(Status.FAIL.value):
        return CellVerdict.FAILING
    if seen.get(Status.UNKNOWN.value):
        return CellVerdict.UNKNOWN
    if seen.get(Status.PASS.value):
        return CellVerdict.VERIFIED
    return CellVerdict.ATTESTED if attested else CellVerdict.OPEN
