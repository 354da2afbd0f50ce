"""Measurement for bench/live_vs_prowler.py: a moto_server whose request log counts the
requests each tool makes, and a child process timed and sized on its own (wall time, max RSS)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# werkzeug's access log: `127.0.0.1 - - [date] "POST / HTTP/1.1" 200 -`; a status other than
# 200 colors the quoted request line with ANSI escapes, and interleaved stderr can glue a
# traceback onto the same line, so requests are matched, not lines counted. The bench's own
# readiness probes (/moto-api/) are not requests of a tool.
_REQUEST = re.compile(
    r'\] "(?:\x1b\[[0-9;]*m)*(?P<method>[A-Z]+) (?!/moto-api/)(?P<path>\S*) HTTP/\d\.\d'
    r'(?:\x1b\[[0-9;]*m)*" (?P<status>\d{3})'
)


@dataclass(frozen=True)
class ChildRun:
    """One measured child process: wall seconds, CPU seconds (user and system), peak RSS in
    MiB, exit code, whether the cap stopped it."""

    wall: float
    cpu: float
    max_rss_mib: float
    returncode: int
    timed_out: bool


def count_requests(log_text: str) -> int:
    """How many HTTP requests a moto_server access log records."""
    return sum(1 for _ in _REQUEST.finditer(log_text))


def request_statuses(log_text: str) -> dict[str, int]:
    """Requests of an access log by HTTP status, e.g. {"200": 812, "400": 3}."""
    counted: dict[str, int] = {}
    for found in _REQUEST.finditer(log_text):
        counted[found["status"]] = counted.get(found["status"], 0) + 1
    return dict(sorted(counted.items()))


class RequestLog:
    """The server's log file; ``since_mark()`` is the text logged after the last ``mark()``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._offset = 0

    def mark(self) -> None:
        """Remember where the log ends now."""
        self._offset = self.path.stat().st_size

    def since_mark(self, settle: float = 0.5) -> str:
        """What was logged since ``mark()``, after ``settle`` seconds for the last lines."""
        time.sleep(settle)
        with self.path.open("rb") as log:
            log.seek(self._offset)
            return log.read().decode("utf-8", errors="replace")


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Server:
    """A running moto_server: where it listens and its process id."""

    url: str
    pid: int

    def cpu_seconds(self) -> float:
        """User and system CPU time the server has used so far (Linux /proc)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# moto's default AMI catalogue brings ~1,300 snapshots per region owned by other accounts,
# which it returns even for OwnerIds=["self"]; the bench seeds its own AMI instead.
MOTO_SETTINGS = {"MOTO_EC2_LOAD_DEFAULT_AMIS": "false"}


@contextmanager
def moto_server(executable: Path, log_path: Path) -> Iterator[Server]:
    """moto_server on 127.0.0.1 at a free port, its log in ``log_path``; stopped whatever
    happens."""
    port = free_port()
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [str(executable), "-H", "127.0.0.1", "-p", str(port)],
            stdout=log, stderr=log, env={**os.environ, **MOTO_SETTINGS},
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(url, server)
            yield Server(url, server.pid)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_until_up(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"moto_server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/moto-api/", timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("moto_server did not start within 60 s")


def run_measured(
    command: Sequence[str],
    env: Mapping[str, str],
    timeout: float,
    stdout: Path,
    stderr: Path,
) -> ChildRun:
    """Run ``command`` in its own process group, reaped with wait4 so the RSS is its own (and
    its children's); killed with its group after ``timeout`` seconds."""
    with stdout.open("wb") as out, stderr.open("wb") as err:
        started = time.monotonic()
        child = subprocess.Popen(
            command, env=dict(env), stdout=out, stderr=err, start_new_session=True
        )
        timed_out = False
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid == child.pid:
                break
            if time.monotonic() - started > timeout:
                os.killpg(child.pid, signal.SIGKILL)
                timed_out = True
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.05)
        wall = time.monotonic() - started
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    cpu = usage.ru_utime + usage.ru_stime
    return ChildRun(wall, cpu, usage.ru_maxrss / 1024, child.returncode, timed_out)
