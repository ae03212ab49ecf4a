"""Shared machinery of the repeat-purchase ("buy till you die") models.

Every model here is fitted the same way:

1. the summary table is validated (:func:`crm_analysis.validation.validate_summary`)
   and identical ``(frequency, recency, T)`` rows are *compressed* into one row
   with a count weight.  On a day grid a million customers collapse to a few
   hundred thousand distinct rows (fewer for short windows), and the
   log-likelihood only needs to be evaluated once per distinct row;
2. the parameters are estimated by maximum likelihood on the log scale
   (all parameters are positive, so :math:`\\theta = e^{\\eta}` with
   :math:`\\eta` unconstrained) with L-BFGS-B and the *analytic* gradient of the
   log-likelihood, :math:`\\partial \\ell / \\partial \\eta = \\theta\\,\\partial \\ell / \\partial \\theta`.
   Inputs with more than 40,000 distinct rows are first fitted on a random
   sample of 20,000 customers and then polished on all of them with Newton
   steps (see :meth:`BTYDModel._maximise`);
3. standard errors come from the observed information: a forward-difference
   Hessian of the (analytic) gradient at the optimum, on the log scale, and
   the intervals are :math:`\\hat\\theta \\exp(\\pm z\\,\\text{se}(\\log\\hat\\theta))`
   (see :func:`crm_analysis.base.summary_table`).

4. the model records the time unit of the summary it was fitted on
   (``summary.attrs["time_unit"]`` from :func:`~crm_analysis.value.rfm_summary`,
   or ``fit(summary, time_unit="W")`` for a table without a record) as
   ``time_unit_``; ``t`` in ``predict(summary, t)`` is in that unit, and a
   summary recorded in another unit is a CRMDataError (see :mod:`crm_analysis.timegrid`).

Subclasses supply ``_param_names``, ``_columns`` and ``_loglik(params, data)``
returning the per-row log-likelihood and its gradient with respect to the
(natural-scale) parameters; they may override ``_total_loglik`` with a faster
weighted total (BG/NBD does).  Models that take time-invariant covariates
(:mod:`crm_analysis.value.covariates`) also name the parameter each kind of
covariate scales (``_covariate_targets``) and supply ``_loglik_rows(theta, data)``,
the per-row likelihood at per-row parameters; the chain rule to the effects,
the compression on ``(x, t_x, T, z)`` and the standardisation live in that module.
"""
from __future__ import annotations

import copy
import warnings

import numpy as np
import pandas as pd
from scipy import optimize

from ..base import CRMEstimator, DrawableParameters, summary_table
from ..exceptions import ConvergenceError, ConvergenceWarning, CRMDataError
from ..timegrid import (check_duration, check_summary_unit, check_time_unit, recorded_time_unit, summary_time_unit,
                        table_fingerprint, unit_name)
from ..validation import offending_rows, validate_summary
from . import covariates as cov

WEIGHT_COLUMN = "weight"


def _rows_by_hash(columns):
    """``(key, first)`` grouping the identical rows of float64 ``columns`` in one hash pass, or None.

    Each row's bit patterns (``-0.0`` read as ``0.0``) are mixed into one 64-bit
    number, hashed once (:func:`pandas.factorize`), so codes are numbered in
    order of first appearance and ``first[c]``, the first row with code ``c``, is
    where the code exceeds every earlier one.  Two *different* rows sharing a
    mixed number (a collision), or a NaN, show when every row is compared with
    its group's first row: then None, and the caller groups column by column.
    """
    arrays = [np.asarray(col) for col in columns]
    if not all(a.dtype == np.float64 and a.ndim == 1 for a in arrays):
        return None
    mixed = np.zeros(len(arrays[0]), dtype=np.uint64)
    for a in arrays:
        mixed *= np.uint64(0x9E3779B97F4A7C15)
        mixed ^= (a + 0.0).view(np.uint64)
        mixed ^= mixed >> np.uint64(29)
    key, _ = pd.factorize(mixed.view(np.int64), sort=False)
    start = np.empty(key.size, dtype=bool)
    start[:1] = True
    np.greater(key[1:], np.maximum.accumulate(key)[:-1], out=start[1:])
    first = np.flatnonzero(start)
    if not all(np.array_equal(a[first][key], a) for a in arrays):
        return None
    return key, first


