import re
import warnings

import numpy as np
import pandas as pd

from crm_analysis.io import _ISO_START, _OFFSET, _matches, _texts, parse_dates, read_transactions

# texts the date checks meet: ISO with and without a time of day or UTC offset, day-first, Chinese,
# full-width and Arabic-Indic digits (Python's \d matches them, Arrow's RE2 does not), separators
TEXTS = ["2024-03-05", "2024-03-05T10:00:00+08:00", "2024-03-05 10:00Z", "２０２４-03-05", "2024-03-05 ١٠:00",
         "2024-03-05+0800", "05/03/2024", "2024年3月5日", "2024-03-05 10:00:00-05:00", "2024-03-05T", "x2024-03-05",
         "2024-03-05 10:00 +٠٨:٠٠"]


def test_pattern_checks_answer_as_python_re():
    texts = pd.Index(TEXTS, dtype=object)
    for pattern in (_OFFSET.pattern, r"^\d{4}-\d{2}-\d{2}", _ISO_START.pattern):
        expected = [re.search(pattern, t) is not None for t in TEXTS]
        assert _matches(texts, pattern).tolist() == expected, pattern
    # by hand: offsets in 2, 3, 6, 9 and 12 (Arabic-Indic digits); ISO starts everywhere but 5, 7, 8, 10, 11
    assert _matches(texts, _OFFSET.pattern).tolist() == [0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1]
    assert _matches(texts, _ISO_START.pattern).tolist() == [1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1]


def test_texts_strip_as_python_for_arrow_and_object_input():
    raw = [" 2024-03-05", "2024-03-06\t", "\x1c2024-03-07\x1f", "2024-03-08"]
    expected = ["2024-03-05", "2024-03-06", "2024-03-07", "2024-03-08"]
    assert list(_texts(pd.Index(pd.array(raw, dtype="string[pyarrow]")))) == expected
    assert list(_texts(pd.Index(raw, dtype=object))) == expected
    wide = ["\u30002024-03-05\u3000", "2024-03-06\xa0"]          # non-ASCII spaces: Python's strip()
    assert list(_texts(pd.Index(pd.array(wide, dtype="string[pyarrow]")))) == ["2024-03-05", "2024-03-06"]


def test_csv_dates_with_times_spaces_and_offsets(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("customer_id,date,amount\n"
                    "1, 2024-03-05T23:30:00+08:00 ,1.5\n"
                    "2,2024-03-05T23:30:00-05:00,2\n"
                    "1,\t2024-03-06T00:10:00+08:00,3\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = read_transactions(path)
    # each value keeps its own wall-clock time (the offset is dropped, not converted)
    assert out["date"].tolist() == [pd.Timestamp("2024-03-05 23:30"), pd.Timestamp("2024-03-05 23:30"),
                                    pd.Timestamp("2024-03-06 00:10")]
    assert out["customer_id"].tolist() == ["1", "2", "1"]
    np.testing.assert_array_equal(out["amount"].to_numpy(), [1.5, 2.0, 3.0])


def test_numeric_date_texts_are_recognised_as_before():
    # all digits: YYYYMMDD text, read as dates; the check runs on Arrow text too
    values = pd.Series(pd.array(["20240305", " 20240306 "], dtype="string[pyarrow]"))
    assert parse_dates(values, "date").tolist() == [pd.Timestamp("2024-03-05"), pd.Timestamp("2024-03-06")]
