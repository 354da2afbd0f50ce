"""The loader rejects broken catalog data with an error naming the file and key."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import pytest

from srmap.catalog import build_catalog, load_catalog
from srmap.catalog.loader import read_data_file
from srmap.errors import CatalogError

FILES = ["ownership.toml", "services.toml", "resource_types.toml", "regions.toml"]
FILES += ["shared_controls.toml"]


def _reader(edit: Any = None, file: str = "") -> Any:
    data = {name: copy.deepcopy(read_data_file(name)) for name in FILES}
    if edit is not None:
        edit(data[file])

    def read(name: str) -> Mapping[str, Any]:
        return data[name]

    return read


def test_packaged_catalog_builds_and_is_cached() -> None:
    """The shipped files validate, and the second call returns the same object."""
    assert load_catalog() is load_catalog()


@pytest.mark.parametrize(
    ("file", "edit", "key", "message"),
    [
        (
            "ownership.toml",
            lambda d: d["ownership"]["container"].pop("guest_os"),
            "ownership.container.guest_os",
            "is missing",
        ),
        (
            "ownership.toml",
            lambda d: d["ownership"]["abstracted"]["backups"].update(owner="nobody"),
            "ownership.abstracted.backups.owner",
            "'nobody' is not one of",
        ),
        (
            "services.toml",
            lambda d: d["service"][1].update(id=d["service"][0]["id"]),
            "service[1].id",
            "duplicate service",
        ),
        (
            "services.toml",
            lambda d: d["service"][0].update(sources=["http://example.com"]),
            "service[0].sources[0]",
            "not an https URL",
        ),
        (
            "services.toml",
            lambda d: d["service"][0].update(override=[{"layer": "roof", "owner": "aws"}]),
            "service[0].override[0].layer",
            "'roof' is not one of",
        ),
        (
            "services.toml",
            lambda d: d["service"][2].update(categroy="container"),
            "service[2].categroy",
            "unknown key",
        ),
        (
            "resource_types.toml",
            lambda d: d["type"]["s3.bucket"].update(service="nope"),
            'type."s3.bucket".service',
            "not a service",
        ),
        (
            "regions.toml",
            lambda d: d["region"][0].update(country="Germany"),
            "region[0].country",
            "ISO 3166",
        ),
        (
            "regions.toml",
            lambda d: d["region"][0].update(opt_in="yes"),
            "region[0].opt_in",
            "expected boolean",
        ),
    ],
)
def test_broken_data_names_file_and_key(file: str, edit: Any, key: str, message: str) -> None:
    """Each kind of damage is reported with the file and dotted key at fault."""
    with pytest.raises(CatalogError) as caught:
        build_catalog(_reader(edit, file))
    assert caught.value.file == file
    assert caught.value.key == key
    assert message in str(caught.value)
