"""The one reader: a user's file or DataFrame to a typed table, read one way for the whole column.

Every path from a user's data to a number starts here (the customer database,
the command line, the report notebooks).  The rules:

* **Ids are text.**  Customer and transaction ids are never parsed as numbers,
  so ``000509`` and ``509`` stay two customers.  A number and a text that could
  be the same id in one column (the number ``123`` and the text ``"123"`` or
  ``"000123"``) are an error naming the rows, not two customers.
* **One date format per column.**  ``date_format="%d/%m/%Y"`` when given;
  otherwise the format is inferred once for the whole column.  A column that
  reads both ways (day-first and month-first valid for every value, e.g. only
  ``05/03/2024`` and ``11/04/2024``) is an error asking for ``date_format``.
  ISO dates with or without a time of day, ``2024年3月5日``, ``20240305`` and
  Excel serial day numbers are recognised.  Time-zone-aware values become
  naive local dates: the data's own wall-clock time by default, or converted
  to ``tz`` when given (mixed UTC offsets work).
* **Amounts are numbers, read one way.**  ``decimal=","`` and ``thousands="."``
  for European exports (``1.234,50``); a column whose values read both ways
  (only ``1.234`` and ``12.500``: decimals, or thousands?) is an error unless
  ``decimal`` or ``thousands`` is given; currency symbols and codes
  (``¥1,234.50``, ``€43,31``, ``USD 12``) are removed only with
  ``strip_currency=True``, and one column may hold one currency.  Anything else
  that is not a number is an error naming the rows and the option that reads it.
* **Encodings.**  UTF-8 with or without a byte-order mark, and GB18030/GBK
  (Chinese spreadsheet exports), are detected; ``encoding=`` overrides.  A file
  that is neither, or not text at all, is a :class:`CRMDataError`.
* **Header rows.**  A title row above the header (``"Sales 2024"``) is
  detected, skipped and reported, never imported as data; ``header_row=`` (the
  1-based row number as a spreadsheet shows it) and ``sheet=`` choose exactly.
* **SPSS.**  The file's user-defined missing values become missing (counted in
  a warning) and its value labels travel in ``attrs["value_labels"]``.
* **Surveys.**  ``missing_codes=(-99, 99)`` become missing (counted per item);
  the declared ``scale`` travels with the table in ``attrs["scale"]``.
* **Churn labels are read once.**  A customer table's churn column becomes
  1 (churned) / 0 (stayed) / missing (blank: unknown) when it is read:
  ``Yes``/``No``, ``1``/``0``, ``True``/``False``, ``流失``/``在网`` ... by the
  word lists of :mod:`crm_analysis.churn.labels`, any other pair by
  ``churned_value=`` (see :func:`churn_codes`).  Tenure needs its unit
  (``tenure_unit="months"``): 12 is a year in months but a quarter in weeks.
* **Customer roles.**  Costs, limits, plans and dates of a customer table are
  named by role (``roles={"cost_to_serve": "服务成本"}``, see
  :data:`CUSTOMER_ROLES` for the roles and their units); a column already
  named by a role takes it.  Money roles are amounts, never negative except
  ``balance``; date roles are dates, one format per column.
* **Complaints.**  Whether a complaint was resolved is read like a churn
  label: ``已解决``/``未解决``, ``yes``/``no``, ``1``/``0``, ``resolved``/``open``
  ... by :data:`RESOLVED_WORDS` and :data:`OPEN_WORDS`, any other spelling by
  ``resolved_value=``; blanks are unknown (see :func:`read_complaints`).

The reader never modifies a DataFrame it is given, and never drops a row: the
checks that exclude rows (returns, purchases after the observation end) belong
to the analyses, which say so in a warning.
"""
from __future__ import annotations

import csv
import datetime as _dt
import re
import unicodedata
import warnings
from numbers import Number
from pathlib import Path

import numpy as np
import pandas as pd

from .exceptions import CRMDataError, DataExclusionWarning
from .provenance import record_input
from .validation import N_EXAMPLES, caller_stacklevel, check_scale, declare_scale, offending_rows

__all__ = ["read_table", "read_typed_table", "read_transactions", "read_customers", "read_survey", "read_complaints",
           "churn_codes", "resolved_codes", "role_units", "CUSTOMER_ROLES", "RESOLVED_WORDS", "OPEN_WORDS",
           "label_key", "parse_ids", "parse_dates",
           "parse_numbers", "parse_amounts", "detect_encoding", "FORMATS", "HeaderRowWarning", "ValueFormWarning"]

#: file endings and the reader used for each
FORMATS = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".parquet": "parquet", ".pq": "parquet",
           ".xlsx": "excel", ".xlsm": "excel", ".xls": "excel", ".sav": "spss", ".zsav": "spss"}

#: how many leading lines are searched for the header row
_HEADER_SEARCH = 30
_SEPARATORS = ",;\t|"


class HeaderRowWarning(DataExclusionWarning):
    """Lines above the header row of a file (a title, a blank line) were skipped."""


class ValueFormWarning(UserWarning):
    """Values written in an unusual form were read in their usual one (full-width ids, ``509.0``, UTC times)."""


# ---------------------------------------------------------------------------------------------- files
def read_table(source, *, encoding: str | None = None, sheet=None, header_row: int | None = None,
               sep: str | None = None, required=(), name: str = "table", _arrow: bool = False) -> pd.DataFrame:
    """Read a DataFrame or a CSV, Excel, Parquet or SPSS file into a DataFrame of raw cells.

    CSV cells are read as text (missing for an empty cell), so nothing is
    guessed before the column's own parser runs; Excel cells keep the type the
    spreadsheet gave them (number, text or date); Parquet and SPSS columns are
    typed by the file.  A DataFrame is returned as a copy, never modified.
    Rows read from a CSV or Excel file are indexed by their row number in the
    file as a spreadsheet shows it (``row``; the header row is one of them),
    so error messages point at the rows the user can find.

    Parameters
    ----------
    source : DataFrame, str or Path
        The data.  Files are recognised by their ending (see :data:`FORMATS`).
    encoding : str, optional
        Text encoding of a CSV file; detected when omitted (see :func:`detect_encoding`).
    sheet : str or int, optional
        Excel sheet name or 0-based position (default: the first sheet).
    header_row : int, optional
        1-based row (line) number of the header, as a spreadsheet shows it.
        When omitted, the header is the first row that holds every name in
        ``required`` (or, with none required, the first row as wide as the
        data below it); rows above it are skipped with a :class:`HeaderRowWarning`.
    sep : str, optional
        CSV field separator; detected among ``, ; tab |`` when omitted.
    required : sequence of str
        Column names the caller needs (used to find the header row and
        reported when missing).
    name : str
        How messages name the table.

    Raises
    ------
    CRMDataError
        For an unknown format, an empty or undecodable file, a file whose header
        row cannot be found, or duplicate column names.
    FileNotFoundError
        When ``source`` names no file.
    """
    if isinstance(source, pd.DataFrame):
        frame = source.copy()
        if frame.index.name is not None and frame.index.name in required and frame.index.name not in frame.columns:
            frame = frame.reset_index()
        return frame
    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(f"no such file: {path}")
    if path.is_dir():
        raise CRMDataError(f"{path} is a folder, not a data file")
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise CRMDataError(f"cannot read {path.name}: supported file endings are {sorted(FORMATS)}")
    if path.stat().st_size == 0:
        raise CRMDataError(f"{path.name} is empty (0 bytes)")
    record_input(path)
    if kind == "csv":
        frame = _read_csv(path, encoding=encoding, header_row=header_row, sep=sep, required=required, arrow=_arrow)
    elif kind == "excel":
        frame = _read_excel(path, sheet=sheet, header_row=header_row, required=required)
    elif kind == "parquet":
        frame = _read_parquet(path)
    else:
        frame = _read_spss(path)
    _check_header(frame, path.name)
    if len(frame) == 0:
        raise CRMDataError(f"{path.name} has a header but no data rows (columns: {list(frame.columns)})")
    frame.attrs["source"] = str(path)
    return frame


def detect_encoding(data: bytes, *, name: str = "file") -> str:
    """The text encoding of ``data``: ``"utf-8"``, ``"utf-8-sig"`` (with a byte-order mark) or ``"gb18030"``.

    GB18030 is a superset of GBK and GB2312, the encodings of Chinese
    spreadsheet exports.  Almost any byte string decodes as GB18030, so it is
    accepted only when the text looks like Chinese: at least 95 % of its
    non-ASCII characters are two-byte GB2312 characters (both bytes from
    0xA1), which Western text mis-decoded as GB18030 never is.  Anything else
    is a :class:`CRMDataError` asking for ``encoding=``.
    """
    if b"\x00" in data[:1 << 16]:
        raise CRMDataError(f"{name} is not a text file (it holds NUL bytes): is it a spreadsheet or a "
                           f"compressed file with the wrong ending? Save it as CSV, or give the .xlsx/.parquet/.sav file")
    if data.startswith(b"\xef\xbb\xbf"):
        _decode(data, "utf-8-sig", name)
        return "utf-8-sig"
    if data.isascii():
        return "utf-8"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _looks_chinese(text):
        return "gb18030"
    raise CRMDataError(f"cannot tell the text encoding of {name}: it is neither UTF-8 nor Chinese GBK/GB18030; "
                       f"pass the file's encoding, e.g. encoding='cp1252' (Windows exports in Western Europe and the "
                       f"Americas, with the € sign)")


def _looks_chinese(text: str) -> bool:
    non_ascii = [ch for ch in set(text) if ord(ch) > 127]
    if not non_ascii:
        return True
    in_gb2312 = 0
    for ch in non_ascii:
        encoded = ch.encode("gb18030")
        in_gb2312 += len(encoded) == 2 and encoded[0] >= 0xA1 and encoded[1] >= 0xA1
    return in_gb2312 >= 0.95 * len(non_ascii)


def _decode(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise CRMDataError(f"{name} is not valid {encoding} text (line {line}, byte {exc.start}); "
                           f"pass the file's encoding=, e.g. 'gb18030' for Chinese or 'cp1252' for Western exports") from None
    except LookupError:
        raise CRMDataError(f"unknown encoding={encoding!r}") from None


def _read_csv(path: Path, *, encoding, header_row, sep, required, arrow: bool = False) -> pd.DataFrame:
    """Every cell as text (null only for an empty cell), parsed by Arrow's CSV reader.

    With ``arrow=True`` the columns stay Arrow strings (the typed parsers below
    work on them without copying); otherwise they are Python strings.
    """
    import pyarrow as pa
    from pyarrow import csv as arrow_csv

    data = path.read_bytes()
    if encoding is None:
        encoding = detect_encoding(data, name=path.name)
    head_bytes = data[:1 << 16]
    del data
    head = head_bytes.decode(encoding, errors="ignore").splitlines()[:_HEADER_SEARCH + 1]
    if sep is None:
        sep = _sniff_separator(head, path.name)
    rows = list(csv.reader(head, delimiter=sep))
    header = _find_header(rows, header_row, required, path.name)
    if header and header_row is None:
        _warn_skipped(rows[:header], path.name)
    names = [str(c).strip() for c in rows[header]] if header < len(rows) else None
    if not names:
        raise CRMDataError(f"{path.name} holds no table")
    try:
        table = arrow_csv.read_csv(
            path,
            read_options=arrow_csv.ReadOptions(encoding=encoding, skip_rows=header + 1, column_names=names,
                                               block_size=1 << 24),
            parse_options=arrow_csv.ParseOptions(delimiter=sep, newlines_in_values=True),
            convert_options=arrow_csv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                     null_values=[""], strings_can_be_null=True,
                                                     quoted_strings_can_be_null=True))
    except pa.ArrowInvalid as exc:
        raise CRMDataError(f"{path.name} is not a well-formed table (separator {sep!r}): {exc}") from None
    except UnicodeDecodeError as exc:
        raise CRMDataError(f"{path.name} is not valid {encoding} text ({exc.reason} at byte {exc.start}); pass the "
                           f"file's encoding=, e.g. 'gb18030' for Chinese or 'cp1252' for Western exports") from None
    if len(set(names)) < len(names):
        _check_header(pd.DataFrame(columns=names), path.name)
    frame = table.to_pandas(types_mapper=pd.ArrowDtype) if arrow else table.to_pandas()
    frame.index = pd.RangeIndex(header + 2, header + 2 + len(frame), name="row")
    return frame


def _sniff_separator(lines: list[str], name: str) -> str:
    sample = [line for line in lines if line.strip()]
    if not sample:
        raise CRMDataError(f"{name} holds no table (only blank lines)")
    best, best_score = ",", -1
    for candidate in _SEPARATORS:
        counts = [len(next(csv.reader([line], delimiter=candidate))) for line in sample[-min(len(sample), 10):]]
        width = max(set(counts), key=counts.count)
        score = (width > 1) * (counts.count(width) * 100 + width)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _find_header(rows: list[list], header_row, required, name: str) -> int:
    """0-based position of the header among ``rows`` (lists of cells)."""
    if header_row is not None:
        if int(header_row) != header_row or header_row < 1:
            raise CRMDataError(f"header_row must be a row number from 1, got {header_row!r}")
        return int(header_row) - 1
    cells = [[_cell_text(c) for c in row] for row in rows]
    if required:
        wanted = [str(c) for c in required]
        for i, row in enumerate(cells):
            if all(w in row for w in wanted):
                return i
        hits = [sum(w in row for w in wanted) for row in cells]
        best = int(np.argmax(hits)) if hits else 0
        if hits and hits[best]:
            absent = [w for w in wanted if w not in cells[best]]
            raise CRMDataError(f"{name} has no column(s) {absent}: its header (row {best + 1}) holds "
                               f"{[c for c in cells[best] if c]}; check the column names")
        shown = "; ".join(f"row {i + 1}: {[c for c in row if c][:6]}" for i, row in enumerate(cells[:3]))
        raise CRMDataError(f"{name} has no header row with the column(s) {wanted} in its first {len(cells)} rows "
                           f"({shown}); check the column names, or pass header_row= (the row number of the header)")
    widths = [sum(bool(c) for c in row) for row in cells]
    if not widths:
        return 0
    data_width = max(widths)
    for i, width in enumerate(widths):
        if width == data_width or (width > 1 and width >= 0.5 * data_width):
            return i
    return 0


