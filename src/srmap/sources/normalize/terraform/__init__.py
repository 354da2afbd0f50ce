"""Normalizers for Terraform's attribute vocabulary (plans and HCL alike)."""

from srmap.sources.normalize.registry import Normalizer
from srmap.sources.normalize.terraform import (
    account,
    identity,
    messaging,
    monitoring,
    network,
    s3,
)

NORMALIZERS: list[Normalizer] = [
    *s3.NORMALIZERS,
    *network.NORMALIZERS,
    *identity.NORMALIZERS,
    *messaging.NORMALIZERS,
    *monitoring.NORMALIZERS,
    *account.NORMALIZERS,
]

__all__ = ["NORMALIZERS"]
