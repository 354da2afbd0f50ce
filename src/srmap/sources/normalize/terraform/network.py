"""Terraform security groups, VPCs, subnets and network ACLs with their split rule resources."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.normalize.firewall import (
    new_default_group,
    port_range,
    protocol_name,
    sg_rule,
    unique_rules,
)
from srmap.sources.normalize.registry import Parts, normalizer
from srmap.sources.normalize.terraform._planned import configured
from srmap.sources.normalize.values import as_bool, as_int, as_list, blocks, none_if_empty
from srmap.sources.raw import Dialect, RawResource

__all__ = ["NORMALIZERS"]

_RULE_RESOURCES = {
    "aws_vpc_security_group_ingress_rule": "ingress",
    "aws_vpc_security_group_egress_rule": "egress",
}


def _own_group(raw: RawResource, rule: Mapping[str, Any]) -> list[Any]:
    """``self = true`` names the group itself, whose id a plan may not know yet."""
    return [raw.values.get("id", UNKNOWN)] if rule.get("self") is True else []


def _inline_rule(raw: RawResource, rule: Any) -> Any:
    if isinstance(rule, Unknown):
        return UNKNOWN
    groups = as_list(rule.get("security_groups"))
    if not isinstance(groups, Unknown):
        groups = [*groups, *_own_group(raw, rule)]
    return sg_rule(
        rule.get("protocol"),
        rule.get("from_port"),
        rule.get("to_port"),
        cidr_ipv4=rule.get("cidr_blocks"),
        cidr_ipv6=rule.get("ipv6_cidr_blocks"),
        security_groups=groups,
        prefix_lists=rule.get("prefix_list_ids"),
        description=rule.get("description"),
    )


def _legacy_rule(group: RawResource, part: RawResource) -> dict[str, Any]:
    """aws_security_group_rule: one rule, its source a CIDR list, a group or the group itself."""
    values = part.values
    source = configured(part, "source_security_group_id")
    groups = [] if source is None else [source]
    return sg_rule(
        values.get("protocol"),
        values.get("from_port"),
        values.get("to_port"),
        cidr_ipv4=values.get("cidr_blocks"),
        cidr_ipv6=values.get("ipv6_cidr_blocks"),
        security_groups=[*groups, *_own_group(group, values)],
        prefix_lists=values.get("prefix_list_ids"),
        description=values.get("description"),
    )


def _vpc_rule(part: RawResource) -> dict[str, Any]:
    """aws_vpc_security_group_{ingress,egress}_rule: one rule with one source."""
    values = part.values
    return sg_rule(
        values.get("ip_protocol"),
        values.get("from_port"),
        values.get("to_port"),
        cidr_ipv4=values.get("cidr_ipv4"),
        cidr_ipv6=values.get("cidr_ipv6"),
        security_groups=values.get("referenced_security_group_id"),
        prefix_lists=values.get("prefix_list_id"),
        description=values.get("description"),
    )


def _split_rules(raw: RawResource, parts: Parts, direction: str) -> list[Any]:
    rules: list[Any] = []
    for part in parts.of("aws_security_group_rule"):
        kind = part.values.get("type")
        if isinstance(kind, Unknown):
            rules.append(UNKNOWN)
        elif kind == direction:
            rules.append(_legacy_rule(raw, part))
    for native, kind in _RULE_RESOURCES.items():
        rules += [_vpc_rule(part) for part in parts.of(native) if kind == direction]
    return rules


def _sg_rules(raw: RawResource, parts: Parts, direction: str) -> list[Any] | Unknown:
    """Inline rules plus the split rule resources; Terraform removes EC2's default egress."""
    inline = blocks({direction: configured(raw, direction)}, direction)
    split = _split_rules(raw, parts, direction)
    if isinstance(inline, Unknown):
        # The inline rules are not known, the separate ones are: an UNKNOWN entry stands for
        # the former, so one known open rule still decides.
        return [UNKNOWN, *split] if split else UNKNOWN
    rules = [_inline_rule(raw, rule) for rule in inline]
    return unique_rules([*rules, *split])


