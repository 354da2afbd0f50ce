"""Network and firewall configuration: security groups, network ACLs, public addresses, flows."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from srmap.controls.engine import (
    Control,
    ControlContext,
    Verdict,
    control,
    failed,
    not_applicable,
    passed,
)
from srmap.controls.policy_documents import all_true, any_true
from srmap.model import UNKNOWN, Layer, Maybe, Resource, Severity, is_unknown

__all__ = [
    "ADMIN_PORTS",
    "CONTROLS",
    "DATABASE_PORTS",
    "INTERNET_CIDRS",
    "TCP_OR_ALL",
    "covers_port",
    "fully_known",
    "is_internet_cidr",
    "judge_rules",
    "rule_opens_any_port",
    "rule_opens_port",
]

INTERNET_CIDRS = frozenset({"0.0.0.0/0", "::/0"})


def is_internet_cidr(cidr: Any) -> bool:
    """The /0 network of either family, however it is written (``0000:...:0000/0`` is
    ``::/0``); a /0 with host bits set (``0.1.0.0/0``) is no network address, and the AWS
    provider rejects it."""
    return isinstance(cidr, str) and _is_zero_prefix(cidr.strip())


@lru_cache(maxsize=4096)
def _is_zero_prefix(cidr: str) -> bool:
    """Parsed once per distinct block: a workload repeats the same few across its rules."""
    try:
        return ipaddress.ip_network(cidr).prefixlen == 0
    except ValueError:
        return False


# Well-known listener ports of database and data-store engines reachable over TCP.
DATABASE_PORTS = {
    1433: "SQL Server",
    1521: "Oracle",
    2483: "Oracle TLS",
    3306: "MySQL/MariaDB/Aurora",
    5432: "PostgreSQL",
    5439: "Redshift",
    6379: "Redis/Valkey",
    7000: "Cassandra",
    8182: "Neptune",
    9042: "Cassandra CQL",
    9200: "OpenSearch/Elasticsearch",
    9300: "Elasticsearch transport",
    11211: "Memcached",
    27017: "MongoDB/DocumentDB",
}

# Remote administration and legacy file-sharing ports besides SSH and RDP.
ADMIN_PORTS = {
    20: "FTP data",
    21: "FTP",
    23: "Telnet",
    135: "Windows RPC",
    445: "SMB",
    5900: "VNC",
    5985: "WinRM",
    5986: "WinRM TLS",
}

TCP_OR_ALL = ("tcp", "-1")
_RULE_FIELDS = ("protocol", "from_port", "to_port", "cidr_ipv4", "cidr_ipv6")


def rule_opens_port(rule: Any, port: int) -> Maybe[bool]:
    """A rule lets TCP to ``port`` in from the whole internet (protocol -1 covers every port)."""
    return rule_opens_any_port(rule, (port,))


def rule_opens_any_port(rule: Any, ports: Iterable[int]) -> Maybe[bool]:
    """A rule lets TCP to one of ``ports`` in from the whole internet. The protocol and the
    sources are read once for all the ports (and-over-or distributes in three-valued logic)."""
    if not isinstance(rule, dict):
        return UNKNOWN
    protocol = rule.get("protocol")
    carries_tcp: Maybe[bool] = UNKNOWN if is_unknown(protocol) else protocol in TCP_OR_ALL
    covered = any_true([covers_port(rule, port) for port in ports])
    return all_true([carries_tcp, _from_internet(rule), covered])


def _from_internet(rule: dict[str, Any]) -> Maybe[bool]:
    """Whether a source is 0.0.0.0/0 or ::/0 (a single IPv4 CIDR string counts too)."""
    outcomes: list[Maybe[bool]] = []
    for key in ("cidr_ipv4", "cidr_ipv6"):
        value = rule.get(key)
        items = value if isinstance(value, list) else [] if value is None else [value]
        outcomes.extend(UNKNOWN if is_unknown(c) else is_internet_cidr(c) for c in items)
    return any_true(outcomes)


def covers_port(rule: dict[str, Any], port: int) -> Maybe[bool]:
    """Whether the rule's port range holds ``port`` (protocol -1 holds every port)."""
    if rule.get("protocol") == "-1":
        return True
    low, high = rule.get("from_port"), rule.get("to_port")
    if isinstance(low, int) and isinstance(high, int):
        return low <= port <= high
    return UNKNOWN


