"""The one reader (crm_analysis.io) on messy files made here: each column read one way, or a clear error."""
import re
import warnings

import numpy as np
import pandas as pd
import pytest

from crm_analysis.exceptions import CRMDataError, DataExclusionWarning
from crm_analysis.io import (HeaderRowWarning, detect_encoding, parse_amounts, parse_dates, parse_ids, read_survey,
                             read_table, read_transactions)


def dates(*values):
    return [pd.Timestamp(v) for v in values]


# ------------------------------------------------------------------ a Chinese shop's export
@pytest.fixture
def gbk_orders(tmp_path):
    """GBK CSV, Chinese column names, fullwidth yuan amounts with thousands, day-first dates, zero-padded ids."""
    text = ("客户编号,日期,金额,备注\n"
            "000509,05/03/2024,\"￥1,234.50\",首单\n"
            "509,20/03/2024,￥88.00,\n"
            "000509,21/03/2024,￥12.00,复购\n")
    path = tmp_path / "订单.csv"
    path.write_bytes(text.encode("gbk"))
    return path


def test_gbk_export_reads_every_column_one_way(gbk_orders):
    orders = read_transactions(gbk_orders, customer_col="客户编号", date_col="日期", amount_col="金额",
                               strip_currency=True, thousands=",")
    assert orders["customer_id"].tolist() == ["000509", "509", "000509"]       # two customers, not one
    assert orders["date"].tolist() == dates("2024-03-05", "2024-03-20", "2024-03-21")   # day-first, all rows
    assert orders["amount"].tolist() == [1234.5, 88.0, 12.0]
    assert orders["备注"].tolist()[0] == "首单" and pd.isna(orders["备注"].tolist()[1])   # extra column kept
    assert orders.attrs["extra_columns"] == ["备注"] and orders.attrs["currency"] == "¥"


def test_gbk_export_without_strip_currency_names_the_option(gbk_orders):
    with pytest.raises(CRMDataError, match=r"'金额'.*rows \[2, 3, 4\].*strip_currency=True"):
        read_transactions(gbk_orders, customer_col="客户编号", date_col="日期", amount_col="金额")


# ------------------------------------------------------------------ ids
def test_ids_keep_leading_zeros_and_numbers_become_their_text():
    assert parse_ids(pd.Series(["000509", "509", " 12 "]), "c").tolist() == ["000509", "509", "12"]
    assert parse_ids(pd.Series([1.0, 2.0, 509.0]), "c").tolist() == ["1", "2", "509"]
    assert parse_ids(pd.Series([123, "A9"], dtype=object), "c").tolist() == ["123", "A9"]


@pytest.mark.parametrize("values, rows", [([123, "123"], r"\[0\].*\[1\]"), (["000509", 509], r"\[1\].*\[0\]")])
def test_numbers_mixed_with_numeric_texts_are_an_error(values, rows):
    with pytest.raises(CRMDataError, match=rf"'client'.*mixes numbers.*rows {rows}"):
        parse_ids(pd.Series(values, dtype=object), "client")


def test_fractional_and_missing_ids_are_errors():
    with pytest.raises(CRMDataError, match=r"not whole numbers.*12.5.*rows \[1\]"):
        parse_ids(pd.Series([1.0, 12.5]), "c")
    with pytest.raises(CRMDataError, match=r"missing customer id in rows \[1\]"):
        parse_ids(pd.Series(["a", None]), "c", what="customer id")


def test_excel_number_and_text_ids_that_could_be_one_customer(tmp_path):
    path = tmp_path / "orders.xlsx"
    pd.DataFrame({"client": ["000509", 509], "day": ["2024-03-05", "2024-03-06"], "total": [1, 2]}).to_excel(
        path, index=False)
    with pytest.raises(CRMDataError, match=r"'client'.*mixes numbers \(rows \[3\].*rows \[2\]"):
        read_transactions(path, customer_col="client", date_col="day", amount_col="total")


# ------------------------------------------------------------------ dates
def test_day_first_is_inferred_once_for_the_whole_column():
    got = parse_dates(pd.Series(["05/03/2024", "20/03/2024", "01/12/2024"]), "day")
    assert got.tolist() == dates("2024-03-05", "2024-03-20", "2024-12-01")


