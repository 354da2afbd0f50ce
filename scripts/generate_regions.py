"""Generate src/srmap/catalog/data/regions.toml from botocore's endpoint data.

Region codes, names and partitions come from botocore (every partition it ships). Country and
opt-in status come from the table below, which this script owns. It fails when botocore knows a
region the table lacks, so a botocore upgrade that adds a region cannot slip through unmapped.

    .venv/bin/python scripts/generate_regions.py            # rewrite regions.toml
    .venv/bin/python scripts/generate_regions.py --check    # exit 1 if regions.toml is stale
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from botocore.loaders import Loader  # type: ignore[import-untyped]

OUTPUT = Path(__file__).resolve().parent.parent / "src/srmap/catalog/data/regions.toml"

SOURCES = (
    "https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html",
    "https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html",
)

# The 27 member states of the European Union (ISO 3166-1 alpha-2).
EU_MEMBERS = frozenset(
    {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE"}
    | {"IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"}
)
# EEA = EU members plus Iceland, Liechtenstein and Norway.
EEA_ONLY = frozenset({"IS", "LI", "NO"})

# region code -> (country, opt-in). Opt-in: regions of the aws partition launched after
# 2019-03-20 are disabled until an account enables them (manage-acct-regions page). Regions of
# the other partitions are reached through their own accounts and have no opt-in: False.
REGION_FACTS: dict[str, tuple[str, bool]] = {
    "af-south-1": ("ZA", True),
    "ap-east-1": ("HK", True),
    "ap-east-2": ("TW", True),
    "ap-northeast-1": ("JP", False),
    "ap-northeast-2": ("KR", False),
    "ap-northeast-3": ("JP", False),
    "ap-south-1": ("IN", False),
    "ap-south-2": ("IN", True),
    "ap-southeast-1": ("SG", False),
    "ap-southeast-2": ("AU", False),
    "ap-southeast-3": ("ID", True),
    "ap-southeast-4": ("AU", True),
    "ap-southeast-5": ("MY", True),
    "ap-southeast-6": ("NZ", True),
    "ap-southeast-7": ("TH", True),
    "ca-central-1": ("CA", False),
    "ca-west-1": ("CA", True),
    "eu-central-1": ("DE", False),
    "eu-central-2": ("CH", True),
    "eu-north-1": ("SE", False),
    "eu-south-1": ("IT", True),
    "eu-south-2": ("ES", True),
    "eu-west-1": ("IE", False),
    "eu-west-2": ("GB", False),
    "eu-west-3": ("FR", False),
    "il-central-1": ("IL", True),
    "me-central-1": ("AE", True),
    "me-south-1": ("BH", True),
    "mx-central-1": ("MX", True),
    "sa-east-1": ("BR", False),
    "us-east-1": ("US", False),
    "us-east-2": ("US", False),
    "us-west-1": ("US", False),
    "us-west-2": ("US", False),
    "cn-north-1": ("CN", False),
    "cn-northwest-1": ("CN", False),
    "us-gov-east-1": ("US", False),
    "us-gov-west-1": ("US", False),
    "us-iso-east-1": ("US", False),
    "us-iso-west-1": ("US", False),
    "us-isob-east-1": ("US", False),
    "us-isob-west-1": ("US", False),
    "us-isof-east-1": ("US", False),
    "us-isof-south-1": ("US", False),
    "eusc-de-east-1": ("DE", False),
}

# Regions botocore knows whose country AWS does not publish. They are written with country
# UNKNOWN_COUNTRY ("ZZ", the ISO 3166-1 user-assigned code CLDR uses for an unknown region) and
# no jurisdiction, so residency checks can tell "not published" from a guessed country.
UNKNOWN_COUNTRY = "ZZ"
COUNTRY_UNPUBLISHED = frozenset({"eu-isoe-west-1"})

# Facts the catalog promises; checked on every run so a wrong table edit fails here.
EXPECTED = {
    "eu-central-1": ("aws", "DE", ("EU", "EEA")),
    "eu-west-2": ("aws", "GB", ()),
    "cn-north-1": ("aws-cn", "CN", ()),
    "us-gov-west-1": ("aws-us-gov", "US", ()),
}


@dataclass(frozen=True)
class RegionRow:
    """One region as written to regions.toml."""

    code: str
    name: str
    partition: str
    country: str
    jurisdictions: tuple[str, ...]
    opt_in: bool


def jurisdictions_of(country: str) -> tuple[str, ...]:
    """The jurisdiction groups a country belongs to."""
    if country in EU_MEMBERS:
        return ("EU", "EEA")
    if country in EEA_ONLY:
        return ("EEA",)
    return ()


def botocore_regions() -> list[tuple[str, str, str]]:
    """(code, name, partition) for every region of every partition botocore ships."""
    endpoints: dict[str, Any] = Loader().load_data("endpoints")
    return [
        (code, str(info.get("description", code)), partition["partition"])
        for partition in endpoints["partitions"]
        for code, info in sorted(partition["regions"].items())
    ]


def build_rows(known: list[tuple[str, str, str]]) -> list[RegionRow]:
    """Join botocore's regions with the country table; fail on any region left unmapped."""
    unmapped = [c for c, _, _ in known if c not in REGION_FACTS and c not in COUNTRY_UNPUBLISHED]
    if unmapped:
        raise SystemExit(f"regions missing from REGION_FACTS: {', '.join(unmapped)}")
    stale = sorted(set(REGION_FACTS) - {code for code, _, _ in known})
    if stale:
        raise SystemExit(f"REGION_FACTS has regions botocore does not know: {', '.join(stale)}")
    rows = []
    for code, name, partition in known:
        country, opt_in = REGION_FACTS.get(code, (UNKNOWN_COUNTRY, False))
        rows.append(RegionRow(code, name, partition, country, jurisdictions_of(country), opt_in))
    return rows


