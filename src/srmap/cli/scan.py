"""The scan command: files and live accounts, checked and joined onto the matrix."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import click

from srmap import api
from srmap.catalog.frameworks import load_framework
from srmap.cli.aws_options import LIVE_PREFIX, AwsScope, aws_options
from srmap.cli.options import console, emit, source_options, split_list
from srmap.cli.process_exit import keep_until_exit
from srmap.errors import UsageError
from srmap.gc_pause import collector_paused
from srmap.model import Severity
from srmap.report.formats import (
    FORMATS,
    OutputFormat,
    RenderOptions,
    directory_formats,
    parse_formats,
)
from srmap.scan import ScanReport, exit_code
from srmap.sources import ReadOptions
from srmap.sources.aws.target import DEFAULT_MAX_ATTEMPTS, ApiSettings, LiveOptions

__all__ = ["TABLE_ROWS", "progress_bar", "scan_command"]

# Findings the table lists unless --max-rows says otherwise, worst first: a table of 20,000
# rows takes rich ten seconds to draw and nobody reads it; the file formats hold every one.
TABLE_ROWS = 200


@contextmanager
def progress_bar(quiet: bool) -> Iterator[api.ProgressCallback | None]:
    """A progress bar on stderr while AWS is read, or none when quiet."""
    if quiet:
        yield None
        return
    from rich.console import Console  # noqa: PLC0415 - the bar is drawn only for live scans
    from rich.progress import (  # noqa: PLC0415
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    bar = Progress(
        TextColumn("reading AWS"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task("", total=None)
    with bar:
        yield lambda done, total, what: bar.update(
            task, completed=done, total=total, description=what
        )


@click.command("scan")
@click.argument("targets", nargs=-1, required=True)
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
@click.option(
    "--format",
    "formats",
    multiple=True,
    metavar="FMT[,FMT]",
    help=f"Output format: {', '.join(FORMATS)} (default: table). Several, repeated or "
    "comma-separated, with --output-dir.",
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here.")
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write each format to its own file here (default: every format but table).",
)
@click.option(
    "--sarif-include-unknown",
    is_flag=True,
    help="SARIF: report unknown findings too, as notes.",
)
@click.option(
    "--show-passed",
    is_flag=True,
    help="List passing and not-applicable findings in the table too.",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=0),
    default=TABLE_ROWS,
    show_default=True,
    help="Table: list the worst N findings (0: all); the file formats always hold every one.",
)
@click.option(
    "--framework",
    "framework_id",
    metavar="ID",
    help="Group the results by the requirements of a framework (table and JSON); "
    "`srmap frameworks` lists them.",
)
@aws_options
@click.option(
    "--services",
    "live_services",
    multiple=True,
    metavar="ID[,ID]",
    help="Live: read only these services (ec2 includes EBS and VPC); default: all.",
)
@click.option("--max-workers", type=click.IntRange(1, 64), default=8, show_default=True)
@click.option(
    "--max-attempts",
    type=click.IntRange(1, 20),
    default=DEFAULT_MAX_ATTEMPTS,
    show_default=True,
    help="Live: retries per call (botocore adaptive mode) on throttling and transient errors.",
)
@click.option("--quiet", is_flag=True, help="No progress bar on stderr.")
@source_options
@click.pass_context
def scan_command(  # noqa: PLR0917 - click passes every option
    ctx: click.Context,
    targets: tuple[str, ...],
    policy_path: Path | None,
    fail_on: str | None,
    formats: tuple[str, ...],
    output: Path | None,
    output_dir: Path | None,
    sarif_include_unknown: bool,
    show_passed: bool,
    max_rows: int,
    framework_id: str | None,
    aws_scope: AwsScope,
    live_services: tuple[str, ...],
    max_workers: int,
    max_attempts: int,
    quiet: bool,
    read_options: ReadOptions,
) -> None:
    """Check the customer's side of the line for TARGETS: plans, .tf directories, templates,
    and live accounts (aws:// or aws://PROFILE; with --accounts or --organization, a role in
    each account), joined onto the responsibility matrix.

    Exit 0 when nothing fails at or above the threshold, 1 when something does, 2 for usage or
    input errors.
    """
    chosen_formats = _chosen_formats(formats, output, output_dir)
    framework = load_framework(framework_id) if framework_id else None
    paths = [Path(item) for item in targets if not item.startswith(LIVE_PREFIX)]
    live = aws_scope.targets(targets)
    services = frozenset(split_list(live_services)) or None
    if services and not live:
        raise UsageError("--services applies to live targets (aws://...)")
    live_options = LiveOptions(max_workers, ApiSettings(max_attempts=max_attempts), services)
    # Files only: the whole run builds acyclic trees, and the process ends with them (gc_pause).
    paused = collector_paused(when=not live, freeze_after=True)
    with progress_bar(quiet or not live) as progress, paused:
        report = api.scan(paths, read_options, policy_path, live=live, live_options=live_options,
                          progress=progress)  # fmt: skip
        options = RenderOptions(
            Path.cwd(),
            include_unknown=sarif_include_unknown,
            show_passed=show_passed,
            max_rows=max_rows or None,
            framework=framework,
        )
        _write(report, chosen_formats, options, output, output_dir)
    if not live:  # no threads or clients to close: the process may end without freeing it
        keep_until_exit(report)
    ctx.exit(exit_code(report, Severity(fail_on) if fail_on else None))


def _chosen_formats(
    names: tuple[str, ...], output: Path | None, output_dir: Path | None
) -> list[OutputFormat]:
    """The formats asked for; several only into a directory, never --output and --output-dir."""
    if output is not None and output_dir is not None:
        raise UsageError("--output and --output-dir exclude each other")
    chosen = parse_formats(split_list(names))
    if output_dir is None and len(chosen) > 1:
        raise UsageError("several formats need --output-dir DIR (one file per format)")
    if not chosen:
        return directory_formats() if output_dir is not None else [FORMATS["table"]]
    return chosen


def _draw(report: ScanReport, options: RenderOptions) -> None:
    """The table in color on the terminal, then the framework's requirements when asked."""
    from srmap.report import framework, terminal  # noqa: PLC0415 - rich loads only to draw

    terminal.render_scan_terminal(
        report, console(), show_passed=options.show_passed, max_rows=options.max_rows
    )
    if options.framework is not None:
        view = framework.group_by_requirement(report, options.framework)
        framework.render_framework_terminal(view, console())


def _write(
    report: ScanReport,
    formats: Sequence[OutputFormat],
    options: RenderOptions,
    output: Path | None,
    output_dir: Path | None,
) -> None:
    """To the terminal (table in color), one file, or one file per format in a directory."""
    if output_dir is None:
        (chosen,) = formats
        if chosen.name == "table" and output is None:
            _draw(report, options)
        else:
            emit(chosen.render(report, options), output)
        return
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot create {output_dir}: {error.strerror or error}") from None
    for chosen in formats:
        emit(chosen.render(report, options), output_dir / chosen.file_name)
        click.echo(f"wrote {output_dir / chosen.file_name}", err=True)
