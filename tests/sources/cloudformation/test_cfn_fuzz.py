"""Arbitrary input never escapes as anything but InputError."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srmap.errors import InputError
from srmap.model import UNKNOWN, Reference
from srmap.sources.cloudformation import read_template

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

INTRINSIC_KEYS = [
    "Ref",
    "Condition",
    "Fn::GetAtt",
    "Fn::Sub",
    "Fn::If",
    "Fn::Join",
    "Fn::Select",
    "Fn::Split",
    "Fn::FindInMap",
    "Fn::Equals",
    "Fn::And",
    "Fn::Or",
    "Fn::Not",
    "Fn::Base64",
    "Fn::ImportValue",
    "Fn::GetAZs",
    "Fn::Cidr",
]
NAMES = ["A", "B", "P", "C", "M", "AWS::Region", "AWS::NoValue", "${A}", "${P}-${A.Arn}", "0"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False),
    st.sampled_from(NAMES),
    st.text(max_size=8),
)
keys = st.one_of(st.sampled_from(INTRINSIC_KEYS + NAMES + ["Type", "Default"]), st.text(max_size=6))
structures = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(keys, children, max_size=3),
    ),
    max_leaves=25,
)
templates = st.fixed_dictionaries(
    {"Resources": st.dictionaries(st.sampled_from(["A", "B"]), structures, max_size=2)},
    optional={
        "Parameters": st.one_of(
            structures, st.just({"P": {"Type": "CommaDelimitedList", "Default": "x,y"}})
        ),
        "Conditions": st.one_of(structures, st.dictionaries(st.just("C"), structures)),
        "Mappings": structures,
        "Transform": st.sampled_from(["AWS::Serverless-2016-10-31", "x"]),
        "Globals": structures,
    },
)
typed_templates = st.builds(
    lambda props, condition: {
        "Conditions": {"C": condition},
        "Mappings": {"M": {"k": {"v": "w"}}},
        "Resources": {
            "A": {"Type": "AWS::SQS::Queue", "Properties": props},
            "B": {"Type": "AWS::SNS::Topic", "Condition": "C"},
        },
    },
    st.dictionaries(st.text(min_size=1, max_size=4), structures, max_size=4),
    structures,
)

# Well-formed expressions: every one of these must resolve without error.
texts = st.one_of(
    st.text(max_size=6).filter(lambda t: "${" not in t),
    st.integers(-3, 3),
    st.booleans(),
    st.sampled_from(
        [{"Ref": "P"}, {"Ref": "A"}, {"Fn::GetAtt": ["A", "Arn"]}, {"Fn::ImportValue": "x"}]
    ),
    st.builds(
        lambda template: {"Fn::Sub": template},
        st.sampled_from(["${A}", "${P}-x", "${AWS::Region}", "x${!y}", "${A.Arn}", "plain"]),
    ),
)
no_value = st.just({"Ref": "AWS::NoValue"})
# A map whose one key is "Ref" or "Fn::..." is an intrinsic call, not a map: keep them out.
property_names = st.text(min_size=1, max_size=4).filter(
    lambda name: name not in INTRINSIC_KEYS and not name.startswith("Fn::")
)
expressions = st.recursive(
    texts,
    lambda inner: st.one_of(
        st.builds(lambda items: {"Fn::Join": ["-", items]}, st.lists(texts, max_size=3)),
        st.builds(lambda a, b: {"Fn::If": ["C", a, b]}, inner, inner),
        st.builds(lambda items: {"Fn::Select": [0, items]}, st.lists(inner, min_size=1)),
        st.just({"Fn::FindInMap": ["M", "k", "v"]}),
        st.lists(inner, max_size=3),
        # AWS::NoValue only where removing it leaves a well-formed template: as a map value.
        st.dictionaries(property_names, inner | no_value, max_size=3),
    ),
    max_leaves=20,
)
conditions = st.sampled_from(
    [
        True,
        {"Fn::Equals": ["a", "a"]},
        {"Fn::Not": [{"Fn::Equals": [{"Ref": "P"}, "v"]}]},
        {"Fn::Or": [{"Fn::Equals": [{"Ref": "AWS::Region"}, "eu-west-1"]}, False]},
    ]
)
wellformed_templates = st.builds(
    lambda props, condition: {
        "Parameters": {"P": {"Type": "String", "Default": "v"}},
        "Conditions": {"C": condition},
        "Mappings": {"M": {"k": {"v": "w"}}},
        "Resources": {
            "A": {"Type": "AWS::SQS::Queue", "Properties": props},
            "B": {"Type": "AWS::SNS::Topic", "Condition": "C"},
        },
    },
    st.dictionaries(property_names, expressions | no_value, max_size=4),
    conditions,
)


def _is_plain(value: Any) -> bool:
    if isinstance(value, dict):
        return type(value) is dict and all(
            type(k) is str and _is_plain(v) for k, v in value.items()
        )
    if isinstance(value, list):
        return type(value) is list and all(_is_plain(item) for item in value)
    return value is UNKNOWN or type(value) in (str, int, float, bool, Reference)


@pytest.fixture
def target(tmp_path: Path) -> Path:
    """One scratch file each example overwrites."""
    return tmp_path / "fuzz.yaml"


def _read_or_refuse(path: Path) -> None:
    try:
        result: Any = read_template(path)
    except InputError as error:
        assert error.file == str(path)
    else:
        assert isinstance(result, list)


@FUZZ
@given(text=st.text())
def test_random_text(target: Path, text: str) -> None:
    """Random text either reads as a list of resources or raises InputError."""
    target.write_text(text, encoding="utf-8", errors="surrogatepass")
    _read_or_refuse(target)


YAML_PIECES = [
    "Resources:\n",
    "  A:\n",
    "    Type: AWS::SQS::Queue\n",
    "    Properties:\n",
    "      P: ",
    "Conditions:\n",
    "  C: ",
    "Parameters:\n",
    "Mappings:\n",
    "Globals:\n",
    "Transform: ",
    "!Ref ",
    "!GetAtt ",
    "!Sub ",
    "!If ",
    "!Join ",
    "!Select ",
    "!Condition ",
    "!FindInMap ",
    "!Equals ",
    "!Not ",
    "!!int ",
    "!!map ",
    "!!seq ",
    "!!bool ",
    "!!float ",
    "!!timestamp ",
    "&a ",
    "*a ",
    "<<: ",
    "? ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    ": ",
    "\n",
    "  ",
    "\t",
    "A",
    "C",
    "x",
    "0",
    "yes",
    "~",
    "'q'",
    '"${A}"',
    "#",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
]


@FUZZ
@given(pieces=st.lists(st.sampled_from(YAML_PIECES), max_size=40))
def test_yaml_like_text(target: Path, pieces: list[str]) -> None:
    """Text stitched from YAML and template tokens either reads or raises InputError."""
    target.write_text("".join(pieces), encoding="utf-8")
    _read_or_refuse(target)


@FUZZ
@given(data=st.binary())
def test_random_bytes(target: Path, data: bytes) -> None:
    """Random bytes, also decoded as Latin-1 text, either read or raise InputError."""
    target.write_bytes(data)
    _read_or_refuse(target)
    target.write_text(data.decode("latin-1"), encoding="utf-8")
    _read_or_refuse(target)


@FUZZ
@given(document=st.one_of(templates, typed_templates, structures))
def test_random_structures_as_yaml(target: Path, document: Any) -> None:
    """Random nested structures dumped as YAML either read or raise InputError."""
    target.write_text(yaml.safe_dump(document), encoding="utf-8")
    _read_or_refuse(target)


@FUZZ
@given(document=st.one_of(templates, typed_templates))
def test_random_structures_as_json(tmp_path: Path, document: Any) -> None:
    """Random nested structures dumped as JSON either read or raise InputError."""
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(document, indent="\t"), encoding="utf-8")
    _read_or_refuse(path)


@FUZZ
@given(document=wellformed_templates, as_json=st.booleans())
def test_wellformed_templates_resolve_to_plain_values(
    tmp_path: Path, document: Any, as_json: bool
) -> None:
    """Well-formed templates always read, into plain values, with references to declared ids."""
    path = tmp_path / ("t.json" if as_json else "t.yaml")
    path.write_text(json.dumps(document) if as_json else yaml.safe_dump(document), encoding="utf-8")
    resources = read_template(path)
    assert [r.address for r in resources][:1] == ["A"]
    for resource in resources:
        assert _is_plain(dict(resource.values))
        assert set(resource.references) <= set(resource.values)
        assert all(ref in {"A", "B"} for refs in resource.references.values() for ref in refs)
