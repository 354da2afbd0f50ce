"""The scan JSON: indented for people, compact past the size where only tools read it."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from srmap.report import scan_json
from srmap.scan import ScanReport


def test_small_scan_is_indented_and_large_one_compact(
    webshop: Callable[[str], ScanReport], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same data either way; only the layout changes at the limit."""
    report = webshop("cfn")
    indented = scan_json.render_scan_json(report)
    monkeypatch.setattr(scan_json, "PRETTY_LIMIT", 0)
    compact = scan_json.render_scan_json(report)
    assert indented.count("\n") > 100
    assert compact.count("\n") == 1
    assert json.loads(indented) == json.loads(compact)


def test_findings_cite_their_resource_without_its_attributes(
    webshop: Callable[[str], ScanReport],
) -> None:
    """A finding names the resource and where it was read; the inventory holds the rest."""
    data = json.loads(scan_json.render_scan_json(webshop("cfn")))
    cited = data["findings"][0]["resource"]
    assert set(cited) == {"id", "type", "service", "region", "account", "name", "source"}
    ids = {r["id"] for r in data["inventory"]["resources"]}
    assert {f["resource"]["id"] for f in data["findings"]} <= ids
