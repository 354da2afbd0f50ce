"""The Prowler live bench's pure parts: Prowler's OCSF output, the server's request log, the
mapping loader and the verdict join (no Prowler, no server, no timing)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from tests.bench.conftest import BENCH, load_bench

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bench" / "prowler"
ACCOUNT_ARN = "arn:aws:iam::123456789012:root"
OPEN_GROUP = "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0a1b2c3d4e5f60718"


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    return load_bench("prowler_tool")


@pytest.fixture(scope="module")
def measure() -> ModuleType:
    return load_bench("live_measure")


@pytest.fixture(scope="module")
def comparing(tool: ModuleType) -> ModuleType:
    return load_bench("prowler_compare")


def test_every_ocsf_finding_of_the_sample_is_read_with_its_verdict(tool: ModuleType) -> None:
    """Each finding of the saved sample gives check id, resource ARN, region and verdict."""
    findings = tool.read_findings(FIXTURES)
    assert len(findings) == 6
    ssh = [f for f in findings if f.check_id.endswith("tcp_port_22")]
    assert {(f.resource_uid, f.verdict) for f in ssh} == {(OPEN_GROUP, "fail")}
    assert ssh[0].region == "eu-west-1"
    assert {f.verdict for f in findings} == {"pass", "fail"}


def test_findings_without_a_known_status_or_check_are_left_out(tool: ModuleType) -> None:
    """A MUTED or malformed record is no verdict; MANUAL is kept as manual."""
    records = [
        {"status_code": "MUTED", "metadata": {"event_code": "x"}, "resources": [{"uid": "a"}]},
        {"status_code": "FAIL", "metadata": {}, "resources": [{"uid": "b"}]},
        {"status_code": "MANUAL", "metadata": {"event_code": "y"}, "resources": [{"uid": "c"}]},
    ]
    assert [(f.check_id, f.verdict) for f in tool.parse_ocsf(records)] == [("y", "manual")]


def test_an_empty_output_file_means_no_findings(tool: ModuleType, tmp_path: Path) -> None:
    """Prowler writes an empty file when it found nothing; that reads as no findings."""
    (tmp_path / "prowler.ocsf.json").write_text("", encoding="utf-8")
    assert tool.read_findings(tmp_path) == []


def test_the_prowler_command_limits_services_regions_and_output(tool: ModuleType) -> None:
    """The command names every service and region and asks for OCSF JSON in the directory."""
    command = tool.prowler_command(Path("prowler"), ["eu-west-1", "us-east-1"], Path("out"))
    assert command[1] == "aws"
    services = command[command.index("--service") + 1 : command.index("--region")]
    assert services == list(tool.SERVICES)
    regions = command[command.index("--region") + 1 : command.index("--output-formats")]
    assert regions == ["eu-west-1", "us-east-1"]
    assert command[command.index("--output-formats") + 1] == "json-ocsf"
    assert command[command.index("--output-directory") + 1] == "out"


def test_requests_are_counted_from_the_access_log_whatever_their_status(
    measure: ModuleType,
) -> None:
    """Colored error lines, a traceback glued to a line and the bench's own probe are handled."""
    text = (FIXTURES / "moto_access.log").read_text(encoding="utf-8")
    assert measure.count_requests(text) == 8
    assert measure.request_statuses(text) == {"200": 4, "404": 3, "500": 1}


def test_the_request_log_returns_only_what_was_logged_after_the_mark(
    measure: ModuleType, tmp_path: Path
) -> None:
    """Lines before mark() are not counted again."""
    path = tmp_path / "moto.log"
    line = '127.0.0.1 - - [28/Nov/2026 08:08:11] "POST / HTTP/1.1" 200 -\n'
    path.write_text(line * 3, encoding="utf-8")
    log = measure.RequestLog(path)
    log.mark()
    with path.open("a", encoding="utf-8") as more:
        more.write(line * 2)
    assert measure.count_requests(log.since_mark(settle=0)) == 2


def test_the_shipped_map_names_real_controls_and_explains_with_known_classes(
    comparing: ModuleType,
) -> None:
    """Every mapped control is registered in srmap; every explanation has a known class."""
    from srmap.controls import default_controls  # noqa: PLC0415 - the registry is the oracle

    loaded = comparing.load_mapping(BENCH / "prowler_map.toml")
    known = {item.id for item in default_controls()}
    assert loaded.mappings
    assert {m.control for m in loaded.mappings} - known == set()
    assert {e.kind for e in loaded.explanations} <= set(comparing.CLASSES)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[mapping]]\ncontrol = "x"\nprowler = []\nreason = "r"\n', r"mapping\[0\]"),
        ('[[mapping]]\ncontrol = "x"\nprowler = ["c"]\n', "needs a reason"),
        ('[[explain]]\nclass = "guess"\nreason = "r"\n', r"explain\[0\]"),
        ("[[mapping]\n", "prowler_map.toml"),
    ],
)
def test_a_malformed_map_names_the_file_and_the_entry(
    comparing: ModuleType, tmp_path: Path, text: str, message: str
) -> None:
    """Empty check lists, missing reasons, unknown classes and bad TOML are refused."""
    path = tmp_path / "prowler_map.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as raised:
        comparing.load_mapping(path)
    assert str(path) in str(raised.value)


