"""The scan as OSCAL 1.1: a component definition (the responsibility split per AWS service in
use) and assessment results (observations with evidence, findings with status).

Plain JSON: srmap needs no OSCAL library to write it; tests validate it with compliance-trestle's
models. UUIDs are uuid5 of stable names and times are the scan's, so output is deterministic."""

from srmap.report.oscal.common import OSCAL_VERSION, SRMAP_NS
from srmap.report.oscal.component import component_definition, render_oscal_component_definition
from srmap.report.oscal.results import assessment_results, render_oscal_assessment_results

__all__ = [
    "OSCAL_VERSION",
    "SRMAP_NS",
    "assessment_results",
    "component_definition",
    "render_oscal_assessment_results",
    "render_oscal_component_definition",
]
