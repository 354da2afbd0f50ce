"""Writing an output: whole or in pieces, a file appears only once everything is written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from srmap.cli.options import emit


def test_pieces_are_written_in_order(tmp_path: Path) -> None:
    """Bytes in pieces end up one after the other in the file, nothing else beside it."""
    target = tmp_path / "scan.json"
    emit(iter([b'{"a":', b"[1,2]", b"}\n"]), target)
    assert target.read_bytes() == b'{"a":[1,2]}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scan.json"]


def test_a_piece_that_fails_leaves_no_file(tmp_path: Path) -> None:
    """A renderer failing halfway leaves neither the output nor its temporary file."""

    def pieces() -> Iterator[bytes]:
        yield b'{"findings":['
        raise RuntimeError("renderer broke")

    target = tmp_path / "scan.json"
    with pytest.raises(RuntimeError, match="renderer broke"):
        emit(pieces(), target)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_run_keeps_the_previous_output(tmp_path: Path) -> None:
    """The old file stays whole until the new one is complete."""
    target = tmp_path / "scan.json"
    target.write_text("old\n")

    def pieces() -> Iterator[bytes]:
        yield b"new"
        raise RuntimeError("renderer broke")

    with pytest.raises(RuntimeError):
        emit(pieces(), target)
    assert target.read_text() == "old\n"


def test_pieces_to_standard_output(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """Without a file the pieces are printed as they come."""
    emit(iter([b"[1,", b"2]\n"]), None)
    assert capsysbinary.readouterr().out == b"[1,2]\n"
