"""The table of AWS managed policy documents: ARNs recognized, documents validated."""

from __future__ import annotations

from typing import Any

import pytest

from srmap.catalog.fields import CatalogError
from srmap.model import UNKNOWN
from srmap.sources.normalize.managed_policies import (
    aws_managed_policy_name,
    managed_policies,
    managed_policy_document,
    parse_managed_policies,
)

SOURCE = "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/X.html"


@pytest.mark.parametrize(
    ("arn", "name"),
    [
        ("arn:aws:iam::aws:policy/IAMFullAccess", "IAMFullAccess"),
        ("arn:aws-us-gov:iam::aws:policy/AdministratorAccess", "AdministratorAccess"),
        ("arn:aws:iam::aws:policy/service-role/AWSLambdaRole", "AWSLambdaRole"),
        ("arn:aws:iam::123456789012:policy/AdministratorAccess", None),
        ("AdministratorAccess", None),
        (UNKNOWN, None),
    ],
)
def test_aws_managed_policy_names_come_only_from_aws_owned_arns(arn: Any, name: str | None) -> None:
    """Only the account ``aws`` owns AWS managed policies; a customer's namesake is not one."""
    assert aws_managed_policy_name(arn) == name


def test_packaged_documents_grant_what_aws_publishes() -> None:
    """AdministratorAccess grants * on *; IAMFullAccess grants iam:*; unlisted is unknown."""
    admin = managed_policy_document("AdministratorAccess")
    assert admin == {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
    }
    iam_full = managed_policy_document("IAMFullAccess")
    assert isinstance(iam_full, dict)
    assert "iam:*" in iam_full["Statement"][0]["Action"]
    assert managed_policy_document("ReadOnlyAccess") is UNKNOWN
    assert set(managed_policies()) >= {"AdministratorAccess", "IAMFullAccess"}


def _entry(**overrides: Any) -> dict[str, Any]:
    entry = {"name": "X", "version": "v1", "document": '{"Statement": []}', "source": SOURCE}
    return {**entry, **overrides}


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([_entry(document="{not json")], "is not JSON"),
        ([_entry(document='{"Version": "2012-10-17"}')], "is not a policy document"),
        ([_entry(), _entry()], "listed twice"),
        ([_entry(extra=1)], "extra"),
    ],
)
def test_bad_entries_name_file_and_key(entries: list[dict[str, Any]], message: str) -> None:
    """A malformed table fails on first use with the file and key at fault."""
    with pytest.raises(CatalogError, match=message):
        parse_managed_policies({"policy": entries})
