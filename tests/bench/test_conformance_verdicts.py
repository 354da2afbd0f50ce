"""The conformance bench's verdict stage on a tiny corpus and topic file written for the test."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest

from srmap.controls import default_controls

VERSIONED_TF = """
resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket" "plain" {
  bucket = "plain"
}
"""
TEMPLATE = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Logs:
    Type: AWS::S3::Bucket
"""
TOPICS = """
[topics.s3_versioning]
controls = ["s3.bucket.versioning"]
note = "versioning on the bucket"

[[topics.s3_versioning.by_design]]
fixture = "template.yaml"
expected = "pass"
got = "fail"
reason = "a reason"
"""


def _line(path: str, fmt: str, topic: str, *expected: tuple[str, str]) -> str:
    items = [{"resource_address_or_logical_id": a, "status": s} for a, s in expected]
    record = {"corpus": "tiny", "format": fmt, "source_path": path, "topic": topic,
              "rule": "r", "expected": items}  # fmt: skip
    return json.dumps(record) + "\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A versioned and a plain bucket, a template bucket, and a topic the file leaves out."""
    (tmp_path / "one.tf").write_text(VERSIONED_TF)
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    (tmp_path / "topics.toml").write_text(TOPICS)
    (tmp_path / "labels.jsonl").write_text(
        _line("one.tf", "terraform_hcl", "s3_versioning",
              ("aws_s3_bucket.logs", "pass"), ("aws_s3_bucket_versioning.logs", "pass"),
              ("aws_s3_bucket.plain", "pass"), ("aws_s3_bucket.gone", "fail"))
        + _line("template.yaml", "cloudformation", "s3_versioning", ("Logs", "pass"))
        + _line("template.yaml", "cloudformation", "unmapped_topic", ("Logs", "fail"))
    )  # fmt: skip
    return tmp_path


def _verdicts(conformance: ModuleType, stage: ModuleType, corpus: Path) -> list[object]:
    labels = conformance.load_labels(corpus)
    reads, _ = conformance.run_parsing_stage(labels, corpus)
    topics = stage.load_topics(corpus / "topics.toml", default_controls())
    return stage.run_verdict_stage(labels, reads, topics)


def test_each_label_gets_an_outcome(
    conformance: ModuleType, verdict_stage: ModuleType, corpus: Path
) -> None:
    """Agreement, a part judged on its bucket, disagreement, by design, not read, unmapped."""
    verdicts = _verdicts(conformance, verdict_stage, corpus)
    outcomes = {(v.topic, v.address): (v.got, v.outcome) for v in verdicts}
    assert outcomes == {
        ("s3_versioning", "aws_s3_bucket.logs"): ("pass", "agree"),
        ("s3_versioning", "aws_s3_bucket_versioning.logs"): ("pass", "agree"),
        ("s3_versioning", "aws_s3_bucket.plain"): ("fail", "disagree"),
        ("s3_versioning", "aws_s3_bucket.gone"): ("not_read", "not_read"),
        ("s3_versioning", "Logs"): ("fail", "by_design"),
        ("unmapped_topic", "Logs"): ("no_control", "no_control"),
    }


def test_disagreements_carry_their_deciding_evidence(
    conformance: ModuleType, verdict_stage: ModuleType, corpus: Path
) -> None:
    """A disagreement names the attribute and value that decided it; by design its reason."""
    verdicts = {v.address: v for v in _verdicts(conformance, verdict_stage, corpus)}
    assert verdicts["aws_s3_bucket.plain"].evidence == ("versioning_enabled = False",)
    assert verdicts["Logs"].reason in ("a reason", "topic 'Logs' is not mapped")


