"""Churn tables as users bring them: labels in another row order, id and date columns, new levels, odd labels."""
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from crm_analysis.churn import (ChurnClassifier, CoxChurnModel, IgnoredColumnsWarning, LeakageWarning,
                                UnseenCategoryWarning, align_to, calibration_table, churn_labels,
                                evaluate_churn_models, gains_table, kaplan_meier_by_segment, leaking_columns,
                                profit_curve)
from crm_analysis.churn import accuracy_table, churn_drivers, current_customers
from crm_analysis.datasets import make_customers
from crm_analysis.exceptions import CRMDataError
from conftest import small_churn_table


@pytest.fixture(scope="module")
def customers():
    return make_customers(2000, random_state=7)


def _small_table(n=200, seed=0):
    return small_churn_table(n, seed, padded_ids=True, cents=True)


# ----------------------------------------------------------------------------- pairing by customer id
def test_label_series_in_another_order_is_paired_by_customer_id(customers):
    """The issue's failure: labels exported in another row order were paired by position (AUC ~0.5)."""
    X, y = customers.drop(columns="churn"), customers["churn"]
    shuffled = y.sample(frac=1.0, random_state=0)  # same customers, another row order
    assert not shuffled.index.equals(X.index)
    right = evaluate_churn_models(X, y, models=("logistic",), cv=5, random_state=0).loc["logistic", "roc_auc"]
    fixed = evaluate_churn_models(X, shuffled, models=("logistic",), cv=5, random_state=0).loc["logistic", "roc_auc"]
    by_position = evaluate_churn_models(X, shuffled.to_numpy(), models=("logistic",), cv=5,
                                        random_state=0).loc["logistic", "roc_auc"]
    assert right == pytest.approx(0.802, abs=0.005)  # measured: 0.802
    assert fixed == right  # same customers, same folds, same model
    assert by_position < 0.6  # what position pairing gave (measured 0.52): labels of other customers


def test_classifier_fit_and_permutation_importance_pair_labels_by_customer(customers):
    X, y = customers.drop(columns="churn").iloc[:800], customers["churn"].iloc[:800]
    reversed_y = y.iloc[::-1]
    p_right = ChurnClassifier().fit(X, y).predict_proba(X)[:, 1]
    p_fixed = ChurnClassifier().fit(X, reversed_y).predict_proba(X)[:, 1]
    np.testing.assert_allclose(p_fixed, p_right)
    assert roc_auc_score(y, p_fixed) > 0.75
    forest = ChurnClassifier("random_forest", random_state=0).fit(X, y)
    right = forest.feature_importance(X, y, n_repeats=2, random_state=0)
    fixed = forest.feature_importance(X, reversed_y, n_repeats=2, random_state=0)
    pd.testing.assert_frame_equal(fixed, right)


def test_alignment_errors_name_the_unmatched_customers():
    X, y = _small_table(20)
    # "123" against 123: text ids in X, numbers in y
    numbered = y.set_axis(range(20))
    with pytest.raises(CRMDataError, match=r"same customers.*'c000', 'c001'.*\[0, 1, 2") as info:
        ChurnClassifier().fit(X, numbered)
    assert "to_numpy()" in str(info.value)
    with pytest.raises(CRMDataError, match=r"20 rows but y has 19.*without an entry in y: \['c019'\]"):
        ChurnClassifier().fit(X, y.iloc[:-1])
    with pytest.raises(CRMDataError, match=r"repeats the labels \['c001'\]"):
        ChurnClassifier().fit(X, y.rename(index={"c002": "c001"}).iloc[::-1])
    with pytest.raises(CRMDataError, match="20 rows but y has 21 values"):
        ChurnClassifier().fit(X, np.append(y.to_numpy(), "No"))
    # a NumPy y pairs by position
    p = ChurnClassifier().fit(X, y.to_numpy()).predict_proba(X)
    np.testing.assert_allclose(p, ChurnClassifier().fit(X, y).predict_proba(X))
    # identical indexes with repeated labels (a bootstrap sample) pair by position
    X_big, y_big = _small_table(200)
    rows = np.random.default_rng(0).integers(0, 200, 200)
    boot = ChurnClassifier().fit(X_big.iloc[rows], y_big.iloc[rows])
    np.testing.assert_allclose(boot.predict_proba(X_big),
                               ChurnClassifier().fit(X_big.iloc[rows], y_big.iloc[rows].to_numpy()).predict_proba(X_big))
    with pytest.raises(CRMDataError, match="same customers"):
        evaluate_churn_models(X, numbered, models=("logistic",), cv=2)


