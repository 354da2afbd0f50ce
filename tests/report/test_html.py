"""HTML page: self-contained, escaped, redacted, semantic, deterministic; the diagram's bands.

Goldens: `.venv/bin/python -m tests.report.regenerate` from the repository root.
The page in a real browser: tests/report/test_html_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from srmap.matrix import CellVerdict
from srmap.model import Evidence, Finding, Layer, Owner, Status
from srmap.report.html import render_html
from srmap.report.html.view import band_owner, band_verdict
from srmap.scan import ScanReport

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "<img src=x onerror=alert(1)>"
Webshop = Callable[[str], ScanReport]


class _Page(HTMLParser):
    """Every start tag with its attributes, and the text of each script element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def _parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


def _with_findings(report: ScanReport, findings: tuple[Finding, ...]) -> ScanReport:
    return replace(report, result=replace(report.result, findings=findings))


def _hostile(report: ScanReport) -> ScanReport:
    """The first failing finding about a resource named, typed and described with markup."""
    first = next(f for f in report.result.findings if f.status is Status.FAIL)
    resource = first.resource._replace(id=HOSTILE, name=HOSTILE, service=f"</script>{HOSTILE}")
    hostile = first._replace(
        resource=resource,
        title=f"title {HOSTILE}",
        message=f"message {HOSTILE}",
        remediation=f"fix {HOSTILE}",
        evidence=(Evidence(f"tags.{HOSTILE}", HOSTILE),),
    )
    return _with_findings(report, (hostile, *report.result.findings[1:]))


def test_hostile_input_stays_text(webshop: Webshop) -> None:
    """Markup in any input string is escaped: no img element, no second script element."""
    text = render_html(_hostile(webshop("cfn")), ROOT)
    page = _parse(text)
    assert HOSTILE not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert [tag for tag, _ in page.tags if tag == "img"] == []
    assert sum(tag == "script" for tag, _ in page.tags) == 2
    assert text.count("</script>") == 2


def test_facets_json_survives_a_closing_script_tag(webshop: Webshop) -> None:
    """The data for the filters parses back to the hostile service name, unbroken."""
    page = _parse(render_html(_hostile(webshop("cfn")), ROOT))
    facets = json.loads(page.scripts[0])["findings"]
    assert f"</script>{HOSTILE}" in {f["service"] for f in facets}
    assert {f["id"] for f in facets} == {f"finding-{n}" for n in range(1, len(facets) + 1)}


def test_self_contained_no_fetch(webshop: Webshop) -> None:
    """Nothing is loaded from elsewhere: no src or href attribute, no link, no CSS import."""
    text = render_html(webshop("cfn"), ROOT)
    page = _parse(text)
    fetching = [(t, a) for t, a in page.tags if {"src", "href"} & a.keys() or t == "link"]
    assert fetching == []
    assert "@import" not in text
    assert not re.search(r"url\((?!#)", text)  # only the SVG's own pattern


def test_csp_allows_exactly_the_inline_script(webshop: Webshop) -> None:
    """The Content-Security-Policy names the hash of the one executable script, and no network."""
    text = render_html(webshop("cfn"), ROOT)
    page = _parse(text)
    policy = next(a["content"] for t, a in page.tags if a.get("http-equiv") is not None)
    assert policy is not None
    digest = hashlib.sha256(page.scripts[1].encode()).digest()
    assert f"script-src 'sha256-{base64.b64encode(digest).decode()}'" in policy
    assert "default-src 'none'" in policy


def test_no_secret_reaches_the_page(webshop: Webshop) -> None:
    """The webshop's RDS password and a key id in evidence never appear in the page."""
    for edition in ("cfn", "plan"):
        assert "Sup3rS3cret!" not in render_html(webshop(edition), ROOT)
    report = webshop("cfn")
    first = report.result.findings[0]
    leaky = first._replace(evidence=(Evidence("note", "key AKIAABCDEFGHIJKLMNOP"),))
    text = render_html(_with_findings(report, (leaky,)), ROOT)
    assert "AKIAABCDEFGHIJKLMNOP" not in text
    assert "***redacted***" in text


