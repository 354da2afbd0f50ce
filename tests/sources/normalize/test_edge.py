"""Load balancers, listeners, CloudFront distributions and API Gateway stages."""

from __future__ import annotations

from typing import Any

import pytest
from raw_resources import cfn, declared_attributes, tf

from srmap.model import UNKNOWN
from srmap.sources.normalize.tls import negotiation_policy
from srmap.sources.raw import RawResource

CERT = "arn:aws:acm:eu-west-1:1:certificate/c"


def test_load_balancer_defaults_agree() -> None:
    """An unconfigured ALB is internet-facing with no logs, protection or header dropping."""
    expected = {
        "load_balancer_type": "application",
        "internal": False,
        "access_logs_enabled": False,
        "deletion_protection": False,
        "drop_invalid_header_fields": False,
        "security_group_ids": [],
    }
    assert declared_attributes(tf("aws_lb.a", {"name": "a"}), of="aws_lb.a") == expected
    template = cfn("A", "AWS::ElasticLoadBalancingV2::LoadBalancer", {"Name": "a"})
    assert declared_attributes(template, of="A") == expected


def test_network_load_balancer_never_drops_headers() -> None:
    """Header dropping is an ALB setting; other types report False."""
    raw = tf(
        "aws_lb.n",
        {
            "load_balancer_type": "network",
            "internal": True,
            "access_logs": [{"enabled": True, "bucket": "logs"}],
        },
    )
    found = declared_attributes(raw, of="aws_lb.n")
    assert found["drop_invalid_header_fields"] is False
    assert found["internal"] is True
    assert found["access_logs_enabled"] is True


def test_listener_certificates_join_and_default_tls_policy() -> None:
    """Extra certificates join the listener; an HTTPS listener without a policy gets ELB's."""
    listener = tf(
        "aws_lb_listener.https",
        {
            "id": UNKNOWN,
            "arn": UNKNOWN,
            "load_balancer_arn": "arn:lb",
            "protocol": "HTTPS",
            "port": 443,
            "certificate_arn": CERT,
            "ssl_policy": UNKNOWN,
            "default_action": [{"type": "forward"}],
        },
    )
    extra = tf(
        "aws_lb_listener_certificate.more",
        {"listener_arn": UNKNOWN, "certificate_arn": "arn:cert:2"},
        listener_arn=("aws_lb_listener.https",),
    )
    found = declared_attributes(listener, extra, of="aws_lb_listener.https")
    assert found["certificate_arns"] == [CERT, "arn:cert:2"]
    assert found["ssl_policy"] == "ELBSecurityPolicy-2016-08"
    template = cfn(
        "Https",
        "AWS::ElasticLoadBalancingV2::Listener",
        {
            "LoadBalancerArn": "arn:lb",
            "Protocol": "HTTPS",
            "Port": 443,
            "Certificates": [{"CertificateArn": CERT}],
            "DefaultActions": [{"Type": "forward"}],
        },
    )
    part = cfn(
        "HttpsMore",
        "AWS::ElasticLoadBalancingV2::ListenerCertificate",
        {"ListenerArn": UNKNOWN, "Certificates": [{"CertificateArn": "arn:cert:2"}]},
        ListenerArn=("Https",),
    )
    assert declared_attributes(template, part, of="Https") == found


def test_redirect_without_protocol_keeps_the_request_protocol() -> None:
    """A redirect that names no protocol keeps #{protocol}, which may be plain HTTP."""
    listener = tf(
        "aws_lb_listener.http",
        {
            "protocol": "http",
            "port": 80,
            "default_action": [{"type": "redirect", "redirect": [{"port": "8080"}]}],
        },
    )
    found = declared_attributes(listener, of="aws_lb_listener.http")
    assert found["default_actions"] == [{"type": "redirect", "redirect_protocol": "#{protocol}"}]
    assert found["protocol"] == "HTTP"
    assert found["ssl_policy"] is None


