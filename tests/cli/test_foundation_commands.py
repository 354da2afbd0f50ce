"""The catalog, regions and matrix commands, checked as the issue's acceptance states them."""

from __future__ import annotations

from typing import Any


def test_matrix_json_for_ec2_rds_s3_lambda(srmap: Any) -> None:
    """guest_os: customer on ec2, aws on rds and lambda; identity, data, residency customer;
    facilities aws; every cell sourced."""
    run = srmap("matrix", "--services", "ec2,rds,s3,lambda", "--format", "json")
    assert run.code == 0, run.stderr
    data = run.json()
    assert [s["id"] for s in data["services"]] == ["ec2", "rds", "s3", "lambda"]
    assert data["layers"][0] == "facilities" and data["layers"][-1] == "logging_monitoring"
    owner = {(c["service"], c["layer"]): c["owner"] for c in data["cells"]}
    assert owner["ec2", "guest_os"] == "customer"
    assert owner["rds", "guest_os"] == "aws"
    assert owner["lambda", "guest_os"] == "aws"
    for service in ("ec2", "rds", "s3", "lambda"):
        for layer in ("identity_access", "customer_data", "data_residency"):
            assert owner[service, layer] == "customer"
        assert owner[service, "facilities"] == "aws"
    assert all(c["source"].startswith("https://") for c in data["cells"])


def test_catalog_json_lists_80_services_with_categories(srmap: Any) -> None:
    """ec2 infrastructure; rds and emr container; s3, dynamodb and sqs abstracted."""
    run = srmap("catalog", "--format", "json")
    assert run.code == 0, run.stderr
    services = {s["id"]: s for s in run.json()["services"]}
    assert len(services) >= 80
    expected = {"ec2": "infrastructure", "rds": "container", "emr": "container"}
    expected |= {"s3": "abstracted", "dynamodb": "abstracted", "sqs": "abstracted"}
    for service_id, category in expected.items():
        assert services[service_id]["category"] == category
    for service in services.values():
        assert service["sources"]
        assert set(service) >= {"id", "name", "category", "scope", "overrides"}


def test_catalog_can_show_named_services_only(srmap: Any) -> None:
    """Named services are listed alone, in the order asked."""
    run = srmap("catalog", "s3", "ec2", "--format", "json")
    assert [s["id"] for s in run.json()["services"]] == ["s3", "ec2"]


def test_regions_json_countries_and_partitions(srmap: Any) -> None:
    """eu-central-1 is DE in the EU; eu-west-2 is GB outside it; China and GovCloud partitions."""
    run = srmap("regions", "--format", "json")
    assert run.code == 0, run.stderr
    regions = {r["code"]: r for r in run.json()["regions"]}
    assert regions["eu-central-1"]["country"] == "DE"
    assert "EU" in regions["eu-central-1"]["jurisdictions"]
    assert regions["eu-west-2"]["country"] == "GB"
    assert "EU" not in regions["eu-west-2"]["jurisdictions"]
    assert regions["cn-north-1"]["partition"] == "aws-cn"
    assert regions["us-gov-west-1"]["partition"] == "aws-us-gov"


def test_unknown_service_exits_2_with_suggestion_and_no_traceback(srmap: Any) -> None:
    """A typo gets exit 2, a did-you-mean line on stderr, and nothing on stdout."""
    run = srmap("matrix", "--services", "ec2,lamda", "--format", "json")
    assert run.code == 2
    assert "did you mean 'lambda'" in run.stderr
    assert "Traceback" not in run.stderr
    assert run.stdout == ""


def test_bad_option_exits_2_without_traceback(srmap: Any) -> None:
    """An unknown format is a usage error."""
    run = srmap("matrix", "--services", "ec2", "--format", "xml")
    assert run.code == 2
    assert "Traceback" not in run.stderr


def test_matrix_table_fits_100_columns_and_has_a_legend(srmap: Any) -> None:
    """The terminal table of many services never runs wider than 100 columns."""
    services = "ec2,rds,s3,lambda,dynamodb,sqs,sns,kms,iam,cloudtrail,elbv2,ecs:fargate"
    run = srmap("matrix", "--services", services)
    assert run.code == 0, run.stderr
    assert max(len(line) for line in run.stdout.splitlines()) <= 100
    assert "legend" in run.stdout
    assert "ecs:fargate" in run.stdout


def test_matrix_markdown_and_csv(srmap: Any) -> None:
    """Markdown has one row per layer; CSV one row per service and layer."""
    markdown = srmap("matrix", "--services", "ec2,s3", "--format", "markdown").stdout
    assert "| guest_os | customer | aws |" in markdown
    csv_rows = srmap("matrix", "--services", "ec2,s3", "--format", "csv").stdout.splitlines()
    assert len(csv_rows) == 1 + 2 * 17
    assert csv_rows[0].startswith("service,layer,owner")
