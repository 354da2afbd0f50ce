"""Live analytics: Redshift, OpenSearch, DMS and Kinesis seeded in moto normalize like IaC."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import boto3
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError
from live_collection import collected

from srmap.model import UNKNOWN
from srmap.sources.aws.api import Api
from srmap.sources.aws.collector import Gaps
from srmap.sources.aws.collectors import analytics

KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
REGION = "eu-west-1"


def _redshift() -> None:
    redshift = boto3.client("redshift", region_name=REGION)
    redshift.create_cluster(
        ClusterIdentifier="warehouse",
        NodeType="ra3.xlplus",
        MasterUsername="admin",
        MasterUserPassword="Password1",
        Encrypted=True,
        KmsKeyId=KEY,
        PubliclyAccessible=False,
        AutomatedSnapshotRetentionPeriod=7,
        EnhancedVpcRouting=True,
        AllowVersionUpgrade=False,
        Tags=[{"Key": "Environment", "Value": "prod"}],
    )
    redshift.enable_logging(ClusterIdentifier="warehouse", BucketName="audit-logs")
    redshift.create_snapshot_copy_grant(SnapshotCopyGrantName="dr", KmsKeyId=KEY)
    redshift.enable_snapshot_copy(
        ClusterIdentifier="warehouse", DestinationRegion="eu-central-1", SnapshotCopyGrantName="dr"
    )


def test_redshift_cluster(api: Api) -> None:
    """Encryption, logging, snapshot copy and routing settings are read."""
    _redshift()
    [cluster] = collected(analytics.collect_redshift_clusters, api)
    assert (cluster.id, cluster.name, cluster.tags) == (
        "arn:aws:redshift:eu-west-1:123456789012:cluster:warehouse",
        "warehouse",
        {"Environment": "prod"},
    )
    assert cluster.attributes == {
        "encrypted": True,
        "kms_key_id": KEY,
        "publicly_accessible": False,
        "logging_enabled": True,
        "automated_snapshot_retention_days": 7,
        "enhanced_vpc_routing": True,
        "allow_version_upgrade": False,
        "replication_regions": ["eu-central-1"],
    }


def test_opensearch_domain(api: Api) -> None:
    """A hardened VPC domain's encryption, TLS, policy, access control and logs are read."""
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*"}]}
    group = "arn:aws:logs:eu-west-1:123456789012:log-group:search"
    boto3.client("opensearch", region_name=REGION).create_domain(
        DomainName="search",
        EngineVersion="OpenSearch_2.13",
        EncryptionAtRestOptions={"Enabled": True, "KmsKeyId": KEY},
        NodeToNodeEncryptionOptions={"Enabled": True},
        DomainEndpointOptions={
            "EnforceHTTPS": True,
            "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07",
        },
        VPCOptions={"SubnetIds": ["subnet-b", "subnet-a"]},
        AccessPolicies=json.dumps(policy),
        AdvancedSecurityOptions={"Enabled": True, "InternalUserDatabaseEnabled": True},
        LogPublishingOptions={
            "AUDIT_LOGS": {"CloudWatchLogsLogGroupArn": group, "Enabled": True},
            "INDEX_SLOW_LOGS": {"CloudWatchLogsLogGroupArn": group, "Enabled": False},
        },
    )
    [domain] = collected(analytics.collect_opensearch_domains, api)
    assert (domain.id, domain.name) == (
        "arn:aws:es:eu-west-1:123456789012:domain/search",
        "search",
    )
    assert domain.attributes == {
        "engine_version": "OpenSearch_2.13",
        "encrypted": True,
        "kms_key_id": KEY,
        "node_to_node_encryption": True,
        "enforce_https": True,
        "tls_security_policy": "Policy-Min-TLS-1-2-2019-07",
        "vpc_subnet_ids": ["subnet-a", "subnet-b"],
        "policy": policy,
        "fine_grained_access_control": True,
        "log_types": ["AUDIT_LOGS"],
    }


def test_dms_replication_instance(api: Api) -> None:
    """A public DMS instance with a customer key is read as such."""
    boto3.client("dms", region_name=REGION).create_replication_instance(
        ReplicationInstanceIdentifier="migrate",
        ReplicationInstanceClass="dms.t3.micro",
        KmsKeyId=KEY,
        PubliclyAccessible=True,
        MultiAZ=False,
        EngineVersion="3.5.3",
        AutoMinorVersionUpgrade=False,
    )
    [instance] = collected(analytics.collect_dms_replication_instances, api)
    assert instance.name == "migrate"
    assert instance.attributes == {
        "publicly_accessible": True,
        "kms_key_id": KEY,
        "engine_version": "3.5.3",
        "auto_minor_version_upgrade": False,
        "multi_az": False,
    }


