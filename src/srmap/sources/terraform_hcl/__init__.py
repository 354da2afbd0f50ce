"""Terraform HCL source: a directory of ``.tf`` files read into raw resources without a plan.

Values are resolved as far as the configuration alone allows (variables, locals, local
modules, references to configured attributes, a few pure functions); anything only a plan
or apply could know is UNKNOWN.
"""

from srmap.sources.terraform_hcl._reader import (
    HclReadResult,
    read_hcl_dir,
    read_hcl_dir_with_notes,
)

__all__ = ["HclReadResult", "read_hcl_dir", "read_hcl_dir_with_notes"]
