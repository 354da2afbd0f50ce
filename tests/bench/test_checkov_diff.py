"""The Checkov differential's pure parts: checkov JSON parsing, the mapping table, comparison."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bench" / "checkov"


def _load(name: str) -> ModuleType:
    """Import bench/<name>.py with bench/ on the path (the scripts import each other)."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    return _load("checkov_tool")


@pytest.fixture(scope="module")
def cmp() -> ModuleType:
    return _load("checkov_compare")


@pytest.fixture(scope="module")
def diff() -> ModuleType:
    return _load("checkov_diff")


def _report(name: str) -> object:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def test_a_single_framework_report_yields_passed_and_failed_checks(tool: ModuleType) -> None:
    """A terraform_plan report (a dict) gives one result per check with its verdict."""
    results = tool.parse_report(_report("plan_report.json"))
    verdicts = {(r.check_id, r.resource): r.verdict for r in results}
    assert verdicts[("CKV_AWS_24", "aws_security_group_rule.web_ssh")] == "pass"
    assert verdicts[("CKV_AWS_18", "aws_s3_bucket.logs")] == "fail"
    assert {r.check_type for r in results} == {"terraform_plan"}
    assert {r.native_type for r in results} == {"aws_security_group", "aws_security_group_rule",
                                                "aws_s3_bucket"}  # fmt: skip


def test_a_multi_framework_report_names_cloudformation_resources_by_logical_id(
    tool: ModuleType,
) -> None:
    """A list of reports is flattened; AWS::Type.LogicalId becomes the logical id."""
    results = tool.parse_report(_report("list_report.json"))
    cfn = [r for r in results if r.check_type == "cloudformation"]
    assert {(r.native_type, r.resource, r.verdict) for r in cfn} == {
        ("AWS::EC2::SecurityGroup", "InstanceSecurityGroup", "pass"),
        ("AWS::EC2::SecurityGroupIngress", "EcsSecurityGroupSSHinbound", "fail"),
    }
    assert {r.check_type for r in results} == {"cloudformation", "terraform"}


def test_a_summary_only_report_has_no_results(tool: ModuleType) -> None:
    """When checkov scanned nothing it prints a bare summary: no results, no error."""
    assert tool.parse_report(_report("empty_report.json")) == []


@pytest.mark.parametrize(
    ("address", "native"),
    [
        ("aws_s3_bucket.logs", "aws_s3_bucket"),
        ("module.team_1.aws_s3_bucket.data_1", "aws_s3_bucket"),
        ('module.a["x"].module.b.aws_instance.web[0]', "aws_instance"),
    ],
)
def test_terraform_addresses_keep_their_module_path_and_give_their_type(
    tool: ModuleType, address: str, native: str
) -> None:
    """The native type is read past module prefixes; the address itself is srmap's id."""
    assert tool.split_resource("terraform_plan", address) == (native, address)


def test_the_command_scans_a_file_or_a_directory_without_the_vendor_api(
    tool: ModuleType, tmp_path: Path
) -> None:
    """-f for a file, -d for a directory, JSON out, --skip-download always."""
    plan = tmp_path / "plan.json"
    plan.write_text("{}", encoding="utf-8")
    by_file = tool.checkov_command(Path("checkov"), plan, ("terraform_plan",))
    by_dir = tool.checkov_command(Path("checkov"), tmp_path)
    assert by_file[1:3] == ["-f", str(plan)] and by_dir[1:3] == ["-d", str(tmp_path)]
    assert "--skip-download" in by_file and by_file[by_file.index("-o") + 1] == "json"


def test_the_shipped_table_loads_and_names_only_registered_controls(
    cmp: ModuleType, diff: ModuleType
) -> None:
    """Every mapped control exists in srmap's registry; every mapping has a reason."""
    table = cmp.load_map(BENCH / "checkov_map.toml")
    known = set(diff.CatalogTypes.load().applies_to)
    assert {m.control for m in table.mappings} <= known
    assert all(m.reason and m.checkov for m in table.mappings)
    assert {e.kind for e in table.explanations} <= set(cmp.KINDS)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[mapping]]\ncontrol = "a.b.c"\ncheckov = []\nreason = "r"\n', "non-empty list"),
        ('[[mapping]]\ncontrol = "a.b.c"\ncheckov = ["CKV_AWS_1"]\n', "'reason' is required"),
        ('[[explain]]\nkind = "maybe"\nnote = "n"\n', "'kind' must be one of"),
        ('[[explain]]\nkind = "deliberate"\nnote = "n"\nwho = "x"\n', "unknown keys who"),
        ('[[mapping]]\ncontrol = "a"\ncheckov = ["X"]\nreason = "r"\n' * 2, "more than once"),
    ],
)
def test_a_bad_table_is_refused_naming_the_file_and_entry(
    cmp: ModuleType, tmp_path: Path, text: str, message: str
) -> None:
    """Missing reasons, empty id lists, unknown kinds or keys and duplicates are errors."""
    path = tmp_path / "map.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as caught:
        cmp.load_map(path)
    assert str(path) in str(caught.value)


def _side(cmp: ModuleType) -> object:
    return cmp.SrmapSide(
        types={"aws_security_group.web": "ec2.security_group", "aws_s3_bucket.a[0]": "s3.bucket"},
        verdicts={
            ("aws_security_group.web", "ec2.security_group.ssh_open_to_internet"):
                cmp.SrmapVerdict("fail", "ingress[0].from_port=22"),
            ("aws_s3_bucket.a[0]", "s3.bucket.versioning"): cmp.SrmapVerdict("pass"),
        },
        owners={"aws_security_group_rule.ssh": ("aws_security_group.web",)},
        native_types={"aws_security_group": "ec2.security_group", "aws_s3_bucket": "s3.bucket",
                      "aws_security_group_rule": "ec2.security_group"},
        applies_to={"ec2.security_group.ssh_open_to_internet": ("ec2.security_group",),
                    "s3.bucket.versioning": ("s3.bucket",)},
    )  # fmt: skip


