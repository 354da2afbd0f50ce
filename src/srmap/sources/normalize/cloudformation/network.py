"""CloudFormation security groups, VPCs, subnets and network ACLs with their split rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.normalize.firewall import (
    allow_all_egress,
    new_default_group,
    port_range,
    protocol_name,
    sg_rule,
    unique_rules,
)
from srmap.sources.normalize.orphans import Undeclared
from srmap.sources.normalize.registry import Parts, normalizer
from srmap.sources.normalize.values import as_bool, as_int, blocks, dig, none_if_empty
from srmap.sources.raw import Dialect, RawResource

__all__ = ["NORMALIZERS"]

_PEER_KEYS = {
    "ingress": ("SourceSecurityGroupId", "SourceSecurityGroupName", "SourcePrefixListId"),
    "egress": ("DestinationSecurityGroupId", None, "DestinationPrefixListId"),
}
_PART_TYPES = {
    "ingress": "AWS::EC2::SecurityGroupIngress",
    "egress": "AWS::EC2::SecurityGroupEgress",
}


def _rule(rule: Any, direction: str) -> Any:
    """One rule, inline or a separate resource: each names exactly one peer."""
    if isinstance(rule, Unknown):
        return UNKNOWN
    group_id, group_name, prefix_list = _PEER_KEYS[direction]
    groups = [rule.get(group_id), rule.get(group_name) if group_name else None]
    return sg_rule(
        rule.get("IpProtocol"),
        rule.get("FromPort"),
        rule.get("ToPort"),
        cidr_ipv4=rule.get("CidrIp"),
        cidr_ipv6=rule.get("CidrIpv6"),
        security_groups=[group for group in groups if group is not None],
        prefix_lists=rule.get(prefix_list),
        description=rule.get("Description"),
    )


def _sg_rules(raw: RawResource, parts: Parts, direction: str) -> list[Any] | Unknown:
    key = "SecurityGroupIngress" if direction == "ingress" else "SecurityGroupEgress"
    inline = blocks(raw.values, key)
    split = [_rule(part.values, direction) for part in parts.of(_PART_TYPES[direction])]
    if isinstance(inline, Unknown):
        # The inline rules are not known, the separate ones are: an UNKNOWN entry stands for
        # the former, so one known open rule still decides.
        return [UNKNOWN, *split] if split else UNKNOWN
    rules = [_rule(rule, direction) for rule in inline]
    if direction == "egress" and not rules:
        # EC2 keeps its allow-all egress rule unless the group itself declares egress;
        # separate SecurityGroupEgress resources only add to it.
        rules.append(allow_all_egress())
    return unique_rules([*rules, *split])


@normalizer(
    "ec2.security_group",
    Dialect.CLOUDFORMATION,
    name="GroupName",
    identity=("GroupName",),
    parts={
        "AWS::EC2::SecurityGroupIngress": ("GroupId", "GroupName"),
        "AWS::EC2::SecurityGroupEgress": "GroupId",
    },
)
def normalize_security_group(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::EC2::SecurityGroup plus its separate ingress and egress rules."""
    return {
        "vpc_id": none_if_empty(raw.values.get("VpcId")),
        "is_default": False,  # a template cannot declare a VPC's default group
        "ingress": _sg_rules(raw, parts, "ingress"),
        "egress": _sg_rules(raw, parts, "egress"),
    }


def _flow_log(part: RawResource) -> dict[str, Any]:
    values = part.values
    return {
        "resource_type": values.get("ResourceType", UNKNOWN),
        "traffic_type": values.get("TrafficType", UNKNOWN),
        "destination_type": values.get("LogDestinationType", "cloud-watch-logs"),
    }


@normalizer(
    "ec2.vpc",
    Dialect.CLOUDFORMATION,
    name=None,
    identity=(),
    parts={"AWS::EC2::FlowLog": "ResourceId"},
)
def normalize_vpc(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::EC2::VPC plus the flow logs that name it."""
    return {
        # Without CidrBlock the VPC takes its range from an IPAM pool at creation.
        "cidr_block": raw.values.get("CidrBlock", UNKNOWN),
        "is_default": False,
        # A template cannot declare the default group's rules, only add to them.
        "default_security_group": new_default_group(),
        "flow_logs": [_flow_log(part) for part in parts.of("AWS::EC2::FlowLog")],
    }


@normalizer("ec2.subnet", Dialect.CLOUDFORMATION, name=None, identity=())
def normalize_subnet(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::EC2::Subnet."""
    values = raw.values
    return {
        "vpc_id": values.get("VpcId", UNKNOWN),
        "cidr_block": none_if_empty(values.get("CidrBlock")),
        "availability_zone": values.get("AvailabilityZone", UNKNOWN),
        "map_public_ip_on_launch": as_bool(values.get("MapPublicIpOnLaunch"), False),
    }


def _acl_entry(entry: Mapping[str, Any]) -> dict[str, Any]:
    protocol = protocol_name(entry.get("Protocol"))
    icmp = ("Icmp", "Type"), ("Icmp", "Code")
    ported = protocol not in ("icmp", "icmpv6")
    low, high = port_range(
        protocol,
        dig(entry, *(("PortRange", "From") if ported else icmp[0])),
        dig(entry, *(("PortRange", "To") if ported else icmp[1])),
    )
    action = entry.get("RuleAction")
    return {
        "rule_number": as_int(entry.get("RuleNumber")),
        "protocol": protocol,
        "action": action.lower() if isinstance(action, str) else action,
        "cidr_ipv4": none_if_empty(entry.get("CidrBlock")),
        "cidr_ipv6": none_if_empty(entry.get("Ipv6CidrBlock")),
        "from_port": low,
        "to_port": high,
    }


def _acl_entries(parts: Parts, direction: str) -> list[Any]:
    entries: list[Any] = []
    for part in parts.of("AWS::EC2::NetworkAclEntry"):
        egress = as_bool(part.values.get("Egress"), False)
        if isinstance(egress, Unknown):
            entries.append(UNKNOWN)
        elif egress == (direction == "egress"):
            entries.append(_acl_entry(part.values))
    return sorted(entries, key=_rule_order)


def _rule_order(entry: Any) -> int:
    number = entry.get("rule_number") if isinstance(entry, dict) else None
    return number if isinstance(number, int) else 0


@normalizer(
    "ec2.network_acl",
    Dialect.CLOUDFORMATION,
    name=None,
    identity=(),
    parts={
        "AWS::EC2::NetworkAclEntry": "NetworkAclId",
        "AWS::EC2::SubnetNetworkAclAssociation": "NetworkAclId",
    },
)
def normalize_network_acl(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::EC2::NetworkAcl plus its entries and subnet associations."""
    associations = parts.of("AWS::EC2::SubnetNetworkAclAssociation")
    # A template's ACL starts with no entries; one made elsewhere may hold any.
    unseen = [UNKNOWN] if isinstance(raw.values, Undeclared) else []
    return {
        "vpc_id": raw.values.get("VpcId", UNKNOWN),
        "is_default": False,
        "ingress": [*unseen, *_acl_entries(parts, "ingress")],
        "egress": [*unseen, *_acl_entries(parts, "egress")],
        "subnet_ids": list(
            dict.fromkeys(part.values.get("SubnetId", UNKNOWN) for part in associations)
        ),
    }


NORMALIZERS = [normalize_security_group, normalize_vpc, normalize_subnet, normalize_network_acl]
