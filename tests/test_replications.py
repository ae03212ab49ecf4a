"""Replications against the published tables: the constants equal tests/results/*.md and our fits match them."""
import numpy as np
import pandas as pd
import pytest

from conftest import RESULTS_DIR, SHARED_DATA_DIR
from crm_analysis import replications
from crm_analysis.datasets import load_cdnow
from crm_analysis.replications import PUBLISHED


def _md_rows(name):
    """Machine-read rows (source, model, data, quantity, published, tolerance) of a results file."""
    rows = []
    for line in (RESULTS_DIR / name).read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0] != "source" and not set(cells[0]) <= {"-"}:
            rows.append((cells[0], cells[1], cells[2], cells[3], float(cells[4]), float(cells[5])))
    return rows


def _satisfaction_rows():
    """satisfaction_published.md rows as (source, model, data, quantity, published, tolerance)."""
    rows = []
    for line in (RESULTS_DIR / "satisfaction_published.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] in {"path", "r_squared", "gof"}:
            kind, source, target, value, decimals = cells
            quantity = {"path": f"path {source} -> {target}", "r_squared": f"r_squared {target}", "gof": "gof"}[kind]
            rows.append(("Sanchez2013", "ECSI PLS", "ecsi_satisfaction", quantity, float(value),
                         0.5 * 10.0 ** -int(decimals)))
    return rows


def _as_tuples(frame):
    return {tuple(r) for r in frame[["source", "model", "data", "quantity", "published", "tolerance"]]
            .itertuples(index=False, name=None)}


def test_published_constants_equal_the_results_files():
    files = _md_rows("btyd_published.md") + _md_rows("value_published.md") + _satisfaction_rows()
    assert len(files) == 36
    ours = _as_tuples(PUBLISHED)
    for row in files:
        match = [o for o in ours if o[:4] == row[:4]]
        assert match, f"{row} is in tests/results but not in replications.PUBLISHED"
        assert match[0][4] == pytest.approx(row[4], abs=1e-12) and match[0][5] == pytest.approx(row[5]), row
    assert len(ours) == len(files)  # and nothing in PUBLISHED that the files do not hold


def test_every_source_has_a_full_citation_that_the_results_files_also_give():
    text = "".join((RESULTS_DIR / f).read_text(encoding="utf-8")
                   for f in ("btyd_published.md", "value_published.md", "satisfaction_published.md"))
    for key in PUBLISHED["source"].unique():
        citation = replications.CITATIONS[key]
        first_author = citation.split(",")[0]
        assert first_author in text and any(year in citation for year in ("2005", "2007", "2010", "2013", "2016"))


def test_compare_by_hand():
    table = replications._compare("sBG", "regular", {"alpha": 0.7045, "beta": 1.180, "extra": 3.0},
                                  {"alpha": 0.05, "beta": 0.1})
    alpha = table.set_index("quantity").loc["alpha"]
    assert alpha["difference"] == pytest.approx(0.0005)
    assert alpha["difference_in_se"] == pytest.approx(0.01)
    assert alpha["agrees"] is True  # 0.0005 <= tolerance 0.0005
    beta = table.set_index("quantity").loc["beta"]
    assert beta["difference"] == pytest.approx(-0.002) and beta["agrees"] is False
    extra = table.set_index("quantity").loc["extra"]
    assert np.isnan(extra["published"]) and extra["agrees"] is None


def _assert_replicated(table, max_se=0.05):
    compared = table[table["published"].notna()]
    assert len(compared) and compared["agrees"].all(), compared[~compared["agrees"].astype(bool)]
    # the same data and model: differences are rounding, a tiny fraction of a standard error
    assert (compared["difference_in_se"].dropna().abs() < max_se).all()


def test_cdnow_btyd_models_replicate_fhl_2005_and_btydplus():
    transactions = load_cdnow()
    before = transactions.copy()
    table = replications.replicate_cdnow_btyd(transactions)
    _assert_replicated(table)
    assert set(table["model"]) == {"BG/NBD", "Pareto/NBD", "MBG/NBD"}
    pd.testing.assert_frame_equal(transactions, before)


def test_gamma_gamma_bgbb_and_sbg_replicate():
    for table in (replications.replicate_gamma_gamma(), replications.replicate_bgbb(),
                  replications.replicate_sbg()):
        _assert_replicated(table)
    assert replications.replicate_gamma_gamma().set_index("quantity").loc["n_customers", "ours"] == 946


def test_ecsi_pls_replicates_plspm():
    if not (SHARED_DATA_DIR / "ecsi_satisfaction.csv").exists():
        pytest.skip("shared ECSI data not found")
    table = replications.replicate_ecsi_pls(SHARED_DATA_DIR / "ecsi_satisfaction.csv", n_boot=50)
    _assert_replicated(table)
    relative = replications.replicate_ecsi_pls("../shared/data/ecsi_satisfaction.csv", n_boot=50)
    pd.testing.assert_series_equal(table["ours"], relative["ours"])


def test_ecsi_without_data_says_unavailable(tmp_path):
    table = replications.replicate_ecsi_pls(tmp_path / "absent.csv")
    assert len(table) == 7 and table["ours"].isna().all()
    assert table["note"].str.contains("unavailable").all()
    assert table["published"].tolist() == PUBLISHED.loc[PUBLISHED["model"] == "ECSI PLS", "published"].tolist()


def test_replication_summary_counts_by_hand(tmp_path):
    table = pd.concat([replications.replicate_sbg(), replications.replicate_ecsi_pls(tmp_path / "absent.csv")],
                      ignore_index=True)
    summary = replications.replication_summary(table)
    assert summary.loc[("sBG", "regular")].tolist()[:3] == [2, 2, 2]  # the unpublished LL is not counted
    regular = table[(table["data"] == "regular") & table["published"].notna()]
    assert summary.loc[("sBG", "regular"), "max_abs_difference_in_se"] == pytest.approx(
        regular["difference_in_se"].abs().max())
    assert summary.loc[("ECSI PLS", "ecsi_satisfaction")].tolist()[:3] == [7, 0, 0]
    assert "unavailable" in summary.loc[("ECSI PLS", "ecsi_satisfaction"), "note"]


def test_replication_view_selects_and_formats():
    view = replications.replication_view(replications.replicate_sbg(), "sBG", "high_end")
    assert list(view.data.index) == ["alpha", "beta", "log_likelihood"]
    assert view.data.loc["alpha", "agrees"] == "yes" and view.data.loc["log_likelihood", "agrees"] == "–"
    html = view.to_html()
    assert "0.668" in html and "3.806" in html and "0.0005<" in html
    pls = replications.replication_view(replications.replicate_ecsi_pls("/nonexistent.csv"))
    assert pls.data.loc["r_squared LOY", "published"] == "0.510"  # trailing zero as printed
    assert pls.data.loc["path EXPE -> SAT", "published"] == "-0.0028"


def test_replication_page_and_figure_in_chinese(tmp_path):
    from crm_analysis.present.figures import figure_texts

    table = pd.concat([replications.replicate_sbg(), replications.replicate_ecsi_pls(tmp_path / "absent.csv")],
                      ignore_index=True)
    page = replications.replication_page(table, "sBG", "regular", lang="zh")
    assert list(page.frame.index) == ["α", "β", "对数似然"]
    assert page.frame.loc["α", "一致"] == "是" and page.frame.loc["对数似然", "已发表值"] == "–"
    assert page.note.startswith("–")
    summary = replications.summary_page(table, "zh")
    assert summary.frame.iloc[0, 0] == "2" and "absent.csv" in summary.frame.iloc[-1, -1]
    assert str(tmp_path) not in summary.frame.to_string()  # no kernel paths on a page
    figure = replications.plot_replication_differences(table, "zh", strict=True)
    shown = figure_texts(figure)
    assert "我们的估计减已发表值" in shown and "sBG (普通客户批次)：α" in shown
