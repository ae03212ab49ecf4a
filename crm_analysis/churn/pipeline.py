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
from .labels import churn_labels

__all__ = ["ChurnClassifier", "PerfectSeparationWarning", "MODELS"]

MODELS = ("logistic", "random_forest", "gradient_boosting")
#: largest bootstrap sample of one random-forest tree
TREE_SAMPLE = 20_000


class PerfectSeparationWarning(ConvergenceWarning):
    """The training classes are perfectly separated: maximum likelihood would diverge."""


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
    random_state : int, optional
        Seed of every random step (forest bootstrap, boosting validation split).
    n_jobs : int, optional
        Cores for the random forest and OpenMP threads for gradient boosting;
        ``None`` means one (parallelise over cross-validation folds instead).

    Attributes
    ----------
    classes_ : ndarray
        ``[non-churn label, churn label]``: column 1 of :meth:`predict_proba` is P(churn).
    feature_names_in_ : ndarray
        Column names seen in ``fit``.
    numeric_columns_, categorical_columns_ : list of str
    reference_ : dict
        Per column median (numeric) or most frequent level (categorical): the
        "typical customer" used by :meth:`explain`.
    pipeline_ : estimator
        The fitted preprocessing + model (calibrated wrapper when ``calibrate``).
    """

    _fitted_attribute = "pipeline_"

    def __init__(self, model: str = "logistic", class_weight=None, calibrate=False, random_state=None,
                 n_jobs=None):
        self.model = model
        self.class_weight = class_weight
        self.calibrate = calibrate
        self.random_state = random_state
        self.n_jobs = n_jobs

    # ------------------------------------------------------------------ fitting
    def fit(self, X, y):
        """Fit on a customer table ``X`` (DataFrame) and churn labels ``y``; returns ``self``."""
        if self.model not in MODELS:
            raise ValueError(f"model must be one of {MODELS}, got {self.model!r}")
        X = _as_frame(X)
        if len(X) != len(y):
            raise CRMDataError(f"X has {len(X)} rows but y has {len(y)} labels: they must describe the same customers")
        _check_columns_usable(X)
        y01, classes = churn_labels(y)
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
        self.reference_ = {c: (X[c].median() if c in numeric else X[c].mode().iloc[0]) for c in X.columns}
        self._warn_if_separated(X, y01)
        return self

    def _preprocessor(self, numeric, categorical) -> ColumnTransformer:
        logistic = self.model == "logistic"
        numeric_steps = [("impute", SimpleImputer(strategy="median"))]
        if logistic:
            numeric_steps.append(("scale", StandardScaler()))
        categorical_steps = [
            ("impute", SimpleImputer(strategy="constant", fill_value="missing")),
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
            score = self.decision_function(X)
            if score[y01 == 1].min() > score[y01 == 0].max():
                warnings.warn(
                    "the fitted linear score perfectly separates churners from non-churners (complete "
                    "separation): unpenalised maximum likelihood would diverge, so odds ratios reflect the "
                    "L2 penalty rather than the data", PerfectSeparationWarning, stacklevel=3)

    # ------------------------------------------------------------------ prediction
    def _transform_input(self, X) -> pd.DataFrame:
        self._check_fitted()
        X = _as_frame(X, self.feature_names_in_)
        missing = [c for c in self.feature_names_in_ if c not in X.columns]
        if missing:
            raise CRMDataError(f"X is missing column(s) {missing} that the model was fitted on")
        return _prepare(X[list(self.feature_names_in_)])

    def predict_proba(self, X) -> np.ndarray:
        """Return an ``(n, 2)`` array: P(no churn), P(churn)."""
        frame = self._transform_input(X)
        with self._threads():
            return self.pipeline_.predict_proba(frame)

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
          (Breiman 2001), over ``n_repeats`` shuffles.  Pass held-out data: on
          training data trees look better than they are.

        Rows are sorted by importance, most important first.
        """
        self._check_fitted()
        if X is None and self.model == "logistic":
            return self._odds_ratios()
        if X is None or y is None:
            raise CRMDataError(
                f"feature_importance for the {self.model} model is permutation importance: pass X and y "
                "(preferably held-out customers)")
        frame = self._transform_input(X)
        y01, _ = churn_labels(y)
        result = permutation_importance(self, frame, y01, scoring=_auc_scorer, n_repeats=n_repeats,
                                        random_state=random_state, n_jobs=1)
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
        base = self.predict_proba(frame)[:, 1]
        effects = {}
        for col in self.feature_names_in_:
            typical = frame.copy()
            typical[col] = self.reference_[col]
            effects[col] = base - self.predict_proba(typical)[:, 1]
        return pd.DataFrame(effects, index=frame.index)


def _auc_scorer(estimator, X, y) -> float:
    from sklearn.metrics import roc_auc_score

    return roc_auc_score(y, estimator.predict_proba(X)[:, 1])


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

