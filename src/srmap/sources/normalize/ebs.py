"""What an EBS volume's or block device's own settings say about its encryption at rest."""

from __future__ import annotations

from typing import Any

from srmap.model import UNKNOWN, Reference, Unknown
from srmap.sources.normalize.values import as_bool, none_if_empty

__all__ = ["ebs_encrypted"]


def ebs_encrypted(flag: Any, key: Any) -> bool | Unknown:
    """An ``encrypted`` setting as EBS applies it. Unset, a named KMS key means encrypted (EC2
    refuses a key for an unencrypted volume); otherwise the source snapshot or the account's
    EBS encryption by default in the region decides, which the settings alone cannot tell.
    https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html"""
    value = as_bool(flag)
    if value is not None:
        return value
    return True if isinstance(none_if_empty(key), str | Reference) else UNKNOWN
