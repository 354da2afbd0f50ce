"""Prowler for bench/live_vs_prowler.py: its own venv, one capped run, its OCSF JSON parsed.

Prowler is never a dependency of srmap; it lives in ``.bench-venvs/prowler`` (gitignored),
installed from PyPI on first use.
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV_DIR = ROOT / ".bench-venvs" / "prowler"
SERVICES = ("s3", "ec2", "rds", "dynamodb", "iam", "kms", "sqs")
PASSED, FAILED, MANUAL = "pass", "fail", "manual"
_STATUSES = {"PASS": PASSED, "FAIL": FAILED, "MANUAL": MANUAL}


@dataclass(frozen=True)
class ProwlerFinding:
    """One check on one resource, as prowler's ``json-ocsf`` output states it."""

    check_id: str
    service: str
    resource_uid: str
    resource_name: str
    region: str
    verdict: str
    message: str


def prowler_binary(venv_dir: Path = VENV_DIR) -> Path:
    """The prowler entry point of the bench venv, created and installed on first use."""
    binary = venv_dir / "bin" / "prowler"
    if binary.exists():
        return binary
    print(f"creating {venv_dir} and installing prowler from PyPI ...", file=sys.stderr)
    venv.EnvBuilder(with_pip=True, clear=True).create(venv_dir)
    pip = [str(venv_dir / "bin" / "python"), "-m", "pip", "install", "--quiet", "prowler"]
    subprocess.run(pip, check=True)
    return binary


def installed_version(binary: Path) -> str:
    """What ``prowler --version`` says, e.g. ``Prowler 5.14.0 (You are running the latest
    version, yay!)`` -> its first line."""
    done = subprocess.run([str(binary), "--version"], capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[0] if done.stdout.strip() else "unknown"


def prowler_command(
    binary: Path,
    regions: Sequence[str],
    output_dir: Path,
    services: Sequence[str] = SERVICES,
) -> list[str]:
    """``prowler aws`` limited to the services and regions, OCSF JSON into ``output_dir``."""
    return [
        str(binary), "aws", "--service", *services, "--region", *regions,
        "--output-formats", "json-ocsf", "--output-directory", str(output_dir),
        "--output-filename", "prowler", "--no-banner", "--ignore-exit-code-3",
    ]  # fmt: skip


def read_findings(output_dir: Path) -> list[ProwlerFinding]:
    """Every finding of the ``*.ocsf.json`` files prowler wrote into ``output_dir``."""
    found: list[ProwlerFinding] = []
    for path in sorted(output_dir.rglob("*.ocsf.json")):
        text = path.read_text(encoding="utf-8").strip()
        found += parse_ocsf(json.loads(text) if text else [])
    return found


def parse_ocsf(data: Any) -> list[ProwlerFinding]:
    """Prowler's OCSF detection findings: a list, one finding per (check, resource)."""
    items = data if isinstance(data, list) else [data]
    return [finding for item in items for finding in _finding_of(item)]


def _finding_of(item: dict[str, Any]) -> Iterable[ProwlerFinding]:
    verdict = _STATUSES.get(str(item.get("status_code", "")).upper())
    metadata = item.get("metadata") or {}
    check_id = metadata.get("event_code") or (item.get("finding_info") or {}).get("uid", "")
    if verdict is None or not check_id:
        return
    resources = item.get("resources") or [{}]
    for resource in resources:
        group = resource.get("group") or {}
        yield ProwlerFinding(
            check_id=str(check_id),
            service=str(group.get("name", "")),
            resource_uid=str(resource.get("uid", "")),
            resource_name=str(resource.get("name", "")),
            region=str(resource.get("region", "")),
            verdict=verdict,
            message=str(item.get("status_detail", "")),
        )
