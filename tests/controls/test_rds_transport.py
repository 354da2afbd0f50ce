"""RDS encryption in transit: the parameter group's TLS parameter, or the engine default."""

from __future__ import annotations

from typing import Any

import pytest

from srmap.controls.engine import ControlContext, ControlRegistry, evaluate_controls
from srmap.controls.rds_transport import CONTROLS
from srmap.model import UNKNOWN, Resource

_INSTANCE, _CLUSTER = CONTROLS


def _status(attributes: dict[str, Any], check: Any = _INSTANCE) -> str:
    type_id = check.applies_to[0]
    resource = Resource("db", type_id, "rds", "eu-west-1", "1", "db", attributes)
    [finding] = evaluate_controls([resource], ControlRegistry([check]), ControlContext())
    return str(finding.status.value)


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        (
            {"parameter_group_family": "postgres13", "tls_parameters": {"rds.force_ssl": "1"}},
            "pass",
        ),
        (
            {"parameter_group_family": "postgres13", "tls_parameters": {"rds.force_ssl": "0"}},
            "fail",
        ),
        ({"parameter_group_family": "postgres13", "tls_parameters": {}}, "fail"),
        ({"parameter_group_family": "postgres16", "tls_parameters": {}}, "pass"),
        ({"parameter_group_family": "mysql8.0", "tls_parameters": {}}, "fail"),
        (
            {
                "parameter_group_family": "mysql8.0",
                "tls_parameters": {"require_secure_transport": "on"},
            },
            "pass",
        ),
        ({"parameter_group_family": "mariadb11.8", "tls_parameters": {}}, "pass"),
        ({"parameter_group_family": "mariadb10.6", "tls_parameters": {}}, "fail"),
        ({"parameter_group_family": "sqlserver-se-15.0", "tls_parameters": {}}, "fail"),
        ({"parameter_group_family": "db2-ae-11.5", "tls_parameters": {"db2comm": "ssl"}}, "pass"),
        (
            {"parameter_group_family": "db2-ae-11.5", "tls_parameters": {"db2comm": "tcpip,ssl"}},
            "fail",
        ),
        (
            {
                "parameter_group_family": None,
                "engine": "postgres",
                "engine_version": "15.4",
                "tls_parameters": {},
            },
            "pass",
        ),
        (
            {
                "parameter_group_family": None,
                "engine": "postgres",
                "engine_version": None,
                "tls_parameters": {},
            },
            "unknown",
        ),
        (
            {"parameter_group_family": UNKNOWN, "engine": "postgres", "tls_parameters": UNKNOWN},
            "unknown",
        ),
        ({"parameter_group_family": "oracle-ee-19", "tls_parameters": {}}, "unknown"),
        ({"parameter_group_family": "not-a-family", "tls_parameters": {}}, "unknown"),
        ({"cluster_id": "c", "tls_parameters": UNKNOWN}, "not_applicable"),
    ],
)
def test_instance_tls(attributes: dict[str, Any], expected: str) -> None:
    """A set parameter decides; unset, the engine's documented default for its version does."""
    assert _status(attributes) == expected


def test_cluster_reads_its_cluster_parameter_group() -> None:
    """Aurora PostgreSQL keeps rds.force_ssl off unless its cluster parameter group sets it."""
    base = {"engine": "aurora-postgresql", "engine_version": "16.2", "parameter_group_family": None}
    assert _status(base | {"tls_parameters": {}}, _CLUSTER) == "fail"
    assert _status(base | {"tls_parameters": {"rds.force_ssl": "1"}}, _CLUSTER) == "pass"
