"""Customer duties for encryption in transit: load balancer listeners, CloudFront, cache and
search clusters, API Gateway backends. TLS-only resource policies are in secure_transport.py."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from srmap.controls.engine import (
    ControlContext,
    Verdict,
    control,
    failed,
    not_applicable,
    passed,
)
from srmap.model import Layer, Reference, Resource, Severity

__all__ = ["CONTROLS", "WEAK_ELB_POLICIES", "WEAK_TLS_PROTOCOLS", "modern_cloudfront_policy"]

_IN_TRANSIT = Layer.ENCRYPTION_IN_TRANSIT

# ELB security policies that still accept TLS 1.0 or 1.1 (or SSLv3); the post-quantum (PQ)
# policies of 2025-09 all start at TLS 1.2. Sources, as of 2025:
# https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
# https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html
# https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-security-policy-table.html
# ELBSecurityPolicy-2016-08 is what the API, CloudFormation and Terraform use when none is set.
# Protocols a custom Classic Load Balancer policy may enable that are older than TLS 1.2.
WEAK_TLS_PROTOCOLS = frozenset({"SSLv2", "SSLv3", "TLSv1", "TLSv1.1"})

WEAK_ELB_POLICIES = frozenset(
    {
        "ELBSecurityPolicy-2016-08",
        "ELBSecurityPolicy-2015-05",
        "ELBSecurityPolicy-2015-03",
        "ELBSecurityPolicy-2015-02",
        "ELBSecurityPolicy-2014-10",
        "ELBSecurityPolicy-2014-01",
        "ELBSecurityPolicy-2011-08",
        "ELBSample-ELBDefaultNegotiationPolicy",
        "ELBSample-OpenSSLDefaultNegotiationPolicy",
        "ELBSecurityPolicy-TLS-1-0-2015-04",
        "ELBSecurityPolicy-TLS-1-1-2017-01",
        "ELBSecurityPolicy-FS-2018-06",
        "ELBSecurityPolicy-FS-1-1-2019-08",
        "ELBSecurityPolicy-TLS13-1-0-2021-06",
        "ELBSecurityPolicy-TLS13-1-1-2021-06",
        "ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04",
    }
)

# CloudFront viewer policies are named TLSv<version>_<year>; TLSv1.2_2021 is the first with
# TLS 1.2 and only strong ciphers (TLSv1.2_2018 and _2019 still allow CBC-SHA suites).
# https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
_CLOUDFRONT_POLICY = re.compile(r"TLSv(\d+)\.(\d+)_(\d{4})")

# OpenSearch's endpoint policy that still accepts TLS 1.0 and 1.1.
_WEAK_OPENSEARCH_POLICY = "Policy-Min-TLS-1-0-2019-07"

_TLS_LISTENER_PROTOCOLS = frozenset({"HTTPS", "TLS"})
_PASSTHROUGH_PROTOCOLS = frozenset({"TCP", "UDP", "TCP_UDP", "GENEVE"})
_HTTPS_VIEWER_POLICIES = frozenset({"redirect-to-https", "https-only"})


@control(
    "elbv2.listener.https",
    title="Load balancer listener encrypts traffic (HTTPS/TLS, or HTTP that only redirects)",
    layer=_IN_TRANSIT,
    applies_to=["elbv2.listener"],
    severity=Severity.HIGH,
    remediation="Serve HTTPS or TLS; on port 80 keep only a default action that redirects "
    "to HTTPS (status HTTP_301).",
)
def elbv2_listener_https(resource: Resource, context: ControlContext) -> Verdict:
    """Plain TCP/UDP passes payloads through, so their encryption is the targets' concern."""
    protocol = resource.attributes.get("protocol")
    evidence: dict[str, Any] = {"protocol": protocol}
    if protocol in _TLS_LISTENER_PROTOCOLS:
        return passed(f"{protocol} listener", evidence)
    if isinstance(protocol, str) and protocol in _PASSTHROUGH_PROTOCOLS:
        return not_applicable(f"{protocol} listener passes the payload through", evidence)
    actions = resource.attributes.get("default_actions")
    evidence["default_actions"] = actions
    if protocol == "HTTP" and _redirects_to_https(actions):
        return passed("HTTP listener only redirects to HTTPS", evidence)
    return failed(f"{protocol} listener serves traffic unencrypted", evidence)


