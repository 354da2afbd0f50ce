"""The vocabulary of srmap: layers, categories, owners, statuses, severities, and the records
that cross package boundaries (resources, findings, scan results)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import partial
from types import MappingProxyType
from typing import Any, Final, NamedTuple, TypeAlias, TypeVar

__all__ = [
    "UNKNOWN",
    "Category",
    "Evidence",
    "Finding",
    "Layer",
    "Maybe",
    "Owner",
    "ProviderAccount",
    "Reference",
    "Resource",
    "ScanResult",
    "Severity",
    "SourceLocation",
    "Status",
    "Unknown",
    "UnknownValueError",
    "UnsetVariable",
    "is_unknown",
    "record_maker",
]


class Layer(StrEnum):
    """A row of the shared responsibility diagram, listed bottom to top."""

    FACILITIES = "facilities"
    HARDWARE = "hardware"
    NETWORK_INFRASTRUCTURE = "network_infrastructure"
    VIRTUALIZATION = "virtualization"
    HOST_OS = "host_os"
    GUEST_OS = "guest_os"
    PLATFORM = "platform"
    APPLICATION = "application"
    NETWORK_CONFIG = "network_config"
    IDENTITY_ACCESS = "identity_access"
    ENCRYPTION_AT_REST = "encryption_at_rest"
    CLIENT_SIDE_ENCRYPTION = "client_side_encryption"
    ENCRYPTION_IN_TRANSIT = "encryption_in_transit"
    CUSTOMER_DATA = "customer_data"
    BACKUPS = "backups"
    DATA_RESIDENCY = "data_residency"
    LOGGING_MONITORING = "logging_monitoring"


class Category(StrEnum):
    """How much of the stack AWS runs for a service (AWS Security Best Practices, 2016)."""

    INFRASTRUCTURE = "infrastructure"
    CONTAINER = "container"
    ABSTRACTED = "abstracted"


class Owner(StrEnum):
    """Who carries a layer for a service."""

    AWS = "aws"
    CUSTOMER = "customer"
    SHARED = "shared"
    NOT_APPLICABLE = "n/a"


class Status(StrEnum):
    """The verdict of one control on one resource."""

    PASS = "pass"  # noqa: S105 - a verdict, not a password
    FAIL = "fail"
    UNKNOWN = "unknown"
    MANUAL = "manual"
    NOT_APPLICABLE = "not_applicable"
    SUPPRESSED = "suppressed"


class Severity(StrEnum):
    """How much a failing control matters; ordered from least to most."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """Position in the order info < low < medium < high < critical."""
        return _SEVERITY_RANKS[self]


# Built once: reports sort and filter tens of thousands of findings by rank.
_SEVERITY_RANKS: Final[Mapping[Severity, int]] = {s: i for i, s in enumerate(Severity)}


class UnknownValueError(TypeError):
    """Raised when code asks an UNKNOWN value for its truth; the controls engine turns it
    into an ``unknown`` verdict instead of a guess."""


class Unknown:
    """A value no source could establish: known only after apply, an unresolved intrinsic,
    an API call that was denied. It is never None or False, and has no truth value, so a
    check cannot pass on it by accident."""

    _instance: Unknown | None = None

    def __new__(cls) -> Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        raise UnknownValueError("UNKNOWN has no truth value; test it with is_unknown()")

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final[Unknown] = Unknown()


class Reference(Unknown):
    """An unknown value that is known to be an attribute of another resource declared in the
    same input: ``kms_key_id`` set to a key the same plan creates. Its string exists only after
    deployment, so it is UNKNOWN to anything that does not ask for more (``isinstance(value,
    Unknown)`` holds); code that knows what a reference means (a customer-managed key is named)
    checks ``isinstance(value, Reference)`` first.
    """

    __slots__ = ("address", "attribute")

    def __new__(cls, address: str, attribute: str | None = None) -> Reference:
        instance = object.__new__(cls)
        object.__setattr__(instance, "address", address)
        object.__setattr__(instance, "attribute", attribute)
        return instance

    def __init__(self, address: str, attribute: str | None = None) -> None:
        """Fields are set in __new__; the singleton machinery of Unknown is bypassed."""

    address: str
    attribute: str | None

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Reference is immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Reference):
            return NotImplemented
        return (self.address, self.attribute) == (other.address, other.attribute)

    def __hash__(self) -> int:
        return hash((Reference, self.address, self.attribute))

    def __repr__(self) -> str:
        return f"Reference({self.address!r}, {self.attribute!r})"

    def __str__(self) -> str:
        return f"{self.address}.{self.attribute}" if self.attribute else self.address

    def __reduce__(self) -> Any:
        return (Reference, (self.address, self.attribute))


class UnsetVariable(Unknown):
    """An unknown value known to be an input variable that nothing sets: a Terraform variable
    with no default and no value given, read as HCL. Every use of the same variable of the same
    module instance is equal, whatever value it will take, so two resources that name a bucket
    through it name the same bucket. Anything that does not ask for more sees UNKNOWN
    (``isinstance(value, Unknown)`` holds).
    """

    __slots__ = ("module", "name")

    def __new__(cls, module: str, name: str) -> UnsetVariable:
        instance = object.__new__(cls)
        object.__setattr__(instance, "module", module)
        object.__setattr__(instance, "name", name)
        return instance

    def __init__(self, module: str, name: str) -> None:
        """Fields are set in __new__; the singleton machinery of Unknown is bypassed."""

    # The module instance's address ("" for the root, "module.app[0]"), and the variable.
    module: str
    name: str

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("UnsetVariable is immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, UnsetVariable):
            return NotImplemented
        return (self.module, self.name) == (other.module, other.name)

    def __hash__(self) -> int:
        return hash((UnsetVariable, self.module, self.name))

    def __repr__(self) -> str:
        return f"UnsetVariable({self.module!r}, {self.name!r})"

    def __str__(self) -> str:
        """The variable's address as Terraform writes it: ``module.app.var.bucket_name``."""
        return f"{self.module}.var.{self.name}" if self.module else f"var.{self.name}"

    def __reduce__(self) -> Any:
        return (UnsetVariable, (self.module, self.name))


