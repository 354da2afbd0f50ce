"""Terraform plan JSON -> raw resources: modules, unknowns, actions, regions, references."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from srmap.model import UNKNOWN, ProviderAccount, SourceLocation
from srmap.sources.raw import Dialect, RawResource
from srmap.sources.terraform_plan import read_plan

FIXTURES = Path(__file__).parent.parent / "fixtures"
PLANS = FIXTURES / "terraform_plan"


def by_address(name: str) -> dict[str, RawResource]:
    """The resources of one hand-written fixture plan, keyed by address."""
    return {resource.address: resource for resource in read_plan(PLANS / name)}


def test_every_module_level_and_index_is_read_with_terraform_addresses() -> None:
    """Root, nested and for_each module resources keep the addresses Terraform prints."""
    assert list(by_address("modules.json")) == [
        'aws_s3_bucket.logs["eu.west"]',
        "aws_s3_bucket_policy.logs",
        "data.aws_iam_policy_document.read",
        "module.net.aws_vpc.main",
        "module.net.module.sg.aws_security_group.this[0]",
        "module.net.module.sg.aws_security_group.this[1]",
        'module.app["blue"].aws_sqs_queue.jobs',
        'module.app["blue"].aws_sqs_queue_policy.jobs',
        "module.net.data.aws_availability_zones.all",
    ]


def test_resource_fields_are_filled_for_the_terraform_dialect() -> None:
    """Type, dialect, mode, location and account come out as the raw interface describes."""
    resources = by_address("modules.json")
    bucket = resources['aws_s3_bucket.logs["eu.west"]']
    assert bucket.native_type == "aws_s3_bucket"
    assert bucket.dialect is Dialect.TERRAFORM
    assert bucket.mode == "managed"
    assert bucket.location == SourceLocation(file=str(PLANS / "modules.json"), line=None)
    assert bucket.account == ProviderAccount(str(PLANS / "modules.json"), "aws")
    assert resources["data.aws_iam_policy_document.read"].mode == "data"


def test_attribute_absent_from_planned_values_but_unknown_becomes_unknown() -> None:
    """An attribute known only after apply is added as UNKNOWN; known ones are kept."""
    bucket = by_address("modules.json")['aws_s3_bucket.logs["eu.west"]']
    assert bucket.values["arn"] is UNKNOWN
    assert bucket.values["id"] is UNKNOWN
    assert bucket.values["bucket"] == "logs-eu"
    assert bucket.values["tags"] is None
    assert "tags_all" not in bucket.values


def test_unknown_inside_a_list_of_blocks_marks_only_that_element() -> None:
    """after_unknown for the first ingress block marks that block's field, not the second's."""
    group = by_address("modules.json")["module.net.module.sg.aws_security_group.this[0]"]
    first, second = group.values["ingress"]
    assert first["security_groups"] is UNKNOWN
    assert first["cidr_blocks"] == ["0.0.0.0/0"]
    assert second["security_groups"] == []
    assert group.values["vpc_id"] is UNKNOWN


def test_unknown_element_of_a_list_attribute_in_a_data_source() -> None:
    """A null list element that after_unknown marks true becomes UNKNOWN."""
    document = by_address("modules.json")["data.aws_iam_policy_document.read"]
    assert document.values["statement"][0]["resources"][0] is UNKNOWN
    assert document.values["statement"][0]["actions"] == ["s3:GetObject"]


def test_instance_without_unknowns_keeps_its_values() -> None:
    """A count instance with no resource change entry is read as planned."""
    group = by_address("modules.json")["module.net.module.sg.aws_security_group.this[1]"]
    assert dict(group.values) == {"name": "db", "ingress": []}


def test_references_name_resources_and_keep_the_instance_key() -> None:
    """A reference keeps its index and data source; the bare and attribute forms collapse."""
    policy = by_address("modules.json")["aws_s3_bucket_policy.logs"]
    assert dict(policy.references) == {
        "bucket": ('aws_s3_bucket.logs["eu.west"]',),
        "policy": ("data.aws_iam_policy_document.read",),
    }


def test_references_inside_modules_are_module_qualified_and_variables_dropped() -> None:
    """Inside a module, a reference carries the module path; var. and local. ones are dropped."""
    resources = by_address("modules.json")
    group = resources["module.net.module.sg.aws_security_group.this[0]"]
    assert dict(group.references) == {"description": ("module.net.module.sg.aws_vpc.peer",)}
    queue_policy = resources['module.app["blue"].aws_sqs_queue_policy.jobs']
    assert dict(queue_policy.references) == {
        "queue_url": ('module.app["blue"].aws_sqs_queue.jobs',)
    }


def test_every_count_instance_gets_its_block_references() -> None:
    """Configuration is per block, so each instance of a counted resource gets the references."""
    resources = by_address("modules.json")
    first = resources["module.net.module.sg.aws_security_group.this[0]"]
    second = resources["module.net.module.sg.aws_security_group.this[1]"]
    assert dict(first.references) == dict(second.references) != {}


def test_nested_block_references_count_for_their_top_level_attribute() -> None:
    """A reference inside a nested block (a statement's resources) is reported under the block."""
    references = by_address("modules.json")["data.aws_iam_policy_document.read"].references
    assert dict(references) == {"statement": ("aws_s3_bucket.logs",)}


def test_literal_map_with_a_references_key_is_not_a_reference(tmp_path: Path) -> None:
    """A constant value shaped like an expression (tags = { references = [...] }) is data."""
    literal = {"constant_value": {"references": ["aws_s3_bucket.b"]}}
    document = {
        "format_version": "1.2",
        "planned_values": {
            "root_module": {
                "resources": [{"address": "aws_sqs_queue.q", "type": "aws_sqs_queue", "values": {}}]
            }
        },
        "configuration": {
            "root_module": {
                "resources": [{"address": "aws_sqs_queue.q", "expressions": {"tags": literal}}]
            }
        },
    }
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(document))
    (queue,) = read_plan(path)
    assert dict(queue.references) == {}


