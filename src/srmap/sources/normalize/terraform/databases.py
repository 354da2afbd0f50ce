"""Terraform database resources: RDS, DocumentDB, Neptune, DynamoDB, DAX and ElastiCache."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.normalize.rds_parameters import parameter_group_tls
from srmap.sources.normalize.registry import Parts, normalizer
from srmap.sources.normalize.terraform._planned import configured
from srmap.sources.normalize.values import (
    as_bool,
    as_int,
    as_list,
    aws_managed_key,
    block,
    blocks,
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


def _storage_encrypted(raw: RawResource, key: str, *restored_from: str) -> bool | Unknown:
    """Encryption at rest as configured; a restore or replica inherits its source's."""
    value = as_bool(raw.values.get(key))
    if value is not None:
        return value
    if any(is_set(configured(raw, source)) for source in restored_from):
        return UNKNOWN
    return False


def _cluster_member(raw: RawResource) -> dict[str, Any]:
    """aws_rds_cluster_instance: instance-level settings; the rest belongs to the cluster."""
    values = raw.values
    member: dict[str, Any] = {
        "engine": or_default(values.get("engine"), UNKNOWN),
        "engine_version": or_default(configured(raw, "engine_version"), UNKNOWN),
        # Unset, AWS decides from the subnets' route to an internet gateway.
        "publicly_accessible": or_default(as_bool(configured(raw, "publicly_accessible")), UNKNOWN),
        "auto_minor_version_upgrade": as_bool(values.get("auto_minor_version_upgrade"), True),
        "cluster_id": values.get("cluster_identifier", UNKNOWN),
    }
    return member | dict.fromkeys(_CLUSTER_LEVEL, UNKNOWN)


def _group_tls(raw: RawResource, parts: Parts, name_key: str, group_type: str) -> dict[str, Any]:
    """Family and TLS parameters of the DB (cluster) parameter group the resource names."""
    group = parts.first(group_type)
    pairs: Any = UNKNOWN
    if group is not None:
        found = blocks(group.values, "parameter")
        pairs = (
            found
            if isinstance(found, Unknown)
            else [(dig(p, "name"), dig(p, "value")) for p in found]
        )
    family, tls = parameter_group_tls(configured(raw, name_key), group, "family", pairs)
    return {"parameter_group_family": family, "tls_parameters": tls}


