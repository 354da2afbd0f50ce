"""The scan JSON: indented for people, compact past the size where only tools read it."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace

import orjson
import pytest

from srmap.model import Evidence
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


def test_pieces_of_a_large_scan_are_the_whole_document(
    webshop: Callable[[str], ScanReport], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written in batches, a large scan is byte for byte what one encoder call writes."""
    report = webshop("cfn")
    monkeypatch.setattr(scan_json, "PRETTY_LIMIT", 0)
    monkeypatch.setattr(scan_json, "_BATCH", 3)  # many batches, the last one short
    extra = {"framework": {"id": "x", "requirements": []}}
    pieces = list(scan_json.scan_json_pieces(report, extra))
    whole = orjson.dumps(scan_json.scan_to_dict(report) | extra, option=orjson.OPT_APPEND_NEWLINE)
    assert len(pieces) > len(report.result.findings) // 3
    assert b"".join(pieces) == whole


def test_a_scan_without_findings_or_resources_is_still_valid(
    webshop: Callable[[str], ScanReport], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Empty arrays are written as [] in the batched layout too."""
    report = webshop("cfn")
    empty = replace(report, result=replace(report.result, findings=(), resources=()))
    monkeypatch.setattr(scan_json, "PRETTY_LIMIT", -1)
    data = json.loads(scan_json.encode_scan_json(empty))
    assert data["findings"] == []
    assert data["inventory"]["resources"] == []


@pytest.mark.parametrize("limit", [5_000, -1], ids=["indented", "compact"])
def test_values_orjson_refuses_are_written_exactly(
    webshop: Callable[[str], ScanReport], monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    """An integer beyond 64 bits and a lone surrogate (both read from a plan) are written, in
    either layout, as JSON that reads back to the same values."""
    report = webshop("cfn")
    huge, odd = 2**70 + 1, "bucket\ud800"
    resource = report.result.resources[0]
    changed = resource._replace(name=odd, attributes={**resource.attributes, "size": huge})
    finding = report.result.findings[0]._replace(
        resource=changed, evidence=(Evidence("size", huge),), message=odd
    )
    result = replace(report.result, resources=(changed,), findings=(finding,))
    monkeypatch.setattr(scan_json, "PRETTY_LIMIT", limit)
    data = json.loads(scan_json.encode_scan_json(replace(report, result=result)))
    written = data["findings"][0]
    assert (written["message"], written["resource"]["name"]) == (odd, odd)
    assert written["evidence"] == [{"path": "size", "value": huge}]
    assert data["inventory"]["resources"][0]["attributes"]["size"] == huge
