"""Normalization: every source's raw resources become the catalog's canonical types."""

from functools import cache

from srmap.sources.normalize.engine import ACCOUNT_TYPE, Inventory, normalize_resources
from srmap.sources.normalize.registry import Normalizer, NormalizerRegistry, Parts, normalizer
from srmap.sources.raw import Dialect

__all__ = [
    "ACCOUNT_TYPE",
    "Inventory",
    "Normalizer",
    "NormalizerRegistry",
    "Parts",
    "default_registry",
    "normalize_resources",
    "normalizer",
]


@cache
def default_registry() -> NormalizerRegistry:
    """Every normalizer srmap ships, registered once, each dialect's when first looked up;
    duplicates are refused."""
    return NormalizerRegistry(
        loaders={
            Dialect.TERRAFORM: _terraform_normalizers,
            Dialect.CLOUDFORMATION: _cloudformation_normalizers,
        }
    )


def _terraform_normalizers() -> list[Normalizer]:
    from srmap.sources.normalize import terraform  # noqa: PLC0415 - only for Terraform inputs

    return terraform.NORMALIZERS


def _cloudformation_normalizers() -> list[Normalizer]:
    from srmap.sources.normalize import cloudformation  # noqa: PLC0415 - only for templates

    return cloudformation.NORMALIZERS
