"""The catalog, regions, frameworks, inventory and matrix commands."""

from __future__ import annotations

import json
from pathlib import Path

import click

from srmap import api
from srmap.cli.options import console, format_option, source_options, split_list
from srmap.errors import UsageError
from srmap.report import catalog as catalog_report
from srmap.report import framework as framework_report
from srmap.report import inventory as inventory_report
from srmap.report import matrix as matrix_report
from srmap.sources import Inventory, ReadOptions

__all__ = [
    "catalog_command",
    "frameworks_command",
    "inventory_command",
    "matrix_command",
    "regions_command",
]


@click.command("catalog")
@click.argument("services", nargs=-1)
@format_option("table", "json")
def catalog_command(services: tuple[str, ...], fmt: str) -> None:
    """List catalog services (all, or the SERVICES named) with category and sources."""
    found = api.catalog_services(split_list(services))
    if fmt == "json":
        click.echo(catalog_report.render_services_json(found), nl=False)
    else:
        catalog_report.render_services_table(found, console())


@click.command("regions")
@format_option("table", "json")
def regions_command(fmt: str) -> None:
    """List every AWS region with its partition, country and jurisdictions."""
    regions = api.catalog_regions()
    if fmt == "json":
        click.echo(catalog_report.render_regions_json(regions), nl=False)
    else:
        catalog_report.render_regions_table(regions, console())


@click.command("frameworks")
@format_option("table", "json")
def frameworks_command(fmt: str) -> None:
    """List the frameworks srmap maps its controls to (ids for scan --framework)."""
    frameworks = api.catalog_frameworks()
    if fmt == "json":
        click.echo(json.dumps(framework_report.frameworks_to_list(frameworks), indent=2))
    else:
        framework_report.render_frameworks_table(frameworks, console())


def warn(inventory: Inventory) -> None:
    """Print what a source could not read, on stderr."""
    from rich.console import Console  # noqa: PLC0415 - rich loads only when something is drawn

    err = Console(stderr=True, highlight=False)
    for warning in inventory.warnings:
        err.print(f"[yellow]warning:[/yellow] {warning}", markup=True, soft_wrap=True)


@click.command("inventory")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@source_options
@format_option("table", "json")
def inventory_command(paths: tuple[Path, ...], read_options: ReadOptions, fmt: str) -> None:
    """Normalize plans, Terraform directories and templates into one inventory."""
    found = api.inventory(paths, read_options)
    warn(found)
    if fmt == "json":
        click.echo(inventory_report.render_inventory_json(found), nl=False)
    else:
        inventory_report.render_inventory_table(found, console())


@click.command("matrix")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--services",
    "services",
    multiple=True,
    metavar="LIST",
    help="Comma-separated service ids, e.g. ec2,rds,s3,lambda or ecs:fargate.",
)
@source_options
@format_option("table", "json", "markdown", "csv")
def matrix_command(
    paths: tuple[Path, ...], services: tuple[str, ...], read_options: ReadOptions, fmt: str
) -> None:
    """Show who owns each security layer (AWS, customer, shared) for the services in use.

    Give PATHS (plans, .tf directories, templates) or --services for a design not built yet.
    """
    specs = split_list(services)
    if paths and specs:
        raise UsageError("give either PATHS or --services, not both")
    if paths:
        found = api.inventory(paths, read_options)
        warn(found)
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
        matrix_report.render_matrix_table(matrix, console())
