"""Render the page: the Jinja2 template with autoescaping, the stylesheet and script inlined."""

from __future__ import annotations

import base64
import hashlib
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from srmap.report.html.diagram import VERDICT_GLYPHS, layout_diagram
from srmap.report.html.view import build_page, facets_json
from srmap.scan import ScanReport

__all__ = ["OWNER_LABELS", "render_html"]

OWNER_LABELS = {
    "aws": "AWS",
    "customer": "customer",
    "shared": "shared",
    "mixed": "varies",
    "n/a": "not applicable",
}
_PACKAGE = "srmap.report.html"


def render_html(report: ScanReport, root: Path) -> str:
    """The page as text; file locations relative to ``root``, the directory the scan ran in."""
    page = build_page(report, root)
    css = _asset("report.css", "</style")
    script = _asset("report.js", "</script")
    template = _environment().get_template("report.html.j2")
    return template.render(
        page=page,
        diagram=layout_diagram(page.layers, page.services),
        glyphs=VERDICT_GLYPHS,
        owner_labels=OWNER_LABELS,
        facets=Markup(facets_json(page.findings)),  # noqa: S704 - escaped for a script element
        css=Markup(css),  # noqa: S704 - our own file, checked above
        script=Markup(script),  # noqa: S704 - our own file, checked above
        style_hash=_csp_hash(css),
        script_hash=_csp_hash(script),
    )


def _environment() -> Environment:
    # Autoescape on for every template: every string of the input is escaped, SVG text too.
    return Environment(
        loader=PackageLoader(_PACKAGE, "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def _asset(name: str, closing: str) -> str:
    """A stylesheet or script shipped with the package, refused if it could end its element."""
    text = (resources.files(_PACKAGE) / "static" / name).read_text(encoding="utf-8")
    if closing in text.lower():
        raise ValueError(f"{name} contains {closing!r} and cannot be inlined")
    return text


def _csp_hash(text: str) -> str:
    """The Content-Security-Policy source that allows exactly this inline element."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")
