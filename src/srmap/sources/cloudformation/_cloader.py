"""The template loaders on libyaml's parser: the same nodes, several times faster. Importing
this module fails when PyYAML was built without libyaml."""

from __future__ import annotations

from typing import Any, ClassVar

from yaml.cyaml import CSafeLoader

from srmap.sources.cloudformation._constructors import TEMPLATE_CONSTRUCTORS, json_scalar_tag

__all__ = ["CJsonTemplateLoader", "CTemplateLoader"]


class CTemplateLoader(CSafeLoader):
    """YAML 1.1 safe loading into marked nodes, parsed by libyaml."""

    yaml_constructors: ClassVar[dict[Any, Any]] = TEMPLATE_CONSTRUCTORS


class CJsonTemplateLoader(CTemplateLoader):
    """JSON text into marked nodes with JSON's scalar typing, parsed by libyaml."""

    resolve = json_scalar_tag
