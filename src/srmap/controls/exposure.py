"""Public exposure: resource policies open to anyone, public ACLs, shared snapshots and images."""

from __future__ import annotations

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
from srmap.controls.policy_documents import is_public_statement, judge_document
from srmap.model import Layer, Resource, Severity

__all__ = ["CONTROLS"]

_PUBLIC_FIELDS = ("Effect", "Principal", "NotPrincipal", "Condition")
_PUBLIC_GROUPS = {
    "http://acs.amazonaws.com/groups/global/AllUsers": "AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers": "AuthenticatedUsers",
}


def public_policy_control(
    type_id: str,
    noun: str,
    severity: Severity,
    path: str = "policy",
    default_flag: str | None = None,
) -> Control:
    """A control failing when the resource policy lets anyone in without a restricting condition.

    ``default_flag`` names a boolean attribute that is false when no policy was written and AWS's
    own default applies, which is never public (a KMS key's default trusts only its account).
    """

    @control(
        f"{type_id}.policy_not_public",
        title=f"{noun} policy does not grant access to anyone",
        layer=Layer.IDENTITY_ACCESS,
        applies_to=[type_id],
        severity=severity,
        remediation=(
            f"Name the accounts, organization or services the {noun} policy trusts, or add a "
            "condition such as aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID."
        ),
    )
    def check(resource: Resource, context: ControlContext) -> Verdict:
        if default_flag is not None and resource.attributes.get(default_flag) is False:
            written = {default_flag: False}
            return passed(f"no {noun} policy written: AWS's default trusts its account", written)
        document = resource.attributes.get(path)
        finding = f"the {noun} policy allows any principal"
        return judge_document(path, document, is_public_statement, _PUBLIC_FIELDS, finding)

    return check


_ACCOUNT_GRANTEES = frozenset({"CanonicalUser", "AmazonCustomerByEmail"})


@control(
    "s3.bucket.acl_not_public",
    title="S3 bucket ACL grants nothing to AllUsers or AuthenticatedUsers",
    layer=Layer.IDENTITY_ACCESS,
    applies_to=["s3.bucket"],
    severity=Severity.CRITICAL,
    remediation="Remove AllUsers and AuthenticatedUsers grants; set Object Ownership to "
    "BucketOwnerEnforced to disable ACLs.",
)
def s3_bucket_acl_not_public(resource: Resource, context: ControlContext) -> Verdict:
    """AuthenticatedUsers means any AWS account, so it is as public as AllUsers."""
    grants: Any = resource.attributes.get("acl_grants")
    if grants is None or grants == []:
        return passed("the ACL grants nothing beyond the owner", {"acl_grants": grants})
    if not isinstance(grants, list):
        return failed("ACL grants unknown", {"acl_grants": grants})
    public = {
        f"acl_grants[{i}]": g
        for i, g in enumerate(grants)
        if isinstance(g, dict) and g.get("grantee") in _PUBLIC_GROUPS
    }
    if public:
        named = [f"{_PUBLIC_GROUPS[g['grantee']]}:{g.get('permission')}" for g in public.values()]
        return failed(f"public ACL grants: {', '.join(named)}", public)
    # a grant to one account (by id or e-mail) is never public, whichever account it names
    return passed("no grant to a public group", _maybe_group_grants(grants))


def _maybe_group_grants(grants: list[Any]) -> dict[str, Any]:
    """Grants that are, or may be, to a group: what a pass depends on."""
    cited = {
        f"acl_grants[{i}]": g
        for i, g in enumerate(grants)
        if not isinstance(g, dict) or g.get("grantee_type") not in _ACCOUNT_GRANTEES
    }
    return cited or {"acl_grants": "grants to named accounts only"}


def sharing_control(type_id: str, noun: str, severity: Severity) -> Control:
    """A control failing when a snapshot or image may be used by every AWS account."""

    @control(
        f"{type_id}.not_public",
        title=f"{noun} is not shared with every AWS account",
        layer=Layer.IDENTITY_ACCESS,
        applies_to=[type_id],
        severity=severity,
        remediation=f"Remove the public (group all) permission from the {noun}; share it with "
        "named accounts only.",
    )
    def check(resource: Resource, context: ControlContext) -> Verdict:
        public = resource.attributes.get("public")
        evidence = {"public": public}
        if public is True:
            return failed(f"the {noun} is public", evidence)
        return passed(f"the {noun} is not public", evidence)

    return check


