"""The srmap command group and the entry point that turns errors into exit code 2."""

from __future__ import annotations

import os
import sys

import click

from srmap import __version__
from srmap.cli.commands import (
    catalog_command,
    frameworks_command,
    inventory_command,
    matrix_command,
    regions_command,
)
from srmap.cli.demo import demo_command
from srmap.cli.scan import scan_command
from srmap.errors import SrmapError

__all__ = ["EXIT_USAGE", "cli", "main"]

EXIT_USAGE = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="srmap")
def cli() -> None:
    """srmap: who owns each security layer of an AWS workload, and whether your side is done."""


for command in (
    catalog_command,
    regions_command,
    frameworks_command,
    inventory_command,
    matrix_command,
    scan_command,
    demo_command,
):
    cli.add_command(command)


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