def test_align_to_rules():
    ref = pd.DataFrame({"a": [1, 2, 3]}, index=["x", "y", "z"])
    out = align_to(pd.Series([30, 10, 20], index=["z", "x", "y"]), ref)
    assert list(out.index) == ["x", "y", "z"] and list(out) == [10, 20, 30]
    assert align_to([1, 2, 3], ref) == [1, 2, 3]
    with pytest.raises(CRMDataError, match=r"entries of y for customers not in X: \['w'\]"):
        align_to(pd.Series([1, 2, 3], index=["x", "y", "w"]), ref)


def test_scores_in_another_order_are_paired_by_customer():
    y = pd.Series([1, 0, 1, 0, 0, 1, 0, 0, 0, 0], index=list("abcdefghij"))
    score = pd.Series([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05], index=y.index)
    backwards = score.iloc[::-1]
    pd.testing.assert_frame_equal(gains_table(y, backwards, n_bins=5), gains_table(y, score, n_bins=5))
    # by hand: bins of two from the top hold churners (1,0) (1,0) (0,1) (0,0) (0,0)
    assert list(gains_table(y, backwards, n_bins=5)["n_churners"]) == [1, 1, 1, 0, 0]
    pd.testing.assert_frame_equal(calibration_table(y, backwards, n_bins=2), calibration_table(y, score, n_bins=2))
    with pytest.raises(CRMDataError, match="score"):
        gains_table(y, backwards.set_axis(range(10)), n_bins=5)
    table = accuracy_table(y, backwards.rename("m").to_frame())
    assert table.loc["m", "roc_auc"] == pytest.approx(roc_auc_score(y, score))
    # profit: only customer "a" churned; contacting the top customer "a" realises 0.5 * 100 - 10
    curve = profit_curve(score, 100.0, offer_cost=10, success_rate=0.5, y=y.iloc[::-1])
    assert curve.table["realised_profit"].iloc[1] == pytest.approx(40.0)
    with pytest.raises(CRMDataError, match="same customers"):
        profit_curve(score, 100.0, offer_cost=10, success_rate=0.5, y=y.set_axis(range(10)))


def test_report_tables_pair_labels_by_customer():
    X = pd.DataFrame({"contract": ["Month-to-month"] * 4 + ["Two year"] * 4, "tenure": [1, 2, 3, 4, 5, 6, 7, 8]},
                     index=[f"k{i}" for i in range(8)])
    y = pd.Series([1, 1, 0, 1, 0, 0, 0, 0], index=X.index)
    effects = pd.DataFrame({"contract": [0.1] * 4 + [-0.3] * 4, "tenure": [0.05, -0.05] * 4}, index=X.index)
    right = churn_drivers(None, X, y, top=2, n_bands=2, effects=effects).groups
    pd.testing.assert_frame_equal(churn_drivers(None, X, y.iloc[::-1], top=2, n_bands=2,
                                                effects=effects.iloc[::-1]).groups, right)
    assert right.loc["contract", "churn_rate"].tolist() == [0.75, 0.0]  # month-to-month 3 of 4, two year 0 of 4
    assert list(current_customers(X, y.iloc[::-1]).index) == ["k2", "k4", "k5", "k6", "k7"]


# ----------------------------------------------------------------------------- leaking columns
def test_leaking_columns_rule():
    n = 30
    rng = np.random.default_rng(3)
    X = pd.DataFrame({
        "email": [f"user{i}@shop.cn" for i in range(n)],  # unique text
        "customer_id": np.arange(1000, 1000 + n),  # unique integers, id-like name
        "客户编号": [f"{i:06d}" for i in range(n)],  # ids with leading zeros, as text
        "会员号": np.arange(n) + 7,
        "customerID": np.arange(n) * 3,
        "Unnamed: 0": np.arange(n),
        "signup": pd.date_range("2024-01-01", periods=n, freq="D"),
        "last_contact": ["2024-03-05"] * 10 + ["05/03/2024"] * 10 + ["2024年3月5日"] * 10,
        "monthly_charges": np.round(rng.uniform(20, 100, n), 2),  # unique numbers: a real feature
        "visits": np.arange(n),  # unique integers without an id-like name: kept
        "store_id": np.arange(n) % 3,  # id-like name but shared by customers: kept
        "plan": rng.choice(["basic", "pro"], n),
        "paid": np.arange(n),  # ends in "id" but is not an id
        "active": rng.uniform(size=n) < 0.5,
        "band": ["10-20", "20-30", "30-40"] * 10,
    })
    found = leaking_columns(X)
    assert list(found) == ["email", "customer_id", "客户编号", "会员号", "customerID", "Unnamed: 0", "signup",
                           "last_contact"]
    assert "dates" in found["signup"] and "dates" in found["last_contact"] and "identifies rows" in found["email"]


