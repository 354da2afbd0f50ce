"""The shared responsibility model as data: ownership, services, resource types, regions."""

from srmap.catalog.loader import build_catalog, load_catalog
from srmap.catalog.schema import (
    Catalog,
    Override,
    OwnershipCell,
    Region,
    ResourceType,
    Scope,
    Service,
    SharedControl,
    SharedControlKind,
    Variant,
)

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
    "build_catalog",
    "load_catalog",
]
