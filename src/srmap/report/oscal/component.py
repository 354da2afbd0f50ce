"""The OSCAL component definition: one component per AWS service in use; per layer of the
shared responsibility model (and per framework requirement srmap checks) an implemented
requirement whose statements split it into provided (AWS), responsibility (the customer) and
inherited (what the customer takes from AWS's part)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from srmap.catalog.frameworks import Framework, Requirement
from srmap.matrix import ServiceInUse
from srmap.model import Finding, Owner
from srmap.report.layers import LAYER_LABELS
from srmap.report.oscal.common import (
    control_token,
    dump,
    line,
    metadata,
    prop,
    safe,
    scan_key,
    stable_uuid,
    worst,
)
from srmap.scan import ScanReport

__all__ = ["SRM_SOURCE", "component_definition", "render_oscal_component_definition"]

SRM_SOURCE = "https://aws.amazon.com/compliance/shared-responsibility-model/"
# Who acts for an owner.
_ACTORS = {Owner.AWS: ("aws",), Owner.CUSTOMER: ("customer",), Owner.SHARED: ("aws", "customer")}
_INHERITABLE = {Owner.AWS: "yes", Owner.SHARED: "partial", Owner.CUSTOMER: "no"}


def render_oscal_component_definition(
    report: ScanReport, frameworks: Sequence[Framework] = ()
) -> str:
    """The component definition as indented JSON; ``frameworks`` add their requirements."""
    return dump({"component-definition": component_definition(report, frameworks)})


def component_definition(
    report: ScanReport, frameworks: Sequence[Framework] = ()
) -> dict[str, Any]:
    """One defined component per service in use, each with the SRM layers and any frameworks."""
    scan = scan_key(report)
    layers_resource = stable_uuid("back-matter", "srm-layers")
    components = [
        _component(report, service, layers_resource, frameworks)
        for service in report.matrix.services
    ]
    return {
        "uuid": stable_uuid(scan, "component-definition"),
        "metadata": metadata(report, "Shared responsibility of the AWS services in use"),
        "components": components,
        "back-matter": {
            "resources": [
                {
                    "uuid": layers_resource,
                    "title": "AWS Shared Responsibility Model: the layers srmap assigns",
                    "description": "Control ids of the first control implementation are srmap's "
                    "layer ids (facilities ... logging_monitoring), bottom to top.",
                    "rlinks": [{"href": SRM_SOURCE}],
                }
            ]
        },
    }


def _component(
    report: ScanReport,
    service: ServiceInUse,
    layers_resource: str,
    frameworks: Sequence[Framework],
) -> dict[str, Any]:
    implementations = [_layer_implementation(report, service, layers_resource)]
    findings = [f for f in report.result.findings if f.resource.service == service.service.id]
    for framework in frameworks:
        implementation = _framework_implementation(report, service, framework, findings)
        if implementation is not None:
            implementations.append(implementation)
    count = len({r.id for r in report.result.resources if r.service == service.service.id})
    category = service.service.category.value
    return {
        "uuid": stable_uuid("component", service.id),
        "type": "service",
        "title": line(service.name),
        "description": f"AWS {line(service.name)} ({category} service), {count} resources "
        "in this workload.",
        "props": [prop("service-id", service.id), prop("category", category)],
        "control-implementations": implementations,
    }


def _layer_implementation(
    report: ScanReport, service: ServiceInUse, layers_resource: str
) -> dict[str, Any]:
    requirements = []
    for layer in report.matrix.layers:
        cell = report.matrix.cell(service.id, layer)
        if cell.owner is Owner.NOT_APPLICABLE:
            continue
        verdict = report.cells[(service.id, layer)].verdict.value
        key = f"{service.id}/{layer.value}"
        label = LAYER_LABELS[layer]
        requirement = _requirement(key, layer.value, cell.owner, verdict, f"{label}: {cell.reason}")
        requirement["statements"] = _split_statements(key, layer.value, cell.owner, cell.reason)
        requirements.append(requirement)
    return {
        "uuid": stable_uuid("layers", service.id),
        "source": f"#{layers_resource}",
        "description": "Who provides, who is responsible for, and what the customer inherits "
        "on each layer of the shared responsibility model.",
        "implemented-requirements": requirements,
    }


def _framework_implementation(
    report: ScanReport,
    service: ServiceInUse,
    framework: Framework,
    findings: Sequence[Finding],
) -> dict[str, Any] | None:
    by_control: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_control[finding.control_id].append(finding)
    requirements = []
    for requirement in framework.requirements:
        checked = [f for control in requirement.controls for f in by_control.get(control, ())]
        if checked:
            requirements.append(_framework_requirement(report, service, requirement, checked))
    if not requirements:
        return None
    return {
        "uuid": stable_uuid("framework", service.id, framework.id),
        "source": framework.source,
        "description": f"{line(framework.title)} {framework.version}: the requirements srmap "
        "checks on this service.",
        "props": [prop("framework", framework.id)],
        "implemented-requirements": requirements,
    }


def _framework_requirement(
    report: ScanReport, service: ServiceInUse, requirement: Requirement, checked: list[Finding]
) -> dict[str, Any]:
    owners = {report.matrix.cell(service.id, f.layer).owner for f in checked}
    owner = owners.pop() if len(owners) == 1 else Owner.SHARED
    controls = sorted({f.control_id for f in checked})
    status = worst(f.status for f in checked).value
    key = f"{service.id}/{requirement.id}"
    control_id = control_token(requirement.id)
    text = f"{line(requirement.title)}. Checked by srmap: {', '.join(controls)}."
    result = _requirement(key, control_id, owner, status, text)
    result["props"].append(prop("requirement-id", requirement.id))
    reason = f"verdicts on this service: {len(checked)}, the worst {status}"
    result["statements"] = _split_statements(key, control_id, owner, reason)
    return result


def _requirement(
    key: str, control_id: str, owner: Owner, status: str, description: str
) -> dict[str, Any]:
    return {
        "uuid": stable_uuid("requirement", key),
        "control-id": control_id,
        "description": safe(description),
        "props": [
            prop("responsibility", owner.value),
            prop("inheritable", _INHERITABLE[owner]),
            prop("status", status),
        ],
        "responsible-roles": [{"role-id": role} for role in _ACTORS[owner]],
    }


def _split_statements(key: str, control_id: str, owner: Owner, reason: str) -> list[Any]:
    """AWS's part (provided), the customer's (responsibility), and what the customer inherits
    from AWS's part (inherited, pointing at the provided statement)."""
    statements = []
    provided = stable_uuid("statement", key, "provided")
    reason = safe(reason)
    if owner in (Owner.AWS, Owner.SHARED):
        statements.append(_statement(control_id, "provided", provided, "aws", reason))
    if owner in (Owner.CUSTOMER, Owner.SHARED):
        responsibility = stable_uuid("statement", key, "responsibility")
        text = f"The customer's part: {reason}"
        statements.append(
            _statement(control_id, "responsibility", responsibility, "customer", text)
        )
    if owner in (Owner.AWS, Owner.SHARED):
        text = (
            "The customer inherits this layer from AWS in full."
            if owner is Owner.AWS
            else "The customer inherits AWS's part and keeps its own."
        )
        inherited = _statement(
            control_id, "inherited", stable_uuid("statement", key, "inherited"), "customer", text
        )
        inherited["props"].append(prop("provided-uuid", provided))
        statements.append(inherited)
    return statements


def _statement(control_id: str, split: str, uid: str, role: str, text: str) -> dict[str, Any]:
    return {
        "statement-id": f"{control_id}_smt.{split}",
        "uuid": uid,
        "description": text,
        "props": [prop("responsibility-split", split)],
        "responsible-roles": [{"role-id": role}],
    }
