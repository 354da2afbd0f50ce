"""CSV customer responsibility matrix: ownership split, statuses, evidence, requirement ids.

Goldens: `.venv/bin/python -m tests.report.regenerate` from the repository root.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import replace

import pytest

from srmap.model import Status
from srmap.report.crm_csv import CRM_COLUMNS, aggregate_status, render_crm_csv
from srmap.scan import ScanReport

Webshop = Callable[[str], ScanReport]
INHERITABLE = {"AWS": "yes", "Shared": "partial", "Customer": "no", "N/A": "n/a"}


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_header_and_every_row_has_every_column(webshop: Webshop) -> None:
    """The header is the documented column list and no row is short or long."""
    table = list(csv.reader(io.StringIO(render_crm_csv(webshop("cfn")), newline="")))
    assert tuple(table[0]) == CRM_COLUMNS
    assert {len(row) for row in table} == {len(CRM_COLUMNS)}


def test_one_layer_row_per_matrix_cell(webshop: Webshop) -> None:
    """Every (service, layer) of the matrix has exactly one row with an empty control."""
    report = webshop("cfn")
    layer_rows = [
        (r["service"], r["layer"]) for r in _rows(render_crm_csv(report)) if not r["control"]
    ]
    assert layer_rows == [(c.service, c.layer.value) for c in report.matrix.cells]


def test_inheritable_follows_the_responsibility(webshop: Webshop) -> None:
    """AWS rows are inheritable, shared ones partly, the customer's not; all three appear."""
    rows = _rows(render_crm_csv(webshop("plan")))
    assert {r["responsibility"] for r in rows} >= {"AWS", "Customer", "Shared"}
    for row in rows:
        assert row["inheritable"] == INHERITABLE[row["responsibility"]], row


def test_inherited_rows_cite_the_reason_and_source(webshop: Webshop) -> None:
    """An AWS-owned layer row is inherited and explains why, with the source."""
    report = webshop("cfn")
    cell = report.matrix.cell("rds", next(iter(report.matrix.layers)))
    row = next(
        r for r in _rows(render_crm_csv(report))
        if (r["service"], r["layer"], r["control"]) == ("rds", cell.layer.value, "")
    )  # fmt: skip
    assert row["status"] == "inherited"
    assert cell.reason in row["evidence summary"]
    assert cell.source in row["evidence summary"]


def test_control_rows_aggregate_their_resources(webshop: Webshop) -> None:
    """A control fails when one resource fails; its evidence counts and names the failures."""
    rows = {(r["service"], r["control"]): r for r in _rows(render_crm_csv(webshop("cfn")))}
    ssh = rows[("vpc", "ec2.security_group.ssh_open_to_internet")]
    assert ssh["status"] == "fail"
    assert ssh["layer"] == "network_config"
    assert ssh["evidence summary"] == "2 pass, 1 fail; failing: WebSecurityGroup"
    rds = rows[("rds", "rds.db_instance.encryption_at_rest")]
    assert (rds["responsibility"], rds["inheritable"], rds["status"]) == ("Customer", "no", "fail")


def test_cell_rows_carry_the_cell_verdict(webshop: Webshop) -> None:
    """The layer row's status is the matrix verdict and its evidence the verdict counts."""
    report = webshop("cfn")
    rows = {(r["service"], r["layer"], r["control"]): r for r in _rows(render_crm_csv(report))}
    for (service, layer), status in report.cells.items():
        row = rows[(service, layer.value, "")]
        assert row["status"] == status.verdict.value
        for name, count in status.counts.items():
            assert f"{count} {name}" in row["evidence summary"]


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([Status.PASS, Status.FAIL, Status.UNKNOWN], Status.FAIL),
        ([Status.PASS, Status.UNKNOWN], Status.UNKNOWN),
        ([Status.PASS, Status.NOT_APPLICABLE], Status.PASS),
        ([Status.SUPPRESSED, Status.NOT_APPLICABLE], Status.SUPPRESSED),
        ([Status.NOT_APPLICABLE], Status.NOT_APPLICABLE),
    ],
)
def test_aggregate_status_is_the_worst_seen(statuses: list[Status], expected: Status) -> None:
    """Fail beats unknown beats pass; suppressed and not applicable come last."""
    assert aggregate_status(statuses) is expected


def test_requirement_ids_from_the_mapping_hook(webshop: Webshop) -> None:
    """Requirement ids given per control or per duty land in the matching rows, sorted."""
    mapping = {
        "rds.db_instance.encryption_at_rest": ["NIST-800-53:SC-28", "CIS-AWS-3.0:2.3.1"],
        "backups": ["ISO-27001:A.8.13"],
    }
    rows = _rows(render_crm_csv(webshop("cfn"), requirements=mapping))
    ids = {(r["service"], r["layer"], r["control"]): r["framework requirement ids"] for r in rows}
    assert ids[("rds", "encryption_at_rest", "rds.db_instance.encryption_at_rest")] == (
        "CIS-AWS-3.0:2.3.1; NIST-800-53:SC-28"
    )
    assert ids[("s3", "backups", "")] == "ISO-27001:A.8.13"
    assert ids[("s3", "encryption_at_rest", "")] == ""
    unmapped = _rows(render_crm_csv(webshop("cfn")))
    assert all(r["framework requirement ids"] == "" for r in unmapped)


def test_formula_like_values_are_defused(webshop: Webshop) -> None:
    """A value a spreadsheet would run as a formula is written as text, quote first."""
    report = webshop("cfn")
    hostile = "=cmd|' /C calc'!A0"
    findings = tuple(f._replace(control_id=hostile) for f in report.result.findings)
    text = render_crm_csv(replace(report, result=replace(report.result, findings=findings)))
    controls = {r["control"] for r in _rows(text)}
    assert f"'{hostile}" in controls
    assert hostile not in controls


def test_no_secret_from_the_inputs_reaches_the_csv(webshop: Webshop) -> None:
    """The RDS master password of the webshop appears in neither edition's CSV."""
    for edition in ("cfn", "plan"):
        assert "Sup3rS3cret!" not in render_crm_csv(webshop(edition))


def test_matches_the_golden_file(golden: Callable[[str], tuple[str, str]]) -> None:
    """The webshop template's matrix is byte for byte the reviewed golden file."""
    expected, actual = golden("webshop-cfn.crm.csv")
    assert actual == expected
