"""The vocabulary: fixed layer ids, ordered severities, and an UNKNOWN that cannot pass."""

from __future__ import annotations

import copy
import pickle

import pytest

from srmap.model import (
    UNKNOWN,
    Evidence,
    Layer,
    ProviderAccount,
    Reference,
    Severity,
    Unknown,
    UnknownValueError,
    UnsetVariable,
    is_unknown,
    record_maker,
)

LAYER_IDS = [
    "facilities", "hardware", "network_infrastructure", "virtualization", "host_os", "guest_os",
    "platform", "application", "network_config", "identity_access", "encryption_at_rest",
    "client_side_encryption", "encryption_in_transit", "customer_data", "backups",
    "data_residency", "logging_monitoring",
]  # fmt: skip


def test_layer_ids_are_fixed_bottom_to_top() -> None:
    """Other stages rely on these exact ids in this order."""
    assert [layer.value for layer in Layer] == LAYER_IDS


def test_severity_ranks_from_info_to_critical() -> None:
    """Severities compare by rank for fail-on thresholds."""
    assert Severity.INFO.rank < Severity.LOW.rank < Severity.MEDIUM.rank
    assert Severity.MEDIUM.rank < Severity.HIGH.rank < Severity.CRITICAL.rank


def test_unknown_is_neither_none_nor_false_and_has_no_truth_value() -> None:
    """UNKNOWN is its own value; asking its truth raises rather than guessing."""
    assert UNKNOWN is not None
    assert UNKNOWN != False  # noqa: E712 - the comparison is the point
    assert is_unknown(UNKNOWN) and not is_unknown(None) and not is_unknown(False)
    with pytest.raises(UnknownValueError):
        bool(UNKNOWN)
    with pytest.raises(UnknownValueError):
        _ = UNKNOWN or True


def test_unknown_stays_a_singleton_through_copy_and_pickle() -> None:
    """Copies and pickles come back as the same UNKNOWN, so identity checks hold."""
    assert Unknown() is UNKNOWN
    assert copy.deepcopy(UNKNOWN) is UNKNOWN
    assert pickle.loads(pickle.dumps(UNKNOWN)) is UNKNOWN
    assert repr(UNKNOWN) == "UNKNOWN"


def test_unset_variable_is_unknown_and_equal_to_every_use_of_the_same_variable() -> None:
    """Uses of one unset variable of one module instance are equal; anything else is not."""
    variable = UnsetVariable("module.app", "bucket_name")
    assert is_unknown(variable) and isinstance(variable, Unknown)
    with pytest.raises(UnknownValueError):
        bool(variable)
    assert variable == UnsetVariable("module.app", "bucket_name")
    assert hash(variable) == hash(UnsetVariable("module.app", "bucket_name"))
    assert variable != UnsetVariable("", "bucket_name")
    assert variable != UnsetVariable("module.app", "other")
    assert variable != UNKNOWN and UNKNOWN != variable  # noqa: SIM300 - both orders
    assert variable != Reference("module.app", "bucket_name")
    assert variable != "module.app.var.bucket_name"


def test_provider_account_is_unknown_and_equal_only_for_the_same_configuration() -> None:
    """One provider configuration of one input is one account; any other may not be."""
    account = ProviderAccount("infra", "aws.prod")
    assert is_unknown(account) and isinstance(account, Unknown)
    with pytest.raises(UnknownValueError):
        bool(account)
    assert account == ProviderAccount("infra", "aws.prod")
    assert hash(account) == hash(ProviderAccount("infra", "aws.prod"))
    assert account != ProviderAccount("infra", "aws")
    assert account != ProviderAccount("other", "aws.prod")
    assert account != UNKNOWN and UNKNOWN != account  # noqa: SIM300 - both orders
    assert account != UnsetVariable("infra", "aws.prod")
    assert account != "111122223333"


def test_provider_account_says_whose_it_is_and_survives_copies() -> None:
    """Its text names the configuration and the input; copies and pickles keep it."""
    assert str(ProviderAccount("infra", "module.app:aws")) == (
        "the account of module.app:aws in infra"
    )
    assert str(ProviderAccount("stack.yaml", "")) == "the account of stack.yaml"
    account = ProviderAccount("infra", "aws")
    assert copy.deepcopy(account) == account
    assert pickle.loads(pickle.dumps(account)) == account
    with pytest.raises(AttributeError):
        account.source = "elsewhere"  # type: ignore[misc]


def test_unset_variable_names_itself_like_terraform_and_survives_copies() -> None:
    """Its text is the variable's address; copies and pickles keep the same variable."""
    assert str(UnsetVariable("", "bucket_name")) == "var.bucket_name"
    assert str(UnsetVariable("module.app[0]", "x")) == "module.app[0].var.x"
    variable = UnsetVariable("module.app", "x")
    assert copy.deepcopy(variable) == variable
    assert pickle.loads(pickle.dumps(variable)) == variable
    with pytest.raises(AttributeError):
        variable.name = "y"  # type: ignore[misc]


def test_a_record_made_from_its_fields_is_the_record_its_constructor_makes() -> None:
    """record_maker skips the NamedTuple's Python constructor, not its type or field order."""
    make = record_maker(Evidence)
    made = make(("encrypted", True))
    assert type(made) is Evidence
    assert made == Evidence("encrypted", True) and made.path == "encrypted" and made.value
