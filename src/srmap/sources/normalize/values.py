"""Reading raw values safely: nested blocks, UNKNOWN propagation, policy documents, booleans."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from srmap.model import UNKNOWN, Reference, Unknown
from srmap.sources.normalize.registry import Parts

__all__ = [
    "arn_region",
    "as_bool",
    "as_int",
    "as_list",
    "aws_managed_key",
    "block",
    "blocks",
    "dig",
    "is_set",
    "none_if_empty",
    "or_default",
    "parse_policy",
    "sorted_items",
    "sorted_names",
    "sorted_values",
    "sorted_values_of_parts",
]


def block(values: Mapping[str, Any], key: str) -> Mapping[str, Any] | Unknown | None:
    """The first nested block under ``key`` (Terraform's one-element lists, or a dict)."""
    value = values.get(key)
    if isinstance(value, Unknown):
        return UNKNOWN
    if isinstance(value, list):
        if not value:
            return None
        return _block_item(value[0])
    return value if isinstance(value, dict) else None


def blocks(values: Any, key: str) -> list[Any] | Unknown:
    """Every nested block under ``key`` (a dict counts as one); UNKNOWN when the list or its
    holder is; [] when the holder is absent."""
    if isinstance(values, Unknown):
        return UNKNOWN
    if not isinstance(values, Mapping):
        return []
    value = values.get(key)
    if isinstance(value, Unknown):
        return UNKNOWN
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        found = (_block_item(item) for item in value)
        return [item for item in found if item is not None]
    return []


def _block_item(item: Any) -> Mapping[str, Any] | Unknown | None:
    """A block of a list: a dict, UNKNOWN for an unknown item (an unset variable too), None
    for anything else (another resource's attribute is no block written here)."""
    if isinstance(item, dict):
        return item
    return UNKNOWN if isinstance(item, Unknown) and not isinstance(item, Reference) else None


def dig(value: Any, *path: str | int) -> Any:
    """Walk dicts and lists; UNKNOWN if any step is UNKNOWN, None if a step is missing."""
    for step in path:
        if isinstance(value, Unknown):
            return UNKNOWN
        if isinstance(step, int):
            value = value[step] if isinstance(value, list) and len(value) > step else None
        elif isinstance(value, dict):
            value = value.get(step)
        else:
            return None
    return value


def as_bool(value: Any, default: bool | Unknown | None = None) -> bool | Unknown | None:
    """A boolean from a bool, "true"/"false" string, or UNKNOWN; ``default`` when absent."""
    if isinstance(value, Unknown):
        return UNKNOWN  # a Reference too: another resource's attribute is no boolean we know
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return default


def as_int(value: Any, default: int | None = None) -> int | Unknown | None:
    """An int from an int or numeric string, or UNKNOWN; ``default`` when absent."""
    if isinstance(value, Unknown):  # a Reference too
        return UNKNOWN
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return default


def as_list(value: Any) -> list[Any] | Unknown:
    """A list from a list, a single value, or None (empty); UNKNOWN stays UNKNOWN."""
    if isinstance(value, Unknown):
        return UNKNOWN
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple, set)) else [value]


def parse_policy(value: Any) -> dict[str, Any] | Unknown | None:
    """A policy document from a JSON string or a mapping; UNKNOWN when it cannot be read."""
    if value is None or value == "":
        return None
    if isinstance(value, Unknown):
        return UNKNOWN
    if isinstance(value, dict):
        return value  # UNKNOWN inside (an ARN known after apply) stays for controls to judge
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return UNKNOWN
        return parsed if isinstance(parsed, dict) else UNKNOWN
    return UNKNOWN


def or_default(value: Any, default: Any) -> Any:
    """``value`` unless it is None or empty; UNKNOWN stays UNKNOWN (it has no truth value)."""
    if isinstance(value, Unknown):
        return UNKNOWN
    return default if value is None or value == "" else value


def none_if_empty(value: Any) -> Any:
    """None for an absent or empty string (Terraform writes "" for unset), else the value."""
    return None if value is None or (isinstance(value, str) and not value) else value


def aws_managed_key(key: Any) -> bool:
    """Whether a key names an AWS managed key by its alias (alias/aws/dynamodb, or the bare
    aws/dynamodb templates also use), which is the service's default, not the customer's."""
    return isinstance(key, str) and ("alias/aws/" in key or key.startswith("aws/"))


def is_set(value: Any) -> bool:
    """Whether a setting was given (an unresolved value counts as given)."""
    return value is not None and value != ""


def sorted_names(value: Any) -> list[Any] | Unknown:
    """A set of strings as a sorted list, so plan, HCL and template order agree."""
    items = as_list(value)
    if isinstance(items, Unknown) or not all(isinstance(i, str) for i in items):
        return items
    return sorted(items)


def sorted_items(items: list[Any] | Unknown) -> list[Any] | Unknown:
    """A set's items in one order for every source."""
    return UNKNOWN if isinstance(items, Unknown) else sorted(items, key=str)


def sorted_values(values: Iterable[Any]) -> list[Any]:
    """Distinct values in a stable order (strings sorted, UNKNOWN last), whatever the source."""
    distinct = list(dict.fromkeys(v for v in values if v is not None and v != ""))
    return sorted(distinct, key=lambda v: (isinstance(v, Unknown), str(v)))


def sorted_values_of_parts(parts: Parts, native_type: str, key: str) -> list[Any] | Unknown:
    """The list ``key`` of every joined part of ``native_type``, merged as sorted_values does;
    UNKNOWN when any part's list is."""
    merged: list[Any] = []
    for part in parts.of(native_type):
        found = as_list(part.values.get(key))
        if isinstance(found, Unknown):
            return UNKNOWN
        merged += found
    return sorted_values(merged)


def arn_region(arn: Any, parts: Parts) -> Any:
    """The region field of an ARN, or the region of the resource it names, or UNKNOWN."""
    if isinstance(arn, str) and arn.startswith("arn:") and len(arn.split(":")) > 3:
        return arn.split(":")[3]
    return parts.region_of(arn)
