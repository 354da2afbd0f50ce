"""Read one CloudFormation template into raw resources: parse, resolve what can be known
before deployment, leave out resources whose condition is false."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from srmap.errors import InputError
from srmap.model import UNKNOWN, ProviderAccount, SourceLocation, Unknown
from srmap.sources.cloudformation._loader import load_template
from srmap.sources.cloudformation._nodes import line_of
from srmap.sources.cloudformation._resolver import Resolver
from srmap.sources.cloudformation._sam import global_properties, uses_sam, with_globals
from srmap.sources.cloudformation._scope import NO_VALUE, parameter_values, pseudo_parameters
from srmap.sources.raw import Dialect, RawResource

__all__ = ["read_template"]


@dataclass(frozen=True, slots=True)
class _Template:
    """What every resource of one template is read with."""

    file: str
    region: str | Unknown
    resolver: Resolver
    sam_defaults: Mapping[str, Mapping[str, Any]]
    # One template deploys as one stack, into one account (which it does not name).
    account: ProviderAccount


def _section(document: Mapping[str, Any], name: str, file: str) -> Mapping[str, Any]:
    value = document.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(file, f"{name} must be a mapping", line_of(value) or line_of(document))
    return value


def _resources_of(document: Any, file: str) -> Mapping[str, Any]:
    if not isinstance(document, dict):
        raise InputError(file, "not a CloudFormation template: not a mapping", line_of(document))
    resources = document.get("Resources")
    if not isinstance(resources, dict):
        where = line_of(resources) or line_of(document)
        raise InputError(file, "not a CloudFormation template: no Resources mapping", where)
    return resources


def _template(
    document: Mapping[str, Any],
    resources: Mapping[str, Any],
    file: str,
    region: str | None,
    given: Mapping[str, str],
) -> _Template:
    names = {
        **parameter_values(document.get("Parameters"), given, file),
        **pseudo_parameters(region),
    }
    resolver = Resolver(
        file=file,
        names=names,
        mappings=_section(document, "Mappings", file),
        conditions=_section(document, "Conditions", file),
        resources=frozenset(str(name) for name in resources),
    )
    defaults = global_properties(document, file) if uses_sam(document) else {}
    known_region = UNKNOWN if region is None else region
    return _Template(file, known_region, resolver, defaults, ProviderAccount(file, ""))


def _resolve_properties(
    template: _Template, properties: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, tuple[str, ...]]]:
    values: dict[str, Any] = {}
    references: dict[str, tuple[str, ...]] = {}
    for name, expression in properties.items():
        if expression is None:
            message = f"property {name!r} is null; CloudFormation does not accept null values"
            raise InputError(template.file, message, line_of(name))
        refs: list[str] = []
        value = template.resolver.resolve_property(expression, refs)
        if value is NO_VALUE:
            continue
        values[str(name)] = value
        if refs:
            references[str(name)] = tuple(dict.fromkeys(refs))
    return values, references


def _properties_of(
    template: _Template, logical_id: str, body: Mapping[str, Any]
) -> Mapping[str, Any]:
    properties = body.get("Properties")
    if properties is None:
        properties = {}
    if not isinstance(properties, dict):
        message = f"Properties of {logical_id!r} must be a mapping"
        raise InputError(template.file, message, line_of(properties) or line_of(logical_id))
    defaults = template.sam_defaults.get(body["Type"])
    return properties if defaults is None else with_globals(defaults, properties)


def _read_resource(template: _Template, logical_id: str, body: Any) -> RawResource | None:
    if logical_id.startswith("Fn::ForEach::"):
        # Loops of the LanguageExtensions transform are expanded by CloudFormation, not here.
        return None
    if not isinstance(body, dict) or not isinstance(body.get("Type"), str):
        message = f"resource {logical_id!r} needs a mapping with a string Type"
        raise InputError(template.file, message, line_of(logical_id))
    # A resource whose condition is unknown is kept: it may well be deployed.
    if "Condition" in body and template.resolver.condition(body["Condition"], body) is False:
        return None
    values, references = _resolve_properties(template, _properties_of(template, logical_id, body))
    return RawResource(
        address=str(logical_id),
        native_type=str(body["Type"]),
        dialect=Dialect.CLOUDFORMATION,
        values=values,
        region=template.region,
        location=SourceLocation(file=template.file, line=line_of(logical_id)),
        account=template.account,
        references=references,
    )


def read_template(
    path: Path, *, region: str | None = None, parameters: Mapping[str, str] | None = None
) -> list[RawResource]:
    """The resources of a CloudFormation template (YAML or JSON), in template order.

    ``region`` and ``parameters`` are what a deployment would supply; what neither they nor
    the template establish is UNKNOWN. Raises InputError naming the file (and line) on bad input.
    """
    file = str(path)
    document = load_template(path)
    try:
        resources = _resources_of(document, file)
        template = _template(document, resources, file, region, parameters or {})
        read = (_read_resource(template, name, body) for name, body in resources.items())
        return [resource for resource in read if resource is not None]
    except RecursionError as error:
        raise InputError(file, "nested too deeply to resolve") from error
