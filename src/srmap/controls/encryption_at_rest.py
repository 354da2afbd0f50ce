"""Customer duties for server-side encryption at rest, beyond S3 (see s3.py).

Most controls come from three factories, because the logic is identical per type: an
``encrypted`` flag, a service that always encrypts (AWS provides it), and a key the customer
manages. The rest read type-specific attributes.
"""

from __future__ import annotations

from srmap.controls.ebs_encryption import account_default_evidence
from srmap.controls.engine import (
    Control,
    ControlContext,
    Verdict,
    control,
    declared,
    failed,
    not_applicable,
    passed,
)
from srmap.controls.kms_keys import is_customer_managed_key, key_phrase
from srmap.model import Layer, Reference, Resource, Severity, Unknown

__all__ = [
    "CONTROLS",
    "aws_provided_encryption_control",
    "customer_managed_key_control",
    "encrypted_flag_control",
]

_AT_REST = Layer.ENCRYPTION_AT_REST


def encrypted_flag_control(
    type_id: str,
    subject: str,
    severity: Severity,
    remediation: str,
    flags: tuple[str, ...] = ("encrypted",),
) -> Control:
    """``<type>.encryption_at_rest``: each of the type's ``flags`` must be true."""

    @control(
        f"{type_id}.encryption_at_rest",
        title=f"{subject} is encrypted at rest",
        layer=_AT_REST,
        applies_to=[type_id],
        severity=severity,
        remediation=remediation,
    )
    def check(resource: Resource, context: ControlContext) -> Verdict:
        """Encrypted with any key; the key's owner is a separate question."""
        return _encrypted_verdict(resource, subject, flags)

    return check


def _encrypted_verdict(resource: Resource, subject: str, flags: tuple[str, ...]) -> Verdict:
    """One flag known false fails whatever the others are."""
    seen = {flag: resource.attributes.get(flag) for flag in flags}
    if all(value is True for value in seen.values()):
        key = resource.attributes.get("kms_key_id")
        why = account_default_evidence(resource, seen)
        return passed(f"{subject} is encrypted with {key_phrase(key)}", {**seen, **why})
    off = {flag: value for flag, value in seen.items() if value is False}
    return failed(f"{subject} is not encrypted at rest", off or seen)


def aws_provided_encryption_control(
    type_id: str, subject: str, key_attribute: str, severity: Severity = Severity.INFO
) -> Control:
    """``<type>.encryption_at_rest`` for a service that encrypts everything and cannot stop."""

    @control(
        f"{type_id}.encryption_at_rest",
        title=f"{subject} is encrypted at rest",
        layer=_AT_REST,
        applies_to=[type_id],
        severity=severity,
        remediation="Nothing to do: AWS always encrypts it; choose the key if you must control it.",
    )
    def check(resource: Resource, context: ControlContext) -> Verdict:
        """Always passes: the key setting is shown, not judged, so Unknown cannot hide it."""
        key = resource.attributes.get(key_attribute)
        # The verdict does not depend on the key, so an unknown key is left out of the evidence.
        shown = {} if isinstance(key, Unknown) else {key_attribute: key}
        return passed(f"AWS provides it: {subject} is always encrypted at rest", shown)

    return check


def customer_managed_key_control(
    type_id: str, subject: str, severity: Severity, remediation: str
) -> Control:
    """``<type>.encryption_customer_managed_key``: ``kms_key_id`` names a key the customer owns."""

    @control(
        f"{type_id}.encryption_customer_managed_key",
        title=f"{subject} is encrypted with a customer-managed KMS key",
        layer=_AT_REST,
        applies_to=[type_id],
        severity=severity,
        remediation=remediation,
    )
    def check(resource: Resource, context: ControlContext) -> Verdict:
        """A key id, ARN or alias other than an aws/ managed alias."""
        key = resource.attributes.get("kms_key_id")
        evidence = {"kms_key_id": declared(key)}
        if is_customer_managed_key(key):
            return passed(f"encrypted with customer-managed key {key}", evidence)
        return failed(f"{subject} does not use a customer-managed KMS key", evidence)

    return check


@control(
    "rds.db_instance.encryption_at_rest",
    title="RDS DB instance storage is encrypted at rest",
    layer=_AT_REST,
    applies_to=["rds.db_instance"],
    severity=Severity.HIGH,
    remediation="Create the instance with storage encryption (storage_encrypted / "
    "StorageEncrypted); an existing instance is migrated through an encrypted snapshot copy.",
)
def rds_instance_encryption_at_rest(resource: Resource, context: ControlContext) -> Verdict:
    """Aurora members take encryption from their cluster, which is judged instead."""
    cluster = resource.attributes.get("cluster_id")
    if isinstance(cluster, str | Reference):  # a cluster declared in the same input counts
        return not_applicable(f"cluster member: encryption is judged on {cluster}")
    encrypted = resource.attributes.get("encrypted")
    if encrypted is True:
        key = resource.attributes.get("kms_key_id")
        return passed(f"storage is encrypted with {key_phrase(key)}", {"encrypted": encrypted})
    # An unknown cluster_id may make this a member whose flag lives on the cluster.
    evidence = {"encrypted": encrypted, "cluster_id": cluster}
    return failed("DB instance storage is not encrypted at rest", evidence)


