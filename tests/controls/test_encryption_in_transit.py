"""Encryption-in-transit controls: table-driven verdicts over resource literals, and the webshop."""

from __future__ import annotations

from pathlib import Path

import pytest
from control_verdicts import finding_of, status_of

from srmap.controls.encryption_in_transit import CONTROLS, modern_cloudfront_policy
from srmap.model import UNKNOWN, Status

ROOT = Path(__file__).resolve().parents[2]
WEBSHOP = ROOT / "examples" / "webshop"


def _action(kind: str, protocol: object = None) -> dict[str, object]:
    return {"type": kind, "redirect_protocol": protocol}


@pytest.mark.parametrize(
    ("policies", "expected"),
    [
        (["redirect-to-https", "https-only"], Status.PASS),
        (["redirect-to-https", "allow-all"], Status.FAIL),
        ([UNKNOWN, "allow-all"], Status.FAIL),
        (["https-only", UNKNOWN], Status.UNKNOWN),
        (UNKNOWN, Status.UNKNOWN),
        ([], Status.FAIL),
    ],
)
def test_cloudfront_viewer_https(policies: object, expected: Status) -> None:
    """Every cache behavior must redirect to or require HTTPS."""
    control_id = "cloudfront.distribution.viewer_https"
    finding = finding_of(control_id, "cloudfront.distribution", viewer_protocol_policies=policies)
    assert finding.status is expected


@pytest.mark.parametrize(
    ("name", "modern"),
    [
        ("TLSv1.2_2021", True),
        ("TLSv1.2_2025", True),
        ("TLSv1.3_2025", True),
        ("TLSv1.2_2019", False),
        ("TLSv1.1_2016", False),
        ("TLSv1", False),
        ("SSLv3", False),
        (None, False),
    ],
)
def test_modern_cloudfront_policy(name: object, modern: bool) -> None:
    """TLSv1.2_2021 and anything newer count as modern."""
    assert modern_cloudfront_policy(name) is modern


@pytest.mark.parametrize(
    ("default_certificate", "minimum", "expected"),
    [
        (False, "TLSv1.2_2021", Status.PASS),
        (False, "TLSv1.2_2019", Status.FAIL),
        (True, None, Status.FAIL),
        (True, UNKNOWN, Status.FAIL),
        (False, UNKNOWN, Status.UNKNOWN),
        (UNKNOWN, "TLSv1.2_2021", Status.UNKNOWN),
    ],
)
def test_cloudfront_minimum_tls(
    default_certificate: object, minimum: object, expected: Status
) -> None:
    """The default certificate is pinned to TLSv1; own certificates need TLSv1.2_2021+."""
    finding = finding_of(
        "cloudfront.distribution.minimum_tls",
        "cloudfront.distribution",
        uses_default_certificate=default_certificate,
        minimum_protocol_version=minimum,
    )
    assert finding.status is expected


@pytest.mark.parametrize(
    ("origins", "protocols", "viewers", "expected"),
    [
        (["https-only"], ["TLSv1.2"], ["https-only"], Status.PASS),
        (["http-only"], [], ["https-only"], Status.FAIL),
        (["match-viewer"], ["TLSv1.2"], ["redirect-to-https"], Status.PASS),
        (["match-viewer"], ["TLSv1.2"], ["allow-all"], Status.FAIL),
        (["https-only"], ["TLSv1", "TLSv1.2"], ["https-only"], Status.FAIL),
        (["https-only"], UNKNOWN, ["https-only"], Status.UNKNOWN),
        (UNKNOWN, ["TLSv1.2"], ["https-only"], Status.UNKNOWN),
        ([], [], ["allow-all"], Status.NOT_APPLICABLE),
    ],
)
def test_cloudfront_origin_https(
    origins: object, protocols: object, viewers: object, expected: Status
) -> None:
    """Custom origins must be reached over HTTPS with TLS 1.2."""
    finding = finding_of(
        "cloudfront.distribution.origin_https",
        "cloudfront.distribution",
        origin_protocol_policies=origins,
        origin_ssl_protocols=protocols,
        viewer_protocol_policies=viewers,
    )
    assert finding.status is expected


@pytest.mark.parametrize(
    ("enabled", "expected"),
    [(True, Status.PASS), (False, Status.FAIL), (UNKNOWN, Status.UNKNOWN), (None, Status.FAIL)],
)
def test_elasticache_group_transit(enabled: object, expected: Status) -> None:
    """A replication group must have in-transit encryption on."""
    control_id = "elasticache.replication_group.encryption_in_transit"
    finding = finding_of(
        control_id, "elasticache.replication_group", transit_encryption_enabled=enabled
    )
    assert finding.status is expected


