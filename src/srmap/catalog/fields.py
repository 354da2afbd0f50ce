"""Typed access to a TOML table that reports the file and dotted key of anything wrong."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from srmap.errors import CatalogError

__all__ = ["Table"]

E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True, slots=True)
class Table:
    """One TOML table with its position (file name and dotted key) for error messages."""

    file: str
    key: str
    data: Mapping[str, Any]

    def fail(self, field: str, message: str) -> CatalogError:
        """An error naming this table's file and the dotted key of ``field``."""
        return CatalogError(self.file, f"{self.key}.{field}" if self.key else field, message)

    def _get(self, field: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        if field not in self.data:
            if default is ...:
                raise self.fail(field, "is missing")
            return default
        value = self.data[field]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise self.fail(field, f"expected {_kind_name(kind)}, got {type(value).__name__}")
        return value

    def text(self, field: str, default: str | None = None) -> str:
        """A non-empty string field (or ``default`` when absent)."""
        value: str = self._get(field, str, ... if default is None else default)
        if field in self.data and not value.strip():
            raise self.fail(field, "is empty")
        return value

    def optional_text(self, field: str) -> str | None:
        """A string field that may be absent."""
        value: str | None = self._get(field, str, None)
        return value

    def flag(self, field: str) -> bool:
        """A boolean field."""
        value: bool = self._get(field, bool)
        return value

    def texts(self, field: str, *, required: bool = True) -> tuple[str, ...]:
        """A list of non-empty strings."""
        values: list[Any] = self._get(field, list, ... if required else [])
        for index, item in enumerate(values):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(f"{field}[{index}]", "expected a non-empty string")
        return tuple(values)

    def url(self, field: str) -> str:
        """An https URL."""
        value = self.text(field)
        _check_url(self, field, value)
        return value

    def urls(self, field: str) -> tuple[str, ...]:
        """A non-empty list of https URLs."""
        values = self.texts(field)
        if not values:
            raise self.fail(field, "needs at least one source")
        for index, value in enumerate(values):
            _check_url(self, f"{field}[{index}]", value)
        return values

    def choice(self, field: str, enum: type[E]) -> E:
        """A string field that must be one of the enum's values."""
        value = self.text(field)
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            raise self.fail(field, f"{value!r} is not one of: {allowed}") from None

    def table(self, field: str) -> Table:
        """A nested table."""
        value: Mapping[str, Any] = self._get(field, dict)
        return self.child(field, value)

    def tables(self, field: str, *, required: bool = False) -> Iterator[Table]:
        """An array of tables, each positioned as ``field[i]``."""
        values: list[Any] = self._get(field, list, ... if required else [])
        for index, item in enumerate(values):
            if not isinstance(item, dict):
                raise self.fail(f"{field}[{index}]", "expected a table")
            yield self.child(f"{field}[{index}]", item)

    def child(self, field: str, data: Mapping[str, Any]) -> Table:
        """A table nested under ``field``."""
        return Table(self.file, f"{self.key}.{field}" if self.key else field, data)

    def items(self) -> Iterator[tuple[str, Table]]:
        """Each entry of a table of tables."""
        for name, value in self.data.items():
            if not isinstance(value, dict):
                raise self.fail(name, "expected a table")
            yield name, self.child(_quote(name), value)

    def check_keys(self, allowed: set[str]) -> None:
        """Reject keys this table does not know, so a typo cannot pass silently."""
        for name in self.data:
            if name not in allowed:
                raise self.fail(name, f"unknown key (known: {', '.join(sorted(allowed))})")


def _check_url(table: Table, field: str, value: str) -> None:
    if not value.startswith("https://") or " " in value:
        raise table.fail(field, f"{value!r} is not an https URL")


def _quote(name: str) -> str:
    return f'"{name}"' if "." in name else name


_TOML_NAMES = {dict: "table", list: "array", str: "string", bool: "boolean", int: "integer"}


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(_TOML_NAMES.get(k, k.__name__) for k in kinds)
