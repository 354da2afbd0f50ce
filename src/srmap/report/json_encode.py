"""JSON bytes by orjson, and by the standard library for what orjson refuses."""

from __future__ import annotations

import json
from typing import Any

import orjson

__all__ = ["encode_compact", "encode_indented"]

# orjson refuses (TypeError) integers beyond 64 bits, which JSON allows and a plan may hold,
# and strings with lone surrogates, which json.loads reads from "\ud800"; the standard
# library writes both, escaping what is not ASCII.


def encode_compact(value: Any) -> bytes:
    """Compact JSON, as orjson writes it wherever it can."""
    try:
        return orjson.dumps(value)
    except TypeError:
        return json.dumps(value, separators=(",", ":")).encode()


def encode_indented(value: Any) -> bytes:
    """JSON indented by two spaces, ending in a newline."""
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except TypeError:
        return json.dumps(value, indent=2).encode() + b"\n"
