"""SARIF 2.1.0: schema-valid, one rule per control, locations, fingerprints, no secrets.

Goldens: `.venv/bin/python -m tests.report.regenerate` from the repository root.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from srmap.catalog import load_catalog
from srmap.controls import default_controls
from srmap.model import Finding, Severity, SourceLocation, Status
from srmap.policy import Policy
from srmap.report.sarif import FINGERPRINT_KEY, SECURITY_SEVERITY, fingerprint, sarif_log
from srmap.scan import ScanReport, run_scan
from srmap.sources import Inventory

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "tests" / "fixtures" / "sarif-schema-2.1.0.json"
NOW = dt.datetime(2025, 1, 15, 12, 0, tzinfo=dt.UTC)
Webshop = Callable[[str], ScanReport]
ACCOUNT = "123456789012"


@cache
def _validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def _assert_valid(log: dict[str, Any]) -> None:
    errors = sorted(_validator().iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


@pytest.fixture
def live(webshop: Webshop) -> ScanReport:
    """The webshop's resources as if read from a live account: ARNs and API calls, no files."""
    resources = tuple(
        r._replace(
            id=f"arn:aws:{r.service}:eu-central-1:{ACCOUNT}:{r.type.split('.')[-1]}/{r.id}",
            region="eu-central-1",
            account=ACCOUNT,
            source=SourceLocation(api=f"{r.service}:Describe"),
        )
        for r in webshop("cfn").result.resources
    )
    inventory = Inventory(resources=resources, unsupported={})
    return run_scan(
        inventory, load_catalog(), default_controls(), Policy(), now=NOW, tool_version="0.1.0"
    )


def _results(log: dict[str, Any]) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = log["runs"][0]["results"]
    return results


@pytest.mark.parametrize("include_unknown", [False, True])
@pytest.mark.parametrize("edition", ["cfn", "plan", "live"])
def test_validates_against_the_official_schema(
    edition: str, include_unknown: bool, webshop: Webshop, live: ScanReport
) -> None:
    """The plan, the template and a live scan all produce SARIF the OASIS schema accepts."""
    report = live if edition == "live" else webshop(edition)
    log = sarif_log(report, ROOT, include_unknown=include_unknown)
    _assert_valid(log)
    assert _results(log), "the webshop has failing findings"


def test_template_results_carry_the_relative_file_and_line(webshop: Webshop) -> None:
    """A CloudFormation finding points at the template, relative to the root, at its line."""
    log = sarif_log(webshop("cfn"), ROOT)
    ssh = next(
        r
        for r in _results(log)
        if r["ruleId"] == "ec2.security_group.ssh_open_to_internet"
        and r["properties"]["resourceId"] == "WebSecurityGroup"
    )
    physical = ssh["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {
        "uri": "examples/webshop/cloudformation/webshop.yaml",
        "uriBaseId": "%SRCROOT%",
    }
    template = (ROOT / "examples/webshop/cloudformation/webshop.yaml").read_text().splitlines()
    assert template[physical["region"]["startLine"] - 1].strip() == "WebSecurityGroup:"


def test_plan_results_have_a_file_but_no_region(webshop: Webshop) -> None:
    """A plan has no line numbers, so its results name the plan file and carry no region."""
    for result in _results(sarif_log(webshop("plan"), ROOT)):
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == "examples/webshop/terraform/plan.json"
        assert "region" not in physical


def test_live_results_are_logical_locations_with_the_arn(live: ScanReport) -> None:
    """A live finding has no file: its location is the resource's ARN, of kind resource."""
    for result in _results(sarif_log(live, ROOT)):
        (location,) = result["locations"]
        assert "physicalLocation" not in location
        (logical,) = location["logicalLocations"]
        assert logical["kind"] == "resource"
        assert logical["fullyQualifiedName"].startswith("arn:aws:")
        assert logical["fullyQualifiedName"] == result["properties"]["resourceId"]


