"""Time-invariant customer covariates for the Pareto/NBD and BG/NBD models.

Each customer *i* carries two vectors of characteristics that do not change
over the observation window: :math:`z_i^{(p)}` for the purchase process and
:math:`z_i^{(d)}` for drop-out (the same columns may appear in both).  They
scale one parameter of each mixing distribution, as in Fader & Hardie (2007)
and CLVTools:

==========  ===========================================  ===========================================
model       purchase process                             drop-out process
==========  ===========================================  ===========================================
Pareto/NBD  :math:`\\alpha_i = \\alpha_0 e^{-\\gamma_p' z_i}`  :math:`\\beta_i = \\beta_0 e^{-\\gamma_d' z_i}`
BG/NBD      :math:`\\alpha_i = \\alpha_0 e^{-\\gamma_p' z_i}`  :math:`b_i = b_0 e^{-\\gamma_d' z_i}`
==========  ===========================================  ===========================================

So the sign of an effect reads the same way in both models: **a positive
purchase effect means more purchases** (the mean purchase rate
:math:`E[\\lambda_i] = r/\\alpha_i` is multiplied by :math:`e^{\\gamma_p' z_i}`)
and **a positive drop-out effect means more drop-out** (Pareto/NBD: the mean
death rate :math:`E[\\mu_i] = s/\\beta_i` is multiplied by :math:`e^{\\gamma_d' z_i}`;
BG/NBD: the odds :math:`a/b_i` of the mean drop-out probability
:math:`E[p_i] = a/(a+b_i)` are multiplied by :math:`e^{\\gamma_d' z_i}`).  The
shapes ``r``, ``s`` (and BG/NBD's ``a``) are shared by everyone.

The Pareto/NBD form is Fader & Hardie's (2007) and CLVTools'
(``pnbd_staticcov``).  For BG/NBD, Fader & Hardie write :math:`a = a_0 e^{\\gamma_2' z}`,
:math:`b = b_0 e^{\\gamma_3' z}` with two coefficient vectors; we keep one
effect per column, :math:`\\gamma_2 = 0,\\ \\gamma_3 = -\\gamma_d`, so that each
effect is the log odds ratio of the mean drop-out probability.  (CLVTools'
``bgnbd_staticcov`` ties :math:`\\gamma_3 = \\gamma_2`: scaling ``a`` and ``b``
together leaves the mean :math:`a/(a+b)` unchanged and moves only the spread
of drop-out probabilities, so its sign has no "more or less drop-out" reading.)

With every :math:`z_i = 0` (or every effect 0) the models are exactly the
plain ones, and the plain model is nested in the covariate model: the
likelihood-ratio statistic :math:`2(\\ell_{cov} - \\ell_{plain})` is
asymptotically :math:`\\chi^2` with as many degrees of freedom as effects when
the covariates do nothing.

Estimation
----------
The log-likelihood is the model's usual per-customer likelihood evaluated at
each customer's own parameters :math:`\\theta_i`.  Its gradient follows from
the chain rule: with :math:`\\theta_{ij} = \\theta_{0j}\\,e^{-\\gamma' z_i}` for
the scaled parameter ``j``,

.. math::

    \\frac{\\partial \\ell}{\\partial \\theta_{0j}} = \\sum_i w_i\\,\\frac{\\partial \\ell_i}{\\partial \\theta_{ij}}
        \\frac{\\theta_{ij}}{\\theta_{0j}},\\qquad
    \\frac{\\partial \\ell}{\\partial \\gamma_k} = -\\sum_i w_i\\,\\frac{\\partial \\ell_i}{\\partial \\theta_{ij}}
        \\,\\theta_{ij}\\,z_{ik}.

Rows are compressed on :math:`(x, t_x, T, z)` together.  The optimiser works
on standardised covariates (each column centred and divided by its standard
deviation), which puts every effect on the same footing whatever the units
(ages, incomes, 0/1 flags); the estimates and their covariance are mapped
back to the caller's units exactly (the map is linear on the estimation
scale: :math:`\\log\\theta_0` absorbs the centring).  The base parameters are
estimated on the log scale, the effects on their natural scale;
``covariance_log_`` covers both.

References
----------
Fader, P. S. & Hardie, B. G. S. (2007). Incorporating time-invariant
covariates into the Pareto/NBD and BG/NBD models. http://brucehardie.com/notes/019/
Bachmann, P., Meierer, M. & Näf, J. (2021). The role of time-varying
contextual factors in latent attrition models for customer base analysis.
*Marketing Science* 40(4), 783-809 (CLVTools, static covariates).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError
from ..validation import N_EXAMPLES, offending_rows

PURCHASE, DROPOUT = "purchase", "dropout"
KINDS = (PURCHASE, DROPOUT)
#: key of the :class:`Design` in a model's data dict (the dict of compressed columns)
KEY = "_covariates"


def argument(kind: str) -> str:
    """The keyword that carries covariates of ``kind``: ``purchase_covariates`` or ``dropout_covariates``."""
    return f"{kind}_covariates"


def effect_names(kind: str, columns) -> list[str]:
    """Row names of the effects in ``params_``: ``purchase:<column>``, ``dropout:<column>``."""
    return [f"{kind}:{c}" for c in columns]


def _ids(labels, n: int = N_EXAMPLES) -> str:
    labels = list(labels)
    more = f" (first {n} of {len(labels)})" if len(labels) > n else f" ({len(labels)} in total)"
    return f"{labels[:n]}{more}"


def _as_frame(covariates, what: str) -> pd.DataFrame:
    if isinstance(covariates, pd.Series):
        if covariates.name is None:
            raise CRMDataError(f"{what} as a Series needs a name (it becomes the covariate's column name)")
        return covariates.to_frame()
    if not isinstance(covariates, pd.DataFrame):
        raise CRMDataError(f"{what} must be a pandas DataFrame indexed by customer id (one numeric column per "
                           f"covariate), got {type(covariates).__name__}")
    return covariates


def covariate_matrix(covariates, index: pd.Index, what: str, *, columns=None, fitting: bool = True):
    """Check ``covariates`` against the customers ``index`` and return ``(matrix (n, k), column names)``.

    Rows are aligned by customer id (the DataFrame's index), not by position.
    ``columns`` (predictions) selects the columns the model was fitted with,
    so a wider frame is fine.  Raises a CRMDataError naming the column and
    rows for: a customer of ``index`` without a row; (``fitting``) a row for a
    customer not in ``index``; duplicated ids or column names; non-numeric,
    missing or infinite values; (``fitting``) a constant column.  The caller's
    frame is only read.
    """
    frame = _as_frame(covariates, what)
    if columns is None:
        if frame.shape[1] == 0:
            raise CRMDataError(f"{what} has no columns: pass None for no covariates")
        columns = list(frame.columns)
    else:
        columns = list(columns)
        absent = [c for c in columns if c not in frame.columns]
        if absent:
            raise CRMDataError(f"{what} is missing column(s) {absent} the model was fitted with; it has "
                               f"{list(frame.columns)}")
    if frame.columns.duplicated().any():
        raise CRMDataError(f"{what} has duplicated column names {list(frame.columns[frame.columns.duplicated()])}")
    if frame.index.duplicated().any():
        raise CRMDataError(f"{what} has more than one row for customer(s) "
                           f"{_ids(frame.index[frame.index.duplicated()].unique())}")
    if index.duplicated().any():
        raise CRMDataError(f"summary has more than one row for customer(s) {_ids(index[index.duplicated()].unique())}"
                           f", so {what} cannot be matched to it by customer id")
    missing = index.difference(frame.index, sort=False) if not index.equals(frame.index) else index[:0]
    if len(missing):
        hint = ""
        if len(missing) == len(index):  # nothing matches: usually the index is not the customer id, or not as text
            hint = (f"; no id matches at all: {what} is indexed by {_ids(frame.index[:3])} ({frame.index.dtype}) "
                    f"and summary by {_ids(index[:3])} ({index.dtype}); set the customer id column as the index, "
                    f"read as text (ids such as 00123 keep their leading zeros)")
        raise CRMDataError(f"{what} has no row for {len(missing)} customer(s) of summary: {_ids(missing)} "
                           f"(rows are matched by customer id, the index){hint}")
    if fitting and len(frame.index) != len(index):
        extra = frame.index.difference(index, sort=False)
        raise CRMDataError(f"{what} has {len(extra)} row(s) for customers not in summary: {_ids(extra)} (rows are "
                           f"matched by customer id; select the summary's customers, covariates.loc[summary.index])")
    aligned = frame[columns] if frame.index.equals(index) else frame[columns].reindex(index)
    matrix = np.empty((len(index), len(columns)))
    for j, column in enumerate(columns):
        values = aligned.iloc[:, j]
        if pd.api.types.is_bool_dtype(values):
            numbers = values.astype(float)
        elif pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_complex_dtype(values):
            numbers = values.astype(float)
        else:
            numbers = pd.to_numeric(values, errors="coerce")
            text = numbers.isna() & values.notna()
            if text.any():
                raise CRMDataError(f"column '{column}' of {what} must be numeric: non-numeric values in "
                                   f"{offending_rows(text, index)}, e.g. {values[text].iloc[0]!r}; encode a category "
                                   f"as 0/1 columns (pandas.get_dummies(..., drop_first=True))")
        numbers = numbers.to_numpy(dtype=float)
        bad = ~np.isfinite(numbers)
        if bad.any():
            raise CRMDataError(f"column '{column}' of {what} has missing or infinite values in "
                               f"{offending_rows(bad, index)}")
        if fitting and len(numbers) and numbers.min() == numbers.max():
            raise CRMDataError(f"column '{column}' of {what} is constant ({numbers[0]:g} in all {len(numbers)} rows): "
                               f"its effect cannot be told apart from the base parameter; drop the column")
        matrix[:, j] = numbers
    return matrix, columns


def check_not_collinear(matrix: np.ndarray, weights: np.ndarray, columns, what: str) -> None:
    """CRMDataError naming the first column that is a linear combination of the constant and earlier columns."""
    w = np.sqrt(weights / weights.sum())[:, None]
    basis = w.copy()
    for j, column in enumerate(columns):
        trial = np.hstack([basis, w * matrix[:, j:j + 1]])
        s = np.linalg.svd(trial, compute_uv=False)
        if s[-1] <= 1e-10 * s[0]:
            earlier = list(columns[:j])
            raise CRMDataError(f"column '{column}' of {what} is a linear combination of the constant"
                               f"{' and ' + str(earlier) if earlier else ''} (e.g. a full set of 0/1 category "
                               f"columns, or a copy of another column): its effect cannot be estimated; drop it")
        basis = trial


@dataclass
class Design:
    """Covariates of the distinct rows of one fit or one prediction.

    ``matrices[kind]`` is the (rows, k) matrix of ``kind`` (``"purchase"`` or
    ``"dropout"``); ``targets[kind]`` the position of the base parameter it
    scales; ``k_base`` the number of base parameters.  A fit's design holds
    standardised matrices (``center``, ``scale``); a prediction's the raw ones.
    """

    matrices: dict
    targets: dict
    k_base: int
    columns: dict = field(default_factory=dict)
    center: dict = field(default_factory=dict)
    scale: dict = field(default_factory=dict)

    @property
    def kinds(self):
        return [kind for kind in KINDS if kind in self.matrices]

    @property
    def n_effects(self) -> int:
        return sum(self.matrices[kind].shape[1] for kind in self.kinds)

    @property
    def effect_names(self) -> list[str]:
        return [name for kind in self.kinds for name in effect_names(kind, self.columns[kind])]

    def subset(self, rows) -> "Design":
        return Design({k: m[rows] for k, m in self.matrices.items()}, self.targets, self.k_base, self.columns,
                      self.center, self.scale)

    def effects(self, params) -> dict:
        """The effect vectors of ``params`` (base parameters first, then purchase, then drop-out effects)."""
        out, start = {}, self.k_base
        for kind in self.kinds:
            k = self.matrices[kind].shape[1]
            out[kind] = np.asarray(params[start:start + k], dtype=float)
            start += k
        return out

    def row_params(self, params) -> list:
        """Per-row parameters: the base ones, with each targeted one times :math:`e^{-\\gamma' z_i}` (an array)."""
        theta = [float(v) for v in params[:self.k_base]]
        for kind, gamma in self.effects(params).items():
            j = self.targets[kind]
            theta[j] = theta[j] * np.exp(-(self.matrices[kind] @ gamma))
        return theta

    # ---------------------------------------------------------------- estimation scale
    def natural(self, eta: np.ndarray) -> np.ndarray:
        """Estimation scale -> natural scale: exp of the base parameters, effects as they are."""
        params = np.array(eta, dtype=float)
        params[:self.k_base] = np.exp(params[:self.k_base])
        return params

    def d_natural(self, params: np.ndarray) -> np.ndarray:
        """d(natural)/d(estimation scale), elementwise: the base parameters themselves, 1 for the effects."""
        jac = np.ones(len(params))
        jac[:self.k_base] = params[:self.k_base]
        return jac

    def to_original_units(self) -> np.ndarray:
        """Linear map J from the standardised estimation scale to the caller's units: ``eta = J eta_std``.

        With :math:`\\tilde z = (z - m)/s`, :math:`\\theta_0 e^{-\\tilde\\gamma'\\tilde z}
        = \\theta_0 e^{\\tilde\\gamma' m/s}\\,e^{-(\\tilde\\gamma/s)' z}`: the effect becomes
        :math:`\\tilde\\gamma_k/s_k` and :math:`\\log\\theta_0` gains :math:`\\sum_k \\tilde\\gamma_k m_k/s_k`.
        """
        size = self.k_base + self.n_effects
        jac = np.eye(size)
        start = self.k_base
        for kind in self.kinds:
            m, s = self.center[kind], self.scale[kind]
            k = len(m)
            jac[self.targets[kind], start:start + k] = m / s
            jac[start:start + k, start:start + k] = np.diag(1 / s)
            start += k
        return jac

    # ---------------------------------------------------------------- likelihood
    def total_loglik(self, model, params: np.ndarray, data: dict, weights: np.ndarray):
        """Weighted total log-likelihood and its gradient in (base parameters, effects) by the chain rule."""
        theta = self.row_params(params)
        ll, grad = model._loglik_rows(theta, data)
        total = float(np.dot(weights, ll))
        gradient = np.empty(len(params))
        gradient[:self.k_base] = weights @ grad
        start = self.k_base
        for kind in self.kinds:
            j = self.targets[kind]
            k = self.matrices[kind].shape[1]
            scaled = weights * grad[:, j] * theta[j]  # w_i dl_i/dtheta_ij theta_ij
            gradient[j] = scaled.sum() / params[j]
            gradient[start:start + k] = -(scaled @ self.matrices[kind])
            start += k
        return total, gradient


def fit_data(model, summary: pd.DataFrame, frames: dict):
    """Validated, compressed fit data with a standardised :class:`Design`: ``(data dict, weights)``.

    Rows are compressed on ``(x, t_x, T, z)``; identical customers (same
    history and covariates) are evaluated once.
    """
    from ._btyd_base import WEIGHT_COLUMN, compress_rows

    table = model._validate(summary)
    index = table.index
    weight = table[WEIGHT_COLUMN].to_numpy() if WEIGHT_COLUMN in table.columns else None
    raw, names = {}, {}
    for kind, frame in frames.items():
        raw[kind], names[kind] = covariate_matrix(frame, index, argument(kind), fitting=True)
        check_not_collinear(raw[kind], np.ones(len(index)) if weight is None else weight, names[kind],
                            argument(kind))
    columns = [table[c].to_numpy(dtype=float) for c in model._columns]
    for kind in raw:
        columns += list(raw[kind].T)
    unique, weights, _ = compress_rows(columns, weight)
    data = dict(zip(model._columns, unique[:len(model._columns)]))
    start = len(model._columns)
    matrices, center, scale = {}, {}, {}
    for kind in raw:
        k = raw[kind].shape[1]
        z = np.column_stack(unique[start:start + k])
        start += k
        m = np.average(z, axis=0, weights=weights)
        s = np.sqrt(np.average((z - m) ** 2, axis=0, weights=weights))
        if np.any(s <= 0):
            column = names[kind][int(np.flatnonzero(s <= 0)[0])]
            raise CRMDataError(f"column '{column}' of {argument(kind)} is constant among the customers with a "
                               f"positive weight: its effect cannot be estimated; drop the column")
        matrices[kind], center[kind], scale[kind] = (z - m) / s, m, s
    targets = {kind: model._param_names.index(model._covariate_targets[kind]) for kind in raw}
    data[KEY] = Design(matrices, targets, len(model._param_names), names, center, scale)
    return data, weights


def prediction_matrices(model, frames: dict, index: pd.Index) -> dict:
    """The fitted covariate columns of ``frames`` aligned to the customers ``index`` (extra rows are ignored)."""
    return {kind: covariate_matrix(frame, index, argument(kind), columns=model_columns(model, kind),
                                   fitting=False)[0]
            for kind, frame in frames.items()}


def model_columns(model, kind: str) -> list:
    return list(getattr(model, f"{kind}_covariates_", None) or [])


def prediction_design(model, matrices: dict) -> Design:
    targets = {kind: model._param_names.index(model._covariate_targets[kind]) for kind in matrices}
    return Design(matrices, targets, len(model._param_names), {k: model_columns(model, k) for k in matrices})


def single_row(covariates, what: str) -> pd.DataFrame:
    """One customer's covariates (a Series or mapping by column, or a one-row DataFrame) as a one-row frame."""
    if isinstance(covariates, pd.DataFrame):
        if len(covariates) != 1:
            raise CRMDataError(f"{what} for a new customer must be one row (a Series or mapping by column, or a "
                               f"one-row DataFrame), got {len(covariates)} rows")
        return covariates
    if isinstance(covariates, pd.Series):
        return covariates.to_frame().T
    if isinstance(covariates, dict):
        return pd.DataFrame([covariates])
    raise CRMDataError(f"{what} for a new customer must be a Series or mapping by column, or a one-row DataFrame, "
                       f"got {type(covariates).__name__}")
