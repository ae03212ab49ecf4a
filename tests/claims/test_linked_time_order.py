"""C1, C10, C11 on linked, dated tables (time order), and the claims on a linked customer database."""
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from crm_analysis import claims
from crm_analysis.claims import NOT_SUPPORTED, NOT_TESTABLE, SUPPORTED
from crm_analysis.datasets import make_company
from crm_analysis.exceptions import DataExclusionWarning


def _quiet(function, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        return function(*args, **kwargs)


def _wilson_by_hand(k, n, z=stats.norm.ppf(0.975)):
    p = k / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return centre - half, centre + half


# ---------------------------------------------------------------------------- C1: churn after the answer
def test_c1_on_linked_tables_counts_churn_after_the_answer_only():
    # 10 very dissatisfied (rating 1) of whom 8 leave after answering; 10 very satisfied (10) of whom 1 leaves;
    # customer "0021" (rating 1) had left before answering: left out, not counted as a churner
    ids = [f"{k:04d}" for k in range(1, 22)]
    ratings = [1] * 10 + [10] * 10 + [1]
    survey = pd.DataFrame({"customer_id": ids, "date": pd.Timestamp("2024-03-01"),
                           **{f"sat{i}": ratings for i in range(1, 5)}})
    churn = [1] * 8 + [0] * 2 + [1] + [0] * 9 + [1]
    dates = [pd.Timestamp("2024-06-01") if c else pd.NaT for c in churn]
    dates[-1] = pd.Timestamp("2024-01-15")
    customers = pd.DataFrame({"customer_id": ids, "churn": churn, "churn_date": dates})
    with pytest.warns(DataExclusionWarning, match="1 of 21 respondents left out: they had closed the account"):
        result = claims.claim_c1_churn_by_satisfaction(survey, customers, synthetic=False)
    assert result.details.loc["very dissatisfied", ["n", "churned"]].tolist() == [10, 8]
    assert result.details.loc["very satisfied", "churn_rate"] == pytest.approx(0.1)
    assert result.estimate == pytest.approx(0.8) and result.evidence == "real"
    assert "20 surveyed customers" in result.text("data", "en")


def test_c1_on_the_company_falls_with_satisfaction_and_stays_synthetic():
    company = make_company(4000, random_state=3)
    result = _quiet(claims.claim_c1_churn_by_satisfaction, company.surveys, company.customers, synthetic=True)
    rates = result.details["churn_rate"].dropna()
    order = [lvl for lvl in ("very dissatisfied", "dissatisfied", "neutral", "satisfied", "very satisfied")
             if lvl in rates.index]
    assert rates[order].is_monotonic_decreasing  # C1's shape is planted: churn falls with satisfaction
    assert result.verdict == NOT_TESTABLE and result.evidence == "synthetic"
    assert "illustration only" in result.text("note", "en")


# ---------------------------------------------------------------------------- C11: complaints before leaving
def _c11_tables(churners_complained, stayers_complained, n=40):
    """n churners (leaving 2024-06-30) and n stayers, all acquired 2023-01-01; observation end 2024-12-31.

    The first ``churners_complained`` churners complain 30 days before leaving, the first ``stayers_complained``
    stayers 30 days before the observation end (both inside the 90-day windows); every churner also has an old
    complaint a year before leaving (outside the window: not counted).
    """
    ids = [f"{k:03d}" for k in range(2 * n)]
    customers = pd.DataFrame({"customer_id": ids, "acquisition_date": pd.Timestamp("2023-01-01"),
                              "churn": [1] * n + [0] * n,
                              "churn_date": [pd.Timestamp("2024-06-30")] * n + [pd.NaT] * n})
    rows = [(ids[k], pd.Timestamp("2024-05-31"), 1.0) for k in range(churners_complained)]
    rows += [(ids[k], pd.Timestamp("2023-06-30"), 1.0) for k in range(n)]
    rows += [(ids[n + k], pd.Timestamp("2024-12-01"), 0.0) for k in range(stayers_complained)]
    complaints = pd.DataFrame(rows, columns=["customer_id", "date", "resolved"])
    return customers, complaints


def test_c11_share_of_churners_with_a_complaint_in_their_last_window_by_hand():
    customers, complaints = _c11_tables(32, 4)
    result = claims.claim_c11_complaints_before_churn(customers, complaints,
                                                      observation_end=pd.Timestamp("2024-12-31"))
    # churners: 32 of 40 complained in (churn - 90 d, churn]; stayers: 4 of 40 in their last 90 days
    assert result.estimate == pytest.approx(0.8)
    assert (result.ci_lower, result.ci_upper) == pytest.approx(_wilson_by_hand(32, 40))
    assert result.details.loc["stayers", "share"] == pytest.approx(0.1)
    assert result.verdict == SUPPORTED
    assert "80.0% of 40 churners complained in the 90 days before leaving" in result.text("note", "en")


def test_c11_needs_the_churners_above_one_half_and_above_the_stayers():
    customers, complaints = _c11_tables(32, 32)   # everyone complains alike: not "complained first"
    same = claims.claim_c11_complaints_before_churn(customers, complaints, observation_end="2024-12-31")
    assert same.estimate == pytest.approx(0.8) and same.verdict == NOT_SUPPORTED
    customers, complaints = _c11_tables(12, 0)    # 30 %: fewer than half
    assert claims.claim_c11_complaints_before_churn(customers, complaints,
                                                    observation_end="2024-12-31").verdict == NOT_SUPPORTED


def test_c11_finds_the_planted_exit_complaints_and_not_when_there_are_none():
    planted = make_company(3000, random_state=1)
    found = _quiet(claims.claim_c11_complaints_before_churn, planted.customers, planted.complaints,
                   observation_end=planted.observation_end)
    assert found.verdict == SUPPORTED and found.estimate > 0.5
    quiet = make_company(3000, random_state=1, exit_complaint_probability=0.0)
    none = _quiet(claims.claim_c11_complaints_before_churn, quiet.customers, quiet.complaints,
                  observation_end=quiet.observation_end)
    assert none.verdict == NOT_SUPPORTED and none.ci_upper < 0.5


# ---------------------------------------------------------------------------- C10: the recovery paradox
def test_c10_is_the_resolved_minus_no_complaint_retention_of_service_recovery():
    from crm_analysis.satisfaction import service_recovery

    company = make_company(2000, random_state=4)
    result = _quiet(claims.claim_c10_service_recovery, company.customers, company.complaints, n_boot=50,
                    observation_end=company.observation_end, random_state=7)
    direct = _quiet(service_recovery, company.complaints, company.customers, n_bootstrap=50,
                    observation_end=company.observation_end, random_state=7)
    row = direct.differences.loc["complaint resolved - no complaint"]
    assert (result.estimate, result.ci_lower, result.ci_upper) == pytest.approx(
        (row["estimate"], row["ci_lower"], row["ci_upper"]))
    assert result.verdict == interval_rule(row)
    table = claims.details_table(result, "zh")
    assert "首次投诉已解决" in table.frame.index and "仍是客户的比例" in table.frame.columns


def interval_rule(row):
    return SUPPORTED if row["ci_lower"] > 0 else NOT_SUPPORTED


@pytest.mark.parametrize("b_resolved, expected", [(-0.5, SUPPORTED), (0.0, NOT_SUPPORTED)])
def test_c10_finds_a_planted_paradox_and_not_a_zero_one(b_resolved, expected):
    # the paradox alone: complaints not tied to satisfaction and no exit complaints (both work against it)
    company = make_company(3000, random_state=2, exit_complaint_probability=0.0, b_complaint_sat=0.0,
                           b_resolved=b_resolved)
    result = _quiet(claims.claim_c10_service_recovery, company.customers, company.complaints, n_boot=200,
                    observation_end=company.observation_end, random_state=0)
    assert result.verdict == expected


# ---------------------------------------------------------------------------- claims on the linked demo database
def test_store_claims_on_the_linked_company_use_every_table_and_stay_synthetic():
    from crm_analysis.store import open_report_store

    with open_report_store("", demo="company") as db:
        plan = claims.select_claim_data(db)
        results = _quiet(claims.run_store_claims, db, n_boot=50)
    testable = [c for c, chosen in plan.items() if chosen.testable]
    assert testable == ["C1", "C2", "C3", "C5", "C6", "C7", "C8", "C10", "C11"]
    assert "complaints" in plan["C10"].inputs and "customers" in plan["C1"].inputs   # time order
    for claim in testable:
        assert results[claim].evidence == "synthetic" and results[claim].verdict == NOT_TESTABLE
        assert "Xihu Tea Trading" in results[claim].text("data", "en")
    assert "surveyed customers" in results["C3"].text("data", "en")
    assert results["C8"].estimate == pytest.approx(5.0, rel=0.05)   # the planted acquisition/retention ratio


def test_store_without_linked_tables_says_what_is_missing(tmp_path):
    from crm_analysis.store import CustomerStore, open_report_store

    path = tmp_path / "shop.duckdb"
    orders = pd.DataFrame({"kunde": ["007", "007", "012"], "datum": ["2024-01-02", "2024-02-02", "2024-01-05"],
                           "betrag": [10.0, 12.0, 30.0]})
    with CustomerStore.create(path, name="Teehaus", currency="EUR") as db:
        db.add_transactions(orders, customer_col="kunde", date_col="datum", amount_col="betrag")
        db.add_customers(pd.DataFrame({"kunde": ["007", "012"], "status": ["x", "y"]}), customer_col="kunde")
    with open_report_store(str(path), demo="cdnow") as db:
        results = claims.run_store_claims(db, n_boot=20)
    c8 = results["C8"].text("note", "en")
    assert "the column acquisition_cost of the customers table" in c8 and "--retention-cost-col" in c8
    c6 = results["C6"].text("note", "en")
    assert "survey answers linked to customers" in c6 and "gross margin" in c6
    assert "the column churn_date of the customers table" in results["C3"].text("note", "en")
    assert "客户表的acquisition_cost列" in results["C8"].text("note", "zh")
    assert "crm-analysis import complaints" in results["C11"].text("note", "en")
    assert {results[c].verdict for c in ("C3", "C6", "C8", "C10", "C11")} == {NOT_TESTABLE}
