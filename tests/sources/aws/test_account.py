"""The live aws.account: one per account (region None), account-wide settings, and per-region
settings summarized over the regions of the scan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from srmap.catalog import load_catalog
from srmap.model import UNKNOWN, Resource
from srmap.sources.aws.api import Api
from srmap.sources.aws.collector import Gaps, LiveContext
from srmap.sources.aws.collectors.account import collect_account

REGIONS = ("eu-west-1", "us-east-1")
ACCOUNT = "123456789012"
HEADER = (
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
    "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
    "cert_1_last_rotated,cert_2_active,cert_2_last_rotated"
)


def _account(api: Api, gaps: Gaps | None = None) -> Resource:
    [account] = collect_account.collect(LiveContext(api, None, gaps or Gaps(), REGIONS))
    return account


def test_an_unconfigured_account_reads_as_absent_and_off(api: Api) -> None:
    """No password policy or public access block is null; nothing logs, records or detects.

    moto's credential report has no root row, so root facts stay UNKNOWN. With encryption by
    default off, no default key is used (null) and none is asked for."""
    account = _account(api)
    assert api.calls["ec2:GetEbsDefaultKmsKeyId"] == 0
    assert (account.id, account.name, account.region, account.account) == (
        f"arn:aws:iam::{ACCOUNT}:root",
        ACCOUNT,
        None,
        ACCOUNT,
    )
    assert set(account.attributes) == set(load_catalog().resource_types["aws.account"].attributes)
    assert account.attributes == {
        "ebs_encryption_by_default": False,
        "ebs_default_kms_key_id": None,
        "s3_public_access_block": None,
        "password_policy": None,
        "root_mfa_enabled": UNKNOWN,
        "root_access_keys_present": UNKNOWN,
        "multi_region_trail_logging": False,
        "config_recording_regions": [],
        "guardduty_regions": [],
    }


def _configure_account() -> None:
    boto3.client("iam").update_account_password_policy(
        MinimumPasswordLength=14, RequireSymbols=True, MaxPasswordAge=90
    )
    flags = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"]
    boto3.client("s3control", region_name="eu-west-1").put_public_access_block(
        AccountId=ACCOUNT, PublicAccessBlockConfiguration=dict.fromkeys(flags, True)
    )
    for region in REGIONS:
        boto3.client("ec2", region_name=region).enable_ebs_encryption_by_default()
    boto3.client("guardduty", region_name="us-east-1").create_detector(Enable=True)
    config = boto3.client("config", region_name="eu-west-1")
    config.put_configuration_recorder(
        ConfigurationRecorder={"name": "default", "roleARN": f"arn:aws:iam::{ACCOUNT}:role/c"}
    )
    s3 = boto3.client("s3", region_name="eu-west-1")
    for bucket in ("config-history", "trail-logs"):
        s3.create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
    config.put_delivery_channel(
        DeliveryChannel={"name": "default", "s3BucketName": "config-history"}
    )
    config.start_configuration_recorder(ConfigurationRecorderName="default")
    trails = boto3.client("cloudtrail", region_name="eu-west-1")
    trails.create_trail(Name="everything", S3BucketName="trail-logs", IsMultiRegionTrail=True)
    trails.start_logging(Name="everything")


@dataclass
class _Ok:
    """The part of an HTTP response botocore looks at when a hook answers."""

    status_code: int = 200


def _answer(parsed: dict[str, Any]) -> Any:
    """A before-call hook that answers in moto's place (for calls moto lacks)."""

    def answer(**_: object) -> tuple[_Ok, dict[str, Any]]:
        return _Ok(), parsed

    return answer


