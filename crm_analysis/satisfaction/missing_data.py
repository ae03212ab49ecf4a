"""The missing-data table of a survey: how many answers each item lacks and how many each respondent gave.

Before any model, a researcher reports how complete the answers are (Hair et
al. 2022, *A Primer on PLS-SEM*, 3rd ed., ch. 2): the count and share of
missing answers per item (mean replacement is defensible below about 5 % per
item) and how the gaps spread over respondents (many respondents missing one
answer each is a different problem from a few who stopped half-way, whom
listwise deletion would drop anyway).  Little & Rubin (2019), *Statistical
Analysis with Missing Data*, 3rd ed., explain what each handling assumes.

Answers are read through :func:`crm_analysis.validation.survey_items`, so a
"no answer" code such as -99 must be declared as missing first
(``declare_scale(survey, (1, 7), missing_codes=(-99,))`` or
``read_survey(..., missing_codes=...)``); left in the data it would count as an
answer, and that is an error naming its rows.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..validation import survey_items

__all__ = ["MissingDataReport", "missing_data_report"]


@dataclass(frozen=True)
class MissingDataReport:
    """Missing answers of a survey, per item and per respondent.

    Attributes
    ----------
    by_item : DataFrame
        Indexed by item (``item``): ``missing`` (respondents without an answer)
        and ``share`` (missing / respondents).
    by_respondent : DataFrame
        Indexed by ``missing_answers`` = 0, 1, ..., up to the largest number
        any respondent lacks: ``respondents`` (how many miss exactly that many
        answers) and ``share`` (of all respondents).
    n_respondents : int
        Rows of the table.
    n_complete : int
        Respondents who answered every item (``by_respondent.loc[0]``).
    handling : str or None
        What the analysis did with the gaps (``"listwise"``, ``"mean"``,
        ``"pairwise"``), when the report comes from a fitted model.
    n_dropped : int
        Respondents the analysis left out (listwise deletion), else 0.
    """

    by_item: pd.DataFrame
    by_respondent: pd.DataFrame
    n_respondents: int
    n_complete: int
    handling: str | None = None
    n_dropped: int = 0


def report_from_values(values: pd.DataFrame, *, handling: str | None = None) -> MissingDataReport:
    """The report of numeric answers already read and checked (``NaN`` = no answer)."""
    gaps = values.isna()
    n = len(values)
    missing = gaps.sum().astype(int)
    by_item = pd.DataFrame({"missing": missing, "share": missing / n if n else missing * 0.0})
    by_item.index.name = "item"
    per_respondent = gaps.sum(axis=1).astype(int)
    top = int(per_respondent.max()) if n else 0
    counts = per_respondent.value_counts().reindex(range(top + 1), fill_value=0).astype(int)
    by_respondent = pd.DataFrame({"respondents": counts, "share": counts / n if n else counts * 0.0})
    by_respondent.index.name = "missing_answers"
    n_complete = int(counts.iloc[0]) if n else 0
    dropped = n - n_complete if handling == "listwise" else 0
    return MissingDataReport(by_item=by_item, by_respondent=by_respondent, n_respondents=n,
                             n_complete=n_complete, handling=handling, n_dropped=dropped)


def missing_data_report(data: pd.DataFrame, items=None, *, scale=None) -> MissingDataReport:
    """Count the missing answers of ``items`` per item and per respondent.

    Parameters
    ----------
    data : DataFrame
        One row per respondent; not modified.
    items : list of str, optional
        The answer columns; default the items declared with the survey, else every column.
    scale : (low, high), optional
        The rating scale, when the survey does not declare one; answers are checked against it.

    Returns
    -------
    MissingDataReport
        ``by_item`` (``missing``, ``share`` per item), ``by_respondent``
        (``respondents``, ``share`` by number of missing answers 0, 1, 2, ...),
        ``n_respondents``, ``n_complete``.  A fitted
        :class:`~crm_analysis.satisfaction.PLSPathModel` keeps the same report of
        its items as ``missing_report_``, with ``handling`` and ``n_dropped`` set.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> survey = pd.DataFrame({"q1": [1, np.nan, 3], "q2": [2, np.nan, np.nan]})
    >>> report = missing_data_report(survey, scale=(1, 5))
    >>> report.by_item["missing"].tolist(), report.by_respondent["respondents"].tolist()
    ([1, 2], [1, 1, 1])
    """
    if items is None:
        recorded = getattr(data, "attrs", {}).get("items")
        items = list(recorded) if recorded is not None else None
    return report_from_values(survey_items(data, items, scale=scale))