class ProviderAccount(Unknown):
    """An unknown account known to be the one a provider configuration deploys to: Terraform's
    ``aws.prod`` (or ``module.app:aws``) of one configuration, or the stack of one CloudFormation
    template. One configuration has one set of credentials, so resources with equal values are
    surely in the same account; different configurations may or may not share one. Anything that
    does not ask for more sees UNKNOWN (``isinstance(value, Unknown)`` holds).
    """

    __slots__ = ("configuration", "source")

    def __new__(cls, source: str, configuration: str) -> ProviderAccount:
        instance = object.__new__(cls)
        object.__setattr__(instance, "source", source)
        object.__setattr__(instance, "configuration", configuration)
        return instance

    def __init__(self, source: str, configuration: str) -> None:
        """Fields are set in __new__; the singleton machinery of Unknown is bypassed."""

    # The input read (plan file, Terraform directory, template file), and the provider
    # configuration inside it as Terraform keys it ("aws.prod", "module.app:aws"; "" for a
    # CloudFormation stack).
    source: str
    configuration: str

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("ProviderAccount is immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ProviderAccount):
            return NotImplemented
        return (self.source, self.configuration) == (other.source, other.configuration)

    def __hash__(self) -> int:
        return hash((ProviderAccount, self.source, self.configuration))

    def __repr__(self) -> str:
        return f"ProviderAccount({self.source!r}, {self.configuration!r})"

    def __str__(self) -> str:
        """``the account of aws.prod in infra/`` or ``the account of stack.yaml``."""
        where = f"{self.configuration} in {self.source}" if self.configuration else self.source
        return f"the account of {where}"

    def __reduce__(self) -> Any:
        return (ProviderAccount, (self.source, self.configuration))


T = TypeVar("T")
Maybe: TypeAlias = T | Unknown


def is_unknown(value: object) -> bool:
    """True when value is UNKNOWN or any kind of it (Reference, UnsetVariable, ProviderAccount)."""
    return isinstance(value, Unknown)


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """Where a resource was read: a file and line for code, an API call for a live account."""

    file: str | None = None
    line: int | None = None
    api: str | None = None


_NOTHING: Mapping[str, Any] = MappingProxyType({})
_Record = TypeVar("_Record", bound=tuple[Any, ...])


def record_maker(record: type[_Record]) -> Callable[[Iterable[Any]], _Record]:
    """Makes ``record`` (a NamedTuple) from its fields in order, in C. A NamedTuple's own
    constructor is a Python function, and a large scan makes hundreds of thousands of
    findings, verdicts, evidence and resources: the call frame is a measurable share."""
    return partial(tuple.__new__, record)


class Resource(NamedTuple):
    """One normalized resource of a canonical type, whatever source it came from (a tuple,
    like Finding: tens of thousands are made and derived per large scan).

    ``region`` is None for a global resource with no region (IAM), UNKNOWN when the source
    could not tell. ``attributes`` uses the catalog's attribute names for ``type``.
    """

    id: str
    type: str
    service: str
    region: str | Unknown | None
    account: str | Unknown | None
    name: str | Unknown | None
    attributes: Mapping[str, Any] = _NOTHING
    tags: Mapping[str, Any] = _NOTHING
    source: SourceLocation = SourceLocation()


class Evidence(NamedTuple):
    """One attribute a verdict looked at, and the value it found (a tuple: hundreds of
    thousands are made per large scan, and tuples are made in C)."""

    path: str
    value: Any


class Finding(NamedTuple):
    """The verdict of one control on one resource, with the evidence that decided it (a tuple,
    like Evidence: one is made per control and resource, and a frozen dataclass costs three
    times as much to build)."""

    control_id: str
    title: str
    layer: Layer
    severity: Severity
    status: Status
    resource: Resource
    evidence: tuple[Evidence, ...] = ()
    message: str = ""
    remediation: str = ""


@dataclass(frozen=True, slots=True)
class ScanResult:
    """Everything one scan established; reporters render it and compute nothing new."""

    resources: tuple[Resource, ...]
    findings: tuple[Finding, ...] = ()
    unsupported: Mapping[str, int] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    generated_at: datetime | None = None
    tool_version: str = ""
