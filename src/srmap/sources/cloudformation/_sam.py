"""The part of the SAM transform a scanner needs: `Globals` defaults merged into each
serverless resource, by the SAM rules (maps merge, lists concatenate, the resource wins)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from srmap.errors import InputError
from srmap.sources.cloudformation._nodes import line_of
from srmap.sources.cloudformation._resolver import intrinsic_name

__all__ = ["SAM_TRANSFORM", "global_properties", "uses_sam", "with_globals"]

SAM_TRANSFORM: Final = "AWS::Serverless-2016-10-31"

# Globals section -> the resource type its defaults apply to.
_GLOBAL_SECTIONS: Final = {
    "Function": "AWS::Serverless::Function",
    "Api": "AWS::Serverless::Api",
    "HttpApi": "AWS::Serverless::HttpApi",
    "SimpleTable": "AWS::Serverless::SimpleTable",
    "StateMachine": "AWS::Serverless::StateMachine",
    "LayerVersion": "AWS::Serverless::LayerVersion",
}


def uses_sam(template: Mapping[str, Any]) -> bool:
    """True when the template declares the SAM transform."""
    transform = template.get("Transform")
    names = transform if isinstance(transform, list) else [transform]
    return any(name == SAM_TRANSFORM for name in names)


def global_properties(template: Mapping[str, Any], file: str) -> dict[str, Mapping[str, Any]]:
    """Resource type -> the default properties `Globals` gives it."""
    section = template.get("Globals")
    if section is None:
        return {}
    if not isinstance(section, dict):
        raise InputError(file, "Globals must be a mapping", line_of(section))
    defaults: dict[str, Mapping[str, Any]] = {}
    for name, properties in section.items():
        if name not in _GLOBAL_SECTIONS:
            continue
        if not isinstance(properties, dict):
            raise InputError(file, f"Globals.{name} must be a mapping", line_of(name))
        defaults[_GLOBAL_SECTIONS[name]] = properties
    return defaults


def _is_plain_mapping(value: Any) -> bool:
    return isinstance(value, dict) and intrinsic_name(value) is None


def _merged(default: Any, own: Any) -> Any:
    # SAM treats an intrinsic function as an opaque value, so the resource's own one wins.
    if _is_plain_mapping(default) and _is_plain_mapping(own):
        return with_globals(default, own)
    if isinstance(default, list) and isinstance(own, list):
        return [*default, *own]
    return own


def with_globals(defaults: Mapping[str, Any], properties: Mapping[str, Any]) -> dict[str, Any]:
    """The resource's properties laid over the global defaults."""
    merged = dict(defaults)
    for name, value in properties.items():
        merged[name] = _merged(defaults[name], value) if name in defaults else value
    return merged
