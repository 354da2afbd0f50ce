"""Terraform CloudTrail trails, log groups, Config recorders and GuardDuty detectors."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.normalize.registry import Parts, normalizer
from srmap.sources.normalize.terraform._planned import configured, configured_reference
from srmap.sources.normalize.values import (
    as_bool,
    as_int,
    block,
    blocks,
    dig,
    none_if_empty,
    or_default,
)
from srmap.sources.raw import Dialect, RawResource

__all__ = ["NORMALIZERS", "advanced_read_write", "combined_read_write", "sorted_features"]

TF = Dialect.TERRAFORM


def combined_read_write(types: Iterable[Any]) -> Any:
    """One of All, ReadOnly, WriteOnly for several selectors' read/write types; None for none."""
    found = set(types)
    if any(isinstance(kind, Unknown) for kind in found):
        return UNKNOWN
    if "All" in found or {"ReadOnly", "WriteOnly"} <= found:
        return "All"
    return found.pop() if found else None


def _basic_selectors(selectors: list[Any]) -> Any:
    kinds = [
        or_default(dig(selector, "read_write_type"), "All")
        for selector in selectors
        if as_bool(dig(selector, "include_management_events"), True) is not False
    ]
    return combined_read_write(kinds)


def advanced_read_write(fields: Mapping[Any, Any]) -> Any:
    """The read/write type an advanced selector's fields record, or None when not management."""
    if fields.get("eventCategory") != ["Management"]:
        return None
    read_only = fields.get("readOnly")
    if isinstance(read_only, Unknown):
        return UNKNOWN
    return {"true": "ReadOnly", "false": "WriteOnly"}.get(str(dig(read_only, 0)).lower(), "All")


def _advanced_selectors(selectors: list[Any]) -> Any:
    kinds: list[Any] = []
    for selector in selectors:
        fields = blocks(selector, "field_selector")
        if isinstance(fields, Unknown):
            return UNKNOWN
        kinds.append(advanced_read_write({dig(f, "field"): dig(f, "equals") for f in fields}))
    return combined_read_write(kind for kind in kinds if kind is not None)


def _management_events(raw: RawResource) -> Any:
    """What management events the selectors record; with none, a trail records them all."""
    advanced = blocks({"a": configured(raw, "advanced_event_selector")}, "a")
    basic = blocks({"b": configured(raw, "event_selector")}, "b")
    if isinstance(advanced, Unknown) or isinstance(basic, Unknown):
        return UNKNOWN
    if advanced:
        return _advanced_selectors(advanced)
    return _basic_selectors(basic) if basic else "All"


@normalizer("cloudtrail.trail", TF, name="name", identity=("name", "id", "arn"))
def normalize_cloudtrail_trail(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_cloudtrail."""
    values = raw.values
    return {
        "is_logging": as_bool(configured(raw, "enable_logging"), True),
        "is_multi_region": as_bool(configured(raw, "is_multi_region_trail"), False),
        "is_organization_trail": as_bool(configured(raw, "is_organization_trail"), False),
        "include_global_service_events": as_bool(
            configured(raw, "include_global_service_events"), True
        ),
        "log_file_validation_enabled": as_bool(
            configured(raw, "enable_log_file_validation"), False
        ),
        "kms_key_id": none_if_empty(configured(raw, "kms_key_id")),
        "s3_bucket_name": values.get("s3_bucket_name", UNKNOWN),
        "cloudwatch_logs_group_arn": none_if_empty(
            configured_reference(raw, "cloud_watch_logs_group_arn")
        ),
        "management_events": _management_events(raw),
    }


@normalizer("logs.log_group", TF, name="name", identity=("name", "id", "arn"))
def normalize_log_group(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_cloudwatch_log_group; a retention of 0 days means events never expire."""
    retention = as_int(configured(raw, "retention_in_days"), 0)
    return {
        "retention_days": None if retention == 0 else retention,
        "kms_key_id": none_if_empty(configured(raw, "kms_key_id")),
        "log_group_class": or_default(configured(raw, "log_group_class"), "STANDARD"),
    }


def _all_supported(group: Any) -> Any:
    strategy = dig(group, "recording_strategy", 0, "use_only")
    if isinstance(strategy, str) and strategy:
        return strategy == "ALL_SUPPORTED_RESOURCE_TYPES"
    return as_bool(dig(group, "all_supported"), True)


@normalizer(
    "config.recorder",
    TF,
    name="name",
    identity=("name", "id"),
    # Both default to the name "default": one recorder and one channel per region.
    parts={
        "aws_config_configuration_recorder_status": "name",
        "aws_config_delivery_channel": "name",
    },
)
def normalize_config_recorder(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_config_configuration_recorder with its status and delivery channel."""
    group = block({"g": configured(raw, "recording_group")}, "g")
    status = parts.first("aws_config_configuration_recorder_status")
    channel = parts.first("aws_config_delivery_channel")
    return {
        # A recorder is created stopped; only a status resource starts it.
        "recording": as_bool(status.values.get("is_enabled"), False) if status else False,
        "all_supported": _all_supported(group),
        "include_global_resource_types": as_bool(
            dig(group, "include_global_resource_types"), False
        ),
        "delivery_s3_bucket": channel.values.get("s3_bucket_name", UNKNOWN) if channel else None,
    }


# Data sources of the legacy ``datasources`` block -> the feature names that replace them.
_DATASOURCE_FEATURES = (
    ("S3_DATA_EVENTS", ("s3_logs", 0, "enable")),
    ("EKS_AUDIT_LOGS", ("kubernetes", 0, "audit_logs", 0, "enable")),
    (
        "EBS_MALWARE_PROTECTION",
        ("malware_protection", 0, "scan_ec2_instance_with_findings", 0, "ebs_volumes", 0, "enable"),
    ),
)


def sorted_features(features: Mapping[Any, Any]) -> list[dict[str, Any]]:
    """Feature name -> status as the attribute's list, sorted by name."""
    return [
        {"name": name, "status": features[name]}
        for name in sorted(features, key=lambda n: (isinstance(n, Unknown), str(n)))
    ]


def _features(raw: RawResource, parts: Parts) -> list[dict[str, Any]] | Unknown:
    sources = configured(raw, "datasources")
    if isinstance(sources, Unknown):
        return UNKNOWN
    found: dict[Any, Any] = {}
    for name, path in _DATASOURCE_FEATURES:
        enabled = as_bool(dig(sources, 0, *path))
        if enabled is not None:
            found[name] = UNKNOWN if isinstance(enabled, Unknown) else _status(enabled)
    for feature in parts.of("aws_guardduty_detector_feature"):
        found[feature.values.get("name", UNKNOWN)] = feature.values.get("status", UNKNOWN)
    return sorted_features(found)


def _status(enabled: bool) -> str:
    return "ENABLED" if enabled else "DISABLED"


@normalizer(
    "guardduty.detector",
    TF,
    identity=("id",),
    parts={"aws_guardduty_detector_feature": "detector_id"},
)
def normalize_guardduty_detector(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_guardduty_detector with its separately declared features."""
    return {
        "enabled": as_bool(configured(raw, "enable"), True),
        "finding_publishing_frequency": or_default(
            configured(raw, "finding_publishing_frequency"), "SIX_HOURS"
        ),
        "features": _features(raw, parts),
    }


NORMALIZERS = [
    normalize_cloudtrail_trail,
    normalize_log_group,
    normalize_config_recorder,
    normalize_guardduty_detector,
]
