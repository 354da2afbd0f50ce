"""The names a template's expressions can refer to: pseudo parameters and declared parameters,
with the values known before a stack exists (UNKNOWN for the rest)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from srmap.errors import InputError
from srmap.model import UNKNOWN, Unknown
from srmap.sources.cloudformation._nodes import line_of

__all__ = ["NO_VALUE", "NoValue", "parameter_values", "pseudo_parameters", "scalar_text"]

# Region prefix -> (partition, URL suffix); longest prefix first so us-isob- wins over us-iso-.
_PARTITIONS: Final = (
    ("us-isob-", "aws-iso-b", "sc2s.sgov.gov"),
    ("us-iso-", "aws-iso", "c2s.ic.gov"),
    ("us-gov-", "aws-us-gov", "amazonaws.com"),
    ("cn-", "aws-cn", "amazonaws.com.cn"),
)


class NoValue:
    """What `Ref: AWS::NoValue` resolves to: the property or list item is removed."""

    def __repr__(self) -> str:
        return "NO_VALUE"


NO_VALUE: Final = NoValue()


def scalar_text(value: Any) -> str | None:
    """The text CloudFormation substitutes for a scalar; None for anything else."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return None


def _partition(region: str) -> tuple[str, str]:
    for prefix, partition, suffix in _PARTITIONS:
        if region.startswith(prefix):
            return partition, suffix
    return "aws", "amazonaws.com"


def pseudo_parameters(region: str | None) -> dict[str, Any]:
    """AWS:: pseudo parameters; only those that follow from the region are known."""
    known: dict[str, Any] = dict.fromkeys(
        ("AWS::Region", "AWS::Partition", "AWS::URLSuffix"), UNKNOWN
    )
    if region is not None:
        partition, suffix = _partition(region)
        known = {"AWS::Region": region, "AWS::Partition": partition, "AWS::URLSuffix": suffix}
    unknown = ("AWS::AccountId", "AWS::StackName", "AWS::StackId", "AWS::NotificationARNs")
    return {**known, **dict.fromkeys(unknown, UNKNOWN), "AWS::NoValue": NO_VALUE}


def _is_list_type(parameter_type: str) -> bool:
    return parameter_type == "CommaDelimitedList" or parameter_type.startswith("List<")


def _typed_value(raw: Any, parameter_type: str) -> Any:
    """A parameter value as Ref returns it: text, or a list of text for list types."""
    if isinstance(raw, list):
        items = [scalar_text(item) for item in raw]
        if any(item is None for item in items):
            return None
        return items if _is_list_type(parameter_type) else ",".join(str(item) for item in items)
    text = scalar_text(raw)
    if text is None or not _is_list_type(parameter_type):
        return text
    return [item.strip() for item in text.split(",")] if text else []


def _parameter_value(name: str, declaration: Any, given: str | None, file: str) -> Any:
    if not isinstance(declaration, dict) or not isinstance(declaration.get("Type"), str):
        line = line_of(declaration) or line_of(name)
        raise InputError(file, f"parameter {name!r} needs a mapping with a Type", line)
    parameter_type = declaration["Type"]
    if parameter_type.startswith("AWS::SSM::Parameter::Value<"):
        # The default names an SSM parameter; its value is only known in the account.
        return UNKNOWN
    raw = given if given is not None else declaration.get("Default", UNKNOWN)
    if isinstance(raw, Unknown):
        return UNKNOWN
    value = _typed_value(raw, parameter_type)
    if value is None:
        raise InputError(file, f"parameter {name!r} has a Default that is not text", line_of(name))
    return value


def parameter_values(section: Any, given: Mapping[str, str], file: str) -> dict[str, Any]:
    """Parameter name -> value: the given value, else the Default, else UNKNOWN."""
    if section is None:
        return {}
    if not isinstance(section, dict):
        raise InputError(file, "Parameters must be a mapping", line_of(section))
    return {
        str(name): _parameter_value(name, declaration, given.get(name), file)
        for name, declaration in section.items()
    }
