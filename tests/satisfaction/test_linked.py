"""Satisfaction on the linked customer base: per-customer indices, satisfaction x value, value-weighted importance."""
import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from crm_analysis.datasets import ECSI_ITEMS, make_company  # noqa: E402
from crm_analysis.exceptions import CRMDataError, DataExclusionWarning  # noqa: E402
from crm_analysis.present.figures import close, localize  # noqa: E402
from crm_analysis.satisfaction import (VALUE_QUADRANTS, customer_scores, derived_importance,  # noqa: E402
                                       plot_satisfaction_value, plot_value_weighted_importance,
                                       satisfaction_value_matrix, value_weighted_importance)

BLOCKS = {"satisfaction": ["sat1", "sat2"], "quality": ["q1"]}


def _survey():
    return pd.DataFrame({
        "customer_id": ["a", "a", "b", "c", "007"],
        "date": pd.to_datetime(["2024-01-01", "2024-06-01", "2024-02-01", "2024-03-01", "2024-03-01"]),
        "sat1": [1, 10, 7, np.nan, 4],
        "sat2": [1, 7, 4, 5, 4],
        "q1": [5, 6, 7, 8, 1],
    })


def _ids(*ids):
    return pd.Index(list(ids), name="customer_id")


# --------------------------------------------------------------------------- customer_scores
def test_customer_scores_by_hand_latest_response_and_blocks():
    survey = _survey()
    before = survey.copy()
    with pytest.warns(DataExclusionWarning) as caught:
        scores = customer_scores(survey, BLOCKS, scale=(1, 10))
    pd.testing.assert_frame_equal(survey, before)  # input unchanged
    messages = " ".join(str(w.message) for w in caught)
    assert "1 of 5 survey responses left out" in messages  # a's earlier response
    assert "satisfaction: 1 of 4" in messages  # c skipped sat1
    assert list(scores.index) == ["a", "b", "c", "007"] and scores.index.name == "customer_id"  # table order
    # a: latest (2024-06-01) sat = (10 + 7) / 2 = 8.5 -> 100 (8.5 - 1) / 9 = 83.33; q1 = 6 -> 100 * 5 / 9 = 55.56
    assert scores.loc["a", "satisfaction"] == pytest.approx(100 * 7.5 / 9)
    assert scores.loc["a", "quality"] == pytest.approx(100 * 5 / 9)
    # b: (7 + 4) / 2 = 5.5 -> 50 (the scale midpoint); "007" keeps its zeros: (4 + 4) / 2 = 4 -> 33.33
    assert scores.loc["b", "satisfaction"] == pytest.approx(50.0)
    assert scores.loc["007", "satisfaction"] == pytest.approx(100 * 3 / 9)
    # c skipped sat1: no satisfaction index (exclusion per block), its quality index kept: 8 -> 77.78
    assert np.isnan(scores.loc["c", "satisfaction"])
    assert scores.loc["c", "quality"] == pytest.approx(100 * 7 / 9)
    assert scores.attrs["scale"] == (0.0, 100.0) and scores.attrs["answer_scale"] == (1, 10)
    assert scores.attrs["n_earlier_responses"] == 1 and scores.attrs["latest_by"] == "date"
    assert scores.attrs["missing_by_block"] == {"satisfaction": 1, "quality": 0}


def test_customer_scores_available_items_and_row_order_without_dates():
    survey = _survey().drop(columns="date")
    with pytest.warns(DataExclusionWarning, match="latest by row order"):
        scores = customer_scores(survey, BLOCKS, scale=(1, 10), missing="available")
    # without dates the last row of a wins (it is also the later one here): 83.33
    assert scores.loc["a", "satisfaction"] == pytest.approx(100 * 7.5 / 9)
    # c answered sat2 = 5 only: the mean of the items answered, 100 * 4 / 9
    assert scores.loc["c", "satisfaction"] == pytest.approx(100 * 4 / 9)


def test_customer_scores_latest_by_date_not_row_order():
    survey = pd.DataFrame({"customer_id": ["x", "x"], "date": pd.to_datetime(["2024-05-01", "2024-01-01"]),
                           "sat1": [10, 1], "sat2": [10, 1], "q1": [1, 1]})
    with pytest.warns(DataExclusionWarning):
        scores = customer_scores(survey, BLOCKS, scale=(1, 10))
    assert scores.loc["x", "satisfaction"] == pytest.approx(100.0)  # the May answer, though it is the first row


def test_customer_scores_needs_ids_scale_and_valid_answers():
    survey = _survey()
    with pytest.raises(CRMDataError, match="customer_id"):
        customer_scores(survey.drop(columns="customer_id"), BLOCKS, scale=(1, 10))
    with pytest.raises(CRMDataError, match="scale"):
        customer_scores(survey, BLOCKS)  # no 1-10 default
    with pytest.raises(CRMDataError, match="outside the rating scale"):
        customer_scores(survey.assign(q1=[5, 6, 7, -99, 1]), BLOCKS, scale=(1, 10))
    with pytest.raises(CRMDataError, match="missing customer ids"):
        customer_scores(survey.assign(customer_id=["a", None, "b", "c", "d"]), BLOCKS, scale=(1, 10))