def _rule_fields(path: str, rule: Any) -> dict[str, Any]:
    if not isinstance(rule, dict):
        return {path: UNKNOWN}
    return {f"{path}.{name}": rule.get(name) for name in _RULE_FIELDS}


def judge_rules(path: str, rules: Any, opens: Callable[[Any], Maybe[bool]], what: str) -> Verdict:
    """Fail on the rules ``opens`` finds open, unknown when one might be, else pass; ``what``
    names the traffic in messages."""
    if not isinstance(rules, list):
        return failed(f"{path} unknown", {path: UNKNOWN if rules is None else rules})
    outcomes = [(f"{path}[{i}]", rule, opens(rule)) for i, rule in enumerate(rules)]
    open_rules = [(where, rule) for where, rule, outcome in outcomes if outcome is True]
    if open_rules:
        evidence = {k: v for w, r in open_rules for k, v in _rule_fields(w, r).items()}
        return failed(f"{path} allows {what}", _known_only(evidence))
    undecided = [(where, rule) for where, rule, outcome in outcomes if is_unknown(outcome)]
    if undecided:
        evidence = {k: v for w, r in undecided for k, v in _rule_fields(w, r).items()}
        return failed(f"{path} may allow {what}: a deciding value is unknown", evidence)
    known = {k: v for w, r, _ in outcomes for k, v in _rule_fields(w, r).items()}
    return passed(f"no {path} rule allows {what}", _known_only(known) or {path: []})


def _known_only(evidence: dict[str, Any]) -> dict[str, Any]:
    """Drop values holding an unknown that did not decide (the CIDRs of a UDP rule)."""
    return {key: value for key, value in evidence.items() if fully_known(value)}


def fully_known(value: Any) -> bool:
    """Whether no UNKNOWN hides anywhere in ``value``."""
    if is_unknown(value):
        return False
    if isinstance(value, dict):
        return all(fully_known(v) for v in value.values())
    if isinstance(value, list):
        return all(fully_known(v) for v in value)
    return True


def _ports_text(ports: dict[int, str]) -> str:
    return ", ".join(f"{port} ({name})" for port, name in ports.items())


def open_port_control(duty: str, ports: dict[int, str], title: str, severity: Severity) -> Control:
    """A security-group control failing when a rule opens one of ``ports`` to the internet."""

    @control(
        f"ec2.security_group.{duty}",
        title=title,
        layer=Layer.NETWORK_CONFIG,
        applies_to=["ec2.security_group"],
        severity=severity,
        remediation=f"Limit ingress on {_ports_text(ports)} to known address ranges or security "
        "groups; reach hosts through SSM Session Manager, a VPN or a bastion.",
    )
    def check(resource: Resource, context: ControlContext) -> Verdict:
        def opens(rule: Any) -> Maybe[bool]:
            return rule_opens_any_port(rule, ports)

        what = f"traffic from the internet to {_ports_text(ports)}"
        return judge_rules("ingress", resource.attributes.get("ingress"), opens, what)

    return check


def _opens_every_port(rule: Any) -> Maybe[bool]:
    """All traffic (-1), or TCP 0-65535 (1-65535 too), from the internet."""
    if not isinstance(rule, dict):
        return UNKNOWN
    protocol, low, high = rule.get("protocol"), rule.get("from_port"), rule.get("to_port")
    wide: Maybe[bool]
    if protocol == "-1":
        wide = True
    elif isinstance(low, int) and isinstance(high, int) and not is_unknown(protocol):
        wide = protocol == "tcp" and low <= 1 and high == 65535
    else:
        wide = UNKNOWN
    return all_true([rule_opens_port(rule, 1), wide])


@control(
    "ec2.security_group.all_ports_open_to_internet",
    title="Security group does not allow all ports or all traffic from the internet",
    layer=Layer.NETWORK_CONFIG,
    applies_to=["ec2.security_group"],
    severity=Severity.CRITICAL,
    remediation="Replace the all-traffic rule with rules for the ports the service listens on.",
)
def security_group_all_ports(resource: Resource, context: ControlContext) -> Verdict:
    """Protocol -1 or a full TCP port range from 0.0.0.0/0 or ::/0."""
    ingress = resource.attributes.get("ingress")
    return judge_rules("ingress", ingress, _opens_every_port, "all ports from the internet")


