"""Trails, log groups, Config recorders and GuardDuty detectors from both dialects."""

from __future__ import annotations

from typing import Any

import pytest
from raw_resources import attributes, cfn, tf

from srmap.model import UNKNOWN, Reference
from srmap.sources.raw import RawResource


def _trail_tf(**values: Any) -> RawResource:
    return tf("aws_cloudtrail.t", {"name": "t", "s3_bucket_name": "logs", **values})


def _trail_cfn(**values: Any) -> RawResource:
    return cfn("T", "AWS::CloudTrail::Trail", {"S3BucketName": "logs", "IsLogging": True, **values})


def _field(field: str, *equals: str) -> dict[str, Any]:
    return {"field": field, "equals": list(equals)}


DATA_EVENTS = [_field("eventCategory", "Data")]
MANAGEMENT_READS = [_field("eventCategory", "Management"), _field("readOnly", "true")]


@pytest.mark.parametrize(
    ("raw", "events"),
    [
        (_trail_tf(), "All"),
        (
            _trail_tf(
                event_selector=[{"read_write_type": "ReadOnly"}, {"read_write_type": "WriteOnly"}]
            ),
            "All",
        ),
        (
            _trail_tf(
                event_selector=[
                    {"read_write_type": "WriteOnly"},
                    {"include_management_events": False},
                ]
            ),
            "WriteOnly",
        ),
        (_trail_tf(event_selector=[{"include_management_events": False}]), None),
        (_trail_tf(advanced_event_selector=[{"field_selector": MANAGEMENT_READS}]), "ReadOnly"),
        (
            _trail_tf(
                advanced_event_selector=[{"field_selector": [_field("eventCategory", "Data")]}]
            ),
            None,
        ),
        (_trail_tf(event_selector=UNKNOWN), UNKNOWN),
        (_trail_cfn(), "All"),
        (_trail_cfn(EventSelectors=[{"ReadWriteType": "ReadOnly"}]), "ReadOnly"),
        (
            _trail_cfn(
                AdvancedEventSelectors=[
                    {"FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]}
                ]
            ),
            "All",
        ),
    ],
)
def test_trail_management_events(raw: RawResource, events: Any) -> None:
    """Selectors combine into what management events the trail records."""
    found = attributes(raw)["management_events"]
    assert found is events or found == events


@pytest.mark.parametrize("raw", [_trail_tf(), _trail_cfn()], ids=["terraform", "cloudformation"])
def test_trail_defaults(raw: RawResource) -> None:
    """A bare trail logs global events in its own region, unvalidated, with SSE-S3."""
    assert attributes(raw) == {
        "is_logging": True,
        "is_multi_region": False,
        "is_organization_trail": False,
        "include_global_service_events": True,
        "log_file_validation_enabled": False,
        "kms_key_id": None,
        "s3_bucket_name": "logs",
        "cloudwatch_logs_group_arn": None,
        "management_events": "All",
    }


def test_cloudformation_trail_without_is_logging_is_unknown() -> None:
    """IsLogging is required; a template that leaves it out cannot say."""
    assert attributes(cfn("T", "AWS::CloudTrail::Trail", {}))["is_logging"] is UNKNOWN


@pytest.mark.parametrize(
    ("raw", "retention"),
    [
        (tf("aws_cloudwatch_log_group.g", {"name": "g", "retention_in_days": 0}), None),
        (tf("aws_cloudwatch_log_group.g", {"name": "g", "retention_in_days": 14}), 14),
        (tf("aws_cloudwatch_log_group.g", {"name": "g", "retention_in_days": UNKNOWN}), UNKNOWN),
        (cfn("G", "AWS::Logs::LogGroup", {}), None),
        (cfn("G", "AWS::Logs::LogGroup", {"RetentionInDays": "30"}), 30),
    ],
)
def test_log_group_retention(raw: RawResource, retention: Any) -> None:
    """No retention, or 0 in Terraform, means events never expire."""
    found = attributes(raw)
    assert found["retention_days"] is retention or found["retention_days"] == retention
    assert found["log_group_class"] == "STANDARD"


def test_terraform_recorder_with_status_and_channel() -> None:
    """Status and delivery channel join the recorder by reference and by name."""
    group = [{"all_supported": False, "include_global_resource_types": True}]
    found = attributes(
        tf("aws_config_configuration_recorder.r", {"name": "default", "recording_group": group}),
        tf(
            "aws_config_configuration_recorder_status.r",
            {"name": UNKNOWN, "is_enabled": True},
            name=("aws_config_configuration_recorder.r",),
        ),
        tf("aws_config_delivery_channel.c", {"name": "default", "s3_bucket_name": "cfg"}),
    )
    assert found == {
        "recording": True,
        "all_supported": False,
        "include_global_resource_types": True,
        "delivery_s3_bucket": "cfg",
    }


def test_terraform_recorder_alone_is_stopped() -> None:
    """Without a status resource the recorder is created stopped."""
    found = attributes(tf("aws_config_configuration_recorder.r", {"name": "default"}))
    assert found == {
        "recording": False,
        "all_supported": True,
        "include_global_resource_types": False,
        "delivery_s3_bucket": None,
    }


def test_cloudformation_recorder_starts_with_a_channel() -> None:
    """A channel in the template starts the recorder; without one it is unknown."""
    strategy = {"RecordingStrategy": {"UseOnly": "INCLUSION_BY_RESOURCE_TYPES"}}
    recorder = cfn(
        "R", "AWS::Config::ConfigurationRecorder", {"Name": "default", "RecordingGroup": strategy}
    )
    channel = cfn("C", "AWS::Config::DeliveryChannel", {"Name": "default", "S3BucketName": "cfg"})
    with_channel = attributes(recorder, channel)
    assert with_channel["recording"] is True
    assert with_channel["all_supported"] is False
    assert with_channel["delivery_s3_bucket"] == "cfg"
    assert attributes(recorder)["recording"] is UNKNOWN


TF_SOURCES = [{"s3_logs": [{"enable": True}], "kubernetes": [{"audit_logs": [{"enable": False}]}]}]
CFN_SOURCES = {"S3Logs": {"Enable": True}, "Kubernetes": {"AuditLogs": {"Enable": False}}}
RUNTIME = {"name": "RUNTIME_MONITORING", "status": "ENABLED"}


@pytest.mark.parametrize(
    "raws",
    [
        [
            tf("aws_guardduty_detector.d", {"enable": True, "datasources": TF_SOURCES}),
            tf(
                "aws_guardduty_detector_feature.rt",
                {"detector_id": UNKNOWN, **RUNTIME},
                detector_id=("aws_guardduty_detector.d",),
            ),
        ],
        [
            cfn(
                "D",
                "AWS::GuardDuty::Detector",
                {
                    "Enable": True,
                    "DataSources": CFN_SOURCES,
                    "Features": [{"Name": "RUNTIME_MONITORING", "Status": "ENABLED"}],
                },
            )
        ],
    ],
    ids=["terraform", "cloudformation"],
)
def test_detector_features_from_data_sources_and_features(raws: list[RawResource]) -> None:
    """Legacy data sources and feature declarations become one sorted feature list."""
    assert attributes(*raws) == {
        "enabled": True,
        "finding_publishing_frequency": "SIX_HOURS",
        "features": [
            {"name": "EKS_AUDIT_LOGS", "status": "DISABLED"},
            RUNTIME,
            {"name": "S3_DATA_EVENTS", "status": "ENABLED"},
        ],
    }


def test_planned_detector_without_data_sources_lists_no_features() -> None:
    """A plan's computed datasources block was not configured."""
    found = attributes(tf("aws_guardduty_detector.d", {"id": UNKNOWN, "datasources": UNKNOWN}))
    assert found["features"] == []
    assert found["enabled"] is True


def test_trail_log_group_built_from_a_declared_group_is_a_reference() -> None:
    """'${aws_cloudwatch_log_group.x.arn}:*' names that group, known after apply."""
    raw = tf(
        "aws_cloudtrail.t",
        {"name": "t", "s3_bucket_name": "logs", "cloud_watch_logs_group_arn": UNKNOWN},
        cloud_watch_logs_group_arn=("aws_cloudwatch_log_group.x",),
    )
    assert attributes(raw)["cloudwatch_logs_group_arn"] == Reference("aws_cloudwatch_log_group.x")
    unnamed = tf(
        "aws_cloudtrail.t",
        {"name": "t", "s3_bucket_name": "logs", "cloud_watch_logs_group_arn": UNKNOWN},
        cloud_watch_logs_group_arn=("data.aws_cloudwatch_log_group.x",),
    )
    assert attributes(unnamed)["cloudwatch_logs_group_arn"] is UNKNOWN
