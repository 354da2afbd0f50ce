"""The normalizer registry: one normalizer per type and dialect, each dialect loaded on demand."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest

from srmap.sources.normalize import default_registry
from srmap.sources.normalize.registry import Normalizer, NormalizerRegistry, Parts, normalizer
from srmap.sources.raw import Dialect, RawResource


def _plain(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    return {}


def _make(canonical_type: str, dialect: Dialect) -> Normalizer:
    return normalizer(canonical_type, dialect)(_plain)


def _counting(
    calls: list[Dialect], dialect: Dialect, *types: str
) -> Callable[[], list[Normalizer]]:
    def load() -> list[Normalizer]:
        calls.append(dialect)
        return [_make(t, dialect) for t in types]

    return load


def _lazy(calls: list[Dialect]) -> NormalizerRegistry:
    return NormalizerRegistry(
        loaders={
            Dialect.TERRAFORM: _counting(calls, Dialect.TERRAFORM, "s3.bucket", "sqs.queue"),
            Dialect.CLOUDFORMATION: _counting(calls, Dialect.CLOUDFORMATION, "s3.bucket"),
        }
    )


def test_a_dialect_loads_when_first_looked_up_and_only_once() -> None:
    """Looking up Terraform types loads Terraform's normalizers once, never CloudFormation's."""
    calls: list[Dialect] = []
    registry = _lazy(calls)
    assert calls == []
    found = registry.get("s3.bucket", Dialect.TERRAFORM)
    assert found is not None and found.dialect is Dialect.TERRAFORM
    assert registry.get("sqs.queue", Dialect.TERRAFORM) is not None
    assert registry.get("ec2.instance", Dialect.TERRAFORM) is None
    assert calls == [Dialect.TERRAFORM]


def test_iterating_loads_every_dialect() -> None:
    """Iteration and len see every normalizer, whatever was looked up before."""
    calls: list[Dialect] = []
    registry = _lazy(calls)
    registry.get("s3.bucket", Dialect.CLOUDFORMATION)
    assert len(registry) == 3
    assert {(n.canonical_type, n.dialect) for n in registry} == {
        ("s3.bucket", Dialect.TERRAFORM),
        ("sqs.queue", Dialect.TERRAFORM),
        ("s3.bucket", Dialect.CLOUDFORMATION),
    }
    assert calls == [Dialect.CLOUDFORMATION, Dialect.TERRAFORM]


def test_duplicates_are_refused_also_when_loaded_late() -> None:
    """Two normalizers for one type and dialect are an error, given or loaded."""
    with pytest.raises(ValueError, match=r"two normalizers for s3\.bucket"):
        NormalizerRegistry([_make("s3.bucket", Dialect.TERRAFORM)] * 2)
    registry = NormalizerRegistry(
        [_make("s3.bucket", Dialect.TERRAFORM)],
        loaders={Dialect.TERRAFORM: _counting([], Dialect.TERRAFORM, "s3.bucket")},
    )
    with pytest.raises(ValueError, match=r"two normalizers for s3\.bucket"):
        registry.get("sqs.queue", Dialect.TERRAFORM)


def test_the_shipped_registry_has_both_dialects() -> None:
    """srmap's own normalizers load without a duplicate and cover both dialects for S3."""
    registry = default_registry()
    assert registry.get("s3.bucket", Dialect.TERRAFORM) is not None
    assert registry.get("s3.bucket", Dialect.CLOUDFORMATION) is not None
    assert len(registry) == len({(n.canonical_type, n.dialect) for n in registry})
