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

A quadrant is a decision, so it needs more than a point estimate: with 300
respondents, a driver whose importance lies 0.01 above the mean of the
drivers is as likely below it in another sample.
:func:`pls_driver_priorities` bootstraps the respondents (the same resamples
for importance and performance) and puts a driver in a quadrant only when the
percentile intervals of *both* differences from the drivers' means exclude
zero; otherwise its priority is :data:`NO_CLEAR_PRIORITY`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError
from ..validation import check_columns, drop_incomplete_answers, survey_items

__all__ = ["derived_importance", "importance_performance", "pls_importance_performance", "pls_driver_priorities",
           "rank_drivers", "bootstrap_priorities", "QUADRANTS", "QUADRANT_ORDER", "NO_CLEAR_PRIORITY"]

QUADRANTS = {(True, False): "concentrate here", (True, True): "keep up the good work",
             (False, False): "low priority", (False, True): "possible overkill"}
#: Quadrants of an importance-performance table, most urgent first.
QUADRANT_ORDER = ["concentrate here", "keep up the good work", "low priority", "possible overkill"]
#: The priority of a driver whose difference from the mean importance or performance lies within the noise.
NO_CLEAR_PRIORITY = "no clear priority"


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


def rank_drivers(table: pd.DataFrame, column: str = "quadrant") -> pd.DataFrame:
    """Rows of an importance-performance table ordered by urgency, then by importance (largest first).

    Urgency is :data:`QUADRANT_ORDER` of ``column`` (``"priority"`` for a
    :func:`pls_driver_priorities` table), :data:`NO_CLEAR_PRIORITY` last.
    """
    order = {q: i for i, q in enumerate(QUADRANT_ORDER + [NO_CLEAR_PRIORITY])}
    rank = table[column].map(order).fillna(len(order))
    return (table.assign(_order=rank.to_numpy()).sort_values(["_order", "importance"], ascending=[True, False],
                                                             kind="stable").drop(columns="_order"))


def pls_driver_priorities(model, data: pd.DataFrame, target: str, *, n_bootstrap: int = 200, random_state=None,
                          ci_level: float | None = None, scale: tuple[float, float] | None = None) -> pd.DataFrame:
    """Importance-performance map with bootstrap intervals, and a priority only where the data support one.

    ``model`` is a fitted :class:`~crm_analysis.satisfaction.PLSPathModel` and
    ``data`` the survey it was fitted on.  Respondents are resampled
    ``n_bootstrap`` times (:meth:`PLSPathModel.bootstrap_draws`, seeded by
    ``random_state``; ``None``: the model's ``random_state``); on each
    resample the model is re-estimated (importance = total effect on
    ``target``) and the mean 0-100 index scores of the
    resampled respondents are taken (performance, with the full-sample
    weights).  For each driver :math:`i` and resample :math:`b` the
    differences from the drivers' means
    :math:`d^I_{ib} = I_{ib} - \\bar I_{b}` and :math:`d^P_{ib} = P_{ib} - \\bar P_{b}`
    give percentile intervals at ``ci_level`` (``None``: the model's
    ``ci_level``); the difference is *clear* when its interval excludes 0.

    Returns
    -------
    DataFrame by driver: ``importance``, ``importance_lower``,
    ``importance_upper``, ``performance``, ``performance_lower``,
    ``performance_upper`` (estimates and percentile intervals),
    ``importance_clear``, ``performance_clear`` (bool), ``quadrant`` (of the
    point estimates, as :func:`importance_performance`) and ``priority``: the
    quadrant when both differences are clear, else :data:`NO_CLEAR_PRIORITY`.
    ``attrs``: ``importance_cut``, ``performance_cut`` (the means),
    ``n_bootstrap`` (resamples estimated), ``ci_level``, ``n_obs``.
    """
    from . import pls_algorithm as alg

    if ci_level is None:
        ci_level = model.ci_level
    if not 0 < ci_level < 1:
        raise ValueError(f"ci_level must lie strictly between 0 and 1, got {ci_level}")
    table = pls_importance_performance(model, data, target, scale=scale)
    drivers = list(table.index)
    draws = model.bootstrap_draws(data, n_bootstrap, random_state=random_state)
    constructs = draws["constructs"]
    totals = alg.total_effects(draws["paths"])
    importance = totals[:, [constructs.index(c) for c in drivers], constructs.index(target)]
    scores = model.index_scores(data, scale=scale)[drivers].to_numpy()
    performance = np.stack([scores[rows].mean(axis=0) for rows in draws["indices"]])
    out = bootstrap_priorities(table["importance"], table["performance"], importance, performance,
                               ci_level=ci_level)
    out.attrs.update(n_bootstrap=len(draws["indices"]), n_obs=int(model.n_obs_))
    return out


def bootstrap_priorities(importance: pd.Series, performance: pd.Series, importance_draws, performance_draws, *,
                         ci_level: float = 0.95) -> pd.DataFrame:
    """The priority rule of :func:`pls_driver_priorities`, on any bootstrap draws.

    ``importance`` and ``performance`` are the full-sample estimates by
    driver; ``importance_draws`` and ``performance_draws`` arrays of shape
    (resamples, drivers) from the *same* resamples.  The cut lines are the
    means of the estimates (as :func:`importance_performance`); per resample
    the differences from that resample's mean over drivers give percentile
    intervals (``np.quantile``, linear interpolation); a difference is clear
    when its interval excludes 0; the priority is the quadrant when both are
    clear, else :data:`NO_CLEAR_PRIORITY`.

    Example: importance draws of two drivers (0.5, 0.1), (0.6, 0.2),
    (0.4, 0.0): the difference of the first from the mean is 0.2 in every
    resample, so clear; performance draws (50, 51), (52, 50), (49, 52) give
    differences -0.5, 1, -1.5 for the first driver, an interval containing 0:
    no clear priority.
    """
    if not 0 < ci_level < 1:
        raise ValueError(f"ci_level must lie strictly between 0 and 1, got {ci_level}")
    table = importance_performance(importance, performance)
    imp, perf = np.asarray(importance_draws, dtype=float), np.asarray(performance_draws, dtype=float)
    if imp.shape != perf.shape or imp.ndim != 2 or imp.shape[1] != len(table):
        raise CRMDataError(f"importance and performance draws must both be (resamples, {len(table)} drivers) arrays; "
                           f"got {imp.shape} and {perf.shape}")
    low, high = (1 - ci_level) / 2, (1 + ci_level) / 2

    def interval(sample):
        return np.quantile(sample, [low, high], axis=0)

    imp_ci, perf_ci = interval(imp), interval(perf)
    imp_diff = interval(imp - imp.mean(axis=1, keepdims=True))
    perf_diff = interval(perf - perf.mean(axis=1, keepdims=True))
    out = table[["importance", "performance", "quadrant"]].copy()
    out.insert(1, "importance_lower", imp_ci[0])
    out.insert(2, "importance_upper", imp_ci[1])
    out.insert(4, "performance_lower", perf_ci[0])
    out.insert(5, "performance_upper", perf_ci[1])
    out["importance_clear"] = (imp_diff[0] > 0) | (imp_diff[1] < 0)
    out["performance_clear"] = (perf_diff[0] > 0) | (perf_diff[1] < 0)
    clear = out["importance_clear"] & out["performance_clear"]
    out["priority"] = out["quadrant"].where(clear, NO_CLEAR_PRIORITY)
    out.attrs.update(importance_cut=table.attrs["importance_cut"], performance_cut=table.attrs["performance_cut"],
                     n_bootstrap=len(imp), ci_level=ci_level)
    return out
