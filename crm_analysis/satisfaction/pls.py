"""PLS path modeling (PLS-PM / PLS-SEM) of satisfaction models such as the ECSI and the ACSI.

A PLS path model has two parts.  The **measurement (outer) model** says which
survey items measure each construct: every construct score is a weighted sum of
its items, :math:`Y_j = \\sum_i w_{ij} x_i`, with weights estimated in Mode A
(reflective constructs: items are exchangeable consequences of the construct)
or Mode B (formative constructs: items are ingredients that jointly make it).
The **structural (inner) model** is a recursive system of regressions between
construct scores, :math:`Y_j = \\sum_{k \\to j} \\beta_{kj} Y_k + \\zeta_j`.  The
weights come from Wold's alternating algorithm (see
:mod:`crm_analysis.satisfaction.pls_algorithm`); the path coefficients are
standardised OLS coefficients between the scores.

Conventions (chosen to match R plspm and seminr):

* ``scaled=True`` standardises the items (plspm's default and seminr's only
  choice); ``scaled=False`` only centres them, as plspm's ``scaled=FALSE``, so
  items with more spread get more weight and the weights are in item units.
* Scores are standardised to mean 0 and standard deviation 1 (n-1 divisor, as
  seminr; plspm uses the n divisor, a factor :math:`\\sqrt{n/(n-1)}`).
  Path coefficients, loadings, R² and GoF do not depend on this choice.
* Loadings are correlations between an item and its construct score.
* GoF :math:`=\\sqrt{\\overline{\\text{communality}}\\times\\overline{R^2}}`, the mean
  communality taken over the items of blocks with more than one item and the
  mean R² over endogenous constructs (Tenenhaus et al. 2004, as plspm).

The model must be recursive (no feedback loops): PLS estimates each
structural equation separately, which is only consistent for an acyclic graph.

References: Tenenhaus, Esposito Vinzi, Chatelin & Lauro (2005) PLS path
modeling, *Computational Statistics & Data Analysis* 48, 159-205; Sanchez
(2013) *PLS Path Modeling with R*, Trowchez Editions; Hair et al. (2022) *A
Primer on PLS-SEM*, 3rd ed.
"""
from __future__ import annotations

import dataclasses
import hashlib
import warnings

import numpy as np
import pandas as pd

from ..base import CRMEstimator, NotFittedError
from ..exceptions import ConvergenceWarning, CRMDataError
from ..validation import caller_stacklevel, survey_scale
from . import pls_algorithm as alg
from . import pls_consistent as plsc
from .missing_data import MissingDataReport
from .pls_data import prepare_indicators, validate_specification
from .pls_missing import MISSING_RULES, not_positive_definite, resample_covariances
from .pls_higher_order import estimate_model, measured_structure, reported_indicators, two_stage_structure
from .pls_moderation import plan_interactions
from .scales import average_variance_extracted, composite_reliability, fornell_larcker, rho_a

__all__ = ["PLSPathModel"]


