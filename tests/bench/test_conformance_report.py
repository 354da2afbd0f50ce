"""The conformance bench's report: agreement per topic and the markdown summary, from verdicts."""

from __future__ import annotations

from types import ModuleType


def test_agreement_counts_unknown_against_and_sets_apart_the_rest(
    verdict_report: ModuleType,
) -> None:
    """Agreement is agree over agree, disagree and unknown; other outcomes stay out of it."""
    make = verdict_report.LabelVerdict
    verdicts = [
        make("c", "t", "f", "a", "pass", "pass", outcome="agree"),
        make("c", "t", "f", "b", "pass", "unknown", outcome="unknown"),
        make("c", "t", "f", "c", "fail", "pass", outcome="by_design"),
        make("c", "t", "f", "d", "fail", "not_read", outcome="not_read"),
    ]
    topic, total = verdict_report.score_topics(verdicts)
    assert (topic.topic, topic.judged, topic.percent) == ("t", 2, 50.0)
    assert total.topic == "all"


def test_markdown_lists_each_case_under_its_outcome_with_cells_escaped(
    verdict_report: ModuleType,
) -> None:
    """A case's evidence keeps its pipes and newlines out of the table; empty sections say so."""
    make = verdict_report.LabelVerdict
    verdicts = [
        make("c", "t", "f.tf", "a", "pass", "fail", "disagree", ("rule = a|b\nc",), "why"),
        make("c", "t", "f.tf", "b", "pass", "pass", "agree"),
    ]
    topics = {"t": verdict_report.Topic("t", ("s3.bucket.versioning",), "a | note")}
    report = verdict_report.VerdictReport.of([], topics, verdicts)
    lines = list(report.markdown())
    row = "| t | `s3.bucket.versioning` | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 50.0 % | a \\| note |"
    assert row in lines
    assert "| t | `f.tf` | `a` | pass | fail | rule = a\\|b c; why |" in lines
    disagreements = lines.index("## Disagreements (1)")
    by_design = lines.index("## By design (0)")
    assert lines[by_design + 2] == "None."
    assert disagreements < by_design
