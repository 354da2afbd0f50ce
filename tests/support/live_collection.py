"""What one live collector finds in the moto account of tests/sources/aws/conftest.py."""

from __future__ import annotations

from srmap.catalog import load_catalog
from srmap.model import Resource
from srmap.sources.aws.api import Api
from srmap.sources.aws.collector import Collector, Gaps, LiveContext

__all__ = ["collected", "collected_as_declared"]

REGION = "eu-west-1"


def collected(
    item: Collector, api: Api, gaps: Gaps | None = None, *, region: str | None = REGION
) -> list[Resource]:
    """The resources ``item`` collects in ``region`` (None for a global service)."""
    return list(item.collect(LiveContext(api, region, gaps or Gaps())))


def collected_as_declared(
    item: Collector, api: Api, gaps: Gaps | None = None, *, region: str | None = REGION
) -> list[Resource]:
    """The resources ``item`` collects, each checked to fill exactly the declared names."""
    found = collected(item, api, gaps, region=region)
    declared = load_catalog().resource_types[item.type_id].attributes
    for resource in found:
        assert set(resource.attributes) == set(declared), resource.id
    return found