def _redirects_to_https(actions: Any) -> bool:
    if not isinstance(actions, list) or not actions:
        return False
    return all(
        isinstance(a, Mapping)
        and a.get("type") == "redirect"
        and a.get("redirect_protocol") == "HTTPS"
        for a in actions
    )


@control(
    "elbv2.listener.tls_policy",
    title="HTTPS/TLS listener uses a TLS 1.2+ security policy",
    layer=_IN_TRANSIT,
    applies_to=["elbv2.listener"],
    severity=Severity.MEDIUM,
    remediation="Set ssl_policy to ELBSecurityPolicy-TLS13-1-2-2021-06 (or another policy "
    "without TLS 1.0/1.1); the default, ELBSecurityPolicy-2016-08, allows TLS 1.0.",
)
def elbv2_listener_tls_policy(resource: Resource, context: ControlContext) -> Verdict:
    """Only HTTPS and TLS listeners negotiate TLS."""
    protocol = resource.attributes.get("protocol")
    if isinstance(protocol, str) and protocol not in _TLS_LISTENER_PROTOCOLS:
        return not_applicable(f"{protocol} listener has no TLS policy", {"protocol": protocol})
    policy = resource.attributes.get("ssl_policy")
    return _elb_policy_verdict(policy, {"protocol": protocol})


def _elb_policy_verdict(policy: Any, applies: Mapping[str, Any]) -> Verdict:
    """``applies`` cites what made the listener a TLS one, so an unknown there stays unknown."""
    evidence = {**applies, "ssl_policy": policy}
    if policy in WEAK_ELB_POLICIES:
        return failed(f"{policy} allows TLS 1.0 or 1.1", evidence)
    if isinstance(policy, str):
        return passed(f"{policy} requires TLS 1.2 or newer", evidence)
    return failed("no predefined TLS 1.2 policy could be found", evidence)


@control(
    "elb.load_balancer.https_listeners",
    title="Classic Load Balancer listeners encrypt traffic (HTTPS/SSL)",
    layer=_IN_TRANSIT,
    applies_to=["elb.load_balancer"],
    severity=Severity.HIGH,
    remediation="Replace HTTP listeners with HTTPS (Classic Load Balancers cannot redirect; "
    "an Application Load Balancer can).",
)
def elb_https_listeners(resource: Resource, context: ControlContext) -> Verdict:
    """HTTP listeners fail; TCP listeners pass the payload through and are not judged."""
    protocols = _classic_protocols(resource.attributes.get("listeners"))
    if not isinstance(protocols, dict):
        return failed("listeners could not be read", {"listeners": protocols})
    plain = [path for path, protocol in protocols.items() if protocol == "HTTP"]
    if plain:
        return failed("HTTP listener serves traffic unencrypted", dict.fromkeys(plain, "HTTP"))
    secure = _tls_capable(protocols)
    if not secure:
        return not_applicable("only TCP listeners, which pass the payload through")
    return passed("every HTTP-level listener is HTTPS or SSL", secure)


def _classic_protocols(listeners: Any) -> Any:
    """``listeners[i].protocol`` -> protocol, or the unreadable value itself."""
    if not isinstance(listeners, list):
        return listeners
    return {
        f"listeners[{i}].protocol": item.get("protocol") if isinstance(item, Mapping) else item
        for i, item in enumerate(listeners)
    }


def _tls_capable(protocols: Mapping[str, Any]) -> dict[str, Any]:
    """Listeners that negotiate TLS, or might (an unreadable protocol)."""
    return {
        path: value
        for path, value in protocols.items()
        if value in ("HTTPS", "SSL") or not isinstance(value, str)
    }


