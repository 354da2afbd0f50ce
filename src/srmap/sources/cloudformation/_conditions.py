"""Condition logic (Fn::Equals, Fn::And, Fn::Or, Fn::Not, Condition) in three values: true,
false, or UNKNOWN when an operand is only known to a deployed stack."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.cloudformation._scope import scalar_text

if TYPE_CHECKING:
    from srmap.sources.cloudformation._resolver import Resolver

__all__ = ["evaluate", "operands"]


def operands(
    resolver: Resolver, argument: Any, where: object, function: str, count: int
) -> list[Any]:
    """The argument list of a function call, which must hold exactly `count` items."""
    if not isinstance(argument, list) or len(argument) != count:
        raise resolver.error(where, f"{function} takes a list of {count} items")
    return argument


def _comparable(resolver: Resolver, value: Any, where: object) -> Any:
    if isinstance(value, list):
        return tuple(_comparable(resolver, item, where) for item in value)
    text = scalar_text(value)
    if text is None:
        raise resolver.error(where, "Fn::Equals compares text values")
    return text


def _holds_unknown(value: Any) -> bool:
    return value is UNKNOWN or (isinstance(value, list) and any(item is UNKNOWN for item in value))


def _equals(resolver: Resolver, argument: Any, where: object) -> bool | Unknown:
    left, right = (
        resolver.resolve(item, []) for item in operands(resolver, argument, where, "Fn::Equals", 2)
    )
    if _holds_unknown(left) or _holds_unknown(right):
        return UNKNOWN
    return bool(_comparable(resolver, left, where) == _comparable(resolver, right, where))


def _all_of(resolver: Resolver, argument: Any, where: object, function: str) -> list[Any]:
    if not isinstance(argument, list) or len(argument) < 2:
        raise resolver.error(where, f"{function} takes a list of at least 2 conditions")
    return [evaluate(resolver, item) for item in argument]


def _and(resolver: Resolver, argument: Any, where: object) -> bool | Unknown:
    values = _all_of(resolver, argument, where, "Fn::And")
    if any(value is False for value in values):
        return False
    return UNKNOWN if any(value is UNKNOWN for value in values) else True


def _or(resolver: Resolver, argument: Any, where: object) -> bool | Unknown:
    values = _all_of(resolver, argument, where, "Fn::Or")
    if any(value is True for value in values):
        return True
    return UNKNOWN if any(value is UNKNOWN for value in values) else False


def _not(resolver: Resolver, argument: Any, where: object) -> bool | Unknown:
    (operand,) = operands(resolver, argument, where, "Fn::Not", 1)
    value = evaluate(resolver, operand)
    return UNKNOWN if value is UNKNOWN else value is False


_LOGIC = {"Fn::Equals": _equals, "Fn::And": _and, "Fn::Or": _or, "Fn::Not": _not}


def evaluate(resolver: Resolver, expression: Any) -> bool | Unknown:
    """True, False or UNKNOWN for a condition expression."""
    if isinstance(expression, dict) and len(expression) == 1:
        ((key, argument),) = expression.items()
        if key == "Condition":
            return resolver.condition(argument, expression)
        if key in _LOGIC:
            return _LOGIC[key](resolver, argument, expression)
    value = resolver.resolve(expression, [])
    if isinstance(value, bool | Unknown):
        return value
    if value in ("true", "false"):
        return bool(value == "true")
    raise resolver.error(expression, "a condition must evaluate to true or false")
