"""Lambda permissions as the resource-policy statements Lambda writes for them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.normalize.values import none_if_empty

__all__ = [
    "SAM_EVENT_PRINCIPALS",
    "function_policy",
    "permission_statement",
    "sam_event_statements",
]

# SAM event sources that invoke through a resource policy (polling sources such as SQS or
# Kinesis use the execution role instead), and the principal SAM grants.
SAM_EVENT_PRINCIPALS = {
    "Api": "apigateway.amazonaws.com",
    "HttpApi": "apigateway.amazonaws.com",
    "S3": "s3.amazonaws.com",
    "SNS": "sns.amazonaws.com",
    "Schedule": "events.amazonaws.com",
    "EventBridgeRule": "events.amazonaws.com",
    "CloudWatchEvent": "events.amazonaws.com",
    "CloudWatchLogs": "logs.amazonaws.com",
    "IoTRule": "iot.amazonaws.com",
    "Cognito": "cognito-idp.amazonaws.com",
    "AlexaSkill": "alexa-appkit.amazon.com",
}

_CONDITION_KEYS = (
    ("ArnLike", "AWS:SourceArn", "source_arn"),
    ("StringEquals", "AWS:SourceAccount", "source_account"),
    ("StringEquals", "aws:PrincipalOrgID", "principal_org_id"),
    ("StringEquals", "lambda:FunctionUrlAuthType", "function_url_auth_type"),
    ("StringEquals", "lambda:EventSourceToken", "event_source_token"),
)


def _principal(principal: Any) -> Any:
    if isinstance(principal, Unknown) or principal == "*":
        return principal
    if isinstance(principal, str) and principal.endswith((".amazonaws.com", ".amazon.com")):
        return {"Service": principal}
    return {"AWS": principal}


def permission_statement(
    action: Any, principal: Any, resource: Any, **conditions: Any
) -> dict[str, Any]:
    """One Allow statement; ``conditions`` by Terraform's names (source_arn, source_account,
    principal_org_id, function_url_auth_type, event_source_token), None when unset."""
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": _principal(principal),
        "Action": action,
        "Resource": resource,
    }
    condition: dict[str, dict[str, Any]] = {}
    for operator, key, name in _CONDITION_KEYS:
        value = none_if_empty(conditions.get(name))
        if value is not None:
            condition.setdefault(operator, {})[key] = value
    if condition:
        statement["Condition"] = condition
    return statement


def function_policy(statements: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The policy document of a function's statements, or None when it has none."""
    if not statements:
        return None
    return {"Version": "2012-10-17", "Statement": list(statements)}


def sam_event_statements(events: Any, resource: Any) -> list[dict[str, Any]] | Unknown:
    """Statements SAM adds for a function's push event sources, each scoped to its source."""
    if isinstance(events, Unknown):
        return UNKNOWN
    if not isinstance(events, dict):
        return []
    statements = []
    for event in events.values():
        kind = event.get("Type") if isinstance(event, dict) else UNKNOWN
        if isinstance(kind, Unknown):
            return UNKNOWN
        principal = SAM_EVENT_PRINCIPALS.get(kind) if isinstance(kind, str) else None
        if principal is not None:
            statements.append(
                permission_statement(
                    "lambda:InvokeFunction", principal, resource, source_arn=UNKNOWN
                )
            )
    return statements
