"""Bad input: exit 2, one message naming the file (and line), no traceback, no output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

BAD = Path(__file__).parent.parent / "fixtures" / "bad"
PARITY = Path(__file__).parent.parent / "fixtures" / "parity"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("truncated_plan.json", "truncated_plan.json:3"),
        ("not_a_plan.json", "not a Terraform plan JSON, a directory of .tf files"),
        ("broken_template.yaml", "broken_template.yaml:"),
        ("broken_hcl", "main.tf:"),
        ("alias_bomb.yaml", "alias_bomb.yaml"),
        ("junk.bin", "junk.bin"),
        ("empty_dir", "nothing to read"),
        ("does_not_exist.json", "no such file"),
    ],
)
def test_bad_input_exits_2_naming_the_file(srmap: Any, name: str, expected: str) -> None:
    """Each kind of bad input gives exit 2 and a one-line error naming the file."""
    run = srmap("inventory", str(BAD / name), "--format", "json")
    assert run.code == 2, run.stderr
    assert expected in run.stderr
    assert "Traceback" not in run.stderr
    assert run.stdout == ""


def test_good_input_next_to_bad_input_writes_nothing(srmap: Any) -> None:
    """One bad path among good ones fails the whole command before anything is printed."""
    good = PARITY / "s3_bucket" / "plan.json"
    run = srmap("inventory", str(good), str(BAD / "truncated_plan.json"), "--format", "json")
    assert run.code == 2
    assert run.stdout == ""


def test_oversized_file_is_refused_before_reading() -> None:
    """A file over the input limit is refused with the limit named."""
    env = {**os.environ, "SRMAP_MAX_INPUT_BYTES": "100"}
    done = subprocess.run(
        [sys.executable, "-m", "srmap", "inventory", str(PARITY / "s3_bucket" / "plan.json")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert "over the input limit of 100" in done.stderr


def test_bad_param_syntax_is_a_usage_error(srmap: Any) -> None:
    """--param without '=' is refused."""
    template = PARITY / "s3_bucket" / "template.yaml"
    run = srmap("inventory", str(template), "--param", "novalue")
    assert run.code == 2
    assert "KEY=VALUE" in run.stderr
