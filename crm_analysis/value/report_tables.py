"""Kept only while notebook 31 (the churn report) still imports :func:`format_table`; delete with that import.

Everything else that lived here has moved (issue 10):

* computations into the engine: :func:`~crm_analysis.value.rfm.customer_totals`;
  :func:`~crm_analysis.value.concentration.pareto_table`,
  :func:`~crm_analysis.value.concentration.customer_share_for_value`,
  :func:`~crm_analysis.value.concentration.segment_summary`;
  :func:`~crm_analysis.value.clv.clv_if_alive`, :func:`~crm_analysis.value.clv.valuable_at_risk`,
  :func:`~crm_analysis.value.clv.valuable_probably_gone`;
  :func:`~crm_analysis.value.holdout.alive_vs_holdout`;
  :func:`~crm_analysis.value.plots.plot_count_value_shares`;
* presentation into :mod:`crm_analysis.present.value` (tables, findings, action
  lists, the 80/20 verdict) with its words in ``crm_analysis/present/catalogue/value.py``.
  New code formats tables with :func:`crm_analysis.present.display_table`.
"""
from __future__ import annotations

import pandas as pd

__all__ = ["format_table"]


def format_table(table: pd.DataFrame, decimals: int = 2) -> pd.DataFrame:
    """A display copy of a report table: numbers as text with thousands separators (use ``present.display_table``).

    >>> format_table(pd.DataFrame({"n": [1234567], "x": [0.5], "s": ["a"]})).iloc[0].tolist()
    ['1,234,567', '0.50', 'a']
    """
    out = table.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
            continue
        if pd.api.types.is_integer_dtype(values):
            out[column] = [f"{v:,}" for v in values]
        else:
            out[column] = [f"{v:,.{decimals}f}" if pd.notna(v) else "" for v in values]
    return out
