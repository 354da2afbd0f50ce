"""Run the real CLI in a child process, as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

import pytest


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def run_srmap(*args: str, cwd: str | None = None) -> Run:
    done = subprocess.run(
        [sys.executable, "-m", "srmap", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=cwd,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def srmap() -> Any:
    return run_srmap
