"""Claims on linked data (C3, C6, C8): hand-computed cases, messy inputs, and planted effects of make_company."""
import warnings

import numpy as np
import pandas as pd
import pytest

from crm_analysis import claims
from crm_analysis.claims import NOT_SUPPORTED, NOT_TESTABLE, SUPPORTED
from crm_analysis.datasets import make_company
from crm_analysis.exceptions import CRMDataError, DataExclusionWarning

SURVEY_DAY = pd.Timestamp("2024-06-01")


# ---------------------------------------------------------------------------- C3 by hand
def _c3_tables(short_cells, long_cells):
    """Customers in two cycle groups; cells = {(rating, stayed): count}; ids text with leading zeros.

    Short-cycle customers buy every 10 days (3 purchase days), long-cycle ones every 60 days; every answer is
    dated 2024-06-01 and every churner leaves on 2024-09-01 (after the answer).
    """
    survey, tx, customers = [], [], []
    k = 0
    for gap, cells in ((10, short_cells), (60, long_cells)):
        for (rating, stayed), n in cells.items():
            for _ in range(n):
                k += 1
                cid = f"{k:05d}"
                survey.append({"customer_id": cid, "date": SURVEY_DAY, **{f"sat{i}": rating for i in range(1, 5)}})
                tx += [{"customer_id": cid, "date": pd.Timestamp("2024-01-01") + pd.Timedelta(days=gap * j),
                        "amount": 10.0} for j in range(3)]
                customers.append({"customer_id": cid, "churn": 1 - stayed,
                                  "churn_date": pd.NaT if stayed else pd.Timestamp("2024-09-01")})
    return pd.DataFrame(survey), pd.DataFrame(tx), pd.DataFrame(customers)


SHORT = {(8, 1): 40, (8, 0): 10, (3, 1): 10, (3, 0): 40}   # odds ratio (40/10) / (10/40) = 16
LONG = {(8, 1): 30, (8, 0): 20, (3, 1): 20, (3, 0): 30}    # odds ratio (30/20) / (20/30) = 2.25


def test_c3_slopes_are_log_odds_ratios_per_standard_deviation():
    survey, tx, customers = _c3_tables(SHORT, LONG)
    before = survey.copy()
    result = claims.claim_c3_purchase_cycle(survey, tx, customers, n_boot=300, random_state=2)
    # ratings 8 and 3, 100 each of 200 respondents: sd (ddof 1) = 2.5 sqrt(200/199); one binary predictor, so
    # the logistic slope is log(odds ratio) / (z_8 - z_3) = log(OR) * sd / 5
    sd = 2.5 * np.sqrt(200 / 199)
    assert result.details.loc["short cycle", "slope"] == pytest.approx(np.log(16) * sd / 5, rel=1e-6)
    assert result.details.loc["long cycle", "slope"] == pytest.approx(np.log(2.25) * sd / 5, rel=1e-6)
    assert result.estimate == pytest.approx((np.log(16) - np.log(2.25)) * sd / 5, rel=1e-6)
    assert result.details.loc["short cycle", "median_cycle_days"] == 10
    assert result.details.loc["long cycle", "churn_rate"] == pytest.approx(0.5)
    assert result.verdict == SUPPORTED and result.evidence == "real"
    pd.testing.assert_frame_equal(survey, before)


def test_c3_equal_links_are_not_supported():
    survey, tx, customers = _c3_tables(LONG, LONG)
    result = claims.claim_c3_purchase_cycle(survey, tx, customers, n_boot=300, random_state=2)
    assert result.estimate == pytest.approx(0, abs=1e-9)
    assert result.ci_lower < 0 < result.ci_upper and result.verdict == NOT_SUPPORTED


def test_c3_is_not_testable_when_nobody_in_a_group_left():
    # every long-cycle respondent stayed: satisfaction cannot separate stayers from leavers there (the slope is not
    # estimable), so the claim is not testable with these data, and the page shows no 'nan'
    survey, tx, customers = _c3_tables(SHORT, {(8, 1): 50, (3, 1): 50})
    result = claims.claim_c3_purchase_cycle(survey, tx, customers, n_boot=100, random_state=2)
    assert result.verdict == NOT_TESTABLE and np.isnan(result.estimate)
    assert result.details.loc["long cycle", "churned"] == 0
    for lang in ("en", "zh"):
        note = result.text("note", lang)
        assert " nan" not in note.lower() and "100" in note, note
    assert "long repurchase cycle" in result.text("note", "en")


