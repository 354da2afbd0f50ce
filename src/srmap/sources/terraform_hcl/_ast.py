"""Syntax tree of the HCL expression subset the evaluator understands."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Binary",
    "Call",
    "Conditional",
    "ForExpr",
    "GetAttr",
    "Index",
    "Literal",
    "Name",
    "Node",
    "ObjectExpr",
    "Splat",
    "Template",
    "TupleExpr",
    "Unary",
    "Unsupported",
]


@dataclass(frozen=True, slots=True)
class Literal:
    """A constant: string, number, bool or null."""

    value: str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class Template:
    """A quoted string: literal text and interpolated expressions, in order."""

    parts: tuple[str | Node, ...]


@dataclass(frozen=True, slots=True)
class Name:
    """A root identifier such as ``var``, ``local`` or ``aws_s3_bucket``."""

    name: str


@dataclass(frozen=True, slots=True)
class GetAttr:
    """``obj.name``."""

    obj: Node
    name: str


@dataclass(frozen=True, slots=True)
class Index:
    """``obj[key]``."""

    obj: Node
    key: Node


@dataclass(frozen=True, slots=True)
class Splat:
    """``obj[*].a.b``: the attribute path applied to every element of ``obj``."""

    obj: Node
    path: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Call:
    """A function call; ``expand`` marks a trailing ``...`` argument."""

    name: str
    args: tuple[Node, ...]
    expand: bool = False


@dataclass(frozen=True, slots=True)
class Unary:
    """``!x`` or ``-x``."""

    op: str
    operand: Node


@dataclass(frozen=True, slots=True)
class Binary:
    """An arithmetic, comparison or logical operation."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Conditional:
    """``cond ? then : otherwise``."""

    cond: Node
    then: Node
    otherwise: Node


@dataclass(frozen=True, slots=True)
class TupleExpr:
    """``[a, b, ...]``."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class ObjectExpr:
    """``{k = v, ...}``; bare identifier keys are string literals."""

    items: tuple[tuple[Node, Node], ...]


@dataclass(frozen=True, slots=True)
class ForExpr:
    """``[for k, v in coll : value if cond]`` or ``{for ... : key => value}``."""

    key_var: str | None
    value_var: str
    collection: Node
    key: Node | None
    value: Node
    cond: Node | None
    grouped: bool = False


@dataclass(frozen=True, slots=True)
class Unsupported:
    """A construct the evaluator does not model (template directives); always UNKNOWN."""

    reason: str


Node = (
    Literal
    | Template
    | Name
    | GetAttr
    | Index
    | Splat
    | Call
    | Unary
    | Binary
    | Conditional
    | TupleExpr
    | ObjectExpr
    | ForExpr
    | Unsupported
)
