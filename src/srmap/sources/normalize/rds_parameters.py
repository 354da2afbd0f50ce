"""What a DB (cluster) parameter group says about TLS, for instances and clusters of every
dialect: the family and the TLS-enforcing parameters it sets."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.raw import RawResource

__all__ = ["TLS_PARAMETERS", "parameter_group_tls", "tls_settings"]

# rds.force_ssl (PostgreSQL, SQL Server), require_secure_transport (MySQL, MariaDB) and
# db2comm (Db2): https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html
TLS_PARAMETERS = frozenset({"rds.force_ssl", "require_secure_transport", "db2comm"})

_DEFAULT_GROUP = "default."


def tls_settings(pairs: Iterable[tuple[Any, Any]] | Unknown) -> dict[str, Any] | Unknown:
    """The TLS parameters among (name, value) pairs, values as lowercase text."""
    if isinstance(pairs, Unknown):
        return UNKNOWN
    return {
        name: value if isinstance(value, Unknown) else str(value).lower()
        for name, value in pairs
        if name in TLS_PARAMETERS
    }


def parameter_group_tls(
    name: Any,
    group: RawResource | None,
    family_key: str,
    pairs: Iterable[tuple[Any, Any]] | Unknown,
) -> tuple[Any, Any]:
    """(parameter_group_family, tls_parameters) of the group a resource names.

    No name, or a default.* group, keeps every engine default (family null: the engine and
    its version say it); a custom group the input does not declare is UNKNOWN."""
    if group is not None:
        family = group.values.get(family_key)
        return (family if isinstance(family, str) else UNKNOWN), tls_settings(pairs)
    if name is None or name == "" or (isinstance(name, str) and name.startswith(_DEFAULT_GROUP)):
        return None, {}  # the engine's default group: its engine and version say the family
    return UNKNOWN, UNKNOWN