def test_c3_leaves_out_early_leavers_and_single_buyers_and_says_so():
    survey, tx, customers = _c3_tables(SHORT, LONG)
    customers.loc[0, ["churn", "churn_date"]] = [1, pd.Timestamp("2024-05-01")]   # left before answering
    tx = tx[~((tx["customer_id"] == "00002") & (tx["date"] > "2024-01-01"))]       # one purchase day only
    with pytest.warns(DataExclusionWarning) as caught:
        result = claims.claim_c3_purchase_cycle(survey, tx, customers, n_boot=100)
    said = " ".join(str(w.message) for w in caught)
    assert "1 of 200 respondents left out: they had closed the account on or before" in said
    assert "1 of 200 customers left out: a single purchase day" in said
    assert result.details["customers"].sum() == 198


def test_c3_names_a_missing_column():
    survey, tx, customers = _c3_tables(SHORT, LONG)
    with pytest.raises(CRMDataError, match="churn_date"):
        claims.claim_c3_purchase_cycle(survey, tx, customers.drop(columns="churn_date"))


# ---------------------------------------------------------------------------- C6 by hand
def _c6_tables(profit_by_rating):
    """One customer per (rating, profit): one order of amount 2 x (profit + 5) at margin 0.5, cost to serve 5."""
    survey = pd.DataFrame({"customer_id": [f"{k:03d}" for k in range(len(profit_by_rating))], "date": SURVEY_DAY,
                           **{f"sat{i}": [r for r, _ in profit_by_rating] for i in range(1, 5)}})
    tx = pd.DataFrame({"customer_id": survey["customer_id"], "date": pd.Timestamp("2024-01-05"),
                       "amount": [2.0 * (p + 5) for _, p in profit_by_rating],
                       "order_id": [f"O{k}" for k in range(len(survey))]})
    customers = pd.DataFrame({"customer_id": survey["customer_id"], "cost_to_serve": 5.0})
    return survey, tx, customers


def test_c6_profit_that_rises_with_satisfaction_is_not_supported_and_top_group_by_hand():
    # 25 customers, rating k % 10 + 1 and profit 10 k, k = 1..25 (profit = 0.5 x 2 (10k + 5) - 5 = 10 k)
    rows = [(k % 10 + 1, 10.0 * k) for k in range(1, 26)]
    survey, tx, customers = _c6_tables(rows)
    result = claims.claim_c6_satisfaction_vs_profit(survey, tx, customers, margin=0.5, n_boot=200)
    ranks = pd.DataFrame(rows).rank()
    assert result.estimate == pytest.approx(ranks.corr().iloc[0, 1])
    # top 20 %: profit >= the 0.8 quantile 10 (1 + 0.8 x 24) = 202, i.e. k = 21..25: (21+...+25) / 325 of profit
    top = result.details.loc["top profit"]
    assert top["customers"] == 5 and top["profit_share"] == pytest.approx(115 / 325)
    assert top["mean_satisfaction"] == pytest.approx(np.mean([k % 10 + 1 for k in range(21, 26)]))
    strict = [(k, 10.0 * k) for k in range(1, 26)]   # profit strictly increasing with satisfaction: rho = 1
    result = claims.claim_c6_satisfaction_vs_profit(*_c6_tables(strict), margin=0.5, n_boot=200)
    assert result.estimate == pytest.approx(1.0) and result.verdict == NOT_SUPPORTED


def test_c6_unrelated_profit_is_supported():
    rng = np.random.default_rng(5)
    rows = list(zip(rng.integers(1, 11, 400), rng.uniform(0, 200, 400)))
    result = claims.claim_c6_satisfaction_vs_profit(*_c6_tables(rows), margin=0.5, n_boot=300)
    assert result.ci_upper < claims.WEAK_ASSOCIATION and result.verdict == SUPPORTED
    assert "weak means below 0.3" in result.text("note", "en")


def test_c6_needs_the_margin_and_the_cost_to_serve():
    survey, tx, customers = _c6_tables([(k, k) for k in range(1, 30)])
    with pytest.raises(CRMDataError, match="margin"):
        claims.claim_c6_satisfaction_vs_profit(survey, tx, customers)
    with pytest.raises(CRMDataError, match="cost_to_serve"):
        claims.claim_c6_satisfaction_vs_profit(survey, tx, customers.drop(columns="cost_to_serve"), margin=0.3)


