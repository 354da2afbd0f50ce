"""Customer duties for encryption in transit: CloudFront, cache, search and streaming
clusters, API Gateway backends. Load balancer listeners are in load_balancer_tls.py, TLS-only
resource policies in secure_transport.py."""

from __future__ import annotations

import re
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

__all__ = ["CONTROLS", "modern_cloudfront_policy"]

_IN_TRANSIT = Layer.ENCRYPTION_IN_TRANSIT

# CloudFront viewer policies are named TLSv<version>_<year>; TLSv1.2_2021 is the first with
# TLS 1.2 and only strong ciphers (TLSv1.2_2018 and _2019 still allow CBC-SHA suites).
# https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
_CLOUDFRONT_POLICY = re.compile(r"TLSv(\d+)\.(\d+)_(\d{4})")

# OpenSearch's endpoint policy that still accepts TLS 1.0 and 1.1.
_WEAK_OPENSEARCH_POLICY = "Policy-Min-TLS-1-0-2019-07"

_HTTPS_VIEWER_POLICIES = frozenset({"redirect-to-https", "https-only"})


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
    "dax.cluster.encryption_in_transit",
    title="DAX cluster endpoint encrypts traffic with TLS",
    layer=_IN_TRANSIT,
    applies_to=["dax.cluster"],
    severity=Severity.MEDIUM,
    remediation="Create the cluster with cluster_endpoint_encryption_type / "
    "ClusterEndpointEncryptionType TLS (it cannot be changed on an existing cluster).",
)
def dax_cluster_in_transit(resource: Resource, context: ControlContext) -> Verdict:
    """DAX leaves the endpoint in plaintext unless TLS is chosen at creation."""
    kind = resource.attributes.get("endpoint_encryption_type")
    evidence = {"endpoint_encryption_type": kind}
    if kind == "TLS":
        return passed("the endpoint accepts TLS connections only", evidence)
    return failed(f"the endpoint is not encrypted ({kind})", evidence)


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
    cloudfront_viewer_https,
    cloudfront_minimum_tls,
    cloudfront_origin_https,
    elasticache_group_in_transit,
    elasticache_cluster_in_transit,
    opensearch_enforce_https,
    opensearch_node_to_node,
    kafka_cluster_in_transit,
    dax_cluster_in_transit,
    apigateway_backend_certificate,
]
