"""Security groups, VPCs, subnets and network ACLs from Terraform and CloudFormation."""

from __future__ import annotations

from typing import Any

import pytest
from raw_resources import cfn, declared_attributes, tf

from srmap.model import UNKNOWN
from srmap.sources.normalize.firewall import new_default_group, protocol_name
from srmap.sources.raw import RawResource


def rule(protocol: str, low: int, high: int, **lists: Any) -> dict[str, Any]:
    return {
        "protocol": protocol,
        "from_port": low,
        "to_port": high,
        "cidr_ipv4": lists.get("cidr_ipv4", []),
        "cidr_ipv6": lists.get("cidr_ipv6", []),
        "source_security_group_ids": lists.get("groups", []),
        "prefix_list_ids": lists.get("prefix_lists", []),
        "description": lists.get("description"),
    }


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("tcp", "tcp"),
        ("TCP", "tcp"),
        ("6", "tcp"),
        (6, "tcp"),
        ("17", "udp"),
        ("1", "icmp"),
        ("58", "icmpv6"),
        ("-1", "-1"),
        (-1, "-1"),
        ("all", "-1"),
        ("50", "50"),
    ],
)
def test_protocols_are_named_alike_in_every_dialect(given: Any, expected: str) -> None:
    """Numbers, names and "all" become one protocol vocabulary."""
    assert protocol_name(given) == expected


def test_inline_terraform_rules_take_the_catalog_shape() -> None:
    """Inline blocks become rule objects; all traffic opens every port; self names the group."""
    group = tf(
        "aws_security_group.web",
        {
            "id": "sg-1",
            "vpc_id": "vpc-1",
            "ingress": [
                {
                    "protocol": "6",
                    "from_port": 443,
                    "to_port": 443,
                    "cidr_blocks": ["0.0.0.0/0"],
                    "ipv6_cidr_blocks": ["::/0"],
                    "description": "",
                },
                {"protocol": "-1", "from_port": 0, "to_port": 0, "self": True},
            ],
            "egress": [],
        },
    )
    found = declared_attributes(group, of="aws_security_group.web")
    assert found["ingress"] == [
        rule("tcp", 443, 443, cidr_ipv4=["0.0.0.0/0"], cidr_ipv6=["::/0"]),
        rule("-1", 0, 65535, groups=["sg-1"]),
    ]
    assert found["egress"] == []
    assert found["is_default"] is False


def test_split_terraform_rules_join_by_reference() -> None:
    """All three separate rule resources join their group; a planned group's unset rules are []."""
    group = tf(
        "aws_security_group.web",
        {"id": UNKNOWN, "vpc_id": "vpc-1", "ingress": UNKNOWN, "egress": UNKNOWN},
    )
    ref = {"security_group_id": ("aws_security_group.web",)}
    legacy = tf(
        "aws_security_group_rule.ssh",
        {
            "id": UNKNOWN,
            "type": "ingress",
            "protocol": "tcp",
            "from_port": 22,
            "to_port": 22,
            "cidr_blocks": ["10.0.0.0/8"],
            "source_security_group_id": UNKNOWN,
            "security_group_id": UNKNOWN,
        },
        **ref,
    )
    modern_in = tf(
        "aws_vpc_security_group_ingress_rule.lb",
        {
            "ip_protocol": "tcp",
            "from_port": 80,
            "to_port": 80,
            "referenced_security_group_id": "sg-lb",
            "security_group_id": UNKNOWN,
        },
        **ref,
    )
    modern_out = tf(
        "aws_vpc_security_group_egress_rule.all",
        {
            "ip_protocol": "-1",
            "cidr_ipv4": "0.0.0.0/0",
            "from_port": None,
            "to_port": None,
            "security_group_id": UNKNOWN,
        },
        **ref,
    )
    found = declared_attributes(group, legacy, modern_in, modern_out, of="aws_security_group.web")
    assert found["ingress"] == [
        rule("tcp", 22, 22, cidr_ipv4=["10.0.0.0/8"]),
        rule("tcp", 80, 80, groups=["sg-lb"]),
    ]
    assert found["egress"] == [rule("-1", 0, 65535, cidr_ipv4=["0.0.0.0/0"])]


