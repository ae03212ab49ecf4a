"""Moderation in PLS path models: interaction terms and simple slopes.

A moderator :math:`M` changes the strength of the effect of a construct
:math:`X` on an outcome :math:`Y`.  The moderated structural equation adds the
product of the two constructs to the main effects (Aiken & West 1991):

.. math::

    Y = b_X X + b_M M + b_{XM}\\,(X \\cdot M) + \\zeta,

so the effect of :math:`X` at moderator level :math:`m` (in standard
deviations of :math:`M`) is the **simple slope** :math:`b_X + b_{XM} m`.

In a path model the interaction ``"X*M"`` is a construct of its own, and PLS
needs indicators for it.  Two ways are offered (Henseler & Chin 2010; Hair,
Hult, Ringle & Sarstedt 2022, *A Primer on PLS-SEM*, 3rd ed., ch. 7), both as
seminr's ``interaction_term(iv, moderator, method=...)``:

``"two_stage"`` (Chin, Marcolin & Newsted 2003; Henseler & Chin 2010)
    Stage 1 estimates the main-effects model (the paths from the interaction
    removed).  The product of the standardised stage-1 scores
    :math:`\\hat Y_X \\hat Y_M` is the single indicator ``"X*M_intxn"`` of the
    interaction in stage 2, the full model.  It works whatever the modes of
    :math:`X` and :math:`M`, and is the approach Hair et al. (2022) recommend
    by default.
``"product_indicator"`` (Kenny & Judd 1984; Chin, Marcolin & Newsted 2003)
    Every product :math:`z_{x_i} z_{m_k}` of a standardised item of :math:`X`
    with a standardised item of :math:`M` is an indicator ``"x_i*m_k"`` of the
    interaction (the item of :math:`X` varies slowest), estimated in Mode A.
    Only for reflective (Mode A) :math:`X` and :math:`M`: the items of a
    formative construct are not interchangeable, so their products do not
    measure the interaction (Henseler & Chin 2010; Hair et al. 2022); a Mode B
    construct here is an error that points to ``"two_stage"``.

**Scale of the interaction score.**  As seminr (after Henseler & Chin 2010),
the converged interaction score is multiplied by the loading-weighted mean
standard deviation of its indicators,
:math:`c = \\sum_i s_i |\\lambda_i| / \\sum_i |\\lambda_i|` (:math:`s_i` the
standard deviation of generated indicator :math:`i`, :math:`\\lambda_i` its
loading).  The reported path from the interaction is therefore
:math:`b_{XM} = \\beta_{XM} / c` and the reported loadings of its indicators
are :math:`c\\lambda_i`; weights, R² and all other paths do not change.  With
the two-stage approach :math:`c` is the standard deviation of
:math:`\\hat Y_X \\hat Y_M`, so :math:`b_{XM}` is the effect of one unit of the
product of the standardised scores -- the coefficient the simple slopes need.

**Bootstrap.**  Every resample reruns the whole procedure on the resampled
respondents: standardise the items, build the products (or estimate stage 1),
estimate stage 2 and rescale, as seminr's ``bootstrap_model`` does.  All
resamples are processed together as a stack.

The interaction terms are declared on :class:`~crm_analysis.satisfaction.PLSPathModel`::

    PLSPathModel(paths + [("Image*Expectation", "Satisfaction")], blocks,
                 interactions={"Image*Expectation": "two_stage"})

The model must contain the main effects of both constructs on every outcome
of their interaction (a product term without its main effects confounds the
moderation with the main effects; Hair et al. 2022, ch. 7).

References: Aiken & West (1991) *Multiple Regression: Testing and
Interpreting Interactions*, Sage; Chin, Marcolin & Newsted (2003) *Information
Systems Research* 14(2), 189-217; Henseler & Chin (2010) *Structural Equation
Modeling* 17(1), 82-109; Hair et al. (2022) *A Primer on PLS-SEM*, 3rd ed.
"""
from __future__ import annotations

import dataclasses
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..exceptions import ConvergenceWarning, CRMDataError
from ..plotting import finish, get_ax
from . import pls_algorithm as alg
from .pls_data import path_pairs, validate_specification

__all__ = ["INTERACTION_METHODS", "simple_slopes", "plot_simple_slopes"]

#: the ways of measuring an interaction construct
INTERACTION_METHODS = ("two_stage", "product_indicator")


@dataclass(frozen=True)
class InteractionTerm:
    """One interaction construct ``iv*moderator``: how it is measured and the names of its generated indicators."""

    name: str
    iv: str
    moderator: str
    method: str
    indicators: tuple