def test_classic_load_balancer_reference_policy_in_both_dialects() -> None:
    """A predefined policy referenced by SSLNegotiationPolicyType is the ssl_policy."""
    elb = tf(
        "aws_elb.web",
        {
            "name": "web",
            "listener": [
                {
                    "lb_protocol": "https",
                    "lb_port": 443,
                    "instance_protocol": "http",
                    "instance_port": 80,
                    "ssl_certificate_id": CERT,
                }
            ],
            "access_logs": [{"bucket": "logs"}],
        },
    )
    policy = tf(
        "aws_load_balancer_policy.tls",
        {
            "load_balancer_name": "web",
            "policy_type_name": "SSLNegotiationPolicyType",
            "policy_attribute": [
                {"name": "Reference-Security-Policy", "value": "ELBSecurityPolicy-TLS-1-2-2017-01"}
            ],
        },
    )
    found = declared_attributes(elb, policy, of="aws_elb.web")
    template = cfn(
        "Web",
        "AWS::ElasticLoadBalancing::LoadBalancer",
        {
            "LoadBalancerName": "web",
            "AccessLoggingPolicy": {"Enabled": True},
            "Listeners": [
                {
                    "Protocol": "HTTPS",
                    "LoadBalancerPort": "443",
                    "InstanceProtocol": "HTTP",
                    "InstancePort": "80",
                    "SSLCertificateId": CERT,
                }
            ],
            "Policies": [
                {
                    "PolicyName": "tls",
                    "PolicyType": "SSLNegotiationPolicyType",
                    "Attributes": [
                        {
                            "Name": "Reference-Security-Policy",
                            "Value": "ELBSecurityPolicy-TLS-1-2-2017-01",
                        }
                    ],
                }
            ],
        },
    )
    assert declared_attributes(template, of="Web") == found
    assert found["ssl_policy"] == "ELBSecurityPolicy-TLS-1-2-2017-01"
    assert found["access_logs_enabled"] is True
    assert found["listeners"][0]["protocol"] == "HTTPS"


def test_classic_custom_policy_lists_the_protocols_it_enables() -> None:
    """A custom policy names no predefined policy; its Protocol-* pairs set to true do count."""
    elb = tf("aws_elb.web", {"name": "web", "listener": [{"lb_protocol": "ssl", "lb_port": 443}]})
    pairs = [
        {"name": "Protocol-TLSv1.2", "value": "true"},
        {"name": "Protocol-TLSv1", "value": "false"},
        {"name": "ECDHE-ECDSA-AES128-GCM-SHA256", "value": "true"},
    ]
    custom = tf(
        "aws_lb_ssl_negotiation_policy.custom", {"load_balancer": "web", "attribute": pairs}
    )
    found = declared_attributes(elb, custom, of="aws_elb.web")
    assert (found["ssl_policy"], found["ssl_protocols"]) == (None, ["TLSv1.2"])


@pytest.mark.parametrize(
    ("pairs", "policy", "protocols"),
    [
        ([("Protocol-TLSv1", "true"), ("Protocol-TLSv1.2", True)], None, ["TLSv1", "TLSv1.2"]),
        ([("Protocol-SSLv3", "false")], None, []),
        ([("Reference-Security-Policy", "P"), ("Protocol-TLSv1", "true")], "P", None),
        ([("Protocol-TLSv1", UNKNOWN)], None, UNKNOWN),
        ([(UNKNOWN, "true")], UNKNOWN, UNKNOWN),
        (UNKNOWN, UNKNOWN, UNKNOWN),
    ],
)
def test_negotiation_policy_pairs(pairs: Any, policy: Any, protocols: Any) -> None:
    """A reference wins; else the protocols set to true; an unknown pair leaves it unknown."""
    assert negotiation_policy(pairs) == (policy, protocols)


def test_policy_of_a_balancer_made_elsewhere_keeps_what_it_declares() -> None:
    """A policy whose load balancer is not in the input still reads its own protocols."""
    policy = tf(
        "aws_load_balancer_policy.weak",
        {
            "load_balancer_name": "elsewhere",
            "policy_name": "weak",
            "policy_type_name": "SSLNegotiationPolicyType",
            "policy_attribute": [{"name": "Protocol-TLSv1", "value": "true"}],
        },
    )
    found = declared_attributes(policy, of="aws_load_balancer_policy.weak")
    assert found["listeners"] is UNKNOWN
    assert (found["ssl_policy"], found["ssl_protocols"]) == (None, ["TLSv1"])


def test_cloudformation_custom_policy_reads_alike() -> None:
    """CloudFormation's Policies Attributes take the same shape as Terraform's pairs."""
    listener = {"Protocol": "HTTPS", "LoadBalancerPort": 443, "InstancePort": 80}
    policy = {
        "PolicyName": "custom",
        "PolicyType": "SSLNegotiationPolicyType",
        "Attributes": [{"Name": "Protocol-TLSv1.1", "Value": "true"}],
    }
    values = {"Listeners": [listener], "Policies": [policy]}
    found = declared_attributes(
        cfn("Web", "AWS::ElasticLoadBalancing::LoadBalancer", values), of="Web"
    )
    assert (found["ssl_policy"], found["ssl_protocols"]) == (None, ["TLSv1.1"])