@control(
    "ec2.security_group.default_restricts_all",
    title="Default security group allows no traffic",
    layer=Layer.NETWORK_CONFIG,
    applies_to=["ec2.security_group"],
    severity=Severity.MEDIUM,
    remediation="Remove every inbound and outbound rule from the VPC's default security group; "
    "give resources purpose-made groups instead.",
)
def security_group_default_restricts_all(resource: Resource, context: ControlContext) -> Verdict:
    """Resources launched without a group land in the default one (CIS 5.4)."""
    default = resource.attributes.get("is_default")
    if default is False:
        return not_applicable("not a default security group", {"is_default": False})
    ingress, egress = resource.attributes.get("ingress"), resource.attributes.get("egress")
    evidence = {"is_default": default, "ingress": ingress, "egress": egress}
    if ingress == [] and egress == []:
        return passed("the default group has no rules", evidence)
    return failed("the default group has rules", evidence)


@control(
    "ec2.vpc.default_security_group_restricts_all",
    title="VPC's default security group allows no traffic",
    layer=Layer.NETWORK_CONFIG,
    applies_to=["ec2.vpc"],
    severity=Severity.MEDIUM,
    remediation="Declare the VPC's default group (aws_default_security_group) with no ingress "
    "or egress rules, so Terraform removes the ones EC2 gave it; give resources purpose-made "
    "groups instead.",
)
def vpc_default_group_restricts_all(resource: Resource, context: ControlContext) -> Verdict:
    """CIS 5.4 for every VPC, including one whose default group the input never declares:
    that group keeps the rules EC2 gave it."""
    group = resource.attributes.get("default_security_group")
    if not isinstance(group, dict):
        return failed("the default group is unknown", {"default_security_group": UNKNOWN})
    evidence: dict[str, Any] = {"default_security_group.id": group.get("id")}
    for direction in ("ingress", "egress"):
        rules = group.get(direction)
        if not isinstance(rules, list):
            path = f"default_security_group.{direction}"
            return failed(f"the default group's {direction} is unknown", {path: UNKNOWN})
        evidence[f"len(default_security_group.{direction})"] = len(rules)
    if any(evidence[f"len(default_security_group.{d})"] for d in ("ingress", "egress")):
        return failed("the default group has rules", evidence)
    return passed("the default group has no rules", evidence)


@control(
    "ec2.vpc.flow_logs_enabled",
    title="VPC has flow logs",
    layer=Layer.LOGGING_MONITORING,
    applies_to=["ec2.vpc"],
    severity=Severity.MEDIUM,
    remediation="Add a flow log (traffic type ALL or at least REJECT) on the VPC to CloudWatch "
    "Logs or S3.",
)
def vpc_flow_logs_enabled(resource: Resource, context: ControlContext) -> Verdict:
    """CIS 3.7: a flow log on the VPC or one of its subnets or interfaces."""
    flow_logs = resource.attributes.get("flow_logs")
    if isinstance(flow_logs, list) and flow_logs:
        known = {f"flow_logs[{i}]": f for i, f in enumerate(flow_logs) if fully_known(f)}
        return passed(f"{len(flow_logs)} flow log(s)", known or {"flow_logs[0]": "declared"})
    return failed("the VPC has no flow log", {"flow_logs": flow_logs})


@control(
    "eks.cluster.endpoint_not_open_to_internet",
    title="EKS API server endpoint is private or limited to known CIDRs",
    layer=Layer.NETWORK_CONFIG,
    applies_to=["eks.cluster"],
    severity=Severity.HIGH,
    remediation="Disable the public endpoint (use the private one), or set public_access_cidrs "
    "to the address ranges of your operators and CI.",
)
def eks_cluster_endpoint(resource: Resource, context: ControlContext) -> Verdict:
    """A public endpoint with no CIDR list is open to 0.0.0.0/0, EKS's default."""
    public = resource.attributes.get("endpoint_public_access")
    if public is False:
        return passed("the API endpoint is private", {"endpoint_public_access": False})
    cidrs = resource.attributes.get("public_access_cidrs")
    evidence = {"endpoint_public_access": public, "public_access_cidrs": cidrs}
    if isinstance(cidrs, list) and (not cidrs or any(is_internet_cidr(c) for c in cidrs)):
        return failed("the API endpoint is open to the internet", evidence)
    return passed("the public endpoint is limited to named CIDRs", evidence)


