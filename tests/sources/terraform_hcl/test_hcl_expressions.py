"""Expression evaluation, checked through one attribute of a resource in a temporary directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hcl_values import assert_value

from srmap.model import UNKNOWN, Reference, UnsetVariable
from srmap.sources.terraform_hcl import read_hcl_dir

PRELUDE = """
variable "v" { default = "a" }
variable "n" { default = 4 }
variable "l" { default = ["x", "y", "z"] }
variable "m" { default = { k = "mapped", other = "o" } }
variable "objs" { default = [{ name = "one" }, { name = "two" }] }
variable "unset" {}
resource "aws_s3_bucket" "b" { bucket = "the-bucket" }
"""


def value_of(tmp_path: Path, expression: str) -> Any:
    """The evaluated value of `x = <expression>` on a probe resource."""
    (tmp_path / "main.tf").write_text(
        PRELUDE + f'resource "aws_sqs_queue" "probe" {{\n  x = {expression}\n}}\n'
    )
    resources = {r.address: r for r in read_hcl_dir(tmp_path)}
    return resources["aws_sqs_queue.probe"].values["x"]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('"plain"', "plain"),
        ("42", 42),
        ("1.5", 1.5),
        ("true", True),
        ("null", None),
        ('[1, "a", false]', [1, "a", False]),
        ('{ a = 1, "b c" = "d" }', {"a": 1, "b c": "d"}),
        ('"${var.v}-suffix"', "a-suffix"),
        ('"n=${var.n}"', "n=4"),
        ('"$${not.interpolated}"', "${not.interpolated}"),
        ('"quote \\" and \\u00e9"', 'quote " and \u00e9'),
        ("1 + 2 * 3", 7),
        ("10 / 4", 2.5),
        ("(1 + 2) * 3", 9),
        ("7 % 4", 3),
        ("-var.n", -4),
        ("!true", False),
        ('var.v == "a"', True),
        ('var.v != "a"', False),
        ("1 == true", False),
        ("var.n > 3 && var.n <= 4", True),
        ("false || true", True),
        ('var.v == "a" ? "yes" : "no"', "yes"),
        ("var.n < 0 ? 1 : 2", 2),
        ("var.l[1]", "y"),
        ("var.l[5]", UNKNOWN),
        ('var.m["k"]', "mapped"),
        ("var.m.other", "o"),
        ("var.objs[*].name", ["one", "two"]),
        ("var.objs.*.name", ["one", "two"]),
        ('[for s in var.l : upper(s) if s != "y"]', ["X", "Z"]),
        ("{ for k, v in var.m : v => k }", {"mapped": "k", "o": "other"}),
        ("aws_s3_bucket.b.bucket", "the-bucket"),
        ("aws_s3_bucket.b.id", "the-bucket"),
        ("aws_s3_bucket.b.arn", Reference("aws_s3_bucket.b", "arn")),
        ("aws_s3_bucket.nothing.id", Reference("aws_s3_bucket.nothing", "id")),
        ("aws_kms_key.undeclared.arn", Reference("aws_kms_key.undeclared", "arn")),
        ("aws_kms_key.undeclared[0].arn", Reference("aws_kms_key.undeclared[0]", "arn")),
        ('[aws_s3_bucket.b.arn, "x"]', [Reference("aws_s3_bucket.b", "arn"), "x"]),
        ('"${aws_kms_key.undeclared.arn}/x"', UNKNOWN),
        ("data.aws_kms_key.undeclared.arn", UNKNOWN),
        ("var.unset", UnsetVariable("", "unset")),
        ('"${var.unset}"', UnsetVariable("", "unset")),
        ('"${aws_s3_bucket.b.arn}"', Reference("aws_s3_bucket.b", "arn")),
        ("var.undeclared", UNKNOWN),
        ('"${var.unset}-x"', UNKNOWN),
        ('var.unset ? "a" : "b"', UNKNOWN),
        ("var.unset + 1", UNKNOWN),
        ("1 / 0", UNKNOWN),
        ('"%{ if true }x%{ endif }"', UNKNOWN),
        ("path.module", UNKNOWN),
        ("self.arn", UNKNOWN),
    ],
)
def test_expression_values(tmp_path: Path, expression: str, expected: Any) -> None:
    """Each supported expression form evaluates like Terraform, unsupported ones to UNKNOWN."""
    got = value_of(tmp_path, expression)
    assert_value(got, expected)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('jsonencode({ b = 1, a = "<&>" })', '{"a":"\\u003c\\u0026\\u003e","b":1}'),
        ("jsonencode([true, null, 1.5])", "[true,null,1.5]"),
        ("merge({ a = 1, b = 2 }, { b = 3 })", {"a": 1, "b": 3}),
        ('concat(["a"], ["b", "c"])', ["a", "b", "c"]),
        ('lookup(var.m, "missing", "fallback")', "fallback"),
        ('lookup(var.m, "k")', "mapped"),
        ('format("%s-%d%%", "web", 8)', "web-8%"),
        ("length(var.l)", 3),
        ('lower("ABC")', "abc"),
        ('upper("abc")', "ABC"),
        ('toset(["b", "a", "b"])', ["a", "b"]),
        ('tolist(["q"])', ["q"]),
        ('join("-", var.l)', "x-y-z"),
        ('coalesce("", "second")', "second"),
        ('try(var.m.k, "fallback")', "mapped"),
        ("element(var.l, 4)", "y"),
        ("keys({ b = 1, a = 2 })", ["a", "b"]),
        ('flatten([["a"], ["b", ["c"]]])', ["a", "b", "c"]),
        ('contains(var.l, "z")', True),
        ('jsondecode("{\\"a\\": [1]}")', {"a": [1]}),
        ("length(concat(var.l, [var.unset]))", 4),
        ("jsonencode({ a = var.unset })", UNKNOWN),
        ('try(var.unset, "fallback")', UNKNOWN),
        ('file("policy.json")', UNKNOWN),
        ('format("%v", 1)', UNKNOWN),
        ("upper(1)", UNKNOWN),
        ("merge(var.unset, { a = 1 })", UNKNOWN),
    ],
)
def test_function_calls(tmp_path: Path, expression: str, expected: Any) -> None:
    """Supported functions compute their result; others, and unknown inputs, give UNKNOWN."""
    got = value_of(tmp_path, expression)
    if expected is UNKNOWN:
        assert got is UNKNOWN
    else:
        assert got == expected


def test_unknown_nested_in_known_structure_stays_local(tmp_path: Path) -> None:
    """An unknown element leaves its neighbours known."""
    assert value_of(tmp_path, '{ a = var.unset, b = "known" }') == {"a": UNKNOWN, "b": "known"}


def test_heredoc_is_a_string(tmp_path: Path) -> None:
    """A heredoc evaluates to its text with interpolation applied."""
    got = value_of(tmp_path, '<<EOT\nhello ${var.v}\n"quoted"\nEOT')
    assert isinstance(got, str)
    assert got.startswith('hello a\n"quoted"')


def test_undeclared_resource_is_named_but_not_joined(tmp_path: Path) -> None:
    """A reference to a resource the files do not declare (Terraform requires one) is a
    Reference in the value, yet records no join: nothing declared can carry its parts."""
    (tmp_path / "main.tf").write_text(
        'resource "aws_s3_bucket" "b" {\n'
        "  server_side_encryption_configuration {\n    rule {\n"
        "      apply_server_side_encryption_by_default {\n"
        '        sse_algorithm = "aws:kms"\n'
        "        kms_master_key_id = aws_kms_key.elsewhere.arn\n"
        "      }\n    }\n  }\n}\n"
        'resource "aws_s3_bucket_logging" "l" {\n'
        "  bucket = aws_s3_bucket.missing.id\n"
        "  target_bucket = aws_s3_bucket.logs.id\n}\n"
    )
    resources = {r.address: r for r in read_hcl_dir(tmp_path)}
    rule = resources["aws_s3_bucket.b"].values["server_side_encryption_configuration"][0]
    key = rule["rule"][0]["apply_server_side_encryption_by_default"][0]["kms_master_key_id"]
    assert key == Reference("aws_kms_key.elsewhere", "arn")
    logging = resources["aws_s3_bucket_logging.l"]
    assert logging.values["target_bucket"] == Reference("aws_s3_bucket.logs", "id")
    assert logging.references == {}
    assert resources["aws_s3_bucket.b"].references == {}
