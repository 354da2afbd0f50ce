"""Read live AWS accounts: regions and collectors in parallel through one guarded seam."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed

import boto3
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from srmap.errors import UsageError
from srmap.model import Resource
from srmap.sources.aws.api import Api, ApiDenied
from srmap.sources.aws.collector import Collector, CollectorRegistry, Gaps, LiveContext
from srmap.sources.aws.guard import ForbiddenOperationError, install_guard
from srmap.sources.aws.target import (
    DEFAULT_ROLE_NAME,
    LiveOptions,
    LiveTarget,
    Progress,
)
from srmap.sources.normalize import Inventory

__all__ = [
    "DEFAULT_ROLE_NAME",
    "LiveOptions",
    "LiveTarget",
    "Progress",
    "account_id",
    "assume_role",
    "base_session",
    "read_account",
    "read_live",
]

# The role AWS Organizations creates in every account it creates (member accounts).

_CREDENTIAL_CODES = frozenset(
    {"ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "SignatureDoesNotMatch"}
)


def read_live(
    target: LiveTarget,
    registry: CollectorRegistry,
    options: LiveOptions | None = None,
    progress: Progress | None = None,
) -> Inventory:
    """The inventory of one account, as normalized resources with the gaps as warnings."""
    options = options or LiveOptions()
    session = base_session(target)
    api = Api(session, account_id(session), options.settings)
    return read_account(api, target.regions, registry, options, progress)


def read_account(
    api: Api,
    regions: Sequence[str] | None,
    registry: CollectorRegistry,
    options: LiveOptions,
    progress: Progress | None = None,
) -> Inventory:
    """Run every collector: global ones once, regional ones in each region, in parallel."""
    warnings: list[str] = []
    chosen = list(regions) if regions else _enabled_regions(api, warnings)
    tasks: list[tuple[Collector, str | None]] = [(c, None) for c in registry if c.scope == "global"]
    tasks += [(c, r) for c in registry if c.scope == "regional" for r in chosen]
    gaps = Gaps()
    resources: list[Resource] = []
    scanned = tuple(chosen)
    with ThreadPoolExecutor(max_workers=max(1, options.max_workers)) as pool:
        futures = {
            pool.submit(_collect, item, LiveContext(api, region, gaps, scanned)): (item, region)
            for item, region in tasks
        }
        for done, future in enumerate(as_completed(futures), start=1):
            item, region = futures[future]
            try:
                resources.extend(future.result())
            except ForbiddenOperationError:
                raise  # a collector asked for something it must not: a bug, never a warning
            except Exception as error:
                # What it would have read is absent, and the warning says so.
                warnings.append(f"{item.type_id} in {region or 'global'}: not read ({error!r})")
            if progress is not None:
                progress(done, len(tasks), f"{item.type_id} {region or 'global'}")
    warnings += _gap_warnings(gaps)
    resources.sort(key=lambda r: (r.type, r.id))
    return Inventory(tuple(resources), {}, tuple(warnings))


def _collect(item: Collector, context: LiveContext) -> list[Resource]:
    try:
        return list(item.collect(context))
    except ApiDenied as error:
        context.gaps.add(error)
        return []


def _gap_warnings(gaps: Gaps) -> Iterable[str]:
    if not gaps.denied:
        return []
    missing = sorted({operation for operation, _ in gaps.denied})
    return [
        "access denied; what these calls would show is reported as unknown. Missing "
        f"permissions: {', '.join(missing)}"
    ]


def base_session(target: LiveTarget) -> boto3.Session:
    """A guarded session for the target's profile, after assuming ``role_arn`` if given."""
    try:
        session = boto3.Session(profile_name=target.profile)
    except BotoCoreError as error:
        raise UsageError(f"AWS profile {target.profile!r}: {error}") from None
    install_guard(session.events)
    if target.role_arn is None:
        return session
    return assume_role(session, target.role_arn)


def assume_role(session: boto3.Session, role_arn: str) -> boto3.Session:
    """A session with the credentials of ``role_arn``, assumed from ``session``."""
    client = session.client("sts")
    try:
        response = client.assume_role(RoleArn=role_arn, RoleSessionName="srmap-read-only")
    except (BotoCoreError, ClientError) as error:
        raise UsageError(f"cannot assume {role_arn}: {error}") from None
    credentials = response["Credentials"]
    assumed = boto3.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
        region_name=session.region_name,
    )
    install_guard(assumed.events)
    return assumed


def account_id(session: boto3.Session) -> str:
    """Who the credentials are; no or expired credentials are a usage error (exit 2)."""
    try:
        identity = session.client("sts", region_name=session.region_name or "us-east-1")
        return str(identity.get_caller_identity()["Account"])
    except NoCredentialsError:
        raise UsageError(
            "no AWS credentials found (set AWS_PROFILE, AWS_ACCESS_KEY_ID/"
            "AWS_SECRET_ACCESS_KEY, or name a profile: aws://PROFILE)"
        ) from None
    except ClientError as error:
        code = str(error.response.get("Error", {}).get("Code", ""))
        if code in _CREDENTIAL_CODES:
            raise UsageError(f"AWS credentials rejected ({code}): refresh them and retry") from None
        raise UsageError(f"cannot identify the AWS account: {error}") from None
    except BotoCoreError as error:
        raise UsageError(f"cannot reach AWS: {error}") from None


def _enabled_regions(api: Api, warnings: list[str]) -> list[str]:
    """Regions the account has enabled; the ones not opted in are skipped and said so."""
    home = api.session.region_name or "us-east-1"
    listed = api.call("ec2", "DescribeRegions", home, AllRegions=True)["Regions"]
    skipped = sorted(r["RegionName"] for r in listed if r.get("OptInStatus") == "not-opted-in")
    if skipped:
        warnings.append(f"regions not opted in, skipped: {', '.join(skipped)}")
    return sorted(r["RegionName"] for r in listed if r.get("OptInStatus") != "not-opted-in")
