"""Comparing repeat-purchase models: information criteria, likelihood-ratio tests and holdout errors.

Three ways to choose between fitted models of the same customers, from the
weakest to the strongest assumption about what "better" means:

* **Holdout error** (:func:`compare_models`): fit every model on the same
  calibration period and compare what each predicts for the holdout period
  with what the customers did (:func:`~crm_analysis.value.compare_holdout`,
  :func:`~crm_analysis.value.holdout_metrics`).  Needs no assumption about
  nesting and measures the thing a forecast is used for, but it depends on the
  split and is noisy for short holdouts.
* **Information criteria** (AIC, BIC; the ``aic_``/``bic_`` of every model):
  with :math:`\\ell` the maximised log-likelihood, :math:`k` the number of
  estimated parameters and :math:`n` the number of customers,

  .. math:: \\text{AIC} = 2k - 2\\ell, \\qquad \\text{BIC} = k\\ln n - 2\\ell .

  Lower is better; they compare any models fitted to the *same* customers,
  nested or not (Akaike 1974; Schwarz 1978).  A difference below about 2 is
  no evidence either way (Burnham & Anderson 2002, section 2.6).
* **Likelihood-ratio test** (:func:`likelihood_ratio_test`): for *nested*
  models only, where the restricted model is the full one with some
  parameters fixed at a value *inside* the parameter space.  Then under the
  restricted model :math:`\\Lambda = 2(\\ell_\\text{full} - \\ell_\\text{restricted})`
  is asymptotically :math:`\\chi^2` with degrees of freedom the number of
  fixed parameters (Wilks 1938).

**Which models nest.**  A model with time-invariant covariates
(``fit(summary, purchase_covariates=..., dropout_covariates=...)``, Fader &
Hardie 2007) nests the same model without them (all effects
:math:`\\gamma = 0`, an interior value): the standard test, df = the number of
covariate effects; equally a model with more covariates nests one with a
subset of them.  BG/NBD, MBG/NBD and Pareto/NBD are *not* nested in one
another (each has four parameters and none is a special case of another):
compare them by AIC/BIC and holdout error.  Each *does* contain the NBD
(nobody ever drops out) as a limit: BG/NBD as :math:`a \\to 0`, Pareto/NBD as
:math:`s \\to 0` or :math:`\\beta \\to \\infty`.  Those nulls lie on the
boundary of the parameter space, where :math:`\\Lambda` is not :math:`\\chi^2`
but a mixture of :math:`\\chi^2` distributions (a chi-bar-square; Self & Liang
1987), and the remaining drop-out parameter (:math:`b`, resp. :math:`\\beta` or
:math:`s`) disappears from the likelihood under the null, which breaks even the
chi-bar-square result (Davies 1987).  The package has no NBD model, and the
test refuses such pairs.

For a model outside the package (any fitted object with ``log_likelihood_``,
``n_params_`` and ``n_customers_``) the caller vouches for the nesting; with
``boundary=True`` one tested parameter sits on the edge of its space under the
null and no other parameter becomes unidentified (e.g. the Poisson inside the
gamma-Poisson NBD, dispersion :math:`1/r = 0`): then :math:`\\Lambda` is the
50:50 mixture of :math:`\\chi^2_0` (a point mass at 0) and :math:`\\chi^2_1`
(Self & Liang 1987, case 5), :math:`p = \\tfrac12 P(\\chi^2_1 \\ge \\Lambda)`
for :math:`\\Lambda > 0`.

References: Akaike, H. (1974), A new look at the statistical model
identification, *IEEE Transactions on Automatic Control* 19(6), 716-723.
Schwarz, G. (1978), Estimating the dimension of a model, *Annals of
Statistics* 6(2), 461-464.  Wilks, S. S. (1938), *Annals of Mathematical
Statistics* 9(1), 60-62.  Self, S. G., & Liang, K.-Y. (1987), Asymptotic
properties of maximum likelihood estimators and likelihood ratio tests under
nonstandard conditions, *JASA* 82(398), 605-610.  Davies, R. B. (1987),
Hypothesis testing when a nuisance parameter is present only under the
alternative, *Biometrika* 74(1), 33-43.  Burnham, K. P., & Anderson, D. R.
(2002), *Model Selection and Multimodel Inference*, 2nd ed., Springer.
Fader, P. S., & Hardie, B. G. S. (2007), Incorporating time-invariant
covariates into the Pareto/NBD and BG/NBD models, http://brucehardie.com/notes/019/.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.base import clone

from ..exceptions import ConvergenceError, CRMDataError
from ..timegrid import recorded_window
from ..validation import check_columns
from ._btyd_base import BTYDModel
from .holdout import HOLDOUT_COLUMNS, compare_holdout, holdout_metrics

__all__ = ["likelihood_ratio_test", "compare_models", "MODEL_NAMES"]

#: display names of the repeat-purchase models (class name -> name in tables)
MODEL_NAMES = {"BetaGeoModel": "BG/NBD", "ModifiedBetaGeoModel": "MBG/NBD", "ParetoNBDModel": "Pareto/NBD",
               "BetaGeoBetaBinomModel": "BG/BB"}

#: columns of :func:`compare_models`, in order
COMPARISON_COLUMNS = ["n_params", "log_likelihood", "aic", "bic", "actual_total", "predicted_total",
                      "total_error_pct", "mae", "rmse"]

#: relative slack on 2 * (ll_full - ll_restricted) < 0 taken as optimiser noise (set to 0)
_LL_TOLERANCE = 1e-6


def _name(model) -> str:
    return MODEL_NAMES.get(type(model).__name__, type(model).__name__)


def _fit_statistics(model, role: str) -> tuple[float, int, float]:
    """``(log_likelihood_, n_params_, n_customers_)`` of a fitted model, or a clear error."""
    missing = [a for a in ("log_likelihood_", "n_params_", "n_customers_") if getattr(model, a, None) is None]
    if missing:
        raise CRMDataError(f"{role} model {_name(model)} has no {', '.join(missing)}: fit it first (a likelihood-"
                           f"ratio test needs each model's maximised log-likelihood, parameter count and customers)")
    ll = float(model.log_likelihood_)
    if not np.isfinite(ll):
        raise CRMDataError(f"{role} model {_name(model)} has log-likelihood {ll}: no test is possible")
    return ll, int(model.n_params_), float(model.n_customers_)


def _check_same_customers(restricted, full) -> None:
    """Both fitted on the same customers: the same count, time unit and (when both record one) data digest."""
    n_r, n_f = float(restricted.n_customers_), float(full.n_customers_)
    if not np.isclose(n_r, n_f, rtol=0, atol=1e-9):
        raise CRMDataError(f"the models were fitted on different data: {n_r:g} customers (restricted "
                           f"{_name(restricted)}) vs {n_f:g} (full {_name(full)}); log-likelihoods of different "
                           f"customers cannot be compared: fit both on the same summary")
    unit_r, unit_f = getattr(restricted, "time_unit_", None), getattr(full, "time_unit_", None)
    if unit_r is not None and unit_f is not None and unit_r != unit_f:
        raise CRMDataError(f"the models were fitted in different time units ({unit_r!r} for the restricted, "
                           f"{unit_f!r} for the full model): the log-likelihood of recency and T depends on the "
                           f"unit, so the two cannot be compared; fit both on the same summary")
    for attribute in ("data_fingerprint_", "summary_fingerprint_"):
        print_r, print_f = getattr(restricted, attribute, None), getattr(full, attribute, None)
        if print_r is not None and print_f is not None and print_r != print_f:
            raise CRMDataError(f"the models were fitted on different tables ({attribute} differs) although both "
                               f"have {n_r:g} customers: fit both on the same summary")


def _parameter_names(model) -> list[str]:
    """Every estimated parameter's name (covariate effects included, e.g. ``purchase:<column>``)."""
    names = [str(n) for n in getattr(model, "params_", pd.Series(dtype=float)).index]
    if len(names) < int(model.n_params_):  # effects kept outside params_: the summary lists them all
        names = [str(n) for n in model.summary().index]
    return names


