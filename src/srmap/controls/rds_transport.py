"""Encryption in transit for RDS: the DB (cluster) parameter group refuses connections
without TLS (rds.force_ssl, require_secure_transport, db2comm).

Defaults when the group leaves the parameter unset, as of 2025:
- RDS for PostgreSQL: rds.force_ssl is 1 from major version 15, 0 before
  (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html).
- Aurora PostgreSQL: rds.force_ssl is 0
  (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraPostgreSQL.Security.html).
- RDS for MySQL 8.4 and lower, and Aurora MySQL: require_secure_transport is OFF
  (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.require-ssl.html).
- RDS for MariaDB: require_secure_transport is OFF up to 11.4 and ON from 11.8
  (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mariadb-ssl-connections.require-ssl.html).
- RDS for SQL Server: rds.force_ssl is 0
  (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/SQLServer.Concepts.General.SSL.Using.html).
- RDS for Db2: db2comm is TCPIP, SSL only when set to SSL
  (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/db2-ssl.html).
Oracle enforces TLS through an option group, which srmap does not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
from srmap.model import UNKNOWN, Layer, Resource, Severity, Unknown

__all__ = ["CONTROLS", "engine_of"]


@dataclass(frozen=True, slots=True)
class _TlsRule:
    """The parameter that forces TLS on one engine, its accepted values, and the first
    version whose default forces it (None: no version known to)."""

    parameter: str
    accepted: frozenset[str]
    on_by_default_from: tuple[int, ...] | None
    off_by_default_until: tuple[int, ...] | None = None


_ON = frozenset({"1", "on", "true"})
_RULES = {
    "postgres": _TlsRule("rds.force_ssl", _ON, (15,)),
    "aurora-postgresql": _TlsRule("rds.force_ssl", _ON, None),
    "sqlserver": _TlsRule("rds.force_ssl", _ON, None),
    "mysql": _TlsRule("require_secure_transport", _ON, None, (8, 4)),
    "aurora-mysql": _TlsRule("require_secure_transport", _ON, None),
    "mariadb": _TlsRule("require_secure_transport", _ON, (11, 8), (11, 4)),
    "db2": _TlsRule("db2comm", frozenset({"ssl"}), None),
}

# Parameter group families: postgres16, aurora-mysql8.0, sqlserver-se-15.0, db2-ae-11.5.
_FAMILY = re.compile(
    r"(aurora-postgresql|aurora-mysql|postgres|mysql|mariadb|sqlserver-[a-z]+|db2-[a-z]+)"
    r"-?(\d+(?:\.\d+)*)"
)


def engine_of(engine: Any, version: Any, family: Any) -> tuple[Any, Any]:
    """(engine kind, version numbers) from the group's family, else the engine and version."""
    if isinstance(family, str):
        match = _FAMILY.fullmatch(family)
        if match is None:
            return UNKNOWN, UNKNOWN
        return _kind(match.group(1)), _numbers(match.group(2))
    if isinstance(engine, str):
        return _kind(engine), _numbers(version) if isinstance(version, str) else UNKNOWN
    return UNKNOWN, UNKNOWN


def _kind(engine: str) -> str:
    for prefix in ("sqlserver", "db2"):
        if engine.startswith(prefix):
            return prefix
    return "aurora-mysql" if engine == "aurora" else engine


def _numbers(version: str) -> tuple[int, ...] | Unknown:
    found = re.match(r"\d+(?:\.\d+)*", version)
    return tuple(map(int, found.group(0).split("."))) if found else UNKNOWN


def _default_on(rule: _TlsRule, version: Any) -> bool | Unknown:
    """Whether the engine forces TLS when the parameter is left unset, by version."""
    if rule.on_by_default_from is None and rule.off_by_default_until is None:
        return False
    if isinstance(version, Unknown):
        return UNKNOWN
    if rule.on_by_default_from is not None and version >= rule.on_by_default_from:
        return True
    if rule.off_by_default_until is None:
        return False
    cut = rule.off_by_default_until
    return False if version[: len(cut)] <= cut else UNKNOWN


def _tls_verdict(resource: Resource) -> Verdict:
    attributes = resource.attributes
    family = attributes.get("parameter_group_family")
    kind, version = engine_of(attributes.get("engine"), attributes.get("engine_version"), family)
    settings = attributes.get("tls_parameters", UNKNOWN)
    rule = _RULES.get(kind) if isinstance(kind, str) else None
    evidence: dict[str, Any] = {"engine": kind, "parameter_group_family": family}
    if rule is None:
        # Oracle (option groups) or an engine this control cannot read: not known either way.
        return failed(
            "no TLS-enforcing parameter known for this engine",
            evidence | {"tls_parameter": UNKNOWN},
        )
    evidence["tls_parameters"] = settings
    value = settings.get(rule.parameter) if isinstance(settings, dict) else UNKNOWN
    if isinstance(value, str):
        if value in rule.accepted:
            return passed(f"{rule.parameter} = {value} refuses connections without TLS", evidence)
        return failed(f"{rule.parameter} = {value} accepts connections without TLS", evidence)
    default = _default_on(rule, version) if value is None else UNKNOWN
    evidence["engine_version"] = version
    if default is True:
        return passed(f"{rule.parameter} is on by default for this version", evidence)
    return failed(f"{rule.parameter} is left at its default, off: plain connections work", evidence)


def _transport_control(type_id: str, subject: str, group: str) -> Control:
    @control(
        f"{type_id}.encryption_in_transit",
        title=f"{subject} refuses database connections without TLS",
        layer=Layer.ENCRYPTION_IN_TRANSIT,
        applies_to=[type_id],
        severity=Severity.MEDIUM,
        remediation=f"Use a custom {group} that sets rds.force_ssl = 1 (PostgreSQL, SQL Server) "
        "or require_secure_transport = ON (MySQL, MariaDB), or db2comm = SSL (Db2).",
    )
    def check(resource: Resource, context: ControlContext) -> Verdict:
        """An Aurora member follows its cluster's parameter group, judged on the cluster."""
        cluster = resource.attributes.get("cluster_id")
        if isinstance(cluster, str):
            return not_applicable("judged on its cluster", {"cluster_id": cluster})
        return _tls_verdict(resource)

    return check


CONTROLS = [
    _transport_control("rds.db_instance", "RDS DB instance", "DB parameter group"),
    _transport_control("rds.db_cluster", "RDS DB cluster", "DB cluster parameter group"),
]
