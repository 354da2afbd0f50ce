"""srmap demo: the webshop built in moto and read through the live scan path shows every
deliberate gap, in its layer, and never the password seeded into it."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from srmap.demo import SECRETS, run_demo
from srmap.errors import UsageError

# examples/webshop/README.md, by gap number: (control, resource name, layer). Gap 5, the
# password in the code, is not visible to the live API at all; it must only never show up.
WEBSHOP_GAPS = {
    1: ("ec2.security_group.ssh_open_to_internet", "webshop-web", "network_config"),
    2: ("rds.db_instance.encryption_at_rest", "webshop-orders", "encryption_at_rest"),
    3: ("rds.db_instance.backup_retention", "webshop-orders", "backups"),
    4: ("rds.db_instance.deletion_protection", "webshop-orders", "backups"),
    6: ("s3.bucket.public_access_block", "webshop-assets-prod-eu", "identity_access"),
    7: ("lambda.function.supported_runtime", "webshop-order-processor", "platform"),
    8: ("ec2.launch_template.imdsv2_required", "webshop-web", "identity_access"),
    9: ("kms.key.rotation", "alias/webshop", "encryption_at_rest"),
    10: ("elbv2.listener.https", None, "encryption_in_transit"),
    11: ("cloudtrail.trail.log_file_validation", "webshop-trail", "logging_monitoring"),
    12: ("s3.bucket.data_residency", "webshop-assets-prod-us", "data_residency"),
}
RESIDENCY_TABLE = ("dynamodb.table.data_residency", "webshop-sessions-us", "data_residency")


def failing(findings: list[dict[str, Any]]) -> set[tuple[str, Any, str]]:
    """(control, resource name, layer) of every failing finding."""
    return {
        (f["control"], f["resource"]["name"], f["layer"]) for f in findings if f["status"] == "fail"
    }


def test_demo_finds_every_gap_and_exits_1(srmap: Any) -> None:
    """The JSON of the demo holds each gap in its layer; the password never appears."""
    run = srmap("demo", "--format", "json", "--quiet")
    assert run.code == 1, run.stderr
    found = failing(run.json()["findings"])
    missing = {n: gap for n, gap in WEBSHOP_GAPS.items() if gap not in found}
    assert missing == {}
    assert RESIDENCY_TABLE in found
    for secret in SECRETS:
        assert secret not in run.stdout
        assert secret not in run.stderr
    accounts = {r["account"] for r in run.json()["inventory"]["resources"]}
    assert accounts == {"123456789012"}


def test_demo_table_prints_the_matrix_and_findings(srmap: Any) -> None:
    """Like srmap scan: the responsibility matrix, then the failing findings."""
    run = srmap("demo", "--quiet")
    assert run.code == 1, run.stderr
    assert "Your side of the line" in run.stdout
    assert "kms.key.rotation" in run.stdout
    assert "Sup3rS3cret!" not in run.stdout


def test_without_moto_the_demo_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """A missing extra is a usage error naming the install command, not a traceback."""
    monkeypatch.setitem(sys.modules, "moto", None)
    with pytest.raises(UsageError, match=r"pip install 'srmap\[demo\]'"):
        run_demo()
