"""Terraform addresses and references: split at top-level dots, brackets and quotes respected."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from srmap.model import record_maker

__all__ = ["ParsedAddress", "parse_address", "reference_targets", "split_steps", "strip_index"]

# One step of an address: a name with optional [index] parts, where a quoted key may hold dots.
_STEP = re.compile(r'(?:[^.\["]+|\[(?:"(?:[^"\\]|\\.)*"|[^\]"])*\])+')

# Reference roots that never name a resource (data.* is handled apart: those are kept).
_NOT_RESOURCES = frozenset(
    {"var", "local", "module", "each", "count", "path", "self", "terraform", "ephemeral"}
)


def split_steps(text: str) -> list[str]:
    """Split an address into its dot-separated steps, keeping `["a.b"]` keys whole."""
    if "[" not in text and '"' not in text:
        return text.split(".")
    return _STEP.findall(text)


def strip_index(step: str) -> str:
    """A step without its instance key: `logs["eu"]` -> `logs`."""
    return step.split("[", 1)[0]


class ParsedAddress(NamedTuple):
    """An instance address cut into its module instance path and its configuration address
    (a tuple: one is made per resource of a plan)."""

    module_instance: str
    module_path: tuple[str, ...]
    config_address: str


_new_parsed = record_maker(ParsedAddress)  # one per resource of a plan


def parse_address(address: str) -> ParsedAddress:
    """Cut `module.a["x"].aws_vpc.v[0]` into `module.a["x"]`, ("a",) and `aws_vpc.v`."""
    if "[" not in address and '"' not in address and not address.startswith("module."):
        return _new_parsed(("", (), address))  # a single resource of the root module
    steps = split_steps(address)
    position = 0
    while position + 2 < len(steps) and steps[position] == "module":
        position += 2
    resource_steps = steps[position:]
    if resource_steps:
        resource_steps[-1] = strip_index(resource_steps[-1])
    module_instance = ".".join(steps[:position])
    return _new_parsed((module_instance, _module_path(module_instance), ".".join(resource_steps)))


@lru_cache(maxsize=4096)
def _module_path(module_instance: str) -> tuple[str, ...]:
    """The module call names of a module instance path: `module.a["x"].module.b` -> (a, b)."""
    return tuple(strip_index(step) for step in split_steps(module_instance)[1::2])


@lru_cache(maxsize=65536)
def _reference_target(reference: str) -> tuple[str, str | None] | None:
    """The resource address a reference points into, and the attribute it reads (if any)."""
    steps = split_steps(reference)
    if not steps or steps[0] in _NOT_RESOURCES:
        return None
    width = 3 if steps[0] == "data" else 2
    if len(steps) < width or not all(steps[:width]):
        return None
    attribute = strip_index(steps[width]) if len(steps) > width else None
    return ".".join(steps[:width]), attribute


def reference_targets(references: Iterable[object]) -> tuple[str, ...]:
    """Resource addresses named by an expression's references, in order, without repeats.

    Terraform lists `aws_s3_bucket.logs` next to `aws_s3_bucket.logs["eu"]`; the bare form
    is dropped when an indexed one says which instance is meant.
    """
    found: dict[str, None] = {}
    for reference in references:
        target = _reference_target(reference) if isinstance(reference, str) else None
        if target is not None:
            found[target[0]] = None
    indexed = {strip_index(target) for target in found if target.endswith("]")}
    if not indexed:
        return tuple(found)
    return tuple(target for target in found if target.endswith("]") or target not in indexed)


def sole_resource_reference(references: Iterable[object]) -> tuple[str, str | None] | None:
    """(address, attribute) when every reference names the same managed resource, so the
    expression can be nothing but that resource's attribute; None otherwise."""
    chosen: str | None = None  # the first indexed target, else the first one
    attribute: str | None = None
    for reference in references:
        target = _reference_target(reference) if isinstance(reference, str) else None
        if target is None or target[0].startswith("data."):
            return None
        if chosen is None:
            chosen = target[0]
        elif target[0] != chosen and strip_index(target[0]) != strip_index(chosen):
            return None
        elif target[0].endswith("]") and not chosen.endswith("]"):
            chosen = target[0]
        if attribute is None:
            attribute = target[1]
    return None if chosen is None else (chosen, attribute)
