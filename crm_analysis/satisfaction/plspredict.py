"""PLSpredict: k-fold cross-validated out-of-sample prediction of a PLS path model's outcome items.

In-sample R² says how well a PLS path model *explains* its survey; PLSpredict
(Shmueli, Ray, Velasquez Estrada & Chatla 2016) says how well it *predicts*
answers it has not seen, the check reviewers now ask for (Shmueli et al. 2019).
The respondents are split into ``k`` folds; for every fold the model is
re-estimated on the other ``k - 1`` folds (the training sample) and the items of
the endogenous constructs are predicted for the held-out fold from the items of
the held-out respondents alone.

How an item is predicted (all parameters from the training fold ``f``)
--------------------------------------------------------------------------
With training means :math:`m` and standard deviations :math:`s` of the items
(n-1 divisor), outer weights :math:`W` (items x constructs), path coefficients
:math:`B` ([source, target]) and loadings :math:`L` (item-score correlations):

1. standardise the held-out answers, :math:`z = (x - m) / s`, and score them,
   :math:`y = z W` (``scaled=False`` models only centre: :math:`z = x - m`);
2. predict the construct scores from the antecedents,

   * ``technique="direct"`` (direct antecedents; seminr's ``predict_DA``):
     :math:`\\hat y_j = \\sum_{k \\to j} \\beta_{kj} y_k`, i.e. :math:`\\hat y = y\\,(B + D)`;
   * ``technique="earliest"`` (earliest antecedents; seminr's ``predict_EA``):
     only the exogenous scores are used and carried through the whole model,
     :math:`\\hat y = y\\,D\\,(I - B)^{-1}`;

   where :math:`D` is the diagonal 0/1 matrix of the exogenous constructs
   (those without antecedents keep their own score);
3. turn the predicted score of an item's construct back into the item's units,
   :math:`\\hat x_i = m_i + s_i\\,\\lambda_i\\,\\hat y_{c(i)}`.

The three steps are one linear map, so each fold has a single coefficient
matrix :math:`M_f = W_f T_f L_f^\\top` (:math:`T` the matrix of step 2) and
:math:`\\hat x = m + s \\odot (z M_f)`.

Benchmarks
----------
* **LM**: for each endogenous construct, an ordinary least-squares regression
  (with intercept) of each of its items on the items of the constructs that
  predict it, fitted on the training fold: the items of its *direct
  antecedents* with ``technique="direct"``, the items of *all exogenous
  constructs* with ``technique="earliest"``.  This is what seminr's
  ``predict_pls`` does; the "regress on all exogenous items" benchmark of
  Shmueli et al. (2019) is the ``"earliest"`` one (for an outcome whose
  antecedents are all exogenous the two coincide).
* **Naive mean**: the training-fold mean of the item;
  :math:`Q^2_{predict} = 1 - \\sum (x - \\hat x_{PLS})^2 / \\sum (x - \\bar x_{train})^2`
  (Shmueli et al. 2019; SmartPLS's :math:`Q^2_{predict}`).  Positive values mean
  the model beats the mean.

Errors are summarised per item as RMSE :math:`\\sqrt{\\overline{e^2}}` and MAE
:math:`\\overline{|e|}` over all out-of-sample predictions.  The guideline of
Shmueli et al. (2019): compare ``pls_rmse`` (or ``pls_mae`` for very skewed
errors) with ``lm_rmse`` item by item; PLS lower for all items is high, for the
majority medium, for a minority low, for none no predictive power.

Fold assignment
---------------
As seminr's ``predict_pls``: the respondents are shuffled
(``numpy.random.default_rng(random_state).permutation(n)``, the same permutation as
seminr's ``seed=``) and cut into ``k`` contiguous, nearly equal blocks (R's
``cut(1:n, breaks=k)``); so ``plspredict(..., random_state=s)`` uses the folds
of seminr's ``predict_pls(model, no_folds=k, seed=s)``.  ``repeats > 1`` draws
``repeats`` successive permutations from the same generator and pools the
errors of all ``repeats x n`` predictions (RMSE is the root of the mean squared
error over the repetitions).  ``folds=`` gives the assignment explicitly.

Assumptions and limits: complete answers (a model with ``missing="mean"`` is
refused when answers are missing, since imputing on the full sample would leak
the held-out answers into the training folds; ``missing="listwise"`` drops the
incomplete respondents with a counted warning first); a recursive model without
interaction terms or higher-order constructs; every training fold must have
more respondents than the model has parameters and no constant item.  A model
with ``consistent=True`` (PLSc) is re-estimated consistently on every training
fold and predicts with its corrected paths and loadings (as seminr's
``predict_pls`` of a model with ``reflective()`` constructs); a fold where PLSc
is undefined (:math:`\\rho_A \\le 0`) is an error.

References: Shmueli, G., Ray, S., Velasquez Estrada, J. M. & Chatla, S. B.
(2016) The elephant in the room: predictive performance of PLS models, *Journal
of Business Research* 69(10), 4552-4564; Shmueli, G., Sarstedt, M., Hair, J. F.,
Cheah, J.-H., Ting, H., Vaithilingam, S. & Ringle, C. M. (2019) Predictive model
assessment in PLS-SEM: guidelines for using PLSpredict, *European Journal of
Marketing* 53(11), 2322-2347.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..exceptions import ConvergenceWarning, CRMDataError
from . import pls_algorithm as alg
from . import pls_consistent as plsc
from .pls import PLSPathModel, _fingerprint, require_single_stage
from .pls_data import prepare_indicators

__all__ = ["plspredict", "TECHNIQUES"]

TECHNIQUES = ("direct", "earliest")


def plspredict(model: PLSPathModel, data: pd.DataFrame, k: int = 10, repeats: int = 1, technique: str = "direct",
               random_state=None, *, folds=None) -> pd.DataFrame:
    """Cross-validated prediction errors of the endogenous items: PLS against the LM and mean benchmarks.

    Parameters
    ----------
    model : PLSPathModel
        The specification and settings (scheme, ``scaled``, ``max_iter``,
        ``tol``, ``missing``) to re-estimate on every training fold.  It need
        not be fitted; a fitted model must have been fitted on ``data``.
    data : DataFrame
        The survey (one row per respondent); it is not modified.
    k : int, default 10
        Number of folds, 2 to the number of respondents; ``k=len(data)`` is
        leave-one-out.
    repeats : int, default 1
        Repetitions of the k-fold split on new random assignments; the errors
        of all repetitions are pooled (10 is the usual choice for reporting).
    technique : {"direct", "earliest"}, default "direct"
        Predict each construct from its direct antecedents' scores (seminr's
        ``predict_DA``) or from the exogenous scores through the whole model
        (``predict_EA``); also chooses the LM benchmark's predictors.
    random_state : None, int or numpy Generator
        Seed of the fold assignment (the same seed gives the same folds, and
        ``repeats=1`` the folds of seminr's ``predict_pls(seed=...)``);
        ``None`` means the model's ``random_state``.
    folds : array-like, optional
        Explicit fold labels: one per respondent used (after listwise
        deletion), or a pandas Series indexed like ``data``; a 2-D array
        (repeats x respondents) gives one assignment per repetition.  It
        replaces ``k``, ``repeats`` and ``random_state``.

    Returns
    -------
    DataFrame
        Indexed by endogenous item (``item``), columns ``pls_rmse, pls_mae,
        lm_rmse, lm_mae, q2_predict`` (errors in the items' units, over all
        out-of-sample predictions; the LM benchmark as described in the module
        docstring); ``attrs`` record ``technique``, ``k`` (None when the given
        folds differ in number between repetitions), ``repeats`` and ``n_obs``.

    Raises
    ------
    CRMDataError
        Missing answers with ``missing="mean"``, folds whose training sample is
        too small or has a constant item, fold labels that do not fit the data.
    """
    if not isinstance(model, PLSPathModel):
        raise TypeError(f"plspredict needs a PLSPathModel, got {type(model).__name__}")
    if technique not in TECHNIQUES:
        raise ValueError(f"technique must be one of {TECHNIQUES}, got {technique!r}")
    require_single_stage(model, "plspredict")
    structure = model._structure()
    X, index = _complete_answers(model, data, structure)
    if hasattr(model, model._fitted_attribute) and _fingerprint(X) != model.data_fingerprint_:
        raise CRMDataError(f"the model was fitted on other data ({model.n_obs_} respondents); pass the data it was "
                           "fitted on, or an unfitted PLSPathModel with the same specification")
    labels = _fold_labels(folds, index, k, repeats, model.random_state if random_state is None else random_state)
    n_params = len(structure.indicators) + int(structure.adjacency.sum())
    test_of_row, fold_names = _fold_positions(labels, n_params)
    means, cov = _training_moments(X, labels, test_of_row, len(fold_names))
    # a constant training item can come out of the subtraction as a rounding-size negative variance
    sd = np.sqrt(np.maximum(np.diagonal(cov, axis1=1, axis2=2), 0.0))
    _check_constant_items(X, labels, sd, structure, fold_names)

    outcome_items = [i for j in structure.endogenous for i in structure.block(j)]
    pls_coef = _pls_coefficients(cov, sd, structure, outcome_items, technique, model)
    lm_coef = _lm_coefficients(cov, structure, outcome_items, technique, fold_names)

    actual, pls_hat, lm_hat, naive = [], [], [], []
    scale = sd if model.scaled else np.ones_like(sd)
    for positions in test_of_row:  # one k-fold repetition: every respondent predicted once
        m, s, q = means[positions], scale[positions], outcome_items
        z = (X - m) / s
        pls_hat.append(m[:, q] + sd[positions][:, q] * _per_fold_product(z, pls_coef, positions))
        lm_hat.append(m[:, q] + _per_fold_product(X - m, lm_coef, positions))
        naive.append(m[:, q])
        actual.append(X[:, q])
    actual, pls_hat, lm_hat, naive = (np.concatenate(a) for a in (actual, pls_hat, lm_hat, naive))
    pls_err, lm_err = actual - pls_hat, actual - lm_hat
    table = pd.DataFrame({
        "pls_rmse": np.sqrt((pls_err**2).mean(axis=0)), "pls_mae": np.abs(pls_err).mean(axis=0),
        "lm_rmse": np.sqrt((lm_err**2).mean(axis=0)), "lm_mae": np.abs(lm_err).mean(axis=0),
        "q2_predict": 1 - (pls_err**2).sum(axis=0) / ((actual - naive)**2).sum(axis=0),
    }, index=pd.Index([structure.indicators[i] for i in outcome_items], name="item"))
    fold_counts = {int(row.max()) + 1 for row in labels}
    table.attrs.update(technique=technique, k=fold_counts.pop() if len(fold_counts) == 1 else None,
                       repeats=len(labels), n_obs=len(X))
    return table


#: mean fold size below which per-respondent batched products beat a Python loop over the folds
_SMALL_FOLD = 20


def _per_fold_product(values: np.ndarray, coef: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Row i of ``values`` times ``coef[positions[i]]``: one matrix product per fold (not one per respondent)."""
    order = np.argsort(positions, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(positions[order]) != 0])
    if len(starts) * _SMALL_FOLD > len(values):  # tiny folds (leave-one-out): one batched product per respondent
        return (values[:, None, :] @ coef[positions])[:, 0]
    out = np.empty((len(values), coef.shape[2]))
    for rows, b in zip(np.split(order, starts[1:]), positions[order][starts]):
        out[rows] = values[rows] @ coef[b]
    return out


