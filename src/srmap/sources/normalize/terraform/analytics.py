"""Terraform analytics resources: Redshift, OpenSearch, DMS, Kinesis Data Streams and MSK."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.normalize.registry import Parts, normalizer
from srmap.sources.normalize.terraform._planned import configured, configured_within
from srmap.sources.normalize.values import (
    as_bool,
    as_int,
    as_list,
    aws_managed_key,
    block,
    blocks,
    dig,
    none_if_empty,
    or_default,
    parse_policy,
    sorted_items,
)
from srmap.sources.raw import Dialect, RawResource

__all__ = ["NORMALIZERS"]


def _nested(raw: RawResource, block_name: str, key: str) -> Any:
    """A setting inside a one-element block, or None when a plan shows it unknown only
    because the provider computes it (the block refers to no other resource)."""
    value = dig(block(raw.values, block_name), key)
    planned = "id" in raw.values
    if isinstance(value, Unknown) and planned and not raw.references.get(block_name):
        return None
    return value


def _redshift_regions(raw: RawResource, parts: Parts) -> list[Any]:
    """Snapshot copy destinations, inline or from aws_redshift_snapshot_copy."""
    inline = dig(block(raw.values, "snapshot_copy"), "destination_region")
    split = [p.values.get("destination_region") for p in parts.of("aws_redshift_snapshot_copy")]
    return [region for region in [inline, *split] if region is not None]


def _redshift_logging(raw: RawResource, parts: Parts) -> bool | Unknown:
    """Audit logging from aws_redshift_logging or the deprecated inline logging block."""
    if parts.first("aws_redshift_logging") is not None:
        return True
    inline = block(raw.values, "logging")
    return UNKNOWN if isinstance(inline, Unknown) else inline is not None


@normalizer(
    "redshift.cluster",
    Dialect.TERRAFORM,
    name="cluster_identifier",
    identity=("cluster_identifier", "id", "arn"),
    parts={
        "aws_redshift_logging": "cluster_identifier",
        "aws_redshift_snapshot_copy": "cluster_identifier",
    },
)
def normalize_redshift_cluster(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_redshift_cluster with its logging and snapshot copy (master password left out)."""
    values = raw.values
    return {
        # Provider 5 sends encrypted = false and publicly_accessible = true when unset.
        "encrypted": as_bool(values.get("encrypted"), False),
        "kms_key_id": none_if_empty(configured(raw, "kms_key_id")),
        "publicly_accessible": as_bool(values.get("publicly_accessible"), True),
        "logging_enabled": _redshift_logging(raw, parts),
        "automated_snapshot_retention_days": as_int(
            values.get("automated_snapshot_retention_period"), 1
        ),
        "enhanced_vpc_routing": as_bool(configured(raw, "enhanced_vpc_routing"), False),
        "allow_version_upgrade": as_bool(values.get("allow_version_upgrade"), True),
        "replication_regions": _redshift_regions(raw, parts),
    }


def _engine_version(raw: RawResource) -> Any:
    """OpenSearch_x.y or Elasticsearch_x.y; unset, OpenSearch picks its latest version."""
    if raw.native_type == "aws_elasticsearch_domain":
        version = or_default(raw.values.get("elasticsearch_version"), "1.5")
        return UNKNOWN if isinstance(version, Unknown) else f"Elasticsearch_{version}"
    return or_default(configured(raw, "engine_version"), UNKNOWN)


def _enforce_https(raw: RawResource) -> Any:
    """The API leaves HTTPS optional without endpoint options; the block itself defaults on."""
    options = block(raw.values, "domain_endpoint_options")
    if isinstance(options, Unknown):
        return UNKNOWN
    if options is None:
        return False
    return as_bool(options.get("enforce_https"), True)


def _log_types(raw: RawResource) -> list[Any] | Unknown:
    """Log types of enabled log publishing options, sorted."""
    options = blocks(raw.values, "log_publishing_options")
    if isinstance(options, Unknown):
        return UNKNOWN
    types = [dig(o, "log_type") for o in options if as_bool(dig(o, "enabled"), True) is not False]
    return sorted_items(types)