def test_kinesis_streams(api: Api) -> None:
    """An encrypted on-demand stream and a plain provisioned one."""
    kinesis = boto3.client("kinesis", region_name=REGION)
    kinesis.create_stream(StreamName="events", StreamModeDetails={"StreamMode": "ON_DEMAND"})
    kinesis.start_stream_encryption(StreamName="events", EncryptionType="KMS", KeyId=KEY)
    kinesis.increase_stream_retention_period(StreamName="events", RetentionPeriodHours=48)
    kinesis.create_stream(StreamName="plain", ShardCount=1)
    found = {s.name: s.attributes for s in collected(analytics.collect_kinesis_streams, api)}
    assert found == {
        "events": {
            "encryption_type": "KMS",
            "kms_key_id": KEY,
            "retention_hours": 48,
            "stream_mode": "ON_DEMAND",
        },
        "plain": {
            "encryption_type": "NONE",
            "kms_key_id": None,
            "retention_hours": 24,
            "stream_mode": "PROVISIONED",
        },
    }


def test_denied_calls_are_unknown_and_recorded(api: Api, aws: boto3.Session) -> None:
    """Denied Redshift logging, domain and stream reads leave what they hide UNKNOWN."""
    _redshift()
    boto3.client("opensearch", region_name=REGION).create_domain(DomainName="search")
    boto3.client("kinesis", region_name=REGION).create_stream(StreamName="events", ShardCount=1)

    def refuse(**_: object) -> None:
        raise ClientError({"Error": {"Code": "AccessDeniedException", "Message": "no"}}, "Op")

    for event in (
        "redshift.DescribeLoggingStatus",
        "opensearch.DescribeDomains",
        "kinesis.DescribeStreamSummary",
    ):
        aws.events.register(f"before-call.{event}", refuse)
    gaps = Gaps()
    [cluster] = collected(analytics.collect_redshift_clusters, api, gaps)
    [domain] = collected(analytics.collect_opensearch_domains, api, gaps)
    [stream] = collected(analytics.collect_kinesis_streams, api, gaps)
    assert cluster.attributes["logging_enabled"] is UNKNOWN
    assert cluster.attributes["encrypted"] is True
    assert domain.name == "search"
    assert all(value is UNKNOWN for value in domain.attributes.values())
    assert all(value is UNKNOWN for value in stream.attributes.values())
    assert {op for op, _ in gaps.denied} == {
        "redshift:DescribeLoggingStatus",
        "opensearch:DescribeDomains",
        "kinesis:DescribeStreamSummary",
    }


def respond(aws: boto3.Session, operation: str, answer: Callable[[], Any]) -> None:
    """Answer one operation in-process: moto's ListClusters leaves EncryptionInfo out."""

    def handler(**_: Any) -> tuple[AWSResponse, Any]:
        return AWSResponse("https://stub", 200, {}, None), answer()  # type: ignore[arg-type]

    aws.events.register(f"before-call.{operation}", handler)


def _msk(name: str, encryption: dict[str, Any] | None) -> dict[str, Any]:
    cluster = {
        "ClusterArn": f"arn:aws:kafka:eu-west-1:123456789012:cluster/{name}/1",
        "ClusterName": name,
        "Tags": {"team": "data"},
    }
    return cluster if encryption is None else {**cluster, "EncryptionInfo": encryption}


def test_msk_clusters(api: Api, aws: boto3.Session) -> None:
    """The at-rest key (the AWS managed aws/kafka key names none) and the TLS settings."""
    owned = {
        "EncryptionAtRest": {"DataVolumeKMSKeyId": KEY},
        "EncryptionInTransit": {"ClientBroker": "TLS_PLAINTEXT", "InCluster": False},
    }
    default = {
        "EncryptionAtRest": {"DataVolumeKMSKeyId": "alias/aws/kafka"},
        "EncryptionInTransit": {"ClientBroker": "TLS", "InCluster": True},
    }
    clusters = [_msk("events", owned), _msk("plain", default), _msk("bare", None)]
    respond(aws, "kafka.ListClusters", lambda: {"ClusterInfoList": clusters})
    found = {c.name: c for c in collected(analytics.collect_msk_clusters, api)}
    assert found["events"].tags == {"team": "data"}
    assert found["events"].attributes == {
        "kms_key_id": KEY,
        "client_broker": "TLS_PLAINTEXT",
        "in_cluster": False,
    }
    expected = {"kms_key_id": None, "client_broker": "TLS", "in_cluster": True}
    assert found["plain"].attributes == expected
    assert found["bare"].attributes == expected