# ---------------------------------------------------------------------- data and folds
def _complete_answers(model: PLSPathModel, data, structure):
    """The item matrix of the respondents used; missing answers only with listwise deletion (counted)."""
    if not isinstance(data, pd.DataFrame):
        raise CRMDataError(f"data must be a pandas DataFrame of survey answers, got {type(data).__name__}")
    if model.missing != "listwise":
        present = [i for i in structure.indicators if i in data.columns]
        gaps = data[present].isna()
        if gaps.to_numpy().any():
            counts = gaps.sum()
            counts = counts[counts > 0]
            rows = list(data.index[gaps.any(axis=1)][:5])
            raise CRMDataError(
                f"plspredict needs complete answers, but {int(gaps.to_numpy().sum())} answers are missing "
                f"(per item: {counts.to_dict()}; first rows {rows}) and missing={model.missing!r} is not supported "
                "here: filling gaps from the full sample would leak the held-out answers into the training folds. Use "
                "PLSPathModel(missing='listwise') (drops the incomplete respondents with a count) or complete the data")
    return prepare_indicators(data, structure, missing="listwise", scale=getattr(model, "scale_", None))


def _cut_positions(n: int, k: int) -> np.ndarray:
    """Fold (0-based) of each position 1..n under R's ``cut(1:n, breaks=k)``: k contiguous, nearly equal blocks."""
    breaks = 1 + np.arange(k + 1) * (n - 1) / k
    return np.searchsorted(breaks[1:-1], np.arange(1, n + 1), side="left")