class PLSPathModel(CRMEstimator):
    """Partial least squares path model with bootstrap inference.

    Parameters
    ----------
    paths : list of (source, target)
        Structural paths between constructs; the graph must be acyclic.
    blocks : dict
        ``{construct: [item columns]}``; every construct in ``paths`` needs a block.
    modes : dict, optional
        ``{construct: "A" | "B"}``; constructs not listed use Mode A.
    scheme : {"path", "centroid", "factorial"}, default "path"
        Inner weighting scheme (seminr's default is path; plspm's is centroid).
    scaled : bool, default True
        Standardise the items (True) or only centre them (False, as plspm ``scaled=FALSE``).
    max_iter : int, default 300
    tol : float, default 1e-7
        Convergence when the summed absolute change of the outer weights falls below ``tol``.
    missing : {"listwise", "mean", "pairwise"}, default "listwise"
        What to do with missing answers (a :class:`DataExclusionWarning`
        reports the counts per item, and ``missing_report_`` tabulates them):

        * ``"listwise"``: drop respondents with a gap (the bootstrap resamples
          the complete respondents);
        * ``"mean"``: replace a gap by the item's mean answer, as seminr's
          ``mean_replacement``; :meth:`bootstrap` resamples the respondents
          with their gaps and imputes with each resample's own means, as seminr's
          ``bootstrap_model`` does;
        * ``"pairwise"``: every item covariance from the respondents who
          answered both items (R ``cov(use = "pairwise.complete.obs")``), in the
          fit and in every resample; a warning names the items when that
          matrix is not positive definite.  ``scores_`` and
          :meth:`index_scores` count a missing answer at the item mean
          (standardised: zero), so the scores of respondents with gaps are the
          weighted sum of the answers they gave; with gaps the scores' SD is
          close to, not exactly, 1.

        The equations are in :mod:`crm_analysis.satisfaction.pls_missing`.
    ci_level : float, default 0.95
        Level of the percentile intervals of :meth:`bootstrap` and
        :meth:`summary` (strictly between 0 and 1; checked where it is used);
        their own ``ci_level=`` overrides it for that call.
    higher_order : dict, optional
        ``{higher-order construct: [dimension constructs]}``: constructs made of
        other constructs, estimated by the two-stage approach (stage 1: the
        dimensions in the place of the HOC; stage 2: the HOC measured by their
        scores; see :mod:`crm_analysis.satisfaction.pls_higher_order`).  The HOC
        appears in ``paths`` and ``modes`` ("A" or "B"), not in ``blocks``; its
        dimensions appear in ``blocks`` and nowhere in ``paths``.  The fitted
        tables list the stage-2 constructs, then the dimensions (their items'
        weights and loadings from stage 1, no structural paths); the HOC's
        "items" are its dimensions.  Matches seminr's ``higher_composite``.
    random_state : None, int or numpy Generator, default None
        Seed of the bootstrap resamples (:meth:`bootstrap`,
        :meth:`bootstrap_draws`); their own ``random_state=`` overrides it for
        that call.  With an int, every call draws the same resamples.
    consistent : bool, default False
        Consistent PLS (PLSc, Dijkstra & Henseler 2015): every Mode A construct
        with two or more items is taken as reflective (a common factor) and its
        correlations, the paths, R² and its loadings are corrected for
        measurement error with its rho_A, in ``fit`` and in every bootstrap
        resample (see :mod:`crm_analysis.satisfaction.pls_consistent`, which
        also says when PLSc is undefined).  Weights and scores stay those of PLS;
        rho_C, AVE and GoF use the consistent loadings and R².  Equal to
        seminr's ``reflective()`` constructs (its PLSc) with ``scaled=True``.
    interactions : dict, optional
        Moderation: ``{"iv*moderator": "two_stage" | "product_indicator"}``, each
        the source of paths such as ``("iv*moderator", outcome)`` next to the
        main effects of both constructs; see
        :mod:`crm_analysis.satisfaction.pls_moderation` (equal to seminr's
        ``interaction_term``) and its :func:`simple_slopes`.  Needs ``scaled=True``,
        ``missing`` "listwise" or "mean", ``consistent=False`` and no ``higher_order``.

    The rating scale is the one declared with the survey
    (:func:`crm_analysis.validation.declare_scale`, :func:`crm_analysis.io.read_survey`)
    or ``fit(data, scale=(low, high))``; every answer must lie on it (an error
    names the rows otherwise), and :meth:`index_scores` uses it for the 0-100
    index.  Without a known scale the fit still runs, but a value that looks
    like a missing-answer code (-99, 99, ...) is an error.

    Attributes (after ``fit``)
    --------------------------
    path_coefficients_ : DataFrame, rows = source, columns = target (0 where there is no path)
    r_squared_ : Series by endogenous construct
    weights_, loadings_ : Series by item
    outer_model_ : DataFrame by item: construct, weight, loading, communality
    scores_ : DataFrame of standardised construct scores, indexed like the data
    construct_correlation_ : DataFrame -- the construct correlations the paths are estimated from: the score
        correlations (``score_correlation_``), disattenuated by rho_A when ``consistent=True``
    effects_ : DataFrame (from, to, direct, indirect, total)
    gof_ : float
    reliability_ : DataFrame by construct: alpha, rho_a, rho_c, ave
    htmt_, fornell_larcker_ : DataFrame
    n_obs_ : int -- respondents used (after listwise deletion)
    missing_answers_ : Series by item -- missing answers in the data given to ``fit``
    missing_report_ : :class:`~crm_analysis.satisfaction.MissingDataReport` -- missing answers per
        item and per respondent in the data given to ``fit``, with the handling and respondents dropped
    scale_ : (low, high) or None -- the rating scale of the answers (declared or given)
    bootstrap_ : DataFrame (after :meth:`bootstrap`), intervals at ``bootstrap_ci_level_``

    Examples
    --------
    >>> from crm_analysis.datasets import make_survey
    >>> from crm_analysis.satisfaction.templates import ecsi_model
    >>> model = ecsi_model().fit(make_survey(500, random_state=1))
    >>> model.path_coefficients_.loc["value", "satisfaction"]  # doctest: +SKIP
    """

    _fitted_attribute = "path_coefficients_"

    def __init__(self, paths, blocks, modes=None, scheme: str = "path", scaled: bool = True,
                 max_iter: int = 300, tol: float = 1e-7, missing: str = "listwise", ci_level: float = 0.95,
                 random_state=None, consistent: bool = False, higher_order=None,
                 interactions=None):
        self.paths = paths
        self.blocks = blocks
        self.modes = modes
        self.scheme = scheme
        self.scaled = scaled
        self.max_iter = max_iter
        self.tol = tol
        self.missing = missing
        self.ci_level = ci_level
        self.random_state = random_state
        self.consistent = consistent
        self.higher_order = higher_order
        self.interactions = interactions

    # ------------------------------------------------------------------ fitting
    def _structure(self) -> alg.ModelStructure:
        if self.scheme not in alg.SCHEMES:
            raise ValueError(f"scheme must be one of {alg.SCHEMES}, got {self.scheme!r}")
        if self.missing not in MISSING_RULES:
            raise ValueError(f"missing must be one of {MISSING_RULES}, got {self.missing!r}")
        if not isinstance(self.consistent, (bool, np.bool_)):
            raise ValueError(f"consistent must be True or False, got {self.consistent!r}")
        plan = self._interaction_plan()
        if self.higher_order:
            if self.consistent:
                raise CRMDataError("consistent=True is not available with higher_order: consistent PLS of a "
                                   "two-stage higher-order model (which constructs to correct in which stage) "
                                   "is not implemented; fit with consistent=False")
            if self.missing == "pairwise":
                raise CRMDataError("missing='pairwise' is not available with higher_order: the stage-2 indicators "
                                   "are scores, which need every answer; use missing='mean' or 'listwise'")
            return two_stage_structure(self.paths, self.blocks, self.modes, self.higher_order)
        return validate_specification(self.paths, self.blocks, self.modes) if plan is None else plan.full

    def _interaction_plan(self):
        """The :class:`~.pls_moderation.InteractionPlan` of the interaction terms, or None without any."""
        if not self.interactions:
            return None
        if not self.scaled:
            raise CRMDataError("interaction terms are built from standardised items and scores: use scaled=True")
        if self.missing not in ("listwise", "mean"):
            raise CRMDataError(f"interaction terms need complete or mean-replaced answers (their products are built "
                               f"per respondent): use missing='listwise' or 'mean', not {self.missing!r}")
        if self.consistent:
            raise CRMDataError("interaction terms with consistent=True (PLSc) are not supported: fit the moderated "
                               "model with consistent=False")
        if self.higher_order:
            raise CRMDataError("interaction terms together with higher_order are not supported: fit the moderation "
                               "on the lower-order constructs, or the higher-order model without interactions")
        return plan_interactions(self.paths, self.blocks, self.modes, self.interactions)

    def _measured_structure(self) -> alg.ModelStructure:
        """The structure of the survey's items: without interaction terms or higher-order stage 2."""
        plan = self._interaction_plan()
        return measured_structure(self._structure()) if plan is None else plan.main

    def _prepare(self, data, structure, for_estimation: bool = True, scale=None, details: bool = False,
                 keep_gaps: bool = False):
        if self.interactions:  # the generated indicators of interaction terms are not survey columns
            structure = self._measured_structure()
        return prepare_indicators(data, measured_structure(structure), missing=self.missing,
                                  for_estimation=for_estimation, scale=scale, details=details, keep_gaps=keep_gaps)

    def fit(self, data: pd.DataFrame, y=None, *, scale=None) -> "PLSPathModel":
        """Estimate the model on a survey table (one row per respondent, item columns).

        ``scale=(low, high)`` states the rating scale when the table does not
        declare one (a contradicting declared scale is an error); every answer
        is checked against it and it is kept as ``scale_`` for :meth:`index_scores`.
        """
        structure = self._structure()
        X, index, info = self._prepare(data, structure, scale=scale, details=True, keep_gaps=True)
        fingerprint = _fingerprint(X)
        plan = self._interaction_plan()
        if plan is not None:  # moderation: mean-replaced items and the interaction terms' indicators (stage 1)
            X = plan.add_interaction_columns(X, scheme=self.scheme, max_iter=self.max_iter, tol=self.tol)
        observed = ~np.isnan(X)
        corr = None
        if self.missing == "pairwise" and not observed.all():
            S, means, sd = _pairwise_moments(X, observed, measured_structure(structure), scaled=self.scaled)
            Xs = np.where(observed, (X - means) / (sd if self.scaled else 1.0), 0.0)
            corr = S[0] if self.scaled else S[0] / np.outer(sd, sd)
        else:
            filled = np.where(observed, X, np.nanmean(X, axis=0))  # mean replacement (no gaps: X itself)
            means = filled.mean(axis=0)
            sd = filled.std(axis=0, ddof=1)
            Xs = (filled - means) / (sd if self.scaled else 1.0)
            S = (Xs.T @ Xs / (len(Xs) - 1))[None]
        est = estimate_model(S, structure, scheme=self.scheme, max_iter=self.max_iter, tol=self.tol)
        score_scale = None
        if plan is not None:
            est, score_scale = plan.rescale(est, X[None])
        if not est.converged[0]:
            warnings.warn(f"PLS algorithm did not converge in {self.max_iter} iterations (tol={self.tol}); "
                          "results are from the last iteration", ConvergenceWarning, stacklevel=2)
        if self.consistent:
            est = plsc.consistent_estimates(S, est, structure)
            plsc.check_consistent(est, structure)
        Xs, means, sd = reported_indicators(structure, est, Xs, means, sd)
        self._store(structure, est, Xs, index, means, sd, corr=corr)
        self.construct_correlation_ = _square(getattr(est, "construct_corr", est.score_corr)[0],
                                              list(structure.constructs))
        if score_scale is not None:  # interaction scores in the units of their indicators, as seminr
            self.scores_ = self.scores_ * score_scale[0]
        self.scale_ = info["scale"]
        self.missing_answers_ = info["missing"].rename("missing")
        # kept as a dict of tables (what a model card can store); missing_report_ rebuilds the report
        self._missing_report = dataclasses.asdict(info["report"])
        self.data_fingerprint_ = fingerprint
        return self

    @property
    def missing_report_(self) -> MissingDataReport:
        """Missing answers per item and per respondent in the data given to ``fit`` (see :func:`missing_data_report`).

        Like every learned attribute it does not exist before ``fit`` (an AttributeError).
        """
        return MissingDataReport(**self._missing_report)

    def _store(self, structure, est, Xs, index, means, sd, corr=None) -> None:
        constructs, items = list(structure.constructs), list(structure.indicators)
        own = structure.mask.argmax(axis=1)
        W, L = est.weights[0], est.loadings[0]
        self.n_obs_ = len(Xs)
        self.n_iter_ = est.iterations
        self.indicator_means_ = pd.Series(means, index=items)
        self.indicator_sd_ = pd.Series(sd, index=items)
        self.weights_ = pd.Series(W[np.arange(len(items)), own], index=items, name="weight")
        self.loadings_ = pd.Series(L[np.arange(len(items)), own], index=items, name="loading")
        self.outer_model_ = pd.DataFrame({"construct": [constructs[j] for j in own], "weight": self.weights_,
                                          "loading": self.loadings_, "communality": self.loadings_**2})
        self.outer_model_.index.name = "item"
        self.path_coefficients_ = _square(est.paths[0], constructs)
        self.score_correlation_ = _square(est.score_corr[0], constructs)
        self.r_squared_ = pd.Series(est.r_squared[0], index=constructs, name="r_squared").dropna()
        self.scores_ = pd.DataFrame(Xs @ W, index=index, columns=constructs)
        self.effects_ = _effects_table(est.paths[0], constructs)
        self.gof_ = _gof(self.outer_model_, self.r_squared_, structure)
        if corr is None:  # pairwise deletion passes the item correlations it estimated on
            corr = np.corrcoef(Xs, rowvar=False)
        self.reliability_ = _reliability(structure, corr, W * (sd[:, None] if not self.scaled else 1.0),
                                         self.loadings_)
        self.htmt_ = _htmt(structure, corr)
        self.fornell_larcker_ = fornell_larcker(self.score_correlation_, self.reliability_["ave"])
        self.paths_list_ = [(constructs[s], constructs[t]) for s, t in zip(*np.nonzero(structure.adjacency))]

    # ------------------------------------------------------------------ inference
    def bootstrap(self, data: pd.DataFrame, n: int = 500, *, random_state=None,
                  ci_level: float | None = None) -> pd.DataFrame:
        """Bootstrap standard errors and percentile intervals for paths, total effects, loadings and weights.

        Respondents are resampled with replacement ``n`` times and the whole
        model is re-estimated on each resample.  Because the models never keep
        a copy of their training data, pass the same ``data`` that was given
        to :meth:`fit` (checked: anything else is an error).  All resamples are
        estimated together from their covariance matrices, so 500 resamples take
        a fraction of a second.  No sign correction is applied (as seminr);
        resamples where the algorithm fails to converge or a resampled item is
        constant are dropped with a warning that counts them.

        Returns
        -------
        DataFrame
            Columns ``kind`` (path, total_effect, loading, weight), ``from``,
            ``to``, ``estimate`` (full-sample), ``boot_mean``, ``std_err``
            (bootstrap SD), ``ci_lower``, ``ci_upper`` (percentile interval at
            ``ci_level``; ``None``: the model's ``ci_level``).  Also stored as
            ``bootstrap_`` (level in ``bootstrap_ci_level_``); :meth:`summary`
            reads its path rows.  ``random_state`` ``None`` means the model's
            ``random_state``.
        """
        level = _check_ci_level(self.ci_level if ci_level is None else ci_level)
        draws = self.bootstrap_draws(data, n, random_state=random_state)
        self.bootstrap_ = _bootstrap_table(self, self._structure(), draws, level)
        self.bootstrap_ci_level_ = level
        # the path estimates of the resamples (no respondent data), so that summary() can report another level
        self._bootstrap_paths = draws["paths"]
        return self.bootstrap_

    def bootstrap_draws(self, data: pd.DataFrame, n: int = 500, *, random_state=None) -> dict:
        """The raw bootstrap estimates behind :meth:`bootstrap`, for statistics it does not tabulate.

        Same resampling as :meth:`bootstrap` (same ``random_state`` gives the
        same resamples), e.g. for the interval of an indirect effect, a product
        of paths.  Returns a dict with ``constructs`` (the construct order) and
        arrays over the resamples that could be estimated: ``paths`` of shape
        (resamples, constructs, constructs) with ``paths[b, i, j]`` the path
        from construct i to j, plus ``weights`` and ``loadings``, and ``indices``
        (resamples, respondents): the row numbers (in the order of the
        respondents used by ``fit``) of each resample that could be estimated,
        for statistics of the respondents themselves on the same resamples
        (e.g. the interval of a mean index score).  ``random_state`` ``None``
        means the model's ``random_state``.
        """
        self._check_fitted()
        if int(n) < 2:
            raise ValueError(f"n must be at least 2 bootstrap resamples, got {n}")
        structure = self._structure()
        X, _ = self._prepare(data, structure, keep_gaps=True)
        if _fingerprint(X) != self.data_fingerprint_:
            raise CRMDataError("bootstrap needs the same data the model was fitted on "
                               f"({self.n_obs_} respondents); refit the model on this data first")
        rng = np.random.default_rng(self.random_state if random_state is None else random_state)
        indices = rng.integers(0, len(X), size=(int(n), len(X)))
        plan = self._interaction_plan()
        if plan is not None:  # the whole moderated estimation (both stages) inside every resample, as seminr
            draws = plan.bootstrap_estimates(X, indices, scheme=self.scheme, max_iter=self.max_iter, tol=self.tol)
            return {"constructs": list(structure.constructs), **draws}
        draws = _bootstrap_estimates(X, structure, indices, scaled=self.scaled, scheme=self.scheme,
                                     max_iter=self.max_iter, tol=self.tol, missing=self.missing,
                                     consistent=self.consistent)
        return {"constructs": list(structure.constructs), **draws}

    def summary(self, ci_level: float | None = None) -> pd.DataFrame:
        """House summary of the path coefficients: estimate, std_err, ci_lower, ci_upper, statistic, p_value.

        Standard errors and (percentile) intervals come from the resamples of
        the last :meth:`bootstrap`, the intervals at ``ci_level`` (``None``:
        the model's ``ci_level``, whatever level that bootstrap tabulated);
        ``statistic`` is estimate / std_err and ``p_value`` its two-sided
        normal p-value.  Raises before ``bootstrap`` has been run.
        """
        self._check_fitted()
        if not hasattr(self, "bootstrap_"):
            raise NotFittedError("summary() needs bootstrap standard errors: call bootstrap(data, n=...) first")
        from scipy import stats

        level = _check_ci_level(self.ci_level if ci_level is None else ci_level)
        table = self.bootstrap_[self.bootstrap_["kind"] == "path"]
        if level != getattr(self, "bootstrap_ci_level_", level):
            paths = getattr(self, "_bootstrap_paths", None)
            if paths is None:
                raise NotFittedError(f"the bootstrap table holds {self.bootstrap_ci_level_:.0%} intervals and its "
                                     f"resamples are not kept: run bootstrap(data, n=..., ci_level={level}) again")
            constructs = list(self.path_coefficients_.index)
            sources = [constructs.index(a) for a in table["from"]]
            targets = [constructs.index(b) for b in table["to"]]
            quantiles = np.quantile(paths[:, sources, targets], [(1 - level) / 2, (1 + level) / 2], axis=0)
            table = table.assign(ci_lower=quantiles[0], ci_upper=quantiles[1])
        out = pd.DataFrame({"estimate": table["estimate"].to_numpy(), "std_err": table["std_err"].to_numpy(),
                            "ci_lower": table["ci_lower"].to_numpy(), "ci_upper": table["ci_upper"].to_numpy()},
                           index=pd.Index([f"{a} -> {b}" for a, b in zip(table["from"], table["to"])],
                                          name="parameter"))
        out["statistic"] = out["estimate"] / out["std_err"]
        out["p_value"] = 2 * stats.norm.sf(np.abs(out["statistic"]))
        return out

    def model_fit(self, data: pd.DataFrame, n: int | None = 500, *, random_state=None,
                  quantiles=(0.95, 0.99)) -> pd.DataFrame:
        """SRMR, d_ULS and d_G with Bollen-Stine reference quantiles: see :func:`.pls_fit.model_fit`."""
        from .pls_fit import model_fit

        return model_fit(self, data, n, random_state=random_state, quantiles=quantiles)

    # ------------------------------------------------------------------ derived scores
    def index_scores(self, data: pd.DataFrame, *, scale: tuple[float, float] | None = None) -> pd.DataFrame:
        """ACSI-style 0-100 index per respondent and construct.

        The outer weights are turned into weights of the *original* items
        (divide by the item's standard deviation when ``scaled=True``),
        rescaled to sum to one, and applied to the raw answers; the weighted
        average on the rating scale (low, high) becomes
        :math:`100\\,(\\bar x_w - \\text{low})/(\\text{high} - \\text{low})`
        (Fornell et al. 1996).  Missing answers are treated as in ``fit``.

        The scale is the one declared with ``data``, else ``scale=``, else the
        scale the model was fitted on (``scale_``); two that disagree, or none
        at all, are an error (no 1-10 default: 0-10 answers scored as 1-10 give
        negative indices).  Every answer must lie on the scale, so with
        non-negative weights every index lies in [0, 100].
        Higher-order constructs (``higher_order``) get no index: their
        indicators are dimension scores, not answers on the scale; their
        dimensions do.
        """
        self._check_fitted()
        # the constructs measured by survey items: a higher-order construct has no index, its dimensions do
        structure = self._measured_structure()
        declared = survey_scale(data, scale, items=list(structure.indicators), required=False)
        fitted = getattr(self, "scale_", None)
        if declared is not None and fitted is not None and tuple(declared) != tuple(fitted):
            raise CRMDataError(f"the scale {declared[0]}-{declared[1]} differs from the scale {fitted[0]}-{fitted[1]} "
                               "of the answers the model was fitted on; score answers on the same scale, or refit")
        scale = declared if declared is not None else fitted
        if scale is None:
            raise CRMDataError("index_scores needs the rating scale of the answers: pass scale=(low, high), or "
                               "declare it with the survey (declare_scale(survey, (low, high)) or "
                               "read_survey(..., scale=...)) before fit")
        X, index = self._prepare(data, structure, for_estimation=False, scale=scale)
        low, high = scale
        raw = self.weights_ / (self.indicator_sd_ if self.scaled else 1.0)
        out = {}
        for construct in structure.constructs:
            items = self.outer_model_.index[self.outer_model_["construct"] == construct]
            w = raw[items]
            if (w < 0).any():
                warnings.warn(f"construct '{construct}' has negative outer weights {list(w[w < 0].index)}; "
                              "its index is not a weighted average", ConvergenceWarning, stacklevel=2)
            w = w / w.sum()
            cols = [structure.indicators.index(i) for i in items]
            out[construct] = 100 * (X[:, cols] @ w.to_numpy() - low) / (high - low)
        return pd.DataFrame(out, index=index)


