"""Faults while reading a live account: throttling, a region that times out, rejected
credentials. Nothing is reported as seen that was not, and one fault never stops the scan."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ConnectTimeoutError

from srmap.errors import UsageError
from srmap.report.jsonable import to_jsonable
from srmap.sources.aws.api import Api
from srmap.sources.aws.collector import CollectorRegistry
from srmap.sources.aws.collectors import default_collectors
from srmap.sources.aws.live import account_id, read_account
from srmap.sources.aws.target import ApiSettings, LiveOptions

JSON_SERVICES = ("kms", "sqs", "dynamodb", "logs", "secretsmanager")
REGIONS = ["eu-west-1", "eu-central-1"]


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.data


def _throttled(request: Any) -> AWSResponse:
    body = b'{"__type": "ThrottlingException", "message": "Rate exceeded"}'
    headers = {"x-amzn-ErrorType": "ThrottlingException", "Content-Type": "application/json"}
    return AWSResponse(request.url, 400, headers, _Body(body))


def _seed() -> None:
    for region in REGIONS:
        boto3.client("kms", region_name=region).create_key(Description=f"key in {region}")
        boto3.client("sqs", region_name=region).create_queue(QueueName=f"orders-{region}")
        dynamodb = boto3.client("dynamodb", region_name=region)
        dynamodb.create_table(
            TableName=f"sessions-{region}",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        boto3.client("logs", region_name=region).create_log_group(logGroupName=f"/app/{region}")


WANTED = {"kms.key", "sqs.queue", "dynamodb.table", "logs.log_group"}


def _read(session: boto3.Session, attempts: int = 12) -> dict[str, Any]:
    options = LiveOptions(max_workers=4, settings=ApiSettings(max_attempts=attempts))
    collectors = CollectorRegistry(c for c in default_collectors() if c.type_id in WANTED)
    inventory = read_account(
        Api(session, "123456789012", options.settings), REGIONS, collectors, options
    )
    read = {r.id: to_jsonable(r.attributes) for r in inventory.resources}
    return read | {"warnings": list(inventory.warnings)}


def test_throttling_on_a_third_of_calls_gives_the_same_result(aws: boto3.Session) -> None:
    """ThrottlingException on ~30% of JSON-protocol calls: adaptive retries absorb it."""
    _seed()
    calm = _read(boto3.Session(region_name="eu-west-1"))
    dice = random.Random(7)
    throttled = 0

    def maybe_throttle(request: Any, **_: Any) -> AWSResponse | None:
        nonlocal throttled
        if dice.random() < 0.3:
            throttled += 1
            return _throttled(request)
        return None

    stormy_session = boto3.Session(region_name="eu-west-1")
    for service in JSON_SERVICES:
        stormy_session.events.register(f"before-send.{service}", maybe_throttle)
    stormy = _read(stormy_session)
    assert throttled > 5
    assert stormy == calm
    assert len([key for key in calm if key != "warnings"]) >= 8


def test_a_region_that_times_out_is_reported_and_the_others_are_read(
    aws: boto3.Session,
) -> None:
    """Every call to eu-central-1 times out: that region is named, eu-west-1 is complete."""
    _seed()
    session = boto3.Session(region_name="eu-west-1")

    def time_out(request: Any, **_: Any) -> None:
        if "eu-central-1" in request.url:
            raise ConnectTimeoutError(endpoint_url=request.url)

    session.events.register("before-send", time_out)
    read = _read(session, attempts=1)
    assert any("eu-central-1" in w and "not read" in w for w in read["warnings"])
    assert any("eu-west-1" in key for key in read if key != "warnings")
    assert not any("eu-central-1" in key for key in read if key != "warnings")


def test_expired_credentials_are_a_usage_error(aws: boto3.Session) -> None:
    """STS answering ExpiredToken becomes a clear message, not a traceback."""
    session = boto3.Session(region_name="eu-west-1")
    body = (
        b"<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredToken</Code>"
        b"<Message>The security token included in the request is expired</Message>"
        b"</Error></ErrorResponse>"
    )

    def expired(request: Any, **_: Any) -> AWSResponse:
        return AWSResponse(request.url, 403, {"Content-Type": "text/xml"}, _Body(body))

    session.events.register("before-send.sts.GetCallerIdentity", expired)
    with pytest.raises(UsageError, match="ExpiredToken"):
        account_id(session)


def test_no_credentials_exit_2_with_a_clear_message(tmp_path: Any) -> None:
    """No credentials anywhere: exit 2, one line saying how to provide them."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("AWS_") or key == "AWS_ENDPOINT_URL"
    }
    env |= {
        "AWS_CONFIG_FILE": str(tmp_path / "none"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_DEFAULT_REGION": "eu-west-1",
    }
    done = subprocess.run(
        [sys.executable, "-m", "srmap", "scan", "aws://", "--quiet", "--regions", "eu-west-1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert "no AWS credentials" in done.stderr
    assert "Traceback" not in done.stderr
