"""Shared machinery of the repeat-purchase ("buy till you die") models.

Every model here is fitted the same way:

1. the summary table is validated (:func:`crm_analysis.validation.validate_summary`)
   and identical ``(frequency, recency, T)`` rows are *compressed* into one row
   with a count weight.  On a day grid a million customers collapse to a few
   tens of thousands of distinct rows, and the log-likelihood only needs to be
   evaluated once per distinct row;
2. the parameters are estimated by maximum likelihood on the log scale
   (all parameters are positive, so :math:`\\theta = e^{\\eta}` with
   :math:`\\eta` unconstrained) with L-BFGS-B and the *analytic* gradient of the
   log-likelihood, :math:`\\partial \\ell / \\partial \\eta = \\theta\\,\\partial \\ell / \\partial \\theta`;
3. standard errors come from the observed information: a central-difference
   Hessian of the (analytic) gradient at the optimum, on the log scale, and
   the intervals are :math:`\\hat\\theta \\exp(\\pm z\\,\\text{se}(\\log\\hat\\theta))`
   (see :func:`crm_analysis.base.summary_table`).

Subclasses supply ``_param_names``, ``_columns`` and ``_loglik(params, data)``
returning the per-row log-likelihood and its gradient with respect to the
(natural-scale) parameters.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import optimize

from ..base import CRMEstimator, summary_table
from ..exceptions import ConvergenceError, CRMDataError
from ..validation import offending_rows, validate_summary

WEIGHT_COLUMN = "weight"


def compress_rows(columns: list[np.ndarray], weight: np.ndarray | None = None):
    """Collapse identical rows of ``columns`` into unique rows with summed weights.

    Returns ``(unique_columns, weights, inverse)`` where ``inverse[i]`` is the
    unique row of input row ``i`` (so per-customer results are
    ``unique_result[inverse]``).
    """
    n = len(columns[0])
    key = np.zeros(n, dtype=np.int64)
    for col in columns:
        codes, uniques = pd.factorize(col, sort=False)
        key = key * len(uniques) + codes
        # re-factorize the combined key to keep it small (no int64 overflow)
        key, _ = pd.factorize(key, sort=False)
        key = key.astype(np.int64)
    n_unique = int(key.max()) + 1 if n else 0
    first = np.full(n_unique, n, dtype=np.int64)
    _first_occurrence(key, first)
    unique_columns = [np.asarray(col)[first] for col in columns]
    w = np.ones(n) if weight is None else np.asarray(weight, dtype=float)
    weights = np.bincount(key, weights=w, minlength=n_unique)
    return unique_columns, weights, key


def _first_occurrence(key: np.ndarray, first: np.ndarray) -> None:
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    starts = np.flatnonzero(np.r_[True, sorted_key[1:] != sorted_key[:-1]])
    first[sorted_key[starts]] = order[starts]


def logsumexp_pair(a: np.ndarray, b: np.ndarray):
    """``log(e^a + e^b)`` and the weight ``e^b / (e^a + e^b)`` of the second term (``b`` may be ``-inf``)."""
    m = np.maximum(a, b)
    ea, eb = np.exp(a - m), np.exp(b - m)
    total = ea + eb
    return m + np.log(total), eb / total


class BTYDModel(CRMEstimator):
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
    """

    _param_names: tuple[str, ...] = ()
    _columns: tuple[str, ...] = ("frequency", "recency", "T")

    def __init__(self, ci_level: float = 0.95, max_iter: int = 1000, tol: float = 1e-8):
        self.ci_level = ci_level
        self.max_iter = max_iter
        self.tol = tol

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

    def _initial_params(self, data: dict, weights: np.ndarray) -> np.ndarray:
        return np.ones(len(self._param_names))

    def _objective(self, eta, data, weights, total):
        params = np.exp(eta)
        ll, grad = self._loglik(params, data)
        value = -np.dot(weights, ll) / total
        gradient = -(weights @ grad) * params / total
        if not np.isfinite(value) or not np.all(np.isfinite(gradient)):
            return np.inf, np.zeros_like(eta)
        return value, gradient

    def fit(self, summary: pd.DataFrame):
        """Estimate the parameters by maximum likelihood; returns ``self``."""
        data, weights, _, _ = self._compressed(summary)
        total = weights.sum()
        if total <= 0:
            raise CRMDataError(f"column '{WEIGHT_COLUMN}' of summary sums to zero: nothing to fit")
        eta0 = np.log(self._initial_params(data, weights))
        result = optimize.minimize(self._objective, eta0, args=(data, weights, total), jac=True,
                                   method="L-BFGS-B", bounds=[(-30.0, 30.0)] * len(eta0),
                                   options={"maxiter": self.max_iter, "gtol": self.tol, "ftol": 1e-15})
        gradient_ok = np.all(np.isfinite(result.jac)) and np.max(np.abs(result.jac)) < 1e-4
        if not np.isfinite(result.fun) or not (result.success or gradient_ok) or result.nit >= self.max_iter:
            raise ConvergenceError(f"{type(self).__name__} fit did not converge: {result.message} "
                                   f"(after {result.nit} iterations)")
        params = np.exp(result.x)
        self.params_ = pd.Series(params, index=list(self._param_names), name="estimate")
        self.log_likelihood_ = float(np.dot(weights, self._loglik(params, data)[0]))
        self.n_customers_ = float(total)
        self._set_covariance(result.x, data, weights)
        return self

    def _set_covariance(self, eta, data, weights, step: float = 1e-5) -> None:
        """Observed information on the log scale from central differences of the analytic gradient."""
        k = len(eta)
        hessian = np.empty((k, k))
        for j in range(k):
            shift = np.zeros(k)
            shift[j] = step
            up = self._objective(eta + shift, data, weights, 1.0)[1]
            down = self._objective(eta - shift, data, weights, 1.0)[1]
            hessian[:, j] = (up - down) / (2 * step)
        hessian = (hessian + hessian.T) / 2  # information matrix of -loglik
        try:
            cov = np.linalg.inv(hessian)
        except np.linalg.LinAlgError:
            cov = np.full((k, k), np.nan)
        self.covariance_log_ = pd.DataFrame(cov, index=list(self._param_names), columns=list(self._param_names))

    # -------------------------------------------------------------- results
    def summary(self) -> pd.DataFrame:
        """Estimates with Hessian standard errors and ``ci_level`` intervals (computed on the log scale)."""
        self._check_fitted()
        se_log = np.sqrt(np.clip(np.diag(self.covariance_log_.to_numpy()), 0, None))
        return summary_table(self.params_.to_numpy(), se_log, ci_level=self.ci_level,
                             index=list(self._param_names), log_scale=True, null_value=None)

    def _resolve_params(self, params) -> dict:
        """Fitted parameters, or explicit ``params`` (mapping) for simulating before any fit."""
        if params is None:
            self._check_fitted()
            return {k: float(v) for k, v in self.params_.items()}
        missing = set(self._param_names) - set(params)
        if missing:
            raise ValueError(f"params is missing {sorted(missing)}")
        return {k: float(params[k]) for k in self._param_names}

    def _per_customer(self, summary: pd.DataFrame, func, name: str) -> pd.Series:
        """Evaluate ``func(data_dict)`` once per distinct row and spread back to customers."""
        self._check_fitted()
        data, _, inverse, index = self._compressed(summary, with_weight=False)
        values = np.asarray(func(data), dtype=float)
        return pd.Series(values[inverse], index=index, name=name)
