"""Identity duties: root credentials, password policy, MFA, key age, and what IAM policies grant."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from srmap.controls.engine import (
    Control,
    ControlContext,
    Verdict,
    control,
    failed,
    not_applicable,
    passed,
)
from srmap.controls.flags import flag_control
from srmap.controls.policy_documents import (
    StatementTest,
    allows_all_actions_on_all_resources,
    allows_iam_escalation,
    is_public_statement,
    judge_document,
)
from srmap.model import UNKNOWN, Layer, Resource, Severity, Status, Unknown, is_unknown

__all__ = ["CONTROLS", "MAX_ACCESS_KEY_AGE_DAYS", "MIN_PASSWORD_LENGTH", "MIN_PASSWORD_REUSE"]

# CIS AWS Foundations Benchmark: 1.8 (length 14), 1.9 (24 remembered), 1.14 (keys <= 90 days).
MIN_PASSWORD_LENGTH = 14
MIN_PASSWORD_REUSE = 24
MAX_ACCESS_KEY_AGE_DAYS = 90

_BLOCK_KEYS = (
    "block_public_acls",
    "ignore_public_acls",
    "block_public_policy",
    "restrict_public_buckets",
)
_GRANT_FIELDS = ("Effect", "Action", "Resource")
_ADMIN_POLICY = ":iam::aws:policy/AdministratorAccess"
_IAM_FULL_POLICY = ":iam::aws:policy/IAMFullAccess"


@control(
    "aws.account.s3_public_access_block",
    title="Account-level S3 public access block is on (all four settings)",
    layer=Layer.IDENTITY_ACCESS,
    applies_to=["aws.account"],
    severity=Severity.HIGH,
    remediation="Turn on all four settings of the account's S3 Block Public Access.",
)
def account_s3_public_access_block(resource: Resource, context: ControlContext) -> Verdict:
    """One switch that keeps every bucket of the account from being made public by mistake."""
    block: Any = resource.attributes.get("s3_public_access_block")
    if block is None or isinstance(block, Unknown):
        return failed(
            "the account has no S3 public access block", {"s3_public_access_block": block}
        )
    values = {f"s3_public_access_block.{key}": block.get(key) for key in _BLOCK_KEYS}
    off = [path for path, value in values.items() if value is False]
    if off:
        return failed(f"not blocked: {', '.join(off)}", dict.fromkeys(off, False))
    return passed("all four public access settings are on", values)


# Root can do anything and cannot be restricted by IAM policies.
account_root_mfa = flag_control(
    "aws.account.root_mfa",
    "root_mfa_enabled",
    layer=Layer.IDENTITY_ACCESS,
    title="Root user has MFA",
    severity=Severity.CRITICAL,
    remediation="Enable a hardware or virtual MFA device on the root user.",
    on="the root user has MFA",
    off="the root user has no MFA",
)


@control(
    "aws.account.no_root_access_keys",
    title="Root user has no access keys",
    layer=Layer.IDENTITY_ACCESS,
    applies_to=["aws.account"],
    severity=Severity.CRITICAL,
    remediation="Delete the root user's access keys; use IAM roles for programmatic access.",
)
def account_no_root_access_keys(resource: Resource, context: ControlContext) -> Verdict:
    """A leaked root key is a lost account."""
    present = resource.attributes.get("root_access_keys_present")
    evidence = {"root_access_keys_present": present}
    if present is False:
        return passed("the root user has no access keys", evidence)
    return failed("the root user has an access key", evidence)


def _password_policy_control(
    duty: str, setting: str, minimum: int, title: str, remediation: str
) -> Control:
    """A control requiring one number of the password policy to reach a minimum."""

    @control(
        f"aws.account.{duty}",
        title=title,
        layer=Layer.IDENTITY_ACCESS,
        applies_to=["aws.account"],
        severity=Severity.MEDIUM,
        remediation=remediation,
    )
    def check(resource: Resource, context: ControlContext) -> Verdict:
        policy: Any = resource.attributes.get("password_policy")
        if policy is None or isinstance(policy, Unknown):
            return failed("the account has no password policy", {"password_policy": policy})
        value = policy.get(setting)
        evidence = {f"password_policy.{setting}": value}
        if isinstance(value, int) and value >= minimum:
            return passed(f"{setting} is {value} (at least {minimum})", evidence)
        return failed(f"{setting} is {value}, below {minimum}", evidence)

    return check


@control(
    "iam.role.trust_policy_not_public",
    title="IAM role trust policy does not let any principal assume the role",
    layer=Layer.IDENTITY_ACCESS,
    applies_to=["iam.role"],
    severity=Severity.CRITICAL,
    remediation="Name the accounts, roles or services that may assume the role, or add an "
    "aws:PrincipalOrgID or sts:ExternalId condition.",
)
def iam_role_trust_policy_not_public(resource: Resource, context: ControlContext) -> Verdict:
    """Principal "*" on sts:AssumeRole hands the role to every AWS account."""
    document = resource.attributes.get("assume_role_policy")
    fields = ("Effect", "Principal", "NotPrincipal", "Condition")
    finding = "any principal may assume the role"
    return judge_document("assume_role_policy", document, is_public_statement, fields, finding)


@control(
    "iam.user.mfa_enabled",
    title="IAM user with a console password has MFA",
    layer=Layer.IDENTITY_ACCESS,
    applies_to=["iam.user"],
    severity=Severity.HIGH,
    remediation="Assign an MFA device to every user who signs in to the console.",
)
def iam_user_mfa_enabled(resource: Resource, context: ControlContext) -> Verdict:
    """Infrastructure code cannot see MFA devices, so there the verdict is unknown."""
    console = resource.attributes.get("console_access")
    if console is False:
        return not_applicable("the user has no console password", {"console_access": False})
    mfa = resource.attributes.get("mfa_enabled")
    evidence = {"console_access": console, "mfa_enabled": mfa}
    if mfa is True:
        return passed("the console user has MFA", evidence)
    return failed("the console user has no MFA device", evidence)


def _key_age(created: Any, now: datetime) -> timedelta | Unknown:
    if not isinstance(created, str):
        return UNKNOWN
    try:
        moment = datetime.fromisoformat(created)
    except ValueError:
        return UNKNOWN
    return now - (moment if moment.tzinfo else moment.replace(tzinfo=UTC))


@control(
    "iam.user.access_keys_rotated",
    title=f"IAM user's active access keys are at most {MAX_ACCESS_KEY_AGE_DAYS} days old",
    layer=Layer.IDENTITY_ACCESS,
    applies_to=["iam.user"],
    severity=Severity.MEDIUM,
    remediation="Create a new access key, move its users over, then deactivate and delete the "
    "old one; prefer roles to long-lived keys.",
)
def iam_user_access_keys_rotated(resource: Resource, context: ControlContext) -> Verdict:
    """Age counts from creation to the scan's clock; an unknown date is unknown."""
    keys: Any = resource.attributes.get("access_keys")
    if not isinstance(keys, list):
        return failed("access keys unknown", {"access_keys": keys})
    active = {i: k for i, k in enumerate(keys) if not _inactive(k)}
    if not active:
        return not_applicable("the user has no active access key", {"access_keys": keys})
    if context.now is None:
        return failed("the scan has no clock to age keys by", {"now": UNKNOWN})
    created = {f"access_keys[{i}].created": _created(k) for i, k in active.items()}
    ages = {path: _key_age(value, context.now) for path, value in created.items()}
    limit = timedelta(days=MAX_ACCESS_KEY_AGE_DAYS)
    old = [path for path, age in ages.items() if isinstance(age, timedelta) and age > limit]
    if old:
        evidence = {path: created[path] for path in old}
        return failed(f"active key(s) older than {MAX_ACCESS_KEY_AGE_DAYS} days", evidence)
    unknown = {path: UNKNOWN for path, age in ages.items() if is_unknown(age)}
    if unknown:
        return failed("an active key's creation date is unknown", unknown)
    return passed(f"every active key is at most {MAX_ACCESS_KEY_AGE_DAYS} days old", created)


