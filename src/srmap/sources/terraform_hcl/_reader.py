"""Read a Terraform directory into raw resources shaped like a plan's planned values."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from srmap.errors import InputError
from srmap.model import UNKNOWN, ProviderAccount, SourceLocation, Unknown
from srmap.sources.raw import Dialect, RawResource
from srmap.sources.terraform_hcl._ast import Node
from srmap.sources.terraform_hcl._eval import Env, evaluate, finalize
from srmap.sources.terraform_hcl._files import read_tfvars
from srmap.sources.terraform_hcl._instances import ModuleInstance, ReadState
from srmap.sources.terraform_hcl._module import ModuleConfig, load_module, traversal_text
from srmap.sources.terraform_hcl._resources import UNRESOLVED_BINDINGS, ResourceGroupImpl

__all__ = ["HclReadResult", "read_hcl_dir", "read_hcl_dir_with_notes"]


@dataclass(frozen=True, slots=True)
class HclReadResult:
    """Resources read, plus module calls that were not read (remote sources) and notes."""

    resources: tuple[RawResource, ...]
    unread_modules: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def read_hcl_dir(
    path: Path,
    *,
    var_files: Sequence[Path] = (),
    variables: Mapping[str, object] | None = None,
) -> list[RawResource]:
    """The resources a Terraform directory declares, values resolved as far as HCL allows."""
    return list(read_hcl_dir_with_notes(path, var_files=var_files, variables=variables).resources)


def read_hcl_dir_with_notes(
    path: Path,
    *,
    var_files: Sequence[Path] = (),
    variables: Mapping[str, object] | None = None,
) -> HclReadResult:
    """Like read_hcl_dir, also naming the remote modules left unread."""
    directory = Path(path)
    if not directory.is_dir():
        raise InputError(str(directory), "not a directory")
    configs: dict[Path, ModuleConfig] = {}

    def load(module_dir: Path) -> ModuleConfig:
        key = Path(os.path.normpath(module_dir))
        if key not in configs:
            configs[key] = load_module(key)
        return configs[key]

    state = ReadState(load)
    root_config = load(directory)
    root_values = _root_values(directory, var_files, variables or {})
    root = ModuleInstance(state, root_config, "", None, root_values)
    resources: list[RawResource] = []
    _collect(root, str(directory), resources)
    return HclReadResult(tuple(resources), tuple(state.unread_modules), tuple(state.notes))


def _collect(module: ModuleInstance, root: str, out: list[RawResource]) -> None:
    """Append the resources of a module instance, then those of its children; ``root`` is the
    directory read, whose provider configurations the accounts name."""
    for group in module.groups.values():
        expansion = group.expansion()
        if expansion is UNKNOWN:
            expansion = [(None, UNRESOLVED_BINDINGS)]
        account = _account(group, root)
        out.extend(_raw_resource(group, key, bindings, account) for key, bindings in expansion)
    for child in module.all_children():
        _collect(child, root, out)


def _raw_resource(
    group: ResourceGroupImpl, key: object, bindings: Mapping[str, Any], account: Unknown
) -> RawResource:
    """One instance as a raw resource with values, references and region."""
    values: dict[str, Any] = {}
    references: dict[str, tuple[str, ...]] = {}
    own_address = group.instance_address(key)
    for name in group.attribute_names():
        refs: set[str] = set()
        values[name] = finalize(group.output(key, bindings, name, refs))
        refs.discard(own_address)
        if refs:
            references[name] = tuple(sorted(refs))
    block = group.block
    return RawResource(
        address=own_address,
        native_type=block.type,
        dialect=Dialect.TERRAFORM,
        values=values,
        region=group.module.provider_region(_provider_key(group)),
        location=SourceLocation(file=str(block.file), line=block.line),
        account=account,
        references=references,
        mode=block.mode,
    )


def _account(group: ResourceGroupImpl, root: str) -> Unknown:
    """The account of the provider configuration a resource block uses in the directory read;
    UNKNOWN when that configuration cannot be followed."""
    found = group.module.provider_configuration(_provider_key(group))
    return UNKNOWN if found is None else ProviderAccount(root, found)


def _provider_key(group: ResourceGroupImpl) -> str:
    """``aws`` or ``aws.east``: the explicit provider, else the type's prefix."""
    node = group.block.body.attributes.get("provider")
    explicit = None if node is None else traversal_text(node)
    return explicit or group.block.type.split("_", 1)[0]


def _root_values(
    directory: Path, var_files: Sequence[Path], overrides: Mapping[str, object]
) -> dict[str, Callable[[], Any]]:
    """Root variable values by Terraform's precedence: tfvars files, then explicit values."""
    files = [directory / "terraform.tfvars", directory / "terraform.tfvars.json"]
    files = [path for path in files if path.is_file()]
    auto = [*directory.glob("*.auto.tfvars"), *directory.glob("*.auto.tfvars.json")]
    files.extend(sorted(path for path in auto if path.is_file()))
    files.extend(Path(path) for path in var_files)
    values: dict[str, Callable[[], Any]] = {}
    for path in files:
        if not Path(path).is_file():
            raise InputError(str(path), "variable file not found")
        for name, node in read_tfvars(Path(path)).items():
            values[name] = _constant_thunk(node)
    for name, value in overrides.items():
        values[name] = _value_thunk(value)
    return values


def _no_names(name: str, env: Env) -> Any:
    """Variable files may not refer to anything."""
    raise KeyError(name)


def _constant_thunk(node: Node) -> Callable[[], Any]:
    """Evaluate a variable file's expression when first needed."""
    return lambda: evaluate(node, Env(_no_names))


def _value_thunk(value: object) -> Callable[[], Any]:
    """A value given by the caller."""
    return lambda: value
