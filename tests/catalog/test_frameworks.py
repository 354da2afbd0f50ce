"""The framework loader rejects broken mapping files with an error naming the file and key."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from srmap.catalog.frameworks import (
    build_framework,
    framework_ids,
    known_duties,
    load_framework,
    load_frameworks,
    read_framework_file,
    requirement_labels,
)
from srmap.errors import CatalogError, UsageError

CIS = "cis-aws-foundations-5.0.0"
FILE = f"{CIS}.toml"


def _build(edit: Callable[[dict[str, Any]], object]) -> None:
    data = copy.deepcopy(dict(read_framework_file(FILE)))
    edit(data)
    build_framework(FILE, data, known_duties())


def _requirement(data: dict[str, Any], index: int) -> dict[str, Any]:
    requirement: dict[str, Any] = data["requirement"][index]
    return requirement


def test_packaged_frameworks_load_and_are_cached() -> None:
    """Both shipped frameworks validate, and a second load returns the same object."""
    assert set(framework_ids()) >= {CIS, "nist-800-53-r5"}
    assert load_framework(CIS) is load_framework(CIS)
    assert [f.id for f in load_frameworks()] == list(framework_ids())


def test_framework_header_names_version_label_and_source() -> None:
    """The CIS file says which version it maps and where CIS publishes it."""
    cis = load_framework(CIS)
    assert (cis.version, cis.label) == ("5.0.0", "CIS-5.0")
    assert cis.source.startswith("https://www.cisecurity.org/")
    root_keys = cis.requirement("1.3")
    assert root_keys is not None
    assert root_keys.controls == ("aws.account.no_root_access_keys",)
    assert cis.requirement("9.9") is None


def test_unknown_framework_is_a_usage_error_listing_the_choices() -> None:
    """Asking for a framework that is not packaged names the ones that are."""
    with pytest.raises(UsageError, match=f"unknown framework 'cis-9'.*{CIS}"):
        load_framework("cis-9")


@pytest.mark.parametrize(
    ("edit", "key", "message"),
    [
        (lambda d: d.update(extra={}), "extra", "unknown key"),
        (lambda d: d.pop("framework"), "framework", "is missing"),
        (lambda d: d["framework"].update(source="http://x"), "framework.source", "https"),
        (lambda d: d["framework"].pop("label"), "framework.label", "is missing"),
        (lambda d: _requirement(d, 0).pop("title"), "requirement[0].title", "is missing"),
        (lambda d: _requirement(d, 2).update(controls="x"), "requirement[2].controls", "array"),
        (
            lambda d: _requirement(d, 1).update(id=_requirement(d, 0)["id"]),
            "requirement[1].id",
            "duplicate requirement '1.1'",
        ),
        (
            lambda d: _requirement(d, 0).update(attestations=["nobody"]),
            "requirement[0].attestations[0]",
            "'nobody' is not a layer or shared control",
        ),
        (
            lambda d: _requirement(d, 2).update(controls=["a.b.c", "a.b.c"]),
            "requirement[2].controls",
            "lists an id twice",
        ),
        (lambda d: _requirement(d, 0).pop("note"), "requirement[0].note", "say why"),
        (lambda d: _requirement(d, 0).update(level=1), "requirement[0].level", "unknown key"),
    ],
)
def test_broken_data_names_file_and_key(
    edit: Callable[[dict[str, Any]], object], key: str, message: str
) -> None:
    """Each kind of mistake is reported with the file and the dotted key at fault."""
    with pytest.raises(CatalogError, match=message) as raised:
        _build(edit)
    assert (raised.value.file, raised.value.key) == (FILE, key)


def test_attestation_duties_are_layers_or_shared_controls() -> None:
    """Layer ids and the catalog's shared control ids are the duties a file may name."""
    duties = known_duties()
    assert {"logging_monitoring", "customer_data", "awareness_and_training"} <= duties
    assert "contact_details" not in duties


def test_missing_file_is_a_catalog_error() -> None:
    """A framework file absent from the package is reported by name."""
    with pytest.raises(CatalogError, match="is missing from the package"):
        read_framework_file("no-such-framework.toml")


def test_requirement_labels_join_every_framework_by_control_and_duty() -> None:
    """Control ids and duties map to labelled requirement ids across all frameworks, sorted."""
    labels = requirement_labels(load_frameworks())
    assert labels["s3.bucket.encryption_in_transit"] == ("CIS-5.0 2.1.1", "NIST 800-53 SC-8")
    assert "CIS-5.0 4.16" in labels["logging_monitoring"]
    assert "NIST 800-53 SC-28" in labels["rds.db_instance.encryption_at_rest"]