def _report(*findings: tuple[str, str, str, str]) -> dict[str, object]:
    return {
        "findings": [
            {"control": control, "status": status, "resource": {"id": rid, "type": rtype}}
            for control, rtype, rid, status in findings
        ]
    }


def test_verdicts_join_on_the_arn_and_account_checks_on_the_account(
    tool: ModuleType, comparing: ModuleType
) -> None:
    """The sample's findings meet srmap's on the same ARN; per-region account findings reduce
    to one verdict; a resource only one side judged shows '-' on the other."""
    mappings = comparing.load_mapping(FIXTURES / "map.toml").mappings
    report = _report(
        ("ec2.security_group.ssh_open_to_internet", "ec2.security_group", OPEN_GROUP, "fail"),
        ("aws.account.ebs_encryption_by_default", "aws.account", ACCOUNT_ARN, "fail"),
        ("kms.key.rotation", "kms.key", "arn:aws:kms:eu-west-1:123456789012:key/k-2", "pass"),
        ("s3.bucket.versioning", "s3.bucket", "arn:aws:s3:::unmapped", "fail"),
    )
    rows = comparing.compare(tool.read_findings(FIXTURES), report, mappings)
    by_key = {(r.control, r.resource): (r.prowler, r.srmap) for r in rows}
    assert by_key[("ec2.security_group.ssh_open_to_internet", OPEN_GROUP)] == ("fail", "fail")
    assert by_key[("aws.account.ebs_encryption_by_default", "account")] == ("fail", "fail")
    kms = {k: v for k, v in by_key.items() if k[0] == "kms.key.rotation"}
    assert kms == {
        ("kms.key.rotation", "arn:aws:kms:eu-west-1:123456789012:key/k-1"): ("fail", "-"),
        ("kms.key.rotation", "arn:aws:kms:eu-west-1:123456789012:key/k-2"): ("pass", "pass"),
    }
    assert not any(r.control == "s3.bucket.versioning" for r in rows)


def test_differences_take_the_first_matching_explanation(comparing: ModuleType) -> None:
    """Globs over control and verdicts pick the explanation; nothing matching gives None."""
    explanations = comparing.load_mapping(FIXTURES / "map.toml").explanations
    absent = comparing.Row("kms.key.rotation", ("kms_cmk_rotation_enabled",), "k", "fail", "-")
    differ = comparing.Row("kms.key.rotation", ("kms_cmk_rotation_enabled",), "k", "pass", "fail")
    assert comparing.explain(absent, explanations).kind == "srmap bug"
    assert comparing.explain(differ, explanations) is None
    assert comparing.Row("c", (), "r", "fail", "fail").agrees
    assert not comparing.Row("c", (), "r", "manual", "manual").agrees


def test_differences_are_grouped_by_control_verdicts_and_explanation(
    comparing: ModuleType,
) -> None:
    """Agreeing rows are left out; unexplained ones are grouped under UNEXPLAINED."""
    explanations = comparing.load_mapping(FIXTURES / "map.toml").explanations
    check = ("kms_cmk_rotation_enabled",)
    rows = [
        comparing.Row("kms.key.rotation", check, "k1", "fail", "-"),
        comparing.Row("kms.key.rotation", check, "k2", "fail", "-"),
        comparing.Row("kms.key.rotation", check, "k3", "pass", "fail"),
        comparing.Row("kms.key.rotation", check, "k4", "pass", "pass"),
    ]
    groups = comparing.group_differences(rows, explanations)
    assert [(g.kind, g.prowler, g.srmap, len(g.rows)) for g in groups] == [
        ("UNEXPLAINED", "pass", "fail", 1),
        ("srmap bug", "fail", "-", 2),
    ]


def test_snapshot_and_image_arns_join_without_the_account(comparing: ModuleType) -> None:
    """Prowler's account-qualified EBS snapshot and AMI ARNs meet srmap's account-less ones."""
    prowler_arn = "arn:aws:ec2:eu-west-1:123456789012:snapshot/snap-1"
    assert comparing.resource_key(prowler_arn) == "arn:aws:ec2:eu-west-1::snapshot/snap-1"
    image = "arn:aws:ec2:eu-west-1:123456789012:image/ami-1"
    assert comparing.resource_key(image) == "arn:aws:ec2:eu-west-1::image/ami-1"
    assert comparing.resource_key(OPEN_GROUP) == OPEN_GROUP


def test_a_resource_neither_side_judged_is_no_row(tool: ModuleType, comparing: ModuleType) -> None:
    """srmap's not_applicable where Prowler said nothing is left out; srmap's fail is kept."""
    mappings = comparing.load_mapping(FIXTURES / "map.toml").mappings
    control = "ec2.security_group.ssh_open_to_internet"
    other = "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-other"
    third = "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-third"
    report = _report(
        (control, "ec2.security_group", other, "not_applicable"),
        (control, "ec2.security_group", third, "fail"),
    )
    rows = comparing.compare([], report, mappings)
    assert [(r.resource, r.prowler, r.srmap) for r in rows] == [(third, "-", "fail")]
