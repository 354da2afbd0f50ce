"""Network ACL controls: entries are read in rule order, and the first match decides."""

from __future__ import annotations

from typing import Any

from srmap.controls.engine import ControlContext, Verdict, control, failed, passed
from srmap.controls.network import TCP_OR_ALL, covers_port, fully_known, is_internet_cidr
from srmap.controls.policy_documents import all_true, any_true
from srmap.model import UNKNOWN, Layer, Maybe, Resource, Severity, is_unknown

__all__ = ["CONTROLS", "first_match_allows"]

# Sources of internet traffic, by the entry key that holds them.
_INTERNET_SOURCES = (("cidr_ipv4", "0.0.0.0/0"), ("cidr_ipv6", "::/0"))
_FIRST_NUMBER = 1  # the lowest rule number EC2 accepts: nothing is evaluated before it


def _number(entry: Any) -> int | None:
    number = entry.get("rule_number") if isinstance(entry, dict) else None
    return number if isinstance(number, int) and not isinstance(number, bool) else None


def _from_internet(entry: dict[str, Any], key: str) -> Maybe[bool]:
    source = entry.get(key)
    return UNKNOWN if is_unknown(source) else is_internet_cidr(source)


def _matches_tcp(entry: Any, key: str, port: int) -> Maybe[bool]:
    """Whether the entry covers internet traffic from ``key``'s family to TCP ``port``."""
    if not isinstance(entry, dict):
        return UNKNOWN
    protocol = entry.get("protocol")
    carries_tcp: Maybe[bool] = UNKNOWN if is_unknown(protocol) else protocol in TCP_OR_ALL
    return all_true([_from_internet(entry, key), carries_tcp, covers_port(entry, port)])


def _allows(entry: Any) -> Maybe[bool]:
    action = entry.get("action") if isinstance(entry, dict) else UNKNOWN
    return UNKNOWN if is_unknown(action) else action == "allow"


def first_match_allows(entries: list[Any], key: str, port: int) -> tuple[Maybe[bool], list[int]]:
    """Whether the first entry matching internet traffic to TCP ``port`` allows it, and the
    indexes of the entries that may be that first match.

    An entry whose rule number is unknown (or absent) may stand anywhere in the order, so
    every entry that may come first must agree; a declared entry numbered 1 comes first.
    """
    order = sorted(
        (i for i in range(len(entries)) if _number(entries[i]) is not None),
        key=lambda i: _number(entries[i]) or 0,
    )
    candidates: list[int] = []
    surely_matched, first_is_one = False, False
    for index in order:
        outcome = _matches_tcp(entries[index], key, port)
        if outcome is False:
            continue
        candidates.append(index)
        if outcome is True:
            surely_matched, first_is_one = True, _number(entries[index]) == _FIRST_NUMBER
            break
    for index in range(len(entries)):
        if _number(entries[index]) is not None or first_is_one:
            continue
        outcome = _matches_tcp(entries[index], key, port)
        if outcome is not False:
            candidates.append(index)
            surely_matched = surely_matched or outcome is True
    outcomes = [_allows(entries[i]) for i in candidates]
    if not surely_matched:
        outcomes.append(False)  # no entry may match: the final "*" entry denies
    if all(outcome is True for outcome in outcomes):
        return True, candidates
    if all(outcome is False for outcome in outcomes):
        return False, candidates
    return UNKNOWN, candidates


def _cited(entries: list[Any], indexes: list[int]) -> dict[str, Any]:
    """The deciding entries with the values no one knows left out."""
    return {
        f"ingress[{i}]": {k: v for k, v in entries[i].items() if fully_known(v)}
        for i in indexes
        if isinstance(entries[i], dict)
    }


