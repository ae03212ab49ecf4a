"""ChurnClassifier: a scikit-learn classifier for real customer tables.

A customer table mixes numbers (tenure, charges), categories (contract,
payment method) and gaps.  :class:`ChurnClassifier` puts the preprocessing
inside the estimator so that cross-validation never leaks information from the
test fold:

* numeric columns: median imputation (+ standardisation for the logistic model);
* categorical columns (text, ``category``): a ``"missing"`` level for gaps, then
  one-hot encoding.  The logistic model drops the first (alphabetical) level, so
  each odds ratio compares a level with that reference level; unseen levels at
  prediction time are encoded as the reference (trees: as "none of the known
  levels").

Three models:

``"logistic"``
    L2-penalised logistic regression :math:`\\text{logit}\\,P(\\text{churn}\\mid x)=\\beta_0+x^\\top\\beta`
    on standardised numbers (penalty :math:`\\tfrac{1}{2C}\\lVert\\beta\\rVert^2`, ``C=1``).  The small
    penalty keeps estimates finite under perfect separation, where plain maximum
    likelihood diverges (Albert & Anderson 1984).
``"random_forest"``
    100 trees with at least 20 customers per leaf (smoother probabilities than
    fully grown trees), each grown on a bootstrap sample of at most 20,000
    customers (subsampled forests; Louppe 2014, ch. 8).
``"gradient_boosting"``
    :class:`~sklearn.ensemble.HistGradientBoostingClassifier` with a slow learning
    rate (0.05), small trees (15 leaves, >= 40 customers each), L2 leaf
    regularisation and early stopping on an internal 10 % validation split.

Churn labels may be 0/1, bool or text; see :func:`crm_analysis.churn.labels.churn_labels`.

What the classifier guards against (real customer tables, not only clean ones):

* **pairing**: ``y`` is paired with ``X`` by customer id.  When ``y`` is a
  Series and ``X`` a DataFrame, ``y`` is reindexed to ``X``'s index, so labels
  sorted differently still go to the right customers; indexes with different
  labels, duplicated labels or a length mismatch are a ``CRMDataError``.  A
  NumPy ``y`` pairs by position (:func:`crm_analysis.churn.labels.align_to`).
* **leaks**: identifier and date columns are excluded before fitting, with a
  :class:`~crm_analysis.churn.leakage.LeakageWarning` that names them
  (:func:`crm_analysis.churn.leakage.leaking_columns` gives the rule).
* **prediction time**: a missing column is a ``CRMDataError``; an extra column
  is ignored with an :class:`IgnoredColumnsWarning`; a category level not seen
  in ``fit`` is encoded as described above and reported by an
  :class:`UnseenCategoryWarning` naming the column, the levels and the rows.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from sklearn.base import ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.inspection import permutation_importance
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from threadpoolctl import threadpool_limits

from ..base import CRMEstimator
from ..exceptions import ConvergenceWarning, CRMDataError
from ..validation import caller_stacklevel, offending_rows, to_numeric_column
from .labels import align_to, churn_labels
from .leakage import warn_and_drop_leaking

__all__ = ["ChurnClassifier", "PerfectSeparationWarning", "UnseenCategoryWarning", "IgnoredColumnsWarning", "MODELS"]

MODELS = ("logistic", "random_forest", "gradient_boosting")
#: largest bootstrap sample of one random-forest tree
TREE_SAMPLE = 20_000
#: level given to gaps in a categorical column
MISSING_LEVEL = "missing"
#: how many unseen levels a warning lists per column
N_LEVELS_SHOWN = 5


class PerfectSeparationWarning(ConvergenceWarning):
    """The training classes are perfectly separated: maximum likelihood would diverge."""


class UnseenCategoryWarning(UserWarning):
    """Customers to score hold category levels the model never saw in ``fit``; the message says which and how many."""


class IgnoredColumnsWarning(UserWarning):
    """A table passed for prediction has columns the model was not fitted on; they are ignored."""


class ChurnClassifier(ClassifierMixin, CRMEstimator):
    """Churn classifier with preprocessing inside; works in ``clone``, ``Pipeline`` and ``GridSearchCV``.

    Parameters
    ----------
    model : {"logistic", "random_forest", "gradient_boosting"}
    class_weight : None, "balanced" or dict
        Passed to the underlying model (``"balanced"`` reweights classes by
        inverse frequency; it raises recall at the price of calibration).
    calibrate : bool or {"sigmoid", "isotonic"}
        Wrap the model in :class:`~sklearn.calibration.CalibratedClassifierCV`
        (3 folds).  ``True`` means ``"sigmoid"`` (Platt scaling, safe on small
        samples); ``"isotonic"`` needs a few thousand customers.
    random_state : None, int or numpy RandomState, optional
        Seed of every random step (forest bootstrap, boosting validation split,
        the shuffles of :meth:`feature_importance`, whose own
        ``random_state=`` overrides it for that call).
    n_jobs : int, optional
        Cores for the random forest and OpenMP threads for gradient boosting;
        ``None`` means one (parallelise over cross-validation folds instead).
    ci_level : float, default 0.95
        Confidence level of the package-wide rule (every estimator has one).
        No method of the classifier reports an interval yet (the odds ratios
        and permutation importances are point estimates, the latter with their
        spread over shuffles); a method that reports one will take
        ``ci_level=None`` meaning this setting.

    Notes
    -----
    **Leaking columns are excluded, not refused.**  ``fit`` leaves out every
    column that identifies rows (a text column whose values are all distinct,
    or an integer column with all-distinct values and an id-like name such as
    ``customer_id``, ``customerID``, ``客户编号``, ``index``) and every date
    column (``datetime64``, date objects, or text that reads as dates), with one
    :class:`~crm_analysis.churn.leakage.LeakageWarning` naming each column and
    why; see :func:`~crm_analysis.churn.leakage.leaking_columns`.  Numeric
    features that happen to be unique (monthly charges) are kept.  The excluded
    columns are listed in ``excluded_columns_`` and silently ignored when they
    appear again at prediction time.  Put the customer id in the index instead:
    there it pairs ``X`` with ``y``.

    **Pairing by customer id.**  ``fit(X, y)`` and ``feature_importance(X, y)``
    reindex a Series ``y`` to the index of a DataFrame ``X`` (same labels, any
    order); different label sets, duplicated labels with different orders and
    length mismatches raise :class:`~crm_analysis.exceptions.CRMDataError`
    naming examples.  A NumPy ``y`` pairs by position.

    **Prediction-time checks.**  Columns of ``fit`` missing from ``X`` raise
    ``CRMDataError``; extra columns are ignored with an
    :class:`IgnoredColumnsWarning`; a numeric column that arrives as
    non-numeric text raises ``CRMDataError`` naming rows; category levels not
    seen in ``fit`` are encoded as the reference level (logistic) or as "none
    of the known levels" (trees) and reported by an
    :class:`UnseenCategoryWarning` (column, first levels, number of rows).

    Attributes
    ----------
    classes_ : ndarray
        ``[non-churn label, churn label]``: column 1 of :meth:`predict_proba` is P(churn).
    feature_names_in_ : ndarray
        Columns the model uses: those of ``X`` in ``fit`` minus ``excluded_columns_``.
    excluded_columns_ : dict
        ``{column: reason}`` of the leaking columns left out in ``fit``.
    categories_ : dict
        Per categorical column, the levels seen in ``fit`` (``"missing"`` for gaps).
    numeric_columns_, categorical_columns_ : list of str
    reference_ : dict
        Per column median (numeric) or most frequent level (categorical): the
        "typical customer" used by :meth:`explain`.
    pipeline_ : estimator
        The fitted preprocessing + model (calibrated wrapper when ``calibrate``).
    """

    _fitted_attribute = "pipeline_"

    def __init__(self, model: str = "logistic", class_weight=None, calibrate=False, random_state=None,
                 n_jobs=None, ci_level: float = 0.95):
        self.model = model
        self.class_weight = class_weight
        self.calibrate = calibrate
        self.random_state = random_state
        self.n_jobs = n_jobs
        self.ci_level = ci_level

    # ------------------------------------------------------------------ fitting
    def fit(self, X, y):
        """Fit on a customer table ``X`` (DataFrame) and churn labels ``y``; returns ``self``.

        ``y`` is paired with ``X`` by index when both have one (see the class
        notes); leaking columns of ``X`` are excluded with a ``LeakageWarning``.
        """
        if self.model not in MODELS:
            raise ValueError(f"model must be one of {MODELS}, got {self.model!r}")
        y = align_to(y, X, name="y", reference_name="X")
        X = _as_frame(X)
        _check_columns_usable(X)
        y01, classes = churn_labels(y)
        X, excluded = warn_and_drop_leaking(X)
        if X.shape[1] == 0:
            raise CRMDataError(f"X has no usable columns: every column was excluded as leaking ({list(excluded)})")
        X = _prepare(X)
        numeric = [c for c in X.columns if pd.api.types.is_numeric_dtype(X[c])]
        categorical = [c for c in X.columns if c not in numeric]
        pipeline = Pipeline([("preprocess", self._preprocessor(numeric, categorical)), ("model", self._model(len(X)))])
        if self.calibrate:
            method = "sigmoid" if self.calibrate is True else self.calibrate
            pipeline = CalibratedClassifierCV(pipeline, method=method, cv=3)
        with self._threads():
            pipeline.fit(X, y01)
        self.pipeline_ = pipeline
        self.classes_ = classes
        self.feature_names_in_ = np.asarray(X.columns, dtype=object)
        self.n_features_in_ = X.shape[1]
        self.numeric_columns_, self.categorical_columns_ = numeric, categorical
        self.excluded_columns_ = excluded
        self.categories_ = {c: np.array(sorted(X[c].fillna(MISSING_LEVEL).unique()), dtype=object)
                            for c in categorical}
        self.reference_ = {c: (X[c].median() if c in numeric else X[c].mode().iloc[0]) for c in X.columns}
        self._warn_if_separated(X, y01)
        return self

    def _preprocessor(self, numeric, categorical) -> ColumnTransformer:
        logistic = self.model == "logistic"
        numeric_steps = [("impute", SimpleImputer(strategy="median"))]
        if logistic:
            numeric_steps.append(("scale", StandardScaler()))
        categorical_steps = [
            ("impute", SimpleImputer(strategy="constant", fill_value=MISSING_LEVEL)),
            ("onehot", OneHotEncoder(handle_unknown="ignore", drop="first" if logistic else None,
                                     sparse_output=False)),
        ]
        return ColumnTransformer([("numeric", Pipeline(numeric_steps), numeric),
                                  ("categorical", Pipeline(categorical_steps), categorical)],
                                 verbose_feature_names_out=False)

    def _model(self, n_customers: int):
        if self.model == "logistic":
            return LogisticRegression(C=1.0, max_iter=5000, class_weight=self.class_weight)
        if self.model == "random_forest":
            # each tree sees a bootstrap sample of at most TREE_SAMPLE customers: on large tables this
            # costs no accuracy (the trees are averaged) and keeps fitting time flat in n
            share = min(1.0, TREE_SAMPLE / n_customers)
            return RandomForestClassifier(n_estimators=100, min_samples_leaf=20, max_samples=share,
                                          class_weight=self.class_weight, random_state=self.random_state,
                                          n_jobs=self.n_jobs)
        return HistGradientBoostingClassifier(learning_rate=0.05, max_leaf_nodes=15, min_samples_leaf=40,
                                              l2_regularization=1.0, max_iter=300, early_stopping=True,
                                              class_weight=self.class_weight, random_state=self.random_state)

    def _warn_if_separated(self, X: pd.DataFrame, y01: np.ndarray) -> None:
        """Warn when one column, or (logistic) the fitted linear score, splits churners from the rest."""
        columns = _separating_columns(X, y01)
        if columns:
            warnings.warn(
                f"column(s) {columns} perfectly separate churners from non-churners: check for a leaked "
                "outcome (e.g. a cancellation date); the fit goes on with finite probabilities (penalised or "
                "averaged model)",
                PerfectSeparationWarning, stacklevel=3)
            return
        if self.model == "logistic":
            p = np.clip(self._proba(X)[:, 1], 1e-15, 1 - 1e-15)
            score = np.log(p / (1 - p))
            if score[y01 == 1].min() > score[y01 == 0].max():
                warnings.warn(
                    "the fitted linear score perfectly separates churners from non-churners (complete "
                    "separation): unpenalised maximum likelihood would diverge, so odds ratios reflect the "
                    "L2 penalty rather than the data", PerfectSeparationWarning, stacklevel=3)

    # ------------------------------------------------------------------ prediction
    def _transform_input(self, X) -> pd.DataFrame:
        """Check a table to score against ``fit`` and return it prepared (the model's columns, in order).

        Missing columns raise; extra columns are ignored with a warning (the
        leaking columns excluded in ``fit`` silently); a numeric column given as
        non-numeric text raises; unseen category levels are reported.
        """
        self._check_fitted()
        X = _as_frame(X, self.feature_names_in_)
        features = list(self.feature_names_in_)
        missing = [c for c in features if c not in X.columns]
        if missing:
            raise CRMDataError(f"X is missing column(s) {missing} that the model was fitted on; "
                               f"the model needs {features}")
        excluded = getattr(self, "excluded_columns_", {})
        extra = [c for c in X.columns if c not in features and c not in excluded]
        if extra:
            warnings.warn(f"X has {len(extra)} column(s) the model was not fitted on, ignored: {extra[:10]}",
                          IgnoredColumnsWarning, stacklevel=caller_stacklevel())
        X = X[features]
        converted = {c: to_numeric_column(X, c, name="X", allow_missing=True) for c in self.numeric_columns_
                     if not (pd.api.types.is_numeric_dtype(X[c]) or pd.api.types.is_bool_dtype(X[c]))}
        frame = _prepare(X.assign(**converted) if converted else X)
        self._warn_unseen_levels(frame)
        return frame

    def _warn_unseen_levels(self, frame: pd.DataFrame) -> None:
        """One :class:`UnseenCategoryWarning` per table naming, per column, the new levels and their rows."""
        if not hasattr(self, "categories_"):
            return
        handling = (lambda col: f"encoded as the reference level {self.categories_[col][0]!r}") \
            if self.model == "logistic" else (lambda col: "encoded as none of the known levels")
        parts = []
        for col in self.categorical_columns_:
            levels = frame[col].fillna(MISSING_LEVEL)
            unseen = ~levels.isin(self.categories_[col])
            if unseen.any():
                new_levels = list(pd.unique(levels[unseen]))
                shown = new_levels[:N_LEVELS_SHOWN] + (["..."] if len(new_levels) > N_LEVELS_SHOWN else [])
                parts.append(f"column {col!r}: {len(new_levels)} level(s) {shown} in "
                             f"{offending_rows(unseen, frame.index)}, {handling(col)}")
        if parts:
            warnings.warn(f"category levels not seen in fit ({'; '.join(parts)}); check the spelling or refit "
                          f"on customers that include them", UnseenCategoryWarning, stacklevel=caller_stacklevel())

    def _proba(self, frame: pd.DataFrame) -> np.ndarray:
        """P(no churn), P(churn) of a table already checked by :meth:`_transform_input`."""
        with self._threads(), warnings.catch_warnings():
            # reported once, with column, levels and rows, by _warn_unseen_levels
            warnings.filterwarnings("ignore", message="Found unknown categories", category=UserWarning)
            return self.pipeline_.predict_proba(frame)

    def predict_proba(self, X) -> np.ndarray:
        """Return an ``(n, 2)`` array: P(no churn), P(churn).

        ``X`` needs the columns of ``fit`` (extra ones are ignored with a
        warning); unseen category levels are reported by an
        :class:`UnseenCategoryWarning`.
        """
        return self._proba(self._transform_input(X))

    def _threads(self):
        """Cap OpenMP threads (gradient boosting) at ``n_jobs`` (default 1).

        On a shared or small machine, OpenMP threads that wait for busy cores can
        make boosting ten times slower; parallelise over folds instead.
        """
        return threadpool_limits(limits=self.n_jobs or 1, user_api="openmp")

    def predict(self, X) -> np.ndarray:
        """Predicted label (churn when P(churn) >= 0.5), in the spelling of the training labels."""
        return self.classes_[(self.predict_proba(X)[:, 1] >= 0.5).astype(int)]

    def churn_probability(self, X) -> pd.Series:
        """P(churn) as a Series that keeps the customer index of ``X``."""
        frame = _as_frame(X, getattr(self, "feature_names_in_", None))
        return pd.Series(self.predict_proba(frame)[:, 1], index=frame.index, name="p_churn")

    def decision_function(self, X) -> np.ndarray:
        """Log-odds of churn, :math:`\\log\\{p/(1-p)\\}`, clipped away from 0 and 1."""
        p = np.clip(self.predict_proba(X)[:, 1], 1e-15, 1 - 1e-15)
        return np.log(p / (1 - p))

    # ------------------------------------------------------------------ interpretation
    def feature_importance(self, X=None, y=None, *, n_repeats: int = 5, random_state=None) -> pd.DataFrame:
        """Which features drive churn.

        * Logistic model without ``X``: odds ratios.  ``coefficient`` is the change
          in log-odds per one standard deviation (numbers) or for a level versus
          the reference level (categories); ``odds_ratio = exp(coefficient)``;
          ``odds_ratio_per_unit`` rescales numbers to one original unit
          (:math:`\\exp(\\beta/\\text{sd})`).  With ``calibrate`` the coefficients
          are averaged over the calibration folds.
        * Trees (or any model when ``X, y`` are given): permutation importance,
          the mean drop in ROC AUC when one original column is shuffled
          (Breiman 2001), over ``n_repeats`` shuffles seeded by ``random_state``
          (``None``: the model's ``random_state``).  Pass held-out data: on
          training data trees look better than they are.  ``y`` is paired with
          ``X`` by customer id (see the class notes).

        Rows are sorted by importance, most important first.  Columns excluded
        as leaking in ``fit`` never appear (they are not features).
        """
        self._check_fitted()
        if X is None and self.model == "logistic":
            return self._odds_ratios()
        if X is None or y is None:
            raise CRMDataError(
                f"feature_importance for the {self.model} model is permutation importance: pass X and y "
                "(preferably held-out customers)")
        y = align_to(y, X, name="y", reference_name="X")
        frame = self._transform_input(X)
        y01, _ = churn_labels(y)
        result = permutation_importance(self, frame, y01, scoring=_auc_scorer, n_repeats=n_repeats,
                                        random_state=self.random_state if random_state is None else random_state,
                                        n_jobs=1)
        table = pd.DataFrame({"importance_mean": result.importances_mean, "importance_std": result.importances_std},
                             index=pd.Index(self.feature_names_in_, name="feature"))
        return table.sort_values("importance_mean", ascending=False)

    def _odds_ratios(self) -> pd.DataFrame:
        if self.calibrate:
            pipelines = [c.estimator for c in self.pipeline_.calibrated_classifiers_]
        else:
            pipelines = [self.pipeline_]
        coefs = np.mean([p.named_steps["model"].coef_[0] for p in pipelines], axis=0)
        preprocess = pipelines[0].named_steps["preprocess"]
        names = preprocess.get_feature_names_out()
        scale = np.ones(len(names))
        unit = np.empty(len(names), dtype=object)
        scaler = preprocess.named_transformers_["numeric"].named_steps["scale"] if self.numeric_columns_ else None
        for i, col in enumerate(self.numeric_columns_):
            scale[i] = scaler.scale_[i]
            unit[i] = f"per 1 SD ({scaler.scale_[i]:.4g})"
        encoder = (preprocess.named_transformers_["categorical"].named_steps["onehot"]
                   if self.categorical_columns_ else None)
        i = len(self.numeric_columns_)
        for col, levels in zip(self.categorical_columns_, encoder.categories_ if encoder else []):
            for level in levels[1:]:
                unit[i] = f"vs {col}={levels[0]}"
                i += 1
        table = pd.DataFrame({"coefficient": coefs, "odds_ratio": np.exp(coefs),
                              "odds_ratio_per_unit": np.exp(coefs / scale), "unit": unit},
                             index=pd.Index(names, name="feature"))
        return table.reindex(table["coefficient"].abs().sort_values(ascending=False).index)

    def explain(self, X) -> pd.DataFrame:
        """Per-customer drivers: how much P(churn) falls when one column is set to its typical value.

        ``effect[i, j] = p(x_i) - p(x_i with column j := reference_j)`` (an
        occlusion attribution that works for every model).  A positive effect
        means the customer's value of column ``j`` raises their churn risk
        compared with a typical customer.  Returns a DataFrame indexed like
        ``X`` with one column per feature, in probability units.
        """
        frame = self._transform_input(X)
        base = self._proba(frame)[:, 1]
        effects = {}
        for col in self.feature_names_in_:
            typical = frame.copy()
            typical[col] = self.reference_[col]
            effects[col] = base - self._proba(typical)[:, 1]
        return pd.DataFrame(effects, index=frame.index)


def _auc_scorer(estimator, X, y) -> float:
    """ROC AUC of a table already prepared by ``_transform_input`` (shuffles add no new levels)."""
    from sklearn.metrics import roc_auc_score

    return roc_auc_score(y, estimator._proba(X)[:, 1])


def _as_frame(X, columns=None) -> pd.DataFrame:
    if isinstance(X, pd.DataFrame):
        return X
    array = np.asarray(X)
    if array.ndim != 2:
        raise CRMDataError(f"X must be a table (2-D), got an array of shape {array.shape}")
    names = list(columns) if columns is not None and len(columns) == array.shape[1] else \
        [f"x{i}" for i in range(array.shape[1])]
    return pd.DataFrame(array, columns=names)


def _check_columns_usable(X: pd.DataFrame) -> None:
    if X.shape[1] == 0:
        raise CRMDataError("X has no columns")
    if len(X) == 0:
        raise CRMDataError("X is empty: it has no rows")
    empty = [c for c in X.columns if X[c].isna().all()]
    if empty:
        raise CRMDataError(f"column(s) {empty} of X are entirely missing (all {len(X)} rows): "
                           "drop them before fitting")


def _prepare(X: pd.DataFrame) -> pd.DataFrame:
    """A copy with booleans as 0/1 and every non-numeric column as text (``NaN`` kept for imputation)."""
    out = X.copy()
    for col in out.columns:
        values = out[col]
        if pd.api.types.is_bool_dtype(values):
            out[col] = values.astype(float)
        elif not pd.api.types.is_numeric_dtype(values):
            known = values.notna()
            text = values if pd.api.types.infer_dtype(values, skipna=True) == "string" else values.astype(str)
            out[col] = text.astype(object).where(known, np.nan)
    return out


def _separating_columns(X: pd.DataFrame, y01: np.ndarray) -> list:
    """Columns whose values alone split the classes (numbers: disjoint ranges; categories: pure levels)."""
    found = []
    churn = y01 == 1
    for col in X.columns:
        values = X[col]
        known = values.notna().to_numpy()
        if pd.api.types.is_numeric_dtype(values):
            a, b = values[churn & known], values[~churn & known]
            if len(a) and len(b) and (a.min() > b.max() or a.max() < b.min()):
                found.append(col)
        else:
            rates = pd.Series(y01[known]).groupby(values[known].to_numpy()).mean()
            if len(rates) > 1 and rates.isin([0.0, 1.0]).all() and len(rates) < known.sum():
                found.append(col)
    return found