def test_a_file_outside_the_root_keeps_an_absolute_uri(tmp_path: Path, webshop: Webshop) -> None:
    """A template outside the scan root cannot be relative: an absolute file URI, no base id."""
    log = sarif_log(webshop("cfn"), tmp_path)
    artifact = _results(log)[0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact["uri"].startswith("file:///")
    assert artifact["uri"].endswith("/examples/webshop/cloudformation/webshop.yaml")
    assert "uriBaseId" not in artifact


def test_one_rule_per_reported_control_with_severity_and_layer_tag(webshop: Webshop) -> None:
    """Rules are exactly the controls with results, each with help, remediation and tags."""
    report = webshop("cfn")
    log = sarif_log(report, ROOT, include_unknown=True)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    reported = {
        f.control_id: f for f in report.result.findings if f.status in (Status.FAIL, Status.UNKNOWN)
    }
    assert [rule["id"] for rule in rules] == sorted(reported)
    for rule in rules:
        finding = reported[rule["id"]]
        assert rule["shortDescription"]["text"] == finding.title
        assert finding.remediation in rule["help"]["text"]
        assert rule["properties"]["security-severity"] == SECURITY_SEVERITY[finding.severity]
        assert finding.layer.value in rule["properties"]["tags"]
    for result in _results(log):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


@pytest.mark.parametrize(
    ("severity", "score"),
    [(Severity.CRITICAL, 9.5), (Severity.HIGH, 8.0), (Severity.MEDIUM, 5.5),
     (Severity.LOW, 3.0), (Severity.INFO, 1.0)],
)  # fmt: skip
def test_security_severity_follows_githubs_buckets(severity: Severity, score: float) -> None:
    """Each severity maps to a number inside GitHub's bucket of the same name."""
    assert float(SECURITY_SEVERITY[severity]) == score


def test_only_failures_unless_unknown_is_asked_for(webshop: Webshop) -> None:
    """By default results are the failures; with include_unknown the unknowns come as notes."""
    report = webshop("cfn")
    failing = {
        (f.control_id, f.resource.id) for f in report.result.findings if f.status is Status.FAIL
    }
    unknown = {
        (f.control_id, f.resource.id) for f in report.result.findings if f.status is Status.UNKNOWN
    }
    assert failing and unknown
    plain = _results(sarif_log(report, ROOT))
    assert {(r["ruleId"], r["properties"]["resourceId"]) for r in plain} == failing
    both = _results(sarif_log(report, ROOT, include_unknown=True))
    assert {(r["ruleId"], r["properties"]["resourceId"]) for r in both} == failing | unknown
    notes = {(r["ruleId"], r["properties"]["resourceId"]) for r in both if r["level"] == "note"}
    assert unknown <= notes


def test_fingerprints_ignore_lines_and_differ_per_control_and_resource(webshop: Webshop) -> None:
    """Moving a resource keeps its fingerprint; another control or resource changes it."""
    finding = next(f for f in webshop("cfn").result.findings if f.status is Status.FAIL)
    moved = finding._replace(
        resource=finding.resource._replace(
            source=SourceLocation(finding.resource.source.file, 999)
        ),
    )
    assert fingerprint(moved) == fingerprint(finding)
    assert fingerprint(finding._replace(control_id="other.control")) != fingerprint(finding)
    renamed = finding._replace(resource=finding.resource._replace(id="Other"))
    assert fingerprint(renamed) != fingerprint(finding)
    results = _results(sarif_log(webshop("cfn"), ROOT, include_unknown=True))
    prints = [r["partialFingerprints"][FINGERPRINT_KEY] for r in results]
    assert len(set(prints)) == len(prints)


def test_no_secret_from_the_inputs_reaches_the_sarif(webshop: Webshop, live: ScanReport) -> None:
    """The RDS master password of the webshop appears in no SARIF of any edition."""
    for report in (webshop("cfn"), webshop("plan"), live):
        log = sarif_log(report, ROOT, include_unknown=True)
        assert "Sup3rS3cret!" not in json.dumps(log)


def test_secret_looking_messages_are_redacted(webshop: Webshop) -> None:
    """A message that quotes an access key id is redacted before it is written."""
    finding: Finding = next(f for f in webshop("cfn").result.findings if f.status is Status.FAIL)
    leaky = finding._replace(message="found AKIAABCDEFGHIJKLMNOP in user data")
    report = webshop("cfn")
    report = replace(report, result=replace(report.result, findings=(leaky,)))
    assert "AKIAABCDEFGHIJKLMNOP" not in json.dumps(sarif_log(report, ROOT))


def test_matches_the_golden_file(golden: Callable[[str], tuple[str, str]]) -> None:
    """The webshop template's SARIF is byte for byte the reviewed golden file."""
    expected, actual = golden("webshop-cfn.sarif")
    assert actual == expected
