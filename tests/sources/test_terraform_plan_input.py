"""Terraform plan input handling: format versions, detection, bad input, fuzzing, scale."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srmap.errors import InputError
from srmap.model import UNKNOWN
from srmap.sources.terraform_plan import looks_like_plan, read_plan


def resource(address: str, values: dict[str, Any] | None = None) -> dict[str, Any]:
    """A planned_values resource entry for an aws_s3_bucket named b."""
    return {
        "address": address,
        "mode": "managed",
        "type": "aws_s3_bucket",
        "name": "b",
        "values": values if values is not None else {},
    }


def plan(**overrides: Any) -> dict[str, Any]:
    """A minimal valid plan with one bucket, changed by keyword overrides."""
    document: dict[str, Any] = {
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": [resource("aws_s3_bucket.b")]}},
    }
    document.update(overrides)
    return document


def write(tmp_path: Path, content: object) -> Path:
    """Write JSON (or raw text when given a str) to a plan file and return its path."""
    path = tmp_path / "plan.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


@pytest.mark.parametrize("version", ["0.1", "0.2", "1.0", "1.1", "1.2", "1.9", "0.15"])
def test_supported_format_versions_are_read(tmp_path: Path, version: str) -> None:
    """Every 0.x and 1.x plan format is read."""
    resources = read_plan(write(tmp_path, plan(format_version=version)))
    assert [r.address for r in resources] == ["aws_s3_bucket.b"]


@pytest.mark.parametrize("version", ["2.0", "10.1"])
def test_later_major_format_version_is_refused_clearly(tmp_path: Path, version: str) -> None:
    """A major version after 1 is refused with a message naming the version."""
    path = write(tmp_path, plan(format_version=version))
    with pytest.raises(InputError, match=rf"unsupported plan format_version {version}") as info:
        read_plan(path)
    assert info.value.file == str(path)


@pytest.mark.parametrize("version", [1.2, None, "", "v1", "latest"])
def test_format_version_that_is_not_a_version_is_refused(tmp_path: Path, version: object) -> None:
    """format_version must be a string of the form major.minor."""
    with pytest.raises(InputError, match="format_version"):
        read_plan(write(tmp_path, plan(format_version=version)))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"format_version": "1.2", "planned_values": {}}, True),
        ({"format_version": "1.2", "resource_changes": []}, True),
        ({"format_version": "1.2", "configuration": {}}, True),
        ({"format_version": "1.0", "values": {"root_module": {}}}, True),
        ({"format_version": "1.0", "values": {"outputs": {}}}, False),
        ({"planned_values": {}}, False),
        ({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}, False),
        ({"format_version": "1.2"}, False),
        ([{"format_version": "1.2", "planned_values": {}}], False),
        ("format_version", False),
        (None, False),
    ],
)
def test_looks_like_plan(data: object, expected: bool) -> None:
    """Only a plan (or state) document of `terraform show -json` is recognised."""
    assert looks_like_plan(data) is expected


def test_malformed_json_names_the_line(tmp_path: Path) -> None:
    """A syntax error reports the file and the line of the error."""
    path = write(tmp_path, '{\n  "format_version": "1.2",\n  "planned_values": {,\n}\n')
    with pytest.raises(InputError, match="malformed JSON") as info:
        read_plan(path)
    assert (info.value.file, info.value.line) == (str(path), 3)


@pytest.mark.parametrize(
    "content",
    [[], "just a string", {"Resources": {}}, {"format_version": "1.2", "values": []}],
)
def test_valid_json_that_is_not_a_plan_is_refused(tmp_path: Path, content: object) -> None:
    """Valid JSON of another kind is refused as not a Terraform plan."""
    with pytest.raises(InputError, match="not a Terraform plan"):
        read_plan(write(tmp_path, json.dumps(content)))


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    """A file that does not exist is reported as unreadable, not as a traceback."""
    with pytest.raises(InputError, match="cannot read"):
        read_plan(tmp_path / "absent.json")


def test_binary_file_is_an_input_error(tmp_path: Path) -> None:
    """Bytes that are not text are refused as input."""
    path = tmp_path / "plan.json"
    path.write_bytes(b'{"format_version": "\xff\xfe\x00"}')
    with pytest.raises(InputError):
        read_plan(path)


def test_deeply_nested_json_is_an_input_error(tmp_path: Path) -> None:
    """Nesting past the parser's depth is refused, not a RecursionError."""
    with pytest.raises(InputError):
        read_plan(write(tmp_path, "[" * 100_000 + "]" * 100_000))


