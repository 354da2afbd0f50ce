"""Database normalizers: RDS, DocumentDB, Neptune, DynamoDB and ElastiCache."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from raw_resources import attributes, cfn, normalized, raw_resource, tf

from srmap.model import UNKNOWN, Reference
from srmap.sources.raw import Dialect, RawResource

TF, CFN = Dialect.TERRAFORM, Dialect.CLOUDFORMATION


def test_db_instance_defaults_when_unset() -> None:
    """An HCL instance that sets only its engine gets the AWS and provider defaults."""
    got = attributes(tf("aws_db_instance.a", {"engine": "mysql"}))
    assert got["encrypted"] is False
    assert got["kms_key_id"] is None
    assert got["publicly_accessible"] is False
    assert got["backup_retention_days"] == 1
    assert got["auto_minor_version_upgrade"] is True
    assert got["log_exports"] == []
    assert got["cluster_id"] is None


def test_db_instance_planned_unknowns_left_to_provider_read_as_defaults() -> None:
    """In a plan, an optional computed argument shown unknown without a reference is unset."""
    values = {"id": UNKNOWN, "engine": "postgres", "engine_version": UNKNOWN, "multi_az": UNKNOWN}
    got = attributes(tf("aws_db_instance.a", values))
    assert got["engine_version"] is None
    assert got["multi_az"] is False


def test_db_instance_unknown_from_a_reference_stays_unknown() -> None:
    """A KMS key that refers to another resource is unknown, not absent."""
    values = {"id": UNKNOWN, "engine": "postgres", "kms_key_id": UNKNOWN}
    raw = tf(
        "aws_db_instance.a",
        values,
        kms_key_id=("aws_kms_key.k",),
    )
    assert attributes(raw)["kms_key_id"] is UNKNOWN


@pytest.mark.parametrize(
    ("dialect", "native_type", "values"),
    [
        (TF, "aws_db_instance", {"engine": "mysql", "password": "hunter2", "username": "root"}),
        (CFN, "AWS::RDS::DBInstance", {"Engine": "mysql", "MasterUserPassword": "hunter2"}),
        (TF, "aws_rds_cluster", {"engine": "aurora-mysql", "master_password": "hunter2"}),
        (CFN, "AWS::RDS::DBCluster", {"Engine": "aurora-mysql", "MasterUserPassword": "hunter2"}),
    ],
)
def test_master_password_never_reaches_attributes(
    dialect: Dialect, native_type: str, values: Mapping[str, Any]
) -> None:
    """No normalized attribute carries the master password."""
    got = attributes(raw_resource("db", native_type, values, dialect=dialect))
    assert "hunter2" not in repr(got)


def test_replica_without_encryption_setting_inherits_unknown() -> None:
    """A read replica that does not set encryption takes its source's: unknown here."""
    values = {"replicate_source_db": "arn:aws:rds:eu-west-1:1:db:src"}
    got = attributes(tf("aws_db_instance.r", values))
    assert got["encrypted"] is UNKNOWN


@pytest.mark.parametrize(
    ("dialect", "native_type", "values"),
    [
        (
            TF,
            "aws_rds_cluster_instance",
            {"engine": "aurora-mysql", "cluster_identifier": "c1", "publicly_accessible": True},
        ),
        (
            CFN,
            "AWS::RDS::DBInstance",
            {"Engine": "aurora-mysql", "DBClusterIdentifier": "c1", "PubliclyAccessible": True},
        ),
    ],
)
def test_cluster_member_defers_cluster_level_settings(
    dialect: Dialect, native_type: str, values: Mapping[str, Any]
) -> None:
    """An Aurora member names its cluster and leaves storage settings to it."""
    got = attributes(raw_resource("member", native_type, values, dialect=dialect))
    assert got["cluster_id"] == "c1"
    assert got["publicly_accessible"] is True
    assert got["encrypted"] is UNKNOWN
    assert got["backup_retention_days"] is UNKNOWN


def test_automated_backup_replication_joins_by_reference() -> None:
    """A backup replication resource in another region adds that region to the instance."""
    instance = tf("aws_db_instance.a", {"engine": "mysql", "arn": UNKNOWN})
    replication = tf(
        "aws_db_instance_automated_backups_replication.a",
        {"source_db_instance_arn": UNKNOWN},
        region="eu-central-1",
        source_db_instance_arn=("aws_db_instance.a",),
    )
    got = normalized(instance, replication)["aws_db_instance.a"].attributes
    assert got["replication_regions"] == ["eu-central-1"]


