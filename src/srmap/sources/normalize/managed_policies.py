"""The documents of well-known AWS managed policies (catalog/data/aws_managed_policies.toml),
so a policy an input attaches by ARN alone can be judged by what it grants."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from srmap.catalog.fields import Table
from srmap.catalog.loader import read_data_file
from srmap.model import UNKNOWN, Unknown

__all__ = ["MANAGED_POLICIES_FILE", "aws_managed_policy_name", "managed_policy_document"]

MANAGED_POLICIES_FILE = "aws_managed_policies.toml"
# arn:aws:iam::aws:policy/NAME, or under a path (service-role/NAME); every partition.
_AWS_MANAGED_ARN = re.compile(r"arn:aws[a-z-]*:iam::aws:policy/(?:[\w+=,.@-]+/)*([\w+=,.@-]+)")


def aws_managed_policy_name(arn: Any) -> str | None:
    """The policy name when ``arn`` is an AWS managed policy's ARN, else None."""
    match = _AWS_MANAGED_ARN.fullmatch(arn) if isinstance(arn, str) else None
    return match.group(1) if match else None


def managed_policy_document(name: str) -> dict[str, Any] | Unknown:
    """The published document of the AWS managed policy ``name``; UNKNOWN when not listed."""
    return managed_policies().get(name, UNKNOWN)


@cache
def managed_policies() -> Mapping[str, dict[str, Any]]:
    """The packaged table by policy name; CatalogError names file and key when bad."""
    return parse_managed_policies(read_data_file(MANAGED_POLICIES_FILE))


def parse_managed_policies(
    data: Mapping[str, Any], file: str = MANAGED_POLICIES_FILE
) -> Mapping[str, dict[str, Any]]:
    """Validate the parsed TOML: known keys, unique names, JSON documents, https sources."""
    root = Table(file, "", data)
    root.check_keys({"policy"})
    found: dict[str, dict[str, Any]] = {}
    for entry in root.tables("policy", required=True):
        entry.check_keys({"name", "version", "document", "source"})
        name = entry.text("name")
        entry.text("version")
        entry.url("source")
        try:
            document = json.loads(entry.text("document"))
        except ValueError as error:
            raise entry.fail("document", f"is not JSON: {error}") from None
        if not isinstance(document, dict) or "Statement" not in document:
            raise entry.fail("document", "is not a policy document")
        if name in found:
            raise entry.fail("name", f"{name!r} is listed twice")
        found[name] = document
    return found
