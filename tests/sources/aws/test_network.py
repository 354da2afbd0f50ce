"""Live network: VPCs, subnets, security groups and network ACLs read from moto."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import ClientError
from live_collection import collected_as_declared

from srmap.model import Resource
from srmap.report.jsonable import to_jsonable
from srmap.sources.aws.api import Api
from srmap.sources.aws.collector import Collector, Gaps
from srmap.sources.aws.collectors.network import (
    collect_network_acls,
    collect_security_groups,
    collect_subnets,
    collect_vpcs,
    security_group_rules,
)

PARITY = Path(__file__).parent.parent.parent / "fixtures" / "parity" / "ec2_security_group"


def collect(item: Collector, api: Api, gaps: Gaps | None = None) -> dict[str, Resource]:
    """Resources by id, each with exactly the declared names."""
    return {resource.id: resource for resource in collected_as_declared(item, api, gaps)}


def _seed_parity_group() -> tuple[str, str]:
    ec2 = boto3.client("ec2", region_name="eu-west-1")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    group = ec2.create_security_group(GroupName="parity-web", Description="Web tier", VpcId=vpc)
    group_id = group["GroupId"]
    ec2.create_tags(Resources=[group_id], Tags=[{"Key": "Environment", "Value": "parity"}])

    def tcp(port: int, cidr: str, description: str) -> dict[str, Any]:
        ranges = [{"CidrIp": cidr, "Description": description}]
        return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": ranges}

    ec2.authorize_security_group_ingress(
        GroupId=group_id,
        IpPermissions=[
            tcp(443, "0.0.0.0/0", "HTTPS from anywhere"),
            tcp(22, "10.0.0.0/8", "SSH from the corporate network"),
        ],
    )
    everything = {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
    ec2.revoke_security_group_egress(GroupId=group_id, IpPermissions=[everything])
    described = {**everything, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "All outbound"}]}
    ec2.authorize_security_group_egress(GroupId=group_id, IpPermissions=[described])
    return vpc, group_id


def test_live_security_group_matches_the_iac_parity_case(api: Api) -> None:
    """Same group, same rule objects as from the plan, HCL and template."""
    vpc, group_id = _seed_parity_group()
    groups = collect(collect_security_groups, api)
    group = groups[f"arn:aws:ec2:eu-west-1:123456789012:security-group/{group_id}"]
    expected = json.loads((PARITY / "expected.json").read_text())
    want = expected["resources"]["aws_security_group.web"]
    assert (group.name, group.region, group.tags) == (
        "parity-web",
        "eu-west-1",
        {"Environment": "parity"},
    )
    # The VPC id is moto's own; every other attribute is the IaC case's.
    assert group.attributes["vpc_id"] == vpc
    assert to_jsonable({**group.attributes, "vpc_id": None}) == {
        **want["attributes"],
        "vpc_id": None,
    }


def test_default_group_is_marked_default(api: Api) -> None:
    """The VPC's own default group is recognised and keeps its allow-all egress."""
    _seed_parity_group()
    defaults = [g for g in collect(collect_security_groups, api).values() if g.name == "default"]
    assert defaults and all(g.attributes["is_default"] for g in defaults)
    assert defaults[0].attributes["egress"][0]["protocol"] == "-1"


def test_one_permission_splits_by_description_and_groups_sources() -> None:
    """Sources sharing a description stay one rule; each description makes its own."""
    permission = {
        "IpProtocol": "6",
        "FromPort": 5432,
        "ToPort": 5432,
        "IpRanges": [
            {"CidrIp": "10.0.0.0/16", "Description": "app"},
            {"CidrIp": "10.1.0.0/16", "Description": "app"},
        ],
        "Ipv6Ranges": [{"CidrIpv6": "::/0"}],
        "UserIdGroupPairs": [{"GroupId": "sg-1", "Description": "app"}],
        "PrefixListIds": [{"PrefixListId": "pl-1", "Description": "s3"}],
    }
    rules = security_group_rules([permission])
    assert [(r["protocol"], r["description"]) for r in rules] == [
        ("tcp", "app"),
        ("tcp", None),
        ("tcp", "s3"),
    ]
    assert rules[0]["cidr_ipv4"] == ["10.0.0.0/16", "10.1.0.0/16"]
    assert rules[0]["source_security_group_ids"] == ["sg-1"]
    assert rules[1]["cidr_ipv6"] == ["::/0"]
    assert rules[2]["prefix_list_ids"] == ["pl-1"]


