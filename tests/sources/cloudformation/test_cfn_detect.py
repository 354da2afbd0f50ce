"""Content detection tells CloudFormation templates from other JSON and YAML."""

from __future__ import annotations

from pathlib import Path

import pytest

from srmap.sources.cloudformation import looks_like_template

TEMPLATES = [
    ('{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {', ".json"),
    ('{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}', ".json"),
    ("AWSTemplateFormatVersion: '2010-09-09'\n", ".yaml"),
    ("Description: x\nResources:\n  B:\n    Type: AWS::S3::Bucket\n", ".yml"),
    (
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n"
        "    Type: AWS::Serverless::Function",
        ".yaml",
    ),
    ("Resources:\n  B:\n    Type: 'AWS::S3::Bucket'\n", ".template"),
    ('\ufeff{"AWSTemplateFormatVersion": "2010-09-09"', ".template"),
    ("AWSTemplateFormatVersion: 2010-09-09\n", ".YAML"),
]

OTHERS = [
    ('{"format_version": "1.2", "terraform_version": "1.9.0", "resource_changes": []}', ".json"),
    ('{"template_body": "{\\"AWSTemplateFormatVersion\\": \\"2010-09-09\\"}"}', ".json"),
    ("version: '3'\nservices:\n  web:\n    image: nginx\n", ".yaml"),
    ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: Resources\n", ".yaml"),
    ("Resources:\n  B:\n    Type: Custom::Thing\n", ".yaml"),
    ("AWSTemplateFormatVersion: '2010-09-09'\n", ".tf"),
    ("AWSTemplateFormatVersion: '2010-09-09'\n", ".json"),
    ("# AWSTemplateFormatVersion: x\nfoo: bar\n", ".yaml"),
    ("", ".yaml"),
]


@pytest.mark.parametrize(("head", "suffix"), TEMPLATES)
def test_templates_are_recognized(head: str, suffix: str) -> None:
    """The head of a JSON or YAML template is recognized, even when cut short."""
    assert looks_like_template(head, suffix)


@pytest.mark.parametrize(("head", "suffix"), OTHERS)
def test_other_files_are_not_templates(head: str, suffix: str) -> None:
    """Plans, compose files, manifests and unknown suffixes are not taken for templates."""
    assert not looks_like_template(head, suffix)


def test_fixture_templates_are_recognized(fixtures: Path) -> None:
    """Every fixture template is recognized from its first 4 KB."""
    for path in sorted(fixtures.iterdir()):
        head = path.read_text(encoding="utf-8")[:4096]
        assert looks_like_template(head, path.suffix), path.name
