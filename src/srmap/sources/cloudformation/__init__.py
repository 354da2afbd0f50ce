"""CloudFormation templates (YAML with short-form tags, or JSON) read into raw resources, with
parameters, conditions and intrinsic functions resolved as far as a template allows."""

from srmap.sources.cloudformation._detect import looks_like_template
from srmap.sources.cloudformation._reader import read_template

__all__ = ["looks_like_template", "read_template"]
