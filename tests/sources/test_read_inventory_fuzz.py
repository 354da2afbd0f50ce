"""Whatever bytes a file holds, reading it gives an inventory or an InputError, nothing else."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srmap.errors import InputError
from srmap.sources import Inventory, read_inventory

_PREFIXES = [b"", b'{"format_version": "1.2", ', b"AWSTemplateFormatVersion: 2010-09-09\n"]
_PREFIXES += [b"Resources:\n  A:\n    Type: AWS::S3::Bucket\n", b'resource "aws_s3_bucket" "b" {\n']


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from(_PREFIXES),
    body=st.binary(max_size=300) | st.text(max_size=300).map(str.encode),
    suffix=st.sampled_from([".json", ".yaml", ".template", ".tf", ""]),
)
def test_any_file_reads_or_fails_cleanly(prefix: bytes, body: bytes, suffix: str) -> None:
    """Random content behind a plausible start never escapes as anything but InputError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(prefix + body)
        try:
            result = read_inventory([path])
        except InputError as error:
            assert error.file.startswith(folder)
        else:
            assert isinstance(result, Inventory)
