"""Reading a plan file: JSON decoding, the format version, and shape checks naming JSON paths."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

import msgspec

from srmap.errors import InputError

__all__ = [
    "Shapes",
    "check_format_version",
    "decode_json",
    "decoded",
    "load_plan_json",
    "looks_like_plan",
    "looks_like_state",
]

PLAN_KEYS = ("planned_values", "resource_changes", "configuration")
SUPPORTED_MAJORS = ("0", "1")


class _ChangeBody(TypedDict, total=False):
    actions: Any
    after: msgspec.Raw  # the planned values repeat it: decoded only where they lack a resource
    after_unknown: Any


class _ResourceChange(TypedDict, total=False):
    address: Any
    mode: Any
    type: Any
    name: Any
    provider_name: Any
    deposed: Any
    change: _ChangeBody


class _StateResource(TypedDict, total=False):
    """A resource of planned_values or a state; its sensitive_values are not read."""

    address: Any
    mode: Any
    type: Any
    provider_name: Any
    values: Any


class _StateModule(TypedDict, total=False):
    resources: list[_StateResource]
    child_modules: list[_StateModule]


class _StateValues(TypedDict, total=False):
    root_module: _StateModule


class _PriorState(TypedDict, total=False):
    values: _StateValues


class _PlanDocument(TypedDict, total=False):
    """The parts of `terraform show -json` srmap reads; the rest (before, the sensitive
    markers, relevant_attributes ...) is checked as JSON but never becomes objects."""

    format_version: Any
    planned_values: _StateValues
    resource_changes: list[_ResourceChange]
    configuration: Any
    variables: Any
    prior_state: _PriorState
    values: _StateValues


_PLAN_DOCUMENT = msgspec.json.Decoder(_PlanDocument)
# What msgspec raises for a document it does not read (a ValidationError is a DecodeError, and
# a ValueError); json.loads then decides.
_NOT_FOR_MSGSPEC = (msgspec.DecodeError, ValueError, RecursionError)


def load_plan_json(path: Path) -> object:
    """A plan file parsed once, every way it can fail an InputError: a change's ``after``
    stays a msgspec.Raw (see ``decoded``), and what srmap never reads is left out. A document
    of another shape is read whole (``decode_json``), for the reader to name what is wrong."""
    file = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(file, f"cannot read: {exc.strerror or exc}") from exc
    try:
        return _PLAN_DOCUMENT.decode(data)
    except _NOT_FOR_MSGSPEC:
        return decode_json(data, file)


def decoded(value: object, file: str) -> object:
    """A value of ``load_plan_json``'s document, a msgspec.Raw decoded by ``decode_json``
    (a Raw is only scanned for its end: a number msgspec cannot hold, 1e400, is met here)."""
    return decode_json(bytes(value), file) if isinstance(value, msgspec.Raw) else value


def decode_json(data: bytes, file: str) -> object:
    """The whole JSON document, as json.loads reads it; an InputError naming ``file``."""
    try:
        # msgspec: a large plan's objects in two thirds of json's time, integers of any size
        # kept exact (orjson turns those beyond 64 bits into floats).
        return msgspec.json.decode(data)
    except _NOT_FOR_MSGSPEC:
        # Not UTF-8 JSON that msgspec reads: the standard library decides, as it always did,
        # with its line numbers, the encodings it detects and the literals it accepts (NaN).
        pass
    try:
        return json.loads(_text_of(data))
    except json.JSONDecodeError as exc:
        raise InputError(file, f"malformed JSON: {exc.msg}", exc.lineno) from exc
    except UnicodeDecodeError as exc:
        raise InputError(file, f"not UTF-8 text: {exc.reason}") from exc
    except RecursionError as exc:
        raise InputError(file, "JSON nested too deeply") from exc


def _text_of(data: bytes) -> str:
    """The bytes decoded as json.loads decodes bytes."""
    return data.decode(json.detect_encoding(data), "surrogatepass")


def looks_like_plan(data: object) -> bool:
    """True for `terraform show -json` output of a plan (or of a state, which has `values`)."""
    if not isinstance(data, dict) or "format_version" not in data:
        return False
    return any(key in data for key in PLAN_KEYS) or looks_like_state(data)


def looks_like_state(data: dict[str, Any]) -> bool:
    """True for `terraform show -json` of a state: resources under values.root_module."""
    values = data.get("values")
    return isinstance(values, dict) and "root_module" in values


def check_format_version(data: dict[str, Any], file: str) -> None:
    """Accept format 0.x and 1.x; a later major version changed the shape we rely on."""
    version = data.get("format_version")
    if not isinstance(version, str) or not version:
        raise InputError(file, 'format_version: expected a version string such as "1.2"')
    major = version.split(".", 1)[0]
    if major in SUPPORTED_MAJORS:
        return
    if major.isdigit():
        raise InputError(
            file, f"unsupported plan format_version {version} (srmap reads 0.x and 1.x)"
        )
    raise InputError(file, f'format_version: {version!r} is not a version such as "1.2"')


def _kind(value: object) -> str:
    """The JSON name of a value's type, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return "a string" if isinstance(value, str) else "a number"


@dataclass(frozen=True, slots=True)
class Shapes:
    """Checks that a JSON value has the expected shape, or raises an InputError at its path."""

    file: str

    def fail(self, where: str, expected: str, value: object) -> InputError:
        """The error for a value of the wrong shape at a JSON path."""
        return InputError(self.file, f"{where}: expected {expected}, found {_kind(value)}")

    def mapping(self, value: object, where: str) -> dict[str, Any]:
        """A JSON object."""
        if not isinstance(value, dict):
            raise self.fail(where, "an object", value)
        return value

    def optional_mapping(self, value: object, where: str) -> dict[str, Any]:
        """A JSON object, or an empty one when absent or null."""
        return {} if value is None else self.mapping(value, where)

    def sequence(self, value: object, where: str) -> list[Any]:
        """A JSON array."""
        if not isinstance(value, list):
            raise self.fail(where, "an array", value)
        return value

    def optional_sequence(self, value: object, where: str) -> list[Any]:
        """A JSON array, or an empty one when absent or null."""
        return [] if value is None else self.sequence(value, where)

    def text(self, value: object, where: str) -> str:
        """A non-empty JSON string."""
        if not isinstance(value, str) or not value:
            raise self.fail(where, "a non-empty string", value)
        return value
