"""Markdown PR summary: order, locations, escaping, the comment size limit, no secrets.

Goldens: `.venv/bin/python -m tests.report.regenerate` from the repository root.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from srmap.model import Finding, SourceLocation, Status
from srmap.report.markdown import MAX_COMMENT_CHARS, markdown_text, render_markdown
from srmap.scan import ScanReport

ROOT = Path(__file__).resolve().parents[2]
Webshop = Callable[[str], ScanReport]
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _with_findings(report: ScanReport, findings: tuple[Finding, ...]) -> ScanReport:
    return replace(report, result=replace(report.result, findings=findings))


def _first_failure(report: ScanReport) -> Finding:
    return next(f for f in report.result.findings if f.status is Status.FAIL)


def test_failing_first_then_unknown_then_the_matrix(webshop: Webshop) -> None:
    """Sections come in the order a reviewer needs them."""
    text = render_markdown(webshop("cfn"), ROOT)
    failing = text.index("### Failing (")
    unknown = text.index("### Unknown (")
    matrix = text.index("### Responsibility matrix")
    assert failing < unknown < matrix


def test_failing_rows_by_severity_with_file_and_line(webshop: Webshop) -> None:
    """Failing rows go from the most severe down and name the template line of the resource."""
    report = webshop("cfn")
    text = render_markdown(report, ROOT)
    failing = text[text.index("### Failing") : text.index("### Unknown")]
    rows = [line for line in failing.splitlines() if line.startswith("| ") and "`" in line]
    assert len(rows) == sum(f.status is Status.FAIL for f in report.result.findings)
    order = ["critical", "high", "medium", "low", "info"]
    ranks = [order.index(row.split(" | ")[0].removeprefix("| ")) for row in rows]
    assert ranks == sorted(ranks)
    ssh = next(row for row in rows if "ssh_open_to_internet" in row)
    assert "examples/webshop/cloudformation/webshop.yaml:171" in ssh
    assert "WebSecurityGroup" in ssh


def test_plan_rows_name_the_plan_without_a_line(webshop: Webshop) -> None:
    """A plan finding shows the plan file relative to the root, with no line."""
    text = render_markdown(webshop("plan"), ROOT)
    assert "| examples/webshop/terraform/plan.json |" in text
    assert "plan.json:" not in text


def test_live_rows_show_the_api_call(webshop: Webshop) -> None:
    """A live finding has no file; its location column says which API call read it."""
    report = webshop("cfn")
    finding = _first_failure(report)
    arn = "arn:aws:s3:::webshop-assets"
    live = finding._replace(
        resource=finding.resource._replace(id=arn, source=SourceLocation(api="s3:GetBucketAcl")),
    )
    text = render_markdown(_with_findings(report, (live,)), ROOT)
    assert "live: s3:GetBucketAcl" in text
    assert "arn:aws:s3:::webshop-assets" in text


def test_matrix_has_a_row_per_layer_and_a_column_per_service(webshop: Webshop) -> None:
    """The compact matrix lists every layer once with one mark per service."""
    report = webshop("cfn")
    text = render_markdown(report, ROOT)
    matrix = text[text.index("### Responsibility matrix") :].splitlines()
    body = [line for line in matrix if line.startswith("| ") and not line.startswith("| layer")]
    assert len(body) == len(report.matrix.layers)
    for line in body:
        assert len(_UNESCAPED_PIPE.findall(line)) == len(report.matrix.services) + 2
    assert body[-1].startswith("| facilities |")


def test_hostile_names_stay_text(webshop: Webshop) -> None:
    """Markup, table pipes and mentions in a resource id cannot break out of their cell."""
    report = webshop("cfn")
    finding = _first_failure(report)
    hostile = "<img src=x onerror=alert(1)>|[x](http://evil.example) @octocat\n# title"
    text = render_markdown(
        _with_findings(report, (finding._replace(resource=finding.resource._replace(id=hostile)),)),
        ROOT,
    )
    row = next(line for line in text.splitlines() if "onerror" in line)
    assert len(_UNESCAPED_PIPE.findall(row)) == 5
    assert "<img" not in text
    assert "@octocat" not in text
    assert "](http" not in text
    assert "\n# title" not in text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a|b", r"a\|b"),
        ("<b>", "&lt;b&gt;"),
        ("@team", "&#64;team"),
        ("*x*", r"\*x\*"),
        ("two\nlines", "two lines"),
        ("AKIAABCDEFGHIJKLMNOP", r"\*\*\*redacted\*\*\*"),
    ],
)
def test_markdown_text_escapes(raw: str, expected: str) -> None:
    """Each kind of dangerous character is neutralized; access keys are redacted."""
    assert markdown_text(raw) == expected


def test_large_report_is_cut_cleanly_under_the_limit(webshop: Webshop) -> None:
    """Thousands of failures: whole rows only, a note with the count left out, the matrix kept."""
    report = webshop("cfn")
    finding = _first_failure(report)
    many = tuple(
        finding._replace(
            resource=finding.resource._replace(id=f"aws_s3_bucket.bucket_{i:05d}_" + "x" * 40),
        )
        for i in range(5000)
    )
    text = render_markdown(_with_findings(report, many), ROOT)
    assert len(text) <= MAX_COMMENT_CHARS
    assert "### Responsibility matrix" in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and "bucket\\_" in line]
    assert rows and all(line.endswith(" |") for line in rows)
    note = re.search(r"\*\*Truncated:\*\* (\d+) failing findings not shown", text)
    assert note is not None
    assert len(rows) + int(note.group(1)) == 5000
    assert text.index("Truncated") < text.index("### Responsibility matrix")


def test_a_small_limit_drops_the_unknown_section_first(webshop: Webshop) -> None:
    """When failures fill the room, unknown findings are counted in the note, not shown."""
    report = webshop("cfn")
    text = render_markdown(report, ROOT, max_chars=3000)
    assert len(text) <= 3000
    assert "### Failing" in text
    assert "### Unknown" not in text
    unknown = sum(f.status is Status.UNKNOWN for f in report.result.findings)
    assert re.search(rf"\d+ failing and {unknown} unknown findings not shown", text)


def test_a_report_that_fits_has_no_truncation_note(webshop: Webshop) -> None:
    """The webshop fits in one comment, so nothing says it was cut."""
    assert "Truncated" not in render_markdown(webshop("plan"), ROOT)


def test_no_secret_from_the_inputs_reaches_the_markdown(webshop: Webshop) -> None:
    """The RDS master password of the webshop appears in neither edition's summary."""
    for edition in ("cfn", "plan"):
        assert "Sup3rS3cret!" not in render_markdown(webshop(edition), ROOT)


def test_matches_the_golden_file(golden: Callable[[str], tuple[str, str]]) -> None:
    """The webshop template's summary is byte for byte the reviewed golden file."""
    expected, actual = golden("webshop-cfn.md")
    assert actual == expected
