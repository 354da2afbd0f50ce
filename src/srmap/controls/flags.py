"""Controls that pass when one boolean attribute is true: declared as data, made by one factory."""

from __future__ import annotations

from srmap.controls.engine import Control, ControlContext, Verdict, control, failed, passed
from srmap.model import Layer, Resource, Severity

__all__ = ["flag_control"]


def flag_control(
    control_id: str,
    attribute: str,
    *,
    layer: Layer,
    title: str,
    severity: Severity,
    remediation: str,
    on: str,
    off: str,
) -> Control:
    """A control passing when one boolean attribute is true (``on``/``off`` are the messages)."""
    type_id = control_id.rsplit(".", 1)[0]

    @control(
        control_id,
        title=title,
        layer=layer,
        applies_to=[type_id],
        severity=severity,
        remediation=remediation,
    )
    def check(resource: Resource, context: ControlContext) -> Verdict:
        """The attribute must be true; false, missing or unknown does not pass."""
        value = resource.attributes.get(attribute)
        evidence = {attribute: value}
        if value is True:
            return passed(on, evidence)
        return failed(off, evidence)

    return check
