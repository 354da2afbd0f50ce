"""Reading API responses into normalized values: UNKNOWN (a denied call) is kept, never
turned into None or False, and a denied listing stays UNKNOWN rather than empty."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import unquote

from srmap.model import UNKNOWN, Unknown
from srmap.sources.aws.api import ApiDenied
from srmap.sources.aws.collector import LiveContext

__all__ = ["dig", "home_region", "keep", "listing_or_unknown", "policy_document"]


def dig(value: Any, *path: str | int) -> Any:
    """Walk a response; UNKNOWN stays UNKNOWN (a denied call), a missing step is None."""
    for step in path:
        if isinstance(value, Unknown):
            return UNKNOWN
        if isinstance(step, int):
            value = value[step] if isinstance(value, list) and len(value) > step else None
        elif isinstance(value, Mapping):
            value = value.get(step)
        else:
            return None
    return value


def keep(value: Any, convert: Callable[[Any], Any]) -> Any:
    """``convert(value)``, except that a denied call (UNKNOWN) or an absent one (None) stays."""
    if value is None or isinstance(value, Unknown):
        return value
    return convert(value)


def policy_document(value: Any) -> Any:
    """A policy as a parsed object: boto3 decodes some, others arrive as (URL-encoded) JSON."""
    if value is None or value == "" or isinstance(value, Unknown):
        return None if value == "" else value
    if isinstance(value, dict):
        return value
    if not isinstance(value, str):
        return UNKNOWN
    for text in (value, unquote(value)):
        try:
            parsed = json.loads(text)
        except ValueError:
            continue
        return parsed if isinstance(parsed, dict) else UNKNOWN
    return UNKNOWN


def listing_or_unknown(
    context: LiveContext, service: str, operation: str, key: str, **params: Any
) -> list[Any] | Unknown:
    """Every item of a paginated listing, or UNKNOWN (and a gap) when it is denied: an empty
    list would claim there is nothing."""
    try:
        return context.api.paginate(service, operation, context.region, key, **params)
    except ApiDenied as error:
        context.gaps.add(error)
        return UNKNOWN


def home_region(context: LiveContext) -> str:
    """The region global calls that still need one are sent to."""
    return context.api.session.region_name or "us-east-1"
