"""The synthesized ``aws.account``, live: one per account (region None) with the account-wide
settings, and the per-region ones (EBS default encryption, Config, GuardDuty) summarized over
every region of the scan, read in parallel and shared with the regional collectors."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from botocore.exceptions import EndpointConnectionError

from srmap.model import UNKNOWN, Resource, Unknown
from srmap.sources.aws.collector import LiveContext, collector
from srmap.sources.aws.collectors._response import dig, home_region, keep
from srmap.sources.aws.collectors.identity import ROOT_USER, credential_report, report_flag
from srmap.sources.aws.collectors.monitoring import (
    detector_enabled,
    detectors,
    recorder_status,
    trail_logging,
    trail_management_events,
)

__all__ = ["COLLECTORS"]

_PUBLIC_ACCESS_KEYS = {
    "BlockPublicAcls": "block_public_acls",
    "IgnorePublicAcls": "ignore_public_acls",
    "BlockPublicPolicy": "block_public_policy",
    "RestrictPublicBuckets": "restrict_public_buckets",
}
_MAX_REGION_WORKERS = 8


@collector("aws.account", service="iam", scope="global")
def collect_account(context: LiveContext) -> Iterator[Resource]:
    """The account itself, once, from IAM, S3 Control, and every scanned region."""
    regions = list(context.regions) or [home_region(context)]
    report = credential_report(context)
    root = report.get(ROOT_USER) if isinstance(report, dict) else None
    yield context.resource(
        arn=f"arn:aws:iam::{context.account}:root",
        name=context.account,
        region=None,
        attributes={
            **_ebs_defaults(context, regions),
            "s3_public_access_block": _s3_public_access_block(context),
            "password_policy": _password_policy(context),
            "root_mfa_enabled": report_flag(root, "mfa_active"),
            "root_access_keys_present": _root_keys(root),
            "multi_region_trail_logging": _multi_region_trail_logging(context),
            "config_recording_regions": _regions_where(context, regions, _config_recording),
            "guardduty_regions": _regions_where(context, regions, _guardduty_enabled),
        },
        api="iam:GetCredentialReport",
    )


def _root_keys(root: Mapping[str, str] | None) -> Any:
    flags = [report_flag(root, f"access_key_{n}_active") for n in (1, 2)]
    if True in flags:
        return True
    return UNKNOWN if any(isinstance(flag, Unknown) for flag in flags) else False


def _per_region(context: LiveContext, regions: list[str], read: Callable[..., Any]) -> list[Any]:
    """``read(context, region)`` for every region, in parallel (the calls are cached)."""
    with ThreadPoolExecutor(max_workers=min(_MAX_REGION_WORKERS, len(regions))) as pool:
        return list(pool.map(lambda region: read(context, region), regions))


def _ebs_encryption(context: LiveContext, region: str) -> Any:
    found = context.attempt("ec2", "GetEbsEncryptionByDefault", region=region)
    return keep(found, lambda f: bool(f.get("EbsEncryptionByDefault")))


def _ebs_key(context: LiveContext, region: str) -> Any:
    found = context.attempt("ec2", "GetEbsDefaultKmsKeyId", region=region)
    key = dig(found, "KmsKeyId")
    # The aws/ebs managed key is reported by alias (or its ARN); the contract says null.
    return None if isinstance(key, str) and key.endswith("alias/aws/ebs") else key


def _ebs_defaults(context: LiveContext, regions: list[str]) -> dict[str, Any]:
    """On only when on in every scanned region; off as soon as one region is off. The default
    key is asked only where encryption by default is on: elsewhere no key is used (null)."""
    flags = _per_region(context, regions, _ebs_encryption)
    enabled: Any = UNKNOWN
    if False in flags:
        enabled = False
    elif all(flag is True for flag in flags):
        enabled = True
    asked = [region for region, flag in zip(regions, flags, strict=True) if flag is not False]
    keys = _per_region(context, asked, _ebs_key) if asked else []
    if any(isinstance(key, Unknown) for key in keys):
        return {"ebs_encryption_by_default": enabled, "ebs_default_kms_key_id": UNKNOWN}
    named = sorted({key for key in keys if key})
    # Keys are regional: several regions with their own keys list them all, comma-separated.
    key_id = ", ".join(named) if named else None
    return {"ebs_encryption_by_default": enabled, "ebs_default_kms_key_id": key_id}


def _s3_public_access_block(context: LiveContext) -> Any:
    try:
        found = context.attempt(
            "s3control",
            "GetPublicAccessBlock",
            absent=("NoSuchPublicAccessBlockConfiguration",),
            region=home_region(context),
            AccountId=context.account,
        )
    except EndpointConnectionError:
        # S3 Control is reached at ACCOUNT.s3-control...: an emulator behind one
        # AWS_ENDPOINT_URL host cannot be; the rest of the account is still read.
        return UNKNOWN
    config = dig(found, "PublicAccessBlockConfiguration")
    return keep(config, lambda c: {ours: bool(c.get(t)) for t, ours in _PUBLIC_ACCESS_KEYS.items()})


def _positive_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and value > 0 else None


def _password_policy(context: LiveContext) -> Any:
    found = context.attempt(
        "iam", "GetAccountPasswordPolicy", absent=("NoSuchEntity",), region=None
    )
    policy = dig(found, "PasswordPolicy")
    return keep(
        policy,
        lambda p: {
            "minimum_length": int(p.get("MinimumPasswordLength", 6)),
            "require_uppercase": bool(p.get("RequireUppercaseCharacters")),
            "require_lowercase": bool(p.get("RequireLowercaseCharacters")),
            "require_numbers": bool(p.get("RequireNumbers")),
            "require_symbols": bool(p.get("RequireSymbols")),
            "max_age_days": _positive_or_none(p.get("MaxPasswordAge")),
            "reuse_prevention": _positive_or_none(p.get("PasswordReusePrevention")),
        },
    )


def _multi_region_trail_logging(context: LiveContext) -> Any:
    """A multi-region trail applies to every region, so one region's view (shadow trails and
    organization trails included) shows them all."""
    listed = context.attempt("cloudtrail", "DescribeTrails", region=home_region(context))
    if isinstance(listed, Unknown):
        return UNKNOWN
    verdicts = [
        _records_everything(context, trail)
        for trail in listed.get("trailList", [])
        if trail.get("IsMultiRegionTrail")
    ]
    if True in verdicts:
        return True
    return UNKNOWN if any(isinstance(v, Unknown) for v in verdicts) else False


def _records_everything(context: LiveContext, trail: Mapping[str, Any]) -> Any:
    logging = trail_logging(context, trail)
    if logging is False:
        return False
    events = trail_management_events(context, trail)
    if isinstance(logging, Unknown) or isinstance(events, Unknown):
        return UNKNOWN
    return events == "All"


def _config_recording(context: LiveContext, region: str) -> Any:
    status = recorder_status(context, region)
    return keep(status, lambda s: any(s.values()))


def _guardduty_enabled(context: LiveContext, region: str) -> Any:
    found = detectors(context, region)
    if isinstance(found, Unknown):
        return UNKNOWN
    flags = [detector_enabled(detector) for detector in found.values()]
    if True in flags:
        return True
    return UNKNOWN if any(isinstance(flag, Unknown) for flag in flags) else False


def _regions_where(context: LiveContext, regions: list[str], check: Callable[..., Any]) -> Any:
    """The regions where ``check`` holds; UNKNOWN if any region could not be read, since a
    shorter list would claim the service is off there."""
    flags = _per_region(context, regions, check)
    if any(isinstance(flag, Unknown) for flag in flags):
        return UNKNOWN
    return sorted(region for region, flag in zip(regions, flags, strict=True) if flag is True)


COLLECTORS = [collect_account]