def _btyd_nesting(restricted, full) -> None:
    """CRMDataError unless ``restricted`` is ``full`` with some covariate effects set to 0."""
    name_r, name_f = _name(restricted), _name(full)
    if type(restricted) is not type(full):
        raise CRMDataError(
            f"{name_r} is not nested in {name_f}: BG/NBD, MBG/NBD and Pareto/NBD are different models, none a "
            f"special case of another, so a likelihood-ratio test does not apply; compare them by AIC/BIC "
            f"(aic_, bic_) and holdout error (compare_models). (Their common limit, the NBD without drop-out, "
            f"lies on the boundary of the parameter space with a drop-out parameter unidentified under the "
            f"null: neither chi-square nor the chi-bar-square mixture of Self & Liang 1987 holds there.)")
    names_r, names_f = _parameter_names(restricted), _parameter_names(full)
    missing = [n for n in names_r if n not in names_f]
    if missing:
        raise CRMDataError(f"the restricted {name_r} is not nested in the full one: it estimates {missing}, "
                           f"which the full model does not; the full model must have every parameter of the "
                           f"restricted one (e.g. the same covariates and more)")
    extra = [n for n in names_f if n not in names_r]
    not_effects = [n for n in extra if ":" not in n]
    if not_effects:
        raise CRMDataError(f"the full {name_f} estimates {not_effects} which the restricted one does not: only "
                           f"covariate effects (purchase:<column>, dropout:<column>) can be tested")


