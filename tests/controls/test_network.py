"""Network controls: internet ingress, default groups, NACLs, flow logs, endpoints, public IPs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from control_verdicts import status_of
from hypothesis import given
from hypothesis import strategies as st

from srmap.api import scan
from srmap.controls.network import covers_port, rule_opens_any_port, rule_opens_port
from srmap.controls.policy_documents import all_true, any_true
from srmap.model import UNKNOWN, Status

ROOT = Path(__file__).resolve().parents[2]


def _rule(
    protocol: object = "tcp", low: object = 22, high: object = 22, **extra: Any
) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "protocol": protocol,
        "from_port": low,
        "to_port": high,
        "cidr_ipv4": ["0.0.0.0/0"],
        "cidr_ipv6": [],
        "source_security_group_ids": [],
        "prefix_list_ids": [],
        "description": None,
    }
    return {**rule, **extra}


@pytest.mark.parametrize(
    ("rule", "port", "expected"),
    [
        (_rule(), 22, True),
        (_rule(low=0, high=1024), 22, True),
        (_rule("-1", 0, 65535), 3389, True),
        (_rule(low=80, high=80), 22, False),
        (_rule("udp"), 22, False),
        (_rule(cidr_ipv4=["10.0.0.0/8"]), 22, False),
        (_rule(cidr_ipv4=[], cidr_ipv6=["::/0"]), 22, True),
        (_rule(cidr_ipv4=UNKNOWN), 22, UNKNOWN),
        (_rule(cidr_ipv4=[UNKNOWN, "0.0.0.0/0"]), 22, True),
        (_rule(low=UNKNOWN), 22, UNKNOWN),
        (_rule(protocol=UNKNOWN), 22, UNKNOWN),
        (_rule(protocol="udp", cidr_ipv4=UNKNOWN), 22, False),
    ],
)
def test_rule_opens_port(rule: dict[str, Any], port: int, expected: object) -> None:
    """A TCP or all-traffic rule from 0.0.0.0/0 or ::/0 whose range holds the port opens it."""
    assert rule_opens_port(rule, port) is expected


@pytest.mark.parametrize(
    ("control_id", "ingress", "expected"),
    [
        ("ec2.security_group.ssh_open_to_internet", [_rule()], Status.FAIL),
        ("ec2.security_group.ssh_open_to_internet", [_rule(low=443, high=443)], Status.PASS),
        ("ec2.security_group.ssh_open_to_internet", [], Status.PASS),
        ("ec2.security_group.ssh_open_to_internet", UNKNOWN, Status.UNKNOWN),
        ("ec2.security_group.ssh_open_to_internet", [_rule(low=UNKNOWN)], Status.UNKNOWN),
        (
            "ec2.security_group.ssh_open_to_internet",
            [_rule(low=443, high=443, source_security_group_ids=UNKNOWN)],
            Status.PASS,
        ),
        ("ec2.security_group.rdp_open_to_internet", [_rule(low=3389, high=3389)], Status.FAIL),
        ("ec2.security_group.rdp_open_to_internet", [_rule()], Status.PASS),
        (
            "ec2.security_group.database_ports_open_to_internet",
            [_rule(low=5432, high=5432)],
            Status.FAIL,
        ),
        (
            "ec2.security_group.database_ports_open_to_internet",
            [_rule(low=3000, high=3400)],
            Status.FAIL,
        ),
        ("ec2.security_group.database_ports_open_to_internet", [_rule()], Status.PASS),
        ("ec2.security_group.admin_ports_open_to_internet", [_rule(low=23, high=23)], Status.FAIL),
        ("ec2.security_group.all_ports_open_to_internet", [_rule("-1", 0, 65535)], Status.FAIL),
        ("ec2.security_group.all_ports_open_to_internet", [_rule(low=0, high=65535)], Status.FAIL),
        ("ec2.security_group.all_ports_open_to_internet", [_rule(low=0, high=1024)], Status.PASS),
        (
            "ec2.security_group.all_ports_open_to_internet",
            [_rule("-1", 0, 65535, cidr_ipv4=["10.0.0.0/16"])],
            Status.PASS,
        ),
    ],
)
def test_security_group_ingress(control_id: str, ingress: object, expected: Status) -> None:
    """Each port family fails on its own ports from the internet; unknown ports are unknown."""
    assert (
        status_of(control_id, "ec2.security_group", ingress=ingress, is_default=False) is expected
    )


@pytest.mark.parametrize(
    ("is_default", "ingress", "egress", "expected"),
    [
        (True, [], [], Status.PASS),
        (True, [], [_rule("-1", 0, 65535)], Status.FAIL),
        (False, [_rule()], [], Status.NOT_APPLICABLE),
        (UNKNOWN, [], [], Status.UNKNOWN),
        (True, UNKNOWN, [], Status.UNKNOWN),
    ],
)
def test_default_security_group(
    is_default: object, ingress: object, egress: object, expected: Status
) -> None:
    """The default group must have no rules at all."""
    control_id = "ec2.security_group.default_restricts_all"
    attributes = {"is_default": is_default, "ingress": ingress, "egress": egress}
    assert status_of(control_id, "ec2.security_group", **attributes) is expected


FLOW = {"resource_type": "VPC", "traffic_type": "ALL", "destination_type": "s3"}


@pytest.mark.parametrize(
    ("flow_logs", "expected"),
    [([FLOW], Status.PASS), ([], Status.FAIL), (UNKNOWN, Status.UNKNOWN), ([UNKNOWN], Status.PASS)],
)
def test_vpc_flow_logs(flow_logs: object, expected: Status) -> None:
    """A VPC needs at least one flow log; a declared one with unknown settings still counts."""
    assert status_of("ec2.vpc.flow_logs_enabled", "ec2.vpc", flow_logs=flow_logs) is expected


@pytest.mark.parametrize(
    ("public", "cidrs", "expected"),
    [
        (False, ["0.0.0.0/0"], Status.PASS),
        (True, ["0.0.0.0/0"], Status.FAIL),
        (True, [], Status.FAIL),
        (True, ["203.0.113.0/24"], Status.PASS),
        (UNKNOWN, ["203.0.113.0/24"], Status.UNKNOWN),
        (True, UNKNOWN, Status.UNKNOWN),
    ],
)
def test_eks_endpoint(public: object, cidrs: object, expected: Status) -> None:
    """A public endpoint open to 0.0.0.0/0 (the default when no CIDRs are set) fails."""
    control_id = "eks.cluster.endpoint_not_open_to_internet"
    attributes = {"endpoint_public_access": public, "public_access_cidrs": cidrs}
    assert status_of(control_id, "eks.cluster", **attributes) is expected


@pytest.mark.parametrize(
    ("type_id", "attribute"),
    [
        ("ec2.instance", "public_ip"),
        ("ec2.launch_template", "public_ip"),
        ("autoscaling.launch_configuration", "public_ip"),
        ("ec2.subnet", "map_public_ip_on_launch"),
        ("ecs.service", "assign_public_ip"),
    ],
)
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, Status.FAIL),
        (False, Status.PASS),
        (None, Status.NOT_APPLICABLE),
        (UNKNOWN, Status.UNKNOWN),
    ],
)
def test_no_public_ip(type_id: str, attribute: str, value: object, expected: Status) -> None:
    """Assigning a public address fails; leaving it unset defers to the subnet."""
    assert status_of(f"{type_id}.no_public_ip", type_id, **{attribute: value}) is expected


@pytest.mark.parametrize(
    ("source", "resource_id"),
    [
        ("terraform/plan.json", "aws_security_group.web"),
        ("cloudformation/webshop.yaml", "WebSecurityGroup"),
    ],
)
def test_webshop_ssh_gap(source: str, resource_id: str) -> None:
    """Gap 1: the web tier's SSH rule from 0.0.0.0/0 fails; the load balancer's 80/443 do not."""
    webshop = ROOT / "examples" / "webshop"
    report = scan([webshop / source], None, webshop / "srmap.yaml")
    failing = {
        (f.control_id, f.resource.id)
        for f in report.result.findings
        if f.status is Status.FAIL and f.control_id.startswith("ec2.security_group.")
    }
    assert failing == {("ec2.security_group.ssh_open_to_internet", resource_id)}


@pytest.mark.parametrize(
    ("cidrs", "expected"),
    [
        ({"cidr_ipv6": ["0000:0000:0000:0000:0000:0000:0000:0000/0"]}, Status.FAIL),
        ({"cidr_ipv4": ["0.0.0.0/0"]}, Status.FAIL),
        ({"cidr_ipv4": ["0.1.0.0/0"]}, Status.PASS),
        ({"cidr_ipv4": ["0.0.0.0/1"]}, Status.PASS),
        ({"cidr_ipv4": ["not a cidr"]}, Status.PASS),
    ],
)
def test_any_spelling_of_a_zero_prefix_is_the_internet(
    cidrs: dict[str, Any], expected: Status
) -> None:
    """The /0 network is the whole internet however it is written; one with host bits set is
    not a network address."""
    attributes = {"ingress": [_rule(**{"cidr_ipv4": [], **cidrs})]}
    control_id = "ec2.security_group.ssh_open_to_internet"
    assert status_of(control_id, "ec2.security_group", **attributes) is expected


def test_tcp_ports_zero_to_zero_open_port_zero_only() -> None:
    """For tcp, 0-0 is the range of port 0; only protocol -1 ignores the ports."""
    control_id = "ec2.security_group.ssh_open_to_internet"
    closed = {"ingress": [_rule("tcp", 0, 0)]}
    opened = {"ingress": [_rule("-1", 0, 0)]}
    assert status_of(control_id, "ec2.security_group", **closed) is Status.PASS
    assert status_of(control_id, "ec2.security_group", **opened) is Status.FAIL


@pytest.mark.parametrize(
    ("type_id", "attributes", "expected"),
    [
        ("elbv2.load_balancer", {"load_balancer_type": "application", "internal": False}, "fail"),
        ("elbv2.load_balancer", {"load_balancer_type": "network", "internal": True}, "pass"),
        ("elbv2.load_balancer", {"load_balancer_type": "gateway", "internal": False}, "n/a"),
        ("elbv2.load_balancer", {"load_balancer_type": UNKNOWN, "internal": False}, "unknown"),
        (
            "elbv2.load_balancer",
            {"load_balancer_type": "application", "internal": UNKNOWN},
            "unknown",
        ),
        ("elb.load_balancer", {"internal": False}, "fail"),
        ("elb.load_balancer", {"internal": True}, "pass"),
    ],
)
def test_load_balancer_scheme(type_id: str, attributes: dict[str, Any], expected: str) -> None:
    """An internet-facing scheme fails; a Gateway Load Balancer has none to choose."""
    want = {"n/a": Status.NOT_APPLICABLE}.get(expected) or Status(expected)
    assert status_of(f"{type_id}.not_internet_facing", type_id, **attributes) is want


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        ({"id": "sg-1", "ingress": [], "egress": []}, Status.PASS),
        ({"id": None, "ingress": [_rule("-1")], "egress": []}, Status.FAIL),
        ({"id": "sg-1", "ingress": [], "egress": [UNKNOWN]}, Status.FAIL),
        ({"id": "sg-1", "ingress": UNKNOWN, "egress": []}, Status.UNKNOWN),
        (UNKNOWN, Status.UNKNOWN),
    ],
)
def test_vpc_default_group_restricts_all(group: object, expected: Status) -> None:
    """The VPC's default group, declared or as EC2 made it, must have no rule at all."""
    control_id = "ec2.vpc.default_security_group_restricts_all"
    assert status_of(control_id, "ec2.vpc", default_security_group=group) is expected