@control(
    "ec2.network_acl.admin_ports_open_to_internet",
    title="Network ACL does not allow SSH or RDP from the internet",
    layer=Layer.NETWORK_CONFIG,
    applies_to=["ec2.network_acl"],
    severity=Severity.MEDIUM,
    remediation="Add deny entries for tcp 22 and 3389 from 0.0.0.0/0 and ::/0 ahead of any "
    "allow entry, or narrow the allow entries' sources.",
)
def network_acl_admin_ports(resource: Resource, context: ControlContext) -> Verdict:
    """CIS 5.1: the first matching entry for internet traffic to 22 or 3389 must not allow it."""
    entries = resource.attributes.get("ingress")
    if not isinstance(entries, list):
        return failed("ingress entries unknown", {"ingress": UNKNOWN})
    results = [
        (port, *first_match_allows(entries, key, port))
        for port in (22, 3389)
        for key, _ in _INTERNET_SOURCES
    ]
    open_ = [(port, indexes) for port, allows, indexes in results if allows is True]
    if open_:
        ports = sorted({port for port, _ in open_})
        cited = _cited(entries, sorted({i for _, indexes in open_ for i in indexes}))
        return failed(f"port(s) {ports} allowed from the internet", cited)
    if any(is_unknown(allows) for _, allows, _ in results):
        return failed("an entry deciding SSH or RDP is unknown", {"ingress": UNKNOWN})
    known = {f"ingress[{i}]": e for i, e in enumerate(entries) if fully_known(e)}
    return passed("SSH and RDP from the internet are not allowed", known or {"ingress": []})


def _allows_all_traffic(entries: list[Any], index: int, key: str) -> Maybe[bool]:
    """Whether entry ``index`` lets every protocol in from the internet: an allow of protocol
    -1 that no deny entry from the same source precedes."""
    entry = entries[index]
    if not isinstance(entry, dict):
        return UNKNOWN
    protocol = entry.get("protocol")
    opens_all: Maybe[bool] = UNKNOWN if is_unknown(protocol) else protocol == "-1"
    opened = all_true([_from_internet(entry, key), opens_all, _allows(entry)])
    if opened is False:
        return False
    ahead = [_denies_ahead(entries, other, index, key) for other in range(len(entries))]
    narrowed = any_true(ahead)
    return all_true([opened, UNKNOWN if is_unknown(narrowed) else not narrowed])


def _denies_ahead(entries: list[Any], other: int, index: int, key: str) -> Maybe[bool]:
    """Whether entry ``other`` is a deny from the same internet source ahead of ``index``."""
    entry = entries[other]
    mine, theirs = _number(entries[index]), _number(entry)
    if other == index or mine == _FIRST_NUMBER:
        return False
    if not isinstance(entry, dict):
        return UNKNOWN
    allows = _allows(entry)
    denies: Maybe[bool] = UNKNOWN if is_unknown(allows) else not allows
    ahead: Maybe[bool] = UNKNOWN if mine is None or theirs is None else theirs < mine
    return all_true([_from_internet(entry, key), denies, ahead])


@control(
    "ec2.network_acl.all_traffic_from_internet",
    title="Network ACL does not allow all traffic from the internet",
    layer=Layer.NETWORK_CONFIG,
    applies_to=["ec2.network_acl"],
    severity=Severity.LOW,
    remediation="Replace the allow-all ingress entry with entries for the protocols and ports "
    "the subnet serves; security groups still filter, but the ACL then adds nothing.",
)
def network_acl_all_traffic(resource: Resource, context: ControlContext) -> Verdict:
    """An ingress allow entry for protocol -1 from 0.0.0.0/0 or ::/0 with no deny ahead of it
    (a VPC's default ACL has one: the subnet is then guarded by security groups alone)."""
    entries = resource.attributes.get("ingress")
    if not isinstance(entries, list):
        return failed("ingress entries unknown", {"ingress": UNKNOWN})
    outcomes = [
        (index, _allows_all_traffic(entries, index, key))
        for index in range(len(entries))
        for key, _ in _INTERNET_SOURCES
    ]
    opened = sorted({index for index, outcome in outcomes if outcome is True})
    if opened:
        return failed("an entry allows all traffic from the internet", _cited(entries, opened))
    if any(is_unknown(outcome) for _, outcome in outcomes):
        return failed("an entry that may allow all traffic is unknown", {"ingress": UNKNOWN})
    known = {f"ingress[{i}]": e for i, e in enumerate(entries) if fully_known(e)}
    return passed("no entry allows all traffic from the internet", known or {"ingress": []})


CONTROLS = [network_acl_admin_ports, network_acl_all_traffic]