def likelihood_ratio_test(restricted, full, *, boundary: bool = False) -> pd.Series:
    """Likelihood-ratio test of a restricted model against the full model it is nested in.

    .. math:: \\Lambda = 2\\,(\\ell_\\text{full} - \\ell_\\text{restricted}), \\qquad
              df = k_\\text{full} - k_\\text{restricted},

    and :math:`p = P(\\chi^2_{df} \\ge \\Lambda)` (Wilks 1938).  With
    ``boundary=True`` (one tested parameter on the edge of its space under the
    null, df = 1, no parameter unidentified under the null):
    :math:`p = \\tfrac12 P(\\chi^2_1 \\ge \\Lambda)` for :math:`\\Lambda > 0` and
    1 for :math:`\\Lambda = 0` (the 50:50 chi-bar-square of Self & Liang 1987).
    See the module notes for which models nest.

    Parameters
    ----------
    restricted, full : fitted models
        Any objects with ``log_likelihood_``, ``n_params_`` and
        ``n_customers_`` (and, when they record them, ``time_unit_`` and a data
        fingerprint), fitted on the same customers.  For the package's
        repeat-purchase models the nesting is checked: the same model, the full
        one with additional covariate effects.  For other objects the caller
        vouches for it.
    boundary : bool
        The null puts one parameter on the boundary of the parameter space
        (e.g. a dispersion of 0).  Only for one tested parameter (df = 1) and
        not for the package's models (covariate effects of 0 are interior).

    Returns
    -------
    Series
        ``statistic`` (:math:`\\Lambda`), ``df`` and ``p_value``;
        ``attrs["distribution"]`` names the reference distribution and
        ``attrs["restricted"]``/``attrs["full"]`` the models.

    Raises
    ------
    CRMDataError
        A model not fitted; different customers, time units or tables; the
        restricted model without fewer parameters; models that are not nested
        (e.g. BG/NBD against Pareto/NBD: compare those by AIC/BIC and
        :func:`compare_models`); ``boundary`` with df other than 1 or with the
        package's models; a full model whose log-likelihood is clearly below
        the restricted one's (the full fit did not reach its maximum, or the
        models are not nested).
    """
    ll_r, k_r, _ = _fit_statistics(restricted, "restricted")
    ll_f, k_f, _ = _fit_statistics(full, "full")
    _check_same_customers(restricted, full)
    if k_r >= k_f:
        raise CRMDataError(f"the restricted model ({_name(restricted)}, {k_r} parameters) must have fewer "
                           f"parameters than the full one ({_name(full)}, {k_f}); with equal counts the models "
                           f"are not nested: compare them by AIC/BIC")
    package = isinstance(restricted, BTYDModel) or isinstance(full, BTYDModel)
    if package:
        if boundary:
            raise CRMDataError("boundary=True does not apply to the package's repeat-purchase models: a covariate "
                               "effect of 0 is an interior value, so the standard chi-square test holds")
        _btyd_nesting(restricted, full)
    df = k_f - k_r
    if boundary and df != 1:
        raise CRMDataError(f"boundary=True is implemented for one tested parameter only (df = 1), got df = {df}: "
                           f"with more parameters the chi-bar-square weights depend on the information matrix "
                           f"(Self & Liang 1987); use a parametric bootstrap")
    statistic = 2.0 * (ll_f - ll_r)
    if statistic < 0:
        if -statistic > _LL_TOLERANCE * max(1.0, abs(ll_f)):
            raise CRMDataError(f"the full model's log-likelihood ({ll_f:.4f}) is below the restricted one's "
                               f"({ll_r:.4f}): a nested full model can only fit at least as well, so its fit did not "
                               f"reach the maximum (or the models are not nested)")
        statistic = 0.0
    if boundary:
        p_value = 1.0 if statistic == 0 else 0.5 * float(stats.chi2.sf(statistic, 1))
        distribution = "50:50 mixture of chi2(0) and chi2(1) (Self & Liang 1987)"
    else:
        p_value = float(stats.chi2.sf(statistic, df))
        distribution = f"chi2({df})"
    result = pd.Series({"statistic": statistic, "df": float(df), "p_value": p_value}, name="likelihood_ratio_test")
    result.attrs = {"distribution": distribution, "restricted": _name(restricted), "full": _name(full)}
    return result