@normalizer(
    "ec2.security_group",
    Dialect.TERRAFORM,
    name="name",
    identity=("id",),
    parts={
        "aws_security_group_rule": "security_group_id",
        "aws_vpc_security_group_ingress_rule": "security_group_id",
        "aws_vpc_security_group_egress_rule": "security_group_id",
    },
)
def normalize_security_group(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_security_group or aws_default_security_group plus its separate rules."""
    return {
        "vpc_id": none_if_empty(configured(raw, "vpc_id")),
        "is_default": raw.native_type == "aws_default_security_group",
        "ingress": _sg_rules(raw, parts, "ingress"),
        "egress": _sg_rules(raw, parts, "egress"),
    }


def _flow_log(part: RawResource) -> dict[str, Any]:
    values = part.values
    kinds = {
        "vpc_id": "VPC",
        "subnet_id": "Subnet",
        "eni_id": "NetworkInterface",
        "transit_gateway_id": "TransitGateway",
    }
    named = [kind for key, kind in kinds.items() if configured(part, key) is not None]
    destination = configured(part, "log_destination_type")
    return {
        "resource_type": named[0] if named else UNKNOWN,
        "traffic_type": values.get("traffic_type", UNKNOWN),
        "destination_type": "cloud-watch-logs" if destination is None else destination,
    }


@normalizer(
    "ec2.vpc",
    Dialect.TERRAFORM,
    name=None,
    identity=("id",),
    parts={"aws_flow_log": "vpc_id"},
)
def normalize_vpc(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_vpc or aws_default_vpc plus the flow logs that name it."""
    adopted = raw.native_type == "aws_default_vpc"
    return {
        "cidr_block": raw.values.get("cidr_block", UNKNOWN),
        "is_default": adopted,
        # A VPC Terraform adopts keeps whatever its default group became; srmap.derive puts
        # a default group the input declares in place of either.
        "default_security_group": UNKNOWN if adopted else new_default_group(),
        "flow_logs": [_flow_log(part) for part in parts.of("aws_flow_log")],
    }


@normalizer("ec2.subnet", Dialect.TERRAFORM, name=None, identity=("id",))
def normalize_subnet(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_subnet or aws_default_subnet (which maps public IPs by default)."""
    values = raw.values
    default_subnet = raw.native_type == "aws_default_subnet"
    return {
        "vpc_id": values.get("vpc_id", UNKNOWN),
        "cidr_block": none_if_empty(configured(raw, "cidr_block")),
        "availability_zone": values.get("availability_zone", UNKNOWN),
        "map_public_ip_on_launch": as_bool(values.get("map_public_ip_on_launch"), default_subnet),
    }


def _acl_entry(entry: Any, number_key: str, action_key: str) -> Any:
    if isinstance(entry, Unknown):
        return UNKNOWN
    protocol = protocol_name(entry.get("protocol"))
    icmp = protocol in ("icmp", "icmpv6")
    low, high = port_range(
        protocol,
        entry.get("icmp_type" if icmp else "from_port"),
        entry.get("icmp_code" if icmp else "to_port"),
    )
    action = entry.get(action_key)
    return {
        "rule_number": as_int(entry.get(number_key)),
        "protocol": protocol,
        "action": action.lower() if isinstance(action, str) else action,
        "cidr_ipv4": none_if_empty(entry.get("cidr_block")),
        "cidr_ipv6": none_if_empty(entry.get("ipv6_cidr_block")),
        "from_port": low,
        "to_port": high,
    }


def _acl_entries(raw: RawResource, parts: Parts, direction: str) -> list[Any] | Unknown:
    inline = blocks({direction: configured(raw, direction)}, direction)
    split: list[Any] = []
    for part in parts.of("aws_network_acl_rule"):
        egress = as_bool(part.values.get("egress"), False)
        if isinstance(egress, Unknown):
            split.append(UNKNOWN)
        elif egress == (direction == "egress"):
            split.append(_acl_entry(part.values, "rule_number", "rule_action"))
    if isinstance(inline, Unknown):
        # The inline entries are not known, the separate ones are: an UNKNOWN entry stands
        # for the former, so a separate entry that surely comes first still decides.
        return [UNKNOWN, *split] if split else UNKNOWN
    entries = [_acl_entry(entry, "rule_no", "action") for entry in inline]
    return sorted([*entries, *split], key=_rule_order)


def _rule_order(entry: Any) -> int:
    number = entry.get("rule_number") if isinstance(entry, dict) else None
    return number if isinstance(number, int) else 0


def _acl_subnets(raw: RawResource, parts: Parts) -> list[Any] | Unknown:
    inline = as_list(configured(raw, "subnet_ids"))
    if isinstance(inline, Unknown):
        return UNKNOWN
    associations = parts.of("aws_network_acl_association")
    joined = [part.values.get("subnet_id", UNKNOWN) for part in associations]
    return list(dict.fromkeys([*inline, *joined]))


@normalizer(
    "ec2.network_acl",
    Dialect.TERRAFORM,
    name=None,
    identity=("id",),
    parts={
        "aws_network_acl_rule": "network_acl_id",
        "aws_network_acl_association": "network_acl_id",
    },
)
def normalize_network_acl(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_network_acl or aws_default_network_acl plus its separate entries and associations."""
    default_acl = raw.native_type == "aws_default_network_acl"
    return {
        # The default ACL names its VPC only through default_network_acl_id.
        "vpc_id": raw.values.get("vpc_id", UNKNOWN),
        "is_default": default_acl,
        "ingress": _acl_entries(raw, parts, "ingress"),
        "egress": _acl_entries(raw, parts, "egress"),
        "subnet_ids": _acl_subnets(raw, parts),
    }


NORMALIZERS = [normalize_security_group, normalize_vpc, normalize_subnet, normalize_network_acl]
