"""How template YAML becomes marked nodes: short-form tags as their long form, names kept as
written, duplicate keys refused, JSON scalars typed as JSON. Shared by every loader class."""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from srmap.sources.cloudformation._nodes import DictNode, ListNode, Mark, StrNode

__all__ = ["TEMPLATE_CONSTRUCTORS", "json_scalar_tag", "mark_of"]

_MERGE_TAG = "tag:yaml.org,2002:merge"
_SHORT_FORMS = {
    "Ref": "Ref",
    "Condition": "Condition",
    **{
        name: f"Fn::{name}"
        for name in (
            "And",
            "Base64",
            "Cidr",
            "Equals",
            "FindInMap",
            "GetAZs",
            "GetAtt",
            "If",
            "ImportValue",
            "Join",
            "Length",
            "Not",
            "Or",
            "Select",
            "Split",
            "Sub",
            "ToJsonString",
            "Transform",
        )
    },
}

# How many leading arguments of each function are names (of conditions, resources, map keys),
# which YAML 1.1 would otherwise turn into booleans (`Condition: On`, `Ref: NO`).
_NAME_ARGUMENTS = {"Ref": 1, "Condition": 1, "Fn::If": 1, "Fn::GetAtt": 2, "Fn::FindInMap": 3}


def mark_of(node: yaml.Node) -> Mark:
    """The 1-based position where a YAML node starts."""
    return Mark(line=node.start_mark.line + 1, column=node.start_mark.column + 1)


def _wrong_kind(node: yaml.Node, what: str) -> ConstructorError:
    return ConstructorError(None, None, f"{node.tag} needs {what}", node.start_mark)


def _construct_str(loader: SafeConstructor, node: yaml.Node) -> StrNode:
    if not isinstance(node, yaml.ScalarNode):
        raise _wrong_kind(node, "a scalar")
    return StrNode(loader.construct_scalar(node), mark_of(node))


def _mapping_key(node: yaml.Node) -> StrNode:
    """Keys are names in CloudFormation, so a plain `NO` or `1.10` key stays that text."""
    if not isinstance(node, yaml.ScalarNode) or node.tag.startswith("!"):
        raise ConstructorError(None, None, "mapping keys must be plain strings", node.start_mark)
    return StrNode(node.value, mark_of(node))


def _reject_duplicate_keys(node: yaml.MappingNode) -> None:
    first_lines: dict[str, int] = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE_TAG:
            continue
        if key_node.value in first_lines:
            problem = (
                f"duplicate key {key_node.value!r} (first at line {first_lines[key_node.value]})"
            )
            raise ConstructorError(None, None, problem, key_node.start_mark)
        first_lines[key_node.value] = key_node.start_mark.line + 1


def _construct_map(loader: SafeConstructor, node: yaml.Node) -> DictNode:
    if not isinstance(node, yaml.MappingNode):
        raise _wrong_kind(node, "a mapping")
    _reject_duplicate_keys(node)
    loader.flatten_mapping(node)
    result = DictNode(mark_of(node))
    for key_node, value_node in node.value:
        key = _mapping_key(key_node)
        result[key] = _construct_argument(loader, key, value_node)
    return result


def _construct_seq(loader: SafeConstructor, node: yaml.Node) -> ListNode:
    if not isinstance(node, yaml.SequenceNode):
        raise _wrong_kind(node, "a sequence")
    result = ListNode(mark_of(node))
    result.extend(loader.construct_object(child, deep=True) for child in node.value)
    return result


