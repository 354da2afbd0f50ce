"""The user's policy file (``srmap.yaml``): residency, backup retention, the failing severity,
suppressions and attestations. Validated with errors that name the file, line and key."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from srmap.errors import InputError
from srmap.model import Severity

__all__ = ["Attestation", "Policy", "Residency", "Suppression", "load_policy", "parse_policy"]

if TYPE_CHECKING:
    import yaml

_MAX_POLICY_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class Residency:
    """Where data may live: region codes and/or jurisdictions (country codes, EU, EEA)."""

    allowed_regions: frozenset[str] | None = None
    allowed_jurisdictions: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class Suppression:
    """A finding accepted on purpose: control id, resource id glob, why, and until when."""

    control: str
    resource: str
    reason: str
    expires: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Attestation:
    """A person's signed statement that a duty no API can prove is done."""

    duty: str
    by: str
    date: dt.date
    evidence: str
    expires: dt.date | None = None
    services: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Policy:
    """Everything a policy file can say; the defaults are what holds without one."""

    residency: Residency = field(default_factory=Residency)
    min_retention_days: int = 7
    fail_on: Severity = Severity.HIGH
    suppressions: tuple[Suppression, ...] = ()
    attestations: tuple[Attestation, ...] = ()


def load_policy(path: Path) -> Policy:
    """Read and validate a policy file."""
    file = str(path)
    try:
        if path.stat().st_size > _MAX_POLICY_BYTES:
            raise InputError(file, f"policy file larger than {_MAX_POLICY_BYTES} bytes")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(file, f"cannot read policy: {error}") from None
    return parse_policy(text, file)


def parse_policy(text: str, file: str) -> Policy:
    """Validate policy text; InputError with line and key for anything wrong."""
    import yaml  # noqa: PLC0415 - a scan without a policy file need not load YAML

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(file, f"invalid YAML: {error}", mark.line + 1 if mark else None) from None
    fields = _Fields(file, _lines(node), data if data is not None else {})
    fields.require_mapping("", data if data is not None else {})
    fields.only_keys("", ["residency", "backups", "fail_on", "suppressions", "attestations"])
    return Policy(
        residency=_residency(fields),
        min_retention_days=fields.integer("backups.min_retention_days", default=7, minimum=1),
        fail_on=fields.severity("fail_on", Severity.HIGH),
        suppressions=tuple(_suppressions(fields)),
        attestations=tuple(_attestations(fields)),
    )


def _residency(fields: _Fields) -> Residency:
    fields.only_keys("residency", ["allowed_regions", "allowed_jurisdictions"])
    regions = fields.strings("residency.allowed_regions")
    jurisdictions = fields.strings("residency.allowed_jurisdictions")
    return Residency(
        allowed_regions=frozenset(regions) if regions is not None else None,
        allowed_jurisdictions=frozenset(j.upper() for j in jurisdictions)
        if jurisdictions is not None
        else None,
    )


def _suppressions(fields: _Fields) -> Iterator[Suppression]:
    for path in fields.items("suppressions"):
        fields.only_keys(path, ["control", "resource", "reason", "expires"])
        yield Suppression(
            control=fields.text(f"{path}.control"),
            resource=fields.text(f"{path}.resource", default="*"),
            reason=fields.text(f"{path}.reason"),
            expires=fields.date(f"{path}.expires", required=False),
        )


def _attestations(fields: _Fields) -> Iterator[Attestation]:
    for path in fields.items("attestations"):
        fields.only_keys(path, ["duty", "by", "date", "evidence", "expires", "services"])
        signed = fields.date(f"{path}.date")
        assert signed is not None  # required=True
        yield Attestation(
            duty=fields.text(f"{path}.duty"),
            by=fields.text(f"{path}.by"),
            date=signed,
            evidence=fields.text(f"{path}.evidence"),
            expires=fields.date(f"{path}.expires", required=False),
            services=tuple(fields.strings(f"{path}.services") or ()),
        )


def _lines(node: yaml.Node | None, path: str = "") -> dict[str, int]:
    """Dotted path -> 1-based line, for every key and list item of the document."""
    from yaml import MappingNode, SequenceNode  # noqa: PLC0415 - see parse_policy

    lines: dict[str, int] = {}
    if isinstance(node, MappingNode):
        for key, value in node.value:
            child = f"{path}.{key.value}" if path else str(key.value)
            lines[child] = key.start_mark.line + 1
            lines.update(_lines(value, child))
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            child = f"{path}[{index}]"
            lines[child] = item.start_mark.line + 1
            lines.update(_lines(item, child))
    return lines


_MISSING = object()


@dataclass(frozen=True)
class _Fields:
    """Typed reads by dotted path, failing with the file, line and path."""

    file: str
    lines: Mapping[str, int]
    data: Any

    def fail(self, path: str, message: str) -> InputError:
        line = self.lines.get(path) or self.lines.get(path.rsplit(".", 1)[0])
        return InputError(self.file, f"{path or 'policy'}: {message}", line)

    def get(self, path: str) -> Any:
        value = self.data
        for part in path.replace("[", ".[").split(".") if path else []:
            if part.startswith("["):
                index = int(part[1:-1])
                value = value[index] if isinstance(value, list) and index < len(value) else None
            elif isinstance(value, dict):
                value = value.get(part, _MISSING)
            else:
                return _MISSING
            if value is _MISSING:
                return _MISSING
        return value

    def require_mapping(self, path: str, value: Any) -> None:
        if not isinstance(value, dict):
            raise self.fail(path, "expected a mapping")

    def only_keys(self, path: str, allowed: list[str]) -> None:
        value = self.get(path)
        if value is _MISSING:
            return
        self.require_mapping(path, value)
        for key in value:
            if key not in allowed:
                where = f"{path}.{key}" if path else str(key)
                raise self.fail(where, f"unknown key (known: {', '.join(allowed)})")

    def text(self, path: str, default: str | None = None) -> str:
        value = self.get(path)
        if value is _MISSING and default is not None:
            return default
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, "expected a non-empty string")
        return value

    def strings(self, path: str) -> list[str] | None:
        value = self.get(path)
        if value is _MISSING:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(path, "expected a list of strings")
        return value

    def integer(self, path: str, *, default: int, minimum: int) -> int:
        value = self.get(path)
        if value is _MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.fail(path, f"expected a whole number >= {minimum}")
        return value

    def severity(self, path: str, default: Severity) -> Severity:
        value = self.get(path)
        if value is _MISSING:
            return default
        try:
            return Severity(str(value).lower())
        except ValueError:
            names = ", ".join(s.value for s in Severity)
            raise self.fail(path, f"{value!r} is not a severity ({names})") from None

    def date(self, path: str, *, required: bool = True) -> dt.date | None:
        value = self.get(path)
        if value is _MISSING and not required:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(path, "expected a date (YYYY-MM-DD)")

    def items(self, path: str) -> Iterator[str]:
        value = self.get(path)
        if value is _MISSING or value is None:
            return
        if not isinstance(value, list):
            raise self.fail(path, "expected a list")
        for index in range(len(value)):
            self.require_mapping(f"{path}[{index}]", value[index])
            yield f"{path}[{index}]"
