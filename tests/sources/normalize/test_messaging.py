"""SQS queues, SNS topics and ECR repositories from Terraform and CloudFormation."""

from __future__ import annotations

import json
from typing import Any

import pytest
from raw_resources import attributes, cfn, normalized, tf

from srmap.model import UNKNOWN
from srmap.sources.raw import RawResource

DOC = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:*"}]}
LIFECYCLE = {"rules": [{"rulePriority": 1, "action": {"type": "expire"}}]}


@pytest.mark.parametrize(
    ("values", "encrypted", "key"),
    [
        ({"kms_master_key_id": "alias/q"}, True, "alias/q"),
        ({"sqs_managed_sse_enabled": False}, False, None),
        ({"sqs_managed_sse_enabled": True, "kms_master_key_id": ""}, True, None),
        ({}, True, None),
        ({"kms_master_key_id": UNKNOWN}, UNKNOWN, UNKNOWN),
    ],
    ids=["kms", "off", "sse-sqs", "default", "unknown"],
)
def test_terraform_queue_encryption(values: dict[str, Any], encrypted: Any, key: Any) -> None:
    """SSE-KMS with a key, SSE-SQS by default, off only when turned off."""
    found = attributes(tf("aws_sqs_queue.q", {"name": "q", **values}))
    assert found["encrypted"] is encrypted
    assert found["kms_key_id"] is key or found["kms_key_id"] == key
    assert found["message_retention_seconds"] == 345600


def test_terraform_queue_policy_joins_by_reference_and_by_url() -> None:
    """The policy resource finds its queue by reference or by the queue URL."""
    inventory = normalized(
        tf("aws_sqs_queue.a", {"name": "a", "id": UNKNOWN, "policy": UNKNOWN}),
        tf("aws_sqs_queue.b", {"name": "b", "url": "https://sqs/b"}),
        tf(
            "aws_sqs_queue_policy.a",
            {"queue_url": UNKNOWN, "policy": json.dumps(DOC)},
            queue_url=("aws_sqs_queue.a",),
        ),
        tf("aws_sqs_queue_policy.b", {"queue_url": "https://sqs/b", "policy": DOC}),
    )
    assert inventory["aws_sqs_queue.a"].attributes["policy"] == DOC
    assert inventory["aws_sqs_queue.b"].attributes["policy"] == DOC


def test_cloudformation_queue_policy_applies_to_every_queue_it_lists() -> None:
    """One AWS::SQS::QueuePolicy naming two queues joins both."""
    inventory = normalized(
        cfn("A", "AWS::SQS::Queue", {"SqsManagedSseEnabled": False}),
        cfn("B", "AWS::SQS::Queue", {"KmsMasterKeyId": "alias/q", "MessageRetentionPeriod": 60}),
        cfn(
            "P",
            "AWS::SQS::QueuePolicy",
            {"Queues": [UNKNOWN, UNKNOWN], "PolicyDocument": DOC},
            Queues=("A", "B"),
        ),
    )
    assert inventory["A"].attributes == {
        "encrypted": False,
        "kms_key_id": None,
        "policy": DOC,
        "message_retention_seconds": 345600,
    }
    assert inventory["B"].attributes == {
        "encrypted": True,
        "kms_key_id": "alias/q",
        "policy": DOC,
        "message_retention_seconds": 60,
    }


@pytest.mark.parametrize(
    "raws",
    [
        [
            tf("aws_sns_topic.t", {"name": "t.fifo", "fifo_topic": True, "kms_master_key_id": "k"}),
            tf(
                "aws_sns_topic_policy.t",
                {"arn": UNKNOWN, "policy": json.dumps(DOC)},
                arn=("aws_sns_topic.t",),
            ),
        ],
        [
            cfn(
                "T",
                "AWS::SNS::Topic",
                {"TopicName": "t.fifo", "FifoTopic": "true", "KmsMasterKeyId": "k"},
            ),
            cfn(
                "P",
                "AWS::SNS::TopicPolicy",
                {"Topics": [UNKNOWN], "PolicyDocument": DOC},
                Topics=("T",),
            ),
        ],
    ],
    ids=["terraform", "cloudformation"],
)
def test_topic_key_policy_and_fifo(raws: list[RawResource]) -> None:
    """A FIFO topic with a key and a separately declared policy."""
    assert attributes(*raws) == {"kms_key_id": "k", "policy": DOC, "fifo": True}


def test_topic_defaults() -> None:
    """A bare planned topic is unencrypted, standard, with the default policy."""
    found = attributes(tf("aws_sns_topic.t", {"name": "t", "id": UNKNOWN, "policy": UNKNOWN}))
    assert found == {"kms_key_id": None, "policy": None, "fifo": False}


@pytest.mark.parametrize(
    "raws",
    [
        [
            tf(
                "aws_ecr_repository.r",
                {"name": "r", "image_tag_mutability": "IMMUTABLE_WITH_EXCLUSION"},
            ),
            tf("aws_ecr_repository_policy.r", {"repository": "r", "policy": json.dumps(DOC)}),
            tf(
                "aws_ecr_lifecycle_policy.r",
                {"repository": UNKNOWN, "policy": json.dumps(LIFECYCLE)},
                repository=("aws_ecr_repository.r",),
            ),
        ],
        [
            cfn(
                "R",
                "AWS::ECR::Repository",
                {
                    "RepositoryName": "r",
                    "ImageTagMutability": "IMMUTABLE_WITH_EXCLUSION",
                    "RepositoryPolicyText": DOC,
                    "LifecyclePolicy": {"LifecyclePolicyText": json.dumps(LIFECYCLE)},
                },
            )
        ],
    ],
    ids=["terraform", "cloudformation"],
)
def test_repository_policies_and_defaults(raws: list[RawResource]) -> None:
    """Exclusion variants fold; scanning off and AES256 by default; both policies parsed."""
    assert attributes(*raws) == {
        "image_tag_mutability": "IMMUTABLE",
        "scan_on_push": False,
        "encryption_type": "AES256",
        "kms_key_id": None,
        "policy": DOC,
        "lifecycle_policy": LIFECYCLE,
    }
