"""Collectors: one function per canonical type that reads it from a live account through the
Api seam into normalized resources, declared with the data the scan needs to schedule it."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from types import EllipsisType
from typing import Any

from botocore.exceptions import ClientError

from srmap.model import UNKNOWN, Resource, SourceLocation, Unknown
from srmap.sources.aws.api import Api, ApiDenied

__all__ = ["Collector", "CollectorRegistry", "Gaps", "LiveContext", "collector"]


@dataclass
class Gaps:
    """What a scan could not see: operations denied, with where (thread-safe)."""

    denied: set[tuple[str, str | None]] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, error: ApiDenied) -> None:
        """Remember one denied operation."""
        with self._lock:
            self.denied.add((f"{error.service}:{error.operation}", error.region))


@dataclass(frozen=True)
class LiveContext:
    """What a collector works with: the seam, the region (None for global), the gaps, every
    region of the scan (for account-wide summaries read by a global collector), and the
    canonical type and service of the collector it is given to (set by @collector)."""

    api: Api
    region: str | None
    gaps: Gaps
    regions: tuple[str, ...] = ()
    type_id: str | None = None
    service: str | None = None

    @property
    def account(self) -> str:
        """The account id being read."""
        return self.api.account

    def attempt(
        self,
        service: str,
        operation: str,
        *,
        absent: Collection[str] = (),
        region: str | EllipsisType | None = ...,
        **params: Any,
    ) -> Any:
        """One call whose denial hides only what it would have shown: UNKNOWN, and a gap.
        Error codes in ``absent`` mean "not configured" and give None."""
        where = self.region if isinstance(region, EllipsisType) else region
        try:
            return self.api.call(service, operation, where, **params)
        except ApiDenied as error:
            self.gaps.add(error)
            return UNKNOWN
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in absent:
                return None
            raise

    def listing(self, service: str, operation: str, key: str, **params: Any) -> list[Any]:
        """Every item of a paginated listing; a denied listing is recorded and yields nothing."""
        try:
            return self.api.paginate(service, operation, self.region, key, **params)
        except ApiDenied as error:
            self.gaps.add(error)
            return []

    def resource(
        self,
        *,
        arn: str,
        name: str | Unknown | None,
        attributes: dict[str, Any],
        api: str,
        tags: dict[str, Any] | None = None,
        region: str | Unknown | EllipsisType | None = ...,
        type_id: str | None = None,
        service: str | None = None,
    ) -> Resource:
        """A normalized resource read from this account (in this region unless given), of
        the collector's type and service unless given."""
        type_id, service = type_id or self.type_id, service or self.service
        if type_id is None or service is None:
            raise ValueError(f"{arn}: no canonical type or service (not run by a collector)")
        return Resource(
            id=arn,
            type=type_id,
            service=service,
            region=self.region if isinstance(region, EllipsisType) else region,
            account=self.account,
            name=name,
            attributes=attributes,
            tags=tags or {},
            source=SourceLocation(api=api),
        )


Collect = Callable[[LiveContext], Iterable[Resource]]


@dataclass(frozen=True, slots=True)
class Collector:
    """How one canonical type is read live: ``scope`` global runs once, regional per region."""

    type_id: str
    service: str
    scope: str
    collect: Collect


def collector(
    type_id: str, *, service: str, scope: str = "regional"
) -> Callable[[Collect], Collector]:
    """Declare a collector next to its function; the module's COLLECTORS list registers it."""
    if scope not in ("regional", "global"):
        raise ValueError(f"scope must be regional or global, not {scope!r}")

    def wrap(collect: Collect) -> Collector:
        @functools.wraps(collect)
        def collect_as_declared(context: LiveContext) -> Iterable[Resource]:
            return collect(replace(context, type_id=type_id, service=service))

        return Collector(type_id, service, scope, collect_as_declared)

    return wrap


class CollectorRegistry:
    """An explicit registry: one collector per canonical type."""

    def __init__(self, collectors: Iterable[Collector] = ()) -> None:
        self._by_type: dict[str, Collector] = {}
        for item in collectors:
            if item.type_id in self._by_type:
                raise ValueError(f"two collectors for {item.type_id}")
            self._by_type[item.type_id] = item

    def __iter__(self) -> Iterator[Collector]:
        return iter(self._by_type.values())

    def __len__(self) -> int:
        return len(self._by_type)

    def get(self, type_id: str) -> Collector | None:
        """The collector of one canonical type, or None."""
        return self._by_type.get(type_id)