@control(
    "elb.load_balancer.tls_policy",
    title="Classic Load Balancer uses a TLS 1.2+ security policy",
    layer=_IN_TRANSIT,
    applies_to=["elb.load_balancer"],
    severity=Severity.MEDIUM,
    remediation="Reference ELBSecurityPolicy-TLS-1-2-2017-01 in the load balancer's SSL "
    "negotiation policy.",
)
def elb_tls_policy(resource: Resource, context: ControlContext) -> Verdict:
    """Only HTTPS and SSL listeners negotiate TLS; a negotiation policy the input declares is
    judged even where no listener it shows uses it (one made for a balancer made elsewhere)."""
    listeners = resource.attributes.get("listeners")
    protocols = _classic_protocols(listeners)
    secure = _tls_capable(protocols) if isinstance(protocols, dict) else {}
    policy = resource.attributes.get("ssl_policy")
    enabled = resource.attributes.get("ssl_protocols")
    declared = isinstance(policy, str) or isinstance(enabled, list)
    if not isinstance(protocols, dict) and not declared:
        return failed("listeners could not be read", {"listeners": listeners})
    if not secure and not declared:
        return not_applicable("no HTTPS or SSL listener")
    if isinstance(enabled, list):
        evidence = {**secure, "ssl_protocols": enabled}
        weak = [protocol for protocol in enabled if protocol in WEAK_TLS_PROTOCOLS]
        if weak:
            return failed(f"the custom policy enables {', '.join(weak)}", evidence)
        return passed("the custom policy enables no protocol older than TLS 1.2", evidence)
    return _elb_policy_verdict(policy, {**secure, "ssl_protocols": enabled})


@control(
    "cloudfront.distribution.viewer_https",
    title="CloudFront requires HTTPS from viewers on every cache behavior",
    layer=_IN_TRANSIT,
    applies_to=["cloudfront.distribution"],
    severity=Severity.MEDIUM,
    remediation="Set viewer_protocol_policy to redirect-to-https or https-only on the default "
    "and every ordered cache behavior.",
)
def cloudfront_viewer_https(resource: Resource, context: ControlContext) -> Verdict:
    """Index 0 is the default cache behavior, the rest the ordered ones."""
    policies = resource.attributes.get("viewer_protocol_policies")
    if not isinstance(policies, list) or not policies:
        return failed("viewer protocol policies unreadable", {"viewer_protocol_policies": policies})
    cited = {f"viewer_protocol_policies[{i}]": p for i, p in enumerate(policies)}
    plain = [path for path, policy in cited.items() if policy == "allow-all"]
    if plain:
        return failed("a cache behavior allows plain HTTP", dict.fromkeys(plain, "allow-all"))
    if all(policy in _HTTPS_VIEWER_POLICIES for policy in policies):
        return passed("every cache behavior requires HTTPS", cited)
    return failed("not every cache behavior is known to require HTTPS", cited)


def modern_cloudfront_policy(name: Any) -> bool:
    """TLSv1.2_2021 or newer: TLS 1.2+ and a policy year of 2021 or later."""
    found = _CLOUDFRONT_POLICY.fullmatch(name) if isinstance(name, str) else None
    if found is None:
        return False
    version = (int(found[1]), int(found[2]))
    return version >= (1, 3) or (version >= (1, 2) and int(found[3]) >= 2021)


@control(
    "cloudfront.distribution.minimum_tls",
    title="CloudFront viewer TLS minimum is TLSv1.2_2021 or newer",
    layer=_IN_TRANSIT,
    applies_to=["cloudfront.distribution"],
    severity=Severity.MEDIUM,
    remediation="Serve your own ACM certificate (SNI) with minimum_protocol_version "
    "TLSv1.2_2021; the default *.cloudfront.net certificate is pinned to TLSv1.",
)
def cloudfront_minimum_tls(resource: Resource, context: ControlContext) -> Verdict:
    """The default certificate always accepts TLS 1.0, whatever else is set."""
    default_certificate = resource.attributes.get("uses_default_certificate")
    if default_certificate is True:
        cited = {"uses_default_certificate": True}
        return failed("the default CloudFront certificate accepts TLS 1.0", cited)
    minimum = resource.attributes.get("minimum_protocol_version")
    evidence = {
        "uses_default_certificate": default_certificate,
        "minimum_protocol_version": minimum,
    }
    if modern_cloudfront_policy(minimum):
        return passed(f"viewer TLS minimum {minimum}", evidence)
    return failed(f"viewer TLS minimum {minimum} is older than TLSv1.2_2021", evidence)


