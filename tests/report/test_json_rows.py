"""Rows assembled from parts encoded once are byte for byte what encoding each row whole writes."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from tests.report.test_jsonable import KEYS, VALUES

from srmap.model import (
    UNKNOWN,
    Evidence,
    Finding,
    Layer,
    Resource,
    Severity,
    SourceLocation,
    Status,
)
from srmap.report.json_encode import encode_compact
from srmap.report.json_rows import RowEncoder, finding_to_dict
from srmap.report.jsonable import resource_to_dict

RESOURCES = st.builds(
    Resource,
    id=st.sampled_from(["aws_s3_bucket.logs", 'module.a.aws_db_instance.x["é"]']),
    type=st.just("s3.bucket"),
    service=st.just("s3"),
    region=st.sampled_from(["eu-west-1", None, UNKNOWN]),
    account=st.sampled_from(["123456789012", None, UNKNOWN]),
    name=st.one_of(st.none(), st.just(UNKNOWN), st.text(max_size=8)),
    attributes=st.dictionaries(KEYS, VALUES, max_size=4),
    tags=st.dictionaries(st.text(max_size=5), VALUES, max_size=3),
    source=st.sampled_from([SourceLocation("plan.json", None), SourceLocation("main.tf", 12)]),
)
FINDINGS = st.builds(
    Finding,
    control_id=st.sampled_from(["s3.bucket.encryption_at_rest", "s3.bucket.versioning"]),
    title=st.sampled_from(["Bucket is encrypted", "“quoted” title"]),
    layer=st.sampled_from(list(Layer)),
    severity=st.sampled_from(list(Severity)),
    status=st.sampled_from(list(Status)),
    resource=RESOURCES,
    evidence=st.lists(st.builds(Evidence, KEYS, VALUES), max_size=3).map(tuple),
    message=st.text(max_size=20),
    remediation=st.sampled_from(["Turn it on.", 'Set "x" \\ to true.\n']),
)


@given(st.lists(FINDINGS, min_size=1, max_size=6))
def test_a_finding_row_is_the_finding_encoded_whole(findings: list[Finding]) -> None:
    """However findings share controls, statuses and resources, each row is its own encoding
    (the same encoder for all, so its caches are exercised across rows)."""
    rows = RowEncoder()
    for finding in findings:
        assert rows.finding(finding) == encode_compact(finding_to_dict(finding))


@given(st.lists(FINDINGS, min_size=1, max_size=6), st.integers(min_value=0, max_value=5))
def test_rows_of_findings_that_cite_one_resource_in_a_run_are_each_whole(
    findings: list[Finding], shared: int
) -> None:
    """As a scan lists them, a resource's findings together: the reference looked up once
    for the run is each one's own (and a different resource after the run gets its own)."""
    cited = findings[0].resource
    run = [f._replace(resource=cited) for f in findings[: shared + 1]]
    listed = [*run, *findings[shared + 1 :]]
    rows = list(RowEncoder().finding_rows(listed))
    assert rows == [encode_compact(finding_to_dict(f)) for f in listed]


@given(st.lists(RESOURCES, min_size=1, max_size=4), st.booleans())
def test_an_inventory_row_is_the_resource_encoded_whole(
    resources: list[Resource], cited_first: bool
) -> None:
    """Whether or not a finding cited the resource before, its inventory row is the same."""
    rows = RowEncoder()
    for resource in resources:
        if cited_first:
            rows.reference(resource)
        assert rows.resource(resource) == encode_compact(resource_to_dict(resource))


def test_evidence_that_compares_equal_keeps_its_own_type() -> None:
    """True == 1 and a secret under a secret key: rows never mix up or leak values."""
    resource = Resource("r", "s3.bucket", "s3", "eu-west-1", None, None)
    base: dict[str, Any] = {
        "control_id": "c",
        "title": "t",
        "layer": Layer.ENCRYPTION_AT_REST,
        "severity": Severity.HIGH,
        "status": Status.PASS,
        "resource": resource,
    }
    rows = RowEncoder()
    one = Finding(**base, evidence=(Evidence("encrypted", 1),))
    true = Finding(**base, evidence=(Evidence("encrypted", True),))
    secret = Finding(**base, evidence=(Evidence("master_password", "hunter2"),))
    assert b'"value":1}' in rows.finding(one)
    assert b'"value":true}' in rows.finding(true)
    assert b"hunter2" not in rows.finding(secret)
