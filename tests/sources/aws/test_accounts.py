"""Many accounts: a role assumed into each listed or organization account, read in parallel,
merged with the account on every resource; one account's failure does not stop the others."""

from __future__ import annotations

import boto3
import pytest

from srmap.errors import UsageError
from srmap.sources.aws.accounts import organization_accounts, read_target, role_arn_in
from srmap.sources.aws.api import Api
from srmap.sources.aws.collector import CollectorRegistry
from srmap.sources.aws.collectors.messaging import collect_sqs_queues
from srmap.sources.aws.live import LiveOptions, LiveTarget

ACCOUNT_A, ACCOUNT_B = "111111111111", "222222222222"
# An account the role cannot be assumed into: an id far beyond any account number, which
# the emulator cannot assume into (it assumes any role of any real account id).
UNREACHABLE = "3" * 2100
REGIONS = ("eu-west-1",)


def _queue_in(account: str, name: str) -> None:
    """Seed a queue inside ``account`` through a role assumed there (moto keeps them apart)."""
    role = role_arn_in(account, "OrganizationAccountAccessRole")
    credentials = boto3.client("sts").assume_role(RoleArn=role, RoleSessionName="seed")
    keys = credentials["Credentials"]
    boto3.client(
        "sqs",
        region_name="eu-west-1",
        aws_access_key_id=keys["AccessKeyId"],
        aws_secret_access_key=keys["SecretAccessKey"],
        aws_session_token=keys["SessionToken"],
    ).create_queue(QueueName=name)


def _registry() -> CollectorRegistry:
    return CollectorRegistry([collect_sqs_queues])


def test_listed_accounts_are_read_and_merged_with_their_account(aws: boto3.Session) -> None:
    """Each resource carries the account it was read from."""
    _queue_in(ACCOUNT_A, "orders")
    _queue_in(ACCOUNT_B, "payments")
    target = LiveTarget(regions=REGIONS, accounts=(ACCOUNT_A, ACCOUNT_B))
    found = read_target(target, _registry(), LiveOptions(max_workers=2))
    assert {(r.account, r.name) for r in found.resources} == {
        (ACCOUNT_A, "orders"),
        (ACCOUNT_B, "payments"),
    }
    assert found.warnings == ()


def test_one_failing_account_is_a_warning_and_the_others_go_on(aws: boto3.Session) -> None:
    """The account whose role cannot be assumed is named in a warning; the other is read."""
    _queue_in(ACCOUNT_A, "orders")
    target = LiveTarget(regions=REGIONS, accounts=(UNREACHABLE, ACCOUNT_A))
    found = read_target(target, _registry())
    assert [(r.account, r.name) for r in found.resources] == [(ACCOUNT_A, "orders")]
    [warning] = found.warnings
    assert warning.startswith(f"account {UNREACHABLE}: not read (")


def test_organization_lists_only_active_accounts(aws: boto3.Session, api: Api) -> None:
    """Every ACTIVE account of the organization, the management account included."""
    organizations = boto3.client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    created = organizations.create_account(AccountName="shop", Email="shop@example.com")
    member = created["CreateAccountStatus"]["AccountId"]
    gone = organizations.create_account(AccountName="old", Email="old@example.com")
    closed = gone["CreateAccountStatus"]["AccountId"]
    organizations.close_account(AccountId=closed)
    listed = organization_accounts(api)
    assert member in listed
    assert api.account in listed
    assert closed not in listed


def test_organization_scan_reads_every_member(aws: boto3.Session) -> None:
    """--organization assumes the role into each active account."""
    organizations = boto3.client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    created = organizations.create_account(AccountName="shop", Email="shop@example.com")
    member = created["CreateAccountStatus"]["AccountId"]
    _queue_in(member, "orders")
    found = read_target(LiveTarget(regions=REGIONS, organization=True), _registry())
    assert [(r.account, r.name) for r in found.resources] == [(member, "orders")]


def test_without_an_organization_the_listing_is_a_usage_error(aws: boto3.Session) -> None:
    """No account to read is a usage error (exit 2), not an empty scan that passes.

    AWS answers AWSOrganizationsNotInUseException here; moto lists nothing."""
    with pytest.raises(UsageError, match=r"no accounts to read|cannot list"):
        read_target(LiveTarget(regions=REGIONS, organization=True), _registry())


def test_role_arn_keeps_a_path_and_the_partition() -> None:
    """A role name may carry a path; GovCloud and China use their own partition."""
    assert (
        role_arn_in("111111111111", "/audit/srmap") == "arn:aws:iam::111111111111:role/audit/srmap"
    )
    assert role_arn_in("111111111111", "r", "aws-us-gov").startswith("arn:aws-us-gov:iam::")
