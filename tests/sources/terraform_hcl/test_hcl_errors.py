"""Bad input: every problem is an InputError naming the file and, where known, the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from srmap.errors import InputError
from srmap.model import UNKNOWN
from srmap.sources.terraform_hcl import _files, read_hcl_dir

FIXTURES = Path(__file__).parents[2] / "fixtures" / "terraform_hcl"


def test_syntax_error_names_file_and_line() -> None:
    """A malformed block is reported at its file and line."""
    with pytest.raises(InputError) as caught:
        read_hcl_dir(FIXTURES / "bad_syntax")
    assert caught.value.file == str(FIXTURES / "bad_syntax" / "main.tf")
    assert caught.value.line == 6


def test_directory_without_tf_files(tmp_path: Path) -> None:
    """A directory with no .tf file is an input error, not an empty result."""
    (tmp_path / "README.md").write_text("nothing here")
    with pytest.raises(InputError, match=r"no Terraform files \(\*\.tf\) found"):
        read_hcl_dir(tmp_path)


def test_missing_directory(tmp_path: Path) -> None:
    """A path that is not a directory is refused."""
    with pytest.raises(InputError, match="not a directory"):
        read_hcl_dir(tmp_path / "absent")


def test_binary_file(tmp_path: Path) -> None:
    """A .tf file holding binary data is refused."""
    (tmp_path / "main.tf").write_bytes(b"\x7fELF\x00\x01\x02binary")
    with pytest.raises(InputError, match="binary"):
        read_hcl_dir(tmp_path)


def test_non_utf8_file_reports_the_line(tmp_path: Path) -> None:
    """Text that is not UTF-8 is refused at the line where decoding fails."""
    (tmp_path / "main.tf").write_bytes(b'# ok\nresource "a" "b" {\n  x = "\xff"\n}\n')
    with pytest.raises(InputError) as caught:
        read_hcl_dir(tmp_path)
    assert caught.value.line == 3


def test_oversized_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file above the size limit is refused before it is parsed."""
    monkeypatch.setattr(_files, "MAX_FILE_BYTES", 16)
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" { bucket = "x" }\n')
    with pytest.raises(InputError, match="larger than 16 bytes"):
        read_hcl_dir(tmp_path)


def test_missing_var_file(tmp_path: Path) -> None:
    """A variable file that does not exist is named in the error."""
    (tmp_path / "main.tf").write_text("")
    with pytest.raises(InputError, match="variable file not found"):
        read_hcl_dir(tmp_path, var_files=[tmp_path / "nope.tfvars"])


def test_invalid_tfvars_json_reports_the_line(tmp_path: Path) -> None:
    """Broken JSON in a .tfvars.json file is reported with its line."""
    (tmp_path / "main.tf").write_text("")
    (tmp_path / "x.auto.tfvars.json").write_text('{\n  "a": 1,\n  oops\n}')
    with pytest.raises(InputError) as caught:
        read_hcl_dir(tmp_path)
    assert caught.value.file.endswith("x.auto.tfvars.json")
    assert caught.value.line == 3


def test_invalid_tfvars_hcl(tmp_path: Path) -> None:
    """Broken HCL in a var file is an input error for that file."""
    (tmp_path / "main.tf").write_text("")
    bad = tmp_path / "bad.tfvars"
    bad.write_text("name = = 1\n")
    with pytest.raises(InputError) as caught:
        read_hcl_dir(tmp_path, var_files=[bad])
    assert caught.value.file == str(bad)


def test_expressions_outside_the_subset_are_unknown(tmp_path: Path) -> None:
    """Valid HCL the evaluator cannot model yields UNKNOWN values, never an error."""
    (tmp_path / "main.tf").write_text(
        'resource "aws_s3_bucket" "b" {\n'
        '  bucket = templatefile("${path.module}/x.tpl", { a = 1 })\n'
        "  tags   = { for k, v in var.missing : k => v }\n"
        "}\n"
    )
    (resource,) = read_hcl_dir(tmp_path)
    assert all(value is UNKNOWN for value in resource.values.values())
