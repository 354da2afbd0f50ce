"""The plan file's JSON decoding: the fast decoder must read exactly what json.loads reads."""

from __future__ import annotations

import json
import math
from pathlib import Path

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srmap.errors import InputError
from srmap.sources.terraform_plan import read_plan
from srmap.sources.terraform_plan._load import decode_json, load_plan_json
from srmap.sources.terraform_plan._reader import PlanReader

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**130), max_value=2**130)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


def typed(value: object) -> object:
    """``value`` with every leaf's type beside it, so 1 and 1.0 (or True) are told apart."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return (type(value).__name__, value)


def stdlib_outcome(data: bytes) -> object:
    """What json.loads makes of the bytes, or the kind of error it raises."""
    try:
        return typed(json.loads(data.decode(json.detect_encoding(data), "surrogatepass")))
    except (ValueError, RecursionError) as error:
        return type(error).__name__


def load_json(path: Path) -> object:
    """The whole document of a file, as a plan's fallback reads it."""
    return decode_json(path.read_bytes(), str(path))


def outcome(path: Path, data: bytes) -> object:
    path.write_bytes(data)
    try:
        return typed(load_json(path))
    except InputError:
        return "InputError"


@FUZZ
@given(document=DOCUMENTS, ascii_only=st.booleans(), indent=st.sampled_from([None, 2]))
def test_any_json_document_is_read_as_json_loads_reads_it(
    tmp_path_factory: pytest.TempPathFactory, document: object, ascii_only: bool, indent: int | None
) -> None:
    """Same values and same types: big integers stay exact, floats round the same way."""
    data = json.dumps(document, ensure_ascii=ascii_only, indent=indent).encode()
    got = outcome(tmp_path_factory.mktemp("doc") / "plan.json", data)
    assert got == stdlib_outcome(data)


@FUZZ
@given(data=st.binary(max_size=64) | st.text(max_size=64).map(str.encode))
def test_any_bytes_are_read_or_refused_as_json_loads_would(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    """Whatever the bytes, the value is json.loads's, and an error is an InputError just
    when json.loads fails."""
    got = outcome(tmp_path_factory.mktemp("bytes") / "plan.json", data)
    expected = stdlib_outcome(data)
    assert got == ("InputError" if isinstance(expected, str) else expected)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"[18446744073709551616, -9223372036854775809]", [2**64, -(2**63) - 1]),
        (b'\xef\xbb\xbf{"a": 1}', {"a": 1}),  # a byte order mark, as some editors save
        (b'["\\ud800"]', ["\ud800"]),  # a lone surrogate escape
        ('{"a": "é"}'.encode("utf-16"), {"a": "é"}),
    ],
)
def test_inputs_only_the_standard_library_reads_still_read(
    tmp_path: Path, data: bytes, expected: object
) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(data)
    assert typed(load_json(path)) == typed(expected)


def test_nan_literal_is_read_as_json_loads_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(b'{"x": NaN}')
    value = load_json(path)
    assert isinstance(value, dict)
    assert math.isnan(value["x"])


def test_malformed_json_still_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(b'{\n  "a": 1,\n  "b": [1,,2]\n}\n')
    with pytest.raises(InputError, match="malformed JSON") as info:
        load_json(path)
    assert (info.value.file, info.value.line) == (str(path), 3)


REPOSITORY = Path(__file__).resolve().parents[2]
PLAN_FILES = sorted(
    [
        *REPOSITORY.glob("tests/fixtures/**/plan.json"),
        *REPOSITORY.glob("tests/fixtures/terraform_plan/*.json"),
        REPOSITORY / "examples/webshop/terraform/plan.json",
    ]
)


@pytest.mark.parametrize("path", PLAN_FILES, ids=lambda p: str(p.relative_to(REPOSITORY)))
def test_a_plan_reads_the_same_from_the_partial_document(path: Path) -> None:
    """What load_plan_json leaves out or keeps undecoded changes no resource."""
    partial = load_plan_json(path)
    whole = load_json(path)
    assert isinstance(partial, dict) and isinstance(whole, dict)
    assert partial.keys() <= whole.keys()
    file = str(path)
    assert PlanReader(partial, file).read() == PlanReader(whole, file).read()


def test_only_a_resource_the_planned_values_lack_decodes_its_after() -> None:
    """A change's after stays raw JSON, and becomes the values of a changes-only resource."""
    source = REPOSITORY / "tests/fixtures/terraform_plan/changes_only.json"
    partial = load_plan_json(source)
    assert isinstance(partial, dict) and "planned_values" not in partial
    afters = [entry["change"]["after"] for entry in partial["resource_changes"]]
    assert afters and all(isinstance(after, msgspec.Raw) for after in afters)
    whole = json.loads(source.read_text(encoding="utf-8"))
    bucket_after = whole["resource_changes"][0]["change"]["after"]
    bucket = next(r for r in read_plan(source) if r.address == "aws_s3_bucket.logs")
    assert {k: bucket.values[k] for k in bucket_after} == bucket_after


def test_a_number_only_json_loads_reads_inside_an_after_is_read_as_it_would(
    tmp_path: Path,
) -> None:
    """msgspec skips over a Raw without judging its numbers; decoding it later falls back to
    json.loads just as the whole document would have."""
    path = tmp_path / "plan.json"
    change = {"actions": ["create"], "after": {"bucket": "logs", "size": "HUGE"}}
    plan = {
        "format_version": "1.2",
        "resource_changes": [{"address": "aws_s3_bucket.logs", "type": "aws_s3_bucket",
                              "name": "logs", "change": change}],
    }  # fmt: skip
    path.write_text(json.dumps(plan).replace('"HUGE"', "1e400"), encoding="utf-8")
    [bucket] = read_plan(path)
    assert bucket.values["size"] == math.inf
    assert bucket.values["bucket"] == "logs"


def test_planned_resources_are_read_without_their_sensitive_markers() -> None:
    """sensitive_values, which srmap never reads, does not become objects; values do."""
    source = REPOSITORY / "examples/webshop/terraform/plan.json"
    whole = json.loads(source.read_text(encoding="utf-8"))
    partial = load_plan_json(source)
    assert isinstance(partial, dict)
    [first_whole, *_] = whole["planned_values"]["root_module"]["resources"]
    [first, *_] = partial["planned_values"]["root_module"]["resources"]
    assert "sensitive_values" in first_whole and "sensitive_values" not in first
    assert first["values"] == first_whole["values"]
