"""The one seam to AWS: guarded clients, adaptive retries, pagination, and a cache so every
call is made once per (account, region, operation, parameters) and shared by all collectors."""

from __future__ import annotations

import json
import os
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from srmap.sources.aws.guard import install_guard
from srmap.sources.aws.target import ApiSettings

__all__ = ["DENIED_CODES", "Api", "ApiDenied", "ApiSettings"]

DENIED_CODES = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "UnauthorizedAccess",
        "AuthorizationError",
        "AuthorizationErrorException",
        "OptInRequired",
    }
)


class ApiDenied(Exception):  # noqa: N818 - reads as "the API denied"
    """An operation the credentials may not perform; what it would show stays UNKNOWN."""

    def __init__(self, service: str, operation: str, region: str | None, code: str) -> None:
        self.service, self.operation, self.region, self.code = service, operation, region, code
        super().__init__(f"{service}:{operation} denied in {region or 'global'} ({code})")


@dataclass
class Api:
    """Guarded, cached access to one account through one boto3 session."""

    session: boto3.Session
    account: str
    settings: ApiSettings = field(default_factory=ApiSettings)
    calls: Counter[str] = field(default_factory=Counter)
    _clients: dict[tuple[str, str | None], Any] = field(default_factory=dict)
    _results: dict[str, Future[Any]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _client_lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        install_guard(self.session.events)

    def client(self, service: str, region: str | None) -> Any:
        """A guarded client with adaptive retries, one per (service, region)."""
        key = (service, region)
        # A lock of its own: a session makes clients one at a time, but cached results
        # need not wait for it.
        with self._client_lock:
            if key not in self._clients:
                config = Config(
                    retries={"mode": "adaptive", "max_attempts": self._attempts(service)},
                    connect_timeout=self.settings.connect_timeout,
                    read_timeout=self.settings.read_timeout,
                    user_agent_extra="srmap",
                )
                self._clients[key] = self.session.client(service, region_name=region, config=config)
            return self._clients[key]

    def _attempts(self, service: str) -> int:
        # S3 Control puts the account id in front of the host name, so behind one emulator
        # host (AWS_ENDPOINT_URL) it cannot be reached at all: fail once, not after retries.
        if service == "s3control" and _endpoint_overridden(service):
            return 1
        return self.settings.max_attempts

    def call(self, service: str, operation: str, region: str | None, **params: Any) -> Any:
        """One API call, made once and shared; ApiDenied when the credentials may not."""
        return self._once(service, operation, region, params, self._call)

    def paginate(
        self, service: str, operation: str, region: str | None, key: str, **params: Any
    ) -> list[Any]:
        """Every item under ``key`` across pages, made once and shared."""

        def fetch(service: str, operation: str, region: str | None, params: Any) -> list[Any]:
            client = self.client(service, region)
            pages = client.get_paginator(_snake(operation)).paginate(**params)
            return [item for page in pages for item in page.get(key, [])]

        items: list[Any] = self._once(
            service, operation, region, params, fetch, variant=f"items:{key}"
        )
        return items

    def _call(self, service: str, operation: str, region: str | None, params: Any) -> Any:
        return getattr(self.client(service, region), _snake(operation))(**params)

    def _once(
        self,
        service: str,
        operation: str,
        region: str | None,
        params: Mapping[str, Any],
        fetch: Callable[[str, str, str | None, Any], Any],
        *,
        variant: str = "",
    ) -> Any:
        # The variant keeps a listing's items under one key apart from the same call's others.
        key = json.dumps(
            [self.account, region, service, operation, params, variant], sort_keys=True
        )
        with self._lock:
            future = self._results.get(key)
            owner = future is None
            if future is None:
                future = self._results[key] = Future()
        if owner:
            self.calls[f"{service}:{operation}"] += 1
            try:
                future.set_result(fetch(service, operation, region, dict(params)))
            except ClientError as error:
                future.set_exception(_denied_or_same(error, service, operation, region))
            except Exception as error:  # handed to every waiter, then raised
                future.set_exception(error)
        return future.result()


def _denied_or_same(
    error: ClientError, service: str, operation: str, region: str | None
) -> Exception:
    code = str(error.response.get("Error", {}).get("Code", ""))
    if code in DENIED_CODES:
        return ApiDenied(service, operation, region, code)
    same: Exception = error
    return same


def _endpoint_overridden(service: str) -> bool:
    """Whether the environment sends this service to another endpoint (an emulator)."""
    specific = f"AWS_ENDPOINT_URL_{service.upper().replace('-', '_')}"
    return bool(os.environ.get("AWS_ENDPOINT_URL") or os.environ.get(specific))


def _snake(operation: str) -> str:
    """DescribeDBInstances -> describe_db_instances, as boto3 names its methods."""
    from botocore import xform_name  # noqa: PLC0415 - botocore's own rule, loaded with clients

    return str(xform_name(operation))
