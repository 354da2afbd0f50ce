"""Unset variables in normalization: a part joins its primary through the one unset variable
both are named by, and a setting given by one stays unknown."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from raw_resources import inventory_of, normalized, tf

from srmap.model import UNKNOWN, UnsetVariable
from srmap.sources.normalize.values import block, blocks
from srmap.sources.terraform_hcl import read_hcl_dir

NAME = UnsetVariable("", "bucket_name")
ENABLED = {"versioning_configuration": [{"status": "Enabled"}]}


def _versioning(bucket: Any, part_bucket: Any, part: Mapping[str, Any] = ENABLED) -> Any:
    """versioning_enabled of a bucket named ``bucket`` with a versioning part naming
    ``part_bucket``."""
    found = normalized(
        tf("aws_s3_bucket.b", {"bucket": bucket}),
        tf("aws_s3_bucket_versioning.v", {"bucket": part_bucket, **part}),
    )
    return found["aws_s3_bucket.b"].attributes["versioning_enabled"]


def test_a_part_named_by_the_buckets_unset_variable_joins_it() -> None:
    """Both name the bucket through var.bucket_name: whatever it is, it is the same bucket."""
    assert _versioning(NAME, NAME) is True


def test_other_variables_and_plain_unknowns_do_not_join() -> None:
    """Another variable, the same name in another module instance, or UNKNOWN may be another
    bucket, so the bucket keeps its own (absent) versioning."""
    assert _versioning(NAME, UnsetVariable("", "other")) is False
    assert _versioning(NAME, UnsetVariable("module.app", "bucket_name")) is False
    assert _versioning(UNKNOWN, UNKNOWN) is False


def test_the_joined_bucket_has_no_known_name() -> None:
    """The variable identifies the bucket for the join; its name is still UNKNOWN."""
    found = normalized(tf("aws_s3_bucket.b", {"bucket": NAME}))
    assert found["aws_s3_bucket.b"].name is UNKNOWN


def test_a_status_from_an_unset_variable_is_unknown() -> None:
    """Versioning set to an unset variable is not known to be off."""
    part = {"versioning_configuration": [{"status": UnsetVariable("", "status")}]}
    assert _versioning(NAME, NAME, part) is UNKNOWN


def test_hcl_bucket_and_versioning_named_through_a_local_join(tmp_path: Path) -> None:
    """Read as HCL: a bucket and its versioning named by local.name = var.bucket_name."""
    (tmp_path / "main.tf").write_text(
        'variable "bucket_name" {}\nlocals {\n  name = var.bucket_name\n}\n'
        'resource "aws_s3_bucket" "b" {\n  bucket = local.name\n}\n'
        'resource "aws_s3_bucket_versioning" "v" {\n  bucket = var.bucket_name\n'
        '  versioning_configuration {\n    status = "Enabled"\n  }\n}\n'
    )
    raws = read_hcl_dir(tmp_path)
    found = inventory_of(raws).resources
    (bucket,) = found
    assert bucket.attributes["versioning_enabled"] is True


def test_block_lists_read_an_unset_variable_item_as_unknown() -> None:
    """A block list item that is an unset variable is UNKNOWN, not dropped as no block."""
    values = {"rule": [UnsetVariable("", "rule"), {"a": 1}]}
    assert block(values, "rule") is UNKNOWN
    assert blocks(values, "rule") == [UNKNOWN, {"a": 1}]


def test_method_settings_for_an_unset_path_may_be_stage_wide() -> None:
    """Settings whose method_path is an unset variable may be the */* ones, as UNKNOWN is."""
    stage = tf("aws_api_gateway_stage.s", {"stage_name": "prod"})
    settings = tf(
        "aws_api_gateway_method_settings.all",
        {"method_path": UnsetVariable("", "path"), "settings": [{"logging_level": "INFO"}]},
        stage_name=("aws_api_gateway_stage.s",),
    )
    found = normalized(stage, settings)["aws_api_gateway_stage.s"].attributes
    assert found["execution_logging_level"] == "INFO"


def test_beanstalk_health_reporting_from_an_unset_variable_is_unknown() -> None:
    """SystemType set to an unset variable is not known to be basic."""
    option = {
        "namespace": "aws:elasticbeanstalk:healthreporting:system",
        "name": "SystemType",
        "value": UnsetVariable("", "health"),
    }
    raw = tf(
        "aws_elastic_beanstalk_environment.e",
        {"name": "e", "platform_arn": "arn:platform", "setting": [option]},
    )
    found = normalized(raw)["aws_elastic_beanstalk_environment.e"].attributes
    assert found["enhanced_health_reporting"] is UNKNOWN
