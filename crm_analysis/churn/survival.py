"""How long customers stay: Kaplan-Meier retention curves, log-rank tests and a Cox model.

A contractual customer's *tenure* is a survival time: churners' tenures are
observed lifetimes, current customers' tenures are *censored* (they will stay at
least that long).  Dropping the censored customers, or averaging tenures,
understates lifetimes.

**Kaplan-Meier** (Kaplan & Meier 1958).  With :math:`d_j` churners among the
:math:`n_j` customers still at risk at tenure :math:`t_j`,

.. math:: \\hat S(t) = \\prod_{t_j \\le t} \\left(1 - \\frac{d_j}{n_j}\\right)

is the share of customers retained beyond :math:`t` (Greenwood's variance,
log(-log) confidence band as in lifelines).  The **median lifetime** is the first
tenure where :math:`\\hat S` drops to 0.5 or below (``inf`` when it never does).

**Log-rank test** (Mantel 1966; Peto & Peto 1972): are the segments' retention
curves equal?  Chi-square with (segments - 1) degrees of freedom.

**Cox proportional hazards** (Cox 1972): the churn hazard of customer :math:`i`
is :math:`h_i(t) = h_0(t)\\exp(x_i^\\top\\beta)`; :math:`\\exp(\\beta_j)` is the
*hazard ratio* of covariate :math:`j` (1.5: 50 % higher churn rate at every
tenure).  Estimated by partial likelihood with lifelines' ``CoxPHFitter``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from lifelines import CoxPHFitter, KaplanMeierFitter
from lifelines.statistics import multivariate_logrank_test
from lifelines.utils import median_survival_times
from scipy import stats

from ..base import CRMEstimator
from ..exceptions import CRMDataError
from ..validation import check_columns, check_not_empty, offending_rows, to_numeric_column
from .labels import _is_churn_label, _is_stay_label, churn_labels
from .leakage import warn_and_drop_leaking

__all__ = ["RetentionCurves", "kaplan_meier_by_segment", "CoxChurnModel", "event_indicator", "retention_summary",
           "retention_horizons", "STANDARD_HORIZONS", "MIN_OBSERVED_SHARE", "retention_differs", "has_tenure", "LOGRANK_ALPHA",
           "with_tenure"]


def event_indicator(series: pd.Series, *, name: str = "event") -> np.ndarray:
    """0/1 churn indicator from 0/1, bool or text labels; a single class is allowed (all censored / all churned).

    The rules of :func:`~crm_analysis.churn.labels.churn_labels` apply: a
    missing label, a third value or a label that reads neither as churn nor as
    staying (``"maybe"``) is a ``CRMDataError`` naming the rows, never a
    censored customer.
    """
    labels = pd.unique(series.dropna())
    if len(labels) == 1 and not series.isna().any():
        label = labels[0]
        if _is_churn_label(label):
            return np.ones(len(series), dtype=int)
        if _is_stay_label(label):
            return np.zeros(len(series), dtype=int)
        raise CRMDataError(f"{name} holds the single label {label!r}, which reads neither as churn nor as staying, in "
                           f"{offending_rows(np.ones(len(series), bool), series.index)}; use 0/1 or True/False")
    return churn_labels(series, name=name)[0]


def _survival_inputs(data: pd.DataFrame, duration_col: str, event_col: str, extra=()):
    check_columns(data, [duration_col, event_col, *extra], name="customers")
    check_not_empty(data, name="customers")
    duration = to_numeric_column(data, duration_col, name="customers")
    negative = duration < 0
    if negative.any():
        raise CRMDataError(f"column '{duration_col}' of customers must be non-negative in "
                           f"{offending_rows(negative, data.index)}")
    return duration, event_indicator(data[event_col], name=f"column '{event_col}'")


# --------------------------------------------------------------------------- Kaplan-Meier
@dataclass(frozen=True)
class RetentionCurves:
    """Result of :func:`kaplan_meier_by_segment`.

    ``curves``: long table with ``segment, tenure, at_risk, churned, censored,
    retained, ci_lower, ci_upper``.  ``medians``: one row per segment with
    ``n_customers, n_churned, median_lifetime, median_ci_lower, median_ci_upper``.
    ``logrank``: ``statistic, df, p_value`` of the multivariate log-rank test
    (``None`` for a single segment).
    """

    curves: pd.DataFrame
    medians: pd.DataFrame
    logrank: pd.Series | None

    def retained_at(self, tenure: float) -> pd.Series:
        """Share retained beyond ``tenure`` in each segment (step function read-off)."""
        out = {}
        for segment, curve in self.curves.groupby("segment", sort=False):
            before = curve[curve["tenure"] <= tenure]
            out[segment] = before["retained"].iloc[-1] if len(before) else 1.0
        return pd.Series(out, name=f"retained_at_{tenure:g}")

    def plot(self, ax=None, *, ci: bool = True):
        """Retention curves, one step line per segment (see :func:`crm_analysis.churn.plots.plot_retention_curves`)."""
        from .plots import plot_retention_curves

        return plot_retention_curves(self, ax=ax, ci=ci)


#: significance level of the log-rank test as the reports word it: a p-value below it reads "retention differs
#: between the groups", above it "the data do not show a difference" (the conventional 5 %)
LOGRANK_ALPHA = 0.05


def retention_differs(curves: RetentionCurves, alpha: float = LOGRANK_ALPHA) -> bool | None:
    """Whether the log-rank test of ``curves`` rejects "every group keeps customers equally well" at ``alpha``;
    ``None`` for a single group (nothing to compare)."""
    if curves.logrank is None:
        return None
    return bool(curves.logrank["p_value"] < alpha)


def has_tenure(data: pd.DataFrame, duration_col: str = "tenure") -> bool:
    """Whether ``data`` can give survival curves: a ``duration_col`` column with a value for every customer."""
    return duration_col in data.columns and bool(data[duration_col].notna().all()) and len(data) > 0


def with_tenure(data: pd.DataFrame, duration_col: str = "tenure") -> pd.DataFrame:
    """The rows of ``data`` whose ``duration_col`` is known (a copy; ``attrs`` kept, ``data`` not modified).

    Survival curves can only be drawn on customers whose tenure is known: a
    table where only some customers have one gives curves on those, and the
    page states how many were left out (``len(data) - len(with_tenure(data))``).
    Without the column, or with no known tenure at all, the result is empty.
    """
    if duration_col not in data.columns:
        out = data.iloc[0:0].copy()
    else:
        out = data.loc[data[duration_col].notna()].copy()
    out.attrs = dict(data.attrs)
    return out


#: retention horizons in months (1, 2 and 4 years) shown when the observed tenures reach them
STANDARD_HORIZONS = (12, 24, 48)

MIN_OBSERVED_SHARE = 0.1
"""A chosen retention horizon must be reached by at least this share of the customers (tenure at or beyond it).