def test_cfn_instance_backup_replication_region() -> None:
    """CloudFormation's AutomaticBackupReplicationRegion is a replication region."""
    values = {"Engine": "mysql", "AutomaticBackupReplicationRegion": "eu-central-1"}
    got = attributes(cfn("Db", "AWS::RDS::DBInstance", values))
    assert got["replication_regions"] == ["eu-central-1"]
    assert got["publicly_accessible"] is UNKNOWN


@pytest.mark.parametrize(
    ("dialect", "native_type", "values", "encrypted", "replication"),
    [
        (TF, "aws_rds_cluster", {"engine": "aurora-mysql"}, False, []),
        (TF, "aws_rds_cluster", {"engine": "aurora-mysql", "engine_mode": "serverless"}, True, []),
        (
            TF,
            "aws_rds_cluster",
            {"engine": "aurora-mysql", "global_cluster_identifier": "g"},
            False,
            UNKNOWN,
        ),
        (
            CFN,
            "AWS::RDS::DBCluster",
            {"Engine": "aurora-mysql", "SnapshotIdentifier": "s"},
            UNKNOWN,
            [],
        ),
    ],
)
def test_db_cluster_encryption_and_replication(
    dialect: Dialect, native_type: str, values: Mapping[str, Any], encrypted: Any, replication: Any
) -> None:
    """Cluster encryption follows defaults, Serverless v1 and restores; global DBs are open."""
    got = attributes(raw_resource("cluster", native_type, values, dialect=dialect))
    assert got["encrypted"] is encrypted
    assert got["replication_regions"] == replication


def test_db_snapshot_sharing() -> None:
    """ "all" among the restore accounts makes a snapshot public; the rest are shared ids."""
    values = {"db_instance_identifier": "db1", "shared_accounts": ["all", "222233334444"]}
    got = attributes(tf("aws_db_snapshot.s", values))
    assert got["public"] is True
    assert got["shared_account_ids"] == ["222233334444"]
    assert got["source_id"] == "db1"
    assert got["encrypted"] is UNKNOWN


def test_neptune_and_docdb_read_their_own_argument_names() -> None:
    """Neptune names its key kms_key_arn and its log list enable_cloudwatch_logs_exports."""
    values = {
        "storage_encrypted": True,
        "kms_key_arn": "arn:k",
        "enable_cloudwatch_logs_exports": ["slowquery", "audit"],
        "iam_database_authentication_enabled": True,
    }
    got = attributes(tf("aws_neptune_cluster.n", values))
    assert got["kms_key_id"] == "arn:k"
    assert got["log_exports"] == ["audit", "slowquery"]
    assert got["iam_auth_enabled"] is True
    docdb = attributes(cfn("DocDb", "AWS::DocDB::DBCluster", {}))
    assert docdb["encrypted"] is False
    assert docdb["backup_retention_days"] == 1


@pytest.mark.parametrize(
    ("sse", "references", "expected"),
    [
        ([], {}, ("AWS_OWNED", None)),
        ([{"enabled": True, "kms_key_arn": UNKNOWN}], {}, ("AWS_MANAGED", None)),
        (
            [{"enabled": True, "kms_key_arn": UNKNOWN}],
            {"server_side_encryption": ("aws_kms_key.k",)},
            ("CUSTOMER_MANAGED", UNKNOWN),
        ),
        ([{"enabled": True, "kms_key_arn": "arn:k"}], {}, ("CUSTOMER_MANAGED", "arn:k")),
        ([{"enabled": True, "kms_key_arn": "alias/aws/dynamodb"}], {}, ("AWS_MANAGED", None)),
    ],
)
def test_dynamodb_encryption_key_type(
    sse: list[Any], references: Mapping[str, tuple[str, ...]], expected: tuple[Any, Any]
) -> None:
    """The encryption block decides AWS-owned, AWS-managed or customer-managed keys."""
    values = {"id": UNKNOWN, "name": "t", "server_side_encryption": sse}
    raw = tf("aws_dynamodb_table.t", values, **references)
    got = attributes(raw)
    assert (got["encryption_key_type"], got["kms_key_id"]) == expected


def test_dynamodb_replicas_and_policy_join() -> None:
    """Replica blocks, replica resources and a resource policy all land on the table."""
    table = tf(
        "aws_dynamodb_table.t",
        {
            "name": "t",
            "arn": "arn:aws:dynamodb:eu-west-1:1:table/t",
            "replica": [{"region_name": "us-east-1"}, {"region_name": "eu-west-1"}],
        },
    )
    replica = tf(
        "aws_dynamodb_table_replica.r",
        {"global_table_arn": "arn:aws:dynamodb:eu-west-1:1:table/t"},
        region="ap-southeast-2",
    )
    policy = tf(
        "aws_dynamodb_resource_policy.p",
        {"resource_arn": UNKNOWN, "policy": '{"Statement": []}'},
        resource_arn=("aws_dynamodb_table.t",),
    )
    got = normalized(table, replica, policy)["aws_dynamodb_table.t"].attributes
    assert got["replication_regions"] == ["us-east-1", "ap-southeast-2"]
    assert got["policy"] == {"Statement": []}
    assert got["point_in_time_recovery"] is False


