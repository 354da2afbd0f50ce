"""CloudFormation database resources: RDS, DocumentDB, Neptune, DynamoDB, DAX and ElastiCache."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.normalize.rds_parameters import parameter_group_tls
from srmap.sources.normalize.registry import Parts, normalizer
from srmap.sources.normalize.values import (
    as_bool,
    as_int,
    as_list,
    aws_managed_key,
    dig,
    is_set,
    none_if_empty,
    or_default,
    parse_policy,
    sorted_names,
)
from srmap.sources.raw import Dialect, RawResource

__all__ = ["NORMALIZERS"]

# Settings an Aurora instance takes from its cluster: judged on the rds.db_cluster.
_CLUSTER_LEVEL = (
    "parameter_group_family",
    "tls_parameters",
    "encrypted",
    "kms_key_id",
    "multi_az",
    "backup_retention_days",
    "deletion_protection",
    "iam_auth_enabled",
    "log_exports",
    "replication_regions",
)


def _storage_encrypted(values: Mapping[str, Any], *restored_from: str) -> bool | Unknown:
    """StorageEncrypted as given; a restore or replica inherits its source's."""
    value = as_bool(values.get("StorageEncrypted"))
    if value is not None:
        return value
    if any(is_set(values.get(source)) for source in restored_from):
        return UNKNOWN
    return False


def _cluster_member(values: Mapping[str, Any]) -> dict[str, Any]:
    """An Aurora DB instance: instance-level settings; the rest belongs to the cluster."""
    member: dict[str, Any] = {
        "engine": or_default(values.get("Engine"), UNKNOWN),
        "engine_version": or_default(values.get("EngineVersion"), UNKNOWN),
        # Unset, AWS decides from the subnets' route to an internet gateway.
        "publicly_accessible": or_default(as_bool(values.get("PubliclyAccessible")), UNKNOWN),
        "auto_minor_version_upgrade": as_bool(values.get("AutoMinorVersionUpgrade"), True),
        "cluster_id": values["DBClusterIdentifier"],
    }
    return member | dict.fromkeys(_CLUSTER_LEVEL, UNKNOWN)


def _group_tls(raw: RawResource, parts: Parts, name_key: str, group_type: str) -> dict[str, Any]:
    """Family and TLS parameters of the DB (cluster) parameter group the resource names."""
    group = parts.first(group_type)
    pairs: Any = UNKNOWN
    if group is not None:
        parameters = group.values.get("Parameters", {})
        pairs = parameters.items() if isinstance(parameters, Mapping) else UNKNOWN
    name = raw.values.get(name_key)
    family, tls = parameter_group_tls(name, group, "Family", pairs)
    return {"parameter_group_family": family, "tls_parameters": tls}


