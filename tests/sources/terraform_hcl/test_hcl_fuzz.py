"""Random input never escapes as anything but a resource list or an InputError."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srmap.errors import InputError
from srmap.sources.terraform_hcl import read_hcl_dir

HCL_PIECES = st.sampled_from(
    [
        'resource "aws_s3_bucket" "b" {',
        'module "m" { source = "./" }',
        "locals {",
        "}",
        "{",
        "[",
        "]",
        "(",
        ")",
        "x = ",
        "count = ",
        "for_each = ",
        "var.x",
        "local.y",
        "aws_s3_bucket.b.id",
        "aws_s3_bucket.b[*]",
        '"${',
        '"',
        "${",
        "%{",
        "<<EOT\n",
        "\nEOT\n",
        " ? ",
        " : ",
        "for k, v in ",
        "=>",
        "...",
        "1e999",
        "-",
        "!",
        "jsonencode(",
        "\n",
        ",",
        " == ",
        "\\",
    ]
)


def _read_text(text: str) -> None:
    """Write text as main.tf into a fresh directory and read it."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "main.tf").write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            result = read_hcl_dir(Path(folder))
        except InputError:
            return
        assert isinstance(result, list)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    """Arbitrary text gives a list or an InputError."""
    _read_text(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(HCL_PIECES, max_size=40).map("".join))
def test_random_hcl_fragments(text: str) -> None:
    """HCL-looking fragments in random order give a list or an InputError."""
    _read_text(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(HCL_PIECES, max_size=25).map("".join))
def test_random_expressions_in_a_valid_block(expression: str) -> None:
    """Random expression text inside a well-formed resource gives a list or an InputError."""
    _read_text(f'resource "aws_s3_bucket" "b" {{\n  x = {expression}\n}}\n')