Past the tenure that only the last few customers reach, the Kaplan-Meier curve
rests on a handful of customers and drops in big steps (one churner among three
still observed takes a third off): a read-off there says more about those few
than about the group.  With 10 % of customers still observed, a group of 40
keeps about 4 customers there, the fewest that still make a step of at most a
quarter.  Horizons the reader sets (``at=``) are only cut at the longest tenure.
"""


def retention_horizons(reach_months: float, at=None, *, longest_months: float | None = None) -> tuple:
    """The tenures (in **months**) at which retention is read off.

    ``reach_months`` is the longest tenure that at least
    :data:`MIN_OBSERVED_SHARE` of the customers reach (months), ``longest_months``
    the longest observed (default ``reach_months``).  ``at`` (months) is kept as
    given, less the horizons beyond ``longest_months`` (nothing was observed
    there).  ``at=None`` chooses: the :data:`STANDARD_HORIZONS` 12, 24 and 48
    months within ``reach_months`` when at least two are; otherwise (a shorter
    history) a quarter, a half and three quarters of ``reach_months``, rounded
    to whole months (at least 1, duplicates dropped), so that every read-off
    falls where enough customers were observed.  E.g. reach 70 months:
    (12, 24, 48); 30 months: (12, 24); 10 months: (2, 5, 8) (2.5 rounds to 2,
    round-half-even); under two months: (1,) or ().
    """
    longest = reach_months if longest_months is None else longest_months
    if at is not None:
        return tuple(t for t in at if t <= longest)
    standard = tuple(t for t in STANDARD_HORIZONS if t <= reach_months)
    if len(standard) >= 2:
        return standard
    chosen = []
    for q in (0.25, 0.5, 0.75):
        t = int(round(q * reach_months))
        if t >= 1 and t not in chosen:
            chosen.append(t)
    return tuple(chosen)


def _reach(curves: RetentionCurves, share: float) -> float:
    """The longest tenure (curves' unit) that at least ``share`` of all customers reach (tenure >= it)."""
    n_total = float(curves.medians["n_customers"].sum())
    rows = curves.curves.sort_values(["segment", "tenure"])
    times = np.sort(rows["tenure"].unique())
    for t in times[::-1]:
        at_risk = 0.0
        for _segment, curve in rows.groupby("segment", sort=False):
            later = curve[curve["tenure"] >= t]
            at_risk += float(later["at_risk"].iloc[0]) if len(later) else 0.0
        if at_risk >= share * n_total:
            return float(t)
    return float(times[0]) if len(times) else 0.0


def retention_summary(curves: RetentionCurves, at=None, *, tenure_unit: str | None = "months") -> pd.DataFrame:
    """Kaplan-Meier read-offs per segment, as numbers, with every time in **months**.

    ``tenure_unit`` is the unit of the curves' tenure (``"days"``, ``"weeks"``,
    ``"months"``, ``"years"``; ``None`` is taken as months, the unit of a table
    that records none).  ``at`` are the horizons in months (``None``: chosen by
    :func:`retention_horizons` from the tenures that at least
    :data:`MIN_OBSERVED_SHARE` of the customers reach); each is converted to the
    tenure's unit with :mod:`crm_analysis.timegrid`'s unit table (a month is
    365.25/12 = 30.4375 days), so 12 months of a days tenure are read at
    365.25 days.

    One row per segment: ``customers`` (count), ``retained_<t>`` (share 0-1
    retained beyond ``t`` months), ``median_lifetime`` (months; ``inf`` when the
    curve never falls to one half) and ``longest`` (the longest tenure observed,
    months: an unreached median is "more than" this).  Horizons beyond
    ``longest`` are dropped (nothing was observed there).
    """
    from ..timegrid import convert_duration

    unit = tenure_unit or "months"
    to_months = convert_duration(1.0, unit, "M")
    medians = curves.medians
    longest = float(curves.curves["tenure"].max()) * to_months
    reach = _reach(curves, MIN_OBSERVED_SHARE) * to_months
    table = pd.DataFrame(index=medians.index)
    table["customers"] = medians["n_customers"].astype(int)
    for t in retention_horizons(reach, at, longest_months=longest):
        table[f"retained_{t:g}"] = curves.retained_at(convert_duration(t, "M", unit)).reindex(table.index).astype(float)
    table["median_lifetime"] = medians["median_lifetime"].astype(float) * to_months
    table["longest"] = longest
    table.attrs["time_unit"] = "months"
    return table


def kaplan_meier_by_segment(data: pd.DataFrame, *, duration_col: str = "tenure", event_col: str = "churn",
                            segment_col: str | None = None, ci_level: float = 0.95) -> RetentionCurves:
    """Kaplan-Meier retention curve per segment, median lifetimes and a log-rank test.

    Parameters
    ----------
    data : DataFrame
        One row per customer.
    duration_col : str
        Tenure (e.g. months) - time to churn for churners, time so far for the others.
    event_col : str
        Churn indicator (0/1, bool or "Yes"/"No"...).
    segment_col : str, optional
        Column defining the segments (e.g. ``"contract"``); ``None`` for one curve.
    ci_level : float
        Level of the pointwise bands and of the median's interval.
    """
    extra = [segment_col] if segment_col else []
    duration, event = _survival_inputs(data, duration_col, event_col, extra)
    if segment_col:
        missing = data[segment_col].isna()
        if missing.any():
            raise CRMDataError(f"column '{segment_col}' of customers has missing segments in "
                               f"{offending_rows(missing, data.index)}")
        segments = data[segment_col].to_numpy()
    else:
        segments = np.full(len(data), "all customers", dtype=object)
    curves, medians = [], []
    for segment in pd.unique(segments):
        mask = segments == segment
        curve, median = _kaplan_meier(duration[mask], event[mask], segment, ci_level)
        curves.append(curve)
        medians.append(median)
    medians = pd.DataFrame(medians).set_index("segment")
    logrank = None
    if medians.shape[0] > 1:
        test = multivariate_logrank_test(duration.to_numpy(), segments, event)
        logrank = pd.Series({"statistic": test.test_statistic, "df": test.degrees_of_freedom,
                             "p_value": test.p_value}, name="logrank")
    return RetentionCurves(pd.concat(curves, ignore_index=True), medians, logrank)


def _kaplan_meier(duration: pd.Series, event: np.ndarray, segment, ci_level: float):
    kmf = KaplanMeierFitter(alpha=1 - ci_level).fit(duration.to_numpy(), event, label="retained")
    table = kmf.event_table
    band = kmf.confidence_interval_
    curve = pd.DataFrame({
        "segment": segment,
        "tenure": table.index.to_numpy(),
        "at_risk": table["at_risk"].to_numpy(),
        "churned": table["observed"].to_numpy(),
        "censored": table["censored"].to_numpy(),
        "retained": kmf.survival_function_["retained"].to_numpy(),
        "ci_lower": band.iloc[:, 0].to_numpy(),
        "ci_upper": band.iloc[:, 1].to_numpy(),
    })
    median_band = median_survival_times(band)
    median = {"segment": segment, "n_customers": len(duration), "n_churned": int(event.sum()),
              "median_lifetime": float(kmf.median_survival_time_),
              "median_ci_lower": float(median_band.iloc[0, 0]), "median_ci_upper": float(median_band.iloc[0, 1])}
    return curve, median


# --------------------------------------------------------------------------- Cox model
class CoxChurnModel(CRMEstimator):
    """Cox proportional-hazards model of churn with hazard ratios in the house summary format.

    Parameters
    ----------
    penalizer : float
        L2 penalty on the coefficients (lifelines' ``penalizer``); 0 is plain
        partial likelihood.  A small value (0.01) helps with separated data.
    ci_level : float, default 0.95
        Level of the hazard-ratio intervals of :meth:`summary` (strictly
        between 0 and 1; checked where it is used); ``summary(ci_level=...)``
        overrides it for that call.
    random_state : None, int or numpy Generator, default None
        Seed of every random step of the model.  The partial-likelihood fit is
        deterministic, so it is a setting of the package-wide rule (every
        estimator has one) that no current method draws from.

    Attributes
    ----------
    params_ : Series
        Log hazard ratios :math:`\\hat\\beta`, indexed by covariate (categories as
        ``column_level`` dummies against the first level).
    standard_errors_ : Series
        Standard errors of :math:`\\hat\\beta`.
    covariate_means_ : Series
        Means at which the baseline hazard is centred (as in lifelines).
    baseline_cumulative_hazard_ : Series
        :math:`\\hat H_0(t)` (Breslow) indexed by tenure.
    log_likelihood_, concordance_ : float
        Partial log-likelihood and Harrell's concordance index on the training data.
    """

    _fitted_attribute = "params_"

    def __init__(self, penalizer: float = 0.0, ci_level: float = 0.95, random_state=None):
        self.penalizer = penalizer
        self.ci_level = ci_level
        self.random_state = random_state

    def fit(self, data: pd.DataFrame, *, duration_col: str = "tenure", event_col: str = "churn",
            covariates=None):
        """Fit on a customer table; ``covariates`` defaults to every other column. Returns ``self``.

        Identifier and date columns among the covariates are excluded with a
        :class:`~crm_analysis.churn.leakage.LeakageWarning` (rule:
        :func:`~crm_analysis.churn.leakage.leaking_columns`): an id would get
        one dummy per customer, a date would enter as nanoseconds.
        """
        covariates = [c for c in data.columns if c not in (duration_col, event_col)] if covariates is None \
            else list(covariates)
        if not covariates:
            raise CRMDataError("the Cox model needs at least one covariate column")
        duration, event = _survival_inputs(data, duration_col, event_col, covariates)
        kept, excluded = warn_and_drop_leaking(data[covariates], name="the covariates")
        if kept.shape[1] == 0:
            raise CRMDataError(f"the Cox model has no usable covariate: every one was excluded as leaking "
                               f"({list(excluded)})")
        design = self._design(kept, fit=True)
        frame = design.assign(_duration=duration.to_numpy(), _event=event)
        # lifelines' own intervals are not used (summary() computes them at any level), so the fit
        # does not depend on ci_level
        fitter = CoxPHFitter(penalizer=self.penalizer)
        fitter.fit(frame, duration_col="_duration", event_col="_event")
        self.params_ = fitter.params_.rename_axis("covariate")
        self.standard_errors_ = fitter.standard_errors_.rename_axis("covariate")
        self.covariate_means_ = fitter._model._norm_mean.rename_axis("covariate")
        self.baseline_cumulative_hazard_ = fitter.baseline_cumulative_hazard_.iloc[:, 0].rename_axis("tenure")
        self.log_likelihood_ = float(fitter.log_likelihood_)
        self.concordance_ = float(fitter.concordance_index_)
        return self

    def _design(self, X: pd.DataFrame, fit: bool = False) -> pd.DataFrame:
        """Numeric columns as they are; categorical ones as dummies against their first level."""
        out = {}
        if fit:
            self.covariates_ = list(X.columns)
            self.levels_ = {c: sorted(X[c].dropna().astype(str).unique()) for c in X.columns
                            if not pd.api.types.is_numeric_dtype(X[c])}
        missing = [c for c in self.covariates_ if c not in X.columns]
        if missing:
            raise CRMDataError(f"customers are missing covariate column(s) {missing}")
        for col in self.covariates_:
            gaps = X[col].isna()
            if gaps.any():
                raise CRMDataError(f"column '{col}' of customers has missing values in "
                                   f"{offending_rows(gaps, X.index)}: impute or drop them before a Cox fit")
            if col in self.levels_:
                text = X[col].astype(str)
                unknown = ~text.isin(self.levels_[col])
                if unknown.any():
                    raise CRMDataError(f"column '{col}' has levels not seen in fit, such as "
                                       f"{list(text[unknown].unique()[:3])}, in {offending_rows(unknown, X.index)}")
                for level in self.levels_[col][1:]:
                    out[f"{col}_{level}"] = (text == level).astype(float).to_numpy()
            else:
                out[col] = to_numeric_column(X, col, name="customers").to_numpy()
        return pd.DataFrame(out, index=X.index)

    def summary(self, ci_level: float | None = None) -> pd.DataFrame:
        """Hazard ratios: ``estimate`` = :math:`e^{\\hat\\beta}`, ``std_err`` by the delta method,
        interval :math:`e^{\\hat\\beta \\pm z\\,\\text{se}}`, Wald ``statistic`` :math:`\\hat\\beta/\\text{se}` and ``p_value``.

        ``ci_level`` is the level of the intervals (``None``: the model's ``ci_level``).
        """
        self._check_fitted()
        level = self.ci_level if ci_level is None else ci_level
        if not 0 < level < 1:
            raise ValueError(f"ci_level must lie strictly between 0 and 1, got {level}")
        z = stats.norm.ppf(0.5 + level / 2)
        beta, se = self.params_, self.standard_errors_
        table = pd.DataFrame({
            "estimate": np.exp(beta),
            "std_err": np.exp(beta) * se,
            "ci_lower": np.exp(beta - z * se),
            "ci_upper": np.exp(beta + z * se),
            "statistic": beta / se,
        })
        table["p_value"] = 2 * stats.norm.sf(table["statistic"].abs())
        table.index.name = "covariate"
        return table

    def predict_partial_hazard(self, X: pd.DataFrame) -> pd.Series:
        """Relative churn hazard :math:`\\exp\\{(x_i - \\bar x)^\\top\\hat\\beta\\}` (1 = an average customer)."""
        self._check_fitted()
        design = self._design(X)[self.params_.index]
        return pd.Series(np.exp((design - self.covariate_means_) @ self.params_), index=X.index,
                         name="partial_hazard")

    def predict_survival(self, X: pd.DataFrame, times=None) -> pd.DataFrame:
        """:math:`S_i(t) = \\exp\\{-\\hat H_0(t)\\,\\text{partial hazard}_i\\}`: rows are times, columns customers."""
        hazard = self.predict_partial_hazard(X)
        base = self.baseline_cumulative_hazard_
        if times is not None:
            times = np.atleast_1d(np.asarray(times, dtype=float))
            steps = np.searchsorted(base.index.to_numpy(), times, side="right") - 1
            values = np.where(steps >= 0, base.to_numpy()[np.clip(steps, 0, None)], 0.0)
            base = pd.Series(values, index=pd.Index(times, name="tenure"))
        return pd.DataFrame(np.exp(-np.outer(base.to_numpy(), hazard.to_numpy())), index=base.index,
                            columns=X.index)

    def predict_median_lifetime(self, X: pd.DataFrame) -> pd.Series:
        """First tenure at which the predicted retention falls to 0.5 or below (``inf`` if never)."""
        survival = self.predict_survival(X)
        below = survival.to_numpy() <= 0.5
        first = np.where(below.any(axis=0), survival.index.to_numpy()[below.argmax(axis=0)], np.inf)
        return pd.Series(first, index=X.index, name="median_lifetime")