def _fold_labels(folds, index, k, repeats, random_state) -> np.ndarray:
    """Fold labels, shape (repeats, n): given, or drawn as shuffled contiguous blocks."""
    n = len(index)
    if folds is not None:
        if isinstance(folds, pd.Series):
            aligned = folds.reindex(index)
            if aligned.isna().any():
                raise CRMDataError(f"folds has no label for the respondents {list(index[aligned.isna()][:5])}; give "
                                   "a fold label for every respondent used")
            folds = aligned.to_numpy()
        labels = np.asarray(folds)
        if labels.ndim == 1:
            labels = labels[None]
        if labels.ndim != 2 or labels.shape[1] != n:
            raise CRMDataError(f"folds must hold one label per respondent used ({n}; after listwise deletion), or be "
                               f"a (repeats, {n}) array or a Series indexed like data; got shape {np.shape(folds)}")
        return np.stack([np.unique(row, return_inverse=True)[1].ravel() for row in labels])
    if int(k) != k or not 2 <= k <= n:
        raise CRMDataError(f"k must be a whole number of folds from 2 to the {n} respondents (k={n} is "
                           f"leave-one-out), got {k}")
    if int(repeats) != repeats or repeats < 1:
        raise ValueError(f"repeats must be a positive whole number, got {repeats}")
    rng = np.random.default_rng(random_state)
    blocks = _cut_positions(n, int(k))
    labels = np.empty((int(repeats), n), dtype=int)
    for r in range(int(repeats)):
        labels[r, rng.permutation(n)] = blocks
    return labels


