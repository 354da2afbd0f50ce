"""Customer duties on S3 buckets: encryption, public access, versioning, TLS, access logs."""

from __future__ import annotations

from typing import Any

from srmap.controls.engine import (
    ControlContext,
    Verdict,
    control,
    declared,
    failed,
    not_applicable,
    passed,
)
from srmap.controls.policy_documents import statements
from srmap.model import Layer, Resource, Severity, Unknown

__all__ = ["CONTROLS"]

_PUBLIC_ACCESS_KEYS = (
    "block_public_acls",
    "ignore_public_acls",
    "block_public_policy",
    "restrict_public_buckets",
)


@control(
    "s3.bucket.encryption_at_rest",
    title="S3 bucket encrypts objects at rest",
    layer=Layer.ENCRYPTION_AT_REST,
    applies_to=["s3.bucket"],
    severity=Severity.MEDIUM,
    remediation="Set a default encryption rule (SSE-S3 or SSE-KMS) on the bucket.",
)
def s3_bucket_encryption_at_rest(resource: Resource, context: ControlContext) -> Verdict:
    """Since January 2023 S3 applies SSE-S3 to every new object when nothing is configured."""
    algorithm = resource.attributes.get("encryption_algorithm")
    evidence = {"encryption_algorithm": algorithm}
    if algorithm is None:
        return passed("no rule configured: AWS applies SSE-S3 (AES256) by default", evidence)
    if algorithm in ("AES256", "aws:kms", "aws:kms:dsse"):
        return passed(f"default encryption {algorithm}", evidence)
    return failed(f"unrecognized encryption algorithm {algorithm!r}", evidence)


@control(
    "s3.bucket.encryption_customer_managed_key",
    title="S3 bucket encrypts with a customer-managed KMS key",
    layer=Layer.ENCRYPTION_AT_REST,
    applies_to=["s3.bucket"],
    severity=Severity.LOW,
    remediation="Use SSE-KMS with a customer-managed key whose policy and rotation you control.",
)
def s3_bucket_customer_managed_key(resource: Resource, context: ControlContext) -> Verdict:
    """SSE-KMS with a key named in the rule (not the aws/s3 managed key)."""
    receives_logs = _access_log_delivery(resource)
    if receives_logs:
        return not_applicable("server access log targets support only SSE-S3", receives_logs)
    algorithm = resource.attributes.get("encryption_algorithm")
    if algorithm is None or (isinstance(algorithm, str) and not algorithm.startswith("aws:kms")):
        # without SSE-KMS no key is used, whatever kms_key_id says: cite only the algorithm
        return failed("objects are not encrypted with SSE-KMS", {"encryption_algorithm": algorithm})
    key = resource.attributes.get("kms_key_id")
    evidence = {"encryption_algorithm": algorithm, "kms_key_id": declared(key)}
    if key is not None:
        return passed("SSE-KMS with a named key", evidence)
    return failed("SSE-KMS with the AWS managed key aws/s3", evidence)


# Server access logs are delivered only to buckets whose default encryption is SSE-S3:
# https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
_LOG_DELIVERY_GROUP = "http://acs.amazonaws.com/groups/s3/LogDelivery"
_LOG_DELIVERY_SERVICE = "logging.s3.amazonaws.com"


def _access_log_delivery(resource: Resource) -> dict[str, Any]:
    """Evidence that the bucket receives server access logs (ACL or policy grant), else {}."""
    grants = resource.attributes.get("acl_grants")
    for i, grant in enumerate(grants if isinstance(grants, list) else []):
        if (
            isinstance(grant, dict)
            and grant.get("grantee") == _LOG_DELIVERY_GROUP
            and grant.get("permission") in ("WRITE", "FULL_CONTROL")
        ):
            return {f"acl_grants[{i}].grantee": _LOG_DELIVERY_GROUP}
    for i, statement in statements(resource.attributes.get("policy")):
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        principal = statement.get("Principal")
        services = principal.get("Service") if isinstance(principal, dict) else None
        if services == _LOG_DELIVERY_SERVICE or (
            isinstance(services, list) and _LOG_DELIVERY_SERVICE in services
        ):
            return {f"policy.Statement[{i}].Principal.Service": services}
    return {}


@control(
    "s3.bucket.public_access_block",
    title="S3 bucket blocks public access (all four settings)",
    layer=Layer.IDENTITY_ACCESS,
    applies_to=["s3.bucket"],
    severity=Severity.HIGH,
    remediation="Add a public access block with all four settings true to the bucket.",
)
def s3_bucket_public_access_block(resource: Resource, context: ControlContext) -> Verdict:
    """All four block settings on the bucket itself."""
    block: Any = resource.attributes.get("public_access_block")
    if block is None:
        return failed("the bucket has no public access block", {"public_access_block": None})
    if isinstance(block, Unknown):
        return failed("public access block unknown", {"public_access_block": block})
    values = {f"public_access_block.{key}": block.get(key) for key in _PUBLIC_ACCESS_KEYS}
    off = [path for path, value in values.items() if value is False]
    if off:
        # Cite only the settings that decided: one known "off" fails whatever else is unknown.
        return failed(f"not blocked: {', '.join(off)}", dict.fromkeys(off, False))
    return passed("all four public access settings are on", values)


@control(
    "s3.bucket.versioning",
    title="S3 bucket keeps object versions",
    layer=Layer.BACKUPS,
    applies_to=["s3.bucket"],
    severity=Severity.MEDIUM,
    remediation="Enable versioning so overwritten or deleted objects can be restored.",
)
def s3_bucket_versioning(resource: Resource, context: ControlContext) -> Verdict:
    """Versioning status Enabled."""
    enabled = resource.attributes.get("versioning_enabled")
    evidence = {"versioning_enabled": enabled}
    if enabled is True:
        return passed("versioning is enabled", evidence)
    return failed("versioning is not enabled", evidence)


CONTROLS = [
    s3_bucket_encryption_at_rest,
    s3_bucket_customer_managed_key,
    s3_bucket_public_access_block,
    s3_bucket_versioning,
]
