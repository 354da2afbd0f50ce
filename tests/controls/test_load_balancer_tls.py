"""Load balancer TLS controls: table-driven verdicts over resource literals, and the webshop."""

from __future__ import annotations

from pathlib import Path

import pytest
from control_verdicts import finding_of, status_of

from srmap.api import scan
from srmap.controls.load_balancer_tls import CONTROLS
from srmap.model import UNKNOWN, Status

ROOT = Path(__file__).resolve().parents[2]
WEBSHOP = ROOT / "examples" / "webshop"
STRONG = "ELBSecurityPolicy-TLS13-1-2-2021-06"


def _action(kind: str, protocol: object = None) -> dict[str, object]:
    return {"type": kind, "redirect_protocol": protocol}


@pytest.mark.parametrize(
    ("protocol", "actions", "expected"),
    [
        ("HTTPS", [_action("forward")], Status.PASS),
        ("TLS", [_action("forward")], Status.PASS),
        ("HTTP", [_action("redirect", "HTTPS")], Status.PASS),
        ("HTTP", [_action("forward")], Status.FAIL),
        ("HTTP", [_action("redirect", "#{protocol}")], Status.FAIL),
        ("HTTP", [_action("redirect", UNKNOWN)], Status.UNKNOWN),
        ("HTTP", UNKNOWN, Status.UNKNOWN),
        ("HTTP", [], Status.FAIL),
        ("TCP", [_action("forward")], Status.NOT_APPLICABLE),
        (UNKNOWN, [_action("forward")], Status.UNKNOWN),
        (None, [], Status.FAIL),
    ],
)
def test_elbv2_listener_https(protocol: object, actions: object, expected: Status) -> None:
    """HTTPS/TLS pass, HTTP passes only when every default action redirects to HTTPS."""
    finding = finding_of(
        "elbv2.listener.https", "elbv2.listener", protocol=protocol, default_actions=actions
    )
    assert finding.status is expected


@pytest.mark.parametrize(
    ("protocol", "policy", "expected"),
    [
        ("HTTPS", STRONG, Status.PASS),
        ("TLS", "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", Status.PASS),
        ("HTTPS", "ELBSecurityPolicy-2016-08", Status.FAIL),
        ("HTTPS", "ELBSecurityPolicy-TLS-1-1-2017-01", Status.FAIL),
        ("HTTPS", "ELBSecurityPolicy-TLS13-1-0-2021-06", Status.FAIL),
        ("HTTPS", UNKNOWN, Status.UNKNOWN),
        ("HTTPS", None, Status.FAIL),
        (UNKNOWN, STRONG, Status.UNKNOWN),
        ("HTTP", None, Status.NOT_APPLICABLE),
    ],
)
def test_elbv2_listener_tls_policy(protocol: object, policy: object, expected: Status) -> None:
    """Policies that still allow TLS 1.0 or 1.1 fail; HTTP listeners have no policy."""
    finding = finding_of(
        "elbv2.listener.tls_policy", "elbv2.listener", protocol=protocol, ssl_policy=policy
    )
    assert finding.status is expected


def _listeners(*protocols: object) -> list[dict[str, object]]:
    return [{"protocol": p, "port": 443, "instance_protocol": "HTTP"} for p in protocols]


@pytest.mark.parametrize(
    ("listeners", "expected"),
    [
        (_listeners("HTTPS", "SSL"), Status.PASS),
        (_listeners("HTTPS", "HTTP"), Status.FAIL),
        (_listeners(UNKNOWN, "HTTP"), Status.FAIL),
        (_listeners("HTTPS", UNKNOWN), Status.UNKNOWN),
        (_listeners("TCP"), Status.NOT_APPLICABLE),
        (UNKNOWN, Status.UNKNOWN),
        (None, Status.FAIL),
    ],
)
def test_classic_listeners(listeners: object, expected: Status) -> None:
    """Any HTTP listener fails: a Classic Load Balancer cannot redirect to HTTPS."""
    control_id = "elb.load_balancer.https_listeners"
    assert status_of(control_id, "elb.load_balancer", listeners=listeners) is expected


