"""End to end: the webshop seeded into a moto server over HTTP, scanned by `srmap scan aws://`
in a child process through AWS_ENDPOINT_URL; and every operation a live read makes is on the
allowlist."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from srmap.demo import DEMO_POLICY, SECRETS, seed_webshop
from srmap.sources.aws.allowlist import ALLOWED_OPERATIONS
from srmap.sources.aws.api import Api
from srmap.sources.aws.collectors import default_collectors
from srmap.sources.aws.live import LiveOptions, read_account

REGIONS = ("eu-west-1", "us-east-1")
FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
# The webshop's gaps (examples/webshop/README.md), built in eu-west-1 and us-east-1 here.
GAPS = {
    ("ec2.security_group.ssh_open_to_internet", "webshop-web", "network_config"),
    ("rds.db_instance.encryption_at_rest", "webshop-orders", "encryption_at_rest"),
    ("rds.db_instance.backup_retention", "webshop-orders", "backups"),
    ("rds.db_instance.deletion_protection", "webshop-orders", "backups"),
    ("s3.bucket.public_access_block", "webshop-assets-prod-eu", "identity_access"),
    ("lambda.function.supported_runtime", "webshop-order-processor", "platform"),
    ("ec2.launch_template.imdsv2_required", "webshop-web", "identity_access"),
    ("kms.key.rotation", "alias/webshop", "encryption_at_rest"),
    ("elbv2.listener.https", None, "encryption_in_transit"),
    ("cloudtrail.trail.log_file_validation", "webshop-trail", "logging_monitoring"),
    ("s3.bucket.data_residency", "webshop-assets-prod-us", "data_residency"),
    ("dynamodb.table.data_residency", "webshop-sessions-us", "data_residency"),
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"moto_server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/moto-api/", timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail("moto_server did not start within 30 s")


@pytest.fixture
def moto_server() -> Iterator[str]:
    """A moto server on 127.0.0.1 at a free port, stopped afterwards whatever happens."""
    executable = Path(sys.executable).parent / "moto_server"
    if not executable.exists():
        pytest.skip("moto_server is not installed (pip install 'srmap[demo]')")
    port = _free_port()
    server = subprocess.Popen(
        [str(executable), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _scan_environment(url: str) -> dict[str, str]:
    kept = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    return {**kept, **FAKE_CREDENTIALS, "AWS_ENDPOINT_URL": url, "AWS_DEFAULT_REGION": REGIONS[0]}


def _failing(findings: list[dict[str, Any]]) -> set[tuple[str, Any, str]]:
    return {
        (f["control"], f["resource"]["name"], f["layer"]) for f in findings if f["status"] == "fail"
    }


def test_scan_of_a_seeded_moto_server_finds_every_gap(moto_server: str, tmp_path: Path) -> None:
    """Resources of both regions are read over HTTP, every gap fails in its layer, and the
    seeded password never shows up."""

    def client(service: str, region: str) -> Any:
        return boto3.client(
            service,
            region_name=region,
            endpoint_url=moto_server,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    seed_webshop(client, *REGIONS)
    policy = tmp_path / "srmap.yaml"
    policy.write_text(DEMO_POLICY, encoding="utf-8")
    command = [sys.executable, "-m", "srmap", "scan", "aws://", "--regions", ",".join(REGIONS),
               "--format", "json", "--quiet", "--policy", str(policy)]  # fmt: skip
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=_scan_environment(moto_server),
    )
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    resources = report["inventory"]["resources"]
    assert {r["region"] for r in resources} >= set(REGIONS)
    assert {r["type"] for r in resources} >= {"s3.bucket", "rds.db_instance", "aws.account"}
    assert GAPS - _failing(report["findings"]) == set()
    assert report["inventory"]["warnings"] == []
    for secret in SECRETS:
        assert secret not in done.stdout
        assert secret not in done.stderr


def test_every_operation_of_a_live_read_is_on_the_allowlist(aws: boto3.Session) -> None:
    """A botocore hook records each operation as it is called: all are allowlisted, and the
    seam counted the same ones."""
    seed_webshop(lambda service, region: aws.client(service, region_name=region), *REGIONS)
    made: set[str] = set()

    def record(model: Any, **_: object) -> None:
        made.add(f"{model.service_model.service_name}:{model.name}")

    api = Api(aws, "123456789012")
    aws.events.register("before-call", record)
    found = read_account(api, REGIONS, default_collectors(), LiveOptions(max_workers=8))
    assert found.resources
    assert made, "the hook saw the calls"
    assert made - ALLOWED_OPERATIONS == set()
    assert set(api.calls) - ALLOWED_OPERATIONS == set()
    assert set(api.calls) <= made
