"""The synthesized account from the account-wide settings a Terraform input declares."""

from __future__ import annotations

from typing import Any

from raw_resources import inventory_of, normalized, tf

from srmap.model import UNKNOWN
from srmap.sources.raw import RawResource


def account(*raws: RawResource) -> dict[str, Any]:
    return dict(normalized(*raws)["aws.account"].attributes)


def test_no_account_settings_means_no_account_resource() -> None:
    """Without any account-wide part there is nothing to synthesize."""
    assert "aws.account" not in normalized(tf("aws_sqs_queue.q", {"name": "q"}))


def test_declared_settings_fill_the_account_and_the_rest_stays_unknown() -> None:
    """Parts establish what they declare; everything else is UNKNOWN, never False."""
    found = account(
        tf("aws_ebs_encryption_by_default.on", {"enabled": True}),
        tf(
            "aws_iam_account_password_policy.p",
            {
                "minimum_password_length": 14,
                "require_symbols": True,
                "max_password_age": 0,
                "password_reuse_prevention": 24,
            },
        ),
    )
    assert found["ebs_encryption_by_default"] is True
    assert found["ebs_default_kms_key_id"] is UNKNOWN
    assert found["s3_public_access_block"] is UNKNOWN
    assert found["password_policy"] == {
        "minimum_length": 14,
        "require_uppercase": False,
        "require_lowercase": False,
        "require_numbers": False,
        "require_symbols": True,
        "max_age_days": None,
        "reuse_prevention": 24,
    }
    for key in (
        "root_mfa_enabled",
        "root_access_keys_present",
        "multi_region_trail_logging",
        "config_recording_regions",
        "guardduty_regions",
    ):
        assert found[key] is UNKNOWN, key


def test_account_public_access_block_and_default_key() -> None:
    """The account public access block and the default EBS key are read as declared."""
    found = account(
        tf(
            "aws_s3_account_public_access_block.b",
            {"block_public_acls": True, "block_public_policy": True},
        ),
        tf("aws_ebs_default_kms_key.k", {"key_arn": "arn:aws:kms:eu-west-1:1:key/k"}),
    )
    assert found["s3_public_access_block"] == {
        "block_public_acls": True,
        "ignore_public_acls": False,
        "block_public_policy": True,
        "restrict_public_buckets": False,
    }
    assert found["ebs_default_kms_key_id"] == "arn:aws:kms:eu-west-1:1:key/k"
    assert found["ebs_encryption_by_default"] is UNKNOWN


def test_disabled_default_encryption_is_false() -> None:
    """Turning default EBS encryption off is declared, so it is False, not unknown."""
    found = account(tf("aws_ebs_encryption_by_default.off", {"enabled": False}))
    assert found["ebs_encryption_by_default"] is False


def test_planned_password_policy_computed_flags_take_the_default() -> None:
    """In a plan an unset, computed flag shows unknown; it was left at its default."""
    planned = {
        "id": UNKNOWN,
        "minimum_password_length": 8,
        "require_numbers": UNKNOWN,
        "max_password_age": UNKNOWN,
    }
    found = account(tf("aws_iam_account_password_policy.p", planned))
    assert found["password_policy"]["require_numbers"] is False
    assert found["password_policy"]["max_age_days"] is None
    assert found["password_policy"]["minimum_length"] == 8


def _placed(address: str, values: dict[str, Any], region: str) -> RawResource:
    return tf(address, values, region=region, account="111122223333")


def test_two_ebs_defaults_that_disagree_in_one_region_are_unknown_with_a_warning() -> None:
    """Which one Terraform applies last is not in the input: unknown, and both are named."""
    raws = [
        tf("aws_ebs_encryption_by_default.on", {"enabled": True}),
        tf("aws_ebs_encryption_by_default.off", {"enabled": False}),
    ]
    inventory = inventory_of(raws)
    [found] = inventory.resources
    assert found.attributes["ebs_encryption_by_default"] is UNKNOWN
    [warning] = inventory.warnings
    assert "aws_ebs_encryption_by_default.on (enabled = True)" in warning
    assert "aws_ebs_encryption_by_default.off (enabled = False)" in warning


def test_ebs_defaults_that_agree_give_their_value_without_warning() -> None:
    """An unset enabled is true: two resources saying true are no conflict."""
    raws = [
        tf("aws_ebs_encryption_by_default.a", {"enabled": True}),
        tf("aws_ebs_encryption_by_default.b", {}),
    ]
    inventory = inventory_of(raws)
    assert inventory.resources[0].attributes["ebs_encryption_by_default"] is True
    assert inventory.warnings == ()


def test_ebs_defaults_of_several_regions_are_summarized() -> None:
    """Off as soon as one region is off; on only when on where the account itself sits."""
    east = _placed("aws_ebs_encryption_by_default.east", {"enabled": True}, "us-east-1")
    west_off = _placed("aws_ebs_encryption_by_default.west", {"enabled": False}, "eu-west-1")
    west_on = _placed("aws_ebs_encryption_by_default.west", {"enabled": True}, "eu-west-1")
    policy = _placed("aws_iam_account_password_policy.p", {}, "ap-south-1")
    assert account(east, west_off)["ebs_encryption_by_default"] is False
    assert account(east, west_on)["ebs_encryption_by_default"] is True
    # The account sits in ap-south-1 (its first part's region), where nothing is declared.
    assert account(policy, east)["ebs_encryption_by_default"] is UNKNOWN
