"""ElastiCache and DAX, live: in-memory caches in front of a database, their settings only,
never a cached item."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from srmap.model import UNKNOWN, Resource
from srmap.sources.aws.collector import LiveContext, collector
from srmap.sources.aws.collectors.storage import customer_key
from srmap.sources.normalize.values import dig

__all__ = ["COLLECTORS"]


def _cache_clusters(context: LiveContext) -> list[Any]:
    """Every cache cluster of the region; one call shared by both ElastiCache collectors."""
    return context.listing("elasticache", "DescribeCacheClusters", "CacheClusters")


def _group_attributes(context: LiveContext, group: Mapping[str, Any]) -> dict[str, Any]:
    """A replication group's settings; its version is its members'."""
    group_id = group["ReplicationGroupId"]
    members = [c for c in _cache_clusters(context) if c.get("ReplicationGroupId") == group_id]
    encrypted = bool(group.get("AtRestEncryptionEnabled", False))
    return {
        "engine": group.get("Engine") or "redis",
        "engine_version": members[0].get("EngineVersion") if members else UNKNOWN,
        "encrypted": encrypted,
        "kms_key_id": customer_key(context, group.get("KmsKeyId")) if encrypted else None,
        "transit_encryption_enabled": bool(group.get("TransitEncryptionEnabled", False)),
        "auth_enabled": bool(group.get("AuthTokenEnabled")) or bool(group.get("UserGroupIds")),
        "automatic_failover_enabled": group.get("AutomaticFailover") in ("enabled", "enabling"),
        "multi_az_enabled": group.get("MultiAZ") == "enabled",
        "snapshot_retention_days": group.get("SnapshotRetentionLimit") or 0,
        "auto_minor_version_upgrade": bool(group.get("AutoMinorVersionUpgrade", True)),
    }


@collector("elasticache.replication_group", service="elasticache")
def collect_replication_groups(context: LiveContext) -> Iterator[Resource]:
    """ElastiCache (Redis OSS, Valkey) replication groups."""
    for group in context.listing("elasticache", "DescribeReplicationGroups", "ReplicationGroups"):
        yield context.resource(
            arn=group["ARN"],
            name=group["ReplicationGroupId"],
            api="elasticache:DescribeReplicationGroups",
            attributes=_group_attributes(context, group),
        )


def _az_mode(cluster: Mapping[str, Any]) -> str | None:
    """Memcached spreads nodes across zones when its preferred zone reads "Multiple"."""
    if cluster.get("Engine") != "memcached":
        return None
    return "cross-az" if cluster.get("PreferredAvailabilityZone") == "Multiple" else "single-az"


@collector("elasticache.cluster", service="elasticache")
def collect_cache_clusters(context: LiveContext) -> Iterator[Resource]:
    """ElastiCache cache clusters, replication group members included."""
    for cluster in _cache_clusters(context):
        yield context.resource(
            arn=cluster["ARN"],
            name=cluster["CacheClusterId"],
            api="elasticache:DescribeCacheClusters",
            attributes={
                "engine": cluster.get("Engine"),
                "engine_version": cluster.get("EngineVersion"),
                "replication_group_id": cluster.get("ReplicationGroupId") or None,
                "transit_encryption_enabled": bool(cluster.get("TransitEncryptionEnabled")),
                "snapshot_retention_days": cluster.get("SnapshotRetentionLimit") or 0,
                "auto_minor_version_upgrade": bool(cluster.get("AutoMinorVersionUpgrade", True)),
                "az_mode": _az_mode(cluster),
                "node_type": cluster.get("CacheNodeType"),
            },
        )


@collector("dax.cluster", service="dax")
def collect_dax_clusters(context: LiveContext) -> Iterator[Resource]:
    """DAX clusters: encryption settings only, never a cached item."""
    for cluster in context.listing("dax", "DescribeClusters", "Clusters"):
        status = dig(cluster, "SSEDescription", "Status")
        yield context.resource(
            arn=cluster["ClusterArn"],
            name=cluster["ClusterName"],
            api="dax:DescribeClusters",
            attributes={
                # ENABLING is on its way and cannot be stopped; DISABLING is turning it off.
                "encrypted": status in ("ENABLED", "ENABLING"),
                "endpoint_encryption_type": cluster.get("ClusterEndpointEncryptionType") or "NONE",
            },
        )


COLLECTORS = [
    collect_dax_clusters,
    collect_replication_groups,
    collect_cache_clusters,
]
