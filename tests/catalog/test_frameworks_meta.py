"""Invariants over every framework mapping against the control registry."""

from __future__ import annotations

from srmap.catalog.frameworks import load_frameworks
from srmap.controls import default_controls

# Controls deliberately mapped to no framework requirement. Each needs a reason: a control
# listed here shows in no framework view and carries no requirement id in the CSV.
UNMAPPED_ALLOWLIST: dict[str, str] = {
    # (empty: every control maps to at least one requirement today)
}


def test_every_mapped_control_exists() -> None:
    """A framework names only controls the registry has, so no requirement is silently empty."""
    known = {control.id for control in default_controls()}
    missing = {
        (framework.id, requirement.id, control_id)
        for framework in load_frameworks()
        for requirement in framework.requirements
        for control_id in requirement.controls
        if control_id not in known
    }
    assert not missing


def test_every_control_maps_to_a_requirement_or_is_allowlisted() -> None:
    """A new control must be mapped in some framework, or listed above with its reason."""
    mapped = {
        control_id
        for framework in load_frameworks()
        for requirement in framework.requirements
        for control_id in requirement.controls
    }
    unmapped = {c.id for c in default_controls()} - mapped - set(UNMAPPED_ALLOWLIST)
    assert not unmapped, f"map these controls in a framework file or allowlist them: {unmapped}"


def test_allowlist_holds_only_real_unmapped_controls() -> None:
    """An allowlisted control must exist and must really be unmapped, so the list cannot rot."""
    known = {control.id for control in default_controls()}
    mapped = {
        control_id
        for framework in load_frameworks()
        for requirement in framework.requirements
        for control_id in requirement.controls
    }
    assert set(UNMAPPED_ALLOWLIST) <= known - mapped


def test_every_requirement_id_is_unique_per_framework_and_labels_are_distinct() -> None:
    """Requirement ids are unique in a file and framework labels differ across files."""
    frameworks = load_frameworks()
    labels = [framework.label for framework in frameworks]
    assert len(labels) == len(set(labels))
    for framework in frameworks:
        ids = [requirement.id for requirement in framework.requirements]
        assert len(ids) == len(set(ids)), framework.id
