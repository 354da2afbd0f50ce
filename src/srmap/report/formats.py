"""The scan's output formats by name: what renders each and the file it goes to in a directory."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from srmap.catalog.frameworks import Framework, load_frameworks, requirement_labels
from srmap.errors import UsageError
from srmap.scan import ScanReport

__all__ = [
    "FORMATS",
    "OutputFormat",
    "RenderOptions",
    "directory_formats",
    "parse_formats",
]


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """What a renderer may need beyond the scan; each format reads only its own fields."""

    root: Path  # the directory the scan ran in: file locations are shown relative to it
    include_unknown: bool = False  # SARIF: unknown findings as results (level note)
    show_passed: bool = False  # table: passing and not-applicable findings listed too
    max_rows: int | None = None  # table: list the worst this many findings (None: all)
    framework: Framework | None = None  # table and JSON: findings grouped by its requirements


# Text, or bytes already encoded as UTF-8, or such bytes in pieces to write one after the
# other (the JSON: a large scan is written while it is encoded, never held whole).
Renderer = Callable[[ScanReport, RenderOptions], str | bytes | Iterable[bytes]]


@dataclass(frozen=True, slots=True)
class OutputFormat:
    """One format: its name on the command line, renderer, and file name under --output-dir."""

    name: str
    render: Renderer
    file_name: str
    description: str


# Each renderer imports its reporter when called: a scan loads only the formats it writes.


def _table(report: ScanReport, options: RenderOptions) -> str:
    from rich.console import Console  # noqa: PLC0415

    from srmap.report import framework, terminal  # noqa: PLC0415

    buffer = Console(record=True, width=120, file=io.StringIO())
    terminal.render_scan_terminal(
        report, buffer, show_passed=options.show_passed, max_rows=options.max_rows
    )
    if options.framework is not None:
        view = framework.group_by_requirement(report, options.framework)
        framework.render_framework_terminal(view, buffer)
    return buffer.export_text()


def _json(report: ScanReport, options: RenderOptions) -> Iterable[bytes]:
    from srmap.report import scan_json  # noqa: PLC0415

    if options.framework is None:
        return scan_json.scan_json_pieces(report)
    from srmap.report import framework  # noqa: PLC0415

    view = framework.group_by_requirement(report, options.framework)
    return scan_json.scan_json_pieces(report, {"framework": framework.framework_to_dict(view)})


def _sarif(report: ScanReport, options: RenderOptions) -> str:
    from srmap.report import sarif  # noqa: PLC0415

    return sarif.render_sarif(report, options.root, include_unknown=options.include_unknown)


def _csv(report: ScanReport, options: RenderOptions) -> str:
    from srmap.report import crm_csv  # noqa: PLC0415

    # Every packaged framework's requirement ids, so one CSV serves every assessor.
    return crm_csv.render_crm_csv(report, requirements=requirement_labels(load_frameworks()))


def _markdown(report: ScanReport, options: RenderOptions) -> str:
    from srmap.report import markdown  # noqa: PLC0415

    return markdown.render_markdown(report, options.root)


def _html(report: ScanReport, options: RenderOptions) -> str:
    from srmap.report import html  # noqa: PLC0415 - Jinja2 loads only when a page is asked for

    return html.render_html(report, options.root)


def _oscal_component_definition(report: ScanReport, options: RenderOptions) -> str:
    from srmap.report import oscal  # noqa: PLC0415 - loaded only when asked for

    return oscal.render_oscal_component_definition(report, frameworks=load_frameworks())


def _oscal_assessment_results(report: ScanReport, options: RenderOptions) -> str:
    from srmap.report import oscal  # noqa: PLC0415 - loaded only when asked for

    return oscal.render_oscal_assessment_results(report, options.root)


FORMATS: Mapping[str, OutputFormat] = {
    f.name: f
    for f in (
        OutputFormat("table", _table, "srmap-scan.txt", "the terminal summary as plain text"),
        OutputFormat("json", _json, "srmap-scan.json", "versioned JSON (docs/scan-json.md)"),
        OutputFormat("sarif", _sarif, "srmap.sarif", "SARIF 2.1.0 for code scanning"),
        OutputFormat("csv", _csv, "srmap-crm.csv", "customer responsibility matrix"),
        OutputFormat("markdown", _markdown, "srmap-summary.md", "pull-request comment"),
        OutputFormat("html", _html, "srmap-report.html", "one self-contained page"),
        OutputFormat(
            "oscal",
            _oscal_component_definition,
            "srmap-oscal-component-definition.json",
            "OSCAL component definition: the responsibility split per service",
        ),
        OutputFormat(
            "oscal-ar",
            _oscal_assessment_results,
            "srmap-oscal-assessment-results.json",
            "OSCAL assessment results: observations and findings",
        ),
    )
}


def parse_formats(values: Iterable[str]) -> list[OutputFormat]:
    """Names (already split on commas) to formats, in the order given, without repeats."""
    chosen: dict[str, OutputFormat] = {}
    for name in values:
        key = name.strip().lower()
        if key not in FORMATS:
            raise UsageError(f"unknown format {name!r}; choose from {', '.join(FORMATS)}")
        chosen.setdefault(key, FORMATS[key])
    return list(chosen.values())


def directory_formats() -> list[OutputFormat]:
    """What --output-dir writes when no --format is given: every format meant for a file."""
    return [f for name, f in FORMATS.items() if name != "table"]
