"""Terraform load balancers and listeners, CloudFront distributions and API Gateway stages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.normalize.registry import Parts, normalizer
from srmap.sources.normalize.terraform._planned import configured
from srmap.sources.normalize.tls import negotiation_policy
from srmap.sources.normalize.values import (
    as_bool,
    as_int,
    as_list,
    block,
    blocks,
    dig,
    none_if_empty,
)
from srmap.sources.raw import Dialect, RawResource

__all__ = ["NORMALIZERS"]

# What ELB applies to a TLS listener created through the API without a policy.
DEFAULT_TLS_POLICY = "ELBSecurityPolicy-2016-08"
_TLS_PROTOCOLS = frozenset({"HTTPS", "TLS", "SSL"})


def _or(value: Any, default: Any) -> Any:
    return default if value is None else value


@normalizer("elbv2.load_balancer", Dialect.TERRAFORM, name="name", identity=("arn", "id", "name"))
def normalize_load_balancer(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_lb or aws_alb."""
    values = raw.values
    kind = _or(configured(raw, "load_balancer_type"), "application")
    drop_invalid = as_bool(values.get("drop_invalid_header_fields"), False)
    groups = as_list(configured(raw, "security_groups"))
    return {
        "load_balancer_type": kind,
        "internal": as_bool(configured(raw, "internal"), False),
        "access_logs_enabled": as_bool(dig(block(values, "access_logs"), "enabled"), False),
        "deletion_protection": as_bool(values.get("enable_deletion_protection"), False),
        "drop_invalid_header_fields": drop_invalid if kind == "application" else False,
        "security_group_ids": groups,
    }


def _tls_policy(protocol: Any, policy: Any) -> Any:
    if policy is not None:
        return policy
    if isinstance(protocol, Unknown):
        return UNKNOWN
    return DEFAULT_TLS_POLICY if protocol in _TLS_PROTOCOLS else None


def _listener_actions(raw: RawResource) -> list[Any] | Unknown:
    actions = blocks(raw.values, "default_action")
    if isinstance(actions, Unknown):
        return UNKNOWN
    found: list[Any] = []
    for action in actions:
        kind = dig(action, "type")
        redirect = block(action, "redirect") if isinstance(action, dict) else UNKNOWN
        protocol = dig(redirect, "protocol")
        found.append(
            {
                "type": kind,
                "redirect_protocol": _or(protocol, "#{protocol}") if kind == "redirect" else None,
            }
        )
    return found


def _certificates(raw: RawResource, parts: Parts) -> list[Any]:
    own = none_if_empty(raw.values.get("certificate_arn"))
    extra = [
        part.values.get("certificate_arn", UNKNOWN)
        for native in ("aws_lb_listener_certificate", "aws_alb_listener_certificate")
        for part in parts.of(native)
    ]
    return list(dict.fromkeys([*([] if own is None else [own]), *extra]))


