"""Normalizers for CloudFormation's property vocabulary (SAM included)."""

from srmap.sources.normalize.cloudformation import s3
from srmap.sources.normalize.registry import Normalizer

NORMALIZERS: list[Normalizer] = [*s3.NORMALIZERS]

__all__ = ["NORMALIZERS"]
