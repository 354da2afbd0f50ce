"""The Terraform functions worth evaluating statically; any other call is UNKNOWN.

Every function here receives fully evaluated arguments. An UNKNOWN anywhere in the
arguments makes the result UNKNOWN (``contains_unknown``), except for the structural
functions (``length``, ``merge``, ``concat`` ...) which only need their arguments' shape and
carry unknown elements through, and ``try``/``coalesce`` which look at their arguments in
order. Wrong argument types return UNKNOWN, never raise.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from srmap.model import UNKNOWN

__all__ = ["call_function", "contains_unknown", "format_number", "to_json"]

_Function = Callable[[list[Any]], Any]


def contains_unknown(value: object) -> bool:
    """True when value is UNKNOWN, holds UNKNOWN at any depth, or is not plain data."""
    if value is UNKNOWN:
        return True
    if isinstance(value, Mapping):
        return any(contains_unknown(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(contains_unknown(item) for item in value)
    return not isinstance(value, str | int | float | bool | type(None))


def format_number(value: int | float) -> str:
    """A number as Terraform prints it: integral floats without a fraction."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def to_json(value: object) -> str:
    """Encode like Terraform's jsonencode: compact, sorted keys, HTML characters escaped."""
    text = json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def call_function(name: str, args: list[Any]) -> Any:
    """Apply a supported function, or return UNKNOWN."""
    if name in _ORDERED:
        return _ORDERED[name](args)
    function = _FUNCTIONS.get(name)
    if function is None:
        return UNKNOWN
    if name in _STRUCTURAL:
        if any(arg is UNKNOWN for arg in args):
            return UNKNOWN
    elif contains_unknown(args):
        return UNKNOWN
    try:
        return function(args)
    except (TypeError, ValueError, KeyError, IndexError, AttributeError, OverflowError):
        return UNKNOWN


def _try(args: list[Any]) -> Any:
    """First argument when known; an unknown first argument could be an error or a value."""
    return args[0] if args and not contains_unknown(args[0]) else UNKNOWN


def _coalesce(args: list[Any]) -> Any:
    """First argument that is neither null nor an empty string, stopping at an unknown."""
    for arg in args:
        if contains_unknown(arg):
            return UNKNOWN
        if arg is not None and arg != "":
            return arg
    return UNKNOWN


def _merge(args: list[Any]) -> dict[str, Any]:
    """Shallow merge of maps, later keys win."""
    merged: dict[str, Any] = {}
    for arg in args:
        if arg is None:
            continue
        if not isinstance(arg, Mapping):
            raise TypeError("merge takes maps")
        merged.update(arg)
    return merged


def _concat(args: list[Any]) -> list[Any]:
    """Lists joined in order."""
    joined: list[Any] = []
    for arg in args:
        joined.extend(_as_list(arg))
    return joined


def _as_list(value: Any) -> list[Any]:
    """A list or tuple as a list; anything else is a type error."""
    if not isinstance(value, list | tuple):
        raise TypeError("expected a list")
    return list(value)


def _distinct(args: list[Any]) -> list[Any]:
    """Elements without repeats, first occurrence kept."""
    distinct: list[Any] = []
    for item in _as_list(args[0]):
        if item not in distinct:
            distinct.append(item)
    return distinct


def _to_set(args: list[Any]) -> list[Any]:
    """Distinct elements; sorted when all are strings, as Terraform orders string sets."""
    distinct = _distinct(args)
    if all(isinstance(item, str) for item in distinct):
        return sorted(distinct)
    return distinct


def _lookup(args: list[Any]) -> Any:
    """``lookup(map, key, default)``."""
    mapping, key = args[0], args[1]
    if not isinstance(mapping, Mapping):
        raise TypeError("lookup takes a map")
    if key in mapping:
        return mapping[key]
    if len(args) > 2:
        return args[2]
    raise KeyError(key)


def _length(args: list[Any]) -> int:
    """Elements of a collection or characters of a string."""
    value = args[0]
    if isinstance(value, str | list | tuple | Mapping):
        return len(value)
    raise TypeError("length of a scalar")


