"""Judging churn models the way a retention manager would: ranking, calibration and money.

Accuracy is the wrong yardstick for churn: with 10 % churners, "nobody
churns" is 90 % accurate and worthless.  What matters is

* **ranking** - does the model put churners at the top of the call list?
  (ROC AUC, precision-recall AUC, the gains/lift table by decile);
* **calibration** - is a predicted 30 % really 30 %?  (Brier score, log loss,
  the calibration table); money calculations multiply probabilities, so they
  must be honest;
* **money** - the profit curve: contacting the top *k* customers with a
  retention offer of cost :math:`c` that keeps a would-be churner with
  probability :math:`s` yields the expected profit

  .. math:: \\pi_k = \\sum_{i \\in \\text{top } k} \\left( p_i\\, s\\, v_i - c \\right)

  where :math:`p_i` is the churn probability and :math:`v_i` the customer's
  value (CLV or a value column).  Every contacted customer costs :math:`c`;
  only churners can be saved (Neslin et al. 2006; Verbeke et al. 2012).

Labels and scores describe customers: when both are pandas Series they are
paired by index (customer id), so scores in another row order than the labels
still go to the right customers; Series whose indexes hold different customers
are an error (:func:`~crm_analysis.churn.labels.align_to`).  Arrays and lists
pair by position.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from scipy import stats
from sklearn.base import clone
from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, roc_auc_score
from sklearn.model_selection import StratifiedKFold

from ..exceptions import CRMDataError
from ..validation import offending_rows
from .labels import align_to, churn_labels, has_index
from .leakage import warn_and_drop_leaking
from .pipeline import MODELS, ChurnClassifier

__all__ = ["baseline_accuracy", "accuracy_table", "campaign_kpis", "auc_verdict", "AUC_VERDICTS", "ACTIONABLE_AUC", "model_is_actionable",
           "BROAD_CAMPAIGN_SHARE", "MIN_TARGETING_LIFT", "ranking_adds_little", "gains_table", "top_decile_lift", "calibration_table", "calibration_error", "profit_curve",
           "ProfitCurve", "evaluate_churn_models", "METRICS"]

#: metrics reported by :func:`evaluate_churn_models` (higher is better for the first two and the last)
METRICS = ("roc_auc", "pr_auc", "brier", "log_loss", "top_decile_lift")


def _labels_and_scores(y, score, score_name: str = "score"):
    """0/1 labels and float scores of the same customers.

    A score Series is paired with a label Series by index (customer id; see
    :func:`~crm_analysis.churn.labels.align_to`), otherwise by position.
    """
    if has_index(score) and not isinstance(score, pd.Series):
        raise CRMDataError(f"{score_name} must be one column of scores, got a table")
    score = align_to(score, y, name=score_name, reference_name="y")
    score_values = np.asarray(score, dtype=float).ravel()
    if len(score_values) != len(y):
        raise CRMDataError(f"y has {len(y)} labels but {score_name} has {len(score_values)} values")
    if not np.isfinite(score_values).all():
        bad = ~np.isfinite(score_values)
        where = (offending_rows(bad, y.index) if has_index(y) else
                 f"positions {list(np.flatnonzero(bad)[:5])}")
        raise CRMDataError(f"{score_name} has missing or infinite values at {where}")
    y01, _ = churn_labels(y)
    return y01, score_values


def _ranked_bins(score: np.ndarray, n_bins: int) -> list[np.ndarray]:
    """Positions sorted by descending score (ties keep input order), split into near-equal bins.

    When ``n`` is not a multiple of ``n_bins`` the first bins hold one customer more.
    """
    if not 1 <= n_bins <= len(score):
        raise CRMDataError(f"cannot split {len(score)} customers into {n_bins} bins")
    order = np.argsort(-score, kind="stable")
    return np.array_split(order, n_bins)


# --------------------------------------------------------------------------- ranking
def gains_table(y, score, n_bins: int = 10) -> pd.DataFrame:
    """Gains and lift by bin of customers ranked from highest to lowest score (deciles by default).

    Columns: ``n_customers``, ``n_churners``, ``churn_rate``, ``min_score``,
    ``max_score``, ``cumulative_share_customers``, ``gain`` (cumulative share of
    all churners captured down to this bin), ``lift`` (the bin's churn rate over
    the overall rate) and ``cumulative_lift`` (``gain / cumulative_share_customers``).
    Customers with tied scores share their group's churners (``n_churners`` may
    then be fractional): the expected table when ties are broken at random.
    A lift of 3 in the top decile means calling those customers finds three times
    as many churners as calling at random.
    """
    y01, score = _labels_and_scores(y, score)
    bins = _ranked_bins(score, n_bins)
    # tied scores carry no order: each tied customer counts the tie group's churn rate, which is the
    # expected count under random tie-breaking (a constant score then has lift 1 in every bin)
    shared = pd.Series(y01, dtype=float).groupby(score).transform("mean").to_numpy()
    n, total_churners = len(y01), y01.sum()
    table = pd.DataFrame({
        "n_customers": [len(b) for b in bins],
        "n_churners": [shared[b].sum() for b in bins],
        "min_score": [score[b].min() for b in bins],
        "max_score": [score[b].max() for b in bins],
    }, index=pd.RangeIndex(1, n_bins + 1, name="bin"))
    table["churn_rate"] = table["n_churners"] / table["n_customers"]
    table["cumulative_share_customers"] = table["n_customers"].cumsum() / n
    table["gain"] = table["n_churners"].cumsum() / total_churners
    table["lift"] = table["churn_rate"] / (total_churners / n)
    table["cumulative_lift"] = table["gain"] / table["cumulative_share_customers"]
    return table[["n_customers", "n_churners", "churn_rate", "min_score", "max_score",
                  "cumulative_share_customers", "gain", "lift", "cumulative_lift"]]


def top_decile_lift(y, score) -> float:
    """Churn rate among the 10 % highest scores divided by the overall churn rate (first row of :func:`gains_table`)."""
    return float(gains_table(y, score, n_bins=10)["lift"].iloc[0])


# --------------------------------------------------------------------------- calibration
def calibration_table(y, probability, n_bins: int = 10, *, strategy: str = "quantile",
                      ci_level: float = 0.95) -> pd.DataFrame:
    """Predicted against observed churn rate by bin of predicted probability.

    ``strategy="quantile"`` makes bins of (nearly) equal size along the ranked
    probabilities; ``"uniform"`` uses equal-width bins on [0, 1] (empty bins are
    left out).  ``ci_lower, ci_upper`` is the Wilson interval of the observed
    rate.  A well calibrated model has ``observed_rate`` close to
    ``mean_predicted`` in every bin.
    """
    y01, p = _labels_and_scores(y, probability, "probability")
    if ((p < 0) | (p > 1)).any():
        raise CRMDataError("probability must lie in [0, 1]")
    if strategy == "quantile":
        bins = _ranked_bins(-p, n_bins)  # ascending probability
    elif strategy == "uniform":
        edges = np.linspace(0, 1, n_bins + 1)
        which = np.clip(np.digitize(p, edges[1:-1], right=False), 0, n_bins - 1)
        bins = [np.flatnonzero(which == b) for b in range(n_bins)]
        bins = [b for b in bins if len(b)]
    else:
        raise ValueError(f"strategy must be 'quantile' or 'uniform', got {strategy!r}")
    counts = np.array([len(b) for b in bins])
    churners = np.array([y01[b].sum() for b in bins])
    lower, upper = _wilson_interval(churners, counts, ci_level)
    table = pd.DataFrame({
        "n_customers": counts,
        "mean_predicted": [p[b].mean() for b in bins],
        "observed_rate": churners / counts,
        "ci_lower": lower,
        "ci_upper": upper,
    }, index=pd.RangeIndex(1, len(bins) + 1, name="bin"))
    table["difference"] = table["observed_rate"] - table["mean_predicted"]
    return table


def calibration_error(y, probability, n_bins: int = 10) -> float:
    """Expected calibration error: :math:`\\sum_b (n_b/n)\\,|\\bar y_b - \\bar p_b|` over quantile bins."""
    table = calibration_table(y, probability, n_bins)
    return float((table["n_customers"] * table["difference"].abs()).sum() / table["n_customers"].sum())


def _wilson_interval(successes, trials, ci_level):
    z = stats.norm.ppf(0.5 + ci_level / 2)
    rate = successes / trials
    centre = (rate + z**2 / (2 * trials)) / (1 + z**2 / trials)
    half = z * np.sqrt(rate * (1 - rate) / trials + z**2 / (4 * trials**2)) / (1 + z**2 / trials)
    return centre - half, centre + half


# --------------------------------------------------------------------------- money
@dataclass(frozen=True)
class ProfitCurve:
    """Result of :func:`profit_curve`: the whole curve and the best place to stop calling."""

    table: pd.DataFrame
    #: the customers in contact order (``table`` row k adds ``order[k-1]``); ``None`` when built by hand
    order: pd.Index | None = None

    def contacted(self, k: int | None = None) -> pd.Index:
        """The first ``k`` customers in contact order (default: the best campaign's ``n_contacted``).

        These are exactly the customers whose gains and costs make up row ``k``
        of ``table``, so a contact list built from them matches the campaign's
        numbers (``len(curve.contacted()) == campaign_kpis(curve)["customers_to_contact"]``).
        """
        if self.order is None:
            raise CRMDataError("this profit curve records no contact order: build it with profit_curve()")
        k = int(self.best["n_contacted"]) if k is None else int(k)
        return self.order[:k]

    @property
    def best(self) -> pd.Series:
        """The row (number of customers contacted) with the highest expected profit."""
        return self.table.loc[self.table["expected_profit"].idxmax()]

    @property
    def best_share(self) -> float:
        return float(self.best["share_contacted"])

    @property
    def best_threshold(self) -> float:
        """Contact customers whose churn probability is at least this (``inf``: contact nobody)."""
        return float(self.best["threshold"])

    @property
    def best_profit(self) -> float:
        return float(self.best["expected_profit"])


def profit_curve(p_churn, value, *, offer_cost: float, success_rate: float, y=None,
                 rank_by: str = "p_churn") -> ProfitCurve:
    """Expected profit of a retention campaign that contacts the top *k* customers, for every *k*.

    .. math:: \\pi_k = \\sum_{i \\in \\text{top } k} \\left( p_i\\, s\\, v_i - c \\right)

    Parameters
    ----------
    p_churn : Series or array
        Churn probability of each customer (calibrated: the money depends on it).
    value : Series, array or float
        Value :math:`v_i` saved when a churner is retained (CLV, margin, ...).
        A Series is aligned on ``p_churn``'s index; a missing value is an error.
    offer_cost : float
        Cost :math:`c` of contacting one customer with the offer.
    success_rate : float
        Probability :math:`s` that the offer keeps a customer who would have churned.
    y : Series or array, optional
        Observed churn labels; adds ``realised_profit``
        :math:`\\sum_{\\text{top } k} (y_i s v_i - c)` (for a held-out test set).
        A Series is paired with a ``p_churn`` Series by customer id (same
        labels, any order; different labels are an error), an array by position.
    rank_by : {"p_churn", "expected_gain"}
        Order of contact: by churn probability (the usual call list) or by
        expected gain :math:`p_i s v_i` (best possible order when values differ).

    Returns
    -------
    ProfitCurve
        ``table`` has one row per ``n_contacted`` = 0..n with ``share_contacted``,
        ``threshold`` (lowest ``p_churn`` contacted; contact everyone at or above
        it, ``inf`` for nobody), ``expected_saved_value``, ``cost``,
        ``expected_profit`` (and ``realised_profit``).  ``best`` / ``best_share`` /
        ``best_threshold`` / ``best_profit`` give the maximum.
    """
    if not 0 <= success_rate <= 1:
        raise CRMDataError(f"success_rate must lie in [0, 1], got {success_rate}")
    if offer_cost < 0:
        raise CRMDataError(f"offer_cost must be non-negative, got {offer_cost}")
    p = p_churn if isinstance(p_churn, pd.Series) else pd.Series(np.asarray(p_churn, dtype=float))
    if ((p < 0) | (p > 1) | p.isna()).any():
        raise CRMDataError("p_churn must hold probabilities in [0, 1] without gaps")
    v = _aligned_value(value, p)
    gain = p.to_numpy() * success_rate * v
    if rank_by == "p_churn":
        order = np.argsort(-p.to_numpy(), kind="stable")
    elif rank_by == "expected_gain":
        order = np.argsort(-gain, kind="stable")
    else:
        raise ValueError(f"rank_by must be 'p_churn' or 'expected_gain', got {rank_by!r}")
    k = np.arange(len(p) + 1)
    saved = np.concatenate([[0.0], np.cumsum(gain[order])])
    table = pd.DataFrame({
        "n_contacted": k,
        "share_contacted": k / len(p),
        "threshold": np.concatenate([[np.inf], p.to_numpy()[order]]),
        "expected_saved_value": saved,
        "cost": k * float(offer_cost),
    })
    table["expected_profit"] = table["expected_saved_value"] - table["cost"]
    if y is not None:
        y = align_to(y, p_churn, name="y", reference_name="p_churn")
        y01, _ = _labels_and_scores(y, p.to_numpy(), "p_churn")
        realised = np.concatenate([[0.0], np.cumsum((y01 * success_rate * v)[order])])
        table["realised_profit"] = realised - table["cost"]
    return ProfitCurve(table, order=p.index[order])


def _aligned_value(value, p: pd.Series) -> np.ndarray:
    if np.isscalar(value):
        return np.full(len(p), float(value))
    if isinstance(value, pd.Series):
        missing = ~p.index.isin(value.index)
        if missing.any():
            raise CRMDataError(f"value has no entry for customers {list(p.index[missing][:5])} "
                               f"({int(missing.sum())} in total)")
        v = value.reindex(p.index).to_numpy(dtype=float)
    else:
        v = np.asarray(value, dtype=float).ravel()
        if len(v) != len(p):
            raise CRMDataError(f"value has {len(v)} entries but p_churn has {len(p)}")
    if np.isnan(v).any():
        raise CRMDataError(f"value is missing for customers {list(p.index[np.isnan(v)][:5])}")
    return v


# --------------------------------------------------------------------------- cross-validation
def evaluate_churn_models(X, y, models=MODELS, cv=5, random_state=0, *, n_jobs: int = 1,
                          return_predictions: bool = False):
    """Cross-validate churn models on the same folds and report ranking, calibration and lift.

    Parameters
    ----------
    X : DataFrame
        Customer table (mixed types and gaps allowed; see :class:`ChurnClassifier`).
        Identifier and date columns are excluded before any model sees them,
        with one :class:`~crm_analysis.churn.leakage.LeakageWarning` naming
        them (rule: :func:`~crm_analysis.churn.leakage.leaking_columns`).
    y : Series or array-like
        Churn labels (0/1, bool or text).  A Series is paired with ``X`` by
        index (customer id): the same labels in another order are reindexed to
        ``X``; different labels, duplicated labels or another length are a
        ``CRMDataError``.  An array pairs by position.
    models : sequence of names, or dict ``{name: estimator}``
        Names from ``("logistic", "random_forest", "gradient_boosting")`` become
        ``ChurnClassifier(model=name, random_state=random_state)``; any
        scikit-learn classifier with ``predict_proba`` can be passed in a dict.
    cv : int or splitter
        Number of stratified, shuffled folds (seeded by ``random_state``) or a
        scikit-learn splitter.
    n_jobs : int
        Folds fitted in parallel (joblib).
    return_predictions : bool
        Also return the out-of-fold P(churn) of every customer, one column per
        model (feed it to :func:`gains_table`, :func:`calibration_table`,
        :func:`profit_curve`).

    Returns
    -------
    DataFrame (or ``(DataFrame, DataFrame)``)
        Indexed by ``model``: the mean over folds of ``roc_auc, pr_auc, brier,
        log_loss, top_decile_lift``, each followed by its standard deviation
        across folds (``*_std``), and ``n_folds``.
    """
    y = align_to(y, X, name="y", reference_name="X")
    X = X if isinstance(X, pd.DataFrame) else pd.DataFrame(np.asarray(X))
    y01, _ = churn_labels(y)
    X, _ = warn_and_drop_leaking(X)
    estimators = _resolve_models(models, random_state)
    splitter = StratifiedKFold(cv, shuffle=True, random_state=random_state) if isinstance(cv, int) else cv
    folds = list(splitter.split(X, y01))
    jobs = [(name, fold, train, test) for name in estimators for fold, (train, test) in enumerate(folds)]
    results = Parallel(n_jobs=n_jobs)(
        delayed(_fit_fold)(estimators[name], X, y01, train, test) for name, _, train, test in jobs)
    rows, oof = [], pd.DataFrame(index=X.index, columns=list(estimators), dtype=float)
    for (name, fold, _, test), (scores, p) in zip(jobs, results):
        rows.append({"model": name, "fold": fold, **scores})
        oof.iloc[test, oof.columns.get_loc(name)] = p
    per_fold = pd.DataFrame(rows)
    mean = per_fold.groupby("model", sort=False)[list(METRICS)].mean()
    spread = per_fold.groupby("model", sort=False)[list(METRICS)].std(ddof=1).add_suffix("_std")
    table = pd.concat([mean, spread], axis=1)[[c for m in METRICS for c in (m, f"{m}_std")]]
    table["n_folds"] = len(folds)
    return (table, oof) if return_predictions else table


def _resolve_models(models, random_state) -> dict:
    if isinstance(models, dict):
        return dict(models)
    if isinstance(models, str):
        models = (models,)
    resolved = {}
    for name in models:
        if name not in MODELS:
            raise ValueError(f"unknown model {name!r}; choose from {MODELS} or pass a dict of estimators")
        resolved[name] = ChurnClassifier(model=name, random_state=random_state)
    return resolved


def _fit_fold(estimator, X, y01, train, test):
    model = clone(estimator).fit(X.iloc[train], y01[train])
    p = model.predict_proba(X.iloc[test])[:, 1]
    y_test = y01[test]
    scores = {
        "roc_auc": roc_auc_score(y_test, p),
        "pr_auc": average_precision_score(y_test, p),
        "brier": brier_score_loss(y_test, p),
        "log_loss": log_loss(y_test, np.clip(p, 1e-15, 1 - 1e-15), labels=[0, 1]),
        "top_decile_lift": top_decile_lift(y_test, p),
    }
    return scores, p


# --------------------------------------------------------------------------- why accuracy misleads
def baseline_accuracy(y) -> float:
    """Accuracy of the no-skill rule "nobody churns" (or "everybody churns" if churners are the majority).

    It equals the share of the larger class, e.g. 0.73 when 27 % of customers
    churn: a classifier must beat this number before its accuracy means anything,
    and even then accuracy says nothing about how many churners it finds.
    """
    y01, _ = churn_labels(y)
    share = y01.mean()
    return float(max(share, 1 - share))


def accuracy_table(y, scores, threshold: float = 0.5) -> pd.DataFrame:
    """Accuracy next to the measures that matter, for the "nobody churns" rule and each model.

    Parameters
    ----------
    y : Series or array-like
        Churn labels.
    scores : Series or DataFrame
        Churn probabilities (one column per model), e.g. the out-of-fold
        predictions of :func:`evaluate_churn_models`.  Paired with a Series
        ``y`` by customer id, with an array ``y`` by position.
    threshold : float
        A customer is flagged as a churner when the probability is at least this.

    Returns
    -------
    DataFrame
        Indexed by ``model`` (first row ``"nobody churns"``): ``accuracy``,
        ``recall`` (share of churners flagged), ``precision`` (share of flagged
        customers who churn; NaN when nobody is flagged) and ``roc_auc``
        (0.5 for the constant rule).
    """
    y01, frame = labels_and_score_frame(y, scores)
    if frame.isna().any().any():
        raise CRMDataError("scores has missing values: pass out-of-fold predictions for every customer")
    rows = {"nobody churns": _classification_row(y01, np.zeros(len(y01), dtype=int), np.zeros(len(y01)))}
    for name, p in frame.items():
        p = p.to_numpy(dtype=float)
        rows[str(name)] = _classification_row(y01, (p >= threshold).astype(int), p)
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("model")


def _classification_row(y01: np.ndarray, flagged: np.ndarray, score: np.ndarray) -> dict:
    hits = int((flagged & y01).sum())
    return {"accuracy": float((flagged == y01).mean()),
            "recall": hits / y01.sum(),
            "precision": hits / flagged.sum() if flagged.sum() else np.nan,
            "roc_auc": float(roc_auc_score(y01, score))}


def labels_and_score_frame(y, scores):
    """0/1 labels and a frame of score columns for the same customers (by index when both have one)."""
    if has_index(scores) and has_index(y):
        scores = align_to(scores, y, name="scores", reference_name="y")
    frame = scores.to_frame() if isinstance(scores, pd.Series) else pd.DataFrame(scores)
    y01, _ = churn_labels(y)
    if len(frame) != len(y01):
        raise CRMDataError(f"y has {len(y01)} labels but scores has {len(frame)} rows")
    return y01, frame


# --------------------------------------------------------------------------- the campaign in numbers
def campaign_kpis(curve: ProfitCurve) -> dict:
    """The best point of a profit curve as plain numbers.

    ``customers_to_contact`` (int), ``contact_share`` (0-1, of the customers on
    the curve), ``campaign_cost``, ``saved_value`` (expected customer value kept)
    and ``expected_saving`` (saved value minus cost), in the value's money.
    """
    best = curve.best
    return {"customers_to_contact": int(best["n_contacted"]),
            "contact_share": float(best["share_contacted"]),
            "campaign_cost": float(best["cost"]),
            "saved_value": float(best["expected_saved_value"]),
            "expected_saving": float(best["expected_profit"])}


#: lower bounds of the ROC AUC verdicts (Hosmer, Lemeshow & Sturdivant 2013, ch. 5: 0.7 acceptable,
#: 0.8 excellent, 0.9 outstanding discrimination); the words are catalogue entries ``churn_auc_<verdict>``
AUC_VERDICTS = ((0.9, "excellent"), (0.8, "good"), (0.7, "fair"), (0.6, "weak"), (0.0, "poor"))


def auc_verdict(roc_auc: float) -> str:
    """The verdict on a ROC AUC: ``"excellent"`` (>= 0.9), ``"good"``, ``"fair"``, ``"weak"`` or ``"poor"`` (< 0.6)."""
    if not np.isfinite(roc_auc):
        raise CRMDataError(f"roc_auc must be a number, got {roc_auc}")
    return next(word for bound, word in AUC_VERDICTS if roc_auc >= bound)


ACTIONABLE_AUC = 0.6
"""Below this cross-validated ROC AUC a warning model is not fit to decide a campaign on.

At 0.6 the model puts a random leaver above a random stayer only 6 times in 10
(a coin does 5): Hosmer, Lemeshow & Sturdivant (2013, ch. 5) call anything
under 0.7 poor discrimination, and under 0.6 the gap to guessing is of the size
of the spread between cross-validation folds on a few hundred customers.  Its
contact list is then close to a random pick of current customers, and the
campaign's expected saving, which multiplies those risks by money, is not
reliable (it is computed from probabilities that barely differ from the churn
rate).  It is the lower bound of the "weak" verdict in :data:`AUC_VERDICTS`.
"""


BROAD_CAMPAIGN_SHARE = 0.8
"""Above this share of current customers contacted, a campaign is an offer to (almost) everyone, not a targeting.

The profit curve stops where the next contact costs more than it saves; when
that point lies beyond 80 % of the current customers, the model's ranking
only decides whom of the last few to leave out.  The expected saving then comes
from the offer being worth its cost for the typical customer (risk × value ×
success rate above the cost), which contacting everyone would earn as well:
it measures the offer, not the model.  The page says so instead of presenting
a targeted campaign.  (Any cut between 75 % and 90 % says the same thing; 80 %
leaves the top fifth of customers out, the smallest group still worth a
separate decision.)
"""

MIN_TARGETING_LIFT = 1.2
"""Below this cross-validated top-decile lift the ranking finds hardly more leavers than a random pick.

Lift 1.0 means the 10 % of customers the model ranks riskiest leave exactly as
often as average: contacting them first is no better than contacting anyone.
At 1.2 they leave 20 % more often, the smallest gain that stands out of the
fold-to-fold spread of a decile of a few hundred customers (one decile of 300 customers with a 25 %
churn rate holds about 7.5 leavers, give or take 2.4, i.e. ±30 % of the
average).  A model can pass :data:`ACTIONABLE_AUC` on the ranking as a whole
and still fail here, where the campaign starts.
"""


def ranking_adds_little(contact_share: float, top_decile_lift: float) -> bool:
    """Whether a campaign's saving owes little to the model's ranking.

    True when the campaign contacts more than :data:`BROAD_CAMPAIGN_SHARE` of
    the current customers (it is an offer to almost everyone) or the top-decile
    lift is below :data:`MIN_TARGETING_LIFT` (the riskiest tenth leaves hardly
    more often than average).  E.g. 78 of 79 customers (98.7 %) with lift 1.0:
    True; 30 % contacted with lift 2.5: False.
    """
    if not (np.isfinite(contact_share) and np.isfinite(top_decile_lift)):
        raise CRMDataError(f"contact_share and top_decile_lift must be numbers, got {contact_share}, "
                           f"{top_decile_lift}")
    return bool(contact_share > BROAD_CAMPAIGN_SHARE or top_decile_lift < MIN_TARGETING_LIFT)


def model_is_actionable(roc_auc: float) -> bool:
    """Whether a cross-validated ROC AUC reaches :data:`ACTIONABLE_AUC` (a list and a campaign worth acting on)."""
    if not np.isfinite(roc_auc):
        raise CRMDataError(f"roc_auc must be a number, got {roc_auc}")
    return bool(roc_auc >= ACTIONABLE_AUC)
