"""Conformance, stage 2's record: one labeled resource's verdict and the outcomes it can have."""

from __future__ import annotations

from dataclasses import dataclass

AGREE = "agree"
DISAGREE = "disagree"
UNKNOWN = "unknown"  # srmap could not decide: never counted as agreement
NOT_READ = "not_read"  # the labeled resource is not in the inventory (see the parsing stage)
NO_CONTROL = "no_control"  # read, but no mapped control applies to its type
BY_DESIGN = "by_design"
LABEL_ISSUE = "label_issue"
OUTCOMES = (AGREE, DISAGREE, UNKNOWN, BY_DESIGN, LABEL_ISSUE, NOT_READ, NO_CONTROL)


@dataclass(frozen=True)
class LabelVerdict:
    """One labeled resource: what the label expects, what srmap said, and why."""

    corpus: str
    topic: str
    source_path: str
    address: str
    expected: str
    got: str  # pass, fail, unknown, not_read or no_control
    outcome: str = ""
    evidence: tuple[str, ...] = ()  # "control: path = value" of the findings that decided
    reason: str = ""  # for by_design and label_issue, and for not_read