@dataclass(frozen=True)
class InteractionPlan:
    """The two structures of a moderated model and how to go from the items to the stage-2 data.

    ``main`` is the model of the measured items without the interaction terms
    (the stage-1 model of the two-stage approach, and the columns read from the
    survey); ``full`` adds every interaction construct, measured by its
    generated indicators, which come after the measured items.
    """

    terms: tuple
    main: alg.ModelStructure
    full: alg.ModelStructure

    # ------------------------------------------------------------------ stage-2 data
    def stage_two_data(self, items: np.ndarray, *, scheme: str, max_iter: int, tol: float):
        """Append the generated indicators to a stack of item matrices.

        ``items`` has shape (B, n, p) (the measured items of B resamples, in
        the order of ``main.indicators``); missing answers (NaN) are replaced
        by the item's mean within its resample first (seminr's
        ``mean_replacement`` inside ``bootstrap_model``).  Returns the (B, n, p + q) stack of
        items and generated indicators, and a (B,) bool array: whether stage 1
        converged (always true without a two-stage term).
        """
        n = items.shape[1]
        if np.isnan(items).any():  # answers with gaps: mean replacement within each resample, as seminr
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # an item with no answer in a resample: NaN, dropped
                items = np.where(np.isnan(items), np.nanmean(items, axis=1, keepdims=True), items)
        with np.errstate(invalid="ignore", divide="ignore"):
            z = (items - items.mean(axis=1, keepdims=True)) / items.std(axis=1, ddof=1, keepdims=True)
        converged = np.ones(items.shape[0], dtype=bool)
        scores = None
        columns = [items]
        measured = list(self.main.indicators)
        for term in self.terms:
            if term.method == "product_indicator":
                a = [measured.index(i) for i in self._block(term.iv)]
                m = [measured.index(i) for i in self._block(term.moderator)]
                products = z[:, :, a, None] * z[:, :, None, m]
                columns.append(products.reshape(items.shape[0], n, len(a) * len(m)))
                continue
            if scores is None:
                with np.errstate(invalid="ignore", divide="ignore"):
                    first = alg.estimate(np.swapaxes(z, 1, 2) @ z / (n - 1), self.main, scheme=scheme,
                                         max_iter=max_iter, tol=tol)
                scores = z @ first.weights  # standardised stage-1 scores
                converged &= first.converged
            i, j = self.main.constructs.index(term.iv), self.main.constructs.index(term.moderator)
            columns.append((scores[:, :, i] * scores[:, :, j])[:, :, None])
        return np.concatenate(columns, axis=2), converged

    def add_interaction_columns(self, items: np.ndarray, *, scheme: str, max_iter: int, tol: float) -> np.ndarray:
        """The (n, p + q) stage-2 data of one sample; warns when stage 1 does not converge."""
        data, converged = self.stage_two_data(items[None], scheme=scheme, max_iter=max_iter, tol=tol)
        if not converged[0]:
            warnings.warn(f"stage 1 of the two-stage interaction terms did not converge in {max_iter} iterations "
                          f"(tol={tol}); the product scores are from its last iteration", ConvergenceWarning,
                          stacklevel=3)
        return data[0]

    # ------------------------------------------------------------------ rescaling
    def rescale(self, est: alg.PLSEstimates, data: np.ndarray):
        """Express the interaction scores in the units of their indicators (see the module docstring).

        ``data`` is the (B, n, p + q) stage-2 data of ``est``.  Returns the
        estimates with the paths from and loadings of each interaction
        construct rescaled, and the (B, J) factors :math:`c` (1 for the other
        constructs) by which the standardised scores are multiplied.
        """
        sd = data.std(axis=1, ddof=1)
        factor = np.ones(est.paths.shape[:2])
        for term in self.terms:
            j = self.full.constructs.index(term.name)
            idx = self.full.block(j)
            weight = np.abs(est.loadings[:, idx, j])
            factor[:, j] = (sd[:, idx] * weight).sum(axis=1) / weight.sum(axis=1)
        rescaled = dataclasses.replace(est, paths=est.paths / factor[:, :, None],
                                       loadings=est.loadings * factor[:, None, :])
        return rescaled, factor

    # ------------------------------------------------------------------ bootstrap
    def bootstrap_estimates(self, items: np.ndarray, indices: np.ndarray, *, scheme: str, max_iter: int, tol: float,
                            chunk: int = 100) -> dict:
        """Rerun the whole moderated estimation on the resamples ``items[indices[b]]``.

        Same output as :func:`crm_analysis.satisfaction.pls._bootstrap_estimates`:
        indices, paths, weights and loadings of the resamples that could be
        estimated; the others (no convergence in either stage, a constant
        resampled item) are dropped with a warning that counts them.
        """
        n = items.shape[0]
        parts, keep = [], []
        for start in range(0, indices.shape[0], chunk):
            data, first_ok = self.stage_two_data(items[indices[start:start + chunk]], scheme=scheme,
                                                 max_iter=max_iter, tol=tol)
            centred = data - data.mean(axis=1, keepdims=True)
            S = np.swapaxes(centred, 1, 2) @ centred / (n - 1)
            with np.errstate(invalid="ignore", divide="ignore"):
                sd = np.sqrt(np.diagonal(S, axis1=1, axis2=2))
                S = S / sd[:, :, None] / sd[:, None, :]
                est = alg.estimate(S, self.full, scheme=scheme, max_iter=max_iter, tol=tol)
                est, _ = self.rescale(est, data)
            parts.append(est)
            keep.append(est.converged & first_ok & np.isfinite(est.paths).all(axis=(1, 2)))
        return alg.kept_resamples(indices, parts, np.concatenate(keep),
                                  "no convergence in stage 1 or 2, or a constant item")

    def _block(self, construct: str) -> list:
        j = self.main.constructs.index(construct)
        return [self.main.indicators[i] for i in self.main.block(j)]


