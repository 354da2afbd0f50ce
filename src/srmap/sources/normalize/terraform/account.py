"""Terraform's account-wide settings -> the synthesized ``aws.account``.

An input says only what it declares: a setting no part establishes is UNKNOWN, never False.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.normalize.registry import Parts, normalizer
from srmap.sources.normalize.terraform._planned import configured
from srmap.sources.normalize.values import as_bool, as_int, none_if_empty
from srmap.sources.raw import Dialect, RawResource

__all__ = ["NORMALIZERS"]

_PUBLIC_ACCESS_KEYS = (
    "block_public_acls",
    "ignore_public_acls",
    "block_public_policy",
    "restrict_public_buckets",
)


def _ebs_settings(parts: Parts) -> dict[tuple[Any, Any], list[tuple[str, Any]]]:
    """(account, region) -> (address, enabled) of each aws_ebs_encryption_by_default there."""
    places: dict[tuple[Any, Any], list[tuple[str, Any]]] = defaultdict(list)
    for part in parts.of("aws_ebs_encryption_by_default"):
        enabled = as_bool(configured(part, "enabled"), True)
        places[(part.account, part.region)].append((part.address, enabled))
    return places


def _settled(settings: list[tuple[str, Any]]) -> Any:
    """One place's setting: the one value all its resources give, else UNKNOWN (whichever
    Terraform applies last wins, which the input does not say)."""
    values = {value for _, value in settings if not isinstance(value, Unknown)}
    unknown = any(isinstance(value, Unknown) for _, value in settings)
    return values.pop() if len(values) == 1 and not unknown else UNKNOWN


def _ebs_encryption(raw: RawResource, parts: Parts) -> Any:
    """On only when on in every place the input sets it, the account's own region among
    them; off as soon as one place is off (as the live API summarizes regions)."""
    places = _ebs_settings(parts)
    if not places:
        return UNKNOWN
    values = [_settled(settings) for settings in places.values()]
    if False in values:
        return False
    if (raw.account, raw.region) not in places:
        return UNKNOWN
    return True if all(value is True for value in values) else UNKNOWN


def _ebs_conflicts(raw: RawResource, parts: Parts) -> list[str]:
    """A warning per place where two aws_ebs_encryption_by_default disagree."""
    warnings = []
    for (_, region), settings in _ebs_settings(parts).items():
        values = {value for _, value in settings if not isinstance(value, Unknown)}
        if len(values) > 1:
            named = ", ".join(f"{address} (enabled = {value})" for address, value in settings)
            warnings.append(
                f"{named} set EBS encryption by default in {region} both ways: "
                "ebs_encryption_by_default is unknown"
            )
    return warnings


def _ebs_default_key(parts: Parts) -> Any:
    found = parts.first("aws_ebs_default_kms_key")
    return none_if_empty(found.values.get("key_arn", UNKNOWN)) if found else UNKNOWN


def _s3_public_access_block(parts: Parts) -> Any:
    found = parts.first("aws_s3_account_public_access_block")
    if found is None:
        return UNKNOWN
    return {key: as_bool(configured(found, key), False) for key in _PUBLIC_ACCESS_KEYS}


def _positive_or_none(value: Any) -> Any:
    """A count or age where 0 or absent means "not enforced"."""
    found = as_int(value, 0)
    return None if isinstance(found, int) and found == 0 else found


def _password_policy(parts: Parts) -> Any:
    found = parts.first("aws_iam_account_password_policy")
    if found is None:
        return UNKNOWN
    return {
        "minimum_length": as_int(configured(found, "minimum_password_length"), 6),
        "require_uppercase": as_bool(configured(found, "require_uppercase_characters"), False),
        "require_lowercase": as_bool(configured(found, "require_lowercase_characters"), False),
        "require_numbers": as_bool(configured(found, "require_numbers"), False),
        "require_symbols": as_bool(configured(found, "require_symbols"), False),
        "max_age_days": _positive_or_none(configured(found, "max_password_age")),
        "reuse_prevention": _positive_or_none(configured(found, "password_reuse_prevention")),
    }


@normalizer(
    "aws.account",
    Dialect.TERRAFORM,
    parts={
        "aws_ebs_encryption_by_default": (),
        "aws_ebs_default_kms_key": (),
        "aws_s3_account_public_access_block": (),
        "aws_iam_account_password_policy": (),
    },
    conflicts=_ebs_conflicts,
)
def normalize_account(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """The account-wide settings a Terraform input declares."""
    return {
        "ebs_encryption_by_default": _ebs_encryption(raw, parts),
        "ebs_default_kms_key_id": _ebs_default_key(parts),
        "s3_public_access_block": _s3_public_access_block(parts),
        "password_policy": _password_policy(parts),
        # Root credentials and account-wide summaries are seen only by the live API.
        "root_mfa_enabled": UNKNOWN,
        "root_access_keys_present": UNKNOWN,
        "multi_region_trail_logging": UNKNOWN,
        "config_recording_regions": UNKNOWN,
        "guardduty_regions": UNKNOWN,
    }


NORMALIZERS = [normalize_account]
