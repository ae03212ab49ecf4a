"""The linked tables prepared for the claims: one row per surveyed customer, in time order.

The claims C1, C3 and C6 need the survey, the orders, the costs and the churn
of the *same* customers (the customer database of issue 11: ``customers``,
``transactions``, ``surveys``, ``complaints``, ids as text).  This module
joins them once, the same way for every claim:

* :func:`survey_satisfaction` -- each respondent's satisfaction (the mean of
  the satisfaction items) and the date of the answer; a customer who answered
  twice keeps the first answer (later answers may already reflect what the
  claim tests);
* :func:`churn_after_survey` -- whether the customer closed the account
  *after* answering (``churn_date`` later than the survey date); a customer
  who had already left when the answer is dated is left out;
* :func:`purchase_cycles` -- each customer's mean inter-purchase time (days);
* :func:`profit_per_customer` -- revenue x margin minus cost-to-serve per
  order x orders (currency over the whole history;
  :func:`crm_analysis.value.customer_profit`).

Every function copies its inputs, names a missing column in a
:class:`~crm_analysis.exceptions.CRMDataError` and counts the customers it
leaves out in a :class:`~crm_analysis.exceptions.DataExclusionWarning`.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError, DataExclusionWarning
from ..validation import check_columns

__all__ = ["LeftOutWarning", "survey_satisfaction", "churn_after_survey", "purchase_cycles", "profit_per_customer",
           "logistic_slopes", "SATISFACTION_ITEMS"]

#: the satisfaction items of the ECSI survey of ``datasets.make_survey`` / ``make_company`` (1-10)
SATISFACTION_ITEMS = ("sat1", "sat2", "sat3", "sat4")


def _ids(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """A copy with ``customer_id`` as a text column (an index named customer_id becomes the column)."""
    if "customer_id" not in frame.columns and frame.index.name == "customer_id":
        frame = frame.reset_index()
    check_columns(frame, ["customer_id"], name=name)
    frame = frame.copy()
    missing = frame["customer_id"].isna()
    if missing.any():
        rows = list(frame.index[missing][:5])
        raise CRMDataError(f"{name}: column customer_id has missing ids (first rows: {rows})")
    frame["customer_id"] = frame["customer_id"].astype(str)
    return frame


def _dates(frame: pd.DataFrame, column: str, name: str) -> pd.Series:
    try:
        return pd.to_datetime(frame[column])
    except (TypeError, ValueError) as error:
        raise CRMDataError(f"{name}: column {column} must hold dates ({error})") from None


class LeftOutWarning(DataExclusionWarning):
    """A :class:`DataExclusionWarning` that also carries its sentence as a catalogue phrase (``phrase``).

    A claims page shows the phrase in the page's language; the message is the English of the same sentence.
    """

    def __init__(self, message: str, phrase):
        super().__init__(message)
        self.phrase = phrase


def _left_out(n: int, total: int, what: str, why: str, reason: str, **fields) -> None:
    """Warn that ``n`` of ``total`` rows were left out; ``reason`` names the catalogue sentence (teach_left_out_*)."""
    if n:
        from ..present.claims import Phrase

        phrase = Phrase(f"teach_left_out_{reason}", n=f"{n:,}", total=f"{total:,}", **fields)
        warnings.warn(LeftOutWarning(f"{n:,} of {total:,} {what} left out: {why}", phrase), stacklevel=3)


def survey_satisfaction(survey: pd.DataFrame, items=SATISFACTION_ITEMS) -> pd.DataFrame:
    """Each respondent's satisfaction and answer date: one row per customer, indexed by ``customer_id``.

    ``satisfaction`` is the mean of ``items`` (on the survey's own scale);
    answers with a missing item or a missing date are left out, and a customer
    with several answers keeps the earliest (without a ``date`` column: the
    first in the table, ``survey_date`` NaT).  Returns ``satisfaction`` and
    ``survey_date``.
    """
    items = list(items)
    survey = _ids(survey, "survey")
    check_columns(survey, items, name="survey")
    ratings = survey[items].apply(pd.to_numeric, errors="coerce")
    dated = "date" in survey.columns
    dates = _dates(survey, "date", "survey") if dated else pd.Series(pd.NaT, index=survey.index)
    answered = ratings.notna().all(axis=1)
    _left_out(int((~answered).sum()), len(survey), "survey answers", f"a missing answer to one of {items}",
              "answer_missing", items=", ".join(map(str, items)))
    undated = answered & dates.isna() if dated else answered & False
    _left_out(int(undated.sum()), len(survey), "survey answers", "no answer date", "answer_undated")
    keep = (answered & ~undated).to_numpy()
    frame = pd.DataFrame({"customer_id": survey["customer_id"], "satisfaction": ratings.mean(axis=1),
                          "survey_date": dates})[keep]
    frame = frame.sort_values(["customer_id", "survey_date"], kind="stable")
    repeated = frame["customer_id"].duplicated()
    _left_out(int(repeated.sum()), len(frame), "survey answers", "a later answer of a customer who answered before "
              "(the first answer is kept)", "answer_repeated")
    return frame[~repeated.to_numpy()].set_index("customer_id")


def churn_after_survey(respondents: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    """Join ``respondents`` (:func:`survey_satisfaction`) with the churn that followed the answer.

    ``churned`` is 1 when the customer closed the account *after* the survey
    date (``churn == 1`` and ``churn_date`` later than ``survey_date``), else 0
    (stayed until the observation end).  Respondents not in ``customers``,
    without a churn label, or who had left on or before the survey date are
    left out (counted in a warning).  A churner without ``churn_date`` is
    left out too: the order of answer and departure is unknown.
    """
    customers = _ids(customers, "customers")
    check_columns(customers, ["churn", "churn_date"], name="customers")
    if respondents["survey_date"].isna().all():
        raise CRMDataError("survey: column date (the answer date) is needed to place churn after the answer")
    table = customers.set_index("customer_id")[["churn", "churn_date"]].copy()
    table["churn_date"] = _dates(table, "churn_date", "customers")
    joined = respondents.join(table, how="left")
    total = len(joined)
    churn = pd.to_numeric(joined["churn"], errors="coerce")
    known = churn.notna()
    _left_out(int((~known).sum()), total, "respondents", "not in the customer table or without a churn label",
              "respondent_unlinked")
    joined, churn = joined[known], churn[known]
    before = (churn == 1) & (joined["churn_date"] <= joined["survey_date"])
    undated = (churn == 1) & joined["churn_date"].isna()
    _left_out(int(before.sum()), total, "respondents", "they had closed the account on or before their survey date",
              "respondent_gone")
    _left_out(int(undated.sum()), total, "respondents", "churned without a churn_date (order unknown)",
              "respondent_undated")
    keep = ~(before | undated)
    out = joined[keep].drop(columns=["churn"]).assign(churned=(churn[keep] == 1).astype(int))
    return out


def purchase_cycles(transactions: pd.DataFrame) -> pd.Series:
    """Mean inter-purchase time per customer (days): (last order - first order) / (orders - 1).

    Orders are purchase days (several rows on one day are one order); a
    customer with a single purchase day has no cycle and is left out (counted
    in a warning).  Returns a Series ``purchase_cycle_days`` indexed by ``customer_id``.
    """
    transactions = _ids(transactions, "transactions")
    check_columns(transactions, ["date"], name="transactions")
    days = pd.DataFrame({"customer_id": transactions["customer_id"],
                         "day": _dates(transactions, "date", "transactions").dt.normalize()}).dropna()
    days = days.drop_duplicates()
    grouped = days.groupby("customer_id")["day"]
    n = grouped.size()
    span = (grouped.max() - grouped.min()).dt.days
    cycle = (span / (n - 1)).where(n > 1)
    _left_out(int((n == 1).sum()), len(n), "customers", "a single purchase day (no repurchase cycle)",
              "single_purchase")
    return cycle.dropna().rename("purchase_cycle_days")


def profit_per_customer(transactions: pd.DataFrame, customers: pd.DataFrame, *, margin: float) -> pd.Series:
    """Profit of each buying customer over the whole history: :math:`m R_i - n_i c_i` (currency).

    :func:`crm_analysis.value.customer_profit` with the whole history as the
    window: :math:`R_i` the revenue, :math:`n_i` the orders, :math:`c_i` the
    customer's ``cost_to_serve`` per order and :math:`m` the gross ``margin``
    share of revenue.  Buyers without a cost to serve are left out (their
    profit is unknown, not zero), with a warning.
    """
    from ..value import customer_profit

    table = customer_profit(_ids(transactions, "transactions"), _ids(customers, "customers"), margin=margin,
                            missing_cost="exclude")
    return table["profit"].rename("profit")


def logistic_slopes(x: np.ndarray, y: np.ndarray, rows: np.ndarray, *, iterations: int = 30) -> np.ndarray:
    """Slope of a one-predictor logistic regression of ``y`` (0/1) on ``x``, for each row set in ``rows``.

    ``rows`` is an ``(n_sets, n)`` array of row indices (bootstrap resamples, or
    one row ``arange(n)`` for the estimate itself); the fits run side by side
    by Newton-Raphson on :math:`\\text{logit}\\,P(y=1) = a + b x`.  A set whose
    outcome does not vary, or whose fit separates the outcome (no finite
    maximum), gives NaN.
    """
    X, Y = x[rows], y[rows].astype(float)
    a = np.zeros(len(rows))
    b = np.zeros(len(rows))
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(iterations):
            p = 1 / (1 + np.exp(-(a[:, None] + b[:, None] * X)))
            w = p * (1 - p)
            g0, g1 = (Y - p).sum(axis=1), ((Y - p) * X).sum(axis=1)
            h00, h01, h11 = w.sum(axis=1), (w * X).sum(axis=1), (w * X * X).sum(axis=1)
            det = h00 * h11 - h01 ** 2
            step_a, step_b = (h11 * g0 - h01 * g1) / det, (h00 * g1 - h01 * g0) / det
            a, b = a + step_a, b + step_b
            if np.nanmax(np.abs(step_b), initial=0.0) < 1e-10:
                break
    constant = (Y.min(axis=1) == Y.max(axis=1))
    b[constant | ~np.isfinite(b) | (np.abs(b) > 50)] = np.nan
    return b
