"""How controls tell a customer-managed KMS key from an AWS managed one, and name it."""

from __future__ import annotations

from typing import Any

from srmap.model import Reference

__all__ = ["is_customer_managed_key", "key_phrase"]


def is_customer_managed_key(key: Any) -> bool:
    """A named key that is not an AWS managed alias such as alias/aws/secretsmanager; a key
    declared in the same input (a Reference) is the customer's by construction."""
    if isinstance(key, Reference):
        return True
    # Templates also name the managed key by its bare alias name, "aws/secretsmanager".
    return isinstance(key, str) and "alias/aws/" not in key and not key.startswith("aws/")


def key_phrase(key: Any) -> str:
    """How a finding names the key: its id, or the AWS managed key when none is named."""
    return f"KMS key {key}" if isinstance(key, str | Reference) else "the AWS managed key"
