"""Lists managers can use, and the one-page answer of a report whose data are missing.

Action lists
------------
A management report recommends people to contact: retention candidates, a
win-back list, detractors to call.  :func:`export_list` writes such a table as
two files a manager opens without Python, and shows a line with links to them::

    export_list(retention, "retention", lang, title=present.text("retention_list", lang))

writes ``<report>_retention.csv`` and ``<report>_retention.xlsx`` and displays
"**Retention list** – 15 rows: [CSV](...) · [Excel](...)".

* **CSV** is UTF-8 *with a byte-order mark* (``utf-8-sig``): without the BOM,
  Excel on Windows reads UTF-8 as the local code page and shows Chinese names
  as garbage.
* **Excel**: text stays text.  A customer id ``"000509"`` is written as a text
  cell (number format ``@``), so Excel neither drops its zeros nor turns a long
  id into ``5.09E+15``; a text that starts with ``=`` is stored as text, never
  as a formula.  Integers of 16 digits or more (beyond what Excel's doubles
  hold exactly) are written as text too.  Numbers, dates and booleans are
  real Excel values; missing values are empty cells.  (A CSV has no cell
  types: Excel's CSV import may still strip leading zeros, which is why both
  files are written.)
* The frame is written as given (its columns, in its order, with its labels);
  the index is included when it has a name (``customer_id``), dropped when it
  is an unnamed row number.

Where the files go: the report runner sets two environment variables for the
kernel, :data:`EXPORTS_ENV` (a scratch folder of the run) and
:data:`REPORT_NAME_ENV` (the report's file name, e.g. ``30_mgmt_customer_value``).
When the run succeeds it moves the files beside the HTML, where the page's
relative links find them, and ``index.html`` links them too; a failed run
leaves none.  Interactively (JupyterLab, no runner), the files go to
``exports/`` under the current directory and the link text says so.

Missing data
------------
A report on a database without survey answers cannot show satisfaction.
Instead of a traceback, the notebook calls::

    needs_data(present.text("needs_survey", lang), "crm-analysis import survey FILE --store DB --scale 1 7", lang)

which displays a short page ("This report needs survey answers. Import them
with: ...") and raises :class:`ReportNeedsData`.  The runner recognises that
exception, renders the page without the traceback as a normal (short) report,
and the build goes on with the next report.
"""
from __future__ import annotations

import json
import math
import os
import re
import tempfile
from pathlib import Path
from urllib.parse import quote

from .catalogue import text

__all__ = ["export_list", "needs_data", "ReportNeedsData", "EXPORTS_ENV", "REPORT_NAME_ENV", "LISTS_RECORD",
           "NEEDS_DATA_RECORD"]

#: the folder where export_list writes during a report run (set by the runner)
EXPORTS_ENV = "CRM_ANALYSIS_REPORT_EXPORTS"
#: the report's output name, the prefix of every exported file (set by the runner)
REPORT_NAME_ENV = "CRM_ANALYSIS_REPORT_NAME"
#: file in the exports folder recording every list written (name, title, rows, files), read by the runner
LISTS_RECORD = "lists.json"
#: file in the exports folder with the needs-data page's two texts (what, how), read by the runner
NEEDS_DATA_RECORD = "needs_data.json"
#: folder used when no runner set EXPORTS_ENV (interactive sessions), relative to the current directory
INTERACTIVE_DIR = "exports"

_LIST_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
#: Excel stores numbers as doubles: integers beyond 15 digits lose their last digits
_EXCEL_EXACT_DIGITS = 15

def _text(key: str, lang: str, **fields) -> str:
    return text(key, lang, **fields)