# ---------------------------------------------------------------------- helpers
def require_single_stage(model, analysis: str) -> None:
    """Refuse a model estimated in two stages (higher-order constructs, interaction terms) for an analysis that is not.

    ``analysis`` names the caller in the ``NotImplementedError``; without the
    guard the caller would run the plain algorithm on the model's indicators
    and report numbers of a different model.
    """
    for attribute, what in (("higher_order", "higher-order constructs"), ("interactions", "interaction terms")):
        if getattr(model, attribute, None):
            raise NotImplementedError(f"{analysis} does not cover {what} (two-stage estimation) yet: fit the "
                                      f"model without {attribute}= for this analysis")


def _check_ci_level(level) -> float:
    """``level`` if it lies strictly between 0 and 1, else a ValueError."""
    if not 0 < level < 1:
        raise ValueError(f"ci_level must lie strictly between 0 and 1, got {level}")
    return level


def _fingerprint(X: np.ndarray) -> str:
    """SHA-1 of the answers; with gaps, of the answers given and of where the gaps are."""
    gaps = np.isnan(X)
    if not gaps.any():
        return hashlib.sha1(np.ascontiguousarray(X).tobytes()).hexdigest()
    return hashlib.sha1(np.where(gaps, 0.0, X).tobytes() + np.packbits(gaps).tobytes()).hexdigest()


