"""The conformance bench's topic file: control ids checked, known cases matched by evidence."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from srmap.controls import default_controls


def test_unknown_control_ids_in_the_topic_file_are_refused(
    topic_file: ModuleType, tmp_path: Path
) -> None:
    """A topic naming a control srmap does not have is an error, not a silent no-control."""
    file = tmp_path / "topics.toml"
    file.write_text('[topics.x]\ncontrols = ["s3.bucket.no_such_control"]\n')
    with pytest.raises(ValueError, match="no_such_control"):
        topic_file.load_topics(file, default_controls())


def test_unknown_control_ids_in_a_rule_mapping_are_refused(
    topic_file: ModuleType, tmp_path: Path
) -> None:
    """A rule mapping naming a control srmap does not have is an error too."""
    file = tmp_path / "topics.toml"
    file.write_text('[topics.x]\ncontrols = []\n[topics.x.rules]\n"r" = ["s3.bucket.nope"]\n')
    with pytest.raises(ValueError, match="nope"):
        topic_file.load_topics(file, default_controls())


def test_a_known_case_matches_cited_evidence_only(topic_file: ModuleType) -> None:
    """An evidence filter needs the path cited (exactly or by glob) with a matching value."""
    verdict = topic_file.LabelVerdict(
        "c", "t", "f.tf", "a", "pass", "fail", evidence=("acl_grants[1] = AllUsers READ",)
    )
    case = topic_file.KnownCase
    assert case("by_design", "r", evidence={"acl_grants?*": "*AllUsers*"}).covers(verdict)
    assert not case("by_design", "r", evidence={"acl_grants": "*"}).covers(verdict)
    assert not case("by_design", "r", evidence={"acl_grants?*": "*Authenticated*"}).covers(verdict)
