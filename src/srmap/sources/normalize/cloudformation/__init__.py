"""Normalizers for CloudFormation's property vocabulary (SAM included)."""

from srmap.sources.normalize.cloudformation import (
    analytics,
    compute,
    containers,
    databases,
    edge,
    identity,
    messaging,
    monitoring,
    network,
    s3,
    storage,
)
from srmap.sources.normalize.registry import Normalizer

NORMALIZERS: list[Normalizer] = [
    *s3.NORMALIZERS,
    *network.NORMALIZERS,
    *compute.NORMALIZERS,
    *edge.NORMALIZERS,
    *containers.NORMALIZERS,
    *identity.NORMALIZERS,
    *messaging.NORMALIZERS,
    *monitoring.NORMALIZERS,
    *databases.NORMALIZERS,
    *storage.NORMALIZERS,
    *analytics.NORMALIZERS,
]

__all__ = ["NORMALIZERS"]
