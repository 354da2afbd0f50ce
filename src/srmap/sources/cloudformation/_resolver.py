"""Evaluate a template's expressions with what is known before deployment: parameters, pseudo
parameters, mappings and conditions. Whatever depends on a live stack becomes UNKNOWN, and
every resource an expression points at is recorded as a reference."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from srmap.errors import InputError
from srmap.model import UNKNOWN, Reference, Unknown
from srmap.sources.cloudformation._conditions import evaluate
from srmap.sources.cloudformation._functions import FUNCTIONS
from srmap.sources.cloudformation._nodes import line_of
from srmap.sources.cloudformation._scope import NO_VALUE

__all__ = ["Resolver", "intrinsic_name"]

_ItemResolver = Callable[[Any, list[str]], Any]


def intrinsic_name(node: Mapping[str, Any]) -> str | None:
    """The function a one-key mapping calls (`Ref`, `Fn::...`), None for a plain mapping."""
    if len(node) != 1:
        return None
    (key,) = node
    return str(key) if key == "Ref" or str(key).startswith("Fn::") else None


class Resolver:
    """Resolves expressions of one template; remembers conditions it has evaluated."""

    def __init__(
        self,
        *,
        file: str,
        names: Mapping[str, Any],
        mappings: Mapping[str, Any],
        conditions: Mapping[str, Any],
        resources: frozenset[str],
    ) -> None:
        self.file = file
        self.names = names
        self.mappings = mappings
        self.resources = resources
        self._conditions = conditions
        self._condition_values: dict[str, bool | Unknown] = {}
        self._evaluating: set[str] = set()

    def error(self, where: object, message: str) -> InputError:
        """An InputError at the line `where` was read from."""
        return InputError(self.file, message, line_of(where))

    def resolve(self, value: Any, refs: list[str]) -> Any:
        """Plain data for a parsed value; resource names it refers to are appended to refs."""
        if isinstance(value, dict):
            function = intrinsic_name(value)
            if function is None:
                return self._resolve_mapping(value, refs)
            return self._call(function, value, refs)
        if isinstance(value, list):
            return self._resolve_list(value, refs)
        if isinstance(value, str):
            return str(value)
        return value

    def resolve_property(self, value: Any, refs: list[str]) -> Any:
        """Like resolve, for a resource property: a value that is nothing but a Ref or GetAtt of
        a resource of this template becomes a Reference to it (known after deployment)."""
        if isinstance(value, list):
            return self._resolve_list(value, refs, self.resolve_property)
        if not isinstance(value, dict):
            return self.resolve(value, refs)
        function = intrinsic_name(value)
        if function is None:
            return self._resolve_mapping(value, refs, self.resolve_property)
        resolved = self._call(function, value, refs)
        reference = self._resource_reference(function, value[function])
        return reference if reference is not None and resolved is UNKNOWN else resolved

    def _resource_reference(self, function: str, argument: Any) -> Reference | None:
        if function == "Ref" and isinstance(argument, str) and argument in self.resources:
            return Reference(str(argument))
        if function != "Fn::GetAtt":
            return None
        if isinstance(argument, str) and "." in argument:
            logical_id, attribute = argument.split(".", 1)
        elif isinstance(argument, list) and len(argument) == 2:
            logical_id, attribute = argument
        else:
            return None
        if logical_id in self.resources and isinstance(attribute, str):
            return Reference(str(logical_id), str(attribute))
        return None

    def _resolve_mapping(
        self, node: Mapping[str, Any], refs: list[str], item_of: _ItemResolver | None = None
    ) -> dict[str, Any]:
        resolved: dict[str, Any] = {}
        for key, item in node.items():
            if item is None:
                raise self.error(
                    key, f"{key!r} is null; CloudFormation does not accept null values"
                )
            value = (item_of or self.resolve)(item, refs)
            if value is not NO_VALUE:
                resolved[str(key)] = value
        return resolved

    def _resolve_list(
        self, node: list[Any], refs: list[str], item_of: _ItemResolver | None = None
    ) -> list[Any]:
        resolved: list[Any] = []
        for item in node:
            if item is None:
                raise self.error(
                    node, "a list holds null; CloudFormation does not accept null values"
                )
            value = (item_of or self.resolve)(item, refs)
            if value is not NO_VALUE:
                resolved.append(value)
        return resolved

    def _call(self, function: str, node: Mapping[str, Any], refs: list[str]) -> Any:
        handler = FUNCTIONS.get(function)
        if handler is None:
            # Fn::ImportValue, Fn::GetAZs, Fn::Cidr, Fn::Transform ...: only a stack knows.
            self.resolve(node[function], refs)
            return UNKNOWN
        return handler(self, node[function], node, refs)

    def ref(self, name: Any, where: object, refs: list[str]) -> Any:
        """What `Ref: name` gives: a parameter's value, or UNKNOWN for a resource's id."""
        if not isinstance(name, str):
            raise self.error(where, "Ref takes the name of a parameter or resource")
        if name in self.names:
            return self.names[name]
        if name in self.resources:
            refs.append(str(name))
        # Names that are not declared may be made by a transform (SAM); not known here.
        return UNKNOWN

    def condition(self, name: Any, where: object) -> bool | Unknown:
        """The value of a named condition, evaluated once."""
        if not isinstance(name, str):
            raise self.error(where, "a condition is named by a string")
        if name in self._condition_values:
            return self._condition_values[name]
        if name not in self._conditions:
            raise self.error(name if line_of(name) else where, f"condition {name!r} is not defined")
        if name in self._evaluating:
            raise self.error(
                name if line_of(name) else where, f"condition {name!r} depends on itself"
            )
        self._evaluating.add(name)
        value = evaluate(self, self._conditions[name])
        self._evaluating.discard(name)
        self._condition_values[name] = value
        return value
