"""present.exports: action lists as CSV (UTF-8 with BOM) and Excel (ids as text), and the needs-data page."""
import datetime
import json

import numpy as np
import openpyxl
import pandas as pd
import pytest

from crm_analysis.exceptions import CRMDataError
from crm_analysis.provenance import Footer
from crm_analysis.present.exports import (EXPORTS_ENV, LISTS_RECORD, NEEDS_DATA_RECORD, REPORT_NAME_ENV,
                                          ReportNeedsData, export_list, needs_data)


@pytest.fixture
def run_env(tmp_path, monkeypatch):
    """What the runner sets for a kernel: a scratch exports folder and the report's name."""
    folder = tmp_path / "scratch" / "exports"
    monkeypatch.setenv(EXPORTS_ENV, str(folder))
    monkeypatch.setenv(REPORT_NAME_ENV, "30_mgmt_customer_value")
    return folder


def _contacts():
    return pd.DataFrame({"name": ["张三", "=HYPERLINK(\"x\")", "Li"], "value": [1234.5, np.nan, 3.0],
                         "orders": [3, 1, 12], "since": pd.to_datetime(["2024-01-31", "2023-06-01", None])},
                        index=pd.Index(["000509", "0012", "509"], name="customer_id"))


def _sheet(path):
    ws = openpyxl.load_workbook(path).active
    return ws, [[cell.value for cell in row] for row in ws.iter_rows()]


def test_files_are_named_after_the_report_and_the_link_is_relative(run_env):
    shown = export_list(_contacts(), "retention", title="Retention list").data
    assert shown == ("**Retention list** – 3 rows: [CSV](30_mgmt_customer_value_retention.csv) · "
                     "[Excel](30_mgmt_customer_value_retention.xlsx)")
    assert sorted(p.name for p in run_env.iterdir()) == [
        "30_mgmt_customer_value_retention.csv", "30_mgmt_customer_value_retention.xlsx", LISTS_RECORD]
    assert json.loads((run_env / LISTS_RECORD).read_text(encoding="utf-8")) == [
        {"name": "retention", "title": "Retention list", "rows": 3,
         "files": ["30_mgmt_customer_value_retention.csv", "30_mgmt_customer_value_retention.xlsx"]}]


