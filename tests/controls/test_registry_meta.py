"""Invariants over every shipped control, including the SRM invariant no peer has."""

from __future__ import annotations

from srmap.catalog import load_catalog
from srmap.controls import default_controls
from srmap.matrix import ServiceInUse, build_matrix
from srmap.model import Owner


def test_every_control_checks_a_layer_the_customer_owns_or_shares() -> None:
    """A control may only judge layers the catalog gives the customer for that service."""
    catalog = load_catalog()
    for item in default_controls():
        for type_id in item.applies_to:
            service = catalog.services[catalog.resource_types[type_id].service]
            matrix = build_matrix(catalog, [ServiceInUse(service)])
            owner = matrix.cell(service.id, item.layer).owner
            assert owner in (Owner.CUSTOMER, Owner.SHARED), (item.id, type_id, owner)


def test_control_ids_name_their_type_and_have_metadata() -> None:
    """Ids read <service>.<type>.<duty>; every control has a title and remediation."""
    catalog = load_catalog()
    for item in default_controls():
        assert item.applies_to and set(item.applies_to) <= set(catalog.resource_types)
        assert item.id.count(".") >= 2
        assert any(item.id.startswith(f"{t}.") for t in item.applies_to), item.id
        assert item.title and item.remediation
