"""Helpers that write a small template and read back one resolved property."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from srmap.sources.cloudformation import read_template

FIXTURES = Path(__file__).parents[2] / "fixtures" / "cloudformation"

# A template around one property, `Value`, of the resource `Subject`; {expression} is
# replaced by the YAML text under test.
EXPRESSION_TEMPLATE = """\
Parameters:
  Env: {{Type: String, Default: prod}}
  NoDefault: {{Type: String}}
  Cidrs: {{Type: CommaDelimitedList, Default: "a, b,c"}}
Mappings:
  Sizes:
    prod: {{Instance: m5.large}}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Unknowable: !Equals [!Ref NoDefault, x]
Resources:
  Other:
    Type: AWS::SNS::Topic
  Subject:
    Type: AWS::SQS::Queue
    Properties:
      Value: {expression}
"""


@pytest.fixture
def fixtures() -> Path:
    """The directory of CloudFormation fixture templates."""
    return FIXTURES


@pytest.fixture
def write_template(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write template text to a file with the given name and return its path."""

    def write(text: str, name: str = "template.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def resolve_value(
    write_template: Callable[[str, str], Path],
) -> Callable[..., tuple[Any, dict[str, Any], dict[str, tuple[str, ...]]]]:
    """Resolve one YAML expression as the property `Value`; return value, values, references."""

    def resolve(expression: str, **options: Any) -> tuple[Any, dict[str, Any], Any]:
        path = write_template(EXPRESSION_TEMPLATE.format(expression=expression), "value.yaml")
        resources = {resource.address: resource for resource in read_template(path, **options)}
        subject = resources["Subject"]
        return subject.values.get("Value", "<removed>"), dict(subject.values), subject.references

    return resolve
