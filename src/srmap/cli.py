"""Command line: wiring only. Every command parses options, calls api.py, and renders."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console

from srmap import __version__, api
from srmap.errors import SrmapError, UsageError
from srmap.model import Severity
from srmap.report import catalog as catalog_report
from srmap.report import inventory as inventory_report
from srmap.report import matrix as matrix_report
from srmap.report import scan_json, terminal
from srmap.scan import exit_code
from srmap.sources import Inventory, ReadOptions

F = TypeVar("F", bound=Callable[..., Any])

EXIT_USAGE = 2


def _format_option(*choices: str) -> Callable[[F], F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


def _console() -> Console:
    return Console(width=max(100, Console().width), highlight=False)


def _split_services(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="srmap")
def cli() -> None:
    """srmap: who owns each security layer of an AWS workload, and whether your side is done."""


@cli.command("catalog")
@click.argument("services", nargs=-1)
@_format_option("table", "json")
def catalog_command(services: tuple[str, ...], fmt: str) -> None:
    """List catalog services (all, or the SERVICES named) with category and sources."""
    found = api.catalog_services(_split_services(services))
    if fmt == "json":
        click.echo(catalog_report.render_services_json(found), nl=False)
    else:
        catalog_report.render_services_table(found, _console())


@cli.command("regions")
@_format_option("table", "json")
def regions_command(fmt: str) -> None:
    """List every AWS region with its partition, country and jurisdictions."""
    regions = api.catalog_regions()
    if fmt == "json":
        click.echo(catalog_report.render_regions_json(regions), nl=False)
    else:
        catalog_report.render_regions_table(regions, _console())


def _source_options(function: F) -> F:
    options = [
        click.option("--region", help="Region of CloudFormation templates (they name none)."),
        click.option(
            "--param",
            "params",
            multiple=True,
            metavar="KEY=VALUE",
            help="CloudFormation parameter value (repeatable).",
        ),
        click.option(
            "--var",
            "tf_vars",
            multiple=True,
            metavar="NAME=VALUE",
            help="Terraform variable for a .tf directory (repeatable).",
        ),
        click.option(
            "--var-file",
            "var_files",
            multiple=True,
            type=click.Path(dir_okay=False, path_type=Path),
            help="Terraform variables file for a .tf directory (repeatable).",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _pairs(option: str, items: tuple[str, ...]) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UsageError(f"{option} {item!r}: expected KEY=VALUE")
        pairs[key] = value
    return pairs


def _read_options(
    region: str | None,
    params: tuple[str, ...],
    var_files: tuple[Path, ...],
    tf_vars: tuple[str, ...] = (),
) -> ReadOptions:
    return ReadOptions(
        region=region,
        parameters=_pairs("--param", params),
        var_files=var_files,
        variables=_pairs("--var", tf_vars),
    )


def _warn(inventory: Inventory) -> None:
    err = Console(stderr=True, highlight=False)
    for warning in inventory.warnings:
        err.print(f"[yellow]warning:[/yellow] {warning}", markup=True, soft_wrap=True)


@cli.command("inventory")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_source_options
@_format_option("table", "json")
def inventory_command(
    paths: tuple[Path, ...],
    region: str | None,
    params: tuple[str, ...],
    var_files: tuple[Path, ...],
    tf_vars: tuple[str, ...],
    fmt: str,
) -> None:
    """Normalize plans, Terraform directories and templates into one inventory."""
    found = api.inventory(paths, _read_options(region, params, var_files, tf_vars))
    _warn(found)
    if fmt == "json":
        click.echo(inventory_report.render_inventory_json(found), nl=False)
    else:
        inventory_report.render_inventory_table(found, _console())


@cli.command("matrix")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--services",
    "services",
    multiple=True,
    metavar="LIST",
    help="Comma-separated service ids, e.g. ec2,rds,s3,lambda or ecs:fargate.",
)
@_source_options
@_format_option("table", "json", "markdown", "csv")
def matrix_command(
    paths: tuple[Path, ...],
    services: tuple[str, ...],
    region: str | None,
    params: tuple[str, ...],
    var_files: tuple[Path, ...],
    tf_vars: tuple[str, ...],
    fmt: str,
) -> None:
    """Show who owns each security layer (AWS, customer, shared) for the services in use.

    Give PATHS (plans, .tf directories, templates) or --services for a design not built yet.
    """
    specs = _split_services(services)
    if paths and specs:
        raise UsageError("give either PATHS or --services, not both")
    if paths:
        found = api.inventory(paths, _read_options(region, params, var_files, tf_vars))
        _warn(found)
        matrix = api.matrix_for_inventory(found)
    elif specs:
        matrix = api.matrix_for_services(specs)
    else:
        raise UsageError("name PATHS to read, or services with --services ec2,rds,s3,lambda")
    renderers = {
        "json": matrix_report.render_matrix_json,
        "markdown": matrix_report.render_matrix_markdown,
        "csv": matrix_report.render_matrix_csv,
    }
    if fmt in renderers:
        click.echo(renderers[fmt](matrix), nl=False)
    else:
        matrix_report.render_matrix_table(matrix, _console())


@cli.command("scan")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--policy",
    "policy_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Policy file (srmap.yaml): residency, retention, fail_on, suppressions, attestations.",
)
@click.option(
    "--fail-on",
    type=click.Choice([s.value for s in Severity]),
    help="Exit 1 when a failing finding is at or above this severity (default: the policy's, "
    "else high).",
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here.")
@click.option("--show-passed", is_flag=True, help="List passing findings in the table too.")
@_source_options
@_format_option("table", "json")
@click.pass_context
def scan_command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    policy_path: Path | None,
    fail_on: str | None,
    output: Path | None,
    show_passed: bool,
    region: str | None,
    params: tuple[str, ...],
    var_files: tuple[Path, ...],
    tf_vars: tuple[str, ...],
    fmt: str,
) -> None:
    """Check the customer's side of the line: findings with evidence, joined onto the matrix.

    Exit 0 when nothing fails at or above the threshold, 1 when something does, 2 for usage or
    input errors.
    """
    report = api.scan(paths, _read_options(region, params, var_files, tf_vars), policy_path)
    if fmt == "json":
        _emit(scan_json.render_scan_json(report), output)
    elif output is not None:
        buffer = Console(record=True, width=120, file=io.StringIO())
        terminal.render_scan_terminal(report, buffer, show_passed=show_passed)
        _emit(buffer.export_text(), output)
    else:
        terminal.render_scan_terminal(report, _console(), show_passed=show_passed)
    ctx.exit(exit_code(report, Severity(fail_on) if fail_on else None))


def _emit(text: str, output: Path | None) -> None:
    """Print, or write the whole file at once (a temporary file renamed into place)."""
    if output is None:
        click.echo(text, nl=False)
        return
    partial = output.with_name(f".{output.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(output)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise UsageError(f"cannot write {output}: {error.strerror or error}") from None


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
