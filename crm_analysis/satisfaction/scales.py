"""Rating scales: reverse coding, reliability and validity of multi-item scales, NPS, satisfaction levels.

Reliability of a block of :math:`k` items measuring one construct:

* Cronbach's alpha :math:`\\alpha = \\frac{k}{k-1}\\left(1 - \\frac{\\sum_i \\sigma_i^2}{\\sigma_T^2}\\right)`
  with :math:`\\sigma_T^2` the variance of the sum score (Cronbach 1951); the
  standardised alpha uses the correlation matrix instead of the covariances.
* Composite reliability (Jöreskog's rho, :math:`\\rho_C`) from standardised
  loadings :math:`\\lambda_i`:
  :math:`\\rho_C = (\\sum\\lambda_i)^2 / ((\\sum\\lambda_i)^2 + \\sum(1-\\lambda_i^2))`.
* Average variance extracted :math:`AVE = \\frac1k\\sum\\lambda_i^2` (Fornell & Larcker 1981).
* :math:`\\rho_A = (w^\\top w)^2\\,\\frac{w^\\top (S - \\operatorname{diag} S) w}{w^\\top (ww^\\top - \\operatorname{diag} ww^\\top) w}`
  with outer weights :math:`w` of standardised items (Dijkstra & Henseler 2015).

Discriminant validity: Fornell–Larcker (the square root of each construct's AVE
should exceed its correlations with the other constructs) and the
heterotrait–monotrait ratio HTMT (Henseler, Ringle & Sarstedt 2015): mean
absolute correlation between the items of two constructs divided by the
geometric mean of the mean within-construct item correlations; values above
0.85-0.90 signal a lack of discriminant validity.

Rules of thumb: alpha, rho_C and rho_A above 0.7; AVE above 0.5.

Answers are read through :func:`crm_analysis.validation.survey_items`: every
function checks them against the rating scale declared with the survey (or
given as ``scale=``), so a missing-answer code such as -99 is an error naming
its rows, never an answer; respondents dropped for missing answers are counted
per item in a :class:`~crm_analysis.exceptions.DataExclusionWarning`.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats

from ..exceptions import CRMDataError, DataExclusionWarning
from ..validation import caller_stacklevel, drop_incomplete_answers, missing_per_item, offending_rows, survey_items

__all__ = ["reverse_code", "cronbach_alpha", "composite_reliability", "average_variance_extracted",
           "rho_a", "htmt", "fornell_larcker", "net_promoter_score", "satisfaction_levels",
           "top_box_share", "SATISFACTION_LEVELS"]

#: The six satisfaction levels of the course material, best first, with their behaviour (crm-concepts.md).
SATISFACTION_LEVELS = pd.DataFrame(
    {
        "chinese": ["非常满意", "满意", "一般", "无奈", "不满意", "非常不满意"],
        "behaviour": ["will buy again and recommend", "inclined to buy again", "indifferent",
                      "keeps buying only until an alternative appears (pseudo-loyal)",
                      "leaves quietly", "leaves and warns others"],
    },
    index=pd.Index(["very satisfied", "satisfied", "neutral", "resigned", "dissatisfied",
                    "very dissatisfied"], name="level"),
)


def _numeric_items(data: pd.DataFrame, items, *, scale=None, require_scale: bool = False) -> pd.DataFrame:
    """Numeric answers of ``items`` (default: the declared items, else every column), checked against the scale."""
    if items is None:
        recorded = getattr(data, "attrs", {}).get("items")
        items = list(recorded) if recorded is not None else None
    return survey_items(data, items, scale=scale, require_scale=require_scale)


def reverse_code(data: pd.DataFrame, items, *, scale: tuple[float, float] | None = None) -> pd.DataFrame:
    """Return a copy of ``data`` with ``items`` reversed on the rating scale: :math:`x \to low + high - x`.

    Negatively worded items ("the staff were rude") must be reversed before they
    are summed or modelled with positively worded ones.  The scale is
    ``scale=(low, high)`` or the one declared with ``data``
    (:func:`~crm_analysis.validation.declare_scale`); an answer outside it is an
    error (reversing -99 on 1-5 would give 105).
    """
    numeric = _numeric_items(data, items, scale=scale, require_scale=True)
    low, high = numeric.attrs["scale"]
    out = data.copy()
    for item in numeric:
        out[item] = low + high - numeric[item]
    return out


def cronbach_alpha(data: pd.DataFrame, items=None, *, standardized: bool = False, scale=None) -> float:
    """Cronbach's alpha of ``items`` (the declared items, or all columns, by default), complete cases only.

    ``standardized=True`` gives the alpha of the standardised items (computed
    from the correlation matrix), which is what PLS software reports.  Answers
    are checked against ``scale`` or the declared scale (with no scale known,
    values that look like missing-answer codes such as -99 are an error).
    Respondents with a missing answer are dropped (listwise deletion) with a
    :class:`~crm_analysis.exceptions.DataExclusionWarning` giving the missing
    answers per item.
    """
    numeric = drop_incomplete_answers(_numeric_items(data, items, scale=scale))
    k = numeric.shape[1]
    if k < 2:
        raise CRMDataError(f"Cronbach's alpha needs at least two items, got {list(numeric.columns)}")
    matrix = numeric.corr() if standardized else numeric.cov()
    matrix = matrix.to_numpy()
    return float(k / (k - 1) * (1 - np.trace(matrix) / matrix.sum()))


def composite_reliability(loadings) -> float:
    """Composite reliability rho_C from standardised loadings (a single block)."""
    lam = np.asarray(loadings, dtype=float)
    if lam.size < 2:
        return 1.0
    total = lam.sum() ** 2
    return float(total / (total + np.sum(1 - lam**2)))


def average_variance_extracted(loadings) -> float:
    """Average variance extracted: the mean squared standardised loading of a block."""
    lam = np.asarray(loadings, dtype=float)
    return float(np.mean(lam**2)) if lam.size > 1 else 1.0


def rho_a(weights, correlation) -> float:
    """Dijkstra–Henseler rho_A of one block from its outer weights (of standardised items) and item correlations."""
    w = np.asarray(weights, dtype=float)
    S = np.asarray(correlation, dtype=float)
    if w.size < 2:
        return 1.0
    off = S - np.diag(np.diag(S))
    ww = np.outer(w, w)
    ww_off = ww - np.diag(np.diag(ww))
    return float((w @ w) ** 2 * (w @ off @ w) / (w @ ww_off @ w))


def _mean_monotrait(corr: np.ndarray) -> float:
    k = corr.shape[0]
    if k < 2:
        return 1.0
    upper = np.triu_indices(k, 1)
    return float(np.abs(corr[upper]).mean())


def htmt(data: pd.DataFrame, blocks: dict, *, scale=None) -> pd.DataFrame:
    """Heterotrait–monotrait ratio for every pair of constructs (symmetric, 1 on the diagonal).

    ``blocks`` maps each construct to its item columns.  Absolute correlations
    are used (as seminr does), complete cases only (listwise deletion, reported
    in a warning); answers are checked against ``scale`` or the declared scale.
    ``attrs["n_obs"]`` holds the number of respondents used.
    """
    items = [i for cols in blocks.values() for i in cols]
    complete = drop_incomplete_answers(_numeric_items(data, items, scale=scale))
    corr = complete.corr()
    names = list(blocks)
    mono = {c: _mean_monotrait(corr.loc[blocks[c], blocks[c]].to_numpy()) for c in names}
    out = pd.DataFrame(1.0, index=names, columns=names)
    for a in names:
        for b in names:
            if a != b:
                hetero = np.abs(corr.loc[blocks[a], blocks[b]].to_numpy()).mean()
                out.loc[a, b] = hetero / np.sqrt(mono[a] * mono[b])
    out.index.name = "construct"
    out.attrs["n_obs"] = len(complete)
    return out


def fornell_larcker(score_correlation: pd.DataFrame, ave: pd.Series) -> pd.DataFrame:
    """Fornell–Larcker table: construct correlations off the diagonal, sqrt(AVE) on it.

    A construct passes when its diagonal entry exceeds every correlation in its row and column.
    """
    table = score_correlation.copy().astype(float)
    for c in table.index:
        table.loc[c, c] = np.sqrt(ave[c])
    return table


def _binary_interval(successes: float, n: float, ci_level: float) -> tuple[float, float]:
    from statsmodels.stats.proportion import proportion_confint

    return proportion_confint(successes, n, alpha=1 - ci_level, method="wilson")


def net_promoter_score(ratings, *, ci_level: float = 0.95) -> pd.Series:
    """Net Promoter Score on a 0-10 "would you recommend" question, with a Wald interval.

    NPS = 100 x (share of promoters, 9-10, minus share of detractors, 0-6)
    (Reichheld 2003).  With multinomial shares :math:`p_+, p_-` the variance of
    the difference is :math:`(p_+ + p_- - (p_+ - p_-)^2)/n`.

    Returns a Series: ``nps, std_err, ci_lower, ci_upper, promoters, passives, detractors, n``.
    Missing answers are left out with a warning that counts them; a question
    declared on another scale than 0-10 is an error (a 1-10 "recommend"
    question has no NPS).
    """
    declared = getattr(ratings, "attrs", {}).get("scale") if isinstance(ratings, pd.Series) else None
    if declared is not None and survey_items(ratings).attrs.get("scale", (0, 10)) != (0, 10):
        low, high = declared
        raise CRMDataError(f"the NPS needs a 0-10 \"would you recommend\" question; '{ratings.name}' is declared on "
                           f"the scale {low}-{high}")
    raw = pd.Series(ratings)
    values = pd.to_numeric(raw, errors="coerce")
    bad = values.isna() & raw.notna()
    if bad.any():
        raise CRMDataError(f"ratings must be numeric: non-numeric answers in {offending_rows(bad, values.index)}")
    if values.isna().any():
        warnings.warn(f"{int(values.isna().sum())} of {len(values)} respondents without an answer left out of the "
                      f"NPS ({offending_rows(values.isna(), values.index)})", DataExclusionWarning,
                      stacklevel=caller_stacklevel())
    values = values.dropna()
    outside = (values < 0) | (values > 10)
    if outside.any():
        raise CRMDataError(f"NPS ratings must lie in 0-10: {offending_rows(outside, values.index)}")
    n = len(values)
    if n == 0:
        raise CRMDataError("no ratings to compute an NPS from")
    promoters, detractors = float((values >= 9).mean()), float((values <= 6).mean())
    diff = promoters - detractors
    se = np.sqrt(max(promoters + detractors - diff**2, 0.0) / n)
    z = stats.norm.ppf(0.5 + ci_level / 2)
    return pd.Series({"nps": 100 * diff, "std_err": 100 * se, "ci_lower": 100 * max(diff - z * se, -1),
                      "ci_upper": 100 * min(diff + z * se, 1), "promoters": promoters,
                      "passives": 1 - promoters - detractors, "detractors": detractors, "n": n})


def satisfaction_levels(ratings, *, scale: tuple[float, float] | None = None, repurchased=None,
                        cuts=None) -> pd.DataFrame:
    """Map ratings to the six-level typology and flag pseudo-loyal customers.

    The rating scale is cut into five equal-width bands, best first: very
    satisfied, satisfied, neutral, dissatisfied, very dissatisfied (``cuts``
    overrides the four inner cut points; a rating equal to a cut point goes to
    the better band).  The sixth level, **resigned** (无奈), is behavioural:
    a dissatisfied or very dissatisfied customer who nevertheless keeps buying
    (``repurchased`` true) is resigned and flagged ``pseudo_loyal`` (伪忠诚) -- they
    stay only until an alternative appears.

    The scale is ``scale=(low, high)`` or the one declared with the survey the
    ratings come from; with neither it is an error (no 1-10 default: 0-10
    answers cut as 1-10 land in the wrong levels), and so is a rating outside it.
    A missing rating has no level (NaN).

    Returns a DataFrame indexed like ``ratings`` with ``rating``, ``level``
    (ordered categorical, best first), ``chinese`` and ``pseudo_loyal``.
    """
    if not isinstance(ratings, pd.Series):
        ratings = pd.Series(ratings, name="rating")
    answers = survey_items(ratings, scale=scale, require_scale=True)
    values = answers.iloc[:, 0]
    low, high = answers.attrs["scale"]
    if cuts is None:
        cuts = low + (high - low) * np.array([0.2, 0.4, 0.6, 0.8])
    cuts = np.sort(np.asarray(cuts, dtype=float))
    five = ["very dissatisfied", "dissatisfied", "neutral", "satisfied", "very satisfied"]
    band = np.searchsorted(cuts, values.to_numpy(), side="right")
    level = pd.Series([five[b] if np.isfinite(v) else None for b, v in zip(band, values)], index=ratings.index,
                      dtype=object)
    pseudo = pd.Series(False, index=ratings.index)
    if repurchased is not None:
        given = repurchased if isinstance(repurchased, pd.Series) else pd.Series(repurchased, index=ratings.index)
        if not given.index.equals(ratings.index):
            raise CRMDataError("repurchased must have the same index as ratings (one row per respondent)")
        bought = pd.to_numeric(given.astype(float) if pd.api.types.is_bool_dtype(given) else given, errors="coerce")
        bad = ~bought.isin([0, 1]) & given.notna()
        if bad.any():
            raise CRMDataError(f"repurchased must be 0/1 (or True/False); other values in "
                               f"{offending_rows(bad, given.index)}")
        unknown = bought.isna() & level.isin(["dissatisfied", "very dissatisfied"])
        if unknown.any():
            warnings.warn(f"{int(unknown.sum())} dissatisfied respondents without repurchase information are not "
                          f"classed as resigned or pseudo-loyal ({offending_rows(unknown, given.index)})",
                          DataExclusionWarning, stacklevel=caller_stacklevel())
        pseudo = level.isin(["dissatisfied", "very dissatisfied"]) & (bought == 1)
        level[pseudo] = "resigned"
    categories = list(SATISFACTION_LEVELS.index)
    out = pd.DataFrame({
        "rating": values,
        "level": pd.Categorical(level, categories=categories, ordered=True),
        "pseudo_loyal": pseudo,
    }, index=ratings.index)
    out["chinese"] = out["level"].map(SATISFACTION_LEVELS["chinese"]).astype(object)
    return out


def top_box_share(data: pd.DataFrame, items=None, *, scale: tuple[float, float] | None = None, boxes: int = 1,
                  ci_level: float = 0.95) -> pd.DataFrame:
    """Share of answers in the top ``boxes`` categories (and bottom boxes) per item, Wilson intervals.

    The top-box share is the usual headline of satisfaction trackers because
    only completely satisfied customers are reliably loyal (claim C2).  The
    scale is ``scale`` or the declared one (required: the top box of 0-10 and of
    1-5 are different answers).  Each item's share is over the respondents who
    answered it: ``n`` counts them and ``missing`` the others, and a
    :class:`~crm_analysis.exceptions.DataExclusionWarning` counts the gaps per item.
    """
    numeric = _numeric_items(data, items, scale=scale, require_scale=True)
    low, high = numeric.attrs["scale"]
    gaps = numeric.isna()
    if gaps.to_numpy().any():
        warnings.warn(f"{int(gaps.to_numpy().sum())} missing answers of {int(gaps.any(axis=1).sum())} of "
                      f"{len(numeric)} respondents left out of the top-box shares (each item's share is over the "
                      f"respondents who answered it; missing per item: {missing_per_item(numeric)})",
                      DataExclusionWarning, stacklevel=caller_stacklevel())
    rows = {}
    for item in numeric:
        answers = numeric[item].dropna()
        n = len(answers)
        top = int((answers > high - boxes).sum())
        bottom = int((answers < low + boxes).sum())
        lo, hi = _binary_interval(top, n, ci_level) if n else (np.nan, np.nan)
        rows[item] = {"n": n, "missing": int(numeric[item].isna().sum()), "top_box": top / n if n else np.nan,
                      "ci_lower": lo, "ci_upper": hi, "bottom_box": bottom / n if n else np.nan,
                      "mean": answers.mean()}
    table = pd.DataFrame(rows).T
    table.index.name = "item"
    for col in ("n", "missing"):
        table[col] = table[col].astype(int)
    return table
