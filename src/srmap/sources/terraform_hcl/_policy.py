"""Render ``data "aws_iam_policy_document"`` blocks to the JSON the AWS provider produces.

Follows the provider's rules: a one-element list becomes a plain string, longer lists are
sorted in reverse order, a ``*`` principal type makes the whole principal ``"*"``, and the
document is indented by two spaces. Merging (``source_policy_documents``,
``override_policy_documents``) is not modelled: such documents are UNKNOWN.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from srmap.model import UNKNOWN
from srmap.sources.terraform_hcl._functions import contains_unknown

__all__ = ["policy_document_json"]

_MERGING = ("source_policy_documents", "override_policy_documents", "source_json", "override_json")
_LISTS = (
    ("actions", "Action"),
    ("not_actions", "NotAction"),
    ("resources", "Resource"),
    ("not_resources", "NotResource"),
)
_PRINCIPALS = (("principals", "Principal"), ("not_principals", "NotPrincipal"))


def policy_document_json(values: Mapping[str, Any]) -> Any:
    """The policy JSON string for an evaluated policy-document body, or UNKNOWN."""
    if contains_unknown(values) or any(values.get(key) for key in _MERGING):
        return UNKNOWN
    try:
        document: dict[str, Any] = {"Version": values.get("version") or "2012-10-17"}
        if values.get("policy_id"):
            document["Id"] = values["policy_id"]
        statements = values.get("statement") or []
        document["Statement"] = [_statement(statement) for statement in statements]
    except (TypeError, ValueError, AttributeError, KeyError):
        return UNKNOWN
    return json.dumps(document, indent=2).replace("<", "\\u003c").replace(">", "\\u003e")


def _statement(block: Mapping[str, Any]) -> dict[str, Any]:
    """One statement block in the provider's key order."""
    statement: dict[str, Any] = {}
    if block.get("sid"):
        statement["Sid"] = block["sid"]
    statement["Effect"] = block.get("effect") or "Allow"
    for source, target in _LISTS:
        if block.get(source):
            statement[target] = _string_or_list(block[source])
    for source, target in _PRINCIPALS:
        if block.get(source):
            statement[target] = _principals(block[source])
    if block.get("condition"):
        statement["Condition"] = _conditions(block["condition"])
    return statement


def _string_or_list(values: list[Any]) -> Any:
    """A single value as itself, several as a reverse-sorted distinct list."""
    distinct = sorted({str(value) for value in values}, reverse=True)
    return distinct[0] if len(distinct) == 1 else distinct


def _principals(blocks: list[Mapping[str, Any]]) -> Any:
    """``{"AWS": [...], "Service": ...}``, or ``"*"`` when any principal type is ``*``."""
    by_type: dict[str, list[Any]] = {}
    for block in blocks:
        by_type.setdefault(str(block["type"]), []).extend(block.get("identifiers") or [])
    if "*" in by_type:
        return "*"
    return {kind: _string_or_list(ids) for kind, ids in by_type.items()}


def _conditions(blocks: list[Mapping[str, Any]]) -> dict[str, Any]:
    """``{test: {variable: values}}``, merging blocks that share test and variable."""
    grouped: dict[str, dict[str, list[Any]]] = {}
    for block in blocks:
        tests = grouped.setdefault(str(block["test"]), {})
        tests.setdefault(str(block["variable"]), []).extend(block.get("values") or [])
    return {
        test: {variable: _string_or_list(values) for variable, values in variables.items()}
        for test, variables in grouped.items()
    }
