"""Nonlinear and asymmetric effects, importance-performance, churn by level (claims C1, C2, C5)."""
import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from crm_analysis.datasets import make_survey
from crm_analysis.satisfaction import (churn_by_satisfaction_level, cochran_armitage_test, compare_functional_forms,
                                       derived_importance, ecsi_model, importance_performance,
                                       penalty_reward_analysis, plot_churn_by_level, plot_importance_performance,
                                       plot_penalty_reward, plot_satisfaction_zones, pls_importance_performance,
                                       restricted_cubic_spline, satisfaction_levels, satisfaction_zones,
                                       top_box_effect)


# ----------------------------------------------------------------------------- functional form
def _top_box_data(n=3000, seed=21, jump=1.5):
    """Loyalty flat-ish in satisfaction 1..8, then a jump of ``jump`` points at 9-10 (an affection zone)."""
    rng = np.random.default_rng(seed)
    s = rng.integers(1, 11, n).astype(float)
    y = 3 + 0.1 * s + jump * (s >= 9) + rng.normal(0, 1, n)
    return pd.Series(s), pd.Series(y)


def test_functional_forms_detect_a_top_box_jump():
    s, y = _top_box_data()
    table = compare_functional_forms(s, y)
    assert table.loc["levels", "lr_p_value"] < 1e-6 and table.loc["spline", "lr_p_value"] < 1e-6
    assert table["aic"].idxmin() != "linear"
    # the LR statistic is twice the log-likelihood gain, on the number of extra parameters
    assert table.loc["levels", "lr_statistic"] == pytest.approx(
        2 * (table.loc["levels", "log_likelihood"] - table.loc["linear", "log_likelihood"]))
    assert table.loc["levels", "lr_df"] == 8  # 9 level dummies vs one slope
    import statsmodels.api as sm

    linear = sm.OLS(y, sm.add_constant(s)).fit()
    assert table.loc["linear", "log_likelihood"] == pytest.approx(linear.llf)
    # we count the error variance as a parameter (as R's AIC(lm) does); statsmodels' OLS.aic does not
    assert table.loc["linear", "aic"] == pytest.approx(linear.aic + 2)


def test_functional_forms_keep_a_linear_link_linear():
    s, _ = _top_box_data(seed=5)
    y = 3 + 0.3 * s + np.random.default_rng(6).normal(0, 1, len(s))
    table = compare_functional_forms(s, y)
    assert table["bic"].idxmin() == "linear"
    assert table.loc["levels", "lr_p_value"] > 0.01


def test_restricted_cubic_spline_is_linear_beyond_the_outer_knots():
    knots = [2.0, 4.0, 6.0, 8.0]
    x = np.array([9.0, 10.0, 11.0, 0.0, 1.0, 1.5])
    basis = restricted_cubic_spline(x, knots)
    assert basis.shape == (6, 3)
    right, left = basis[:3], basis[3:]
    assert np.allclose(right[1] - right[0], right[2] - right[1])  # equal steps: linear for x > 8
    assert np.allclose(left, np.column_stack([x[3:], np.zeros((3, 2))]))  # nonlinear terms vanish below 2


def test_zones_follow_jones_and_sasser_cuts():
    s, y = _top_box_data()
    table = satisfaction_zones(s, y, scale=(1, 10))
    assert table.loc[[1, 2, 3, 4], "zone"].eq("defection").all()
    assert table.loc[[5, 6, 7, 8], "zone"].eq("indifference").all()
    assert table.loc[[9, 10], "zone"].eq("affection").all()
    assert table.loc[9, "step"] == pytest.approx(1.6, abs=0.15)  # 0.1 slope + 1.5 jump
    five = satisfaction_zones([1, 2, 3, 4, 5, 5, 4, 1], [1, 2, 2, 3, 5, 6, 3, 1], scale=(1, 5))
    assert five["zone"].tolist() == ["defection", "defection", "indifference", "indifference", "affection"]
    group = y[s == 10]
    half = stats.t.ppf(0.975, len(group) - 1) * group.std(ddof=1) / np.sqrt(len(group))
    assert table.loc[10, "ci_upper"] == pytest.approx(group.mean() + half)


def test_top_box_effect_by_hand():
    """Repurchase 0/1: top box (10) 3 of 4 = 0.75, next box (8, 9) 1 of 4 = 0.25 -> ratio 3."""
    s = [10, 10, 10, 10, 9, 9, 8, 8]
    y = [1, 1, 1, 0, 1, 0, 0, 0]
    effect = top_box_effect(s, y, top=10, next_box=[8, 9])
    assert effect["ratio"] == pytest.approx(3.0)
    se = np.sqrt((0.25 / 4) / 0.75**2 + (0.25 / 4) / 0.25**2)  # sample variances 1/4 and 1/4
    assert effect["ci_upper"] == pytest.approx(3 * np.exp(stats.norm.ppf(0.975) * se))


# ----------------------------------------------------------------------------- asymmetry
def test_penalty_reward_recovers_kano_categories():
    """Four attributes with known penalties/rewards (rating points) on overall satisfaction."""
    rng = np.random.default_rng(8)
    n = 3000
    ratings = pd.DataFrame(rng.integers(1, 11, (n, 4)), columns=["billing", "network", "staff", "app"])
    truth = {"billing": (-1.5, 0.0), "network": (-1.0, 1.0), "staff": (0.0, 1.2), "app": (0.0, 0.0)}
    y = 6.0 + rng.normal(0, 1, n)
    for name, (penalty, reward) in truth.items():
        y += penalty * (ratings[name] <= 4) + reward * (ratings[name] >= 9)
    table = penalty_reward_analysis(ratings.assign(overall=y), list(truth), "overall", scale=(1, 10))
    assert table["kano"].to_dict() == {"billing": "basic", "network": "performance", "staff": "excitement",
                                       "app": "indifferent"}
    for name, (penalty, reward) in truth.items():
        assert table.loc[name, "penalty"] == pytest.approx(penalty, abs=0.15)
        assert table.loc[name, "reward"] == pytest.approx(reward, abs=0.15)
    assert table.loc["billing", "asymmetry"] > 1.2  # dissatisfier weighs more (C5)


