"""Source locations as reports show them: relative to the scan root, or the API call."""

from __future__ import annotations

from pathlib import Path

import pytest

from srmap.model import Resource, SourceLocation
from srmap.report.locations import display_location, relative_path

ROOT = Path("/repo")


@pytest.mark.parametrize(
    ("file", "expected"),
    [
        ("infra/app.yaml", "infra/app.yaml"),
        ("./infra/../infra/app.yaml", "infra/app.yaml"),
        ("/repo/infra/app.yaml", "infra/app.yaml"),
        ("/repository/app.yaml", None),
        ("/elsewhere/app.yaml", None),
        ("../outside.yaml", None),
        ("/repo", None),
    ],
)
def test_relative_path(file: str, expected: str | None) -> None:
    """Paths under the root become relative; paths outside it (even by prefix) do not."""
    assert relative_path(file, ROOT) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (SourceLocation("/repo/t.yaml", 12), "t.yaml:12"),
        (SourceLocation("/repo/plan.json"), "plan.json"),
        (SourceLocation("/other/t.yaml", 3), "/other/t.yaml:3"),
        (SourceLocation(api="s3:GetBucketPolicy"), "s3:GetBucketPolicy"),
        (SourceLocation(), ""),
    ],
)
def test_display_location(source: SourceLocation, expected: str) -> None:
    """file:line when there is a line, the file alone for plans, the API call for live."""
    resource = Resource("r", "s3.bucket", "s3", None, None, None, source=source)
    assert display_location(resource, ROOT) == expected