_CIDRS = st.sampled_from(["0.0.0.0/0", "::/0", "10.0.0.0/8", UNKNOWN])
_RULES = st.fixed_dictionaries(
    {
        "protocol": st.sampled_from(["tcp", "udp", "-1", UNKNOWN]),
        "from_port": st.one_of(st.integers(0, 70), st.just(UNKNOWN)),
        "to_port": st.one_of(st.integers(0, 70), st.just(UNKNOWN)),
        "cidr_ipv4": st.lists(_CIDRS, max_size=2),
        "cidr_ipv6": st.lists(_CIDRS, max_size=2),
    }
)


def _from_anywhere(rule: dict[str, Any]) -> object:
    cidrs = [*rule["cidr_ipv4"], *rule["cidr_ipv6"]]
    if any(c in ("0.0.0.0/0", "::/0") for c in cidrs):
        return True
    return UNKNOWN if UNKNOWN in cidrs else False


@given(_RULES, st.lists(st.integers(0, 70), max_size=4))
def test_rule_opens_any_port_is_the_or_of_each_port(rule: dict[str, Any], ports: list[int]) -> None:
    """Reading protocol and sources once for all ports decides as asking port by port would."""
    tcp = UNKNOWN if rule["protocol"] is UNKNOWN else rule["protocol"] in ("tcp", "-1")
    each = [all_true([tcp, _from_anywhere(rule), covers_port(rule, p)]) for p in ports]
    assert rule_opens_any_port(rule, ports) is any_true(each)
