"""Live edge: load balancers and listeners, CloudFront and API Gateway stages from moto."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import ClientError
from live_collection import collected_as_declared

from srmap.model import UNKNOWN
from srmap.report.jsonable import to_jsonable
from srmap.sources.aws.api import Api
from srmap.sources.aws.collector import Gaps
from srmap.sources.aws.collectors.edge import (
    collect_classic_load_balancers,
    collect_distributions,
    collect_listeners,
    collect_load_balancers,
    collect_stages,
)

PARITY = Path(__file__).parent.parent.parent / "fixtures" / "parity" / "elbv2_listener"
REGION = "eu-west-1"


def _certificate() -> str:
    """An ACM certificate of moto's account: moto refuses listeners with unknown ones."""
    acm = boto3.client("acm", region_name=REGION)
    return str(acm.request_certificate(DomainName="parity.example.com")["CertificateArn"])


def _network() -> tuple[list[str], str]:
    ec2 = boto3.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"{REGION}{z}")
        for i, z in ((1, "a"), (2, "b"))
    ]
    group = ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc)["GroupId"]
    return [s["Subnet"]["SubnetId"] for s in subnets], group


def _seed_parity_balancer() -> tuple[str, str, str]:
    subnets, group = _network()
    certificate = _certificate()
    elbv2 = boto3.client("elbv2", region_name=REGION)
    balancer = elbv2.create_load_balancer(
        Name="parity-web", Subnets=subnets, SecurityGroups=[group], Type="application"
    )["LoadBalancers"][0]["LoadBalancerArn"]
    elbv2.modify_load_balancer_attributes(
        LoadBalancerArn=balancer,
        Attributes=[
            {"Key": "deletion_protection.enabled", "Value": "true"},
            {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"},
        ],
    )
    target = elbv2.create_target_group(
        Name="parity-web", Protocol="HTTP", Port=80, VpcId=_vpc_of(group), TargetType="instance"
    )["TargetGroups"][0]["TargetGroupArn"]
    elbv2.create_listener(
        LoadBalancerArn=balancer,
        Protocol="HTTPS",
        Port=443,
        SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06",
        Certificates=[{"CertificateArn": certificate}],
        DefaultActions=[{"Type": "forward", "TargetGroupArn": target}],
    )
    redirect = {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}
    elbv2.create_listener(
        LoadBalancerArn=balancer,
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "redirect", "RedirectConfig": redirect}],
    )
    return balancer, group, certificate


def _vpc_of(group: str) -> str:
    ec2 = boto3.client("ec2", region_name=REGION)
    return str(ec2.describe_security_groups(GroupIds=[group])["SecurityGroups"][0]["VpcId"])


def _expected() -> dict[str, Any]:
    resources: dict[str, Any] = json.loads((PARITY / "expected.json").read_text())["resources"]
    return resources


def test_live_load_balancer_and_listeners_match_the_iac_parity_case(api: Api) -> None:
    """Same balancer and listeners, same attributes as the plan, HCL and template."""
    balancer_arn, group, certificate = _seed_parity_balancer()
    want = _expected()
    [balancer] = collected_as_declared(collect_load_balancers, api)
    assert (balancer.id, balancer.name) == (balancer_arn, "parity-web")
    found = to_jsonable(balancer.attributes)
    assert found.pop("security_group_ids") == [group]  # moto's own id
    want_balancer = dict(want["aws_lb.web"]["attributes"])
    want_balancer.pop("security_group_ids")
    assert found == want_balancer
    listeners = {r.attributes["port"]: r for r in collected_as_declared(collect_listeners, api)}
    for port, address in ((443, "aws_lb_listener.https"), (80, "aws_lb_listener.http_redirect")):
        found = to_jsonable(listeners[port].attributes)
        # The balancer's ARN exists only after apply, so IaC has it unknown.
        assert found.pop("load_balancer_arn") == balancer_arn
        expected = dict(want[address]["attributes"])
        expected.pop("load_balancer_arn")
        # moto's certificate stands in for the case's, which moto cannot hold.
        assert len(found.pop("certificate_arns")) == len(expected.pop("certificate_arns"))
        assert found == expected, address
    assert listeners[443].attributes["certificate_arns"] == [certificate]