def _fold_positions(labels: np.ndarray, n_params: int):
    """Stack position of every respondent's test fold per repetition, and (repetition, fold) names; size checks."""
    n = labels.shape[1]
    positions, names, offset = [], [], 0
    for r, row in enumerate(labels):
        sizes = np.bincount(row)
        if (sizes == 0).any():  # labels are 0..k-1 by construction; an empty fold would misalign the stack
            raise CRMDataError(f"repetition {r + 1} of folds has an empty fold")
        if len(sizes) < 2:
            raise CRMDataError(f"repetition {r + 1} of folds puts every respondent in one fold; use at least 2 folds")
        small = np.flatnonzero(n - sizes <= n_params)
        if small.size:
            f = small[0]
            raise CRMDataError(f"fold {f + 1} (repetition {r + 1}) holds {sizes[f]} of {n} respondents, leaving "
                               f"{n - sizes[f]} to train a model with {n_params} parameters; PLS needs more "
                               "training respondents than parameters: use more folds (larger k) or more data")
        positions.append(offset + row)
        names.extend((r, f) for f in range(len(sizes)))
        offset += len(sizes)
    return positions, names


def _training_moments(X, labels, test_of_row, n_folds):
    """Means and covariances (n-1) of every training sample: all respondents minus the fold's own."""
    n, p = X.shape
    centre = X.mean(axis=0)
    Xc = X - centre  # centring first keeps the subtraction of the fold's moments accurate
    test_sum, test_second, test_count = [], [], []
    for positions in test_of_row:  # sums over each fold's respondents: sort by fold, one Gram matrix per run
        order = np.argsort(positions, kind="stable")
        starts = np.flatnonzero(np.r_[True, np.diff(positions[order]) != 0])
        rows = Xc[order]
        test_sum.append(np.add.reduceat(rows, starts))
        if len(starts) * _SMALL_FOLD > n:  # tiny folds (leave-one-out): add up the respondents' outer products
            test_second.append(np.add.reduceat(rows[:, :, None] * rows[:, None, :], starts))
        else:
            test_second.append(np.stack([block.T @ block for block in np.split(rows, starts[1:])]))
        test_count.append(np.diff(np.r_[starts, n]))
    test_sum, test_second, test_count = (np.concatenate(a) for a in (test_sum, test_second, test_count))
    count = n - test_count
    mean = (Xc.sum(axis=0) - test_sum) / count[:, None]
    second = (Xc.T @ Xc)[None] - test_second
    cov = (second - count[:, None, None] * mean[:, :, None] * mean[:, None, :]) / (count - 1)[:, None, None]
    return centre + mean, cov