# ----------------------------------------------------------------------------- importance-performance
def test_importance_performance_quadrants_by_hand():
    importance = pd.Series({"price": 0.5, "network": 0.4, "shop": 0.1, "app": 0.2})
    performance = pd.Series({"price": 40.0, "network": 80.0, "shop": 30.0, "app": 90.0})
    # cuts: mean importance 0.3, mean performance 60
    table = importance_performance(importance, performance)
    assert table["quadrant"].to_dict() == {"price": "concentrate here", "network": "keep up the good work",
                                           "shop": "low priority", "app": "possible overkill"}
    ax = plot_importance_performance(table)
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def test_derived_importance_matches_direct_computation():
    data = make_survey(400, random_state=4)
    corr = derived_importance(data, ["qual1", "val1"], "sat1", method="correlation")
    assert corr["qual1"] == pytest.approx(data["qual1"].corr(data["sat1"]))
    import statsmodels.api as sm

    z = (data[["qual1", "val1", "sat1"]] - data[["qual1", "val1", "sat1"]].mean()) / data[["qual1", "val1", "sat1"]].std()
    direct = sm.OLS(z["sat1"], sm.add_constant(z[["qual1", "val1"]])).fit().params
    reg = derived_importance(data, ["qual1", "val1"], "sat1")
    assert np.allclose(reg, direct[["qual1", "val1"]])


def test_pls_importance_performance_uses_total_effects():
    data = make_survey(400, random_state=4)
    model = ecsi_model().fit(data)
    table = pls_importance_performance(model, data, "loyalty")
    totals = model.effects_.query("to == 'loyalty'").set_index("from")["total"]
    assert np.allclose(table["importance"], totals[table.index])
    assert np.allclose(table["performance"], model.index_scores(data).mean()[table.index])


# ----------------------------------------------------------------------------- churn by level (C1)
def test_cochran_armitage_by_hand():
    """n = 10, 10, 10; churned 8, 3, 1; scores 0, 1, 2: p = 0.4, T = -1 - 6 = -7,
    Var = 0.4 * 0.6 * (50 - 30^2/30) = 4.8, Z = -7 / sqrt(4.8) = -3.19505."""
    test = cochran_armitage_test([8, 3, 1], [10, 10, 10])
    assert test["statistic"] == pytest.approx(-7 / np.sqrt(4.8))
    assert test["p_value"] == pytest.approx(2 * stats.norm.cdf(-7 / np.sqrt(4.8)))


def test_churn_by_level_wilson_and_claim():
    levels = pd.Series(["very dissatisfied"] * 10 + ["neutral"] * 10 + ["very satisfied"] * 10)
    churned = pd.Series([1] * 8 + [0] * 2 + [1] * 3 + [0] * 7 + [1] * 1 + [0] * 9)
    table = churn_by_satisfaction_level(levels, churned, order=["very dissatisfied", "neutral", "very satisfied"])
    lo, hi = proportion_confint(3, 10, method="wilson")
    assert table.loc["neutral", "ci_lower"] == pytest.approx(lo) and table.loc["neutral", "ci_upper"] == pytest.approx(hi)
    assert table.loc["very dissatisfied", "claim_c1"] == 0.8 and table.loc["very dissatisfied", "claim_in_ci"]
    # 1 of 10 very satisfied churn: Wilson interval (0.018, 0.404) overlaps the claimed 1-2 %
    assert table.loc["very satisfied", "claim_c1"] == pytest.approx(0.015)
    assert table.loc["very satisfied", "claim_in_ci"]
    assert table.attrs["trend_test"]["statistic"] == pytest.approx(-7 / np.sqrt(4.8))
    ax = plot_churn_by_level(table)
    assert "%" in ax.get_ylabel()


def test_churn_falls_with_satisfaction_on_simulated_survey():
    data = make_survey(2000, random_state=9)
    sat = data[["sat1", "sat2", "sat3", "sat4"]].mean(axis=1)
    table = churn_by_satisfaction_level(satisfaction_levels(sat, scale=(1, 10))["level"], data["churned"])
    assert list(table.index)[0] == "very dissatisfied" and list(table.index)[-1] == "very satisfied"
    assert table.attrs["trend_test"]["statistic"] < -5  # make_survey's churn falls with satisfaction
    assert table["churn_rate"].iloc[0] > table["churn_rate"].iloc[-1]


def test_zone_and_penalty_plots_have_labels():
    s, y = _top_box_data(n=500)
    ax = plot_satisfaction_zones(satisfaction_zones(s, y, scale=(1, 10)))
    assert ax.get_title() and "rating" in ax.get_xlabel()
    ratings = pd.DataFrame({"a": s, "b": s.sample(frac=1, random_state=1).to_numpy()})
    table = penalty_reward_analysis(ratings.assign(overall=y), ["a", "b"], "overall", scale=(1, 10))
    ax = plot_penalty_reward(table)
    assert ax.get_xlabel() and ax.get_ylabel()
