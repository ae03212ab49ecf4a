"""Forecast intervals from the sampling uncertainty of the estimated parameters.

A fitted repeat-purchase model (BG/NBD, MBG/NBD, Pareto/NBD, BG/BB) and a
Gamma-Gamma spend model give *point* forecasts: the conditional expected
purchases :math:`E[Y_i(t) \\mid x_i, t_{x,i}, T_i; \\hat\\theta]` and the CLV at
the maximum likelihood estimate :math:`\\hat\\theta`.  Those numbers inherit
the estimation error of :math:`\\hat\\theta`; this module turns it into
intervals by simulation (Krinsky & Robb 1986), the approach CLVTools and the
BTYD literature use for parameter uncertainty:

1. the estimation-scale parameters :math:`\\hat\\eta = \\log\\hat\\theta` are
   asymptotically normal with the inverse observed information as covariance
   (``covariance_log_``), so draw :math:`\\eta^{(1)}, \\dots, \\eta^{(D)} \\sim
   N(\\hat\\eta, \\widehat{\\text{cov}})` and map them back,
   :math:`\\theta^{(j)} = e^{\\eta^{(j)}}` (the models' ``parameter_draws``);
   the spend model's parameters are drawn independently (the two models are
   estimated separately);
2. evaluate the forecast of every customer at every draw,
   :math:`f_i^{(j)} = f_i(\\theta^{(j)})`, and the total
   :math:`F^{(j)} = \\sum_i w_i f_i^{(j)}` (``w_i``: the ``weight`` column when
   rows are patterns with counts, else 1);
3. report the percentile interval: for level :math:`c`, the
   :math:`(1-c)/2` and :math:`(1+c)/2` quantiles of :math:`f_i^{(j)}` over the
   draws (per customer), and of :math:`F^{(j)}` for the total.  The total's
   interval is *not* the sum of the customers' bounds (which would assume the
   customers' errors are perfectly dependent at every quantile): it is the
   interval of the total itself, and all customers share each draw.

The point estimate stays the forecast at :math:`\\hat\\theta` (not the mean or
median of the draws), identical to the plain call.  Working on the log scale
keeps every draw a valid (positive) parameter set and makes the intervals
respect the skew of :math:`\\hat\\theta` for small samples better than a
symmetric delta-method interval.

What the intervals include, and what they do not
-----------------------------------------------
They describe how far the *expected* value could be from the one reported,
because the parameters were estimated from a finite sample.  They do **not**
include a customer's own purchase randomness (a customer expected to make
1.3 purchases makes 0, 1, 2, ...: see ``conditional_probability_of_purchases``
for that distribution), nor model misspecification (a model that does not fit
the data is precisely as uncertain as a model that does), nor future changes
in behaviour.  They rest on the normal approximation of the MLE, which needs
a reasonably large customer base; an estimate on the edge of the parameter
space (the fits warn) has no meaningful covariance.  Expected spend given as
a number or a Series adds no uncertainty.

Computation
-----------
Identical customer rows are compressed and evaluated once; all horizons of a
draw are evaluated together; for BG/NBD, MBG/NBD and Pareto/NBD the per-draw
expectations are vectorised over customers and horizons, BG/NBD's
:math:`h` function by its closed form where it is well conditioned (horizon
ratio :math:`u > 0.01`, agreeing with the exact series to about 1e-10) and by
the series elsewhere.  As a guard, the same code is first run at
:math:`\\hat\\theta` and must reproduce the point forecast (relative
1e-6); otherwise the draws are evaluated through the models' own per-horizon
formulas (models with covariates always are).  1000 draws of a 12-step CLV of
10,000 customers take a few seconds (``benchmarks/results_intervals.md``).

References
----------
Krinsky, I. & Robb, A. L. (1986). On approximating the statistical properties
of elasticities. *Review of Economics and Statistics* 68(4), 715-719.
Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers"
the easy way: an alternative to the Pareto/NBD model. *Marketing Science*
24(2), 275-284 (the BG/NBD conditional expectation).
Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: using
iso-value curves for customer base analysis. *Journal of Marketing Research*
42(4), 415-430 (CLV from BG/NBD and Gamma-Gamma).
Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*,
ch. 13 (percentile intervals).
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError
from ._btyd_base import WEIGHT_COLUMN, compress_rows

__all__ = ["purchase_intervals", "customer_equity_interval", "total_interval"]

#: relative agreement the vectorised draws must show with the point forecast at the estimate
SELF_CHECK_RTOL = 1e-6
#: draws x rows kept in memory at once
_CHUNK_ELEMENTS = 4_000_000
#: below this horizon ratio u = t/(alpha+T) BG/NBD's closed form loses digits to cancellation: use the series
_CLOSED_FORM_MIN_U = 0.01


# ---------------------------------------------------------------------- public API
def purchase_intervals(model, summary: pd.DataFrame, t, *, ci_level: float | None = None, n_draws: int = 1000,
                       random_state=None, purchase_covariates=None, dropout_covariates=None) -> pd.DataFrame:
    """Conditional expected purchases in the next ``t`` units with parameter-uncertainty intervals.

    Parameters
    ----------
    model
        A fitted repeat-purchase model (BG/NBD, MBG/NBD, Pareto/NBD, BG/BB)
        with ``parameter_draws`` and ``with_params``.
    summary : DataFrame
        The customers (the model's columns; an optional ``weight`` column counts
        the customers a row stands for, used in the total).  Not modified.
    t : float
        Horizon in the model's ``time_unit_`` (BG/BB: whole opportunities).
    ci_level : float, optional
        Level of the intervals; None: the model's ``ci_level``.
    n_draws : int, default 1000
        Parameter sets drawn from the estimates' sampling distribution.
    random_state : int, Generator or None
        None: the model's ``random_state``.  The same seed gives the same intervals.
    purchase_covariates, dropout_covariates : DataFrame, optional
        Each customer's covariates, for a model fitted with them (as in
        ``conditional_expected_purchases``); the draws then cover the
        covariate effects too.

    Returns
    -------
    DataFrame
        ``predicted_purchases`` (at the estimate, identical to
        ``model.conditional_expected_purchases(summary, t)``), ``ci_lower``,
        ``ci_upper``, indexed like ``summary``.  ``attrs["total_purchases"]``
        holds the total over customers with its own interval:
        ``{"estimate", "ci_lower", "ci_upper", "ci_level", "n_draws"}``
        (read it with :func:`total_interval`).

    See the module docstring for the method and what the interval leaves out
    (the customer's own purchase randomness, model misspecification).
    """
    level = _check_level(model.ci_level if ci_level is None else ci_level)
    n_draws = _check_n_draws(n_draws)
    _check_drawable(model, "model")
    t = model._check_horizon(t) if hasattr(model, "_check_horizon") else float(t)
    given = {"purchase_covariates": purchase_covariates, "dropout_covariates": dropout_covariates}
    given = {key: value for key, value in given.items() if value is not None}
    frames = model._covariate_frames(purchase_covariates, dropout_covariates) \
        if hasattr(model, "_covariate_frames") else {}
    point = np.asarray(model.conditional_expected_purchases(summary, t, **given), dtype=float)
    rng = np.random.default_rng(model.random_state if random_state is None else random_state)
    result = _simulate(model, None, summary, [t], np.array([1.0]), 1.0, point, n_draws, rng, level, frames)
    frame = pd.DataFrame({"predicted_purchases": point, "ci_lower": result["lower"], "ci_upper": result["upper"]},
                         index=summary.index)
    frame.attrs["total_purchases"] = result["total"]
    return frame


def clv_intervals(transaction_model, spend_model, summary: pd.DataFrame, times, discount: np.ndarray,
                  margin: float, point: pd.Series, *, ci_level: float, n_draws: int = 1000,
                  random_state=None, purchase_covariates=None, dropout_covariates=None) -> pd.DataFrame:
    """The interval part of :func:`~crm_analysis.value.customer_lifetime_value` (called by it).

    ``times`` are the cumulative horizons of the steps in the model's unit,
    ``discount[k]`` the discount factor :math:`(1+d)^{-(k+1)}` of step ``k``,
    ``point`` the CLV at the estimates; the covariates as in :func:`purchase_intervals`.
    Returns the frame described there.
    """
    level = _check_level(ci_level)
    n_draws = _check_n_draws(n_draws)
    _check_drawable(transaction_model, "transaction_model")
    if hasattr(spend_model, "conditional_expected_spend"):  # a spend model: its uncertainty is drawn too
        _check_drawable(spend_model, "spend_model")
    seed = getattr(transaction_model, "random_state", None) if random_state is None else random_state
    rng = np.random.default_rng(seed)
    point = np.asarray(point, dtype=float)
    frames = transaction_model._covariate_frames(purchase_covariates, dropout_covariates) \
        if hasattr(transaction_model, "_covariate_frames") else {}
    result = _simulate(transaction_model, spend_model, summary, list(times), np.asarray(discount, dtype=float),
                       float(margin), point, n_draws, rng, level, frames)
    frame = pd.DataFrame({"clv": point, "clv_lower": result["lower"], "clv_upper": result["upper"]},
                         index=summary.index)
    frame.attrs["customer_equity"] = result["total"]
    return frame


def customer_equity_interval(frame: pd.DataFrame) -> pd.Series:
    """Customer equity (the total CLV) with its interval, from ``customer_lifetime_value(..., ci_level=...)``.

    Returns a Series ``estimate, ci_lower, ci_upper, ci_level, n_draws``.  The
    bounds are percentiles of the per-draw totals, not sums of the customers'
    bounds.  pandas keeps ``attrs`` through copies and row selection but drops
    them in ``merge``/``concat``: read the interval from the frame the function
    returned (a subset of customers needs its own call).
    """
    return _total(frame, "customer_equity")


def total_interval(frame: pd.DataFrame) -> pd.Series:
    """The total's interval of a frame from :func:`purchase_intervals` or ``customer_lifetime_value(ci_level=...)``."""
    for key in ("customer_equity", "total_purchases"):
        if isinstance(getattr(frame, "attrs", {}).get(key), dict):
            return _total(frame, key)
    return _total(frame, "total_purchases")


def _total(frame, key: str) -> pd.Series:
    record = getattr(frame, "attrs", {}).get(key)
    if not isinstance(record, dict):
        raise CRMDataError(f"the frame carries no attrs[{key!r}]: it is not the result of an interval forecast, or "
                           f"pandas dropped its attrs (merge/concat do); the total's interval cannot be rebuilt from "
                           f"the customers' bounds, so recompute it with ci_level=...")
    return pd.Series(record, name=key)


# ---------------------------------------------------------------------- checks
def check_interval_arguments(model, ci_level, n_draws, spend_model=None, name: str = "transaction_model") -> None:
    """CRMDataError for a bad ``ci_level`` or ``n_draws``, or a model that cannot draw parameters."""
    _check_level(ci_level)
    _check_n_draws(n_draws)
    _check_drawable(model, name)
    if hasattr(spend_model, "conditional_expected_spend"):
        _check_drawable(spend_model, "spend_model")


def _check_level(level) -> float:
    try:
        value = float(level)
    except (TypeError, ValueError):
        raise CRMDataError(f"ci_level must be a number strictly between 0 and 1, got {level!r}") from None
    if isinstance(level, bool) or not 0 < value < 1:
        raise CRMDataError(f"ci_level must lie strictly between 0 and 1 (e.g. 0.9), got {level!r}")
    return value


def _check_n_draws(n_draws) -> int:
    try:
        whole = not isinstance(n_draws, (bool, str)) and float(n_draws) == int(n_draws)
    except (TypeError, ValueError, OverflowError):
        whole = False
    if not whole or n_draws < 2:
        raise CRMDataError(f"n_draws must be a whole number of at least 2 parameter draws (1000 is usual), "
                           f"got {n_draws!r}")
    return int(n_draws)


def _check_drawable(model, name: str) -> None:
    missing = [m for m in ("parameter_draws", "with_params") if not hasattr(model, m)]
    if missing:
        raise CRMDataError(f"{name} ({type(model).__name__}) has no {' or '.join(missing)}: intervals need a fitted "
                           f"crm_analysis model whose estimates come with a covariance")


# ---------------------------------------------------------------------- the simulation
def _simulate(tmodel, smodel, summary, times, discount, margin, point, n_draws, rng, level, frames=None):
    """Per-customer and total percentile intervals of ``margin * spend * sum_k discount_k (E_k - E_{k-1})``.

    Draw 0 of the evaluation is the estimate itself (the self-check); draws
    1..n the sample.  Returns ``{"lower", "upper", "total"}``.
    """
    tdraws = tmodel.parameter_draws(n_draws, random_state=rng)
    t_params = [tmodel.params_] + [row for _, row in tdraws.iterrows()]
    gamma_gamma = _is_gamma_gamma(smodel)
    s_params = None
    if smodel is not None and hasattr(smodel, "conditional_expected_spend"):
        sdraws = smodel.parameter_draws(n_draws, random_state=rng)  # independent: the next numbers of rng
        s_params = np.vstack([smodel.params_.to_numpy(dtype=float), sdraws.to_numpy(dtype=float)])

    rows = _Rows(tmodel, smodel, summary, gamma_gamma, frames)
    if smodel is None:
        fixed_spend = np.ones(rows.n_unique)
    elif s_params is None:
        from .clv import _expected_spend  # a number or a Series: no uncertainty

        fixed_spend = rows.unique_of(np.asarray(_expected_spend(smodel, summary), dtype=float))
    else:
        fixed_spend = None
        spend_hat = rows.unique_of(np.asarray(smodel.conditional_expected_spend(summary), dtype=float))

    evaluator = _transaction_evaluator(tmodel)
    point_u = rows.unique_of(point)
    probs = np.array([(1 - level) / 2, (1 + level) / 2])
    lower, upper = np.empty(rows.n_unique), np.empty(rows.n_unique)
    totals = np.zeros(n_draws)
    n_infinite = np.zeros(n_draws, dtype=bool)
    chunk = max(1, _CHUNK_ELEMENTS // (n_draws + 1))
    for start in range(0, rows.n_unique, chunk):
        sel = slice(start, min(start + chunk, rows.n_unique))
        if fixed_spend is not None:
            spend = fixed_spend[sel][None, :]
        else:
            spend = (_gamma_gamma_spend(s_params, rows.spend_x[sel], rows.spend_z[sel]) if gamma_gamma
                     else _generic_spend(smodel, s_params, rows.frame_of(sel, summary)))
            _check_reproduces(spend[0], spend_hat[sel], "spend model's conditional_expected_spend")
        clv = _clv_draws(evaluator, tmodel, t_params, rows.chunk(sel), times, discount, spend, margin, point_u[sel])
        draws = clv[1:]
        if np.isnan(draws).any():
            raise FloatingPointError(f"the forecast is NaN at {int(np.isnan(draws).any(axis=1).sum())} of {n_draws} "
                                     f"parameter draws: the models' formulas failed there, so no interval can be given")
        n_infinite |= np.isinf(draws).any(axis=1)
        lower[sel], upper[sel] = _percentiles(draws, probs)
        with np.errstate(invalid="ignore"):
            totals += draws @ rows.weights[sel]
    if n_infinite.any():
        warnings.warn(f"the forecast is infinite at {int(n_infinite.sum())} of {n_draws} parameter draws (a spend "
                      f"draw with q <= 1 gives customers without repeat purchases an infinite expected spend): "
                      f"the upper bounds that reach those draws are infinite", RuntimeWarning, stacklevel=3)
    total_low, total_high = _percentiles(totals[:, None], probs)
    total = {"estimate": float(np.dot(rows.customer_weights, point)), "ci_lower": float(total_low[0]),
             "ci_upper": float(total_high[0]), "ci_level": level, "n_draws": int(n_draws),
             "n_infinite": int(n_infinite.sum())}
    return {"lower": lower[rows.inverse], "upper": upper[rows.inverse], "total": total}


def _clv_draws(evaluator, tmodel, t_params, data, times, discount, spend, margin, point_u):
    """``margin * spend * sum_k discount_k (E_k - E_{k-1})`` per draw (row 0: the estimate) and distinct row.

    The vectorised ``evaluator`` is used when, at the estimate, it reproduces
    the point forecast; otherwise (and for models without one) every draw goes
    through the model's own per-horizon formula, which must reproduce it too.
    """
    attempts = [_per_horizon_cumulative] if evaluator is None or not isinstance(data, dict) \
        else [evaluator, _per_horizon_cumulative]
    for attempt in attempts:
        cache = {}
        first = _combine(_step_values(attempt(tmodel.with_params(t_params[0]), data, times, cache), discount),
                         spend[0], margin)
        if _close(first, point_u):
            break
        if attempt is attempts[-1]:
            _check_reproduces(first, point_u, "point forecast")
    out = np.empty((len(t_params), first.size))
    out[0] = first
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for j in range(1, len(t_params)):
            value = _step_values(attempt(tmodel.with_params(t_params[j]), data, times, cache), discount)
            out[j] = _combine(value, spend[j if spend.shape[0] > 1 else 0], margin)
    return out


def _combine(value, spend, margin):
    """margin x spend x discounted purchases; no purchases are worth 0 even at an infinite spend draw."""
    with np.errstate(invalid="ignore"):
        return margin * np.where(value == 0, 0.0, spend * value)


class _Rows:
    """The distinct customer rows the forecast depends on (transaction columns and, for Gamma-Gamma, spend)."""

    def __init__(self, tmodel, smodel, summary, gamma_gamma, frames=None):
        columns = list(getattr(tmodel, "_columns", ()))
        self.covariate_widths = {}
        self.hooks = hasattr(tmodel, "_validate") and bool(columns)
        n = len(summary)
        if self.hooks:
            data = tmodel._validate(summary, with_weight=True)
            self.customer_weights = (data[WEIGHT_COLUMN].to_numpy(dtype=float) if WEIGHT_COLUMN in data.columns
                                     else np.ones(n))
            arrays = [data[c].to_numpy(dtype=float) for c in columns]
            names = list(columns)
            if frames:  # each customer's covariates (the model's own alignment and checks)
                from . import covariates as cov

                for kind, matrix in cov.prediction_matrices(tmodel, frames, data.index).items():
                    self.covariate_widths[kind] = matrix.shape[1]
                    arrays += list(np.asarray(matrix, dtype=float).T)
                    names += [f"_{kind}_{i}" for i in range(matrix.shape[1])]
            if gamma_gamma:
                x = pd.to_numeric(summary["frequency"], errors="coerce").to_numpy(dtype=float)
                z = pd.to_numeric(summary["monetary_value"], errors="coerce").to_numpy(dtype=float)
                arrays += [x, np.where(x > 0, z, 0.0)]
                names += ["_spend_x", "_spend_z"]
            if hasattr(smodel, "conditional_expected_spend") and not gamma_gamma:
                arrays.append(np.arange(n, dtype=float))  # an unknown spend model: no compression
                names.append("_row")
            unique, _, self.inverse = compress_rows(arrays)
            self.columns = dict(zip(names, unique))
            self.model_columns = columns
        else:  # a hand-made model: evaluate every row through its public predict
            self.customer_weights = np.ones(n)
            self.inverse = np.arange(n)
            self.columns = {}
            self.model_columns = []
            if gamma_gamma:
                self.columns["_spend_x"] = pd.to_numeric(summary["frequency"]).to_numpy(dtype=float)
                z = pd.to_numeric(summary["monetary_value"]).to_numpy(dtype=float)
                self.columns["_spend_z"] = np.where(self.columns["_spend_x"] > 0, z, 0.0)
        self.n_unique = int(self.inverse.max()) + 1 if n else 0
        self.weights = np.bincount(self.inverse, weights=self.customer_weights, minlength=self.n_unique)
        first = np.full(self.n_unique, n, dtype=np.int64)
        np.minimum.at(first, self.inverse, np.arange(n))
        self.first = first
        self.summary = summary
        self.unit = getattr(tmodel, "time_unit_", None)
        self.tmodel = tmodel

    @property
    def spend_x(self):
        return self.columns["_spend_x"]

    @property
    def spend_z(self):
        return self.columns["_spend_z"]

    def unique_of(self, values: np.ndarray) -> np.ndarray:
        """A per-customer array at the distinct rows (the values are equal within a row's customers)."""
        return np.asarray(values, dtype=float)[self.first]

    def chunk(self, sel):
        """The model's columns of the distinct rows ``sel``: a dict for the model hooks, else a DataFrame."""
        if not self.hooks:
            return self.frame_of(sel, self.summary)
        data = {c: self.columns[c][sel] for c in self.model_columns}
        if self.covariate_widths:
            from . import covariates as cov

            matrices = {kind: np.column_stack([self.columns[f"_{kind}_{i}"][sel] for i in range(width)])
                        for kind, width in self.covariate_widths.items()}
            data[cov.KEY] = cov.prediction_design(self.tmodel, matrices)
        return data

    def frame_of(self, sel, summary):
        frame = summary.iloc[self.first[sel]].copy()
        frame.attrs = dict(summary.attrs)
        if self.unit is not None and "time_unit" not in frame.attrs:
            frame.attrs["time_unit"] = self.unit  # the point forecast has already checked the summary's unit
        return frame


# ---------------------------------------------------------------------- transaction models
def _transaction_evaluator(model):
    """Cumulative expected purchases ``(rows, horizons)`` at one parameter set, or None for per-horizon calls."""
    from .bgnbd import _BetaGeoFamily
    from .paretonbd import ParetoNBDModel

    plain = list(model.params_.index) == list(getattr(model, "_param_names", ()))  # no covariate effects
    if isinstance(model, _BetaGeoFamily) and plain:
        return _beta_geo_cumulative
    if isinstance(model, ParetoNBDModel) and plain:
        return _pareto_cumulative
    return None


def _beta_geo_cumulative(twin, d, times, cache):
    """BG/NBD and MBG/NBD: P(alive) h(r+x, a, b+x+m, t/(α+T)) for all horizons at once."""
    from .bgnbd import expected_beta_geometric_purchases

    if "pairs" not in cache:
        (x_u, T_u), _, pair = compress_rows([d["frequency"], d["T"]])
        cache["pairs"] = (x_u[:, None], T_u[:, None], pair)
    x_u, T_u, pair = cache["pairs"]
    r, alpha, a, b = twin.params_.to_numpy(dtype=float)
    R, B = r + x_u, b + x_u + twin._shift
    u = np.asarray(times, dtype=float)[None, :] / (alpha + T_u)
    R, B, u = np.broadcast_arrays(R, B, u)
    h = np.zeros(u.shape)
    closed = (u > _CLOSED_FORM_MIN_U) & (abs(a - 1) > 1e-3) & (np.abs(a + B - 1) > 1e-3) & (np.abs(a + B) > 1e-3)
    if closed.any():
        from .bgnbd import _closed_form

        value = _closed_form(R[closed], a, B[closed], u[closed])
        ok = np.isfinite(value) & (value > 0) & (value <= R[closed] * u[closed])
        idx = np.flatnonzero(closed)
        h.flat[idx[ok]] = value[ok]
        closed.flat[idx[~ok]] = False
    series = ~closed & (u > 0)
    if series.any():
        h[series] = expected_beta_geometric_purchases(R[series], a, B[series], u[series])
    return h[pair] * twin._alive(d)[:, None]


def _pareto_cumulative(twin, d, times, cache):
    """Pareto/NBD: P(alive) (r+x)(β+T)/(α+T) (1 - ((β+T)/(β+T+t))^{s-1})/(s-1) for all horizons at once."""
    from .paretonbd import _expm1_ratio

    r, alpha, s, beta = twin.params_.to_numpy(dtype=float)
    x, T = d["frequency"][:, None], d["T"][:, None]
    t = np.asarray(times, dtype=float)[None, :]
    rate = (r + x) / (alpha + T) * (beta + T) * _expm1_ratio(s - 1, np.log1p(t / (beta + T)))
    return rate * twin._alive(d)[:, None]


def _per_horizon_cumulative(twin, d, times, cache):
    """Any model: its own formula per horizon (the hook on the distinct rows, else the public method)."""
    if isinstance(d, dict):
        return np.column_stack([np.asarray(twin._expected_given_history(d, t), dtype=float) for t in times])
    expected = getattr(twin, "conditional_expected_purchases", None) or twin.predict
    return np.column_stack([np.asarray(expected(d, t), dtype=float) for t in times])


def _step_values(cumulative: np.ndarray, discount: np.ndarray) -> np.ndarray:
    """``sum_k discount_k (E_k - E_{k-1})`` with the same operations as the point CLV (E_0 = 0)."""
    previous = np.zeros(cumulative.shape[0])
    value = np.zeros(cumulative.shape[0])
    for k in range(cumulative.shape[1]):
        value += (cumulative[:, k] - previous) * discount[k]
        previous = cumulative[:, k]
    return value


def _close(a, b) -> bool:
    """``a`` equals ``b`` to SELF_CHECK_RTOL (infinite entries must match; NaN in ``b`` matches anything)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    finite = np.isfinite(b)
    scale = np.max(np.abs(b[finite]), initial=0.0)
    with np.errstate(invalid="ignore"):
        ok = np.where(finite, np.abs(a - b) <= SELF_CHECK_RTOL * np.abs(b) + 1e-12 * scale,
                      np.isnan(b) | (a == b))
    return bool(np.all(ok))


def _check_reproduces(at_estimate, expected, what: str) -> None:
    if not _close(at_estimate, expected):
        bad = ~np.isclose(at_estimate, expected, rtol=SELF_CHECK_RTOL)
        raise RuntimeError(f"forecast intervals: the draws' evaluation at the estimates does not reproduce the "
                           f"{what} ({int(bad.sum())} rows differ by more than {SELF_CHECK_RTOL:g} relative); this "
                           f"is a bug, please report it")


# ---------------------------------------------------------------------- spend models
def _is_gamma_gamma(smodel) -> bool:
    from .spend import GammaGammaModel

    return isinstance(smodel, GammaGammaModel) and hasattr(smodel, "params_") \
        and list(smodel.params_.index) == ["p", "q", "v"]


def _gamma_gamma_spend(params: np.ndarray, x: np.ndarray, z: np.ndarray) -> np.ndarray:
    """:math:`p(v + x\\bar z)/(px + q - 1)` for every draw (rows of ``params``) and customer row; one-off buyers
    get the population mean :math:`pv/(q-1)`, infinite when :math:`q \\le 1`."""
    p, q, v = (params[:, i:i + 1] for i in range(3))
    one_off = (x == 0)[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(one_off & (q <= 1), np.inf, p * (v + x * z) / (p * x + q - 1))


def _generic_spend(smodel, params: np.ndarray, frame: pd.DataFrame) -> np.ndarray:
    names = list(smodel.params_.index)
    out = np.empty((len(params), len(frame)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for j, row in enumerate(params):
            twin = smodel.with_params(pd.Series(row, index=names))
            out[j] = np.asarray(twin.conditional_expected_spend(frame), dtype=float)
    return out


# ---------------------------------------------------------------------- percentiles
def _percentiles(draws: np.ndarray, probs: np.ndarray):
    """Linear-interpolation percentiles over axis 0 (numpy's default method) that keep ``inf`` meaningful.

    ``np.quantile`` interpolates ``a + (b - a) t`` and returns NaN when ``b``
    is infinite and ``t = 0``; here a bound is infinite only when the order
    statistics it interpolates reach an infinite draw.
    """
    n = draws.shape[0]
    position = (n - 1) * np.asarray(probs, dtype=float)
    low = np.floor(position).astype(int)
    high = np.minimum(low + 1, n - 1)
    ordered = np.partition(draws, np.unique(np.concatenate([low, high])), axis=0)
    out = []
    for lo, hi, frac in zip(low, high, position - low):
        a, b = ordered[lo], ordered[hi]
        with np.errstate(invalid="ignore"):
            out.append(np.where((frac == 0) | (a == b), a, a + frac * (b - a)))
    return out
