"""srmap's live read limited to the services Prowler is given, as a `--services` option would
limit it (srmap scan has none): run as a child of bench/live_vs_prowler.py, it reads the
account through AWS_ENDPOINT_URL and prints what it read as JSON.

    .venv/bin/python bench/live_same_services.py REGION[,REGION...] SERVICE[,SERVICE...]
"""

from __future__ import annotations

import json
import sys

from srmap.sources.aws.collector import CollectorRegistry
from srmap.sources.aws.collectors import ALL
from srmap.sources.aws.live import LiveOptions, LiveTarget, read_live

# Prowler's "ec2" covers srmap's ebs and vpc collectors too; the account is always read.
SERVICE_ALIASES = {"ec2": ("ec2", "ebs", "vpc")}


def main(argv: list[str]) -> int:
    """Read the regions with the collectors of the services named; print counts as JSON."""
    regions, services = argv[0].split(","), argv[1].split(",")
    kept = {alias for name in services for alias in SERVICE_ALIASES.get(name, (name,))}
    registry = CollectorRegistry(c for c in ALL if c.service in kept or c.type_id == "aws.account")
    inventory = read_live(LiveTarget(regions=regions), registry, LiveOptions())
    print(json.dumps({"collectors": len(registry), "resources": len(inventory.resources)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
