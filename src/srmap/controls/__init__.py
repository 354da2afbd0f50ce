"""Controls: the customer's duties, checked on normalized resources."""

from functools import cache

from srmap.controls import (
    backups,
    ebs_encryption,
    encryption_at_rest,
    encryption_in_transit,
    exposure,
    identity,
    load_balancer_tls,
    logging,
    network,
    network_acl,
    platform,
    rds_transport,
    residency,
    s3,
    secure_transport,
)
from srmap.controls.engine import (
    Control,
    ControlContext,
    ControlRegistry,
    Verdict,
    control,
    evaluate_controls,
    failed,
    not_applicable,
    passed,
)

__all__ = [
    "Control",
    "ControlContext",
    "ControlRegistry",
    "Verdict",
    "control",
    "default_controls",
    "evaluate_controls",
    "failed",
    "not_applicable",
    "passed",
]


@cache
def default_controls() -> ControlRegistry:
    """Every control srmap ships, registered once; duplicate ids are refused."""
    return ControlRegistry(
        [
            *s3.CONTROLS,
            *encryption_at_rest.CONTROLS,
            *ebs_encryption.CONTROLS,
            *encryption_in_transit.CONTROLS,
            *load_balancer_tls.CONTROLS,
            *secure_transport.CONTROLS,
            *exposure.CONTROLS,
            *identity.CONTROLS,
            *network.CONTROLS,
            *network_acl.CONTROLS,
            *backups.CONTROLS,
            *residency.CONTROLS,
            *logging.CONTROLS,
            *platform.CONTROLS,
            *rds_transport.CONTROLS,
        ]
    )
