"""The vocabulary: fixed layer ids, ordered severities, and an UNKNOWN that cannot pass."""

from __future__ import annotations

import copy
import pickle

import pytest

from srmap.model import UNKNOWN, Layer, Severity, Unknown, UnknownValueError, is_unknown

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