def _is_untagged_scalar(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and not node.tag.startswith("!")


def _construct_names_first(
    loader: SafeConstructor, node: yaml.SequenceNode, names: int
) -> ListNode:
    """A sequence whose first `names` plain scalars are names, kept as written."""
    result = ListNode(mark_of(node))
    for index, child in enumerate(node.value):
        if index < names and _is_untagged_scalar(child):
            result.append(StrNode(child.value, mark_of(child)))
        else:
            result.append(loader.construct_object(child, deep=True))
    return result


def _construct_argument(loader: SafeConstructor, key: str, node: yaml.Node) -> Any:
    """A mapping value; where an intrinsic expects names, `NO` or `On` stay text."""
    names = _NAME_ARGUMENTS.get(key, 0)
    if names and _is_untagged_scalar(node):
        return StrNode(node.value, mark_of(node))
    if names and isinstance(node, yaml.SequenceNode):
        return _construct_names_first(loader, node, names)
    return loader.construct_object(node, deep=True)


def _construct_short_form(loader: SafeConstructor, node: yaml.Node) -> DictNode:
    """`!Sub x` becomes the long form `{"Fn::Sub": x}`, marked where the tag was written."""
    function = _SHORT_FORMS[node.tag[1:]]
    if isinstance(node, yaml.ScalarNode):
        argument: Any = _construct_str(loader, node)
    elif isinstance(node, yaml.SequenceNode):
        argument = _construct_names_first(loader, node, _NAME_ARGUMENTS.get(function, 0))
    else:
        argument = _construct_map(loader, node)
    result = DictNode(mark_of(node))
    result[StrNode(function, mark_of(node))] = argument
    return result


def _guarded(construct: Any) -> Any:
    """A SafeConstructor scalar method that reports bad text (`!!int abc`) as a YAML error."""

    def construct_checked(loader: SafeConstructor, node: yaml.Node) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, KeyError, TypeError, IndexError) as error:
            problem = f"{node.tag} cannot hold {node.value!r}"
            raise ConstructorError(None, None, problem, node.start_mark) from error

    return construct_checked


def _reject_tag(loader: SafeConstructor, node: yaml.Node) -> Any:
    raise ConstructorError(None, None, f"unsupported YAML tag {node.tag}", node.start_mark)


TEMPLATE_CONSTRUCTORS: dict[Any, Any] = {
    **SafeConstructor.yaml_constructors,
    "tag:yaml.org,2002:str": _construct_str,
    "tag:yaml.org,2002:map": _construct_map,
    "tag:yaml.org,2002:seq": _construct_seq,
    # YAML 1.1 reads unquoted 2010-09-09 as a date; CloudFormation means the text.
    "tag:yaml.org,2002:timestamp": _construct_str,
    **{
        f"tag:yaml.org,2002:{kind}": _guarded(
            SafeConstructor.yaml_constructors[f"tag:yaml.org,2002:{kind}"]
        )
        for kind in ("int", "float", "bool")
    },
    "tag:yaml.org,2002:binary": _reject_tag,
    "tag:yaml.org,2002:set": _reject_tag,
    "tag:yaml.org,2002:omap": _reject_tag,
    "tag:yaml.org,2002:pairs": _reject_tag,
    **{f"!{tag}": _construct_short_form for tag in _SHORT_FORMS},
}

_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?P<float>\.[0-9]+)?(?P<exp>[eE][-+]?[0-9]+)?$")
_CONTAINER_TAGS = {
    yaml.MappingNode: "tag:yaml.org,2002:map",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
}


def json_scalar_tag(_loader: object, kind: Any, value: Any, implicit: Any) -> str:
    """The tag JSON gives a node: plain scalars are numbers, true, false or null; quoted is text."""
    if kind in _CONTAINER_TAGS:
        return _CONTAINER_TAGS[kind]
    number = _JSON_NUMBER.match(value) if implicit[0] else None
    if number:
        is_float = number.group("float") or number.group("exp")
        return "tag:yaml.org,2002:float" if is_float else "tag:yaml.org,2002:int"
    if implicit[0] and value in ("true", "false"):
        return "tag:yaml.org,2002:bool"
    if implicit[0] and value == "null":
        return "tag:yaml.org,2002:null"
    return "tag:yaml.org,2002:str"
