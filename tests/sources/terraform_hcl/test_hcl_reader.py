"""Reading fixture directories: addresses, values, references, regions, modules and variables."""

from __future__ import annotations

import json
from pathlib import Path

from srmap.model import UNKNOWN, ProviderAccount, Reference, SourceLocation
from srmap.sources.raw import Dialect, RawResource
from srmap.sources.terraform_hcl import read_hcl_dir, read_hcl_dir_with_notes

FIXTURES = Path(__file__).parents[2] / "fixtures" / "terraform_hcl"


def by_address(folder: str, **kwargs: object) -> dict[str, RawResource]:
    """Resources of a fixture folder keyed by address."""
    return {r.address: r for r in read_hcl_dir(FIXTURES / folder, **kwargs)}  # type: ignore[arg-type]


def test_resources_are_shaped_like_plan_resources() -> None:
    """Type, dialect, mode, account and source line are filled as a plan parser would."""
    bucket = by_address("basic")["aws_s3_bucket.assets"]
    assert bucket.native_type == "aws_s3_bucket"
    assert bucket.dialect is Dialect.TERRAFORM
    assert bucket.mode == "managed"
    assert bucket.account == ProviderAccount(str(FIXTURES / "basic"), "aws")
    assert bucket.location == SourceLocation(file=str(FIXTURES / "basic" / "main.tf"), line=23)


def test_locals_variables_and_functions_resolve() -> None:
    """Values built from variables, chained locals and merge/upper are resolved."""
    bucket = by_address("basic")["aws_s3_bucket.assets"]
    assert bucket.values == {
        "bucket": "shop-prod-assets",
        "tags": {"Environment": "prod", "Team": "web", "Name": "SHOP-PROD"},
    }


def test_nested_blocks_are_lists_of_dicts_without_meta_blocks() -> None:
    """Repeated blocks become a list in order; lifecycle is not a value."""
    group = by_address("basic")["aws_security_group.web"]
    assert group.values["ingress"] == [
        {"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]},
        {"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/16"]},
    ]
    assert "lifecycle" not in group.values
    versioning = by_address("basic")["aws_s3_bucket_versioning.assets"]
    assert versioning.values["versioning_configuration"] == [{"status": "Enabled"}]


def test_references_name_the_resources_an_attribute_uses() -> None:
    """Each attribute lists the resource addresses its expression refers to."""
    resources = by_address("basic")
    assert resources["aws_s3_bucket_versioning.assets"].references == {
        "bucket": ("aws_s3_bucket.assets",)
    }
    group = resources["aws_security_group.web"]
    assert group.references["vpc_id"] == ("aws_vpc.main",)
    assert group.values["vpc_id"] == Reference("aws_vpc.main", "id")
    policy = resources["aws_s3_bucket_policy.assets"]
    assert policy.references["policy"] == ("data.aws_iam_policy_document.assets",)


def test_computed_attributes_are_unknown_but_configured_ones_resolve() -> None:
    """An ARN is unknown before apply; a bucket id equals its configured name."""
    resources = by_address("basic")
    assert resources["aws_s3_bucket_versioning.assets"].values["bucket"] == "shop-prod-assets"
    assert resources["aws_sqs_queue.jobs"].values["redrive_policy"] is UNKNOWN
    assert resources["aws_s3_bucket_policy.assets"].values["policy"] is UNKNOWN


def test_jsonencode_of_known_values_gives_the_encoded_string() -> None:
    """A jsonencode policy made of literals resolves to its JSON text."""
    queue = by_address("basic")["aws_sqs_queue.jobs"]
    assert json.loads(queue.values["policy"])["Statement"][0]["Action"] == "sqs:SendMessage"


def test_policy_document_renders_like_the_provider() -> None:
    """A known aws_iam_policy_document becomes the JSON its .json attribute would hold."""
    resources = by_address("policy_document")
    policy = resources["aws_s3_bucket_policy.data"].values["policy"]
    assert json.loads(policy) == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ReadOnly",
                "Effect": "Allow",
                "Action": ["s3:ListBucket", "s3:GetObject"],
                "Resource": ["arn:aws:s3:::srmap-policy-data/*", "arn:aws:s3:::srmap-policy-data"],
                "Principal": {
                    "AWS": "arn:aws:iam::111122223333:root",
                    "Service": ["config.amazonaws.com", "cloudtrail.amazonaws.com"],
                },
            },
            {
                "Effect": "Deny",
                "Action": "s3:*",
                "Resource": "*",
                "Principal": "*",
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            },
        ],
    }
    document = resources["data.aws_iam_policy_document.data"]
    assert document.mode == "data"
    assert json.loads(document.values["minified_json"]) == json.loads(policy)


def test_merged_policy_documents_and_queue_urls_stay_unknown() -> None:
    """Policy merging is not modelled and an SQS queue id (its URL) is never guessed."""
    resources = by_address("policy_document")
    assert resources["data.aws_iam_policy_document.merged"].values["json"] is UNKNOWN
    assert resources["aws_sqs_queue_policy.q"].values["queue_url"] == Reference(
        "aws_sqs_queue.q", "id"
    )


