"""Raw resources as a parser hands them to normalization, and what normalization makes of them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from srmap.catalog import load_catalog
from srmap.model import Resource, SourceLocation, Unknown
from srmap.sources.normalize import Inventory, default_registry, normalize_resources
from srmap.sources.raw import Dialect, RawResource

__all__ = [
    "attributes",
    "cfn",
    "declared_attributes",
    "inventory_of",
    "normalized",
    "raw_resource",
    "tf",
]

REGION = "eu-west-1"
_FILES = {Dialect.TERRAFORM: "main.tf", Dialect.CLOUDFORMATION: "template.yaml"}


def raw_resource(
    address: str,
    native_type: str,
    values: Mapping[str, Any],
    *,
    dialect: Dialect = Dialect.TERRAFORM,
    region: str | Unknown = REGION,
    account: str | Unknown | None = None,
    line: int = 1,
    **references: tuple[str, ...],
) -> RawResource:
    """A raw resource read at ``line`` of its dialect's file; keywords left over are references."""
    location = SourceLocation(_FILES[dialect], line)
    return RawResource(
        address, native_type, dialect, values, region, location, account, references=references
    )


def tf(
    address: str,
    values: Mapping[str, Any],
    *,
    region: str | Unknown = REGION,
    account: str | Unknown | None = None,
    line: int = 1,
    **references: tuple[str, ...],
) -> RawResource:
    """A Terraform resource whose native type is the first part of its address."""
    native_type = address.split(".", maxsplit=1)[0]
    return raw_resource(
        address, native_type, values, region=region, account=account, line=line, **references
    )


def cfn(
    logical_id: str,
    native_type: str,
    values: Mapping[str, Any],
    *,
    region: str | Unknown = REGION,
    account: str | Unknown | None = None,
    line: int = 1,
    **references: tuple[str, ...],
) -> RawResource:
    """A CloudFormation resource of a template."""
    return raw_resource(
        logical_id,
        native_type,
        values,
        dialect=Dialect.CLOUDFORMATION,
        region=region,
        account=account,
        line=line,
        **references,
    )


def inventory_of(raws: Sequence[RawResource]) -> Inventory:
    """What the default normalizers make of ``raws`` with the shipped catalog."""
    return normalize_resources(raws, load_catalog(), default_registry())


def normalized(*raws: RawResource) -> dict[str, Resource]:
    """The normalized resources of ``raws``, by id."""
    return {resource.id: resource for resource in inventory_of(raws).resources}


def attributes(*raws: RawResource, of: str | None = None) -> dict[str, Any]:
    """The normalized attributes of resource ``of``, by default the first raw's."""
    return dict(normalized(*raws)[of or raws[0].address].attributes)


def declared_attributes(*raws: RawResource, of: str) -> dict[str, Any]:
    """The attributes of resource ``of``, checked against the catalog's declared names."""
    found = normalized(*raws)[of]
    declared = load_catalog().resource_types[found.type].attributes
    assert set(found.attributes) == set(declared)
    return dict(found.attributes)
