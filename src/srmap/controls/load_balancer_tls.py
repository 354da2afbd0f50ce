"""Customer duties for encryption in transit on load balancers: HTTPS/TLS listeners and their
TLS security policies, Application, Network and Classic."""

from __future__ import annotations

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
from srmap.model import Layer, Resource, Severity

__all__ = ["CONTROLS", "WEAK_ELB_POLICIES", "WEAK_TLS_PROTOCOLS"]

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

_TLS_LISTENER_PROTOCOLS = frozenset({"HTTPS", "TLS"})
_PASSTHROUGH_PROTOCOLS = frozenset({"TCP", "UDP", "TCP_UDP", "GENEVE"})


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


CONTROLS = [
    elbv2_listener_https,
    elbv2_listener_tls_policy,
    elb_https_listeners,
    elb_tls_policy,
]
