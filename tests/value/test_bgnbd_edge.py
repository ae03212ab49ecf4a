"""BG/NBD and MBG/NBD expected purchases at the edges of the parameter space.

Regression: on a small foreign database (60 customers, calibration half-way) BG/NBD fitted ``a + b < 1``
and ``expected_purchases`` came out negative (-0.44 ... -2.35 purchases over 13-78 weeks): the factor
``(a+b-1)/(a-1)`` of FHL (2005) eq. 9 was computed as ``exp(gammaln(a+b) - gammaln(a+b-1))/(a-1)``, and
``gammaln`` is log|Gamma|, so the sign of Gamma(a+b-1) < 0 was lost.  The reference below is the
definition itself, integrated numerically: ``E_p[(1 - (1+pu)^{-R})/p]`` over p ~ Beta(a, B).
"""
import itertools
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, special

from crm_analysis.datasets import make_transactions
from crm_analysis.exceptions import ConvergenceWarning
from crm_analysis.timegrid import with_time_unit
from crm_analysis.value import BetaGeoModel, ModifiedBetaGeoModel, calibration_holdout_split
from crm_analysis.value.bgnbd import expected_beta_geometric_purchases

WEEKS = np.array([13.0, 26.0, 39.0, 52.0, 78.0])


def reference(R, a, B, u):
    """E_{p~Beta(a,B)}[(1-(1+pu)^-R)/p] by QUADPACK's QAWS, which integrates the weight p^(a-1)(1-p)^(B-1) exactly.

    We integrate g(p) - g(0) (O(p) near 0, so fine for any a > 0) and add back g(0) = R u.  Checked
    against mpmath's hyp2f1 at 60 digits on a grid like the one below: agreement to 2e-13.
    """
    g0 = R * u

    def excess(p):
        return -np.expm1(-R * np.log1p(p * u)) / p - g0 if p > 0 else 0.0

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", integrate.IntegrationWarning)
        value, _ = integrate.quad(excess, 0.0, 1.0, weight="alg", wvar=(a - 1, B - 1), epsabs=0, epsrel=1e-12,
                                  limit=200)
    return g0 + value * np.exp(-special.betaln(a, B))


def halfway_calibration(seed):
    tx = make_transactions(60, start="2023-01-01", duration_weeks=52, random_state=seed)
    start, end = tx["date"].min(), tx["date"].max()
    split = calibration_holdout_split(tx, (start + (end - start) / 2).normalize(), end, amount_col="amount",
                                      time_unit="W")
    return split[["frequency", "recency", "T"]]


def fit_quietly(model_class, summary):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        model = model_class().fit(summary)
    # the boundary notes only: whether L-BFGS-B also stops a line search early ("optimiser stopped with
    # 'ABNORMAL'" at a gradient of 1e-8 per customer) depends on the last bits of exp/log, which differ
    # between CPUs (numpy's SIMD loops); the estimates agree either way
    return model, [str(w.message) for w in caught if issubclass(w.category, ConvergenceWarning)
                   and "optimiser stopped" not in str(w.message)]


# ---------------------------------------------------------------- the reported case
def test_a_plus_b_below_one_gives_positive_expected_purchases():
    """Seed 1: a = 0.087, b = 0.75 (a + b < 1).  Was -0.44, -0.85, -1.24, -1.61, -2.35."""
    model, notes = fit_quietly(BetaGeoModel, halfway_calibration(1))
    r, alpha, a, b = model.params_
    assert a + b < 1 and notes == []  # an interior maximum: no boundary warning
    expected = model.expected_purchases(WEEKS)
    assert np.all(np.isfinite(expected)) and np.all(expected > 0) and np.all(np.diff(expected) > 0)
    np.testing.assert_allclose(expected, [reference(r, a, b, t / alpha) for t in WEEKS], rtol=1e-8)
    # the old printed values, sign flipped: the bug was the sign of (a+b-1) only
    np.testing.assert_allclose(expected, [0.44124835, 0.846829, 1.23559578, 1.61342525, 2.34664822], rtol=1e-6)
    # never more than an immortal customer would buy (r t / alpha)
    assert np.all(expected < r * WEEKS / alpha)


def test_conditional_predictions_on_the_reported_case_are_non_negative_and_grow_with_t():
    calibration = halfway_calibration(1)
    model, _ = fit_quietly(BetaGeoModel, calibration)
    horizons = [13.0, 39.0, 78.0]
    predictions = pd.concat([model.predict(calibration, t) for t in horizons], axis=1)
    assert np.all(np.isfinite(predictions)) and (predictions.to_numpy() >= 0).all()
    assert (np.diff(predictions.to_numpy(), axis=1) > 0).all()
    r, alpha, a, b = model.params_
    p_alive = model.probability_alive(calibration)
    for row in [calibration["frequency"].idxmin(), calibration["frequency"].idxmax()]:
        x, T = calibration.loc[row, "frequency"], calibration.loc[row, "T"]
        assert predictions.loc[row].iloc[0] == pytest.approx(reference(r + x, a, b + x, 13.0 / (alpha + T))
                                                        * p_alive[row], rel=1e-8)