# --------------------------------------------------------------------------- satisfaction x value
def test_satisfaction_value_matrix_by_hand():
    values = pd.Series([100.0, 50.0, 10.0, 5.0, 0.0], index=_ids("a", "b", "c", "d", "e"), name="profit")
    satisfaction = pd.Series([30.0, 80.0, 20.0, 90.0], index=_ids("a", "b", "c", "d"), name="satisfaction")
    matrix = satisfaction_value_matrix(satisfaction, values, value_share=0.4)
    # k = ceil(0.4 * 5) = 2 most valuable of all 5 customers: a, b (cut 50); dissatisfied = below 50: a, c
    assert matrix.value_cut == 50.0 and matrix.satisfaction_threshold == 50.0
    assert matrix.threshold_rule == "scale midpoint"
    assert list(matrix.customers.index) == ["a", "b", "c", "d"]  # valuable-and-dissatisfied first
    assert list(matrix.customers["quadrant"]) == VALUE_QUADRANTS
    summary = matrix.summary
    assert list(summary.index) == VALUE_QUADRANTS
    assert summary["customers"].tolist() == [1, 1, 1, 1]
    # matched value 100 + 50 + 10 + 5 = 165: a holds 100 / 165
    assert summary.loc["valuable and dissatisfied", "value_share"] == pytest.approx(100 / 165)
    assert summary.loc["other and satisfied", "mean_satisfaction"] == 90.0
    assert matrix.counts["only_values"] == 1 and matrix.counts["only_survey"] == 0  # e did not answer


def test_satisfaction_value_matrix_negative_values_and_given_threshold():
    # a bad customer (-60) makes the valuable ones hold more than all the profit (C6's "over 100 %")
    values = pd.Series([100.0, -60.0, 20.0], index=_ids("a", "b", "c"))
    satisfaction = pd.Series([40.0, 90.0, 70.0], index=_ids("a", "b", "c"))
    matrix = satisfaction_value_matrix(satisfaction, values, value_share=0.3, satisfaction_threshold=75)
    # k = ceil(0.9) = 1: a is valuable; below 75: a and c; total 60, a holds 100 / 60
    assert matrix.summary.loc["valuable and dissatisfied", "value_share"] == pytest.approx(100 / 60)
    assert matrix.summary.loc["other and dissatisfied", "customers"] == 1  # c
    assert matrix.threshold_rule == "given"


def test_ids_with_and_without_leading_zeros_do_not_match_silently():
    values = pd.Series([10.0, 20.0], index=_ids("7", "8"))
    satisfaction = pd.Series([30.0, 40.0], index=_ids("007", "8"))
    with pytest.warns(DataExclusionWarning, match="leading zeros") as caught:
        matrix = satisfaction_value_matrix(satisfaction, values)
    assert "'007' vs '7'" in str(caught[0].message)
    assert list(matrix.customers.index) == ["8"]
    assert matrix.counts["only_survey"] == 1 and matrix.counts["only_values"] == 1


def test_satisfaction_value_matrix_refuses_a_raw_rating_without_a_threshold():
    with pytest.raises(CRMDataError, match="0-100"):
        satisfaction_value_matrix(pd.Series([3.0, 250.0], index=_ids("a", "b")),
                                  pd.Series([1.0, 2.0], index=_ids("a", "b")))
    with pytest.raises(CRMDataError, match="more than one row"):
        satisfaction_value_matrix(pd.Series([30.0, 40.0], index=_ids("a", "a")),
                                  pd.Series([1.0], index=_ids("a")))


# --------------------------------------------------------------------------- value-weighted importance
def _weighted_case():
    """High-value customers' satisfaction follows x1, the others' follows x2 (x1, x2 uncorrelated in each half)."""
    x1 = np.array([1, 2, 3, 4, 1, 2, 3, 4] * 2, dtype=float)
    x2 = np.array([1, 4, 2, 3, 3, 2, 4, 1] * 2, dtype=float)
    valuable = np.r_[np.ones(8, bool), np.zeros(8, bool)]
    y = np.where(valuable, x1, x2)
    ids = _ids(*[f"{i:03d}" for i in range(16)])
    survey = pd.DataFrame({"x1": x1, "x2": x2, "y": y}, index=ids)
    value = pd.Series(np.where(valuable, 100.0, -50.0), index=ids, name="profit")
    return survey, value


