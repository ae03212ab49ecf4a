"""The respondents an analysis runs on: scale scores, the churn outcome, complete cases and who was left out.

A PLS path model needs every answer of a respondent: the construct scores
are weighted sums of *all* the items of a block, and the paths are
regressions between these scores, so a respondent who skipped one question
has no score for that construct.  Two ways out exist:

* **complete cases** (listwise deletion): estimate on the respondents who
  answered every question the model uses, and *say* how many were left out.
  Unbiased when answers are missing completely at random, at the cost of
  precision; with 3 % missing answers on each of 30 items about
  :math:`1 - 0.97^{30} \\approx 60\\,\\%` of respondents remain;
* **imputation**: replace a missing answer by a value.  Replacing it by the
  item mean shrinks the item's variance and its correlations, so loadings and
  paths are biased towards zero; done silently it hides how much was guessed.

The reports use complete cases and state the count (:func:`complete_responses`);
:func:`block_means` (the unweighted "summated scale" of survey research) takes
the mean of the items answered, which is what a teaching notebook shows
beside the PLS scores.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError, DataExclusionWarning
from ..validation import (caller_stacklevel, check_columns, missing_per_item, offending_rows, survey_items,
                          to_numeric_column)

__all__ = ["block_means", "churn_outcome", "complete_responses", "SurveySample", "weakest_driver"]


def block_means(data: pd.DataFrame, blocks: dict) -> pd.DataFrame:
    """Scale scores: the mean rating of each construct's items per respondent (columns named by construct).

    The simple unweighted "summated scale" of survey research; a respondent
    who skipped some items of a block gets the mean of the items answered
    (NaN only when all are missing) -- a warning counts the respondents and the
    missing answers per item.  Answers are checked against the scale declared
    with ``data`` (or, undeclared, for missing-answer codes such as -99); the
    means lie on the same scale, which the result declares (``attrs["scale"]``,
    items = the constructs).

    Example: items a1 = (1, 4), a2 = (3, 6) give block A = (2, 5).
    """
    items = [i for cols in blocks.values() for i in cols]
    check_columns(data, items, name="survey")
    numeric = survey_items(data, items)
    gaps = numeric.isna()
    if gaps.to_numpy().any():
        partial = gaps.any(axis=1)
        warnings.warn(f"{int(partial.sum())} of {len(numeric)} respondents skipped some items: their scale score is "
                      f"the mean of the items they answered (NaN for a block left blank; missing per item: "
                      f"{missing_per_item(numeric)}; {offending_rows(partial, numeric.index)})",
                      DataExclusionWarning, stacklevel=caller_stacklevel())
    out = pd.DataFrame({construct: numeric[list(cols)].mean(axis=1) for construct, cols in blocks.items()},
                       index=data.index)
    if "scale" in numeric.attrs:
        out = out.copy()
        out.attrs = {"scale": numeric.attrs["scale"], "items": list(blocks)}
    return out


def churn_outcome(data: pd.DataFrame, churn_column: str = "churned", *, intention_item: str | None = None,
                  scale: tuple[float, float] | None = None, warn: bool = True) -> pd.Series:
    """A 0/1 churn Series: observed churn, or stated defection when no churn was observed.

    With ``churn_column`` (a 0/1 column of ``data``) the observed churn is
    returned.  With ``churn_column=""`` the survey has no behaviour, and churn
    is *stated*: an answer to ``intention_item`` (e.g. "will you buy from us
    again?") in the lower half of the rating ``scale`` -- at or below the
    midpoint :math:`(\\text{low} + \\text{high})/2` -- counts as intending to
    leave (on 1-10 the midpoint is 5.5: 5 leaves, 6 stays; on 1-7 it is 4, so 4
    leaves); the scale is ``scale`` or the one declared with ``data``
    (required for stated churn).  ``attrs["source"]`` says which
    ("observed" or "stated") and ``attrs["column"]`` the column used, so
    reports can say it.  A respondent without a value gets NaN, counted in a
    warning (``warn=False`` when the caller states the count itself).
    """
    if churn_column:
        check_columns(data, [churn_column], name="survey")
        values = to_numeric_column(data, churn_column, name="survey", allow_missing=True)
        bad = values.notna() & ~values.isin([0, 1])
        if bad.any():
            raise CRMDataError(f"column '{churn_column}' must be 0/1; other values in {offending_rows(bad, data.index)}")
        out, source, column = values, "observed", churn_column
    else:
        if not intention_item:
            raise CRMDataError("without a churn column, name an intention_item (a repurchase-intention question)")
        check_columns(data, [intention_item], name="survey")
        answers = survey_items(data, [intention_item], scale=scale, require_scale=True)
        rating = answers[intention_item]
        midpoint = (answers.attrs["scale"][0] + answers.attrs["scale"][1]) / 2
        out = (rating <= midpoint).astype(float).where(rating.notna())
        source, column = "stated", intention_item
    out = pd.Series(out, index=data.index, name="churned")
    if warn and out.isna().any():
        warnings.warn(f"{int(out.isna().sum())} of {len(out)} respondents have no value in '{column}': their churn "
                      f"is missing ({offending_rows(out.isna(), out.index)})", DataExclusionWarning,
                      stacklevel=caller_stacklevel())
    out.attrs = {"source": source, "column": column}
    return out


@dataclass
class SurveySample:
    """The respondents an analysis uses and everyone it left out, by reason.

    ``data``: the complete respondents (the caller's rows, attrs kept);
    ``n_total``: respondents in the survey; ``excluded``: respondents left
    out per reason (``{"missing_answers": k}``; mutually exclusive, they sum
    to ``n_total - n_used``); ``missing_by_block``: respondents with at least
    one missing answer in each construct block (overlapping: one respondent
    can miss answers in several blocks); ``missing_per_item``: missing answers
    per item.
    """

    data: pd.DataFrame
    n_total: int
    excluded: dict = field(default_factory=dict)
    missing_by_block: pd.Series = None
    missing_per_item: pd.Series = None

    @property
    def n_used(self) -> int:
        return len(self.data)

    @property
    def n_excluded(self) -> int:
        return int(sum(self.excluded.values()))


def complete_responses(data: pd.DataFrame, blocks: dict, *, extra_items=(), scale=None) -> SurveySample:
    """The respondents who answered every item of ``blocks`` (and ``extra_items``), with the exclusion counts.

    Answers are checked against ``scale`` or the scale declared with ``data``
    (an answer outside it is an error naming the rows, never a dropped row).
    No warning is issued: the counts travel in the returned
    :class:`SurveySample` so the page states them (``excluded``,
    ``missing_by_block``).  The caller's table is not modified.

    Example: blocks A = [a1, a2], B = [b1] and answers a1 = (1, NaN, 3, NaN),
    a2 = (2, 2, NaN, NaN), b1 = (5, 5, 5, NaN) keep respondent 0 only:
    ``excluded == {"missing_answers": 3}``, ``missing_by_block == {A: 3, B: 1}``.
    """
    items = list(dict.fromkeys([i for cols in blocks.values() for i in cols] + list(extra_items)))
    check_columns(data, items, name="survey")
    values = survey_items(data, items, scale=scale)
    gaps = values.isna()
    incomplete = gaps.any(axis=1)
    by_block = pd.Series({construct: int(gaps[list(cols)].any(axis=1).sum()) for construct, cols in blocks.items()},
                         name="respondents", dtype=int)
    kept = data.loc[~incomplete.to_numpy()]
    kept.attrs = dict(data.attrs)
    return SurveySample(data=kept, n_total=len(data), excluded={"missing_answers": int(incomplete.sum())},
                        missing_by_block=by_block, missing_per_item=gaps.sum().astype(int).rename("missing"))


def weakest_driver(index_scores: pd.DataFrame, drivers) -> pd.Series:
    """Per respondent, the driver with the lowest 0-100 index score (ties: the first in ``drivers``).

    ``index_scores`` as returned by ``PLSPathModel.index_scores``; ``drivers``
    the constructs to compare (e.g. the drivers of satisfaction).  A respondent
    without a score on every driver gets NaN.
    """
    drivers = list(drivers)
    check_columns(index_scores, drivers, name="index scores")
    scores = index_scores[drivers]
    complete = scores.notna().all(axis=1)
    out = pd.Series(np.nan, index=scores.index, dtype=object, name="weakest_driver")
    if complete.any():
        out[complete] = scores[complete].idxmin(axis=1)
    return out
