"""Rating scales: hand-computed reliability, HTMT, NPS, satisfaction levels and top-box shares."""
import numpy as np
import pandas as pd
import pytest

from crm_analysis.exceptions import CRMDataError
from crm_analysis.satisfaction import (average_variance_extracted, composite_reliability, cronbach_alpha,
                                       fornell_larcker, htmt, net_promoter_score, reverse_code, rho_a,
                                       satisfaction_levels, top_box_share)


def test_cronbach_alpha_by_hand():
    """Three respondents x three items.

    item1 = 1, 2, 4 -> variance 7/3; item2 = 2, 3, 4 -> 1; item3 = 3, 4, 5 -> 1
    sum score = 6, 9, 13 -> variance 37/3
    alpha = 3/2 * (1 - (7/3 + 1 + 1) / (37/3)) = 3/2 * 24/37 = 36/37 = 0.972973
    """
    items = pd.DataFrame({"item1": [1, 2, 4], "item2": [2, 3, 4], "item3": [3, 4, 5]})
    assert cronbach_alpha(items) == pytest.approx(36 / 37)
    # standardised alpha = k r / (1 + (k-1) r) with the mean inter-item correlation r
    r = items.corr().to_numpy()[np.triu_indices(3, 1)].mean()
    assert cronbach_alpha(items, standardized=True) == pytest.approx(3 * r / (1 + 2 * r))
    with pytest.raises(CRMDataError, match="at least two items"):
        cronbach_alpha(items, ["item1"])


def test_composite_reliability_and_ave_by_hand():
    # loadings 0.8, 0.7, 0.6: (2.1)^2 / ((2.1)^2 + 0.36 + 0.51 + 0.64) = 4.41 / 5.92
    assert composite_reliability([0.8, 0.7, 0.6]) == pytest.approx(4.41 / 5.92)
    assert average_variance_extracted([0.8, 0.7, 0.6]) == pytest.approx(1.49 / 3)


def test_rho_a_equals_spearman_brown_for_parallel_items():
    """Equal weights and equal correlations r: rho_A = k^2 w^2 r with w^2 = 1 / (k (1 + (k-1) r)),
    i.e. k r / (1 + (k-1) r) = 0.75 for k = 3, r = 0.5."""
    corr = np.full((3, 3), 0.5)
    np.fill_diagonal(corr, 1.0)
    w = np.full(3, 1 / np.sqrt(3 * (1 + 2 * 0.5)))
    assert rho_a(w, corr) == pytest.approx(0.75)


def _exact_correlation_data(corr, n=50, seed=0):
    """Data whose sample correlation matrix is exactly ``corr``."""
    z = np.random.default_rng(seed).standard_normal((n, corr.shape[0]))
    z -= z.mean(axis=0)
    z = z @ np.linalg.inv(np.linalg.cholesky(np.cov(z, rowvar=False)).T)
    return z @ np.linalg.cholesky(corr).T


def test_htmt_by_hand():
    """Blocks a = (a1, a2) with r = 0.6, b = (b1, b2) with r = 0.4, all cross correlations 0.3:
    HTMT = 0.3 / sqrt(0.6 * 0.4) = 0.612372."""
    corr = np.array([[1, .6, .3, .3], [.6, 1, .3, .3], [.3, .3, 1, .4], [.3, .3, .4, 1]])
    data = pd.DataFrame(_exact_correlation_data(corr), columns=["a1", "a2", "b1", "b2"])
    table = htmt(data, {"a": ["a1", "a2"], "b": ["b1", "b2"]})
    assert table.loc["a", "b"] == pytest.approx(0.3 / np.sqrt(0.24))
    assert table.loc["b", "a"] == table.loc["a", "b"]


def test_fornell_larcker_diagonal():
    corr = pd.DataFrame([[1, 0.5], [0.5, 1]], index=["x", "y"], columns=["x", "y"])
    table = fornell_larcker(corr, pd.Series({"x": 0.64, "y": 0.49}))
    assert table.loc["x", "x"] == pytest.approx(0.8) and table.loc["y", "y"] == pytest.approx(0.7)
    assert table.loc["x", "y"] == 0.5


def test_reverse_code():
    data = pd.DataFrame({"rude_staff": [1, 4, 10], "other": [3, 3, 3]})
    out = reverse_code(data, ["rude_staff"], scale=(1, 10))
    assert out["rude_staff"].tolist() == [10, 7, 1]
    assert data["rude_staff"].tolist() == [1, 4, 10]  # caller's data untouched
    with pytest.raises(CRMDataError, match="rude_staff"):
        reverse_code(data.assign(rude_staff=[0, 4, 10]), ["rude_staff"], scale=(1, 10))


def test_net_promoter_score_by_hand():
    """Ratings 10 9 8 7 6 0 10 3 9 10: promoters 5/10, detractors 3/10 -> NPS 20;
    se = sqrt((0.5 + 0.3 - 0.2^2) / 10) = sqrt(0.076) = 0.275681 -> 27.5681 points."""
    nps = net_promoter_score([10, 9, 8, 7, 6, 0, 10, 3, 9, 10])
    assert nps["nps"] == pytest.approx(20)
    assert nps["std_err"] == pytest.approx(100 * np.sqrt(0.076))
    assert nps["passives"] == pytest.approx(0.2)
    with pytest.raises(CRMDataError, match="0-10"):
        net_promoter_score([11, 5])


def test_satisfaction_levels_and_pseudo_loyalty():
    # 1-10 scale cut at 2.8 / 4.6 / 6.4 / 8.2
    ratings = pd.Series([1, 3, 5, 7, 9, 10, 2], index=list("abcdefg"))
    bought = pd.Series([0, 1, 0, 0, 0, 1, 1], index=ratings.index)
    table = satisfaction_levels(ratings, scale=(1, 10), repurchased=bought)
    assert table["level"].astype(str).tolist() == ["very dissatisfied", "resigned", "neutral", "satisfied",
                                                   "very satisfied", "very satisfied", "resigned"]
    assert table["pseudo_loyal"].tolist() == [False, True, False, False, False, False, True]
    assert table.loc["b", "chinese"] == "无奈" and table.loc["e", "chinese"] == "非常满意"
    # a 1-5 scale: one band per point
    five = satisfaction_levels([1, 2, 3, 4, 5], scale=(1, 5))
    assert five["level"].astype(str).tolist() == ["very dissatisfied", "dissatisfied", "neutral", "satisfied",
                                                  "very satisfied"]
    with pytest.raises(CRMDataError, match="outside the rating scale 1-10"):
        satisfaction_levels([0, 5], scale=(1, 10))


def test_top_box_share_by_hand():
    data = pd.DataFrame({"sat": [10, 10, 9, 5, 1, 10, 8, 2]})
    table = top_box_share(data, scale=(1, 10), boxes=2)
    assert table.loc["sat", "top_box"] == pytest.approx(4 / 8)  # 9s and 10s
    assert table.loc["sat", "bottom_box"] == pytest.approx(2 / 8)  # 1s and 2s
    from statsmodels.stats.proportion import proportion_confint

    lo, hi = proportion_confint(4, 8, method="wilson")
    assert table.loc["sat", "ci_lower"] == pytest.approx(lo) and table.loc["sat", "ci_upper"] == pytest.approx(hi)
