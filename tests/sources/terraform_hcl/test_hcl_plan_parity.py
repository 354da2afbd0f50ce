"""Where a plan of the same directory knows a value, the HCL reader must find the same value."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from srmap.model import UNKNOWN
from srmap.sources.terraform_hcl import read_hcl_dir

FIXTURES = Path(__file__).parents[2] / "fixtures"
FOLDERS = sorted(
    plan.parent
    for pattern in ("parity/*/plan.json", "terraform/*/plan.json")
    for plan in FIXTURES.glob(pattern)
    if any(plan.parent.glob("*.tf"))
)


def planned_resources(folder: Path) -> dict[str, dict[str, Any]]:
    """Planned managed resources of every module in folder/plan.json, by address."""
    plan = json.loads((folder / "plan.json").read_text())
    found: dict[str, dict[str, Any]] = {}

    def walk(module: dict[str, Any]) -> None:
        for resource in module.get("resources", []):
            if resource.get("mode") == "managed":
                found[resource["address"]] = resource
        for child in module.get("child_modules", []):
            walk(child)

    walk(plan["planned_values"]["root_module"])
    return found


def comparable(value: Any) -> Any:
    """JSON text as data, since the provider normalizes policy documents."""
    if isinstance(value, str) and value.lstrip().startswith(("{", "[")):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def is_block_list(value: Any) -> bool:
    """Nested blocks: the plan fills schema defaults HCL cannot know."""
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def test_parity_folders_exist() -> None:
    """The comparison runs over real planned fixtures."""
    assert len(FOLDERS) >= 5


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda folder: folder.name)
def test_every_planned_resource_is_read_from_hcl(folder: Path) -> None:
    """Each managed resource the plan lists has the same address in the HCL read."""
    addresses = {r.address for r in read_hcl_dir(folder)}
    missing = set(planned_resources(folder)) - addresses
    assert not missing


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda folder: folder.name)
def test_known_top_level_values_match_the_plan(folder: Path) -> None:
    """A top-level attribute known to both HCL and the plan has one value."""
    planned = planned_resources(folder)
    compared = 0
    for resource in read_hcl_dir(folder):
        plan_values = planned.get(resource.address, {}).get("values")
        if plan_values is None:
            continue
        for name, value in resource.values.items():
            if value is UNKNOWN or name not in plan_values or is_block_list(value):
                continue
            assert comparable(value) == comparable(plan_values[name]), (resource.address, name)
            compared += 1
    assert compared > 0


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda folder: folder.name)
def test_hcl_does_not_call_unknown_what_the_plan_knows_literally(folder: Path) -> None:
    """Attributes the plan knows as plain strings or numbers are not UNKNOWN from HCL.

    Data sources other than policy documents are read by a plan only, so values drawn
    from them are exempt.
    """
    planned = planned_resources(folder)
    for resource in read_hcl_dir(folder):
        plan_values = planned.get(resource.address, {}).get("values") or {}
        for name, value in resource.values.items():
            from_data = any(ref.startswith("data.") for ref in resource.references.get(name, ()))
            if value is UNKNOWN and not from_data:
                assert not isinstance(plan_values.get(name), str | int | float), (
                    resource.address,
                    name,
                )
