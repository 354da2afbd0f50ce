"""Normalizers for Terraform's attribute vocabulary (plans and HCL alike)."""

from srmap.sources.normalize.registry import Normalizer
from srmap.sources.normalize.terraform import (
    account,
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

NORMALIZERS: list[Normalizer] = [
    *s3.NORMALIZERS,
    *network.NORMALIZERS,
    *compute.NORMALIZERS,
    *edge.NORMALIZERS,
    *containers.NORMALIZERS,
    *identity.NORMALIZERS,
    *messaging.NORMALIZERS,
    *monitoring.NORMALIZERS,
    *account.NORMALIZERS,
    *databases.NORMALIZERS,
    *storage.NORMALIZERS,
    *analytics.NORMALIZERS,
]

__all__ = ["NORMALIZERS"]
