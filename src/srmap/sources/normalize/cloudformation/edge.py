"""CloudFormation load balancers and listeners, CloudFront distributions and API Gateway
stages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.normalize.registry import Parts, normalizer
from srmap.sources.normalize.tls import negotiation_policy
from srmap.sources.normalize.values import as_bool, as_int, as_list, blocks, dig, none_if_empty
from srmap.sources.raw import Dialect, RawResource

__all__ = ["NORMALIZERS"]

# What ELB applies to a TLS listener created through the API without a policy.
DEFAULT_TLS_POLICY = "ELBSecurityPolicy-2016-08"
_TLS_PROTOCOLS = frozenset({"HTTPS", "TLS", "SSL"})


def _or(value: Any, default: Any) -> Any:
    return default if value is None else value


def _upper(value: Any) -> Any:
    return value.upper() if isinstance(value, str) else value


def _lb_attribute(values: Mapping[str, Any], key: str) -> Any:
    """A LoadBalancerAttributes entry as a bool, False when absent (every ELB default)."""
    attributes = blocks(values, "LoadBalancerAttributes")
    if isinstance(attributes, Unknown):
        return UNKNOWN
    for attribute in attributes:
        if dig(attribute, "Key") == key:
            return as_bool(dig(attribute, "Value"), False)
    return False


@normalizer(
    "elbv2.load_balancer",
    Dialect.CLOUDFORMATION,
    name="Name",
    identity=("Name",),
)
def normalize_load_balancer(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::ElasticLoadBalancingV2::LoadBalancer."""
    values = raw.values
    kind = values.get("Type", "application")
    scheme = values.get("Scheme", "internet-facing")
    drop_invalid = _lb_attribute(values, "routing.http.drop_invalid_header_fields.enabled")
    return {
        "load_balancer_type": kind,
        "internal": UNKNOWN if isinstance(scheme, Unknown) else scheme == "internal",
        "access_logs_enabled": _lb_attribute(values, "access_logs.s3.enabled"),
        "deletion_protection": _lb_attribute(values, "deletion_protection.enabled"),
        "drop_invalid_header_fields": drop_invalid if kind == "application" else False,
        "security_group_ids": as_list(values.get("SecurityGroups")),
    }


def _certificate_arns(holder: Any) -> list[Any] | Unknown:
    certificates = blocks(holder, "Certificates")
    if isinstance(certificates, Unknown):
        return UNKNOWN
    return [dig(certificate, "CertificateArn") for certificate in certificates]


def _certificates(raw: RawResource, parts: Parts) -> list[Any] | Unknown:
    found = _certificate_arns(raw.values)
    for part in parts.of("AWS::ElasticLoadBalancingV2::ListenerCertificate"):
        extra = _certificate_arns(part.values)
        if isinstance(found, Unknown) or isinstance(extra, Unknown):
            return UNKNOWN
        found = [*found, *extra]
    return UNKNOWN if isinstance(found, Unknown) else list(dict.fromkeys(found))


def _actions(values: Mapping[str, Any]) -> list[Any] | Unknown:
    actions = blocks(values, "DefaultActions")
    if isinstance(actions, Unknown):
        return UNKNOWN
    found: list[Any] = []
    for action in actions:
        kind = dig(action, "Type")
        protocol = _or(dig(action, "RedirectConfig", "Protocol"), "#{protocol}")
        found.append({"type": kind, "redirect_protocol": protocol if kind == "redirect" else None})
    return found


