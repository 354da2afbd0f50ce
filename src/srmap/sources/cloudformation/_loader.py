"""Read template text safely (YAML 1.1 with CloudFormation short-form tags, or JSON) into marked
nodes, within size, alias-expansion and nesting limits. Errors name the file and line."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, ClassVar

import yaml

from srmap.errors import InputError
from srmap.gc_pause import collector_paused
from srmap.sources.cloudformation._constructors import (
    TEMPLATE_CONSTRUCTORS,
    json_scalar_tag,
    mark_of,
)

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "MAX_NODES", "load_template"]

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_NODES = 1_000_000
MAX_DEPTH = 150

# A \uD83D\uDE00 escape pair not itself escaped (preceded by an even run of backslashes).
_SURROGATE_PAIR = re.compile(
    r"(?<!\\)(?P<backslashes>(?:\\\\)*)"
    r"\\u(?P<high>[dD][89abAB][0-9a-fA-F]{2})\\u(?P<low>[dD][c-fC-F][0-9a-fA-F]{2})"
)


class TemplateLoader(yaml.SafeLoader):
    """YAML 1.1 safe loading into marked nodes, in pure Python. Values keep YAML 1.1 typing
    (`yes` is True), as CloudFormation's own parser does; dates stay text; keys are text."""

    yaml_constructors: ClassVar[dict[Any, Any]] = TEMPLATE_CONSTRUCTORS


class JsonTemplateLoader(TemplateLoader):
    """The same nodes from JSON text (already validated as JSON), with JSON's scalar typing."""

    resolve = json_scalar_tag


def _loader_class(json_text: bool) -> type[Any]:
    """The loader for the text: on libyaml's parser when PyYAML was built with it (much faster)."""
    try:
        # Optional: PyYAML may be built without libyaml, and then this import fails.
        from srmap.sources.cloudformation import _cloader  # noqa: PLC0415
    except ImportError:
        return JsonTemplateLoader if json_text else TemplateLoader
    return _cloader.CJsonTemplateLoader if json_text else _cloader.CTemplateLoader


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
                raise InputError(file, "recursive YAML alias", mark_of(node).line)
            if depth > MAX_DEPTH:
                raise InputError(file, f"nested deeper than {MAX_DEPTH} levels", mark_of(node).line)
            open_nodes.add(id(node))
            size, height = 1, 0
            for child in _node_children(node):
                child_size, child_height = measure(child, depth + 1)
                size, height = size + child_size, max(height, child_height + 1)
                if size > MAX_NODES:
                    message = f"more than {MAX_NODES} nodes once YAML aliases are expanded"
                    raise InputError(file, message, mark_of(node).line)
            open_nodes.discard(id(node))
            known = measured[id(node)] = (size, height)
        if depth + known[1] > MAX_DEPTH:
            raise InputError(file, f"nested deeper than {MAX_DEPTH} levels", mark_of(node).line)
        return known

    measure(root, 0)


def _refuse_unprintable(text: str, file: str) -> None:
    """YAML refuses control characters; found here, both parsers report the same line."""
    found = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        raise InputError(file, f"unacceptable character #x{ord(found.group()):04x}", line)


def _parse(text: str, file: str, json_text: bool) -> Any:
    _refuse_unprintable(text, file)
    loader = _loader_class(json_text)(text)
    try:
        with collector_paused():
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


def _joined_pair(match: re.Match[str]) -> str:
    high, low = int(match.group("high"), 16), int(match.group("low"), 16)
    return match.group("backslashes") + chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))


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
    # Valid JSON has raw tabs only as whitespace, where YAML refuses them; YAML has no
    # surrogate-pair escapes, so astral characters are written out.
    return _SURROGATE_PAIR.sub(_joined_pair, text.replace("\t", " "))


def load_template(path: Path) -> Any:
    """The parsed document of a template file: marked nodes and plain scalars (None if empty)."""
    file = str(path)
    text = _read_text(path)
    try:
        json_text = _as_json(text, path)
        if json_text is not None:
            return _parse(json_text, file, json_text=True)
        return _parse(text, file, json_text=False)
    except RecursionError as error:
        raise InputError(file, "nested too deeply to read") from error