def _pairwise_moments(X, observed, structure, *, scaled):
    """Pairwise-deletion covariance (or correlation) stack (1, p, p), item means and SDs over the answers given.

    A pair of items answered together by fewer than two respondents is an
    error; a matrix that is not positive definite is a warning naming the items.
    """
    items = list(structure.indicators)
    S = resample_covariances(X, observed, np.ones((1, len(X))), rule="pairwise", scaled=False)
    joint = observed.T.astype(int) @ observed.astype(int)
    if (joint < 2).any():
        i, j = np.argwhere(joint < 2)[0]
        raise CRMDataError(f"items '{items[i]}' and '{items[j]}' were answered together by {joint[i, j]} "
                           "respondent(s): their covariance cannot be estimated by pairwise deletion; use "
                           "missing='mean', or drop one of them from blocks")
    bad = not_positive_definite(S[0], items)
    if bad:
        warnings.warn(f"the pairwise-deletion covariance matrix is not positive definite (pairs of items answered "
                      f"by different respondents contradict each other); items most involved: {bad}. The PLS "
                      "estimates may be unstable: consider missing='mean' or 'listwise'", ConvergenceWarning,
                      stacklevel=caller_stacklevel())
    sd = np.sqrt(np.diagonal(S[0]))
    means = np.nanmean(X, axis=0)
    if scaled:
        S = S / sd[None, :, None] / sd[None, None, :]
    return S, means, sd


