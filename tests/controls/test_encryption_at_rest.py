"""Encryption-at-rest controls: table-driven verdicts over resource literals, and the webshop."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from control_verdicts import finding_of, status_of

from srmap.api import scan
from srmap.controls.encryption_at_rest import CONTROLS
from srmap.model import UNKNOWN, Reference, Status

ROOT = Path(__file__).resolve().parents[2]
WEBSHOP = ROOT / "examples" / "webshop"


FLAG_TYPES = [
    "ec2.volume",
    "ec2.snapshot",
    "rds.db_cluster",
    "efs.file_system",
    "sqs.queue",
    "elasticache.replication_group",
    "redshift.cluster",
    "opensearch.domain",
    "docdb.cluster",
    "neptune.cluster",
    "dax.cluster",
    "ssm.parameter",
]


@pytest.mark.parametrize("type_id", FLAG_TYPES)
@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        ({"encrypted": True, "kms_key_id": None}, Status.PASS),
        ({"encrypted": True, "kms_key_id": UNKNOWN}, Status.PASS),
        ({"encrypted": False, "kms_key_id": None}, Status.FAIL),
        ({"encrypted": UNKNOWN, "kms_key_id": None}, Status.UNKNOWN),
        ({}, Status.FAIL),
    ],
)
def test_encrypted_flag(type_id: str, attributes: dict[str, Any], expected: Status) -> None:
    """The encrypted flag decides; an unknown key does not matter, an unknown flag does."""
    assert status_of(f"{type_id}.encryption_at_rest", type_id, **attributes) is expected


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        ({"encrypted": True, "cluster_id": None}, Status.PASS),
        ({"encrypted": False, "cluster_id": None}, Status.FAIL),
        ({"encrypted": UNKNOWN, "cluster_id": "orders"}, Status.NOT_APPLICABLE),
        ({"encrypted": UNKNOWN, "cluster_id": Reference("Cluster")}, Status.NOT_APPLICABLE),
        ({"encrypted": False, "cluster_id": UNKNOWN}, Status.UNKNOWN),
        ({"encrypted": True, "cluster_id": UNKNOWN}, Status.PASS),
    ],
)
def test_rds_instance(attributes: dict[str, Any], expected: Status) -> None:
    """Standalone instances are judged on their flag; Aurora members on their cluster."""
    assert status_of("rds.db_instance.encryption_at_rest", "rds.db_instance", **attributes) is (
        expected
    )


@pytest.mark.parametrize(
    ("root", "user", "expected"),
    [
        (True, True, Status.PASS),
        (True, False, Status.FAIL),
        (False, UNKNOWN, Status.FAIL),
        (UNKNOWN, True, Status.UNKNOWN),
        (None, True, Status.FAIL),
    ],
)
def test_workspace_volumes(root: object, user: object, expected: Status) -> None:
    """Both volumes must be encrypted; one known plain volume fails whatever the other is."""
    finding = finding_of(
        "workspaces.workspace.encryption_at_rest",
        "workspaces.workspace",
        root_volume_encrypted=root,
        user_volume_encrypted=user,
    )
    assert finding.status is expected


def test_workspace_failure_cites_only_the_plain_volume() -> None:
    """The evidence names the unencrypted volume, not the unknown one."""
    finding = finding_of(
        "workspaces.workspace.encryption_at_rest",
        "workspaces.workspace",
        root_volume_encrypted=UNKNOWN,
        user_volume_encrypted=False,
    )
    assert [(e.path, e.value) for e in finding.evidence] == [("user_volume_encrypted", False)]


@pytest.mark.parametrize(
    ("type_id", "attribute"),
    [
        ("dynamodb.table", "encryption_key_type"),
        ("secretsmanager.secret", "kms_key_id"),
        ("ecr.repository", "encryption_type"),
        ("backup.vault", "kms_key_id"),
        ("dms.replication_instance", "kms_key_id"),
        ("kafka.cluster", "kms_key_id"),
    ],
)
@pytest.mark.parametrize("value", [None, "AWS_OWNED", UNKNOWN])
def test_always_encrypted_services_pass(type_id: str, attribute: str, value: object) -> None:
    """AWS encrypts these whatever the key setting, even an unknown one, and says so."""
    finding = finding_of(f"{type_id}.encryption_at_rest", type_id, **{attribute: value})
    assert finding.status is Status.PASS
    assert "AWS provides it" in finding.message


@pytest.mark.parametrize(
    "type_id", ["secretsmanager.secret", "logs.log_group", "cloudtrail.trail", "kafka.cluster"]
)
@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("arn:aws:kms:eu-west-1:111122223333:key/1234", Status.PASS),
        ("alias/orders", Status.PASS),
        ("alias/aws/secretsmanager", Status.FAIL),
        ("aws/secretsmanager", Status.FAIL),
        ("arn:aws:kms:eu-west-1:111122223333:alias/aws/logs", Status.FAIL),
        (None, Status.FAIL),
        (UNKNOWN, Status.UNKNOWN),
    ],
)
def test_customer_managed_key(type_id: str, key: object, expected: Status) -> None:
    """A named key passes unless it is an AWS managed alias."""
    control_id = f"{type_id}.encryption_customer_managed_key"
    assert status_of(control_id, type_id, kms_key_id=key) is expected


@pytest.mark.parametrize(
    ("key_type", "expected"),
    [
        ("CUSTOMER_MANAGED", Status.PASS),
        ("AWS_MANAGED", Status.FAIL),
        ("AWS_OWNED", Status.FAIL),
        (UNKNOWN, Status.UNKNOWN),
    ],
)
def test_dynamodb_customer_managed_key(key_type: object, expected: Status) -> None:
    """The key type decides, so a key known only after apply still passes."""
    control_id = "dynamodb.table.encryption_customer_managed_key"
    finding = finding_of(
        control_id, "dynamodb.table", encryption_key_type=key_type, kms_key_id=UNKNOWN
    )
    assert finding.status is expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("alias/aws/sns", Status.PASS),
        ("arn:aws:kms:eu-west-1:111122223333:key/1234", Status.PASS),
        (None, Status.FAIL),
        (UNKNOWN, Status.UNKNOWN),
    ],
)
def test_sns_topic(key: object, expected: Status) -> None:
    """A topic is encrypted only when it names a key; the AWS managed one counts."""
    assert status_of("sns.topic.encryption_at_rest", "sns.topic", kms_key_id=key) is expected


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("KMS", Status.PASS), ("NONE", Status.FAIL), (UNKNOWN, Status.UNKNOWN), (None, Status.FAIL)],
)
def test_kinesis_stream(kind: object, expected: Status) -> None:
    """Kinesis encrypts only with encryption type KMS."""
    control_id = "kinesis.stream.encryption_at_rest"
    assert status_of(control_id, "kinesis.stream", encryption_type=kind) is expected


SYMMETRIC = {"key_manager": "CUSTOMER", "key_spec": "SYMMETRIC_DEFAULT"}


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        ({**SYMMETRIC, "rotation_enabled": True}, Status.PASS),
        ({**SYMMETRIC, "rotation_enabled": False}, Status.FAIL),
        ({**SYMMETRIC, "rotation_enabled": UNKNOWN}, Status.UNKNOWN),
        ({**SYMMETRIC, "key_spec": UNKNOWN, "rotation_enabled": False}, Status.UNKNOWN),
        ({**SYMMETRIC, "key_spec": "RSA_2048", "rotation_enabled": False}, Status.NOT_APPLICABLE),
        ({**SYMMETRIC, "key_spec": "HMAC_256", "rotation_enabled": False}, Status.NOT_APPLICABLE),
        ({**SYMMETRIC, "key_usage": "SIGN_VERIFY"}, Status.NOT_APPLICABLE),
        ({**SYMMETRIC, "key_usage": "ENCRYPT_DECRYPT", "rotation_enabled": False}, Status.FAIL),
        ({**SYMMETRIC, "key_usage": UNKNOWN, "rotation_enabled": False}, Status.FAIL),
        ({"key_manager": "AWS", "key_spec": "SYMMETRIC_DEFAULT"}, Status.NOT_APPLICABLE),
        ({**SYMMETRIC}, Status.FAIL),
    ],
)
def test_kms_key_rotation(attributes: dict[str, Any], expected: Status) -> None:
    """Symmetric customer-managed keys must rotate; other keys cannot or need not."""
    assert status_of("kms.key.rotation", "kms.key", **attributes) is expected


@pytest.mark.parametrize(
    ("encrypted", "expected"),
    [
        (True, Status.PASS),
        (False, Status.FAIL),
        (None, Status.NOT_APPLICABLE),
        (UNKNOWN, Status.UNKNOWN),
    ],
)
def test_apigateway_cache(encrypted: object, expected: Status) -> None:
    """A stage cache must be encrypted; no cache, no duty."""
    control_id = "apigateway.stage.cache_encryption"
    assert status_of(control_id, "apigateway.stage", cache_encrypted=encrypted) is expected


def test_every_control_proves_encryption_at_rest() -> None:
    """The module's controls all judge the encryption-at-rest layer."""
    assert {c.layer.value for c in CONTROLS} == {"encryption_at_rest"}
    assert len(CONTROLS) == len({c.id for c in CONTROLS}) >= 25


