"""S3 bucket controls: table-driven verdicts, including AWS's default encryption."""

from __future__ import annotations

import pytest
from control_verdicts import status_of

from srmap.model import UNKNOWN, Status

BLOCKED = dict.fromkeys(
    ["block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets"],
    True,
)


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        ({"encryption_algorithm": None}, Status.PASS),
        ({"encryption_algorithm": "aws:kms"}, Status.PASS),
        ({"encryption_algorithm": UNKNOWN}, Status.UNKNOWN),
    ],
)
def test_encryption_at_rest(attributes: dict[str, object], expected: Status) -> None:
    """No rule still passes (SSE-S3 by default since 2023); an unknown rule is unknown."""
    assert status_of("s3.bucket.encryption_at_rest", **attributes) is expected


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (BLOCKED, Status.PASS),
        ({**BLOCKED, "block_public_policy": False}, Status.FAIL),
        (None, Status.FAIL),
        (UNKNOWN, Status.UNKNOWN),
        ({**BLOCKED, "ignore_public_acls": UNKNOWN}, Status.UNKNOWN),
        ({**BLOCKED, "ignore_public_acls": UNKNOWN, "block_public_acls": False}, Status.FAIL),
    ],
)
def test_public_access_block(block: object, expected: Status) -> None:
    """All four settings must be on; any unknown setting makes the verdict unknown."""
    assert status_of("s3.bucket.public_access_block", public_access_block=block) is expected


@pytest.mark.parametrize(
    ("enabled", "expected"),
    [(True, Status.PASS), (False, Status.FAIL), (UNKNOWN, Status.UNKNOWN)],
)
def test_versioning(enabled: object, expected: Status) -> None:
    """Versioning must be enabled."""
    assert status_of("s3.bucket.versioning", versioning_enabled=enabled) is expected


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        ({"encryption_algorithm": "aws:kms", "kms_key_id": "alias/data"}, Status.PASS),
        ({"encryption_algorithm": "aws:kms", "kms_key_id": None}, Status.FAIL),
        ({"encryption_algorithm": "aws:kms", "kms_key_id": UNKNOWN}, Status.UNKNOWN),
        ({"encryption_algorithm": "AES256", "kms_key_id": UNKNOWN}, Status.FAIL),
        ({"encryption_algorithm": None, "kms_key_id": UNKNOWN}, Status.FAIL),
        ({"encryption_algorithm": UNKNOWN, "kms_key_id": "alias/data"}, Status.UNKNOWN),
    ],
)
def test_customer_managed_key(attributes: dict[str, object], expected: Status) -> None:
    """A key decides only under SSE-KMS; another algorithm fails whatever the key reads."""
    assert status_of("s3.bucket.encryption_customer_managed_key", **attributes) is expected


LOG_GRANT = {
    "grantee_type": "Group",
    "grantee": "http://acs.amazonaws.com/groups/s3/LogDelivery",
    "permission": "WRITE",
}
LOG_POLICY = {
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "*"}
    ]
}


@pytest.mark.parametrize(
    "attributes",
    [
        {"acl_grants": [LOG_GRANT], "policy": None},
        {"acl_grants": [], "policy": LOG_POLICY},
        {"acl_grants": UNKNOWN, "policy": LOG_POLICY},
    ],
)
def test_customer_managed_key_not_for_access_log_targets(attributes: dict[str, object]) -> None:
    """A bucket receiving server access logs can only use SSE-S3, so a key is not asked of it."""
    status = status_of(
        "s3.bucket.encryption_customer_managed_key", encryption_algorithm="AES256", **attributes
    )
    assert status is Status.NOT_APPLICABLE
