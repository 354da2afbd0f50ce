"""Framework mappings as data: one TOML file per framework version, requirement -> srmap controls
or attestation duties. Parsed on first use, validated, cached."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from srmap.catalog.data_files import DATA_DIRECTORY, parse_data_file
from srmap.catalog.fields import Table
from srmap.catalog.loader import load_catalog
from srmap.errors import UsageError
from srmap.model import Layer

__all__ = [
    "Framework",
    "Requirement",
    "build_framework",
    "framework_ids",
    "known_duties",
    "load_framework",
    "load_frameworks",
    "read_framework_file",
    "requirement_labels",
]

_DIRECTORY = DATA_DIRECTORY / "frameworks"
_SUFFIX = ".toml"


@dataclass(frozen=True, slots=True)
class Requirement:
    """One requirement of a framework and what in srmap speaks to it."""

    id: str
    title: str
    controls: tuple[str, ...] = ()  # srmap control ids whose findings decide it
    attestations: tuple[str, ...] = ()  # duties (layer or shared control ids) a person attests
    note: str = ""  # why it is mapped the way it is, or why nothing is mapped


@dataclass(frozen=True, slots=True)
class Framework:
    """One version of a framework: its identity, where it is published, and its requirements."""

    id: str  # the file name without .toml, e.g. cis-aws-foundations-5.0.0
    title: str
    version: str
    label: str  # short prefix for requirement ids in reports, e.g. CIS-5.0
    source: str
    requirements: tuple[Requirement, ...]

    def requirement(self, requirement_id: str) -> Requirement | None:
        """The requirement with this id, or None."""
        return next((r for r in self.requirements if r.id == requirement_id), None)


def framework_ids() -> tuple[str, ...]:
    """The ids of the packaged frameworks, sorted."""
    names = (entry.name for entry in _DIRECTORY.iterdir() if entry.name.endswith(_SUFFIX))
    return tuple(sorted(name.removesuffix(_SUFFIX) for name in names))


@cache
def load_framework(framework_id: str) -> Framework:
    """A packaged framework by id, validated on first call and cached; UsageError if unknown."""
    known = framework_ids()
    if framework_id not in known:
        raise UsageError(f"unknown framework {framework_id!r}; choose from {', '.join(known)}")
    file = framework_id + _SUFFIX
    return build_framework(file, read_framework_file(file), known_duties())


def load_frameworks() -> tuple[Framework, ...]:
    """Every packaged framework, in id order."""
    return tuple(load_framework(framework_id) for framework_id in framework_ids())


def known_duties() -> frozenset[str]:
    """What an attestation may name: a layer id or a shared control id of the catalog."""
    shared = {control.id for control in load_catalog().shared_controls}
    return frozenset({layer.value for layer in Layer} | shared)


def requirement_labels(frameworks: Iterable[Framework]) -> dict[str, tuple[str, ...]]:
    """Control id or duty -> labelled requirement ids (``CIS-5.0 2.1.1``), sorted."""
    labels: dict[str, set[str]] = {}
    for framework in frameworks:
        for requirement in framework.requirements:
            for key in (*requirement.controls, *requirement.attestations):
                labels.setdefault(key, set()).add(f"{framework.label} {requirement.id}")
    return {key: tuple(sorted(values)) for key, values in sorted(labels.items())}


def read_framework_file(file: str) -> Mapping[str, Any]:
    """Parse one packaged framework file."""
    return parse_data_file(file, _DIRECTORY)


def build_framework(file: str, data: Mapping[str, Any], duties: frozenset[str]) -> Framework:
    """Validate one framework file's data; CatalogError naming the file and key at fault."""
    root = Table(file, "", data)
    root.check_keys({"framework", "requirement"})
    head = root.table("framework")
    head.check_keys({"title", "version", "label", "source"})
    requirements = tuple(_requirement(t, duties) for t in root.tables("requirement", required=True))
    _check_unique(root, requirements)
    return Framework(
        id=file.removesuffix(_SUFFIX),
        title=head.text("title"),
        version=head.text("version"),
        label=head.text("label"),
        source=head.url("source"),
        requirements=requirements,
    )


def _requirement(table: Table, duties: frozenset[str]) -> Requirement:
    table.check_keys({"id", "title", "controls", "attestations", "note"})
    requirement = Requirement(
        id=table.text("id"),
        title=table.text("title"),
        controls=table.texts("controls", required=False),
        attestations=table.texts("attestations", required=False),
        note=table.text("note", ""),
    )
    for index, duty in enumerate(requirement.attestations):
        if duty not in duties:
            raise table.fail(f"attestations[{index}]", f"{duty!r} is not a layer or shared control")
    for field, values in (
        ("controls", requirement.controls),
        ("attestations", requirement.attestations),
    ):
        if len(set(values)) != len(values):
            raise table.fail(field, "lists an id twice")
    if not requirement.controls and not requirement.attestations and not requirement.note:
        raise table.fail("note", "is missing: say why nothing is mapped")
    return requirement


def _check_unique(root: Table, requirements: tuple[Requirement, ...]) -> None:
    seen: set[str] = set()
    for index, requirement in enumerate(requirements):
        if requirement.id in seen:
            raise root.fail(f"requirement[{index}].id", f"duplicate requirement {requirement.id!r}")
        seen.add(requirement.id)
