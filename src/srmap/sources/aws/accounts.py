"""Many accounts: assume one role into each listed account, or into every active account of
an AWS Organization, read them in parallel, and merge them into one inventory."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from srmap.errors import UsageError
from srmap.model import Resource
from srmap.sources.aws.api import Api, ApiDenied
from srmap.sources.aws.collector import CollectorRegistry
from srmap.sources.aws.guard import ForbiddenOperationError
from srmap.sources.aws.live import (
    LiveOptions,
    LiveTarget,
    Progress,
    account_id,
    assume_role,
    base_session,
    read_account,
    read_live,
)
from srmap.sources.normalize import Inventory

__all__ = ["organization_accounts", "read_target", "role_arn_in"]

# Accounts read at once; each one runs its own pool of ``max_workers`` threads.
_ACCOUNTS_AT_ONCE = 4


def read_target(
    target: LiveTarget,
    registry: CollectorRegistry,
    options: LiveOptions | None = None,
    progress: Progress | None = None,
) -> Inventory:
    """One account, or many when the target names accounts or an organization."""
    options = options or LiveOptions()
    if not target.accounts and not target.organization:
        return read_live(target, registry, options, progress)
    session = base_session(target)
    api = Api(session, account_id(session), options.settings)
    chosen = list(target.accounts) or organization_accounts(api)
    if not chosen:
        raise UsageError("no accounts to read: the organization lists no active account")
    reader = _AccountReader(session, target, registry, options, progress)
    with ThreadPoolExecutor(max_workers=min(_ACCOUNTS_AT_ONCE, len(chosen))) as pool:
        inventories = list(pool.map(reader.read, chosen))
    return _merged(inventories)


def organization_accounts(api: Api) -> list[str]:
    """Ids of the organization's active accounts (the credentials must be allowed to list
    them: the management account or a delegated administrator)."""
    try:
        listed = api.paginate("organizations", "ListAccounts", _home(api), "Accounts")
    except ApiDenied as error:
        raise UsageError(
            f"cannot list the organization's accounts ({error.code}): use the management "
            "account or a delegated administrator, or name the accounts with --accounts"
        ) from None
    except (BotoCoreError, ClientError) as error:
        raise UsageError(f"cannot list the organization's accounts: {error}") from None
    active = [a for a in listed if a.get("State", a.get("Status")) == "ACTIVE"]
    return sorted(str(account["Id"]) for account in active)


def role_arn_in(account: str, role_name: str, partition: str = "aws") -> str:
    """The ARN of ``role_name`` in ``account`` (a name with a path keeps it)."""
    return f"arn:{partition}:iam::{account}:role/{role_name.strip('/')}"


@dataclass(frozen=True)
class _AccountReader:
    """Reads one account at a time through a role assumed from the first session."""

    session: boto3.Session
    target: LiveTarget
    registry: CollectorRegistry
    options: LiveOptions
    progress: Progress | None

    def read(self, account: str) -> Inventory:
        """One account's inventory; a failure is a warning for this account only."""
        role = role_arn_in(account, self.target.role_name, _partition(self.session))
        progress = _tagged(self.progress, account)
        try:
            api = Api(assume_role(self.session, role), account, self.options.settings)
            found = read_account(api, self.target.regions, self.registry, self.options, progress)
        except ForbiddenOperationError:
            raise  # srmap asked for something it must not: a bug, never a warning
        except Exception as error:  # one account's failure must not stop the others
            return Inventory((), {}, (f"account {account}: not read ({error})",))
        warnings = tuple(f"account {account}: {warning}" for warning in found.warnings)
        return Inventory(found.resources, {}, warnings)


def _merged(inventories: Sequence[Inventory]) -> Inventory:
    resources: list[Resource] = [r for found in inventories for r in found.resources]
    resources.sort(key=lambda r: (str(r.account), r.type, r.id))
    warnings = tuple(w for found in inventories for w in found.warnings)
    return Inventory(tuple(resources), {}, warnings)


def _tagged(progress: Progress | None, account: str) -> Progress | None:
    if progress is None:
        return None
    return lambda done, total, what: progress(done, total, f"{account} {what}")


def _partition(session: boto3.Session) -> str:
    """aws, aws-cn or aws-us-gov, from the session's region (aws when it has none)."""
    region = session.region_name or ""
    if region.startswith("cn-"):
        return "aws-cn"
    return "aws-us-gov" if region.startswith("us-gov-") else "aws"


def _home(api: Api) -> str:
    return api.session.region_name or "us-east-1"