@normalizer(
    "elbv2.listener",
    Dialect.TERRAFORM,
    name=None,
    identity=("arn", "id"),
    parts={
        "aws_lb_listener_certificate": "listener_arn",
        "aws_alb_listener_certificate": "listener_arn",
    },
)
def normalize_listener(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_lb_listener or aws_alb_listener plus its extra certificates."""
    # left out, the provider's default depends on the load balancer's type: null here, and
    # srmap.derive fills it in once the load balancer is known
    protocol = configured(raw, "protocol")
    protocol = protocol.upper() if isinstance(protocol, str) else protocol
    return {
        "load_balancer_arn": raw.values.get("load_balancer_arn", UNKNOWN),
        "protocol": protocol,
        "port": as_int(raw.values.get("port")),
        "ssl_policy": _tls_policy(protocol, none_if_empty(configured(raw, "ssl_policy"))),
        "certificate_arns": _certificates(raw, parts),
        "default_actions": _listener_actions(raw),
    }


def _classic_listeners(raw: RawResource) -> list[Any] | Unknown:
    listeners = blocks(raw.values, "listener")
    if isinstance(listeners, Unknown):
        return UNKNOWN
    return [
        UNKNOWN
        if isinstance(listener, Unknown)
        else {
            "protocol": _upper(listener.get("lb_protocol")),
            "port": as_int(listener.get("lb_port")),
            "instance_protocol": _upper(listener.get("instance_protocol")),
            "instance_port": as_int(listener.get("instance_port")),
            "ssl_certificate_id": none_if_empty(listener.get("ssl_certificate_id")),
        }
        for listener in listeners
    ]


def _upper(value: Any) -> Any:
    return value.upper() if isinstance(value, str) else value


def _pairs(part: RawResource, key: str) -> list[tuple[Any, Any]] | Unknown:
    attributes = blocks(part.values, key)
    if isinstance(attributes, Unknown):
        return UNKNOWN
    return [(dig(item, "name"), dig(item, "value")) for item in attributes]


def _classic_policy(listeners: list[Any] | Unknown, parts: Parts) -> tuple[Any, Any]:
    """``(ssl_policy, ssl_protocols)`` of the declared SSL negotiation policy, else of the
    default a TLS listener gets."""
    for part in parts.of("aws_load_balancer_policy"):
        if part.values.get("policy_type_name") == "SSLNegotiationPolicyType":
            return negotiation_policy(_pairs(part, "policy_attribute"))
    for part in parts.of("aws_lb_ssl_negotiation_policy"):
        return negotiation_policy(_pairs(part, "attribute"))
    if isinstance(listeners, Unknown):
        return UNKNOWN, UNKNOWN
    protocols = [dig(listener, "protocol") for listener in listeners]
    return (DEFAULT_TLS_POLICY if any(p in _TLS_PROTOCOLS for p in protocols) else None), None


@normalizer(
    "elb.load_balancer",
    Dialect.TERRAFORM,
    name="name",
    identity=("name", "id"),
    parts={
        "aws_load_balancer_policy": "load_balancer_name",
        "aws_load_balancer_listener_policy": "load_balancer_name",
        "aws_lb_ssl_negotiation_policy": "load_balancer",
    },
)
def normalize_classic_load_balancer(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_elb plus its TLS negotiation policies."""
    listeners = _classic_listeners(raw)
    logs = block(raw.values, "access_logs")
    policy, protocols = _classic_policy(listeners, parts)
    return {
        "internal": as_bool(configured(raw, "internal"), False),
        "listeners": listeners,
        "ssl_policy": policy,
        "ssl_protocols": protocols,
        # An access_logs block is enabled unless it says otherwise.
        "access_logs_enabled": False if logs is None else as_bool(dig(logs, "enabled"), True),
        "security_group_ids": as_list(configured(raw, "security_groups")),
    }


def _viewer_policies(values: Mapping[str, Any]) -> list[Any] | Unknown:
    behaviors = [block(values, "default_cache_behavior")]
    ordered = blocks(values, "ordered_cache_behavior")
    if isinstance(ordered, Unknown):
        return UNKNOWN
    return [dig(behavior, "viewer_protocol_policy") for behavior in [*behaviors, *ordered]]


def _custom_origins(values: Mapping[str, Any]) -> list[Any] | Unknown:
    origins = blocks(values, "origin")
    if isinstance(origins, Unknown):
        return UNKNOWN
    configs = [block(origin, "custom_origin_config") for origin in origins]
    return [config for config in configs if config is not None]


def _origin_ssl_protocols(origins: list[Any] | Unknown) -> list[Any] | Unknown:
    if isinstance(origins, Unknown):
        return UNKNOWN
    found: set[str] = set()
    for origin in origins:
        protocols = as_list(dig(origin, "origin_ssl_protocols"))
        if isinstance(protocols, Unknown) or any(isinstance(p, Unknown) for p in protocols):
            return UNKNOWN
        found.update(protocols)
    return sorted(found)


def _viewer_certificate(values: Mapping[str, Any]) -> tuple[Any, Any]:
    """Whether the *.cloudfront.net certificate is served, and the viewer TLS minimum."""
    certificate = block(values, "viewer_certificate")
    if isinstance(certificate, Unknown):
        return UNKNOWN, UNKNOWN
    own = [
        none_if_empty(dig(certificate, key))
        for key in ("acm_certificate_arn", "iam_certificate_id")
    ]
    if all(value is None for value in own):
        return True, None
    return False, _or(none_if_empty(dig(certificate, "minimum_protocol_version")), "TLSv1")


@normalizer("cloudfront.distribution", Dialect.TERRAFORM, name=None, identity=("id", "arn"))
def normalize_distribution(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_cloudfront_distribution."""
    values = raw.values
    origins = _custom_origins(values)
    default_certificate, minimum = _viewer_certificate(values)
    geo = dig(block(values, "restrictions"), "geo_restriction", 0, "restriction_type")
    logging = blocks(values, "logging_config")
    return {
        "viewer_protocol_policies": _viewer_policies(values),
        "minimum_protocol_version": minimum,
        "uses_default_certificate": default_certificate,
        "origin_protocol_policies": UNKNOWN
        if isinstance(origins, Unknown)
        else [dig(origin, "origin_protocol_policy") for origin in origins],
        "origin_ssl_protocols": _origin_ssl_protocols(origins),
        "logging_enabled": UNKNOWN if isinstance(logging, Unknown) else len(logging) > 0,
        "web_acl_id": none_if_empty(values.get("web_acl_id")),
        "geo_restriction_type": _or(geo, "none"),
    }


def _method_setting(parts: Parts, key: str) -> Any:
    """A setting of the stage-wide (*/*) method settings, or None when not set."""
    for part in parts.of("aws_api_gateway_method_settings"):
        path = part.values.get("method_path")
        if path == "*/*" or isinstance(path, Unknown):
            return dig(block(part.values, "settings"), key)
    return None


def _rest_stage(raw: RawResource, parts: Parts) -> dict[str, Any]:
    caching = as_bool(raw.values.get("cache_cluster_enabled"), False)
    encrypted = as_bool(_method_setting(parts, "cache_data_encrypted"), False)
    return {
        "api_kind": "REST",
        "execution_logging_level": _upper(none_if_empty(_method_setting(parts, "logging_level"))),
        "xray_tracing_enabled": as_bool(raw.values.get("xray_tracing_enabled"), False),
        "cache_encrypted": encrypted
        if caching is True
        else (UNKNOWN if caching is UNKNOWN else None),
    }


def _v2_stage(raw: RawResource) -> dict[str, Any]:
    route = block(raw.values, "default_route_settings")
    return {
        # HTTP or WebSocket is a property of the API, not of the stage.
        "api_kind": UNKNOWN,
        "execution_logging_level": _upper(none_if_empty(dig(route, "logging_level"))),
        "xray_tracing_enabled": False,
        "cache_encrypted": None,
    }


@normalizer(
    "apigateway.stage",
    Dialect.TERRAFORM,
    name="stage_name",
    identity=("stage_name", "id", "arn"),
    parts={"aws_api_gateway_method_settings": "stage_name"},
)
def normalize_stage(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_api_gateway_stage plus its method settings, or aws_apigatewayv2_stage."""
    rest = raw.native_type == "aws_api_gateway_stage"
    logs = block(raw.values, "access_log_settings")
    return {
        **(_rest_stage(raw, parts) if rest else _v2_stage(raw)),
        "access_log_destination_arn": none_if_empty(dig(logs, "destination_arn")),
        "client_certificate_id": none_if_empty(raw.values.get("client_certificate_id")),
    }


NORMALIZERS = [
    normalize_load_balancer,
    normalize_listener,
    normalize_classic_load_balancer,
    normalize_distribution,
    normalize_stage,
]