def test_deleted_resources_are_left_out_and_replaced_ones_kept() -> None:
    """Deletes and forgets go, even if still in planned values; replaces and updates stay."""
    assert sorted(by_address("actions.json")) == [
        "aws_instance.api",
        "aws_instance.web",
        "aws_sns_topic.alerts",
        "aws_sqs_queue.late",
        "aws_sqs_queue.same",
    ]


def test_replaced_resource_has_its_new_values() -> None:
    """A replaced resource carries the planned values, with unknowns marked."""
    web = by_address("actions.json")["aws_instance.web"]
    assert web.values["ami"] == "ami-new"
    assert web.values["id"] is UNKNOWN


def test_deposed_object_delete_does_not_hide_the_current_instance() -> None:
    """The delete of a deposed object shares the address but is not the resource's change."""
    assert by_address("actions.json")["aws_instance.api"].values["ami"] == "ami-api"


def test_change_missing_from_planned_values_is_built_from_after() -> None:
    """A created resource present only in resource_changes is read from change.after."""
    late = by_address("actions.json")["aws_sqs_queue.late"]
    assert late.values["name"] == "late"
    assert late.values["arn"] is UNKNOWN


def test_data_sources_read_during_plan_come_from_prior_state() -> None:
    """A data source known at plan time is only in prior_state; it is read once, with values."""
    resources = by_address("modules.json")
    zones = resources["module.net.data.aws_availability_zones.all"]
    assert (zones.mode, zones.region) == ("data", "eu-west-1")
    assert zones.values["names"] == ["eu-west-1a", "eu-west-1b"]
    assert resources["data.aws_iam_policy_document.read"].values["json"] is UNKNOWN
    assert "aws_s3_bucket.existing" not in resources