_WEAK_ORIGIN_PROTOCOLS = frozenset({"SSLv3", "TLSv1", "TLSv1.1"})


@control(
    "cloudfront.distribution.origin_https",
    title="CloudFront reaches custom origins over TLS 1.2",
    layer=_IN_TRANSIT,
    applies_to=["cloudfront.distribution"],
    severity=Severity.MEDIUM,
    remediation="Set origin_protocol_policy to https-only and origin_ssl_protocols to "
    '["TLSv1.2"] on every custom origin.',
)
def cloudfront_origin_https(resource: Resource, context: ControlContext) -> Verdict:
    """http-only origins, match-viewer behind allow-all viewers, and SSLv3/TLS 1.0/1.1 fail."""
    policies = resource.attributes.get("origin_protocol_policies")
    protocols = resource.attributes.get("origin_ssl_protocols")
    evidence = {"origin_protocol_policies": policies, "origin_ssl_protocols": protocols}
    if isinstance(policies, list) and not policies:
        return not_applicable("no custom origins", {"origin_protocol_policies": policies})
    if isinstance(policies, list) and "http-only" in policies:
        return failed(
            "a custom origin is reached over plain HTTP", {"origin_protocol_policies": policies}
        )
    if isinstance(policies, list) and "match-viewer" in policies:
        viewers = resource.attributes.get("viewer_protocol_policies")
        evidence["viewer_protocol_policies"] = viewers
        if isinstance(viewers, list) and "allow-all" in viewers:
            return failed("match-viewer origin behind an allow-all behavior", evidence)
    weak = _WEAK_ORIGIN_PROTOCOLS.intersection(protocols) if isinstance(protocols, list) else ()
    if weak:
        return failed(
            f"origins accept {', '.join(sorted(weak))}", {"origin_ssl_protocols": protocols}
        )
    return passed("custom origins are reached over HTTPS with TLS 1.2", evidence)


def _flag_verdict(resource: Resource, attribute: str, what: str) -> Verdict:
    value = resource.attributes.get(attribute)
    if value is True:
        return passed(f"{what} is on", {attribute: value})
    return failed(f"{what} is off", {attribute: value})


@control(
    "elasticache.replication_group.encryption_in_transit",
    title="ElastiCache replication group encrypts connections (TLS)",
    layer=_IN_TRANSIT,
    applies_to=["elasticache.replication_group"],
    severity=Severity.MEDIUM,
    remediation="Set transit_encryption_enabled (mode preferred, then required, to migrate "
    "live clients) and connect with TLS.",
)
def elasticache_group_in_transit(resource: Resource, context: ControlContext) -> Verdict:
    """In-transit encryption flag of the group."""
    return _flag_verdict(resource, "transit_encryption_enabled", "in-transit encryption")


@control(
    "elasticache.cluster.encryption_in_transit",
    title="ElastiCache cluster encrypts connections (TLS)",
    layer=_IN_TRANSIT,
    applies_to=["elasticache.cluster"],
    severity=Severity.MEDIUM,
    remediation="Memcached 1.6.12+: set transit_encryption_enabled; Redis OSS/Valkey: run it "
    "as a replication group with in-transit encryption.",
)
def elasticache_cluster_in_transit(resource: Resource, context: ControlContext) -> Verdict:
    """Members of a replication group are judged on the group."""
    group = resource.attributes.get("replication_group_id")
    if isinstance(group, str | Reference):
        return not_applicable(f"member of {group}: judged on the replication group")
    return _flag_verdict(resource, "transit_encryption_enabled", "in-transit encryption")


