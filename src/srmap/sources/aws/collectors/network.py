"""VPCs, subnets, security groups and network ACLs, live: one describe call per region each."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from srmap.model import UNKNOWN, Resource
from srmap.sources.aws.collector import LiveContext, collector
from srmap.sources.normalize.firewall import port_range, protocol_name, sg_rule, unique_rules
from srmap.sources.normalize.values import dig, none_if_empty

__all__ = ["COLLECTORS", "arn", "name_tag", "tags_of"]

# The catch-all deny every network ACL ends with; no IaC source declares it.
_DEFAULT_DENY_RULE = 32767


def arn(context: LiveContext, service: str, resource: str) -> str:
    """The ARN of a resource of this account in this context's region."""
    region = context.region or ""
    partition = "aws-cn" if region.startswith("cn-") else "aws"
    if region.startswith("us-gov-"):
        partition = "aws-us-gov"
    return f"arn:{partition}:{service}:{region}:{context.account}:{resource}"


def tags_of(item: Mapping[str, Any], key: str = "Tags") -> dict[str, Any]:
    """EC2-style [{Key, Value}] tags as a dict."""
    return {tag["Key"]: tag.get("Value") for tag in item.get(key) or [] if "Key" in tag}


def name_tag(item: Mapping[str, Any]) -> str | None:
    """The Name tag, which is how EC2 resources get a human name."""
    name = tags_of(item).get("Name")
    return name if isinstance(name, str) and name else None


@collector("ec2.vpc", service="vpc")
def collect_vpcs(context: LiveContext) -> Iterator[Resource]:
    """Each VPC with the flow logs on it, its subnets or its network interfaces."""
    flow_logs = context.listing("ec2", "DescribeFlowLogs", "FlowLogs")
    by_vpc = _flow_logs_by_vpc(context, flow_logs)
    # The same listing the security group collector reads: made once, shared.
    groups = context.listing("ec2", "DescribeSecurityGroups", "SecurityGroups")
    defaults = {g.get("VpcId"): g for g in groups if g.get("GroupName") == "default"}
    for vpc in context.listing("ec2", "DescribeVpcs", "Vpcs"):
        vpc_id = vpc["VpcId"]
        yield context.resource(
            arn=arn(context, "ec2", f"vpc/{vpc_id}"),
            name=name_tag(vpc),
            tags=tags_of(vpc),
            attributes={
                "cidr_block": vpc.get("CidrBlock"),
                "is_default": bool(vpc.get("IsDefault", False)),
                "flow_logs": by_vpc.get(vpc_id, []),
                "default_security_group": _default_group(defaults.get(vpc_id)),
            },
            api="ec2:DescribeVpcs",
        )


