"""Parts whose primary is not in the input stand for a resource known only through them."""

from __future__ import annotations

import json
from typing import Any

from raw_resources import inventory_of, tf

from srmap.model import UNKNOWN
from srmap.sources.normalize.orphans import UNDECLARED
from srmap.sources.raw import RawResource


def _rule(address: str, group: Any, port: int, cidr: str) -> RawResource:
    values = {"security_group_id": group, "ip_protocol": "tcp", "from_port": port}
    values |= {"to_port": port, "cidr_ipv4": cidr}
    return tf(address, values, line=3)


def test_undeclared_values_never_read_as_absent() -> None:
    """Every read of a stand-in's own values is UNKNOWN, never None or a default."""
    assert UNDECLARED.get("encrypted", False) is UNKNOWN
    assert UNDECLARED["anything"] is UNKNOWN
    assert "id" not in UNDECLARED


def test_orphan_rules_naming_one_group_share_one_stand_in() -> None:
    """Two rules for sg-1 (not in the input) become one group whose known rules are judged,
    with an UNKNOWN entry for the rules the input does not show."""
    raws = [
        _rule("aws_vpc_security_group_ingress_rule.ssh", "sg-1", 22, "0.0.0.0/0"),
        _rule("aws_vpc_security_group_ingress_rule.web", "sg-1", 443, "0.0.0.0/0"),
        _rule("aws_vpc_security_group_ingress_rule.other", "sg-2", 80, "10.0.0.0/8"),
    ]
    inventory = inventory_of(raws)
    groups = {r.id: r for r in inventory.resources}
    assert set(groups) == {
        "aws_vpc_security_group_ingress_rule.other",
        "aws_vpc_security_group_ingress_rule.ssh",
    }
    ingress = groups["aws_vpc_security_group_ingress_rule.ssh"].attributes["ingress"]
    assert ingress[0] is UNKNOWN
    assert sorted(rule["from_port"] for rule in ingress[1:]) == [22, 443]
    assert groups["aws_vpc_security_group_ingress_rule.ssh"].type == "ec2.security_group"
    assert len(inventory.warnings) == 3
    assert "known only through what it declares" in inventory.warnings[0]


def test_orphan_inline_policy_keeps_its_document_beside_the_unseen_ones() -> None:
    """A role policy for a role made elsewhere: its document is judged, the rest is unknown."""
    statement = {"Effect": "Allow", "Action": "*", "Resource": "*"}
    document = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    values = {"role": "made-elsewhere", "name": "admin", "policy": document}
    policy = tf("aws_iam_role_policy.admin", values)
    inventory = inventory_of([policy])
    [role] = inventory.resources
    assert role.type == "iam.role"
    first, second = role.attributes["inline_policies"]
    assert first is UNKNOWN
    assert second["document"]["Statement"][0]["Action"] == "*"
