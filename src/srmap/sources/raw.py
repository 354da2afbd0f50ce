"""What a parser hands to normalization: one provider-native resource, values resolved as far
as the source allows (UNKNOWN elsewhere), with its address, region and position."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any, NamedTuple

from srmap.model import SourceLocation, Unknown

__all__ = ["Dialect", "RawResource"]


class Dialect(StrEnum):
    """The attribute vocabulary a raw resource speaks; plan and HCL share Terraform's."""

    TERRAFORM = "terraform"
    CLOUDFORMATION = "cloudformation"


_NO_REFERENCES: Mapping[str, tuple[str, ...]] = MappingProxyType({})


class RawResource(NamedTuple):
    """One resource as its source wrote it (a tuple: one is made per resource of an input, and
    tuples are made in C).

    ``address``: Terraform address with module path and index (``module.a.aws_s3_bucket.b["eu"]``)
    or CloudFormation logical id. ``native_type``: ``aws_s3_bucket`` or ``AWS::S3::Bucket``.
    ``values``: attributes in the source's own names; nested blocks as lists of dicts (Terraform)
    or dicts (CloudFormation); UNKNOWN where the source could not establish a value.
    ``references``: top-level attribute name -> addresses of the resources its expression
    refers to (used to join resources whose ids are unknown before apply).
    ``mode``: ``managed`` or ``data`` (Terraform data sources).
    """

    address: str
    native_type: str
    dialect: Dialect
    values: Mapping[str, Any]
    region: str | Unknown
    location: SourceLocation
    account: str | Unknown | None = None
    references: Mapping[str, tuple[str, ...]] = _NO_REFERENCES
    mode: str = "managed"
