"""Shared pieces of every crm_analysis model: the estimator base class and the summary table.

Models follow scikit-learn's rules: ``__init__`` stores settings only, ``fit``
returns ``self``, learned state ends in ``_``, and methods used after fitting
raise :class:`sklearn.exceptions.NotFittedError` (a ``ValueError``) before it.
"""
from __future__ import annotations

import copy

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.base import BaseEstimator
from sklearn.exceptions import NotFittedError

__all__ = ["CRMEstimator", "DrawableParameters", "NotFittedError", "summary_table"]


class CRMEstimator(BaseEstimator):
    """Base class: ``get_params``/``set_params``/``clone`` from scikit-learn plus a fitted check."""

    #: attribute that exists only after ``fit``
    _fitted_attribute = "params_"

    def _check_fitted(self) -> None:
        if not hasattr(self, self._fitted_attribute):
            raise NotFittedError(
                f"this {type(self).__name__} is not fitted yet: call fit(...) before using this method"
            )

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, self._fitted_attribute)

    def save(self, path):
        """Write a readable JSON model card of the fitted model to ``path``; returns the :class:`~pathlib.Path`.

        The card holds the settings, the learned state (parameters,
        covariance, time unit, sample size, fit statistics), the package
        version and the date; no training data.  A fitted scikit-learn
        pipeline goes next to it in skops format (``churn.json`` ->
        ``churn.skops``).  :func:`crm_analysis.load_model` reads it back with
        identical predictions.  The write is atomic.  See
        :mod:`crm_analysis.model_card`.

        Raises
        ------
        NotFittedError
            Before ``fit``.
        """
        from .model_card import save_model

        return save_model(self, path)

    def __getattr__(self, name):
        # only called when normal lookup fails: a model loaded from a card says why an attribute is absent
        left_out = vars(self).get("_loaded_without") or {}
        if name in left_out:
            raise AttributeError(f"this {type(self).__name__} was loaded from a model card, which does not keep "
                                 f"{name}: {left_out[name]}")
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


