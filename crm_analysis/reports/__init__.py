"""Parameterized notebooks to HTML reports: runner (papermill), renderer (nbconvert), provenance, labels."""
from .labels import kpi_table, label
from ..provenance import record_input, report_footer
from .runner import ReportError, build_reports, run_report

__all__ = ["run_report", "build_reports", "ReportError", "report_footer", "record_input", "label", "kpi_table"]
