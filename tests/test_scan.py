"""A scan: findings in report order, whatever order the inventory holds its resources in."""

from __future__ import annotations

import datetime as dt

from srmap.catalog import load_catalog
from srmap.controls import default_controls
from srmap.model import Resource
from srmap.policy import Policy
from srmap.scan import run_scan
from srmap.sources import Inventory

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _bucket(address: str) -> Resource:
    return Resource(address, "s3.bucket", "s3", "eu-west-1", None, address, {})


def test_findings_are_ordered_by_resource_then_control_and_the_inventory_kept() -> None:
    resources = (_bucket("aws_s3_bucket.z"), _bucket("aws_s3_bucket.a"), _bucket("aws_s3_bucket.m"))
    report = run_scan(
        Inventory(resources, {}, ()),
        load_catalog(),
        default_controls(),
        Policy(),
        now=NOW,
        tool_version="test",
    )
    order = [(f.resource.id, f.control_id) for f in report.result.findings]
    assert len(order) > len(resources)
    assert order == sorted(order)
    assert [r.id for r in report.result.resources] == [r.id for r in resources]
