"""Live collectors, one module per service family."""

from functools import cache

from srmap.errors import UsageError
from srmap.sources.aws.collector import Collector, CollectorRegistry
from srmap.sources.aws.collectors import (
    account,
    analytics,
    caches,
    compute,
    containers,
    databases,
    edge,
    identity,
    keys,
    messaging,
    monitoring,
    network,
    s3,
    storage,
)

ALL: list[Collector] = [
    *s3.COLLECTORS,
    *network.COLLECTORS,
    *compute.COLLECTORS,
    *edge.COLLECTORS,
    *containers.COLLECTORS,
    *storage.COLLECTORS,
    *databases.COLLECTORS,
    *caches.COLLECTORS,
    *analytics.COLLECTORS,
    *identity.COLLECTORS,
    *keys.COLLECTORS,
    *messaging.COLLECTORS,
    *monitoring.COLLECTORS,
    *account.COLLECTORS,
]

__all__ = ["ALL", "SERVICE_FAMILIES", "collectors_for", "default_collectors"]

# A service named on the command line and the catalog services read through the same API.
SERVICE_FAMILIES = {"ec2": frozenset({"ec2", "ebs", "vpc"})}
ACCOUNT_TYPE = "aws.account"


@cache
def default_collectors() -> CollectorRegistry:
    """Every collector srmap ships, one per canonical type."""
    return CollectorRegistry(ALL)


def collectors_for(services: frozenset[str] | None) -> CollectorRegistry:
    """The collectors of the named services (and always the account's); all when None."""
    if services is None:
        return default_collectors()
    kept = {name for service in services for name in SERVICE_FAMILIES.get(service, {service})}
    unknown = sorted(kept - {c.service for c in ALL})
    if unknown:
        known = ", ".join(sorted({c.service for c in ALL}))
        raise UsageError(f"--services: no live collector for {', '.join(unknown)} (known: {known})")
    return CollectorRegistry(c for c in ALL if c.service in kept or c.type_id == ACCOUNT_TYPE)
