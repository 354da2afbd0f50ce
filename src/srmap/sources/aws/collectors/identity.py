"""IAM users, roles, groups and customer-managed policies, live: one authorization-details
listing per entity kind, shared by all four collectors, and the credential report for what
only it shows (MFA, console passwords, access key age and use)."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator, Mapping
from typing import Any

from botocore.exceptions import ClientError

from srmap.model import UNKNOWN, Resource, Unknown
from srmap.sources.aws.api import DENIED_CODES, ApiDenied
from srmap.sources.aws.collector import LiveContext, collector
from srmap.sources.aws.collectors._response import dig, listing_or_unknown, policy_document
from srmap.sources.normalize.terraform.identity import attachment_summary, sorted_values

__all__ = ["COLLECTORS", "ROOT_USER", "credential_report", "report_flag"]

ROOT_USER = "<root_account>"
_DETAILS = "GetAccountAuthorizationDetails"
_LIST_KEYS = {
    "User": "UserDetailList",
    "Group": "GroupDetailList",
    "Role": "RoleDetailList",
    "LocalManagedPolicy": "Policies",
}
_REPORT_ABSENT = ("ReportNotPresent", "ReportExpired", "ReportInProgress")
# Seconds between polls while IAM builds the report (usually done within seconds).
_REPORT_POLLS = (0.2, 0.5, 1.0, 2.0, 2.0, 2.0, 4.0, 4.0, 4.0, 8.0)
# Credential report cells meaning "no value": never used, not applicable, unsupported.
_NO_VALUE = frozenset({"", "N/A", "no_information", "not_supported"})


def _details(context: LiveContext, kind: str) -> list[Any] | Unknown:
    """One kind of entity with its policies, attachments and memberships (cached, shared)."""
    return listing_or_unknown(context, "iam", _DETAILS, _LIST_KEYS[kind], Filter=[kind])


def _inline(policies: list[Any]) -> list[dict[str, Any]]:
    found = [
        {"name": p.get("PolicyName"), "document": policy_document(p.get("PolicyDocument"))}
        for p in policies
    ]
    return sorted(found, key=lambda p: str(p["name"]))


def _attached_arns(entity: Mapping[str, Any]) -> list[Any]:
    return sorted_values(p.get("PolicyArn") for p in entity.get("AttachedManagedPolicies", []))


def _tags(entity: Mapping[str, Any]) -> dict[str, Any]:
    return {tag["Key"]: tag.get("Value") for tag in entity.get("Tags", []) or []}


def _boundary(entity: Mapping[str, Any]) -> Any:
    return dig(entity, "PermissionsBoundary", "PermissionsBoundaryArn")


def credential_report(context: LiveContext) -> dict[str, dict[str, str]] | Unknown:
    """The account's credential report by user name (root as ROOT_USER), or UNKNOWN."""
    _generate_report(context)
    report = context.attempt("iam", "GetCredentialReport", absent=_REPORT_ABSENT, region=None)
    if report is None or isinstance(report, Unknown):
        return UNKNOWN
    content = report.get("Content", b"")
    text = content.decode("utf-8") if isinstance(content, bytes) else str(content)
    return {row["user"]: row for row in csv.DictReader(io.StringIO(text)) if row.get("user")}


def _generate_report(context: LiveContext) -> None:
    """Ask IAM to build the report and wait until it is complete. Polled on the client itself:
    the seam would answer every poll after the first from its cache."""
    client = context.api.client("iam", None)
    for delay in _REPORT_POLLS:
        context.api.calls["iam:GenerateCredentialReport"] += 1
        try:
            state = client.generate_credential_report().get("State")
        except ClientError as error:
            code = str(error.response.get("Error", {}).get("Code", ""))
            if code not in DENIED_CODES:
                raise
            # A report made earlier by someone else may still be readable.
            context.gaps.add(ApiDenied("iam", "GenerateCredentialReport", None, code))
            return
        if state == "COMPLETE":
            return
        time.sleep(delay)


def report_flag(row: Mapping[str, str] | None, column: str) -> bool | Unknown:
    """A true/false column of the report; UNKNOWN when the row or the value is missing."""
    value = row.get(column) if row is not None else None
    return {"true": True, "false": False}.get(value or "", UNKNOWN)


def _report_time(row: Mapping[str, str], column: str) -> str | None:
    value = row.get(column, "")
    return None if value in _NO_VALUE else value


def _access_keys(row: Mapping[str, str]) -> list[dict[str, Any]]:
    """The report has a column group for each of a user's (at most two) access keys."""
    keys = []
    for number in (1, 2):
        created = _report_time(row, f"access_key_{number}_last_rotated")
        active = row.get(f"access_key_{number}_active") == "true"
        if created is None and not active:
            continue
        keys.append(
            {
                "status": "Active" if active else "Inactive",
                "created": created,
                "last_used": _report_time(row, f"access_key_{number}_last_used_date"),
            }
        )
    return keys


