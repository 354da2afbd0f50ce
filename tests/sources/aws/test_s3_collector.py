"""Live S3: a bucket seeded in moto normalizes to the same resource as in the IaC parity case."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
from botocore.exceptions import ClientError

from srmap.model import UNKNOWN
from srmap.report.jsonable import to_jsonable
from srmap.sources.aws.api import Api
from srmap.sources.aws.collector import Gaps, LiveContext
from srmap.sources.aws.collectors.s3 import collect_s3_buckets

PARITY = Path(__file__).parent.parent.parent / "fixtures" / "parity" / "s3_bucket"
KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def _seed_parity_bucket() -> None:
    s3 = boto3.client("s3", region_name="eu-west-1")
    name = "srmap-parity-data"
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    rule = {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": KEY}
    s3.put_bucket_encryption(
        Bucket=name,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": rule, "BucketKeyEnabled": True}]
        },
    )
    flags = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"]
    s3.put_public_access_block(
        Bucket=name, PublicAccessBlockConfiguration=dict.fromkeys(flags, True)
    )
    expected = json.loads((PARITY / "expected.json").read_text())
    policy = expected["resources"]["aws_s3_bucket.data"]["attributes"]["policy"]
    s3.put_bucket_policy(Bucket=name, Policy=json.dumps(policy))


def test_live_bucket_matches_the_iac_parity_case(api: Api) -> None:
    """Same bucket, same normalized attributes as from the plan, HCL and template."""
    _seed_parity_bucket()
    [bucket] = collect_s3_buckets.collect(LiveContext(api, None, Gaps()))
    expected = json.loads((PARITY / "expected.json").read_text())["resources"]["aws_s3_bucket.data"]
    assert (bucket.id, bucket.name, bucket.region) == (
        "arn:aws:s3:::srmap-parity-data",
        "srmap-parity-data",
        "eu-west-1",
    )
    assert to_jsonable(bucket.attributes) == expected["attributes"]


def test_denied_configuration_read_is_unknown_and_recorded(api: Api, aws: boto3.Session) -> None:
    """A denied GetBucketPolicy leaves policy UNKNOWN and names the missing permission."""
    _seed_parity_bucket()

    def deny(model: object, **_: object) -> None:
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, "GetBucketPolicy")

    aws.events.register("before-call.s3.GetBucketPolicy", deny)
    gaps = Gaps()
    [bucket] = collect_s3_buckets.collect(LiveContext(api, None, gaps))
    assert bucket.attributes["policy"] is UNKNOWN
    assert bucket.attributes["versioning_enabled"] is True
    assert ("s3:GetBucketPolicy", "eu-west-1") in gaps.denied
