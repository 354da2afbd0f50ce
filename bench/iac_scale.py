"""Scale of the Terraform plan path: parse + normalize synthetic plans of growing size.

Each size is measured in a fresh child process, so peak memory is that size's alone.

    python bench/iac_scale.py [--sizes 1000,10000,100000] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROVIDER = "registry.terraform.io/hashicorp/aws"
CHILD_MODULES = 4  # units alternate between the root and these module calls
TARGETS = {10_000: 1.0, 100_000: 10.0}  # size -> seconds it must stay under
MEMORY_TARGET_MB = 2048
LINEAR_SLACK = 1.5  # largest/smallest microseconds per resource still counted as flat


@dataclass(frozen=True)
class Block:
    """One resource of a generated unit: values known at plan time, unknowns, references."""

    type: str
    name: str
    values: dict[str, Any]
    unknown: dict[str, Any]
    references: dict[str, list[str]]


def _bucket_blocks(n: int) -> list[Block]:
    """A bucket with its versioning, encryption and public access block as split resources."""
    bucket, key = f"aws_s3_bucket.data_{n}", f"aws_kms_key.key_{n}"
    to_bucket = {"bucket": [f"{bucket}.id", bucket]}
    sse = {
        "rule": [
            {
                "apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}],
                "bucket_key_enabled": True,
            }
        ]
    }
    by_default = {"apply_server_side_encryption_by_default": [{"kms_master_key_id": True}]}
    sse_unknown = {"rule": [by_default]}
    flags = ("block_public_acls", "block_public_policy", "ignore_public_acls")
    block = dict.fromkeys((*flags, "restrict_public_buckets"), True)
    return [
        Block("aws_s3_bucket", f"data_{n}", {"bucket": f"bench-data-{n}", "force_destroy": False,
              "tags": {"team": f"t{n % 7}"}}, {"id": True, "arn": True}, {}),
        Block("aws_s3_bucket_versioning", f"data_{n}",
              {"versioning_configuration": [{"status": "Enabled"}]},
              {"bucket": True, "id": True}, to_bucket),
        Block("aws_s3_bucket_server_side_encryption_configuration", f"data_{n}", sse,
              {"bucket": True, "id": True, **sse_unknown},
              {**to_bucket, "rule": [f"{key}.arn", key]}),
        Block("aws_s3_bucket_public_access_block", f"data_{n}", block,
              {"bucket": True, "id": True}, to_bucket),
    ]  # fmt: skip


def _network_blocks(n: int) -> list[Block]:
    """A security group with two split rules and an instance using it."""
    group = f"aws_security_group.app_{n}"
    to_group = {"security_group_id": [f"{group}.id", group]}
    ingress = {"type": "ingress", "from_port": 443, "to_port": 443, "protocol": "tcp",
               "cidr_blocks": ["10.0.0.0/8"], "description": "https from the vpc"}  # fmt: skip
    egress = {"type": "egress", "from_port": 0, "to_port": 0, "protocol": "-1",
              "cidr_blocks": ["0.0.0.0/0"], "description": None}  # fmt: skip
    instance = {
        "ami": "ami-0abcdef1234567890",
        "instance_type": "t3.micro",
        "monitoring": False,
        "metadata_options": [{"http_tokens": "required", "http_endpoint": "enabled"}],
        "root_block_device": [{"encrypted": True, "volume_size": 20, "volume_type": "gp3"}],
        "tags": {"Name": f"app-{n}"},
    }
    return [
        Block("aws_security_group", f"app_{n}",
              {"name": f"app-{n}", "description": "app tier", "vpc_id": "vpc-0123456789abcdef0"},
              {"id": True, "arn": True, "ingress": True, "egress": True}, {}),
        Block("aws_security_group_rule", f"app_{n}_https", ingress,
              {"security_group_id": True, "id": True}, to_group),
        Block("aws_security_group_rule", f"app_{n}_out", egress,
              {"security_group_id": True, "id": True}, to_group),
        Block("aws_instance", f"app_{n}", instance,
              {"id": True, "arn": True, "public_ip": True, "vpc_security_group_ids": True},
              {"vpc_security_group_ids": [f"{group}.id", group]}),
    ]  # fmt: skip


def _data_blocks(n: int) -> list[Block]:
    """A volume, a database, a table, a key, a role, a queue and a log group."""
    key = f"aws_kms_key.key_{n}"
    to_key = {"kms_key_id": [f"{key}.arn", key]}
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})  # fmt: skip
    database = {"identifier": f"db-{n}", "engine": "postgres", "engine_version": "15.4",
                "instance_class": "db.t3.micro", "allocated_storage": 20,
                "storage_encrypted": True, "backup_retention_period": 7,
                "publicly_accessible": False, "multi_az": n % 2 == 0,
                "deletion_protection": True}  # fmt: skip
    table = {"name": f"table-{n}", "billing_mode": "PAY_PER_REQUEST", "hash_key": "pk",
             "attribute": [{"name": "pk", "type": "S"}],
             "point_in_time_recovery": [{"enabled": True}],
             "server_side_encryption": [{"enabled": True}]}  # fmt: skip
    return [
        Block("aws_kms_key", f"key_{n}", {"description": f"key {n}", "enable_key_rotation": True,
              "deletion_window_in_days": 30}, {"id": True, "arn": True, "policy": True}, {}),
        Block("aws_ebs_volume", f"data_{n}", {"availability_zone": "eu-west-1a", "size": 100,
              "type": "gp3", "encrypted": True}, {"id": True, "arn": True, "kms_key_id": True},
              to_key),
        Block("aws_db_instance", f"db_{n}", database,
              {"id": True, "arn": True, "endpoint": True, "kms_key_id": True}, to_key),
        Block("aws_dynamodb_table", f"table_{n}", table, {"id": True, "arn": True}, {}),
        Block("aws_iam_role", f"app_{n}", {"name": f"app-{n}", "assume_role_policy": trust,
              "path": "/", "max_session_duration": 3600}, {"id": True, "arn": True}, {}),
        Block("aws_sqs_queue", f"jobs_{n}", {"name": f"jobs-{n}", "sqs_managed_sse_enabled": True,
              "message_retention_seconds": 345600}, {"id": True, "arn": True, "url": True}, {}),
        Block("aws_cloudwatch_log_group", f"app_{n}", {"name": f"/app/{n}",
              "retention_in_days": 90}, {"id": True, "arn": True, "kms_key_id": True}, to_key),
    ]  # fmt: skip


def unit_blocks(n: int) -> list[Block]:
    """One workload unit of 15 resources; primaries come before the parts that name them."""
    return [*_bucket_blocks(n), *_network_blocks(n), *_data_blocks(n)]


def _planned(block: Block, address: str) -> dict[str, Any]:
    return {
        "address": address,
        "mode": "managed",
        "type": block.type,
        "name": block.name,
        "provider_name": PROVIDER,
        "schema_version": 0,
        "values": block.values,
        "sensitive_values": {},
    }


def _change(block: Block, address: str, module: str) -> dict[str, Any]:
    change = {
        "actions": ["create"],
        "before": None,
        "after": block.values,
        "after_unknown": block.unknown,
        "before_sensitive": False,
        "after_sensitive": {},
    }
    located = {"address": address, "module_address": module} if module else {"address": address}
    body = {k: v for k, v in _planned(block, address).items() if k in ("mode", "type", "name")}
    return {**located, **body, "provider_name": PROVIDER, "change": change}


def _configured(block: Block) -> dict[str, Any]:
    expressions: dict[str, Any] = {
        key: {"constant_value": value}
        for key, value in block.values.items()
        if not isinstance(value, list)
    }
    for attribute, references in block.references.items():
        expressions[attribute] = {"references": references}
    return {
        "address": f"{block.type}.{block.name}",
        "mode": "managed",
        "type": block.type,
        "name": block.name,
        "provider_config_key": "aws",
        "expressions": expressions,
        "schema_version": 0,
    }


def _module_of(unit: int) -> str:
    """Even units live in the root module, odd ones in one of a few child modules."""
    return "" if unit % 2 == 0 else f"module.team_{unit // 2 % CHILD_MODULES}"


def generate_plan(size: int) -> dict[str, Any]:
    """A `terraform show -json` plan of exactly ``size`` resources to create."""
    modules: dict[str, tuple[list[Any], list[Any]]] = {"": ([], [])}
    changes: list[dict[str, Any]] = []
    for index, (unit, block) in enumerate(_blocks()):
        if index == size:
            break
        module = _module_of(unit)
        address = f"{module}.{block.type}.{block.name}".lstrip(".")
        planned, configured = modules.setdefault(module, ([], []))
        planned.append(_planned(block, address))
        configured.append(_configured(block))
        changes.append(_change(block, address, module))
    root_planned, root_configured = modules.pop("")
    children = [{"address": name, "resources": planned} for name, (planned, _) in modules.items()]
    calls = {
        name.removeprefix("module."): {"source": "./modules/team", "module": {"resources": config}}
        for name, (_, config) in modules.items()
    }
    return {
        "format_version": "1.2",
        "terraform_version": "1.9.5",
        "planned_values": {"root_module": {"resources": root_planned, "child_modules": children}},
        "resource_changes": changes,
        "configuration": {
            "provider_config": {
                "aws": {
                    "name": "aws",
                    "full_name": PROVIDER,
                    "expressions": {"region": {"constant_value": "eu-west-1"}},
                }
            },
            "root_module": {"resources": root_configured, "module_calls": calls},
        },
    }


def _blocks() -> Iterator[tuple[int, Block]]:
    unit = 0
    while True:
        for block in unit_blocks(unit):
            yield unit, block
        unit += 1


def write_plan(size: int, directory: Path) -> Path:
    """Write the plan of ``size`` resources under ``directory``; return its path."""
    path = directory / f"plan-{size}.json"
    with path.open("w", encoding="utf-8") as handle:
        json.dump(generate_plan(size), handle, separators=(",", ":"))
    return path


def measure(path: Path) -> dict[str, Any]:
    """Parse and normalize one plan in this process: seconds, peak RSS and what came out."""
    from srmap.catalog import load_catalog  # noqa: PLC0415 - imported in the child only
    from srmap.sources import ReadOptions, read_inventory  # noqa: PLC0415
    from srmap.sources.normalize import default_registry  # noqa: PLC0415
    from srmap.sources.terraform_plan import read_plan  # noqa: PLC0415, F401 - warm import

    load_catalog(), len(default_registry())  # loading every normalizer is not per-plan cost
    started, cpu_started = time.perf_counter(), time.process_time()
    inventory = read_inventory([path], ReadOptions())
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu_started,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "resources": len(inventory.resources),
        "unsupported": sum(inventory.unsupported.values()),
        "warnings": len(inventory.warnings),
    }


def measure_in_child(path: Path) -> dict[str, Any]:
    """``measure`` in a fresh interpreter, so memory and caches are this plan's alone."""
    done = subprocess.run(
        [sys.executable, __file__, "--measure", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def profile(path: Path, top: int = 25) -> str:
    """cProfile of parse + normalize of one plan, top functions by own time."""
    from srmap.sources import ReadOptions, read_inventory  # noqa: PLC0415

    profiler = cProfile.Profile()
    profiler.runcall(read_inventory, [path], ReadOptions())
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


def verdicts(rows: Sequence[tuple[int, dict[str, Any]]]) -> Iterator[str]:
    """Whether each target is met, one line each; time is CPU time, as wall time on a shared
    machine measures the neighbours too."""
    by_size = dict(rows)
    for size, limit in TARGETS.items():
        if size in by_size:
            took, wall = by_size[size]["cpu_seconds"], by_size[size]["seconds"]
            yield (
                f"{size:>7} resources under {limit:g} s: {_met(took < limit)} "
                f"({took:.2f} s CPU, {wall:.2f} s wall)"
            )
    if 100_000 in by_size:
        peak = by_size[100_000]["peak_rss_mb"]
        yield f" 100000 resources under 2 GB: {_met(peak < MEMORY_TARGET_MB)} ({peak:.0f} MB)"
    costs = [row["cpu_seconds"] / size * 1e6 for size, row in rows]
    if len(costs) > 1:
        ratio = max(costs) / min(costs)
        yield f"per-resource cost flat (max/min <= {LINEAR_SLACK}): {_met(ratio <= LINEAR_SLACK)} ({ratio:.2f})"  # noqa: E501


def _met(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def run(sizes: Sequence[int], directory: Path, say: Callable[[str], None]) -> list[Any]:
    """Generate, then measure every size in its own child; print one row per size."""
    say(f"{'resources':>10}{'file MB':>9}{'gen s':>7}{'wall s':>8}{'cpu s':>8}{'peak MB':>9}"
        f"{'us/res':>8}{'normalized':>11}{'unsupported':>12}{'warnings':>9}")  # fmt: skip
    rows = []
    for size in sizes:
        started = time.perf_counter()
        path = write_plan(size, directory)
        generated = time.perf_counter() - started
        row = measure_in_child(path)
        rows.append((size, row))
        cpu = row["cpu_seconds"]
        say(f"{size:>10}{path.stat().st_size / 1e6:>9.1f}{generated:>7.1f}{row['seconds']:>8.2f}"
            f"{cpu:>8.2f}{row['peak_rss_mb']:>9.0f}{cpu / size * 1e6:>8.1f}"
            f"{row['resources']:>11}{row['unsupported']:>12}{row['warnings']:>9}")  # fmt: skip
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """Measure every size, print the targets; never fails on a missed target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--profile", action="store_true", help="cProfile the largest size")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the child's entry
    args = parser.parse_args(argv)
    if args.measure is not None:
        print(json.dumps(measure(args.measure)))
        return 0
    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="iac-scale-") as scratch:
        rows = run(sizes, Path(scratch), print)
        print()
        for line in verdicts(rows):
            print(line)
        if args.profile:
            print(f"\nprofile of {max(sizes)} resources (parse + normalize, by own time):")
            print(profile(Path(scratch) / f"plan-{max(sizes)}.json"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