def public_ip_control(type_id: str, noun: str, severity: Severity, attribute: str) -> Control:
    """A control failing when instances get a public IPv4 address; null leaves it to the subnet."""

    @control(
        f"{type_id}.no_public_ip",
        title=f"{noun} does not assign public IP addresses",
        layer=Layer.NETWORK_CONFIG,
        applies_to=[type_id],
        severity=severity,
        remediation="Launch into private subnets without public addresses; expose services "
        "through a load balancer, reach hosts through SSM Session Manager.",
    )
    def check(resource: Resource, context: ControlContext) -> Verdict:
        value = resource.attributes.get(attribute)
        evidence = {attribute: value}
        if value is None:
            return not_applicable("not set here: the subnet or a default decides", evidence)
        if value is True:
            return failed(f"the {noun} assigns a public IP address", evidence)
        return passed(f"the {noun} assigns no public IP address", evidence)

    return check


def internal_scheme_control(type_id: str, noun: str) -> Control:
    """A control failing when a load balancer's scheme is internet-facing."""

    @control(
        f"{type_id}.not_internet_facing",
        title=f"{noun} is internal, not internet-facing",
        layer=Layer.NETWORK_CONFIG,
        applies_to=[type_id],
        severity=Severity.LOW,
        remediation="Set internal = true (Scheme: internal) unless the load balancer is meant to "
        "serve the internet; if it is, open its security groups to the listener ports only and "
        "put AWS WAF in front.",
    )
    def check(resource: Resource, context: ControlContext) -> Verdict:
        # Only Application and Network Load Balancers have a scheme to choose: a Gateway Load
        # Balancer takes traffic through its endpoints alone; a Classic one has no type.
        kind = resource.attributes.get("load_balancer_type", "classic")
        if kind == "gateway":
            return not_applicable(
                "a Gateway Load Balancer has no scheme", {"load_balancer_type": kind}
            )
        internal = resource.attributes.get("internal")
        evidence = {"internal": internal}
        if kind != "classic":
            evidence["load_balancer_type"] = kind
        if internal is True:
            return passed(f"the {noun} is internal", evidence)
        return failed(f"the {noun} is internet-facing", evidence)

    return check


CONTROLS = [
    open_port_control(
        "ssh_open_to_internet",
        {22: "SSH"},
        "Security group does not allow SSH from the internet",
        Severity.HIGH,
    ),
    open_port_control(
        "rdp_open_to_internet",
        {3389: "RDP"},
        "Security group does not allow RDP from the internet",
        Severity.HIGH,
    ),
    open_port_control(
        "database_ports_open_to_internet",
        DATABASE_PORTS,
        "Security group does not allow database ports from the internet",
        Severity.HIGH,
    ),
    open_port_control(
        "admin_ports_open_to_internet",
        ADMIN_PORTS,
        "Security group does not allow remote administration or file sharing from the internet",
        Severity.MEDIUM,
    ),
    security_group_all_ports,
    security_group_default_restricts_all,
    vpc_default_group_restricts_all,
    vpc_flow_logs_enabled,
    eks_cluster_endpoint,
    public_ip_control("ec2.instance", "instance", Severity.MEDIUM, "public_ip"),
    public_ip_control("ec2.launch_template", "launch template", Severity.MEDIUM, "public_ip"),
    public_ip_control(
        "autoscaling.launch_configuration", "launch configuration", Severity.MEDIUM, "public_ip"
    ),
    public_ip_control("ec2.subnet", "subnet", Severity.LOW, "map_public_ip_on_launch"),
    public_ip_control("ecs.service", "service", Severity.MEDIUM, "assign_public_ip"),
    internal_scheme_control("elbv2.load_balancer", "load balancer"),
    internal_scheme_control("elb.load_balancer", "Classic Load Balancer"),
]
