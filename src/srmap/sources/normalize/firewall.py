"""The one shape of a firewall rule (security group and network ACL), whatever its source."""

from __future__ import annotations

from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.normalize.values import as_int, as_list, none_if_empty

__all__ = [
    "ALL_TRAFFIC",
    "allow_all_egress",
    "new_default_group",
    "port_range",
    "protocol_name",
    "sg_rule",
    "unique_rules",
]

ALL_TRAFFIC = "-1"

# IANA protocol numbers EC2 also accepts by name; "all" is Terraform's spelling of -1.
_PROTOCOL_NAMES = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "all": ALL_TRAFFIC}
_PORTED = frozenset({"tcp", "udp", "icmp", "icmpv6"})


def protocol_name(value: Any) -> str | Unknown | None:
    """ "tcp", "udp", "icmp", "icmpv6", "-1" (all), or another protocol number as text."""
    if isinstance(value, Unknown):
        return UNKNOWN
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip().lower()
    return _PROTOCOL_NAMES.get(text, text)


def port_range(protocol: Any, from_port: Any, to_port: Any) -> tuple[Any, Any]:
    """From and to port; protocols without ports (all traffic, ESP, ...) open 0-65535."""
    if isinstance(protocol, str) and protocol not in _PORTED:
        return 0, 65535
    # ICMP with no type/code given means every type and code.
    missing = -1 if protocol in ("icmp", "icmpv6") else None
    return as_int(from_port, missing), as_int(to_port, missing)


def _strings(value: Any) -> list[Any] | Unknown:
    """A list of the non-empty values; UNKNOWN when the whole list is."""
    items = as_list(value)
    if isinstance(items, Unknown):
        return UNKNOWN
    return [item for item in items if none_if_empty(item) is not None]


def sg_rule(
    protocol: Any,
    from_port: Any,
    to_port: Any,
    *,
    cidr_ipv4: Any = None,
    cidr_ipv6: Any = None,
    security_groups: Any = None,
    prefix_lists: Any = None,
    description: Any = None,
) -> dict[str, Any]:
    """One security-group rule in the catalog's shape; list arguments may be single values."""
    name = protocol_name(protocol)
    low, high = port_range(name, from_port, to_port)
    return {
        "protocol": name,
        "from_port": low,
        "to_port": high,
        "cidr_ipv4": _strings(cidr_ipv4),
        "cidr_ipv6": _strings(cidr_ipv6),
        "source_security_group_ids": _strings(security_groups),
        "prefix_list_ids": _strings(prefix_lists),
        "description": none_if_empty(description),
    }


def allow_all_egress() -> dict[str, Any]:
    """The rule EC2 puts on every new VPC security group until its egress is declared."""
    return sg_rule(ALL_TRAFFIC, None, None, cidr_ipv4="0.0.0.0/0")


def new_default_group() -> dict[str, Any]:
    """The default security group EC2 creates with a VPC: all traffic in from its own members
    (whose id no input knows before apply), all traffic out.
    https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html"""
    own = sg_rule(ALL_TRAFFIC, None, None, security_groups=[UNKNOWN])
    return {"id": None, "ingress": [own], "egress": [allow_all_egress()]}


def unique_rules(rules: list[Any]) -> list[Any]:
    """Rules with exact repeats dropped, in first-seen order (a plan of an existing group
    lists the rules of its separate rule resources inline as well)."""
    seen: list[Any] = []
    for rule in rules:
        if rule not in seen:
            seen.append(rule)
    return seen