def test_a_b_running_to_zero_warns_and_predicts_the_two_type_limit():
    """Seed 8: a, b -> 0.  Beta(a, b) collapses onto p in {0, 1}; E[X(t)] is then the two-type mixture."""
    model, notes = fit_quietly(BetaGeoModel, halfway_calibration(8))
    r, alpha, a, b = model.params_
    assert a < 1e-3 and b < 1e-3
    assert len(notes) == 1 and "a, b -> 0" in notes[0] and "standard errors of a and b mean nothing" in notes[0]
    expected = model.expected_purchases(WEEKS)
    assert np.all(np.isfinite(expected)) and np.all(expected > 0) and np.all(np.diff(expected) > 0)
    share = a / (a + b)  # p = 1: one repeat purchase at most; p = 0: never drops out
    limit = share * (1 - (alpha / (alpha + WEEKS)) ** r) + (1 - share) * r * WEEKS / alpha
    np.testing.assert_allclose(expected, limit, rtol=1e-5)


def test_a_b_running_to_infinity_warns_and_predicts_the_fixed_p_limit():
    """Seed 5: a, b -> infinity (the old code returned NaN).  Everyone has p = a/(a+b)."""
    model, notes = fit_quietly(BetaGeoModel, halfway_calibration(5))
    r, alpha, a, b = model.params_
    assert a + b > 1e4 and len(notes) == 1 and "a, b -> infinity" in notes[0]
    p = a / (a + b)
    expected = model.expected_purchases(WEEKS)
    np.testing.assert_allclose(expected, -np.expm1(-r * np.log1p(p * WEEKS / alpha)) / p, rtol=1e-4)


def test_no_boundary_warning_on_cdnow():
    from crm_analysis.datasets import load_cdnow
    from crm_analysis.value import rfm_summary

    _, notes = fit_quietly(BetaGeoModel, rfm_summary(load_cdnow(), observation_end="1997-09-30", time_unit="W"))
    assert notes == []


# ---------------------------------------------------------------- property: every valid parameter set
R_GRID = [0.05, 0.3, 1.0, 4.5]
A_GRID = [0.02, 0.3, 0.9, 0.999, 1.0, 1.001, 1.3, 4.0]        # a < 1, a near 1 (0/0 in FHL eq. 9), a > 1
B_GRID = [0.05, 0.4, 0.7, 0.999, 1.0, 3.0, 40.0]               # with A_GRID: a + b < 1, a + b = 1 (2F1 pole)
U_GRID = [0.01, 0.5, 3.0, 25.0]                                # t / alpha


def test_expected_purchases_match_the_definition_on_a_grid():
    grid = np.array(list(itertools.product(R_GRID, A_GRID, B_GRID, U_GRID)))
    ours = expected_beta_geometric_purchases(*grid.T)
    ref = np.array([reference(*row) for row in grid])
    assert np.all(np.isfinite(ours)) and np.all(ours > 0)
    worst = np.argmax(np.abs(ours / ref - 1))
    assert np.abs(ours / ref - 1).max() < 1e-8, f"worst at (R, a, B, u) = {grid[worst]}: {ours[worst]} vs {ref[worst]}"


@pytest.mark.parametrize("model_class", [BetaGeoModel, ModifiedBetaGeoModel])
def test_models_non_negative_finite_and_monotone_for_every_parameter_set(model_class):
    """Through the public API: a fitted model with its parameters overwritten (a < 1, a + b < 1, a ~ 1, extremes)."""
    # any fitted model will do (its parameters are overwritten below): 60 simulated customers, an interior maximum
    # (a 4-customer table ran MBG/NBD's fit to the edge on some CPUs)
    model, _ = fit_quietly(model_class, halfway_calibration(1))
    history = with_time_unit(pd.DataFrame({"frequency": [0.0, 1, 12, 400], "recency": [0.0, 4, 25, 29.5],
                                           "T": [30.0, 30, 30, 30]}), "W")
    m = model._shift
    for r, alpha, a, b in itertools.product([0.2, 3.0], [0.05, 8.0], [1e-9, 0.3, 1.0, 1 + 1e-7, 5.0, 1e7],
                                            [1e-9, 0.6, 0.7, 2.0, 1e7]):
        model.params_ = pd.Series([r, alpha, a, b], index=["r", "alpha", "a", "b"], name="estimate")
        expected = model.expected_purchases(WEEKS)
        # non-decreasing up to rounding: a saturated forecast may lose an ulp from one horizon to the next
        assert np.all(np.isfinite(expected)) and np.all(expected >= 0) \
            and np.all(expected[1:] >= expected[:-1] * (1 - 1e-12)), (r, alpha, a, b, expected)
        if 0.01 < a < 1e3 and 0.01 < b < 1e3:
            survive_first = (b / (a + b)) ** m
            assert expected[2] == pytest.approx(survive_first * reference(r, a, b + m, 39.0 / alpha), rel=1e-8)
        ahead = np.column_stack([model.predict(history, t) for t in (13.0, 39.0)])
        assert np.all(np.isfinite(ahead)) and (ahead >= 0).all() \
            and (ahead[:, 1] >= ahead[:, 0] * (1 - 1e-12)).all(), (r, alpha, a, b, ahead)
