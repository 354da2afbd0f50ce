"""Module instances: what ``var``, ``local``, ``module``, ``data`` and resource names mean."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from srmap.model import UNKNOWN, UnsetVariable
from srmap.sources.terraform_hcl._ast import ObjectExpr
from srmap.sources.terraform_hcl._eval import (
    Env,
    LazyObject,
    VariableScope,
    evaluate,
    index_suffix,
    unset_variable_of,
)
from srmap.sources.terraform_hcl._files import Body
from srmap.sources.terraform_hcl._memo import Memo
from srmap.sources.terraform_hcl._module import ModuleCall, ModuleConfig, traversal_text
from srmap.sources.terraform_hcl._resources import (
    UNRESOLVED_BINDINGS,
    ResourceGroupImpl,
    UndeclaredGroup,
    expand,
)

__all__ = ["ModuleInstance", "ReadState"]

MAX_MODULE_DEPTH = 16
# A managed resource type: a provider name, an underscore, the type (aws_kms_key, random_id).
# Root names without an underscore (path, terraform, self) are not resources.
_RESOURCE_TYPE = re.compile(r"[a-z][a-z0-9]*_[a-z0-9_]+")


@dataclass
class ReadState:
    """Shared by every module instance of one read: loaded configs and what was skipped."""

    load: Callable[[Path], ModuleConfig]
    unread_modules: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Namespace(LazyObject):
    """A dotted name whose attributes come from a lookup function."""

    def __init__(self, lookup: Callable[[str], Any]) -> None:
        self.lookup = lookup

    def get_attr(self, name: str) -> Any:
        """Look the attribute up."""
        return self.lookup(name)


class _Scope(VariableScope):
    """``var`` or ``local`` of one module instance."""

    def __init__(
        self, lookup: Callable[[str], Any], unset: Callable[[str], UnsetVariable | None]
    ) -> None:
        self.lookup = lookup
        self.unset = unset

    def get_attr(self, name: str) -> Any:
        """Look the attribute up."""
        return self.lookup(name)

    def unset_variable(self, name: str) -> UnsetVariable | None:
        """The unset variable the name is nothing but, or None."""
        return self.unset(name)


@dataclass(frozen=True)
class _Caller:
    """How a child module was called: the parent, its evaluation names and the call's inputs."""

    parent: ModuleInstance
    bindings: Mapping[str, Any]
    inputs: Body
    providers: Mapping[str, str]


