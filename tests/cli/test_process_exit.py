"""The process entry point ends a file scan without freeing its objects, and loses nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any


def _plan_of_buckets(count: int) -> dict[str, Any]:
    """A minimal `terraform show -json` plan: ``count`` new S3 buckets."""
    resources = [
        {
            "address": f"aws_s3_bucket.b{i}",
            "mode": "managed",
            "type": "aws_s3_bucket",
            "name": f"b{i}",
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "values": {"bucket": f"bucket-{i}", "tags": {}},
        }
        for i in range(count)
    ]
    changes = [
        {
            "address": r["address"],
            "mode": "managed",
            "type": "aws_s3_bucket",
            "name": r["name"],
            "change": {"actions": ["create"], "after": r["values"], "after_unknown": {}},
        }
        for r in resources
    ]
    return {
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": resources}},
        "resource_changes": changes,
    }


def test_a_large_scan_printed_to_a_pipe_arrives_whole(srmap: Any, tmp_path: Path) -> None:
    """Megabytes of JSON on stdout are flushed before the process ends, exit code intact."""
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(_plan_of_buckets(700)))
    done = srmap("scan", str(plan), "--format", "json", "--fail-on", "low")
    data = json.loads(done.stdout)
    assert len(data["findings"]) > 5_000  # written in pieces, compact
    assert len(done.stdout) > 1_000_000
    assert done.code == 1  # bare buckets (no versioning, no access logs) fail at "low"
    assert sum(data["summary"].values()) == len(data["findings"])


def test_the_exit_code_follows_the_threshold(srmap: Any, tmp_path: Path) -> None:
    """Ending early keeps the command's exit code: 0 when nothing fails at the threshold."""
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(_plan_of_buckets(3)))
    output = tmp_path / "out.json"
    done = srmap("scan", str(plan), "--format", "json", "--output", str(output),
                     "--fail-on", "critical")  # fmt: skip
    assert done.code == 0
    assert json.loads(output.read_text())["inventory"]["resources"]


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_command_that_keeps_nothing_exits_the_ordinary_way() -> None:
    """Exit handlers run and a message exit prints, as without the entry point."""
    done = _python(
        """
        import atexit, sys
        from srmap.cli.process_exit import run
        atexit.register(lambda: print("handlers ran"))
        def main():
            sys.exit("stopped: bad input")
        run(main)
        """
    )
    assert done.returncode == 1
    assert "stopped: bad input" in done.stderr
    assert "handlers ran" in done.stdout


def test_a_command_that_keeps_its_objects_ends_at_once_with_its_code() -> None:
    """Buffered output is flushed, the code is the command's, exit handlers are skipped."""
    done = _python(
        """
        import atexit, sys
        from srmap.cli.process_exit import keep_until_exit, run
        atexit.register(lambda: print("handlers ran"))
        def main():
            keep_until_exit([object()] * 1000)
            sys.stdout.write("partial line without newline")
            sys.exit(3)
        run(main)
        """
    )
    assert done.returncode == 3
    assert done.stdout == "partial line without newline"


def test_keeping_outside_the_entry_point_keeps_nothing() -> None:
    """Called as a library, keep_until_exit neither holds objects nor changes the exit."""
    done = _python(
        """
        import gc, weakref
        from srmap.cli.process_exit import keep_until_exit
        class Big: pass
        value = Big()
        ref = weakref.ref(value)
        keep_until_exit(value)
        del value
        gc.collect()
        print("freed" if ref() is None else "kept")
        """
    )
    assert done.stdout.strip() == "freed"
