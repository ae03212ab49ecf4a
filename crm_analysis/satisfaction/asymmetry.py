"""Asymmetric attribute effects: penalty–reward contrast analysis and Kano categories (claim C5).

Penalty–reward contrast analysis (Brandt 1987; Mittal, Ross & Baldasare 1998;
Matzler et al. 2004) codes each attribute rating into two dummies against a
neutral reference band: *low* (the customer is dissatisfied with the attribute)
and *high* (delighted).  Overall satisfaction is regressed on all dummies,

.. math:: y = \\beta_0 + \\sum_j (\\pi_j\\,\\text{low}_j + \\rho_j\\,\\text{high}_j) + \\varepsilon,

so :math:`\\pi_j` (expected negative) is the **penalty** of doing badly on
attribute *j* and :math:`\\rho_j` the **reward** of doing very well.  Kano's
categories follow from which of the two is significant:

* basic / must-be: a penalty but no reward (dissatisfiers, "weigh more", C5);
* excitement / attractive: a reward but no penalty (delighters);
* performance / one-dimensional: both;
* indifferent: neither.

Standard errors are HC3-robust; "significant" means the ``ci_level`` interval
excludes zero (in the expected direction).
"""
from __future__ import annotations

import pandas as pd

from ..exceptions import CRMDataError
from ..validation import check_columns, drop_incomplete_answers, survey_items

__all__ = ["penalty_reward_analysis", "KANO_CATEGORIES"]

KANO_CATEGORIES = ("basic", "performance", "excitement", "indifferent")


def _kano(penalty_significant: bool, reward_significant: bool) -> str:
    if penalty_significant and reward_significant:
        return "performance"
    if penalty_significant:
        return "basic"
    if reward_significant:
        return "excitement"
    return "indifferent"


def penalty_reward_regression(data: pd.DataFrame, attributes, outcome: str, *,
                              scale: tuple[float, float] | None = None, low_max: float | None = None,
                              high_min: float | None = None):
    """The dummy regression behind penalty-reward contrast analysis, with HC3 errors.

    :math:`y = \\beta_0 + \\sum_j (\\pi_j\\,\\text{low}_j + \\rho_j\\,\\text{high}_j) + \\varepsilon`,
    where :math:`\\text{low}_j` marks ratings up to ``low_max`` (default the
    bottom 40 % of the scale) and :math:`\\text{high}_j` ratings from
    ``high_min`` (default the top 20 %).  The scale is ``scale`` or the one
    declared with ``data`` (required: the bands are fractions of it); every
    attribute rating must lie on it, and the outcome on its declared scale (or,
    undeclared, contain no missing-answer codes such as -99).  Respondents with
    a missing answer are left out with a warning that counts them per item.

    Returns the statsmodels result and the dummy design (columns ``<attribute>_low``, ``<attribute>_high``).
    """
    import statsmodels.api as sm

    attributes = list(attributes)
    check_columns(data, attributes + [outcome], name="survey")
    ratings = survey_items(data, attributes, scale=scale, require_scale=True)
    low, high = ratings.attrs["scale"]
    low_max = low + 0.4 * (high - low) if low_max is None else low_max
    high_min = low + 0.8 * (high - low) if high_min is None else high_min
    values = drop_incomplete_answers(ratings.assign(**{outcome: survey_items(data, [outcome])[outcome].to_numpy()}))
    design = {}
    for a in attributes:
        design[f"{a}_low"] = (values[a] <= low_max).astype(float)
        design[f"{a}_high"] = (values[a] >= high_min).astype(float)
    X = pd.DataFrame(design, index=values.index)
    empty = [c for c in X if X[c].sum() == 0]
    if empty:
        raise CRMDataError(f"no respondent falls in band(s) {empty}; widen low_max / high_min")
    return sm.OLS(values[outcome], sm.add_constant(X)).fit(cov_type="HC3"), X


def penalty_reward_analysis(data: pd.DataFrame, attributes, outcome: str, *, scale: tuple[float, float] | None = None,
                            low_max: float | None = None, high_min: float | None = None,
                            ci_level: float = 0.95) -> pd.DataFrame:
    """Penalty and reward of each attribute on overall satisfaction, with its Kano category.

    Parameters
    ----------
    data : DataFrame with attribute ratings and the outcome (overall satisfaction)
    attributes : list of rating columns
    outcome : column name
    scale : (low, high), optional
        The attributes' rating scale; default the one declared with ``data``
        (one of them is required).
    low_max, high_min : float, optional
        Ratings up to ``low_max`` are "low", from ``high_min`` on "high"; the
        defaults are the bottom 40 % and top 20 % of the scale (1-10: 1-4 and 9-10).

    Returns
    -------
    DataFrame by attribute: ``penalty, penalty_se, penalty_p_value, reward,
    reward_se, reward_p_value, asymmetry`` (|penalty| - reward), ``n_low,
    n_high, kano``; ``attrs["n_obs"]`` is the number of respondents used.
    """
    attributes = list(attributes)
    result, X = penalty_reward_regression(data, attributes, outcome, scale=scale, low_max=low_max,
                                          high_min=high_min)
    ci = result.conf_int(alpha=1 - ci_level)
    rows = {}
    for a in attributes:
        lo, hi = f"{a}_low", f"{a}_high"
        penalty_sig = ci.loc[lo, 1] < 0
        reward_sig = ci.loc[hi, 0] > 0
        rows[a] = {"penalty": result.params[lo], "penalty_se": result.bse[lo], "penalty_p_value": result.pvalues[lo],
                   "reward": result.params[hi], "reward_se": result.bse[hi], "reward_p_value": result.pvalues[hi],
                   "asymmetry": abs(result.params[lo]) - result.params[hi],
                   "n_low": int(X[lo].sum()), "n_high": int(X[hi].sum()),
                   "kano": _kano(bool(penalty_sig), bool(reward_sig))}
    table = pd.DataFrame(rows).T
    table.index.name = "attribute"
    for col in table.columns.drop("kano"):
        table[col] = pd.to_numeric(table[col])
    table.attrs["n_obs"] = int(result.nobs)
    return table
