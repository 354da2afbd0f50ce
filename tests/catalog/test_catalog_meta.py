"""Invariants over the whole packaged catalog: every cell filled, every reference real."""

from __future__ import annotations

import pytest
from botocore.loaders import Loader

from srmap.catalog import Catalog, load_catalog
from srmap.model import Category, Layer, Owner


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_every_category_layer_cell_is_filled_with_reason_and_https_source(catalog: Catalog) -> None:
    """The base table has an owner, a reason and an https source for all 3 x 17 cells."""
    for category in Category:
        for layer in Layer:
            cell = catalog.ownership[category][layer]
            assert cell.reason.strip()
            assert cell.source.startswith("https://")


def test_physical_layers_are_always_aws_and_data_layers_never_aws(catalog: Catalog) -> None:
    """Facilities to host OS belong to AWS; identity, data and residency never do."""
    always_aws = [Layer.FACILITIES, Layer.HARDWARE, Layer.NETWORK_INFRASTRUCTURE]
    always_aws += [Layer.VIRTUALIZATION, Layer.HOST_OS]
    for category in Category:
        for layer in always_aws:
            assert catalog.ownership[category][layer].owner is Owner.AWS
        for layer in (Layer.IDENTITY_ACCESS, Layer.CUSTOMER_DATA, Layer.DATA_RESIDENCY):
            assert catalog.ownership[category][layer].owner is Owner.CUSTOMER


def test_catalog_has_at_least_80_services_each_with_https_sources(catalog: Catalog) -> None:
    """At least 80 services, each citing https sources and naming customer duties."""
    assert len(catalog.services) >= 80
    for service in catalog.services.values():
        assert service.sources, service.id
        assert all(url.startswith("https://") for url in service.sources), service.id
        assert service.customer_duties or service.aws_says_nothing, service.id


def test_every_override_names_a_real_layer_and_has_a_reason_and_source(catalog: Catalog) -> None:
    """Overrides, including variants', point at real layers and explain themselves."""
    for service in catalog.services.values():
        overrides = [*service.overrides, *(o for v in service.variants for o in v.overrides)]
        for override in overrides:
            assert isinstance(override.layer, Layer)
            assert override.reason.strip(), service.id
            assert override.source.startswith("https://"), service.id


def test_overrides_never_hand_physical_layers_to_the_customer(catalog: Catalog) -> None:
    """No service moves facilities, hardware or virtualization off AWS."""
    for service in catalog.services.values():
        overrides = [*service.overrides, *(o for v in service.variants for o in v.overrides)]
        for override in overrides:
            if override.layer in (Layer.FACILITIES, Layer.HARDWARE, Layer.VIRTUALIZATION):
                assert override.owner is Owner.AWS, service.id


def test_every_resource_type_belongs_to_a_known_service(catalog: Catalog) -> None:
    """Each canonical type names a catalog service and declares its attributes."""
    assert len(catalog.resource_types) >= 30
    for type_id, resource_type in catalog.resource_types.items():
        assert resource_type.service in catalog.services, type_id
        assert resource_type.attributes, type_id
        assert type_id.count(".") == 1, type_id


def test_native_type_names_are_not_claimed_twice(catalog: Catalog) -> None:
    """A Terraform or CloudFormation type becomes one canonical type or is a part of one."""
    seen: dict[str, str] = {}
    for type_id, resource_type in catalog.resource_types.items():
        names = [*resource_type.terraform, *resource_type.cloudformation]
        names += [*resource_type.terraform_parts, *resource_type.cloudformation_parts]
        for name in names:
            assert name not in seen, f"{name} claimed by {seen.get(name)} and {type_id}"
            seen[name] = type_id


def test_issue_required_resource_types_exist(catalog: Catalog) -> None:
    """The canonical types other stages rely on are all declared."""
    required = {
        "s3.bucket", "ec2.instance", "ec2.security_group", "ec2.volume", "rds.db_instance",
        "rds.db_cluster", "dynamodb.table", "kms.key", "iam.user", "iam.role", "iam.policy",
        "lambda.function", "sqs.queue", "sns.topic", "efs.file_system", "elbv2.load_balancer",
        "elbv2.listener", "cloudtrail.trail", "cloudfront.distribution",
        "elasticache.replication_group", "redshift.cluster", "opensearch.domain",
        "ecr.repository", "secretsmanager.secret", "backup.plan", "eks.cluster",
        "ecs.task_definition", "logs.log_group", "ec2.vpc", "ec2.network_acl", "aws.account",
    }  # fmt: skip
    assert required <= set(catalog.resource_types)


def test_every_region_has_partition_country_and_known_jurisdictions(catalog: Catalog) -> None:
    """Regions of every partition carry an ISO country and only known jurisdiction groups."""
    partitions = {r.partition for r in catalog.regions.values()}
    assert {"aws", "aws-cn", "aws-us-gov"} <= partitions
    for region in catalog.regions.values():
        assert region.partition
        assert len(region.country) == 2 and region.country.isupper()
        assert set(region.jurisdictions) <= {"EU", "EEA"}
        if "EU" in region.jurisdictions:
            assert "EEA" in region.jurisdictions


def test_regions_cover_every_region_botocore_knows() -> None:
    """The catalog lists every region in botocore's endpoint data."""
    endpoints = Loader().load_data("endpoints")
    known = {code for p in endpoints["partitions"] for code in p["regions"]}
    assert known <= set(load_catalog().regions)


def test_shared_controls_name_the_three_kinds() -> None:
    """Patch, configuration and training are shared; physical is inherited; zone security is
    the customer's."""
    kinds = {c.id: c.kind.value for c in load_catalog().shared_controls}
    assert kinds["patch_management"] == "shared"
    assert kinds["configuration_management"] == "shared"
    assert kinds["awareness_and_training"] == "shared"
    assert kinds["physical_and_environmental"] == "inherited"
    assert "customer_specific" in kinds.values()
