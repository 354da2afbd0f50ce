"""The scan as SARIF 2.1.0 for code scanning: one rule per control, a result per failing finding."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from srmap.model import Finding, Resource, Severity, Status
from srmap.report.locations import relative_path
from srmap.report.redact import redact
from srmap.scan import ScanReport

__all__ = [
    "FINGERPRINT_KEY",
    "INFORMATION_URI",
    "SARIF_SCHEMA",
    "SECURITY_SEVERITY",
    "SRCROOT",
    "fingerprint",
    "render_sarif",
    "sarif_log",
]

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://pypi.org/project/srmap/"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "srmapFinding/v1"

# GitHub reads rule.properties["security-severity"] as a number in a string and buckets it:
# over 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low. See "SARIF support for code
# scanning", reportingDescriptor object:
# https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning#reportingdescriptor-object
SECURITY_SEVERITY: Mapping[Severity, str] = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}
_LEVEL: Mapping[Severity, str] = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}


def render_sarif(
    report: ScanReport,
    root: Path,
    *,
    include_unknown: bool = False,
    information_uri: str = INFORMATION_URI,
) -> str:
    """SARIF 2.1.0 JSON; file locations relative to ``root``, the directory the scan ran in."""
    log = sarif_log(report, root, include_unknown=include_unknown, information_uri=information_uri)
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def sarif_log(
    report: ScanReport,
    root: Path,
    *,
    include_unknown: bool = False,
    information_uri: str = INFORMATION_URI,
) -> dict[str, Any]:
    """The SARIF log as plain data: one run, its rules, and the reportable findings."""
    wanted = {Status.FAIL, Status.UNKNOWN} if include_unknown else {Status.FAIL}
    reported = sorted(
        (f for f in report.result.findings if f.status in wanted),
        key=lambda f: (f.control_id, f.resource.id),
    )
    rules = _rules(reported)
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    driver = {
        "name": "srmap",
        "version": report.result.tool_version or "0.0.0",
        "informationUri": information_uri,
        "rules": rules,
    }
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "results": [_result(f, index[f.control_id], root) for f in reported],
        "columnKind": "unicodeCodePoints",
    }
    if report.result.generated_at is not None:
        moment = report.result.generated_at.isoformat().replace("+00:00", "Z")
        run["invocations"] = [{"executionSuccessful": True, "endTimeUtc": moment}]
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _rules(findings: Iterable[Finding]) -> list[dict[str, Any]]:
    """One rule per control that has a result, sorted by id; the worst severity seen wins."""
    by_control: dict[str, Finding] = {}
    for finding in findings:
        seen = by_control.get(finding.control_id)
        if seen is None or finding.severity.rank > seen.severity.rank:
            by_control[finding.control_id] = finding
    return [_rule(by_control[control_id]) for control_id in sorted(by_control)]


def _rule(finding: Finding) -> dict[str, Any]:
    layer = finding.layer.value
    help_text = (
        f"{finding.title}\n\nLayer: {layer} (the customer's side of the shared responsibility "
        f"model).\n\nRemediation: {finding.remediation or 'see the control documentation.'}"
    )
    help_markdown = (
        f"**{finding.title}**\n\nLayer: `{layer}` (the customer's side of the shared "
        f"responsibility model).\n\n**Remediation:** "
        f"{finding.remediation or 'see the control documentation.'}"
    )
    return {
        "id": finding.control_id,
        "name": _rule_name(finding.control_id),
        "shortDescription": {"text": finding.title},
        "fullDescription": {"text": finding.title},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": _LEVEL[finding.severity]},
        "properties": {
            "security-severity": SECURITY_SEVERITY[finding.severity],
            "severity": finding.severity.value,
            "tags": ["security", layer],
        },
    }


def _rule_name(control_id: str) -> str:
    """``s3.bucket.encryption_at_rest`` -> ``S3BucketEncryptionAtRest`` (SARIF names are words)."""
    parts = control_id.replace(".", "_").split("_")
    return "".join(part[:1].upper() + part[1:] for part in parts if part)


def _result(finding: Finding, rule_index: int, root: Path) -> dict[str, Any]:
    level = "note" if finding.status is Status.UNKNOWN else _LEVEL[finding.severity]
    message = redact(finding.message) or finding.title
    return {
        "ruleId": finding.control_id,
        "ruleIndex": rule_index,
        "kind": "review" if finding.status is Status.UNKNOWN else "fail",
        "level": level,
        "message": {"text": message},
        "locations": [_location(finding.resource, root)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding)},
        "properties": {
            "status": finding.status.value,
            "severity": finding.severity.value,
            "layer": finding.layer.value,
            "resourceId": finding.resource.id,
            "resourceType": finding.resource.type,
        },
    }


def fingerprint(finding: Finding) -> str:
    """Stable across runs and line moves: a hash of the control id and the resource id only."""
    key = f"{finding.control_id}\x00{finding.resource.id}".encode()
    return hashlib.sha256(key).hexdigest()


def _location(resource: Resource, root: Path) -> dict[str, Any]:
    """A file (and line) for code; the resource's ARN or id as a logical location for live."""
    source = resource.source
    if source.file is None:
        logical = {"fullyQualifiedName": resource.id, "kind": "resource"}
        if isinstance(resource.name, str):
            logical["name"] = resource.name
        return {"logicalLocations": [logical]}
    relative = relative_path(source.file, root)
    artifact = (
        {"uri": _uri(relative), "uriBaseId": SRCROOT}
        if relative is not None
        else {"uri": Path(source.file).absolute().as_uri()}
    )
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if source.line is not None:
        physical["region"] = {"startLine": source.line}
    return {"physicalLocation": physical}


def _uri(relative: str) -> str:
    """A relative URI reference: each path segment percent-encoded, slashes kept."""
    return quote(relative, safe="/")
