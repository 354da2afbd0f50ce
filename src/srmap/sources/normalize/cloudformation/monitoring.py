"""CloudFormation CloudTrail trails, log groups, Config recorders and GuardDuty detectors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.normalize.registry import Parts, normalizer
from srmap.sources.normalize.terraform.monitoring import (
    advanced_read_write,
    combined_read_write,
    sorted_features,
)
from srmap.sources.normalize.values import (
    as_bool,
    as_int,
    blocks,
    dig,
    none_if_empty,
    or_default,
)
from srmap.sources.raw import Dialect, RawResource

__all__ = ["NORMALIZERS"]

CFN = Dialect.CLOUDFORMATION


def _required_bool(value: Any) -> bool | Unknown:
    """A required boolean property; a template without it cannot say."""
    found = as_bool(value)
    return UNKNOWN if found is None else found


def _advanced_selectors(selectors: list[Any]) -> Any:
    kinds: list[Any] = []
    for selector in selectors:
        fields = blocks(selector, "FieldSelectors")
        if isinstance(fields, Unknown):
            return UNKNOWN
        kinds.append(advanced_read_write({dig(f, "Field"): dig(f, "Equals") for f in fields}))
    return combined_read_write(kind for kind in kinds if kind is not None)


def _management_events(values: Mapping[str, Any]) -> Any:
    """What management events the selectors record; with none, a trail records them all."""
    advanced = blocks(values, "AdvancedEventSelectors")
    basic = blocks(values, "EventSelectors")
    if isinstance(advanced, Unknown) or isinstance(basic, Unknown):
        return UNKNOWN
    if advanced:
        return _advanced_selectors(advanced)
    if not basic:
        return "All"
    return combined_read_write(
        or_default(dig(selector, "ReadWriteType"), "All")
        for selector in basic
        if as_bool(dig(selector, "IncludeManagementEvents"), True) is not False
    )


@normalizer("cloudtrail.trail", CFN, name="TrailName", identity=("TrailName",))
def normalize_cloudtrail_trail(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::CloudTrail::Trail."""
    values = raw.values
    return {
        "is_logging": _required_bool(values.get("IsLogging")),
        "is_multi_region": as_bool(values.get("IsMultiRegionTrail"), False),
        "is_organization_trail": as_bool(values.get("IsOrganizationTrail"), False),
        "include_global_service_events": as_bool(values.get("IncludeGlobalServiceEvents"), True),
        "log_file_validation_enabled": as_bool(values.get("EnableLogFileValidation"), False),
        "kms_key_id": none_if_empty(values.get("KMSKeyId")),
        "s3_bucket_name": values.get("S3BucketName", UNKNOWN),
        "cloudwatch_logs_group_arn": none_if_empty(values.get("CloudWatchLogsLogGroupArn")),
        "management_events": _management_events(values),
    }


@normalizer("logs.log_group", CFN, name="LogGroupName", identity=("LogGroupName",))
def normalize_log_group(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::Logs::LogGroup; without a retention, events never expire."""
    values = raw.values
    return {
        "retention_days": as_int(values.get("RetentionInDays")),
        "kms_key_id": none_if_empty(values.get("KmsKeyId")),
        "log_group_class": or_default(values.get("LogGroupClass"), "STANDARD"),
    }


def _all_supported(group: Any) -> Any:
    strategy = dig(group, "RecordingStrategy", "UseOnly")
    if isinstance(strategy, str) and strategy:
        return strategy == "ALL_SUPPORTED_RESOURCE_TYPES"
    return as_bool(dig(group, "AllSupported"), True)


@normalizer(
    "config.recorder",
    CFN,
    name="Name",
    identity=("Name",),
    # Neither names the other: both are the region's single recorder and channel by name.
    parts={"AWS::Config::DeliveryChannel": "Name"},
)
def normalize_config_recorder(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::Config::ConfigurationRecorder with its delivery channel."""
    group = raw.values.get("RecordingGroup")
    channel = parts.first("AWS::Config::DeliveryChannel")
    return {
        # CloudFormation starts the recorder once a channel exists, maybe outside this input.
        "recording": True if channel else UNKNOWN,
        "all_supported": _all_supported(group),
        "include_global_resource_types": as_bool(dig(group, "IncludeGlobalResourceTypes"), False),
        "delivery_s3_bucket": channel.values.get("S3BucketName", UNKNOWN) if channel else None,
    }


_DATASOURCE_FEATURES = (
    ("S3_DATA_EVENTS", ("S3Logs", "Enable")),
    ("EKS_AUDIT_LOGS", ("Kubernetes", "AuditLogs", "Enable")),
    ("EBS_MALWARE_PROTECTION", ("MalwareProtection", "ScanEc2InstanceWithFindings", "EBSVolumes")),
)


def _features(values: Mapping[str, Any]) -> list[dict[str, Any]] | Unknown:
    sources = values.get("DataSources")
    features = blocks(values, "Features")
    if isinstance(sources, Unknown) or isinstance(features, Unknown):
        return UNKNOWN
    found: dict[Any, Any] = {}
    for name, path in _DATASOURCE_FEATURES:
        enabled = as_bool(dig(sources, *path))
        if isinstance(enabled, bool):
            found[name] = "ENABLED" if enabled else "DISABLED"
        elif enabled is not None:
            found[name] = UNKNOWN
    for feature in features:
        found[dig(feature, "Name")] = dig(feature, "Status")
    return sorted_features(found)


@normalizer("guardduty.detector", CFN, identity=())
def normalize_guardduty_detector(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::GuardDuty::Detector, whose features are properties of its own."""
    values = raw.values
    return {
        "enabled": _required_bool(values.get("Enable")),
        "finding_publishing_frequency": or_default(
            values.get("FindingPublishingFrequency"), "SIX_HOURS"
        ),
        "features": _features(values),
    }


NORMALIZERS = [
    normalize_cloudtrail_trail,
    normalize_log_group,
    normalize_config_recorder,
    normalize_guardduty_detector,
]