class DrawableParameters:
    """Mixin for models estimated by maximum likelihood on a transformed scale: parameter uncertainty by simulation.

    The model supplies ``params_`` (Series), ``covariance_log_`` (covariance of
    the estimates on the estimation scale) and, when that scale is not the log
    of every parameter, ``_estimation_scale``/``_natural_scale``.  Used by the
    forecast intervals (:mod:`crm_analysis.value.forecast`).
    """

    def _estimation_scale(self, params: pd.Series) -> np.ndarray:
        """The parameters on the scale the fit estimates them (here: the log of positive parameters)."""
        return np.log(params.to_numpy(dtype=float))

    def _natural_scale(self, eta: np.ndarray) -> np.ndarray:
        """Inverse of :meth:`_estimation_scale`, for one parameter vector or a (draws, parameters) array."""
        return np.exp(eta)

    def _rng(self, random_state) -> np.random.Generator:
        """The generator of a random step: its own ``random_state``, else the model's."""
        return np.random.default_rng(self.random_state if random_state is None else random_state)

    def parameter_draws(self, n_draws: int = 1000, random_state=None) -> pd.DataFrame:
        """Parameter sets drawn from the estimates' large-sample distribution (one row per draw).

        The maximum likelihood estimate on the estimation scale is asymptotically
        normal, :math:`\\hat\\eta \\sim N(\\eta, I(\\eta)^{-1})`, with the inverse
        observed information ``covariance_log_``; the draws are
        :math:`\\eta^{(j)} \\sim N(\\hat\\eta, \\widehat{\\text{cov}})` mapped back to the
        parameters, e.g. :math:`\\theta^{(j)} = \\exp(\\eta^{(j)})` (Krinsky & Robb 1986).
        ``random_state`` defaults to the model's.  Raises when the covariance could not be estimated.

        Krinsky, I., & Robb, A. L. (1986). On approximating the statistical properties of
        elasticities. *Review of Economics and Statistics* 68(4), 715-719.
        """
        from .exceptions import CRMDataError

        self._check_fitted()
        if isinstance(n_draws, bool) or int(n_draws) != n_draws or n_draws < 1:
            raise CRMDataError(f"n_draws must be a positive whole number, got {n_draws!r}")
        cov = self.covariance_log_.to_numpy()
        if not np.all(np.isfinite(cov)):
            raise CRMDataError(f"{type(self).__name__}: the covariance of the estimates is not available (the "
                               f"information matrix is singular, e.g. an estimate on the edge of the parameter "
                               f"space), so there is no sampling distribution to draw from")
        cov = (cov + cov.T) / 2  # the inverse of a symmetric matrix, up to rounding
        eigenvalues = np.linalg.eigvalsh(cov)
        if eigenvalues.min() < -1e-9 * max(eigenvalues.max(), 1e-300):
            raise CRMDataError(f"{type(self).__name__}: the covariance of the estimates is not positive "
                               f"semi-definite (smallest eigenvalue {eigenvalues.min():.3g}): the fit is not at a "
                               f"maximum of the likelihood, so there is no sampling distribution to draw from")
        draws = self._rng(random_state).multivariate_normal(self._estimation_scale(self.params_), cov, size=int(n_draws), method="eigh",
                                        check_valid="ignore")  # checked above; rounding-size negatives are harmless
        return pd.DataFrame(self._natural_scale(draws), columns=self.params_.index,
                            index=pd.RangeIndex(int(n_draws), name="draw"))

    def with_params(self, params):
        """A copy of this fitted model that predicts with ``params`` (same names as ``params_``); self is unchanged."""
        from .exceptions import CRMDataError

        self._check_fitted()
        values = pd.Series(params, dtype=float) if not isinstance(params, pd.Series) else params.astype(float)
        missing = [name for name in self.params_.index if name not in values.index]
        if missing:
            raise CRMDataError(f"params is missing {missing} (the model has {list(self.params_.index)})")
        twin = copy.copy(self)
        twin.params_ = values.reindex(self.params_.index).rename("estimate")
        return twin


def summary_table(estimate, std_err, *, ci_level: float = 0.95, index=None, log_scale: bool = False,
                  null_value: float | None = 0.0) -> pd.DataFrame:
    """Build the house summary table: ``estimate, std_err, ci_lower, ci_upper[, statistic, p_value]``.

    Wald intervals :math:`\\hat\\theta \\pm z_{(1+c)/2}\\,\\text{se}`.  With
    ``log_scale=True`` the standard errors are those of
    :math:`\\log\\hat\\theta` (delta method gives the reported
    :math:`\\text{se}(\\hat\\theta)=\\hat\\theta\\,\\text{se}(\\log\\hat\\theta)`)
    and the interval is :math:`\\hat\\theta\\exp(\\pm z\\,\\text{se}_{\\log})`,
    which stays positive for positive parameters.  ``null_value=None`` omits
    the statistic and p-value (a test of 0 is meaningless for a positive
    shape parameter).
    """
    if not 0 < ci_level < 1:
        raise ValueError(f"ci_level must lie strictly between 0 and 1, got {ci_level}")
    estimate = np.asarray(estimate, dtype=float)
    std_err = np.asarray(std_err, dtype=float)
    z = stats.norm.ppf(0.5 + ci_level / 2)
    if log_scale:
        lower, upper = estimate * np.exp(-z * std_err), estimate * np.exp(z * std_err)
        std_err = estimate * std_err
    else:
        lower, upper = estimate - z * std_err, estimate + z * std_err
    table = pd.DataFrame({"estimate": estimate, "std_err": std_err, "ci_lower": lower, "ci_upper": upper},
                         index=index)
    if null_value is not None:
        with np.errstate(divide="ignore", invalid="ignore"):
            table["statistic"] = (estimate - null_value) / std_err
        table["p_value"] = 2 * stats.norm.sf(np.abs(table["statistic"]))
    table.index.name = "parameter"
    return table
