"""The command group loads a command's module only when it runs, and lists every command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from srmap.cli.lazy_group import LazyCommand, LazyGroup
from srmap.cli.main import COMMANDS, cli

ROOT = Path(__file__).parent.parent.parent
PLAN = ROOT / "tests" / "fixtures" / "terraform" / "modules_aliases" / "plan.json"

# Runs the CLI in a fresh interpreter, then prints the modules it imported as JSON.
_MODULES_AFTER = """
import json, sys
from srmap.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _modules_after(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _MODULES_AFTER, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_listed_summary_is_the_commands_own(name: str) -> None:
    """The summary --help lists is the command's docstring's, cut the same at any width."""
    with click.Context(cli) as ctx:
        command = cli.get_command(ctx, name)
    assert command is not None
    assert command.name == name
    assert isinstance(cli, LazyGroup)
    for limit in (20, 45, 60, 1000):
        assert cli.summary(name, limit) == command.get_short_help_str(limit)


def test_an_unknown_command_is_none() -> None:
    """A name outside the table is no command (click then says "No such command")."""
    with click.Context(cli) as ctx:
        assert cli.get_command(ctx, "nope") is None


def test_a_table_entry_that_is_no_command_is_refused() -> None:
    """An attribute that is not a click command is a wiring error, named."""
    group = LazyGroup(lazy_commands={"x": LazyCommand("srmap.cli.main", "EXIT_USAGE", "X.")})
    with click.Context(group) as ctx, pytest.raises(TypeError, match="EXIT_USAGE"):
        group.get_command(ctx, "x")


def test_help_lists_every_command_without_importing_one() -> None:
    """srmap --help imports no command module and neither rich nor the scan machinery."""
    loaded = _modules_after("--help")
    assert not {"srmap.cli.scan", "srmap.cli.commands", "srmap.cli.demo"} & loaded
    assert not {"rich", "srmap.api", "srmap.catalog"} & loaded


def test_a_json_scan_of_a_plan_loads_only_what_it_uses(tmp_path: Path) -> None:
    """No rich, no other command or reporter, no YAML or CloudFormation normalizers."""
    loaded = _modules_after("scan", str(PLAN), "--format", "json", "--output", str(tmp_path / "x"))
    assert "srmap.report.scan_json" in loaded
    assert "srmap.sources.normalize.terraform" in loaded
    unused = {
        "rich",
        "yaml",
        "srmap.cli.commands",
        "srmap.cli.demo",
        "srmap.report.sarif",
        "srmap.report.terminal",
        "srmap.sources.cloudformation",
        "srmap.sources.normalize.cloudformation",
    }
    assert not unused & loaded
