"""SQS queues, SNS topics and ECR repositories, live: attributes and policies only; no message
is ever received and no image is ever pulled."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from srmap.model import UNKNOWN, Resource, Unknown
from srmap.sources.aws.collector import LiveContext, collector
from srmap.sources.aws.collectors._response import dig, keep, policy_document
from srmap.sources.normalize.terraform.messaging import tag_mutability

__all__ = ["COLLECTORS"]

_QUEUE_FIELDS = ("encrypted", "kms_key_id", "policy", "message_retention_seconds")
# SNS answers with this policy for a topic that was never given one of its own.
_DEFAULT_TOPIC_POLICY_ID = "__default_policy_ID"


def _queue_attributes(found: Any) -> dict[str, Any]:
    if isinstance(found, Unknown) or found is None:
        return dict.fromkeys(_QUEUE_FIELDS, UNKNOWN)
    values = found.get("Attributes", {})
    key = values.get("KmsMasterKeyId") or None
    return {
        "encrypted": key is not None or values.get("SqsManagedSseEnabled") == "true",
        "kms_key_id": key,
        "policy": policy_document(values.get("Policy")),
        "message_retention_seconds": int(values.get("MessageRetentionPeriod", 345600)),
    }


@collector("sqs.queue", service="sqs")
def collect_sqs_queues(context: LiveContext) -> Iterator[Resource]:
    """Queues by URL; their attributes (never their messages) name encryption and policy."""
    for url in context.listing("sqs", "ListQueues", "QueueUrls"):
        found = context.attempt("sqs", "GetQueueAttributes", QueueUrl=url, AttributeNames=["All"])
        name = url.rstrip("/").rsplit("/", 1)[-1]
        arn = dig(found, "Attributes", "QueueArn")
        yield context.resource(
            arn=arn
            if isinstance(arn, str)
            else f"arn:aws:sqs:{context.region}:{context.account}:{name}",
            name=name,
            attributes=_queue_attributes(found),
            api="sqs:ListQueues",
        )


def _topic_policy(values: Mapping[str, Any]) -> Any:
    """The topic's own policy; the one SNS reports for a topic without one is null."""
    policy = policy_document(values.get("Policy"))
    if isinstance(policy, dict) and policy.get("Id") == _DEFAULT_TOPIC_POLICY_ID:
        return None
    return policy


@collector("sns.topic", service="sns")
def collect_sns_topics(context: LiveContext) -> Iterator[Resource]:
    """Topics with their encryption key and policy."""
    for topic in context.listing("sns", "ListTopics", "Topics"):
        arn = topic["TopicArn"]
        found = context.attempt("sns", "GetTopicAttributes", TopicArn=arn)
        values = dig(found, "Attributes")
        attributes: dict[str, Any] = dict.fromkeys(("kms_key_id", "policy", "fifo"), UNKNOWN)
        if isinstance(values, Mapping):
            attributes = {
                "kms_key_id": values.get("KmsMasterKeyId") or None,
                "policy": _topic_policy(values),
                "fifo": values.get("FifoTopic") == "true",
            }
        yield context.resource(
            arn=arn,
            name=arn.rsplit(":", 1)[-1],
            attributes=attributes,
            api="sns:ListTopics",
        )


@collector("ecr.repository", service="ecr")
def collect_ecr_repositories(context: LiveContext) -> Iterator[Resource]:
    """Repositories with their scanning, encryption, repository and lifecycle policies."""
    for repository in context.listing("ecr", "DescribeRepositories", "repositories"):
        name = repository["repositoryName"]

        def read(operation: str, absent: str, key: str, name: str = name) -> Any:
            found = context.attempt("ecr", operation, absent=(absent,), repositoryName=name)
            return keep(dig(found, key), policy_document)

        encryption = repository.get("encryptionConfiguration", {})
        yield context.resource(
            arn=repository["repositoryArn"],
            name=name,
            attributes={
                "image_tag_mutability": tag_mutability(repository.get("imageTagMutability")),
                "scan_on_push": bool(dig(repository, "imageScanningConfiguration", "scanOnPush")),
                "encryption_type": encryption.get("encryptionType", "AES256"),
                "kms_key_id": encryption.get("kmsKey") or None,
                "policy": read(
                    "GetRepositoryPolicy", "RepositoryPolicyNotFoundException", "policyText"
                ),
                "lifecycle_policy": read(
                    "GetLifecyclePolicy", "LifecyclePolicyNotFoundException", "lifecyclePolicyText"
                ),
            },
            api="ecr:DescribeRepositories",
        )


COLLECTORS = [collect_sqs_queues, collect_sns_topics, collect_ecr_repositories]