# ---------------------------------------------------------------------- the comparison table
def _default_models() -> dict:
    from .bgnbd import BetaGeoModel
    from .mbgnbd import ModifiedBetaGeoModel
    from .paretonbd import ParetoNBDModel

    return {"BG/NBD": BetaGeoModel(), "MBG/NBD": ModifiedBetaGeoModel(), "Pareto/NBD": ParetoNBDModel()}


def _named_models(models) -> dict:
    if models is None:
        return _default_models()
    if isinstance(models, Mapping):
        named = {str(k): v for k, v in models.items()}
    else:
        named = {}
        for model in models:
            name = _name(model)
            if name in named:
                raise CRMDataError(f"two models would both be called {name!r} in the table: pass a dict "
                                   f"{{name: model}} to tell them apart")
            named[name] = model
    if not named:
        raise CRMDataError("models is empty: give at least one model to compare")
    return named


def compare_models(split: pd.DataFrame, models=None, *, time_unit: str | None = None,
                   on_error: str = "raise") -> pd.DataFrame:
    """Fit several repeat-purchase models on the same calibration period and compare fit and holdout errors.

    Each model is copied (:func:`sklearn.base.clone`: its settings, not its
    fit) and fitted on the calibration columns of ``split`` (``frequency,
    recency, T``); its holdout forecast is compared with what the customers
    did by :func:`~crm_analysis.value.compare_holdout` and
    :func:`~crm_analysis.value.holdout_metrics`.  All rows therefore describe
    the same customers, window and unit, and their AIC and BIC are comparable
    (the models need not be nested).

    Parameters
    ----------
    split : DataFrame
        A :func:`~crm_analysis.value.calibration_holdout_split`; not modified.
    models : dict or list, optional
        ``{name: model}`` or a list of models (named BG/NBD, MBG/NBD,
        Pareto/NBD); default BG/NBD, MBG/NBD and Pareto/NBD with their default
        settings.  The caller's model objects are not fitted or changed.
        BG/BB models discrete opportunities, not calendar time, and is refused.
    time_unit : str, optional
        Only for a split that records no unit (a table read from a file).
    on_error : {"raise", "note"}
        What a model whose fit does not converge does
        (:class:`~crm_analysis.exceptions.ConvergenceError`): ``"raise"``
        (default) stops; ``"note"`` keeps the model as a row of missing values,
        last, and says why in ``attrs["not_fitted"]`` (``{name: message}``),
        so a report on small data can still compare the models that did fit.

    Returns
    -------
    DataFrame
        Indexed by ``model``, sorted by AIC (lowest, i.e. best, first):
        ``n_params``, ``log_likelihood``, ``aic`` (:math:`2k - 2\\ell`),
        ``bic`` (:math:`k\\ln n - 2\\ell`, n = customers), and on the holdout
        ``actual_total``, ``predicted_total``, ``total_error_pct``, ``mae``,
        ``rmse``.  ``attrs``: ``time_unit``, the calibration window
        (``observation_end``, ``purchase_period``), ``holdout_end``,
        ``duration_holdout`` (in the unit), ``customers``, ``sorted_by`` and
        ``not_fitted``.
    """
    if on_error not in ("raise", "note"):
        raise ValueError(f"on_error must be 'raise' or 'note', got {on_error!r}")
    check_columns(split, ["frequency", "recency", "T", "frequency_holdout", "duration_holdout"], name="split")
    named = _named_models(models)
    calibration = split.drop(columns=[c for c in HOLDOUT_COLUMNS if c in split.columns])
    calibration.attrs = dict(split.attrs)
    rows, unit, not_fitted = {}, None, {}
    for name, model in named.items():
        if not isinstance(model, BTYDModel):
            raise CRMDataError(f"model {name!r} is a {type(model).__name__}, not a repeat-purchase model "
                               f"(BetaGeoModel, ModifiedBetaGeoModel, ParetoNBDModel)")
        if tuple(model._columns) != ("frequency", "recency", "T"):
            raise CRMDataError(f"model {name!r} ({_name(model)}) reads columns {list(model._columns)}: it models "
                               f"discrete repeat opportunities, not calendar time, and cannot be fitted on a "
                               f"calibration/holdout split; compare it on its own opportunity data")
        try:
            fitted = clone(model).fit(calibration, time_unit=time_unit)
        except ConvergenceError as error:
            if on_error == "raise":
                raise
            not_fitted[name] = str(error)
            rows[name] = {c: np.nan for c in COMPARISON_COLUMNS}
            continue
        metrics = holdout_metrics(compare_holdout(fitted, split, time_unit=time_unit))
        unit = fitted.time_unit_
        rows[name] = {"n_params": int(fitted.n_params_), "log_likelihood": float(fitted.log_likelihood_),
                      "aic": float(fitted.aic_), "bic": float(fitted.bic_),
                      **{c: float(metrics[c]) for c in COMPARISON_COLUMNS[4:]}}
    table = pd.DataFrame.from_dict(rows, orient="index")[COMPARISON_COLUMNS]
    table["n_params"] = table["n_params"].astype("Int64" if not_fitted else int)
    table = table.sort_values(["aic", "bic"], kind="stable", na_position="last")
    if unit is None:  # nothing converged: the split's unit (checked by the fits) is the table's
        unit = split.attrs.get("time_unit", time_unit)
    table.index.name = "model"
    durations = np.unique(split["duration_holdout"].to_numpy(dtype=float))
    table.attrs = {**recorded_window(split), "time_unit": unit,
                   **({"holdout_end": split.attrs["holdout_end"]} if "holdout_end" in split.attrs else {}),
                   "duration_holdout": float(durations[0]) if len(durations) == 1 else None,
                   "customers": int(len(split)), "sorted_by": "aic", "not_fitted": not_fitted}
    return table
