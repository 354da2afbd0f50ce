"""containers normalizers (filled in next)."""

from srmap.sources.normalize.registry import Normalizer

__all__ = ["NORMALIZERS"]

NORMALIZERS: list[Normalizer] = []
