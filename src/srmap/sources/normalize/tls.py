"""A Classic Load Balancer's SSL negotiation policy, read from its attribute name/value pairs.

Every source lists such a policy as pairs (Terraform ``policy_attribute``/``attribute`` blocks,
CloudFormation ``Attributes``, the API's ``PolicyAttributeDescriptions``): either
``Reference-Security-Policy`` naming a predefined policy, or one ``Protocol-*`` and one cipher
pair per option with "true" or "false".
https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-ssl-security-policy.html
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.normalize.values import as_bool

__all__ = ["REFERENCE", "negotiation_policy"]

REFERENCE = "Reference-Security-Policy"
_PROTOCOL = "Protocol-"


def negotiation_policy(pairs: Iterable[tuple[Any, Any]] | Unknown) -> tuple[Any, Any]:
    """``(ssl_policy, ssl_protocols)``: the predefined policy referenced and None, or None and
    the protocols a custom policy enables (``["TLSv1.2"]``); UNKNOWN where a pair is."""
    if isinstance(pairs, Unknown):
        return UNKNOWN, UNKNOWN
    listed = list(pairs)
    for name, value in listed:
        if name == REFERENCE:
            return value, None
    if any(isinstance(name, Unknown) for name, _ in listed):
        return UNKNOWN, UNKNOWN
    enabled: list[str] = []
    for name, value in listed:
        if not isinstance(name, str) or not name.startswith(_PROTOCOL):
            continue
        on = as_bool(value, False)
        if isinstance(on, Unknown):
            return None, UNKNOWN
        if on:
            enabled.append(name.removeprefix(_PROTOCOL))
    return None, enabled