def test_split_rule_joins_by_group_id_value() -> None:
    """Without a reference, a rule joins the group whose id it names."""
    group = tf("aws_security_group.web", {"id": "sg-7", "ingress": [], "egress": []})
    part = tf(
        "aws_vpc_security_group_ingress_rule.x",
        {
            "security_group_id": "sg-7",
            "ip_protocol": "udp",
            "from_port": 53,
            "to_port": 53,
            "cidr_ipv4": "10.0.0.0/16",
        },
    )
    found = declared_attributes(group, part, of="aws_security_group.web")
    assert found["ingress"] == [rule("udp", 53, 53, cidr_ipv4=["10.0.0.0/16"])]


def test_unknown_inline_rules_written_in_hcl_stay_unknown() -> None:
    """An unknown dynamic block in HCL (no planned id) is not mistaken for no rules."""
    group = tf("aws_security_group.web", {"ingress": UNKNOWN})
    found = declared_attributes(group, of="aws_security_group.web")
    assert found["ingress"] is UNKNOWN
    assert found["egress"] == []
    assert found["vpc_id"] is None


def test_default_security_group_is_flagged() -> None:
    """aws_default_security_group is the VPC's default group."""
    group = tf("aws_default_security_group.d", {"vpc_id": "vpc-1", "ingress": []})
    assert declared_attributes(group, of="aws_default_security_group.d")["is_default"] is True


def test_cloudformation_rules_match_terraform_shape() -> None:
    """Inline and separate CloudFormation rules, protocol numbers included, take the same shape."""
    group = cfn(
        "Web",
        "AWS::EC2::SecurityGroup",
        {
            "GroupName": "web",
            "VpcId": "vpc-1",
            "SecurityGroupIngress": [
                {"IpProtocol": 6, "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"},
                {"IpProtocol": "-1", "SourcePrefixListId": "pl-1"},
            ],
            "SecurityGroupEgress": [
                {
                    "IpProtocol": "17",
                    "FromPort": 53,
                    "ToPort": 53,
                    "DestinationSecurityGroupId": "sg-dns",
                }
            ],
        },
    )
    part = cfn(
        "WebSsh",
        "AWS::EC2::SecurityGroupIngress",
        {
            "GroupId": UNKNOWN,
            "IpProtocol": "tcp",
            "FromPort": 22,
            "ToPort": 22,
            "CidrIpv6": "::/0",
            "Description": "ssh",
        },
        GroupId=("Web",),
    )
    found = declared_attributes(group, part, of="Web")
    assert found["ingress"] == [
        rule("tcp", 443, 443, cidr_ipv4=["0.0.0.0/0"]),
        rule("-1", 0, 65535, prefix_lists=["pl-1"]),
        rule("tcp", 22, 22, cidr_ipv6=["::/0"], description="ssh"),
    ]
    assert found["egress"] == [rule("udp", 53, 53, groups=["sg-dns"])]


def test_cloudformation_group_without_egress_keeps_the_default_rule() -> None:
    """EC2 keeps its allow-all egress beside separate egress rules when the group declares none."""
    group = cfn("Web", "AWS::EC2::SecurityGroup", {"VpcId": "vpc-1"})
    part = cfn(
        "WebOut",
        "AWS::EC2::SecurityGroupEgress",
        {
            "GroupId": UNKNOWN,
            "IpProtocol": "tcp",
            "FromPort": 443,
            "ToPort": 443,
            "CidrIp": "10.0.0.0/8",
        },
        GroupId=("Web",),
    )
    found = declared_attributes(group, part, of="Web")
    assert found["egress"] == [
        rule("-1", 0, 65535, cidr_ipv4=["0.0.0.0/0"]),
        rule("tcp", 443, 443, cidr_ipv4=["10.0.0.0/8"]),
    ]
    assert found["ingress"] == []