def compress_rows(columns: list[np.ndarray], weight: np.ndarray | None = None):
    """Collapse identical rows of ``columns`` into unique rows with summed weights.

    Returns ``(unique_columns, weights, inverse)`` where ``inverse[i]`` is the
    unique row of input row ``i`` (so per-customer results are
    ``unique_result[inverse]``), unique rows in order of first appearance.
    Float columns are grouped in one hash pass over the rows
    (:func:`_rows_by_hash`); otherwise (or on a hash collision) each column is
    hashed once (:func:`pandas.factorize`), the per-column codes are packed
    into one integer key, hashed again, and unpacked for the unique rows.
    Both give the same result.
    """
    n = len(columns[0])
    grouped = _rows_by_hash(columns) if n else None
    if grouped is not None:
        key, first = grouped
        n_unique = len(first)
        unique_columns = [np.asarray(col)[first] for col in columns]
    else:
        codes, uniques = zip(*(pd.factorize(np.asarray(col), sort=False) for col in columns))
        sizes = [max(len(u), 1) for u in uniques]
        if float(np.prod(sizes, dtype=float)) >= 2.0 ** 62:  # cannot pack: fall back to a pandas group-by
            frame = pd.DataFrame({i: c for i, c in enumerate(codes)})
            key = frame.groupby(list(frame.columns), sort=False).ngroup().to_numpy()
            packed = None
        else:
            packed = np.zeros(n, dtype=np.int64)
            for c, size in zip(codes, sizes):
                packed = packed * size + c
            key, packed = pd.factorize(packed, sort=False)
        n_unique = int(key.max()) + 1 if n else 0
        if packed is None:
            first = np.full(n_unique, n, dtype=np.int64)
            np.minimum.at(first, key, np.arange(n))
            unique_columns = [np.asarray(col)[first] for col in columns]
        else:
            unique_columns = [None] * len(columns)
            for i in range(len(columns) - 1, -1, -1):  # unpack the mixed-radix key, last column first
                unique_columns[i] = uniques[i][packed % sizes[i]]
                packed = packed // sizes[i]
    w = np.ones(n) if weight is None else np.asarray(weight, dtype=float)
    weights = np.bincount(key, weights=w, minlength=n_unique)
    return [np.asarray(u, dtype=float) for u in unique_columns], weights, key


def logsumexp_pair(a: np.ndarray, b: np.ndarray):
    """``log(e^a + e^b)`` and the weight ``e^b / (e^a + e^b)`` of the second term (``b`` may be ``-inf``)."""
    m = np.maximum(a, b)
    ea, eb = np.exp(a - m), np.exp(b - m)
    total = ea + eb
    return m + np.log(total), eb / total


