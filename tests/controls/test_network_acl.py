"""Network ACL controls: the first matching entry decides, whatever order is unknown."""

from __future__ import annotations

from typing import Any

import pytest

from srmap.controls import ControlContext, default_controls, evaluate_controls
from srmap.model import UNKNOWN, Resource, Status


def _status(control_id: str, entries: object) -> Status:
    resource = Resource("r", "ec2.network_acl", "vpc", "eu-west-1", None, "r", {"ingress": entries})
    findings = evaluate_controls([resource], default_controls(), ControlContext())
    return next(f.status for f in findings if f.control_id == control_id)


def _entry(
    number: object, action: str, low: int = 22, high: int = 22, **extra: Any
) -> dict[str, Any]:
    entry = {
        "rule_number": number,
        "protocol": "tcp",
        "action": action,
        "cidr_ipv4": "0.0.0.0/0",
        "cidr_ipv6": None,
        "from_port": low,
        "to_port": high,
    }
    return {**entry, **extra}


def _all(number: object, action: str = "allow", **extra: Any) -> dict[str, Any]:
    return _entry(number, action, 0, 65535, **{"protocol": "-1", **extra})


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ([_entry(100, "allow")], Status.FAIL),
        ([_all(100)], Status.FAIL),
        ([_entry(90, "deny"), _entry(100, "allow")], Status.PASS),
        ([_entry(110, "deny"), _entry(100, "allow", 3389, 3389)], Status.FAIL),
        ([_entry(100, "allow", 443, 443)], Status.PASS),
        ([_entry(100, "allow", cidr_ipv4="10.0.0.0/8")], Status.PASS),
        ([_entry(100, "allow", cidr_ipv4=None, cidr_ipv6="::/0")], Status.FAIL),
        ([_entry(100, "allow", cidr_ipv4=UNKNOWN)], Status.UNKNOWN),
        ([], Status.PASS),
        (UNKNOWN, Status.UNKNOWN),
        # An entry with no rule number alone is still the first match ...
        ([_entry(None, "allow")], Status.FAIL),
        ([_entry(UNKNOWN, "allow")], Status.FAIL),
        # ... but beside a deny its place decides, and nobody knows it.
        ([_entry(None, "allow"), _entry(100, "deny")], Status.UNKNOWN),
        # Entries that all agree decide wherever the unnumbered one sits.
        ([_entry(None, "deny"), _entry(100, "deny")], Status.PASS),
        # Unseen entries (an ACL made elsewhere) may come before one numbered 100 ...
        ([UNKNOWN, _entry(100, "allow")], Status.UNKNOWN),
        # ... but never before rule 1.
        ([UNKNOWN, _entry(1, "allow")], Status.FAIL),
        ([UNKNOWN, _entry(1, "deny", 0, 65535, protocol="-1")], Status.UNKNOWN),
    ],
)
def test_admin_ports(entries: object, expected: Status) -> None:
    """The first entry in rule order for internet traffic to 22 or 3389 decides."""
    assert _status("ec2.network_acl.admin_ports_open_to_internet", entries) is expected


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ([_all(100)], Status.FAIL),
        ([_all(None)], Status.FAIL),
        ([_all(100, cidr_ipv4=None, cidr_ipv6="::/0")], Status.FAIL),
        ([_all(100, "deny")], Status.PASS),
        ([_all(100, cidr_ipv4="10.0.0.0/8")], Status.PASS),
        ([_entry(100, "allow", 0, 65535)], Status.PASS),
        ([_entry(90, "deny"), _all(100)], Status.PASS),
        ([_entry(110, "deny"), _all(100)], Status.FAIL),
        ([_entry(None, "deny"), _all(100)], Status.UNKNOWN),
        ([UNKNOWN, _all(100)], Status.UNKNOWN),
        ([UNKNOWN, _all(1)], Status.FAIL),
        ([_all(100, protocol=UNKNOWN)], Status.UNKNOWN),
        ([], Status.PASS),
        (UNKNOWN, Status.UNKNOWN),
    ],
)
def test_all_traffic_from_internet(entries: object, expected: Status) -> None:
    """An allow-all entry from the internet fails unless a deny from it comes first."""
    assert _status("ec2.network_acl.all_traffic_from_internet", entries) is expected