def test_count_and_for_each_expand_into_indexed_instances() -> None:
    """count gives [0], [1]; for_each over a map or set gives ["key"]; count = 0 gives none."""
    resources = by_address("expansion")
    assert resources["aws_s3_bucket.replica[1]"].values == {"bucket": "replica-1"}
    assert resources['aws_sqs_queue.queue["orders"]'].values == {
        "name": "orders",
        "visibility_timeout_seconds": 60,
    }
    assert resources['aws_sns_topic.topic["audit"]'].values == {"name": "topic-audit"}
    assert not [address for address in resources if address.startswith("aws_s3_bucket.none")]


def test_unresolved_count_gives_one_bare_instance() -> None:
    """A count that cannot be resolved yields the bare address with count.index unknown."""
    maybe = by_address("expansion")["aws_s3_bucket.maybe"]
    assert maybe.values == {"bucket": UNKNOWN, "acl": "private"}


def test_indexed_references_resolve_and_name_the_instance() -> None:
    """References with a literal or count.index index point at that instance."""
    resources = by_address("expansion")
    second = resources["aws_s3_bucket_versioning.second"]
    assert second.values["bucket"] == "replica-1"
    assert second.references["bucket"] == ("aws_s3_bucket.replica[1]",)
    block = resources["aws_s3_bucket_public_access_block.each[0]"]
    assert block.values["restrict_public_buckets"] is True
    assert block.references["bucket"] == ("aws_s3_bucket.replica[0]",)
    topic_policy = resources["aws_sns_topic_policy.alerts"]
    assert topic_policy.references["arn"] == ('aws_sns_topic.topic["alerts"]',)


def test_local_modules_are_read_with_prefixed_addresses() -> None:
    """Resources inside local modules, nested ones too, carry the module path."""
    resources = by_address("modules")
    assert resources["module.logs.aws_s3_bucket.this"].values == {"bucket": "central-logs"}
    nested = resources["module.replica.module.nested.aws_sns_topic.events"]
    assert nested.values == {"name": "replica-central-logs-events"}
    location = resources["module.logs.aws_s3_bucket.this"].location
    assert location.file == str(FIXTURES / "modules" / "modules" / "bucket" / "main.tf")
    assert location.line == 9


def test_module_outputs_resolve_and_keep_references() -> None:
    """module.x.output resolves through the module and refers to the resource inside it."""
    logging = by_address("modules")["aws_s3_bucket_logging.replica"]
    assert logging.values["bucket"] == "replica-central-logs"
    assert logging.values["target_bucket"] == "central-logs"
    assert logging.references["target_bucket"] == ("module.logs.aws_s3_bucket.this",)


def test_regions_follow_provider_aliases_and_module_mappings() -> None:
    """Default provider, provider = aws.east, and providers = { aws = aws.east } set regions."""
    resources = by_address("modules")
    assert resources["module.logs.aws_s3_bucket.this"].region == "eu-central-1"
    assert resources["module.replica.aws_s3_bucket.this"].region == "us-east-1"
    assert resources["module.replica.module.nested.aws_sns_topic.events"].region == "us-east-1"
    assert resources["aws_cloudtrail.east"].region == "us-east-1"
    assert by_address("basic")["aws_vpc.main"].region == "eu-west-1"


def test_accounts_are_those_of_the_provider_configurations_the_regions_come_from() -> None:
    """The same resolution gives the account: one per provider block of the directory read."""
    resources = by_address("modules")
    accounts = {
        address: resources[address].account
        for address in (
            "aws_s3_bucket_logging.replica",
            "module.logs.aws_s3_bucket.this",
            "module.replica.aws_s3_bucket.this",
            "module.replica.module.nested.aws_sns_topic.events",
            "aws_cloudtrail.east",
        )
    }
    default, east = (ProviderAccount(str(FIXTURES / "modules"), key) for key in ("aws", "aws.east"))
    assert list(accounts.values()) == [default, default, east, east, east]
    assert by_address("no_provider")["aws_s3_bucket.plain"].account == ProviderAccount(
        str(FIXTURES / "no_provider"), "aws"
    )


def test_a_module_provider_block_is_a_configuration_of_its_own(tmp_path: Path) -> None:
    """A module's own provider block is another configuration; an alias nobody passed is
    plain UNKNOWN."""
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "main.tf").write_text(
        'provider "aws" {\n  region = "eu-west-1"\n}\n'
        'resource "aws_sqs_queue" "q" {}\n'
        'resource "aws_sqs_queue" "lost" {\n  provider = aws.west\n}\n',
        encoding="utf-8",
    )
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "eu-west-1"\n}\n'
        'module "own" {\n  source = "./m"\n}\n'
        'resource "aws_sqs_queue" "root" {}\n',
        encoding="utf-8",
    )
    resources = {r.address: r for r in read_hcl_dir(tmp_path)}
    own = resources["module.own.aws_sqs_queue.q"].account
    assert own == ProviderAccount(str(tmp_path), "module.own:aws")
    assert own != resources["aws_sqs_queue.root"].account
    assert resources["module.own.aws_sqs_queue.lost"].account is UNKNOWN