def test_plan_without_planned_values_is_read_from_resource_changes() -> None:
    """A changes-only plan yields every non-deleted change, with unknowns and old-style keys."""
    resources = by_address("changes_only.json")
    assert sorted(resources) == ["aws_s3_bucket.logs", "module.db.aws_db_instance.main[0]"]
    bucket = resources["aws_s3_bucket.logs"]
    assert bucket.values["arn"] is UNKNOWN
    assert bucket.values["versioning"] == [{"enabled": True, "mfa_delete": False}]
    database = resources["module.db.aws_db_instance.main[0]"]
    assert database.region == "ca-central-1"
    assert dict(database.references) == {"kms_key_id": ("module.db.aws_kms_key.db",)}


def test_state_json_is_read_from_values() -> None:
    """`terraform show -json` of a state reads values.root_module and its child modules."""
    resources = by_address("state.json")
    assert sorted(resources) == [
        "aws_s3_bucket.archive",
        "data.aws_caller_identity.me",
        'module.queues.aws_sqs_queue.q["a"]',
    ]
    assert resources["aws_s3_bucket.archive"].region == "eu-west-3"
    assert resources['module.queues.aws_sqs_queue.q["a"]'].region is UNKNOWN


@pytest.mark.parametrize(
    ("address", "region"),
    [
        ("aws_s3_bucket.main", "eu-central-1"),  # default provider, region from a variable
        ("aws_s3_bucket.east", "us-east-1"),  # alias
        ("aws_s3_bucket.own", "ap-southeast-2"),  # resource-level region argument
        ("aws_s3_bucket.own_unknown", "us-east-1"),  # region argument unknown: its provider's
        ("aws_sqs_queue.unconfigured", "eu-central-1"),  # not in configuration: default provider
        ("module.passed.aws_sqs_queue.q", "us-east-1"),  # providers = { aws = aws.east }
        ("module.resolved.aws_sqs_queue.q", "us-east-1"),  # key already resolved to the root
        ("module.eu.aws_sqs_queue.q", "eu-north-1"),  # module provider, var set by the call
        ("module.eu.module.inner.aws_sqs_queue.q", "eu-north-1"),  # inherited from its caller
        ("module.defaults.aws_sqs_queue.q", "ap-south-1"),  # module variable default
        ("module.legacy.aws_sqs_queue.q", "sa-east-1"),  # Terraform 0.12 key style
    ],
)
def test_region_is_resolved_from_the_provider_configuration(address: str, region: str) -> None:
    """Each way a provider reaches a resource yields the region of the configuring block."""
    assert by_address("regions.json")[address].region == region


@pytest.mark.parametrize("address", ["aws_s3_bucket.nowhere", "module.aliased.aws_sqs_queue.q"])
def test_region_is_unknown_when_no_provider_sets_it(address: str) -> None:
    """A provider without a region, or an alias nobody passed, gives UNKNOWN."""
    assert by_address("regions.json")[address].region is UNKNOWN


@pytest.mark.parametrize(
    ("address", "configuration"),
    [
        ("aws_s3_bucket.main", "aws"),
        ("aws_s3_bucket.east", "aws.east"),
        ("aws_s3_bucket.own", "aws.east"),  # its own region, its provider's credentials
        ("aws_s3_bucket.nowhere", "aws.noregion"),
        ("module.passed.aws_sqs_queue.q", "aws.east"),  # providers = { aws = aws.east }
        ("module.resolved.aws_sqs_queue.q", "aws.east"),
        ("module.eu.aws_sqs_queue.q", "module.eu:aws"),  # the module's own block
        ("module.eu.module.inner.aws_sqs_queue.q", "module.eu:aws"),  # inherited
        ("module.legacy.aws_sqs_queue.q", "module.legacy:aws"),  # Terraform 0.12 key style
    ],
)
def test_account_is_that_of_the_provider_configuration_used(
    address: str, configuration: str
) -> None:
    """Resources name the account of the provider block they resolve to, like their region."""
    found = by_address("regions.json")[address].account
    assert found == ProviderAccount(str(PLANS / "regions.json"), configuration)
    assert found != ProviderAccount(str(PLANS / "other.json"), configuration)


