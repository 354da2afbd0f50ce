"""Planned values, resource changes and configuration joined into raw resources."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from srmap.errors import InputError
from srmap.model import (
    UNKNOWN,
    ProviderAccount,
    Reference,
    SourceLocation,
    Unknown,
    record_maker,
)
from srmap.sources.raw import Dialect, RawResource
from srmap.sources.terraform_plan._address import (
    ParsedAddress,
    parse_address,
    sole_resource_reference,
)
from srmap.sources.terraform_plan._config import Configuration, ConfiguredResource, ModulePath
from srmap.sources.terraform_plan._load import Shapes, decoded, looks_like_state
from srmap.sources.terraform_plan._unknown import ReferenceOf, mark_unknown

__all__ = ["PlanReader"]

# Actions after which the resource no longer exists under Terraform's management.
_GONE = (["delete"], ["forget"])
_MODES = ("managed", "data")
# A resource block: its module path (no instance keys) and its address inside the module.
_BlockKey = tuple[ModulePath, str]
_NO_REFERENCES: Mapping[str, tuple[str, ...]] = MappingProxyType({})


class _Change(NamedTuple):
    """One entry of resource_changes, reduced to what building a resource needs (a tuple: one
    is made per resource of a plan)."""

    body: dict[str, Any]
    position: int
    gone: bool
    after: object
    after_unknown: object

    @property
    def where(self) -> str:
        """The entry's JSON path, for errors."""
        return _change_path(self.position)


# One of each is made per resource of a plan.
_new_change = record_maker(_Change)
_new_raw_resource = record_maker(RawResource)


class _Provider(NamedTuple):
    """Where the resources of one provider configuration go: its region and account."""

    region: str | Unknown
    account: Unknown