@pytest.mark.parametrize(
    ("overrides", "path_in_message"),
    [
        ({"planned_values": []}, "planned_values: expected an object"),
        ({"planned_values": {"root_module": {"resources": {}}}}, "root_module.resources"),
        (
            {"planned_values": {"root_module": {"child_modules": [{"resources": [3]}]}}},
            "root_module.child_modules[0].resources[0]: expected an object",
        ),
        (
            {"planned_values": {"root_module": {"resources": [{"type": "aws_s3_bucket"}]}}},
            "resources[0].address",
        ),
        (
            {
                "planned_values": {
                    "root_module": {"resources": [resource("aws_s3_bucket.b") | {"values": []}]}
                }
            },
            "resources[0].values",
        ),
        ({"resource_changes": {}}, "resource_changes: expected an array"),
        ({"resource_changes": [{"address": "a.b"}]}, "resource_changes[0].change"),
        (
            {"resource_changes": [{"address": "a.b", "change": {"actions": "create"}}]},
            "resource_changes[0].change.actions",
        ),
        ({"configuration": {"root_module": []}}, "configuration.root_module"),
        ({"configuration": {"provider_config": {"aws": 1}}}, "provider_config.aws"),
        ({"variables": []}, "variables: expected an object"),
    ],
)
def test_wrong_shapes_name_their_json_path(
    tmp_path: Path, overrides: dict[str, Any], path_in_message: str
) -> None:
    """A value of the wrong shape is an InputError that names where it is in the JSON."""
    with pytest.raises(InputError, match=path_in_message.replace("[", r"\[").replace("]", r"\]")):
        read_plan(write(tmp_path, plan(**overrides)))


def test_unknown_mode_is_refused(tmp_path: Path) -> None:
    """A mode other than managed or data is an InputError naming the field."""
    entry = resource("aws_s3_bucket.b") | {"mode": "ephemeral"}
    content = plan(planned_values={"root_module": {"resources": [entry]}})
    with pytest.raises(InputError, match=r"resources\[0\]\.mode"):
        read_plan(write(tmp_path, content))


def test_after_unknown_of_another_shape_is_ignored(tmp_path: Path) -> None:
    """after_unknown that does not mirror the values marks nothing it cannot place."""
    change = {"actions": ["create"], "after_unknown": {"tags": [True], "arn": True}}
    content = plan(
        planned_values={
            "root_module": {"resources": [resource("aws_s3_bucket.b", {"tags": {"a": "b"}})]}
        },
        resource_changes=[{"address": "aws_s3_bucket.b", "change": change}],
    )
    (bucket,) = read_plan(write(tmp_path, content))
    assert bucket.values["tags"] == {"a": "b"}
    assert bucket.values["arn"] is UNKNOWN


JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=30,
)
PLAN_KEYS = st.sampled_from(
    [
        "planned_values",
        "resource_changes",
        "configuration",
        "variables",
        "values",
        "root_module",
        "resources",
        "child_modules",
        "module_calls",
        "module",
        "address",
        "type",
        "mode",
        "values",
        "change",
        "actions",
        "after",
        "after_unknown",
        "provider_config",
        "provider_config_key",
        "expressions",
        "references",
        "region",
        "constant_value",
        "deposed",
    ]
)
PLAN_SCALARS = JSON_SCALARS | st.sampled_from(
    ["aws", "aws.east", "module.m:aws", "aws_s3_bucket.b", "var.region", "managed", "data"]
)
PLAN_LIKE = st.fixed_dictionaries(
    {"format_version": st.sampled_from(["1.2", "0.1", "2.0", "x"])},
    optional={
        key: st.recursive(
            PLAN_SCALARS,
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(PLAN_KEYS | st.text(max_size=6), inner, max_size=4)
            ),
            max_leaves=25,
        )
        for key in ("planned_values", "resource_changes", "configuration", "variables", "values")
    },
)
ADDRESSES = st.sampled_from(
    ["aws_s3_bucket.b", 'aws_s3_bucket.b["k.1"]', "module.m.aws_s3_bucket.b[0]", "data.aws_x.y"]
)
RESOURCE_ENTRIES = st.lists(
    st.fixed_dictionaries(
        {
            "address": ADDRESSES,
            "type": st.just("aws_s3_bucket"),
            "values": st.dictionaries(
                st.sampled_from(["a", "b", "region"]), JSON_VALUES, max_size=3
            ),
        }
    ),
    max_size=4,
)
CHANGE_ENTRIES = st.lists(
    st.fixed_dictionaries(
        {
            "address": ADDRESSES,
            "type": st.just("aws_s3_bucket"),
            "change": st.fixed_dictionaries(
                {
                    "actions": st.sampled_from([["create"], ["delete"], ["delete", "create"]]),
                    "after": st.none() | JSON_VALUES,
                    "after_unknown": st.booleans() | JSON_VALUES,
                }
            ),
        }
    ),
    max_size=4,
)
MATCHING_PLANS = st.builds(
    lambda resources, changes: {
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": resources}},
        "resource_changes": changes,
    },
    RESOURCE_ENTRIES,
    CHANGE_ENTRIES,
)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_outcome(tmp_path: Path, text: str) -> object:
    """Read text as a plan: the list of resources, or the InputError it raised."""
    path = tmp_path / "fuzz.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        return read_plan(path)
    except InputError as error:
        return error


