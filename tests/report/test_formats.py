"""The format registry and the scan command's --format, --output and --output-dir."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from srmap.cli import main
from srmap.errors import UsageError
from srmap.report.formats import FORMATS, RenderOptions, directory_formats, parse_formats
from srmap.scan import ScanReport

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = "examples/webshop/cloudformation/webshop.yaml"
POLICY = "examples/webshop/srmap.yaml"
Webshop = Callable[[str], ScanReport]


def _srmap(*args: str) -> int:
    """Run the CLI in this process; the exit code it would give the shell."""
    try:
        main(list(args))
    except SystemExit as done:
        return int(done.code or 0)
    return 0


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Scans start in the repository root, as CI would run them."""
    monkeypatch.chdir(ROOT)
    return ROOT


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_renders_the_webshop_without_secrets(webshop: Webshop, name: str) -> None:
    """Each registered format renders both editions to text that never shows the password."""
    options = RenderOptions(ROOT, include_unknown=True, show_passed=True)
    for edition in ("cfn", "plan"):
        rendered = FORMATS[name].render(webshop(edition), options)
        if isinstance(rendered, str):
            text = rendered
        else:
            text = (rendered if isinstance(rendered, bytes) else b"".join(rendered)).decode()
        assert text.strip()
        assert "Sup3rS3cret!" not in text


def test_file_names_are_distinct_and_named_like_their_format() -> None:
    """No two formats would overwrite each other in one directory."""
    names = [f.file_name for f in FORMATS.values()]
    assert len(set(names)) == len(names)
    assert FORMATS["sarif"].file_name.endswith(".sarif")
    assert FORMATS["csv"].file_name.endswith(".csv")
    assert FORMATS["markdown"].file_name.endswith(".md")


def test_parse_formats_keeps_order_and_drops_repeats() -> None:
    """Names come in the order given, case-insensitively, each once."""
    assert [f.name for f in parse_formats(["SARIF", "csv", "sarif"])] == ["sarif", "csv"]


def test_parse_formats_rejects_unknown_names_listing_the_known() -> None:
    """A typo is a usage error that lists the formats there are."""
    with pytest.raises(UsageError, match="choose from table, json, sarif"):
        parse_formats(["sarf"])


def test_directory_default_is_every_file_format() -> None:
    """Without --format, a directory gets every format but the terminal table."""
    assert [f.name for f in directory_formats()] == [n for n in FORMATS if n != "table"]


def test_output_dir_writes_every_file_format(
    at_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One scan fills the directory; the exit code still reflects the failing findings."""
    out = tmp_path / "reports" / "nested"
    assert _srmap("scan", TEMPLATE, "--policy", POLICY, "--output-dir", str(out)) == 1
    assert sorted(p.name for p in out.iterdir()) == sorted(f.file_name for f in directory_formats())
    sarif = json.loads((out / "srmap.sarif").read_text(encoding="utf-8"))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    }
    assert uris == {TEMPLATE}
    assert json.loads((out / "srmap-scan.json").read_text(encoding="utf-8"))["findings"]
    rows = list(csv.reader(io.StringIO((out / "srmap-crm.csv").read_text(), newline="")))
    assert rows[0][0] == "service"
    assert "wrote" in capsys.readouterr().err


def test_output_dir_with_a_comma_list_writes_only_those(at_root: Path, tmp_path: Path) -> None:
    """--format csv,markdown with --output-dir writes exactly two files."""
    code = _srmap("scan", TEMPLATE, "--format", "csv,markdown", "--output-dir", str(tmp_path))
    assert code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["srmap-crm.csv", "srmap-summary.md"]


def test_sarif_to_one_file_and_the_unknown_flag(at_root: Path, tmp_path: Path) -> None:
    """--format sarif --output writes SARIF; --sarif-include-unknown adds unknowns as notes."""
    plain, full = tmp_path / "plain.sarif", tmp_path / "full.sarif"
    _srmap("scan", TEMPLATE, "--format", "sarif", "--output", str(plain))
    _srmap("scan", TEMPLATE, "--format", "sarif", "--output", str(full), "--sarif-include-unknown")
    levels = [
        {r["level"] for r in json.loads(path.read_text())["runs"][0]["results"]}
        for path in (plain, full)
    ]
    assert "note" in levels[1]
    plain_count = len(json.loads(plain.read_text())["runs"][0]["results"])
    assert len(json.loads(full.read_text())["runs"][0]["results"]) > plain_count


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "json,sarif"], "several formats need --output-dir"),
        (["--format", "json", "--format", "csv"], "several formats need --output-dir"),
        (["--output", "x.json", "--output-dir", "out"], "exclude each other"),
        (["--format", "pdf"], "unknown format 'pdf'"),
    ],
)
def test_usage_errors_exit_2(
    at_root: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    """Contradictory or unknown output options are usage errors, before any scanning."""
    assert _srmap("scan", TEMPLATE, *args) == 2
    assert message in capsys.readouterr().err


def test_markdown_to_stdout(at_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --output a single format goes to stdout."""
    _srmap("scan", TEMPLATE, "--format", "markdown")
    assert capsys.readouterr().out.startswith("## srmap: ")