def test_denied_balancer_attributes_are_unknown(api: Api, aws: boto3.Session) -> None:
    """A denied attribute read hides logging and protection, not the scheme or type."""
    _seed_parity_balancer()

    def deny(**_: object) -> None:
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, "x")

    aws.events.register(
        "before-call.elastic-load-balancing-v2.DescribeLoadBalancerAttributes", deny
    )
    gaps = Gaps()
    [balancer] = collected_as_declared(collect_load_balancers, api, gaps)
    assert balancer.attributes["access_logs_enabled"] is UNKNOWN
    assert balancer.attributes["deletion_protection"] is UNKNOWN
    assert balancer.attributes["internal"] is False
    assert ("elbv2:DescribeLoadBalancerAttributes", REGION) in gaps.denied


def test_classic_load_balancer(api: Api) -> None:
    """A classic balancer's listeners, default TLS policy and access logging."""
    subnets, group = _network()
    certificate = _certificate()
    elb = boto3.client("elb", region_name=REGION)
    elb.create_load_balancer(
        LoadBalancerName="legacy",
        Listeners=[
            {"Protocol": "http", "LoadBalancerPort": 80, "InstancePort": 8080},
            {
                "Protocol": "HTTPS",
                "LoadBalancerPort": 443,
                "InstanceProtocol": "HTTP",
                "InstancePort": 8080,
                "SSLCertificateId": certificate,
            },
        ],
        Subnets=subnets[:1],
        SecurityGroups=[group],
        Scheme="internal",
    )
    [balancer] = collected_as_declared(collect_classic_load_balancers, api)
    assert balancer.id == "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/legacy"
    assert balancer.attributes["internal"] is True
    assert balancer.attributes["access_logs_enabled"] is False
    assert balancer.attributes["security_group_ids"] == [group]
    by_port = {listener["port"]: listener for listener in balancer.attributes["listeners"]}
    assert by_port[80]["protocol"] == "HTTP"
    assert by_port[443]["ssl_certificate_id"] == certificate
    assert balancer.attributes["ssl_policy"] == "ELBSecurityPolicy-2016-08"


def _distribution_config() -> dict[str, Any]:
    origin = {
        "Id": "app",
        "DomainName": "app.example.com",
        "CustomOriginConfig": {
            "HTTPPort": 80,
            "HTTPSPort": 443,
            "OriginProtocolPolicy": "match-viewer",
            "OriginSslProtocols": {"Quantity": 2, "Items": ["TLSv1.2", "TLSv1"]},
        },
    }
    behavior = {"TargetOriginId": "app", "ViewerProtocolPolicy": "allow-all"}
    return {
        "CallerReference": "parity",
        "Origins": {"Quantity": 1, "Items": [origin]},
        "DefaultCacheBehavior": behavior,
        "Comment": "",
        "Enabled": True,
        "ViewerCertificate": {"CloudFrontDefaultCertificate": True},
        "Logging": {"Enabled": False, "IncludeCookies": False, "Bucket": "", "Prefix": ""},
    }


def test_distribution_is_global(api: Api) -> None:
    """A distribution is read once, with no region, in the IaC shape."""
    cloudfront = boto3.client("cloudfront", region_name="us-east-1")
    created = cloudfront.create_distribution(DistributionConfig=_distribution_config())
    [distribution] = collected_as_declared(collect_distributions, api, region=None)
    assert distribution.id == created["Distribution"]["ARN"]
    assert distribution.region is None
    assert distribution.attributes == {
        "viewer_protocol_policies": ["allow-all"],
        "minimum_protocol_version": None,
        "uses_default_certificate": True,
        "origin_protocol_policies": ["match-viewer"],
        "origin_ssl_protocols": ["TLSv1", "TLSv1.2"],
        "logging_enabled": False,
        "web_acl_id": None,
        "geo_restriction_type": "none",
    }