# ----------------------------------------------------------------------------------------------- lists
def export_list(frame, name: str, lang: str = "en", *, title: str | None = None):
    """Write ``frame`` as ``<report>_<name>.csv`` and ``.xlsx``; return a Markdown line linking both.

    Parameters
    ----------
    frame : pandas.DataFrame or Series
        The list as the manager should see it (already labelled, in the
        report's language).  It is not modified.
    name : str
        The list's name in file names: letters, digits, ``_`` and ``-``
        (``"retention"``, ``"win_back"``).
    lang : {"en", "zh"}
        Language of the returned line.
    title : str, optional
        What the line calls the list (default: ``name``).

    Returns
    -------
    IPython.display.Markdown
        ``**title** – N rows: [CSV](href) · [Excel](href)`` with hrefs relative
        to the report page (to ``exports/`` in an interactive session, where a
        sentence names the folder).

    Raises
    ------
    CRMDataError
        A name that is not a plain file-name word, or an index name that is
        also a column name (the file would have two columns of that name).
    """
    import pandas as pd
    from IPython.display import Markdown

    from ..exceptions import CRMDataError

    if not isinstance(name, str) or not _LIST_NAME.fullmatch(name):
        raise CRMDataError(f"list name {name!r} must be 1-64 letters, digits, '_' or '-' (it becomes a file name), "
                           f"e.g. 'retention' or 'win_back'")
    if isinstance(frame, pd.Series):
        frame = frame.to_frame()
    if not isinstance(frame, pd.DataFrame):
        raise CRMDataError(f"export_list needs a pandas DataFrame, got {type(frame).__name__}")
    table = _as_written(frame)
    scratch = os.environ.get(EXPORTS_ENV)
    folder = Path(scratch) if scratch else Path.cwd() / INTERACTIVE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    report = os.environ.get(REPORT_NAME_ENV) or "report"
    stem = f"{report}_{name}"
    csv_path, xlsx_path = folder / f"{stem}.csv", folder / f"{stem}.xlsx"
    _replace_into(csv_path, lambda tmp: table.to_csv(tmp, index=False, encoding="utf-8-sig"))
    _replace_into(xlsx_path, lambda tmp: _write_xlsx(table, tmp, sheet=title or name))
    n = len(table)
    rows = _text("export_rows_one", lang) if n == 1 else _text("export_rows", lang, n=f"{n:,}")
    prefix = "" if scratch else f"{INTERACTIVE_DIR}/"
    line = _text("export_line", lang, title=_escape_markdown(title or name), rows=rows,
                 csv=quote(prefix + csv_path.name), xlsx=quote(prefix + xlsx_path.name))
    if not scratch:
        line += "\n\n" + _text("export_where", lang, folder=f"{INTERACTIVE_DIR}/")
    _record(folder, {"name": name, "title": title or name, "rows": n, "files": [csv_path.name, xlsx_path.name]})
    return Markdown(line)


def _as_written(frame):
    """The table as the files show it: a named index becomes leading column(s); columns as text labels."""
    import pandas as pd

    from ..exceptions import CRMDataError

    table = frame
    if any(level is not None for level in frame.index.names):
        clash = [str(level) for level in frame.index.names if level is not None and level in frame.columns]
        if clash:
            raise CRMDataError(f"export_list: the index {clash} is also a column of the list; drop one of them "
                               f"or rename the index")
        table = frame.reset_index()
    else:
        table = frame.reset_index(drop=True)
    if isinstance(table.columns, pd.MultiIndex):
        labels = [" / ".join(str(part) for part in column if str(part) != "") for column in table.columns]
    else:
        labels = [str(column) for column in table.columns]
    table = table.copy(deep=False)
    table.columns = labels
    return table


def _replace_into(target: Path, write) -> None:
    """Run ``write(temporary_path)`` and rename the result to ``target`` (never half a file)."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=target.suffix)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_xlsx(table, path, *, sheet: str) -> None:
    """One sheet, a bold frozen header, text as text cells (see the module docstring)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    ws = book.create_sheet(title=_sheet_title(sheet))
    ws.freeze_panes = "A2"
    columns = [_column_cells(table.iloc[:, i]) for i in range(table.shape[1])]
    for i, (label, (cells, date_only)) in enumerate(zip(table.columns, columns), start=1):
        width = max([len(label), *(len(str(v)) for v in cells[:200] if v is not None)] or [8])
        ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)
    header = []
    for label in table.columns:
        cell = WriteOnlyCell(ws, value=label)
        _as_text(cell)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    for r in range(len(table)):
        row = []
        for cells, date_only in columns:
            value = cells[r]
            cell = WriteOnlyCell(ws, value=value)
            if isinstance(value, str):
                _as_text(cell)
            elif date_only and value is not None:
                cell.number_format = "yyyy-mm-dd"
            row.append(cell)
        ws.append(row)
    book.save(path)


def _as_text(cell) -> None:
    cell.data_type = "s"  # also for "=..." (openpyxl would store a formula)
    cell.number_format = "@"


