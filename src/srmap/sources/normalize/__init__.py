"""Normalization: every source's raw resources become the catalog's canonical types."""

from functools import cache

from srmap.sources.normalize import cloudformation, terraform
from srmap.sources.normalize.engine import ACCOUNT_TYPE, Inventory, normalize_resources
from srmap.sources.normalize.registry import Normalizer, NormalizerRegistry, Parts, normalizer

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
    """Every normalizer srmap ships, registered once; duplicates are refused."""
    return NormalizerRegistry([*terraform.NORMALIZERS, *cloudformation.NORMALIZERS])
