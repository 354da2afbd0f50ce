"""Intrinsic functions resolve to what is known before deployment, UNKNOWN otherwise."""

from __future__ import annotations

from typing import Any

import pytest

from srmap.model import UNKNOWN, Reference

# (expression as written in YAML, expected value, expected referenced logical ids)
CASES: list[tuple[str, Any, tuple[str, ...]]] = [
    # Ref
    ("!Ref Env", "prod", ()),
    ('{"Ref": "Env"}', "prod", ()),
    ("!Ref NoDefault", UNKNOWN, ()),
    ("!Ref Other", Reference("Other"), ("Other",)),
    ("!Ref Cidrs", ["a", "b", "c"], ()),
    ("!Ref NotDeclaredAnywhere", UNKNOWN, ()),
    # Fn::GetAtt: never known before deployment; a whole value is a Reference to the resource
    ("!GetAtt Other.TopicName", Reference("Other", "TopicName"), ("Other",)),
    ("!GetAtt [Other, TopicName]", Reference("Other", "TopicName"), ("Other",)),
    ('{"Fn::GetAtt": ["Other", "TopicName"]}', Reference("Other", "TopicName"), ("Other",)),
    # Fn::Sub
    ('!Sub "${Env}-queue"', "prod-queue", ()),
    ('!Sub ["${Env}-${Name}", {Name: jobs}]', "prod-jobs", ()),
    ('{"Fn::Sub": "${!Literal}-${Env}"}', "${Literal}-prod", ()),
    ('!Sub "plain text"', "plain text", ()),
    ('!Sub "${Other.TopicName}/x"', UNKNOWN, ("Other",)),
    ('!Sub "${NoDefault}-${Other}"', UNKNOWN, ("Other",)),
    ('!Sub ["${Topic}", {Topic: !Ref Other}]', UNKNOWN, ("Other",)),
    # Fn::If
    ("!If [IsProd, big, small]", "big", ()),
    ('{"Fn::If": ["IsProd", "big", "small"]}', "big", ()),
    ("!If [Unknowable, !Ref Other, small]", UNKNOWN, ("Other",)),
    ("!If [IsProd, small, !Ref Other]", "small", ()),
    # Fn::Join
    ('!Join ["-", [a, !Ref Env]]', "a-prod", ()),
    ('!Join [",", !Ref Cidrs]', "a,b,c", ()),
    ('{"Fn::Join": ["", [x, 1, true]]}', "x1true", ()),
    ('!Join ["-", [a, !Ref NoDefault]]', UNKNOWN, ()),
    ('!Join ["-", [a, !GetAtt Other.TopicName]]', UNKNOWN, ("Other",)),
    # Fn::Select
    ("!Select [1, !Ref Cidrs]", "b", ()),
    ('{"Fn::Select": ["0", [x, y]]}', "x", ()),
    ('!Select [0, !GetAZs ""]', UNKNOWN, ()),
    ("!Select [!Ref NoDefault, [x, y]]", UNKNOWN, ()),
    # Fn::Split
    ('!Split [",", "a,b"]', ["a", "b"], ()),
    ('{"Fn::Split": ["|", {"Fn::Sub": "${Env}|x"}]}', ["prod", "x"], ()),
    ('!Split [",", !Ref NoDefault]', UNKNOWN, ()),
    # Fn::FindInMap
    ("!FindInMap [Sizes, !Ref Env, Instance]", "m5.large", ()),
    ('{"Fn::FindInMap": ["Sizes", "prod", "Instance"]}', "m5.large", ()),
    ("!FindInMap [Sizes, dev, Instance, {DefaultValue: t3.micro}]", "t3.micro", ()),
    ("!FindInMap [Sizes, !Ref NoDefault, Instance]", UNKNOWN, ()),
    # Fn::Base64 keeps the plain text
    ('!Base64 "echo hi"', "echo hi", ()),
    ('{"Fn::Base64": {"Fn::Sub": "${NoDefault}"}}', UNKNOWN, ()),
    # Condition functions used as values
    ("!Equals [!Ref Env, prod]", True, ()),
    ("!Equals [!Ref NoDefault, prod]", UNKNOWN, ()),
    ("!And [!Equals [a, a], !Condition Unknowable]", UNKNOWN, ()),
    ('{"Fn::And": [{"Fn::Equals": [a, b]}, {"Condition": "Unknowable"}]}', False, ()),
    ("!Or [!Equals [a, a], !Condition Unknowable]", True, ()),
    ("!Or [!Equals [a, b], !Condition Unknowable]", UNKNOWN, ()),
    ("!Not [!Condition IsProd]", False, ()),
    ("!Not [!Condition Unknowable]", UNKNOWN, ()),
    # Only a deployed stack knows these
    ("!ImportValue shared-vpc", UNKNOWN, ()),
    ('!ImportValue {"Fn::Sub": "${Other}-export"}', UNKNOWN, ("Other",)),
    ('!GetAZs ""', UNKNOWN, ()),
    ('{"Fn::GetAZs": {"Ref": "AWS::Region"}}', UNKNOWN, ()),
    ("!Cidr [10.0.0.0/16, 4, 8]", UNKNOWN, ()),
    ('{"Fn::Length": [a, b]}', UNKNOWN, ()),
]