@normalizer(
    "rds.db_instance",
    Dialect.TERRAFORM,
    name="identifier",
    identity=("arn", "identifier", "id"),
    parts={"aws_db_instance_automated_backups_replication": "source_db_instance_arn"},
    named_parts={"aws_db_parameter_group": ("parameter_group_name", "name")},
)
def normalize_db_instance(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_db_instance, or an Aurora aws_rds_cluster_instance (master password left out)."""
    if raw.native_type == "aws_rds_cluster_instance":
        return _cluster_member(raw)
    values = raw.values
    replication = parts.of("aws_db_instance_automated_backups_replication")
    return {
        "engine": or_default(configured(raw, "engine"), UNKNOWN),
        "engine_version": configured(raw, "engine_version"),
        "encrypted": _storage_encrypted(
            raw, "storage_encrypted", "replicate_source_db", "snapshot_identifier"
        ),
        "kms_key_id": none_if_empty(configured(raw, "kms_key_id")),
        "publicly_accessible": as_bool(values.get("publicly_accessible"), False),
        "multi_az": as_bool(configured(raw, "multi_az"), False),
        "backup_retention_days": as_int(configured(raw, "backup_retention_period"), 1),
        "deletion_protection": as_bool(values.get("deletion_protection"), False),
        "auto_minor_version_upgrade": as_bool(values.get("auto_minor_version_upgrade"), True),
        "iam_auth_enabled": as_bool(values.get("iam_database_authentication_enabled"), False),
        "log_exports": sorted_names(values.get("enabled_cloudwatch_logs_exports")),
        "cluster_id": None,
        "replication_regions": [part.region for part in replication],
    } | _group_tls(raw, parts, "parameter_group_name", "aws_db_parameter_group")


def _cluster_encrypted(raw: RawResource) -> bool | Unknown:
    """Aurora Serverless v1 is always encrypted; otherwise as configured or inherited."""
    if raw.values.get("engine_mode") == "serverless":
        return True
    return _storage_encrypted(
        raw, "storage_encrypted", "snapshot_identifier", "replication_source_identifier"
    )


@normalizer(
    "rds.db_cluster",
    Dialect.TERRAFORM,
    name="cluster_identifier",
    identity=("arn", "cluster_identifier", "id"),
    named_parts={"aws_rds_cluster_parameter_group": ("db_cluster_parameter_group_name", "name")},
)
def normalize_db_cluster(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_rds_cluster (master password left out)."""
    values = raw.values
    return {
        "engine": or_default(values.get("engine"), UNKNOWN),
        "engine_version": configured(raw, "engine_version"),
        "engine_mode": or_default(values.get("engine_mode"), "provisioned"),
        "encrypted": _cluster_encrypted(raw),
        "kms_key_id": none_if_empty(configured(raw, "kms_key_id")),
        "backup_retention_days": as_int(configured(raw, "backup_retention_period"), 1),
        "deletion_protection": as_bool(values.get("deletion_protection"), False),
        "iam_auth_enabled": as_bool(values.get("iam_database_authentication_enabled"), False),
        "log_exports": sorted_names(values.get("enabled_cloudwatch_logs_exports")),
        # The other regions of a global database are not named on the cluster itself.
        "replication_regions": UNKNOWN if is_set(values.get("global_cluster_identifier")) else [],
    } | _group_tls(raw, parts, "db_cluster_parameter_group_name", "aws_rds_cluster_parameter_group")


def _first_set(values: Mapping[str, Any], *keys: str) -> Any:
    """The first of these arguments that was given, or UNKNOWN."""
    for key in keys:
        if is_set(values.get(key)):
            return values[key]
    return UNKNOWN


def _shared_accounts(values: Mapping[str, Any]) -> tuple[Any, Any]:
    """(public, other accounts) from a restore attribute list where "all" means public."""
    accounts = sorted_names(values.get("shared_accounts"))
    if isinstance(accounts, Unknown):
        return UNKNOWN, UNKNOWN
    return "all" in accounts, [a for a in accounts if a != "all"]


@normalizer(
    "rds.db_snapshot",
    Dialect.TERRAFORM,
    name="id",
    identity=("id", "db_snapshot_arn", "db_cluster_snapshot_arn"),
)
def normalize_db_snapshot(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_db_snapshot, aws_db_cluster_snapshot or aws_db_snapshot_copy."""
    values = raw.values
    public, shared = _shared_accounts(values)
    kms_key_id = none_if_empty(configured(raw, "kms_key_id"))
    # Without a key of its own a snapshot inherits its source's encryption: known after apply.
    encrypted = as_bool(values.get("encrypted", values.get("storage_encrypted")))
    source = _first_set(
        values, "db_instance_identifier", "db_cluster_identifier", "source_db_snapshot_identifier"
    )
    return {
        "encrypted": True if isinstance(kms_key_id, str) else or_default(encrypted, UNKNOWN),
        "kms_key_id": UNKNOWN if kms_key_id is None else kms_key_id,
        "public": public,
        "shared_account_ids": shared,
        "source_id": source,
    }


def _document_cluster(raw: RawResource, kms_key: str, log_exports: str) -> dict[str, Any]:
    """The settings DocumentDB and Neptune clusters share, under their own argument names."""
    values = raw.values
    return {
        "engine_version": configured(raw, "engine_version"),
        "encrypted": _storage_encrypted(
            raw, "storage_encrypted", "snapshot_identifier", "replication_source_identifier"
        ),
        "kms_key_id": none_if_empty(configured(raw, kms_key)),
        "backup_retention_days": as_int(values.get("backup_retention_period"), 1),
        "deletion_protection": as_bool(values.get("deletion_protection"), False),
        "log_exports": sorted_names(values.get(log_exports)),
    }


@normalizer("docdb.cluster", Dialect.TERRAFORM, name="cluster_identifier")
def normalize_docdb_cluster(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_docdb_cluster (master password left out)."""
    return _document_cluster(raw, "kms_key_id", "enabled_cloudwatch_logs_exports")


@normalizer("neptune.cluster", Dialect.TERRAFORM, name="cluster_identifier")
def normalize_neptune_cluster(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_neptune_cluster."""
    iam = as_bool(raw.values.get("iam_database_authentication_enabled"), False)
    shared = _document_cluster(raw, "kms_key_arn", "enable_cloudwatch_logs_exports")
    return shared | {"iam_auth_enabled": iam}


def _table_encryption(raw: RawResource) -> tuple[Any, Any]:
    """(encryption_key_type, kms_key_id) from the server_side_encryption block."""
    config = block(raw.values, "server_side_encryption")
    enabled = as_bool(dig(config, "enabled"), False)
    if isinstance(enabled, Unknown):
        return UNKNOWN, UNKNOWN
    if not enabled:
        return "AWS_OWNED", None
    key = none_if_empty(dig(config, "kms_key_arn"))
    planned = "id" in raw.values
    if isinstance(key, Unknown) and planned and "server_side_encryption" not in raw.references:
        key = None  # unset: a plan shows the computed aws/dynamodb key ARN as unknown
    if key is None or aws_managed_key(key):
        return "AWS_MANAGED", None
    return "CUSTOMER_MANAGED", key


def _table_replicas(raw: RawResource, parts: Parts) -> list[Any] | Unknown:
    """Regions of replica blocks and aws_dynamodb_table_replica resources, own region left out."""
    replicas = blocks(raw.values, "replica")
    if isinstance(replicas, Unknown):
        return UNKNOWN
    regions = [dig(replica, "region_name") for replica in replicas]
    regions += [part.region for part in parts.of("aws_dynamodb_table_replica")]
    return [region for region in dict.fromkeys(regions) if region != raw.region]


@normalizer(
    "dynamodb.table",
    Dialect.TERRAFORM,
    name="name",
    identity=("arn", "name", "id"),
    parts={
        "aws_dynamodb_table_replica": "global_table_arn",
        "aws_dynamodb_resource_policy": "resource_arn",
    },
)
def normalize_dynamodb_table(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_dynamodb_table with its replicas and resource policy."""
    key_type, kms_key_id = _table_encryption(raw)
    policy = parts.first("aws_dynamodb_resource_policy")
    pitr = dig(block(raw.values, "point_in_time_recovery"), "enabled")
    return {
        "encryption_key_type": key_type,
        "kms_key_id": kms_key_id,
        "point_in_time_recovery": as_bool(pitr, False),
        "deletion_protection": as_bool(raw.values.get("deletion_protection_enabled"), False),
        "policy": parse_policy(policy.values.get("policy")) if policy else None,
        "replication_regions": _table_replicas(raw, parts),
    }


@normalizer(
    "elasticache.replication_group",
    Dialect.TERRAFORM,
    name="replication_group_id",
    identity=("id", "arn", "replication_group_id"),
)
def normalize_replication_group(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_elasticache_replication_group (auth token left out)."""
    values = raw.values
    engine = or_default(values.get("engine"), "redis")
    # AWS encrypts Valkey at rest unless told otherwise; Redis OSS only when asked.
    at_rest_default = UNKNOWN if isinstance(engine, Unknown) else engine == "valkey"
    return {
        "engine": engine,
        "engine_version": configured(raw, "engine_version"),
        "encrypted": or_default(
            as_bool(configured(raw, "at_rest_encryption_enabled")), at_rest_default
        ),
        "kms_key_id": none_if_empty(values.get("kms_key_id")),
        "transit_encryption_enabled": as_bool(configured(raw, "transit_encryption_enabled"), False),
        "auth_enabled": _auth_enabled(values),
        "automatic_failover_enabled": as_bool(values.get("automatic_failover_enabled"), False),
        "multi_az_enabled": as_bool(values.get("multi_az_enabled"), False),
        "snapshot_retention_days": as_int(values.get("snapshot_retention_limit"), 0),
        "auto_minor_version_upgrade": as_bool(configured(raw, "auto_minor_version_upgrade"), True),
    }


def _auth_enabled(values: Mapping[str, Any]) -> bool | Unknown:
    """An AUTH token (its value never read) or at least one RBAC user group."""
    if is_set(values.get("auth_token")):
        return True
    groups = as_list(values.get("user_group_ids"))
    return UNKNOWN if isinstance(groups, Unknown) else len(groups) > 0


def _memcached_az_mode(raw: RawResource, engine: Any) -> Any:
    """az_mode for Memcached (single-az unless set), null for Redis OSS and Valkey."""
    if isinstance(engine, Unknown):
        return UNKNOWN
    if engine != "memcached":
        return None
    return or_default(configured(raw, "az_mode"), "single-az")


@normalizer(
    "elasticache.cluster",
    Dialect.TERRAFORM,
    name="cluster_id",
    identity=("id", "arn", "cluster_id"),
)
def normalize_cache_cluster(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_elasticache_cluster; a replication group member takes the group's settings."""
    values = raw.values
    group = none_if_empty(configured(raw, "replication_group_id"))
    # A member's unset settings are the group's: unknown from the member alone.
    unset: Any = None if group is None else UNKNOWN
    engine = or_default(configured(raw, "engine"), UNKNOWN)
    return {
        "engine": engine,
        "engine_version": or_default(configured(raw, "engine_version"), unset),
        "replication_group_id": group,
        "transit_encryption_enabled": or_default(
            as_bool(configured(raw, "transit_encryption_enabled")),
            False if group is None else UNKNOWN,
        ),
        "snapshot_retention_days": or_default(
            as_int(values.get("snapshot_retention_limit")), 0 if group is None else UNKNOWN
        ),
        "auto_minor_version_upgrade": as_bool(values.get("auto_minor_version_upgrade"), True),
        "az_mode": _memcached_az_mode(raw, engine),
        "node_type": or_default(configured(raw, "node_type"), UNKNOWN),
    }


@normalizer(
    "dax.cluster",
    Dialect.TERRAFORM,
    name="cluster_name",
    identity=("cluster_name", "arn", "id"),
)
def normalize_dax_cluster(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_dax_cluster: encryption at rest is off unless server_side_encryption enables it."""
    sse = block(raw.values, "server_side_encryption")
    return {
        "encrypted": as_bool(dig(sse, "enabled"), False),
        "endpoint_encryption_type": or_default(
            configured(raw, "cluster_endpoint_encryption_type"), "NONE"
        ),
    }


NORMALIZERS = [
    normalize_db_instance,
    normalize_db_cluster,
    normalize_db_snapshot,
    normalize_docdb_cluster,
    normalize_neptune_cluster,
    normalize_dynamodb_table,
    normalize_dax_cluster,
    normalize_replication_group,
    normalize_cache_cluster,
]
