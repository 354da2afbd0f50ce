"""What both OSCAL documents share: stable UUIDs, the scan's time, metadata, properties."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from collections.abc import Iterable
from typing import Any

from srmap.model import Status
from srmap.report.jsonable import safe_jsonable
from srmap.report.redact import redact
from srmap.scan import ScanReport

__all__ = [
    "OSCAL_VERSION",
    "SRMAP_NS",
    "control_token",
    "dump",
    "line",
    "metadata",
    "prop",
    "safe",
    "scan_key",
    "stable_uuid",
    "timestamp",
    "value_text",
    "worst",
]

OSCAL_VERSION = "1.1.2"
SRMAP_NS = "https://pypi.org/project/srmap/oscal"
_UUID_ROOT = uuid.uuid5(uuid.NAMESPACE_URL, SRMAP_NS)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_ROLES = (
    ("aws", "Amazon Web Services (cloud service provider)"),
    ("customer", "Customer (owner of the workload)"),
)


def metadata(report: ScanReport, title: str) -> dict[str, Any]:
    return {
        "title": title,
        "last-modified": timestamp(report),
        "version": report.result.tool_version or "0.0.0",
        "oscal-version": OSCAL_VERSION,
        "roles": [{"id": role, "title": name} for role, name in _ROLES],
        "props": [prop("generator", f"srmap {report.result.tool_version or '0.0.0'}")],
    }


def worst(statuses: Iterable[Status]) -> Status:
    order = (Status.FAIL, Status.UNKNOWN, Status.SUPPRESSED, Status.MANUAL, Status.PASS)
    seen = set(statuses)
    return next((s for s in order if s in seen), Status.NOT_APPLICABLE)


def control_token(identifier: str) -> str:
    """An OSCAL token: ``SC-28(1)`` -> ``sc-28.1``; ids starting with a digit get ``req-``."""
    token = re.sub(r"\((\w+)\)", r".\1", identifier.strip().lower())
    token = re.sub(r"[^\w.\-]", "-", token)
    return token if re.match(r"[A-Za-z_]", token) else f"req-{token}"


def value_text(path: str, value: Any) -> str:
    shown = safe_jsonable(value, path.rsplit(".", 1)[-1])
    return json.dumps(shown, ensure_ascii=False, sort_keys=True)


def prop(name: str, value: str) -> dict[str, str]:
    return {"name": name, "ns": SRMAP_NS, "value": line(value) or "none"}


def safe(text: str) -> str:
    return str(redact(text))


def line(value: object) -> str:
    """One line, trimmed, redacted: OSCAL titles and property values allow no line breaks."""
    return " ".join(safe(str(value)).split())


def timestamp(report: ScanReport) -> str:
    moment = report.result.generated_at or _EPOCH
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def scan_key(report: ScanReport) -> str:
    """A digest of what identifies this scan: its time, the tool version and the resource ids."""
    result = report.result
    parts = [timestamp(report), result.tool_version, *sorted(r.id for r in result.resources)]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


def stable_uuid(*names: str) -> str:
    return str(uuid.uuid5(_UUID_ROOT, "\x00".join(names)))


def dump(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
