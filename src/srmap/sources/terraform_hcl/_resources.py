"""Resource blocks expanded into instances whose attributes evaluate on demand."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from srmap.model import UNKNOWN
from srmap.sources.terraform_hcl._ast import Literal, Node, TupleExpr
from srmap.sources.terraform_hcl._eval import (
    Env,
    ResourceGroup,
    ResourceInstance,
    evaluate,
    index_suffix,
    reference_of,
    unset_variable_of,
)
from srmap.sources.terraform_hcl._files import Body, NestedBlock
from srmap.sources.terraform_hcl._module import ResourceBlock
from srmap.sources.terraform_hcl._policy import policy_document_json

if TYPE_CHECKING:
    from srmap.sources.terraform_hcl._instances import ModuleInstance

__all__ = [
    "ID_ALIASES",
    "META_ATTRIBUTES",
    "Expansion",
    "ResourceGroupImpl",
    "UndeclaredGroup",
    "expand",
]

# Attributes whose value equals another attribute of the same resource, so a reference to
# the computed one can resolve to what the configuration says. Only cases where the provider
# documents ``id`` as the name are listed; an ARN or URL is never derived.
ID_ALIASES: Mapping[str, Mapping[str, str]] = {
    "aws_s3_bucket": {"id": "bucket"},
    "aws_iam_role": {"id": "name"},
    "aws_iam_user": {"id": "name"},
    "aws_iam_group": {"id": "name"},
    "aws_dynamodb_table": {"id": "name"},
    "aws_cloudwatch_log_group": {"id": "name"},
}
META_ATTRIBUTES = frozenset({"count", "for_each", "provider", "depends_on"})
_META_BLOCKS = frozenset({"lifecycle", "provisioner", "connection"})
_POLICY_DOCUMENT = "aws_iam_policy_document"
MAX_INSTANCES = 10_000
_NONE = Literal(None)

# One instance: its key (None, a count index or a for_each key) and the names it binds.
Instance = tuple[object, Mapping[str, Any]]
Expansion = list[Instance]


def expand(body: Body, env: Env) -> Expansion | Any:
    """The instances count/for_each make of a block, or UNKNOWN when they cannot be resolved."""
    attributes = body.attributes
    if "count" in attributes:
        count = evaluate(attributes["count"], env)
        if isinstance(count, str) and count.isdigit():
            count = int(count)  # Terraform converts a numeric string where a number is due
        if isinstance(count, float) and count.is_integer():
            count = int(count)
        if isinstance(count, bool) or not isinstance(count, int):
            return UNKNOWN
        if not 0 <= count <= MAX_INSTANCES:
            return UNKNOWN
        return [(index, {"count": {"index": index}}) for index in range(count)]
    if "for_each" in attributes:
        return _for_each(evaluate(attributes["for_each"], env))
    return [(None, {})]


def _for_each(collection: Any) -> Expansion | Any:
    """Instances of a for_each over a map or a set of strings."""
    if isinstance(collection, Mapping):
        items = [(key, collection[key]) for key in sorted(collection)]
    elif isinstance(collection, list | tuple) and all(isinstance(i, str) for i in collection):
        items = [(key, key) for key in sorted(set(collection))]
    else:
        return UNKNOWN
    if len(items) > MAX_INSTANCES:
        return UNKNOWN
    return [(key, {"each": {"key": key, "value": value}}) for key, value in items]


UNRESOLVED_BINDINGS: Mapping[str, Any] = {"count": UNKNOWN, "each": UNKNOWN}


class ResourceGroupImpl(ResourceGroup):
    """The instances of one resource block in one module instance."""

    def __init__(self, module: ModuleInstance, block: ResourceBlock) -> None:
        self.module = module
        self.block = block
        self.address = module.prefix + block.local_address

    def expansion(self) -> Expansion | Any:
        """Instances of this block (memoized), or UNKNOWN."""
        return self.module.memo.get(
            ("expand", self.address),
            lambda refs: expand(self.block.body, self.module.env(refs)),
            set(),
        )

    def instance(self, key: object) -> Any:
        """The instance with this key, or UNKNOWN."""
        expansion = self.expansion()
        if expansion is UNKNOWN:
            return UNKNOWN
        for instance_key, bindings in expansion:
            if instance_key == key and type(instance_key) is type(key):
                return InstanceRef(self, instance_key, bindings)
        return UNKNOWN

    def collection(self) -> Any:
        """The single instance, a list for count, a map for for_each; UNKNOWN when unresolved."""
        expansion = self.expansion()
        if expansion is UNKNOWN:
            return UNKNOWN
        refs = [InstanceRef(self, key, bindings) for key, bindings in expansion]
        if "count" in self.block.body.attributes:
            return refs
        if "for_each" in self.block.body.attributes:
            return {str(ref.key): ref for ref in refs}
        return refs[0]

    def instance_address(self, key: object) -> str:
        """``aws_x.y``, ``aws_x.y[0]`` or ``aws_x.y["k"]``."""
        return self.address if key is None else self.address + index_suffix(key)

    def attribute_names(self) -> list[str]:
        """Top-level attribute and block names that make up the instance's values."""
        names = [name for name in self.block.body.attributes if name not in META_ATTRIBUTES]
        for block_type in _block_types(self.block.body):
            if block_type not in names:
                names.append(block_type)
        if self.block.type == _POLICY_DOCUMENT:
            names.extend(name for name in ("json", "minified_json") if name not in names)
        return names

    def attribute(self, key: object, bindings: Mapping[str, Any], name: str, sink: set[str]) -> Any:
        """One attribute of one instance, memoized, its references added to sink."""
        return self.module.memo.get(
            ("attr", self.instance_address(key), name),
            lambda refs: self._compute(key, bindings, name, refs),
            sink,
        )

    def _compute(self, key: object, bindings: Mapping[str, Any], name: str, refs: set[str]) -> Any:
        """Evaluate an attribute, a block type, an id alias or a rendered policy."""
        body = self.block.body
        env = self.module.env(refs).bind(bindings)
        if name in body.attributes and name not in META_ATTRIBUTES:
            return evaluate(body.attributes[name], env)
        if name in _block_types(body):
            return evaluate_blocks(body, name, env)
        if self.block.type == _POLICY_DOCUMENT and name in ("json", "minified_json"):
            return self._policy(key, bindings, name)
        alias = ID_ALIASES.get(self.block.type, {}).get(name)
        if alias is not None and alias in body.attributes:
            return self.attribute(key, bindings, alias, refs)
        return UNKNOWN

    def output(self, key: object, bindings: Mapping[str, Any], name: str, sink: set[str]) -> Any:
        """An attribute as the resource's own output: an UNKNOWN that is nothing but another
        resource's attribute is reported as a Reference to it."""
        value = self.attribute(key, bindings, name, sink)
        node = self.block.body.attributes.get(name)
        if node is None or name in META_ATTRIBUTES:
            return value
        env = self.module.env(set()).bind(bindings)
        if (
            isinstance(node, TupleExpr)
            and isinstance(value, list)
            and len(value) == len(node.items)
        ):
            # A list written item by item ([aws_ebs_volume.data.arn]): each such item too.
            items = zip(value, node.items, strict=True)
            return [_or_reference(item, item_node, env) for item, item_node in items]
        return _or_reference(value, node, env)

    def _policy(self, key: object, bindings: Mapping[str, Any], name: str) -> Any:
        """The policy document JSON, indented or minified."""
        names = [n for n in self.attribute_names() if n not in ("json", "minified_json")]
        values = {n: self.attribute(key, bindings, n, set()) for n in names}
        rendered = policy_document_json(values)
        if rendered is UNKNOWN or name == "json":
            return rendered
        return json.dumps(json.loads(rendered), separators=(",", ":"))


