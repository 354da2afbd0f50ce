"""Read template text safely (YAML 1.1 with CloudFormation short-form tags, or JSON) into marked
nodes, within size, alias-expansion and nesting limits. Errors name the file and line."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, ClassVar

import yaml
from yaml.constructor import ConstructorError

from srmap.errors import InputError
from srmap.sources.cloudformation._nodes import DictNode, ListNode, Mark, StrNode

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "MAX_NODES", "load_template"]

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_NODES = 1_000_000
MAX_DEPTH = 150

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


def _mark(node: yaml.Node) -> Mark:
    return Mark(line=node.start_mark.line + 1, column=node.start_mark.column + 1)


def _joined_surrogates(text: str) -> str:
    """JSON escapes astral characters as surrogate pairs, which YAML leaves split."""
    if not any("\ud800" <= char <= "\udfff" for char in text):
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _wrong_kind(node: yaml.Node, what: str) -> ConstructorError:
    return ConstructorError(None, None, f"{node.tag} needs {what}", node.start_mark)


def _construct_str(loader: yaml.SafeLoader, node: yaml.Node) -> StrNode:
    if not isinstance(node, yaml.ScalarNode):
        raise _wrong_kind(node, "a scalar")
    return StrNode(_joined_surrogates(loader.construct_scalar(node)), _mark(node))


def _mapping_key(node: yaml.Node) -> StrNode:
    """Keys are names in CloudFormation, so a plain `NO` or `1.10` key stays that text."""
    if not isinstance(node, yaml.ScalarNode) or node.tag.startswith("!"):
        raise ConstructorError(None, None, "mapping keys must be plain strings", node.start_mark)
    return StrNode(_joined_surrogates(node.value), _mark(node))


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


def _construct_map(loader: yaml.SafeLoader, node: yaml.Node) -> DictNode:
    if not isinstance(node, yaml.MappingNode):
        raise _wrong_kind(node, "a mapping")
    _reject_duplicate_keys(node)
    loader.flatten_mapping(node)
    result = DictNode(_mark(node))
    for key_node, value_node in node.value:
        key = _mapping_key(key_node)
        result[key] = _construct_argument(loader, key, value_node)
    return result


def _construct_seq(loader: yaml.SafeLoader, node: yaml.Node) -> ListNode:
    if not isinstance(node, yaml.SequenceNode):
        raise _wrong_kind(node, "a sequence")
    result = ListNode(_mark(node))
    result.extend(loader.construct_object(child, deep=True) for child in node.value)
    return result


def _is_untagged_scalar(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and not node.tag.startswith("!")


def _construct_names_first(
    loader: yaml.SafeLoader, node: yaml.SequenceNode, names: int
) -> ListNode:
    """A sequence whose first `names` plain scalars are names, kept as written."""
    result = ListNode(_mark(node))
    for index, child in enumerate(node.value):
        if index < names and _is_untagged_scalar(child):
            result.append(StrNode(_joined_surrogates(child.value), _mark(child)))
        else:
            result.append(loader.construct_object(child, deep=True))
    return result


def _construct_argument(loader: yaml.SafeLoader, key: str, node: yaml.Node) -> Any:
    """A mapping value; where an intrinsic expects names, `NO` or `On` stay text."""
    names = _NAME_ARGUMENTS.get(key, 0)
    if names and _is_untagged_scalar(node):
        return StrNode(_joined_surrogates(node.value), _mark(node))
    if names and isinstance(node, yaml.SequenceNode):
        return _construct_names_first(loader, node, names)
    return loader.construct_object(node, deep=True)


def _construct_short_form(loader: yaml.SafeLoader, node: yaml.Node) -> DictNode:
    """`!Sub x` becomes the long form `{"Fn::Sub": x}`, marked where the tag was written."""
    function = _SHORT_FORMS[node.tag[1:]]
    if isinstance(node, yaml.ScalarNode):
        argument: Any = _construct_str(loader, node)
    elif isinstance(node, yaml.SequenceNode):
        argument = _construct_names_first(loader, node, _NAME_ARGUMENTS.get(function, 0))
    else:
        argument = _construct_map(loader, node)
    result = DictNode(_mark(node))
    result[StrNode(function, _mark(node))] = argument
    return result


def _guarded(construct: Any) -> Any:
    """A SafeConstructor scalar method that reports bad text (`!!int abc`) as a YAML error."""

    def construct_checked(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, KeyError, TypeError, IndexError) as error:
            problem = f"{node.tag} cannot hold {node.value!r}"
            raise ConstructorError(None, None, problem, node.start_mark) from error

    return construct_checked


def _reject_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    raise ConstructorError(None, None, f"unsupported YAML tag {node.tag}", node.start_mark)


class TemplateLoader(yaml.SafeLoader):
    """YAML 1.1 safe loading into marked nodes. Values keep YAML 1.1 typing (`yes` is True),
    as CloudFormation's own parser does; dates stay text; keys are always text."""

    yaml_constructors: ClassVar[dict[Any, Any]] = {
        **yaml.SafeLoader.yaml_constructors,
        "tag:yaml.org,2002:str": _construct_str,
        "tag:yaml.org,2002:map": _construct_map,
        "tag:yaml.org,2002:seq": _construct_seq,
        "tag:yaml.org,2002:timestamp": _construct_str,
        **{
            f"tag:yaml.org,2002:{kind}": _guarded(
                yaml.SafeLoader.yaml_constructors[f"tag:yaml.org,2002:{kind}"]
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


class JsonTemplateLoader(TemplateLoader):
    """The same nodes from JSON text (already validated as JSON), with JSON's scalar typing."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """Type plain scalars as JSON does: numbers, true, false, null; quoted ones are text."""
        if kind is not yaml.ScalarNode:
            return str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]
        number = _JSON_NUMBER.match(value) if implicit[0] else None
        if number:
            is_float = number.group("float") or number.group("exp")
            return "tag:yaml.org,2002:float" if is_float else "tag:yaml.org,2002:int"
        if implicit[0] and value in ("true", "false"):
            return "tag:yaml.org,2002:bool"
        if implicit[0] and value == "null":
            return "tag:yaml.org,2002:null"
        return "tag:yaml.org,2002:str"


def _input_error(file: str, error: yaml.YAMLError) -> InputError:
    if isinstance(error, yaml.MarkedYAMLError):
        message = " ".join(part for part in (error.context, error.problem) if part)
        mark = error.problem_mark or error.context_mark
        return InputError(file, message or "invalid YAML", mark.line + 1 if mark else None)
    return InputError(file, f"invalid YAML: {error}")


def _node_children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _check_expansion(root: yaml.Node, file: str) -> None:
    """Count nodes as aliases would expand them, so an alias bomb is refused before it grows."""
    measured: dict[int, tuple[int, int]] = {}
    open_nodes: set[int] = set()

    def measure(node: yaml.Node, depth: int) -> tuple[int, int]:
        known = measured.get(id(node))
        if known is None:
            if id(node) in open_nodes:
                raise InputError(file, "recursive YAML alias", _mark(node).line)
            if depth > MAX_DEPTH:
                raise InputError(file, f"nested deeper than {MAX_DEPTH} levels", _mark(node).line)
            open_nodes.add(id(node))
            size, height = 1, 0
            for child in _node_children(node):
                child_size, child_height = measure(child, depth + 1)
                size, height = size + child_size, max(height, child_height + 1)
                if size > MAX_NODES:
                    message = f"more than {MAX_NODES} nodes once YAML aliases are expanded"
                    raise InputError(file, message, _mark(node).line)
            open_nodes.discard(id(node))
            known = measured[id(node)] = (size, height)
        if depth + known[1] > MAX_DEPTH:
            raise InputError(file, f"nested deeper than {MAX_DEPTH} levels", _mark(node).line)
        return known

    measure(root, 0)


def _parse(text: str, file: str, loader_class: type[TemplateLoader]) -> Any:
    try:
        loader = loader_class(text)
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise InputError(file, f"unacceptable character #x{error.character:04x}", line) from error
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_expansion(node, file)
        return loader.construct_document(node)
    except yaml.YAMLError as error:
        raise _input_error(file, error) from error
    finally:
        loader.dispose()


def _read_text(path: Path) -> str:
    file = str(path)
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise InputError(file, f"cannot read template: {error.strerror or error}") from error
    if len(raw) > MAX_FILE_BYTES:
        raise InputError(file, f"larger than {MAX_FILE_BYTES} bytes; not read")
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        raise InputError(file, "binary content (NUL byte); not a template", line)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise InputError(file, "not UTF-8 text; not a template", line) from error


def _as_json(text: str, path: Path) -> str | None:
    """Text for the JSON loader when the file is JSON, None when it is YAML."""
    if path.suffix.lower() != ".json" and not text.lstrip().startswith("{"):
        return None
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        if path.suffix.lower() == ".json":
            raise InputError(str(path), f"invalid JSON: {error.msg}", error.lineno) from error
        return None
    # Valid JSON has raw tabs only as whitespace, where YAML refuses them.
    return text.replace("\t", " ")


def load_template(path: Path) -> Any:
    """The parsed document of a template file: marked nodes and plain scalars (None if empty)."""
    file = str(path)
    text = _read_text(path)
    try:
        json_text = _as_json(text, path)
        if json_text is not None:
            return _parse(json_text, file, JsonTemplateLoader)
        return _parse(text, file, TemplateLoader)
    except RecursionError as error:
        raise InputError(file, "nested too deeply to read") from error