class ModuleInstance:
    """One instance of a module: the root, or a child under its address prefix."""

    def __init__(
        self,
        state: ReadState,
        config: ModuleConfig,
        prefix: str,
        caller: _Caller | None,
        root_values: Mapping[str, Callable[[], Any]],
    ) -> None:
        self.state = state
        self.config = config
        self.prefix = prefix
        self.caller = caller
        self.root_values = root_values
        self.memo = Memo()
        self.groups = {
            address: ResourceGroupImpl(self, block) for address, block in config.resources.items()
        }
        self._children: dict[str, Any] = {}

    def env(self, refs: set[str]) -> Env:
        """An environment for expressions written in this module."""
        return Env(self.resolve, {}, refs)

    def resolve(self, name: str, env: Env) -> Any:
        """The value of a root name as seen from env."""
        sink = env.refs
        if name == "var":
            return _Scope(lambda attr: self.variable(attr, sink), self.unset_variable)
        if name == "local":
            return _Scope(lambda attr: self.local(attr, sink), self.unset_local)
        if name == "module":
            return _Namespace(lambda attr: self.module_outputs(attr, sink))
        if name == "data":
            return _Namespace(lambda kind: _Namespace(lambda n: self._group(f"data.{kind}.{n}")))
        if _RESOURCE_TYPE.fullmatch(name) or any(a.startswith(f"{name}.") for a in self.groups):
            return _Namespace(lambda n: self._resource_group(f"{name}.{n}"))
        raise KeyError(name)

    def _group(self, local_address: str) -> Any:
        """A resource group by its address inside this module, or UNKNOWN."""
        return self.groups.get(local_address, UNKNOWN)

    def _resource_group(self, local_address: str) -> Any:
        """A managed resource group by its address; one the files read do not declare is
        still named, since Terraform accepts references to declared resources only."""
        group = self.groups.get(local_address)
        return UndeclaredGroup(self.prefix + local_address) if group is None else group

    def variable(self, name: str, sink: set[str]) -> Any:
        """``var.name``: a caller's input or root value, else the declared default."""
        return self.memo.get(("var", name), lambda refs: self._variable(name, refs), sink)

    def _variable(self, name: str, refs: set[str]) -> Any:
        if self.caller is None and name in self.root_values:
            return self.root_values[name]()
        caller = self.caller
        if caller is not None and name in caller.inputs.attributes:
            env = caller.parent.env(refs).bind(caller.bindings)
            return evaluate(caller.inputs.attributes[name], env)
        default = self.config.variables.get(name)
        return UNKNOWN if default is None else evaluate(default, self.env(set()))

    def unset_variable(self, name: str) -> UnsetVariable | None:
        """``var.name`` as an UnsetVariable when nothing sets it: declared without a default,
        given no value, or given by the caller nothing but an unset variable of its own."""
        found = self.memo.get(("unset var", name), lambda _: self._unset_variable(name), set())
        return found if isinstance(found, UnsetVariable) else None

    def _unset_variable(self, name: str) -> UnsetVariable | None:
        caller = self.caller
        if caller is not None and name in caller.inputs.attributes:
            env = caller.parent.env(set()).bind(caller.bindings)
            return unset_variable_of(caller.inputs.attributes[name], env)
        if caller is None and name in self.root_values:
            return None
        if name not in self.config.variables or self.config.variables[name] is not None:
            return None
        return UnsetVariable(self.prefix.removesuffix("."), name)

    def unset_local(self, name: str) -> UnsetVariable | None:
        """``local.name`` as an UnsetVariable when it is nothing but one."""
        node = self.config.locals.get(name)
        if node is None:
            return None
        found = self.memo.get(
            ("unset local", name), lambda _: unset_variable_of(node, self.env(set())), set()
        )
        return found if isinstance(found, UnsetVariable) else None

    def local(self, name: str, sink: set[str]) -> Any:
        """``local.name``, evaluated once."""
        node = self.config.locals.get(name)
        if node is None:
            return UNKNOWN
        return self.memo.get(("local", name), lambda refs: evaluate(node, self.env(refs)), sink)

    def output(self, name: str, sink: set[str]) -> Any:
        """An output of this module, evaluated once."""
        node = self.config.outputs.get(name)
        if node is None:
            return UNKNOWN
        return self.memo.get(("output", name), lambda refs: evaluate(node, self.env(refs)), sink)

    def module_outputs(self, call_name: str, sink: set[str]) -> Any:
        """``module.name``: outputs of one instance, a list (count), a map (for_each)."""
        instances = self.children(call_name)
        call = self.config.modules.get(call_name)
        if instances is UNKNOWN or call is None or not instances:
            return UNKNOWN if instances is UNKNOWN or call is None else []
        outputs = [(key, _Outputs(child, sink)) for key, child in instances]
        if "count" in call.body.attributes:
            return [view for _, view in outputs]
        if "for_each" in call.body.attributes:
            return {str(key): view for key, view in outputs}
        return outputs[0][1]

    def children(self, call_name: str) -> Any:
        """The instances of one module call as (key, instance) pairs; UNKNOWN if not read."""
        if call_name not in self._children:
            self._children[call_name] = UNKNOWN  # guards a call that refers to itself
            call = self.config.modules.get(call_name)
            self._children[call_name] = UNKNOWN if call is None else self._instantiate(call)
        return self._children[call_name]

    def all_children(self) -> list[ModuleInstance]:
        """Every read child instance of every module call, in declaration order."""
        found: list[ModuleInstance] = []
        for call_name in self.config.modules:
            instances = self.children(call_name)
            if instances is not UNKNOWN:
                found.extend(child for _, child in instances)
        return found

    def _instantiate(self, call: ModuleCall) -> Any:
        """Load a local module and create its instances; remote sources are noted, not read."""
        call_prefix = f"{self.prefix}module.{call.name}"
        directory = self._local_source(call, call_prefix)
        if directory is None:
            self.state.unread_modules.append(call_prefix)
            return UNKNOWN
        expansion = expand(call.body, self.env(set()))
        if expansion is UNKNOWN:
            expansion = [(None, UNRESOLVED_BINDINGS)]
        config = self.state.load(directory)
        providers = _provider_mapping(call.body)
        instances = []
        for key, bindings in expansion:
            suffix = "" if key is None else index_suffix(key)
            caller = _Caller(self, bindings, call.body, providers)
            child = ModuleInstance(self.state, config, f"{call_prefix}{suffix}.", caller, {})
            instances.append((key, child))
        return instances

    def _local_source(self, call: ModuleCall, call_prefix: str) -> Path | None:
        """The directory of a local module source, or None (remote, missing, too deep)."""
        node = call.body.attributes.get("source")
        source = None if node is None else evaluate(node, self.env(set()))
        if not isinstance(source, str) or not source.startswith(("./", "../")):
            return None
        directory = Path(os.path.normpath(self.config.directory / source))
        if not directory.is_dir():
            self.state.notes.append(f"{call_prefix}: module source {source} not found")
            return None
        if directory in self._ancestor_directories():
            self.state.notes.append(f"{call_prefix}: module {source} includes itself")
            return None
        if call_prefix.count("module.") > MAX_MODULE_DEPTH:
            self.state.notes.append(f"{call_prefix}: modules nested too deeply")
            return None
        return directory

    def _ancestor_directories(self) -> set[Path]:
        """Directories of this module and every module above it."""
        found: set[Path] = set()
        module: ModuleInstance | None = self
        while module is not None:
            found.add(module.config.directory)
            module = module.caller.parent if module.caller else None
        return found

    def provider_region(self, provider_key: str) -> Any:
        """The region of a provider configuration as this module sees it, or UNKNOWN."""
        home = self.provider_home(provider_key)
        body = None if home is None else home[0].config.providers.get(home[1])
        if home is None or body is None:
            return UNKNOWN
        node = body.attributes.get("region")
        region = UNKNOWN if node is None else evaluate(node, home[0].env(set()))
        return region if isinstance(region, str) and region else UNKNOWN

    def provider_configuration(self, provider_key: str) -> str | None:
        """The provider configuration this module's ``aws`` or ``aws.east`` is, keyed as
        Terraform keys it (``aws.east``, ``module.app:aws``); None when it cannot be followed."""
        home = self.provider_home(provider_key)
        if home is None:
            return None
        module, key = home
        return f"{module.prefix.removesuffix('.')}:{key}" if module.prefix else key

    def provider_home(self, provider_key: str) -> tuple[ModuleInstance, str] | None:
        """The module instance and name of the block configuring a provider this module uses;
        the root's default configuration needs no block."""
        caller = self.caller
        if provider_key in self.config.providers or caller is None:
            return self, provider_key
        if provider_key in caller.providers:
            return caller.parent.provider_home(caller.providers[provider_key])
        if "." not in provider_key:
            return caller.parent.provider_home(provider_key)
        return None


class _Outputs(LazyObject):
    """The outputs of a child module instance, as ``module.name.output`` sees them."""

    def __init__(self, module: ModuleInstance, sink: set[str]) -> None:
        self.module = module
        self.sink = sink

    def get_attr(self, name: str) -> Any:
        """The output's value; its references flow to the referring expression."""
        return self.module.output(name, self.sink)


def _provider_mapping(body: Body) -> dict[str, str]:
    """``providers = { aws = aws.east }`` as ``{"aws": "aws.east"}``."""
    node = body.attributes.get("providers")
    if not isinstance(node, ObjectExpr):
        return {}
    mapping: dict[str, str] = {}
    for key_node, value_node in node.items:
        key, value = traversal_text(key_node), traversal_text(value_node)
        if key is not None and value is not None:
            mapping[key] = value
    return mapping
