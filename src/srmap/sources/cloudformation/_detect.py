"""Tell a CloudFormation template from other JSON or YAML by the first part of its text."""

from __future__ import annotations

import re
from typing import Final

__all__ = ["looks_like_template"]

_JSON_SUFFIXES: Final = frozenset({".json"})
_YAML_SUFFIXES: Final = frozenset({".yaml", ".yml"})
_EITHER_SUFFIXES: Final = frozenset({".template", ".cfn", ".tpl", ".txt", ""})

_JSON_VERSION = re.compile(r'"AWSTemplateFormatVersion"\s*:')
_JSON_RESOURCES = re.compile(r'"Resources"\s*:\s*\{')
_JSON_AWS_TYPE = re.compile(r'"Type"\s*:\s*"AWS::\w+::')
# Top-level keys start a line; resource types are indented under Resources.
_YAML_VERSION = re.compile(r"""^["']?AWSTemplateFormatVersion["']?\s*:""", re.MULTILINE)
_YAML_RESOURCES = re.compile(r"""^["']?Resources["']?\s*:\s*(?:#.*)?$""", re.MULTILINE)
_YAML_AWS_TYPE = re.compile(r"""^[ \t]+["']?Type["']?\s*:\s*["']?AWS::\w+::""", re.MULTILINE)


def _looks_like_json_template(text: str) -> bool:
    if not text.lstrip("\ufeff \t\r\n").startswith("{"):
        return False
    if _JSON_VERSION.search(text):
        return True
    return bool(_JSON_RESOURCES.search(text) and _JSON_AWS_TYPE.search(text))


def _looks_like_yaml_template(text: str) -> bool:
    if _YAML_VERSION.search(text):
        return True
    return bool(_YAML_RESOURCES.search(text) and _YAML_AWS_TYPE.search(text))


def looks_like_template(text_head: str, suffix: str) -> bool:
    """True when the start of a file reads as a CloudFormation template.

    ``text_head`` may be cut anywhere; ``suffix`` is the file name's (``.json``, ``.yaml``,
    ``.template`` ...): JSON or YAML suffixes are checked as that, unknown suffixes never match.
    """
    kind = suffix.lower()
    if kind in _JSON_SUFFIXES:
        return _looks_like_json_template(text_head)
    if kind in _YAML_SUFFIXES:
        return _looks_like_yaml_template(text_head)
    if kind in _EITHER_SUFFIXES:
        return _looks_like_json_template(text_head) or _looks_like_yaml_template(text_head)
    return False