def _sheet_title(title: str) -> str:
    """Excel sheet names: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = re.sub(r"\s+", " ", re.sub(r"[\[\]:*?/\\]", " ", str(title))).strip() or "list"
    if len(cleaned) <= 31:
        return cleaned
    cut = cleaned[:31]
    return (cut.rsplit(" ", 1)[0] if " " in cut[10:] else cut).strip()  # whole words, never "... custome"


def _column_cells(column) -> tuple[list, bool]:
    """Python values for Excel cells of one column, and whether it holds dates without a time of day."""
    import numpy as np
    import pandas as pd

    if isinstance(column.dtype, pd.DatetimeTZDtype):
        column = column.dt.tz_localize(None)  # Excel has no time zones: the local wall time is kept
    date_only = False
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        present = column.dropna()
        date_only = bool(len(present)) and bool((present == present.dt.normalize()).all())
    values = []
    for value in column.tolist():
        values.append(_cell_value(value, np, pd))
    return values, date_only


def _cell_value(value, np, pd):
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        value = int(value)
        return str(value) if len(str(abs(value))) > _EXCEL_EXACT_DIGITS else value
    if isinstance(value, (float, np.floating)):
        if math.isnan(value):
            return None
        return float(value) if math.isfinite(value) else str(value)
    if isinstance(value, pd.Timestamp):
        return value.tz_localize(None).to_pydatetime() if value.tzinfo else value.to_pydatetime()
    if isinstance(value, str):
        return value
    import datetime as dt

    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return value
    return str(value)


def _escape_markdown(text: str) -> str:
    return re.sub(r"([\\`*_\[\]])", r"\\\1", str(text))


def _record(folder: Path, entry: dict) -> None:
    """Add (or replace) ``entry`` in the folder's list record, which the runner reads after the run."""
    path = folder / LISTS_RECORD
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        entries = []
    entries = [e for e in entries if e.get("name") != entry["name"]] + [entry]
    _replace_into(path, lambda tmp: Path(tmp).write_text(json.dumps(entries, ensure_ascii=False, indent=1),
                                                         encoding="utf-8"))


# ------------------------------------------------------------------------------------------- missing data
class ReportNeedsData(Exception):
    """A report's data are not in the database; the page says what to import and how.

    Raised by :func:`needs_data` after it displayed that page.  The report
    runner renders such a run as a normal short report (the page, without
    this exception's traceback) and goes on with the next report.
    ``what`` and ``how`` are the two texts of the page.
    """

    def __init__(self, what: str, how: str, lang: str = "en"):
        # one language per line: ``what`` is in the page's language, so the sentence around it is too
        super().__init__(f"{_text('needs_data_body', lang, what=what)} {how.strip()}")
        self.what = what
        self.how = how


def needs_data(what: str, how: str, lang: str = "en", *, how_intro: str | None = None):
    """Show "This report needs ``what``. Import it with: ``how``" and raise :class:`ReportNeedsData`.

    Parameters
    ----------
    what : str
        The missing data in the report's language, as it reads after "needs"
        ("survey answers", "customers with a churn label").
    how : str
        The command (or steps) that import them, shown as code, e.g.
        ``crm-analysis import survey answers.xlsx --store shop.duckdb --scale 1 7``.
    lang : {"en", "zh"}
    how_intro : str, optional
        The sentence before ``how`` when the remedy is not an import (default:
        "This report needs <what>. Import it with:").

    The call never returns: cells after it do not run, and the runner ends the
    page there (so the cell calling it should be the first that needs the data).
    """
    from IPython.display import Markdown, display

    from ..provenance import report_footer

    page = "\n\n".join([f"### {_text('needs_data_title', lang)}",
                        how_intro or _text("needs_data_body", lang, what=what),
                        "```\n" + how.strip() + "\n```",
                        _text("needs_data_after", lang)])
    display(Markdown(page))
    display(report_footer(lang))  # the page ends like every report: what it was made from
    scratch = os.environ.get(EXPORTS_ENV)
    if scratch:  # tell the runner (index.html and the command line show what is missing)
        folder = Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        _replace_into(folder / NEEDS_DATA_RECORD, lambda tmp: Path(tmp).write_text(
            json.dumps({"what": what, "how": how}, ensure_ascii=False), encoding="utf-8"))
    raise ReportNeedsData(what, how, lang)