def _publicly_accessible_control(type_id: str, noun: str) -> Control:
    """A control failing when a database or replication instance gets a public address."""

    @control(
        f"{type_id}.not_publicly_accessible",
        title=f"{noun} is not publicly accessible",
        layer=Layer.NETWORK_CONFIG,
        applies_to=[type_id],
        severity=Severity.HIGH,
        remediation=f"Set publicly_accessible to false; reach the {noun} from inside the VPC, "
        "a VPN or a bastion.",
    )
    def check(resource: Resource, context: ControlContext) -> Verdict:
        public = resource.attributes.get("publicly_accessible")
        evidence = {"publicly_accessible": public}
        if public is True:
            return failed(f"the {noun} has a publicly resolvable address", evidence)
        return passed(f"the {noun} is reachable only inside its network", evidence)

    return check


@control(
    "lambda.function.url_requires_auth",
    title="Lambda function URL requires IAM authentication",
    layer=Layer.IDENTITY_ACCESS,
    applies_to=["lambda.function"],
    severity=Severity.HIGH,
    remediation="Set the function URL's auth type to AWS_IAM, or authenticate every request in "
    "the function and document why the URL is public.",
)
def lambda_function_url_requires_auth(resource: Resource, context: ControlContext) -> Verdict:
    """A function URL with auth type NONE can be invoked by anyone on the internet."""
    auth = resource.attributes.get("function_url_auth_type")
    evidence = {"function_url_auth_type": auth}
    if auth is None:
        return not_applicable("the function has no URL", evidence)
    if auth == "NONE":
        return failed("the function URL accepts unauthenticated requests", evidence)
    return passed(f"the function URL requires {auth}", evidence)


@control(
    "opensearch.domain.not_public",
    title="OpenSearch domain is in a VPC or its access policy is not open to anyone",
    layer=Layer.IDENTITY_ACCESS,
    applies_to=["opensearch.domain"],
    severity=Severity.CRITICAL,
    remediation="Place the domain in a VPC, or restrict its access policy to named principals "
    "or source IP ranges.",
)
def opensearch_domain_not_public(resource: Resource, context: ControlContext) -> Verdict:
    """A domain with a public endpoint is open when its access policy lets anyone in."""
    subnets = resource.attributes.get("vpc_subnet_ids")
    if isinstance(subnets, list) and subnets:
        return passed("the domain is in a VPC", {"vpc_subnet_ids": subnets})
    if subnets is None or subnets == []:
        finding = "the public endpoint's access policy allows any principal"
        document = resource.attributes.get("policy")
        return judge_document("policy", document, is_public_statement, _PUBLIC_FIELDS, finding)
    return failed("whether the domain is in a VPC is unknown", {"vpc_subnet_ids": subnets})


_POLICY_CONTROLS = [
    public_policy_control("s3.bucket", "bucket", Severity.CRITICAL),
    public_policy_control("sqs.queue", "queue", Severity.HIGH),
    public_policy_control("sns.topic", "topic", Severity.HIGH),
    public_policy_control("kms.key", "key", Severity.CRITICAL, default_flag="policy_declared"),
    public_policy_control("lambda.function", "function", Severity.HIGH),
    public_policy_control("ecr.repository", "repository", Severity.HIGH),
    public_policy_control("secretsmanager.secret", "secret", Severity.CRITICAL),
    public_policy_control("efs.file_system", "file system", Severity.HIGH),
    public_policy_control("backup.vault", "backup vault", Severity.HIGH),
    public_policy_control("dynamodb.table", "table", Severity.CRITICAL),
]

_SHARING_CONTROLS = [
    sharing_control("ec2.snapshot", "EBS snapshot", Severity.CRITICAL),
    sharing_control("rds.db_snapshot", "DB snapshot", Severity.CRITICAL),
    sharing_control("ec2.ami", "AMI", Severity.HIGH),
]

_ACCESSIBLE_CONTROLS = [
    _publicly_accessible_control("rds.db_instance", "DB instance"),
    _publicly_accessible_control("redshift.cluster", "Redshift cluster"),
    _publicly_accessible_control("dms.replication_instance", "replication instance"),
]

CONTROLS = [
    s3_bucket_acl_not_public,
    *_POLICY_CONTROLS,
    *_SHARING_CONTROLS,
    *_ACCESSIBLE_CONTROLS,
    lambda_function_url_requires_auth,
    opensearch_domain_not_public,
]