@pytest.mark.parametrize("model", ["logistic", "random_forest"])
def test_id_and_date_columns_are_excluded_not_encoded(model):
    X, y = _small_table()
    leaky = X.assign(customer_code=[f"C-{i:05d}" for i in range(len(X))],
                     cancelled_on=pd.date_range("2023-01-01", periods=len(X), freq="D"))
    before = leaky.copy()
    with pytest.warns(LeakageWarning, match=r"'customer_code' \(identifies rows.*'cancelled_on' \(holds dates"):
        fitted = ChurnClassifier(model, random_state=0).fit(leaky, y)
    pd.testing.assert_frame_equal(leaky, before)
    assert set(fitted.excluded_columns_) == {"customer_code", "cancelled_on"}
    assert list(fitted.feature_names_in_) == ["tenure", "plan", "charges"]
    if model == "logistic":
        names = fitted.feature_importance().index
        assert len(names) == 4  # tenure, charges, plan_plus, plan_pro: no per-customer dummy
    else:
        names = fitted.feature_importance(leaky, y, n_repeats=1, random_state=0).index
    assert not any(str(name).startswith(("customer_code", "cancelled_on")) for name in names)
    clean = ChurnClassifier(model, random_state=0).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the excluded columns are ignored silently when scoring
        np.testing.assert_allclose(fitted.predict_proba(leaky), clean.predict_proba(X))


def test_evaluation_and_cox_exclude_leaking_columns_once():
    customers = make_customers(600, random_state=5)
    X = customers.drop(columns="churn").assign(email=[f"u{i}@x.com" for i in range(600)])
    with pytest.warns(LeakageWarning, match="email") as record:
        leaky = evaluate_churn_models(X, customers["churn"], models=("logistic",), cv=3)
    assert sum(issubclass(w.category, LeakageWarning) for w in record) == 1
    clean = evaluate_churn_models(X.drop(columns="email"), customers["churn"], models=("logistic",), cv=3)
    pd.testing.assert_frame_equal(leaky, clean)
    data = customers[["tenure_months", "churn", "satisfaction"]].assign(member_no=np.arange(600))
    with pytest.warns(LeakageWarning, match="member_no"):
        cox = CoxChurnModel().fit(data, duration_col="tenure_months", event_col="churn")
    assert list(cox.params_.index) == ["satisfaction"]


def test_nothing_left_after_exclusion_is_an_error():
    _, y = _small_table(20)
    with pytest.warns(LeakageWarning), pytest.raises(CRMDataError, match="no usable columns"):
        ChurnClassifier().fit(pd.DataFrame({"id": np.arange(20)}, index=y.index), y)


# ----------------------------------------------------------------------------- prediction time
@pytest.mark.parametrize("model", ["logistic", "random_forest", "gradient_boosting"])
def test_unseen_levels_are_handled_and_reported(model):
    X, y = _small_table()
    fitted = ChurnClassifier(model, random_state=0).fit(X, y)
    new = X.head(4).assign(plan=["premium", "basic", "gold", "premium"])
    with pytest.warns(UnseenCategoryWarning, match=r"column 'plan': 2 level\(s\) \['premium', 'gold'\] in rows "
                                                   r"\['c000', 'c002', 'c003'\] \(3 in total\)") as record:
        p = fitted.predict_proba(new)[:, 1]
    assert len([w for w in record if issubclass(w.category, UnseenCategoryWarning)]) == 1
    assert not [w for w in record if "Found unknown categories" in str(w.message)]  # reported once, by us
    assert np.isfinite(p).all()
    if model == "logistic":  # unseen = the reference level "basic" (all dummies 0)
        assert "reference level 'basic'" in str(record[0].message)
        as_basic = fitted.predict_proba(new.assign(plan="basic"))[:, 1]
        np.testing.assert_allclose(p, as_basic)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fitted.predict_proba(X)  # known levels: no warning


def test_missing_and_extra_columns_at_prediction():
    X, y = _small_table()
    fitted = ChurnClassifier().fit(X, y)
    with pytest.raises(CRMDataError, match=r"missing column\(s\) \['plan'\]"):
        fitted.predict_proba(X.drop(columns="plan"))
    with pytest.warns(IgnoredColumnsWarning, match=r"ignored: \['region'\]"):
        p = fitted.predict_proba(X.assign(region="north"))
    np.testing.assert_allclose(p, fitted.predict_proba(X))
    with pytest.raises(CRMDataError, match="'tenure'.*must be numeric.*'long'"):
        fitted.predict_proba(X.head(3).assign(tenure=["1", "long", "3"]))


# ----------------------------------------------------------------------------- ambiguous labels
@pytest.mark.parametrize("labels, message, rows", [
    (["Yes", "No", "No", "maybe", "Yes", "No"], r"two classes \(churn / no churn\) but has 3", "[3]"),
    (["Yes", "maybe", "maybe", "Yes"], "reads neither as churn nor as staying", "[1, 2]"),
    (["Yes", "No", np.nan, "No", None], "missing values", "[2, 4]"),
    ([1.0, 0.0, np.nan, 1.0], "missing values", "[2]"),
])
def test_ambiguous_labels_name_their_rows(labels, message, rows):
    with pytest.raises(CRMDataError, match=message) as info:
        churn_labels(labels)
    assert f"rows {rows}" in str(info.value)