@control(
    "dynamodb.table.encryption_customer_managed_key",
    title="DynamoDB table is encrypted with a customer-managed KMS key",
    layer=_AT_REST,
    applies_to=["dynamodb.table"],
    severity=Severity.LOW,
    remediation="Set server-side encryption with a customer-managed KMS key on the table.",
)
def dynamodb_customer_managed_key(resource: Resource, context: ControlContext) -> Verdict:
    """The key type says it, even when the key's id is known only after apply."""
    key_type = resource.attributes.get("encryption_key_type")
    evidence = {"encryption_key_type": key_type}
    if key_type == "CUSTOMER_MANAGED":
        return passed("encrypted with a customer-managed KMS key", evidence)
    return failed(f"encrypted with an AWS key ({key_type})", evidence)


@control(
    "sns.topic.encryption_at_rest",
    title="SNS topic is encrypted at rest",
    layer=_AT_REST,
    applies_to=["sns.topic"],
    severity=Severity.MEDIUM,
    remediation="Set a KMS key on the topic (kms_master_key_id / KmsMasterKeyId); "
    "alias/aws/sns will do.",
)
def sns_topic_encryption_at_rest(resource: Resource, context: ControlContext) -> Verdict:
    """SNS encrypts only when a KMS key is set; alias/aws/sns counts."""
    key = resource.attributes.get("kms_key_id")
    evidence = {"kms_key_id": declared(key)}
    if isinstance(key, str | Reference):
        return passed(f"encrypted with KMS key {key}", evidence)
    return failed("the topic has no KMS key: messages are stored unencrypted", evidence)


@control(
    "kinesis.stream.encryption_at_rest",
    title="Kinesis data stream is encrypted at rest",
    layer=_AT_REST,
    applies_to=["kinesis.stream"],
    severity=Severity.MEDIUM,
    remediation="Set the stream's encryption type to KMS (alias/aws/kinesis or your own key).",
)
def kinesis_stream_encryption_at_rest(resource: Resource, context: ControlContext) -> Verdict:
    """Encryption type KMS."""
    kind = resource.attributes.get("encryption_type")
    evidence = {"encryption_type": kind}
    if kind == "KMS":
        key = resource.attributes.get("kms_key_id")
        return passed(f"encrypted with {key_phrase(key)}", evidence)
    return failed(f"records are not encrypted (encryption type {kind})", evidence)


@control(
    "kms.key.rotation",
    title="KMS key rotates automatically",
    layer=_AT_REST,
    applies_to=["kms.key"],
    severity=Severity.MEDIUM,
    remediation="Enable automatic rotation on the key (enable_key_rotation / EnableKeyRotation).",
)
def kms_key_rotation(resource: Resource, context: ControlContext) -> Verdict:
    """Only symmetric customer-managed keys can rotate; AWS rotates its managed keys itself."""
    manager = resource.attributes.get("key_manager")
    spec = resource.attributes.get("key_spec")
    if manager == "AWS":
        return not_applicable(
            "AWS managed key: AWS rotates it every year", {"key_manager": manager}
        )
    if isinstance(spec, str) and spec != "SYMMETRIC_DEFAULT":
        return not_applicable(f"{spec} keys cannot rotate automatically", {"key_spec": spec})
    usage = resource.attributes.get("key_usage")
    if isinstance(usage, str) and usage != "ENCRYPT_DECRYPT":
        # Automatic rotation exists only for symmetric encryption keys.
        return not_applicable(f"{usage} keys cannot rotate automatically", {"key_usage": usage})
    rotation = resource.attributes.get("rotation_enabled")
    evidence = {"key_manager": manager, "key_spec": spec, "rotation_enabled": rotation}
    if rotation is True:
        return passed("automatic rotation is on", evidence)
    return failed("automatic rotation is off", evidence)


@control(
    "apigateway.stage.cache_encryption",
    title="API Gateway stage cache is encrypted",
    layer=_AT_REST,
    applies_to=["apigateway.stage"],
    severity=Severity.LOW,
    remediation="Set cache_data_encrypted / CacheDataEncrypted in the stage's method settings.",
)
def apigateway_stage_cache_encryption(resource: Resource, context: ControlContext) -> Verdict:
    """Only REST stages with caching on have a cache to encrypt."""
    encrypted = resource.attributes.get("cache_encrypted")
    evidence = {"cache_encrypted": encrypted}
    if encrypted is None:
        return not_applicable("no stage cache", evidence)
    if encrypted is True:
        return passed("the stage cache is encrypted", evidence)
    return failed("the stage cache is not encrypted", evidence)


