"""The fixed scans the reporters are tested on, and their golden files.

Regenerate every golden, from the repository root, after a deliberate change of output:

    .venv/bin/python -m tests.report.regenerate

then review the diff of tests/fixtures/golden/ like code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from srmap import api
from srmap.report.crm_csv import render_crm_csv
from srmap.report.html import render_html
from srmap.report.markdown import render_markdown
from srmap.report.oscal import render_oscal_assessment_results, render_oscal_component_definition
from srmap.report.sarif import render_sarif
from srmap.scan import ScanReport

ROOT = Path(__file__).resolve().parents[2]
WEBSHOP = ROOT / "examples" / "webshop"
GOLDEN = ROOT / "tests" / "fixtures" / "golden"
NOW = dt.datetime(2025, 1, 15, 12, 0, tzinfo=dt.UTC)
TOOL_VERSION = "0.1.0"  # fixed, so a version bump does not rewrite every golden
EDITIONS = {
    "cfn": WEBSHOP / "cloudformation" / "webshop.yaml",
    "plan": WEBSHOP / "terraform" / "plan.json",
}


@cache
def webshop_report(edition: str = "cfn") -> ScanReport:
    """The webshop (CloudFormation or plan edition) under its policy, scanned at NOW."""
    report = api.scan([EDITIONS[edition]], None, WEBSHOP / "srmap.yaml", now=NOW)
    return replace(report, result=replace(report.result, tool_version=TOOL_VERSION))


GOLDENS: Mapping[str, Callable[[], str]] = {
    "webshop-cfn.sarif": lambda: render_sarif(webshop_report("cfn"), ROOT),
    "webshop-cfn.crm.csv": lambda: render_crm_csv(webshop_report("cfn")),
    "webshop-cfn.md": lambda: render_markdown(webshop_report("cfn"), ROOT),
    "webshop-cfn.html": lambda: render_html(webshop_report("cfn"), ROOT),
    # Without framework mappings, so editing a mapping file does not rewrite this golden.
    "webshop-cfn.oscal-component-definition.json": lambda: render_oscal_component_definition(
        webshop_report("cfn")
    ),
    "webshop-cfn.oscal-assessment-results.json": lambda: render_oscal_assessment_results(
        webshop_report("cfn"), ROOT
    ),
}


@pytest.fixture
def webshop() -> Callable[[str], ScanReport]:
    """The cached webshop scan of an edition: ``webshop("cfn")`` or ``webshop("plan")``."""
    return webshop_report


@pytest.fixture
def golden() -> Callable[[str], tuple[str, str]]:
    """``golden(name)`` -> (the committed golden text, the text rendered now)."""

    def compare(name: str) -> tuple[str, str]:
        return (GOLDEN / name).read_bytes().decode("utf-8"), GOLDENS[name]()

    return compare