def _inactive(key: Any) -> bool:
    return isinstance(key, dict) and key.get("status") == "Inactive"


def _created(key: Any) -> Any:
    return key.get("created", UNKNOWN) if isinstance(key, dict) else UNKNOWN


@control(
    "iam.user.no_direct_policies",
    title="IAM user gets permissions through groups or roles, not policies of its own",
    layer=Layer.IDENTITY_ACCESS,
    applies_to=["iam.user"],
    severity=Severity.LOW,
    remediation="Move the user's inline and attached policies to a group and add the user to it.",
)
def iam_user_no_direct_policies(resource: Resource, context: ControlContext) -> Verdict:
    """CIS 1.15; attachments declared on the policy side are judged on the iam.policy."""
    inline = resource.attributes.get("inline_policies")
    managed = resource.attributes.get("managed_policy_arns")
    for path, value in (("inline_policies", inline), ("managed_policy_arns", managed)):
        if isinstance(value, list) and value:
            return failed(f"the user has {path}", {path: len(value)})
    evidence = {"inline_policies": inline, "managed_policy_arns": managed}
    if inline == [] and managed == []:
        return passed("the user has no policies of its own", evidence)
    return failed("the user's own policies are unknown", evidence)


def _rests_on_unknown(verdict: Verdict) -> bool:
    return verdict.status is Status.UNKNOWN or any(is_unknown(e.value) for e in verdict.evidence)


