"""The conformance bench's parsing stage on a tiny corpus written for the test."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BUCKET_TF = """
resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id
  versioning_configuration {
    status = "Enabled"
  }
}
data "aws_iam_policy_document" "read" {}
"""
OTHER_TF = 'resource "aws_s3_bucket" "other" {\n  bucket = "other"\n}\n'
TEMPLATE = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Logs:
    Type: AWS::S3::Bucket
"""


def _label(path: str, fmt: str, *expected: dict[str, Any]) -> dict[str, Any]:
    return {"corpus": "tiny", "format": fmt, "source_path": path, "topic": "s3_versioning",
            "rule": "r", "expected": list(expected)}  # fmt: skip


def _wanted(address: str, **extra: Any) -> dict[str, Any]:
    return {"resource_address_or_logical_id": address, "status": "pass", **extra}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Two HCL fixtures sharing a folder, a template and a file that is no input at all."""
    (tmp_path / "tf").mkdir()
    (tmp_path / "tf" / "one.tf").write_text(BUCKET_TF)
    (tmp_path / "tf" / "two.tf").write_text(OTHER_TF)
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    (tmp_path / "broken.json").write_text('{"neither": "plan nor template"}')
    labels = [
        _label("tf/one.tf", "terraform_hcl", _wanted("aws_s3_bucket.logs"),
               _wanted("aws_s3_bucket_versioning.logs"), _wanted("aws_s3_bucket.other"),
               _wanted("data.aws_iam_policy_document.read"),
               _wanted("*", granularity="file",
                       candidates=["aws_s3_bucket.gone", "aws_s3_bucket.logs"])),
        _label("template.yaml", "cloudformation", _wanted("Logs")),
        _label("broken.json", "cloudformation", _wanted("Anything")),
    ]  # fmt: skip
    (tmp_path / "labels.jsonl").write_text("".join(json.dumps(line) + "\n" for line in labels))
    return tmp_path


def _outcomes(conformance: ModuleType, corpus: Path) -> dict[str, tuple[str, str]]:
    _, presences = conformance.run_parsing_stage(conformance.load_labels(corpus), corpus)
    return {p.address: (p.outcome, p.reason) for p in presences}


def test_each_labeled_resource_gets_its_outcome_and_reason(
    conformance: ModuleType, corpus: Path
) -> None:
    """Primaries are found, parts joined, and each miss carries the reason it was missed."""
    assert _outcomes(conformance, corpus) == {
        "aws_s3_bucket.logs": ("found", ""),
        "aws_s3_bucket_versioning.logs": ("joined", ""),
        "aws_s3_bucket.other": ("missed", "not_read"),
        "data.aws_iam_policy_document.read": ("missed", "data_source"),
        "*": ("found", ""),
        "Logs": ("found", ""),
        "Anything": ("missed", "input_error"),
    }


def test_an_hcl_fixture_is_read_without_its_folder_neighbours(
    conformance: ModuleType, corpus: Path
) -> None:
    """A fixture's inventory holds its own resources, not those of files beside it."""
    read = conformance.read_fixture(corpus / "tf" / "one.tf", "terraform_hcl", ["x"])
    assert read.ids == frozenset({"aws_s3_bucket.logs"})


def test_scores_per_corpus_and_format_and_in_total(conformance: ModuleType, corpus: Path) -> None:
    """Each (corpus, format) row and the total row count found, joined and labeled."""
    _, presences = conformance.run_parsing_stage(conformance.load_labels(corpus), corpus)
    rows = {(row.corpus, row.format): row for row in conformance.score(presences)}
    assert (rows["tiny", "terraform_hcl"].labeled, rows["tiny", "terraform_hcl"].found) == (5, 2)
    assert rows["tiny", "terraform_hcl"].joined == 1
    assert rows["all", "all"].labeled == 7
    assert rows["all", "all"].percent == pytest.approx(100 * 4 / 7)


def test_main_reports_writes_details_and_exits_zero(
    conformance: ModuleType, corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The script prints every miss, writes the JSON details and never gates."""
    details = tmp_path / "details.json"
    code = conformance.main(["--corpus-dir", str(corpus), "--json", str(details)])
    out = capsys.readouterr().out
    assert code == 0
    assert "[not_read] tf/one.tf :: aws_s3_bucket.other" in out
    written = json.loads(details.read_text())
    assert len(written["resources"]) == 7
    assert written["scores"][-1]["corpus"] == "all"