class InstanceRef(ResourceInstance):
    """One resource instance seen from a reference: attributes resolve from its configuration."""

    def __init__(self, group: ResourceGroupImpl, key: object, bindings: Mapping[str, Any]) -> None:
        self.group = group
        self.key = key
        self.bindings = bindings
        self.address = group.instance_address(key)

    def get_attr(self, name: str) -> Any:
        """The configured (or aliased) attribute; computed attributes are UNKNOWN."""
        return self.group.attribute(self.key, self.bindings, name, set())


class UndeclaredGroup(ResourceGroup):
    """A resource the configuration refers to but the files read do not declare.

    Terraform rejects a reference to an undeclared resource, so in a configuration that can
    be applied the name is a resource of this module (in a file not read): its attributes are
    unknown, yet the reference still says which resource, and of which type, the value is.
    """

    declared = False

    def __init__(self, address: str) -> None:
        self.address = address

    def instance(self, key: object) -> Any:
        """The instance at a count index or for_each key: unknown, but named."""
        return UndeclaredInstance(self.address + index_suffix(key))

    def collection(self) -> Any:
        """Referenced without an index: a single instance, as Terraform requires."""
        return UndeclaredInstance(self.address)


class UndeclaredInstance(ResourceInstance):
    """One instance of an undeclared resource: every attribute is UNKNOWN."""

    declared = False

    def __init__(self, address: str) -> None:
        self.address = address

    def get_attr(self, name: str) -> Any:
        """Nothing is known of an undeclared resource's attributes."""
        return UNKNOWN