def _judge_inline(resource: Resource, test: StatementTest, finding: str) -> Verdict:
    """Judge every inline policy: one that grants fails, one that might makes it unknown."""
    policies: Any = resource.attributes.get("inline_policies")
    if not isinstance(policies, list):
        return failed("inline policies unknown", {"inline_policies": policies})
    verdicts: list[Verdict] = []
    for index, policy in enumerate(policies):
        document = policy.get("document") if isinstance(policy, dict) else UNKNOWN
        path = f"inline_policies[{index}].document"
        verdicts.append(judge_document(path, document, test, _GRANT_FIELDS, finding))
    decided_fail = [v for v in verdicts if v.status is Status.FAIL and not _rests_on_unknown(v)]
    if decided_fail:
        return decided_fail[0]
    undecided = [v for v in verdicts if _rests_on_unknown(v)]
    if undecided:
        return undecided[0]
    evidence = {e.path: e.value for v in verdicts for e in v.evidence}
    return passed("no inline policy does", evidence or {"inline_policies": []})


def _attached(resource: Resource, suffixes: Sequence[str]) -> list[str] | Unknown:
    """Managed policy ARNs ending in one of the suffixes; UNKNOWN when none is known to and an
    ARN is unknown (a known match decides whatever the others are)."""
    arns: Any = resource.attributes.get("managed_policy_arns")
    if not isinstance(arns, list):
        return UNKNOWN
    matches = [arn for arn in arns if isinstance(arn, str) and arn.endswith(tuple(suffixes))]
    if not matches and any(is_unknown(arn) for arn in arns):
        return UNKNOWN
    return matches


def _principal_grant_control(
    type_id: str, duty: str, test: StatementTest, managed: Sequence[str], what: str
) -> Control:
    """A control failing when a user, group or role is given ``what`` inline or by AWS policy."""

    @control(
        f"{type_id}.{duty}",
        title=f"{type_id.split('.')[1].capitalize()} is not granted {what}",
        layer=Layer.IDENTITY_ACCESS,
        applies_to=[type_id],
        severity=Severity.HIGH,
        remediation=f"Replace {what} with the actions and resources the principal needs.",
    )
    def check(resource: Resource, context: ControlContext) -> Verdict:
        attached = _attached(resource, managed)
        if isinstance(attached, list) and attached:
            return failed(
                f"{what} attached: {', '.join(attached)}", {"managed_policy_arns": attached}
            )
        inline = _judge_inline(resource, test, f"an inline policy grants {what}")
        if isinstance(attached, Unknown) and inline.status is Status.PASS:
            return failed("an attached policy is unknown", {"managed_policy_arns": UNKNOWN})
        return inline

    return check


