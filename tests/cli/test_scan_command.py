"""srmap scan: exit codes, JSON shape, policy threshold, suppressions and their expiry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parent.parent.parent
PLAN = ROOT / "tests" / "fixtures" / "terraform" / "modules_aliases" / "plan.json"


def test_scan_json_shape_and_exit_code(srmap: Any) -> None:
    """The audit bucket without a public access block fails (high), so exit 1."""
    run = srmap("scan", str(PLAN), "--format", "json")
    assert run.code == 1, run.stderr
    data = run.json()
    assert data["schema_version"] == "1.0"
    assert set(data) >= {"findings", "matrix", "inventory", "summary", "generated_at"}
    failing = {
        (f["control"], f["resource"]["id"]) for f in data["findings"] if f["status"] == "fail"
    }
    assert ("s3.bucket.public_access_block", 'aws_s3_bucket.logs["audit"]') in failing
    finding = data["findings"][0]
    assert set(finding) >= {"control", "title", "layer", "severity", "status", "resource"}
    assert set(finding["resource"]) == {
        "id",
        "type",
        "service",
        "region",
        "account",
        "name",
        "source",
    }
    assert finding["evidence"], "every finding carries evidence"
    s3_cells = {c["layer"]: c for c in data["matrix"]["cells"] if c["service"] == "s3"}
    assert s3_cells["identity_access"]["status"] == "failing"
    assert s3_cells["identity_access"]["counts"]["fail"] >= 1
    assert s3_cells["facilities"]["status"] == "inherited"


def test_fail_on_critical_turns_the_exit_code_to_0(srmap: Any) -> None:
    """Nothing critical fails, so --fail-on critical exits 0."""
    assert srmap("scan", str(PLAN), "--format", "json", "--fail-on", "critical").code == 0


def test_suppression_applies_until_it_expires(srmap: Any, tmp_path: Path) -> None:
    """A live suppression marks the finding suppressed; an expired one warns and stops."""
    policy = tmp_path / "srmap.yaml"
    rule = "  - control: s3.bucket.public_access_block\n    resource: 'aws_s3_bucket.logs*'\n"
    policy.write_text(f"suppressions:\n{rule}    reason: audit logs\n    expires: 2999-01-01\n")
    data = srmap("scan", str(PLAN), "--format", "json", "--policy", str(policy)).json()
    audit = [
        f for f in data["findings"]
        if f["control"] == "s3.bucket.public_access_block"
        and f["resource"]["id"] == 'aws_s3_bucket.logs["audit"]'
    ]  # fmt: skip
    assert audit[0]["status"] == "suppressed"
    policy.write_text(f"suppressions:\n{rule}    reason: audit logs\n    expires: 2001-01-01\n")
    run = srmap("scan", str(PLAN), "--format", "json", "--policy", str(policy))
    assert run.code == 1
    assert any("expired on 2001-01-01" in w for w in run.json()["inventory"]["warnings"])


def test_unknown_names_in_policy_are_input_errors(srmap: Any, tmp_path: Path) -> None:
    """A jurisdiction or control the catalog does not know is refused with exit 2."""
    policy = tmp_path / "srmap.yaml"
    policy.write_text("residency:\n  allowed_jurisdictions: [ATLANTIS]\n")
    run = srmap("scan", str(PLAN), "--policy", str(policy))
    assert run.code == 2
    assert "ATLANTIS" in run.stderr


def test_output_file_is_written_whole(srmap: Any, tmp_path: Path) -> None:
    """--output writes the JSON file; a failing input writes nothing."""
    target = tmp_path / "scan.json"
    srmap("scan", str(PLAN), "--format", "json", "--output", str(target))
    assert json.loads(target.read_text())["schema_version"] == "1.0"
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    other = tmp_path / "other.json"
    assert srmap("scan", str(bad), "--format", "json", "--output", str(other)).code == 2
    assert not other.exists()


def test_table_row_limit(srmap: Any) -> None:
    """--max-rows lists the worst N and counts the rest; 0 lists every one; below 0 is refused."""
    limited = srmap("scan", str(PLAN), "--max-rows", "1", "--show-passed")
    assert "findings, worst first" in limited.stdout
    assert "more not listed" in limited.stdout
    everything = srmap("scan", str(PLAN), "--max-rows", "0", "--show-passed")
    assert "more not listed" not in everything.stdout
    assert "worst first" not in everything.stdout
    assert limited.code == everything.code  # the limit changes what is shown, not the verdict
    refused = srmap("scan", str(PLAN), "--max-rows", "-1")
    assert refused.code == 2
    assert "--max-rows" in refused.stderr