def _square(values: np.ndarray, constructs) -> pd.DataFrame:
    table = pd.DataFrame(values, index=pd.Index(constructs, name="source"),
                         columns=pd.Index(constructs, name="target"))
    return table


def _effects_table(paths: np.ndarray, constructs) -> pd.DataFrame:
    total = alg.total_effects(paths[None])[0]
    rows = []
    for s, t in zip(*np.nonzero(np.abs(total) > 0)):
        rows.append({"from": constructs[s], "to": constructs[t], "direct": paths[s, t],
                     "indirect": total[s, t] - paths[s, t], "total": total[s, t]})
    return pd.DataFrame(rows, columns=["from", "to", "direct", "indirect", "total"])


def _gof(outer: pd.DataFrame, r_squared: pd.Series, structure) -> float:
    sizes = outer["construct"].map(outer["construct"].value_counts())
    communality = outer.loc[sizes > 1, "communality"].mean()
    return float(np.sqrt(communality * r_squared.mean()))


def _reliability(structure, corr: np.ndarray, std_weights: np.ndarray, loadings: pd.Series) -> pd.DataFrame:
    """alpha (standardised), rho_A, rho_C and AVE per construct, as seminr's reliability table."""
    rows = {}
    for j, construct in enumerate(structure.constructs):
        idx = structure.block(j)
        R = corr[np.ix_(idx, idx)]
        k = len(idx)
        alpha = k / (k - 1) * (1 - k / R.sum()) if k > 1 else 1.0
        lam = loadings.iloc[idx].to_numpy()
        rho = 1.0 if j in structure.mode_b else rho_a(std_weights[idx, j], R)
        rows[construct] = {"alpha": alpha, "rho_a": rho, "rho_c": composite_reliability(lam),
                           "ave": average_variance_extracted(lam)}
    table = pd.DataFrame(rows).T
    table.index.name = "construct"
    return table


