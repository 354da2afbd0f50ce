"""Docs that restate the code cannot drift: they are compared with what the code says."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

from srmap import __version__
from srmap.api import matrix_for_services
from srmap.model import Layer
from srmap.report.matrix import render_matrix_markdown

ROOT = Path(__file__).resolve().parent.parent


def _generator() -> object:
    spec = importlib.util.spec_from_file_location(
        "generate_docs", ROOT / "scripts" / "generate_docs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_controls_page_is_up_to_date() -> None:
    """docs/controls.md equals what scripts/generate_docs.py writes today."""
    expected = _generator().controls_page()  # type: ignore[attr-defined]
    assert (ROOT / "docs" / "controls.md").read_text(encoding="utf-8") == expected


def test_readme_matrix_is_what_srmap_prints() -> None:
    """The README's four-service matrix is the real output of srmap matrix --format markdown."""
    printed = render_matrix_markdown(matrix_for_services(["ec2", "rds", "s3", "lambda"]))
    assert printed in (ROOT / "README.md").read_text(encoding="utf-8")


def test_layer_page_lists_every_layer_in_order() -> None:
    """docs/layers.md names each layer id once, bottom to top."""
    text = (ROOT / "docs" / "layers.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.MULTILINE)
    assert listed == [layer.value for layer in Layer]


def test_readme_quickstart_has_exactly_the_two_commands() -> None:
    """The Quickstart shows make demo and make test, and the Makefile has both targets."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quickstart = readme.split("## Quickstart", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^(make \w+)", quickstart, flags=re.MULTILINE)
    assert commands == ["make demo", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^demo:", makefile, flags=re.MULTILINE)
    assert re.search(r"^test:", makefile, flags=re.MULTILINE)


def test_version_matches_pyproject() -> None:
    """srmap.__version__ is the version pyproject.toml declares."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert __version__ == project["version"]
