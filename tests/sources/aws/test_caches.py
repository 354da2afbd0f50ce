"""Live caches: ElastiCache and DAX seeded in moto, read for their settings."""

from __future__ import annotations

import boto3
from live_collection import collected

from srmap.model import UNKNOWN
from srmap.sources.aws.api import Api
from srmap.sources.aws.collectors import caches, default_collectors

REGION = "eu-west-1"


def test_cache_collectors_are_registered() -> None:
    """Every cache collector is one the live source runs."""
    registered = list(default_collectors())
    assert all(item in registered for item in caches.COLLECTORS)


def test_replication_group_settings(api: Api) -> None:
    """Encryption, failover, Multi-AZ and snapshot retention are read from the group."""
    elasticache = boto3.client("elasticache", region_name=REGION)
    elasticache.create_replication_group(
        ReplicationGroupId="sessions",
        ReplicationGroupDescription="sessions",
        Engine="redis",
        CacheNodeType="cache.t3.micro",
        NumCacheClusters=2,
        AtRestEncryptionEnabled=True,
        TransitEncryptionEnabled=True,
        AutomaticFailoverEnabled=True,
        MultiAZEnabled=True,
        SnapshotRetentionLimit=5,
    )
    [group] = collected(caches.collect_replication_groups, api)
    attributes = dict(group.attributes)
    # moto lists no member cache clusters, which is where AWS reports the engine version.
    assert attributes.pop("engine_version") is UNKNOWN
    assert attributes == {
        "engine": "redis",
        "encrypted": True,
        "kms_key_id": None,
        "transit_encryption_enabled": True,
        "auth_enabled": False,
        "automatic_failover_enabled": True,
        "multi_az_enabled": True,
        "snapshot_retention_days": 5,
        "auto_minor_version_upgrade": True,
    }


def test_memcached_cluster(api: Api) -> None:
    """A Memcached cluster has no replication group, no snapshots and an AZ mode."""
    boto3.client("elasticache", region_name=REGION).create_cache_cluster(
        CacheClusterId="memo", Engine="memcached", CacheNodeType="cache.t3.micro", NumCacheNodes=2
    )
    [cluster] = collected(caches.collect_cache_clusters, api)
    assert cluster.name == "memo"
    assert cluster.attributes["engine"] == "memcached"
    assert cluster.attributes["replication_group_id"] is None
    assert cluster.attributes["snapshot_retention_days"] == 0
    assert cluster.attributes["az_mode"] == "single-az"
    assert cluster.attributes["node_type"] == "cache.t3.micro"


def test_dax_clusters(api: Api) -> None:
    """Server-side encryption and endpoint TLS of an encrypted and a plain cluster."""
    dax = boto3.client("dax", region_name=REGION)
    role = "arn:aws:iam::123456789012:role/dax"
    common = {"NodeType": "dax.t3.small", "ReplicationFactor": 1, "IamRoleArn": role}
    dax.create_cluster(
        ClusterName="cache",
        SSESpecification={"Enabled": True},
        ClusterEndpointEncryptionType="TLS",
        **common,
    )
    dax.create_cluster(ClusterName="plain", **common)
    found = {c.name: c for c in collected(caches.collect_dax_clusters, api)}
    assert found["cache"].id == "arn:aws:dax:eu-west-1:123456789012:cache/cache"
    assert found["cache"].attributes == {"encrypted": True, "endpoint_encryption_type": "TLS"}
    assert found["plain"].attributes == {"encrypted": False, "endpoint_encryption_type": "NONE"}
