"""S3 canned ACLs expanded into the grants they stand for (bucket owner's own grant left out)."""

from __future__ import annotations

from typing import Any

from srmap.model import UNKNOWN, Unknown

__all__ = ["ALL_USERS", "AUTHENTICATED_USERS", "canned_acl_grants"]

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
_LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery"

# https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl
_CANNED: dict[str, tuple[tuple[str, str], ...]] = {
    "private": (),
    "bucket-owner-read": (),
    "bucket-owner-full-control": (),
    "aws-exec-read": (),
    "public-read": ((ALL_USERS, "READ"),),
    "public-read-write": ((ALL_USERS, "READ"), (ALL_USERS, "WRITE")),
    "authenticated-read": ((AUTHENTICATED_USERS, "READ"),),
    "log-delivery-write": ((_LOG_DELIVERY, "WRITE"), (_LOG_DELIVERY, "READ_ACP")),
}


def canned_acl_grants(acl: Any) -> list[dict[str, Any]] | Unknown:
    """Grants of a canned ACL name (CloudFormation's PublicRead spelling too); [] when unset."""
    if isinstance(acl, Unknown):
        return UNKNOWN
    if acl is None or acl == "":
        return []
    if not isinstance(acl, str):
        return UNKNOWN
    key = _kebab(acl)
    if key not in _CANNED:
        return UNKNOWN
    return [
        {"grantee_type": "Group", "grantee": uri, "permission": permission}
        for uri, permission in _CANNED[key]
    ]


def _kebab(name: str) -> str:
    """PublicReadWrite -> public-read-write; public-read stays as it is."""
    if "-" in name or name.islower():
        return name
    return "".join(f"-{c.lower()}" if c.isupper() else c for c in name).lstrip("-")