def _block_types(body: Body) -> list[str]:
    """Nested block type names in order, dynamic blocks under their generated name."""
    names: list[str] = []
    for block in body.blocks:
        name = _block_name(block)
        if name is not None and name not in names:
            names.append(name)
    return names


def _block_name(block: NestedBlock) -> str | None:
    """The attribute name a nested block fills; None for meta blocks."""
    if block.type in _META_BLOCKS:
        return None
    if block.type == "dynamic":
        return block.labels[0] if block.labels else None
    return block.type


def evaluate_blocks(body: Body, name: str, env: Env) -> Any:
    """Every block of one type as a list of dicts, expanding dynamic blocks."""
    result: list[Any] = []
    for block in body.blocks:
        if _block_name(block) != name:
            continue
        if block.type != "dynamic":
            result.append(evaluate_body(block.body, env))
            continue
        generated = _dynamic(block, env)
        if generated is UNKNOWN:
            return UNKNOWN
        result.extend(generated)
    return result


def evaluate_body(body: Body, env: Env) -> dict[str, Any]:
    """A nested block's attributes and blocks as one dict."""
    values = {
        name: _or_reference(evaluate(node, env), node, env)
        for name, node in body.attributes.items()
    }
    for block_type in _block_types(body):
        values[block_type] = evaluate_blocks(body, block_type, env)
    return values


def _or_reference(value: Any, node: Node, env: Env) -> Any:
    """``value``, or what it is known to be when it is UNKNOWN and ``node`` is nothing else but
    another resource's attribute (a Reference) or an input variable nothing sets (an
    UnsetVariable)."""
    if value is not UNKNOWN:
        return value
    reference = reference_of(node, env)
    if reference is not None:
        return reference
    unset = unset_variable_of(node, env)
    return value if unset is None else unset


def _dynamic(block: NestedBlock, env: Env) -> Any:
    """The blocks a ``dynamic`` block generates, or UNKNOWN when its for_each is unknown."""
    collection = evaluate(block.body.attributes.get("for_each", _NONE), env)
    iterator = block.labels[0]
    iterator_node = block.body.attributes.get("iterator")
    if iterator_node is not None:
        iterator = getattr(iterator_node, "name", iterator)
    if isinstance(collection, Mapping):
        pairs = [(key, collection[key]) for key in sorted(collection)]
    elif isinstance(collection, list | tuple):
        pairs = list(enumerate(collection))
    else:
        return UNKNOWN
    contents = [inner.body for inner in block.body.blocks if inner.type == "content"]
    if len(contents) != 1:
        return UNKNOWN
    return [
        evaluate_body(contents[0], env.bind({iterator: {"key": key, "value": value}}))
        for key, value in pairs
    ]
