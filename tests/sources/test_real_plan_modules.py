"""A genuine plan with nested modules, provider aliases and unknowns, and the HCL it came from,
normalize to the right ids, regions and joins (tests/fixtures/terraform/modules_aliases)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from srmap.model import UNKNOWN, Reference, Resource
from srmap.sources import read_inventory

FIXTURE = Path(__file__).parent.parent / "fixtures" / "terraform" / "modules_aliases"
BUCKETS = {
    'aws_s3_bucket.logs["eu"]': "eu-west-1",
    'aws_s3_bucket.logs["audit"]': "eu-west-1",
    "aws_s3_bucket.replica": "us-east-1",
    "module.app_eu.module.storage.aws_s3_bucket.this": "eu-west-1",
    "module.app_us.module.storage.aws_s3_bucket.this": "us-east-1",
}


@pytest.fixture(scope="module", params=["plan", "hcl"])
def resources(request: Any) -> dict[str, Resource]:
    path = FIXTURE / "plan.json" if request.param == "plan" else FIXTURE
    return {r.id: r for r in read_inventory([path]).resources}


def test_buckets_have_module_qualified_ids_and_provider_regions(
    resources: dict[str, Resource],
) -> None:
    """Each bucket keeps its address (module path, for_each key) and its provider's region."""
    buckets = {rid: r.region for rid, r in resources.items() if r.type == "s3.bucket"}
    assert buckets == BUCKETS


def test_split_resources_join_through_references_when_bucket_ids_are_unknown(
    resources: dict[str, Resource],
) -> None:
    """Encryption, versioning and public access block land on the bucket they reference."""
    storage = resources["module.app_us.module.storage.aws_s3_bucket.this"].attributes
    assert storage["encryption_algorithm"] == "AES256"
    assert storage["versioning_enabled"] is True
    assert storage["public_access_block"] is not None
    logs_eu = resources['aws_s3_bucket.logs["eu"]'].attributes
    assert logs_eu["encryption_algorithm"] == "aws:kms"
    # The key is created by the same plan: its ARN is known after apply, and known to be its.
    assert logs_eu["kms_key_id"] == Reference("aws_kms_key.logs", "arn")


def test_missing_split_resource_stays_missing(resources: dict[str, Resource]) -> None:
    """The audit bucket has no public access block; the replica has no split resources."""
    assert resources['aws_s3_bucket.logs["audit"]'].attributes["public_access_block"] is None
    replica = resources["aws_s3_bucket.replica"].attributes
    assert replica["public_access_block"] is None
    assert replica["encryption_algorithm"] is None


def test_prefixed_bucket_names_are_unknown_not_guessed(resources: dict[str, Resource]) -> None:
    """bucket_prefix leaves the name unknown until apply."""
    assert resources["module.app_eu.module.storage.aws_s3_bucket.this"].name is UNKNOWN
