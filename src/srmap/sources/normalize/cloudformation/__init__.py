"""Normalizers for CloudFormation's property vocabulary (SAM included)."""

from srmap.sources.normalize.cloudformation import (
    identity,
    messaging,
    monitoring,
    network,
    s3,
)
from srmap.sources.normalize.registry import Normalizer

NORMALIZERS: list[Normalizer] = [
    *s3.NORMALIZERS,
    *network.NORMALIZERS,
    *identity.NORMALIZERS,
    *messaging.NORMALIZERS,
    *monitoring.NORMALIZERS,
]

__all__ = ["NORMALIZERS"]
