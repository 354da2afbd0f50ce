"""The plan's `configuration` block: provider configurations and regions, and each resource's
references."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from srmap.model import UNKNOWN, Unknown
from srmap.sources.terraform_plan._address import reference_targets
from srmap.sources.terraform_plan._load import Shapes

__all__ = ["Configuration", "ConfiguredResource"]

ModulePath = tuple[str, ...]

_VARIABLE = re.compile(r"var\.([A-Za-z_][\w-]*)")
_NO_REFERENCES: Mapping[str, tuple[str, ...]] = MappingProxyType({})


class ConfiguredResource(NamedTuple):
    """What the configuration says about one resource block, shared by all its instances."""

    provider_key: str | None
    # Read-only: the root module's instances share it as their RawResource.references.
    references: Mapping[str, tuple[str, ...]]
    expressions: Mapping[str, Any]


class Configuration:
    """Indexes over `configuration`: resource blocks, module calls and provider blocks."""

    def __init__(self, configuration: object, variables: object, shapes: Shapes) -> None:
        self._shapes = shapes
        self._resources: dict[tuple[ModulePath, str], ConfiguredResource] = {}
        self._modules: dict[ModulePath, dict[str, Any]] = {}
        self._calls: dict[ModulePath, dict[str, Any]] = {}
        self._regions: dict[tuple[ModulePath, str], str | Unknown] = {}
        self._regions_by_key: dict[tuple[ModulePath, str], str | Unknown] = {}
        self._configurations: dict[tuple[ModulePath, str], str | None] = {}
        self._targets_of: dict[tuple[object, ...], tuple[str, ...]] = {}
        self._variables = shapes.optional_mapping(variables, "variables")
        body = shapes.optional_mapping(configuration, "configuration")
        self._providers = self._index_providers(body.get("provider_config"))
        if body.get("root_module") is not None:
            self._index_module(body["root_module"], (), "configuration.root_module")

    def resource(self, module_path: ModulePath, address: str) -> ConfiguredResource | None:
        """The resource block at a configuration address (no instance keys) in a module."""
        return self._resources.get((module_path, address))

    def region_for_key(self, module_path: ModulePath, provider_key: str) -> str | Unknown:
        """The region of the provider a resource's provider_config_key names."""
        cache_key = (module_path, provider_key)
        if cache_key not in self._regions_by_key:
            self._regions_by_key[cache_key] = self.region_in_module(
                *_module_and_local(module_path, provider_key)
            )
        return self._regions_by_key[cache_key]

    def configuration_for_key(self, module_path: ModulePath, provider_key: str) -> str | None:
        """The provider configuration a provider_config_key resolves to, keyed as Terraform keys
        it (``aws.prod``, ``module.app:aws``); None when it cannot be followed."""
        cache_key = (module_path, provider_key)
        if cache_key not in self._configurations:
            home = self._home(*_module_and_local(module_path, provider_key))
            self._configurations[cache_key] = None if home is None else _configuration_key(*home)
        return self._configurations[cache_key]

    def region_in_module(self, module_path: ModulePath, local: str) -> str | Unknown:
        """The region of provider `local` (`aws` or `aws.east`) as seen from a module."""
        cache_key = (module_path, local)
        if cache_key not in self._regions:
            self._regions[cache_key] = self._resolve_region(module_path, local)
        return self._regions[cache_key]

    def _resolve_region(self, module_path: ModulePath, local: str) -> str | Unknown:
        """The region argument of the block that configures a provider seen from a module."""
        home = self._home(module_path, local)
        entry = None if home is None else self._configured_entry(*home)
        if home is None or entry is None:
            return UNKNOWN
        return self._evaluate(entry["expressions"].get("region"), home[0])

    def _home(self, module_path: ModulePath, local: str) -> tuple[ModulePath, str] | None:
        """Follow a provider from a module up to the module and name of the block that
        configures it; the root's default configuration needs no block."""
        if self._configured_entry(module_path, local) is not None or not module_path:
            return module_path, local
        parent = module_path[:-1]
        passed = self._calls.get(module_path, {}).get("providers")
        if isinstance(passed, dict) and isinstance(passed.get(local), str):
            return self._home(parent, passed[local])
        if "." not in local:
            # A default (unaliased) provider is inherited from the calling module.
            return self._home(parent, local)
        return None

    def _configured_entry(self, module_path: ModulePath, local: str) -> dict[str, Any] | None:
        """A provider block with arguments (one without is a proxy for the caller's)."""
        entry = self._provider_entry(module_path, local)
        return entry if entry is not None and isinstance(entry.get("expressions"), dict) else None

    def _provider_entry(self, module_path: ModulePath, local: str) -> dict[str, Any] | None:
        """The provider_config entry for a provider in a module, in new or old key style."""
        if not module_path:
            return self._providers.get(local)
        new_style = "module." + ".module.".join(module_path) + ":" + local
        entry = self._providers.get(new_style)
        if entry is None:
            # Terraform 0.12 keyed module providers by the module call name alone.
            entry = self._providers.get(f"{module_path[-1]}:{local}")
        return entry

    def _evaluate(self, expression: object, module_path: ModulePath) -> str | Unknown:
        """A string constant, or a variable followed through module calls to its value."""
        if not isinstance(expression, dict):
            return UNKNOWN
        constant = expression.get("constant_value")
        if isinstance(constant, str) and constant:
            return constant
        name = _variable_name(expression.get("references"))
        if name is None:
            return UNKNOWN
        if not module_path:
            variable = self._variables.get(name)
            value = variable.get("value") if isinstance(variable, dict) else None
            return value if isinstance(value, str) and value else UNKNOWN
        arguments = self._calls.get(module_path, {}).get("expressions")
        if isinstance(arguments, dict) and name in arguments:
            return self._evaluate(arguments[name], module_path[:-1])
        return self._module_default(module_path, name)

    def _module_default(self, module_path: ModulePath, name: str) -> str | Unknown:
        """The default of a module variable its caller did not set."""
        declared = self._modules.get(module_path, {}).get("variables")
        variable = declared.get(name) if isinstance(declared, dict) else None
        default = variable.get("default") if isinstance(variable, dict) else None
        return default if isinstance(default, str) and default else UNKNOWN

    def _index_providers(self, providers: object) -> dict[str, dict[str, Any]]:
        """provider_config by key, each entry checked to be an object."""
        where = "configuration.provider_config"
        entries = self._shapes.optional_mapping(providers, where)
        for key, entry in entries.items():
            self._shapes.mapping(entry, f"{where}.{key}")
        return entries

    def _index_module(self, module: object, module_path: ModulePath, where: str) -> None:
        """Index one module's resource blocks and module calls, then its children."""
        body = self._shapes.mapping(module, where)
        self._modules[module_path] = body
        resources = self._shapes.optional_sequence(body.get("resources"), f"{where}.resources")
        for position, resource in enumerate(resources):
            self._index_resource(resource, module_path, f"{where}.resources[{position}]")
        calls = self._shapes.optional_mapping(body.get("module_calls"), f"{where}.module_calls")
        for name, call in calls.items():
            call_where = f"{where}.module_calls.{name}"
            call_body = self._shapes.mapping(call, call_where)
            self._calls[(*module_path, name)] = call_body
            child = call_body.get("module")
            if child is not None:
                self._index_module(child, (*module_path, name), f"{call_where}.module")

    def _index_resource(self, resource: object, module_path: ModulePath, where: str) -> None:
        """Index one resource block: its provider key and top-level references."""
        body = self._shapes.mapping(resource, where)
        # Shapes is called only to raise: the JSON path is spelled out only for an error.
        address = body.get("address")
        if not isinstance(address, str) or not address:
            address = self._shapes.text(address, f"{where}.address")
        key = body.get("provider_config_key")
        if key is not None and (not isinstance(key, str) or not key):
            key = self._shapes.text(key, f"{where}.provider_config_key")
        expressions = body.get("expressions")
        if not isinstance(expressions, dict):
            expressions = self._shapes.optional_mapping(expressions, f"{where}.expressions")
        each = body.get("for_each_expression")
        each_targets = () if each is None else reference_targets(_collect_references(each))
        references: dict[str, tuple[str, ...]] = {}
        for attribute, expression in expressions.items():
            if _is_literal(expression):
                continue  # the common case, and it joins nothing
            # References inside nested blocks count for the top-level attribute holding them.
            found = _collect_references(expression)
            if not found:
                continue
            targets = self._targets(found)
            if each_targets and any(str(r).startswith("each.value") for r in found):
                # `for_each = aws_s3_bucket.logs` + `bucket = each.value.id`: the instance
                # with the same key of the collection iterated over.
                targets = tuple(dict.fromkeys((*targets, *each_targets)))
            if targets:
                references[attribute] = targets
        shared = MappingProxyType(references) if references else _NO_REFERENCES
        self._resources[(module_path, address)] = ConfiguredResource(key, shared, expressions)

    def _targets(self, references: list[object]) -> tuple[str, ...]:
        """reference_targets, once per distinct reference list (parts repeat their primary's)."""
        key = tuple(references)
        try:
            return self._targets_of[key]
        except KeyError:
            targets = self._targets_of[key] = reference_targets(references)
            return targets
        except TypeError:  # an object or array among them: unhashable, and names nothing
            return reference_targets(references)


