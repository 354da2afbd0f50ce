"""The demo command: the example webshop, built in an emulator and scanned as a live account."""

from __future__ import annotations

from pathlib import Path

import click

from srmap.cli.options import console, emit
from srmap.cli.scan import progress_bar
from srmap.report import terminal
from srmap.report.formats import FORMATS, RenderOptions
from srmap.scan import exit_code

__all__ = ["demo_command"]


@click.command("demo")
@click.option(
    "--policy",
    "policy_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Policy file (default: the example's: EU data, a week of backups, fail on high).",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here.")
@click.option(
    "--show-passed",
    is_flag=True,
    help="List passing and not-applicable findings in the table too.",
)
@click.option("--quiet", is_flag=True, help="No progress bar on stderr.")
@click.pass_context
def demo_command(  # noqa: PLR0917 - click passes every option
    ctx: click.Context,
    policy_path: Path | None,
    fmt: str,
    output: Path | None,
    show_passed: bool,
    quiet: bool,
) -> None:
    """Build the examples/webshop workload, with its deliberate gaps, in an in-process AWS
    emulator (eu-central-1 and us-east-1), scan it through the live path, and print the
    matrix and findings as `srmap scan` does. Needs moto: pip install 'srmap[demo]'.

    Exit 1 when something fails at or above the threshold (the webshop's gaps do), 2 for
    usage errors.
    """
    with progress_bar(quiet) as progress:
        from srmap import demo  # noqa: PLC0415 - the emulator and AWS SDK load only here

        report = demo.run_demo(policy_path, progress=progress)
    if fmt == "table" and output is None:
        terminal.render_scan_terminal(report, console(), show_passed=show_passed)
    else:
        emit(
            FORMATS[fmt].render(report, RenderOptions(Path.cwd(), show_passed=show_passed)), output
        )
    ctx.exit(exit_code(report, None))