def plan_interactions(paths, blocks, modes, interactions) -> InteractionPlan:
    """Check the interaction terms of a model and build its :class:`InteractionPlan`.

    ``interactions`` is ``{"iv*moderator": "two_stage" | "product_indicator"}``;
    every name must appear as the source of a path in ``paths``, and both
    constructs need a block and a main effect on each outcome of the term.
    """
    if not isinstance(interactions, dict) or not interactions:
        raise CRMDataError("interactions must be a non-empty dict {'iv*moderator': 'two_stage' | "
                           f"'product_indicator'}}, got {interactions!r}")
    paths = path_pairs(paths, blocks)
    modes = dict(modes or {})
    terms = []
    for name, method in interactions.items():
        parts = [p.strip() for p in str(name).split("*")]
        if len(parts) != 2 or not all(parts):
            raise CRMDataError(f"interaction {name!r} must be named 'iv*moderator' (two constructs joined by '*')")
        iv, moderator = parts
        for role, construct in (("iv", iv), ("moderator", moderator)):
            if construct not in blocks:
                raise CRMDataError(f"interaction '{name}' names the {role} construct '{construct}', which is not in "
                                   f"blocks (constructs: {list(blocks)})")
        if name in blocks:
            raise CRMDataError(f"interaction '{name}' must not have a block: its indicators are built from the "
                               f"blocks of '{iv}' and '{moderator}'")
        if method not in INTERACTION_METHODS:
            raise CRMDataError(f"method of interaction '{name}' must be one of {INTERACTION_METHODS}, got {method!r}")
        formative = [c for c in (iv, moderator) if modes.get(c, "A") == "B"]
        if method == "product_indicator" and formative:
            raise CRMDataError(f"interaction '{name}': construct(s) {formative} are formative (Mode B), and products "
                               "of formative items do not measure an interaction (Henseler & Chin 2010; Hair et al. "
                               f"2022, ch. 7); use interactions={{'{name}': 'two_stage'}}")
        targets = [t for s, t in paths if s == name]
        if not targets:
            raise CRMDataError(f"interaction '{name}' is declared but no path starts from it; add "
                               f"('{name}', outcome) to paths or remove it from interactions")
        for target in targets:
            absent = [c for c in dict.fromkeys((iv, moderator)) if (c, target) not in paths]
            if absent:
                raise CRMDataError(f"the interaction '{name}' -> '{target}' needs the main effect(s) "
                                   f"{[f'{c} -> {target}' for c in absent]} in paths (a product term without its main "
                                   "effects confounds moderation with them; Hair et al. 2022, ch. 7)")
        if method == "two_stage":
            generated = (f"{name}_intxn",)
        else:
            generated = tuple(f"{a}*{b}" for a in blocks[iv] for b in blocks[moderator])
        terms.append(InteractionTerm(name=name, iv=iv, moderator=moderator, method=method, indicators=generated))
    declared = {t.name for t in terms}
    for s, t in paths:
        if t in declared:
            raise CRMDataError(f"interaction '{t}' is the target of the path ('{s}', '{t}'); an interaction term "
                               "can only be a predictor")
        if "*" in s and s not in declared and s not in blocks:
            raise CRMDataError(f"path ('{s}', '{t}') starts from the interaction term '{s}', which is not declared: "
                               f"pass interactions={{'{s}': 'two_stage'}} (or 'product_indicator')")
    main_paths = [(s, t) for s, t in paths if s not in declared]
    main = validate_specification(main_paths, blocks, modes)
    full = validate_specification(paths, {**blocks, **{t.name: list(t.indicators) for t in terms}}, modes)
    return InteractionPlan(terms=tuple(terms), main=main, full=full)