@pytest.mark.parametrize(("expression", "expected", "references"), CASES)
def test_intrinsic_resolves(
    resolve_value: Any, expression: str, expected: Any, references: tuple[str, ...]
) -> None:
    """Each intrinsic gives its known value, or UNKNOWN with the resources it refers to."""
    value, _, refs = resolve_value(expression)
    if expected is UNKNOWN:
        assert value is UNKNOWN
    else:
        assert value == expected
        assert type(value) is type(expected)
    assert refs.get("Value", ()) == references


def test_no_value_removes_the_property(resolve_value: Any) -> None:
    """Ref AWS::NoValue removes the property it stands for."""
    _, values, _ = resolve_value("!Ref AWS::NoValue")
    assert "Value" not in values


def test_no_value_removes_a_list_item(resolve_value: Any) -> None:
    """Ref AWS::NoValue inside a list removes that item only."""
    value, _, _ = resolve_value("[a, !Ref AWS::NoValue, b]")
    assert value == ["a", "b"]


def test_if_chooses_no_value(resolve_value: Any) -> None:
    """Fn::If whose chosen branch is AWS::NoValue removes the property."""
    _, values, _ = resolve_value("!If [IsProd, !Ref AWS::NoValue, small]")
    assert "Value" not in values


def test_references_of_nested_properties_belong_to_the_top_level_name(resolve_value: Any) -> None:
    """A reference deep inside a property is recorded under the top-level property name."""
    _, _, refs = resolve_value("{Deep: [{Arn: !GetAtt Other.TopicName}, !Ref Other]}")
    assert refs == {"Value": ("Other",)}


def test_parameter_value_given_overrides_default(resolve_value: Any) -> None:
    """A parameter value given to the reader replaces the Default."""
    value, _, _ = resolve_value("!If [IsProd, big, small]", parameters={"Env": "dev"})
    assert value == "small"


def test_parameter_without_default_takes_given_value(resolve_value: Any) -> None:
    """A parameter with no Default is known once a value is given."""
    value, _, _ = resolve_value('!Sub "${NoDefault}"', parameters={"NoDefault": "given"})
    assert value == "given"


def test_list_parameter_given_value_is_split(resolve_value: Any) -> None:
    """A given CommaDelimitedList value is split and trimmed like CloudFormation does."""
    value, _, _ = resolve_value("!Ref Cidrs", parameters={"Cidrs": "x, y"})
    assert value == ["x", "y"]


@pytest.mark.parametrize(
    ("region", "partition", "suffix"),
    [
        ("eu-west-1", "aws", "amazonaws.com"),
        ("cn-north-1", "aws-cn", "amazonaws.com.cn"),
        ("us-gov-west-1", "aws-us-gov", "amazonaws.com"),
    ],
)
def test_pseudo_parameters_follow_the_region(
    resolve_value: Any, region: str, partition: str, suffix: str
) -> None:
    """AWS::Region, AWS::Partition and AWS::URLSuffix follow from the given region."""
    value, _, _ = resolve_value(
        '!Sub "${AWS::Region} ${AWS::Partition} ${AWS::URLSuffix}"', region=region
    )
    assert value == f"{region} {partition} {suffix}"


@pytest.mark.parametrize(
    "name", ["AWS::Region", "AWS::Partition", "AWS::URLSuffix", "AWS::AccountId", "AWS::StackName"]
)
def test_pseudo_parameters_unknown_without_region(resolve_value: Any, name: str) -> None:
    """Without a region, region-derived and stack pseudo parameters are UNKNOWN."""
    value, _, _ = resolve_value(f"!Ref {name}")
    assert value is UNKNOWN


def test_account_id_unknown_even_with_region(resolve_value: Any) -> None:
    """The account id is not something a template can tell."""
    value, _, _ = resolve_value("!Ref AWS::AccountId", region="eu-west-1")
    assert value is UNKNOWN