def test_a_column_that_reads_both_ways_asks_for_date_format():
    ambiguous = pd.Series(["05/03/2024", "11/04/2024"])
    with pytest.raises(CRMDataError, match=r"'day'.*day-first and month-first.*'05/03/2024'.*date_format='%d/%m/%Y'"):
        parse_dates(ambiguous, "day")
    assert parse_dates(ambiguous, "day", date_format="%d/%m/%Y").tolist() == dates("2024-03-05", "2024-04-11")
    assert parse_dates(ambiguous, "day", date_format="%m/%d/%Y").tolist() == dates("2024-05-03", "2024-11-04")


@pytest.mark.parametrize("values, expected", [
    (["2024年3月5日", "2024年12月25日"], ["2024-03-05", "2024-12-25"]),
    (["2024-03-05", "2024-03-06 18:30"], ["2024-03-05", "2024-03-06 18:30"]),
    ([45356, 45357.5], ["2024-03-05", "2024-03-06 12:00"]),              # Excel serial days
    ([19970101, 19971231], ["1997-01-01", "1997-12-31"]),                # CDNOW's YYYYMMDD
    (["Mar 5, 2024", "Dec 25, 2024"], ["2024-03-05", "2024-12-25"]),
])
def test_known_date_forms(values, expected):
    assert parse_dates(pd.Series(values), "day").tolist() == dates(*expected)


def test_time_zones_keep_local_dates_or_convert_to_tz():
    aware = pd.Series(["2024-03-05T23:30:00+08:00", "2024-03-05T10:00:00-05:00"])   # mixed offsets
    assert parse_dates(aware, "day").tolist() == dates("2024-03-05 23:30", "2024-03-05 10:00")
    assert parse_dates(aware, "day", tz="UTC").tolist() == dates("2024-03-05 15:30", "2024-03-05 15:00")
    typed = pd.Series(pd.to_datetime(["2024-03-05 23:30"]).tz_localize("Asia/Shanghai"))
    assert parse_dates(typed, "day").tolist() == dates("2024-03-05 23:30")
    assert parse_dates(typed, "day", tz="UTC").tolist() == dates("2024-03-05 15:30")


def test_a_column_in_two_formats_names_the_rows():
    with pytest.raises(CRMDataError, match=r"not in one date format.*'05/03/2024'.*rows \[1\]"):
        parse_dates(pd.Series(["2024-03-05", "05/03/2024", "2024-03-07"]), "day")
    with pytest.raises(CRMDataError, match=r"do not match date_format='%d/%m/%Y'.*'2024-03-05'"):
        parse_dates(pd.Series(["05/03/2024", "2024-03-05"]), "day", date_format="%d/%m/%Y")


def test_excel_that_converted_only_some_day_first_dates(tmp_path):
    """Excel in a month-first locale turns 05/03/2024 into a date (3 May) and leaves 20/03/2024 as text."""
    path = tmp_path / "orders.xlsx"
    pd.DataFrame({"client": ["a", "b"], "day": [pd.Timestamp("2024-05-03"), "20/03/2024"],
                  "total": [1, 2]}).to_excel(path, index=False)
    with pytest.raises(CRMDataError, match=r"'day'.*mixes date cells \(rows \[2\].*rows \[3\].*20/03/2024"):
        read_transactions(path, customer_col="client", date_col="day", amount_col="total")


# ------------------------------------------------------------------ amounts
def test_european_amounts_and_currencies():
    assert parse_amounts(pd.Series(["1.234,50", "43,31"]), "a", decimal=",", thousands=".").tolist() == [1234.5, 43.31]
    assert parse_amounts(pd.Series(["€43,31", "12 €"]), "a", decimal=",", strip_currency=True).tolist() == [43.31, 12]
    assert parse_amounts(pd.Series(["USD 12", "USD 3.5"]), "a", strip_currency=True).tolist() == [12, 3.5]
    assert parse_amounts(pd.Series(["12.50 元", "-3元"]), "a", strip_currency=True).tolist() == [12.5, -3]


