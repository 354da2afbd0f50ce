"""OSCAL component definition and assessment results, validated with compliance-trestle's models.

Goldens: `.venv/bin/python -m tests.report.regenerate` from the repository root.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from trestle.oscal.assessment_results import AssessmentResults
from trestle.oscal.component import ComponentDefinition

from srmap.catalog.frameworks import load_frameworks
from srmap.model import Evidence, Owner, Status
from srmap.report.oscal import (
    SRMAP_NS,
    render_oscal_assessment_results,
    render_oscal_component_definition,
)
from srmap.report.oscal.common import control_token
from srmap.scan import ScanReport

ROOT = Path(__file__).resolve().parents[2]
Webshop = Callable[[str], ScanReport]
SPLITS = {
    Owner.AWS: ["provided", "inherited"],
    Owner.CUSTOMER: ["responsibility"],
    Owner.SHARED: ["provided", "responsibility", "inherited"],
}


def _component_definition(report: ScanReport, with_frameworks: bool = False) -> dict[str, Any]:
    frameworks = load_frameworks() if with_frameworks else ()
    text = render_oscal_component_definition(report, frameworks)
    document: dict[str, Any] = json.loads(text)["component-definition"]
    ComponentDefinition.model_validate(document)
    return document


def _assessment_results(report: ScanReport) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render_oscal_assessment_results(report, ROOT))
    AssessmentResults.model_validate(document["assessment-results"])
    return document["assessment-results"]


def _props(item: dict[str, Any]) -> dict[str, str]:
    return {p["name"]: p["value"] for p in item.get("props", ()) if p.get("ns") == SRMAP_NS}


def test_one_valid_component_per_service_in_use(webshop: Webshop) -> None:
    """The component definition validates and has one service component per matrix column."""
    report = webshop("plan")
    document = _component_definition(report, with_frameworks=True)
    components = document["components"]
    assert [_props(c)["service-id"] for c in components] == [s.id for s in report.matrix.services]
    assert {c["type"] for c in components} == {"service"}
    assert document["metadata"]["last-modified"] == "2025-01-15T12:00:00Z"


def test_layer_statements_carry_the_responsibility_split(webshop: Webshop) -> None:
    """Each layer's statements are provided/responsibility/inherited as its owner says."""
    report = webshop("cfn")
    for component in _component_definition(report)["components"]:
        service = _props(component)["service-id"]
        layers = component["control-implementations"][0]["implemented-requirements"]
        for requirement in layers:
            owner = report.matrix.cell(service, next(
                layer for layer in report.matrix.layers if layer.value == requirement["control-id"]
            )).owner  # fmt: skip
            splits = [_props(s)["responsibility-split"] for s in requirement["statements"]]
            assert splits == SPLITS[owner], (service, requirement["control-id"])
            assert _props(requirement)["responsibility"] == owner.value


def test_inherited_points_at_what_aws_provides(webshop: Webshop) -> None:
    """Every inherited statement names the uuid of the provided statement beside it."""
    document = _component_definition(webshop("cfn"))
    checked = 0
    for component in document["components"]:
        for requirement in component["control-implementations"][0]["implemented-requirements"]:
            by_split = {_props(s)["responsibility-split"]: s for s in requirement["statements"]}
            if "inherited" in by_split:
                assert (
                    _props(by_split["inherited"])["provided-uuid"] == by_split["provided"]["uuid"]
                )
                checked += 1
    assert checked > 0


def test_not_applicable_layers_are_left_out(webshop: Webshop) -> None:
    """A layer that does not exist for a service has no implemented requirement."""
    report = webshop("cfn")
    document = _component_definition(report)
    for component in document["components"]:
        service = _props(component)["service-id"]
        ids = {r["control-id"] for r in component["control-implementations"][0][
            "implemented-requirements"]}  # fmt: skip
        expected = {
            layer.value
            for layer in report.matrix.layers
            if report.matrix.cell(service, layer).owner is not Owner.NOT_APPLICABLE
        }
        assert ids == expected


def test_framework_requirements_through_the_hook(webshop: Webshop) -> None:
    """With frameworks, RDS carries NIST SC-28 as sc-28 with its failing status; without, none."""
    rds = next(
        c
        for c in _component_definition(webshop("cfn"), with_frameworks=True)["components"]
        if _props(c)["service-id"] == "rds"
    )
    nist = next(ci for ci in rds["control-implementations"] if "csrc.nist.gov" in ci["source"])
    sc28 = next(r for r in nist["implemented-requirements"] if r["control-id"] == "sc-28")
    assert _props(sc28)["status"] == "fail"
    assert _props(sc28)["requirement-id"] == "SC-28"
    plain = _component_definition(webshop("cfn"))
    assert all(len(c["control-implementations"]) == 1 for c in plain["components"])


