"""Reference SRMR, d_ULS and d_G for tests/satisfaction/test_pls_fit.py, from seminr's PLS estimates.

The seminr Python port (0.2.1) has no SRMR for PLS, so the reference is built
in two independent steps: (1) seminr 0.2.1 estimates the model
(``seminr.estimate_pls(data, measurement, structure, inner_weights=seminr.path_weighting)``,
defaults otherwise: no resampling, no seed involved), and (2) the fit measures
are computed from seminr's outer loadings, construct scores and path
coefficients by the element-wise construction below, written apart from
crm_analysis (loops over item pairs; the structural model's construct
correlations in cSEM's exogenous/endogenous partition; d_G from scipy's
general eigenvalues of S^-1 Sigma, natural log).

Run from the repository root to rewrite pls_fit_seminr.json:

    .venv/bin/python tests/results/pls_fit_seminr.py

Data: seminr's bundled ``mobi`` (250 respondents) and ``corp_rep`` (344
respondents; the 8 with a -99 "no answer" code in the model's items removed
first, so both programs see the same complete data), and the ECSI data of
the shared data folder (plspm's ``satisfaction``, 250 respondents).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.linalg

HERE = Path(__file__).resolve().parent
for _folder in (HERE.parent, HERE.parent.parent):  # tests/ (for satisfaction.survey_models) and the repository
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

from satisfaction.survey_models import (CORP_REP_BLOCKS, CORP_REP_MODES, CORP_REP_PATHS, ECSI_BLOCKS,  # noqa: E402
                                        ECSI_PATHS, MOBI_BLOCKS, MOBI_MODES, MOBI_PATHS, complete_corp_rep,
                                        items_of, load_survey)

# mobi with Image formative; the extended corporate reputation model of Hair et al. (2022) A Primer on PLS-SEM,
# 3rd ed., ch. 5 (QUAL, PERF, CSOR, ATTR formative); ECSI all Mode A
SPECS = {
    "mobi": {"blocks": MOBI_BLOCKS, "paths": MOBI_PATHS, "modes": MOBI_MODES},
    "corp_rep": {"blocks": CORP_REP_BLOCKS, "paths": CORP_REP_PATHS, "modes": CORP_REP_MODES},
    "ecsi": {"blocks": ECSI_BLOCKS, "paths": ECSI_PATHS, "modes": {}},
}


def load_data(name: str) -> pd.DataFrame:
    """The survey of ``name`` as the reference used it (corp_rep: respondents with a -99 code removed)."""
    if name == "corp_rep":
        return complete_corp_rep(items_of(SPECS[name]["blocks"]))
    return load_survey(name)


def seminr_estimates(name: str, data: pd.DataFrame) -> dict:
    """seminr's loadings (Series by item), construct scores and path coefficients (source x target)."""
    import seminr as sm

    spec = SPECS[name]
    measurement = sm.constructs(*[sm.composite(c, items, weights=sm.mode_B if spec["modes"].get(c) == "B"
                                               else sm.mode_A) for c, items in spec["blocks"].items()])
    structure = sm.relationships(*[sm.paths(from_=s, to=t) for s, t in spec["paths"]])
    items = [i for block in spec["blocks"].values() for i in block]
    fitted = sm.estimate_pls(data[items], measurement, structure, inner_weights=sm.path_weighting)
    frame = lambda named: pd.DataFrame(named.values, index=list(named.rows), columns=list(named.cols))  # noqa: E731
    return {"loadings": frame(fitted.outer_loadings).sum(axis=1), "scores": frame(fitted.construct_scores),
            "paths": frame(fitted.path_coef)}


def reference_fit(items: pd.DataFrame, blocks: dict, paths: list, loadings: pd.Series, scores: pd.DataFrame,
                  path_coef: pd.DataFrame) -> dict:
    """{"saturated" | "estimated": {"SRMR", "d_ULS", "d_G"}} by the element-wise composite-model construction."""
    names = list(blocks)
    owner = {i: c for c, block in blocks.items() for i in block}
    order = [i for block in blocks.values() for i in block]
    S = items[order].corr()
    score_corr = scores[names].corr()
    endo = [c for c in names if any(t == c for _, t in paths)]
    exo = [c for c in names if c not in endo]
    B = path_coef.loc[endo, endo].T.to_numpy()  # B[target, source], endogenous -> endogenous
    Gamma = path_coef.loc[exo, endo].T.to_numpy()  # Gamma[target, source], exogenous -> endogenous
    Phi = score_corr.loc[exo, exo].to_numpy()
    r2 = np.array([sum(path_coef.loc[s, t] * score_corr.loc[s, t] for s, tt in paths if tt == t)
                   for t in endo])
    inv = np.linalg.inv(np.eye(len(endo)) - B)
    exo_endo = Phi @ Gamma.T @ inv.T
    endo_endo = inv @ (Gamma @ Phi @ Gamma.T + np.diag(1 - r2)) @ inv.T
    np.fill_diagonal(endo_endo, 1.0)
    implied = pd.DataFrame(np.block([[Phi, exo_endo], [exo_endo.T, endo_endo]]), index=exo + endo,
                           columns=exo + endo)
    out = {}
    for kind, rho in (("saturated", score_corr), ("estimated", implied)):
        sigma = S.copy()
        for i in order:
            for j in order:
                if owner[i] != owner[j]:
                    sigma.loc[i, j] = loadings[i] * rho.loc[owner[i], owner[j]] * loadings[j]
        residual = (S - sigma).to_numpy()
        squares = [residual[a, b] ** 2 for a in range(len(order)) for b in range(a + 1)]
        phi = scipy.linalg.eigvals(np.linalg.solve(S.to_numpy(), sigma.to_numpy())).real
        out[kind] = {"SRMR": float(np.sqrt(np.mean(squares))), "d_ULS": float(0.5 * (residual**2).sum()),
                     "d_G": float(0.5 * np.sum(np.log(phi) ** 2))}
    return out


def seminr_reference(name: str) -> dict:
    data = load_data(name)
    spec = SPECS[name]
    est = seminr_estimates(name, data)
    return reference_fit(data, spec["blocks"], spec["paths"], est["loadings"], est["scores"], est["paths"])


if __name__ == "__main__":
    import seminr

    result = {"seminr_version": seminr.__version__,
              "call": "seminr.estimate_pls(data, measurement, structure, inner_weights=seminr.path_weighting); "
                      "fit measures by reference_fit() in tests/results/pls_fit_seminr.py",
              "values": {name: seminr_reference(name) for name in SPECS}}
    (HERE / "pls_fit_seminr.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
