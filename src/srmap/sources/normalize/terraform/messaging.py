"""Terraform SQS queues, SNS topics and ECR repositories with their policy resources."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.normalize.registry import Parts, normalizer
from srmap.sources.normalize.terraform._planned import configured
from srmap.sources.normalize.values import (
    as_bool,
    as_int,
    block,
    dig,
    none_if_empty,
    or_default,
    parse_policy,
)
from srmap.sources.raw import Dialect, RawResource

__all__ = ["NORMALIZERS", "sqs_encrypted", "tag_mutability"]


def _policy(raw: RawResource, parts: Parts, part_type: str) -> Any:
    """The separately declared policy if any, else the resource's own argument."""
    split = parts.first(part_type)
    return parse_policy(split.values.get("policy") if split else configured(raw, "policy"))


def sqs_encrypted(kms_key_id: Any, sqs_managed: Any) -> bool | Unknown:
    """SSE-KMS with a key, else SSE-SQS, which new queues get unless it is turned off."""
    if isinstance(kms_key_id, Unknown):
        return UNKNOWN
    if kms_key_id is not None:
        return True
    found = as_bool(sqs_managed, True)
    return True if found is None else found


@normalizer(
    "sqs.queue",
    Dialect.TERRAFORM,
    name="name",
    identity=("id", "url", "arn", "name"),
    parts={"aws_sqs_queue_policy": "queue_url"},
)
def normalize_sqs_queue(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_sqs_queue with its queue policy."""
    kms_key_id = none_if_empty(configured(raw, "kms_master_key_id"))
    return {
        "encrypted": sqs_encrypted(kms_key_id, configured(raw, "sqs_managed_sse_enabled")),
        "kms_key_id": kms_key_id,
        "policy": _policy(raw, parts, "aws_sqs_queue_policy"),
        # Four days unless configured.
        "message_retention_seconds": as_int(configured(raw, "message_retention_seconds"), 345600),
    }


@normalizer(
    "sns.topic",
    Dialect.TERRAFORM,
    name="name",
    identity=("arn", "id", "name"),
    parts={"aws_sns_topic_policy": "arn"},
)
def normalize_sns_topic(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_sns_topic with its topic policy."""
    return {
        "kms_key_id": none_if_empty(configured(raw, "kms_master_key_id")),
        "policy": _policy(raw, parts, "aws_sns_topic_policy"),
        "fifo": as_bool(configured(raw, "fifo_topic"), False),
    }


def tag_mutability(value: Any) -> Any:
    """MUTABLE or IMMUTABLE; the ``*_WITH_EXCLUSION`` variants fold into their base."""
    found = or_default(value, "MUTABLE")
    return found.removesuffix("_WITH_EXCLUSION") if isinstance(found, str) else found


@normalizer(
    "ecr.repository",
    Dialect.TERRAFORM,
    name="name",
    identity=("name", "id", "arn"),
    parts={"aws_ecr_repository_policy": "repository", "aws_ecr_lifecycle_policy": "repository"},
)
def normalize_ecr_repository(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_ecr_repository with its repository and lifecycle policies."""
    encryption = block({"e": configured(raw, "encryption_configuration")}, "e")
    scanning = block({"s": configured(raw, "image_scanning_configuration")}, "s")
    lifecycle = parts.first("aws_ecr_lifecycle_policy")
    return {
        "image_tag_mutability": tag_mutability(configured(raw, "image_tag_mutability")),
        "scan_on_push": as_bool(dig(scanning, "scan_on_push"), False),
        "encryption_type": or_default(dig(encryption, "encryption_type"), "AES256"),
        "kms_key_id": none_if_empty(dig(encryption, "kms_key")),
        "policy": _policy(raw, parts, "aws_ecr_repository_policy"),
        "lifecycle_policy": parse_policy(lifecycle.values.get("policy")) if lifecycle else None,
    }


NORMALIZERS = [normalize_sqs_queue, normalize_sns_topic, normalize_ecr_repository]