def test_cfn_global_table_reads_the_replica_in_its_own_region() -> None:
    """A GlobalTable's settings are its own region's replica; the others are replication."""
    values = {
        "TableName": "g",
        "SSESpecification": {"SSEEnabled": True, "SSEType": "KMS"},
        "Replicas": [
            {"Region": "us-east-1"},
            {
                "Region": "eu-west-1",
                "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
                "SSESpecification": {"KMSMasterKeyId": "alias/k"},
                "DeletionProtectionEnabled": True,
            },
        ],
    }
    got = attributes(cfn("Global", "AWS::DynamoDB::GlobalTable", values))
    assert got["encryption_key_type"] == "CUSTOMER_MANAGED"
    assert got["kms_key_id"] == "alias/k"
    assert got["point_in_time_recovery"] is True
    assert got["deletion_protection"] is True
    assert got["replication_regions"] == ["us-east-1"]


def test_cfn_table_naming_the_aws_managed_alias_uses_the_aws_managed_key() -> None:
    """KMSMasterKeyId alias/aws/dynamodb is the AWS managed key, not a customer's."""
    sse = {"SSEEnabled": True, "SSEType": "KMS", "KMSMasterKeyId": "alias/aws/dynamodb"}
    got = attributes(cfn("T", "AWS::DynamoDB::Table", {"SSESpecification": sse}))
    assert (got["encryption_key_type"], got["kms_key_id"]) == ("AWS_MANAGED", None)


def test_cfn_global_table_with_one_replica_reads_that_replica() -> None:
    """The replicas must include the stack's region, so a lone replica is the stack's own."""
    replica = {
        "Region": "eu-west-2",
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
    }
    values = {"TableName": "g", "Replicas": [replica]}
    for region in (UNKNOWN, "us-east-1"):
        got = attributes(cfn("Global", "AWS::DynamoDB::GlobalTable", values, region=region))
        assert got["point_in_time_recovery"] is True
    two = {"TableName": "g", "Replicas": [replica, {**replica, "Region": "us-east-1"}]}
    got = attributes(cfn("Global", "AWS::DynamoDB::GlobalTable", two, region=UNKNOWN))
    assert got["point_in_time_recovery"] is UNKNOWN


@pytest.mark.parametrize(
    ("dialect", "native_type", "values", "encrypted", "auth"),
    [
        (TF, "aws_elasticache_replication_group", {"engine": "valkey"}, True, False),
        (TF, "aws_elasticache_replication_group", {"auth_token": UNKNOWN}, False, True),
        (
            TF,
            "aws_elasticache_replication_group",
            {"at_rest_encryption_enabled": "true", "user_group_ids": ["g"]},
            True,
            True,
        ),
        (CFN, "AWS::ElastiCache::ReplicationGroup", {"Engine": "redis"}, False, False),
    ],
)
def test_replication_group_encryption_and_auth(
    dialect: Dialect, native_type: str, values: Mapping[str, Any], encrypted: bool, auth: Any
) -> None:
    """At-rest default follows the engine; a token or user group turns auth on."""
    got = attributes(raw_resource("rg", native_type, values, dialect=dialect))
    assert got["encrypted"] is encrypted
    assert got["auth_enabled"] is auth
    assert "auth_token" not in repr(got)


def test_cache_cluster_member_and_memcached() -> None:
    """A group member leaves settings to the group; Memcached defaults to single-az."""
    member = attributes(tf("aws_elasticache_cluster.m", {"replication_group_id": "rg"}))
    assert member["transit_encryption_enabled"] is UNKNOWN
    assert member["replication_group_id"] == "rg"
    memcached = attributes(cfn("Cache", "AWS::ElastiCache::CacheCluster", {"Engine": "memcached"}))
    assert memcached["az_mode"] == "single-az"
    assert memcached["transit_encryption_enabled"] is False


def test_cache_cluster_node_type_from_either_dialect() -> None:
    """The node type is read from node_type / CacheNodeType; a member's is the group's."""
    hcl = tf("aws_elasticache_cluster.a", {"node_type": "cache.t1.micro"})
    template = cfn("Cache", "AWS::ElastiCache::CacheCluster", {"CacheNodeType": "cache.t1.micro"})
    member = tf("aws_elasticache_cluster.m", {"replication_group_id": "g"})
    got = normalized(hcl, template, member)
    assert got[hcl.address].attributes["node_type"] == "cache.t1.micro"
    assert got[template.address].attributes["node_type"] == "cache.t1.micro"
    assert got[member.address].attributes["node_type"] is UNKNOWN


