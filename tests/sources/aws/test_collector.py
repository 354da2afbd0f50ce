"""@collector: a collector's resources take the canonical type and service it declares."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from srmap.model import Resource
from srmap.sources.aws.collector import Gaps, LiveContext, collector


class _AccountOnly:
    """The one part of the Api seam that making a resource reads."""

    account = "111122223333"


def _context() -> LiveContext:
    api: Any = _AccountOnly()
    return LiveContext(api, "eu-west-1", Gaps())


@collector("sqs.queue", service="sqs")
def _queues(context: LiveContext) -> Iterator[Resource]:
    """Queues, named without repeating the type and service."""
    yield context.resource(arn="arn:aws:sqs:eu-west-1:111122223333:jobs", name="jobs",
                           attributes={}, api="sqs:ListQueues")  # fmt: skip
    yield context.resource(arn="arn:aws:sns:eu-west-1:111122223333:alerts", name="alerts",
                           attributes={}, api="sns:ListTopics", type_id="sns.topic",
                           service="sns")  # fmt: skip


def test_a_collectors_resources_carry_its_declared_type_and_service() -> None:
    queue, topic = _queues.collect(_context())
    assert (queue.type, queue.service, queue.region) == ("sqs.queue", "sqs", "eu-west-1")
    assert (topic.type, topic.service) == ("sns.topic", "sns")  # said outright, it wins
    assert _queues.collect.__doc__ == "Queues, named without repeating the type and service."


def test_a_resource_made_outside_a_collector_must_name_its_type() -> None:
    with pytest.raises(ValueError, match="no canonical type"):
        _context().resource(arn="arn:aws:sqs:eu-west-1:1:q", name="q", attributes={}, api="x")
