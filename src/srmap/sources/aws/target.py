"""What a live scan reads and how, as plain settings: no AWS SDK is loaded to name them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

__all__ = [
    "DEFAULT_MAX_ATTEMPTS",
    "DEFAULT_ROLE_NAME",
    "ApiSettings",
    "LiveOptions",
    "LiveTarget",
    "Progress",
]

DEFAULT_ROLE_NAME = "OrganizationAccountAccessRole"
# Retries per call: more than botocore's 3, for large accounts that throttle; adaptive mode
# also slows the client down while AWS throttles it.
DEFAULT_MAX_ATTEMPTS = 5

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class ApiSettings:
    """Retry and timeout settings for every client."""

    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    connect_timeout: float = 10.0
    read_timeout: float = 30.0


@dataclass(frozen=True)
class LiveTarget:
    """Which account(s) and regions to read. ``regions`` None means every enabled region.
    With ``accounts`` or ``organization``, the credentials (after ``role_arn``) assume
    ``role_name`` in each of those accounts instead of reading their own."""

    profile: str | None = None
    regions: Sequence[str] | None = None
    role_arn: str | None = None
    accounts: Sequence[str] = ()
    organization: bool = False
    role_name: str = DEFAULT_ROLE_NAME


@dataclass(frozen=True)
class LiveOptions:
    """How to read: parallelism and retries."""

    max_workers: int = 8
    settings: ApiSettings = field(default_factory=ApiSettings)
    # Service ids to read (ec2 includes its ebs and vpc resources); None reads every service.
    services: frozenset[str] | None = None