@pytest.mark.parametrize(
    ("dialect", "native_type", "values", "expected"),
    [
        (TF, "aws_dax_cluster", {}, (False, "NONE")),
        (TF, "aws_dax_cluster", {"server_side_encryption": [{}]}, (False, "NONE")),
        (
            TF,
            "aws_dax_cluster",
            {
                "server_side_encryption": [{"enabled": True}],
                "cluster_endpoint_encryption_type": "TLS",
            },
            (True, "TLS"),
        ),
        (
            TF,
            "aws_dax_cluster",
            {"server_side_encryption": [{"enabled": UNKNOWN}]},
            (UNKNOWN, "NONE"),
        ),
        (CFN, "AWS::DAX::Cluster", {}, (False, "NONE")),
        (
            CFN,
            "AWS::DAX::Cluster",
            {"SSESpecification": {"SSEEnabled": True}, "ClusterEndpointEncryptionType": "TLS"},
            (True, "TLS"),
        ),
    ],
)
def test_dax_cluster(
    dialect: Dialect, native_type: str, values: Mapping[str, Any], expected: tuple[Any, ...]
) -> None:
    """Encryption at rest and endpoint TLS are off unless enabled."""
    got = attributes(raw_resource("dax", native_type, values, dialect=dialect))
    assert (got["encrypted"], got["endpoint_encryption_type"]) == expected


def _group(address: str, name: str, *parameters: tuple[str, str]) -> RawResource:
    blocks = [{"name": key, "value": value} for key, value in parameters]
    values = {"name": name, "family": "postgres13", "parameter": blocks}
    return raw_resource(address, "aws_db_parameter_group", values)


def test_db_instance_reads_the_parameter_group_it_names() -> None:
    """By reference first (names may be shared), else by a name only one group has; a custom
    group the input lacks is unknown, a default.* group keeps every engine default."""
    forced = _group("aws_db_parameter_group.forced", "pg", ("rds.force_ssl", "1"))
    plain = _group("aws_db_parameter_group.plain", "pg", ("work_mem", "4"))
    unique = _group("aws_db_parameter_group.unique", "only", ("rds.force_ssl", "0"))

    def instance(name: str, group: Any) -> RawResource:
        return raw_resource(
            f"aws_db_instance.{name}", "aws_db_instance", {"parameter_group_name": group}
        )

    by_reference = instance("a", Reference("aws_db_parameter_group.forced", "name"))
    by_name = instance("b", "only")
    shared_name = instance("c", "pg")
    elsewhere = instance("d", "made-elsewhere")
    default = instance("e", "default.postgres16")
    got = normalized(forced, plain, unique, by_reference, by_name, shared_name, elsewhere, default)

    def tls(raw: RawResource) -> tuple[Any, Any]:
        attributes = got[raw.address].attributes
        return attributes["parameter_group_family"], attributes["tls_parameters"]

    assert tls(by_reference) == ("postgres13", {"rds.force_ssl": "1"})
    assert tls(by_name) == ("postgres13", {"rds.force_ssl": "0"})
    assert tls(shared_name) == (UNKNOWN, UNKNOWN)
    assert tls(elsewhere) == (UNKNOWN, UNKNOWN)
    assert tls(default) == (None, {})
    assert "aws_db_parameter_group.plain" not in got


def test_cfn_cluster_reads_its_cluster_parameter_group_by_ref() -> None:
    """A Ref to an AWS::RDS::DBClusterParameterGroup joins it; numbers become lowercase text."""
    group = cfn(
        "Params",
        "AWS::RDS::DBClusterParameterGroup",
        {"Family": "aurora-mysql8.0", "Parameters": {"require_secure_transport": "ON"}},
    )
    cluster = cfn(
        "Cluster",
        "AWS::RDS::DBCluster",
        {"Engine": "aurora-mysql", "DBClusterParameterGroupName": Reference("Params")},
    )
    got = normalized(group, cluster)["Cluster"].attributes
    assert got["parameter_group_family"] == "aurora-mysql8.0"
    assert got["tls_parameters"] == {"require_secure_transport": "on"}
    alone = attributes(cfn("Db", "AWS::RDS::DBInstance", {"Engine": "postgres"}))
    assert (alone["parameter_group_family"], alone["tls_parameters"]) == (None, {})