@pytest.mark.parametrize("values, options, message", [
    (["1.234,50", "43,31"], {}, "decimal=',', thousands='.'"),
    (["43,31", "2,5"], {}, "decimal=','"),
    (["1,234.50", "3"], {}, "thousands=','"),
    (["€12", "€3"], {}, "strip_currency=True"),
    (["€12", "$3"], {"strip_currency": True}, r"mixes currencies \['\$', 'EUR'\]"),
    (["12,34", "1,234"], {"thousands": ","}, r"'12,34'.*rows \[0\]"),          # not a group of three
    (["12", "twelve"], {}, r"'twelve'.*rows \[1\]"),
])
def test_amounts_that_cannot_be_read_one_way(values, options, message):
    with pytest.raises(CRMDataError, match=message):
        parse_amounts(pd.Series(values), "amount", **options)


def test_numbers_that_could_be_dot_thousands_ask_which():
    ambiguous = pd.Series(["1.234", "12.500", "7"])
    with pytest.raises(CRMDataError, match=r"'1.234'.*read two ways.*1234 with '\.' as thousands.*decimal='\.'"):
        parse_amounts(ambiguous, "amount")
    assert parse_amounts(ambiguous, "amount", decimal=".").tolist() == [1.234, 12.5, 7]
    assert parse_amounts(ambiguous, "amount", decimal=",", thousands=".").tolist() == [1234, 12500, 7]
    assert parse_amounts(pd.Series(["1.25", "12.50"]), "amount").tolist() == [1.25, 12.5]     # cents: no question
    assert parse_amounts(pd.Series(["1.234", "0.5"]), "amount").tolist() == [1.234, 0.5]       # 0.5 is no thousands


def test_infinite_amounts_are_an_error():
    with pytest.raises(CRMDataError, match=r"infinite values in rows \[1\]"):
        parse_amounts(pd.Series([1.0, np.inf]), "amount")
    with pytest.raises(CRMDataError, match=r"infinite"):
        parse_amounts(pd.Series(["1", "1e400"]), "amount")


# ------------------------------------------------------------------ encodings and damaged files
def test_utf8_bom_is_not_part_of_the_first_column_name(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("client,day,total\n1,2024-01-01,3\n".encode("utf-8-sig"))
    assert detect_encoding(path.read_bytes()) == "utf-8-sig"
    assert read_transactions(path, customer_col="client", date_col="day", amount_col="total")["customer_id"].tolist() == ["1"]


def test_western_file_is_not_mistaken_for_chinese(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("client,name,day,total\n1,Müller,2024-03-01,3\n2,Gómez,2024-03-02,4\n".encode("latin-1"))
    with pytest.raises(CRMDataError, match="neither UTF-8 nor Chinese.*encoding="):
        read_transactions(path, customer_col="client", date_col="day", amount_col="total")
    rows = read_transactions(path, customer_col="client", date_col="day", amount_col="total", encoding="latin-1")
    assert rows["name"].tolist() == ["Müller", "Gómez"]


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (bytes(range(256)) * 4, "not a text file"),
    (b"customer_id,date,amount\n", "no data rows"),
    (b"\xff\xfe\xfa\xfb\n\xfc", "encoding"),
])
def test_damaged_files_are_data_errors(tmp_path, content, message):
    path = tmp_path / "orders.csv"
    path.write_bytes(content)
    with pytest.raises(CRMDataError, match=message):
        read_transactions(path)


def test_unknown_format_and_missing_file(tmp_path):
    (tmp_path / "x.json").write_text("{}")
    with pytest.raises(CRMDataError, match="supported file endings"):
        read_table(tmp_path / "x.json")
    with pytest.raises(FileNotFoundError):
        read_table(tmp_path / "nope.csv")


# ------------------------------------------------------------------ header rows
def test_csv_title_row_is_skipped_and_reported(tmp_path):
    path = tmp_path / "report.csv"
    path.write_text("Sales report March 2024\n\nclient;day;total\n1;2024-03-01;3,5\n2;2024-03-02;4,25\n")
    with pytest.warns(HeaderRowWarning, match="Sales report March 2024"):
        rows = read_transactions(path, customer_col="client", date_col="day", amount_col="total", decimal=",")
    assert rows["amount"].tolist() == [3.5, 4.25] and len(rows) == 2
    assert rows.index.tolist() == [4, 5]            # the rows a spreadsheet shows