@normalizer(
    "rds.db_instance",
    Dialect.CLOUDFORMATION,
    name="DBInstanceIdentifier",
    named_parts={"AWS::RDS::DBParameterGroup": ("DBParameterGroupName", "DBParameterGroupName")},
)
def normalize_db_instance(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::RDS::DBInstance, standalone or an Aurora member (master password left out)."""
    values = raw.values
    if is_set(values.get("DBClusterIdentifier")):
        return _cluster_member(values)
    backup_region = none_if_empty(values.get("AutomaticBackupReplicationRegion"))
    return {
        "engine": or_default(values.get("Engine"), UNKNOWN),
        "engine_version": none_if_empty(values.get("EngineVersion")),
        "encrypted": _storage_encrypted(
            values,
            "SourceDBInstanceIdentifier",
            "DBSnapshotIdentifier",
            "SourceDBClusterIdentifier",
        ),
        "kms_key_id": none_if_empty(values.get("KmsKeyId")),
        # Unset, AWS decides from the subnets' route to an internet gateway.
        "publicly_accessible": or_default(as_bool(values.get("PubliclyAccessible")), UNKNOWN),
        "multi_az": as_bool(values.get("MultiAZ"), False),
        "backup_retention_days": as_int(values.get("BackupRetentionPeriod"), 1),
        "deletion_protection": as_bool(values.get("DeletionProtection"), False),
        "auto_minor_version_upgrade": as_bool(values.get("AutoMinorVersionUpgrade"), True),
        "iam_auth_enabled": as_bool(values.get("EnableIAMDatabaseAuthentication"), False),
        "log_exports": sorted_names(values.get("EnableCloudwatchLogsExports")),
        "cluster_id": None,
        "replication_regions": [] if backup_region is None else [backup_region],
    } | _group_tls(raw, parts, "DBParameterGroupName", "AWS::RDS::DBParameterGroup")


@normalizer(
    "rds.db_cluster",
    Dialect.CLOUDFORMATION,
    name="DBClusterIdentifier",
    named_parts={
        "AWS::RDS::DBClusterParameterGroup": (
            "DBClusterParameterGroupName",
            "DBClusterParameterGroupName",
        )
    },
)
def normalize_db_cluster(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::RDS::DBCluster (master password left out)."""
    values = raw.values
    mode = or_default(values.get("EngineMode"), "provisioned")
    encrypted = _storage_encrypted(
        values, "SnapshotIdentifier", "SourceDBClusterIdentifier", "ReplicationSourceIdentifier"
    )
    return {
        "engine": or_default(values.get("Engine"), UNKNOWN),
        "engine_version": none_if_empty(values.get("EngineVersion")),
        "engine_mode": mode,
        # Aurora Serverless v1 storage is always encrypted.
        "encrypted": True if mode == "serverless" else encrypted,
        "kms_key_id": none_if_empty(values.get("KmsKeyId")),
        "backup_retention_days": as_int(values.get("BackupRetentionPeriod"), 1),
        "deletion_protection": as_bool(values.get("DeletionProtection"), False),
        "iam_auth_enabled": as_bool(values.get("EnableIAMDatabaseAuthentication"), False),
        "log_exports": sorted_names(values.get("EnableCloudwatchLogsExports")),
        # The other regions of a global database are not named on the cluster itself.
        "replication_regions": UNKNOWN if is_set(values.get("GlobalClusterIdentifier")) else [],
    } | _group_tls(raw, parts, "DBClusterParameterGroupName", "AWS::RDS::DBClusterParameterGroup")


def _document_cluster(values: Mapping[str, Any]) -> dict[str, Any]:
    """The settings DocumentDB and Neptune clusters share."""
    return {
        "engine_version": none_if_empty(values.get("EngineVersion")),
        "encrypted": _storage_encrypted(values, "SnapshotIdentifier", "SourceDBClusterIdentifier"),
        "kms_key_id": none_if_empty(values.get("KmsKeyId")),
        "backup_retention_days": as_int(values.get("BackupRetentionPeriod"), 1),
        "deletion_protection": as_bool(values.get("DeletionProtection"), False),
        "log_exports": sorted_names(values.get("EnableCloudwatchLogsExports")),
    }


@normalizer("docdb.cluster", Dialect.CLOUDFORMATION, name="DBClusterIdentifier")
def normalize_docdb_cluster(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::DocDB::DBCluster (master password left out)."""
    return _document_cluster(raw.values)


@normalizer("neptune.cluster", Dialect.CLOUDFORMATION, name="DBClusterIdentifier")
def normalize_neptune_cluster(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::Neptune::DBCluster."""
    iam = as_bool(raw.values.get("IamAuthEnabled"), False)
    return _document_cluster(raw.values) | {"iam_auth_enabled": iam}


def _table_encryption(sse: Any, key: Any) -> tuple[Any, Any]:
    """(encryption_key_type, kms_key_id) from an SSESpecification and the key it names."""
    enabled = as_bool(dig(sse, "SSEEnabled"), False)
    if isinstance(enabled, Unknown):
        return UNKNOWN, UNKNOWN
    if not enabled:
        return "AWS_OWNED", None
    key = none_if_empty(key)
    if isinstance(key, Unknown):
        return "CUSTOMER_MANAGED", UNKNOWN
    if key is None or aws_managed_key(key):
        return "AWS_MANAGED", None
    return "CUSTOMER_MANAGED", key


def _table(sse: Any, key: Any, replica: Any, deletion: Any) -> dict[str, Any]:
    """Attributes of a table or of a global table's replica in its own region."""
    key_type, kms_key_id = _table_encryption(sse, key)
    pitr = dig(replica, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled")
    return {
        "encryption_key_type": key_type,
        "kms_key_id": kms_key_id,
        "point_in_time_recovery": as_bool(pitr, False),
        "deletion_protection": as_bool(deletion, False),
        "policy": parse_policy(dig(replica, "ResourcePolicy", "PolicyDocument")),
    }


def _global_table(raw: RawResource) -> dict[str, Any]:
    """AWS::DynamoDB::GlobalTable: the replica in the stack's region holds its settings."""
    replicas = as_list(raw.values.get("Replicas"))
    if isinstance(replicas, Unknown):
        return dict.fromkeys(_TABLE_ATTRIBUTES, UNKNOWN)
    regions = [dig(replica, "Region") for replica in replicas]
    own = next((r for r in replicas if dig(r, "Region") == raw.region), None)
    if own is None and len(replicas) == 1:
        # the list must hold a replica in the stack's region, so the template deploys only
        # where its lone replica is, and that replica holds the settings:
        # https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-dynamodb-globaltable.html
        own = replicas[0] if isinstance(replicas[0], dict) else None
    if own is None:
        return dict.fromkeys(_TABLE_ATTRIBUTES, UNKNOWN) | {"replication_regions": regions}
    key = dig(own, "SSESpecification", "KMSMasterKeyId")
    table = _table(
        raw.values.get("SSESpecification"), key, own, own.get("DeletionProtectionEnabled")
    )
    others = [region for region in dict.fromkeys(regions) if region != raw.region]
    return table | {"replication_regions": others}


_TABLE_ATTRIBUTES = (
    "encryption_key_type",
    "kms_key_id",
    "point_in_time_recovery",
    "deletion_protection",
    "policy",
    "replication_regions",
)


@normalizer("dynamodb.table", Dialect.CLOUDFORMATION, name="TableName")
def normalize_dynamodb_table(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::DynamoDB::Table or AWS::DynamoDB::GlobalTable."""
    if raw.native_type == "AWS::DynamoDB::GlobalTable":
        return _global_table(raw)
    values = raw.values
    sse = values.get("SSESpecification")
    table = _table(sse, dig(sse, "KMSMasterKeyId"), values, values.get("DeletionProtectionEnabled"))
    return table | {"replication_regions": []}


def _auth_enabled(values: Mapping[str, Any]) -> bool | Unknown:
    """An AUTH token (its value never read) or at least one RBAC user group."""
    if is_set(values.get("AuthToken")):
        return True
    groups = as_list(values.get("UserGroupIds"))
    return UNKNOWN if isinstance(groups, Unknown) else len(groups) > 0


@normalizer("elasticache.replication_group", Dialect.CLOUDFORMATION, name="ReplicationGroupId")
def normalize_replication_group(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::ElastiCache::ReplicationGroup (auth token left out)."""
    values = raw.values
    engine = or_default(values.get("Engine"), "redis")
    # AWS encrypts Valkey at rest unless told otherwise; Redis OSS only when asked.
    at_rest_default = UNKNOWN if isinstance(engine, Unknown) else engine == "valkey"
    return {
        "engine": engine,
        "engine_version": none_if_empty(values.get("EngineVersion")),
        "encrypted": or_default(as_bool(values.get("AtRestEncryptionEnabled")), at_rest_default),
        "kms_key_id": none_if_empty(values.get("KmsKeyId")),
        "transit_encryption_enabled": as_bool(values.get("TransitEncryptionEnabled"), False),
        "auth_enabled": _auth_enabled(values),
        "automatic_failover_enabled": as_bool(values.get("AutomaticFailoverEnabled"), False),
        "multi_az_enabled": as_bool(values.get("MultiAZEnabled"), False),
        "snapshot_retention_days": as_int(values.get("SnapshotRetentionLimit"), 0),
        "auto_minor_version_upgrade": as_bool(values.get("AutoMinorVersionUpgrade"), True),
    }


@normalizer("elasticache.cluster", Dialect.CLOUDFORMATION, name="ClusterName")
def normalize_cache_cluster(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::ElastiCache::CacheCluster (never a replication group member in CloudFormation)."""
    values = raw.values
    engine = or_default(values.get("Engine"), UNKNOWN)
    if isinstance(engine, Unknown):
        az_mode: Any = UNKNOWN
    else:
        memcached = engine == "memcached"
        az_mode = or_default(values.get("AZMode"), "single-az") if memcached else None
    return {
        "engine": engine,
        "engine_version": none_if_empty(values.get("EngineVersion")),
        "replication_group_id": None,
        "transit_encryption_enabled": as_bool(values.get("TransitEncryptionEnabled"), False),
        "snapshot_retention_days": as_int(values.get("SnapshotRetentionLimit"), 0),
        "auto_minor_version_upgrade": as_bool(values.get("AutoMinorVersionUpgrade"), True),
        "az_mode": az_mode,
        "node_type": or_default(values.get("CacheNodeType"), UNKNOWN),
    }


@normalizer("dax.cluster", Dialect.CLOUDFORMATION, name="ClusterName")
def normalize_dax_cluster(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::DAX::Cluster: encryption at rest is off unless SSESpecification enables it."""
    values = raw.values
    return {
        "encrypted": as_bool(dig(values, "SSESpecification", "SSEEnabled"), False),
        "endpoint_encryption_type": or_default(values.get("ClusterEndpointEncryptionType"), "NONE"),
    }


NORMALIZERS = [
    normalize_db_instance,
    normalize_db_cluster,
    normalize_docdb_cluster,
    normalize_neptune_cluster,
    normalize_dynamodb_table,
    normalize_dax_cluster,
    normalize_replication_group,
    normalize_cache_cluster,
]