def test_unknown_cloudformation_rules_stay_unknown() -> None:
    """An unresolved SecurityGroupIngress list is UNKNOWN, not empty."""
    group = cfn("Web", "AWS::EC2::SecurityGroup", {"SecurityGroupIngress": UNKNOWN})
    assert declared_attributes(group, of="Web")["ingress"] is UNKNOWN


def test_vpc_flow_logs_join_in_both_dialects() -> None:
    """Flow logs naming the VPC join it with their traffic and destination type."""
    vpc = tf("aws_vpc.main", {"id": UNKNOWN, "cidr_block": "10.0.0.0/16"})
    log = tf(
        "aws_flow_log.main",
        {
            "id": UNKNOWN,
            "vpc_id": UNKNOWN,
            "traffic_type": "ALL",
            "log_destination_type": "s3",
            "subnet_id": None,
        },
        vpc_id=("aws_vpc.main",),
    )
    found = declared_attributes(vpc, log, of="aws_vpc.main")
    flow = {"resource_type": "VPC", "traffic_type": "ALL", "destination_type": "s3"}
    assert found.pop("default_security_group") == new_default_group()
    assert found == {"cidr_block": "10.0.0.0/16", "is_default": False, "flow_logs": [flow]}
    template_vpc = cfn("Main", "AWS::EC2::VPC", {"CidrBlock": "10.0.0.0/16"})
    template_log = cfn(
        "MainLog",
        "AWS::EC2::FlowLog",
        {
            "ResourceId": UNKNOWN,
            "ResourceType": "VPC",
            "TrafficType": "ALL",
            "LogDestinationType": "s3",
        },
        ResourceId=("Main",),
    )
    assert declared_attributes(template_vpc, template_log, of="Main") == {
        **found,
        "default_security_group": new_default_group(),
    }


def test_vpc_without_flow_logs_and_default_vpc() -> None:
    """No flow log means an empty list; aws_default_vpc is the default VPC."""
    found = declared_attributes(
        tf("aws_default_vpc.d", {"cidr_block": "172.31.0.0/16"}), of="aws_default_vpc.d"
    )
    assert found["flow_logs"] == []
    assert found["is_default"] is True


@pytest.mark.parametrize(
    ("raw", "public"),
    [
        (tf("aws_subnet.a", {"vpc_id": "vpc-1", "cidr_block": "10.0.1.0/24"}), False),
        (tf("aws_subnet.a", {"vpc_id": "vpc-1", "map_public_ip_on_launch": True}), True),
        (tf("aws_default_subnet.a", {"availability_zone": "eu-west-1a"}), True),
        (cfn("a", "AWS::EC2::Subnet", {"VpcId": "vpc-1", "MapPublicIpOnLaunch": "true"}), True),
        (cfn("a", "AWS::EC2::Subnet", {"VpcId": "vpc-1"}), False),
    ],
)
def test_subnet_public_ip_mapping_defaults(raw: RawResource, public: bool) -> None:
    """Subnets map public IPs only when told to; default subnets do by default."""
    found = declared_attributes(raw, of=raw.address)
    assert found["map_public_ip_on_launch"] is public


def test_network_acl_entries_from_inline_and_split_rules() -> None:
    """Inline entries and aws_network_acl_rule parts merge, ordered by rule number."""
    acl = tf(
        "aws_network_acl.main",
        {
            "id": "acl-1",
            "vpc_id": "vpc-1",
            "egress": [],
            "ingress": [
                {
                    "rule_no": 200,
                    "protocol": "tcp",
                    "action": "allow",
                    "cidr_block": "0.0.0.0/0",
                    "from_port": 443,
                    "to_port": 443,
                }
            ],
        },
    )
    entry = tf(
        "aws_network_acl_rule.deny_ssh",
        {
            "network_acl_id": "acl-1",
            "rule_number": 100,
            "egress": False,
            "protocol": "6",
            "rule_action": "deny",
            "cidr_block": "0.0.0.0/0",
            "from_port": 22,
            "to_port": 22,
        },
    )
    link = tf("aws_network_acl_association.a", {"network_acl_id": "acl-1", "subnet_id": "subnet-1"})
    found = declared_attributes(acl, entry, link, of="aws_network_acl.main")
    assert [e["rule_number"] for e in found["ingress"]] == [100, 200]
    assert found["ingress"][0] == {
        "rule_number": 100,
        "protocol": "tcp",
        "action": "deny",
        "cidr_ipv4": "0.0.0.0/0",
        "cidr_ipv6": None,
        "from_port": 22,
        "to_port": 22,
    }
    assert found["subnet_ids"] == ["subnet-1"]