def _format(args: list[Any]) -> str:
    """``format`` for the %s, %d and %% verbs only."""
    pattern, values = args[0], list(args[1:])
    if not isinstance(pattern, str):
        raise TypeError("format pattern")
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        verb = pattern[index + 1] if char == "%" and index + 1 < len(pattern) else ""
        if char != "%":
            out.append(char)
        elif verb == "%":
            out.append("%")
        elif verb in ("s", "d"):
            out.append(_stringify(values.pop(0)))
        else:
            raise ValueError("unsupported format verb")
        index += 1 if char != "%" else 2
    return "".join(out)


def _stringify(value: Any) -> str:
    """A primitive as Terraform converts it to a string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, str):
        return value
    raise TypeError("not a primitive")


def _join(args: list[Any]) -> str:
    """``join(separator, list...)``."""
    separator = args[0]
    items = [item for arg in args[1:] for item in _as_list(arg)]
    return str(separator).join(_stringify(item) for item in items)


def _element(args: list[Any]) -> Any:
    """``element(list, index)`` with wrap-around."""
    items = _as_list(args[0])
    return items[int(args[1]) % len(items)]


def _flatten(args: list[Any]) -> list[Any]:
    """Nested lists flattened."""
    flat: list[Any] = []
    for item in _as_list(args[0]):
        flat.extend(_flatten([item]) if isinstance(item, list | tuple) else [item])
    return flat


def _string_function(method: Callable[[str], str]) -> _Function:
    """Wrap a str method as a one-argument function."""

    def apply(args: list[Any]) -> str:
        if not isinstance(args[0], str):
            raise TypeError("expected a string")
        return method(args[0])

    return apply


def _identity(args: list[Any]) -> Any:
    """The single argument unchanged (type conversions we do not model further)."""
    return args[0]


def _keys(args: list[Any]) -> list[Any]:
    """Sorted keys of a map."""
    mapping = args[0]
    if not isinstance(mapping, Mapping):
        raise TypeError("keys of a non-map")
    return sorted(mapping)


def _values(args: list[Any]) -> list[Any]:
    """Values of a map in key order."""
    mapping = args[0]
    if not isinstance(mapping, Mapping):
        raise TypeError("values of a non-map")
    return [mapping[key] for key in sorted(mapping)]


def _compact(args: list[Any]) -> list[Any]:
    """A list without nulls and empty strings."""
    return [item for item in _as_list(args[0]) if item is not None and item != ""]


def _contains(args: list[Any]) -> bool:
    """Whether the list holds the value."""
    return args[1] in _as_list(args[0])


def _tolist(args: list[Any]) -> list[Any]:
    """A list or set as a list."""
    return _as_list(args[0])


def _tomap(args: list[Any]) -> dict[str, Any]:
    """A map or object as a map."""
    if not isinstance(args[0], Mapping):
        raise TypeError("tomap of a non-map")
    return dict(args[0])


def _jsondecode(args: list[Any]) -> Any:
    """Parse a JSON string."""
    return json.loads(args[0])


def _min_max(pick: Callable[[Sequence[Any]], Any]) -> _Function:
    """min or max over numbers."""
    return lambda args: pick([float(arg) if isinstance(arg, str) else arg for arg in args])


_ORDERED: dict[str, _Function] = {"try": _try, "coalesce": _coalesce}
# Functions that only rearrange their arguments: unknown elements pass through unchanged.
_STRUCTURAL = frozenset({"merge", "concat", "length", "element", "tolist", "tomap", "keys"})
_FUNCTIONS: dict[str, _Function] = {
    "jsonencode": lambda args: to_json(args[0]),
    "jsondecode": _jsondecode,
    "merge": _merge,
    "concat": _concat,
    "lookup": _lookup,
    "format": _format,
    "join": _join,
    "element": _element,
    "flatten": _flatten,
    "tolist": _tolist,
    "toset": _to_set,
    "tomap": _tomap,
    "tostring": lambda args: _stringify(args[0]),
    "tonumber": lambda args: args[0] if isinstance(args[0], int | float) else float(args[0]),
    "tobool": lambda args: {"true": True, "false": False, True: True, False: False}[args[0]],
    "length": _length,
    "lower": _string_function(str.lower),
    "upper": _string_function(str.upper),
    "trimspace": _string_function(str.strip),
    "keys": _keys,
    "values": _values,
    "compact": _compact,
    "contains": _contains,
    "distinct": _distinct,
    "sensitive": _identity,
    "nonsensitive": _identity,
    "min": _min_max(min),
    "max": _min_max(max),
}
