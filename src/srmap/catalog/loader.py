"""Read the catalog's TOML files into validated, frozen records (once, on first use)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any, TypeVar

from srmap.catalog.data_files import DATA_DIRECTORY, read_data_file
from srmap.catalog.fields import Table
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
from srmap.errors import CatalogError
from srmap.model import Category, Layer, Owner

__all__ = ["DATA_DIRECTORY", "build_catalog", "load_catalog", "read_data_file"]

DataReader = Callable[[str], Mapping[str, Any]]


@cache
def load_catalog() -> Catalog:
    """The packaged catalog, validated on first call and cached."""
    return build_catalog(read_data_file)


def build_catalog(read: DataReader) -> Catalog:
    """Validate the catalog files that ``read`` returns; raises CatalogError naming file and key."""
    ownership = _ownership(Table("ownership.toml", "", read("ownership.toml")))
    services = _index("service", _services(Table("services.toml", "", read("services.toml"))))
    types_table = Table("resource_types.toml", "", read("resource_types.toml"))
    resource_types = _resource_types(types_table, services)
    regions_table = Table("regions.toml", "", read("regions.toml"))
    regions = _index("region", _regions(regions_table))
    shared_table = Table("shared_controls.toml", "", read("shared_controls.toml"))
    shared = tuple(_shared_controls(shared_table))
    return Catalog(
        ownership=ownership,
        services=services,
        resource_types=resource_types,
        regions=regions,
        shared_controls=shared,
        region_sources=regions_table.urls("sources"),
        _by_native_type=_native_index(resource_types),
    )


def _ownership(root: Table) -> dict[Category, dict[Layer, OwnershipCell]]:
    table = root.table("ownership")
    table.check_keys({c.value for c in Category})
    result: dict[Category, dict[Layer, OwnershipCell]] = {}
    for category in Category:
        row = table.table(category.value)
        row.check_keys({layer.value for layer in Layer})
        result[category] = {}
        for layer in Layer:
            cell = row.table(layer.value)
            cell.check_keys({"owner", "reason", "source"})
            result[category][layer] = OwnershipCell(
                owner=cell.choice("owner", Owner),
                reason=cell.text("reason"),
                source=cell.url("source"),
            )
    return result


def _override(table: Table) -> Override:
    table.check_keys({"layer", "owner", "reason", "source"})
    return Override(
        layer=table.choice("layer", Layer),
        owner=table.choice("owner", Owner),
        reason=table.text("reason"),
        source=table.url("source"),
    )


def _overrides(table: Table, field: str) -> tuple[Override, ...]:
    overrides = tuple(_override(t) for t in table.tables(field))
    seen: set[Layer] = set()
    for index, override in enumerate(overrides):
        if override.layer in seen:
            raise table.fail(f"{field}[{index}].layer", f"{override.layer} is overridden twice")
        seen.add(override.layer)
    return overrides


def _variant(table: Table) -> Variant:
    table.check_keys({"id", "name", "override"})
    return Variant(
        id=table.text("id"), name=table.text("name"), overrides=_overrides(table, "override")
    )


_SERVICE_KEYS = {
    "id",
    "name",
    "category",
    "category_basis",
    "scope",
    "boto3_client",
    "customer_duties",
    "aws_says_nothing",
    "sources",
    "override",
    "variant",
}


def _services(root: Table) -> Iterable[tuple[Table, Service]]:
    for table in root.tables("service", required=True):
        table.check_keys(_SERVICE_KEYS)
        yield (
            table,
            Service(
                id=table.text("id"),
                name=table.text("name"),
                category=table.choice("category", Category),
                category_basis=table.text("category_basis"),
                scope=table.choice("scope", Scope),
                boto3_client=table.optional_text("boto3_client"),
                customer_duties=table.texts("customer_duties"),
                sources=table.urls("sources"),
                overrides=_overrides(table, "override"),
                variants=tuple(_variant(t) for t in table.tables("variant")),
                aws_says_nothing=table.text("aws_says_nothing", ""),
            ),
        )


def _resource_types(root: Table, services: Mapping[str, Service]) -> dict[str, ResourceType]:
    result: dict[str, ResourceType] = {}
    keys = {"service", "description", "terraform", "terraform_parts", "cloudformation"}
    keys |= {"cloudformation_parts", "attributes"}
    for type_id, table in root.table("type").items():
        table.check_keys(keys)
        service = table.text("service")
        if service not in services:
            raise table.fail("service", f"{service!r} is not a service of services.toml")
        attributes = table.table("attributes")
        result[type_id] = ResourceType(
            id=type_id,
            service=service,
            description=table.text("description"),
            terraform=table.texts("terraform", required=False),
            terraform_parts=table.texts("terraform_parts", required=False),
            cloudformation=table.texts("cloudformation", required=False),
            cloudformation_parts=table.texts("cloudformation_parts", required=False),
            attributes={name: attributes.text(name) for name in attributes.data},
        )
    return result


def _regions(root: Table) -> Iterable[tuple[Table, Region]]:
    for table in root.tables("region", required=True):
        table.check_keys({"code", "name", "partition", "country", "jurisdictions", "opt_in"})
        country = table.text("country")
        if len(country) != 2 or not country.isupper():
            raise table.fail("country", f"{country!r} is not an ISO 3166 alpha-2 code")
        yield (
            table,
            Region(
                code=table.text("code"),
                name=table.text("name"),
                partition=table.text("partition"),
                country=country,
                jurisdictions=table.texts("jurisdictions", required=False),
                opt_in=table.flag("opt_in"),
            ),
        )


def _shared_controls(root: Table) -> Iterable[SharedControl]:
    for table in root.tables("control", required=True):
        table.check_keys({"id", "name", "kind", "description", "sources"})
        yield SharedControl(
            id=table.text("id"),
            name=table.text("name"),
            kind=table.choice("kind", SharedControlKind),
            description=table.text("description"),
            sources=table.urls("sources"),
        )


Entry = TypeVar("Entry", Service, Region)


def _index(what: str, entries: Iterable[tuple[Table, Entry]]) -> dict[str, Entry]:
    result: dict[str, Entry] = {}
    for table, entry in entries:
        key = entry.id if isinstance(entry, Service) else entry.code
        if key in result:
            field = "id" if isinstance(entry, Service) else "code"
            raise table.fail(field, f"duplicate {what} {key!r}")
        result[key] = entry
    return result


def _native_index(resource_types: Mapping[str, ResourceType]) -> dict[str, ResourceType]:
    index: dict[str, ResourceType] = {}
    for resource_type in resource_types.values():
        for native in (*resource_type.terraform, *resource_type.cloudformation):
            if native in index:
                raise CatalogError(
                    "resource_types.toml",
                    f"type.{resource_type.id}",
                    f"{native} already maps to {index[native].id}",
                )
            index[native] = resource_type
    return index
