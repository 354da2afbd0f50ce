"""Checkov for the bench scripts: its own pinned venv, one run with a time cap, its JSON parsed.

Checkov is never a dependency of srmap; it lives in ``.bench-venvs/checkov`` (gitignored).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import venv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHECKOV_VERSION = "3.3.30"  # the version these benches were written and explained against
ROOT = Path(__file__).resolve().parent.parent
VENV_DIR = ROOT / ".bench-venvs" / "checkov"
FRAMEWORKS = ("terraform", "terraform_plan", "cloudformation")
PASSED, FAILED = "pass", "fail"


@dataclass(frozen=True)
class CheckovResult:
    """One check on one resource: ``resource`` is a Terraform address or a CloudFormation
    logical id, the way srmap names resources."""

    check_id: str
    check_type: str
    file_path: str
    native_type: str
    resource: str
    verdict: str
    evaluated_keys: tuple[str, ...] = ()


def checkov_binary(venv_dir: Path = VENV_DIR) -> Path:
    """The checkov entry point of the bench venv, created and installed on first use."""
    binary = venv_dir / "bin" / "checkov"
    if binary.exists():
        return binary
    print(f"creating {venv_dir} and installing checkov=={CHECKOV_VERSION} ...", file=sys.stderr)
    venv.EnvBuilder(with_pip=True, clear=True).create(venv_dir)
    pip = [str(venv_dir / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, f"checkov=={CHECKOV_VERSION}"], check=True)
    return binary


def installed_version(binary: Path) -> str:
    """What ``checkov --version`` says."""
    done = subprocess.run([str(binary), "--version"], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def checkov_command(
    binary: Path, target: Path, frameworks: Sequence[str] = FRAMEWORKS
) -> list[str]:
    """``checkov -f FILE`` or ``-d DIR``, JSON out, without reaching the vendor's API."""
    flag = "-d" if target.is_dir() else "-f"
    return [
        str(binary), flag, str(target), "-o", "json", "--skip-download",
        "--framework", *frameworks,
    ]  # fmt: skip


def run_checkov(
    binary: Path, target: Path, frameworks: Sequence[str] = FRAMEWORKS, timeout: float = 600
) -> list[CheckovResult]:
    """Run checkov on one file or directory; exit 1 only means some check failed."""
    done = subprocess.run(
        checkov_command(binary, target, frameworks),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode not in (0, 1) or not done.stdout.strip():
        raise RuntimeError(f"checkov on {target} exited {done.returncode}: {done.stderr[-2000:]}")
    return parse_report(json.loads(done.stdout))


def parse_report(data: Any) -> list[CheckovResult]:
    """Passed and failed checks of checkov's ``-o json``: one report per framework (a list),
    one report (a dict), or the summary-only dict it prints when nothing was scanned."""
    reports = data if isinstance(data, list) else [data]
    return [result for report in reports for result in _results_of(report)]


def _results_of(report: dict[str, Any]) -> Iterable[CheckovResult]:
    check_type = report.get("check_type", "")
    results = report.get("results", {})
    for key, verdict in (("passed_checks", PASSED), ("failed_checks", FAILED)):
        for check in results.get(key, ()):
            evaluated = (check.get("check_result") or {}).get("evaluated_keys") or ()
            native_type, resource = split_resource(check_type, check["resource"])
            yield CheckovResult(
                check_id=check["check_id"],
                check_type=check_type,
                file_path=check["file_path"],
                native_type=native_type,
                resource=resource,
                verdict=verdict,
                evaluated_keys=tuple(str(key) for key in evaluated),
            )


def split_resource(check_type: str, resource: str) -> tuple[str, str]:
    """Native type and srmap's id of checkov's resource: CloudFormation ``AWS::S3::Bucket.Logs``
    -> (``AWS::S3::Bucket``, ``Logs``); a Terraform address is already srmap's id."""
    if check_type == "cloudformation":
        native_type, _, logical_id = resource.partition(".")
        return native_type, logical_id
    found = _TERRAFORM_TYPE.match(resource)
    return (found.group(1) if found else ""), resource


_TERRAFORM_TYPE = re.compile(r"^(?:module\.[^.\[]+(?:\[[^\]]*\])?\.)*([A-Za-z0-9_]+)\.")
