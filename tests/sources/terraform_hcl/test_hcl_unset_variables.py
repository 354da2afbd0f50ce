"""Input variables nothing sets: every use of one is the same UnsetVariable, whatever its value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from srmap.model import UNKNOWN, UnsetVariable
from srmap.sources.raw import RawResource
from srmap.sources.terraform_hcl import read_hcl_dir

ROOT = """
variable "unset" {}
variable "other" {}
variable "given" {}
variable "defaulted" { default = "d" }
locals {
  alias   = var.unset
  chained = local.alias
  built   = "${var.unset}-x"
  loop_a  = local.loop_b
  loop_b  = local.loop_a
}
"""


def read(tmp_path: Path, text: str, **variables: object) -> dict[str, RawResource]:
    """The raw resources of a root module made of ``text``, by address."""
    (tmp_path / "main.tf").write_text(ROOT + text)
    return {r.address: r for r in read_hcl_dir(tmp_path, variables=variables)}


def probe(tmp_path: Path, expression: str, **variables: object) -> Any:
    """The value of ``x = <expression>`` on a probe resource."""
    text = f'resource "aws_sqs_queue" "probe" {{\n  x = {expression}\n}}\n'
    return read(tmp_path, text, **variables)["aws_sqs_queue.probe"].values["x"]


def test_an_unset_root_variable_is_the_same_value_in_every_resource(tmp_path: Path) -> None:
    """Two resources naming a bucket through one unset variable hold equal values."""
    found = read(
        tmp_path,
        'resource "aws_s3_bucket" "b" { bucket = var.unset }\n'
        'resource "aws_s3_bucket_versioning" "v" {\n  bucket = var.unset\n}\n',
    )
    bucket = found["aws_s3_bucket.b"].values["bucket"]
    assert bucket == UnsetVariable("", "unset")
    assert found["aws_s3_bucket_versioning.v"].values["bucket"] == bucket


def test_a_local_that_is_nothing_but_the_variable_is_the_variable(tmp_path: Path) -> None:
    """``local.alias = var.unset`` (and a local naming that local) stand for the variable."""
    assert probe(tmp_path, "local.alias") == UnsetVariable("", "unset")
    assert probe(tmp_path, "local.chained") == UnsetVariable("", "unset")


def test_values_built_from_an_unset_variable_stay_plain_unknown(tmp_path: Path) -> None:
    """A string built around the variable, or a cycle of locals, is some other unknown."""
    assert probe(tmp_path, "local.built") is UNKNOWN
    assert probe(tmp_path, '"${var.unset}-x"') is UNKNOWN
    assert probe(tmp_path, "local.loop_a") is UNKNOWN


def test_set_defaulted_and_undeclared_variables_are_no_unset_variables(tmp_path: Path) -> None:
    """A given value or default is the value; an undeclared variable is plain UNKNOWN."""
    assert probe(tmp_path, "var.given", given="g") == "g"
    assert probe(tmp_path, "var.defaulted") == "d"
    assert probe(tmp_path, "var.undeclared") is UNKNOWN


def test_different_variables_differ(tmp_path: Path) -> None:
    """Two unset variables may take different values, so they are not equal."""
    assert probe(tmp_path, "var.other") != probe(tmp_path, "var.unset")


def test_nested_blocks_and_list_items_name_the_variable(tmp_path: Path) -> None:
    """An attribute of a nested block, or a list item, that is the variable is it too."""
    found = read(
        tmp_path,
        'resource "aws_s3_bucket" "b" {\n  versioning {\n    enabled = var.unset\n  }\n'
        "  list = [var.unset, 1]\n}\n",
    )
    values = found["aws_s3_bucket.b"].values
    assert values["versioning"] == [{"enabled": UnsetVariable("", "unset")}]
    assert values["list"] == [UnsetVariable("", "unset"), 1]


def test_module_inputs_follow_to_the_callers_unset_variable(tmp_path: Path) -> None:
    """A module input that is the caller's unset variable is that variable; a module's own
    variable left unset is named under the module instance's address."""
    child = tmp_path / "child"
    child.mkdir()
    (child / "main.tf").write_text(
        'variable "name" {}\nvariable "own" {}\n'
        'resource "aws_s3_bucket" "b" {\n  bucket = var.name\n  x = var.own\n}\n'
    )
    found = read(
        tmp_path,
        'module "one" {\n  source = "./child"\n  name = local.alias\n}\n'
        'module "many" {\n  source = "./child"\n  count = 2\n  name = "fixed"\n}\n',
    )
    one = found["module.one.aws_s3_bucket.b"].values
    assert one["bucket"] == UnsetVariable("", "unset")
    assert one["x"] == UnsetVariable("module.one", "own")
    first, second = (found[f"module.many[{i}].aws_s3_bucket.b"].values for i in (0, 1))
    assert first["bucket"] == "fixed"
    assert first["x"] == UnsetVariable("module.many[0]", "own")
    assert first["x"] != second["x"]
