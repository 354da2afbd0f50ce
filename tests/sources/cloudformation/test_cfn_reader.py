"""Templates read into raw resources: types, lines, conditions, references, SAM globals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from srmap.model import UNKNOWN, ProviderAccount, Reference
from srmap.sources.cloudformation import read_template
from srmap.sources.raw import Dialect, RawResource


def _by_address(resources: list[RawResource]) -> dict[str, RawResource]:
    return {resource.address: resource for resource in resources}


def _line_of(path: Path, marker: str) -> int:
    """The 1-based number of the first line of `path` that starts with `marker`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(marker))


def test_yaml_resources_in_template_order(fixtures: Path) -> None:
    """A YAML template yields its resources in order, minus those whose condition is false."""
    resources = read_template(fixtures / "webapp.yaml")
    assert [(r.address, r.native_type) for r in resources] == [
        ("DataKey", "AWS::KMS::Key"),
        ("DataBucket", "AWS::S3::Bucket"),
        ("Database", "AWS::RDS::DBInstance"),
        ("WebSecurityGroup", "AWS::EC2::SecurityGroup"),
        ("WebServer", "AWS::EC2::Instance"),
    ]


def test_yaml_lines_are_those_of_the_logical_ids(fixtures: Path) -> None:
    """Each resource's line is the line its logical id is written on."""
    path = fixtures / "webapp.yaml"
    for resource in read_template(path):
        assert resource.location.file == str(path)
        assert resource.location.line == _line_of(path, f"  {resource.address}:")


def test_json_lines_are_those_of_the_logical_ids(fixtures: Path) -> None:
    """JSON templates (tab-indented here) carry logical-id lines too."""
    path = fixtures / "webapp.json"
    resources = read_template(path)
    assert [r.address for r in resources] == ["Logs", "Queue"]
    for resource in resources:
        assert resource.location.line == _line_of(path, f'\t\t"{resource.address}": {{')


def test_json_values_resolve_with_json_number_typing(fixtures: Path) -> None:
    """JSON numbers with exponents are numbers, and intrinsics resolve as in YAML."""
    queue = _by_address(read_template(fixtures / "webapp.json"))["Queue"]
    assert queue.values["MessageRetentionPeriod"] == 1209600.0
    assert queue.values["KmsMasterKeyId"] == "alias/aws/sqs"
    assert queue.references == {"RedriveAllowPolicy": ("Logs",)}


def test_raw_resource_fields(fixtures: Path) -> None:
    """Dialect, account, region and references are filled as the raw interface expects."""
    bucket = _by_address(read_template(fixtures / "webapp.yaml", region="eu-west-1"))["DataBucket"]
    assert bucket.dialect is Dialect.CLOUDFORMATION
    assert bucket.account == ProviderAccount(str(fixtures / "webapp.yaml"), "")
    assert bucket.account != ProviderAccount(str(fixtures / "webapp.json"), "")
    assert bucket.region == "eu-west-1"
    assert bucket.references == {"BucketEncryption": ("DataKey",)}


def test_region_unknown_when_not_given(fixtures: Path) -> None:
    """Without a region, resources have an UNKNOWN region."""
    assert all(r.region is UNKNOWN for r in read_template(fixtures / "webapp.yaml"))


def test_resource_attributes_are_not_properties(fixtures: Path) -> None:
    """DependsOn, Metadata and DeletionPolicy do not appear among the values or references."""
    bucket = _by_address(read_template(fixtures / "webapp.yaml"))["DataBucket"]
    assert set(bucket.values) == {
        "BucketName",
        "BucketEncryption",
        "VersioningConfiguration",
        "Tags",
    }
    assert "DependsOn" not in bucket.references


def test_values_are_plain_python_types(fixtures: Path) -> None:
    """Resolved values hold plain dict, list and str objects, not parser node subclasses."""

    def plain(value: object) -> bool:
        if isinstance(value, dict):
            return type(value) is dict and all(
                type(k) is str and plain(v) for k, v in value.items()
            )
        if isinstance(value, list):
            return type(value) is list and all(plain(item) for item in value)
        return value is UNKNOWN or type(value) in (str, int, float, bool, Reference)

    for path in (fixtures / "webapp.yaml", fixtures / "sam_globals.yaml"):
        for resource in read_template(path):
            assert plain(dict(resource.values)), resource.address


def test_condition_true_keeps_resource(fixtures: Path) -> None:
    """A resource whose condition becomes true with the given parameters is read."""
    resources = _by_address(
        read_template(fixtures / "webapp.yaml", parameters={"Environment": "prod"})
    )
    assert resources["ProdOnlyTopic"].values == {"TopicName": "alerts"}
    assert resources["DataBucket"].values["VersioningConfiguration"] == {"Status": "Enabled"}


def test_unknown_condition_keeps_resource(write_template: Callable[..., Path]) -> None:
    """A resource whose condition cannot be decided is kept."""
    path = write_template(
        "Parameters:\n  Flag: {Type: String}\n"
        "Conditions:\n  On: !Equals [!Ref Flag, 'yes']\n"
        "Resources:\n  Maybe:\n    Type: AWS::SQS::Queue\n    Condition: On\n"
    )
    assert [r.address for r in read_template(path)] == ["Maybe"]