@pytest.mark.parametrize(
    ("listeners", "policy", "expected"),
    [
        (_listeners("HTTPS"), "ELBSecurityPolicy-TLS-1-2-2017-01", Status.PASS),
        (_listeners("SSL"), "ELBSecurityPolicy-2016-08", Status.FAIL),
        (_listeners("HTTPS"), None, Status.FAIL),
        (_listeners("HTTPS"), UNKNOWN, Status.UNKNOWN),
        (_listeners("HTTP", "TCP"), None, Status.NOT_APPLICABLE),
        (_listeners(UNKNOWN), "ELBSecurityPolicy-TLS-1-2-2017-01", Status.UNKNOWN),
    ],
)
def test_classic_tls_policy(listeners: object, policy: object, expected: Status) -> None:
    """A TLS listener needs a predefined TLS 1.2 policy; custom cipher lists cannot be proven."""
    finding = finding_of(
        "elb.load_balancer.tls_policy", "elb.load_balancer", listeners=listeners, ssl_policy=policy
    )
    assert finding.status is expected


@pytest.mark.parametrize(
    ("listeners", "policy", "protocols", "expected"),
    [
        (_listeners("HTTPS"), None, ["TLSv1.2"], Status.PASS),
        (_listeners("HTTPS"), None, ["TLSv1.2", "TLSv1"], Status.FAIL),
        (_listeners("SSL"), None, ["SSLv3"], Status.FAIL),
        (_listeners("HTTPS"), None, [], Status.PASS),
        (_listeners("HTTPS"), None, UNKNOWN, Status.UNKNOWN),
        # A policy declared for a balancer the input does not show is judged on its own ...
        (UNKNOWN, None, ["TLSv1.1"], Status.FAIL),
        (UNKNOWN, None, ["TLSv1.2"], Status.PASS),
        (UNKNOWN, "ELBSecurityPolicy-TLS-1-1-2017-01", None, Status.FAIL),
        (UNKNOWN, UNKNOWN, UNKNOWN, Status.UNKNOWN),
        # ... and so is one declared beside plain listeners only.
        (_listeners("HTTP"), None, ["TLSv1"], Status.FAIL),
        (_listeners("HTTP"), None, None, Status.NOT_APPLICABLE),
    ],
)
def test_classic_custom_policy_protocols(
    listeners: object, policy: object, protocols: object, expected: Status
) -> None:
    """A custom policy fails when it enables a protocol older than TLS 1.2."""
    attributes = {"listeners": listeners, "ssl_policy": policy, "ssl_protocols": protocols}
    control_id = "elb.load_balancer.tls_policy"
    assert finding_of(control_id, "elb.load_balancer", **attributes).status is expected


def test_every_control_proves_encryption_in_transit() -> None:
    """The module's controls all judge the encryption-in-transit layer."""
    assert {c.layer.value for c in CONTROLS} == {"encryption_in_transit"}


@pytest.mark.parametrize(
    "path", [WEBSHOP / "terraform" / "plan.json", WEBSHOP / "cloudformation" / "webshop.yaml"]
)
def test_webshop_http_listener_gap_is_found(path: Path) -> None:
    """Gap 10: the HTTP listener forwards instead of redirecting; the HTTPS one passes."""
    report = scan([path], None, WEBSHOP / "srmap.yaml")
    verdicts = {
        (f.control_id, f.resource.id): f.status
        for f in report.result.findings
        if f.control_id.startswith("elbv2.listener.")
    }
    http, https = (
        ("aws_lb_listener.http", "aws_lb_listener.https")
        if path.suffix == ".json"
        else ("WebHttpListener", "WebHttpsListener")
    )
    assert verdicts[("elbv2.listener.https", http)] is Status.FAIL
    assert verdicts[("elbv2.listener.https", https)] is Status.PASS
    assert verdicts[("elbv2.listener.tls_policy", https)] is Status.PASS
