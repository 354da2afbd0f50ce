"""The catalog's records: frozen, validated once by the loader, shared by every stage."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from srmap.model import Category, Layer, Owner

__all__ = [
    "Catalog",
    "Override",
    "OwnershipCell",
    "Region",
    "ResourceType",
    "Scope",
    "Service",
    "SharedControl",
    "SharedControlKind",
    "Variant",
]


class Scope(StrEnum):
    """Whether a service lives in one region or serves all of them from one place."""

    REGIONAL = "regional"
    GLOBAL = "global"


class SharedControlKind(StrEnum):
    """The three kinds of controls AWS names in the shared responsibility model."""

    SHARED = "shared"
    INHERITED = "inherited"
    CUSTOMER_SPECIFIC = "customer_specific"


@dataclass(frozen=True, slots=True)
class OwnershipCell:
    """Who owns one layer, why, and where AWS says so."""

    owner: Owner
    reason: str
    source: str


@dataclass(frozen=True, slots=True)
class Override:
    """A service's departure from its category's base table for one layer."""

    layer: Layer
    owner: Owner
    reason: str
    source: str


@dataclass(frozen=True, slots=True)
class Variant:
    """A way of running a service that moves the line (ECS on Fargate, RDS Custom)."""

    id: str
    name: str
    overrides: tuple[Override, ...]


@dataclass(frozen=True, slots=True)
class Service:
    """One AWS service as the catalog knows it."""

    id: str
    name: str
    category: Category
    category_basis: str
    scope: Scope
    boto3_client: str | None
    customer_duties: tuple[str, ...]
    sources: tuple[str, ...]
    overrides: tuple[Override, ...] = ()
    variants: tuple[Variant, ...] = ()
    aws_says_nothing: str = ""

    def variant(self, variant_id: str) -> Variant | None:
        """The variant with this id, or None."""
        return next((v for v in self.variants if v.id == variant_id), None)


@dataclass(frozen=True, slots=True)
class ResourceType:
    """A canonical resource type: its service, native type names, and normalized attributes."""

    id: str
    service: str
    description: str
    terraform: tuple[str, ...]
    terraform_parts: tuple[str, ...]
    cloudformation: tuple[str, ...]
    cloudformation_parts: tuple[str, ...]
    attributes: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Region:
    """An AWS region with the country and jurisdictions its data sits in."""

    code: str
    name: str
    partition: str
    country: str
    jurisdictions: tuple[str, ...]
    opt_in: bool


@dataclass(frozen=True, slots=True)
class SharedControl:
    """A control the shared responsibility model names as shared, inherited or customer-specific."""

    id: str
    name: str
    kind: SharedControlKind
    description: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    """The whole catalog, with indexes by id."""

    ownership: Mapping[Category, Mapping[Layer, OwnershipCell]]
    services: Mapping[str, Service]
    resource_types: Mapping[str, ResourceType]
    regions: Mapping[str, Region]
    shared_controls: tuple[SharedControl, ...]
    region_sources: tuple[str, ...] = ()
    _by_native_type: Mapping[str, ResourceType] = field(default_factory=dict, repr=False)

    def type_for_native(self, native_type: str) -> ResourceType | None:
        """The canonical type a Terraform or CloudFormation type becomes, or None."""
        return self._by_native_type.get(native_type)
