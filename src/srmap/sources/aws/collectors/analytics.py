"""Redshift clusters, OpenSearch domains, DMS replication instances, Kinesis data streams and
MSK clusters, live: configuration only, never a record, a document or a query result."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from srmap.model import UNKNOWN, Resource, Unknown
from srmap.sources.aws.collector import LiveContext, collector
from srmap.sources.aws.collectors.storage import customer_key, tag_dict
from srmap.sources.normalize.values import dig, parse_policy

__all__ = ["COLLECTORS"]

# DescribeDomains answers for at most this many domains per call.
_DOMAINS_PER_CALL = 5

_DOMAIN_ATTRIBUTES = (
    "engine_version",
    "encrypted",
    "kms_key_id",
    "node_to_node_encryption",
    "enforce_https",
    "tls_security_policy",
    "vpc_subnet_ids",
    "policy",
    "fine_grained_access_control",
    "log_types",
)
_STREAM_ATTRIBUTES = ("encryption_type", "kms_key_id", "retention_hours", "stream_mode")


def _redshift_attributes(context: LiveContext, cluster: Mapping[str, Any]) -> dict[str, Any]:
    """A cluster's encryption, exposure, logging, snapshots and routing."""
    encrypted = bool(cluster.get("Encrypted", False))
    logging = context.attempt(
        "redshift", "DescribeLoggingStatus", ClusterIdentifier=cluster["ClusterIdentifier"]
    )
    copy_region = dig(cluster, "ClusterSnapshotCopyStatus", "DestinationRegion")
    return {
        "encrypted": encrypted,
        "kms_key_id": customer_key(context, cluster.get("KmsKeyId")) if encrypted else None,
        "publicly_accessible": bool(cluster.get("PubliclyAccessible", False)),
        "logging_enabled": UNKNOWN
        if isinstance(logging, Unknown)
        else bool(dig(logging, "LoggingEnabled")),
        "automated_snapshot_retention_days": cluster.get("AutomatedSnapshotRetentionPeriod", 1),
        "enhanced_vpc_routing": bool(cluster.get("EnhancedVpcRouting", False)),
        "allow_version_upgrade": bool(cluster.get("AllowVersionUpgrade", True)),
        "replication_regions": [copy_region] if copy_region else [],
    }


@collector("redshift.cluster", service="redshift")
def collect_redshift_clusters(context: LiveContext) -> Iterator[Resource]:
    """Provisioned Redshift clusters with audit logging and snapshot copy."""
    for cluster in context.listing("redshift", "DescribeClusters", "Clusters"):
        name = cluster["ClusterIdentifier"]
        yield context.resource(
            arn=f"arn:aws:redshift:{context.region}:{context.account}:cluster:{name}",
            name=name,
            tags=tag_dict(cluster.get("Tags")),
            api="redshift:DescribeClusters",
            attributes=_redshift_attributes(context, cluster),
        )


def _domain_statuses(context: LiveContext, names: list[str]) -> dict[str, Any] | Unknown:
    """DomainStatus by name, a few domains per call; UNKNOWN when the read is denied."""
    statuses: dict[str, Any] = {}
    for start in range(0, len(names), _DOMAINS_PER_CALL):
        chunk = names[start : start + _DOMAINS_PER_CALL]
        found = context.attempt("opensearch", "DescribeDomains", DomainNames=chunk)
        if isinstance(found, Unknown):
            return UNKNOWN
        statuses |= {s["DomainName"]: s for s in found.get("DomainStatusList", [])}
    return statuses


def _domain_attributes(context: LiveContext, status: Mapping[str, Any]) -> dict[str, Any]:
    """A domain's encryption, endpoint, network, policy, access control and logs."""
    encrypted = bool(dig(status, "EncryptionAtRestOptions", "Enabled"))
    key = dig(status, "EncryptionAtRestOptions", "KmsKeyId")
    logs = status.get("LogPublishingOptions") or {}
    endpoint = status.get("DomainEndpointOptions") or {}
    return {
        "engine_version": status.get("EngineVersion"),
        "encrypted": encrypted,
        "kms_key_id": customer_key(context, key) if encrypted else None,
        "node_to_node_encryption": bool(dig(status, "NodeToNodeEncryptionOptions", "Enabled")),
        "enforce_https": bool(endpoint.get("EnforceHTTPS", False)),
        "tls_security_policy": endpoint.get("TLSSecurityPolicy") or None,
        "vpc_subnet_ids": sorted(dig(status, "VPCOptions", "SubnetIds") or []),
        "policy": parse_policy(status.get("AccessPolicies")),
        "fine_grained_access_control": bool(dig(status, "AdvancedSecurityOptions", "Enabled")),
        "log_types": sorted(kind for kind, o in logs.items() if o.get("Enabled")),
    }