def _check_constant_items(X, labels, sd, structure, fold_names):
    """A CRMDataError for an item without variation in a training sample.

    The training variances come from subtracting the fold's moments from the
    full sample's, so a constant item shows as a rounding-size variance, not 0:
    suspiciously small ones are checked on the training rows themselves.
    """
    full = X.std(axis=0, ddof=1)
    for b, i in np.argwhere(~(sd > 1e-6 * full)):
        r, f = fold_names[b]
        train = X[labels[r] != f, i]
        if train.max() == train.min():
            raise CRMDataError(f"item '{structure.indicators[i]}' (construct "
                               f"'{structure.constructs[structure.mask[i].argmax()]}') is constant in the training "
                               f"sample of fold {f + 1} (repetition {r + 1}): every training respondent gives the same "
                               "answer. Use fewer folds, a different random_state, or drop the item")


# ---------------------------------------------------------------------- coefficients per fold
def _pls_coefficients(cov, sd, structure, outcome_items, technique, model):
    """M_f = W_f T_f L_f' per training fold (stack), mapping standardised answers to standardised outcome items."""
    S = cov / sd[:, :, None] / sd[:, None, :] if model.scaled else cov
    with np.errstate(invalid="ignore", divide="ignore"):
        est = alg.estimate(S, structure, scheme=model.scheme, max_iter=model.max_iter, tol=model.tol)
    if model.consistent:
        est = plsc.consistent_estimates(S, est, structure)
        undefined = int((~est.defined).sum())
        if undefined:
            raise CRMDataError(f"consistent PLS is undefined in {undefined} of {len(est.defined)} training folds "
                               "(a reflective construct has rho_A <= 0 there); use consistent=False or more data")
    finite = np.isfinite(est.paths).all(axis=(1, 2)) & np.isfinite(est.weights).all(axis=(1, 2))
    if not finite.all():
        raise CRMDataError(f"the model could not be estimated on {int((~finite).sum())} training folds (singular "
                           "item correlations, e.g. a Mode B block with collinear items); use fewer folds")
    slow = int((~est.converged).sum())
    if slow:
        warnings.warn(f"PLS algorithm did not converge in {model.max_iter} iterations (tol={model.tol}) on {slow} of "
                      f"{len(est.converged)} training folds; their predictions use the last iteration",
                      ConvergenceWarning, stacklevel=3)
    n_constructs = len(structure.constructs)
    exogenous = np.diag([0.0 if pred.size else 1.0 for pred in structure.predecessors])
    if technique == "direct":
        T = est.paths + exogenous
    else:
        T = exogenous @ np.linalg.inv(np.eye(n_constructs) - est.paths)
    loadings = est.loadings[:, outcome_items, :]
    return est.weights @ T @ np.swapaxes(loadings, 1, 2)


def _lm_coefficients(cov, structure, outcome_items, technique, fold_names):
    """OLS slopes (stack, items x outcome items) of the LM benchmark; zero for items that are not predictors."""
    n_folds, p = cov.shape[0], cov.shape[1]
    coef = np.zeros((n_folds, p, len(outcome_items)))
    exogenous = [j for j, pred in enumerate(structure.predecessors) if not pred.size]
    column = {item: c for c, item in enumerate(outcome_items)}
    for j in structure.endogenous:
        sources = structure.predecessors[j] if technique == "direct" else exogenous
        x = np.concatenate([structure.block(s) for s in sources])
        y = structure.block(j)
        Sxx = cov[:, x[:, None], x[None, :]]
        try:
            beta = np.linalg.solve(Sxx, cov[:, x[:, None], y[None, :]])
        except np.linalg.LinAlgError:
            beta = np.full((n_folds, len(x), len(y)), np.nan)
        if not np.isfinite(beta).all():
            b = int(np.flatnonzero(~np.isfinite(beta).all(axis=(1, 2)))[0])
            r, f = fold_names[b]
            raise CRMDataError(f"the LM benchmark of construct '{structure.constructs[j]}' cannot be fitted in fold "
                               f"{f + 1} (repetition {r + 1}): its predictor items "
                               f"{[structure.indicators[i] for i in x]} are collinear in the training sample")
        coef[:, x[:, None], [column[i] for i in y]] = beta
    return coef
