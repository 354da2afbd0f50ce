"""Plain JSON data from srmap's records: UNKNOWN becomes ``{"$unknown": true}``, a reference to
another resource of the input ``{"$ref": "aws_kms_key.logs.arn"}``, an input variable nothing
sets ``{"$var": "var.bucket_name"}``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any

from srmap.model import UNKNOWN, Evidence, Reference, Resource, Unknown, UnsetVariable
from srmap.report.redact import redact_text

__all__ = [
    "UNKNOWN_JSON",
    "resource_reference",
    "resource_to_dict",
    "safe_evidence",
    "safe_jsonable",
    "to_jsonable",
]

UNKNOWN_JSON: Mapping[str, bool] = {"$unknown": True}


_PLAIN = frozenset({int, float, bool, type(None)})
_AS_IS = _PLAIN | {str}


def to_jsonable(value: Any) -> Any:
    """Recursively turn a value into JSON-ready data; sets become sorted lists."""
    if type(value) in _AS_IS:  # most values (names, regions): no isinstance chain
        return value
    if isinstance(value, Reference):
        return {"$ref": str(value)}
    if isinstance(value, UnsetVariable):
        return {"$var": str(value)}
    if isinstance(value, Unknown):
        return dict(UNKNOWN_JSON)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((to_jsonable(v) for v in value), key=repr)
    return value


def safe_jsonable(value: Any, key: str = "") -> Any:
    """``to_jsonable`` and ``redact`` in one walk: what every report may show of a value."""
    kind = type(value)
    if kind is str:
        return redact_text(value, key)
    if kind in _PLAIN:
        return value
    if kind is dict:
        return _safe_mapping(value)
    if kind is list or kind is tuple:
        return [v if type(v) in _PLAIN else safe_jsonable(v, key) for v in value]
    if value is UNKNOWN:  # the most common marker: no walk needed
        return dict(UNKNOWN_JSON)
    if isinstance(value, Unknown | Enum | set | frozenset):
        return safe_jsonable(to_jsonable(value), key)
    if isinstance(value, Mapping):
        return _safe_mapping(value)
    if isinstance(value, str):
        return redact_text(value, key)
    return value


def _safe_mapping(value: Mapping[Any, Any]) -> dict[str, Any]:
    shown: dict[str, Any] = {}
    for key, item in value.items():
        name = key if type(key) is str else str(key)
        # Most leaves are numbers and flags: kept without a call (attributes of 10,000s).
        shown[name] = item if type(item) in _PLAIN else safe_jsonable(item, name)
    return shown


def safe_evidence(evidence: Iterable[Evidence]) -> list[dict[str, Any]]:
    """A finding's evidence as ``{"path", "value"}`` objects, values as ``safe_jsonable``."""
    return [
        {"path": path, "value": value if type(value) in _PLAIN else safe_jsonable(value, path)}
        for path, value in evidence
    ]


def resource_reference(resource: Resource) -> dict[str, Any]:
    """Who a resource is and where it was read, without its attributes (as findings cite it)."""
    return {
        "id": resource.id,
        "type": resource.type,
        "service": resource.service,
        "region": to_jsonable(resource.region),
        "account": to_jsonable(resource.account),
        "name": to_jsonable(resource.name),
        "source": {"file": resource.source.file, "line": resource.source.line}
        if resource.source.api is None
        else {"api": resource.source.api},
    }


def resource_to_dict(resource: Resource, reference: dict[str, Any] | None = None) -> dict[str, Any]:
    """A resource in the documented inventory JSON shape (``reference``: its
    ``resource_reference``, when the caller already built it)."""
    return {
        **(reference or resource_reference(resource)),
        "tags": safe_jsonable(resource.tags),
        "attributes": safe_jsonable(resource.attributes),
    }
