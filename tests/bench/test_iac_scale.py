"""The scale bench's plan generator and measurement on a tiny plan."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any


def _planned(plan: dict[str, Any]) -> list[dict[str, Any]]:
    root = plan["planned_values"]["root_module"]
    return [*root["resources"], *(r for child in root["child_modules"] for r in child["resources"])]


def test_a_plan_holds_exactly_the_requested_resources_in_every_section(
    iac_scale: ModuleType,
) -> None:
    """Planned values, resource changes and configuration all describe the same resources."""
    plan = iac_scale.generate_plan(47)
    configuration = plan["configuration"]["root_module"]
    configured = len(configuration["resources"]) + sum(
        len(call["module"]["resources"]) for call in configuration["module_calls"].values()
    )
    assert len(_planned(plan)) == len(plan["resource_changes"]) == configured == 47
    changed = {change["address"] for change in plan["resource_changes"]}
    assert {resource["address"] for resource in _planned(plan)} == changed


def test_a_plan_mixes_types_and_places_some_in_child_modules(iac_scale: ModuleType) -> None:
    """Split bucket parts, rules and child-module addresses are all present."""
    planned = _planned(iac_scale.generate_plan(60))
    types = Counter(r["type"] for r in planned)
    assert types["aws_s3_bucket_versioning"] == types["aws_s3_bucket"] == 4
    assert types["aws_security_group_rule"] == 8
    assert any(r["address"].startswith("module.team_") for r in planned)


def test_generated_resources_are_terraforms_own_bodies_numbered(iac_scale: ModuleType) -> None:
    """Every resource carries all the attributes Terraform planned for its unit copy, and its
    unit's number in its names; no placeholder is left anywhere."""
    unit = json.loads(iac_scale.UNIT_PLAN.read_text(encoding="utf-8"))
    resources = unit["planned_values"]["root_module"]["resources"]
    unit_values = {f"{r['type']}.{r['name']}": r["values"] for r in resources}
    plan = iac_scale.generate_plan(3 * iac_scale.unit_size())
    assert iac_scale.PLACEHOLDER not in json.dumps(plan)
    database = next(r for r in _planned(plan) if r["address"].endswith("aws_db_instance.db_2"))
    template = unit_values[f"aws_db_instance.db_{iac_scale.PLACEHOLDER}"]
    assert database["values"].keys() == template.keys() and len(template) > 30
    assert database["values"]["identifier"] == "db-2"
    module_change = next(c for c in plan["resource_changes"] if c["address"].endswith("db_1"))
    assert module_change["module_address"] == "module.team_0"
    assert module_change["address"] == "module.team_0.aws_db_instance.db_1"


def test_measure_joins_every_split_part_onto_its_primary(
    iac_scale: ModuleType, tmp_path: Path
) -> None:
    """Parts reference their primaries with unknown ids and still join, with no warning."""
    size = 2 * iac_scale.unit_size()
    result = iac_scale.measure(iac_scale.write_plan(size, tmp_path))
    parts = 2 * 5  # per unit: versioning, encryption, public access block, two rules
    assert result["resources"] + result["unsupported"] == size - parts
    assert result["warnings"] == 0
    assert result["peak_rss_mb"] > 0
    assert json.dumps(result)


def test_verdicts_say_which_targets_are_met(iac_scale: ModuleType) -> None:
    """CPU time decides the time targets; a fourfold per-resource spread is not flat."""
    rows = [
        (10_000, {"cpu_seconds": 0.5, "seconds": 3.0, "peak_rss_mb": 90}),
        (100_000, {"cpu_seconds": 20.0, "seconds": 25.0, "peak_rss_mb": 900}),
    ]
    lines = list(iac_scale.verdicts(rows))
    assert lines[0].startswith("  10000 resources under 1 s: met")
    assert "under 10 s: NOT MET" in lines[1]
    assert "under 2 GB: met" in lines[2]
    assert "flat" in lines[3] and "NOT MET" in lines[3]


def test_a_plan_written_in_a_child_is_the_plan_written_here(
    iac_scale: ModuleType, tmp_path: Path
) -> None:
    """The speed bench writes its plans in a child process; the file is the same."""
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir(), there.mkdir()
    written = iac_scale.write_plan_in_child(31, there)
    assert written == there / "plan-31.json"
    assert written.read_bytes() == iac_scale.write_plan(31, here).read_bytes()


def test_every_list_is_in_address_order_as_terraform_writes_it(iac_scale: ModuleType) -> None:
    """Terraform sorts a module's planned and configured resources, and the changes, by
    address (the unit's real plan does): app_10 before app_2."""
    plan = iac_scale.generate_plan(11 * iac_scale.unit_size())
    root = plan["planned_values"]["root_module"]
    configuration = plan["configuration"]["root_module"]
    lists = [
        root["resources"],
        *(child["resources"] for child in root["child_modules"]),
        configuration["resources"],
        *(call["module"]["resources"] for call in configuration["module_calls"].values()),
        plan["resource_changes"],
    ]
    for listed in lists:
        addresses = [entry["address"] for entry in listed]
        assert addresses == sorted(addresses)
    names = [entry["address"] for entry in root["resources"]]
    assert names.index("aws_db_instance.db_10") < names.index("aws_db_instance.db_2")
