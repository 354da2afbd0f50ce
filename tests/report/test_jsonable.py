"""JSON-ready report values: one walk converts and redacts exactly as the two steps would."""

from __future__ import annotations

from enum import Enum
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from srmap.model import UNKNOWN, Reference, Severity, UnsetVariable
from srmap.report.jsonable import safe_jsonable, to_jsonable
from srmap.report.redact import REDACTED, redact

KEYS = st.sampled_from(["name", "master_password", "kms_key_id", "auth_token", "note", "user_data"])
LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(["AKIAABCDEFGHIJKLMNOP", "x AKIAABCDEFGHIJKLMNOP y", "ghp_" + "a" * 36]),
    st.just(UNKNOWN),
    st.builds(Reference, st.sampled_from(["aws_kms_key.k", "aws_s3_bucket.b"]), st.none()),
    st.builds(UnsetVariable, st.sampled_from(["", "module.app"]), st.sampled_from(["password"])),
    st.sampled_from(list(Severity)),
)
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.frozensets(st.text(max_size=6), max_size=4),
        st.dictionaries(KEYS, inner, max_size=4),
    ),
    max_leaves=20,
)


@given(VALUES, KEYS)
def test_safe_jsonable_is_redact_of_to_jsonable(value: Any, key: str) -> None:
    """For any value under any key, the one-walk form equals redact(to_jsonable(value))."""
    assert safe_jsonable(value, key) == redact(to_jsonable(value), key)


def test_safe_jsonable_hides_secrets_and_marks_unknowns() -> None:
    """A password goes, UNKNOWN and references become their markers, enums their values."""

    class Colour(Enum):
        RED = "red"

    value = {"master_password": "pw", "kms_key_id": Reference("aws_kms_key.k", "arn"),
             "size": UNKNOWN, "colour": Colour.RED, "ids": ("a", "b")}  # fmt: skip
    assert safe_jsonable(value) == {
        "master_password": REDACTED,
        "kms_key_id": {"$ref": "aws_kms_key.k.arn"},
        "size": {"$unknown": True},
        "colour": "red",
        "ids": ["a", "b"],
    }


def test_an_unset_variable_renders_as_its_address() -> None:
    """An input variable nothing sets is marked with the variable it is, not a bare unknown."""
    value = {"bucket": UnsetVariable("", "bucket_name"), "x": [UnsetVariable("module.a", "n")]}
    expected = {"bucket": {"$var": "var.bucket_name"}, "x": [{"$var": "module.a.var.n"}]}
    assert to_jsonable(value) == expected
    assert safe_jsonable(value) == expected
