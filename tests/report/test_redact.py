"""Redaction: secret-looking keys and values never survive into a report."""

from __future__ import annotations

import pytest

from srmap.report.redact import REDACTED, redact


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"master_password": "Sup3rS3cret!"}, {"master_password": REDACTED}),
        ({"environment": {"DB_PASSWORD": "x1"}}, {"environment": {"DB_PASSWORD": REDACTED}}),
        ({"user_data": "#!/bin/sh\necho hi"}, {"user_data": REDACTED}),
        ({"note": "key AKIAABCDEFGHIJKLMNOP here"}, {"note": f"key {REDACTED} here"}),
        ({"secret_arn": "arn:aws:secretsmanager:eu-west-1:1:secret:x"},
         {"secret_arn": "arn:aws:secretsmanager:eu-west-1:1:secret:x"}),
        ({"password_reuse_prevention": 5}, {"password_reuse_prevention": 5}),
        ({"encrypted": True, "kms_key_id": "k"}, {"encrypted": True, "kms_key_id": "k"}),
        ({"imds_http_tokens": "optional"}, {"imds_http_tokens": "optional"}),
        ({"auth_token": "abc123"}, {"auth_token": REDACTED}),
    ],
)  # fmt: skip
def test_redact(data: dict[str, object], expected: dict[str, object]) -> None:
    """Secrets go, references to secrets and ordinary settings stay."""
    assert redact(data) == expected
