"""Terraform HCL source: a directory of ``.tf`` files read into raw resources without a plan.

Values are resolved as far as the configuration alone allows (variables, locals, local
modules, references to configured attributes, a few pure functions); anything only a plan
or apply could know is UNKNOWN.

Known limits: ``*.tf.json`` and ``override.tf`` merging are not modelled; heredocs lose
their final newline (python-hcl2 drops it); functions outside a small pure set, template
directives (``%{ if }``) and policy-document merging evaluate to UNKNOWN; ``try`` returns
its first argument only when that is known. Remote modules are not read: their address
prefixes come back in ``HclReadResult.unread_modules``.
"""

from srmap.sources.terraform_hcl._reader import (
    HclReadResult,
    read_hcl_dir,
    read_hcl_dir_with_notes,
)

__all__ = ["HclReadResult", "read_hcl_dir", "read_hcl_dir_with_notes"]
