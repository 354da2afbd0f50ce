"""The scan as one self-contained HTML page: the workload's responsibility diagram, the matrix,
and the findings with filters."""

from srmap.report.html.render import render_html

__all__ = ["render_html"]
