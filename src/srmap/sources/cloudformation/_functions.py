"""The intrinsic functions whose result can be known before deployment, each given the
resolver, its argument, the call node (for the line) and the reference list to extend."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from srmap.model import UNKNOWN
from srmap.sources.cloudformation._conditions import evaluate, operands
from srmap.sources.cloudformation._scope import scalar_text

if TYPE_CHECKING:
    from srmap.sources.cloudformation._resolver import Resolver

__all__ = ["FUNCTIONS"]

_PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")


def _ref(resolver: Resolver, argument: Any, node: Any, refs: list[str]) -> Any:
    return resolver.ref(argument, node, refs)


def _get_att(resolver: Resolver, argument: Any, node: Any, refs: list[str]) -> Any:
    if isinstance(argument, str) and "." in argument:
        logical_id = argument.split(".", 1)[0]
    elif isinstance(argument, list) and len(argument) == 2 and isinstance(argument[0], str):
        logical_id = argument[0]
        resolver.resolve(argument[1], refs)
    else:
        raise resolver.error(node, "Fn::GetAtt takes 'Resource.Attribute' or [Resource, Attribute]")
    if logical_id in resolver.resources:
        refs.append(str(logical_id))
    return UNKNOWN


def _sub_variable(
    resolver: Resolver, name: str, variables: dict[str, Any], node: Any, refs: list[str]
) -> Any:
    if name in variables:
        return variables[name]
    if "." in name and name not in resolver.names:
        return _get_att(resolver, name, node, refs)
    return resolver.ref(name, node, refs)


def _sub_parts(
    resolver: Resolver, argument: Any, node: Any, refs: list[str]
) -> tuple[str, dict[str, Any]]:
    if isinstance(argument, str):
        return str(argument), {}
    template, variables = operands(resolver, argument, node, "Fn::Sub", 2)
    if not isinstance(template, str) or not isinstance(variables, dict):
        raise resolver.error(node, "Fn::Sub takes a string, or [string, {name: value}]")
    return str(template), {
        str(key): resolver.resolve(value, refs) for key, value in variables.items()
    }


def _sub(resolver: Resolver, argument: Any, node: Any, refs: list[str]) -> Any:
    template, variables = _sub_parts(resolver, argument, node, refs)
    pieces: list[str] = []
    known = True
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        pieces.append(template[position : match.start()])
        position = match.end()
        name = match.group(1).strip()
        if name.startswith("!"):
            pieces.append("${" + match.group(1)[1:] + "}")
            continue
        text = scalar_text(_sub_variable(resolver, name, variables, node, refs))
        # Keep scanning after an unknown part: later placeholders may still name resources.
        known = known and text is not None
        pieces.append(text or "")
    pieces.append(template[position:])
    return "".join(pieces) if known else UNKNOWN


def _if(resolver: Resolver, argument: Any, node: Any, refs: list[str]) -> Any:
    name, when_true, when_false = operands(resolver, argument, node, "Fn::If", 3)
    value = resolver.condition(name, node)
    if value is True:
        return resolver.resolve(when_true, refs)
    if value is False:
        return resolver.resolve(when_false, refs)
    resolver.resolve(when_true, refs)
    resolver.resolve(when_false, refs)
    return UNKNOWN


def _join(resolver: Resolver, argument: Any, node: Any, refs: list[str]) -> Any:
    delimiter, items = operands(resolver, argument, node, "Fn::Join", 2)
    if not isinstance(delimiter, str):
        raise resolver.error(node, "Fn::Join takes a string delimiter")
    values = resolver.resolve(items, refs)
    if values is UNKNOWN:
        return UNKNOWN
    if not isinstance(values, list):
        raise resolver.error(node, "Fn::Join takes a list of values to join")
    if any(value is UNKNOWN for value in values):
        return UNKNOWN
    texts = [scalar_text(value) for value in values]
    if any(text is None for text in texts):
        raise resolver.error(node, "Fn::Join joins text values only")
    return str(delimiter).join(str(text) for text in texts)


def _select(resolver: Resolver, argument: Any, node: Any, refs: list[str]) -> Any:
    index_expression, items = operands(resolver, argument, node, "Fn::Select", 2)
    index = resolver.resolve(index_expression, refs)
    values = resolver.resolve(items, refs)
    if index is UNKNOWN or values is UNKNOWN:
        return UNKNOWN
    text = scalar_text(index)
    if isinstance(index, bool) or text is None or not re.fullmatch("[0-9]+", text):
        raise resolver.error(node, "Fn::Select takes a whole-number index")
    if not isinstance(values, list):
        raise resolver.error(node, "Fn::Select takes a list to select from")
    if int(text) >= len(values):
        raise resolver.error(node, f"Fn::Select index {text} is beyond a list of {len(values)}")
    return values[int(text)]


def _split(resolver: Resolver, argument: Any, node: Any, refs: list[str]) -> Any:
    delimiter, source = operands(resolver, argument, node, "Fn::Split", 2)
    if not isinstance(delimiter, str) or not delimiter:
        raise resolver.error(node, "Fn::Split takes a non-empty string delimiter")
    text = resolver.resolve(source, refs)
    if text is UNKNOWN:
        return UNKNOWN
    if not isinstance(text, str):
        raise resolver.error(node, "Fn::Split splits a string")
    return text.split(str(delimiter))


def _find_in_map(resolver: Resolver, argument: Any, node: Any, refs: list[str]) -> Any:
    if not isinstance(argument, list) or len(argument) not in (3, 4):
        raise resolver.error(node, "Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey]")
    keys = [resolver.resolve(key, refs) for key in argument[:3]]
    if any(key is UNKNOWN for key in keys):
        return UNKNOWN
    texts = [scalar_text(key) for key in keys]
    level: Any = resolver.mappings
    for text in texts:
        if not isinstance(level, dict) or text is None or text not in level:
            return _map_default(resolver, argument, node, refs, texts)
        level = level[text]
    return resolver.resolve(level, refs)


def _map_default(
    resolver: Resolver, argument: list[Any], node: Any, refs: list[str], keys: list[str | None]
) -> Any:
    default = argument[3] if len(argument) == 4 else None
    if isinstance(default, dict) and "DefaultValue" in default:
        return resolver.resolve(default["DefaultValue"], refs)
    raise resolver.error(node, f"Fn::FindInMap finds no entry for {'/'.join(map(str, keys))}")


def _base64(resolver: Resolver, argument: Any, node: Any, refs: list[str]) -> Any:
    value = resolver.resolve(argument, refs)
    if value is UNKNOWN or isinstance(value, str):
        # Kept as the plain text: what a control inspects is the content, not its encoding.
        return value
    raise resolver.error(node, "Fn::Base64 encodes a string")


def _condition_function(resolver: Resolver, argument: Any, node: Any, refs: list[str]) -> Any:
    return evaluate(resolver, node)


FUNCTIONS: dict[str, Callable[[Resolver, Any, Any, list[str]], Any]] = {
    "Ref": _ref,
    "Fn::GetAtt": _get_att,
    "Fn::Sub": _sub,
    "Fn::If": _if,
    "Fn::Join": _join,
    "Fn::Select": _select,
    "Fn::Split": _split,
    "Fn::FindInMap": _find_in_map,
    "Fn::Base64": _base64,
    "Fn::Equals": _condition_function,
    "Fn::And": _condition_function,
    "Fn::Or": _condition_function,
    "Fn::Not": _condition_function,
}