@normalizer(
    "opensearch.domain",
    Dialect.TERRAFORM,
    name="domain_name",
    identity=("domain_name", "id", "arn"),
    parts={
        "aws_opensearch_domain_policy": "domain_name",
        "aws_elasticsearch_domain_policy": "domain_name",
    },
)
def normalize_opensearch_domain(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_opensearch_domain or aws_elasticsearch_domain with its access policy."""
    values = raw.values
    split = parts.first("aws_opensearch_domain_policy", "aws_elasticsearch_domain_policy")
    policy = split.values.get("access_policies") if split else configured(raw, "access_policies")
    encrypted = as_bool(dig(block(values, "encrypt_at_rest"), "enabled"), False)
    subnets = dig(block(values, "vpc_options"), "subnet_ids")
    return {
        "engine_version": _engine_version(raw),
        "encrypted": encrypted,
        "kms_key_id": none_if_empty(_nested(raw, "encrypt_at_rest", "kms_key_id")),
        "node_to_node_encryption": as_bool(
            dig(block(values, "node_to_node_encryption"), "enabled"), False
        ),
        "enforce_https": _enforce_https(raw),
        "tls_security_policy": none_if_empty(
            _nested(raw, "domain_endpoint_options", "tls_security_policy")
        ),
        "vpc_subnet_ids": sorted_items(as_list(subnets)),
        "policy": parse_policy(policy),
        "fine_grained_access_control": as_bool(
            dig(block(values, "advanced_security_options"), "enabled"), False
        ),
        "log_types": _log_types(raw),
    }


@normalizer(
    "dms.replication_instance",
    Dialect.TERRAFORM,
    name="replication_instance_id",
    identity=("replication_instance_id", "replication_instance_arn", "id"),
)
def normalize_dms_replication_instance(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_dms_replication_instance."""
    return {
        # Unset, DMS gives the instance a public address.
        "publicly_accessible": as_bool(configured(raw, "publicly_accessible"), True),
        "kms_key_id": none_if_empty(configured(raw, "kms_key_arn")),
        "engine_version": none_if_empty(configured(raw, "engine_version")),
        "auto_minor_version_upgrade": as_bool(configured(raw, "auto_minor_version_upgrade"), True),
        "multi_az": as_bool(configured(raw, "multi_az"), False),
    }


@normalizer("kinesis.stream", Dialect.TERRAFORM, name="name", identity=("name", "arn", "id"))
def normalize_kinesis_stream(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_kinesis_stream."""
    values = raw.values
    mode = dig(block(values, "stream_mode_details"), "stream_mode")
    return {
        "encryption_type": or_default(values.get("encryption_type"), "NONE"),
        "kms_key_id": none_if_empty(values.get("kms_key_id")),
        "retention_hours": as_int(values.get("retention_period"), 24),
        "stream_mode": or_default(mode, "PROVISIONED"),
    }


@normalizer(
    "kafka.cluster", Dialect.TERRAFORM, name="cluster_name", identity=("cluster_name", "arn", "id")
)
def normalize_msk_cluster(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_msk_cluster: TLS to clients and between brokers unless told otherwise."""
    info = configured_within(raw, "encryption_info", block(raw.values, "encryption_info"))
    transit = block(info, "encryption_in_transit") if isinstance(info, Mapping) else info
    key = configured_within(raw, "encryption_info", dig(info, "encryption_at_rest_kms_key_arn"))
    return {
        "kms_key_id": None if aws_managed_key(key) else none_if_empty(key),
        "client_broker": or_default(dig(transit, "client_broker"), "TLS"),
        "in_cluster": as_bool(dig(transit, "in_cluster"), True),
    }


NORMALIZERS = [
    normalize_redshift_cluster,
    normalize_opensearch_domain,
    normalize_dms_replication_instance,
    normalize_kinesis_stream,
    normalize_msk_cluster,
]
