"""What the shipped controls find on one resource literal."""

from __future__ import annotations

from typing import Any

from srmap.controls import ControlContext, default_controls, evaluate_controls
from srmap.model import Finding, Resource, Status, Unknown

__all__ = ["finding_of", "resource_literal", "status_of"]

REGION = "eu-west-1"


def resource_literal(
    type_id: str,
    attributes: dict[str, Any],
    *,
    region: str | Unknown | None = REGION,
    account: str | None = None,
) -> Resource:
    """Resource ``r`` of ``type_id``, in the service its type names."""
    service = type_id.partition(".")[0]
    return Resource("r", type_id, service, region, account, "r", attributes)


def finding_of(
    control_id: str,
    type_id: str | None = None,
    *,
    context: ControlContext | None = None,
    region: str | Unknown | None = REGION,
    account: str | None = None,
    **attributes: Any,
) -> Finding:
    """The finding of ``control_id`` on one resource, by default of the type the id names."""
    resource_type = type_id or control_id.rsplit(".", 1)[0]
    resource = resource_literal(resource_type, attributes, region=region, account=account)
    findings = evaluate_controls([resource], default_controls(), context or ControlContext())
    return next(found for found in findings if found.control_id == control_id)


def status_of(
    control_id: str,
    type_id: str | None = None,
    *,
    context: ControlContext | None = None,
    region: str | Unknown | None = REGION,
    account: str | None = None,
    **attributes: Any,
) -> Status:
    """The status of ``control_id`` on one resource with ``attributes``."""
    found = finding_of(
        control_id, type_id, context=context, region=region, account=account, **attributes
    )
    return found.status
