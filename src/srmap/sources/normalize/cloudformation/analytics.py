"""CloudFormation analytics resources: Redshift, OpenSearch, DMS, Kinesis Data Streams and MSK."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.normalize.registry import Parts, normalizer
from srmap.sources.normalize.values import (
    as_bool,
    as_int,
    as_list,
    aws_managed_key,
    dig,
    none_if_empty,
    or_default,
    parse_policy,
    sorted_items,
)
from srmap.sources.raw import Dialect, RawResource

__all__ = ["NORMALIZERS"]


@normalizer("redshift.cluster", Dialect.CLOUDFORMATION, name="ClusterIdentifier")
def normalize_redshift_cluster(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::Redshift::Cluster (master password left out)."""
    values = raw.values
    logging = values.get("LoggingProperties")
    region = none_if_empty(values.get("DestinationRegion"))
    return {
        # Since January 2025 new clusters are encrypted and private unless told otherwise.
        "encrypted": as_bool(values.get("Encrypted"), True),
        "kms_key_id": none_if_empty(values.get("KmsKeyId")),
        "publicly_accessible": as_bool(values.get("PubliclyAccessible"), False),
        "logging_enabled": UNKNOWN if isinstance(logging, Unknown) else logging is not None,
        "automated_snapshot_retention_days": as_int(
            values.get("AutomatedSnapshotRetentionPeriod"), 1
        ),
        "enhanced_vpc_routing": as_bool(values.get("EnhancedVpcRouting"), False),
        "allow_version_upgrade": as_bool(values.get("AllowVersionUpgrade"), True),
        "replication_regions": [] if region is None else [region],
    }


def _engine_version(raw: RawResource) -> Any:
    """OpenSearch_x.y or Elasticsearch_x.y; unset, OpenSearch picks its latest version."""
    if raw.native_type == "AWS::Elasticsearch::Domain":
        version = or_default(raw.values.get("ElasticsearchVersion"), "1.5")
        return UNKNOWN if isinstance(version, Unknown) else f"Elasticsearch_{version}"
    return or_default(raw.values.get("EngineVersion"), UNKNOWN)


def _log_types(values: Mapping[str, Any]) -> list[Any] | Unknown:
    """Log types of enabled LogPublishingOptions entries, sorted."""
    options = values.get("LogPublishingOptions")
    if isinstance(options, Unknown):
        return UNKNOWN
    if not isinstance(options, dict):
        return []
    enabled = [t for t, o in options.items() if as_bool(dig(o, "Enabled"), True) is not False]
    return sorted_items(enabled)


@normalizer(
    "opensearch.domain",
    Dialect.CLOUDFORMATION,
    name="DomainName",
)
def normalize_opensearch_domain(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::OpenSearchService::Domain or AWS::Elasticsearch::Domain."""
    values = raw.values
    rest = values.get("EncryptionAtRestOptions")
    endpoint = values.get("DomainEndpointOptions")
    return {
        "engine_version": _engine_version(raw),
        "encrypted": as_bool(dig(rest, "Enabled"), False),
        "kms_key_id": none_if_empty(dig(rest, "KmsKeyId")),
        "node_to_node_encryption": as_bool(
            dig(values, "NodeToNodeEncryptionOptions", "Enabled"), False
        ),
        "enforce_https": as_bool(dig(endpoint, "EnforceHTTPS"), False),
        "tls_security_policy": none_if_empty(dig(endpoint, "TLSSecurityPolicy")),
        "vpc_subnet_ids": sorted_items(as_list(dig(values, "VPCOptions", "SubnetIds"))),
        "policy": parse_policy(values.get("AccessPolicies")),
        "fine_grained_access_control": as_bool(
            dig(values, "AdvancedSecurityOptions", "Enabled"), False
        ),
        "log_types": _log_types(values),
    }


@normalizer(
    "dms.replication_instance",
    Dialect.CLOUDFORMATION,
    name="ReplicationInstanceIdentifier",
)
def normalize_dms_replication_instance(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::DMS::ReplicationInstance."""
    values = raw.values
    return {
        # Unset, DMS gives the instance a public address.
        "publicly_accessible": as_bool(values.get("PubliclyAccessible"), True),
        "kms_key_id": none_if_empty(values.get("KmsKeyId")),
        "engine_version": none_if_empty(values.get("EngineVersion")),
        "auto_minor_version_upgrade": as_bool(values.get("AutoMinorVersionUpgrade"), True),
        "multi_az": as_bool(values.get("MultiAZ"), False),
    }


@normalizer("kinesis.stream", Dialect.CLOUDFORMATION, name="Name")
def normalize_kinesis_stream(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::Kinesis::Stream."""
    values = raw.values
    encryption = values.get("StreamEncryption")
    return {
        "encryption_type": or_default(dig(encryption, "EncryptionType"), "NONE"),
        "kms_key_id": none_if_empty(dig(encryption, "KeyId")),
        "retention_hours": as_int(values.get("RetentionPeriodHours"), 24),
        "stream_mode": or_default(dig(values, "StreamModeDetails", "StreamMode"), "PROVISIONED"),
    }


@normalizer("kafka.cluster", Dialect.CLOUDFORMATION, name="ClusterName")
def normalize_msk_cluster(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::MSK::Cluster: TLS to clients and between brokers unless told otherwise."""
    info = raw.values.get("EncryptionInfo")
    key = dig(info, "EncryptionAtRest", "DataVolumeKMSKeyId")
    return {
        "kms_key_id": None if aws_managed_key(key) else none_if_empty(key),
        "client_broker": or_default(dig(info, "EncryptionInTransit", "ClientBroker"), "TLS"),
        "in_cluster": as_bool(dig(info, "EncryptionInTransit", "InCluster"), True),
    }


NORMALIZERS = [
    normalize_redshift_cluster,
    normalize_opensearch_domain,
    normalize_dms_replication_instance,
    normalize_kinesis_stream,
    normalize_msk_cluster,
]
