"""Churn by satisfaction level, with Wilson intervals and a Cochran–Armitage trend test (claim C1).

Claim C1 (attributed to Kotler): a firm loses about 80 % of its very
dissatisfied customers, 30 % of the neutral ones, 10 % of the (somewhat)
satisfied and only 1-2 % of the very satisfied.  The table puts the observed
churn rate of each level next to the claimed one.

Wilson score interval for a proportion :math:`\\hat p = x/n` (Wilson 1927):
:math:`\\frac{\\hat p + z^2/2n \\pm z\\sqrt{\\hat p(1-\\hat p)/n + z^2/4n^2}}{1 + z^2/n}`.

Cochran–Armitage test for a linear trend in proportions across ordered groups
with scores :math:`s_i` (Cochran 1954; Armitage 1955), :math:`\\bar p = \\sum x_i / N`:

.. math:: T = \\sum_i s_i (x_i - n_i \\bar p), \\qquad
          \\operatorname{Var}(T) = \\bar p (1-\\bar p)\\Bigl[\\sum_i n_i s_i^2 - \\bigl(\\sum_i n_i s_i\\bigr)^2/N\\Bigr],

:math:`Z = T/\\sqrt{\\operatorname{Var}(T)}` is standard normal under no trend.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

import warnings

from ..exceptions import CRMDataError, DataExclusionWarning
from ..validation import caller_stacklevel, offending_rows, survey_items

__all__ = ["churn_by_satisfaction_level", "cochran_armitage_test", "pooled_churn_rate", "dissatisfaction_gap",
           "CLAIM_C1", "UNHAPPY_LEVELS", "HAPPY_LEVELS"]

#: Claim C1 churn rates by level as (low, high): a point claim has low == high; "1-2 %" is (0.01, 0.02).
CLAIM_C1 = {"very dissatisfied": (0.80, 0.80), "neutral": (0.30, 0.30), "satisfied": (0.10, 0.10),
            "very satisfied": (0.01, 0.02)}
#: the levels a follow-up list contacts, and the levels they are compared with
UNHAPPY_LEVELS = ("very dissatisfied", "dissatisfied")
HAPPY_LEVELS = ("satisfied", "very satisfied")


def cochran_armitage_test(events, totals, scores=None) -> pd.Series:
    """Cochran–Armitage trend test; returns ``statistic`` (Z), ``p_value`` (two-sided) and ``trend`` (T)."""
    x = np.asarray(events, dtype=float)
    n = np.asarray(totals, dtype=float)
    s = np.arange(len(x), dtype=float) if scores is None else np.asarray(scores, dtype=float)
    if np.any(x < 0) or np.any(x > n):
        raise CRMDataError("events must lie between 0 and the group totals")
    N = n.sum()
    p = x.sum() / N
    T = np.sum(s * (x - n * p))
    var = p * (1 - p) * (np.sum(n * s**2) - np.sum(n * s) ** 2 / N)
    if var <= 0:
        raise CRMDataError("no variation: all groups churn at 0 % or 100 %, or there is a single group")
    z = T / np.sqrt(var)
    return pd.Series({"statistic": z, "p_value": 2 * stats.norm.sf(abs(z)), "trend": T})


def churn_by_satisfaction_level(levels, churned, *, order=None, ci_level: float = 0.95) -> pd.DataFrame:
    """Churn rate per satisfaction level with Wilson intervals, set against claim C1.

    Parameters
    ----------
    levels : Series of level labels (e.g. ``satisfaction_levels(...)["level"]``) or ratings
    churned : Series of 0/1, aligned with ``levels``
    order : list, optional
        Level order from worst to best; defaults to the categorical order (reversed
        when it runs best first, as :func:`satisfaction_levels` does) or sorted values.

    Returns
    -------
    DataFrame by level: ``n, churned, churn_rate, ci_lower, ci_upper, claim_c1``
    (the claimed rate; the midpoint 1.5 % for "1-2 %") and ``claim_in_ci`` (the
    claimed rate or range overlaps the interval; None for levels without a claim); ``attrs["trend_test"]`` holds the Cochran–Armitage test with
    scores 0, 1, 2, ... in ``order`` (a negative statistic = churn falls as satisfaction rises).

    Numeric ``levels`` (raw ratings) are checked against the scale declared with
    the survey (or, undeclared, for missing-answer codes such as -99).
    Respondents without a level (a missing rating), or whose level is not in
    ``order``, are left out with a warning that counts them; ``attrs["n_obs"]``
    is the number used.
    """
    from statsmodels.stats.proportion import proportion_confint

    if not isinstance(levels, pd.Series):
        levels = pd.Series(levels, name="level")
    if pd.api.types.is_numeric_dtype(levels) and not pd.api.types.is_bool_dtype(levels):
        survey_items(levels, name="levels")  # raises on ratings outside the declared scale or on codes like -99
    y = pd.to_numeric(pd.Series(churned, index=levels.index), errors="coerce")
    bad = ~y.isin([0, 1])
    if bad.any():
        raise CRMDataError(f"churned must be 0/1; other values in {offending_rows(bad, y.index)}")
    if order is None:
        if isinstance(levels.dtype, pd.CategoricalDtype):
            order = list(levels.cat.categories)
            if order and order[0] == "very satisfied":
                order = order[::-1]
        else:
            order = sorted(levels.dropna().unique())
    unused = ~levels.isin(order)
    if unused.any():
        warnings.warn(f"{int(unused.sum())} of {len(levels)} respondents left out: no satisfaction level (a missing "
                      f"rating) or a level outside order ({offending_rows(unused, levels.index)})",
                      DataExclusionWarning, stacklevel=caller_stacklevel())
    rows = {}
    for level in order:
        group = y[levels == level]
        n, k = len(group), int(group.sum())
        if n == 0:
            continue
        lo, hi = proportion_confint(k, n, alpha=1 - ci_level, method="wilson")
        claim_low, claim_high = CLAIM_C1.get(level, (np.nan, np.nan))
        claimed = bool(np.isfinite(claim_low))
        rows[level] = {"n": n, "churned": k, "churn_rate": k / n, "ci_lower": lo, "ci_upper": hi,
                       "claim_c1": (claim_low + claim_high) / 2,
                       "claim_in_ci": bool(claim_low <= hi and claim_high >= lo) if claimed else None}
    table = pd.DataFrame(rows).T
    table.index.name = "level"
    for col in ("n", "churned"):
        table[col] = table[col].astype(int)
    for col in ("churn_rate", "ci_lower", "ci_upper", "claim_c1"):
        table[col] = table[col].astype(float)
    table.attrs["n_obs"] = int(table["n"].sum())
    if len(table) >= 2:
        table.attrs["trend_test"] = cochran_armitage_test(table["churned"], table["n"]).to_dict()
    return table


def pooled_churn_rate(table: pd.DataFrame, levels) -> tuple[int, float]:
    """Respondents and churn rate of several levels of a :func:`churn_by_satisfaction_level` table together.

    The pooled rate is :math:`\\sum_l x_l / \\sum_l n_l` (not the mean of the
    level rates); levels absent from ``table`` count as empty; NaN when no
    respondent is in ``levels``.  Example: 4 of 5 and 3 of 6 pool to 7 of 11.
    """
    rows = table.loc[[lv for lv in levels if lv in table.index]]
    n = int(rows["n"].sum())
    return n, (float(rows["churned"].sum()) / n if n else float("nan"))


def dissatisfaction_gap(table: pd.DataFrame) -> dict:
    """What dissatisfaction costs, from a :func:`churn_by_satisfaction_level` table of the five levels.

    Returns ``n_total``, ``n_unhappy`` (very dissatisfied + dissatisfied),
    ``unhappy_rate`` and ``happy_rate`` (pooled, :func:`pooled_churn_rate`),
    ``neutral_rate`` and ``kept``: how many unhappy respondents would not have
    left had they churned at the neutral rate,
    :math:`\\sum_{l \\in \\text{unhappy}} n_l\\,\\max(r_l - r_{\\text{neutral}}, 0)`
    (an association, not a promise: raising satisfaction need not lower churn
    that much); 0 without a neutral level.
    """
    n_unhappy, unhappy = pooled_churn_rate(table, UNHAPPY_LEVELS)
    _, happy = pooled_churn_rate(table, HAPPY_LEVELS)
    neutral = float(table["churn_rate"].get("neutral", np.nan))
    kept = 0.0
    if np.isfinite(neutral):
        kept = sum(float(table.loc[lv, "n"]) * max(float(table.loc[lv, "churn_rate"]) - neutral, 0.0)
                   for lv in UNHAPPY_LEVELS if lv in table.index)
    return {"n_total": int(table["n"].sum()), "n_unhappy": n_unhappy, "unhappy_rate": unhappy, "happy_rate": happy,
            "neutral_rate": neutral, "kept": kept}
