"""CloudFormation SQS queues, SNS topics and ECR repositories with their policy resources."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from srmap.sources.normalize.registry import Parts, normalizer
from srmap.sources.normalize.terraform.messaging import sqs_encrypted, tag_mutability
from srmap.sources.normalize.values import (
    as_bool,
    as_int,
    dig,
    none_if_empty,
    or_default,
    parse_policy,
)
from srmap.sources.raw import Dialect, RawResource

__all__ = ["NORMALIZERS"]


def _policy(parts: Parts, *part_types: str) -> Any:
    split = parts.first(*part_types)
    return parse_policy(split.values.get("PolicyDocument")) if split else None


@normalizer(
    "sqs.queue",
    Dialect.CLOUDFORMATION,
    name="QueueName",
    identity=("QueueName",),
    parts={"AWS::SQS::QueuePolicy": "Queues", "AWS::SQS::QueueInlinePolicy": "Queue"},
)
def normalize_sqs_queue(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::SQS::Queue with its queue policy."""
    values = raw.values
    kms_key_id = none_if_empty(values.get("KmsMasterKeyId"))
    return {
        "encrypted": sqs_encrypted(kms_key_id, values.get("SqsManagedSseEnabled")),
        "kms_key_id": kms_key_id,
        "policy": _policy(parts, "AWS::SQS::QueueInlinePolicy", "AWS::SQS::QueuePolicy"),
        "message_retention_seconds": as_int(values.get("MessageRetentionPeriod"), 345600),
    }


@normalizer(
    "sns.topic",
    Dialect.CLOUDFORMATION,
    name="TopicName",
    identity=("TopicName",),
    parts={"AWS::SNS::TopicPolicy": "Topics", "AWS::SNS::TopicInlinePolicy": "TopicArn"},
)
def normalize_sns_topic(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::SNS::Topic with its topic policy."""
    values = raw.values
    return {
        "kms_key_id": none_if_empty(values.get("KmsMasterKeyId")),
        "policy": _policy(parts, "AWS::SNS::TopicInlinePolicy", "AWS::SNS::TopicPolicy"),
        "fifo": as_bool(values.get("FifoTopic"), False),
    }


@normalizer(
    "ecr.repository",
    Dialect.CLOUDFORMATION,
    name="RepositoryName",
    identity=("RepositoryName",),
)
def normalize_ecr_repository(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::ECR::Repository, whose policies are properties of its own."""
    values = raw.values
    encryption = values.get("EncryptionConfiguration")
    return {
        "image_tag_mutability": tag_mutability(values.get("ImageTagMutability")),
        "scan_on_push": as_bool(dig(values, "ImageScanningConfiguration", "ScanOnPush"), False),
        "encryption_type": or_default(dig(encryption, "EncryptionType"), "AES256"),
        "kms_key_id": none_if_empty(dig(encryption, "KmsKey")),
        "policy": parse_policy(values.get("RepositoryPolicyText")),
        "lifecycle_policy": parse_policy(dig(values, "LifecyclePolicy", "LifecyclePolicyText")),
    }


NORMALIZERS = [normalize_sqs_queue, normalize_sns_topic, normalize_ecr_repository]
