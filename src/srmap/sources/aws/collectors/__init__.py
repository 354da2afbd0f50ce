"""Live collectors, one module per service family."""

from functools import cache

from srmap.sources.aws.collector import Collector, CollectorRegistry
from srmap.sources.aws.collectors import (
    account,
    analytics,
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
    *analytics.COLLECTORS,
    *identity.COLLECTORS,
    *keys.COLLECTORS,
    *messaging.COLLECTORS,
    *monitoring.COLLECTORS,
    *account.COLLECTORS,
]

__all__ = ["ALL", "default_collectors"]


@cache
def default_collectors() -> CollectorRegistry:
    """Every collector srmap ships, one per canonical type."""
    return CollectorRegistry(ALL)
