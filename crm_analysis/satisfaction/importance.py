"""Importance–performance analysis (Martilla & James 1977) and its PLS version (Ringle & Sarstedt 2016).

Each attribute (or construct) gets an *importance* -- how much it drives the
outcome -- and a *performance* -- how well the firm currently does on it.  The
grid split at the mean importance and mean performance gives four quadrants:

============================  =================  ==================
quadrant                      importance         performance
============================  =================  ==================
concentrate here              high               low
keep up the good work         high               high
low priority                  low                low
possible overkill             low                high
============================  =================  ==================

Stated importance is unreliable (customers call everything important), so the
importance is *derived*: regression coefficients or correlations of the
attribute with overall satisfaction, or in a PLS model the total effect of a
construct on the target construct; performance is the mean rating (PLS: the
mean 0-100 index score).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError
from ..validation import check_columns, drop_incomplete_answers, survey_items

__all__ = ["derived_importance", "importance_performance", "pls_importance_performance", "QUADRANTS"]

QUADRANTS = {(True, False): "concentrate here", (True, True): "keep up the good work",
             (False, False): "low priority", (False, True): "possible overkill"}


def derived_importance(data: pd.DataFrame, attributes, outcome: str, *, method: str = "regression",
                       scale=None) -> pd.Series:
    """Importance of each attribute for ``outcome``: standardised OLS coefficients or Pearson correlations.

    Answers are checked against ``scale`` or the scale declared with ``data``
    (without one, missing-answer codes such as -99 are an error); respondents
    with a missing answer are dropped with a warning giving the count per item,
    and ``attrs["n_obs"]`` is the number used.
    """
    attributes = list(attributes)
    check_columns(data, attributes + [outcome], name="survey")
    values = drop_incomplete_answers(survey_items(data, attributes + [outcome], scale=scale))
    if method == "correlation":
        out = values[attributes].corrwith(values[outcome])
    elif method == "regression":
        z = (values - values.mean()) / values.std(ddof=1)
        beta, *_ = np.linalg.lstsq(z[attributes].to_numpy(), z[outcome].to_numpy(), rcond=None)
        out = pd.Series(beta, index=attributes)
    else:
        raise ValueError(f"method must be 'regression' or 'correlation', got {method!r}")
    out.name = "importance"
    out.attrs = {"n_obs": len(values)}
    return out


def importance_performance(importance: pd.Series, performance: pd.Series, *, importance_cut: float | None = None,
                           performance_cut: float | None = None) -> pd.DataFrame:
    """Quadrant table: importance, performance and quadrant per attribute (cuts default to the means)."""
    importance, performance = pd.Series(importance, dtype=float), pd.Series(performance, dtype=float)
    if not importance.index.equals(performance.index):
        missing = sorted(set(importance.index) ^ set(performance.index))
        if missing:
            raise CRMDataError(f"importance and performance must cover the same attributes; unmatched: {missing}")
        performance = performance[importance.index]
    i_cut = importance.mean() if importance_cut is None else importance_cut
    p_cut = performance.mean() if performance_cut is None else performance_cut
    table = pd.DataFrame({"importance": importance, "performance": performance})
    table["quadrant"] = [QUADRANTS[(bool(i >= i_cut), bool(p >= p_cut))]
                         for i, p in zip(table["importance"], table["performance"])]
    table.index.name = "attribute"
    table.attrs.update(importance_cut=i_cut, performance_cut=p_cut)
    return table


def pls_importance_performance(model, data: pd.DataFrame, target: str, *,
                               scale: tuple[float, float] | None = None) -> pd.DataFrame:
    """Importance–performance map of a fitted :class:`~crm_analysis.satisfaction.PLSPathModel`.

    Importance = total effect of each construct on ``target`` (standardised);
    performance = mean 0-100 index score of the construct (see ``index_scores``,
    which takes the scale declared with ``data``, ``scale=``, or the model's
    ``scale_``, and refuses answers outside it).
    """
    model._check_fitted()
    effects = model.effects_[model.effects_["to"] == target].set_index("from")["total"]
    if effects.empty:
        raise CRMDataError(f"no construct has an effect on '{target}'")
    performance = model.index_scores(data, scale=scale).mean()[effects.index]
    return importance_performance(effects, performance)