# ---------------------------------------------------------------------------- C8 by hand
def test_c8_ratio_of_means_by_hand():
    # every customer's acquisition cost is 5 x its retention cost: every resample's ratio is 5
    customers = pd.DataFrame({"customer_id": ["001", "002", "003", "004", "005"],
                              "acquisition_cost": [100.0, 200.0, 300.0, 150.0, 250.0],
                              "retention_cost": [20.0, 40.0, 60.0, 30.0, 50.0]})
    result = claims.claim_c8_acquisition_cost(customers, n_boot=200)
    assert (result.estimate, result.ci_lower, result.ci_upper) == pytest.approx((5.0, 5.0, 5.0))
    assert result.verdict == SUPPORTED and result.claimed == 5.0
    # means 200 and 100: ratio 2, every resample ratio between 1 and 3 -- far from 5-6
    cheap = pd.DataFrame({"acquisition_cost": [100.0, 300.0] * 5, "retention_cost": [100.0, 100.0] * 5})
    result = claims.claim_c8_acquisition_cost(cheap, n_boot=200)
    assert result.estimate == pytest.approx(2.0) and result.verdict == NOT_SUPPORTED
    assert "not 5 to 6 times (read as 4.5 to 6)" in result.text("note", "en")


def test_c8_leaves_out_unknown_costs_and_rejects_negative_ones():
    customers = pd.DataFrame({"acquisition_cost": [100.0, np.nan, 300.0, 100.0, 100.0, 100.0],
                              "retention_cost": [20.0, 40.0, 60.0, 20.0, 20.0, 20.0]})
    with pytest.warns(DataExclusionWarning, match="1 of 6 customers left out"):
        result = claims.claim_c8_acquisition_cost(customers, n_boot=50)
    assert result.estimate == pytest.approx(5.0)   # (100 + 300 + 300) / 5 over (20 + 60 + 60) / 5
    with pytest.raises(CRMDataError, match="negative"):
        claims.claim_c8_acquisition_cost(customers.fillna(-1.0).assign(retention_cost=-1.0), n_boot=50)
    with pytest.raises(CRMDataError, match="retention_cost"):
        claims.claim_c8_acquisition_cost(customers.drop(columns="retention_cost"))


# ---------------------------------------------------------------------------- planted effects of make_company
@pytest.fixture(scope="module")
def company():
    return make_company(6000, random_state=1)