def _cell_text(cell) -> str:
    if cell is None or (isinstance(cell, float) and np.isnan(cell)):
        return ""
    return str(cell).strip().lstrip("\ufeff")


def _warn_skipped(rows: list[list], name: str) -> None:
    texts = [" ".join(_cell_text(c) for c in row if _cell_text(c)) for row in rows]
    shown = [t for t in texts if t][:3]
    warnings.warn(f"{name}: {len(rows)} row(s) above the header skipped (not data): {shown}; "
                  f"pass header_row= to choose the header row yourself", HeaderRowWarning,
                  stacklevel=caller_stacklevel())


def _read_excel(path: Path, *, sheet, header_row, required) -> pd.DataFrame:
    try:
        raw = pd.read_excel(path, sheet_name=0 if sheet is None else sheet, header=None, dtype=object)
    except ValueError as exc:
        if "Worksheet" in str(exc) or "sheet" in str(exc).lower():
            import openpyxl

            names = openpyxl.load_workbook(path, read_only=True).sheetnames
            raise CRMDataError(f"{path.name} has no sheet {sheet!r}; its sheets are {names}") from None
        raise CRMDataError(f"cannot read {path.name} as an Excel workbook: {exc}") from None
    except Exception as exc:  # zip/XML errors from a damaged or mislabelled file
        raise CRMDataError(f"cannot read {path.name} as an Excel workbook: {type(exc).__name__}: {exc}") from None
    raw = raw.dropna(how="all").dropna(axis=1, how="all")
    if raw.empty:
        raise CRMDataError(f"{path.name} (sheet {sheet if sheet is not None else 1}) is empty")
    rows = raw.head(_HEADER_SEARCH).values.tolist()
    if header_row is not None:
        positions = list(raw.index)
        wanted = int(header_row) - 1
        if wanted not in positions:
            raise CRMDataError(f"header_row={header_row} of {path.name} is blank or beyond the sheet")
        header = positions.index(wanted)
    else:
        header = _find_header(rows, None, required, path.name)
    if header and header_row is None:
        _warn_skipped(rows[:header], path.name)
    columns = [_cell_text(c) for c in raw.iloc[header]]
    frame = raw.iloc[header + 1:].copy()
    frame.columns = columns
    frame.index = pd.Index(frame.index + 1, name="row")   # the row numbers the spreadsheet shows
    unnamed = [i for i, c in enumerate(columns) if not c]
    if unnamed:
        filled = frame.iloc[:, unnamed].notna().any()
        if filled.any():
            letters = [_column_letter(int(raw.columns[i])) for i in unnamed]
            raise CRMDataError(f"{path.name}: column(s) {letters} hold data but have no name in the header row "
                               f"(row {int(raw.index[header]) + 1}); is the header row right? pass header_row=")
        frame = frame.drop(columns=[""])
    return frame.astype(object).where(frame.notna(), None)