@collector("opensearch.domain", service="opensearch")
def collect_opensearch_domains(context: LiveContext) -> Iterator[Resource]:
    """OpenSearch and legacy Elasticsearch domains with their access policy."""
    listed = context.attempt("opensearch", "ListDomainNames")
    if isinstance(listed, Unknown) or listed is None:
        return
    names = sorted(d["DomainName"] for d in listed.get("DomainNames", []))
    statuses = _domain_statuses(context, names)
    for name in names:
        status = UNKNOWN if isinstance(statuses, Unknown) else statuses.get(name)
        if status is None:
            continue  # deleted between the two calls
        yield context.resource(
            arn=f"arn:aws:es:{context.region}:{context.account}:domain/{name}",
            name=name,
            api="opensearch:DescribeDomains",
            attributes=dict.fromkeys(_DOMAIN_ATTRIBUTES, UNKNOWN)
            if isinstance(status, Unknown)
            else _domain_attributes(context, status),
        )


@collector("dms.replication_instance", service="dms")
def collect_dms_replication_instances(context: LiveContext) -> Iterator[Resource]:
    """DMS replication instances."""
    listed = context.listing("dms", "DescribeReplicationInstances", "ReplicationInstances")
    for instance in listed:
        yield context.resource(
            arn=instance["ReplicationInstanceArn"],
            name=instance["ReplicationInstanceIdentifier"],
            api="dms:DescribeReplicationInstances",
            attributes={
                "publicly_accessible": bool(instance.get("PubliclyAccessible", False)),
                # DMS always encrypts storage: with the aws/dms key unless told otherwise.
                "kms_key_id": customer_key(context, instance.get("KmsKeyId")),
                "engine_version": instance.get("EngineVersion") or None,
                "auto_minor_version_upgrade": bool(instance.get("AutoMinorVersionUpgrade", True)),
                "multi_az": bool(instance.get("MultiAZ", False)),
            },
        )


def _stream_attributes(context: LiveContext, summary: Any) -> dict[str, Any]:
    """A stream's encryption, retention and mode; UNKNOWN when its read is denied."""
    if isinstance(summary, Unknown):
        return dict.fromkeys(_STREAM_ATTRIBUTES, UNKNOWN)
    stream = summary["StreamDescriptionSummary"]
    kind = stream.get("EncryptionType") or "NONE"
    return {
        "encryption_type": kind,
        "kms_key_id": customer_key(context, stream.get("KeyId")) if kind == "KMS" else None,
        "retention_hours": stream.get("RetentionPeriodHours", 24),
        "stream_mode": dig(stream, "StreamModeDetails", "StreamMode") or "PROVISIONED",
    }


@collector("kinesis.stream", service="kinesis")
def collect_kinesis_streams(context: LiveContext) -> Iterator[Resource]:
    """Kinesis data streams: settings only, never a record."""
    for name in context.listing("kinesis", "ListStreams", "StreamNames"):
        summary = context.attempt("kinesis", "DescribeStreamSummary", StreamName=name)
        yield context.resource(
            arn=f"arn:aws:kinesis:{context.region}:{context.account}:stream/{name}",
            name=name,
            api="kinesis:DescribeStreamSummary",
            attributes=_stream_attributes(context, summary),
        )


@collector("kafka.cluster", service="kafka")
def collect_msk_clusters(context: LiveContext) -> Iterator[Resource]:
    """MSK provisioned clusters (ListClusters lists no serverless one) and their encryption."""
    for cluster in context.listing("kafka", "ListClusters", "ClusterInfoList"):
        info = cluster.get("EncryptionInfo") or {}
        transit = info.get("EncryptionInTransit") or {}
        key = dig(info, "EncryptionAtRest", "DataVolumeKMSKeyId")
        yield context.resource(
            arn=cluster["ClusterArn"],
            name=cluster["ClusterName"],
            tags=dict(cluster.get("Tags") or {}),
            api="kafka:ListClusters",
            attributes={
                "kms_key_id": customer_key(context, key),
                "client_broker": transit.get("ClientBroker") or "TLS",
                "in_cluster": bool(transit.get("InCluster", True)),
            },
        )


COLLECTORS = [
    collect_redshift_clusters,
    collect_opensearch_domains,
    collect_dms_replication_instances,
    collect_kinesis_streams,
    collect_msk_clusters,
]