def test_distribution_reads_alike_in_both_dialects() -> None:
    """Viewer and origin protocols, certificate, logging, WAF and geo restriction."""
    raw = tf(
        "aws_cloudfront_distribution.cdn",
        {
            "default_cache_behavior": [{"viewer_protocol_policy": "redirect-to-https"}],
            "ordered_cache_behavior": [{"viewer_protocol_policy": "allow-all"}],
            "viewer_certificate": [
                {"acm_certificate_arn": CERT, "minimum_protocol_version": "TLSv1.2_2021"}
            ],
            "origin": [
                {
                    "custom_origin_config": [
                        {
                            "origin_protocol_policy": "https-only",
                            "origin_ssl_protocols": ["TLSv1.2", "TLSv1.1"],
                        }
                    ]
                },
                {"s3_origin_config": [{}]},
            ],
            "logging_config": [{"bucket": "logs.s3.amazonaws.com"}],
            "web_acl_id": "",
            "restrictions": [{"geo_restriction": [{"restriction_type": "whitelist"}]}],
        },
    )
    template = cfn(
        "Cdn",
        "AWS::CloudFront::Distribution",
        {
            "DistributionConfig": {
                "DefaultCacheBehavior": {"ViewerProtocolPolicy": "redirect-to-https"},
                "CacheBehaviors": [{"ViewerProtocolPolicy": "allow-all"}],
                "ViewerCertificate": {
                    "AcmCertificateArn": CERT,
                    "MinimumProtocolVersion": "TLSv1.2_2021",
                },
                "Origins": [
                    {
                        "CustomOriginConfig": {
                            "OriginProtocolPolicy": "https-only",
                            "OriginSSLProtocols": ["TLSv1.1", "TLSv1.2"],
                        }
                    },
                    {"S3OriginConfig": {}},
                ],
                "Logging": {"Bucket": "logs.s3.amazonaws.com"},
                "Restrictions": {"GeoRestriction": {"RestrictionType": "whitelist"}},
            }
        },
    )
    expected = {
        "viewer_protocol_policies": ["redirect-to-https", "allow-all"],
        "minimum_protocol_version": "TLSv1.2_2021",
        "uses_default_certificate": False,
        "origin_protocol_policies": ["https-only"],
        "origin_ssl_protocols": ["TLSv1.1", "TLSv1.2"],
        "logging_enabled": True,
        "web_acl_id": None,
        "geo_restriction_type": "whitelist",
    }
    assert declared_attributes(raw, of="aws_cloudfront_distribution.cdn") == expected
    assert declared_attributes(template, of="Cdn") == expected


def test_distribution_with_default_certificate() -> None:
    """The *.cloudfront.net certificate has no minimum protocol of its own."""
    raw = tf(
        "aws_cloudfront_distribution.cdn",
        {"viewer_certificate": [{"cloudfront_default_certificate": True}]},
    )
    found = declared_attributes(raw, of="aws_cloudfront_distribution.cdn")
    assert found["uses_default_certificate"] is True
    assert found["minimum_protocol_version"] is None
    assert found["logging_enabled"] is False
    assert found["geo_restriction_type"] == "none"


def test_rest_stage_joins_stage_wide_method_settings() -> None:
    """*/* method settings give the logging level and cache encryption of a caching stage."""
    stage = tf(
        "aws_api_gateway_stage.prod",
        {
            "stage_name": "prod",
            "cache_cluster_enabled": True,
            "xray_tracing_enabled": True,
            "access_log_settings": [{"destination_arn": "arn:logs"}],
        },
    )
    settings = tf(
        "aws_api_gateway_method_settings.all",
        {
            "stage_name": UNKNOWN,
            "method_path": "*/*",
            "settings": [{"logging_level": "INFO", "cache_data_encrypted": True}],
        },
        stage_name=("aws_api_gateway_stage.prod",),
    )
    found = declared_attributes(stage, settings, of="aws_api_gateway_stage.prod")
    template = cfn(
        "Prod",
        "AWS::ApiGateway::Stage",
        {
            "StageName": "prod",
            "CacheClusterEnabled": True,
            "TracingEnabled": True,
            "AccessLogSetting": {"DestinationArn": "arn:logs"},
            "MethodSettings": [
                {
                    "ResourcePath": "/*",
                    "HttpMethod": "*",
                    "LoggingLevel": "INFO",
                    "CacheDataEncrypted": True,
                }
            ],
        },
    )
    assert declared_attributes(template, of="Prod") == found
    assert found == {
        "api_kind": "REST",
        "access_log_destination_arn": "arn:logs",
        "execution_logging_level": "INFO",
        "xray_tracing_enabled": True,
        "cache_encrypted": True,
        "client_certificate_id": None,
    }


@pytest.mark.parametrize(
    "raw",
    [
        tf("aws_apigatewayv2_stage.s", {"name": "s"}),
        cfn("s", "AWS::ApiGatewayV2::Stage", {"StageName": "s"}),
    ],
)
def test_v2_stage_defaults(raw: RawResource) -> None:
    """A v2 stage: kind unknown from the stage alone, no tracing, no cache, no access log."""
    found = declared_attributes(raw, of=raw.address)
    assert found["api_kind"] is UNKNOWN
    assert found["xray_tracing_enabled"] is False
    assert found["cache_encrypted"] is None
    assert found["access_log_destination_arn"] is None
