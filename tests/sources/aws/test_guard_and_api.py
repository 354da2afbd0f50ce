"""The AWS seam: the read-only guard refuses before sending, calls are shared, denials are typed."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.session import Session as BotocoreSession

from srmap.errors import UsageError
from srmap.sources.aws.allowlist import ALLOWED_OPERATIONS, DATA_READS, IDENTITY_OPERATIONS
from srmap.sources.aws.api import Api, ApiDenied
from srmap.sources.aws.collector import CollectorRegistry, LiveContext, collector
from srmap.sources.aws.collectors import collectors_for
from srmap.sources.aws.guard import ForbiddenOperationError
from srmap.sources.aws.live import LiveOptions, read_account

READ_VERBS = ("Describe", "List", "Get", "GenerateCredentialReport")


def _sent(session: boto3.Session) -> list[str]:
    """Record every request that actually leaves the client."""
    sent: list[str] = []
    session.events.register("before-send", lambda request, **_: sent.append(request.url))
    return sent


def test_allowlist_holds_only_real_read_only_metadata_operations() -> None:
    """Each entry is an operation botocore knows, named with a read verb, and no data read."""
    loader = BotocoreSession()
    assert not ALLOWED_OPERATIONS & DATA_READS
    for entry in sorted(ALLOWED_OPERATIONS):
        service, operation = entry.split(":")
        model = loader.get_service_model(service)
        assert operation in model.operation_names, entry
        assert operation.startswith(READ_VERBS) or entry in IDENTITY_OPERATIONS, entry


@pytest.mark.parametrize(
    ("service", "method", "params"),
    [
        ("s3", "create_bucket", {"Bucket": "b"}),
        ("s3", "get_object", {"Bucket": "b", "Key": "k"}),
        ("dynamodb", "scan", {"TableName": "t"}),
        ("secretsmanager", "get_secret_value", {"SecretId": "s"}),
        ("sqs", "receive_message", {"QueueUrl": "https://sqs.eu-west-1.amazonaws.com/1/q"}),
        ("ec2", "terminate_instances", {"InstanceIds": ["i-1"]}),
    ],
)
def test_forbidden_calls_fail_before_any_request_is_sent(
    aws: boto3.Session, service: str, method: str, params: dict[str, Any]
) -> None:
    """Mutations and data reads raise, and nothing reaches the wire."""
    api = Api(aws, "123456789012")
    sent = _sent(aws)
    with pytest.raises(ForbiddenOperationError):
        getattr(api.client(service, "eu-west-1"), method)(**params)
    assert sent == []


def test_decrypting_parameter_reads_are_refused(aws: boto3.Session) -> None:
    """Even if GetParameter were listed, WithDecryption is never allowed."""
    api = Api(aws, "123456789012")
    with pytest.raises(ForbiddenOperationError):
        api.client("ssm", "eu-west-1").get_parameter(Name="x", WithDecryption=True)


def test_each_call_is_made_once_and_shared(aws: boto3.Session) -> None:
    """The same operation with the same parameters reaches AWS once."""
    boto3.client("s3", region_name="eu-west-1").create_bucket(
        Bucket="one", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    api = Api(aws, "123456789012")
    sent = _sent(aws)
    first = api.call("s3", "ListBuckets", None)
    second = api.call("s3", "ListBuckets", None)
    assert first is second
    assert [b["Name"] for b in first["Buckets"]] == ["one"]
    assert api.calls["s3:ListBuckets"] == 1
    assert len(sent) == 1


def test_paginate_gathers_every_page(aws: boto3.Session) -> None:
    """Pagination follows tokens and flattens the items under the key."""
    iam = boto3.client("iam")
    for index in range(3):
        iam.create_user(UserName=f"user{index}")
    api = Api(aws, "123456789012")
    users = api.paginate("iam", "ListUsers", None, "Users", PaginationConfig={"PageSize": 1})
    assert sorted(u["UserName"] for u in users) == ["user0", "user1", "user2"]


def test_access_denied_becomes_api_denied(aws: boto3.Session) -> None:
    """AccessDenied from AWS is raised as ApiDenied naming the operation and region."""

    def deny(model: Any, **_: Any) -> None:
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, model.name)

    api = Api(aws, "123456789012")
    aws.events.register("before-call.kms.ListKeys", deny)
    with pytest.raises(ApiDenied) as caught:
        api.call("kms", "ListKeys", "eu-west-1")
    assert (caught.value.operation, caught.value.region) == ("ListKeys", "eu-west-1")


def test_a_failing_collector_becomes_a_warning_and_the_scan_goes_on(aws: boto3.Session) -> None:
    """An unexpected error in one collector is reported; the others' resources are kept."""

    @collector("kms.key", service="kms", scope="global")
    def broken(context: LiveContext) -> list[Any]:
        raise NotImplementedError("moto has no such call")

    @collector("sqs.queue", service="sqs", scope="global")
    def empty(context: LiveContext) -> list[Any]:
        return []

    inventory = read_account(
        Api(aws, "123456789012"), ["eu-west-1"], CollectorRegistry([broken, empty]), LiveOptions()
    )
    assert any("kms.key in global: not read" in w for w in inventory.warnings)


def test_a_guard_violation_in_a_collector_is_never_swallowed(aws: boto3.Session) -> None:
    """A collector that tries a forbidden call fails the scan loudly: it is a bug."""

    @collector("s3.bucket", service="s3", scope="global")
    def reads_data(context: LiveContext) -> list[Any]:
        context.api.client("s3", None).get_object(Bucket="b", Key="k")
        return []

    with pytest.raises(ForbiddenOperationError):
        read_account(
            Api(aws, "123456789012"), ["eu-west-1"], CollectorRegistry([reads_data]), LiveOptions()
        )


def test_paginated_listings_of_different_keys_are_not_confused(aws: boto3.Session) -> None:
    """The same call listed under two result keys gives each key's items."""
    iam = boto3.client("iam")
    iam.create_user(UserName="someone")
    api = Api(aws, "123456789012")
    assert [u["UserName"] for u in api.paginate("iam", "ListUsers", None, "Users")] == ["someone"]
    assert api.paginate("iam", "ListUsers", None, "Roles") == []


def test_services_choose_their_collectors_and_always_the_account() -> None:
    """ec2 brings its EBS and VPC resources; the account is always read; typos are refused."""
    chosen = {c.type_id for c in collectors_for(frozenset({"ec2", "s3"}))}
    assert {"ec2.instance", "ec2.volume", "ec2.security_group", "s3.bucket"} <= chosen
    assert "aws.account" in chosen
    assert "rds.db_instance" not in chosen
    with pytest.raises(UsageError, match="no live collector for s4"):
        collectors_for(frozenset({"s4"}))