def _credentials(report: Any, name: str) -> dict[str, Any]:
    """What the report shows of one user; all UNKNOWN when it is unreadable or predates them."""
    row = report.get(name) if isinstance(report, dict) else None
    if row is None:
        fields = ("console_access", "mfa_enabled", "password_last_used", "access_keys")
        return dict.fromkeys(fields, UNKNOWN)
    return {
        "console_access": report_flag(row, "password_enabled"),
        "mfa_enabled": report_flag(row, "mfa_active"),
        "password_last_used": _report_time(row, "password_last_used"),
        "access_keys": _access_keys(row),
    }


@collector("iam.user", service="iam", scope="global")
def collect_iam_users(context: LiveContext) -> Iterator[Resource]:
    """Users with their policies and groups, and their credentials from the report."""
    users = _details(context, "User")
    if isinstance(users, Unknown):
        return
    report = credential_report(context) if users else UNKNOWN
    for user in users:
        name = user["UserName"]
        yield context.resource(
            arn=user["Arn"],
            name=name,
            tags=_tags(user),
            attributes={
                "inline_policies": _inline(user.get("UserPolicyList", [])),
                "managed_policy_arns": _attached_arns(user),
                "group_names": sorted_values(user.get("GroupList", [])),
                "permissions_boundary": _boundary(user),
                **_credentials(report, name),
            },
            api=f"iam:{_DETAILS}",
        )


@collector("iam.role", service="iam", scope="global")
def collect_iam_roles(context: LiveContext) -> Iterator[Resource]:
    """Roles with their trust and permission policies; the session limit comes from ListRoles."""
    roles = _details(context, "Role")
    if isinstance(roles, Unknown):
        return
    listed = listing_or_unknown(context, "iam", "ListRoles", "Roles")
    durations = {} if isinstance(listed, Unknown) else {
        role["RoleName"]: role.get("MaxSessionDuration", 3600) for role in listed
    }  # fmt: skip
    for role in roles:
        name = role["RoleName"]
        yield context.resource(
            arn=role["Arn"],
            name=name,
            tags=_tags(role),
            attributes={
                "assume_role_policy": policy_document(role.get("AssumeRolePolicyDocument")),
                "inline_policies": _inline(role.get("RolePolicyList", [])),
                "managed_policy_arns": _attached_arns(role),
                "permissions_boundary": _boundary(role),
                "max_session_duration": durations.get(name, UNKNOWN),
            },
            api=f"iam:{_DETAILS}",
        )


@collector("iam.group", service="iam", scope="global")
def collect_iam_groups(context: LiveContext) -> Iterator[Resource]:
    """Groups with their policies; members are read from the users' side."""
    groups = _details(context, "Group")
    if isinstance(groups, Unknown):
        return
    users = _details(context, "User")
    for group in groups:
        name = group["GroupName"]
        members: Any = UNKNOWN
        if not isinstance(users, Unknown):
            members = sorted_values(u["UserName"] for u in users if name in u.get("GroupList", []))
        yield context.resource(
            arn=group["Arn"],
            name=name,
            attributes={
                "inline_policies": _inline(group.get("GroupPolicyList", [])),
                "managed_policy_arns": _attached_arns(group),
                "user_names": members,
            },
            api=f"iam:{_DETAILS}",
        )


def _attached_to(context: LiveContext, kind: str, arn: str) -> list[Any] | Unknown:
    """Names of the entities of one kind a managed policy is attached to."""
    entities = _details(context, kind)
    if isinstance(entities, Unknown):
        return UNKNOWN
    name_key = f"{kind}Name"
    return sorted_values(e[name_key] for e in entities if arn in _attached_arns(e))


def _default_document(policy: Mapping[str, Any]) -> Any:
    for version in policy.get("PolicyVersionList", []):
        if version.get("IsDefaultVersion"):
            return policy_document(version.get("Document"))
    return UNKNOWN


@collector("iam.policy", service="iam", scope="global")
def collect_iam_policies(context: LiveContext) -> Iterator[Resource]:
    """Customer-managed policies only (AWS's own are the same in every account), with the
    users, groups and roles they are attached to, read from those entities."""
    policies = _details(context, "LocalManagedPolicy")
    if isinstance(policies, Unknown):
        return
    for policy in policies:
        arn = policy["Arn"]
        yield context.resource(
            arn=arn,
            name=policy.get("PolicyName") or arn.rsplit("/", 1)[-1],
            attributes={
                "document": _default_document(policy),
                "policy_kind": "customer_managed",
                **attachment_summary(
                    _attached_to(context, "User", arn),
                    _attached_to(context, "Group", arn),
                    _attached_to(context, "Role", arn),
                ),
            },
            api=f"iam:{_DETAILS}",
        )


COLLECTORS = [collect_iam_users, collect_iam_roles, collect_iam_groups, collect_iam_policies]
