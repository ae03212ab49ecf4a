"""Figures in Chinese: every text goes through the catalogue, gaps are reported."""
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from crm_analysis.present import UntranslatedTextWarning, localize  # noqa: E402
from crm_analysis.present.figures import figure_texts  # noqa: E402


def _figure():
    fig, ax = plt.subplots()
    ax.bar(["Customers", "Transactions"], [3, 5], label="Revenue (EUR)")
    ax.set_title("Customers")
    ax.set_xlabel("Revenue (CNY)")
    ax.set_ylabel("Churn rate")
    ax.legend()
    return fig, ax


def test_localize_translates_titles_axes_ticks_and_legend():
    fig, ax = _figure()
    with warnings.catch_warnings():
        warnings.simplefilter("error", UntranslatedTextWarning)
        localize(ax, "zh", strict=True)
        shown = figure_texts(fig)
    assert "客户数" in shown and "交易笔数" in shown and "收入（元）" in shown and "收入（欧元）" in shown
    assert "流失率" in shown
    assert not any(t in shown for t in ("Customers", "Transactions", "Churn rate"))
    plt.close(fig)


def test_english_figures_are_left_alone():
    fig, ax = _figure()
    localize(fig, "en")
    assert ax.get_title() == "Customers"
    plt.close(fig)


def test_gaps_in_the_catalogue_are_reported():
    fig, ax = _figure()
    ax.set_title("A title nobody catalogued")
    with pytest.warns(UntranslatedTextWarning, match="nobody catalogued"):
        localize(fig, "zh")
    ax.set_title("Another title nobody catalogued")
    with pytest.raises(ValueError, match="Another title"):
        localize(fig, "zh", strict=True)
    plt.close(fig)
