"""The engines' frequent notes in Chinese: the catalogue's English templates match the engines' real warnings."""
import warnings

import nbformat
import numpy as np
import pandas as pd
import pytest

from crm_analysis.datasets import make_survey
from crm_analysis.exceptions import DataExclusionWarning
from crm_analysis.present.catalogue import find_key, translate, untranslated_words
from crm_analysis.reports.checks import visible_text
from crm_analysis.reports.render import render_html
from crm_analysis.satisfaction import ecsi_model
from crm_analysis.validation import declare_scale
from crm_analysis.value import GammaGammaModel


def _messages(call) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    return [str(w.message) for w in caught if issubclass(w.category, DataExclusionWarning)]


def _survey_with_gaps():
    survey = make_survey(300, random_state=4)
    survey.loc[survey.index[::12], "sat2"] = np.nan
    survey.loc[survey.index[5:9], "loy1"] = np.nan
    return survey


@pytest.mark.parametrize("missing, key", [("mean", "note_mean_imputation"), ("listwise", "note_listwise_deletion"),
                                          ("pairwise", "note_pairwise_deletion")])
def test_missing_answer_notes_of_the_pls_engine_read_in_chinese(missing, key):
    (message,) = _messages(lambda: ecsi_model(missing=missing).fit(_survey_with_gaps()))
    assert find_key(message)[0] == key
    chinese = translate(message, "zh")
    assert untranslated_words(chinese.replace("sat2", "").replace("loy1", "")) == []
    assert "sat2: 25" in chinese and "loy1: 4" in chinese and "300 位受访者" in chinese
    if missing == "listwise":
        assert "使用 271 位" in chinese and "第 [" in chinese and "列出前 5 行" in chinese


def test_gamma_gamma_and_missing_code_notes_read_in_chinese():
    summary = pd.DataFrame({"frequency": [0, 2, 3, 0, 1, 4], "recency": [0, 5, 9, 0, 3, 10.0],
                            "T": [10.0] * 6, "monetary_value": [0, 20.0, 31, 0, 12, 25]})
    (one_off,) = _messages(lambda: GammaGammaModel().fit(summary))
    assert translate(one_off, "zh") == "6 位客户中有 2 位频次为 0，未纳入 Gamma-Gamma 拟合：消费金额只用重复购买建模"
    answers = pd.DataFrame({"q1": [1, 7, -9, 4], "q2": [99, 2, 3, -9]})
    (codes,) = _messages(lambda: declare_scale(answers, (1, 7), missing_codes=(-9, 99)))
    assert translate(codes, "zh") == "3 个标为“未作答”代码的答案（missing_codes：-9, 99）已按缺失值处理，各题：q1: 1, q2: 2"


def test_a_chinese_page_shows_the_note_in_chinese_and_an_unknown_one_as_written():
    (message,) = _messages(lambda: ecsi_model(missing="mean").fit(_survey_with_gaps()))
    stderr = (f"/tmp/ipykernel_1/2.py:3: DataExclusionWarning: {message}\n  model.fit(survey)\n"
              "/tmp/ipykernel_1/2.py:4: UserWarning: a message no catalogue knows\n  other()\n")
    cell = nbformat.v4.new_code_cell("model.fit(survey)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stderr", text=stderr)]
    nb = nbformat.v4.new_notebook()
    nb.cells = [cell]
    shown = "".join(visible_text(render_html(nb, audience="teach", lang="zh")).split())
    assert "注意：300位受访者中有" in shown and "已用各题均值替代" in shown
    assert "注意：amessagenocatalogueknows" in shown
    english = "".join(visible_text(render_html(nb, audience="teach", lang="en")).split())
    assert "".join(("Note: " + message).split()) in english


def test_the_database_summary_notes_read_in_chinese(tmp_path):
    from crm_analysis.store import CustomerStore

    log = pd.DataFrame({"customer_id": ["007", "007", "008"], "date": ["2024-01-01", "2024-01-03", "2024-02-01"],
                        "amount": [5.0, -5.0, 7.0]})
    with CustomerStore(tmp_path / "db.duckdb") as store:
        store.add_transactions(log)
        returns, late = _messages(lambda: store.rfm_summary(observation_end="2024-01-15"))
    assert translate(returns, "zh") == "3 行交易中有 1 行未纳入：'amount' 为负（退货；例如客户 ['007']）"
    assert translate(late, "zh") == "2 行交易中有 1 行未纳入：'date' 晚于观察期结束 2024-01-15（例如客户 ['008']）"
