"""Regressions of loyalty on satisfaction and its drivers: OLS, ordered logit and logit.

``SatisfactionLoyaltyModel(kind=...)`` wraps statsmodels:

* ``"ols"`` -- a loyalty *score* (e.g. mean of loyalty items):
  :math:`y = \\beta_0 + x^\\top\\beta + \\varepsilon`, with heteroskedasticity-robust
  HC3 standard errors (MacKinnon & White 1985) when ``robust=True``;
* ``"ordinal"`` -- a single Likert loyalty answer (1..K): the proportional-odds
  (ordered logit) model :math:`P(y \\le k \\mid x) = \\Lambda(\\tau_k - x^\\top\\beta)`
  (McCullagh 1980), statsmodels' ``OrderedModel``; no intercept (the
  thresholds :math:`\\tau_k` take its place).  statsmodels parameterises the
  thresholds as :math:`\\tau_1` followed by :math:`\\log(\\tau_k-\\tau_{k-1})`,
  and the summary shows them that way (rows named ``"1/2"``, ``"2/3"`` ...);
* ``"logit"`` -- repurchase / churn yes-no: :math:`P(y=1\\mid x)=\\Lambda(\\beta_0+x^\\top\\beta)`.
  When the outcome is perfectly (or quasi-completely) separated by the
  predictors the maximum-likelihood estimate does not exist; the model then
  warns and fits Firth's penalised likelihood instead (Firth 1993; Heinze &
  Schemper 2002), which always has a finite solution.

For logit and ordered logit, ``robust=True`` uses the sandwich (HC0) covariance.

Average marginal effects (``marginal_effects_``) say how much the outcome
(OLS: the score; logit: the probability; ordinal: the expected rating
:math:`\\sum_k k\\,P(y=k)`) changes per unit of a predictor, averaged over
respondents; their standard errors come from the delta method.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import special

from ..base import CRMEstimator, summary_table
from ..exceptions import ConvergenceWarning, CRMDataError, DataExclusionWarning
from ..validation import caller_stacklevel, missing_per_item, offending_rows, survey_items

__all__ = ["SatisfactionLoyaltyModel", "firth_logit"]

KINDS = ("ols", "ordinal", "logit")


def _design(X, name: str = "X") -> pd.DataFrame:
    """Numeric predictors, each checked against the rating scale declared with ``X`` (or for missing codes)."""
    if isinstance(X, pd.Series):
        attrs = dict(X.attrs)
        X = X.to_frame(X.name if X.name is not None else "x")
        X.attrs = attrs
    if not isinstance(X, pd.DataFrame):
        raise CRMDataError(f"{name} must be a pandas DataFrame (or Series) of predictors, got {type(X).__name__}")
    if X.shape[1] == 0:
        raise CRMDataError(f"{name} has no predictor columns")
    return survey_items(X, list(X.columns), name=name)


def firth_logit(X: np.ndarray, y: np.ndarray, *, max_iter: int = 100, tol: float = 1e-8):
    """Firth's bias-reduced logistic regression (penalty: half the log-determinant of the information).

    Newton iterations on the modified score
    :math:`U^*(\\beta) = X^\\top\\bigl(y - p + h\\,(\\tfrac12 - p)\\bigr)`, with
    :math:`h` the diagonal of the hat matrix :math:`W^{1/2}X(X^\\top WX)^{-1}X^\\top W^{1/2}`.
    Returns ``(beta, covariance, converged)``; the covariance is the inverse
    Fisher information at the solution.
    """
    beta = np.zeros(X.shape[1])
    converged = False
    for _ in range(max_iter):
        p = special.expit(X @ beta)
        w = p * (1 - p)
        info = X.T @ (X * w[:, None])
        cov = np.linalg.inv(info)
        h = np.einsum("ij,jk,ik->i", X, cov, X) * w
        score = X.T @ (y - p + h * (0.5 - p))
        step = cov @ score
        # halve overly long steps: the penalised likelihood is concave but Newton can overshoot
        step *= min(1.0, 5.0 / max(np.abs(step).max(), 1e-12))
        beta = beta + step
        if np.abs(step).max() < tol:
            converged = True
            break
    p = special.expit(X @ beta)
    cov = np.linalg.inv(X.T @ (X * (p * (1 - p))[:, None]))
    return beta, cov, converged


class SatisfactionLoyaltyModel(CRMEstimator):
    """Loyalty (score, Likert answer or repurchase) regressed on satisfaction and drivers.

    Parameters
    ----------
    kind : {"ols", "ordinal", "logit"}, default "ols"
    robust : bool, default True
        HC3 (OLS) or sandwich HC0 (logit, ordinal) standard errors.
    ci_level : float, default 0.95
        Level of the Wald intervals of :meth:`summary`, :meth:`marginal_effects`
        and ``marginal_effects_`` (strictly between 0 and 1; checked where it is
        used); the methods' own ``ci_level=`` overrides it for that call.
    random_state : None, int or numpy Generator, default None
        Seed of every random step of the model.  The fits (statsmodels, Firth)
        are deterministic, so it is a setting of the package-wide rule (every
        estimator has one) that no current method draws from.

    Attributes (after ``fit``)
    --------------------------
    params_ : Series; cov_params_ : DataFrame; n_obs_ : int
    log_likelihood_, aic_, bic_ : float
    categories_ : array of outcome categories (ordinal)
    penalized_ : bool -- True when a Firth fit replaced a separated logit
    marginal_effects_ : DataFrame (estimate, std_err, ci_lower, ci_upper, statistic, p_value), intervals at
        the model's ``ci_level`` (:meth:`marginal_effects` gives another level)
    marginal_effects_covariance_ : DataFrame -- delta-method covariance of the average marginal effects
    """

    _fitted_attribute = "params_"

    def __init__(self, kind: str = "ols", robust: bool = True, ci_level: float = 0.95, random_state=None):
        self.kind = kind
        self.robust = robust
        self.ci_level = ci_level
        self.random_state = random_state

    # ------------------------------------------------------------------ fit
    def fit(self, X, y) -> "SatisfactionLoyaltyModel":
        """Fit on predictors ``X`` (DataFrame) and outcome ``y`` (Series aligned with X).

        Rows with a missing predictor or outcome are excluded with a
        :class:`DataExclusionWarning` that counts them per column; ``n_obs_``
        is the number of respondents used.  Predictors and outcome are checked
        against the rating scale declared with the survey they come from (an
        answer outside it is an error naming the rows); without a declared
        scale, values that look like missing-answer codes (-99, 99, ...) are an
        error, since they would enter the regression as answers.
        """
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")
        Xd = _design(X)
        y = pd.Series(y, index=Xd.index) if not isinstance(y, pd.Series) else y
        if not y.index.equals(Xd.index):
            raise CRMDataError("X and y must have the same index (one row per respondent)")
        y_name = y.name if y.name is not None else "y"
        yv = survey_items(y.rename(y_name), name="y").iloc[:, 0]
        gaps = Xd.isna().any(axis=1) | yv.isna()
        if gaps.any():
            per_column = missing_per_item(Xd.assign(**{f"{y_name} (outcome)": yv}))
            warnings.warn(f"{int(gaps.sum())} of {len(Xd)} respondents excluded for missing values "
                          f"({len(Xd) - int(gaps.sum())} used; missing per column: {per_column}; "
                          f"{offending_rows(gaps, Xd.index)})", DataExclusionWarning, stacklevel=caller_stacklevel())
            Xd, yv = Xd.loc[~gaps], yv.loc[~gaps]
        self._check_outcome(yv)
        if len(Xd) <= Xd.shape[1] + 1:
            raise CRMDataError(f"{len(Xd)} rows are too few for {Xd.shape[1]} predictors")
        constant = Xd.columns[Xd.std() == 0]
        if len(constant):
            raise CRMDataError(f"predictor column(s) {list(constant)} are constant")
        self.feature_names_in_ = np.asarray(Xd.columns, dtype=object)
        self.penalized_ = False
        getattr(self, f"_fit_{self.kind}")(Xd, yv)
        self.n_obs_ = len(Xd)
        estimate, cov = self._marginal_effects(Xd)
        names = list(self.feature_names_in_)
        self.marginal_effects_covariance_ = pd.DataFrame(cov, index=names, columns=names)
        self.marginal_effects_ = summary_table(estimate, np.sqrt(np.diag(cov)), ci_level=self.ci_level,
                                               index=pd.Index(names))
        return self

    def _check_outcome(self, y: pd.Series) -> None:
        if self.kind == "logit":
            bad = ~y.isin([0, 1])
            if bad.any():
                raise CRMDataError(f"a logit outcome must be 0/1; other values in {offending_rows(bad, y.index)}")
        if self.kind == "ordinal":
            bad = y != np.round(y)
            if bad.any():
                raise CRMDataError(f"an ordinal outcome must hold whole-number ratings; {offending_rows(bad, y.index)}")
        if y.nunique() < 2:
            raise CRMDataError("the outcome is constant: every respondent has the same value")

    def _fit_ols(self, X, y):
        import statsmodels.api as sm

        result = sm.OLS(y, sm.add_constant(X, has_constant="add")).fit(cov_type="HC3" if self.robust else "nonrobust")
        self._store(result)

    def _fit_logit(self, X, y):
        import statsmodels.api as sm

        design = sm.add_constant(X, has_constant="add")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                result = sm.Logit(y, design).fit(disp=False, maxiter=200, cov_type="HC0" if self.robust else "nonrobust")
                separated = _looks_separated(result, design, y, caught)
            except Exception as exc:  # statsmodels < 0.14 raised PerfectSeparationError; singular Hessians too
                if "separation" not in str(exc).lower() and "singular" not in str(exc).lower():
                    raise
                separated = True
        if not separated:
            self._store(result)
            return
        warnings.warn("perfect (or quasi-complete) separation: some predictor values determine the outcome, so "
                      "the maximum-likelihood logit has no finite solution; fitted Firth's penalised logit "
                      "instead (penalized_=True)", ConvergenceWarning, stacklevel=3)
        beta, cov, converged = firth_logit(design.to_numpy(float), y.to_numpy(float))
        if not converged:
            warnings.warn("Firth penalised logit did not converge", ConvergenceWarning, stacklevel=3)
        names = list(design.columns)
        self.params_ = pd.Series(beta, index=names)
        self.cov_params_ = pd.DataFrame(cov, index=names, columns=names)
        eta = design.to_numpy(float) @ beta
        # log P(observed outcome) = -log(1 + exp(-eta)) for y = 1 and -log(1 + exp(eta)) for y = 0
        self.log_likelihood_ = float(-np.sum(np.logaddexp(0, np.where(y.to_numpy() == 1, -eta, eta))))
        self._information_criteria(len(y))
        self.penalized_ = True

    def _fit_ordinal(self, X, y):
        from statsmodels.miscmodels.ordinal_model import OrderedModel

        y = y.astype(int)
        self.categories_ = np.sort(y.unique())
        outcome = pd.Series(pd.Categorical(y, categories=self.categories_, ordered=True), index=y.index)
        model = OrderedModel(outcome, X, distr="logit")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = model.fit(method="bfgs", disp=False, maxiter=2000, cov_type="HC0" if self.robust else "nonrobust")
        if not result.mle_retvals.get("converged", True) or any("converge" in str(w.message) for w in caught):
            warnings.warn("ordered logit did not converge (separation or too few answers in a category?)",
                          ConvergenceWarning, stacklevel=3)
        self._store(result)

    def _store(self, result) -> None:
        self.params_ = result.params.copy()
        self.cov_params_ = result.cov_params().copy()
        self.log_likelihood_ = float(result.llf)
        self._information_criteria(int(result.nobs))

    def _information_criteria(self, n: int) -> None:
        k = len(self.params_)
        self.aic_ = -2 * self.log_likelihood_ + 2 * k
        self.bic_ = -2 * self.log_likelihood_ + np.log(n) * k

    # ------------------------------------------------------------------ predictions
    def _linear(self, X: pd.DataFrame, params: pd.Series) -> np.ndarray:
        names = list(self.feature_names_in_)
        value = X[names].to_numpy(float) @ params[names].to_numpy()
        return value + params.get("const", 0.0)

    def _thresholds(self, params: pd.Series) -> np.ndarray:
        raw = params.iloc[len(self.feature_names_in_):].to_numpy()
        cuts = np.concatenate([[raw[0]], raw[0] + np.cumsum(np.exp(raw[1:]))])
        return np.concatenate([[-np.inf], cuts, [np.inf]])

    def _probabilities(self, X: pd.DataFrame, params: pd.Series) -> np.ndarray:
        cuts = self._thresholds(params)
        eta = self._linear(X, params)[:, None]
        return np.diff(special.expit(cuts[None, :] - eta), axis=1)

    def _mean_outcome(self, X, params):
        if self.kind == "ols":
            return self._linear(X, params)
        if self.kind == "logit":
            return special.expit(self._linear(X, params))
        return self._probabilities(X, params) @ self.categories_.astype(float)

    def predict(self, X) -> pd.Series | pd.DataFrame:
        """OLS: fitted score; logit: P(y = 1); ordinal: DataFrame of category probabilities."""
        self._check_fitted()
        Xd = _design(X)
        missing = [c for c in self.feature_names_in_ if c not in Xd.columns]
        if missing:
            raise CRMDataError(f"X is missing predictor column(s) {missing}")
        if self.kind == "ordinal":
            return pd.DataFrame(self._probabilities(Xd, self.params_), index=Xd.index, columns=self.categories_)
        return pd.Series(self._mean_outcome(Xd, self.params_), index=Xd.index, name="prediction")

    # ------------------------------------------------------------------ reporting
    def summary(self, ci_level: float | None = None) -> pd.DataFrame:
        """estimate, std_err, ci_lower, ci_upper, statistic, p_value per parameter (Wald, normal reference).

        Intervals :math:`\\hat\\beta \\pm z_{(1+c)/2}\\,\\text{se}` at level ``ci_level`` (``None``: the model's).
        """
        self._check_fitted()
        level = self.ci_level if ci_level is None else ci_level
        se = np.sqrt(np.diag(self.cov_params_.to_numpy()))
        return summary_table(self.params_.to_numpy(), se, ci_level=level, index=self.params_.index)

    def marginal_effects(self, ci_level: float | None = None) -> pd.DataFrame:
        """Average marginal effects with delta-method standard errors and Wald intervals at ``ci_level``.

        The table of ``marginal_effects_`` (same estimates and standard
        errors) at another level; ``None`` is the model's ``ci_level``.
        """
        self._check_fitted()
        level = self.ci_level if ci_level is None else ci_level
        cov = self.marginal_effects_covariance_
        return summary_table(self.marginal_effects_["estimate"].to_numpy(), np.sqrt(np.diag(cov.to_numpy())),
                             ci_level=level, index=pd.Index(cov.index))

    def _marginal_effects(self, X: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Average marginal effects: mean over respondents of d E[y|x] / d x_j, and their delta-method covariance."""
        names = list(self.feature_names_in_)
        params = self.params_

        def ame(theta: np.ndarray) -> np.ndarray:
            p = pd.Series(theta, index=params.index)
            out = []
            for name in names:
                step = 1e-5 * max(1.0, float(X[name].abs().mean()))
                up = self._mean_outcome(X.assign(**{name: X[name] + step}), p)
                down = self._mean_outcome(X.assign(**{name: X[name] - step}), p)
                out.append(np.mean((up - down) / (2 * step)))
            return np.array(out)

        theta = params.to_numpy(float)
        estimate = ame(theta)
        jac = np.empty((len(names), len(theta)))
        for k in range(len(theta)):
            h = 1e-6 * max(1.0, abs(theta[k]))
            plus, minus = theta.copy(), theta.copy()
            plus[k] += h
            minus[k] -= h
            jac[:, k] = (ame(plus) - ame(minus)) / (2 * h)
        cov = jac @ self.cov_params_.to_numpy() @ jac.T
        return estimate, cov


def _looks_separated(result, design: pd.DataFrame, y: pd.Series, caught) -> bool:
    """Separation shows as fitted probabilities of exactly 0/1 together with runaway coefficients."""
    if any("separation" in str(w.message).lower() for w in caught):
        return True
    p = np.asarray(result.predict(design))
    perfect = np.abs(np.asarray(y) - p) < 1e-6
    scale = design.std().replace(0, 1.0)
    runaway = (np.abs(result.params * scale).drop("const", errors="ignore") > 10).any()
    unconverged = not result.mle_retvals.get("converged", True)
    return bool(perfect.any() and (runaway or unconverged))