def _result(tool: ModuleType, check: str, native: str, resource: str, verdict: str) -> object:
    return tool.CheckovResult(check, "terraform", "/main.tf", native, resource, verdict)


def test_a_part_verdict_lands_on_its_primary_and_any_failure_decides(
    tool: ModuleType, cmp: ModuleType
) -> None:
    """A pass on the group and a fail on its rule make one failing row, agreeing with srmap."""
    table = cmp.MapTable((cmp.CheckMapping("ec2.security_group.ssh_open_to_internet",
                                           ("CKV_AWS_24",), "port 22"),))  # fmt: skip
    results = [
        _result(tool, "CKV_AWS_24", "aws_security_group", "aws_security_group.web", "pass"),
        _result(tool, "CKV_AWS_24", "aws_security_group_rule", "aws_security_group_rule.ssh",
                "fail"),
    ]  # fmt: skip
    rows, outside = cmp.compare("t", results, _side(cmp), table)
    assert outside == [] and len(rows) == 1
    assert (rows[0].resource, rows[0].checkov, rows[0].srmap) == (
        "aws_security_group.web", "fail", "fail")  # fmt: skip
    assert rows[0].agrees and rows[0].evidence == "ingress[0].from_port=22"


def test_unmodeled_types_unread_resources_and_counted_instances_are_told_apart(
    tool: ModuleType, cmp: ModuleType
) -> None:
    """Unmodeled types are set aside; a missing id is not_read; a bare name finds [0]."""
    table = cmp.MapTable((cmp.CheckMapping("s3.bucket.versioning", ("CKV_AWS_21",), "v"),))
    results = [
        _result(tool, "CKV_AWS_21", "aws_s3_bucket", "aws_s3_bucket.a", "fail"),
        _result(tool, "CKV_AWS_21", "aws_s3_bucket", "aws_s3_bucket.gone", "pass"),
        _result(tool, "CKV_AWS_21", "aws_glacier_vault", "aws_glacier_vault.v", "pass"),
        _result(tool, "CKV_AWS_99", "aws_s3_bucket", "aws_s3_bucket.a", "fail"),
    ]
    rows, outside = cmp.compare("t", results, _side(cmp), table)
    by_resource = {row.resource: row for row in rows}
    assert by_resource["aws_s3_bucket.a[0]"].srmap == "pass"
    assert not by_resource["aws_s3_bucket.a[0]"].agrees
    assert by_resource["aws_s3_bucket.gone"].srmap == cmp.NOT_READ
    assert [r.resource for r in outside] == ["aws_glacier_vault.v"]


def test_tallies_count_agreement_and_explanations_match_by_glob(cmp: ModuleType) -> None:
    """Agreement is agreed over compared; the first matching explanation classifies a row."""
    table = cmp.MapTable(
        (cmp.CheckMapping("s3.bucket.versioning", ("CKV_AWS_21",), "v"),),
        (cmp.Explanation("deliberate", "unknown", srmap="unknown"),
         cmp.Explanation("srmap bug", "any", control="s3.*")),
    )  # fmt: skip
    rows = [
        cmp.Row("t", "s3.bucket.versioning", "a", "pass", "pass"),
        cmp.Row("t", "s3.bucket.versioning", "b", "pass", "unknown"),
        cmp.Row("t", "s3.bucket.versioning", "c", "fail", "pass"),
    ]
    (only,) = cmp.tally(rows, table)
    assert (only.compared, only.agreed) == (3, 1)
    assert only.by_status == {"ck fail/srmap pass": 1, "ck pass/srmap unknown": 1}
    assert table.explain(rows[1]).kind == "deliberate"
    assert table.explain(rows[2]).kind == "srmap bug"


def test_orphan_parts_are_placed_on_the_stand_in_srmap_names(diff: ModuleType) -> None:
    """srmap's warning about a part judged as a stand-in tells where the part went."""
    warning = (
        "Ssh (AWS::EC2::SecurityGroupIngress): its ec2.security_group is not in this "
        "input; judged as Alb, a ec2.security_group known only through what it declares"
    )
    assert diff.stand_in_owners([warning, "something else"]) == {"Ssh": ("Alb",)}


def test_evidence_is_cut_to_its_limit(cmp: ModuleType) -> None:
    """Long evidence ends with an ellipsis at the limit."""
    text = cmp.evidence_text([("policy", "x" * 500)], limit=40)
    assert len(text) == 40 and text.endswith("...")
    assert cmp.evidence_text([("a", 1), ("b", None)]) == "a=1; b=None"


def test_a_part_is_owned_by_the_primary_it_references_with_its_index(diff: ModuleType) -> None:
    """A counted part naming its bucket group lands on the instance with its own index."""
    from srmap.model import SourceLocation  # noqa: PLC0415
    from srmap.sources.raw import Dialect, RawResource  # noqa: PLC0415

    part = RawResource(
        address="aws_s3_bucket_versioning.v[1]", native_type="aws_s3_bucket_versioning",
        dialect=Dialect.TERRAFORM, values={}, region="us-east-1", location=SourceLocation(),
        references={"bucket": ("aws_s3_bucket.b",)},
    )  # fmt: skip
    types = {"aws_s3_bucket.b[0]": "s3.bucket", "aws_s3_bucket.b[1]": "s3.bucket"}
    owners = diff.part_owners([part], types, {"aws_s3_bucket_versioning": "s3.bucket"})
    assert owners == {"aws_s3_bucket_versioning.v[1]": ("aws_s3_bucket.b[1]",)}