def _module_and_local(module_path: ModulePath, provider_key: str) -> tuple[ModulePath, str]:
    """A provider_config_key (``aws.east``, ``module.app:aws``) as a module path and local name."""
    if ":" not in provider_key:
        return (), provider_key
    prefix, local = provider_key.rsplit(":", 1)
    if prefix.startswith("module."):
        module_path = tuple(step.split("[", 1)[0] for step in prefix.split(".")[1::2])
    return module_path, local


def _configuration_key(module_path: ModulePath, local: str) -> str:
    """``aws.east`` for the root's provider, ``module.app.module.db:aws`` for a module's."""
    return f"module.{'.module.'.join(module_path)}:{local}" if module_path else local


def _is_literal(expression: object) -> bool:
    """Whether an expression is a constant and nothing else."""
    return isinstance(expression, dict) and len(expression) == 1 and "constant_value" in expression


def _collect_references(expression: object, found: list[object] | None = None) -> list[object]:
    """Every reference in an expression object, including those in nested block lists."""
    found = [] if found is None else found
    if isinstance(expression, dict):
        references = expression.get("references")
        if isinstance(references, list):
            found += references
        else:
            for key, value in expression.items():
                if key != "constant_value":  # literal data: a map with "references" is not one
                    _collect_references(value, found)
    elif isinstance(expression, list):
        for item in expression:
            _collect_references(item, found)
    return found


def _variable_name(references: object) -> str | None:
    """The variable an expression reads, when all it reads is one whole variable."""
    if not isinstance(references, list) or not references:
        return None
    names: set[str] = set()
    for reference in references:
        match = _VARIABLE.fullmatch(reference) if isinstance(reference, str) else None
        if match is None:
            return None
        names.add(match.group(1))
    return names.pop() if len(names) == 1 else None