def test_value_weighted_importance_by_hand():
    survey, value = _weighted_case()
    before = survey.copy()
    table = value_weighted_importance(survey, ["x1", "x2"], "y", value, scale=(1, 4), n_bootstrap=50,
                                      random_state=0)
    pd.testing.assert_frame_equal(survey, before)
    # weighted: only the valuable half counts (the others' value is negative -> weight 0) and there y = x1 exactly,
    # with x1 and x2 uncorrelated (sum of (x1 - 2.5)(x2 - 2.5) over 1..4 = (-1.5)(-1.5) + (-0.5)(1.5) + ... = 0):
    # standardised coefficients (1, 0)
    assert table.loc["x1", "weighted_importance"] == pytest.approx(1.0)
    assert table.loc["x2", "weighted_importance"] == pytest.approx(0.0, abs=1e-12)
    # ordinary: every customer counts once, so y is half x1 half x2: both drivers matter equally
    assert table.loc["x1", "importance"] == pytest.approx(table.loc["x2", "importance"])
    ordinary = derived_importance(survey.assign(y=survey["y"]), ["x1", "x2"], "y", scale=(1, 4))
    assert table["importance"].to_numpy() == pytest.approx(ordinary.to_numpy())
    assert table.loc["x1", "difference"] > 0 and table.loc["x2", "difference"] < 0
    assert table.attrs["n_zero_weight"] == 8 and table.attrs["n_obs"] == 16
    assert (table["importance_lower"] <= table["importance"] + 1e-12).all()
    assert (table["importance_upper"] >= table["importance"] - 1e-12).all()


def test_equal_values_give_the_ordinary_importance_and_the_seed_fixes_the_intervals():
    survey, value = _weighted_case()
    flat = value * 0 + 10.0
    one = value_weighted_importance(survey, ["x1", "x2"], "y", flat, scale=(1, 4), n_bootstrap=30, random_state=3)
    two = value_weighted_importance(survey, ["x1", "x2"], "y", flat, scale=(1, 4), n_bootstrap=30, random_state=3)
    assert one["weighted_importance"].to_numpy() == pytest.approx(one["importance"].to_numpy())
    assert one["difference"].abs().max() < 1e-12
    pd.testing.assert_frame_equal(one, two)


def test_value_weighted_importance_states_customers_without_a_value():
    survey, value = _weighted_case()
    with pytest.warns(DataExclusionWarning, match="1 of 16 surveyed customers have no value"):
        table = value_weighted_importance(survey, ["x1", "x2"], "y", value.iloc[1:], scale=(1, 4), n_bootstrap=20,
                                          random_state=0)
    assert table.attrs["n_obs"] == 15 and table.attrs["only_survey"] == 1


# --------------------------------------------------------------------------- on the demo company
@pytest.fixture(scope="module")
def company():
    return make_company(1500, random_state=7)


def _blocks():
    return {k: [f"{p}{i}" for i in range(1, n + 1)] for k, (p, n) in ECSI_ITEMS.items()}


def test_the_valuable_dissatisfied_are_found_on_the_demo_company(company):
    scores = customer_scores(company.surveys, _blocks(), scale=(1, 10))
    revenue = company.transactions.groupby("customer_id")["amount"].sum().rename("revenue")
    matrix = satisfaction_value_matrix(scores, revenue)
    truth = company.truth.latent.reindex(matrix.customers.index)
    table = matrix.customers
    # the index's "dissatisfied" agrees with the planted satisfaction (latent below its mean, 0) for most respondents
    agree = (table["dissatisfied"] == (truth["satisfaction"] < 0)).mean()
    assert agree > 0.75
    group = table[table["quadrant"] == "valuable and dissatisfied"]
    assert len(group) >= 20
    happy = table[table["quadrant"] == "valuable and satisfied"]
    assert truth.loc[group.index, "satisfaction"].mean() < truth.loc[happy.index, "satisfaction"].mean() - 0.8
    # they are the top fifth by revenue of the whole base
    assert (group["value"] >= revenue.quantile(0.8) - 1e-9).all()


def test_plots_have_chinese_text(company):
    scores = customer_scores(company.surveys, _blocks(), scale=(1, 10))
    revenue = company.transactions.groupby("customer_id")["amount"].sum().rename("revenue")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        matrix = satisfaction_value_matrix(scores, revenue)
        table = value_weighted_importance(scores, ["image", "expectations", "quality", "value"], "satisfaction",
                                          revenue, n_bootstrap=20, random_state=0)
    for ax in (plot_satisfaction_value(matrix, currency="CNY"), plot_satisfaction_value(matrix),
               plot_value_weighted_importance(table)):
        assert ax.get_xlabel() and ax.get_ylabel()
        localize(ax, "zh", strict=True)
        close(ax)


def test_numeric_ids_become_text_without_inventing_zeros():
    from crm_analysis.satisfaction.linked import customer_ids

    assert customer_ids(pd.Series([7, 8])).tolist() == ["7", "8"]
    assert customer_ids(pd.Series([7.0, 12.0])).tolist() == ["7", "12"]  # a float column of whole numbers
    assert customer_ids(pd.Series([" 007", "7"])).tolist() == ["007", "7"]  # spaces go, zeros stay
    with pytest.raises(CRMDataError, match="not whole numbers"):
        customer_ids(pd.Series([7.5]))