def _htmt(structure, corr: np.ndarray) -> pd.DataFrame:
    names = list(structure.constructs)
    blocks = [structure.block(j) for j in range(len(names))]
    mono = []
    for idx in blocks:
        sub = np.abs(corr[np.ix_(idx, idx)])
        k = len(idx)
        mono.append(sub[np.triu_indices(k, 1)].mean() if k > 1 else 1.0)
    out = np.ones((len(names), len(names)))
    for a in range(len(names)):
        for b in range(len(names)):
            if a != b:
                out[a, b] = np.abs(corr[np.ix_(blocks[a], blocks[b])]).mean() / np.sqrt(mono[a] * mono[b])
    return pd.DataFrame(out, index=pd.Index(names, name="construct"), columns=names)


def _bootstrap_estimates(X, structure, indices, *, scaled, scheme, max_iter, tol, chunk: int = 250,
                         missing: str = "listwise", consistent: bool = False):
    """Estimate the model on the resamples ``X[indices[b]]`` (indices: (B, n) row numbers).

    ``X`` may hold gaps (NaN) with ``missing`` "mean" or "pairwise": each
    resample's covariances then handle them as the fit does
    (:func:`~crm_analysis.satisfaction.pls_missing.resample_covariances`).
    Returns paths, weights and loadings of the resamples that could be estimated;
    ``consistent=True`` applies the PLSc correction to every resample.
    """
    n_obs = X.shape[0]
    n_boot = indices.shape[0]
    observed = ~np.isnan(X)
    gaps = not observed.all()
    if gaps and missing not in ("mean", "pairwise"):
        raise ValueError(f"answers with gaps need missing='mean' or 'pairwise', got {missing!r}")
    Xc = X - X.mean(axis=0) if not gaps else X
    parts = []
    indefinite = 0
    for start in range(0, n_boot, chunk):
        idx = indices[start:start + chunk]
        size = idx.shape[0]
        flat = (idx + n_obs * np.arange(size)[:, None]).ravel()
        counts = np.bincount(flat, minlength=size * n_obs).reshape(size, n_obs).astype(float)
        if gaps:
            S = resample_covariances(X, observed, counts, rule=missing, scaled=scaled)
            if missing == "pairwise":
                with np.errstate(invalid="ignore"):
                    finite = np.isfinite(S).all(axis=(1, 2))
                    smallest = np.full(size, np.nan)
                    smallest[finite] = np.linalg.eigvalsh(S[finite])[:, 0]
                indefinite += int((smallest <= 1e-10).sum())
        else:
            S = alg.covariance_stack(Xc, counts, scaled=scaled)
        with np.errstate(invalid="ignore", divide="ignore"):
            est = estimate_model(S, structure, scheme=scheme, max_iter=max_iter, tol=tol)
            parts.append(plsc.consistent_estimates(S, est, structure) if consistent else est)
    if indefinite:
        warnings.warn(f"{indefinite} of {n_boot} bootstrap resamples have a pairwise-deletion covariance matrix "
                      "that is not positive definite (kept)", ConvergenceWarning, stacklevel=3)
    return alg.kept_resamples(indices, parts, np.concatenate([p.converged for p in parts]),
                              "no convergence, a constant item, an item or pair of items without enough answers, "
                              "or rho_A <= 0 under consistent PLS")


