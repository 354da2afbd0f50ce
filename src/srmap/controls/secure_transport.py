"""Encryption in transit through resource policies: a Deny on aws:SecureTransport false.

S3, EFS, SQS and SNS accept plain-HTTP requests unless the resource policy refuses them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from srmap.controls.engine import Control, ControlContext, Verdict, control, failed, passed
from srmap.model import Layer, Resource, Severity

__all__ = ["CONTROLS", "denies_insecure_transport", "secure_transport_control"]


def denies_insecure_transport(
    policy: Any, actions: frozenset[str]
) -> tuple[int, Mapping[str, Any]] | None:
    """The statement (index, body) denying everyone ``actions`` when aws:SecureTransport is false.

    ``actions`` are lower-case; a statement naming any of them, or ``*``, counts.
    """
    statements = policy.get("Statement") if isinstance(policy, Mapping) else None
    if isinstance(statements, Mapping):
        statements = [statements]
    if not isinstance(statements, list):
        return None
    for index, statement in enumerate(statements):
        if isinstance(statement, Mapping) and _is_tls_deny(statement, actions | {"*"}):
            return index, statement
    return None


def _is_tls_deny(statement: Mapping[str, Any], actions: frozenset[str]) -> bool:
    principal = statement.get("Principal")
    if isinstance(principal, Mapping):
        principal = principal.get("AWS")
    named = statement.get("Action")
    named = [named] if isinstance(named, str) else named
    return (
        statement.get("Effect") == "Deny"
        and principal in ("*", ["*"])
        and isinstance(named, list)
        and any(isinstance(action, str) and action.lower() in actions for action in named)
        and _requires_secure_transport(statement.get("Condition"))
    )


def _requires_secure_transport(condition: Any) -> bool:
    """Bool (or BoolIfExists) aws:SecureTransport false; condition keys ignore case."""
    if not isinstance(condition, Mapping):
        return False
    for operator in ("Bool", "BoolIfExists"):
        tests = condition.get(operator)
        if not isinstance(tests, Mapping):
            continue
        for key, value in tests.items():
            values = value if isinstance(value, list) else [value]
            secure_key = isinstance(key, str) and key.lower() == "aws:securetransport"
            if secure_key and any(
                v is False or (isinstance(v, str) and v.lower() == "false") for v in values
            ):
                return True
    return False


# What makes a statement a TLS deny; its Resource is not read (a resource policy can only
# name the resource it is attached to), so an unknown Resource does not make it unknown.
_DECIDING_FIELDS = ("Effect", "Principal", "Action", "Condition")


def _deciding_fields(index: int, statement: Mapping[str, Any]) -> dict[str, Any]:
    return {
        f"policy.Statement[{index}].{name}": statement[name]
        for name in _DECIDING_FIELDS
        if name in statement
    }


def _every_deciding_field(policy: Any) -> dict[str, Any]:
    """The fields of every statement that could have been a TLS deny, or the policy itself."""
    statements = policy.get("Statement") if isinstance(policy, Mapping) else None
    if isinstance(statements, Mapping):
        statements = [statements]
    if not isinstance(statements, list) or not statements:
        return {"policy": policy}
    cited: dict[str, Any] = {}
    for index, statement in enumerate(statements):
        if isinstance(statement, Mapping):
            cited.update(_deciding_fields(index, statement))
        else:
            cited[f"policy.Statement[{index}]"] = statement
    return cited


def secure_transport_control(
    type_id: str, subject: str, actions: frozenset[str], severity: Severity, remediation: str
) -> Control:
    """``<type>.encryption_in_transit``: the resource policy refuses requests without TLS."""

    @control(
        f"{type_id}.encryption_in_transit",
        title=f"{subject} policy denies requests without TLS (aws:SecureTransport)",
        layer=Layer.ENCRYPTION_IN_TRANSIT,
        applies_to=[type_id],
        severity=severity,
        remediation=remediation,
    )
    def check(resource: Resource, context: ControlContext) -> Verdict:
        """Cites the denying statement, or the whole policy when it has none."""
        policy = resource.attributes.get("policy")
        found = denies_insecure_transport(policy, actions)
        if found is not None:
            index, statement = found
            evidence = _deciding_fields(index, statement)
            return passed("a Deny statement refuses requests without TLS", evidence)
        message = f"no statement of the {subject} policy denies requests without TLS"
        return failed(message, _every_deciding_field(policy))

    return check


def _secure_transport_controls() -> list[Control]:
    """Resource policies that can refuse requests made without TLS."""
    remediation = "Add a Deny statement for Principal * on {} when aws:SecureTransport is false."
    table = [
        ("s3.bucket", "S3 bucket", {"s3:*"}, Severity.MEDIUM, "s3:*"),
        (
            "efs.file_system",
            "EFS file system",
            {"elasticfilesystem:*", "elasticfilesystem:clientmount"},
            Severity.MEDIUM,
            "*",
        ),
        ("sqs.queue", "SQS queue", {"sqs:*"}, Severity.LOW, "sqs:*"),
        ("sns.topic", "SNS topic", {"sns:*", "sns:publish"}, Severity.LOW, "sns:Publish"),
    ]
    return [
        secure_transport_control(t, s, frozenset(a), sev, remediation.format(action))
        for t, s, a, sev, action in table
    ]


CONTROLS = _secure_transport_controls()
