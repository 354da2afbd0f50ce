"""Evaluate parsed HCL expressions to plain values, UNKNOWN where a plan would be needed."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from srmap.model import UNKNOWN, Reference, UnsetVariable
from srmap.sources.terraform_hcl._ast import (
    Binary,
    Call,
    Conditional,
    ForExpr,
    GetAttr,
    Index,
    Literal,
    Name,
    Node,
    ObjectExpr,
    Splat,
    Template,
    TupleExpr,
    Unary,
)
from srmap.sources.terraform_hcl._functions import call_function, format_number
from srmap.sources.terraform_hcl._operators import apply_binary, apply_unary

__all__ = [
    "Env",
    "LazyObject",
    "ResourceGroup",
    "ResourceInstance",
    "VariableScope",
    "evaluate",
    "finalize",
    "index_suffix",
    "reference_of",
    "unset_variable_of",
]


class LazyObject(ABC):
    """A value whose attributes are computed on demand (a resource instance, a namespace)."""

    @abstractmethod
    def get_attr(self, name: str) -> Any:
        """The attribute's value, or UNKNOWN."""


class VariableScope(LazyObject):
    """``var`` or ``local``: names that may stand for an input variable nothing sets."""

    @abstractmethod
    def unset_variable(self, name: str) -> UnsetVariable | None:
        """The unset variable ``name`` is nothing but, or None."""


class ResourceInstance(LazyObject):
    """One resource instance; reading its attributes records its address as a reference."""

    address: str
    # False for a resource referred to but not declared: nothing can be joined to it.
    declared: bool = True


class ResourceGroup(ABC):
    """All instances of one resource block; referencing it records its address."""

    address: str
    declared: bool = True

    @abstractmethod
    def instance(self, key: object) -> Any:
        """The instance at a count index or for_each key, or UNKNOWN."""

    @abstractmethod
    def collection(self) -> Any:
        """One instance, a list (count), a map (for_each), or UNKNOWN."""


@dataclass(frozen=True, slots=True)
class Env:
    """What names mean where an expression is evaluated; ``refs`` collects resource addresses."""

    resolve_root: Callable[[str, Env], Any]
    bindings: Mapping[str, Any] = field(default_factory=dict)
    refs: set[str] = field(default_factory=set)

    def bind(self, extra: Mapping[str, Any]) -> Env:
        """The same environment with more local names (each, count, for variables)."""
        return replace(self, bindings={**self.bindings, **extra})


def index_suffix(key: object) -> str:
    """``[0]`` or ``["key"]`` as Terraform writes instance keys."""
    if isinstance(key, str):
        return f"[{json.dumps(key)}]"
    return f"[{key}]"