def _bootstrap_table(model: PLSPathModel, structure, draws, ci_level) -> pd.DataFrame:
    constructs, items = list(structure.constructs), list(structure.indicators)
    own = structure.mask.argmax(axis=1)
    item_pos = np.arange(len(items))
    sources, targets = np.nonzero(structure.adjacency)
    totals = alg.total_effects(draws["paths"])
    full_total = alg.total_effects(model.path_coefficients_.to_numpy()[None])[0]
    indirect = list(zip(*np.nonzero(np.abs(full_total) > 0)))
    blocks = [
        ("path", [constructs[s] for s in sources], [constructs[t] for t in targets],
         model.path_coefficients_.to_numpy()[sources, targets], draws["paths"][:, sources, targets]),
        ("total_effect", [constructs[s] for s, _ in indirect], [constructs[t] for _, t in indirect],
         np.array([full_total[s, t] for s, t in indirect]),
         totals[:, [s for s, _ in indirect], [t for _, t in indirect]]),
        ("loading", [constructs[j] for j in own], items, model.loadings_.to_numpy(),
         draws["loadings"][:, item_pos, own]),
        ("weight", items, [constructs[j] for j in own], model.weights_.to_numpy(),
         draws["weights"][:, item_pos, own]),
    ]
    low, high = (1 - ci_level) / 2, (1 + ci_level) / 2
    frames = []
    for kind, src, dst, estimate, sample in blocks:
        if not len(src):
            continue
        quantiles = np.quantile(sample, [low, high], axis=0)
        frames.append(pd.DataFrame({"kind": kind, "from": src, "to": dst, "estimate": estimate,
                                    "boot_mean": sample.mean(axis=0), "std_err": sample.std(axis=0, ddof=1),
                                    "ci_lower": quantiles[0], "ci_upper": quantiles[1]}))
    return pd.concat(frames, ignore_index=True)