def test_csv_is_utf8_with_bom_and_keeps_ids_and_the_named_index(run_env):
    export_list(_contacts(), "retention")
    raw = (run_env / "30_mgmt_customer_value_retention.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 (Chinese names) only with the BOM
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "customer_id,name,value,orders,since"
    assert lines[1] == "000509,张三,1234.5,3,2024-01-31"
    assert lines[3] == "509,Li,3.0,12,"


def test_excel_writes_ids_as_text_and_numbers_as_numbers(run_env):
    export_list(_contacts(), "retention", title="Retention list")
    ws, rows = _sheet(run_env / "30_mgmt_customer_value_retention.xlsx")
    assert rows[0] == ["customer_id", "name", "value", "orders", "since"]
    assert [row[0] for row in rows[1:]] == ["000509", "0012", "509"]  # not 509, 12, 509
    id_cell = ws["A2"]
    assert id_cell.data_type == "s" and id_cell.number_format == "@"
    assert rows[1][1:] == ["张三", 1234.5, 3, datetime.datetime(2024, 1, 31)]
    assert ws["D2"].data_type == "n" and ws["E2"].number_format == "yyyy-mm-dd"
    assert rows[2][2] is None and rows[3][4] is None  # missing values are empty cells
    assert ws.title == "Retention list" and ws.freeze_panes == "A2" and ws["A1"].font.b


def test_a_text_that_looks_like_a_formula_stays_text(run_env):
    export_list(_contacts(), "retention")
    ws, rows = _sheet(run_env / "30_mgmt_customer_value_retention.xlsx")
    assert ws["B3"].value == '=HYPERLINK("x")' and ws["B3"].data_type == "s"


def test_integers_beyond_excel_precision_are_text_and_tz_dates_keep_wall_time(run_env):
    frame = pd.DataFrame({"card": [12345678901234567, 7],
                          "at": pd.to_datetime(["2024-03-01 09:30", "2024-03-02 18:00"]).tz_localize("Asia/Shanghai"),
                          "flag": [True, False], "ratio": [float("inf"), 0.25]})
    export_list(frame, "cards")
    ws, rows = _sheet(run_env / "30_mgmt_customer_value_cards.xlsx")
    assert rows[0] == ["card", "at", "flag", "ratio"]  # an unnamed row number is not written
    assert rows[1] == ["12345678901234567", datetime.datetime(2024, 3, 1, 9, 30), True, "inf"]
    assert rows[2] == [7, datetime.datetime(2024, 3, 2, 18, 0), False, 0.25]


def test_frame_is_not_modified_and_a_series_is_a_one_column_list(run_env):
    frame = _contacts()
    before = frame.copy()
    export_list(frame, "retention")
    pd.testing.assert_frame_equal(frame, before)
    export_list(pd.Series([1.5, 2.5], index=pd.Index(["a", "b"], name="customer_id"), name="clv"), "clv")
    assert _sheet(run_env / "30_mgmt_customer_value_clv.xlsx")[1] == [["customer_id", "clv"], ["a", 1.5], ["b", 2.5]]


def test_chinese_line_and_a_second_list_both_recorded(run_env):
    one = pd.DataFrame({"客户": ["A"]})
    assert export_list(one, "win_back", "zh", title="挽回名单").data == (
        "**挽回名单** – 共 1 行：[CSV](30_mgmt_customer_value_win_back.csv) · "
        "[Excel](30_mgmt_customer_value_win_back.xlsx)")
    export_list(_contacts(), "retention", "zh")
    export_list(one, "win_back", "zh", title="挽回名单")  # written again: replaced, not listed twice
    record = json.loads((run_env / LISTS_RECORD).read_text(encoding="utf-8"))
    assert [(e["name"], e["rows"]) for e in record] == [("retention", 3), ("win_back", 1)]


def test_interactive_session_writes_into_exports_and_says_so(tmp_path, monkeypatch):
    monkeypatch.delenv(EXPORTS_ENV, raising=False)
    monkeypatch.delenv(REPORT_NAME_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    shown = export_list(pd.DataFrame({"x": [1, 2]}), "retention").data
    assert shown.startswith("**retention** – 2 rows: [CSV](exports/report_retention.csv) · "
                            "[Excel](exports/report_retention.xlsx)")
    assert "The files are in the folder `exports/`." in shown
    assert (tmp_path / "exports" / "report_retention.csv").read_bytes() == b"\xef\xbb\xbfx\n1\n2\n"


@pytest.mark.parametrize("name", ["", "../x", "a b", "retention.csv", "x" * 65, "名单"])
def test_a_list_name_must_be_a_plain_word(run_env, name):
    with pytest.raises(CRMDataError, match="must be 1-64 letters, digits"):
        export_list(pd.DataFrame({"x": [1]}), name)
    assert not run_env.exists()


def test_an_index_named_like_a_column_is_refused(run_env):
    frame = pd.DataFrame({"customer_id": ["1"], "v": [1]}, index=pd.Index(["1"], name="customer_id"))
    with pytest.raises(CRMDataError, match=r"the index \['customer_id'\] is also a column"):
        export_list(frame, "retention")


def test_not_a_frame_is_refused(run_env):
    with pytest.raises(CRMDataError, match="needs a pandas DataFrame, got list"):
        export_list([1, 2], "retention")


# ---------------------------------------------------------------- needs_data
def test_needs_data_message_is_in_the_page_language(run_env, monkeypatch):
    # the console line of a Chinese page was English around a Chinese 'what' ("this report needs 问卷答案; ...")
    monkeypatch.setattr("IPython.display.display", lambda obj: None)
    with pytest.raises(ReportNeedsData) as caught:
        needs_data("问卷答案", "crm-analysis import survey answers.xlsx --store shop.duckdb --scale 1 7", "zh")
    assert str(caught.value) == ("本报告需要问卷答案。请用以下命令导入： "
                                 "crm-analysis import survey answers.xlsx --store shop.duckdb --scale 1 7")


def test_needs_data_shows_the_page_records_it_and_raises(run_env, monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    with pytest.raises(ReportNeedsData) as caught:
        needs_data("survey answers", "crm-analysis import survey answers.xlsx --store shop.duckdb --scale 1 7")
    assert caught.value.what == "survey answers"
    assert str(caught.value) == ("This report needs survey answers. Import it with: "
                                 "crm-analysis import survey answers.xlsx --store shop.duckdb --scale 1 7")
    page = shown[0].data
    assert page.startswith("### Data needed\n\nThis report needs survey answers. Import it with:\n\n```\n"
                           "crm-analysis import survey answers.xlsx --store shop.duckdb --scale 1 7\n```")
    assert isinstance(shown[1], Footer) and shown[1].lang == "en"  # the page ends with the provenance footer
    assert json.loads((run_env / NEEDS_DATA_RECORD).read_text(encoding="utf-8")) == {
        "what": "survey answers", "how": "crm-analysis import survey answers.xlsx --store shop.duckdb --scale 1 7"}


def test_needs_data_in_chinese(monkeypatch, run_env):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    with pytest.raises(ReportNeedsData):
        needs_data("问卷答案", "crm-analysis import survey FILE --store DB --scale 1 7", "zh")
    assert "本报告需要问卷答案。请用以下命令导入：" in shown[0].data and "导入后请重新生成本报告。" in shown[0].data
