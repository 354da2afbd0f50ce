"""Read ``.tf`` and ``.tfvars`` files into blocks of parsed expressions; bad input is InputError."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hcl2
from hcl2 import SerializationOptions
from hcl2.rules.base import BlockRule
from lark.exceptions import LarkError, UnexpectedInput

from srmap.errors import InputError
from srmap.sources.terraform_hcl._ast import Literal, Node, ObjectExpr, TupleExpr, Unsupported
from srmap.sources.terraform_hcl._lexer import scan_string
from srmap.sources.terraform_hcl._parser import ExprSyntaxError, parse_expression

__all__ = ["MAX_FILE_BYTES", "Body", "NestedBlock", "TopBlock", "read_config", "read_tfvars"]

MAX_FILE_BYTES = 20 * 1024 * 1024
_BLOCK_MARK = "__is_block__"


@dataclass(frozen=True, slots=True)
class NestedBlock:
    """A block inside another block (``versioning { ... }``, ``dynamic "x" { ... }``)."""

    type: str
    labels: tuple[str, ...]
    body: Body


@dataclass(frozen=True, slots=True)
class Body:
    """The attributes (as expressions) and nested blocks of one block, in source order."""

    attributes: Mapping[str, Node]
    blocks: tuple[NestedBlock, ...]


@dataclass(frozen=True, slots=True)
class TopBlock:
    """A top-level block of a ``.tf`` file with where it starts."""

    type: str
    labels: tuple[str, ...]
    body: Body
    file: Path
    line: int


def read_config(path: Path) -> list[TopBlock]:
    """Parse one ``.tf`` file into its top-level blocks."""
    tree = _parse(path, _read_text(path))
    options = SerializationOptions(with_comments=False, preserve_heredocs=False)
    blocks: list[TopBlock] = []
    try:
        for child in tree.body.children:
            if not isinstance(child, BlockRule):
                continue
            labels = tuple(_unquote(label.serialize(options)) for label in child.labels)
            body = to_body(child.body.serialize(options))
            # python-hcl2 keeps the Lark position only on the rule's _meta; with_meta is a no-op.
            line = child._meta.line
            blocks.append(TopBlock(labels[0], labels[1:], body, path, line))
    except RecursionError as error:
        raise InputError(str(path), "expressions nested too deeply") from error
    except (RuntimeError, ValueError, TypeError, AttributeError) as error:
        raise InputError(str(path), f"cannot read HCL: {_first_line(error)}") from error
    return blocks


def read_tfvars(path: Path) -> dict[str, Node]:
    """Variable assignments of a ``.tfvars`` (HCL) or ``.tfvars.json`` file."""
    text = _read_text(path)
    if path.name.endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(str(path), f"invalid JSON: {error.msg}", error.lineno) from error
        if not isinstance(data, dict):
            raise InputError(str(path), "a .tfvars.json file must hold one JSON object")
        return {str(key): _json_node(value) for key, value in data.items()}
    options = SerializationOptions(with_comments=False, preserve_heredocs=False)
    try:
        serialized = _parse(path, text).serialize(options)
    except RecursionError as error:
        raise InputError(str(path), "expressions nested too deeply") from error
    except (RuntimeError, ValueError, TypeError, AttributeError) as error:
        raise InputError(str(path), f"cannot read HCL: {_first_line(error)}") from error
    return {key: to_node(value) for key, value in serialized.items() if not key.startswith("__")}


def _read_text(path: Path) -> str:
    """The file's text, refusing oversized, binary and non-UTF-8 files."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(str(path), f"file is larger than {MAX_FILE_BYTES} bytes")
        data = path.read_bytes()
    except OSError as error:
        raise InputError(str(path), f"cannot read file: {error.strerror}") from error
    if b"\x00" in data:
        raise InputError(str(path), "binary file, not HCL text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(str(path), "file is not UTF-8 text", line) from error


def _parse(path: Path, text: str) -> Any:
    """The python-hcl2 rule tree of text, or InputError with the failing line."""
    try:
        return hcl2.parses(text)
    except UnexpectedInput as error:
        line = error.line if isinstance(error.line, int) and error.line > 0 else None
        raise InputError(str(path), _syntax_message(error), line) from error
    except RecursionError as error:
        raise InputError(str(path), "expressions nested too deeply") from error
    except (LarkError, RuntimeError, ValueError, TypeError) as error:
        raise InputError(str(path), f"invalid HCL: {_first_line(error)}") from error


def _syntax_message(error: UnexpectedInput) -> str:
    """A short description of a parse error: the offending text and its column."""
    token = getattr(error, "token", None)
    near = f" near {str(token)[:30]!r}" if token is not None else ""
    column = f" at column {error.column}" if isinstance(error.column, int) else ""
    return f"invalid HCL{near}{column}"


def _first_line(error: BaseException) -> str:
    """The first line of an exception's message, for one-line errors."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _unquote(text: str) -> str:
    """A block label or object key without its quotes."""
    if len(text) >= 2 and text.startswith('"') and text.endswith('"'):
        parts, _ = scan_string(text, 1)
        return "".join(part.text for part in parts)
    return text


def _is_block_list(value: object) -> bool:
    """True for the list python-hcl2 makes of one block type's occurrences."""
    return isinstance(value, list) and bool(value) and all(_is_block_item(item) for item in value)


def _is_block_item(item: object) -> bool:
    """A block body, or a label mapping down to one."""
    if not isinstance(item, dict):
        return False
    if item.get(_BLOCK_MARK) is True:
        return True
    return len(item) == 1 and _is_block_item(next(iter(item.values())))


def to_body(serialized: Mapping[str, Any]) -> Body:
    """Split a serialized block body into attribute expressions and nested blocks."""
    attributes: dict[str, Node] = {}
    blocks: list[NestedBlock] = []
    for key, value in serialized.items():
        if key.startswith("__"):
            continue
        if _is_block_list(value):
            blocks.extend(_nested(key, item, ()) for item in value)
        else:
            attributes[key] = to_node(value)
    return Body(attributes, tuple(blocks))


def _nested(block_type: str, item: Mapping[str, Any], labels: tuple[str, ...]) -> NestedBlock:
    """A nested block, peeling label levels until the body."""
    if item.get(_BLOCK_MARK) is True:
        return NestedBlock(block_type, labels, to_body(item))
    label, inner = next(iter(item.items()))
    return _nested(block_type, inner, (*labels, _unquote(label)))


def to_node(value: Any) -> Node:
    """The expression a serialized attribute value stands for; unparsable text is Unsupported."""
    if isinstance(value, dict):
        items = tuple((_key_node(key), to_node(item)) for key, item in value.items())
        return ObjectExpr(items)
    if isinstance(value, list):
        return TupleExpr(tuple(to_node(item) for item in value))
    if value is None or isinstance(value, bool | int | float):
        return Literal(value)
    return _expression(str(value))


def _key_node(key: str) -> Node:
    """An object key: bare names are strings, quoted and ``${}`` keys are expressions."""
    if key.startswith(('"', "${")):
        return _expression(key)
    return Literal(key)


def _expression(text: str) -> Node:
    """Parse serialized expression text (``"..."``, ``${...}`` or a bare name)."""
    source = text[2:-1] if text.startswith("${") and text.endswith("}") else text
    try:
        return parse_expression(source)
    except (ExprSyntaxError, RecursionError, ValueError, IndexError) as error:
        return Unsupported(f"cannot parse expression: {error}")


def _json_node(value: Any) -> Node:
    """A JSON value as a literal expression (no interpolation in .tfvars.json)."""
    if isinstance(value, dict):
        return ObjectExpr(tuple((Literal(str(k)), _json_node(v)) for k, v in value.items()))
    if isinstance(value, list):
        return TupleExpr(tuple(_json_node(item) for item in value))
    return Literal(value)
