"""The public entry points; the CLI is a thin shell over these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from srmap import __version__
from srmap.catalog import Catalog, Region, Service, load_catalog
from srmap.catalog.frameworks import Framework, load_frameworks
from srmap.controls import ControlRegistry, default_controls
from srmap.errors import InputError
from srmap.matrix import Matrix, build_matrix, resolve_service
from srmap.model import Layer
from srmap.policy import Policy, load_policy
from srmap.scan import ScanReport, run_scan, services_in_use
from srmap.sources import Inventory, ReadOptions, merge_inventories, read_inventory
from srmap.sources.aws.target import LiveOptions, LiveTarget
from srmap.sources.aws.target import Progress as ProgressCallback

__all__ = [
    "ProgressCallback",
    "catalog_frameworks",
    "catalog_regions",
    "catalog_services",
    "inventory",
    "matrix_for_inventory",
    "matrix_for_services",
    "read_live_targets",
    "scan",
]


def catalog_services(ids: Sequence[str] = ()) -> list[Service]:
    """Catalog services by id (all when none given), sorted by id; UsageError for unknown ids."""
    catalog = load_catalog()
    if not ids:
        return sorted(catalog.services.values(), key=lambda s: s.id)
    return [resolve_service(catalog, i).service for i in ids]


def catalog_frameworks() -> list[Framework]:
    """Every framework version srmap maps its controls to."""
    return list(load_frameworks())


def catalog_regions() -> list[Region]:
    """Every region of every partition, sorted by partition then code."""
    return sorted(load_catalog().regions.values(), key=lambda r: (r.partition, r.code))


def matrix_for_services(specs: Sequence[str]) -> Matrix:
    """The responsibility matrix of services named on the command line (``ecs:fargate`` too)."""
    catalog = load_catalog()
    return build_matrix(catalog, (resolve_service(catalog, spec) for spec in specs))


def inventory(paths: Sequence[Path], options: ReadOptions | None = None) -> Inventory:
    """The normalized inventory of plans, Terraform directories and templates."""
    return read_inventory(paths, options)


def matrix_for_inventory(found: Inventory) -> Matrix:
    """The matrix of the services an inventory uses, infrastructure first, then by id."""
    catalog = load_catalog()
    return build_matrix(catalog, services_in_use(catalog, found.resources))


def scan(
    paths: Sequence[Path],
    options: ReadOptions | None = None,
    policy_path: Path | None = None,
    now: dt.datetime | None = None,
    *,
    live: Sequence[LiveTarget] = (),
    live_options: LiveOptions | None = None,
    progress: ProgressCallback | None = None,
) -> ScanReport:
    """Read the inputs (files and live accounts), check the customer's side, and join the
    verdicts onto the matrix."""
    catalog = load_catalog()
    registry = default_controls()
    policy = Policy()
    if policy_path is not None:
        policy = load_policy(policy_path)
        check_policy(policy, catalog, registry, str(policy_path))
    found = read_inventory(paths, options)
    if live:
        found = merge_inventories(found, read_live_targets(live, live_options, progress))
    moment = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    return run_scan(found, catalog, registry, policy, now=moment, tool_version=__version__)


def check_policy(policy: Policy, catalog: Catalog, registry: ControlRegistry, file: str) -> None:
    """Names in the policy must exist: regions, jurisdictions, control ids, duties."""
    known_jurisdictions = {r.country for r in catalog.regions.values()}
    known_jurisdictions |= {j for r in catalog.regions.values() for j in r.jurisdictions}
    for region in sorted(policy.residency.allowed_regions or ()):
        if region not in catalog.regions:
            raise InputError(file, f"residency.allowed_regions: unknown region {region!r}")
    for name in sorted(policy.residency.allowed_jurisdictions or ()):
        if name not in known_jurisdictions:
            raise InputError(file, f"residency.allowed_jurisdictions: unknown {name!r}")
    control_ids = {c.id for c in registry}
    for suppression in policy.suppressions:
        if suppression.control not in control_ids:
            raise InputError(file, f"suppressions: unknown control {suppression.control!r}")
    duties = {layer.value for layer in Layer} | {c.id for c in catalog.shared_controls}
    for attestation in policy.attestations:
        if attestation.duty not in duties:
            raise InputError(file, f"attestations: unknown duty {attestation.duty!r}")


def read_live_targets(
    targets: Sequence[LiveTarget],
    options: LiveOptions | None = None,
    progress: ProgressCallback | None = None,
) -> Inventory:
    """The inventory of live accounts; the AWS SDK is loaded only when one is read."""
    from srmap.sources.aws.accounts import read_target  # noqa: PLC0415 - boto3 is heavy
    from srmap.sources.aws.collectors import collectors_for  # noqa: PLC0415

    options = options or LiveOptions()
    collectors = collectors_for(options.services)
    found = Inventory((), {}, ())
    for target in targets:
        found = merge_inventories(found, read_target(target, collectors, options, progress))
    return found