def test_no_provider_means_unknown_region() -> None:
    """Without a provider block the region is UNKNOWN, and other providers' resources appear."""
    resources = by_address("no_provider")
    assert resources["aws_s3_bucket.plain"].region is UNKNOWN
    assert resources["random_id.suffix"].values == {"byte_length": 4}
    assert resources["aws_s3_bucket.named"].references["bucket"] == ("random_id.suffix",)


def test_remote_modules_are_reported_not_read() -> None:
    """A registry module is listed as unread and its outputs are UNKNOWN."""
    result = read_hcl_dir_with_notes(FIXTURES / "modules")
    assert result.unread_modules == ("module.vpc",)
    trail = {r.address: r for r in result.resources}["aws_cloudtrail.east"]
    assert trail.values["vpc_hint"] is UNKNOWN
    assert not [r for r in result.resources if r.address.startswith("module.vpc.")]


def test_variable_files_follow_terraform_precedence() -> None:
    """terraform.tfvars < *.auto.tfvars(.json) < var files < explicit values."""
    folder = FIXTURES / "tfvars"
    queue = by_address("tfvars")["aws_sqs_queue.q"]
    assert queue.region == "eu-west-3"
    assert queue.values["name"] == "from-terraform-tfvars"
    assert queue.values["message_retention_seconds"] == 4 * 86400
    assert queue.values["tags"] == {"CostCenter": "42", "Owner": "platform"}
    with_file = by_address("tfvars", var_files=[folder / "prod.tfvars"])["aws_sqs_queue.q"]
    assert with_file.values["name"] == "from-var-file"
    explicit = by_address(
        "tfvars", var_files=[folder / "prod.tfvars"], variables={"name": "explicit"}
    )["aws_sqs_queue.q"]
    assert explicit.values["name"] == "explicit"


def test_dynamic_blocks_expand_when_their_collection_is_known() -> None:
    """dynamic blocks produce one block per element, with custom iterators; unknown -> UNKNOWN."""
    resources = by_address("dynamic")
    assert [
        rule["from_port"] for rule in resources["aws_security_group.dyn"].values["ingress"]
    ] == [
        80,
        443,
    ]
    assert resources["aws_security_group.dyn"].values["egress"] is UNKNOWN
    named = resources["aws_security_group.named_iterator"].values["ingress"]
    assert named == [
        {
            "description": "ssh",
            "from_port": 22,
            "to_port": 22,
            "protocol": "tcp",
            "cidr_blocks": ["10.1.0.0/16"],
        }
    ]


def test_cycles_are_unknown_not_fatal() -> None:
    """Locals and resources that refer to each other in a loop evaluate to UNKNOWN."""
    result = read_hcl_dir_with_notes(FIXTURES / "cycles")
    resources = {r.address: r for r in result.resources}
    assert resources["aws_s3_bucket.loop"].values == {
        "bucket": UNKNOWN,
        "tags": {"c": UNKNOWN, "ok": "yes"},
    }
    # Known to be pong's name, which the cycle never lets anyone know: unknown, as a reference.
    assert resources["aws_s3_bucket.ping"].values["bucket"] == Reference(
        "aws_s3_bucket.pong", "bucket"
    )
    assert "module.self.aws_sns_topic.t" in resources
    assert result.unread_modules == ("module.missing", "module.self.module.again")
    assert any("does-not-exist" in note for note in result.notes)


def test_read_hcl_dir_is_the_resource_list_of_the_detailed_read() -> None:
    """The thin wrapper returns the same resources as the detailed read."""
    detailed = read_hcl_dir_with_notes(FIXTURES / "modules").resources
    assert read_hcl_dir(FIXTURES / "modules") == list(detailed)


def test_module_count_and_for_each_prefix_each_instance() -> None:
    """Module instances get module.m[0]. and module.m["k"]. prefixes and their own inputs."""
    resources = by_address("module_expansion")
    assert resources['module.per_team["blue"].aws_sqs_queue.this'].values == {"name": "team-blue"}
    assert resources["module.numbered[1].aws_sqs_queue.this"].values == {"name": "numbered-1"}
    assert resources["module.numbered[0].aws_sqs_queue.this"].region == "sa-east-1"


def test_outputs_of_expanded_modules_are_indexable() -> None:
    """module.m["k"].out, module.m[1].out and a for over module.m all resolve."""
    fanout = by_address("module_expansion")["aws_sns_topic.fanout"]
    assert fanout.values == {
        "name": "team-red",
        "display_name": "numbered-1",
        "all": ["numbered-0", "numbered-1"],
    }
    assert fanout.references["name"] == ('module.per_team["red"].aws_sqs_queue.this',)
