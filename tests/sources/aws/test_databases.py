"""Live databases: RDS, Neptune and DynamoDB seeded in moto normalize like IaC."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import ClientError
from live_collection import collected

from srmap.model import UNKNOWN
from srmap.report.jsonable import to_jsonable
from srmap.sources.aws.api import Api
from srmap.sources.aws.collector import Gaps
from srmap.sources.aws.collectors import databases

PARITY = Path(__file__).parent.parent.parent / "fixtures" / "parity"
KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
REGION = "eu-west-1"


def expected(case: str) -> dict[str, Any]:
    return dict(json.loads((PARITY / case / "expected.json").read_text())["resources"])


def _parity_instance() -> None:
    boto3.client("rds", region_name=REGION).create_db_instance(
        DBInstanceIdentifier="parity-orders",
        Engine="postgres",
        EngineVersion="17.6",
        DBInstanceClass="db.t4g.medium",
        AllocatedStorage=20,
        StorageType="gp3",
        StorageEncrypted=True,
        KmsKeyId=KEY,
        MasterUsername="app",
        ManageMasterUserPassword=True,
        BackupRetentionPeriod=7,
        DeletionProtection=True,
        MultiAZ=True,
        PubliclyAccessible=False,
        AutoMinorVersionUpgrade=True,
        EnableIAMDatabaseAuthentication=True,
        Tags=[{"Key": "Environment", "Value": "parity"}],
    )


def _parity_cluster() -> None:
    rds = boto3.client("rds", region_name=REGION)
    rds.create_db_cluster(
        DBClusterIdentifier="parity-ledger",
        Engine="aurora-postgresql",
        EngineVersion="17.6",
        MasterUsername="ledger",
        ManageMasterUserPassword=True,
        StorageEncrypted=True,
        KmsKeyId=KEY,
        BackupRetentionPeriod=14,
        PreferredBackupWindow="02:00-03:00",
        DeletionProtection=True,
        CopyTagsToSnapshot=True,
        Tags=[{"Key": "Environment", "Value": "parity"}],
    )
    rds.create_db_instance(
        DBInstanceIdentifier="parity-ledger-1",
        DBClusterIdentifier="parity-ledger",
        Engine="aurora-postgresql",
        DBInstanceClass="db.r6g.large",
        PubliclyAccessible=False,
        AutoMinorVersionUpgrade=True,
    )


def test_live_db_instance_matches_the_iac_parity_case(api: Api) -> None:
    """The parity instance, seeded live, has the same attributes as from plan, HCL and template."""
    _parity_instance()
    [instance] = collected(databases.collect_db_instances, api)
    want = expected("rds_db_instance")["aws_db_instance.orders"]
    assert to_jsonable(instance.attributes) == want["attributes"]
    assert (instance.id, instance.name, instance.tags) == (
        "arn:aws:rds:eu-west-1:123456789012:db:parity-orders",
        want["name"],
        {"Environment": "parity"},
    )


def test_live_db_cluster_and_member_match_the_iac_parity_case(api: Api) -> None:
    """The Aurora cluster and its member match the parity case; the member defers to the cluster."""
    _parity_cluster()
    want = expected("rds_db_cluster")
    [cluster] = collected(databases.collect_db_clusters, api)
    [member] = collected(databases.collect_db_instances, api)
    assert to_jsonable(cluster.attributes) == want["aws_rds_cluster.ledger"]["attributes"]
    assert to_jsonable(member.attributes) == want["aws_rds_cluster_instance.ledger_1"]["attributes"]
    assert (cluster.name, member.name) == ("parity-ledger", "parity-ledger-1")


def test_each_cluster_is_reported_under_exactly_one_type(api: Api) -> None:
    """A Neptune cluster read through the shared RDS listing is a neptune.cluster only."""
    _parity_cluster()
    boto3.client("neptune", region_name=REGION).create_db_cluster(
        DBClusterIdentifier="graph", Engine="neptune"
    )
    rds = [c.name for c in collected(databases.collect_db_clusters, api)]
    neptune = collected(databases.collect_neptune_clusters, api)
    assert rds == ["parity-ledger"]
    assert [c.name for c in neptune] == ["graph"]
    assert neptune[0].type == "neptune.cluster"
    assert neptune[0].attributes["iam_auth_enabled"] is False
    assert set(neptune[0].attributes) == {
        "engine_version", "encrypted", "kms_key_id", "backup_retention_days",
        "deletion_protection", "iam_auth_enabled", "log_exports",
    }  # fmt: skip
    assert collected(databases.collect_docdb_clusters, api) == []
    assert api.calls["rds:DescribeDBClusters"] == 1


def test_engine_decides_the_cluster_type() -> None:
    """docdb and neptune engines have their own types; every other engine is an RDS cluster."""
    assert [databases.cluster_type(e) for e in ("docdb", "neptune", "aurora-mysql", "mysql")] == [
        "docdb.cluster",
        "neptune.cluster",
        "rds.db_cluster",
        "rds.db_cluster",
    ]


def test_db_snapshot_restore_attribute_gives_public_and_accounts(api: Api) -> None:
    """A manual snapshot restorable by "all" and one account is public and shares with it."""
    _parity_instance()
    rds = boto3.client("rds", region_name=REGION)
    rds.create_db_snapshot(DBSnapshotIdentifier="orders-copy", DBInstanceIdentifier="parity-orders")
    rds.modify_db_snapshot_attribute(
        DBSnapshotIdentifier="orders-copy",
        AttributeName="restore",
        ValuesToAdd=["all", "210987654321"],
    )
    [snapshot] = collected(databases.collect_db_snapshots, api)
    assert snapshot.name == "orders-copy"
    assert snapshot.attributes == {
        "encrypted": True,
        "kms_key_id": KEY,
        "public": True,
        "shared_account_ids": ["210987654321"],
        "source_id": "parity-orders",
    }


def test_cluster_snapshot_is_a_db_snapshot(api: Api) -> None:
    """A manual cluster snapshot becomes an rds.db_snapshot naming its cluster."""
    _parity_cluster()
    rds = boto3.client("rds", region_name=REGION)
    rds.create_db_cluster_snapshot(
        DBClusterSnapshotIdentifier="ledger-snap", DBClusterIdentifier="parity-ledger"
    )
    [snapshot] = collected(databases.collect_db_snapshots, api)
    assert (snapshot.name, snapshot.attributes["source_id"]) == ("ledger-snap", "parity-ledger")
    assert (snapshot.attributes["public"], snapshot.attributes["shared_account_ids"]) == (False, [])


def test_live_table_matches_the_iac_parity_case(api: Api) -> None:
    """The parity table, seeded live, has the same attributes as from plan, HCL and template."""
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    dynamodb.create_table(
        TableName="parity-sessions",
        BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "session_id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "session_id", "AttributeType": "S"}],
        DeletionProtectionEnabled=True,
        SSESpecification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": KEY},
        Tags=[{"Key": "Environment", "Value": "parity"}],
    )
    dynamodb.update_continuous_backups(
        TableName="parity-sessions",
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
    )
    [table] = collected(databases.collect_dynamodb_tables, api)
    want = expected("dynamodb_table")["aws_dynamodb_table.sessions"]
    assert to_jsonable(table.attributes) == want["attributes"]
    assert (table.name, table.tags) == ("parity-sessions", {"Environment": "parity"})


def test_default_table_is_aws_owned_and_policy_is_read(api: Api) -> None:
    """No SSE description means an AWS owned key; a resource policy is parsed."""
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    arn = dynamodb.create_table(
        TableName="plain",
        BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
    )["TableDescription"]["TableArn"]
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*"}]}
    dynamodb.put_resource_policy(ResourceArn=arn, Policy=json.dumps(policy))
    [table] = collected(databases.collect_dynamodb_tables, api)
    assert table.attributes["encryption_key_type"] == "AWS_OWNED"
    assert table.attributes["kms_key_id"] is None
    assert table.attributes["point_in_time_recovery"] is False
    assert table.attributes["policy"] == policy


def test_denied_calls_are_unknown_and_recorded(api: Api, aws: boto3.Session) -> None:
    """Denied snapshot attributes and KMS key reads leave those attributes UNKNOWN."""
    _parity_instance()
    rds = boto3.client("rds", region_name=REGION)
    rds.create_db_snapshot(DBSnapshotIdentifier="orders-copy", DBInstanceIdentifier="parity-orders")
    own_key = boto3.client("kms", region_name=REGION).create_key()["KeyMetadata"]["Arn"]
    rds.create_db_instance(
        DBInstanceIdentifier="own-key",
        Engine="mysql",
        DBInstanceClass="db.t4g.micro",
        StorageEncrypted=True,
        KmsKeyId=own_key,
    )

    def refuse(**_: object) -> None:
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, "Describe")

    aws.events.register("before-call.rds.DescribeDBSnapshotAttributes", refuse)
    aws.events.register("before-call.kms.DescribeKey", refuse)
    gaps = Gaps()
    [snapshot] = collected(databases.collect_db_snapshots, api, gaps)
    instances = {i.name: i.attributes for i in collected(databases.collect_db_instances, api, gaps)}
    assert (snapshot.attributes["public"], snapshot.attributes["shared_account_ids"]) == (
        UNKNOWN,
        UNKNOWN,
    )
    assert instances["own-key"]["kms_key_id"] is UNKNOWN
    assert instances["parity-orders"]["kms_key_id"] == KEY  # another account's: never AWS managed
    assert {("rds:DescribeDBSnapshotAttributes", REGION), ("kms:DescribeKey", REGION)} <= (
        gaps.denied
    )


def test_instance_reads_the_tls_parameters_its_custom_group_sets(api: Api) -> None:
    """A custom group is read for the parameters the user set; a default.* group is not read."""
    rds = boto3.client("rds", region_name=REGION)
    rds.create_db_parameter_group(
        DBParameterGroupName="tls", DBParameterGroupFamily="postgres13", Description="tls"
    )
    rds.modify_db_parameter_group(
        DBParameterGroupName="tls",
        Parameters=[
            {"ParameterName": "rds.force_ssl", "ParameterValue": "1", "ApplyMethod": "immediate"}
        ],
    )
    for name, group in (("forced", "tls"), ("plain", "default.postgres13")):
        rds.create_db_instance(
            DBInstanceIdentifier=name,
            Engine="postgres",
            EngineVersion="13.4",
            DBInstanceClass="db.t4g.micro",
            DBParameterGroupName=group,
        )
    found = {r.name: r.attributes for r in collected(databases.collect_db_instances, api)}
    assert found["forced"]["tls_parameters"] == {"rds.force_ssl": "1"}
    assert found["plain"]["parameter_group_family"] is None
    assert found["plain"]["tls_parameters"] == {}
