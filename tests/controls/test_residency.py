"""Data residency: regions and replication targets against allowed regions and jurisdictions,
global services, the declared type list kept equal to the catalog, and the webshop's gap 12."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from srmap.api import scan
from srmap.catalog import Scope, load_catalog
from srmap.controls import ControlContext, default_controls, evaluate_controls
from srmap.controls.residency import GLOBAL_TYPES, REGIONAL_TYPES
from srmap.model import UNKNOWN, Resource, Status

EU = ControlContext(allowed_jurisdictions=frozenset({"EU"}))
FRANKFURT_ONLY = ControlContext(allowed_regions=frozenset({"eu-central-1"}))


def _verdict(type_id: str, region: Any, context: ControlContext, **attributes: object) -> Status:
    resource = Resource("r", type_id, "x", region, None, "r", attributes)
    findings = evaluate_controls([resource], default_controls(), context)
    return next(f.status for f in findings if f.control_id == f"{type_id}.data_residency")


@pytest.mark.parametrize(
    ("region", "context", "attributes", "expected"),
    [
        ("eu-west-1", EU, {}, "pass"),
        ("us-east-1", EU, {}, "fail"),
        ("eu-west-1", FRANKFURT_ONLY, {}, "fail"),
        ("eu-central-1", FRANKFURT_ONLY, {}, "pass"),
        ("eusc-de-east-1", EU, {}, "pass"),
        (UNKNOWN, EU, {}, "unknown"),
        (None, EU, {}, "unknown"),
        ("eu-isoe-west-1", EU, {}, "unknown"),
        ("xx-nowhere-1", EU, {}, "unknown"),
        ("xx-nowhere-1", FRANKFURT_ONLY, {}, "fail"),
        ("us-east-1", ControlContext(), {}, "not_applicable"),
        (UNKNOWN, ControlContext(), {}, "not_applicable"),
        ("eu-west-1", EU, {"replication_regions": ["eu-north-1"]}, "pass"),
        ("eu-west-1", EU, {"replication_regions": ["us-west-2"]}, "fail"),
        ("eu-west-1", EU, {"replication_regions": UNKNOWN}, "unknown"),
        ("eu-west-1", EU, {"replication_regions": [UNKNOWN, "us-west-2"]}, "fail"),
        (UNKNOWN, EU, {"replication_regions": ["us-west-2"]}, "fail"),
    ],
)
def test_bucket_residency(
    region: Any, context: ControlContext, attributes: dict[str, object], expected: str
) -> None:
    """A known place outside the policy fails; an unknown place is never allowed."""
    assert _verdict("s3.bucket", region, context, **attributes) is Status(expected)


@pytest.mark.parametrize(
    ("type_id", "attributes", "expected"),
    [
        ("dynamodb.table", {"replication_regions": ["us-east-1"]}, "fail"),
        ("backup.plan", {"replication_regions": ["ap-southeast-2"]}, "fail"),
        ("efs.file_system", {"replication_regions": ["eu-west-3"]}, "pass"),
        ("rds.db_instance", {"cluster_id": "c", "replication_regions": UNKNOWN}, "pass"),
        ("rds.db_instance", {"cluster_id": None, "replication_regions": ["us-east-2"]}, "fail"),
        ("sqs.queue", {}, "pass"),
    ],
)
def test_copies_of_each_kind(type_id: str, attributes: dict[str, object], expected: str) -> None:
    """Global tables, backup copies, EFS and read replicas count; Aurora members defer."""
    assert _verdict(type_id, "eu-west-1", EU, **attributes) is Status(expected)


def test_global_services_report_where_their_data_lives() -> None:
    """CloudFront needs a person's judgement under a policy; IAM holds no customer content."""
    assert _verdict("cloudfront.distribution", None, EU) is Status.MANUAL
    assert _verdict("cloudfront.distribution", None, ControlContext()) is Status.NOT_APPLICABLE
    assert _verdict("iam.role", None, EU) is Status.NOT_APPLICABLE


def test_the_declared_type_lists_match_the_catalog() -> None:
    """Every regional type has a residency control; every global one is declared."""
    catalog = load_catalog()
    regional = {
        t.id
        for t in catalog.resource_types.values()
        if catalog.services[t.service].scope is Scope.REGIONAL
    }
    assert set(REGIONAL_TYPES) == regional
    assert len(REGIONAL_TYPES) == len(set(REGIONAL_TYPES))
    assert set(GLOBAL_TYPES) <= set(catalog.resource_types) - regional


def test_webshop_residency_gap() -> None:
    """Gap 12: the us-east-1 bucket and table fail the EU-only policy; Frankfurt passes."""
    webshop = Path("examples/webshop")
    report = scan([webshop / "terraform" / "plan.json"], None, webshop / "srmap.yaml")
    verdicts = {
        (f.control_id, f.resource.id): f.status
        for f in report.result.findings
        if f.control_id.endswith(".data_residency")
    }
    assert verdicts[("s3.bucket.data_residency", "aws_s3_bucket.assets_replica")] is Status.FAIL
    assert (
        verdicts[("dynamodb.table.data_residency", "aws_dynamodb_table.sessions_us")] is Status.FAIL
    )
    assert verdicts[("s3.bucket.data_residency", "aws_s3_bucket.assets")] is Status.PASS
