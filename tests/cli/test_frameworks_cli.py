"""srmap frameworks, scan --framework, and requirement ids in the CSV matrix."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parent.parent.parent
PLAN = str(ROOT / "examples" / "webshop" / "terraform" / "plan.json")
POLICY = str(ROOT / "examples" / "webshop" / "srmap.yaml")
CIS = "cis-aws-foundations-5.0.0"


def test_frameworks_command_lists_the_packaged_versions(srmap: Any) -> None:
    """The JSON listing gives the ids scan --framework accepts."""
    run = srmap("frameworks", "--format", "json")
    assert run.code == 0, run.stderr
    ids = {f["id"]: f for f in run.json()}
    assert set(ids) >= {CIS, "nist-800-53-r5"}
    assert ids[CIS]["requirements"] > ids[CIS]["checked"] > 0


def test_scan_framework_json_section_and_unchanged_exit_code(srmap: Any) -> None:
    """Grouping adds a framework section but never changes the exit code."""
    plain = srmap("scan", PLAN, "--policy", POLICY, "--format", "json")
    grouped = srmap("scan", PLAN, "--policy", POLICY, "--format", "json", "--framework", CIS)
    assert plain.code == grouped.code == 1, grouped.stderr
    assert "framework" not in plain.json()
    section = grouped.json()["framework"]
    assert (section["id"], section["version"]) == (CIS, "5.0.0")
    requirement = next(r for r in section["requirements"] if r["id"] == "5.7")
    assert requirement["status"] == "fail"
    assert "ec2.instance.imdsv2_required" in requirement["controls"]


def test_scan_framework_table(srmap: Any) -> None:
    """The table output ends with the requirements of the chosen framework."""
    run = srmap("scan", PLAN, "--policy", POLICY, "--framework", "nist-800-53-r5")
    assert run.code == 1, run.stderr
    assert "by requirement" in run.stdout
    assert "SC-28" in run.stdout


def test_unknown_framework_is_a_usage_error(srmap: Any) -> None:
    """A framework id that is not packaged exits 2 and names the ones there are."""
    run = srmap("scan", PLAN, "--framework", "cis-9")
    assert run.code == 2
    assert "unknown framework 'cis-9'" in run.stderr
    assert CIS in run.stderr


def test_csv_carries_requirement_ids_of_every_framework(srmap: Any) -> None:
    """A control row lists its CIS and NIST requirement ids, a layer row its attested ones."""
    run = srmap("scan", PLAN, "--policy", POLICY, "--format", "csv")
    assert run.code == 1, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    by_control = {r["control"]: r["framework requirement ids"] for r in rows if r["control"]}
    assert by_control["s3.bucket.encryption_in_transit"] == "CIS-5.0 2.1.1; NIST 800-53 SC-8"
    logging_rows = [r for r in rows if not r["control"] and r["layer"] == "logging_monitoring"]
    assert logging_rows
    assert "CIS-5.0 4.1" in logging_rows[0]["framework requirement ids"]
