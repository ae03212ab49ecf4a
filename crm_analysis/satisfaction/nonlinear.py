"""Is the satisfaction -> loyalty link linear?  Functional-form tests, loyalty zones and the top-box effect.

Jones & Sasser (1995, "Why satisfied customers defect", *Harvard Business
Review*) describe three zones along the satisfaction scale: a **zone of
defection** (low satisfaction, customers leave), a **zone of indifference**
(middling satisfaction, loyalty hardly moves) and a **zone of affection**
(completely satisfied customers, loyalty jumps).  Claim C2 of the course
material puts the jump at about 6x the repurchase intention of "merely
satisfied" customers.

:func:`compare_functional_forms` fits loyalty on satisfaction three ways and
compares them: linear; one dummy per scale level (any shape); and a restricted
(natural) cubic spline (Harrell 2015, *Regression Modeling Strategies*, 2.4.5).
The linear model is nested in both others, so likelihood-ratio tests apply;
AIC/BIC compare all three.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

import warnings

from ..exceptions import CRMDataError, DataExclusionWarning
from ..validation import caller_stacklevel, offending_rows, survey_items

__all__ = ["compare_functional_forms", "restricted_cubic_spline", "satisfaction_zones", "top_box_effect"]


def _paired(satisfaction, outcome, *, binary: bool = False, scale=None, require_scale: bool = False):
    """Numeric (satisfaction, outcome) pairs, answers checked against the scale; incomplete pairs dropped with a warning."""
    s = satisfaction if isinstance(satisfaction, pd.Series) else pd.Series(satisfaction, name="satisfaction")
    y = pd.Series(outcome, index=s.index, name="outcome") if not isinstance(outcome, pd.Series) else outcome
    if not y.index.equals(s.index):
        raise CRMDataError("satisfaction and outcome must have the same index (one row per respondent)")
    answers = survey_items(s, scale=scale, name="satisfaction", require_scale=require_scale)
    s_num = answers.iloc[:, 0]
    y_num = survey_items(y, name="outcome").iloc[:, 0]
    for name, raw, num in (("satisfaction", s, s_num), ("outcome", y, y_num)):
        bad = num.isna() & raw.notna()
        if bad.any():
            raise CRMDataError(f"{name} must be numeric: non-numeric values in {offending_rows(bad, raw.index)}")
    keep = s_num.notna() & y_num.notna()
    if not keep.all():
        warnings.warn(f"{int((~keep).sum())} of {len(keep)} respondents excluded for missing answers "
                      f"({int(keep.sum())} used; missing satisfaction: {int(s_num.isna().sum())}, missing outcome: "
                      f"{int(y_num.isna().sum())}; {offending_rows(~keep, s.index)})", DataExclusionWarning,
                      stacklevel=caller_stacklevel())
    if binary and not y_num[keep].isin([0, 1]).all():
        raise CRMDataError("the outcome must be 0/1 for a logit comparison")
    if keep.sum() < 5:
        raise CRMDataError("fewer than 5 complete (satisfaction, outcome) pairs")
    s_out = s_num[keep].astype(float)
    s_out.attrs = {"scale": answers.attrs["scale"]} if "scale" in answers.attrs else {}
    return s_out, y_num[keep].astype(float)


def restricted_cubic_spline(x, knots) -> np.ndarray:
    """Restricted cubic spline basis (linear beyond the outer knots): columns x, then k-2 nonlinear terms.

    For knots :math:`t_1<\\dots<t_k` the nonlinear terms are
    :math:`(x-t_j)_+^3 - (x-t_{k-1})_+^3\\frac{t_k-t_j}{t_k-t_{k-1}} + (x-t_k)_+^3\\frac{t_{k-1}-t_j}{t_k-t_{k-1}}`,
    divided by :math:`(t_k-t_1)^2` for numerical scale.
    """
    x = np.asarray(x, dtype=float)
    t = np.sort(np.asarray(knots, dtype=float))
    k = len(t)
    if k < 3:
        raise CRMDataError("a restricted cubic spline needs at least 3 distinct knots")
    pos = lambda v: np.maximum(v, 0.0) ** 3  # noqa: E731
    columns = [x]
    for j in range(k - 2):
        term = (pos(x - t[j]) - pos(x - t[k - 2]) * (t[k - 1] - t[j]) / (t[k - 1] - t[k - 2])
                + pos(x - t[k - 1]) * (t[k - 2] - t[j]) / (t[k - 1] - t[k - 2]))
        columns.append(term / (t[-1] - t[0]) ** 2)
    return np.column_stack(columns)


def _spline_knots(x: pd.Series, n_knots: int) -> np.ndarray:
    levels = np.sort(x.unique())
    quantiles = np.unique(np.quantile(x, np.linspace(0.05, 0.95, n_knots)))
    if len(quantiles) >= 3:
        return quantiles
    return np.linspace(levels[0], levels[-1], min(n_knots, max(len(levels), 3)))


def _fit(y, design, kind):
    import statsmodels.api as sm

    if kind == "ols":
        return sm.OLS(y, design).fit()
    return sm.Logit(y, design).fit(disp=False, maxiter=200)


def compare_functional_forms(satisfaction, outcome, *, kind: str = "ols", n_knots: int = 4) -> pd.DataFrame:
    """Linear vs level dummies vs restricted cubic spline for outcome ~ satisfaction.

    Parameters
    ----------
    satisfaction : Series of ratings
    outcome : Series -- a loyalty score (``kind="ols"``) or 0/1 repurchase (``kind="logit"``)
    n_knots : int, default 4 -- spline knots at the 5-95 % quantiles (Harrell's default placement)

    Returns
    -------
    DataFrame indexed by model (linear, levels, spline): ``log_likelihood, n_params,
    aic, bic, lr_statistic, lr_df, lr_p_value`` (the LR test of the linear model
    against each richer one; a small p-value rejects linearity); ``attrs["n_obs"]``
    is the number of complete pairs used.  Ratings are checked against the
    declared scale (or, without one, for missing-answer codes such as -99).
    """
    if kind not in ("ols", "logit"):
        raise ValueError(f"kind must be 'ols' or 'logit', got {kind!r}")
    s, y = _paired(satisfaction, outcome, binary=kind == "logit")
    const = np.ones((len(s), 1))
    levels = np.sort(s.unique())
    dummies = (s.to_numpy()[:, None] == levels[None, 1:]).astype(float)
    designs = {
        "linear": np.column_stack([const, s]),
        "levels": np.column_stack([const, dummies]),
        "spline": np.column_stack([const, restricted_cubic_spline(s, _spline_knots(s, n_knots))]),
    }
    fits = {name: _fit(y.to_numpy(), X, kind) for name, X in designs.items()}
    rows = {}
    base = fits["linear"]
    for name, res in fits.items():
        # OLS also estimates the error variance (counted, as R's AIC(lm) does; statsmodels' OLS.aic does not)
        k = designs[name].shape[1] + (1 if kind == "ols" else 0)
        lr = 2 * (res.llf - base.llf)
        df = designs[name].shape[1] - designs["linear"].shape[1]
        rows[name] = {"log_likelihood": res.llf, "n_params": k, "aic": -2 * res.llf + 2 * k,
                      "bic": -2 * res.llf + np.log(len(y)) * k,
                      "lr_statistic": lr if df else np.nan, "lr_df": df if df else np.nan,
                      "lr_p_value": stats.chi2.sf(lr, df) if df > 0 else np.nan}
    table = pd.DataFrame(rows).T
    table.index.name = "model"
    table.attrs["n_obs"] = len(y)
    return table


def satisfaction_zones(satisfaction, outcome, *, scale: tuple[float, float] | None = None,
                       defection_max: float | None = None, affection_min: float | None = None,
                       ci_level: float = 0.95) -> pd.DataFrame:
    """Mean loyalty (or repurchase rate) at each satisfaction level, with the Jones–Sasser zone of each level.

    Default zones on a (low, high) scale: defection up to low + 40 % of the
    range, affection from low + 80 % (on 1-5: 1-2 / 3-4 / 5, as Jones & Sasser;
    on 1-10: 1-4 / 5-8 / 9-10).  Intervals are t intervals for a score and
    Wilson intervals for a 0/1 outcome.  The scale is ``scale`` or the one
    declared with the survey (required; a rating outside it is an error).

    Returns a DataFrame indexed by level: ``n, mean, ci_lower, ci_upper, step``
    (change from the previous level) and ``zone``.
    """
    s, y = _paired(satisfaction, outcome, scale=scale, require_scale=True)
    low, high = s.attrs["scale"]
    span = high - low
    defection_max = low + 0.4 * span if defection_max is None else defection_max
    affection_min = low + 0.8 * span if affection_min is None else affection_min
    binary = y.isin([0, 1]).all()
    rows = {}
    for level, group in y.groupby(s):
        n, mean = len(group), group.mean()
        if binary:
            from statsmodels.stats.proportion import proportion_confint

            lo, hi = proportion_confint(group.sum(), n, alpha=1 - ci_level, method="wilson")
        elif n > 1:
            half = stats.t.ppf(0.5 + ci_level / 2, n - 1) * group.std(ddof=1) / np.sqrt(n)
            lo, hi = mean - half, mean + half
        else:
            lo = hi = np.nan
        zone = "defection" if level <= defection_max else "affection" if level >= affection_min else "indifference"
        rows[level] = {"n": n, "mean": mean, "ci_lower": lo, "ci_upper": hi, "zone": zone}
    table = pd.DataFrame(rows).T
    table.index.name = "satisfaction"
    table["step"] = table["mean"].astype(float).diff()
    table["n"] = table["n"].astype(int)
    for col in ("mean", "ci_lower", "ci_upper"):
        table[col] = table[col].astype(float)
    return table[["n", "mean", "ci_lower", "ci_upper", "step", "zone"]]


def top_box_effect(satisfaction, outcome, *, top, next_box, ci_level: float = 0.95) -> pd.Series:
    """Ratio of the mean outcome (e.g. repurchase rate) in the top box to the next box down (claim C2: ~6x).

    ``top`` and ``next_box`` are the rating values (a value or a list) of "very
    satisfied" and "satisfied", or -- when ``satisfaction`` holds levels such as
    the ``level`` column of :func:`~crm_analysis.satisfaction.satisfaction_levels`
    (categorical) -- level names, e.g. ``top="very satisfied", next_box="satisfied"``.
    The interval is the delta-method interval of the log ratio of two
    independent means, :math:`\\text{se}^2 = s_1^2/(n_1\\bar y_1^2) + s_2^2/(n_2\\bar y_2^2)`.
    Respondents without a rating (or level) or an outcome are left out with a
    warning that counts them.
    """
    if isinstance(getattr(satisfaction, "dtype", None), pd.CategoricalDtype):
        levels = satisfaction.astype(object).where(satisfaction.notna(), None)
        codes = pd.Series({level: float(i) for i, level in enumerate(satisfaction.cat.categories)})
        numeric = pd.Series(levels.map(codes), index=satisfaction.index, dtype=float, name=satisfaction.name)
        s, y = _paired(numeric, outcome)
        top = codes.reindex(np.atleast_1d(top)).to_numpy()
        next_box = codes.reindex(np.atleast_1d(next_box)).to_numpy()
    else:
        s, y = _paired(satisfaction, outcome)
    top_mask, next_mask = s.isin(np.atleast_1d(top)), s.isin(np.atleast_1d(next_box))
    if top_mask.sum() < 2 or next_mask.sum() < 2:
        raise CRMDataError("top box and next box need at least two respondents each")
    a, b = y[top_mask], y[next_mask]
    if a.mean() <= 0 or b.mean() <= 0:
        raise CRMDataError("the outcome mean must be positive in both boxes to form a ratio")
    ratio = a.mean() / b.mean()
    se_log = np.sqrt(a.var(ddof=1) / (len(a) * a.mean() ** 2) + b.var(ddof=1) / (len(b) * b.mean() ** 2))
    z = stats.norm.ppf(0.5 + ci_level / 2)
    return pd.Series({"top_mean": a.mean(), "next_mean": b.mean(), "ratio": ratio,
                      "ci_lower": ratio * np.exp(-z * se_log), "ci_upper": ratio * np.exp(z * se_log),
                      "n_top": len(a), "n_next": len(b)})