@normalizer(
    "elbv2.listener",
    Dialect.CLOUDFORMATION,
    name=None,
    identity=(),
    parts={"AWS::ElasticLoadBalancingV2::ListenerCertificate": "ListenerArn"},
)
def normalize_listener(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::ElasticLoadBalancingV2::Listener plus its extra certificates."""
    values = raw.values
    protocol = _upper(values.get("Protocol", UNKNOWN))
    policy = none_if_empty(values.get("SslPolicy"))
    if policy is None:
        policy = UNKNOWN if isinstance(protocol, Unknown) else None
        if protocol in _TLS_PROTOCOLS:
            policy = DEFAULT_TLS_POLICY
    return {
        "load_balancer_arn": values.get("LoadBalancerArn", UNKNOWN),
        "protocol": protocol,
        "port": as_int(values.get("Port")),
        "ssl_policy": policy,
        "certificate_arns": _certificates(raw, parts),
        "default_actions": _actions(values),
    }


def _classic_listeners(values: Mapping[str, Any]) -> list[Any] | Unknown:
    listeners = blocks(values, "Listeners")
    if isinstance(listeners, Unknown):
        return UNKNOWN
    return [
        UNKNOWN
        if isinstance(listener, Unknown)
        else {
            "protocol": _upper(listener.get("Protocol")),
            "port": as_int(listener.get("LoadBalancerPort")),
            "instance_protocol": _upper(listener.get("InstanceProtocol", listener.get("Protocol"))),
            "instance_port": as_int(listener.get("InstancePort")),
            "ssl_certificate_id": none_if_empty(listener.get("SSLCertificateId")),
        }
        for listener in listeners
    ]


def _classic_policy(values: Mapping[str, Any], listeners: list[Any] | Unknown) -> tuple[Any, Any]:
    """``(ssl_policy, ssl_protocols)`` of the SSL negotiation policy in Policies, else of the
    default a TLS listener gets."""
    policies = blocks(values, "Policies")
    if isinstance(policies, Unknown):
        return UNKNOWN, UNKNOWN
    for policy in policies:
        if dig(policy, "PolicyType") != "SSLNegotiationPolicyType":
            continue
        attributes = blocks(policy, "Attributes")
        if isinstance(attributes, Unknown):
            return UNKNOWN, UNKNOWN
        return negotiation_policy([(dig(a, "Name"), dig(a, "Value")) for a in attributes])
    if isinstance(listeners, Unknown):
        return UNKNOWN, UNKNOWN
    protocols = [dig(listener, "protocol") for listener in listeners]
    return (DEFAULT_TLS_POLICY if any(p in _TLS_PROTOCOLS for p in protocols) else None), None


@normalizer(
    "elb.load_balancer",
    Dialect.CLOUDFORMATION,
    name="LoadBalancerName",
    identity=("LoadBalancerName",),
)
def normalize_classic_load_balancer(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::ElasticLoadBalancing::LoadBalancer."""
    values = raw.values
    listeners = _classic_listeners(values)
    policy, protocols = _classic_policy(values, listeners)
    scheme = values.get("Scheme", "internet-facing")
    return {
        "internal": UNKNOWN if isinstance(scheme, Unknown) else scheme == "internal",
        "listeners": listeners,
        "ssl_policy": policy,
        "ssl_protocols": protocols,
        "access_logs_enabled": as_bool(dig(values, "AccessLoggingPolicy", "Enabled"), False),
        "security_group_ids": as_list(values.get("SecurityGroups")),
    }


def _viewer_certificate(config: Any) -> tuple[Any, Any]:
    """Whether the *.cloudfront.net certificate is served, and the viewer TLS minimum."""
    certificate = dig(config, "ViewerCertificate")
    if isinstance(certificate, Unknown):
        return UNKNOWN, UNKNOWN
    own = [
        none_if_empty(dig(certificate, key)) for key in ("AcmCertificateArn", "IamCertificateId")
    ]
    if all(value is None for value in own):
        return True, None
    return False, _or(none_if_empty(dig(certificate, "MinimumProtocolVersion")), "TLSv1")


def _custom_origins(config: Any) -> list[Any] | Unknown:
    origins = blocks(config, "Origins")
    if isinstance(origins, Unknown):
        return UNKNOWN
    configs = [dig(origin, "CustomOriginConfig") for origin in origins]
    return [origin for origin in configs if origin is not None]


def _origin_ssl_protocols(origins: list[Any] | Unknown) -> list[Any] | Unknown:
    if isinstance(origins, Unknown):
        return UNKNOWN
    found: set[str] = set()
    for origin in origins:
        # Left out, the protocols CloudFront uses were not established here.
        protocols = as_list(_or(dig(origin, "OriginSSLProtocols"), UNKNOWN))
        if isinstance(protocols, Unknown) or any(isinstance(p, Unknown) for p in protocols):
            return UNKNOWN
        found.update(protocols)
    return sorted(found)


def _viewer_policies(config: Any) -> list[Any] | Unknown:
    ordered = blocks(config, "CacheBehaviors")
    if isinstance(ordered, Unknown):
        return UNKNOWN
    behaviors = [dig(config, "DefaultCacheBehavior"), *ordered]
    return [dig(behavior, "ViewerProtocolPolicy") for behavior in behaviors]


@normalizer("cloudfront.distribution", Dialect.CLOUDFORMATION, name=None, identity=())
def normalize_distribution(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::CloudFront::Distribution."""
    config = raw.values.get("DistributionConfig", UNKNOWN)
    origins = _custom_origins(config)
    default_certificate, minimum = _viewer_certificate(config)
    logging = dig(config, "Logging")
    return {
        "viewer_protocol_policies": _viewer_policies(config),
        "minimum_protocol_version": minimum,
        "uses_default_certificate": default_certificate,
        "origin_protocol_policies": UNKNOWN
        if isinstance(origins, Unknown)
        else [dig(origin, "OriginProtocolPolicy") for origin in origins],
        "origin_ssl_protocols": _origin_ssl_protocols(origins),
        "logging_enabled": UNKNOWN if isinstance(logging, Unknown) else logging is not None,
        "web_acl_id": none_if_empty(dig(config, "WebACLId")),
        "geo_restriction_type": _or(
            dig(config, "Restrictions", "GeoRestriction", "RestrictionType"), "none"
        ),
    }


def _rest_stage(values: Mapping[str, Any]) -> dict[str, Any]:
    settings = blocks(values, "MethodSettings")
    stage_wide: Any = None
    if isinstance(settings, Unknown):
        stage_wide = UNKNOWN
    else:
        for setting in settings:
            if dig(setting, "ResourcePath") == "/*" and dig(setting, "HttpMethod") == "*":
                stage_wide = setting
    caching = as_bool(values.get("CacheClusterEnabled"), False)
    encrypted = as_bool(dig(stage_wide, "CacheDataEncrypted"), False)
    return {
        "api_kind": "REST",
        "execution_logging_level": _upper(none_if_empty(dig(stage_wide, "LoggingLevel"))),
        "xray_tracing_enabled": as_bool(values.get("TracingEnabled"), False),
        "cache_encrypted": encrypted
        if caching is True
        else (UNKNOWN if isinstance(caching, Unknown) else None),
        "access_log_destination_arn": none_if_empty(
            dig(values, "AccessLogSetting", "DestinationArn")
        ),
    }


def _v2_stage(values: Mapping[str, Any]) -> dict[str, Any]:
    return {
        # HTTP or WebSocket is a property of the API, not of the stage.
        "api_kind": UNKNOWN,
        "execution_logging_level": _upper(
            none_if_empty(dig(values, "DefaultRouteSettings", "LoggingLevel"))
        ),
        "xray_tracing_enabled": False,
        "cache_encrypted": None,
        "access_log_destination_arn": none_if_empty(
            dig(values, "AccessLogSettings", "DestinationArn")
        ),
    }


@normalizer("apigateway.stage", Dialect.CLOUDFORMATION, name="StageName", identity=("StageName",))
def normalize_stage(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::ApiGateway::Stage or AWS::ApiGatewayV2::Stage."""
    values = raw.values
    rest = raw.native_type == "AWS::ApiGateway::Stage"
    return {
        **(_rest_stage(values) if rest else _v2_stage(values)),
        "client_certificate_id": none_if_empty(values.get("ClientCertificateId")),
    }


NORMALIZERS = [
    normalize_load_balancer,
    normalize_listener,
    normalize_classic_load_balancer,
    normalize_distribution,
    normalize_stage,
]