@pytest.mark.parametrize(
    ("group", "enabled", "expected"),
    [
        (None, True, Status.PASS),
        (None, False, Status.FAIL),
        ("sessions", False, Status.NOT_APPLICABLE),
        (UNKNOWN, UNKNOWN, Status.UNKNOWN),
    ],
)
def test_elasticache_cluster_transit(group: object, enabled: object, expected: Status) -> None:
    """Standalone clusters are judged on their flag, members on their group."""
    finding = finding_of(
        "elasticache.cluster.encryption_in_transit",
        "elasticache.cluster",
        replication_group_id=group,
        transit_encryption_enabled=enabled,
    )
    assert finding.status is expected


@pytest.mark.parametrize(
    ("enforce", "policy", "expected"),
    [
        (True, "Policy-Min-TLS-1-2-2019-07", Status.PASS),
        (True, "Policy-Min-TLS-1-2-PFS-2023-10", Status.PASS),
        (True, None, Status.PASS),
        (True, "Policy-Min-TLS-1-0-2019-07", Status.FAIL),
        (False, "Policy-Min-TLS-1-2-2019-07", Status.FAIL),
        (True, UNKNOWN, Status.UNKNOWN),
        (UNKNOWN, "Policy-Min-TLS-1-2-2019-07", Status.UNKNOWN),
    ],
)
def test_opensearch_https(enforce: object, policy: object, expected: Status) -> None:
    """HTTPS must be enforced, and not with the TLS 1.0 policy."""
    finding = finding_of(
        "opensearch.domain.enforce_https",
        "opensearch.domain",
        enforce_https=enforce,
        tls_security_policy=policy,
    )
    assert finding.status is expected


@pytest.mark.parametrize(
    ("enabled", "expected"),
    [(True, Status.PASS), (False, Status.FAIL), (UNKNOWN, Status.UNKNOWN)],
)
def test_opensearch_node_to_node(enabled: object, expected: Status) -> None:
    """Node-to-node encryption must be on."""
    control_id = "opensearch.domain.node_to_node_encryption"
    finding = finding_of(control_id, "opensearch.domain", node_to_node_encryption=enabled)
    assert finding.status is expected


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("TLS", Status.PASS), ("NONE", Status.FAIL), (None, Status.FAIL), (UNKNOWN, Status.UNKNOWN)],
)
def test_dax_cluster_in_transit(kind: object, expected: Status) -> None:
    """Only a TLS endpoint passes; DAX's default is none."""
    status = status_of(
        "dax.cluster.encryption_in_transit", "dax.cluster", endpoint_encryption_type=kind
    )
    assert status is expected


@pytest.mark.parametrize(
    ("client_broker", "in_cluster", "expected"),
    [
        ("TLS", True, Status.PASS),
        ("TLS_PLAINTEXT", True, Status.FAIL),
        ("PLAINTEXT", True, Status.FAIL),
        ("TLS", False, Status.FAIL),
        ("PLAINTEXT", UNKNOWN, Status.FAIL),
        (UNKNOWN, True, Status.UNKNOWN),
        ("TLS", None, Status.FAIL),
    ],
)
def test_kafka_cluster_in_transit(
    client_broker: object, in_cluster: object, expected: Status
) -> None:
    """Clients use TLS only and brokers encrypt between themselves; one plaintext path fails."""
    finding = finding_of(
        "kafka.cluster.encryption_in_transit",
        "kafka.cluster",
        client_broker=client_broker,
        in_cluster=in_cluster,
    )
    assert finding.status is expected


@pytest.mark.parametrize(
    ("kind", "certificate", "expected"),
    [
        ("REST", "abc123", Status.PASS),
        ("REST", None, Status.FAIL),
        ("HTTP", None, Status.NOT_APPLICABLE),
        ("REST", UNKNOWN, Status.UNKNOWN),
        (UNKNOWN, None, Status.UNKNOWN),
    ],
)
def test_apigateway_client_certificate(kind: object, certificate: object, expected: Status) -> None:
    """REST stages need a client certificate for their backend; HTTP APIs have none."""
    finding = finding_of(
        "apigateway.stage.backend_client_certificate",
        "apigateway.stage",
        api_kind=kind,
        client_certificate_id=certificate,
    )
    assert finding.status is expected


def test_every_control_proves_encryption_in_transit() -> None:
    """The module's controls all judge the encryption-in-transit layer."""
    assert {c.layer.value for c in CONTROLS} == {"encryption_in_transit"}
