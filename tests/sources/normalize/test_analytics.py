"""Analytics normalizers: Redshift, OpenSearch, DMS, Kinesis Data Streams and MSK."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from raw_resources import attributes, cfn, normalized, raw_resource, tf

from srmap.model import UNKNOWN
from srmap.sources.raw import Dialect

TF, CFN = Dialect.TERRAFORM, Dialect.CLOUDFORMATION


def test_redshift_split_logging_and_snapshot_copy_join_by_name() -> None:
    """aws_redshift_logging and aws_redshift_snapshot_copy naming the cluster are joined in."""
    cluster = tf(
        "aws_redshift_cluster.c",
        {"cluster_identifier": "wh", "encrypted": True, "master_password": "hunter2"},
    )
    logging = tf(
        "aws_redshift_logging.l",
        {"cluster_identifier": "wh", "log_destination_type": "cloudwatch"},
    )
    copy = tf(
        "aws_redshift_snapshot_copy.c",
        {"cluster_identifier": "wh", "destination_region": "us-east-1"},
    )
    got = normalized(cluster, logging, copy)["aws_redshift_cluster.c"].attributes
    assert got["logging_enabled"] is True
    assert got["replication_regions"] == ["us-east-1"]
    assert got["encrypted"] is True
    assert "hunter2" not in repr(got)


@pytest.mark.parametrize(
    ("dialect", "native_type", "encrypted", "public"),
    [
        (TF, "aws_redshift_cluster", False, True),
        (CFN, "AWS::Redshift::Cluster", True, False),
    ],
)
def test_redshift_defaults_follow_who_sends_them(
    dialect: Dialect, native_type: str, encrypted: bool, public: bool
) -> None:
    """Provider 5 sends its own defaults; CloudFormation leaves them to AWS."""
    got = attributes(raw_resource("c", native_type, {}, dialect=dialect))
    assert got["encrypted"] is encrypted
    assert got["publicly_accessible"] is public
    assert got["logging_enabled"] is False
    assert got["automated_snapshot_retention_days"] == 1


def test_opensearch_terraform_and_cloudformation_agree() -> None:
    """One hardened domain written in both dialects normalizes alike."""
    planned = tf(
        "aws_opensearch_domain.d",
        {
            "domain_name": "logs",
            "engine_version": "OpenSearch_2.13",
            "encrypt_at_rest": [{"enabled": True, "kms_key_id": "arn:k"}],
            "node_to_node_encryption": [{"enabled": True}],
            "domain_endpoint_options": [
                {"enforce_https": True, "tls_security_policy": "Policy-Min-TLS-1-2-2019-07"}
            ],
            "vpc_options": [{"subnet_ids": ["subnet-b", "subnet-a"]}],
            "advanced_security_options": [{"enabled": True}],
            "log_publishing_options": [
                {"log_type": "AUDIT_LOGS", "cloudwatch_log_group_arn": "arn:g"},
                {"log_type": "INDEX_SLOW_LOGS", "enabled": False, "cloudwatch_log_group_arn": "g"},
            ],
            "access_policies": '{"Statement": []}',
        },
    )
    template = cfn(
        "Domain",
        "AWS::OpenSearchService::Domain",
        {
            "DomainName": "logs",
            "EngineVersion": "OpenSearch_2.13",
            "EncryptionAtRestOptions": {"Enabled": True, "KmsKeyId": "arn:k"},
            "NodeToNodeEncryptionOptions": {"Enabled": True},
            "DomainEndpointOptions": {
                "EnforceHTTPS": True,
                "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07",
            },
            "VPCOptions": {"SubnetIds": ["subnet-a", "subnet-b"]},
            "AdvancedSecurityOptions": {"Enabled": True},
            "LogPublishingOptions": {
                "AUDIT_LOGS": {"CloudWatchLogsLogGroupArn": "arn:g"},
                "INDEX_SLOW_LOGS": {"CloudWatchLogsLogGroupArn": "g", "Enabled": False},
            },
            "AccessPolicies": {"Statement": []},
        },
    )
    assert attributes(planned) == attributes(template)
    assert attributes(planned)["log_types"] == ["AUDIT_LOGS"]


def test_opensearch_policy_resource_and_planned_key_left_to_provider() -> None:
    """A domain policy resource is joined; an unset key shown unknown in a plan is null."""
    domain = tf(
        "aws_opensearch_domain.d",
        {
            "id": UNKNOWN,
            "domain_name": "logs",
            "engine_version": UNKNOWN,
            "access_policies": UNKNOWN,
            "encrypt_at_rest": [{"enabled": True, "kms_key_id": UNKNOWN}],
        },
    )
    policy = tf(
        "aws_opensearch_domain_policy.p",
        {"domain_name": "logs", "access_policies": '{"Statement": []}'},
    )
    got = normalized(domain, policy)["aws_opensearch_domain.d"].attributes
    assert got["policy"] == {"Statement": []}
    assert got["kms_key_id"] is None
    assert got["engine_version"] is UNKNOWN
    assert got["enforce_https"] is False


def test_elasticsearch_domain_version_is_prefixed() -> None:
    """Legacy Elasticsearch domains report Elasticsearch_<version>."""
    got = attributes(cfn("Es", "AWS::Elasticsearch::Domain", {"ElasticsearchVersion": "7.10"}))
    assert got["engine_version"] == "Elasticsearch_7.10"


@pytest.mark.parametrize(
    ("dialect", "native_type", "values"),
    [
        (TF, "aws_dms_replication_instance", {"id": UNKNOWN, "publicly_accessible": UNKNOWN}),
        (CFN, "AWS::DMS::ReplicationInstance", {}),
    ],
)
def test_dms_instance_is_public_unless_told(
    dialect: Dialect, native_type: str, values: Mapping[str, Any]
) -> None:
    """DMS gives a replication instance a public address by default."""
    got = attributes(raw_resource("dms", native_type, values, dialect=dialect))
    assert got == {
        "publicly_accessible": True,
        "kms_key_id": None,
        "engine_version": None,
        "auto_minor_version_upgrade": True,
        "multi_az": False,
    }


@pytest.mark.parametrize(
    ("dialect", "native_type", "values", "expected"),
    [
        (TF, "aws_kinesis_stream", {"name": "s"}, ("NONE", None, 24, "PROVISIONED")),
        (
            TF,
            "aws_kinesis_stream",
            {
                "encryption_type": "KMS",
                "kms_key_id": "alias/aws/kinesis",
                "retention_period": 48,
                "stream_mode_details": [{"stream_mode": "ON_DEMAND"}],
            },
            ("KMS", "alias/aws/kinesis", 48, "ON_DEMAND"),
        ),
        (CFN, "AWS::Kinesis::Stream", {}, ("NONE", None, 24, "PROVISIONED")),
        (
            CFN,
            "AWS::Kinesis::Stream",
            {
                "StreamEncryption": {"EncryptionType": "KMS", "KeyId": "alias/aws/kinesis"},
                "RetentionPeriodHours": 48,
                "StreamModeDetails": {"StreamMode": "ON_DEMAND"},
            },
            ("KMS", "alias/aws/kinesis", 48, "ON_DEMAND"),
        ),
    ],
)
def test_kinesis_stream(
    dialect: Dialect, native_type: str, values: Mapping[str, Any], expected: tuple[Any, ...]
) -> None:
    """Encryption, retention and capacity mode with their defaults."""
    got = attributes(raw_resource("stream", native_type, values, dialect=dialect))
    keys = ("encryption_type", "kms_key_id", "retention_hours", "stream_mode")
    assert tuple(got[key] for key in keys) == expected


MSK_KEY = "arn:aws:kms:eu-west-1:111122223333:key/msk"


@pytest.mark.parametrize(
    ("dialect", "values", "expected"),
    [
        (TF, {}, (None, "TLS", True)),
        (TF, {"encryption_info": [{}]}, (None, "TLS", True)),
        # A plan shows the unset, computed encryption_info as unknown: the defaults apply.
        (TF, {"id": UNKNOWN, "encryption_info": UNKNOWN}, (None, "TLS", True)),
        (
            TF,
            {
                "encryption_info": [
                    {
                        "encryption_at_rest_kms_key_arn": MSK_KEY,
                        "encryption_in_transit": [
                            {"client_broker": "TLS_PLAINTEXT", "in_cluster": False}
                        ],
                    }
                ]
            },
            (MSK_KEY, "TLS_PLAINTEXT", False),
        ),
        (CFN, {}, (None, "TLS", True)),
        (
            CFN,
            {
                "EncryptionInfo": {
                    "EncryptionAtRest": {"DataVolumeKMSKeyId": "alias/aws/kafka"},
                    "EncryptionInTransit": {"ClientBroker": "PLAINTEXT", "InCluster": "false"},
                }
            },
            (None, "PLAINTEXT", False),
        ),
    ],
)
def test_msk_cluster(
    dialect: Dialect, values: Mapping[str, Any], expected: tuple[Any, ...]
) -> None:
    """The at-rest key (aws/kafka names none) and TLS settings, with MSK's defaults."""
    native_type = "aws_msk_cluster" if dialect is TF else "AWS::MSK::Cluster"
    got = attributes(raw_resource("msk", native_type, values, dialect=dialect))
    assert (got["kms_key_id"], got["client_broker"], got["in_cluster"]) == expected