def test_main_writes_the_markdown_summary(
    conformance: ModuleType, verdict_stage: ModuleType, corpus: Path, tmp_path: Path
) -> None:
    """The markdown names every topic with its agreement and lists each case by outcome."""
    summary = tmp_path / "summary.md"
    args = ["--corpus-dir", str(corpus), "--topics", str(corpus / "topics.toml")]
    assert conformance.main([*args, "--markdown", str(summary)]) == 0
    text = summary.read_text()
    assert "| s3_versioning | `s3.bucket.versioning` | 2 | 1 | 0 | 1 |" in text
    assert "Unmapped topics: unmapped_topic." in text
    assert "`aws_s3_bucket.plain` | pass | fail | versioning_enabled = False |" in text


def test_a_rule_mapped_on_its_own_is_judged_by_its_controls(
    conformance: ModuleType, verdict_stage: ModuleType, corpus: Path
) -> None:
    """A topic's per-rule mapping replaces the topic's controls for that rule's labels only."""
    (corpus / "topics.toml").write_text(
        TOPICS + '[topics.s3_versioning.rules]\n"r" = ["s3.bucket.encryption_at_rest"]\n'
    )
    verdicts = {v.address: v for v in _verdicts(conformance, verdict_stage, corpus)}
    assert verdicts["aws_s3_bucket.plain"].got == "pass"  # judged on encryption, not versioning
    assert verdicts["aws_s3_bucket.plain"].evidence == ("encryption_algorithm = None",)


def test_an_implicit_label_contradicting_an_explicit_one_on_the_same_resource_is_a_label_issue(
    conformance: ModuleType, verdict_stage: ModuleType, tmp_path: Path
) -> None:
    """A part flagged while its bucket is passed only implicitly: one resource, two statuses."""
    (tmp_path / "one.tf").write_text(VERSIONED_TF.replace('"Enabled"', '"Suspended"'))
    (tmp_path / "topics.toml").write_text(TOPICS)
    labeled = [
        ("aws_s3_bucket_versioning.logs", "fail"),
        ("aws_s3_bucket.logs", "pass"),
        ("aws_s3_bucket.plain", "pass"),
    ]
    record = json.loads(_line("one.tf", "terraform_hcl", "s3_versioning", *labeled))
    record["expected"][1]["implicit"] = True
    record["expected"][2]["implicit"] = True
    (tmp_path / "labels.jsonl").write_text(json.dumps(record) + "\n")
    outcomes = {v.address: v.outcome for v in _verdicts(conformance, verdict_stage, tmp_path)}
    assert outcomes == {
        "aws_s3_bucket_versioning.logs": "agree",
        "aws_s3_bucket.logs": "label_issue",  # the same bucket, labeled fail through its part
        "aws_s3_bucket.plain": "disagree",  # implicit, but no explicit label judges it
    }


def test_a_part_judged_alone_ignores_what_its_primary_declares_elsewhere(
    conformance: ModuleType, verdict_stage: ModuleType, tmp_path: Path
) -> None:
    """An inline policy labeled on its own is judged without the role's other policies."""
    (tmp_path / "iam.tf").write_text(IAM_TF)
    (tmp_path / "topics.toml").write_text(
        '[topics.iam]\ncontrols = ["iam.role.no_administrator_access"]\n'
        'parts_alone = ["aws_iam_role_policy"]\n'
    )
    labeled = [("aws_iam_role_policy.narrow", "pass"), ("aws_iam_role.app", "fail")]
    (tmp_path / "labels.jsonl").write_text(_line("iam.tf", "terraform_hcl", "iam", *labeled))
    got = {v.address: v.got for v in _verdicts(conformance, verdict_stage, tmp_path)}
    assert got == {"aws_iam_role_policy.narrow": "pass", "aws_iam_role.app": "fail"}


IAM_TF = """
resource "aws_iam_role" "app" {
  name                = "app"
  assume_role_policy  = "{}"
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}
resource "aws_iam_role_policy" "narrow" {
  name   = "narrow"
  role   = aws_iam_role.app.id
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:Get*", Resource = "*" }] })
}
"""
