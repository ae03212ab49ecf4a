"""Parameterized notebooks to HTML reports: runner (papermill), renderer (nbconvert), provenance, labels.

Notebooks import ``kpi_table``, ``label`` and ``report_footer`` from here; the
runner (which needs papermill and nbconvert) is imported only when
``run_report``, ``build_reports`` or ``ReportError`` is first used, so that
executing a notebook does not pay for the machinery that executes it.
"""
from ..provenance import record_input, report_footer
from .interrupt import RunInterrupted
from ..present.catalogue import text as label
from ..present.page import kpi_table

__all__ = ["run_report", "build_reports", "ReportError", "RunInterrupted", "report_footer", "record_input", "label",
           "kpi_table"]

_RUNNER_NAMES = {"run_report", "build_reports", "ReportError", "BuildError"}


def __getattr__(name):
    if name in _RUNNER_NAMES:
        from . import runner

        return getattr(runner, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
