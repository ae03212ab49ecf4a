"""Shared pieces of every crm_analysis model: the estimator base class and the summary table.

Models follow scikit-learn's rules: ``__init__`` stores settings only, ``fit``
returns ``self``, learned state ends in ``_``, and methods used after fitting
raise :class:`sklearn.exceptions.NotFittedError` (a ``ValueError``) before it.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.base import BaseEstimator
from sklearn.exceptions import NotFittedError

__all__ = ["CRMEstimator", "NotFittedError", "summary_table"]


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