@FUZZ
@given(document=JSON_VALUES)
def test_fuzz_any_json_gives_a_list_or_an_input_error(
    tmp_path_factory: pytest.TempPathFactory, document: object
) -> None:
    """Arbitrary JSON is either read or refused with an InputError, never anything else."""
    outcome = read_outcome(tmp_path_factory.mktemp("any"), json.dumps(document))
    assert isinstance(outcome, list | InputError)


@FUZZ
@given(document=PLAN_LIKE)
def test_fuzz_plan_shaped_json_gives_a_list_or_an_input_error(
    tmp_path_factory: pytest.TempPathFactory, document: dict[str, Any]
) -> None:
    """Plan-shaped JSON with random contents is either read or refused with an InputError."""
    outcome = read_outcome(tmp_path_factory.mktemp("plan"), json.dumps(document))
    assert isinstance(outcome, list | InputError)


@FUZZ
@given(document=MATCHING_PLANS)
def test_fuzz_changes_matching_planned_resources_give_a_list_or_an_input_error(
    tmp_path_factory: pytest.TempPathFactory, document: dict[str, Any]
) -> None:
    """Random values and after_unknown joined by address are read or refused, never crash."""
    outcome = read_outcome(tmp_path_factory.mktemp("joined"), json.dumps(document))
    assert isinstance(outcome, list | InputError)


@FUZZ
@given(text=st.text(max_size=200))
def test_fuzz_random_text_gives_a_list_or_an_input_error(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    """Random text is either read or refused with an InputError."""
    path = tmp_path_factory.mktemp("text") / "fuzz.json"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    try:
        outcome: object = read_plan(path)
    except InputError as error:
        outcome = error
    assert isinstance(outcome, list | InputError)


REGION = "eu-west-1"


def large_plan(count: int) -> dict[str, Any]:
    """A plan of `count` bucket instances in modules, each with a change and references."""
    resources = [
        resource(f'module.m.aws_s3_bucket.b["k{i}"]', {"bucket": f"b{i}"}) for i in range(count)
    ]
    changes = [
        {
            "address": entry["address"],
            "change": {"actions": ["create"], "after_unknown": {"arn": True}},
        }
        for entry in resources
    ]
    block = {
        "address": "aws_s3_bucket.b",
        "provider_config_key": "aws",
        "expressions": {"policy": {"references": ["aws_iam_policy.p.arn", "aws_iam_policy.p"]}},
    }
    return {
        "format_version": "1.2",
        "planned_values": {
            "root_module": {"child_modules": [{"address": "module.m", "resources": resources}]}
        },
        "resource_changes": changes,
        "configuration": {
            "provider_config": {
                "aws": {"expressions": {"region": {"constant_value": "eu-west-1"}}}
            },
            "root_module": {"module_calls": {"m": {"module": {"resources": [block]}}}},
        },
    }


def test_many_instances_of_one_block_share_its_region_and_references(tmp_path: Path) -> None:
    """Every instance of a large for_each keeps its region, unknowns and references (speed is
    measured by bench/iac_scale.py, not here)."""
    path = write(tmp_path, large_plan(2_000))
    resources = read_plan(path)
    assert len(resources) == 2_000
    last = resources[-1]
    assert (last.region, last.values["arn"]) == ("eu-west-1", UNKNOWN)
    assert last.references["policy"] == ("module.m.aws_iam_policy.p",)