class BTYDModel(DrawableParameters, CRMEstimator):
    """Base class: validation, compression, log-scale ML fit, Hessian standard errors.

    Parameters
    ----------
    ci_level : float
        Confidence level of the intervals in :meth:`summary`.
    max_iter : int
        Iteration limit of the optimiser; a fit that hits it raises
        :class:`~crm_analysis.exceptions.ConvergenceError`.
    tol : float
        Gradient tolerance (on the per-customer mean log-likelihood).
    random_state : int, Generator or None
        Seed of the random steps: :meth:`simulate` and :meth:`parameter_draws`
        (and so forecast intervals) when they are not given their own.  The fit
        itself is deterministic.

    The interface below is the same for every model of the family; ``t`` is
    always in the model's recorded unit ``time_unit_`` (BG/BB: a whole number
    of opportunities) and ``n`` is always a number of purchases.

    ==============================================  =========================================
    method                                          returns
    ==============================================  =========================================
    ``probability_alive(summary)``                  P(alive | x, t_x, T) per customer
    ``conditional_expected_purchases(summary, t)``  E[Y(t) | x, t_x, T]; ``predict`` is the same
    ``conditional_probability_of_purchases(s, t, n)`` P(Y(t) = n | x, t_x, T)
    ``expected_purchases(t)``                       E[X(t)] of a new customer
    ``probability_of_purchases(t, n)``              P(X(t) = n) of a new customer
    ``parameter_draws(n_draws)``                    parameter sets from the estimates' sampling distribution
    ``with_params(params)``                         a copy that predicts with other parameters
    ==============================================  =========================================

    Covariates (Pareto/NBD and BG/NBD; :mod:`crm_analysis.value.covariates`):
    ``fit(summary, purchase_covariates=Z_p, dropout_covariates=Z_d)`` with
    DataFrames indexed by customer id.  A model fitted with covariates needs
    the same columns for every customer it predicts
    (``probability_alive(summary, purchase_covariates=..., dropout_covariates=...)``
    and likewise for the conditional methods); the new-customer methods take
    one customer's covariates (a Series or mapping by column) and otherwise use
    ``z = 0``.  The other models refuse covariates.
    """

    _param_names: tuple[str, ...] = ()
    #: learned state a saved model card must hold (crm_analysis.model_card refuses a card without it)
    _card_required = ("params_", "covariance_log_", "time_unit_", "n_customers_")
    #: base parameter scaled by each kind of covariate (``{"purchase": "alpha", ...}``); None: no covariates
    _covariate_targets: dict | None = None
    _columns: tuple[str, ...] = ("frequency", "recency", "T")

    def __init__(self, ci_level: float = 0.95, max_iter: int = 1000, tol: float = 1e-8, random_state=None):
        self.ci_level = ci_level
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    # ----------------------------------------------------------------- data
    def _validate(self, summary: pd.DataFrame, *, with_weight: bool = True) -> pd.DataFrame:
        if not isinstance(summary, pd.DataFrame):
            raise CRMDataError(f"summary must be a pandas DataFrame with columns {list(self._columns)}")
        cols = list(self._columns)
        if with_weight and WEIGHT_COLUMN in summary.columns:
            cols.append(WEIGHT_COLUMN)
        if set(cols) <= set(summary.columns):
            summary = summary[cols]  # validate (and copy) only what the model reads
        data = validate_summary(summary, columns=self._columns)
        if WEIGHT_COLUMN in data.columns:
            w = pd.to_numeric(data[WEIGHT_COLUMN], errors="coerce")
            bad = ~(w >= 0) | ~np.isfinite(w)
            if bad.any():
                raise CRMDataError(f"column '{WEIGHT_COLUMN}' of summary must hold non-negative numbers "
                                   f"in {offending_rows(bad, data.index)}")
            data[WEIGHT_COLUMN] = w.astype(float)
        return data

    def _compressed(self, summary: pd.DataFrame, *, with_weight: bool = True):
        """Validated, compressed arrays: ``(dict of unique columns, weights, inverse, index)``."""
        data = self._validate(summary, with_weight=with_weight)
        weight = data[WEIGHT_COLUMN].to_numpy() if WEIGHT_COLUMN in data.columns else None
        cols, weights, inverse = compress_rows([data[c].to_numpy(dtype=float) for c in self._columns], weight)
        return dict(zip(self._columns, cols)), weights, inverse, data.index

    # ------------------------------------------------------------ likelihood
    def _loglik(self, params: np.ndarray, data: dict) -> tuple[np.ndarray, np.ndarray]:
        """Per-row log-likelihood (n,) and its gradient (n, k) in the natural parameters."""
        raise NotImplementedError

    def _total_loglik(self, params: np.ndarray, data: dict, weights: np.ndarray) -> tuple[float, np.ndarray]:
        """Weighted total log-likelihood and its gradient; models may override with a faster aggregate."""
        ll, grad = self._loglik(params, data)
        # pairwise sums, not BLAS: a threaded BLAS dot waits milliseconds for a busy core at every call
        return (float(np.add.reduce(weights * ll)),
                np.array([np.add.reduce(weights * grad[:, j]) for j in range(grad.shape[1])]))

    def _initial_params(self, data: dict, weights: np.ndarray) -> np.ndarray:
        return np.ones(len(self._param_names))

    def _loglik_rows(self, theta, data) -> tuple[np.ndarray, np.ndarray]:
        """Per-row log-likelihood and gradient (n, k) at per-row parameters ``theta`` (scalars or arrays).

        Models that take covariates implement it; ``theta`` is the list of the
        base parameters, those scaled by covariates given as one value per row.
        """
        raise NotImplementedError

    def _objective(self, eta, data, weights, total):
        design = data.get(cov.KEY)
        if design is None:
            params = np.exp(eta)
            ll, grad = self._total_loglik(params, data, weights)
            gradient = -grad * params / total
        else:  # base parameters on the log scale, covariate effects as they are (chain rule in the design)
            params = design.natural(eta)
            ll, grad = design.total_loglik(self, params, data, weights)
            gradient = -grad * design.d_natural(params) / total
        value = -ll / total
        if not np.isfinite(value) or not np.all(np.isfinite(gradient)):
            return np.inf, np.zeros_like(eta)
        return value, gradient

    #: unit when the summary records none and none is given (None: ask for one)
    _default_time_unit: str | None = None

    def fit(self, summary: pd.DataFrame, time_unit: str | None = None, *, purchase_covariates=None,
            dropout_covariates=None):
        """Estimate the parameters by maximum likelihood; returns ``self``.

        Parameters
        ----------
        summary : DataFrame
            Columns ``frequency, recency, T`` [``, weight``], e.g. from
            :func:`~crm_analysis.value.rfm_summary`; BG/BB: ``frequency,
            recency, n_periods`` counted in opportunities.  Not modified.
        time_unit : {"D", "W", "M", "Q", "Y"}, optional
            Unit of ``recency`` and ``T``.  Read from ``summary.attrs`` when the
            summary records it (then a different value here is a CRMDataError);
            required for a table without a record (e.g. loaded from a file).
            Kept as ``time_unit_``.
        purchase_covariates, dropout_covariates : DataFrame, optional
            Time-invariant covariates of the purchase and drop-out processes
            (Pareto/NBD and BG/NBD only; see :mod:`crm_analysis.value.covariates`
            for how they enter): numeric columns, one row per customer of
            ``summary``, matched by customer id (the index).  Each column adds
            an effect ``purchase:<column>`` / ``dropout:<column>`` to ``params_``
            (positive: more purchases / more drop-out); the column names are
            kept as ``purchase_covariates_`` and ``dropout_covariates_``.  Not
            modified.

        Sets ``params_``, ``covariance_log_`` (covariance of the log-parameters
        and, with covariates, of the effects on their natural scale),
        ``log_likelihood_``, ``n_customers_``, ``n_params_``, ``time_unit_`` and the
        information criteria ``aic_`` :math:`= 2k - 2\\ell` and ``bic_``
        :math:`= k \\ln n - 2\\ell` (``k`` parameters, ``n`` customers).

        Raises
        ------
        CRMDataError
            Bad columns, no recorded or given unit, fewer than two customers,
            or nobody with a repeat purchase (the purchase rate and drop-out
            cannot be told apart: any estimate would be meaningless); covariates
            for a model that takes none, customers without a covariate row or
            rows for customers not in ``summary``, non-numeric, missing,
            constant or collinear covariate columns.
        """
        frames = self._covariate_frames(purchase_covariates, dropout_covariates, required=False)
        if frames:
            data, weights = cov.fit_data(self, summary, frames)
        else:
            data, weights, _, _ = self._compressed(summary)
        unit = summary_time_unit(summary, time_unit, default=self._default_time_unit)
        total = weights.sum()
        if total <= 0:
            raise CRMDataError(f"column '{WEIGHT_COLUMN}' of summary sums to zero: nothing to fit")
        self._check_identifiable(data, weights)
        eta = self._maximise(data, weights)
        hessian, neg_loglik = self._hessian(eta, data, weights)
        self.__dict__.pop("_polished", None)  # a fit keeps no working data, whichever route it took
        design = data.get(cov.KEY)
        names, to_units, typical = list(self._param_names), None, None
        if design is not None:  # back from standardised covariates to the caller's units (a linear map)
            typical = copy.copy(self)  # the base parameters of the average customer (standardised z = 0)
            typical.params_ = pd.Series(np.exp(eta[:len(names)]), index=list(names), name="estimate")
            typical.time_unit_ = unit
            to_units = design.to_original_units()
            eta = to_units @ eta
            names += design.effect_names
        for kind in cov.KINDS:
            setattr(self, f"{kind}_covariates_", list(design.columns.get(kind, [])) if design is not None else [])
        self.params_ = pd.Series(self._natural_scale(eta), index=names, name="estimate")
        self.log_likelihood_ = -neg_loglik
        self.n_customers_ = float(total)
        self.n_params_ = len(names)
        self.aic_ = 2 * self.n_params_ - 2 * self.log_likelihood_
        self.bic_ = self.n_params_ * np.log(self.n_customers_) - 2 * self.log_likelihood_
        self.time_unit_ = unit
        # a table without a recorded unit is known again by its digest (predicting on it needs no label)
        self.summary_fingerprint_ = (table_fingerprint(summary, self._columns)
                                     if recorded_time_unit(summary) is None else None)
        self._set_covariance(hessian, to_units)
        self._warn_at_boundary(typical)
        return self

    def _boundary_note(self) -> str | None:
        """What it means when the estimate sits at an edge of the parameter space (None: an interior maximum)."""
        return None

    def _warn_at_boundary(self, typical: "BTYDModel | None" = None) -> None:
        """ConvergenceWarning when the likelihood keeps rising towards a limit: the fit is that limiting model.

        ``typical``: with covariates, a copy holding the parameters of the average
        customer (``z = 0`` may lie far outside the data, e.g. for ages or incomes).
        """
        note = (self if typical is None else typical)._boundary_note()
        if note is not None:
            warnings.warn(f"{type(self).__name__}: {note}", ConvergenceWarning, stacklevel=3)

    def _check_identifiable(self, data: dict, weights: np.ndarray) -> None:
        """CRMDataError for inputs whose maximum likelihood estimate is meaningless."""
        name = type(self).__name__
        if weights.sum() < 2:
            raise CRMDataError(f"{name} needs a customer base: summary has {weights.sum():g} customer(s); the "
                               f"population parameters cannot be estimated from one customer")
        repeat = weights[data["frequency"] > 0].sum()
        if repeat <= 0:
            raise CRMDataError(f"{name}: nobody in summary repeats (column 'frequency' is 0 for all "
                               f"{weights.sum():g} customers), so purchase rate and drop-out cannot be told apart "
                               f"and any estimate would be meaningless; use a longer observation window or a finer "
                               f"purchase_period")

    def _optimise(self, eta0, data, weights, tol=None):
        """L-BFGS-B on the log-parameters; ConvergenceError with the optimiser's message on failure."""
        result = optimize.minimize(self._objective, eta0, args=(data, weights, weights.sum()), jac=True,
                                   method="L-BFGS-B", bounds=[(-30.0, 30.0)] * len(eta0),
                                   options={"maxiter": self.max_iter, "gtol": tol or self.tol, "ftol": 1e-15})
        gradient_ok = np.all(np.isfinite(result.jac)) and np.max(np.abs(result.jac)) < 1e-4
        if not np.isfinite(result.fun) or not (result.success or gradient_ok) or result.nit >= self.max_iter:
            names = list(self._param_names) + [f"effect {i}" for i in range(len(result.x) - len(self._param_names))]
            edge = [f"{names[i]} = {np.exp(v):.3g}" for i, v in enumerate(result.x[:len(self._param_names)])
                    if abs(v) > np.log(1e4)]
            hint = (f"; the estimate was running towards the edge of the parameter space ({', '.join(edge)}): the "
                    f"likelihood keeps rising towards a limiting model (a parameter pair growing together means "
                    f"that rate or probability is the same for every customer), usually because the data are too few "
                    f"or too short to tell how customers differ; try another model of the family or more data"
                    if edge else "")
            raise ConvergenceError(f"{type(self).__name__} fit did not converge: the optimiser stopped with "
                                   f"'{str(result.message).strip() or 'no message'}' after {result.nit} "
                                   f"iterations{hint}")
        if not result.success:  # stopped early (usually a line search at machine precision) but flat
            warnings.warn(f"{type(self).__name__}: optimiser stopped with '{result.message}' at a point "
                          f"where the gradient is {np.max(np.abs(result.jac)):.1e} per customer",
                          ConvergenceWarning, stacklevel=3)
        return result

    def _maximise(self, data, weights, rows: int = 20_000) -> np.ndarray:
        """Log-parameters at the maximum; big inputs go through a sample first.

        Most iterations are spent far from the optimum, where a random sample
        of ``rows`` customers points the same way as all of them.  So for big
        inputs we fit the sample, take its Hessian (per customer, it estimates
        the full one), and polish on the full data with Newton steps using that
        fixed Hessian: each step costs one pass over the data and shrinks the
        error by roughly the sampling error.  Anything unexpected falls back to
        L-BFGS on the full data.  The sample is systematic, not random: the
        customers at evenly spaced points of the cumulative weight, so the fit
        is deterministic with no hidden seed; it only changes the route, not
        the optimum.
        """
        eta0 = np.log(self._initial_params(data, weights))
        if cov.KEY in data:  # covariate effects start at 0 (the plain model)
            eta0 = np.concatenate([eta0, np.zeros(data[cov.KEY].n_effects)])
        if len(weights) <= 2 * rows:
            return self._optimise(eta0, data, weights).x
        points = (np.arange(rows) + 0.5) / rows * weights.sum()
        positions = np.minimum(np.searchsorted(np.cumsum(weights), points), len(weights) - 1)
        picked, counts = np.unique(positions, return_counts=True)
        sample = {c: data[c][picked] for c in self._columns}
        if cov.KEY in data:
            sample[cov.KEY] = data[cov.KEY].subset(picked)
        try:
            with warnings.catch_warnings():  # only a starting point: its fine print does not matter
                warnings.simplefilter("ignore", ConvergenceWarning)
                eta_sample = self._optimise(eta0, sample, counts.astype(float), tol=1e-6).x
        except ConvergenceError:
            return self._optimise(eta0, data, weights).x
        hessian = self._hessian(eta_sample, sample, counts.astype(float))[0] / counts.sum()
        polished = self._newton_polish(eta_sample, hessian, data, weights)
        return polished if polished is not None else self._optimise(eta_sample, data, weights).x

    def _newton_polish(self, eta, hessian, data, weights, max_steps: int = 25):
        """Newton steps with a fixed Hessian until the gradient is below ``tol``; None if they stop helping."""
        total = weights.sum()
        value, grad = self._objective(eta, data, weights, total)
        for _ in range(min(max_steps, self.max_iter)):
            if np.max(np.abs(grad)) < self.tol:
                # the total -loglik and gradient at eta, for the Hessian that follows (one pass fewer)
                self._polished = (eta, data, weights, value * total, grad * total)
                return eta
            try:
                trial = eta - np.linalg.solve(hessian, grad)
            except np.linalg.LinAlgError:
                return None
            new_value, new_grad = self._objective(trial, data, weights, total)
            if not np.isfinite(new_value) or new_value > value + 1e-12 * abs(value) or np.any(np.abs(trial) > 30):
                return None
            eta, value, grad = trial, new_value, new_grad
        return None

    def _hessian(self, eta, data, weights, step: float = 1e-6) -> tuple[np.ndarray, float]:
        """Hessian of -loglik (total) on the log scale by forward differences of the analytic gradient,
        and -loglik itself."""
        k = len(eta)
        polished = self.__dict__.pop("_polished", None)  # the last step of _newton_polish, if it ended here
        if (polished is not None and polished[1] is data and polished[2] is weights
                and np.array_equal(polished[0], eta)):
            value0, grad0 = polished[3], polished[4]
        else:
            value0, grad0 = self._objective(eta, data, weights, 1.0)
        hessian = np.empty((k, k))
        for j in range(k):
            shifted = eta.copy()
            shifted[j] += step
            hessian[:, j] = (self._objective(shifted, data, weights, 1.0)[1] - grad0) / step
        return (hessian + hessian.T) / 2, value0

    def _set_covariance(self, hessian: np.ndarray, to_units: np.ndarray | None = None) -> None:
        """Covariance of the estimation-scale parameters: inverse of the observed information at the optimum.

        ``to_units``: the linear map from the standardised covariates the fit
        worked with to the caller's units (covariance ``J C J'``).
        """
        k = len(hessian)
        try:
            covariance = np.linalg.inv(hessian)
        except np.linalg.LinAlgError:
            covariance = np.full((k, k), np.nan)
        if to_units is not None:
            covariance = to_units @ covariance @ to_units.T
        names = list(self.params_.index)
        self.covariance_log_ = pd.DataFrame(covariance, index=names, columns=names)

    # -------------------------------------------------------------- results
    def summary(self, ci_level: float | None = None) -> pd.DataFrame:
        """Estimates with Hessian standard errors and intervals computed on the log scale.

        ``ci_level`` overrides the model's ``ci_level`` for this table.  With
        covariates the effects follow (rows ``purchase:<column>``,
        ``dropout:<column>``): estimated on their natural scale, so their
        interval is :math:`\\hat\\gamma \\pm z\\,\\text{se}` and they get the Wald
        ``statistic`` and ``p_value`` of "no effect" (NaN for the positive base
        parameters, where a test of 0 means nothing).
        """
        self._check_fitted()
        se = np.sqrt(np.clip(np.diag(self.covariance_log_.to_numpy()), 0, None))
        level = self.ci_level if ci_level is None else ci_level
        values, names, k = self.params_.to_numpy(dtype=float), list(self.params_.index), len(self._param_names)
        table = summary_table(values[:k], se[:k], ci_level=level, index=names[:k], log_scale=True, null_value=None)
        if len(values) == k:
            return table
        effects = summary_table(values[k:], se[k:], ci_level=level, index=names[k:], log_scale=False, null_value=0.0)
        return pd.concat([table, effects])

    # ------------------------------------------------------------ the interface of the family
    def probability_alive(self, summary: pd.DataFrame, *, purchase_covariates=None,
                          dropout_covariates=None) -> pd.Series:
        """P(alive at the end of the observation window | x, t_x, T) per customer (model docstring).

        A model fitted with covariates needs each customer's: ``purchase_covariates``
        and ``dropout_covariates`` with the fitted columns, one row per customer
        of ``summary`` (matched by id; rows of other customers are ignored).
        The same holds for every per-customer method below.
        """
        return self._per_customer(summary, self._alive, "probability_alive",
                                  self._covariate_frames(purchase_covariates, dropout_covariates))

    def conditional_expected_purchases(self, summary: pd.DataFrame, t, *, ci_level: float | None = None,
                                       n_draws: int = 1000, random_state=None, purchase_covariates=None,
                                       dropout_covariates=None):
        """Expected purchases of each customer in the next ``t`` units given the history, E[Y(t) | x, t_x, T].

        ``t`` is in the model's ``time_unit_`` (BG/BB: whole opportunities).
        Returns the Series ``predicted_purchases``.  With ``ci_level`` the result
        is a DataFrame with the interval from the parameters' sampling
        uncertainty (:func:`crm_analysis.value.forecast.purchase_intervals`,
        ``n_draws`` parameter sets, ``random_state`` defaulting to the model's).
        Covariates: as in :meth:`probability_alive`.
        """
        self._check_fitted()
        t = self._check_horizon(t)
        frames = self._covariate_frames(purchase_covariates, dropout_covariates)
        if ci_level is not None:
            from .forecast import purchase_intervals

            extra = {cov.argument(kind): frame for kind, frame in frames.items()} if frames else {}
            return purchase_intervals(self, summary, t, ci_level=ci_level, n_draws=n_draws,
                                      random_state=self.random_state if random_state is None else random_state,
                                      **extra)
        return self._per_customer(summary, lambda d: self._expected_given_history(d, t), "predicted_purchases",
                                  frames)

    predict = conditional_expected_purchases
    conditional_expected_number_of_purchases_up_to_time = conditional_expected_purchases  # lifetimes' name

    def conditional_probability_of_purchases(self, summary: pd.DataFrame, t, n, *, purchase_covariates=None,
                                             dropout_covariates=None) -> pd.Series:
        """P(Y(t) = n | x, t_x, T): probability that a customer makes exactly ``n`` purchases in the next ``t`` units.

        Given the history the customer is alive with probability
        :math:`w = P(\\text{alive})`, and an alive customer's future is that of a
        new customer whose parameters are updated by the history (the posterior
        of the purchase and drop-out rates factorises given survival), so

        .. math:: P(Y(t)=n\\mid x,t_x,T) = w\\,P_{\\text{new}}(X(t)=n\\mid\\theta_{\\text{posterior}})
                  + (1-w)\\,[n=0].

        The updated parameters are model specific (see each model's ``_pmf_given_history``).
        Covariates: as in :meth:`probability_alive`.  A list of counts ``n``
        gives a DataFrame with one column per count.
        """
        self._check_fitted()
        t = self._check_horizon(t)
        frames = self._covariate_frames(purchase_covariates, dropout_covariates)
        if np.ndim(n):
            counts = [self._check_count(k) for k in np.ravel(n)]
            columns = {k: self._per_customer(summary, lambda d, k=k: self._pmf_given_history(d, t, k),
                                             "probability_of_purchases", frames) for k in counts}
            return pd.DataFrame(columns).rename_axis(columns="purchases")
        n = self._check_count(n)
        return self._per_customer(summary, lambda d: self._pmf_given_history(d, t, n),
                                  "probability_of_purchases", frames)

    def expected_purchases(self, t, *, purchase_covariates=None, dropout_covariates=None):
        """E[X(t)]: expected purchases of a new customer in the first ``t`` units (scalar or array ``t``).

        A model fitted with covariates describes the new customer by one row of
        covariates (a Series or mapping by column name, or a one-row DataFrame);
        without it the customer has ``z = 0`` (every covariate 0: the base
        parameters, which for centred covariates is the average customer).
        """
        self._check_fitted()
        model = self._new_customer_model(purchase_covariates, dropout_covariates)
        value = np.asarray(model._expected_new(self._check_horizon(t, allow_array=True)), dtype=float)
        return value if value.ndim else float(value)

    def probability_of_purchases(self, t, n, *, purchase_covariates=None, dropout_covariates=None):
        """P(X(t) = n): probability that a new customer makes ``n`` purchases in the first ``t`` units (array ``n``).

        Covariates: one customer's, or ``z = 0``, as in :meth:`expected_purchases`.
        """
        self._check_fitted()
        t = self._check_horizon(t)
        n = np.asarray(n, dtype=float)
        if np.any(~np.isfinite(n)) or np.any(n < 0) or np.any(n != np.round(n)):
            raise CRMDataError(f"n must hold whole numbers of purchases (0, 1, 2, ...), got {n!r}")
        model = self._new_customer_model(purchase_covariates, dropout_covariates)
        value = np.asarray(model._pmf_new(t, n), dtype=float)
        return value if value.ndim else float(value)

    # ------------------------------------------------------------ covariates (see .covariates)
    def _covariate_frames(self, purchase_covariates, dropout_covariates, *, required: bool = True) -> dict:
        """The covariate frames given, checked against what the model takes (fit: ``required=False``).

        Returns ``{kind: frame}`` (empty without covariates).  CRMDataError when
        the model takes no covariates, when a fitted model's covariates are
        missing, or when covariates come for a model fitted without them.
        """
        given = {kind: frame for kind, frame in zip(cov.KINDS, (purchase_covariates, dropout_covariates))
                 if frame is not None}
        name = type(self).__name__
        if self._covariate_targets is None:
            if given:
                raise CRMDataError(f"{name} does not support covariates ({', '.join(cov.argument(k) for k in given)} "
                                   f"given); covariates are supported by BetaGeoModel and ParetoNBDModel")
            return {}
        if not required:  # fitting: whatever is given
            return given
        for kind in cov.KINDS:
            fitted = cov.model_columns(self, kind)
            if fitted and kind not in given:
                raise CRMDataError(f"{name} was fitted with {kind} covariates {fitted}: pass "
                                   f"{cov.argument(kind)}= (a DataFrame indexed by customer id with those columns)")
            if kind in given and not fitted:
                raise CRMDataError(f"{name} was fitted without {kind} covariates, so {cov.argument(kind)} must be "
                                   f"None (refit with {cov.argument(kind)}= to use them)")
        return given

    def _row_params(self, d=None):
        """The model's parameters for the rows of ``d``: scalars, or arrays for those scaled by covariates.

        Without covariates in ``d`` (or ``d`` None) these are the base
        parameters, i.e. ``z = 0``.
        """
        values = self.params_.to_numpy(dtype=float)
        design = None if d is None else d.get(cov.KEY)
        if design is None:
            return tuple(values[:len(self._param_names)])
        return tuple(design.row_params(values))

    def _new_customer_model(self, purchase_covariates, dropout_covariates) -> "BTYDModel":
        """Self, or (covariates) a plain copy with the parameters of one customer (``z = 0`` when none given)."""
        given = {kind: frame for kind, frame in zip(cov.KINDS, (purchase_covariates, dropout_covariates))
                 if frame is not None}
        if self._covariate_targets is None or not any(cov.model_columns(self, k) for k in cov.KINDS):
            self._covariate_frames(purchase_covariates, dropout_covariates)  # refuses what does not belong
            return self
        for kind in given:
            if not cov.model_columns(self, kind):
                raise CRMDataError(f"{type(self).__name__} was fitted without {kind} covariates, so "
                                   f"{cov.argument(kind)} must be None")
        rows = {kind: cov.single_row(frame, cov.argument(kind)) for kind, frame in given.items()}
        matrices = {kind: cov.covariate_matrix(row, row.index, cov.argument(kind),
                                               columns=cov.model_columns(self, kind), fitting=False)[0]
                    for kind, row in rows.items()}
        for kind in cov.KINDS:
            if kind not in matrices and cov.model_columns(self, kind):
                matrices[kind] = np.zeros((1, len(cov.model_columns(self, kind))))
        theta = cov.prediction_design(self, matrices).row_params(self.params_.to_numpy(dtype=float))
        twin = copy.copy(self)
        twin.params_ = pd.Series([float(np.ravel(v)[0]) for v in theta], index=list(self._param_names),
                                 name="estimate")
        for kind in cov.KINDS:
            setattr(twin, f"{kind}_covariates_", [])
        return twin

    # hooks each model implements (``d``: dict of the summary's columns, one entry per distinct row)
    def _alive(self, d) -> np.ndarray:
        raise NotImplementedError

    def _expected_given_history(self, d, t) -> np.ndarray:
        raise NotImplementedError

    def _pmf_given_history(self, d, t, n) -> np.ndarray:
        raise NotImplementedError

    def _expected_new(self, t):
        raise NotImplementedError

    def _pmf_new(self, t, n):
        raise NotImplementedError

    def _check_horizon(self, t, allow_array: bool = False):
        """``t`` in the model's unit as float (array when allowed); CRMDataError when negative, NaN or infinite."""
        if allow_array and np.ndim(t):
            values = np.asarray(t, dtype=float)
            for value in values.ravel():
                self._check_t(value)
            return values
        return self._check_t(t)

    @staticmethod
    def _check_count(n) -> int:
        try:
            whole = not isinstance(n, (bool, str)) and np.isfinite(float(n)) and float(n) == int(n) and n >= 0
        except (TypeError, ValueError):
            whole = False
        if not whole:
            raise CRMDataError(f"n must be a whole number of purchases (0, 1, 2, ...), got {n!r}")
        return int(n)

    # ------------------------------------------------------------ parameter uncertainty
    def _estimation_scale(self, params: pd.Series) -> np.ndarray:
        """The parameters on the scale the fit estimates them: log of the positive model parameters,
        covariate effects (rows after them) as they are."""
        values = params.to_numpy(dtype=float).copy()
        k = len(self._param_names)
        values[:k] = np.log(values[:k])
        return values

    def _natural_scale(self, eta: np.ndarray) -> np.ndarray:
        """Inverse of :meth:`_estimation_scale`, for one parameter vector or a (draws, parameters) array."""
        values = np.array(eta, dtype=float)
        k = len(self._param_names)
        values[..., :k] = np.exp(values[..., :k])
        return values

    def _resolve_params(self, params) -> dict:
        """Fitted parameters, or explicit ``params`` (mapping) for simulating before any fit."""
        if params is None:
            self._check_fitted()
            return {k: float(v) for k, v in self.params_.items()}
        missing = set(self._param_names) - set(params)
        if missing:
            raise ValueError(f"params is missing {sorted(missing)}")
        return {k: float(params[k]) for k in self._param_names}

    #: compress identical rows before predicting (worth it when a row costs more than a hash)
    _compress_predictions = True

    def _record_simulated(self, table: pd.DataFrame, params, time_unit) -> pd.DataFrame:
        """Record the unit of a simulated summary: ``time_unit``, else the fitted model's (when simulating from it)."""
        unit = time_unit if time_unit is not None else (getattr(self, "time_unit_", None) if params is None else None)
        if unit is not None:
            table.attrs["time_unit"] = check_time_unit(unit, allow_opportunity=True)
        return table

    def _check_t(self, t, parameter: str = "t"):
        """``t`` (model time units ahead) as float, or a CRMDataError when negative, NaN or infinite."""
        return check_duration(t, f"{parameter} (in {unit_name(self.time_unit_)})" if hasattr(self, "time_unit_")
                              else parameter)

    def _per_customer(self, summary: pd.DataFrame, func, name: str, frames: dict | None = None) -> pd.Series:
        """Evaluate ``func(data_dict)`` (once per distinct row if compressing) and return it per customer.

        A summary that records a time unit other than the model's ``time_unit_`` is a CRMDataError.
        ``frames``: the covariates (``{kind: frame}``, checked by :meth:`_covariate_frames`);
        rows are then compressed on ``(x, t_x, T, z)`` and ``data_dict`` carries
        the covariate design for :meth:`_row_params`.
        """
        self._check_fitted()
        if getattr(self, "time_unit_", None) is not None:
            check_summary_unit(summary, self.time_unit_, what=type(self).__name__, model=self)
        if frames:
            frame = self._validate(summary, with_weight=False)
            matrices = cov.prediction_matrices(self, frames, frame.index)
            columns = [frame[c].to_numpy(dtype=float) for c in self._columns]
            inverse = None
            if self._compress_predictions:
                unique, _, inverse = compress_rows(columns + [col for k in matrices for col in matrices[k].T])
                columns, start = unique[:len(self._columns)], len(self._columns)
                for kind in matrices:
                    width = matrices[kind].shape[1]
                    matrices[kind] = np.column_stack(unique[start:start + width])
                    start += width
            data = dict(zip(self._columns, columns))
            data[cov.KEY] = cov.prediction_design(self, matrices)
            values = np.asarray(func(data), dtype=float)
            return pd.Series(values if inverse is None else values[inverse], index=frame.index, name=name)
        if not self._compress_predictions:
            frame = self._validate(summary, with_weight=False)
            values = func({c: frame[c].to_numpy(dtype=float) for c in self._columns})
            return pd.Series(np.asarray(values, dtype=float), index=frame.index, name=name)
        data, _, inverse, index = self._compressed(summary, with_weight=False)
        values = np.asarray(func(data), dtype=float)
        return pd.Series(values[inverse], index=index, name=name)