def check_expected(rows: list[RegionRow]) -> None:
    """Stop when a promised fact does not hold."""
    by_code = {row.code: row for row in rows}
    for code, (partition, country, groups) in EXPECTED.items():
        row = by_code.get(code)
        if row is None or (row.partition, row.country, row.jurisdictions) != (
            partition,
            country,
            groups,
        ):
            raise SystemExit(f"{code}: expected {partition} {country} {groups}, got {row}")


def render(rows: list[RegionRow]) -> str:
    """The regions.toml text."""
    lines = [
        "# GENERATED by scripts/generate_regions.py from botocore's endpoint data; do not edit.",
        "# Regenerate: .venv/bin/python scripts/generate_regions.py",
        f'# country = "{UNKNOWN_COUNTRY}": AWS publishes no country for the region'
        f" ({', '.join(sorted(COUNTRY_UNPUBLISHED))}).",
        "",
        "sources = [",
        *(f"    {json.dumps(url)}," for url in SOURCES),
        "]",
    ]
    for row in rows:
        groups = ", ".join(json.dumps(group) for group in row.jurisdictions)
        lines += [
            "",
            "[[region]]",
            f"code = {json.dumps(row.code)}",
            f"name = {json.dumps(row.name)}",
            f"partition = {json.dumps(row.partition)}",
            f"country = {json.dumps(row.country)}",
            f"jurisdictions = [{groups}]",
            f"opt_in = {'true' if row.opt_in else 'false'}",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write regions.toml, or with --check report whether it is up to date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if regions.toml is stale")
    args = parser.parse_args(argv)
    rows = build_rows(botocore_regions())
    check_expected(rows)
    text = render(rows)
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            sys.stderr.write(f"{OUTPUT} is stale; run scripts/generate_regions.py\n")
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    sys.stdout.write(f"wrote {len(rows)} regions to {OUTPUT}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
