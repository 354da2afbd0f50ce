"""Secrets never reach a report: values under secret-looking keys, and values that look like
keys or tokens wherever they are, are replaced before rendering."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

__all__ = ["REDACTED", "redact", "redact_text"]

REDACTED = "***redacted***"

_SECRET_KEY = re.compile(
    r"(?i)(pass(word|wd|phrase)?|secret|token|private_?key|access_?key|api_?key|credential"
    r"|user_?data|auth_?string|connection_?string)"
)
# The key may legitimately name a secret's *reference* rather than the secret.
_REFERENCE_KEY = re.compile(
    r"(?i)(_arn|_id|_ids|_name|_names|_kms_key|rotation|_count|_days|_enabled|_tokens)$"
)
# A cheap first look: only strings holding one of these can match _SECRET_VALUE.
_MAYBE_SECRET = re.compile(r"AKIA|ASIA|PRIVATE KEY|gh[pousr]_|xox[abpr]-")
_SECRET_VALUE = re.compile(
    r"(AKIA|ASIA)[0-9A-Z]{16}"  # AWS access key ids
    r"|-----BEGIN [A-Z ]*PRIVATE KEY-----"
    r"|\bgh[pousr]_[A-Za-z0-9]{36,}"  # GitHub tokens
    r"|\bxox[abpr]-[A-Za-z0-9-]{10,}"  # Slack tokens
)


@lru_cache(maxsize=4096)
def _is_secret_key(key: str) -> bool:
    """Keys repeat across resources; decide each once."""
    return bool(key) and bool(_SECRET_KEY.search(key)) and not _REFERENCE_KEY.search(key)


def redact_text(text: str, key: str = "") -> str:
    """``text`` as shown under ``key``: REDACTED, or with secret-looking parts replaced."""
    if text and _is_secret_key(key):
        return REDACTED
    return _SECRET_VALUE.sub(REDACTED, text) if _MAYBE_SECRET.search(text) else text


def redact(value: Any, key: str = "") -> Any:
    """A copy of ``value`` with secret-looking entries replaced by REDACTED."""
    if isinstance(value, str):
        # Strings only: numbers under such keys are settings (password policy lengths).
        return redact_text(value, key)
    if isinstance(value, Mapping):
        return {k: redact(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact(v, key) for v in value]
    return value
