"""RDS, DocumentDB, Neptune and DynamoDB, live (the caches in front of them are in caches.py).
RDS, DocumentDB and Neptune answer through one API: one DescribeDBClusters is read and each
cluster is reported under exactly one type, by its engine."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from srmap.model import UNKNOWN, Resource, Unknown
from srmap.sources.aws.api import ApiDenied
from srmap.sources.aws.collector import LiveContext, collector
from srmap.sources.aws.collectors.storage import (
    arn_region,
    customer_key,
    optional_listing,
    tag_dict,
)
from srmap.sources.normalize.rds_parameters import tls_settings
from srmap.sources.normalize.values import dig, parse_policy

__all__ = ["COLLECTORS", "cluster_type"]

# Engines whose clusters have a canonical type of their own; every other is rds.db_cluster.
_ENGINE_TYPES = {"docdb": "docdb.cluster", "neptune": "neptune.cluster"}

# Settings an Aurora or Multi-AZ cluster member takes from its cluster; judged on the cluster.
# The API echoes some of them on members with values that do not apply (MultiAZ false).
_CLUSTER_LEVEL = (
    "parameter_group_family",
    "tls_parameters",
    "engine_version",
    "encrypted",
    "kms_key_id",
    "multi_az",
    "backup_retention_days",
    "deletion_protection",
    "iam_auth_enabled",
    "log_exports",
    "replication_regions",
)


def cluster_type(engine: Any) -> str:
    """The canonical type of a cluster (or of its instances' cluster) with this engine."""
    return _ENGINE_TYPES.get(str(engine), "rds.db_cluster")


def _other_regions(arns: Iterable[Any], own: str | None) -> list[Any]:
    """Regions named by ARNs other than ``own``, each once."""
    regions = (arn_region(arn) for arn in arns)
    return [r for r in dict.fromkeys(regions) if r is not None and r != own]


def _encryption(context: LiveContext, encrypted: Any, key: Any) -> dict[str, Any]:
    """encrypted, and the customer key only when encrypted."""
    on = bool(encrypted)
    return {"encrypted": on, "kms_key_id": customer_key(context, key) if on else None}


def _group_tls(context: LiveContext, operation: str, name: Any) -> dict[str, Any]:
    """Family and TLS parameters of a parameter group: a default.* group keeps the engine
    defaults; a custom one is read for the parameters the user set (Source=user)."""
    if not isinstance(name, str):
        return {"parameter_group_family": UNKNOWN, "tls_parameters": UNKNOWN}
    if name.startswith("default."):
        return {"parameter_group_family": None, "tls_parameters": {}}
    key = "DBClusterParameterGroupName" if "Cluster" in operation else "DBParameterGroupName"
    try:
        found = context.api.paginate(
            "rds", operation, context.region, "Parameters", **{key: name}, Source="user"
        )
    except ApiDenied as error:
        context.gaps.add(error)
        return {"parameter_group_family": None, "tls_parameters": UNKNOWN}
    pairs = ((p.get("ParameterName"), p.get("ParameterValue")) for p in found)
    return {"parameter_group_family": None, "tls_parameters": tls_settings(pairs)}


def _instance_attributes(context: LiveContext, db: Mapping[str, Any]) -> dict[str, Any]:
    """A standalone instance's settings; a cluster member's own ones and UNKNOWN for the rest."""
    shared = {
        "engine": db.get("Engine"),
        "publicly_accessible": bool(db.get("PubliclyAccessible", False)),
        "auto_minor_version_upgrade": bool(db.get("AutoMinorVersionUpgrade", True)),
        "cluster_id": db.get("DBClusterIdentifier"),
    }
    if db.get("DBClusterIdentifier"):
        return shared | dict.fromkeys(_CLUSTER_LEVEL, UNKNOWN)
    backups = db.get("DBInstanceAutomatedBackupsReplications") or []
    replicas = [*db.get("ReadReplicaDBInstanceIdentifiers", [])]
    replicas += [b.get("DBInstanceAutomatedBackupsArn") for b in backups]
    return shared | {
        "engine_version": db.get("EngineVersion"),
        **_encryption(context, db.get("StorageEncrypted"), db.get("KmsKeyId")),
        "multi_az": bool(db.get("MultiAZ", False)),
        "backup_retention_days": db.get("BackupRetentionPeriod", 0),
        "deletion_protection": bool(db.get("DeletionProtection", False)),
        "iam_auth_enabled": bool(db.get("IAMDatabaseAuthenticationEnabled", False)),
        "log_exports": sorted(db.get("EnabledCloudwatchLogsExports") or []),
        "replication_regions": _other_regions(replicas, context.region),
        **_group_tls(
            context,
            "DescribeDBParameters",
            dig(db, "DBParameterGroups", 0, "DBParameterGroupName"),
        ),
    }


@collector("rds.db_instance", service="rds")
def collect_db_instances(context: LiveContext) -> Iterator[Resource]:
    """RDS DB instances, Aurora members included; DocumentDB and Neptune nodes left out."""
    for db in context.listing("rds", "DescribeDBInstances", "DBInstances"):
        if db.get("Engine") in _ENGINE_TYPES:
            continue
        yield context.resource(
            arn=db["DBInstanceArn"],
            name=db["DBInstanceIdentifier"],
            tags=tag_dict(db.get("TagList")),
            api="rds:DescribeDBInstances",
            attributes=_instance_attributes(context, db),
        )


def _clusters(context: LiveContext) -> Iterator[Mapping[str, Any]]:
    """Clusters of the collector's canonical type, from the one shared DescribeDBClusters
    listing."""
    for cluster in context.listing("rds", "DescribeDBClusters", "DBClusters"):
        if cluster_type(cluster.get("Engine")) == context.type_id:
            yield cluster


def _global_regions(context: LiveContext, cluster: Mapping[str, Any]) -> Any:
    """Regions of the other members of the global database the cluster belongs to."""
    global_id = cluster.get("GlobalClusterIdentifier")
    if not global_id:
        return []
    found = context.attempt("rds", "DescribeGlobalClusters", GlobalClusterIdentifier=global_id)
    if isinstance(found, Unknown):
        return UNKNOWN
    members = dig(found, "GlobalClusters", 0, "GlobalClusterMembers") or []
    return [m.get("DBClusterArn") for m in members]


def _cluster_regions(context: LiveContext, cluster: Mapping[str, Any]) -> Any:
    """Regions of cross-region replicas and global database members."""
    members = _global_regions(context, cluster)
    if isinstance(members, Unknown):
        return UNKNOWN
    replicas = [*cluster.get("ReadReplicaIdentifiers", []), *members]
    return _other_regions(replicas, context.region)


def _cluster_common(context: LiveContext, cluster: Mapping[str, Any]) -> dict[str, Any]:
    """What RDS, DocumentDB and Neptune clusters share."""
    return {
        "engine_version": cluster.get("EngineVersion"),
        **_encryption(context, cluster.get("StorageEncrypted"), cluster.get("KmsKeyId")),
        "backup_retention_days": cluster.get("BackupRetentionPeriod", 0),
        "deletion_protection": bool(cluster.get("DeletionProtection", False)),
        "log_exports": sorted(cluster.get("EnabledCloudwatchLogsExports") or []),
    }


def _cluster_resource(
    context: LiveContext, cluster: Mapping[str, Any], attributes: dict[str, Any]
) -> Resource:
    """One cluster as a resource of its collector's canonical type."""
    return context.resource(
        arn=cluster["DBClusterArn"],
        name=cluster["DBClusterIdentifier"],
        tags=tag_dict(cluster.get("TagList")),
        api="rds:DescribeDBClusters",
        attributes=attributes,
    )


@collector("rds.db_cluster", service="rds")
def collect_db_clusters(context: LiveContext) -> Iterator[Resource]:
    """Aurora and Multi-AZ DB clusters."""
    for cluster in _clusters(context):
        attributes = {
            "engine": cluster.get("Engine"),
            "engine_mode": cluster.get("EngineMode") or "provisioned",
            **_cluster_common(context, cluster),
            "iam_auth_enabled": bool(cluster.get("IAMDatabaseAuthenticationEnabled", False)),
            "replication_regions": _cluster_regions(context, cluster),
            **_group_tls(
                context, "DescribeDBClusterParameters", cluster.get("DBClusterParameterGroup")
            ),
        }
        yield _cluster_resource(context, cluster, attributes)


@collector("docdb.cluster", service="docdb")
def collect_docdb_clusters(context: LiveContext) -> Iterator[Resource]:
    """DocumentDB clusters (engine docdb)."""
    for cluster in _clusters(context):
        attributes = _cluster_common(context, cluster)
        yield _cluster_resource(context, cluster, attributes)


@collector("neptune.cluster", service="neptune")
def collect_neptune_clusters(context: LiveContext) -> Iterator[Resource]:
    """Neptune clusters (engine neptune)."""
    for cluster in _clusters(context):
        iam = bool(cluster.get("IAMDatabaseAuthenticationEnabled", False))
        attributes = _cluster_common(context, cluster) | {"iam_auth_enabled": iam}
        yield _cluster_resource(context, cluster, attributes)


def _restore_grants(attributes: Any) -> tuple[Any, Any]:
    """(public, other accounts) from a snapshot's "restore" attribute: "all" means public."""
    if isinstance(attributes, Unknown):
        return UNKNOWN, UNKNOWN
    restore = [a for a in attributes or [] if a.get("AttributeName") == "restore"]
    values = [v for a in restore for v in a.get("AttributeValues", [])]
    return "all" in values, sorted(v for v in values if v != "all")


def _snapshot(context: LiveContext, snapshot: Mapping[str, Any], kind: str) -> Resource:
    """A manual DB snapshot (kind "DB") or DB cluster snapshot (kind "DBCluster")."""
    identifier = snapshot[f"{kind}SnapshotIdentifier"]
    shared = context.attempt(
        "rds", f"Describe{kind}SnapshotAttributes", **{f"{kind}SnapshotIdentifier": identifier}
    )
    found = dig(shared, f"{kind}SnapshotAttributesResult", f"{kind}SnapshotAttributes")
    public, accounts = _restore_grants(found)
    source = snapshot.get("DBInstanceIdentifier") or snapshot.get("DBClusterIdentifier")
    encrypted = snapshot.get("Encrypted", snapshot.get("StorageEncrypted"))
    return context.resource(
        arn=snapshot[f"{kind}SnapshotArn"],
        name=identifier,
        tags=tag_dict(snapshot.get("TagList")),
        api=f"rds:Describe{kind}Snapshots",
        attributes={
            **_encryption(context, encrypted, snapshot.get("KmsKeyId")),
            "public": public,
            "shared_account_ids": accounts,
            "source_id": source
            or snapshot.get("SourceDBSnapshotIdentifier")
            or snapshot.get("SourceDBClusterSnapshotArn"),
        },
    )


@collector("rds.db_snapshot", service="rds")
def collect_db_snapshots(context: LiveContext) -> Iterator[Resource]:
    """Manual DB and DB cluster snapshots the account owns, with who may restore them."""
    for kind, key in (("DB", "DBSnapshots"), ("DBCluster", "DBClusterSnapshots")):
        listed = context.listing("rds", f"Describe{kind}Snapshots", key, SnapshotType="manual")
        for snapshot in listed:
            yield _snapshot(context, snapshot, kind)


def _table_encryption(context: LiveContext, table: Mapping[str, Any]) -> tuple[Any, Any]:
    """(encryption_key_type, kms_key_id): no SSE description means an AWS owned key."""
    sse = table.get("SSEDescription") or {}
    if sse.get("SSEType") != "KMS" or sse.get("Status") in ("DISABLED", "DISABLING"):
        return "AWS_OWNED", None
    key = customer_key(context, sse.get("KMSMasterKeyArn"))
    if isinstance(key, Unknown):
        return UNKNOWN, UNKNOWN
    return ("AWS_MANAGED", None) if key is None else ("CUSTOMER_MANAGED", key)


def _table_attributes(context: LiveContext, table: Mapping[str, Any]) -> dict[str, Any]:
    """A table's encryption, recovery, protection, policy and replicas."""
    name, arn = table["TableName"], table["TableArn"]
    key_type, key = _table_encryption(context, table)
    backups = context.attempt("dynamodb", "DescribeContinuousBackups", TableName=name)
    pitr = dig(backups, "ContinuousBackupsDescription", "PointInTimeRecoveryDescription")
    policy = context.attempt(
        "dynamodb", "GetResourcePolicy", absent=("PolicyNotFoundException",), ResourceArn=arn
    )
    replicas = [r.get("RegionName") for r in table.get("Replicas", [])]
    return {
        "encryption_key_type": key_type,
        "kms_key_id": key,
        "point_in_time_recovery": UNKNOWN
        if isinstance(pitr, Unknown)
        else dig(pitr, "PointInTimeRecoveryStatus") == "ENABLED",
        "deletion_protection": bool(table.get("DeletionProtectionEnabled", False)),
        "policy": parse_policy(dig(policy, "Policy")),
        "replication_regions": [r for r in dict.fromkeys(replicas) if r != context.region],
    }


@collector("dynamodb.table", service="dynamodb")
def collect_dynamodb_tables(context: LiveContext) -> Iterator[Resource]:
    """DynamoDB tables: their configuration only, never an item."""
    for name in context.listing("dynamodb", "ListTables", "TableNames"):
        described = context.attempt("dynamodb", "DescribeTable", TableName=name)
        if isinstance(described, Unknown):
            continue
        table = described["Table"]
        tags = optional_listing(
            context, "dynamodb", "ListTagsOfResource", "Tags", ResourceArn=table["TableArn"]
        )
        yield context.resource(
            arn=table["TableArn"],
            name=name,
            tags={} if isinstance(tags, Unknown) else tag_dict(tags),
            api="dynamodb:DescribeTable",
            attributes=_table_attributes(context, table),
        )


COLLECTORS = [
    collect_db_instances,
    collect_db_clusters,
    collect_docdb_clusters,
    collect_neptune_clusters,
    collect_db_snapshots,
    collect_dynamodb_tables,
]
