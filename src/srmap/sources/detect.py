"""Decide what a path is by its content: a plan JSON, a directory of .tf, or a template."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path

from srmap.errors import InputError

__all__ = ["MAX_INPUT_ENV", "SourceKind", "detect_source"]

_HEAD_BYTES = 8192
_DEFAULT_MAX_INPUT_BYTES = 1 << 30
MAX_INPUT_ENV = "SRMAP_MAX_INPUT_BYTES"


class SourceKind(StrEnum):
    """The kinds of input srmap reads from files."""

    TERRAFORM_PLAN = "terraform_plan"
    TERRAFORM_HCL = "terraform_hcl"
    CLOUDFORMATION = "cloudformation"


def detect_source(path: Path) -> SourceKind:
    """What kind of input ``path`` holds; InputError when it is none srmap reads."""
    if path.is_dir():
        if any(path.glob("*.tf")):
            return SourceKind.TERRAFORM_HCL
        raise InputError(str(path), "nothing to read: no Terraform files (*.tf) in this directory")
    if not path.is_file():
        raise InputError(str(path), "no such file or directory")
    _check_size(path)
    if path.suffix == ".tf":
        return SourceKind.TERRAFORM_HCL
    head = _head(path)
    stripped = head.lstrip()
    if stripped.startswith("{") and '"format_version"' in head:
        return SourceKind.TERRAFORM_PLAN
    # The template parser (and YAML) loads only for what is not a plan.
    from srmap.sources.cloudformation import looks_like_template  # noqa: PLC0415

    if looks_like_template(head, path.suffix):
        return SourceKind.CLOUDFORMATION
    raise InputError(
        str(path),
        "not a Terraform plan JSON, a directory of .tf files, or a CloudFormation template",
    )


def _check_size(path: Path) -> None:
    """Refuse files larger than the limit before reading them (SRMAP_MAX_INPUT_BYTES)."""
    limit = int(os.environ.get(MAX_INPUT_ENV) or _DEFAULT_MAX_INPUT_BYTES)
    size = path.stat().st_size
    if size > limit:
        raise InputError(
            str(path), f"{size} bytes is over the input limit of {limit} ({MAX_INPUT_ENV})"
        )


def _head(path: Path) -> str:
    with path.open("rb") as handle:
        raw = handle.read(_HEAD_BYTES)
    if b"\x00" in raw:
        raise InputError(str(path), "binary data, not a text file")
    return raw.decode("utf-8", errors="replace")