def test_webshop_gaps_are_found() -> None:
    """Gaps 2 (unencrypted orders database) and 9 (KMS rotation off) fail; good settings pass."""
    report = scan([WEBSHOP / "terraform" / "plan.json"], None, WEBSHOP / "srmap.yaml")
    verdicts = {(f.control_id, f.resource.id): f.status for f in report.result.findings}
    assert verdicts[("rds.db_instance.encryption_at_rest", "aws_db_instance.orders")] is (
        Status.FAIL
    )
    assert verdicts[("kms.key.rotation", "aws_kms_key.main")] is Status.FAIL
    template = ("ec2.launch_template.block_device_encryption", "aws_launch_template.web")
    assert verdicts[template] is Status.PASS
    sessions = ("dynamodb.table.encryption_customer_managed_key", "aws_dynamodb_table.sessions")
    assert verdicts[sessions] is Status.PASS


def test_webshop_template_gaps_are_found() -> None:
    """The CloudFormation edition shows the same two gaps on its logical ids."""
    report = scan([WEBSHOP / "cloudformation" / "webshop.yaml"], None, WEBSHOP / "srmap.yaml")
    failing = {
        (f.control_id, f.resource.id)
        for f in report.result.findings
        if f.status is Status.FAIL and f.layer.value == "encryption_at_rest"
    }
    assert {
        ("rds.db_instance.encryption_at_rest", "OrdersDatabase"),
        ("kms.key.rotation", "DataKey"),
    } <= failing
