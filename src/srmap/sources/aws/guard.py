"""The read-only, data-blind guard: every AWS operation srmap may send is on an explicit
allowlist; anything else is refused before a request leaves the process."""

from __future__ import annotations

from typing import Any

from srmap.errors import SrmapError
from srmap.sources.aws.allowlist import ALLOWED_OPERATIONS

__all__ = ["ForbiddenOperationError", "install_guard", "is_allowed"]


class ForbiddenOperationError(SrmapError):
    """srmap tried an operation that could change an account or read customer data."""


def is_allowed(service: str, operation: str) -> bool:
    """True when ``service:Operation`` is a read-only metadata call srmap may make."""
    return f"{service}:{operation}" in ALLOWED_OPERATIONS


def _refuse_unlisted(model: Any, params: Any, **_: Any) -> None:
    """botocore ``before-call`` handler: runs after parameter validation, before signing
    and sending, for every client created from the guarded session."""
    name = model.service_model.service_name  # the boto3 client name: s3, elbv2, ...
    if not is_allowed(name, model.name):
        raise ForbiddenOperationError(
            f"refused {name}:{model.name}: srmap only makes read-only metadata calls"
        )
    # GetParameter(s) may only return metadata: a decrypted SecureString is customer data.
    if model.name.startswith("GetParameter") and params.get("WithDecryption"):
        raise ForbiddenOperationError(f"refused {name}:{model.name} with decryption")


def install_guard(events: Any) -> None:
    """Register the guard on a botocore event system (``session.events`` of a boto3 Session)."""
    events.register("before-call", _refuse_unlisted, unique_id="srmap-read-only-guard")