def test_cloudformation_network_acl_entries_match() -> None:
    """NetworkAclEntry parts take the same shape; all-traffic entries open every port."""
    acl = cfn("Acl", "AWS::EC2::NetworkAcl", {"VpcId": "vpc-1"})
    entry = cfn(
        "AclOut",
        "AWS::EC2::NetworkAclEntry",
        {
            "NetworkAclId": UNKNOWN,
            "RuleNumber": 100,
            "Protocol": -1,
            "RuleAction": "allow",
            "Egress": True,
            "CidrBlock": "0.0.0.0/0",
        },
        NetworkAclId=("Acl",),
    )
    found = declared_attributes(acl, entry, of="Acl")
    assert found["ingress"] == []
    assert found["egress"] == [
        {
            "rule_number": 100,
            "protocol": "-1",
            "action": "allow",
            "cidr_ipv4": "0.0.0.0/0",
            "cidr_ipv6": None,
            "from_port": 0,
            "to_port": 65535,
        },
    ]


_SSH_ENTRY_TF = {
    "network_acl_id": "acl-elsewhere",
    "rule_number": 100,
    "egress": False,
    "protocol": "tcp",
    "rule_action": "allow",
    "cidr_block": "0.0.0.0/0",
    "from_port": 22,
    "to_port": 22,
}
_SSH_ENTRY_CFN = {
    "NetworkAclId": "acl-elsewhere",
    "RuleNumber": 100,
    "Protocol": 6,
    "RuleAction": "allow",
    "CidrBlock": "0.0.0.0/0",
    "PortRange": {"From": 22, "To": 22},
}


@pytest.mark.parametrize(
    "entry",
    [
        tf("aws_network_acl_rule.ssh", _SSH_ENTRY_TF),
        cfn("Ssh", "AWS::EC2::NetworkAclEntry", _SSH_ENTRY_CFN),
    ],
)
def test_entry_of_an_acl_made_elsewhere_sits_beside_the_unseen_entries(entry: RawResource) -> None:
    """An ACL known only through a separate entry keeps that entry and an UNKNOWN standing for
    the entries it may have besides; its other direction is unknown too."""
    found = declared_attributes(entry, of=entry.address)
    assert found["ingress"][0] is UNKNOWN
    assert found["ingress"][1]["from_port"] == 22
    assert found["ingress"][1]["action"] == "allow"
    egress = found["egress"]
    assert egress is UNKNOWN or egress == [UNKNOWN]


@pytest.mark.parametrize(
    "vpc",
    [
        tf("aws_vpc.main", {"cidr_block": "10.0.0.0/16"}),
        cfn("Main", "AWS::EC2::VPC", {"CidrBlock": "10.0.0.0/16"}),
    ],
)
def test_new_vpc_comes_with_the_default_group_ec2_makes(vpc: RawResource) -> None:
    """All traffic in from the group's own members (an id no input knows), all traffic out."""
    group = declared_attributes(vpc, of=vpc.address)["default_security_group"]
    assert group["id"] is None
    [inbound] = group["ingress"]
    assert (inbound["protocol"], inbound["cidr_ipv4"]) == ("-1", [])
    assert inbound["source_security_group_ids"] == [UNKNOWN]
    [outbound] = group["egress"]
    assert (outbound["protocol"], outbound["cidr_ipv4"]) == ("-1", ["0.0.0.0/0"])


def test_adopted_default_vpc_keeps_an_unknown_default_group() -> None:
    """A default VPC Terraform adopts has whatever its default group became."""
    vpc = tf("aws_default_vpc.main", {})
    assert declared_attributes(vpc, of="aws_default_vpc.main")["default_security_group"] is UNKNOWN
