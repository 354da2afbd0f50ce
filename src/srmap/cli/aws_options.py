"""The options that say which AWS accounts and regions a live scan reads."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from srmap.cli.options import split_list
from srmap.errors import UsageError
from srmap.sources.aws.target import DEFAULT_ROLE_NAME, LiveTarget

__all__ = ["LIVE_PREFIX", "AwsScope", "aws_options"]

F = TypeVar("F", bound=Callable[..., Any])
LIVE_PREFIX = "aws://"
_ACCOUNT_ID = re.compile(r"\d{12}")


@dataclass(frozen=True)
class AwsScope:
    """Regions, a first role, and the accounts to assume a role into, for aws:// targets."""

    regions: list[str] | None = None
    role_arn: str | None = None
    accounts: tuple[str, ...] = ()
    organization: bool = False
    role_name: str | None = None

    def targets(self, items: Sequence[str]) -> list[LiveTarget]:
        """One live target per aws://[PROFILE] item; UsageError for live options without one."""
        live = [
            LiveTarget(
                profile=item[len(LIVE_PREFIX) :] or None,
                regions=self.regions,
                role_arn=self.role_arn,
                accounts=self.accounts,
                organization=self.organization,
                role_name=self.role_name or DEFAULT_ROLE_NAME,
            )
            for item in items
            if item.startswith(LIVE_PREFIX)
        ]
        given = self.regions or self.role_arn or self.accounts or self.organization
        if (given or self.role_name) and not live:
            raise UsageError(
                "--regions, --role-arn, --accounts, --organization and --role-name apply to "
                "live targets (aws://...)"
            )
        return live


def _scope(
    regions: tuple[str, ...],
    role_arn: str | None,
    accounts: tuple[str, ...],
    organization: bool,
    role_name: str | None,
) -> AwsScope:
    region_list = split_list(regions)
    account_list = tuple(split_list(accounts))
    bad = [a for a in account_list if not _ACCOUNT_ID.fullmatch(a)]
    if bad:
        raise UsageError(f"--accounts: not a 12-digit account id: {', '.join(bad)}")
    if account_list and organization:
        raise UsageError("--accounts and --organization exclude each other")
    if role_name and not (account_list or organization):
        raise UsageError("--role-name needs --accounts or --organization")
    chosen = None if region_list in ([], ["all"]) else region_list
    return AwsScope(chosen, role_arn, account_list, organization, role_name)


def aws_options(function: F) -> F:
    """Add --regions, --role-arn, --accounts, --organization and --role-name; the command
    receives ``aws_scope``."""

    @functools.wraps(function)
    def wrapper(
        *args: Any,
        regions: tuple[str, ...],
        role_arn: str | None,
        accounts: tuple[str, ...],
        organization: bool,
        role_name: str | None,
        **kwargs: Any,
    ) -> Any:
        scope = _scope(regions, role_arn, accounts, organization, role_name)
        return function(*args, aws_scope=scope, **kwargs)

    decorators = [
        click.option("--regions", multiple=True, help="Live: r1,r2 or all (default: enabled)."),
        click.option("--role-arn", help="Live: assume this role first."),
        click.option(
            "--accounts",
            multiple=True,
            metavar="ID[,ID]",
            help="Live: read these accounts, assuming --role-name in each.",
        ),
        click.option(
            "--organization",
            is_flag=True,
            help="Live: read every active account of the AWS Organization (ListAccounts), "
            "assuming --role-name in each.",
        ),
        click.option(
            "--role-name",
            help=f"Live: the role to assume in each account (default: {DEFAULT_ROLE_NAME}; "
            "a read-only role such as one with SecurityAudit is better).",
        ),
    ]
    for decorate in reversed(decorators):
        wrapper = decorate(wrapper)
    return wrapper  # type: ignore[return-value]