@pytest.mark.parametrize(
    "address", ["module.aliased.aws_sqs_queue.q", "aws_sqs_queue.unconfigured"]
)
def test_account_is_unknown_when_the_provider_configuration_is_not_known(address: str) -> None:
    """An alias nobody passed, or a resource the configuration does not list: plain UNKNOWN."""
    assert by_address("regions.json")[address].account is UNKNOWN


def test_region_never_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """AWS_REGION and AWS_DEFAULT_REGION do not fill a region the plan leaves open."""
    monkeypatch.setenv("AWS_REGION", "us-west-1")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-west-1")
    assert by_address("regions.json")["aws_s3_bucket.nowhere"].region is UNKNOWN


def test_real_s3_plan_joins_its_bucket_resources_by_reference() -> None:
    """A plan made by terraform: regions, unknown ids and references to the bucket."""
    resources = {r.address: r for r in read_plan(FIXTURES / "parity" / "s3_bucket" / "plan.json")}
    assert {r.region for r in resources.values()} == {"eu-west-1"}
    assert resources["aws_s3_bucket.data"].values["arn"] is UNKNOWN
    assert resources["aws_s3_bucket.data"].values["bucket"] == "srmap-parity-data"
    assert resources["aws_s3_bucket_versioning.data"].references["bucket"] == (
        "aws_s3_bucket.data",
    )


MODULES_ALIASES = FIXTURES / "terraform" / "modules_aliases" / "plan.json"


@pytest.mark.skipif(not MODULES_ALIASES.exists(), reason="generated plan not present")
def test_real_plan_with_modules_and_aliases_matches_its_readme() -> None:
    """The generated plan: 38 changes plus 2 plan-time data sources, regions by provider."""
    resources = {r.address: r for r in read_plan(MODULES_ALIASES)}
    assert len(resources) == 40
    buckets = {a: r.region for a, r in resources.items() if r.native_type == "aws_s3_bucket"}
    assert buckets == {
        'aws_s3_bucket.logs["eu"]': "eu-west-1",
        'aws_s3_bucket.logs["audit"]': "eu-west-1",
        "aws_s3_bucket.replica": "us-east-1",
        "module.app_eu.module.storage.aws_s3_bucket.this": "eu-west-1",
        "module.app_us.module.storage.aws_s3_bucket.this": "us-east-1",
    }
    assume = resources["module.app_us.data.aws_iam_policy_document.assume"]
    assert (assume.region, isinstance(assume.values["json"], str)) == ("us-east-1", True)
    storage = resources["module.app_us.module.storage.aws_s3_bucket.this"]
    assert storage.values["bucket"] is UNKNOWN
    assert storage.values["bucket_prefix"] == "shop-us-assets-"
    role = resources["module.app_us.aws_iam_role.app"]
    assert role.references["assume_role_policy"] == (
        "module.app_us.data.aws_iam_policy_document.assume",
    )


def test_every_parity_plan_reads_with_known_regions() -> None:
    """Every parity plan terraform generated reads, each resource with its provider's region."""
    plans = sorted(FIXTURES.glob("parity/*/plan.json"))
    assert plans
    for plan in plans:
        resources = read_plan(plan)
        assert resources, plan
        assert all(isinstance(resource.region, str) for resource in resources), plan


def test_every_generated_terraform_plan_reads_with_unique_addresses() -> None:
    """Every plan under fixtures/terraform reads, no address twice."""
    for plan in sorted(FIXTURES.glob("terraform/*/plan.json")):
        addresses = [resource.address for resource in read_plan(plan)]
        assert len(addresses) == len(set(addresses)), plan