def test_a_configured_account_is_summarized_over_the_scanned_regions(
    api: Api, aws: boto3.Session
) -> None:
    """Settings are read from IAM, S3 Control, and each region of the scan; the aws/ebs
    managed key reads as null."""
    _configure_account()
    managed = {"KmsKeyId": f"arn:aws:kms:eu-west-1:{ACCOUNT}:alias/aws/ebs"}
    aws.events.register("before-call.ec2.GetEbsDefaultKmsKeyId", _answer(managed))
    attributes = _account(api).attributes
    assert attributes["password_policy"] == {
        "minimum_length": 14,
        "require_uppercase": False,
        "require_lowercase": False,
        "require_numbers": False,
        "require_symbols": True,
        "max_age_days": 90,
        "reuse_prevention": None,
    }
    assert attributes["s3_public_access_block"] == {
        "block_public_acls": True,
        "ignore_public_acls": True,
        "block_public_policy": True,
        "restrict_public_buckets": True,
    }
    assert (attributes["ebs_encryption_by_default"], attributes["ebs_default_kms_key_id"]) == (
        True,
        None,
    )
    assert attributes["multi_region_trail_logging"] is True
    assert attributes["config_recording_regions"] == ["eu-west-1"]
    assert attributes["guardduty_regions"] == ["us-east-1"]


@pytest.mark.parametrize(
    ("mfa", "key_1", "key_2", "expected"),
    [("true", "false", "false", (True, False)), ("false", "false", "true", (False, True))],
)
def test_root_mfa_and_keys_come_from_the_credential_report(
    api: Api, aws: boto3.Session, mfa: str, key_1: str, key_2: str, expected: tuple[bool, bool]
) -> None:
    """The report's <root_account> row says whether root has MFA and any access key."""
    row = (
        f"<root_account>,arn:aws:iam::{ACCOUNT}:root,2020-01-01T00:00:00+00:00,not_supported,"
        f"N/A,not_supported,not_supported,{mfa},{key_1},N/A,N/A,N/A,N/A,{key_2},N/A,N/A,N/A,N/A,"
        "false,N/A,false,N/A"
    )
    report = {"Content": f"{HEADER}\n{row}\n".encode(), "ReportFormat": "text/csv"}
    aws.events.register("before-call.iam.GetCredentialReport", _answer(report))
    attributes = _account(api).attributes
    assert (attributes["root_mfa_enabled"], attributes["root_access_keys_present"]) == expected


def test_denied_calls_leave_their_settings_unknown_and_are_recorded(
    api: Api, aws: boto3.Session
) -> None:
    """A denied account public access block or one region's Config status: UNKNOWN, named."""

    def deny(model: Any, **_: object) -> None:
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, model.name)

    def deny_in_us_east_1(model: Any, context: dict[str, Any], **_: object) -> None:
        if context.get("client_region") == "us-east-1":
            deny(model)

    aws.events.register("before-call.s3-control.GetPublicAccessBlock", deny)
    aws.events.register(
        "before-call.config-service.DescribeConfigurationRecorderStatus", deny_in_us_east_1
    )
    gaps = Gaps()
    attributes = _account(api, gaps).attributes
    assert attributes["s3_public_access_block"] is UNKNOWN
    assert attributes["config_recording_regions"] is UNKNOWN
    assert attributes["guardduty_regions"] == []
    assert ("s3control:GetPublicAccessBlock", "eu-west-1") in gaps.denied
    assert ("config:DescribeConfigurationRecorderStatus", "us-east-1") in gaps.denied


def test_one_region_without_ebs_default_encryption_turns_the_account_off(
    api: Api, aws: boto3.Session
) -> None:
    """Encryption by default is on only when it is on in every scanned region; the key of
    the region where it is on is still reported."""
    boto3.client("ec2", region_name="eu-west-1").enable_ebs_encryption_by_default()
    key = f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/ebs-default"
    aws.events.register("before-call.ec2.GetEbsDefaultKmsKeyId", _answer({"KmsKeyId": key}))
    attributes = _account(api).attributes
    assert (attributes["ebs_encryption_by_default"], attributes["ebs_default_kms_key_id"]) == (
        False,
        key,
    )
