"""Live CloudTrail trails, log groups, Config recorders and GuardDuty detectors normalize to
the IaC parity cases and the catalog's attributes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import ClientError
from live_collection import collected

from srmap.model import UNKNOWN
from srmap.report.jsonable import to_jsonable
from srmap.sources.aws.api import Api
from srmap.sources.aws.collector import Gaps, LiveContext
from srmap.sources.aws.collectors.monitoring import (
    collect_config_recorders,
    collect_detectors,
    collect_log_groups,
    collect_trails,
)

PARITY = Path(__file__).parent.parent.parent / "fixtures" / "parity"
REGION = "eu-west-1"


def _expected(case: str, address: str) -> dict[str, Any]:
    resources = json.loads((PARITY / case / "expected.json").read_text())["resources"]
    return resources[address]  # type: ignore[no-any-return]


def seed_parity_trail() -> str:
    """The parity case's trail, logging, in eu-west-1; returns its ARN."""
    expected = _expected("cloudtrail_trail", "aws_cloudtrail.main")["attributes"]
    bucket = expected["s3_bucket_name"]
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    cloudtrail = boto3.client("cloudtrail", region_name=REGION)
    trail = cloudtrail.create_trail(
        Name="parity-trail",
        S3BucketName=bucket,
        IsMultiRegionTrail=True,
        IncludeGlobalServiceEvents=True,
        EnableLogFileValidation=True,
        KmsKeyId=expected["kms_key_id"],
    )
    cloudtrail.start_logging(Name="parity-trail")
    return str(trail["TrailARN"])


def test_live_trail_matches_the_iac_parity_case(api: Api) -> None:
    """Logging, multi-region, validation, key and bucket as from the plan."""
    arn = seed_parity_trail()
    [trail] = collected(collect_trails, api)
    expected = _expected("cloudtrail_trail", "aws_cloudtrail.main")["attributes"]
    assert (trail.id, trail.name, trail.region) == (arn, "parity-trail", REGION)
    assert to_jsonable(trail.attributes) == expected


def test_multi_region_trail_is_read_once_in_its_home_region(api: Api) -> None:
    """Other regions see the trail as a shadow and do not report it again."""
    seed_parity_trail()
    elsewhere = list(collect_trails.collect(LiveContext(api, "us-east-1", Gaps())))
    assert elsewhere == []


def test_read_only_selectors_are_reported(api: Api) -> None:
    """Basic event selectors that record reads only give ReadOnly."""
    seed_parity_trail()
    boto3.client("cloudtrail", region_name=REGION).put_event_selectors(
        TrailName="parity-trail",
        EventSelectors=[{"ReadWriteType": "ReadOnly", "IncludeManagementEvents": True}],
    )
    [trail] = collected(collect_trails, api)
    assert trail.attributes["management_events"] == "ReadOnly"


def test_live_log_group_matches_the_iac_parity_case(api: Api) -> None:
    """Retention, key and class as from the plan; no log event is read."""
    expected = _expected("logs_log_group", "aws_cloudwatch_log_group.app")["attributes"]
    logs = boto3.client("logs", region_name=REGION)
    logs.create_log_group(logGroupName="/parity/app", kmsKeyId=expected["kms_key_id"])
    logs.put_retention_policy(logGroupName="/parity/app", retentionInDays=90)
    logs.create_log_group(logGroupName="/forever")
    groups = {g.name: g for g in collected(collect_log_groups, api)}
    assert groups["/parity/app"].id == "arn:aws:logs:eu-west-1:123456789012:log-group:/parity/app"
    assert to_jsonable(groups["/parity/app"].attributes) == expected
    assert groups["/forever"].attributes["retention_days"] is None
    assert api.calls["logs:GetLogEvents"] == api.calls["logs:FilterLogEvents"] == 0


def seed_config_recorder(*, start: bool) -> None:
    """A recorder of all supported types with a delivery channel, started or not."""
    config = boto3.client("config", region_name=REGION)
    config.put_configuration_recorder(
        ConfigurationRecorder={
            "name": "default",
            "roleARN": "arn:aws:iam::123456789012:role/config",
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True},
        }
    )
    boto3.client("s3", region_name=REGION).create_bucket(
        Bucket="config-history", CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    config.put_delivery_channel(
        DeliveryChannel={"name": "default", "s3BucketName": "config-history"}
    )
    if start:
        config.start_configuration_recorder(ConfigurationRecorderName="default")


def test_config_recorder_with_status_and_delivery_channel(api: Api) -> None:
    """A started recorder of all supported types delivering to its bucket."""
    seed_config_recorder(start=True)
    [recorder] = collected(collect_config_recorders, api)
    assert recorder.name == "default"
    assert recorder.attributes == {
        "recording": True,
        "all_supported": True,
        "include_global_resource_types": True,
        "delivery_s3_bucket": "config-history",
    }


def test_guardduty_detector_with_its_features(api: Api) -> None:
    """Status, frequency and features as the API reports them (moto reports no features)."""
    guardduty = boto3.client("guardduty", region_name=REGION)
    detector = guardduty.create_detector(Enable=True, FindingPublishingFrequency="ONE_HOUR")
    [found] = collected(collect_detectors, api)
    assert found.id.endswith(f":detector/{detector['DetectorId']}")
    assert found.attributes == {
        "enabled": True,
        "finding_publishing_frequency": "ONE_HOUR",
        "features": [],
    }


def test_denied_trail_status_is_unknown_and_recorded(api: Api, aws: boto3.Session) -> None:
    """A denied GetTrailStatus hides only whether the trail is logging."""
    seed_parity_trail()

    def deny(model: object, **_: object) -> None:
        raise ClientError({"Error": {"Code": "AccessDeniedException", "Message": "no"}}, "Get")

    aws.events.register("before-call.cloudtrail.GetTrailStatus", deny)
    gaps = Gaps()
    [trail] = collected(collect_trails, api, gaps)
    assert trail.attributes["is_logging"] is UNKNOWN
    assert trail.attributes["log_file_validation_enabled"] is True
    assert ("cloudtrail:GetTrailStatus", REGION) in gaps.denied