def test_vpc_subnet_and_flow_logs(api: Api) -> None:
    """A VPC carries the flow logs on it and on its subnets; subnets their launch setting."""
    ec2 = boto3.client("ec2", region_name="eu-west-1")
    vpc = ec2.create_vpc(CidrBlock="10.8.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.8.1.0/24", AvailabilityZone="eu-west-1a")
    subnet_id = subnet["Subnet"]["SubnetId"]
    ec2.modify_subnet_attribute(SubnetId=subnet_id, MapPublicIpOnLaunch={"Value": True})
    s3 = boto3.client("s3", region_name="eu-west-1")
    s3.create_bucket(
        Bucket="flow-logs", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    bucket = "arn:aws:s3:::flow-logs"
    for resource_id, kind in ((vpc, "VPC"), (subnet_id, "Subnet")):
        ec2.create_flow_logs(
            ResourceIds=[resource_id],
            ResourceType=kind,
            TrafficType="REJECT",
            LogDestinationType="s3",
            LogDestination=bucket,
        )
    vpcs = collect(collect_vpcs, api)
    found = vpcs[f"arn:aws:ec2:eu-west-1:123456789012:vpc/{vpc}"]
    assert found.attributes["cidr_block"] == "10.8.0.0/16"
    assert found.attributes["is_default"] is False
    assert sorted(log["resource_type"] for log in found.attributes["flow_logs"]) == [
        "Subnet",
        "VPC",
    ]
    assert any(v.attributes["is_default"] for v in vpcs.values())
    subnets = collect(collect_subnets, api)
    mine = [s for s in subnets.values() if s.attributes["vpc_id"] == vpc]
    assert [s.attributes["map_public_ip_on_launch"] for s in mine] == [True]
    assert mine[0].attributes["availability_zone"] == "eu-west-1a"


def test_network_acl_entries_without_the_catch_all_deny(api: Api) -> None:
    """Entries read like the IaC ones: numbered, lower-case action, ports; 32767 left out."""
    ec2 = boto3.client("ec2", region_name="eu-west-1")
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    acl = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    ec2.create_network_acl_entry(
        NetworkAclId=acl,
        RuleNumber=100,
        Protocol="6",
        RuleAction="deny",
        Egress=False,
        CidrBlock="0.0.0.0/0",
        PortRange={"From": 22, "To": 22},
    )
    acls = collect(collect_network_acls, api)
    found = acls[f"arn:aws:ec2:eu-west-1:123456789012:network-acl/{acl}"]
    assert found.attributes["ingress"] == [
        {
            "rule_number": 100,
            "protocol": "tcp",
            "action": "deny",
            "cidr_ipv4": "0.0.0.0/0",
            "cidr_ipv6": None,
            "from_port": 22,
            "to_port": 22,
        }
    ]
    assert found.attributes["is_default"] is False
    assert found.attributes["vpc_id"] == vpc


def test_denied_listing_yields_nothing_and_names_the_permission(
    api: Api, aws: boto3.Session
) -> None:
    """A denied DescribeSecurityGroups reports no groups and records the gap."""

    def deny(**_: object) -> None:
        raise ClientError(
            {"Error": {"Code": "UnauthorizedOperation", "Message": "no"}}, "DescribeSecurityGroups"
        )

    aws.events.register("before-call.ec2.DescribeSecurityGroups", deny)
    gaps = Gaps()
    assert collect(collect_security_groups, api, gaps) == {}
    assert ("ec2:DescribeSecurityGroups", "eu-west-1") in gaps.denied


def test_vpc_carries_its_default_group_with_the_rules_ec2_gave_it(
    api: Api, aws: boto3.Session
) -> None:
    """The default group of the shared DescribeSecurityGroups listing sits on its VPC, and
    emptying it shows; a VPC whose group the listing does not show has it unknown."""
    ec2 = boto3.client("ec2", region_name="eu-west-1")
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    vpcs = collect(collect_vpcs, api)
    group = vpcs[f"arn:aws:ec2:eu-west-1:123456789012:vpc/{vpc}"].attributes[
        "default_security_group"
    ]
    assert group["id"].startswith("sg-")
    assert [rule["protocol"] for rule in group["egress"]] == ["-1"]
    ec2.revoke_security_group_egress(
        GroupId=group["id"],
        IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
    )
    api_again = Api(aws, "123456789012")  # a fresh cache: the listing is read again
    arn = f"arn:aws:ec2:eu-west-1:123456789012:vpc/{vpc}"
    emptied = collect(collect_vpcs, api_again)[arn]
    assert emptied.attributes["default_security_group"]["egress"] == []