def _quiet(function, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        return function(*args, **kwargs)


def test_c3_finds_the_planted_short_cycle_effect_and_not_a_zero_one():
    # c3: short cycles get the satisfaction log hazard ratio b_sat (1 + c3); 3 = four times as strong, 0 = none
    strong, flat = (make_company(6000, random_state=1, c3=c3) for c3 in (3.0, 0.0))
    found = _quiet(claims.claim_c3_purchase_cycle, strong.surveys, strong.transactions, strong.customers,
                   n_boot=300, random_state=0)
    none = _quiet(claims.claim_c3_purchase_cycle, flat.surveys, flat.transactions, flat.customers, n_boot=300,
                  random_state=0)
    assert found.estimate > 0 and found.verdict == SUPPORTED
    assert none.verdict == NOT_SUPPORTED and none.ci_lower < 0 < none.ci_upper
    assert found.estimate > none.estimate


def test_c6_weak_link_on_the_company_and_a_strong_planted_one_is_found(company):
    weak = _quiet(claims.claim_c6_satisfaction_vs_profit, company.surveys, company.transactions, company.customers,
                  margin=company.margin, n_boot=200)
    assert weak.verdict == SUPPORTED
    linked = make_company(6000, random_state=1, spend_satisfaction_correlation=0.9)
    strong = _quiet(claims.claim_c6_satisfaction_vs_profit, linked.surveys, linked.transactions, linked.customers,
                    margin=linked.margin, n_boot=200)
    assert strong.estimate > weak.estimate + 0.2 and strong.verdict == NOT_SUPPORTED


@pytest.mark.parametrize("ratio", [5.0, 2.0])
def test_c8_recovers_the_planted_cost_ratio(ratio):
    company = make_company(3000, random_state=2, acquisition_retention_ratio=ratio)
    result = claims.claim_c8_acquisition_cost(company.customers, n_boot=300)
    assert result.ci_lower <= ratio * 1.05 and result.ci_upper >= ratio * 0.95
    assert result.estimate == pytest.approx(ratio, rel=0.05)
    assert result.verdict == (SUPPORTED if ratio == 5.0 else NOT_SUPPORTED)


def test_linked_claims_on_the_simulated_company_stay_synthetic_evidence(company):
    results = [_quiet(claims.claim_c3_purchase_cycle, company.surveys, company.transactions, company.customers,
                      n_boot=50, synthetic=True),
               _quiet(claims.claim_c6_satisfaction_vs_profit, company.surveys, company.transactions,
                      company.customers, margin=company.margin, n_boot=50, synthetic=True),
               claims.claim_c8_acquisition_cost(company.customers, n_boot=50, synthetic=True)]
    for result in results:
        assert result.verdict == NOT_TESTABLE and result.evidence == "synthetic"
        assert "illustration only" in result.text("note", "en") and "仅作演示" in result.text("note", "zh")


def test_linked_details_tables_render_in_chinese(company):
    result = claims.claim_c8_acquisition_cost(company.customers, n_boot=50, currency="CNY")
    table = claims.details_table(result, "zh")
    assert list(table.frame.columns) == ["客户数", "平均获客成本", "平均每年维系成本", "比值"]
    assert table.frame.index[0] == "全部客户" and table.frame.iloc[0, 1].startswith("¥")


def test_c6_figure_is_satisfaction_by_profit_in_chinese(company):
    from crm_analysis.present.figures import figure_texts

    result = _quiet(claims.claim_c6_satisfaction_vs_profit, company.surveys, company.transactions,
                    company.customers, margin=company.margin, n_boot=20, currency="CNY")
    # 1-10 scale: index = 100 (s - 1) / 9
    first = result.values.index[0]
    rating = company.surveys.set_index("customer_id").loc[first, [f"sat{i}" for i in range(1, 5)]]
    assert result.values.loc[first, "satisfaction_index"] == pytest.approx(100 * (rating.mean() - 1) / 9)
    figure = claims.claim_figure(result, "zh", strict=True)
    shown = " ".join(figure_texts(figure))
    assert "Satisfaction" not in shown and "满意度指数" in shown and "客户价值（元）" in shown


# ---------------------------------------------------------------------------- the linked tables, messy inputs
def test_purchase_cycles_and_first_answers_by_hand():
    from crm_analysis.claims.linked import purchase_cycles, survey_satisfaction

    tx = pd.DataFrame({"customer_id": ["007", "007", "007", "007", "042"],
                       "date": pd.to_datetime(["2024-01-01", "2024-01-11", "2024-01-11", "2024-01-31", "2024-03-01"]),
                       "amount": [1.0] * 5})
    with pytest.warns(DataExclusionWarning, match="1 of 2 customers left out: a single purchase day"):
        cycles = purchase_cycles(tx)
    # purchase days 1, 11, 31 January (two rows on the 11th are one day): (31 - 1) / (3 - 1) = 15 days
    assert cycles.to_dict() == {"007": 15.0}
    survey = pd.DataFrame({"customer_id": ["007", "007", "042"],
                           "date": pd.to_datetime(["2024-05-01", "2024-02-01", "2024-02-01"]),
                           **{f"sat{i}": [9, 3, 5] for i in range(1, 5)}})
    with pytest.warns(DataExclusionWarning, match="the first answer is kept"):
        first = survey_satisfaction(survey)
    assert first.loc["007", "satisfaction"] == 3 and list(first.index) == ["007", "042"]


def test_c3_with_a_stated_cut_in_days():
    survey, tx, customers = _c3_tables(SHORT, LONG)
    result = claims.claim_c3_purchase_cycle(survey, tx, customers, cut=30, n_boot=100)
    assert result.details["customers"].tolist() == [100, 100]   # 10-day buyers below 30, 60-day buyers above
    assert "within 30 days" in result.text("note", "en")


def test_c6_leaves_out_buyers_without_a_cost_to_serve():
    rows = [(k % 10 + 1, 10.0 * k) for k in range(1, 31)]
    survey, tx, customers = _c6_tables(rows)
    customers = customers[customers["customer_id"] != "003"]          # buyer 003 has no cost to serve
    with pytest.warns(DataExclusionWarning, match="no cost to serve"):
        result = claims.claim_c6_satisfaction_vs_profit(survey, tx, customers, margin=0.5, n_boot=50)
    assert result.details["customers"].sum() == 29