def _column_letter(position: int) -> str:
    """The spreadsheet letter of a 0-based column position: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises its own error types for damaged files
        raise CRMDataError(f"cannot read {path.name} as Parquet: {type(exc).__name__}: {exc}") from None


def _read_spss(path: Path) -> pd.DataFrame:
    import pyreadstat

    try:
        frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    except Exception as exc:  # pyreadstat.ReadstatError and friends
        raise CRMDataError(f"cannot read {path.name} as an SPSS .sav file: {type(exc).__name__}: {exc}") from None
    counts = {}
    for column in frame.columns:
        user_values = list(meta.missing_user_values.get(column, []))
        ranges = meta.missing_ranges.get(column, [])
        mask = frame[column].isin(user_values) if user_values else pd.Series(False, index=frame.index)
        for r in ranges:
            low, high = r["lo"], r["hi"]
            values = frame[column]
            if pd.api.types.is_numeric_dtype(values):
                mask |= (values >= low) & (values <= high)
            else:
                mask |= values.isin([low, high])
        if mask.any():
            counts[column] = int(mask.sum())
            frame[column] = frame[column].mask(mask)
    if counts:
        warnings.warn(f"{path.name}: the file's own (user-defined) missing values set to missing: "
                      f"{_count_text(counts)}", DataExclusionWarning, stacklevel=caller_stacklevel())
    frame.attrs["value_labels"] = dict(meta.variable_value_labels)
    frame.attrs["column_labels"] = dict(zip(meta.column_names, meta.column_labels))
    return frame


def _check_header(frame: pd.DataFrame, name: str) -> None:
    columns = [str(c) for c in frame.columns]
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        raise CRMDataError(f"{name} has duplicate column names {repeated}; rename them in the file")


def _examples(values, n: int = 3) -> list:
    """The first ``n`` values as plain Python scalars (whole floats as ints), for messages."""
    out = []
    for value in list(values)[:n]:
        value = value.item() if hasattr(value, "item") else value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        out.append(value)
    return out


def _missing_mask(values: pd.Series, column: str, name: str, *, what: str, allow_missing: bool,
                  kind: str) -> pd.Series:
    """Where ``values`` are missing (an error unless allowed); a true/false column is never ids, dates or numbers."""
    missing = values.isna()
    if missing.any() and not allow_missing:
        raise CRMDataError(f"column '{column}' of {name} has a missing {what} in "
                           f"{offending_rows(missing, values.index)}")
    if pd.api.types.is_bool_dtype(values):
        raise CRMDataError(f"column '{column}' of {name} holds true/false values, not {kind}")
    return missing


def _is_arrow_text(values: pd.Series) -> bool:
    """A column of Arrow strings (how the CSV reader hands text to the typed parsers)."""
    dtype = values.dtype
    return isinstance(dtype, pd.ArrowDtype) and (dtype.pyarrow_dtype in ("string", "large_string")
                                                 or str(dtype.pyarrow_dtype) in ("string", "large_string"))


def _as_objects(values: pd.Series) -> pd.Series:
    """The values as Python objects, None where missing."""
    return values.astype(object).where(values.notna(), None)


#: the ASCII characters Python's str.strip() removes (str.isspace() is true for them)
_ASCII_SPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"


def _texts(uniques) -> pd.Index:
    """Distinct values as stripped Python strings."""
    return _texts_and_arrow(uniques)[0]


def _texts_and_arrow(uniques):
    """Distinct values as stripped Python strings, and the same as an Arrow string array when at hand (else None).

    Arrow text that is all ASCII is stripped by Arrow (of exactly the characters
    ``str.strip()`` removes from ASCII text); anything else by ``str(v).strip()``
    once per value (numpy's ``astype(str)`` made a fixed-width copy first).
    """
    array = getattr(uniques, "array", uniques)
    if isinstance(array, pd.arrays.ArrowExtensionArray) and len(array):
        import pyarrow as pa
        import pyarrow.compute as pc

        arrow = array._pa_array
        arrow = arrow.combine_chunks() if isinstance(arrow, pa.ChunkedArray) else arrow
        if pa.types.is_string(arrow.type) or pa.types.is_large_string(arrow.type):
            if pc.all(pc.string_is_ascii(arrow)).as_py():
                stripped = pc.utf8_trim(arrow, characters=_ASCII_SPACE)
                return pd.Index(stripped.to_numpy(zero_copy_only=False), dtype=object), stripped
    return pd.Index([str(v).strip() for v in np.asarray(uniques, dtype=object)], dtype=object), None


def _matches(texts: pd.Index, pattern: str, arrow=None) -> np.ndarray:
    """Which ``texts`` contain a match of ``pattern`` (``re.search``), as a bool array.

    Arrow's regex kernel (RE2) answers for ASCII texts in one vectorised pass
    (a date column with a time of day has as many distinct texts as rows); the
    texts with other characters are asked of Python's ``re``, whose ``\\d`` also
    matches non-ASCII digits, so the answer is always ``re``'s.  For the
    patterns used here (anchored with ``^`` and/or ``$``, texts already stripped)
    ``re.search`` answers what ``str.match``/``str.contains``/``str.fullmatch`` asked before.
    ``arrow`` is ``texts`` as an Arrow string array, when the caller has it.
    """
    import pyarrow.compute as pc

    if len(texts) == 0:
        return np.zeros(0, dtype=bool)
    arrow = _arrow_strings(texts) if arrow is None else arrow
    hits = np.asarray(pc.match_substring_regex(arrow, pattern).to_numpy(zero_copy_only=False), dtype=bool)
    ascii_ = np.asarray(pc.string_is_ascii(arrow).to_numpy(zero_copy_only=False), dtype=bool)
    if not ascii_.all():
        expression = re.compile(pattern)
        others = np.flatnonzero(~ascii_)
        hits[others] = [expression.search(texts[i]) is not None for i in others]
    return hits


def _arrow_strings(texts: pd.Index):
    import pyarrow as pa

    return pa.array(np.asarray(texts, dtype=object), type=pa.string())


def _count_text(counts: dict) -> str:
    return ", ".join(f"'{k}' {v}" for k, v in counts.items())


# ---------------------------------------------------------------------------------------------- ids
_NUMBER_TEXT = re.compile(r"^[+-]?\d+(\.\d*)?$")


def parse_ids(values: pd.Series, column: str, *, name: str = "table", allow_missing: bool = False,
              what: str = "id") -> pd.Series:
    """Customer or transaction ids as text, the same text for the same id.

    Text is kept exactly (``"000509"`` stays ``"000509"``), except that
    surrounding spaces are removed.  Numbers become their decimal text (``509``
    and ``509.0`` become ``"509"``); a fractional number is an error.  A column
    that mixes numbers with texts that look like numbers (``123`` and
    ``"123"``, or ``509`` and ``"000509"``) cannot be read one way and is an
    error naming rows of each kind.

    Returns
    -------
    Series
        Object dtype of Python ``str`` (``None`` where missing), same index.
    """
    missing = _missing_mask(values, column, name, what=what, allow_missing=allow_missing, kind="ids")
    if pd.api.types.is_float_dtype(values) or pd.api.types.is_integer_dtype(values):
        return _number_ids(values, column, name)
    if pd.api.types.is_datetime64_any_dtype(values):
        raise CRMDataError(f"column '{column}' of {name} holds dates, not ids: is it the right column?")
    kind = "string" if _is_arrow_text(values) else pd.api.types.infer_dtype(values, skipna=True)
    if kind in ("integer", "floating", "mixed-integer-float", "decimal"):
        return _number_ids(pd.Series(values.astype(float), index=values.index), column, name)
    if kind == "string":
        return _text_ids(values, column, name, what)
    objects = _as_objects(values)
    out = objects.copy()
    numbers = np.zeros(len(values), dtype=bool)
    if kind != "string":          # numbers among texts: an id column that cannot be read one way?
        numbers = objects.map(lambda v: isinstance(v, Number) and not isinstance(v, bool)).to_numpy(dtype=bool)
        numbers = numbers & ~missing.to_numpy()
        if numbers.any():
            texts = ~numbers & ~missing.to_numpy()
            numeric_text = np.asarray(texts & objects.map(
                lambda v: isinstance(v, str) and bool(_NUMBER_TEXT.match(v.strip()))), dtype=bool)
            if numeric_text.any():
                raise CRMDataError(
                    f"column '{column}' of {name} mixes numbers ({offending_rows(numbers, values.index)}, e.g. "
                    f"{_examples(objects[numbers])}) with texts that look like numbers "
                    f"({offending_rows(numeric_text, values.index)}, e.g. {_examples(objects[numeric_text])}): "
                    f"is 123 the same customer as '123' or '000123'? Store the column as text in the source "
                    f"(e.g. format the id column as Text in Excel) so every id is read one way")
            out[numbers] = _number_ids(pd.Series(objects[numbers].astype(float), index=values.index[numbers]),
                                       column, name).to_numpy()
    texts = ~missing.to_numpy() & ~numbers
    out[texts] = _text_ids(objects[texts], column, name, what).to_numpy()
    out[missing.to_numpy()] = None
    return out.astype(object)


def _text_ids(values: pd.Series, column: str, name: str, what: str) -> pd.Series:
    """Text ids, each distinct text read once.

    Surrounding spaces are removed and full-width characters (``０００５０９``,
    ``Ａ17``, typed with a Chinese or Japanese input method) become their
    ASCII form (Unicode NFKC), with a warning that counts them.  An empty id,
    an id a spreadsheet wrote in scientific notation (``1.10101E+17``: digits
    lost) and ids written as ``509.0`` among others are handled here too:
    the first two are errors; ``509.0`` (every decimal id of the column ends
    in ``.0``) is the number 509 written by a spreadsheet, read as ``509``.
    """
    codes, uniques = pd.factorize(values)          # -1 where missing
    stripped = _texts(uniques)
    rows_of = lambda positions: np.isin(codes, np.flatnonzero(positions))  # noqa: E731
    empty = np.asarray(stripped == "", dtype=bool)
    if empty.any():
        raise CRMDataError(f"column '{column}' of {name} has an empty {what} in "
                           f"{offending_rows(rows_of(empty), values.index)}")
    ascii_only = all(v.isascii() for v in stripped)
    normal = stripped if ascii_only else pd.Index([unicodedata.normalize("NFKC", v) for v in stripped])
    widened = np.asarray(normal != stripped, dtype=bool)
    if widened.any():
        warnings.warn(f"column '{column}' of {name}: {int(rows_of(widened).sum())} {what}s written with full-width "
                      f"characters read in their ordinary form (e.g. {list(stripped[widened][:2])} as "
                      f"{list(normal[widened][:2])}), so they match the same customers written ordinarily",
                      ValueFormWarning, stacklevel=caller_stacklevel())
    scientific = np.asarray(normal.str.fullmatch(r"[-+]?\d(?:\.\d+)?[eE][-+]?\d+"), dtype=bool)
    if scientific.any():
        raise CRMDataError(f"column '{column}' of {name} has {what}s in scientific notation, such as "
                           f"{list(normal[scientific][:3])}, in {offending_rows(rows_of(scientific), values.index)}: "
                           f"the spreadsheet shortened long numbers and their digits are lost; export the column "
                           f"formatted as text")
    point_zero = np.asarray(normal.str.fullmatch(r"\d+\.0+"), dtype=bool)
    other_decimal = np.asarray(normal.str.fullmatch(r"\d+\.\d*[1-9]\d*"), dtype=bool)
    if point_zero.any() and not other_decimal.any():
        warnings.warn(f"column '{column}' of {name}: {int(rows_of(point_zero).sum())} {what}s written as numbers "
                      f"with '.0' (e.g. {list(normal[point_zero][:2])}) read without it, as a spreadsheet meant "
                      f"them", ValueFormWarning, stacklevel=caller_stacklevel())
        normal = pd.Index(np.where(point_zero, normal.str.replace(r"\.0+$", "", regex=True), normal))
    out = np.asarray(normal, dtype=object)[codes]
    out[codes < 0] = None
    return pd.Series(out, index=values.index, dtype=object)


def _number_ids(values: pd.Series, column: str, name: str) -> pd.Series:
    present = values.notna()
    numbers = values[present].astype(float)
    fractional = (numbers != np.round(numbers)) | ~np.isfinite(numbers)
    if fractional.any():
        raise CRMDataError(f"column '{column}' of {name} has ids that are not whole numbers, such as "
                           f"{_examples(numbers[fractional])}, in {offending_rows(fractional, numbers.index)}")
    if not pd.api.types.is_integer_dtype(values):
        too_long = np.abs(numbers) >= 2 ** 53   # a float cannot hold every id of 16 or more digits
        if too_long.any():
            raise CRMDataError(f"column '{column}' of {name} holds ids of 16 or more digits stored as numbers, such as "
                               f"{_examples(numbers[too_long].astype('int64'))}, in "
                               f"{offending_rows(too_long, numbers.index)}: a floating-point number keeps only "
                               f"about 15 digits, so different ids may have become equal; store the column as text")
    out = pd.Series(None, index=values.index, dtype=object)
    if pd.api.types.is_integer_dtype(values):
        out[present] = values[present].astype(str).to_numpy(dtype=object)
    else:
        out[present] = [str(int(v)) for v in numbers.to_numpy()]
    return out


# ---------------------------------------------------------------------------------------------- dates
#: candidate formats for a text date column: (format, order); the order tells day-first from month-first
_DATE_FORMATS = [
    ("%Y-%m-%d", "ymd"), ("%Y/%m/%d", "ymd"), ("%Y.%m.%d", "ymd"), ("%Y%m%d", "ymd"),
    ("%Y年%m月%d日", "ymd"), ("%Y-%m-%d %H:%M", "ymd"), ("%Y/%m/%d %H:%M", "ymd"), ("%Y/%m/%d %H:%M:%S", "ymd"),
    ("%Y年%m月%d日 %H:%M", "ymd"), ("%Y年%m月%d日 %H:%M:%S", "ymd"), ("%Y年%m月%d日%H:%M:%S", "ymd"),
    ("%d/%m/%Y", "dmy"), ("%d.%m.%Y", "dmy"), ("%d-%m-%Y", "dmy"), ("%d/%m/%Y %H:%M", "dmy"),
    ("%d/%m/%Y %H:%M:%S", "dmy"), ("%d.%m.%Y %H:%M", "dmy"), ("%d.%m.%Y %H:%M:%S", "dmy"),
    ("%d-%m-%Y %H:%M", "dmy"), ("%d-%m-%Y %H:%M:%S", "dmy"), ("%d/%m/%y", "dmy"), ("%d.%m.%y", "dmy"),
    ("%m/%d/%Y", "mdy"), ("%m-%d-%Y", "mdy"), ("%m/%d/%Y %H:%M", "mdy"), ("%m/%d/%Y %H:%M:%S", "mdy"),
    ("%m/%d/%Y %I:%M %p", "mdy"), ("%m/%d/%Y %I:%M:%S %p", "mdy"), ("%m/%d/%y", "mdy"),
    ("%d %b %Y", "dmy"), ("%d-%b-%Y", "dmy"), ("%d %B %Y", "dmy"), ("%b %d, %Y", "mdy"), ("%B %d, %Y", "mdy"),
    ("%b %d %Y", "mdy"), ("%d-%b-%y", "dmy"),
    # two-digit years and dotted month-first exist too: with them a column that reads two ways is caught
    ("%y/%m/%d", "ymd"), ("%y-%m-%d", "ymd"), ("%d-%m-%y", "dmy"), ("%m-%d-%y", "mdy"), ("%m.%d.%Y", "mdy"),
]
_ORDER_NAMES = {"dmy": "day-first", "mdy": "month-first", "ymd": "year-first"}
_ISO_START = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d|$)")
_OFFSET = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")
#: Excel's day 0 in the 1900 date system (serial 1 = 1900-01-01, counting Lotus' 1900-02-29)
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def parse_dates(values: pd.Series, column: str, *, date_format: str | None = None, tz: str | None = None,
                name: str = "table", allow_missing: bool = False) -> pd.Series:
    """Parse a date column one way for the whole column.

    Parameters
    ----------
    values : Series
        Text, numbers, Python/pandas datetimes, or a datetime64 column.
    column, name : str
        How messages name the column and the table.
    date_format : str, optional
        A :func:`time.strftime` format (``"%d/%m/%Y"``) or ``"ISO8601"``.  When
        omitted the format is inferred once for the column from the candidates
        in ``_DATE_FORMATS`` (ISO, ``2024/03/05``, ``2024年3月5日``,
        day-first, month-first, with or without a time of day, month names).
        Integers ``YYYYMMDD`` (``19970101``) and Excel serial day numbers
        (``45356`` = 2024-03-05, 1900 date system) are read as such when every
        value of the column is one.
    tz : str, optional
        Time-aware values (``2024-03-05T23:30:00+08:00``) are converted to this
        zone (e.g. ``"Asia/Shanghai"``, ``"UTC"``) and then stored as naive local
        times.  By default each value keeps its own local wall-clock time, so a
        purchase is dated on the day the customer made it.

    Returns
    -------
    Series
        ``datetime64[ns]`` without a time zone, same index.

    Raises
    ------
    CRMDataError
        When a value cannot be read with the column's format (naming the rows),
        when no single format reads every value, or when both a day-first and a
        month-first format read every value (the column is ambiguous: pass
        ``date_format``).
    """
    missing = _missing_mask(values, column, name, what="date", allow_missing=allow_missing, kind="dates")
    if pd.api.types.is_datetime64_any_dtype(values):
        return _naive(values, tz).astype("datetime64[ns]")
    if pd.api.types.is_numeric_dtype(values):
        return _numeric_dates(values, column, name)
    if _is_arrow_text(values):
        return _text_dates(values, missing, column, name, date_format, tz)
    objects = _as_objects(values)
    inferred = pd.api.types.infer_dtype(objects, skipna=True)
    if inferred == "string":
        return _text_dates(objects, missing, column, name, date_format, tz)
    if inferred in ("datetime", "datetime64", "date"):
        return _naive(_object_datetimes(objects, tz), tz)
    if inferred in ("integer", "floating", "mixed-integer-float"):
        return _numeric_dates(objects.where(~missing, np.nan).astype(float), column, name)
    kinds = objects[~missing].map(_date_kind)
    if (kinds == "datetime").all():
        return _naive(_object_datetimes(objects, tz), tz)
    if (kinds == "number").all():
        return _numeric_dates(objects.where(~missing, np.nan).astype(float), column, name)
    if (kinds == "datetime").any():
        cells = kinds == "datetime"
        other = ~cells
        raise CRMDataError(
            f"column '{column}' of {name} mixes date cells ({offending_rows(cells, kinds.index)}) with text or "
            f"numbers ({offending_rows(other, kinds.index)}, e.g. {list(objects[kinds.index[other]][:3])}): "
            f"a spreadsheet often turns only some day-first dates into dates (05/03 but not 20/03); "
            f"format the whole column as text (or as dates) in the source, or pass date_format= for the text")
    return _text_dates(objects, missing, column, name, date_format, tz)


def _date_kind(value) -> str:
    if isinstance(value, (_dt.datetime, _dt.date, pd.Timestamp, np.datetime64)):
        return "datetime"
    if isinstance(value, Number) and not isinstance(value, bool):
        return "number"
    return "text"


def _naive(values: pd.Series, tz) -> pd.Series:
    """Drop the time zone of a datetime column: to local wall time, or after converting to ``tz``.

    A column stored in UTC (as databases and Parquet writers often store
    times) has no local time of its own: its purchases would be dated on UTC
    days, so that is said in a warning asking for ``tz``.
    """
    zone = getattr(values.dt, "tz", None)
    if zone is None:
        return values
    if tz is not None:
        values = values.dt.tz_convert(tz)
    elif str(zone) in ("UTC", "utc", "Etc/UTC", "GMT"):
        warnings.warn(f"column '{values.name}' holds times in UTC, so purchases are dated on UTC days (a purchase "
                      f"at 23:30 in Shanghai falls on the day before); pass tz= with your time zone, e.g. "
                      f"tz='Asia/Shanghai', to date them on local days", ValueFormWarning,
                      stacklevel=caller_stacklevel())
    return values.dt.tz_localize(None)


def _object_datetimes(objects: pd.Series, tz) -> pd.Series:
    def local(value):
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return pd.NaT
        stamp = pd.Timestamp(value)
        if stamp.tzinfo is not None:
            stamp = (stamp.tz_convert(tz) if tz is not None else stamp).tz_localize(None)
        return stamp

    return pd.Series(pd.to_datetime([local(v) for v in objects]), index=objects.index).astype("datetime64[ns]")


def _numeric_dates(values: pd.Series, column: str, name: str) -> pd.Series:
    numbers = values.astype(float)
    present = numbers.notna()
    whole = (numbers[present] == np.round(numbers[present])).all()
    if whole and numbers[present].between(19000101, 21001231).all():
        parsed = pd.to_datetime(numbers.astype("Int64").astype(str), format="%Y%m%d", errors="coerce")
        bad = parsed.isna() & present
        if bad.any():
            raise CRMDataError(f"column '{column}' of {name} reads as YYYYMMDD numbers but some are not dates, "
                               f"such as {_examples(numbers[bad])}, in {offending_rows(bad, values.index)}")
        return parsed.astype("datetime64[ns]")
    if numbers[present].between(1, 2958465).all():   # Excel's serial days 1900-01-01 .. 9999-12-31
        days = pd.to_timedelta(numbers, unit="D")
        return (_EXCEL_EPOCH + days).astype("datetime64[ns]")
    bad = present & ~numbers.between(1, 2958465)
    raise CRMDataError(f"column '{column}' of {name} holds numbers that are neither YYYYMMDD dates nor Excel "
                       f"serial days, such as {_examples(numbers[bad])}, in {offending_rows(bad, values.index)}")


def _text_dates(objects: pd.Series, missing: pd.Series, column, name, date_format, tz) -> pd.Series:
    """Text dates: each distinct text is parsed once (a log of millions of rows has a few thousand dates)."""
    codes, raw = pd.factorize(objects)                # -1 where missing
    uniques, arrow = _texts_and_arrow(raw)

    def rows_of(bad_positions) -> np.ndarray:
        return np.isin(codes, np.flatnonzero(bad_positions))

    def result(parsed) -> pd.Series:
        values = np.asarray(parsed, dtype="datetime64[ns]")
        out = np.where(codes >= 0, values[np.maximum(codes, 0)], np.datetime64("NaT"))
        return pd.Series(out, index=objects.index, dtype="datetime64[ns]")

    if len(uniques) == 0:
        return pd.Series(pd.NaT, index=objects.index, dtype="datetime64[ns]")
    if arrow is None:                                # for the pattern checks, one vectorised pass each
        arrow = _arrow_strings(uniques)
    if date_format is None and _matches(uniques, r"^\d+(?:\.\d+)?$", arrow).all():   # 20240305, Excel's 45356
        numbers = np.asarray(uniques, dtype=object).astype(float)[np.maximum(codes, 0)]
        return _numeric_dates(pd.Series(np.where(codes >= 0, numbers, np.nan), index=objects.index), column, name)
    has_offset = _matches(uniques, _OFFSET.pattern, arrow) & _matches(uniques, r"^\d{4}-\d{2}-\d{2}", arrow)
    if has_offset.any() and not has_offset.all():
        raise CRMDataError(f"column '{column}' of {name} mixes times with a UTC offset ({list(uniques[has_offset][:2])}, "
                           f"{offending_rows(rows_of(has_offset), objects.index)}) and times without one "
                           f"({list(uniques[~has_offset][:2])}, {offending_rows(rows_of(~has_offset), objects.index)}): "
                           f"the ones without are in no known zone; one column, one form")
    if date_format is not None:
        parsed = _parse_uniques(uniques, date_format, has_offset, tz)
        bad = pd.isna(parsed)
        if bad.any():
            raise CRMDataError(f"column '{column}' of {name} has dates that do not match date_format="
                               f"{date_format!r}, such as {list(uniques[bad][:3])}, in "
                               f"{offending_rows(rows_of(bad), objects.index)}")
        return result(parsed)
    iso_like = _matches(uniques, _ISO_START.pattern, arrow)
    if iso_like.all() or has_offset.any():
        parsed = _parse_uniques(uniques, "ISO8601", has_offset, tz)
        if pd.notna(parsed).all():
            return result(parsed)
    candidates = ([("ISO8601", "ymd")] if iso_like.any() else []) + _DATE_FORMATS
    readings = {}
    best = None
    for fmt, order in candidates:
        parsed = pd.Series(_parse_uniques(uniques, fmt, has_offset, tz) if fmt == "ISO8601" else
                           pd.to_datetime(pd.Series(uniques), format=fmt, errors="coerce"))
        n_ok = int(parsed.notna().sum())
        if n_ok == len(uniques):
            readings.setdefault(order, (fmt, parsed))
        if best is None or n_ok > best[2]:
            best = (fmt, parsed, n_ok)
    if len(readings) > 1:
        options = " or ".join(f"date_format={readings[o][0]!r}" for o in readings)
        orders = " and ".join(_ORDER_NAMES[o] for o in ("dmy", "mdy", "ymd") if o in readings)
        raise CRMDataError(f"column '{column}' of {name} reads both {orders} (every value, such as "
                           f"{list(uniques[:4])}, is valid either way): pass {options}")
    if readings:
        fmt, parsed = next(iter(readings.values()))
        return result(parsed.to_numpy())
    fmt, parsed, n_ok = best
    if n_ok == 0:
        raise CRMDataError(f"column '{column}' of {name} has dates in no format this reader knows, such as "
                           f"{list(uniques[:3])}, in {offending_rows(codes >= 0, objects.index)}; pass "
                           f"date_format= (e.g. '%d/%m/%Y')")
    bad = parsed.isna().to_numpy()
    raise CRMDataError(f"column '{column}' of {name} is not in one date format: most values read as {fmt!r}, but "
                       f"not {list(uniques[bad][:3])} in {offending_rows(rows_of(bad), objects.index)}; fix those "
                       f"values, or pass date_format=")


def _parse_uniques(uniques: pd.Index, fmt: str, has_offset, tz) -> np.ndarray:
    """Parse distinct date texts; values with a UTC offset become local (or ``tz``) wall time."""
    out = pd.Series(pd.NaT, index=range(len(uniques)), dtype="datetime64[ns]")
    plain = ~np.asarray(has_offset, dtype=bool)
    if plain.any():
        out[plain] = pd.to_datetime(pd.Series(uniques[plain]), format=fmt, errors="coerce").to_numpy()
    if (~plain).any():
        aware = uniques[~plain]
        if tz is None:  # keep each value's own wall clock: parse without the offset
            local = pd.Series(aware).str.replace(_OFFSET.pattern, "", regex=True)
            out[~plain] = pd.to_datetime(local, format=fmt, errors="coerce").to_numpy()
        else:
            instants = pd.to_datetime(pd.Series(aware), format=fmt, errors="coerce", utc=True)
            out[~plain] = instants.dt.tz_convert(tz).dt.tz_localize(None).to_numpy()
    return out.to_numpy()


# ---------------------------------------------------------------------------------------------- numbers
#: currency signs and codes that strip_currency removes
_CURRENCY = r"(?:US\$|HK\$|NT\$|RMB|CN¥|[A-Z]{3}|[¥￥$€£₩₹₽]|元|円|rmb)"
_CURRENCY_EDGES = re.compile(rf"^\s*(?P<sign>[-+]?)\s*(?P<pre>{_CURRENCY})?\s*(?P<num>[^\s¥￥$€£₩₹₽元円A-Za-z]+?)\s*"
                             rf"(?P<post>{_CURRENCY})?\s*$")


def parse_numbers(values: pd.Series, column: str, *, decimal: str | None = None, thousands: str | None = None,
                  name: str = "table", allow_missing: bool = False) -> pd.Series:
    """Numbers read one way for the whole column (see :func:`parse_amounts`, without currencies)."""
    return parse_amounts(values, column, decimal=decimal, thousands=thousands, strip_currency=False, name=name,
                         allow_missing=allow_missing)


def parse_amounts(values: pd.Series, column: str, *, decimal: str | None = None, thousands: str | None = None,
                  strip_currency: bool = False, name: str = "table", allow_missing: bool = False) -> pd.Series:
    """Money (or any numeric) column as float, read one way for the whole column.

    Text is read with the given ``decimal`` mark and optional ``thousands``
    separator, whose groups must be of three digits (``1.234,50`` with
    ``decimal=",", thousands="."``).  With ``strip_currency=True`` one currency
    sign or code per value is removed (``¥1,234.50``, ``€43,31``, ``USD 12``,
    ``12.50 元``) and the column may hold only one currency; the one found is
    recorded in ``attrs["currency"]`` of the result.  Infinite values, and text
    that is not a number under these rules, are errors naming the rows and the
    option that would read them.

    Returns
    -------
    Series
        float64, same index; missing where the input is missing (an error
        unless ``allow_missing``).
    """
    explicit = decimal is not None
    if decimal is None:   # a thousands separator settles the decimal mark: '.' thousands means ',' decimals
        decimal = "," if thousands == "." else "."
    if decimal not in (".", ","):
        raise CRMDataError(f"decimal must be '.' or ',', got {decimal!r}")
    if thousands is not None and thousands not in (",", ".", " ", "'", "\u00a0", "\u202f"):
        raise CRMDataError(f"thousands must be one of ',', '.', ' ', \"'\" or None, got {thousands!r}")
    if thousands == decimal:
        raise CRMDataError(f"thousands and decimal are both {decimal!r}")
    missing = _missing_mask(values, column, name, what="value", allow_missing=allow_missing, kind="numbers")
    if pd.api.types.is_numeric_dtype(values):
        numbers = values.astype(float)
        currency = None
    else:
        numbers, currency = _text_numbers(values, missing, column, name, decimal, thousands, strip_currency)
        if not explicit and thousands is None:
            _refuse_dot_thousands(values, numbers, column, name)
    infinite = np.isinf(numbers.to_numpy())
    if infinite.any():
        raise CRMDataError(f"column '{column}' of {name} has infinite values in "
                           f"{offending_rows(infinite, values.index)}")
    numbers = pd.Series(numbers.to_numpy(dtype=float), index=values.index, name=values.name)
    if currency:
        numbers.attrs["currency"] = currency
    return numbers


def _text_numbers(objects, missing, column, name, decimal, thousands, strip_currency):
    """Text (or mixed) numbers: a fast path for plain numbers, then each distinct text is checked once."""
    plain = decimal == "." and thousands is None and not strip_currency
    if _is_arrow_text(objects):
        if plain:
            import pyarrow as pa
            import pyarrow.compute as pc

            try:
                cast = pc.cast(objects.array.__arrow_array__(), pa.float64())
            except pa.ArrowInvalid:
                cast = None
            if cast is not None:
                fast = pd.Series(cast.to_numpy(zero_copy_only=False), index=objects.index, dtype=float)
                if not (fast.isna() & ~missing).any():
                    return fast, None
        objects = _as_objects(objects)
    inferred = pd.api.types.infer_dtype(objects, skipna=True)
    if plain and inferred == "string":
        fast = pd.to_numeric(objects, errors="coerce")
        if not (fast.isna() & ~missing).any():
            return fast.astype(float), None
    out = pd.Series(np.nan, index=objects.index)
    is_number = np.zeros(len(objects), dtype=bool)
    if inferred != "string":
        is_number = objects.map(lambda v: isinstance(v, Number) and not isinstance(v, bool)).to_numpy(dtype=bool)
        if is_number.any():
            out[is_number] = objects[is_number].astype(float)
    todo = ~missing.to_numpy() & ~is_number
    if not todo.any():
        return out, None
    codes, raw = pd.factorize(objects[todo])
    uniques = _texts(raw).str.replace("\u2212", "-", regex=False)   # the typographic minus sign is a minus

    def rows_of(bad_positions) -> np.ndarray:
        rows = np.zeros(len(objects), dtype=bool)
        rows[todo] = np.isin(codes, np.flatnonzero(bad_positions))
        return rows

    currency = None
    numbers_text = pd.Series(uniques, index=range(len(uniques)))
    if strip_currency:
        numbers_text, currency = _strip_currency(uniques, rows_of, objects.index, column, name)
    ok = numbers_text.str.fullmatch(_number_pattern(decimal, thousands)).fillna(False).to_numpy(dtype=bool)
    if not ok.all():
        bad = uniques[~ok]
        hint = _number_hint(bad, decimal, thousands, strip_currency)
        raise CRMDataError(f"column '{column}' of {name} must be numeric; values such as {list(bad[:3])} in "
                           f"{offending_rows(rows_of(~ok), objects.index)} are not numbers{hint}")
    clean = numbers_text
    if thousands:
        clean = clean.str.replace(thousands, "", regex=False)
    if decimal == ",":
        clean = clean.str.replace(",", ".", regex=False)
    parsed = clean.to_numpy().astype(float)      # overflowing text such as "1e400" becomes inf (an error below)
    out[todo] = parsed[codes]
    return out, currency


_DOT_THOUSANDS = re.compile(r"[-+]?\d{1,3}(?:\.\d{3})+")


def _refuse_dot_thousands(values: pd.Series, numbers: pd.Series, column: str, name: str) -> None:
    """A text column where every number could be a whole number with dot thousands (``1.234``, ``12.500``).

    Read with a decimal point these are 1.234 and 12.5; in a European export
    they are 1234 and 12500.  Only the user knows, so unless ``decimal`` or
    ``thousands`` was given this is an error.  Checked cheaply first: only a
    column whose numbers all have at most three decimals, some exactly three,
    is looked at as text.
    """
    finite = numbers.dropna().to_numpy()
    if len(finite) == 0:
        return
    thousandths = np.round(finite * 1000)
    if not (np.abs(finite * 1000 - thousandths) < 1e-6).all() or (thousandths % 10 == 0).all():
        return
    texts = _texts(pd.unique(_as_objects(values).dropna()))
    grouped = texts.str.fullmatch(_DOT_THOUSANDS.pattern)
    whole = texts.str.fullmatch(r"[-+]?\d{1,3}")
    if (grouped | whole).all() and grouped.any():
        examples = list(texts[grouped][:3])
        raise CRMDataError(f"column '{column}' of {name} holds numbers such as {examples} that read two ways: "
                           f"{examples[0]} with a decimal point, or {examples[0].replace('.', '')} with '.' as "
                           f"thousands separator (European exports); pass decimal='.' if they are decimals, or "
                           f"thousands='.' (and decimal=',') if they are thousands")


def _number_pattern(decimal: str, thousands: str | None) -> str:
    d = re.escape(decimal)
    digits = r"\d+"
    if thousands:
        t = re.escape(thousands)
        digits = rf"(?:\d{{1,3}}(?:{t}\d{{3}})+|\d+)"
    return rf"[-+]?(?:{digits}(?:{d}\d*)?|{d}\d+)(?:[eE][-+]?\d+)?"


def _strip_currency(uniques: pd.Index, rows_of, index, column, name):
    found = {}
    numbers = []
    for position, value in enumerate(uniques):
        match = _CURRENCY_EDGES.match(value)
        if match is None:
            numbers.append(value)
            continue
        code = match.group("pre") or match.group("post")
        if code:
            found.setdefault(_canonical_currency(code), position)
        numbers.append(match.group("sign") + match.group("num"))
    if len(found) > 1:
        positions = list(found.values())[:4]
        marked = np.zeros(len(uniques), dtype=bool)
        marked[positions] = True
        raise CRMDataError(f"column '{column}' of {name} mixes currencies {sorted(found)} (e.g. "
                           f"{[uniques[p] for p in positions]} in {offending_rows(rows_of(marked), index)}): "
                           f"one column must hold one currency")
    return pd.Series(numbers, index=range(len(uniques))), next(iter(found), None)


def _canonical_currency(code: str) -> str:
    return {"¥": "¥", "￥": "¥", "元": "CNY", "RMB": "CNY", "rmb": "CNY", "CN¥": "CNY",
            "円": "JPY", "€": "EUR", "£": "GBP", "$": "$", "US$": "USD", "HK$": "HKD", "NT$": "TWD",
            "₩": "KRW", "₹": "INR", "₽": "RUB"}.get(code, code)


def _number_hint(bad, decimal, thousands, strip_currency) -> str:
    sample = " ".join(str(b) for b in bad[:20])
    if re.search(r"\(\s*[¥￥$€£]?\s*\d[\d.,]*\s*\)", sample):
        return "; amounts in parentheses (accounting negatives) are not read: write them as -12.50"
    if decimal == "," and re.search(r"\d\.\d{1,2}(?!\d)", sample) and "," not in sample:
        return "; they have a decimal point: pass decimal='.' (or leave decimal out)"
    if thousands is None and re.search(r"\d[ \u00a0\u202f]\d{3}", sample):
        return "; a space as thousands separator? pass thousands=' '"
    if thousands is None and re.search(r"\d'\d{3}", sample):
        return "; an apostrophe as thousands separator (Swiss)? pass thousands=\"'\""
    if re.search(r"\d-(?:\s|$)", sample + " "):
        return "; a minus sign after the number (12.50-) is not read: write it in front, -12.50"
    if not strip_currency and re.search(r"[¥￥$€£₩₹₽元円]|\b[A-Z]{3}\b|RMB", sample):
        return "; they carry a currency: pass strip_currency=True"
    if decimal == "." and re.search(r"\d,\d{1,2}\b(?![\d,])", sample) and not re.search(r"\d\.\d{3},", sample):
        return "; a decimal comma? pass decimal=','" + (" and thousands='.'" if "." in sample else "")
    if re.search(r"\d\.\d{3},\d", sample):
        return "; European format? pass decimal=',', thousands='.'"
    if thousands is None and re.search(r"\d,\d{3}", sample):
        return "; thousands separators? pass thousands=','"
    return ""


# ---------------------------------------------------------------------------------------------- other columns
_PLAIN_NUMBER = re.compile(r"^[-+]?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$|^[-+]?0?\.\d+$")


def infer_column(values: pd.Series) -> pd.Series:
    """An extra column's type: float when every value is a plain number (no leading zeros), else text.

    Columns with leading zeros (``"01234"`` postcodes) or anything else stay text,
    so nothing is lost.  Typed columns (from Excel, Parquet, SPSS, DataFrames)
    are returned unchanged.
    """
    if _is_arrow_text(values) or isinstance(values.dtype, pd.StringDtype):
        values = _as_objects(values)
    if values.dtype != object:
        return values
    present = values.dropna()
    if len(present) == 0:
        return values
    inferred = pd.api.types.infer_dtype(present, skipna=True)
    if inferred in ("integer", "floating", "mixed-integer-float"):
        return pd.to_numeric(values)
    if inferred == "string":
        codes, uniques = pd.factorize(present)
        stripped = pd.Index(uniques.astype(str)).str.strip()
        if stripped.str.match(_PLAIN_NUMBER).all():
            return pd.to_numeric(values.str.strip())
    return values


# ---------------------------------------------------------------------------------------------- tables
def read_typed_table(source, **options) -> pd.DataFrame:
    """Any table, with each text column typed by :func:`infer_column` (numbers where all values are plain numbers).

    For tables that are neither transactions, customers nor surveys (e.g. a
    published data set): ``options`` are those of :func:`read_table`.  Ids in
    such a table are *not* protected: read id columns with :func:`parse_ids`.
    """
    frame = read_table(source, **options)
    typed = pd.DataFrame({c: infer_column(frame[c]) for c in frame.columns}, index=frame.index)
    typed.attrs = dict(frame.attrs)
    return typed


def _reading_options(encoding, sheet, header_row, sep):
    return dict(encoding=encoding, sheet=sheet, header_row=header_row, sep=sep)


def read_transactions(source, *, customer_col: str = "customer_id", date_col: str = "date",
                      amount_col: str | None = "amount", transaction_col: str | None = None,
                      quantity_col: str | None = None, date_format: str | None = None, tz: str | None = None,
                      decimal: str | None = None, thousands: str | None = None, strip_currency: bool = False,
                      encoding: str | None = None, sheet=None, header_row: int | None = None,
                      sep: str | None = None, _keep_repeated_ids: bool = False) -> pd.DataFrame:
    """Read a transaction log (one row per purchase) into canonical, typed columns.

    Returns
    -------
    DataFrame
        ``customer_id`` (text), ``date`` (datetime64), ``amount`` (float, when
        ``amount_col``), ``quantity`` (float, when ``quantity_col``),
        ``transaction_id`` (text, when ``transaction_col``), then every other
        column of the source under its own name (numbers where every value is a
        plain number, text otherwise).  ``attrs`` records ``source``,
        ``extra_columns`` and, with ``strip_currency``, the ``currency`` found.
        No row is dropped, with one exception: with ``transaction_col`` a row
        that repeats a transaction id with identical content (an overlapping
        re-export) is the same purchase, so it is kept once, with a
        :class:`~crm_analysis.exceptions.DataExclusionWarning` that counts them
        (as the customer database stores it once).  Returns (negative amounts)
        are kept and left to the analyses, which exclude them with a warning.

    Raises
    ------
    CRMDataError
        Naming the column and the first offending rows, for every value that
        cannot be read one way (see the module docstring); also for a column
        named twice, and for a transaction id that repeats with different content.

    Examples
    --------
    A Chinese shop's GBK export with day-first dates and yuan amounts:

    >>> orders = read_transactions("orders.csv", customer_col="客户编号", date_col="日期",   # doctest: +SKIP
    ...                            amount_col="金额", date_format="%d/%m/%Y", strip_currency=True)
    """
    name = "transactions"
    roles = {"customer_id": customer_col, "date": date_col, "amount": amount_col, "quantity": quantity_col,
             "transaction_id": transaction_col}
    frame, out, roles = _read_with_roles(source, roles, name, _reading_options(encoding, sheet, header_row, sep))
    out["date"] = parse_dates(frame[date_col], date_col, date_format=date_format, tz=tz, name=name)
    currency = None
    if amount_col:
        amounts = parse_amounts(frame[amount_col], amount_col, decimal=decimal, thousands=thousands,
                                strip_currency=strip_currency, name=name)
        currency = amounts.attrs.get("currency")
        out["amount"] = amounts.to_numpy()
    if quantity_col:
        out["quantity"] = parse_numbers(frame[quantity_col], quantity_col, decimal=decimal, thousands=thousands,
                                        name=name, allow_missing=True).to_numpy()
    if transaction_col:
        out["transaction_id"] = parse_ids(frame[transaction_col], transaction_col, name=name, what="transaction id")
    extras = [c for c in frame.columns if c not in roles.values()]
    out = _add_extras(out, frame, extras)
    if transaction_col and not _keep_repeated_ids:
        out = _once_per_transaction_id(out, transaction_col, name)
    out.attrs.update(source=frame.attrs.get("source", "a DataFrame"), extra_columns=extras)
    if currency:
        out.attrs["currency"] = currency
    return out


def _once_per_transaction_id(out: pd.DataFrame, transaction_col: str, name: str) -> pd.DataFrame:
    """One row per transaction id: identical repeats kept once (with a warning), different content an error."""
    repeated = out["transaction_id"].duplicated(keep=False) & out["transaction_id"].notna()
    if not repeated.any():
        return out
    rows = out.loc[repeated]
    content = rows.astype(str).agg("\x1f".join, axis=1)
    differing = content.groupby(rows["transaction_id"]).nunique() > 1
    if differing.any():
        ids = list(differing.index[differing][:5])
        bad = out["transaction_id"].isin(ids)
        raise CRMDataError(f"column '{transaction_col}' of {name} repeats transaction ids with different content, "
                           f"such as {ids}, in {offending_rows(bad, out.index)}: one transaction id is one purchase; "
                           f"fix the export (or read it without transaction_col if the column is not an order id)")
    extra = out["transaction_id"].duplicated(keep="first") & out["transaction_id"].notna()
    warnings.warn(f"{int(extra.sum())} rows of {name} repeat a transaction id with identical content (an "
                  f"overlapping export, such as {list(out.loc[extra, 'transaction_id'].unique()[:3])}, "
                  f"{offending_rows(extra, out.index)}) and were kept once: {int((~extra).sum())} rows remain",
                  DataExclusionWarning, stacklevel=caller_stacklevel())
    return out.loc[~extra]


def read_customers(source, *, customer_col: str = "customer_id", churn_col: str | None = None,
                   tenure_col: str | None = None, churned_value=None, tenure_unit: str | None = None,
                   known_labels: dict | None = None, roles: dict | None = None, date_format=None,
                   decimal: str | None = None, thousands: str | None = None, strip_currency: bool = False,
                   encoding: str | None = None, sheet=None, header_row: int | None = None,
                   sep: str | None = None) -> pd.DataFrame:
    """Read a customer table (one row per customer) with the id as text and the churn label as 0/1.

    Parameters
    ----------
    churn_col : str, optional
        The churn label, returned as ``churn``: 1 = churned (left), 0 = stayed,
        missing = unknown (a blank cell is never guessed).  Which label means
        *churned* is decided here, once, by :func:`churn_codes`: ``Yes``/``No``,
        ``1``/``0``, ``True``/``False``, ``流失``/``在网`` ... are read by the
        word lists of :mod:`crm_analysis.churn.labels`; any other pair (``"A"``/
        ``"B"``, ``"left"``/``"here"``) needs ``churned_value`` (``"left"``).
    tenure_col : str, optional
        How long each customer has been (or was) a customer, a number returned as
        ``tenure``; it needs ``tenure_unit``.
    churned_value : optional
        The label that means *churned*, when the column's labels do not say it
        themselves (or say the opposite: a column ``active`` with ``Yes``/``No``
        takes ``churned_value="No"``).  Every other label means *stayed*.
    tenure_unit : str
        ``"days"``, ``"weeks"``, ``"months"``, ``"quarters"`` or ``"years"``
        (the unit table of :mod:`crm_analysis.timegrid`); recorded as the plural
        name in ``attrs["tenure_unit"]``.
    known_labels : dict, optional
        The meaning already fixed for this business,
        ``{"churned": [spellings], "stayed": [spellings]}`` (the customer
        database passes what earlier imports recorded), so that a later file
        can never flip it; see :func:`churn_codes`.
    roles : dict, optional
        The file's columns for the standard customer columns of
        :data:`CUSTOMER_ROLES` (``{"cost_to_serve": "服务成本", "acquisition_date":
        "注册日期"}``), returned under the standard names.  A column already
        named by a standard name takes its role without being listed.  Money
        roles (``acquisition_cost``, ``cost_to_serve``, ``credit_limit``,
        ``balance``, ``sales_plan``, ``service_budget``, ``retention_cost``)
        are read as numbers with ``decimal``, ``thousands`` and
        ``strip_currency`` (``¥1,234.50`` needs ``thousands=",",
        strip_currency=True``); a negative amount is an error except for
        ``balance`` (money the business owes the customer).  Their units are
        fixed by :data:`CUSTOMER_ROLES` (``cost_to_serve`` per order,
        ``sales_plan`` and ``service_budget`` per month, ``retention_cost`` per
        year).  Date roles (``acquisition_date``, ``churn_date``) are read one
        format per column.  A blank cell is unknown.
    date_format : str or dict, optional
        The format of the date roles (``"%d/%m/%Y"``), one for all or a dict
        by role or column (``{"churn_date": "%Y%m%d"}``); inferred per column
        when omitted (an ambiguous column is an error asking for it).
    strip_currency : bool, default False
        Remove currency signs and codes from the money roles (see
        :func:`parse_amounts`); the one found is in ``attrs["currency"]``.

    Every other column keeps its name (numbers where every value is a plain
    number, text otherwise).  ``attrs`` records ``source``, ``extra_columns``,
    ``roles`` (``{standard name: file column}`` of the roles read), and, with a churn column, ``churn_labels`` (this file's spellings of each
    class, for the record) and ``n_unlabelled`` (blank labels).

    Raises
    ------
    CRMDataError
        For a repeated customer id (naming the rows); for a churn column with
        more than two labels (naming the rows of the rarest), or whose labels
        do not say which one means churned (pass ``churned_value``), or that
        contradict ``known_labels``; for tenure without ``tenure_unit``, and for
        tenure that is negative or not a number.

    Examples
    --------
    >>> read_customers("members.csv", customer_col="会员号", churn_col="状态", tenure_col="在网月数",  # doctest: +SKIP
    ...                tenure_unit="months")          # 状态 holds 流失 / 在网
    """
    name = "customers"
    if tenure_col and tenure_unit is None:
        raise CRMDataError(f"column '{tenure_col}' (tenure) of {name} needs its unit: pass tenure_unit= (days, "
                           f"weeks, months or years: tenure 12 is a year in months, a quarter in weeks)")
    if tenure_unit is not None and not tenure_col:
        raise CRMDataError(f"tenure_unit={tenure_unit!r} was given without tenure_col: name the tenure column")
    if churned_value is not None and not churn_col:
        raise CRMDataError(f"churned_value={churned_value!r} was given without churn_col: name the churn column")
    unit = _tenure_unit_name(tenure_unit) if tenure_col else None
    chosen_roles = _check_customer_roles(roles)
    reading = _reading_options(encoding, sheet, header_row, sep)
    columns = {"customer_id": customer_col, "churn": churn_col, "tenure": tenure_col, **chosen_roles}
    frame, out, columns = _read_with_roles(source, columns, name, reading)
    for role in CUSTOMER_ROLES:          # a column named by its standard name takes that role
        if role not in columns and role in frame.columns and role not in columns.values():
            columns[role] = role
            chosen_roles[role] = role
    chosen_roles = {role: columns[role] for role in CUSTOMER_ROLES if role in columns}
    roles = columns
    repeated = out["customer_id"].duplicated(keep=False)
    if repeated.any():
        raise CRMDataError(f"column '{customer_col}' of {name} repeats ids, such as "
                           f"{list(out.loc[repeated, 'customer_id'].unique()[:3])}, in "
                           f"{offending_rows(repeated, out.index)}: a customer table has one row per customer")
    spellings = None
    if churn_col:
        codes, spellings = churn_codes(frame[churn_col], churn_col, churned_value=churned_value, known=known_labels,
                                       name=name)
        out["churn"] = codes.array
    if tenure_col:
        tenure = parse_numbers(frame[tenure_col], tenure_col, decimal=decimal, thousands=thousands,
                               name=name, allow_missing=True)
        negative = (tenure < 0).to_numpy()
        if negative.any():
            raise CRMDataError(f"column '{tenure_col}' (tenure) of {name} is negative in "
                               f"{offending_rows(negative, frame.index)}, such as {tenure[negative].iloc[0]:g}: "
                               f"tenure is a length of time")
        out["tenure"] = tenure.to_numpy(dtype=float)
    notes = []
    currency = _read_customer_roles(frame, out, chosen_roles, date_format=date_format, decimal=decimal,
                                    thousands=thousands, strip_currency=strip_currency, name=name, notes=notes)
    extras = [c for c in frame.columns if c not in roles.values()]
    shadowed = [c for c in extras if c in chosen_roles]
    if shadowed:
        raise CRMDataError(f"{name} has a column named {shadowed[0]!r}, but roles gives column "
                           f"{chosen_roles[shadowed[0]]!r} for the {shadowed[0]} role: one column per role; rename "
                           f"one of them in the file, or choose {shadowed[0]!r} itself")
    unnamed = [c for c in extras if c in ("churn", "tenure")]
    if unnamed:
        raise CRMDataError(f"{name} has a column named {unnamed[0]!r} but it was not chosen as the {unnamed[0]} "
                           f"column: pass {unnamed[0]}_col={unnamed[0]!r} (its labels or unit are then read and "
                           f"checked), or rename it in the file if it means something else")
    out = _add_extras(out, frame, extras)
    out.attrs.update(source=frame.attrs.get("source", "a DataFrame"), extra_columns=extras, roles=chosen_roles,
                     notes=notes)
    if currency:
        out.attrs["currency"] = currency
    if spellings is not None:
        out.attrs.update(churn_labels=spellings, n_unlabelled=int(out["churn"].isna().sum()))
    if unit:
        out.attrs["tenure_unit"] = unit
    return out


#: the standard customer columns (roles) beside churn and tenure, and the unit of each
#: (``{currency}`` is the business's currency code)
CUSTOMER_ROLES = {
    "acquisition_date": "date",
    "acquisition_cost": "{currency}",
    "cost_to_serve": "{currency} per order",
    "credit_limit": "{currency}",
    "balance": "{currency}",
    "sales_plan": "{currency} per month",
    "service_budget": "{currency} per month",
    "retention_cost": "{currency} per year",
    "churn_date": "date",
}
#: what each role means, for messages and the reports
CUSTOMER_ROLE_MEANINGS = {
    "acquisition_date": "date the customer was acquired",
    "acquisition_cost": "one-off cost of acquiring the customer",
    "cost_to_serve": "cost of serving one order",
    "credit_limit": "credit limit",
    "balance": "current receivable balance (may be negative)",
    "sales_plan": "planned revenue per month",
    "service_budget": "budgeted cost-to-serve per month",
    "retention_cost": "yearly cost of keeping the customer",
    "churn_date": "date the account was closed",
}
DATE_ROLES = ("acquisition_date", "churn_date")
#: money roles that may be negative (a credit balance); the others are costs, limits and plans
_SIGNED_ROLES = ("balance",)


def role_units(roles, currency: str | None) -> dict:
    """The unit of each customer role in ``roles``: ``{"cost_to_serve": "CNY per order", ...}``."""
    code = currency or "currency units"
    return {role: CUSTOMER_ROLES[role].format(currency=code) for role in roles if role in CUSTOMER_ROLES}


def _check_customer_roles(roles) -> dict:
    if roles is None:
        return {}
    if not isinstance(roles, dict):
        raise CRMDataError(f"roles must map standard column names to the file's columns, e.g. "
                           f"{{'cost_to_serve': 'service cost'}}; got {roles!r}")
    unknown = [r for r in roles if r not in CUSTOMER_ROLES]
    if unknown:
        hint = ""
        if any(r in ("churn", "tenure", "customer_id") for r in unknown):
            hint = " (churn, tenure and the id have their own options: churn_col=, tenure_col=, customer_col=)"
        raise CRMDataError(f"unknown customer role(s) {unknown}{hint}; the roles are {list(CUSTOMER_ROLES)}")
    return {role: column for role, column in roles.items() if column}


def _ambiguous(error: CRMDataError) -> bool:
    return "reads both" in str(error)


def _order_format(raw: pd.Series, parsed: pd.Series, name: str):
    """The day-first or month-first format that reads a text date column exactly as it was read, if only one order does."""
    if pd.api.types.is_datetime64_any_dtype(raw) or pd.api.types.is_numeric_dtype(raw):
        return None
    matching = []
    for fmt, order in _DATE_FORMATS:
        if order == "ymd":
            continue
        try:
            again = parse_dates(raw, "reference", date_format=fmt, name=name, allow_missing=True)
        except CRMDataError:
            continue
        if again.reset_index(drop=True).equals(parsed.reset_index(drop=True)):
            matching.append((fmt, order))
    return matching[0][0] if len({order for _fmt, order in matching}) == 1 else None


def _dates_like(values: pd.Series, column: str, error: CRMDataError, references, name: str, notes: list) -> pd.Series:
    """A date column that reads two ways on its own, read in the order of another date column of the same file.

    A resolution (or closing) date column often holds only a few dates, all
    with a day of 12 or less, so that it alone could be day-first or
    month-first; the complaint (acquisition) dates of the same export settle
    it when they read one way only.  Said in ``notes``; without such a
    reference ``error`` (the ambiguity) is raised.
    """
    for reference, raw, parsed in references:
        fmt = _order_format(raw, parsed, name)
        if fmt is None:
            continue
        try:
            result = parse_dates(values, column, date_format=fmt, name=name, allow_missing=True)
        except CRMDataError:
            continue
        notes.append(f"the dates in '{column}' read both day-first and month-first on their own; read as {fmt!r}, "
                     f"the format of '{reference}' in the same file")
        return result
    raise error


def _format_for(date_format, role: str, column: str):
    if isinstance(date_format, dict):
        return date_format.get(role, date_format.get(column))
    return date_format


def _read_customer_roles(frame, out, roles: dict, *, date_format, decimal, thousands, strip_currency, name, notes):
    """Read the role columns into ``out`` (in place): money as numbers, dates one format per column."""
    if date_format is not None and not any(role in DATE_ROLES for role in roles):
        raise CRMDataError(f"date_format={date_format!r} was given but {name} has no date column chosen "
                           f"(acquisition_date, churn_date): name it in roles= (--acquisition-date-col, "
                           f"--churn-date-col)")
    found = {}
    pending = {}
    for role, column in roles.items():
        if role in DATE_ROLES:
            try:
                out[role] = parse_dates(frame[column], column, date_format=_format_for(date_format, role, column),
                                        name=name, allow_missing=True).to_numpy()
            except CRMDataError as exc:
                if _format_for(date_format, role, column) is not None or not _ambiguous(exc):
                    raise
                pending[role] = exc
            continue
        amounts = parse_amounts(frame[column], column, decimal=decimal, thousands=thousands,
                                strip_currency=strip_currency, name=name, allow_missing=True)
        if amounts.attrs.get("currency"):
            found.setdefault(amounts.attrs["currency"], column)
        negative = (amounts < 0).to_numpy()
        if negative.any() and role not in _SIGNED_ROLES:
            raise CRMDataError(f"column '{column}' ({role}: {CUSTOMER_ROLE_MEANINGS[role]}) of {name} is negative "
                               f"in {offending_rows(negative, frame.index)}, such as "
                               f"{amounts[negative].iloc[0]:g}: a cost, limit or plan is 0 or more")
        out[role] = amounts.to_numpy(dtype=float)
    for role, error in pending.items():      # e.g. a few closing dates, all with a day <= 12
        references = [(roles[r], frame[roles[r]], out[r]) for r in DATE_ROLES if r in roles and r not in pending]
        out[role] = _dates_like(frame[roles[role]], roles[role], error, references, name, notes).to_numpy()
    if len(found) > 1:
        raise CRMDataError(f"the money columns of {name} are in different currencies: "
                           f"{', '.join(f'{c!r} in {code}' for code, c in found.items())}; one table, one currency")
    if "churn_date" in out.columns:
        closed = out["churn_date"].notna().to_numpy()
        if "churn" in out.columns:
            stayed = closed & (out["churn"].to_numpy(dtype=float, na_value=np.nan) == 0)
            if stayed.any():
                raise CRMDataError(f"column '{roles['churn_date']}' (churn_date) of {name} gives a closing date for "
                                   f"customers whose churn label says they stayed, in "
                                   f"{offending_rows(stayed, frame.index)}: is the churn label or the date wrong?")
            # a blank label would be stored as unknown while the date says the account was closed: the reports
            # would count a closed account as a current customer (early-warning lists, equity)
            unlabelled = closed & np.isnan(out["churn"].to_numpy(dtype=float, na_value=np.nan))
            if unlabelled.any():
                raise CRMDataError(f"column '{roles['churn_date']}' (churn_date) of {name} gives a closing date for "
                                   f"customers whose churn label is blank, in "
                                   f"{offending_rows(unlabelled, frame.index)}: fill in their churn label (the "
                                   f"label that means the customer left) or leave the closing date blank")
        if "acquisition_date" in out.columns:
            early = closed & (out["churn_date"] < out["acquisition_date"]).to_numpy()
            if early.any():
                raise CRMDataError(f"column '{roles['churn_date']}' (churn_date) of {name} is before "
                                   f"'{roles['acquisition_date']}' (acquisition_date) in "
                                   f"{offending_rows(early, frame.index)}: a customer leaves after arriving; is "
                                   f"one date format wrong (day-first vs month-first)? pass date_format=")
    return next(iter(found), None)


def _tenure_unit_name(unit) -> str:
    from .timegrid import UNIT_NAMES, check_time_unit

    return UNIT_NAMES[check_time_unit(unit, "tenure_unit")]


def label_key(label) -> str:
    """How a churn label is compared: ``"Yes "``, ``"yes"`` -> ``"yes"``; ``1``, ``"1"``, ``"1.0"`` -> ``"1"``."""
    if isinstance(label, (bool, np.bool_)):
        return "true" if label else "false"
    if isinstance(label, Number):
        number = float(label)
        return repr(int(number)) if number.is_integer() else repr(number)
    text = unicodedata.normalize("NFKC", str(label)).strip().lower()
    if _NUMBER_TEXT.match(text):
        return label_key(float(text))
    return text


def churn_codes(labels: pd.Series, column: str = "churn", *, churned_value=None, known: dict | None = None,
                name: str = "customers") -> tuple[pd.Series, dict]:
    """Turn a churn label column into 1 (churned), 0 (stayed) and missing (blank: unknown).

    The meaning of each label is decided once, in this order:

    1. ``churned_value`` (when given): that label means churned, every other
       label stayed.  It must be one of the column's labels.
    2. ``known``: the spellings recorded by earlier imports of the same
       business (``{"churned": [...], "stayed": [...]}``).
    3. The word lists of :mod:`crm_analysis.churn.labels`
       (:data:`~crm_analysis.churn.labels.CHURN_WORDS`: ``1``, ``yes``,
       ``true``, ``churned``, ``流失`` ...; :data:`~crm_analysis.churn.labels.STAY_WORDS`:
       ``0``, ``no``, ``active``, ``在网`` ...), compared in lower case.

    Labels are compared by :func:`label_key` (case, surrounding spaces,
    full-width characters and ``1`` / ``"1"`` / ``"1.0"`` do not matter).

    Returns
    -------
    (Series, dict)
        The codes (pandas ``Int8``: 1, 0 or ``<NA>``, same index as
        ``labels``) and this column's spellings, ``{"churned": [...],
        "stayed": [...]}`` (every form written in the file, stripped, sorted).

    Raises
    ------
    CRMDataError
        Naming the column, the labels and the rows: more than two labels; a
        label none of the rules reads (the message asks for
        ``churned_value=``); ``churned_value`` not among the labels; and any
        reading that contradicts ``known`` (a label recorded as *stayed* now
        said to mean *churned*): a silent flip of the churn class would invert
        every churn rate and model downstream.
    """
    from .churn.labels import _is_churn_label, _is_stay_label

    values = _as_objects(labels)
    blank = values.map(lambda v: not v.strip() if isinstance(v, str) else bool(pd.isna(v))).to_numpy(dtype=bool)
    present = values[~blank]
    keys = present.map(label_key)
    counts = keys.value_counts()
    first = {key: present[keys == key].iloc[0] for key in counts.index}
    written = {key: key if isinstance(value, Number) else str(value).strip() for key, value in first.items()}
    if len(counts) > 2:
        rare = counts.index[2:]
        rows = np.zeros(len(values), dtype=bool)
        rows[~blank] = keys.isin(rare).to_numpy()
        raise CRMDataError(f"column '{column}' of {name} must hold two labels (churned or not); it holds "
                           f"{len(counts)}: {[written[k] for k in counts.index[:6]]}; the rarest, "
                           f"{[written[k] for k in rare[:4]]}, are in {offending_rows(rows, labels.index)} "
                           f"(blank cells are allowed: churn unknown)")
    known = known or {}
    recorded = {label_key(s): 1 for s in known.get("churned", ())}
    recorded.update({label_key(s): 0 for s in known.get("stayed", ())})
    shown = sorted((written[k] for k in counts.index), key=str)
    meaning = {}
    # a business whose recorded meaning runs against the word lists (a column "active": "No" = churned) must name
    # the churned label for every new spelling too: reading "1"/"0" by the word lists there could flip the class
    inverted = [s for s in known.get("churned", ()) if _is_stay_label(s)] + \
        [s for s in known.get("stayed", ()) if _is_churn_label(s)]
    if churned_value is not None:
        target = label_key(churned_value)
        if target not in counts.index:
            raise CRMDataError(f"churned_value={churned_value!r} is not a label of column '{column}' of {name}; "
                               f"its labels are {shown}")
        meaning = {key: int(key == target) for key in counts.index}
    for key in counts.index:
        reading = 1 if _is_churn_label(written[key]) else 0 if _is_stay_label(written[key]) else None
        if key in recorded:
            if key in meaning and meaning[key] != recorded[key]:
                raise CRMDataError(
                    f"column '{column}' of {name}: churned_value={churned_value!r} makes {written[key]!r} mean "
                    f"{_class_name(meaning[key])}, but earlier imports recorded {written[key]!r} as "
                    f"{_class_name(recorded[key])} (churned: {list(known.get('churned', ()))}, stayed: "
                    f"{list(known.get('stayed', ()))}); the meaning of a churn label is fixed at the first import")
            meaning[key] = recorded[key]
        elif key not in meaning and reading is not None and not inverted:
            meaning[key] = reading
    unread = [key for key in counts.index if key not in meaning]
    if unread and inverted:
        raise CRMDataError(
            f"column '{column}' of {name} has the new label(s) {[written[k] for k in unread]}; earlier imports "
            f"fixed the churn label against the usual reading ({inverted[0]!r} = "
            f"{'churned' if inverted[0] in known.get('churned', ()) else 'stayed'}; churned: "
            f"{list(known.get('churned', ()))}, stayed: {list(known.get('stayed', ()))}), so new spellings are not "
            f"guessed: pass churned_value= with the label that means the customer left")
    if unread:
        rows = np.zeros(len(values), dtype=bool)
        rows[~blank] = keys.isin(unread).to_numpy()
        raise CRMDataError(
            f"cannot tell which label of column '{column}' of {name} means churned: its labels are {shown}, and "
            f"{', '.join(repr(written[k]) for k in unread)} (in {offending_rows(rows, labels.index)}) is neither a "
            f"churn word (1, yes, true, churned, 流失, ...) nor a stay word (0, no, false, active, 在网, ...); pass "
            f"churned_value= with the label that means the customer left, e.g. churned_value={written[unread[0]]!r}")
    if len(counts) == 2 and len(set(meaning.values())) == 1 and churned_value is None:
        both = _class_name(next(iter(meaning.values())))
        raise CRMDataError(f"both labels of column '{column}' of {name}, {shown}, read as {both}; pass "
                           f"churned_value= with the label that means the customer left")
    return _coded_labels(values, labels, blank, keys, meaning, present, written, ("churned", "stayed"))


def _class_name(code: int) -> str:
    return "churned" if code == 1 else "stayed"


def read_survey(source, *, scale: tuple[float, float], items=None, missing_codes=(), customer_col: str | None = None,
                date_col: str | None = None, date_format: str | None = None, decimal: str | None = None,
                encoding: str | None = None, sheet=None, header_row: int | None = None,
                sep: str | None = None) -> pd.DataFrame:
    """Read survey answers on a declared scale, turning "no answer" codes into missing.

    Parameters
    ----------
    scale : (low, high)
        The answer scale of every item (e.g. ``(1, 10)``); it travels with the
        table in ``attrs["scale"]`` so that every analysis checks against it.
    items : list of str, optional
        The answer columns (default: every column except ``customer_col`` whose
        values are all numbers or missing codes).
    missing_codes : sequence, optional
        Values that mean "no answer" (``(-99, 99)``, ``("n/a",)``); they become
        missing, counted per item in a :class:`DataExclusionWarning`.
    customer_col : str, optional
        A customer id column (kept as text, as ``customer_id``) so the answers
        can be linked to purchases.
    date_col, date_format : str, optional
        The response date (returned as ``date``, datetime64; a blank cell is
        unknown), read one format per column; not an item.  A column named
        ``date`` must be chosen as ``date_col`` (or renamed), so that a date is
        never stored as text beside dated answers.

    Raises
    ------
    CRMDataError
        For an answer that is not a number or lies outside ``scale`` (naming the
        item and rows; codes such as -99 are pointed to ``missing_codes=``).
    """
    low, high = check_scale(scale)
    codes = tuple(missing_codes or ())
    if date_format is not None and not date_col:
        raise CRMDataError(f"date_format={date_format!r} was given without date_col: name the response date column")
    keys = [c for c in (customer_col, date_col) if c]
    _check_roles({"customer_id": customer_col, "date": date_col} if customer_col and date_col else {})
    frame = read_table(source, required=keys, name="survey", **_reading_options(encoding, sheet, header_row, sep))
    name = "survey"
    if date_col is None and "date" in frame.columns and customer_col != "date" and \
            (items is None or "date" not in items):
        raise CRMDataError(f"{name} has a column named 'date' but it was not chosen as the response date: pass "
                           f"date_col='date' (it is then read as a date, one format for the column), or rename it "
                           f"in the file if it means something else")
    code_texts = {_code_text(c) for c in codes}
    items_given = items is not None
    if items is None:
        candidates = [c for c in frame.columns if c not in keys]
        items = [c for c in candidates if _all_numbers_or_codes(frame[c], code_texts, decimal or ".")]
        _refuse_stray_text(frame, [c for c in candidates if c not in items], code_texts, decimal or ".", name)
        if not items:
            raise CRMDataError(f"the survey has no numeric answer columns (columns: {list(frame.columns)}); "
                               f"pass items=")
    items = list(items)
    if date_col and date_col in items:
        raise CRMDataError(f"column '{date_col}' is both the response date (date_col) and an item")
    _require(frame, items + keys, name)
    out = pd.DataFrame(index=frame.index)
    if customer_col:
        out["customer_id"] = parse_ids(frame[customer_col], customer_col, name=name, allow_missing=True)
    if date_col:
        out["date"] = parse_dates(frame[date_col], date_col, date_format=date_format, name=name,
                                  allow_missing=True).to_numpy()
    text_codes = {str(c).strip() for c in codes if isinstance(c, str)}
    answers = pd.DataFrame(index=frame.index)
    for item in items:
        raw = _as_objects(frame[item]) if _is_arrow_text(frame[item]) else frame[item]
        is_text_code = raw.map(lambda v: isinstance(v, str) and v.strip() in text_codes).to_numpy(dtype=bool)
        numbers = parse_numbers(raw.mask(is_text_code) if is_text_code.any() else raw, item, decimal=decimal,
                                name=name, allow_missing=True)
        answers[item] = numbers.astype(object).where(~is_text_code, raw) if is_text_code.any() else numbers
    # the missing codes, the scale check and its message are the survey rules every path shares
    try:
        declared = declare_scale(answers, (low, high), items=items, missing_codes=codes)
    except CRMDataError as exc:
        if not items_given:
            raise CRMDataError(f"{exc} The items were taken to be every numeric column, {items}; if one of them "
                               f"is not a rating item (a respondent number, an id), pass items=[...]") from None
        raise
    for item in items:
        out[item] = declared[item].to_numpy(dtype=float)
    _warn_unused_scale(out[items], low, high, name)
    extras = [c for c in frame.columns if c not in items and c not in keys]
    out = _add_extras(out, frame, extras)
    if customer_col:
        out = _once_per_respondent(out, "date" if date_col else None, name)
    out.attrs.update(source=frame.attrs.get("source", "a DataFrame"), scale=(low, high),
                     missing_codes=declared.attrs["missing_codes"], items=items, extra_columns=extras)
    if date_col:
        out.attrs.update(date_col="date", n_undated=int(out["date"].isna().sum()))
    for key in ("value_labels", "column_labels"):
        if key in frame.attrs:
            out.attrs[key] = frame.attrs[key]
    return out


def _once_per_respondent(answers: pd.DataFrame, date_col: str | None, name: str) -> pd.DataFrame:
    """Keep one copy of a row that repeats an earlier row exactly (same customer id and every answer).

    A repeated respondent with every answer the same is an export overlap: it
    is kept once, with a :class:`DataExclusionWarning` that counts the copies
    and names their rows.  A customer id that answers more than once with
    different answers (two waves, or a correction) is kept and announced: each
    row counts as a respondent, and without a response date nothing tells the
    waves apart.
    """
    known = answers["customer_id"].notna().to_numpy()
    repeat = answers.duplicated(keep="first").to_numpy() & known
    if repeat.any():
        ids = sorted(set(answers.loc[repeat, "customer_id"]))[:N_EXAMPLES]
        copies = int(repeat.sum())
        warnings.warn(f"{copies} {name} row{'s' if copies != 1 else ''} repeat{'' if copies != 1 else 's'} an earlier row exactly (same customer id and every "
                      f"answer, e.g. customer ids {ids}; {offending_rows(repeat, answers.index)}): an overlap of "
                      f"exports, kept once", DataExclusionWarning, stacklevel=caller_stacklevel())
        answers = answers.loc[~repeat]
    keys = ["customer_id"] + ([date_col] if date_col else [])
    again = answers.duplicated(subset=keys, keep=False).to_numpy() & answers["customer_id"].notna().to_numpy()
    if again.any():
        ids = sorted(set(answers.loc[again, "customer_id"]))[:N_EXAMPLES]
        when = "on the same response date" if date_col else "(no response date given: pass date_col to date them)"
        twice = int(answers.loc[again, "customer_id"].nunique())
        warnings.warn(f"{twice} customer id{'s answer' if twice != 1 else ' answers'} more than once with "
                      f"different answers {when}, e.g. {ids} ({offending_rows(again, answers.index)}): every row is "
                      f"kept and counts as a respondent", DataExclusionWarning, stacklevel=caller_stacklevel())
    return answers


def _code_text(value) -> str:
    if isinstance(value, Number) and not isinstance(value, bool):
        number = float(value)
        return repr(int(number)) if number == int(number) else repr(number)
    text = str(value).strip()
    if _NUMBER_TEXT.match(text):
        return _code_text(float(text))
    return text.lower()


def _refuse_stray_text(frame: pd.DataFrame, columns: list, code_texts: set, decimal: str, name: str) -> None:
    """A column of answers but for a few words ("Agree", "n/a") is an item with stray text, not a text column."""
    pattern = re.compile(_number_pattern(decimal, None))
    for column in columns:
        present = _as_objects(frame[column]).dropna()
        if len(present) < 5:
            continue
        numeric = present.map(lambda v: (isinstance(v, Number) and not isinstance(v, bool))
                              or _code_text(v) in code_texts or bool(pattern.fullmatch(str(v).strip())))
        if numeric.mean() >= 0.8:
            words = present[~numeric]
            rows = frame.index.isin(words.index)
            raise CRMDataError(f"column '{column}' of {name} holds answers but also text such as "
                               f"{list(pd.unique(words.astype(str))[:3])} in {offending_rows(rows, frame.index)}: "
                               f"if they mean 'no answer', pass missing_codes=({words.iloc[0]!r},); if the column "
                               f"is not an item, list the items: items=[...]")


def _warn_unused_scale(answers: pd.DataFrame, low: float, high: float, name: str) -> None:
    """No answer in the upper half of the declared scale: answers on 1-5 declared as 1-10 would halve every index."""
    top = np.nanmax(answers.to_numpy(dtype=float)) if answers.notna().to_numpy().any() else np.nan
    middle = (low + high) / 2
    if np.isfinite(top) and top <= middle and len(answers) >= 10:
        warnings.warn(f"{name}: no answer lies above {top:g} on the declared scale {low:g}-{high:g}: is the scale "
                      f"{low:g}-{top:g}? A wrong scale shifts every 0-100 index and satisfaction level",
                      ValueFormWarning, stacklevel=caller_stacklevel())


def _all_numbers_or_codes(values: pd.Series, code_texts: set, decimal: str) -> bool:
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return True
    present = values.dropna()
    if len(present) == 0:
        return False
    pattern = re.compile(_number_pattern(decimal, None))
    return present.map(lambda v: (isinstance(v, Number) and not isinstance(v, bool))
                       or _code_text(v) in code_texts or bool(pattern.fullmatch(str(v).strip()))).all()


def _read_with_roles(source, roles: dict, name: str, reading: dict):
    """Read ``source`` for the columns chosen for each role; returns the raw frame, the output with its text
    ``customer_id``, and the roles that were given (``{canonical name: source column}``)."""
    roles = {canonical: column for canonical, column in roles.items() if column}
    _check_roles(roles)
    frame = read_table(source, required=list(roles.values()), name=name, _arrow=True, **reading)
    _require(frame, roles.values(), name)
    out = pd.DataFrame(index=frame.index)
    out["customer_id"] = parse_ids(frame[roles["customer_id"]], roles["customer_id"], name=name, what="customer id")
    return frame, out, roles


def _check_roles(roles: dict) -> None:
    columns = list(roles.values())
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        raise CRMDataError(f"column(s) {repeated} given for more than one role: {roles}")


def _require(frame: pd.DataFrame, columns, name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise CRMDataError(f"{name} is missing column(s) {missing}; available columns: {list(frame.columns)}")


def _add_extras(out: pd.DataFrame, frame: pd.DataFrame, extras: list) -> pd.DataFrame:
    clashes = [c for c in extras if c in out.columns]
    if clashes:
        raise CRMDataError(f"column(s) {clashes} of the source clash with the names the reader gives to the "
                           f"columns you chose; rename them in the source or choose them by role")
    if not extras:
        return out
    extra = pd.DataFrame({c: infer_column(frame[c]) for c in extras}, index=frame.index)
    return pd.concat([out, extra], axis=1)


# ---------------------------------------------------------------------------------------------- complaints
#: spellings (compared as :func:`label_key` compares them) that mark a resolved complaint
RESOLVED_WORDS = ("1", "yes", "y", "true", "resolved", "solved", "fixed", "done", "settled",
                  "是", "已解决", "解决", "已处理", "已完成", "处理完毕", "完成")
#: spellings that mark a complaint not resolved (still open, or closed without a solution)
OPEN_WORDS = ("0", "no", "n", "false", "open", "unresolved", "not resolved", "unsolved", "pending", "in progress",
              "否", "未解决", "未处理", "处理中", "待处理", "未完成")
#: words that do not say whether the complaint was solved (a ticket is closed also when given up)
_UNCLEAR_WORDS = ("closed", "close", "关闭", "已关闭", "结案", "已结案")


def resolved_codes(labels: pd.Series, column: str = "resolved", *, resolved_value=None, known: dict | None = None,
                   name: str = "complaints") -> tuple[pd.Series, dict]:
    """Turn a complaint's resolution label into 1 (resolved), 0 (not resolved) and missing (blank: unknown).

    The meaning of each label is decided once, as for churn labels (:func:`churn_codes`):

    1. ``resolved_value`` (when given): that label means resolved, every other
       label not resolved.  It must be one of the column's labels, and no other
       label may read as resolved by the word lists.
    2. ``known``: the spellings recorded by earlier imports
       (``{"resolved": [...], "open": [...]}``); a reading against them is an error.
    3. The word lists :data:`RESOLVED_WORDS` (``1``, ``yes``, ``true``,
       ``resolved``, ``已解决``, ``已处理`` ...) and :data:`OPEN_WORDS` (``0``,
       ``no``, ``open``, ``unresolved``, ``未解决``, ``处理中`` ...).  ``closed``
       (``已关闭``) is in neither: a ticket is also closed when given up, so
       it needs ``resolved_value="closed"`` when it means solved.

    Any number of labels may occur (``已解决``, ``未解决``, ``处理中``); a label
    no rule reads is an error naming it, its rows and ``resolved_value=``.

    Returns
    -------
    (Series, dict)
        Codes (pandas ``Int8``: 1, 0 or ``<NA>``, same index) and the spellings,
        ``{"resolved": [...], "open": [...]}``.
    """
    values = _as_objects(labels)
    blank = values.map(lambda v: not v.strip() if isinstance(v, str) else bool(pd.isna(v))).to_numpy(dtype=bool)
    present = values[~blank]
    keys = present.map(label_key)
    distinct = list(pd.unique(keys))
    first = {key: present[keys == key].iloc[0] for key in distinct}
    written = {key: key if isinstance(value, Number) else str(value).strip() for key, value in first.items()}
    shown = sorted(written.values(), key=str)
    yes = {label_key(w) for w in RESOLVED_WORDS}
    no = {label_key(w) for w in OPEN_WORDS}
    known = known or {}
    recorded = {label_key(s): 1 for s in known.get("resolved", ())}
    recorded.update({label_key(s): 0 for s in known.get("open", ())})

    def rows_with(chosen) -> str:
        rows = np.zeros(len(values), dtype=bool)
        rows[~blank] = keys.isin(chosen).to_numpy()
        return offending_rows(rows, labels.index)

    meaning = {}
    if resolved_value is not None:
        target = label_key(resolved_value)
        if target not in distinct:
            raise CRMDataError(f"resolved_value={resolved_value!r} is not a label of column '{column}' of {name}; "
                               f"its labels are {shown}")
        meaning = {key: int(key == target) for key in distinct}
        against = [key for key in distinct if key != target and key in yes]
        if against:
            raise CRMDataError(f"column '{column}' of {name}: resolved_value={resolved_value!r} makes every other "
                               f"label mean not resolved, but {[written[k] for k in against]} (in "
                               f"{rows_with(against)}) reads as resolved; recode the column so one label means "
                               f"resolved")
    for key in distinct:
        if key in recorded:
            if key in meaning and meaning[key] != recorded[key]:
                raise CRMDataError(f"column '{column}' of {name}: resolved_value={resolved_value!r} makes "
                                   f"{written[key]!r} mean {'resolved' if meaning[key] else 'not resolved'}, but "
                                   f"earlier imports recorded it as {'resolved' if recorded[key] else 'not resolved'} "
                                   f"(resolved: {list(known.get('resolved', ()))}, open: "
                                   f"{list(known.get('open', ()))}); the meaning of a label is fixed at its first "
                                   f"import")
            meaning[key] = recorded[key]
        elif key not in meaning:
            if key in yes:
                meaning[key] = 1
            elif key in no:
                meaning[key] = 0
    unread = [key for key in distinct if key not in meaning]
    if unread:
        unclear = [written[k] for k in unread if k in {label_key(w) for w in _UNCLEAR_WORDS}]
        why = (f"; {unclear[0]!r} does not say whether the complaint was solved (a ticket is closed also when given "
               f"up): pass resolved_value={unclear[0]!r} if it means solved") if unclear else ""
        raise CRMDataError(
            f"cannot tell whether the complaints of column '{column}' of {name} were resolved: its labels are "
            f"{shown}, and {', '.join(repr(written[k]) for k in unread)} (in {rows_with(unread)}) is neither a "
            f"resolved word (1, yes, true, resolved, 已解决, 已处理, ...) nor an open one (0, no, false, open, "
            f"unresolved, 未解决, 未处理, ...){why}; pass resolved_value= with the label that means resolved, e.g. "
            f"resolved_value={written[unread[0]]!r} (blank cells are allowed: unknown)")
    return _coded_labels(values, labels, blank, keys, meaning, present, written, ("resolved", "open"))


def _coded_labels(values, labels, blank, keys, meaning, present, written, kinds) -> tuple[pd.Series, dict]:
    """The 1/0 codes of a two-label column (``<NA>`` for blanks) and the spellings read as each kind.

    ``kinds`` names what 1 and 0 mean (``("churned", "stayed")``, ``("resolved", "open")``); the
    spellings are recorded in the database so a later export cannot flip them.
    """
    codes = pd.Series(pd.array([pd.NA] * len(values), dtype="Int8"), index=labels.index)
    codes[~blank] = keys.map(meaning).to_numpy()
    forms = {value if isinstance(value, str) else written[key]: meaning[key]
             for value, key in zip(present.map(lambda v: v.strip() if isinstance(v, str) else v), keys)}
    return codes, {kinds[0]: sorted({str(f) for f, code in forms.items() if code == 1}),
                   kinds[1]: sorted({str(f) for f, code in forms.items() if code == 0})}


def _category_texts(values: pd.Series) -> pd.Series:
    """A text attribute (a complaint's category): stripped text, whole numbers without '.0', blanks missing."""
    def text(value):
        if isinstance(value, Number) and not isinstance(value, bool):
            number = float(value)
            return str(int(number)) if number.is_integer() else repr(number)
        stripped = str(value).strip()
        return stripped or None

    codes, uniques = pd.factorize(_as_objects(values))          # each distinct value read once; -1 where missing
    texts = np.asarray([text(v) for v in uniques] + [None], dtype=object)
    return pd.Series(texts[codes], index=values.index, dtype=object)


def read_complaints(source, *, customer_col: str = "customer_id", date_col: str = "date",
                    resolved_col: str | None = None, resolved_value=None, category_col: str | None = None,
                    days_to_resolve_col: str | None = None, resolved_date_col: str | None = None,
                    complaint_id_col: str | None = None, date_format=None, known_labels: dict | None = None,
                    decimal: str | None = None, encoding: str | None = None, sheet=None,
                    header_row: int | None = None, sep: str | None = None) -> pd.DataFrame:
    """Read a complaint log (one row per complaint) into the columns of the linked customer base.

    Parameters
    ----------
    customer_col, date_col : str
        Who complained (an id, text) and when (read one format per column,
        ``date_format``; a day-first column that could be month-first is an
        error asking for it).  Both are required in every row.
    resolved_col, resolved_value : optional
        Whether the complaint was resolved, read by :func:`resolved_codes`
        (word lists such as ``已解决``/``未解决``, ``yes``/``no``, ``1``/``0``,
        or ``resolved_value``); a blank cell is unknown and counted.
    category_col : str, optional
        What the complaint was about (text: delivery, quality, price ...).
    days_to_resolve_col : str, optional
        Days from the complaint to its resolution (a number, 0 or more).
    resolved_date_col : str, optional
        Instead of ``days_to_resolve_col``: the resolution date; the days are
        computed as ``(resolved date - date)`` in days (fractions with times of
        day).  A resolution before the complaint is an error naming the rows.
    complaint_id_col : str, optional
        The complaint (ticket) number, text; the database matches re-imports on it.
    date_format : str or dict, optional
        One format for both date columns, or ``{"date": ..., "resolved_date": ...}``
        (keys may also be the file's column names).
    known_labels : dict, optional
        The resolution labels recorded by earlier imports (see :func:`resolved_codes`).

    A column already named by a standard name (``complaint_id``, ``category``,
    ``resolved``, ``days_to_resolve``, ``resolved_date``) takes that role
    without being named.

    Resolution is made consistent with the schema: ``days_to_resolve`` is a
    resolved complaint's time to resolution, NaN when not resolved or unknown.

    * Without ``resolved_col``, a resolution date (or time) means resolved and
      a blank one not resolved (``attrs["resolved_from"]`` says so; the
      database prints it as a note).
    * With it, a blank label beside a resolution date or time means resolved
      (counted in ``attrs["n_resolved_inferred"]``); a complaint labelled not
      resolved but given a resolution *date* is an error naming the rows; one
      given a *time* (days open so far?) keeps its label and the time becomes
      NaN, counted in a :class:`DataExclusionWarning`.

    Returns
    -------
    DataFrame
        ``complaint_id`` (text, when given), ``customer_id`` (text), ``date``
        (datetime64), ``category`` (text or None), ``resolved`` (``Int8`` 1/0/NA),
        ``days_to_resolve`` (float), then every other column under its own
        name.  ``attrs``: ``source``, ``extra_columns``, ``resolved_labels``
        (spellings, with ``resolved_col``), ``n_resolved_unknown``,
        ``n_resolved_inferred``, ``resolved_from``, ``notes`` (sentences on
        how the file was read).

    A resolution date column that reads both day-first and month-first on
    its own (a few dates, each with a day of 12 or less) is read in the order
    of the complaint dates when those read one way only (said in
    ``attrs["notes"]``); otherwise it is an error asking for ``date_format``.

    Examples
    --------
    A GBK export with day-first dates and 已解决/未解决 labels:

    >>> read_complaints("投诉.csv", customer_col="客户编号", date_col="投诉日期", resolved_col="处理结果",  # doctest: +SKIP
    ...                 category_col="类别", resolved_date_col="解决日期", date_format="%d/%m/%Y")
    """
    name = "complaints"
    if resolved_value is not None and not resolved_col:
        raise CRMDataError(f"resolved_value={resolved_value!r} was given without resolved_col: name the column "
                           f"that says whether each complaint was resolved")
    if days_to_resolve_col and resolved_date_col:
        raise CRMDataError(f"give either days_to_resolve_col={days_to_resolve_col!r} or resolved_date_col="
                           f"{resolved_date_col!r}, not both: the days are computed from the resolution date")
    columns = {"customer_id": customer_col, "date": date_col, "resolved": resolved_col, "category": category_col,
               "days_to_resolve": days_to_resolve_col, "resolved_date": resolved_date_col,
               "complaint_id": complaint_id_col}
    frame, out, columns = _read_with_roles(source, columns, name, _reading_options(encoding, sheet, header_row, sep))
    for role in ("complaint_id", "category", "resolved", "days_to_resolve", "resolved_date"):
        # a column named by its standard name takes that role (resolved_date only without days_to_resolve)
        if role not in columns and role in frame.columns and role not in columns.values() and \
                not (role == "resolved_date" and "days_to_resolve" in columns) and \
                not (role == "days_to_resolve" and "resolved_date" in columns):
            columns[role] = role
    complaint_id_col, category_col, resolved_col = (columns.get(r) for r in ("complaint_id", "category", "resolved"))
    days_to_resolve_col, resolved_date_col = columns.get("days_to_resolve"), columns.get("resolved_date")
    if complaint_id_col:
        ids = parse_ids(frame[complaint_id_col], complaint_id_col, name=name, what="complaint id")
        out.insert(0, "complaint_id", ids.to_numpy())
    out["date"] = parse_dates(frame[date_col], date_col, date_format=_format_for(date_format, "date", date_col),
                              name=name).to_numpy()
    out["category"] = (_category_texts(frame[category_col]).to_numpy() if category_col
                       else np.full(len(frame), None, dtype=object))
    resolved = pd.Series(pd.array([pd.NA] * len(frame), dtype="Int8"), index=frame.index)
    spellings = None
    notes = []
    if resolved_col:
        resolved, spellings = resolved_codes(frame[resolved_col], resolved_col, resolved_value=resolved_value,
                                             known=known_labels, name=name)
    labelled = resolved.notna().to_numpy()
    is_open = labelled & (resolved.to_numpy(dtype=float, na_value=np.nan) == 0)
    days = np.full(len(frame), np.nan)
    timed = np.zeros(len(frame), dtype=bool)
    if resolved_date_col:
        done_format = _format_for(date_format, "resolved_date", resolved_date_col)
        try:
            done = parse_dates(frame[resolved_date_col], resolved_date_col, date_format=done_format, name=name,
                               allow_missing=True)
        except CRMDataError as exc:
            if done_format is not None or not _ambiguous(exc):
                raise
            done = _dates_like(frame[resolved_date_col], resolved_date_col, exc,
                               [(date_col, frame[date_col], out["date"])], name, notes)
        timed = done.notna().to_numpy()
        days = ((done - out["date"]).dt.total_seconds() / 86400).to_numpy(dtype=float)
        negative = timed & (days < 0)
        if negative.any():
            raise CRMDataError(f"column '{resolved_date_col}' (resolution date) of {name} is before '{date_col}' "
                               f"(complaint date) in {offending_rows(negative, frame.index)}: a complaint is "
                               f"resolved after it is made; is one of the date formats wrong? pass date_format=")
        contradicted = timed & is_open
        if contradicted.any():
            raise CRMDataError(f"complaints labelled not resolved in column '{resolved_col}' of {name} have a "
                               f"resolution date in '{resolved_date_col}', in "
                               f"{offending_rows(contradicted, frame.index)}: is the label or the date wrong?")
    elif days_to_resolve_col:
        given = parse_numbers(frame[days_to_resolve_col], days_to_resolve_col, decimal=decimal, name=name,
                              allow_missing=True)
        days = given.to_numpy(dtype=float)
        timed = ~np.isnan(days)
        negative = timed & (days < 0)
        if negative.any():
            raise CRMDataError(f"column '{days_to_resolve_col}' (days to resolve) of {name} is negative in "
                               f"{offending_rows(negative, frame.index)}, such as {days[negative][0]:g}: the time "
                               f"to resolve a complaint is 0 days or more")
        still_open = timed & is_open
        if still_open.any():
            warnings.warn(f"{int(still_open.sum())} of {len(frame)} complaints are labelled not resolved in "
                          f"'{resolved_col}' but have a time in '{days_to_resolve_col}' (days open so far?), in "
                          f"{offending_rows(still_open, frame.index)}: their days_to_resolve is stored as unknown "
                          f"(NaN), since an open complaint has no resolution time", DataExclusionWarning,
                          stacklevel=caller_stacklevel())
            days = np.where(still_open, np.nan, days)
            timed = timed & ~still_open
    resolved_from = None
    inferred = 0
    if not resolved_col and (resolved_date_col or days_to_resolve_col):
        resolved_from = (f"'{resolved_date_col}' (a resolution date)" if resolved_date_col
                         else f"'{days_to_resolve_col}' (a time to resolve)")
        resolved = pd.Series(pd.array(timed.astype("int8"), dtype="Int8"), index=frame.index)
    elif resolved_col:
        fill = ~labelled & timed
        inferred = int(fill.sum())
        if inferred:
            resolved = resolved.copy()
            resolved[fill] = 1
    out["resolved"] = resolved.array
    out["days_to_resolve"] = days
    extras = [c for c in frame.columns if c not in columns.values()]
    out = _add_extras(out, frame, extras)
    out.attrs.update(source=frame.attrs.get("source", "a DataFrame"), extra_columns=extras,
                     n_resolved_unknown=int(out["resolved"].isna().sum()), n_resolved_inferred=inferred,
                     resolved_from=resolved_from, notes=notes)
    if spellings is not None:
        out.attrs["resolved_labels"] = spellings
    return out