def test_excel_title_row_is_skipped_and_header_row_chooses(tmp_path):
    path = tmp_path / "export.xlsx"
    cells = [["Shop export 2024", None, None], ["client", "day", "total"], ["A1", "2024-03-05", 12.5],
             ["A2", "2024-03-06", 3]]
    pd.DataFrame(cells).to_excel(path, header=False, index=False)
    with pytest.warns(HeaderRowWarning, match="Shop export 2024"):
        rows = read_transactions(path, customer_col="client", date_col="day", amount_col="total")
    assert rows["amount"].tolist() == [12.5, 3.0] and rows["customer_id"].tolist() == ["A1", "A2"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        same = read_transactions(path, customer_col="client", date_col="day", amount_col="total", header_row=2)
    pd.testing.assert_frame_equal(same, rows)
    with pytest.raises(CRMDataError, match=r"no column\(s\) \['customer'\]: its header \(row 2\) holds \['client'"):
        read_transactions(path, customer_col="customer", date_col="day", amount_col="total")
    with pytest.raises(CRMDataError, match="no sheet 'March'.*Sheet1"):
        read_transactions(path, customer_col="client", date_col="day", amount_col="total", sheet="March")


# ------------------------------------------------------------------ SPSS and surveys
def test_spss_user_missing_values_become_missing_and_labels_travel(tmp_path):
    import pyreadstat

    path = tmp_path / "survey.sav"
    answers = pd.DataFrame({"id": [1.0, 2.0, 3.0], "q1": [5.0, -99.0, 3.0], "q2": [1.0, 2.0, 99.0]})
    pyreadstat.write_sav(answers, str(path), missing_ranges={"q1": [-99], "q2": [{"lo": 99, "hi": 99}]},
                         variable_value_labels={"q1": {5.0: "very good"}})
    with pytest.warns(DataExclusionWarning, match="'q1' 1, 'q2' 1"):
        survey = read_survey(path, scale=(1, 10), customer_col="id")
    assert survey["customer_id"].tolist() == ["1", "2", "3"]
    assert survey["q1"].isna().tolist() == [False, True, False] and survey["q2"].isna().tolist() == [False, False, True]
    assert survey.attrs["value_labels"]["q1"] == {5.0: "very good"} and survey.attrs["scale"] == (1, 10)


def test_survey_no_answer_codes():
    answers = pd.DataFrame({"q1": [1, -99, 3], "q2": ["5", "n/a", "2"]})
    with pytest.raises(CRMDataError, match=r"outside the rating scale 1-10 in column 'q1' \(values \[-99\], rows \[1\].*missing_codes=\(-99,\)"):
        read_survey(answers[["q1"]], scale=(1, 10))
    with pytest.warns(DataExclusionWarning, match="per item: q1: 1, q2: 1"):
        survey = read_survey(answers, scale=(1, 10), missing_codes=(-99, "n/a"))
    assert survey["q1"].tolist()[::2] == [1, 3] and survey["q2"].isna().sum() == 1
    assert survey.attrs["items"] == ["q1", "q2"] and survey.attrs["missing_codes"] == (-99, "n/a")


def test_the_callers_frame_is_not_modified():
    frame = pd.DataFrame({"client": ["000509", "509"], "day": ["05/03/2024", "20/03/2024"], "total": ["1,5", "2"]})
    before = frame.copy()
    read_transactions(frame, customer_col="client", date_col="day", amount_col="total", decimal=",")
    pd.testing.assert_frame_equal(frame, before)


def test_engines_read_text_ids_of_a_dataframe_as_the_reader_does():
    from crm_analysis.value import rfm_summary

    mixed = pd.DataFrame({"customer_id": [123, "123"], "date": ["2024-01-01", "2024-01-02"]}, dtype=object)
    with pytest.raises(CRMDataError, match="mixes numbers"):
        rfm_summary(mixed, time_unit="D")
    padded = pd.DataFrame({"customer_id": [" 7", "7", "007"], "date": ["2024-01-01", "2024-01-02", "2024-01-03"]})
    summary = rfm_summary(padded, time_unit="D")
    assert summary.index.tolist() == ["007", "7"] and summary.loc["7", "frequency"] == 1


@pytest.mark.parametrize("suffix, kind", [(".xlsx", "Excel"), (".parquet", "Parquet"), (".sav", "SPSS")])
def test_damaged_binary_files_are_data_errors(tmp_path, suffix, kind):
    path = tmp_path / f"orders{suffix}"
    path.write_bytes(b"PK\x03\x04 not really a workbook" * 50)
    with pytest.raises(CRMDataError, match=f"cannot read orders{suffix} as .*{kind}"):
        read_transactions(path)


@pytest.mark.parametrize("values, options, hint", [
    (["12.50", "3.5"], {"decimal": ","}, "decimal point: pass decimal='.'"),
    (["1 234,50", "3"], {"decimal": ","}, "thousands=' '"),
    (["(12.50)", "3"], {}, "parentheses"),
])
def test_number_errors_say_what_reads_them(values, options, hint):
    with pytest.raises(CRMDataError, match=re.escape(hint)):
        parse_amounts(pd.Series(values), "amount", **options)


def test_dot_thousands_imply_a_decimal_comma():
    assert parse_amounts(pd.Series(["1.234,50", "3,5"]), "amount", thousands=".").tolist() == [1234.5, 3.5]


def test_survey_items_guessed_wrongly_point_to_items():
    answers = pd.DataFrame({"resp": [1, 2, 30], "q1": [1, 5, 3], "q2": [2, 2, 4]})
    with pytest.raises(CRMDataError, match=r"'resp'.*every numeric column, \['resp', 'q1', 'q2'\].*items="):
        read_survey(answers, scale=(1, 5))
    assert read_survey(answers, scale=(1, 5), items=["q1", "q2"]).attrs["items"] == ["q1", "q2"]


def test_churn_labels_beyond_two_name_their_rows():
    from crm_analysis.io import read_customers

    table = pd.DataFrame({"id": ["a", "b", "c", "d", "e"], "left": ["Yes", "No", None, "maybe", "No"]})
    with pytest.raises(CRMDataError, match=r"holds 3: \['No', 'Yes', 'maybe'\].*\['maybe'\].*rows \[3\]"):
        read_customers(table, customer_col="id", churn_col="left")


# ------------------------------------------------------------------ forms a second new user found
def test_full_width_and_point_zero_ids_are_the_same_customers():
    from crm_analysis.io import ValueFormWarning

    with pytest.warns(ValueFormWarning, match="full-width"):
        assert parse_ids(pd.Series(["000509", "０００５０９", "Ａ17"]), "c").tolist() == ["000509", "000509", "A17"]
    with pytest.warns(ValueFormWarning, match=r"'\.0'"):
        assert parse_ids(pd.Series(["509.0", "731.0"]), "c").tolist() == ["509", "731"]
    assert parse_ids(pd.Series(["509.0", "731.5"]), "c").tolist() == ["509.0", "731.5"]   # real decimals: kept


def test_ids_that_lost_digits_are_errors():
    with pytest.raises(CRMDataError, match=r"scientific notation.*'1\.10101E\+17'.*rows \[0\]"):
        parse_ids(pd.Series(["1.10101E+17", "5"]), "c")
    with pytest.raises(CRMDataError, match="16 or more digits stored as numbers"):
        parse_ids(pd.Series([110101199003071234.0, 2.0]), "c")
    assert parse_ids(pd.Series([110101199003071234, 2]), "c").tolist() == ["110101199003071234", "2"]


@pytest.mark.parametrize("values, orders", [
    (["24/03/05", "24/04/20"], "day-first and year-first"),
    (["05.03.2024", "11.04.2024"], "day-first and month-first"),
    (["24-03-05", "24-04-20"], "day-first and year-first"),
])
def test_two_digit_years_and_dotted_dates_that_read_two_ways(values, orders):
    with pytest.raises(CRMDataError, match=f"reads both {orders}"):
        parse_dates(pd.Series(values), "day")


def test_excel_serial_days_written_as_text_and_mixed_offsets():
    assert parse_dates(pd.Series(["45356", "45357"]), "day").tolist() == dates("2024-03-05", "2024-03-06")
    with pytest.raises(CRMDataError, match=r"mixes times with a UTC offset.*rows \[0\].*without one.*rows \[1\]"):
        parse_dates(pd.Series(["2024-03-05T23:30:00+08:00", "2024-03-05 10:00:00"]), "day")


def test_utc_times_are_dated_on_utc_days_with_a_warning_and_tz_gives_local_days():
    from crm_analysis.io import ValueFormWarning

    utc = pd.Series(pd.to_datetime(["2024-03-05 15:30", "2024-03-05 16:30"]).tz_localize("UTC"), name="when")
    with pytest.warns(ValueFormWarning, match="tz='Asia/Shanghai'"):
        assert parse_dates(utc, "when").dt.day.tolist() == [5, 5]
    assert parse_dates(utc, "when", tz="Asia/Shanghai").tolist() == dates("2024-03-05 23:30", "2024-03-06 00:30")


def test_minus_signs_and_swiss_thousands():
    assert parse_amounts(pd.Series(["\u221212.50", "3"]), "amount").tolist() == [-12.5, 3]
    with pytest.raises(CRMDataError, match="minus sign after the number"):
        parse_amounts(pd.Series(["12.50-", "3"]), "amount")
    assert parse_amounts(pd.Series(["1'234.50", "3"]), "amount", thousands="'").tolist() == [1234.5, 3]


def test_a_survey_item_with_a_stray_word_and_a_scale_never_reached():
    from crm_analysis.io import ValueFormWarning

    answers = pd.DataFrame({"q1": [1, 2, 3, 4, 5, "Agree", 2, 3], "q2": [1, 2, 3, 4, 5, 1, 2, 3]})
    with pytest.raises(CRMDataError, match=r"'q1'.*text such as \['Agree'\] in rows \[5\].*missing_codes=\('Agree',\)"):
        read_survey(answers, scale=(1, 5))
    five_point = pd.DataFrame({"q1": [1, 2, 3, 4, 5] * 2, "q2": [5, 4, 3, 2, 1] * 2})
    with pytest.warns(ValueFormWarning, match="no answer lies above 5 on the declared scale 1-10"):
        read_survey(five_point, scale=(1, 10))


def test_a_repeated_transaction_id_is_one_purchase():
    """An overlapping re-export repeats order ids: kept once with a count (the summary must not add them twice)."""
    import warnings as _warnings

    from crm_analysis.exceptions import DataExclusionWarning
    from crm_analysis.value import rfm_summary

    log = pd.DataFrame({"cid": ["001", "001", "001", "002", "001"],
                        "d": ["2024-01-01", "2024-01-01", "2024-03-01", "2024-01-02", "2024-03-01"],
                        "amt": [10.0, 10.0, 30.0, 5.0, 30.0], "oid": ["A", "A", "B", "C", "B"]})
    with pytest.warns(DataExclusionWarning, match=r"2 rows of transactions repeat a transaction id.*kept once: 3 rows"):
        out = read_transactions(log, customer_col="cid", date_col="d", amount_col="amt", transaction_col="oid")
    assert out["transaction_id"].tolist() == ["A", "B", "C"] and out.index.tolist() == [0, 2, 3]
    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")
        summary = rfm_summary(out, amount_col="amount", observation_end="2024-06-30", time_unit="W")
    assert summary.loc["001", "monetary_value"] == 30.0          # not 60: the repeated order is one purchase
    conflicting = log.assign(amt=[10.0, 11.0, 30.0, 5.0, 30.0])
    with pytest.raises(CRMDataError, match=r"column 'oid'.*different content.*\['A'\].*rows \[0, 1\]"):
        read_transactions(conflicting, customer_col="cid", date_col="d", amount_col="amt", transaction_col="oid")
