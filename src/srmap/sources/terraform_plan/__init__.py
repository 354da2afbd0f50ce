"""Terraform plan JSON (`terraform show -json`, plan or state) -> raw resources."""

from __future__ import annotations

from pathlib import Path

from srmap.errors import InputError
from srmap.sources.raw import RawResource
from srmap.sources.terraform_plan._load import (
    check_format_version,
    load_plan_json,
    looks_like_plan,
)
from srmap.sources.terraform_plan._reader import PlanReader

__all__ = ["looks_like_plan", "read_plan"]

_NOT_A_PLAN = (
    "not a Terraform plan (expected the JSON object of `terraform show -json`, with "
    "format_version and planned_values, resource_changes or configuration)"
)


def read_plan(path: Path) -> list[RawResource]:
    """Every resource a plan (or state) leaves in place, with unknowns, regions and references."""
    file = str(path)
    data = load_plan_json(path)
    if not isinstance(data, dict) or not looks_like_plan(data):
        raise InputError(file, _NOT_A_PLAN)
    check_format_version(data, file)
    try:
        return PlanReader(data, file).read()
    except RecursionError as exc:
        raise InputError(file, "plan nested too deeply") from exc
