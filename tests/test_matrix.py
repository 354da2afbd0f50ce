"""The responsibility matrix: base table, overrides, variants, and unknown services."""

from __future__ import annotations

import pytest

from srmap.api import matrix_for_services
from srmap.errors import UsageError
from srmap.model import Layer, Owner


def test_guest_os_is_customer_on_ec2_and_aws_on_rds_and_lambda() -> None:
    """The classic line: EC2's guest OS is the customer's, RDS's and Lambda's are AWS's."""
    matrix = matrix_for_services(["ec2", "rds", "s3", "lambda"])
    assert matrix.cell("ec2", Layer.GUEST_OS).owner is Owner.CUSTOMER
    assert matrix.cell("rds", Layer.GUEST_OS).owner is Owner.AWS
    assert matrix.cell("lambda", Layer.GUEST_OS).owner is Owner.AWS


def test_every_cell_of_the_four_services_has_owner_reason_and_source() -> None:
    """4 services x 17 layers, each cell explained and sourced."""
    matrix = matrix_for_services(["ec2", "rds", "s3", "lambda"])
    assert len(matrix.cells) == 4 * len(Layer)
    for cell in matrix.cells:
        assert cell.reason and cell.source.startswith("https://")


def test_variant_moves_the_line_for_ecs_on_fargate() -> None:
    """ECS on EC2 leaves the guest OS to the customer; on Fargate AWS takes it."""
    matrix = matrix_for_services(["ecs", "ecs:fargate"])
    assert matrix.cell("ecs", Layer.GUEST_OS).owner in (Owner.CUSTOMER, Owner.SHARED)
    fargate = matrix.cell("ecs:fargate", Layer.GUEST_OS)
    assert fargate.owner is Owner.AWS
    assert fargate.overridden


def test_lambda_runtime_choice_is_shared() -> None:
    """AWS patches Lambda's managed runtimes; choosing and leaving a runtime is the customer's."""
    assert matrix_for_services(["lambda"]).cell("lambda", Layer.PLATFORM).owner is Owner.SHARED


def test_repeated_services_appear_once_in_given_order() -> None:
    """Naming a service twice gives one column, in first-seen order."""
    matrix = matrix_for_services(["s3", "ec2", "s3"])
    assert [s.id for s in matrix.services] == ["s3", "ec2"]


def test_unknown_service_suggests_the_closest_id() -> None:
    """A typo is refused with a did-you-mean hint."""
    with pytest.raises(UsageError, match="did you mean 'lambda'"):
        matrix_for_services(["lamda"])


def test_unknown_variant_lists_the_known_ones() -> None:
    """A variant the service lacks is refused, naming the variants it has."""
    with pytest.raises(UsageError, match="fargate"):
        matrix_for_services(["ecs:spot"])