def _flow_logs_by_vpc(
    context: LiveContext, flow_logs: list[Mapping[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    """Flow logs keyed by the VPC that holds what they watch."""
    subnet_vpcs = {
        subnet["SubnetId"]: subnet.get("VpcId")
        for subnet in context.listing("ec2", "DescribeSubnets", "Subnets")
    }
    by_vpc: dict[str, list[dict[str, Any]]] = {}
    for log in flow_logs:
        watched = str(log.get("ResourceId", ""))
        kind = {"vpc-": "VPC", "subnet-": "Subnet", "eni-": "NetworkInterface"}
        found = [name for prefix, name in kind.items() if watched.startswith(prefix)]
        vpc = watched if watched.startswith("vpc-") else subnet_vpcs.get(watched)
        if vpc is None:
            continue  # an interface or transit gateway: its VPC is not named here
        by_vpc.setdefault(vpc, []).append(
            {
                "resource_type": found[0] if found else "TransitGateway",
                "traffic_type": log.get("TrafficType"),
                "destination_type": log.get("LogDestinationType", "cloud-watch-logs"),
            }
        )
    return by_vpc


@collector("ec2.subnet", service="vpc")
def collect_subnets(context: LiveContext) -> Iterator[Resource]:
    """Each subnet of the region."""
    for subnet in context.listing("ec2", "DescribeSubnets", "Subnets"):
        subnet_id = subnet["SubnetId"]
        yield context.resource(
            arn=subnet.get("SubnetArn") or arn(context, "ec2", f"subnet/{subnet_id}"),
            name=name_tag(subnet),
            tags=tags_of(subnet),
            attributes={
                "vpc_id": subnet.get("VpcId"),
                "cidr_block": none_if_empty(subnet.get("CidrBlock")),
                "availability_zone": subnet.get("AvailabilityZone"),
                "map_public_ip_on_launch": bool(subnet.get("MapPublicIpOnLaunch", False)),
            },
            api="ec2:DescribeSubnets",
        )


def _default_group(group: Mapping[str, Any] | None) -> Any:
    """A VPC's default group and its rules; UNKNOWN when the listing did not show it."""
    if group is None:
        return UNKNOWN
    return {
        "id": group.get("GroupId"),
        "ingress": security_group_rules(group.get("IpPermissions", [])),
        "egress": security_group_rules(group.get("IpPermissionsEgress", [])),
    }


@collector("ec2.security_group", service="vpc")
def collect_security_groups(context: LiveContext) -> Iterator[Resource]:
    """Each security group with its rules in the shape the IaC sources give them."""
    for group in context.listing("ec2", "DescribeSecurityGroups", "SecurityGroups"):
        group_id = group["GroupId"]
        yield context.resource(
            arn=group.get("SecurityGroupArn") or arn(context, "ec2", f"security-group/{group_id}"),
            name=group.get("GroupName"),
            tags=tags_of(group),
            attributes={
                "vpc_id": none_if_empty(group.get("VpcId")),
                "is_default": group.get("GroupName") == "default",
                "ingress": security_group_rules(group.get("IpPermissions", [])),
                "egress": security_group_rules(group.get("IpPermissionsEgress", [])),
            },
            api="ec2:DescribeSecurityGroups",
        )


def security_group_rules(permissions: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """IpPermissions as rule objects: one per permission and description, because EC2 groups
    every source of one protocol and port range in one permission, each with its own
    description, while IaC declares a rule per description (an inline block or a resource)."""
    rules: list[dict[str, Any]] = []
    for permission in permissions:
        by_description: dict[Any, dict[str, list[str]]] = {}
        for key, field, peer in _PEERS:
            for item in permission.get(key) or []:
                sources = by_description.setdefault(none_if_empty(item.get("Description")), {})
                sources.setdefault(peer, []).append(item[field])
        for description, sources in by_description.items():
            rules.append(
                sg_rule(
                    permission.get("IpProtocol"),
                    permission.get("FromPort"),
                    permission.get("ToPort"),
                    cidr_ipv4=sources.get("cidr_ipv4"),
                    cidr_ipv6=sources.get("cidr_ipv6"),
                    security_groups=sources.get("groups"),
                    prefix_lists=sources.get("prefix_lists"),
                    description=description,
                )
            )
    return unique_rules(rules)


_PEERS = (
    ("IpRanges", "CidrIp", "cidr_ipv4"),
    ("Ipv6Ranges", "CidrIpv6", "cidr_ipv6"),
    ("UserIdGroupPairs", "GroupId", "groups"),
    ("PrefixListIds", "PrefixListId", "prefix_lists"),
)


@collector("ec2.network_acl", service="vpc")
def collect_network_acls(context: LiveContext) -> Iterator[Resource]:
    """Each network ACL with its entries and the subnets associated with it."""
    for acl in context.listing("ec2", "DescribeNetworkAcls", "NetworkAcls"):
        acl_id = acl["NetworkAclId"]
        entries = [e for e in acl.get("Entries", []) if e.get("RuleNumber") != _DEFAULT_DENY_RULE]
        yield context.resource(
            arn=arn(context, "ec2", f"network-acl/{acl_id}"),
            name=name_tag(acl),
            tags=tags_of(acl),
            attributes={
                "vpc_id": acl.get("VpcId"),
                "is_default": bool(acl.get("IsDefault", False)),
                "ingress": _acl_entries(entries, egress=False),
                "egress": _acl_entries(entries, egress=True),
                "subnet_ids": [
                    a["SubnetId"] for a in acl.get("Associations", []) if "SubnetId" in a
                ],
            },
            api="ec2:DescribeNetworkAcls",
        )


def _acl_entries(entries: list[Mapping[str, Any]], *, egress: bool) -> list[dict[str, Any]]:
    found = []
    for entry in entries:
        if bool(entry.get("Egress")) != egress:
            continue
        protocol = protocol_name(entry.get("Protocol"))
        icmp = protocol in ("icmp", "icmpv6")
        low, high = port_range(
            protocol,
            dig(entry, "IcmpTypeCode", "Type") if icmp else dig(entry, "PortRange", "From"),
            dig(entry, "IcmpTypeCode", "Code") if icmp else dig(entry, "PortRange", "To"),
        )
        found.append(
            {
                "rule_number": entry.get("RuleNumber"),
                "protocol": protocol,
                "action": str(entry.get("RuleAction", "")).lower() or None,
                "cidr_ipv4": none_if_empty(entry.get("CidrBlock")),
                "cidr_ipv6": none_if_empty(entry.get("Ipv6CidrBlock")),
                "from_port": low,
                "to_port": high,
            }
        )
    return sorted(found, key=lambda e: e["rule_number"] or 0)


COLLECTORS = [collect_vpcs, collect_subnets, collect_security_groups, collect_network_acls]