class PlanReader:
    """Reads one parsed plan (or state) document into raw resources.

    Checks made once per resource test the shape inline and call Shapes only to raise, so
    their JSON paths are spelled out only for an error.
    """

    def __init__(self, data: dict[str, Any], file: str) -> None:
        self._data = data
        self._shapes = Shapes(file)
        self._location = SourceLocation(file=file, line=None)
        self._changes = self._index_changes(data.get("resource_changes"))
        self._configuration = Configuration(
            data.get("configuration"), data.get("variables"), self._shapes
        )
        self._references: dict[tuple[str, _BlockKey], Mapping[str, tuple[str, ...]]] = {}
        self._reference_of: dict[str, ReferenceOf] = {}
        self._accounts: dict[str, ProviderAccount] = {}
        self._providers: dict[tuple[ModulePath, str], _Provider] = {}

    def read(self) -> list[RawResource]:
        """Every resource the plan leaves in place: planned, then changes-only, then data read."""
        resources: list[RawResource] = []
        seen: set[str] = set()
        for body, where in self._planned_resources():
            address = body.get("address")
            if not isinstance(address, str) or not address:
                address = self._shapes.text(address, f"{where}.address")
            seen.add(address)
            change = self._changes.get(address)
            if change is not None and change.gone:
                continue
            values = body.get("values")
            if not isinstance(values, dict):
                values = self._shapes.optional_mapping(values, f"{where}.values")
            resources.append(self._build(body, where, address, values, change))
        for address, change in self._changes.items():
            if address in seen or change.gone:
                continue
            seen.add(address)
            where = f"{change.where}.change.after"
            after = self._shapes.optional_mapping(decoded(change.after, self._shapes.file), where)
            resources.append(self._build(change.body, change.where, address, after, change))
        resources.extend(self._data_read_during_plan(seen))
        return resources

    def _data_read_during_plan(self, seen: set[str]) -> list[RawResource]:
        """Data sources read while planning: Terraform keeps them only in prior_state."""
        prior = self._data.get("prior_state")
        if prior is None:
            return []
        values = self._shapes.mapping(prior, "prior_state").get("values")
        root = self._shapes.optional_mapping(values, "prior_state.values").get("root_module")
        found: list[tuple[dict[str, Any], str]] = []
        if root is not None:
            self._walk_module(root, "prior_state.values.root_module", found)
        resources: list[RawResource] = []
        for body, where in found:
            address = self._shapes.text(body.get("address"), f"{where}.address")
            if body.get("mode") != "data" or address in seen or address in self._changes:
                continue
            seen.add(address)
            values = self._shapes.optional_mapping(body.get("values"), f"{where}.values")
            resources.append(self._build(body, where, address, values, None))
        return resources

    def _index_changes(self, changes: object) -> dict[str, _Change]:
        """resource_changes by address; deposed objects (old halves of a replace) left out."""
        indexed: dict[str, _Change] = {}
        entries = self._shapes.optional_sequence(changes, "resource_changes")
        for position, body in enumerate(entries):
            if not isinstance(body, dict):
                self._shapes.mapping(body, _change_path(position))
            if body.get("deposed") is not None:
                continue
            address = body.get("address")
            if not isinstance(address, str) or not address:
                address = self._shapes.text(address, f"{_change_path(position)}.address")
            change = body.get("change")
            if not isinstance(change, dict):
                change = self._shapes.mapping(change, f"{_change_path(position)}.change")
            actions = change.get("actions")
            if not isinstance(actions, list):
                where = f"{_change_path(position)}.change.actions"
                actions = self._shapes.sequence(actions, where)
            for step, action in enumerate(actions):
                if not isinstance(action, str) or not action:
                    where = f"{_change_path(position)}.change.actions[{step}]"
                    self._shapes.text(action, where)
            gone = actions in _GONE
            after, unknown = change.get("after"), change.get("after_unknown")
            indexed[address] = _new_change((body, position, gone, after, unknown))
        return indexed

    def _planned_resources(self) -> list[tuple[dict[str, Any], str]]:
        """Resource objects of the root module and every child module, with their JSON paths."""
        if "planned_values" in self._data:
            container, where = self._data["planned_values"], "planned_values"
        elif looks_like_state(self._data):
            container, where = self._data["values"], "values"
        else:
            return []
        root = self._shapes.optional_mapping(container, where).get("root_module")
        found: list[tuple[dict[str, Any], str]] = []
        if root is not None:
            self._walk_module(root, f"{where}.root_module", found)
        return found

    def _walk_module(
        self, module: object, where: str, found: list[tuple[dict[str, Any], str]]
    ) -> None:
        """Collect one module's resources, then its child modules', depth first."""
        body = self._shapes.mapping(module, where)
        resources = self._shapes.optional_sequence(body.get("resources"), f"{where}.resources")
        for position, resource in enumerate(resources):
            resource_where = f"{where}.resources[{position}]"
            found.append((self._shapes.mapping(resource, resource_where), resource_where))
        children = body.get("child_modules")
        for position, child in enumerate(
            self._shapes.optional_sequence(children, f"{where}.child_modules")
        ):
            self._walk_module(child, f"{where}.child_modules[{position}]", found)

    def _build(
        self,
        body: dict[str, Any],
        where: str,
        address: str,
        values: dict[str, Any],
        change: _Change | None,
    ) -> RawResource:
        """One raw resource from its values, the unknowns of its change and its configuration."""
        native_type = body.get("type")
        if not isinstance(native_type, str) or not native_type:
            native_type = self._shapes.text(native_type, f"{where}.type")
        mode = body.get("mode", "managed")
        if mode not in _MODES:
            raise InputError(
                self._shapes.file, f'{where}.mode: expected "managed" or "data", found {mode!r}'
            )
        parsed = parse_address(address)
        configured = self._configuration.resource(parsed.module_path, parsed.config_address)
        if change is not None and isinstance(change.after_unknown, dict):
            expressions = configured.expressions if configured is not None else None
            values = mark_unknown(
                values, change.after_unknown, expressions, self._references_in(parsed)
            )
        provider = self._provider(parsed.module_path, configured, body)
        own_region = values.get("region")  # the resource's own argument, where it has one
        region = own_region if isinstance(own_region, str) and own_region else provider.region
        references = self._qualified_references(parsed, configured)
        return _new_raw_resource(
            (
                address,
                native_type,
                Dialect.TERRAFORM,
                values,
                region,
                self._location,
                provider.account,
                references,
                mode,
            )
        )

    def _provider(
        self, module_path: ModulePath, configured: ConfiguredResource | None, body: dict[str, Any]
    ) -> _Provider:
        """The region and account of the provider a resource uses; shared per provider key."""
        if configured is None or configured.provider_key is None:
            local = _provider_local_name(body)
            return _Provider(self._configuration.region_in_module(module_path, local), UNKNOWN)
        key = (module_path, configured.provider_key)
        found = self._providers.get(key)
        if found is None:
            found = self._providers[key] = _Provider(
                self._configuration.region_for_key(*key), self._account(*key)
            )
        return found

    def _account(self, module_path: ModulePath, provider_key: str) -> Unknown:
        """The account of the provider configuration a provider key names; UNKNOWN when it
        cannot be followed."""
        found = self._configuration.configuration_for_key(module_path, provider_key)
        if found is None:
            return UNKNOWN
        account = self._accounts.get(found)
        if account is None:  # one per configuration, shared by its resources
            account = self._accounts[found] = ProviderAccount(self._shapes.file, found)
        return account

    def _references_in(self, parsed: ParsedAddress) -> ReferenceOf:
        """Builds References qualified with the instance's module path; one per module instance."""
        found = self._reference_of.get(parsed.module_instance)
        if found is None:
            found = self._reference_of[parsed.module_instance] = _reference_in(
                parsed.module_instance
            )
        return found

    def _qualified_references(
        self, parsed: ParsedAddress, configured: ConfiguredResource | None
    ) -> Mapping[str, tuple[str, ...]]:
        """The block's references, qualified with this instance's module path; shared per block."""
        if configured is None or not configured.references:
            return _NO_REFERENCES
        if not parsed.module_instance:
            return configured.references  # the root module's addresses are already whole
        key = (parsed.module_instance, (parsed.module_path, parsed.config_address))
        cached = self._references.get(key)
        if cached is None:
            prefix = f"{parsed.module_instance}."
            cached = MappingProxyType(
                {
                    attribute: tuple(prefix + target for target in targets)
                    for attribute, targets in configured.references.items()
                }
            )
            self._references[key] = cached
        return cached


def _change_path(position: int) -> str:
    return f"resource_changes[{position}]"


def _reference_in(module_instance: str) -> ReferenceOf:
    """Build References qualified with the module instance the expression was written in; one
    per reference list, shared by the expressions that spell it (every part names its bucket)."""
    prefix = f"{module_instance}." if module_instance else ""
    made: dict[tuple[Any, ...], Reference | None] = {}

    def reference_of(references: list[Any]) -> Reference | None:
        key = tuple(references)
        try:
            return made[key]
        except KeyError:
            found = sole_resource_reference(references)
            made[key] = made_now = None if found is None else Reference(prefix + found[0], found[1])
            return made_now
        except TypeError:  # an object or array among the references names no resource
            return None

    return reference_of


def _provider_local_name(body: dict[str, Any]) -> str:
    """The provider's local name from `provider_name` (`registry…/hashicorp/aws` -> `aws`)."""
    provider_name = body.get("provider_name")
    if isinstance(provider_name, str) and provider_name:
        return provider_name.rsplit("/", 1)[-1]
    native_type = body.get("type")
    return native_type.split("_", 1)[0] if isinstance(native_type, str) else "aws"
