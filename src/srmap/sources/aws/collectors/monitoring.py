"""CloudTrail trails, CloudWatch log groups, Config recorders and GuardDuty detectors, live:
configuration and status only; no log event and no finding is ever read."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from srmap.model import UNKNOWN, Resource, Unknown
from srmap.sources.aws.collector import LiveContext, collector
from srmap.sources.aws.collectors._response import dig, keep
from srmap.sources.normalize.terraform.monitoring import (
    advanced_read_write,
    combined_read_write,
    sorted_features,
)

__all__ = [
    "COLLECTORS",
    "detector_enabled",
    "detectors",
    "recorder_status",
    "trail_logging",
    "trail_management_events",
]


def trail_logging(context: LiveContext, trail: Mapping[str, Any]) -> Any:
    """Whether a trail is logging, asked in its home region by ARN (shared with the account)."""
    status = context.attempt(
        "cloudtrail", "GetTrailStatus", region=trail.get("HomeRegion"), Name=trail["TrailARN"]
    )
    return keep(status, lambda s: bool(s.get("IsLogging")))


def trail_management_events(context: LiveContext, trail: Mapping[str, Any]) -> Any:
    """All, ReadOnly, WriteOnly or None, from basic or advanced event selectors."""
    found = context.attempt(
        "cloudtrail",
        "GetEventSelectors",
        region=trail.get("HomeRegion"),
        TrailName=trail["TrailARN"],
    )
    if isinstance(found, Unknown):
        return UNKNOWN
    advanced = found.get("AdvancedEventSelectors") or []
    if advanced:
        kinds = [
            advanced_read_write({f["Field"]: f.get("Equals") for f in s.get("FieldSelectors", [])})
            for s in advanced
        ]
        return combined_read_write(kind for kind in kinds if kind is not None)
    basic = found.get("EventSelectors") or []
    if not basic:
        return "All"  # as infrastructure code reads it: without selectors, a trail records all
    return combined_read_write(
        s.get("ReadWriteType", "All") for s in basic if s.get("IncludeManagementEvents", True)
    )


@collector("cloudtrail.trail", service="cloudtrail")
def collect_trails(context: LiveContext) -> Iterator[Resource]:
    """Trails whose home is this region (multi-region trails once, where they were made)."""
    listed = context.attempt("cloudtrail", "DescribeTrails", includeShadowTrails=False)
    for trail in [] if isinstance(listed, Unknown) else listed.get("trailList", []):
        yield context.resource(
            arn=trail["TrailARN"],
            name=trail.get("Name"),
            region=trail.get("HomeRegion") or context.region,
            attributes={
                "is_logging": trail_logging(context, trail),
                "is_multi_region": bool(trail.get("IsMultiRegionTrail")),
                "is_organization_trail": bool(trail.get("IsOrganizationTrail")),
                "include_global_service_events": bool(trail.get("IncludeGlobalServiceEvents")),
                "log_file_validation_enabled": bool(trail.get("LogFileValidationEnabled")),
                "kms_key_id": trail.get("KmsKeyId"),
                "s3_bucket_name": trail.get("S3BucketName"),
                "cloudwatch_logs_group_arn": trail.get("CloudWatchLogsLogGroupArn"),
                "management_events": trail_management_events(context, trail),
            },
            api="cloudtrail:DescribeTrails",
        )


@collector("logs.log_group", service="logs")
def collect_log_groups(context: LiveContext) -> Iterator[Resource]:
    """Log groups with retention and encryption (their events are never read)."""
    for group in context.listing("logs", "DescribeLogGroups", "logGroups"):
        arn = group.get("logGroupArn") or str(group.get("arn", "")).removesuffix(":*")
        yield context.resource(
            arn=arn,
            name=group["logGroupName"],
            attributes={
                "retention_days": group.get("retentionInDays"),
                "kms_key_id": group.get("kmsKeyId"),
                "log_group_class": group.get("logGroupClass", "STANDARD"),
            },
            api="logs:DescribeLogGroups",
        )


def recorder_status(context: LiveContext, region: str | None) -> Any:
    """Recorder name -> whether it is recording, in one region (shared with the account)."""
    found = context.attempt("config", "DescribeConfigurationRecorderStatus", region=region)
    return keep(
        found,
        lambda f: {
            s["name"]: bool(s.get("recording")) for s in f.get("ConfigurationRecordersStatus", [])
        },
    )


def _delivery_bucket(context: LiveContext) -> Any:
    found = context.attempt("config", "DescribeDeliveryChannels")
    channel = dig(found, "DeliveryChannels", 0)
    return keep(channel, lambda c: c.get("s3BucketName"))


@collector("config.recorder", service="config")
def collect_config_recorders(context: LiveContext) -> Iterator[Resource]:
    """The region's configuration recorder with its status and delivery channel."""
    found = context.attempt("config", "DescribeConfigurationRecorders")
    recorders = [] if isinstance(found, Unknown) else found.get("ConfigurationRecorders", [])
    status = recorder_status(context, context.region) if recorders else {}
    for recorder in recorders:
        name = recorder["name"]
        group = recorder.get("recordingGroup", {})
        strategy = dig(group, "recordingStrategy", "useOnly")
        all_supported = (
            strategy == "ALL_SUPPORTED_RESOURCE_TYPES"
            if strategy
            else group.get("allSupported", True)
        )
        yield context.resource(
            arn=recorder.get("arn")
            or f"arn:aws:config:{context.region}:{context.account}:configuration-recorder/{name}",
            name=name,
            attributes={
                "recording": status if isinstance(status, Unknown) else status.get(name, False),
                "all_supported": bool(all_supported),
                "include_global_resource_types": bool(group.get("includeGlobalResourceTypes")),
                "delivery_s3_bucket": _delivery_bucket(context),
            },
            api="config:DescribeConfigurationRecorders",
        )


def detector_enabled(detector: Any) -> Any:
    """Whether one detector is enabled, from GetDetector (shared with the account)."""
    return keep(detector, lambda d: d.get("Status") == "ENABLED")


def detectors(context: LiveContext, region: str | None) -> Any:
    """Detector id -> GetDetector response in one region; UNKNOWN when the listing is denied."""
    listed = context.attempt("guardduty", "ListDetectors", region=region)
    if isinstance(listed, Unknown):
        return UNKNOWN
    return {
        detector_id: context.attempt(
            "guardduty", "GetDetector", region=region, DetectorId=detector_id
        )
        for detector_id in listed.get("DetectorIds", [])
    }


@collector("guardduty.detector", service="guardduty")
def collect_detectors(context: LiveContext) -> Iterator[Resource]:
    """The region's detector with every protection plan the API reports."""
    found = detectors(context, context.region)
    for detector_id, detector in ({} if isinstance(found, Unknown) else found).items():
        features = keep(
            detector,
            lambda d: sorted_features({f["Name"]: f.get("Status") for f in d.get("Features", [])}),
        )
        yield context.resource(
            arn=f"arn:aws:guardduty:{context.region}:{context.account}:detector/{detector_id}",
            name=detector_id,
            attributes={
                "enabled": detector_enabled(detector),
                "finding_publishing_frequency": dig(detector, "FindingPublishingFrequency"),
                "features": features,
            },
            api="guardduty:ListDetectors",
        )


COLLECTORS = [collect_trails, collect_log_groups, collect_config_recorders, collect_detectors]
