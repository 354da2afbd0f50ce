"""One module directory as declared: variables, locals, outputs, resources, calls, providers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from srmap.errors import InputError
from srmap.sources.terraform_hcl._ast import GetAttr, Literal, Name, Node, Template
from srmap.sources.terraform_hcl._files import Body, TopBlock, read_config

__all__ = ["ModuleCall", "ModuleConfig", "ResourceBlock", "load_module", "traversal_text"]


@dataclass(frozen=True, slots=True)
class ResourceBlock:
    """A ``resource`` or ``data`` block."""

    mode: str  # "managed" or "data"
    type: str
    name: str
    body: Body
    file: Path
    line: int

    @property
    def local_address(self) -> str:
        """Address inside its module: ``aws_s3_bucket.b`` or ``data.aws_x.y``."""
        base = f"{self.type}.{self.name}"
        return base if self.mode == "managed" else f"data.{base}"


@dataclass(frozen=True, slots=True)
class ModuleCall:
    """A ``module`` block: its source and inputs, evaluated later in the caller."""

    name: str
    body: Body
    file: Path
    line: int


@dataclass(slots=True)
class ModuleConfig:
    """Everything a module directory declares, keyed by name."""

    directory: Path
    variables: dict[str, Node | None] = field(default_factory=dict)
    locals: dict[str, Node] = field(default_factory=dict)
    outputs: dict[str, Node] = field(default_factory=dict)
    resources: dict[str, ResourceBlock] = field(default_factory=dict)
    modules: dict[str, ModuleCall] = field(default_factory=dict)
    providers: dict[str, Body] = field(default_factory=dict)


def load_module(directory: Path) -> ModuleConfig:
    """Read every ``*.tf`` file of a directory, in name order."""
    files = sorted(path for path in directory.glob("*.tf") if path.is_file())
    if not files:
        raise InputError(str(directory), "no Terraform files (*.tf) found")
    config = ModuleConfig(directory)
    for path in files:
        for block in read_config(path):
            _add_block(config, block)
    return config


def _add_block(config: ModuleConfig, block: TopBlock) -> None:
    """File one top-level block under its kind; unknown kinds are ignored."""
    labels = block.labels
    if block.type in ("resource", "data") and len(labels) == 2:
        mode = "managed" if block.type == "resource" else "data"
        resource = ResourceBlock(mode, labels[0], labels[1], block.body, block.file, block.line)
        config.resources[resource.local_address] = resource
    elif block.type == "variable" and len(labels) == 1:
        config.variables[labels[0]] = block.body.attributes.get("default")
    elif block.type == "locals":
        config.locals.update(block.body.attributes)
    elif block.type == "output" and len(labels) == 1 and "value" in block.body.attributes:
        config.outputs[labels[0]] = block.body.attributes["value"]
    elif block.type == "module" and len(labels) == 1:
        config.modules[labels[0]] = ModuleCall(labels[0], block.body, block.file, block.line)
    elif block.type == "provider" and len(labels) == 1:
        alias = block.body.attributes.get("alias")
        key = labels[0]
        if alias is not None and (alias_text := _alias_text(alias)):
            key = f"{key}.{alias_text}"
        config.providers[key] = block.body


def _alias_text(node: Node) -> str | None:
    """The literal text of a string expression, or None."""
    if isinstance(node, Template) and all(isinstance(part, str) for part in node.parts):
        return "".join(str(part) for part in node.parts)
    if isinstance(node, Literal) and isinstance(node.value, str):
        return node.value
    return None


def traversal_text(node: Node) -> str | None:
    """``aws.east`` for a provider reference expression; None for anything else."""
    if isinstance(node, Name):
        return node.name
    if isinstance(node, GetAttr):
        base = traversal_text(node.obj)
        return None if base is None else f"{base}.{node.name}"
    if isinstance(node, Literal) and isinstance(node.value, str):
        return node.value
    return _alias_text(node)