# ---------------------------------------------------------------------- simple slopes
def _slope_coefficients(model, iv: str, moderator: str, dv: str):
    """Positions (iv, moderator, interaction) in the model's constructs, after checking the moderated path."""
    model._check_fitted()
    constructs = list(model.path_coefficients_.index)
    terms = {t: tuple(p.strip() for p in t.split("*")) for t in (getattr(model, "interactions", None) or {})}
    name = next((t for t, parts in terms.items() if parts == (iv, moderator)), None)
    if name is None:
        raise CRMDataError(f"the model has no interaction term '{iv}*{moderator}' (its interaction terms: "
                           f"{list(terms)}); declare it with PLSPathModel(..., interactions={{'{iv}*{moderator}': "
                           "'two_stage'}) and a path from it")
    if (name, dv) not in model.paths_list_:
        raise CRMDataError(f"there is no path from the interaction '{name}' to '{dv}'; its outcomes: "
                           f"{[t for s, t in model.paths_list_ if s == name]}")
    return constructs.index(iv), constructs.index(moderator), constructs.index(name), constructs.index(dv)


def simple_slopes(model, iv: str, moderator: str, dv: str, levels=(-1, 0, 1)) -> pd.DataFrame:
    """Effect of ``iv`` on ``dv`` at chosen levels of ``moderator`` (in standard deviations).

    From the moderated equation :math:`\\hat Y = b_X x + b_M m + b_{XM} x m`
    (standardised scores; Aiken & West 1991, ch. 2), the line of ``dv`` against
    ``iv`` at moderator level :math:`m` has

    * ``slope`` :math:`= b_X + b_{XM} m` (the simple slope), and
    * ``intercept`` :math:`= b_M m` (the value at the mean of ``iv``),

    with :math:`b_{XM}` the reported path from the interaction (per unit of the
    product of the standardised scores; see the module docstring).  These are
    the lines of seminr's ``slope_analysis``.  The intercepts ignore the small
    shift from centring the product (its mean is the correlation of the two
    scores), as seminr and Hair et al. (2022) do; the slopes are exact.

    When :meth:`PLSPathModel.bootstrap` has been run, the slope of every level
    is also computed on each of its resamples, giving ``std_err`` (bootstrap
    SD) and the percentile interval ``ci_lower``, ``ci_upper`` at the model's
    ``bootstrap_ci_level_``.

    Returns
    -------
    DataFrame indexed by ``level`` (moderator level in SD), columns
    ``intercept, slope`` (plus ``std_err, ci_lower, ci_upper`` after a bootstrap).
    """
    i, m, k, y = _slope_coefficients(model, iv, moderator, dv)
    levels = np.asarray(levels, dtype=float)
    if levels.ndim != 1 or not levels.size or not np.isfinite(levels).all():
        raise ValueError(f"levels must be a non-empty list of finite moderator levels (in SD), got {levels!r}")
    B = model.path_coefficients_.to_numpy()
    out = pd.DataFrame({"intercept": B[m, y] * levels, "slope": B[i, y] + B[k, y] * levels},
                       index=pd.Index(levels, name="level"))
    draws = getattr(model, "_bootstrap_paths", None)
    if draws is not None:
        slopes = draws[:, i, y][:, None] + draws[:, k, y][:, None] * levels[None, :]
        level = model.bootstrap_ci_level_
        quantiles = np.quantile(slopes, [(1 - level) / 2, (1 + level) / 2], axis=0)
        out["std_err"] = slopes.std(axis=0, ddof=1)
        out["ci_lower"], out["ci_upper"] = quantiles[0], quantiles[1]
    out.attrs.update(iv=iv, moderator=moderator, dv=dv)
    return out


def _level_label(moderator: str, level: float) -> str:
    if level == 0:
        return f"{moderator} at mean"
    return f"{moderator} at {level:+g} SD"


def plot_simple_slopes(model, iv: str, moderator: str, dv: str, levels=(-1, 0, 1), *, ax=None, span: float = 1.0):
    """Simple-slope lines of ``dv`` against ``iv`` at the moderator ``levels`` (:func:`simple_slopes`).

    The lines run over ``iv`` from ``-span`` to ``+span`` standard deviations
    (seminr's ``slope_analysis`` plots -1 to +1).  Returns the Axes.
    """
    table = simple_slopes(model, iv, moderator, dv, levels)
    ax = get_ax(ax)
    x = np.array([-span, span])
    styles = ["--", "-", ":", "-.", (0, (5, 1)), (0, (1, 3))]
    for n, (level, row) in enumerate(table.iterrows()):
        ax.plot(x, row["intercept"] + row["slope"] * x, color="black", linestyle=styles[n % len(styles)],
                label=_level_label(moderator, level))
    return finish(ax, title=f"Moderation by {moderator}: simple slopes of {dv} on {iv}",
                  xlabel=f"{iv} (standardised score)", ylabel=f"{dv} (standardised score)", legend=True)