def test_ssm_parameter_types_are_unknown(fixtures: Path) -> None:
    """An SSM-typed parameter's Default names a parameter store key, so its value is UNKNOWN."""
    server = _by_address(read_template(fixtures / "webapp.yaml"))["WebServer"]
    assert server.values["ImageId"] is UNKNOWN


def test_find_in_map_and_select_from_list_parameter(fixtures: Path) -> None:
    """Mappings and comma-delimited list parameters resolve to concrete values."""
    resources = _by_address(read_template(fixtures / "webapp.yaml"))
    assert resources["Database"].values["BackupRetentionPeriod"] == 1
    ingress = resources["WebSecurityGroup"].values["SecurityGroupIngress"]
    assert ingress[0]["CidrIp"] == "10.1.0.0/16"


def test_yaml_1_1_scalars_in_keys_and_values(write_template: Callable[..., Path]) -> None:
    """Logical ids like NO stay text; unquoted dates stay text; yes is a YAML 1.1 boolean."""
    path = write_template(
        "AWSTemplateFormatVersion: 2010-09-09\nResources:\n  NO:\n    Type: AWS::SQS::Queue\n"
        "    Properties:\n      Version: 2012-10-17\n      Flag: yes\n      1.10: x\n"
    )
    (queue,) = read_template(path)
    assert queue.address == "NO"
    assert queue.values == {"Version": "2012-10-17", "Flag": True, "1.10": "x"}


def test_resource_without_properties_has_empty_values(fixtures: Path) -> None:
    """A resource with no Properties yields empty values."""
    orders = _by_address(read_template(fixtures / "sam_globals.yaml"))["Orders"]
    assert orders.values == {}


def test_sam_function_keeps_its_type_and_gets_globals(fixtures: Path) -> None:
    """SAM functions keep their type and take Globals.Function defaults they do not override."""
    worker = _by_address(read_template(fixtures / "sam_globals.yaml"))["Worker"]
    assert worker.native_type == "AWS::Serverless::Function"
    assert worker.values["Runtime"] == "python3.12"
    assert worker.values["Timeout"] == 10
    assert worker.values["Tracing"] == "Active"


def test_sam_globals_merge_by_sam_rules(fixtures: Path) -> None:
    """The function's own scalars win, maps merge, lists are concatenated globals first."""
    handler = _by_address(read_template(fixtures / "sam_globals.yaml"))["ApiHandler"]
    assert handler.values["Timeout"] == 30
    assert handler.values["Environment"]["Variables"]["LOG_LEVEL"] == "debug"
    assert handler.values["Environment"]["Variables"]["TABLE"] == Reference("Orders")
    assert handler.values["Layers"] == [
        "arn:aws:lambda:eu-west-1:123456789012:layer:common:3",
        "arn:aws:lambda:eu-west-1:123456789012:layer:extra:1",
    ]
    assert handler.references["Environment"] == ("Orders",)


def test_globals_ignored_without_sam_transform(write_template: Callable[..., Path]) -> None:
    """Globals apply only when the SAM transform is declared."""
    path = write_template(
        "Globals:\n  Function:\n    Timeout: 10\n"
        "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
        "      Handler: a.b\n"
    )
    (function,) = read_template(path)
    assert function.values == {"Handler": "a.b"}


def test_yaml_anchors_and_merge_keys_resolve(write_template: Callable[..., Path]) -> None:
    """Plain YAML anchors, aliases and merge keys are expanded."""
    path = write_template(
        "Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties:\n"
        "      Base: &base {Delay: 5, Name: a}\n      Copy:\n        <<: *base\n        Name: b\n"
    )
    (queue,) = read_template(path)
    assert queue.values["Copy"] == {"Delay": 5, "Name": "b"}


def test_empty_resources_mapping_yields_nothing(write_template: Callable[..., Path]) -> None:
    """A template with an empty Resources mapping reads as no resources."""
    assert read_template(write_template("Resources: {}\n")) == []


@pytest.mark.parametrize("suffix", [".yaml", ".template"])
def test_json_content_with_other_suffix_is_read(
    write_template: Callable[..., Path], suffix: str
) -> None:
    """JSON content is recognized by content whatever the file suffix."""
    text = '{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"N": 2e2}}}}'
    (queue,) = read_template(write_template(text, f"t{suffix}"))
    assert queue.values == {"N": 200.0}


def test_yaml_1_1_words_stay_names_inside_intrinsics(write_template: Callable[..., Path]) -> None:
    """Where an intrinsic expects a name, `NO`, `On` and `yes` are names, not booleans."""
    path = write_template(
        "Parameters:\n  yes: {Type: String, Default: v}\n"
        "Conditions:\n  On: !Equals [a, a]\n"
        "Resources:\n  NO:\n    Type: AWS::SNS::Topic\n"
        "  Queue:\n    Type: AWS::SQS::Queue\n    Condition: On\n    Properties:\n"
        "      A: {Ref: NO}\n      B: !If [On, !Ref yes, other]\n      C: !GetAtt [NO, Arn]\n"
        "      D: {'Fn::If': [On, x, y]}\n"
    )
    queue = _by_address(read_template(path))["Queue"]
    assert queue.values["B"] == "v"
    assert queue.values["D"] == "x"
    assert queue.references == {"A": ("NO",), "C": ("NO",)}