def finalize(value: Any) -> Any:
    """Plain data for output: lazy objects become UNKNOWN, tuples become lists."""
    if isinstance(value, LazyObject | ResourceGroup):
        return UNKNOWN
    if isinstance(value, Mapping):
        return {str(key): finalize(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [finalize(item) for item in value]
    return value


def evaluate(node: Node, env: Env) -> Any:
    """The value of node in env; a resource reference yields its instance collection."""
    value = _evaluate_raw(node, env)
    if isinstance(value, ResourceGroup):
        if value.declared:
            env.refs.add(value.address)
        return value.collection()
    return value


def reference_of(node: Node, env: Env) -> Reference | None:
    """A Reference when ``node`` is nothing but a managed resource's attribute (``aws_kms_key.
    logs.arn``), so an UNKNOWN value is known to be that resource's, known after apply."""
    node = _bare(node)
    if not isinstance(node, GetAttr):
        return None
    owner = evaluate(node.obj, replace(env, refs=set()))
    if not isinstance(owner, ResourceInstance) or owner.address.split(".")[0] == "data":
        return None
    if ".data." in owner.address:
        return None
    return Reference(owner.address, node.name)


def unset_variable_of(node: Node, env: Env) -> UnsetVariable | None:
    """An UnsetVariable when ``node`` is nothing but an input variable that nothing sets
    (``var.name``, or a local or module input that is nothing but one), so every use of it is
    known to be the same value."""
    node = _bare(node)
    if not isinstance(node, GetAttr):
        return None
    scope = evaluate(node.obj, replace(env, refs=set()))
    return scope.unset_variable(node.name) if isinstance(scope, VariableScope) else None


def _bare(node: Node) -> Node:
    """The expression itself for ``"${expression}"``, which Terraform reads as it."""
    if isinstance(node, Template) and len(node.parts) == 1 and not isinstance(node.parts[0], str):
        return node.parts[0]
    return node


def _evaluate_raw(node: Node, env: Env) -> Any:
    """Dispatch on the node type; anything unmodelled is UNKNOWN."""
    handler = _HANDLERS.get(type(node))
    if handler is None:
        return UNKNOWN
    return handler(node, env)


def _literal(node: Literal, env: Env) -> Any:
    return node.value


def _template(node: Template, env: Env) -> Any:
    bare = _bare(node)
    if bare is not node:
        return evaluate(bare, env)
    pieces = [part if isinstance(part, str) else evaluate(part, env) for part in node.parts]
    text: list[str] = []
    for piece in pieces:
        converted = _template_text(piece)
        if converted is UNKNOWN:
            return UNKNOWN
        text.append(converted)
    return "".join(text)


def _template_text(value: Any) -> Any:
    """A primitive converted for string interpolation, or UNKNOWN."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, str):
        return value
    return UNKNOWN


def _name(node: Name, env: Env) -> Any:
    if node.name in env.bindings:
        return env.bindings[node.name]
    try:
        return env.resolve_root(node.name, env)
    except KeyError:
        return UNKNOWN


def _get_attr(node: GetAttr, env: Env) -> Any:
    obj = evaluate(node.obj, env)
    if isinstance(obj, ResourceInstance) and obj.declared:
        # Reached through each.value or a for-expression rather than by name.
        env.refs.add(obj.address)
    return attribute_of(obj, node.name)


def attribute_of(value: Any, name: str) -> Any:
    """``value.name`` for maps and lazy objects; UNKNOWN otherwise."""
    if isinstance(value, LazyObject):
        return value.get_attr(name)
    if isinstance(value, Mapping):
        return value.get(name, UNKNOWN)
    return UNKNOWN


def _index(node: Index, env: Env) -> Any:
    container = _evaluate_raw(node.obj, env)
    key = evaluate(node.key, env)
    if isinstance(container, ResourceGroup):
        known = isinstance(key, str | int) and not isinstance(key, bool)
        if container.declared:
            env.refs.add(container.address + (index_suffix(key) if known else ""))
        return container.instance(key) if known else UNKNOWN
    return _item(container, key)


def _item(container: Any, key: Any) -> Any:
    """``container[key]`` for lists and maps; UNKNOWN when absent or ill-typed."""
    if isinstance(container, list | tuple) and isinstance(key, int | float | str):
        try:
            position = int(key)
        except ValueError:
            return UNKNOWN
        return container[position] if 0 <= position < len(container) else UNKNOWN
    if isinstance(container, Mapping) and isinstance(key, str | int):
        return container.get(str(key), UNKNOWN)
    return UNKNOWN


def _splat(node: Splat, env: Env) -> Any:
    source = evaluate(node.obj, env)
    if source is UNKNOWN:
        return UNKNOWN
    if source is None:
        return []
    items = list(source) if isinstance(source, list | tuple) else [source]
    result = []
    for item in items:
        value = item
        for name in node.path:
            value = attribute_of(value, name)
        result.append(value)
    return result


def _call(node: Call, env: Env) -> Any:
    args = [evaluate(arg, env) for arg in node.args]
    if node.expand and args:
        spread = args.pop()
        if not isinstance(spread, list | tuple):
            return UNKNOWN
        args.extend(spread)
    return call_function(node.name, args)


def _unary(node: Unary, env: Env) -> Any:
    return apply_unary(node.op, evaluate(node.operand, env))


def _binary(node: Binary, env: Env) -> Any:
    left, right = evaluate(node.left, env), evaluate(node.right, env)
    return apply_binary(node.op, left, right)


def _conditional(node: Conditional, env: Env) -> Any:
    cond = evaluate(node.cond, env)
    if isinstance(cond, bool):
        return evaluate(node.then if cond else node.otherwise, env)
    # Still walk both branches so the references they make are recorded.
    evaluate(node.then, env)
    evaluate(node.otherwise, env)
    return UNKNOWN


def _tuple(node: TupleExpr, env: Env) -> Any:
    return [evaluate(item, env) for item in node.items]


def _object(node: ObjectExpr, env: Env) -> Any:
    result: dict[str, Any] = {}
    for key_node, value_node in node.items:
        key = _template_text(evaluate(key_node, env))
        value = evaluate(value_node, env)
        if key is UNKNOWN:
            return UNKNOWN
        result[key] = value
    return result


def _for(node: ForExpr, env: Env) -> Any:
    collection = evaluate(node.collection, env)
    if isinstance(collection, Mapping):
        pairs: list[tuple[Any, Any]] = [(key, collection[key]) for key in sorted(collection)]
    elif isinstance(collection, list | tuple):
        pairs = list(enumerate(collection))
    else:
        return UNKNOWN
    results: list[tuple[Any, Any]] = []
    for key, value in pairs:
        names = {node.value_var: value}
        if node.key_var is not None:
            names[node.key_var] = key
        inner = env.bind(names)
        keep = True if node.cond is None else evaluate(node.cond, inner)
        if not isinstance(keep, bool):
            return UNKNOWN
        if keep:
            out_key = None if node.key is None else evaluate(node.key, inner)
            results.append((out_key, evaluate(node.value, inner)))
    return _for_result(node, results)


def _for_result(node: ForExpr, results: list[tuple[Any, Any]]) -> Any:
    """A list, a map, or a grouped map from the for-expression's produced pairs."""
    if node.key is None:
        return [value for _, value in results]
    mapping: dict[str, Any] = {}
    for key, value in results:
        if not isinstance(key, str):
            return UNKNOWN
        if node.grouped:
            mapping.setdefault(key, []).append(value)
        elif key in mapping:
            return UNKNOWN
        else:
            mapping[key] = value
    return mapping


_HANDLERS: dict[type, Callable[[Any, Env], Any]] = {
    Literal: _literal,
    Template: _template,
    Name: _name,
    GetAttr: _get_attr,
    Index: _index,
    Splat: _splat,
    Call: _call,
    Unary: _unary,
    Binary: _binary,
    Conditional: _conditional,
    TupleExpr: _tuple,
    ObjectExpr: _object,
    ForExpr: _for,
}