@control(
    "opensearch.domain.enforce_https",
    title="OpenSearch domain requires HTTPS with TLS 1.2 or newer",
    layer=_IN_TRANSIT,
    applies_to=["opensearch.domain"],
    severity=Severity.MEDIUM,
    remediation="Set enforce_https and tls_security_policy Policy-Min-TLS-1-2-2019-07 (or "
    "newer) in the domain endpoint options.",
)
def opensearch_enforce_https(resource: Resource, context: ControlContext) -> Verdict:
    """HTTPS enforced, and a TLS policy other than the TLS 1.0 one."""
    enforced = resource.attributes.get("enforce_https")
    if enforced is not True:
        return failed("the endpoint accepts plain HTTP", {"enforce_https": enforced})
    policy = resource.attributes.get("tls_security_policy")
    evidence = {"enforce_https": enforced, "tls_security_policy": policy}
    if policy == _WEAK_OPENSEARCH_POLICY:
        return failed(f"{policy} accepts TLS 1.0 and 1.1", evidence)
    return passed(f"HTTPS is enforced with {policy or 'the default TLS policy'}", evidence)


@control(
    "opensearch.domain.node_to_node_encryption",
    title="OpenSearch domain encrypts traffic between its nodes",
    layer=_IN_TRANSIT,
    applies_to=["opensearch.domain"],
    severity=Severity.MEDIUM,
    remediation="Enable node_to_node_encryption on the domain.",
)
def opensearch_node_to_node(resource: Resource, context: ControlContext) -> Verdict:
    """Node-to-node encryption flag."""
    return _flag_verdict(resource, "node_to_node_encryption", "node-to-node encryption")


@control(
    "kafka.cluster.encryption_in_transit",
    title="MSK cluster encrypts traffic from clients (TLS only) and between brokers",
    layer=_IN_TRANSIT,
    applies_to=["kafka.cluster"],
    severity=Severity.MEDIUM,
    remediation="Set client_broker / ClientBroker to TLS (TLS_PLAINTEXT still admits plaintext "
    "clients); in-cluster encryption is chosen when the cluster is created.",
)
def kafka_cluster_in_transit(resource: Resource, context: ControlContext) -> Verdict:
    """One plaintext path fails whatever the other is."""
    seen = {name: resource.attributes.get(name) for name in ("client_broker", "in_cluster")}
    plain = {k: v for k, v in seen.items() if v is False or v in ("PLAINTEXT", "TLS_PLAINTEXT")}
    if plain:
        return failed("data may travel in plaintext", plain)
    if seen["client_broker"] == "TLS" and seen["in_cluster"] is True:
        return passed("TLS from clients to brokers and between brokers", seen)
    return failed("not every path is known to be encrypted", seen)


@control(
    "apigateway.stage.backend_client_certificate",
    title="API Gateway REST stage authenticates to its backend with a client certificate",
    layer=_IN_TRANSIT,
    applies_to=["apigateway.stage"],
    severity=Severity.LOW,
    remediation="Generate an API Gateway client certificate, set it on the stage and make the "
    "backend require it (mutual TLS).",
)
def apigateway_backend_certificate(resource: Resource, context: ControlContext) -> Verdict:
    """REST stages only: HTTP APIs have no stage client certificate."""
    kind = resource.attributes.get("api_kind")
    if kind in ("HTTP", "WEBSOCKET"):
        return not_applicable(f"{kind} API stages have no backend client certificate")
    certificate = resource.attributes.get("client_certificate_id")
    evidence = {"api_kind": kind, "client_certificate_id": certificate}
    if isinstance(certificate, str):
        return passed(f"client certificate {certificate}", evidence)
    return failed("the backend cannot tell API Gateway's calls from anyone else's", evidence)


CONTROLS = [
    elbv2_listener_https,
    elbv2_listener_tls_policy,
    elb_https_listeners,
    elb_tls_policy,
    cloudfront_viewer_https,
    cloudfront_minimum_tls,
    cloudfront_origin_https,
    elasticache_group_in_transit,
    elasticache_cluster_in_transit,
    opensearch_enforce_https,
    opensearch_node_to_node,
    kafka_cluster_in_transit,
    apigateway_backend_certificate,
]