@pytest.mark.parametrize(
    ("identifier", "token"),
    [("SC-28", "sc-28"), ("SC-8(1)", "sc-8.1"), ("2.1.1", "req-2.1.1"), ("AC 2", "ac-2")],
)
def test_control_token(identifier: str, token: str) -> None:
    """Requirement ids become OSCAL tokens: lower case, enhancements dotted, a letter first."""
    assert control_token(identifier) == token


def test_assessment_results_status_per_verdict(webshop: Webshop) -> None:
    """Every assessed verdict is a finding; pass is satisfied, fail and unknown are not."""
    report = webshop("cfn")
    result = _assessment_results(report)["results"][0]
    assessed = [f for f in report.result.findings if f.status is not Status.NOT_APPLICABLE]
    findings = result["findings"]
    assert len(findings) == len(assessed)
    states = {(_props(f)["status"], f["target"]["status"]["state"]) for f in findings}
    assert states == {
        ("fail", "not-satisfied"),
        ("unknown", "not-satisfied"),
        ("pass", "satisfied"),
    }
    assert {f["target"]["status"]["reason"] for f in findings} == {"pass", "fail", "other"}


def test_findings_link_observations_and_subjects(webshop: Webshop) -> None:
    """Each finding's observation exists and its subject is a defined inventory item."""
    result = _assessment_results(webshop("cfn"))["results"][0]
    observations = {o["uuid"]: o for o in result["observations"]}
    items = {i["uuid"] for i in result["local-definitions"]["inventory-items"]}
    for finding in result["findings"]:
        (related,) = finding["related-observations"]
        observation = observations[related["observation-uuid"]]
        assert {s["subject-uuid"] for s in observation["subjects"]} <= items


def test_observation_evidence_and_location(webshop: Webshop) -> None:
    """The SSH observation names the port it saw and the template line it read."""
    result = _assessment_results(webshop("cfn"))["results"][0]
    ssh = next(
        o
        for o in result["observations"]
        if _props(o)["control-id"] == "ec2.security_group.ssh_open_to_internet"
        and _props(o)["status"] == "fail"
    )
    evidence = [e["description"] for e in ssh["relevant-evidence"]]
    assert "ingress[1].from_port = 22" in evidence
    assert "read from examples/webshop/cloudformation/webshop.yaml:171" in evidence


def test_deterministic_uuids_from_stable_names(webshop: Webshop) -> None:
    """Same scan, same bytes; a scan at another time gets new document ids, same components."""
    report = webshop("cfn")
    assert render_oscal_component_definition(report) == render_oscal_component_definition(report)
    assert render_oscal_assessment_results(report, ROOT) == render_oscal_assessment_results(
        report, ROOT
    )
    later = replace(
        report, result=replace(report.result, generated_at=dt.datetime(2025, 2, 1, tzinfo=dt.UTC))
    )
    first, second = _component_definition(report), _component_definition(later)
    assert first["uuid"] != second["uuid"]
    assert [c["uuid"] for c in first["components"]] == [c["uuid"] for c in second["components"]]
    assert _assessment_results(later)["results"][0]["start"] == "2025-02-01T00:00:00Z"


def test_no_secret_and_one_line_titles(webshop: Webshop) -> None:
    """No password or key reaches either document; a multi-line name still validates."""
    for edition in ("cfn", "plan"):
        report = webshop(edition)
        both = render_oscal_component_definition(
            report, load_frameworks()
        ) + render_oscal_assessment_results(report, ROOT)
        assert "Sup3rS3cret!" not in both
    report = webshop("cfn")
    first = next(f for f in report.result.findings if f.status is Status.FAIL)
    odd = first._replace(
        resource=first.resource._replace(id="line one\nline two <b>"),
        evidence=(Evidence("note", "AKIAABCDEFGHIJKLMNOP"),),
    )
    leaky = replace(report, result=replace(report.result, findings=(odd,)))
    text = json.dumps(_assessment_results(leaky))
    assert "AKIAABCDEFGHIJKLMNOP" not in text
    assert "line one line two <b>" in text


@pytest.mark.parametrize(
    "name",
    ["webshop-cfn.oscal-component-definition.json", "webshop-cfn.oscal-assessment-results.json"],
)
def test_matches_the_golden_file(golden: Callable[[str], tuple[str, str]], name: str) -> None:
    """The webshop template's OSCAL documents are byte for byte the reviewed goldens."""
    expected, actual = golden(name)
    assert actual == expected