def _policy_grant_control(duty: str, test: StatementTest, what: str) -> Control:
    """A control failing when a managed or standalone policy document grants ``what``."""

    @control(
        f"iam.policy.{duty}",
        title=f"IAM policy does not grant {what}",
        layer=Layer.IDENTITY_ACCESS,
        applies_to=["iam.policy"],
        severity=Severity.HIGH,
        remediation=f"Replace {what} with the actions and resources its principals need.",
    )
    def check(resource: Resource, context: ControlContext) -> Verdict:
        kind = resource.attributes.get("policy_kind")
        count = resource.attributes.get("attachment_count")
        if kind == "aws_managed" and count == 0:
            return not_applicable(
                "an AWS managed policy attached to nobody", {"attachment_count": 0}
            )
        document = resource.attributes.get("document")
        return judge_document(
            "document", document, test, _GRANT_FIELDS, f"the policy grants {what}"
        )

    return check


_ADMIN = "administrator access (* on *)"
_ESCALATION = "IAM wildcards that allow privilege escalation"


@control(
    "kms.key.policy_declared",
    title="KMS key has a key policy of its own",
    layer=Layer.IDENTITY_ACCESS,
    applies_to=["kms.key"],
    severity=Severity.LOW,
    remediation="Write a key policy (policy / aws_kms_key_policy / KeyPolicy) naming who may "
    "administer and who may use the key, instead of KMS's default, which lets any IAM policy "
    "of the account grant kms:* on it.",
)
def kms_key_policy_declared(resource: Resource, context: ControlContext) -> Verdict:
    """Least privilege on a key starts in its own policy; AWS writes its managed keys' ones."""
    manager = resource.attributes.get("key_manager")
    if manager == "AWS":
        return not_applicable("AWS managed key: AWS writes its policy", {"key_manager": manager})
    declared = resource.attributes.get("policy_declared")
    evidence = {"policy_declared": declared}
    if declared is True:
        return passed("the key has a key policy of its own", evidence)
    return failed("KMS's default key policy applies: IAM policies alone decide access", evidence)


CONTROLS = [
    kms_key_policy_declared,
    account_s3_public_access_block,
    account_root_mfa,
    account_no_root_access_keys,
    _password_policy_control(
        "password_policy_length",
        "minimum_length",
        MIN_PASSWORD_LENGTH,
        f"Password policy requires at least {MIN_PASSWORD_LENGTH} characters",
        f"Set the account password policy's minimum length to {MIN_PASSWORD_LENGTH} or more.",
    ),
    _password_policy_control(
        "password_policy_reuse",
        "reuse_prevention",
        MIN_PASSWORD_REUSE,
        f"Password policy prevents reuse of the last {MIN_PASSWORD_REUSE} passwords",
        f"Set the account password policy's reuse prevention to {MIN_PASSWORD_REUSE}.",
    ),
    iam_role_trust_policy_not_public,
    iam_user_mfa_enabled,
    iam_user_access_keys_rotated,
    iam_user_no_direct_policies,
    _policy_grant_control("no_administrator_access", allows_all_actions_on_all_resources, _ADMIN),
    _policy_grant_control("no_iam_escalation_wildcard", allows_iam_escalation, _ESCALATION),
    *(
        _principal_grant_control(
            type_id,
            "no_administrator_access",
            allows_all_actions_on_all_resources,
            [_ADMIN_POLICY],
            _ADMIN,
        )
        for type_id in ("iam.role", "iam.user", "iam.group")
    ),
    *(
        _principal_grant_control(
            type_id,
            "no_iam_escalation_wildcard",
            allows_iam_escalation,
            [_IAM_FULL_POLICY],
            _ESCALATION,
        )
        for type_id in ("iam.role", "iam.user", "iam.group")
    ),
]
