"""Parity: one resource written as a plan, as HCL and as a template normalizes to one
expected JSON (tests/fixtures/parity/<case>/expected.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from srmap.model import Reference
from srmap.report.jsonable import to_jsonable
from srmap.sources import ReadOptions, read_inventory

PARITY = Path(__file__).parent.parent / "fixtures" / "parity"
CASES = sorted(p.name for p in PARITY.iterdir() if (p / "expected.json").exists())


def _expected(case: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PARITY / case / "expected.json").read_text())
    return data


def _plain(value: Any, addresses: dict[str, str]) -> Any:
    """JSON data in which a Reference names the referenced resource by its Terraform address
    (the attribute read differs by dialect: ``.arn`` versus ``!Ref``)."""
    if isinstance(value, Reference):
        return {"$ref": addresses.get(value.address, value.address)}
    if isinstance(value, dict):
        return {key: _plain(item, addresses) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item, addresses) for item in value]
    return to_jsonable(value)


def _normalized(path: Path, addresses: dict[str, str]) -> dict[str, dict[str, Any]]:
    inventory = read_inventory([path], ReadOptions(region="eu-west-1"))
    return {
        r.id: {
            "type": r.type,
            "region": to_jsonable(r.region),
            "name": to_jsonable(r.name),
            "attributes": _plain(r.attributes, addresses),
        }
        for r in inventory.resources
    }


def test_at_least_twelve_types_have_parity_cases() -> None:
    """The parity suite covers at least 12 canonical types."""
    types = {r["type"] for case in CASES for r in _expected(case)["resources"].values()}
    assert len(types) >= 12, sorted(types)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("form", ["plan", "hcl", "cloudformation"])
def test_same_resource_normalizes_alike(case: str, form: str) -> None:
    """Plan, HCL and template of one case yield the expected resources."""
    expected = _expected(case)
    folder = PARITY / case
    path = {"plan": folder / "plan.json", "hcl": folder, "cloudformation": folder / "template.yaml"}
    logical = expected["cloudformation_ids"]
    addresses = {v: k for k, v in logical.items()} if form == "cloudformation" else {}
    found = _normalized(path[form], addresses)
    for address, want in expected["resources"].items():
        resource_id = (
            expected["cloudformation_ids"][address] if form == "cloudformation" else address
        )
        assert resource_id in found, f"{resource_id} missing from {form}: {sorted(found)}"
        got = found[resource_id]
        assert got["type"] == want["type"]
        assert got["region"] == "eu-west-1"
        if "name" in want:
            assert got["name"] == want["name"]
        assert got["attributes"] == want["attributes"], form
