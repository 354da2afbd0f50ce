"""Where a resource was read, as reports show it: a path relative to the scan root, or the API."""

from __future__ import annotations

import posixpath
from pathlib import Path, PurePath

from srmap.model import Resource

__all__ = ["display_location", "relative_path"]


def relative_path(file: str, root: Path) -> str | None:
    """``file`` as a POSIX path relative to ``root``, or None when it lies outside the root."""
    root = root.absolute()
    path = PurePath(file)
    if not path.is_absolute():
        # A relative source path was given relative to the directory the scan started in.
        path = root / path
    normalized = posixpath.normpath(path.as_posix())
    base = posixpath.normpath(root.as_posix())
    if normalized == base or not normalized.startswith(base.rstrip("/") + "/"):
        return None
    return normalized[len(base.rstrip("/")) + 1 :]


def display_location(resource: Resource, root: Path) -> str:
    """``file:line`` (relative to root when under it), ``file``, the API call, or empty."""
    source = resource.source
    if source.file is None:
        return source.api or ""
    shown = relative_path(source.file, root) or source.file
    return f"{shown}:{source.line}" if source.line is not None else shown
