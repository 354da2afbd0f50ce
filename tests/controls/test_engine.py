"""The controls engine: explicit registry, evidence on every finding, and the Unknown rule."""

from __future__ import annotations

import gc

import pytest

from srmap.controls import (
    ControlContext,
    ControlRegistry,
    control,
    evaluate_controls,
    failed,
    passed,
)
from srmap.controls.engine import Control, Verdict, declared
from srmap.model import UNKNOWN, Layer, Reference, Resource, Severity, Status

CONTEXT = ControlContext()


def _bucket(**attributes: object) -> Resource:
    return Resource("b", "s3.bucket", "s3", "eu-west-1", None, "b", attributes)


def _control(check_id: str, check: object) -> Control:
    return control(
        check_id,
        title="t",
        layer=Layer.BACKUPS,
        applies_to=["s3.bucket"],
        severity=Severity.LOW,
        remediation="r",
    )(check)  # type: ignore[arg-type]


def _encrypted(resource: Resource, context: ControlContext) -> Verdict:
    value = resource.attributes.get("encrypted")
    if value:
        return passed("on", {"encrypted": value})
    return failed("off", {"encrypted": value})


def _cites(resource: Resource, context: ControlContext) -> Verdict:
    value = resource.attributes.get("encrypted")
    return passed("claims pass", {"encrypted": value})


def test_registry_refuses_duplicate_ids() -> None:
    """Two controls with one id cannot both be registered."""
    registry = ControlRegistry([_control("x.y.z", _encrypted)])
    with pytest.raises(ValueError, match="duplicate control id"):
        registry.add(_control("x.y.z", _cites))


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, Status.PASS), (False, Status.FAIL), (UNKNOWN, Status.UNKNOWN)],
)
def test_truth_test_on_unknown_becomes_unknown(value: object, expected: Status) -> None:
    """A control that asks UNKNOWN for its truth yields unknown, not a crash or a guess."""
    registry = ControlRegistry([_control("a.b.c", _encrypted)])
    [finding] = evaluate_controls([_bucket(encrypted=value)], registry, CONTEXT)
    assert finding.status is expected


def test_pass_citing_unknown_evidence_becomes_unknown() -> None:
    """A pass whose evidence holds UNKNOWN (even nested) is reported unknown."""
    registry = ControlRegistry([_control("a.b.c", _cites)])
    [finding] = evaluate_controls([_bucket(encrypted={"k": [UNKNOWN]})], registry, CONTEXT)
    assert finding.status is Status.UNKNOWN
    assert finding.evidence[0].path == "encrypted"


def test_findings_carry_metadata_and_evidence() -> None:
    """Each finding names its control, layer, severity, resource and the values seen."""
    registry = ControlRegistry([_control("a.b.c", _encrypted)])
    [finding] = evaluate_controls([_bucket(encrypted=True)], registry, CONTEXT)
    assert (finding.control_id, finding.layer, finding.severity) == (
        "a.b.c",
        Layer.BACKUPS,
        Severity.LOW,
    )
    assert finding.resource.id == "b"
    assert [(e.path, e.value) for e in finding.evidence] == [("encrypted", True)]


def test_controls_only_run_on_their_types() -> None:
    """A control for buckets never sees a queue."""
    registry = ControlRegistry([_control("a.b.c", _encrypted)])
    queue = Resource("q", "sqs.queue", "sqs", "eu-west-1", None, "q", {"encrypted": True})
    assert evaluate_controls([queue], registry, CONTEXT) == []


def _named_key(resource: Resource, context: ControlContext) -> Verdict:
    key = resource.attributes.get("kms_key_id")
    if isinstance(key, Reference):
        return passed("a key of this input", {"kms_key_id": declared(key)})
    return passed("cites the raw value", {"kms_key_id": key})


def test_reference_counts_as_unknown_unless_the_control_declares_it_understood() -> None:
    """A Reference is unknown to a control that cites it raw; one that understands it decides."""
    key = Reference("aws_kms_key.logs", "arn")
    registry = ControlRegistry([_control("a.b.c", _named_key), _control("a.b.d", _cites)])
    findings = evaluate_controls([_bucket(kms_key_id=key, encrypted=key)], registry, CONTEXT)
    status = {f.control_id: f.status for f in findings}
    assert status == {"a.b.c": Status.PASS, "a.b.d": Status.UNKNOWN}
    understood = next(f for f in findings if f.control_id == "a.b.c")
    assert "aws_kms_key.logs.arn" in understood.evidence[0].value


def test_controls_run_with_the_cyclic_collector_paused_and_restored() -> None:
    """Findings are built with the collector paused (it would rescan the inventory again and
    again), and the caller's collector is running again afterwards."""
    seen: list[bool] = []

    def _records(resource: Resource, context: ControlContext) -> Verdict:
        seen.append(gc.isenabled())
        return passed("ok", {})

    gc.enable()
    registry = ControlRegistry([_control("a.b.c", _records)])
    evaluate_controls([_bucket(), _bucket()], registry, CONTEXT)
    assert seen == [False, False]
    assert gc.isenabled()


def test_findings_follow_the_resources_each_by_control_id() -> None:
    """Controls registered in any order run by id, resource after resource as given."""
    registry = ControlRegistry([_control("z.last", _encrypted), _control("a.first", _cites)])
    second = Resource("a", "s3.bucket", "s3", "eu-west-1", None, "a", {"encrypted": True})
    findings = evaluate_controls([_bucket(encrypted=True), second], registry, CONTEXT)
    order = [(f.resource.id, f.control_id) for f in findings]
    assert order == [("b", "a.first"), ("b", "z.last"), ("a", "a.first"), ("a", "z.last")]
