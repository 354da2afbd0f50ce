"""The srmap command group and the entry point that turns errors into exit code 2."""

from __future__ import annotations

import os
import sys
from typing import NoReturn

import click

from srmap import __version__
from srmap.cli.lazy_group import LazyCommand, LazyGroup
from srmap.cli.process_exit import run as run_process
from srmap.errors import SrmapError

__all__ = ["COMMANDS", "EXIT_USAGE", "cli", "main", "run"]

EXIT_USAGE = 2

_COMMANDS_MODULE = "srmap.cli.commands"
# Each command's module loads only when it runs: `srmap scan` never imports the demo or the
# table renderers of the other commands, and `srmap --help` imports none.
COMMANDS = {
    "catalog": LazyCommand(
        _COMMANDS_MODULE,
        "catalog_command",
        "List catalog services (all, or the SERVICES named) with category and sources.",
    ),
    "regions": LazyCommand(
        _COMMANDS_MODULE,
        "regions_command",
        "List every AWS region with its partition, country and jurisdictions.",
    ),
    "frameworks": LazyCommand(
        _COMMANDS_MODULE,
        "frameworks_command",
        "List the frameworks srmap maps its controls to (ids for scan --framework).",
    ),
    "inventory": LazyCommand(
        _COMMANDS_MODULE,
        "inventory_command",
        "Normalize plans, Terraform directories and templates into one inventory.",
    ),
    "matrix": LazyCommand(
        _COMMANDS_MODULE,
        "matrix_command",
        "Show who owns each security layer (AWS, customer, shared) for the services in use.",
    ),
    "scan": LazyCommand(
        "srmap.cli.scan",
        "scan_command",
        "Check the customer's side of the line for TARGETS: plans, .tf directories, templates, "
        "and live accounts (aws:// or aws://PROFILE; with --accounts or --organization, a role in "
        "each account), joined onto the responsibility matrix.",
    ),
    "demo": LazyCommand(
        "srmap.cli.demo",
        "demo_command",
        "Build the examples/webshop workload, with its deliberate gaps, in an in-process AWS "
        "emulator (eu-central-1 and us-east-1), scan it through the live path, and print the "
        "matrix and findings as `srmap scan` does.",
    ),
}


@click.group(
    cls=LazyGroup,
    lazy_commands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="srmap")
def cli() -> None:
    """srmap: who owns each security layer of an AWS workload, and whether your side is done."""


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; errors become one line on stderr and exit code 2, never a traceback."""
    try:
        code = cli.main(args=argv, prog_name="srmap", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(EXIT_USAGE)
    except click.ClickException as error:
        error.show()
        sys.exit(EXIT_USAGE)
    except SrmapError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_USAGE)
    except Exception as error:
        if os.environ.get("SRMAP_DEBUG"):
            raise
        click.echo(f"internal error: {type(error).__name__}: {error}", err=True)
        click.echo("set SRMAP_DEBUG=1 to see the traceback, and please report it", err=True)
        sys.exit(EXIT_USAGE)
    if isinstance(code, int) and code:
        sys.exit(code)


def run() -> NoReturn:
    """The process entry point (the ``srmap`` script, ``python -m srmap``): ``main``, ended
    without freeing a large scan's objects one by one (srmap.cli.process_exit)."""
    run_process(main)