def test_semantic_structure(webshop: Webshop) -> None:
    """Landmarks and sections are there, every th has a scope, every select has its label."""
    page = _parse(render_html(webshop("cfn"), ROOT))
    names = [tag for tag, _ in page.tags]
    assert {"header", "main", "footer", "table", "svg"} <= set(names)
    sections = {a.get("id") for t, a in page.tags if t == "section"}
    assert {"diagram", "matrix", "findings"} <= sections
    assert all(a.get("scope") in {"col", "row"} for t, a in page.tags if t == "th")
    labelled = {a.get("for") for t, a in page.tags if t == "label"}
    selects = {a.get("id") for t, a in page.tags if t == "select"}
    assert selects == {"filter-layer", "filter-severity", "filter-status", "filter-service"}
    assert selects <= labelled


def test_diagram_bands_top_down_with_owner_and_verdict(webshop: Webshop) -> None:
    """One band per layer, logging on top, facilities at the bottom, AWS's layers inherited."""
    report = webshop("cfn")
    page = _parse(render_html(report, ROOT))
    bands = [a for t, a in page.tags if t == "g" and "data-layer" in a]
    assert [b["data-layer"] for b in bands] == [layer.value for layer in reversed(Layer)]
    classes = {b["data-layer"]: (b.get("class") or "").split() for b in bands}
    assert {"owner-aws", "verdict-inherited"} <= set(classes["facilities"])
    assert "owner-customer" in classes["logging_monitoring"]
    failing = {layer for (_, layer), s in report.cells.items() if s.verdict is CellVerdict.FAILING}
    for layer in failing:
        assert "verdict-failing" in classes[layer.value]


def test_every_finding_listed_with_evidence_and_remediation(webshop: Webshop) -> None:
    """Each finding has its item; the SSH finding shows its port evidence and the fix."""
    report = webshop("cfn")
    text = render_html(report, ROOT)
    items = [a for t, a in _parse(text).tags if t == "li" and "finding" in (a.get("class") or "")]
    assert len(items) == len(report.result.findings)
    ssh = text[text.index("ssh_open_to_internet") :]
    ssh = ssh[: ssh.index("</li>")]
    assert "examples/webshop/cloudformation/webshop.yaml:171" in ssh
    assert "<code>22</code>" in ssh
    assert "Limit ingress on 22" in ssh


@pytest.mark.parametrize(
    ("owners", "expected"),
    [
        ([Owner.AWS, Owner.AWS], "aws"),
        ([Owner.CUSTOMER, Owner.NOT_APPLICABLE], "customer"),
        ([Owner.AWS, Owner.CUSTOMER], "mixed"),
        ([Owner.NOT_APPLICABLE], "n/a"),
    ],
)
def test_band_owner(owners: list[Owner], expected: str) -> None:
    """A layer has one owner when every service agrees, else it varies; n/a is ignored."""
    assert band_owner(owners) == expected


@pytest.mark.parametrize(
    ("verdicts", "expected"),
    [
        ([CellVerdict.VERIFIED, CellVerdict.FAILING], CellVerdict.FAILING),
        ([CellVerdict.VERIFIED, CellVerdict.UNKNOWN], CellVerdict.UNKNOWN),
        ([CellVerdict.ATTESTED, CellVerdict.OPEN], CellVerdict.OPEN),
        ([CellVerdict.INHERITED, CellVerdict.VERIFIED], CellVerdict.VERIFIED),
        ([], CellVerdict.INHERITED),
    ],
)
def test_band_verdict_is_the_worst(verdicts: list[CellVerdict], expected: CellVerdict) -> None:
    """Failing beats unknown beats open beats attested beats verified beats inherited."""
    assert band_verdict(verdicts) is expected


def test_deterministic_and_matches_the_golden(
    webshop: Webshop, golden: Callable[[str], tuple[str, str]]
) -> None:
    """Two renders are identical and equal the reviewed golden page."""
    assert render_html(webshop("cfn"), ROOT) == render_html(webshop("cfn"), ROOT)
    expected, actual = golden("webshop-cfn.html")
    assert actual == expected