def test_rest_and_http_api_stages(api: Api) -> None:
    """REST stages carry tracing and caching; HTTP API stages take their kind from the API."""
    rest = boto3.client("apigateway", region_name=REGION)
    api_id = rest.create_rest_api(name="shop")["id"]
    root = rest.get_resources(restApiId=api_id)["items"][0]["id"]
    rest.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    rest.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK")
    deployment = rest.create_deployment(restApiId=api_id)["id"]
    rest.create_stage(
        restApiId=api_id, stageName="prod", deploymentId=deployment, tracingEnabled=True
    )
    v2 = boto3.client("apigatewayv2", region_name=REGION)
    http_id = v2.create_api(Name="events", ProtocolType="HTTP")["ApiId"]
    v2.create_stage(ApiId=http_id, StageName="live")
    stages = {stage.name: stage for stage in collected_as_declared(collect_stages, api)}
    assert stages["prod"].id == f"arn:aws:apigateway:eu-west-1::/restapis/{api_id}/stages/prod"
    assert stages["prod"].attributes["api_kind"] == "REST"
    assert stages["prod"].attributes["xray_tracing_enabled"] is True
    assert stages["prod"].attributes["cache_encrypted"] is None
    assert stages["live"].attributes["api_kind"] == "HTTP"
    assert stages["live"].attributes["access_log_destination_arn"] is None


def test_scheme_tells_internal_from_internet_facing_balancers(api: Api) -> None:
    """describe_load_balancers' Scheme fills internal: internet-facing is the API's default."""
    subnets, group = _network()
    elbv2 = boto3.client("elbv2", region_name=REGION)
    for name, scheme in (("public", None), ("private", "internal")):
        extra = {"Scheme": scheme} if scheme else {}
        elbv2.create_load_balancer(Name=name, Subnets=subnets, SecurityGroups=[group], **extra)
    found = {
        r.name: r.attributes["internal"] for r in collected_as_declared(collect_load_balancers, api)
    }
    assert found == {"public": False, "private": True}


def test_classic_custom_policy_lists_its_protocols(api: Api) -> None:
    """A custom negotiation policy on the TLS listener yields the protocols it enables."""
    subnets, group = _network()
    elb = boto3.client("elb", region_name=REGION)
    listener = {
        "Protocol": "HTTPS",
        "LoadBalancerPort": 443,
        "InstanceProtocol": "HTTP",
        "InstancePort": 8080,
        "SSLCertificateId": _certificate(),
    }
    elb.create_load_balancer(
        LoadBalancerName="custom", Listeners=[listener], Subnets=subnets[:1], SecurityGroups=[group]
    )
    elb.create_load_balancer_policy(
        LoadBalancerName="custom",
        PolicyName="weak",
        PolicyTypeName="SSLNegotiationPolicyType",
        PolicyAttributes=[
            {"AttributeName": "Protocol-TLSv1", "AttributeValue": "true"},
            {"AttributeName": "Protocol-TLSv1.2", "AttributeValue": "true"},
            {"AttributeName": "Protocol-SSLv3", "AttributeValue": "false"},
        ],
    )
    elb.set_load_balancer_policies_of_listener(
        LoadBalancerName="custom", LoadBalancerPort=443, PolicyNames=["weak"]
    )
    [balancer] = collected_as_declared(collect_classic_load_balancers, api)
    assert balancer.attributes["internal"] is False
    assert balancer.attributes["ssl_policy"] is None
    assert balancer.attributes["ssl_protocols"] == ["TLSv1", "TLSv1.2"]