# Remediation per type for the factory-made controls; one line each.
_REMEDIATION = {
    "ec2.volume": "Create the volume encrypted; copy an existing one via an encrypted snapshot.",
    "ec2.snapshot": "Copy the snapshot with encryption on and delete the unencrypted one.",
    "rds.db_cluster": "Create the cluster with storage encryption; restore an encrypted copy.",
    "efs.file_system": "Create the file system encrypted and copy the data; it cannot be changed.",
    "sqs.queue": "Turn on SSE-SQS (sqs_managed_sse_enabled) or set a KMS key on the queue.",
    "elasticache.replication_group": "Create the group with at-rest encryption and migrate.",
    "redshift.cluster": "Turn on cluster encryption; Redshift migrates the data itself.",
    "opensearch.domain": "Enable encryption at rest on the domain (older ones: snapshot restore).",
    "docdb.cluster": "Create the cluster with storage encryption and restore from a snapshot.",
    "neptune.cluster": "Create the cluster with storage encryption and restore from a snapshot.",
    "secretsmanager.secret": "Set kms_key_id / KmsKeyId to a key whose policy you control.",
    "logs.log_group": "Associate a customer-managed KMS key with the log group (kms_key_id).",
    "cloudtrail.trail": "Set kms_key_id / KMSKeyId on the trail to encrypt logs with SSE-KMS.",
    "dax.cluster": "Create the cluster with server-side encryption enabled (it cannot be changed).",
    "ssm.parameter": "Store secret values as SecureString; a String parameter is plain text.",
    "workspaces.workspace": "Rebuild the WorkSpace with root and user volume encryption on.",
    "kafka.cluster": "Create the cluster with a customer-managed key for encryption at rest.",
}


def _flag_controls() -> list[Control]:
    """Types whose encryption is one ``encrypted`` flag."""
    table = [
        ("ec2.volume", "EBS volume", Severity.MEDIUM),
        ("ec2.snapshot", "EBS snapshot", Severity.MEDIUM),
        ("rds.db_cluster", "DB cluster storage", Severity.HIGH),
        ("efs.file_system", "EFS file system", Severity.MEDIUM),
        ("sqs.queue", "SQS queue", Severity.MEDIUM),
        ("elasticache.replication_group", "ElastiCache replication group", Severity.MEDIUM),
        ("redshift.cluster", "Redshift cluster", Severity.HIGH),
        ("opensearch.domain", "OpenSearch domain", Severity.MEDIUM),
        ("docdb.cluster", "DocumentDB cluster", Severity.HIGH),
        ("neptune.cluster", "Neptune cluster", Severity.HIGH),
        ("dax.cluster", "DAX cluster", Severity.MEDIUM),
        ("ssm.parameter", "SSM parameter", Severity.LOW),
        ("workspaces.workspace", "WorkSpace", Severity.MEDIUM),
    ]
    flags = {"workspaces.workspace": ("root_volume_encrypted", "user_volume_encrypted")}
    return [
        encrypted_flag_control(t, s, sev, _REMEDIATION[t], flags.get(t, ("encrypted",)))
        for t, s, sev in table
    ]


def _always_encrypted_controls() -> list[Control]:
    """Services that encrypt every resource at rest and offer no way to turn it off."""
    table = [
        ("dynamodb.table", "DynamoDB table", "encryption_key_type"),
        ("secretsmanager.secret", "Secrets Manager secret", "kms_key_id"),
        ("ecr.repository", "ECR repository", "encryption_type"),
        ("backup.vault", "Backup vault", "kms_key_id"),
        ("dms.replication_instance", "DMS replication instance storage", "kms_key_id"),
        ("kafka.cluster", "MSK cluster", "kms_key_id"),
    ]
    return [aws_provided_encryption_control(*row) for row in table]


def _customer_key_controls() -> list[Control]:
    """Types where the customer-managed key is the duty (AWS already encrypts)."""
    table = [
        ("secretsmanager.secret", "Secrets Manager secret", Severity.LOW),
        ("logs.log_group", "CloudWatch Logs log group", Severity.LOW),
        ("cloudtrail.trail", "CloudTrail trail", Severity.MEDIUM),
        ("kafka.cluster", "MSK cluster", Severity.LOW),
    ]
    return [customer_managed_key_control(t, s, sev, _REMEDIATION[t]) for t, s, sev in table]


CONTROLS = [
    *_flag_controls(),
    rds_instance_encryption_at_rest,
    *_always_encrypted_controls(),
    dynamodb_customer_managed_key,
    *_customer_key_controls(),
    sns_topic_encryption_at_rest,
    kinesis_stream_encryption_at_rest,
    kms_key_rotation,
    apigateway_stage_cache_encryption,
]
