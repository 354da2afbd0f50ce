"""Errors a user can act on. The CLI turns each into one clear line and exit code 2."""

from __future__ import annotations

__all__ = ["CatalogError", "InputError", "SrmapError", "UsageError"]


class SrmapError(Exception):
    """Base of every error srmap raises on purpose."""


class UsageError(SrmapError):
    """The command line asked for something that does not exist or does not fit."""


class InputError(SrmapError):
    """An input file could not be read; names the file and, where there is one, the line."""

    def __init__(self, file: str, message: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.reason = message
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {message}")


class CatalogError(SrmapError):
    """The packaged catalog is broken; names the data file and the key at fault."""

    def __init__(self, file: str, key: str, message: str) -> None:
        self.file = file
        self.key = key
        super().__init__(f"catalog {file}: {key}: {message}")
