"""Live SQS queues, SNS topics and ECR repositories normalize to the IaC parity cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import ClientError

from srmap.model import UNKNOWN, Resource
from srmap.report.jsonable import to_jsonable
from srmap.sources.aws.api import Api
from srmap.sources.aws.collector import Collector, Gaps, LiveContext
from srmap.sources.aws.collectors.messaging import (
    collect_ecr_repositories,
    collect_sns_topics,
    collect_sqs_queues,
)

PARITY = Path(__file__).parent.parent.parent / "fixtures" / "parity"


def _expected(case: str, address: str) -> dict[str, Any]:
    resources = json.loads((PARITY / case / "expected.json").read_text())["resources"]
    return resources[address]  # type: ignore[no-any-return]


def _collect(item: Collector, api: Api, gaps: Gaps | None = None) -> dict[Any, Resource]:
    return {r.name: r for r in item.collect(LiveContext(api, "eu-west-1", gaps or Gaps()))}


def _seed_parity_queues() -> None:
    sqs = boto3.client("sqs", region_name="eu-west-1")
    dlq = sqs.create_queue(
        QueueName="parity-orders-dlq",
        Attributes={"SqsManagedSseEnabled": "true", "MessageRetentionPeriod": "1209600"},
    )
    policy = _expected("sqs_queue", "aws_sqs_queue.orders")["attributes"]["policy"]
    sqs.create_queue(
        QueueName="parity-orders",
        Attributes={
            "SqsManagedSseEnabled": "true",
            "MessageRetentionPeriod": "345600",
            "Policy": json.dumps(policy),
        },
    )
    sqs.send_message(QueueUrl=dlq["QueueUrl"], MessageBody="card 4111-1111-1111-1111")


def test_live_queues_match_the_iac_parity_case(api: Api) -> None:
    """SSE-SQS, retention and the queue policy as from the plan; no message is received."""
    _seed_parity_queues()
    queues = _collect(collect_sqs_queues, api)
    for name, address in (("parity-orders", "orders"), ("parity-orders-dlq", "orders_dlq")):
        expected = _expected("sqs_queue", f"aws_sqs_queue.{address}")["attributes"]
        assert to_jsonable(queues[name].attributes) == expected, name
    assert queues["parity-orders"].id == "arn:aws:sqs:eu-west-1:123456789012:parity-orders"
    assert "4111" not in json.dumps(to_jsonable([q.attributes for q in queues.values()]))
    assert api.calls["sqs:ReceiveMessage"] == 0


def test_live_topic_matches_the_iac_parity_case(api: Api) -> None:
    """The key and the topic's own policy; SNS's default policy would be null."""
    sns = boto3.client("sns", region_name="eu-west-1")
    arn = sns.create_topic(Name="parity-alerts", Attributes={"KmsMasterKeyId": "alias/aws/sns"})
    policy = _expected("sns_topic", "aws_sns_topic.alerts")["attributes"]["policy"]
    sns.set_topic_attributes(
        TopicArn=arn["TopicArn"], AttributeName="Policy", AttributeValue=json.dumps(policy)
    )
    sns.create_topic(Name="plain")
    topics = _collect(collect_sns_topics, api)
    expected = _expected("sns_topic", "aws_sns_topic.alerts")["attributes"]
    assert to_jsonable(topics["parity-alerts"].attributes) == expected
    assert topics["plain"].attributes == {"kms_key_id": None, "policy": None, "fifo": False}


def test_live_repository_matches_the_iac_parity_case(api: Api) -> None:
    """Immutable tags, scan on push, KMS and the lifecycle policy as from the plan."""
    ecr = boto3.client("ecr", region_name="eu-west-1")
    expected = _expected("ecr_repository", "aws_ecr_repository.app")["attributes"]
    ecr.create_repository(
        repositoryName="parity/app",
        imageTagMutability="IMMUTABLE",
        imageScanningConfiguration={"scanOnPush": True},
        encryptionConfiguration={"encryptionType": "KMS", "kmsKey": expected["kms_key_id"]},
    )
    ecr.put_lifecycle_policy(
        repositoryName="parity/app", lifecyclePolicyText=json.dumps(expected["lifecycle_policy"])
    )
    repository = _collect(collect_ecr_repositories, api)["parity/app"]
    assert repository.id == "arn:aws:ecr:eu-west-1:123456789012:repository/parity/app"
    assert to_jsonable(repository.attributes) == expected


def test_denied_queue_attributes_are_unknown_and_recorded(api: Api, aws: boto3.Session) -> None:
    """A denied GetQueueAttributes leaves the queue listed with UNKNOWN attributes."""
    _seed_parity_queues()

    def deny(model: object, **_: object) -> None:
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, "Get")

    aws.events.register("before-call.sqs.GetQueueAttributes", deny)
    gaps = Gaps()
    queue = _collect(collect_sqs_queues, api, gaps)["parity-orders"]
    assert queue.attributes["encrypted"] is UNKNOWN
    assert queue.id == "arn:aws:sqs:eu-west-1:123456789012:parity-orders"
    assert ("sqs:GetQueueAttributes", "eu-west-1") in gaps.denied