def test_missing_labels_are_never_dropped_anywhere():
    X, y = _small_table(30)
    gappy = y.copy()
    gappy.iloc[[4, 9]] = np.nan
    with pytest.raises(CRMDataError, match=r"missing values in rows \['c004', 'c009'\]"):
        ChurnClassifier().fit(X, gappy)
    with pytest.raises(CRMDataError, match="missing values"):
        gains_table(gappy, X["charges"], n_bins=3)
    data = X.assign(churn=gappy)
    with pytest.raises(CRMDataError, match=r"missing values in rows \['c004', 'c009'\]"):
        kaplan_meier_by_segment(data, duration_col="tenure", event_col="churn")
    with pytest.raises(CRMDataError, match="neither as churn nor as staying"):
        kaplan_meier_by_segment(X.assign(churn="maybe"), duration_col="tenure", event_col="churn")
    # recognised single classes stay allowed in survival: all censored
    curves = kaplan_meier_by_segment(X.assign(churn="No"), duration_col="tenure", event_col="churn")
    assert curves.medians["n_churned"].iloc[0] == 0


def test_stay_spellings_including_chinese_are_read():
    assert list(churn_labels(["流失", "未流失", "流失"])[0]) == [1, 0, 1]
    assert list(churn_labels(["是", "否"])[0]) == [1, 0]
    assert list(churn_labels(["Churned", "retained "])[0]) == [1, 0]


# ----------------------------------------------------------------------------- a messy file, as a user brings it
def test_chinese_gbk_export_with_ids_dates_and_a_separate_label_file(tmp_path):
    """GBK CSV, Chinese column names, ids with leading zeros, a sign-up date, 是/否 labels in a file sorted otherwise."""
    sim = make_customers(600, random_state=21)
    ids = [f"{i:06d}" for i in sim.index]
    table = pd.DataFrame({
        "客户编号": ids,
        "在网月数": sim["tenure_months"].to_numpy(),
        "合约": sim["contract"].map({"month-to-month": "按月", "one year": "一年", "two year": "两年"}).to_numpy(),
        "月费": sim["monthly_charges"].to_numpy(),
        "投诉次数": sim["complaints"].to_numpy(),
        "满意度": sim["satisfaction"].to_numpy(),
        "入网日期": (pd.Timestamp("2024-06-30") - pd.to_timedelta(30 * sim["tenure_months"].to_numpy(), "D"))
        .strftime("%Y年%m月%d日"),
    })
    labels = pd.DataFrame({"客户编号": ids, "是否流失": np.where(sim["churn"] == 1, "是", "否")})
    (tmp_path / "customers.csv").write_bytes(table.to_csv(index=False).encode("gbk"))
    (tmp_path / "labels.csv").write_bytes(labels.sample(frac=1.0, random_state=0).to_csv(index=False).encode("gbk"))

    customers = pd.read_csv(tmp_path / "customers.csv", encoding="gbk", dtype={"客户编号": str})
    churn = pd.read_csv(tmp_path / "labels.csv", encoding="gbk", dtype={"客户编号": str})
    assert churn["客户编号"].iloc[0] != customers["客户编号"].iloc[0]  # another row order
    # left as they are, the id and the date are columns of X: both are excluded, not one-hot encoded
    X = customers.set_index(customers["客户编号"].rename("id"))  # the id also stays a column
    y = churn.set_index("客户编号")["是否流失"]
    y.index.name = "id"
    with pytest.warns(LeakageWarning, match="'客户编号'.*'入网日期' \\(holds dates as text"):
        model = ChurnClassifier().fit(X, y)
    assert not any(name.startswith(("客户编号", "入网日期")) for name in model.feature_importance().index)
    # the labels were paired by id: the same model as the simulated table with its own labels
    features = X.drop(columns=["客户编号", "入网日期"])
    reference = ChurnClassifier().fit(features, (sim["churn"] == 1).to_numpy())
    np.testing.assert_allclose(model.churn_probability(X).to_numpy(), reference.churn_probability(features).to_numpy())
    assert roc_auc_score(sim["churn"], model.churn_probability(X).to_numpy()) > 0.75
    # the leading zeros survive: '000001' is not 1, and a label file keyed by numbers is refused by name
    with pytest.raises(CRMDataError, match=r"without an entry in y: \['000001'.*not in X: \[\d+, \d+"):
        ChurnClassifier().fit(X, y.set_axis(y.index.astype(int)))
