"""Load balancers and their listeners, CloudFront distributions and API Gateway stages, live."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from srmap.model import UNKNOWN, Resource, Unknown
from srmap.sources.aws.collector import LiveContext, collector
from srmap.sources.aws.collectors.network import arn
from srmap.sources.normalize.tls import negotiation_policy
from srmap.sources.normalize.values import as_bool, dig, none_if_empty

__all__ = ["COLLECTORS"]

# What ELB applies to a TLS listener created through the API without a policy.
DEFAULT_TLS_POLICY = "ELBSecurityPolicy-2016-08"
_TLS_PROTOCOLS = frozenset({"HTTPS", "TLS", "SSL"})


def _attribute(attributes: Any, key: str) -> Any:
    """One Key/Value load balancer attribute as a bool; UNKNOWN when the read was denied."""
    if isinstance(attributes, Unknown):
        return UNKNOWN
    for item in dig(attributes, "Attributes") or []:
        if item.get("Key") == key:
            return as_bool(item.get("Value"), False)
    return False


@collector("elbv2.load_balancer", service="elbv2")
def collect_load_balancers(context: LiveContext) -> Iterator[Resource]:
    """Application, Network and Gateway Load Balancers with their attributes."""
    for balancer in context.listing("elbv2", "DescribeLoadBalancers", "LoadBalancers"):
        balancer_arn = balancer["LoadBalancerArn"]
        kind = balancer.get("Type", "application")
        attributes = context.attempt(
            "elbv2", "DescribeLoadBalancerAttributes", LoadBalancerArn=balancer_arn
        )
        drop_invalid = _attribute(attributes, "routing.http.drop_invalid_header_fields.enabled")
        yield context.resource(
            arn=balancer_arn,
            name=balancer.get("LoadBalancerName"),
            attributes={
                "load_balancer_type": kind,
                "internal": balancer.get("Scheme") == "internal",
                "access_logs_enabled": _attribute(attributes, "access_logs.s3.enabled"),
                "deletion_protection": _attribute(attributes, "deletion_protection.enabled"),
                "drop_invalid_header_fields": drop_invalid if kind == "application" else False,
                "security_group_ids": list(balancer.get("SecurityGroups", [])),
            },
            api="elbv2:DescribeLoadBalancers",
        )


@collector("elbv2.listener", service="elbv2")
def collect_listeners(context: LiveContext) -> Iterator[Resource]:
    """Every listener of every load balancer, with its extra certificates."""
    for balancer in context.listing("elbv2", "DescribeLoadBalancers", "LoadBalancers"):
        balancer_arn = balancer["LoadBalancerArn"]
        listed = context.listing(
            "elbv2", "DescribeListeners", "Listeners", LoadBalancerArn=balancer_arn
        )
        for listener in listed:
            protocol = listener.get("Protocol")
            # Only TLS listeners negotiate; the catalog keeps null for the others.
            policy = none_if_empty(listener.get("SslPolicy")) or DEFAULT_TLS_POLICY
            if protocol not in _TLS_PROTOCOLS:
                policy = None
            yield context.resource(
                arn=listener["ListenerArn"],
                name=None,
                attributes={
                    "load_balancer_arn": balancer_arn,
                    "protocol": protocol,
                    "port": listener.get("Port"),
                    "ssl_policy": policy,
                    "certificate_arns": _listener_certificates(context, listener),
                    "default_actions": [_action(a) for a in listener.get("DefaultActions", [])],
                },
                api="elbv2:DescribeListeners",
            )


def _action(action: Mapping[str, Any]) -> dict[str, Any]:
    kind = action.get("Type")
    protocol = dig(action, "RedirectConfig", "Protocol") or "#{protocol}"
    return {"type": kind, "redirect_protocol": protocol if kind == "redirect" else None}


def _listener_certificates(context: LiveContext, listener: Mapping[str, Any]) -> Any:
    """The default certificate first, then the extra ones (a TLS listener's SNI list)."""
    default = [
        c["CertificateArn"] for c in listener.get("Certificates", []) if "CertificateArn" in c
    ]
    if listener.get("Protocol") not in _TLS_PROTOCOLS:
        return default
    extra = context.attempt(
        "elbv2", "DescribeListenerCertificates", ListenerArn=listener["ListenerArn"]
    )
    if isinstance(extra, Unknown):
        return UNKNOWN
    found = [c.get("CertificateArn") for c in dig(extra, "Certificates") or []]
    return list(dict.fromkeys([*default, *found]))


@collector("elb.load_balancer", service="elb")
def collect_classic_load_balancers(context: LiveContext) -> Iterator[Resource]:
    """Classic Load Balancers with their listeners, TLS policy and access logging."""
    listed = context.listing("elb", "DescribeLoadBalancers", "LoadBalancerDescriptions")
    for balancer in listed:
        name = balancer["LoadBalancerName"]
        described = [item.get("Listener", {}) for item in balancer.get("ListenerDescriptions", [])]
        logging = context.attempt("elb", "DescribeLoadBalancerAttributes", LoadBalancerName=name)
        enabled = dig(logging, "LoadBalancerAttributes", "AccessLog", "Enabled")
        policy, protocols = _classic_policy(context, balancer)
        yield context.resource(
            arn=arn(context, "elasticloadbalancing", f"loadbalancer/{name}"),
            name=name,
            attributes={
                "internal": balancer.get("Scheme") == "internal",
                "listeners": [_classic_listener(listener) for listener in described],
                "ssl_policy": policy,
                "ssl_protocols": protocols,
                "access_logs_enabled": enabled if isinstance(enabled, Unknown) else bool(enabled),
                "security_group_ids": list(balancer.get("SecurityGroups", [])),
            },
            api="elb:DescribeLoadBalancers",
        )


def _classic_listener(listener: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "protocol": str(listener.get("Protocol", "")).upper(),
        "port": listener.get("LoadBalancerPort"),
        "instance_protocol": str(listener.get("InstanceProtocol", "")).upper(),
        "instance_port": listener.get("InstancePort"),
        "ssl_certificate_id": none_if_empty(listener.get("SSLCertificateId")),
    }


def _classic_policy(context: LiveContext, balancer: Mapping[str, Any]) -> tuple[Any, Any]:
    """``(ssl_policy, ssl_protocols)`` of the policy TLS listeners use; (None, None) without
    TLS."""
    tls = [
        item
        for item in balancer.get("ListenerDescriptions", [])
        if str(dig(item, "Listener", "Protocol")).upper() in _TLS_PROTOCOLS
    ]
    names = sorted({name for item in tls for name in item.get("PolicyNames", [])})
    if not tls:
        return None, None
    if not names:
        return DEFAULT_TLS_POLICY, None
    policies = context.attempt(
        "elb",
        "DescribeLoadBalancerPolicies",
        LoadBalancerName=balancer["LoadBalancerName"],
        PolicyNames=names,
    )
    if isinstance(policies, Unknown):
        return UNKNOWN, UNKNOWN
    for policy in policies.get("PolicyDescriptions", []):
        if policy.get("PolicyTypeName") == "SSLNegotiationPolicyType":
            described = policy.get("PolicyAttributeDescriptions", [])
            pairs = [(a.get("AttributeName"), a.get("AttributeValue")) for a in described]
            return negotiation_policy(pairs)
    return DEFAULT_TLS_POLICY, None


def _items(value: Any, *path: str) -> list[Any]:
    """The Items of a CloudFront {Quantity, Items} list; [] when it has none."""
    return list(dig(value, *path, "Items") or [])


@collector("cloudfront.distribution", service="cloudfront", scope="global")
def collect_distributions(context: LiveContext) -> Iterator[Resource]:
    """Distributions are global: listed once, with no region."""
    for summary in _distribution_summaries(context):
        config = context.attempt("cloudfront", "GetDistributionConfig", Id=summary["Id"])
        logging = dig(config, "DistributionConfig", "Logging", "Enabled")
        yield context.resource(
            arn=summary["ARN"],
            name=summary.get("Id"),
            region=None,
            attributes={
                **_distribution(summary),
                "logging_enabled": logging if isinstance(logging, Unknown) else bool(logging),
            },
            api="cloudfront:ListDistributions",
        )


def _distribution_summaries(context: LiveContext) -> Iterator[Mapping[str, Any]]:
    marker: str | None = None
    while True:
        params = {} if marker is None else {"Marker": marker}
        page = context.attempt("cloudfront", "ListDistributions", **params)
        if isinstance(page, Unknown) or page is None:
            return
        yield from _items(page, "DistributionList")
        marker = dig(page, "DistributionList", "NextMarker")
        if not dig(page, "DistributionList", "IsTruncated") or not marker:
            return


def _distribution(summary: Mapping[str, Any]) -> dict[str, Any]:
    behaviors = [summary.get("DefaultCacheBehavior"), *_items(summary, "CacheBehaviors")]
    origins = [dig(o, "CustomOriginConfig") for o in _items(summary, "Origins")]
    custom = [origin for origin in origins if origin]
    certificate = summary.get("ViewerCertificate") or {}
    own = certificate.get("ACMCertificateArn") or certificate.get("IAMCertificateId")
    return {
        "viewer_protocol_policies": [dig(b, "ViewerProtocolPolicy") for b in behaviors],
        "minimum_protocol_version": certificate.get("MinimumProtocolVersion") if own else None,
        "uses_default_certificate": not own,
        "origin_protocol_policies": [origin.get("OriginProtocolPolicy") for origin in custom],
        "origin_ssl_protocols": sorted(
            {p for origin in custom for p in _items(origin, "OriginSslProtocols")}
        ),
        "web_acl_id": none_if_empty(summary.get("WebACLId")),
        "geo_restriction_type": dig(summary, "Restrictions", "GeoRestriction", "RestrictionType")
        or "none",
    }


@collector("apigateway.stage", service="apigateway")
def collect_stages(context: LiveContext) -> Iterator[Resource]:
    """Stages of REST APIs (v1) and of HTTP and WebSocket APIs (v2)."""
    for api in context.listing("apigateway", "GetRestApis", "items"):
        stages = context.attempt("apigateway", "GetStages", restApiId=api["id"])
        for stage in _listed(stages, "item"):
            yield _stage(context, f"/restapis/{api['id']}", stage["stageName"], _rest(stage))
    for api in context.listing("apigatewayv2", "GetApis", "Items"):
        stages = context.attempt("apigatewayv2", "GetStages", ApiId=api["ApiId"])
        for stage in _listed(stages, "Items"):
            attributes = _v2(stage, api.get("ProtocolType"))
            yield _stage(context, f"/apis/{api['ApiId']}", stage["StageName"], attributes)


def _listed(response: Any, key: str) -> list[Any]:
    """The items of a response; a denied read has shown none (its gap is recorded)."""
    return [] if isinstance(response, Unknown) or response is None else response.get(key, [])


def _stage(context: LiveContext, path: str, name: str, attributes: dict[str, Any]) -> Resource:
    return context.resource(
        arn=f"arn:aws:apigateway:{context.region}::{path}/stages/{name}",
        name=name,
        attributes=attributes,
        api="apigateway:GetStages",
    )


def _rest(stage: Mapping[str, Any]) -> dict[str, Any]:
    stage_wide = dig(stage, "methodSettings", "*/*") or {}
    caching = bool(stage.get("cacheClusterEnabled", False))
    level = none_if_empty(stage_wide.get("loggingLevel"))
    return {
        "api_kind": "REST",
        "access_log_destination_arn": none_if_empty(
            dig(stage, "accessLogSettings", "destinationArn")
        ),
        "execution_logging_level": level.upper() if isinstance(level, str) else None,
        "xray_tracing_enabled": bool(stage.get("tracingEnabled", False)),
        "cache_encrypted": bool(stage_wide.get("cacheDataEncrypted", False)) if caching else None,
        "client_certificate_id": none_if_empty(stage.get("clientCertificateId")),
    }


def _v2(stage: Mapping[str, Any], protocol: Any) -> dict[str, Any]:
    level = none_if_empty(dig(stage, "DefaultRouteSettings", "LoggingLevel"))
    return {
        "api_kind": protocol,
        "access_log_destination_arn": none_if_empty(
            dig(stage, "AccessLogSettings", "DestinationArn")
        ),
        "execution_logging_level": level.upper() if isinstance(level, str) else None,
        "xray_tracing_enabled": False,
        "cache_encrypted": None,
        "client_certificate_id": none_if_empty(stage.get("ClientCertificateId")),
    }


COLLECTORS = [
    collect_load_balancers,
    collect_listeners,
    collect_classic_load_balancers,
    collect_distributions,
    collect_stages,
]
