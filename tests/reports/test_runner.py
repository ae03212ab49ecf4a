"""Report runner: parameter checks, atomic writes, audiences, languages, provenance, CLI."""
import hashlib
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from crm_analysis.cli import main
from crm_analysis.config import DATA_DIR
from crm_analysis.exceptions import CRMDataError
from crm_analysis.reports import ReportError, run_report
from crm_analysis.reports.render import audience_of


def _notebook(path, body="print('body ran')", extra_markdown=True):
    params = new_code_cell('n: int = 3  # how many\nlang: str = "en"  # report language')
    params.metadata["tags"] = ["parameters"]
    en = new_markdown_cell("Hello in English")
    en.metadata["lang"] = "en"
    zh = new_markdown_cell("中文问候")
    zh.metadata["lang"] = "zh"
    cells = [params, *( [en, zh] if extra_markdown else []),
             new_code_cell("import warnings\nwarnings.warn('noisy warning')\nprint('n is', n)"),
             new_code_cell(body),
             new_code_cell("from crm_analysis.datasets import load_donations\nfrom crm_analysis.reports import report_footer\n"
                           "d = load_donations()\nreport_footer(lang)")]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def test_unknown_parameter_is_an_error(tmp_path):
    nb = _notebook(tmp_path / "01_teach_demo.ipynb")
    with pytest.raises(CRMDataError, match=r"no parameter\(s\) \['m'\].*declares \['lang', 'n'\]"):
        run_report(nb, {"m": 1}, tmp_path / "out")


def test_teaching_report_keeps_code_and_ends_with_provenance(tmp_path):
    nb = _notebook(tmp_path / "01_teach_demo.ipynb")
    html = run_report(nb, {"n": 7}, tmp_path / "out").read_text(encoding="utf-8")
    assert "n is 7" in html and "noisy warning" in html  # the teaching page keeps the warning (as a note)
    assert "Hello in English" in html and "中文问候" not in html
    sha = hashlib.sha256((DATA_DIR / "donations.csv").read_bytes()).hexdigest()
    assert sha in html and "crm_analysis 0.1.0" in html and "n = 7" in html
    assert html.rindex("Provenance") > html.rindex("n is 7")
    assert "<title>01_teach_demo</title>" in html        # not in the manifest: the page is titled by its name


def test_management_report_hides_code_parameters_and_warnings(tmp_path):
    nb = _notebook(tmp_path / "02_mgmt_demo.ipynb")
    html = run_report(nb, {"n": 5}, tmp_path / "out", lang="zh").read_text(encoding="utf-8")
    assert "n is 5" in html
    assert "noisy warning" not in html and "warnings.warn" not in html and "how many" not in html
    assert "中文问候" in html and "Hello in English" not in html
    assert "数据来源与运行信息" in html and '<html lang="zh">' in html


def test_failed_run_leaves_no_report_and_names_the_cell(tmp_path):
    nb = _notebook(tmp_path / "03_research_broken.ipynb", body="1 / 0")
    out = tmp_path / "out"
    with pytest.raises(ReportError, match=r"03_research_broken.ipynb failed in cell \d+.*ZeroDivisionError"):
        run_report(nb, {}, out)
    assert list(out.glob("*")) == []


def test_audience_from_name():
    assert audience_of("30_mgmt_customer_value") == "mgmt"
    with pytest.raises(ValueError, match="NN_"):
        audience_of("customer_value")


def test_cli_run_with_parameter(tmp_path, capsys):
    nb = _notebook(tmp_path / "04_teach_cli.ipynb")
    assert main(["run", str(nb), "-p", "n", "11", "--output-dir", str(tmp_path / "out")]) == 0
    assert "n is 11" in (tmp_path / "out" / "04_teach_cli.html").read_text(encoding="utf-8")
    assert main(["run", str(nb), "-p", "zzz", "1", "--output-dir", str(tmp_path / "out")]) == 1
    assert "no parameter(s) ['zzz']" in capsys.readouterr().err


# ---------------------------------------------------------------- parameter types (issue 9, item 6)
import datetime
import os
import signal
import threading

import papermill

from crm_analysis.reports import runner
from crm_analysis.reports.interrupt import RunInterrupted, interruptible
from crm_analysis.reports.parameters import YamlText, cli_value, coerce_parameters, notebook_parameters

_TYPED = '''from typing import Optional
when: str = "1997-09-30"  # a date written as text
n: int = 3
rate: float = 0.5
flag: bool = True
label: str | None = None
limit: Optional[int] = None
models: list[str] = ["logistic"]
plain = 7  # unannotated: the default's type
lang: str = "en"'''


def _typed_notebook(path, body="print('body ran')"):
    params = new_code_cell(_TYPED)
    params.metadata["tags"] = ["parameters"]
    show = "print('|'.join(f'{k}={v!r}:{type(v).__name__}' for k, v in " \
           "dict(when=when, n=n, rate=rate, flag=flag, label=label, limit=limit, models=models, plain=plain).items()))"
    nb = new_notebook(cells=[params, new_code_cell(show), new_code_cell(body)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def test_values_reach_the_kernel_as_the_declared_types(tmp_path):
    nb = _typed_notebook(tmp_path / "05_teach_typed.ipynb")
    html = run_report(nb, {"when": datetime.date(1997, 12, 31), "n": "11", "rate": 2, "flag": "No",
                           "label": cli_value("null"), "limit": cli_value("010"), "models": ["a", "b"],
                           "plain": cli_value("8")}, tmp_path / "out").read_text(encoding="utf-8")
    import html as html_lib

    shown = html_lib.unescape(html)
    assert ("when='1997-12-31':str|n=11:int|rate=2.0:float|flag=False:bool|label=None:NoneType|"
            "limit=10:int|models=['a', 'b']:list|plain=8:int") in shown
    assert not list(tmp_path.glob("kernel-ipc-*")), "kernel sockets belong in the run's scratch folder"


@pytest.mark.parametrize("name, value, expected", [
    ("when", YamlText("1997-12-31"), "1997-12-31"),
    ("when", datetime.datetime(1997, 12, 31, 8, 30), "1997-12-31 08:30:00"),
    ("n", YamlText("010"), 10),  # decimal, never YAML 1.1's octal 8
    ("n", YamlText("-2"), -2),
    ("rate", YamlText("1e-3"), 0.001),
    ("rate", 2, 2.0),
    ("flag", YamlText("YES"), True),
    ("flag", YamlText("off"), False),
    ("flag", YamlText("False"), False),
    ("label", YamlText("~"), None),
    ("label", YamlText("None"), None),
    ("label", YamlText("north"), "north"),
    ("limit", None, None),
    ("limit", YamlText("4"), 4),
    ("models", cli_value("[logistic, random_forest]"), ["logistic", "random_forest"]),
    ("plain", YamlText("9"), 9),
])
def test_values_are_converted_to_the_declared_type(tmp_path, name, value, expected):
    declared = notebook_parameters(_typed_notebook(tmp_path / "05_teach_typed.ipynb"))
    result = coerce_parameters("05_teach_typed.ipynb", declared, {name: value})[name]
    assert result == expected and type(result) is type(expected)


def test_declarations_are_read_from_the_parameters_cell(tmp_path):
    declared = notebook_parameters(_typed_notebook(tmp_path / "05_teach_typed.ipynb"))
    assert {k: v.type_name for k, v in declared.items()} == {
        "when": "str", "n": "int", "rate": "float", "flag": "bool", "label": "str | None",
        "limit": "Optional[int]", "models": "list[str]", "plain": "int", "lang": "str"}
    assert declared["when"].default == "1997-09-30" and declared["label"].default is None


@pytest.mark.parametrize("name, value, declared_as", [
    ("n", "1.5", "int"), ("n", "abc", "int"), ("n", True, "int"), ("n", 2.0, "int"),
    ("flag", "maybe", "bool"), ("flag", 1, "bool"),
    ("rate", "abc", "float"), ("rate", "nan", "float"), ("rate", float("inf"), "float"),
    ("when", 19971231, "str"), ("limit", "many", "Optional[int]"), ("models", "logistic", "list[str]"),
    ("label", 3, "str | None"),
])
def test_a_value_of_the_wrong_type_is_an_error_before_anything_runs(tmp_path, monkeypatch, name, value, declared_as):
    nb = _typed_notebook(tmp_path / "05_teach_typed.ipynb")
    monkeypatch.setattr(runner, "_execute", _must_not_run)
    shown = repr(value)
    with pytest.raises(CRMDataError) as caught:
        run_report(nb, {name: value}, tmp_path / "out")
    message = str(caught.value)
    assert message.startswith(f"notebook 05_teach_typed.ipynb: parameter {name!r} is declared {declared_as}, "
                              f"got {shown}")
    assert not (tmp_path / "out").exists()


def test_lang_parameter_that_contradicts_the_report_language_is_an_error(tmp_path):
    nb = _typed_notebook(tmp_path / "05_teach_typed.ipynb")
    with pytest.raises(CRMDataError, match="parameter 'lang' is 'zh' but the report language is 'en'"):
        run_report(nb, {"lang": "zh"}, tmp_path / "out")


def _must_not_run(*args, **kwargs):
    raise AssertionError("a notebook ran although the run should have failed before")


# ---------------------------------------------------------------- names and output directory
def test_misspelled_notebook_in_params_lists_the_available_ones(tmp_path, monkeypatch):
    from crm_analysis.reports import build_reports

    monkeypatch.setattr(runner, "_execute", _must_not_run)
    with pytest.raises(CRMDataError, match=r"--params \(params=\): no report named \['00_teach_gettingstarted'\]; "
                                           r"available: \['00_teach_getting_started', '10_teach_customer_value'"):
        build_reports(params={"00_teach_gettingstarted": {"sample": True}}, output_dir=tmp_path, progress=False)
    with pytest.raises(CRMDataError, match=r"--only \(only=\): no report named \['99_teach_nothing'\]; available"):
        build_reports(only=["99_teach_nothing"], output_dir=tmp_path, progress=False)
    assert list(tmp_path.iterdir()) == []


def test_a_bad_value_for_a_later_notebook_fails_before_the_first_runs(tmp_path, monkeypatch):
    from crm_analysis.reports import build_reports

    monkeypatch.setattr(runner, "_execute", _must_not_run)
    # the last notebook of the build that declares a whole-number parameter
    last, name = next((e["notebook"], n) for e in reversed(runner.load_manifest())
                      for n, spec in notebook_parameters(runner.resolve_notebook(e["notebook"])).items()
                      if spec.type_name == "int")
    with pytest.raises(CRMDataError, match=f"{last}.ipynb: parameter '{name}' is declared int"):
        build_reports(params={last: {name: "lots"}}, output_dir=tmp_path / "out", progress=False)
    assert not (tmp_path / "out").exists()


def test_output_directory_that_is_a_file_fails_before_the_notebook_runs(tmp_path, monkeypatch):
    nb = _notebook(tmp_path / "01_teach_demo.ipynb")
    monkeypatch.setattr(runner, "_execute", _must_not_run)
    a_file = tmp_path / "report.html"
    a_file.write_text("not a directory")
    with pytest.raises(CRMDataError, match=r"output directory .*report\.html is a file, not a directory"):
        run_report(nb, {}, a_file)
    with pytest.raises(CRMDataError, match=r"cannot be created: .*report\.html is a file"):
        run_report(nb, {}, a_file / "sub" / "dir")
    assert a_file.read_text() == "not a directory"


def test_unwritable_output_directory_fails_before_the_notebook_runs(tmp_path, monkeypatch):
    nb = _notebook(tmp_path / "01_teach_demo.ipynb")
    monkeypatch.setattr(runner, "_execute", _must_not_run)
    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == locked else real_access(p, mode, **kw))
    with pytest.raises(CRMDataError, match=r"output directory .*locked is not writable; choose another"):
        run_report(nb, {}, locked)


def test_probe_write_failure_is_reported(tmp_path, monkeypatch):
    """A directory os.access calls writable but where files cannot be created (read-only mount, quota)."""
    import tempfile

    from crm_analysis.reports.output import prepare_output_dir

    real_mkstemp = tempfile.mkstemp

    def refuse(*args, dir=None, **kwargs):
        if dir is not None and Path(dir) == tmp_path / "ro":
            raise OSError(30, "Read-only file system")
        return real_mkstemp(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(CRMDataError, match=r"ro is not writable \(Read-only file system\)"):
        prepare_output_dir(tmp_path / "ro")


# ---------------------------------------------------------------- interruptions
def _scratch_dirs(root):
    return sorted(p.name for p in Path(root).iterdir())


def test_interrupt_in_the_execution_step_leaves_no_report_and_no_temporary_files(tmp_path, monkeypatch):
    import tempfile

    nb = _notebook(tmp_path / "01_teach_demo.ipynb")
    system_tmp = tmp_path / "tmp"
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))

    def interrupted(input_path, output_path, **kwargs):
        Path(output_path).write_text("half an executed notebook")  # what papermill writes as it goes
        (Path(output_path).parent / "kernel.json").write_text("{}")
        raise KeyboardInterrupt

    monkeypatch.setattr(papermill, "execute_notebook", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_report(nb, {}, tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []
    assert _scratch_dirs(system_tmp) == []


def test_ctrl_c_while_waiting_stops_the_run_and_cleans_up(tmp_path, monkeypatch):
    """Ctrl-C reaches the main thread while the worker runs the notebook: the worker is stopped, files go."""
    import _thread
    import tempfile

    nb = _notebook(tmp_path / "01_teach_demo.ipynb")
    system_tmp = tmp_path / "tmp"
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    # Ctrl-C as a fresh process gets it: an earlier test of this process may have left another SIGINT handler
    print("SIGINT handler before the test:", signal.getsignal(signal.SIGINT))
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    finished = threading.Event()
    stopped = []

    def slow(input_path, output_path, kernel_manager_class=None, **kwargs):
        Path(output_path).write_text("partial")
        _thread.interrupt_main()  # what Ctrl-C does
        for _ in range(2000):  # a running cell; the kernel's death ends it (up to 20 s: a loaded machine is slow)
            if stopped:
                break
            threading.Event().wait(0.01)
        finished.set()
        raise RuntimeError("Kernel died")

    monkeypatch.setattr(papermill, "execute_notebook", slow)
    monkeypatch.setattr(runner._KernelRun, "stop", lambda self: stopped.append(True))
    try:
        with pytest.raises(KeyboardInterrupt):
            run_report(nb, {}, tmp_path / "out")
    finally:
        signal.signal(signal.SIGINT, previous)
    assert stopped == [True] and finished.is_set()
    assert list((tmp_path / "out").iterdir()) == []
    assert _scratch_dirs(system_tmp) == []


def test_sigterm_handler_is_installed_during_a_run_and_restored_after():
    before = signal.getsignal(signal.SIGTERM)
    with interruptible():
        handler = signal.getsignal(signal.SIGTERM)
        assert handler is not before
        with pytest.raises(RunInterrupted) as caught:
            handler(signal.SIGTERM, None)
        assert caught.value.signum == signal.SIGTERM and isinstance(caught.value, KeyboardInterrupt)
    assert signal.getsignal(signal.SIGTERM) is before


# ---------------------------------------------------------------- your own data, lists, needs-data pages (issue 10)
import json

import openpyxl

from crm_analysis.reports import build_reports
from crm_analysis.reports.output import read_record, record_path
from crm_analysis.store import CustomerStore

_LISTS_BODY = '''import os
import pandas as pd
from crm_analysis.present.exports import export_list
print("exports in", os.path.basename(os.environ["CRM_ANALYSIS_REPORT_EXPORTS"]),
      "under", os.path.basename(os.path.dirname(os.environ["CRM_ANALYSIS_REPORT_EXPORTS"]))[:11],
      "for", os.environ["CRM_ANALYSIS_REPORT_NAME"])
frame = pd.DataFrame({"name": ["张三", "Li"], "value": [120.5, 80.0]},
                     index=pd.Index(["000509", "12"], name="customer_id")).head(rows)
display(export_list(frame, "retention", lang, title="Retention list"))'''


def _store_notebook(path, body="print('body ran')", declares_store=True):
    """A report notebook: parameters (store, rows, lang), a cell showing the store, ``body``, the footer."""
    params = new_code_cell(('store: str = ""  # the customer database; "" = the demo\n' if declares_store else "")
                           + 'rows: int = 2\nlang: str = "en"')
    params.metadata["tags"] = ["parameters"]
    show = ("from crm_analysis.store import open_report_store\n"
            "print('store is', repr(store))\n"
            "if store:\n    open_report_store(store, demo='cdnow').close()") if declares_store else "print('no store')"
    cells = [params, new_markdown_cell("Intro of the report"), new_code_cell(show), new_code_cell(body),
             new_code_cell("print('after the body')"),
             new_code_cell("from crm_analysis.reports import report_footer\nreport_footer(lang)")]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.fixture
def shop(tmp_path):
    """A customer database of a foreign business (created with the store's own API)."""
    path = tmp_path / "tea house.duckdb"
    CustomerStore.create(path, name="Tea House Ltd", currency="EUR").close()
    return path


def test_store_reaches_the_notebook_as_an_absolute_path_and_its_sha_is_in_the_footer(tmp_path, shop, monkeypatch,
                                                                                     caplog):
    monkeypatch.chdir(tmp_path)
    caplog.set_level("WARNING")
    nb = _store_notebook(tmp_path / "40_mgmt_store.ipynb")
    html = run_report(nb, {}, tmp_path / "out", store="tea house.duckdb").read_text(encoding="utf-8")
    import html as html_lib

    text = html_lib.unescape(html)
    assert f"store is '{shop.resolve()}'" in text
    assert hashlib.sha256(shop.read_bytes()).hexdigest() in html  # the database is an input of the report
    assert f"store = '{shop.resolve()}'" in text  # and a parameter of the run
    assert [r.getMessage() for r in caplog.records if r.name.startswith("papermill")] == []  # '=' in the comment


def test_a_notebook_without_a_store_parameter_renders_as_before(tmp_path, shop):
    nb = _store_notebook(tmp_path / "41_research_bundled.ipynb", declares_store=False)
    html = run_report(nb, {}, tmp_path / "out", store=shop).read_text(encoding="utf-8")
    assert "no store" in html and "store =" not in html


@pytest.mark.parametrize("make, message", [
    (lambda p: None, r"no customer database at .*missing\.duckdb: create one with crm-analysis init"),
    (lambda p: p.write_text("customer_id,amount\n1,2\n"), r"missing\.duckdb is not a customer database"),
    (lambda p: p.mkdir(), r"missing\.duckdb is a folder; give the database file"),
])
def test_a_store_that_is_not_a_customer_database_fails_before_anything_runs(tmp_path, monkeypatch, make, message):
    nb = _store_notebook(tmp_path / "40_mgmt_store.ipynb")
    monkeypatch.setattr(runner, "_execute", _must_not_run)
    bad = tmp_path / "missing.duckdb"
    make(bad)
    with pytest.raises(CRMDataError, match=message):
        run_report(nb, {}, tmp_path / "out", store=bad)
    with pytest.raises(CRMDataError, match=message):  # also when given as the parameter itself
        run_report(nb, {"store": str(bad)}, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_an_empty_duckdb_file_is_not_a_customer_database(tmp_path, monkeypatch):
    import duckdb

    nb = _store_notebook(tmp_path / "40_mgmt_store.ipynb")
    monkeypatch.setattr(runner, "_execute", _must_not_run)
    duckdb.connect(str(tmp_path / "other.duckdb")).execute("CREATE TABLE sales (x INT)").close()
    with pytest.raises(CRMDataError, match=r"other\.duckdb is a DuckDB database of another application"):
        run_report(nb, {}, tmp_path / "out", store=tmp_path / "other.duckdb")


@pytest.fixture(scope="module")
def lists_render(tmp_path_factory):
    """A report with a list, rendered once into an empty folder: ``(folder, page)``.  Read it, never change it
    (a test that renders over it works on a copy)."""
    folder = tmp_path_factory.mktemp("lists")
    nb = _store_notebook(folder / "42_mgmt_lists.ipynb", body=_LISTS_BODY)
    out = folder / "out"
    return out, run_report(nb, {}, out)


def test_lists_go_beside_the_report_linked_from_the_page(lists_render):
    out, report = lists_render
    html = report.read_text(encoding="utf-8")
    assert "exports in exports under crm-report- for 42_mgmt_lists" in html
    assert "href=\"42_mgmt_lists_retention.csv\"" in html and "href=\"42_mgmt_lists_retention.xlsx\"" in html
    assert "2 rows" in html
    assert sorted(p.name for p in out.iterdir()) == [".42_mgmt_lists.report.json", "42_mgmt_lists.html",
                                                     "42_mgmt_lists_retention.csv", "42_mgmt_lists_retention.xlsx"]
    assert (out / "42_mgmt_lists_retention.csv").read_bytes().startswith(b"\xef\xbb\xbfcustomer_id,name,value\n000509,")
    ws = openpyxl.load_workbook(out / "42_mgmt_lists_retention.xlsx").active
    assert ws["A2"].value == "000509" and ws["A2"].data_type == "s" and ws["C2"].value == 120.5
    assert read_record(report) == {"needs_data": None, "lists": [
        {"name": "retention", "title": "Retention list", "rows": 2,
         "files": ["42_mgmt_lists_retention.csv", "42_mgmt_lists_retention.xlsx"]}]}


def test_a_failed_run_leaves_no_lists_and_an_earlier_render_untouched(tmp_path):
    out = tmp_path / "out"
    good = _store_notebook(tmp_path / "42_mgmt_lists.ipynb", body=_LISTS_BODY)
    run_report(good, {"rows": 1}, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    broken = _store_notebook(tmp_path / "42_mgmt_lists.ipynb", body=_LISTS_BODY + "\n1 / 0")
    with pytest.raises(ReportError, match="ZeroDivisionError"):
        run_report(broken, {}, out)  # it exported a 2-row list before failing
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    fresh = tmp_path / "fresh"
    with pytest.raises(ReportError):
        run_report(broken, {}, fresh)
    assert list(fresh.iterdir()) == []


def test_a_failure_while_putting_files_in_place_leaves_no_lists(tmp_path, monkeypatch):
    nb = _store_notebook(tmp_path / "42_mgmt_lists.ipynb", body=_LISTS_BODY)
    out = tmp_path / "out"
    real_replace = os.replace

    def full_disk_at_the_page(src, dst):
        if str(dst).endswith(".html"):
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", full_disk_at_the_page)
    with pytest.raises(OSError, match="No space left"):
        run_report(nb, {}, out)
    assert list(out.iterdir()) == []


def test_a_new_render_without_a_list_removes_the_old_list(tmp_path, lists_render):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(lists_render[0], out)  # an earlier render with its list (and the record naming the list files)
    assert sorted(p.name for p in out.iterdir()) == [".42_mgmt_lists.report.json", "42_mgmt_lists.html",
                                                     "42_mgmt_lists_retention.csv", "42_mgmt_lists_retention.xlsx"]
    run_report(_store_notebook(tmp_path / "42_mgmt_lists.ipynb"), {}, out)
    assert sorted(p.name for p in out.iterdir()) == ["42_mgmt_lists.html"]
    assert not record_path(out / "42_mgmt_lists.html").exists()


_NEEDS_BODY = '''from crm_analysis.present.exports import needs_data
print("checking the survey")
needs_data("survey answers", "crm-analysis import survey FILE --store DB --scale 1 7", lang)'''


@pytest.mark.parametrize("name", ["43_mgmt_needs", "43_teach_needs"])
def test_a_report_whose_data_are_missing_is_a_short_page_without_traceback(tmp_path, name):
    report = run_report(_store_notebook(tmp_path / f"{name}.ipynb", body=_NEEDS_BODY), {}, tmp_path / "out")
    html = report.read_text(encoding="utf-8")
    assert "This report needs survey answers. Import it with:" in html
    assert "crm-analysis import survey FILE --store DB --scale 1 7" in html
    assert "Intro of the report" in html and "checking the survey" in html  # what ran before stays
    assert "after the body" not in html  # cells after the page never ran and are not shown
    for trace in ("Traceback", "ReportNeedsData", "An Exception was encountered", "papermill-error"):
        assert trace not in html
    import re

    assert len(re.findall(r"class=[\"']crm-provenance[\"']", html)) == 1  # the page ends with what it was made from
    assert read_record(report)["needs_data"] == {
        "what": "survey answers", "how": "crm-analysis import survey FILE --store DB --scale 1 7",
        "message": "This report needs survey answers. Import it with: crm-analysis import survey FILE "
                   "--store DB --scale 1 7"}


def test_build_goes_on_after_a_needs_data_page_and_the_index_shows_lists_and_needs(tmp_path, shop, monkeypatch):
    notebooks = tmp_path / "nb"
    notebooks.mkdir()
    _store_notebook(notebooks / "50_mgmt_needs.ipynb", body=_NEEDS_BODY)
    _store_notebook(notebooks / "51_mgmt_lists.ipynb", body=_LISTS_BODY)
    _store_notebook(notebooks / "52_research_bundled.ipynb", declares_store=False)
    manifest = tmp_path / "manifest.yml"
    manifest.write_text("reports:\n" + "".join(
        f"  - notebook: {n}\n    title: {{en: 'Title {n}', zh: '标题 {n}'}}\n"
        f"    description: {{en: 'About {n}', zh: '关于 {n}'}}\n"
        for n in ("50_mgmt_needs", "51_mgmt_lists", "52_research_bundled")), encoding="utf-8")
    monkeypatch.setattr(runner, "NOTEBOOKS_DIR", notebooks)
    out = tmp_path / "out"
    written = build_reports(output_dir=out, manifest=manifest, store=shop, progress=False)
    assert [p.name for p in written] == ["50_mgmt_needs.html", "51_mgmt_lists.html", "52_research_bundled.html",
                                         "index.html"]
    assert f"store is '{shop.resolve()}'" in (out / "51_mgmt_lists.html").read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "for Tea House Ltd: rendered from the customer database tea house.duckdb" in index
    assert "<div class='needs'>needs data: survey answers</div>" in index
    assert ("<div class='lists'>Lists: Retention list (2 rows): <a href='51_mgmt_lists_retention.csv'>CSV</a> · "
            "<a href='51_mgmt_lists_retention.xlsx'>Excel</a></div>") in index
    assert index.count("class='lists'") == 1 and index.count("class='needs'") == 1


def test_sigterm_while_the_files_are_put_in_place_waits_until_the_set_is_complete(tmp_path, monkeypatch):
    """The renames of a report and its lists are one step: a signal arriving during them is handled after."""
    from crm_analysis.reports.output import publish_together

    out = tmp_path / "out"
    out.mkdir()
    real_replace = os.replace
    renamed = []

    def replace_then_signal(src, dst):
        real_replace(src, dst)
        renamed.append(Path(dst).name)
        if len(renamed) == 1:
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(os, "replace", replace_then_signal)
    with pytest.raises(RunInterrupted):
        with interruptible():
            publish_together([(out / "r_list.csv", b"a,b\n"), (out / "r_list.xlsx", b"xlsx"), (out / "r.html", "<p>")])
    assert renamed == ["r_list.csv", "r_list.xlsx", "r.html"]
    assert sorted(p.name for p in out.iterdir()) == ["r.html", "r_list.csv", "r_list.xlsx"]


def test_a_failing_report_does_not_cost_the_others(tmp_path, monkeypatch, capsys):
    from crm_analysis.reports.runner import BuildError

    notebooks = tmp_path / "nb"
    notebooks.mkdir()
    _notebook(notebooks / "60_teach_fails.ipynb", body="raise ValueError('the survey items do not match')")
    _notebook(notebooks / "61_teach_works.ipynb")
    manifest = tmp_path / "manifest.yml"
    manifest.write_text("reports:\n" + "".join(
        f"  - notebook: {n}\n    title: {{en: 'Title {n}', zh: '标题 {n}'}}\n"
        f"    description: {{en: 'About {n}', zh: '关于 {n}'}}\n"
        for n in ("60_teach_fails", "61_teach_works")), encoding="utf-8")
    monkeypatch.setattr(runner, "NOTEBOOKS_DIR", notebooks)
    out = tmp_path / "out"
    with pytest.raises(BuildError, match=r"1 of 2 reports failed.*60_teach_fails.ipynb failed in cell .*survey items"
                       ) as caught:
        build_reports(output_dir=out, manifest=manifest, progress=False)
    assert [p.name for p in caught.value.written] == ["61_teach_works.html", "index.html"]
    assert sorted(p.name for p in out.iterdir()) == ["61_teach_works.html", "index.html"]   # no half report
    assert "Title 60_teach_fails <em>(not built in this run)</em>" in (out / "index.html").read_text(encoding="utf-8")



def test_a_single_run_gets_the_report_title_of_the_manifest(tmp_path):
    # `crm-analysis run 17_teach_tiers` used to title its page "17_teach_tiers"; the pack's title is the manifest's,
    # in the report language (a notebook that is not in the manifest keeps its name: see the teaching test above)
    from crm_analysis.reports.runner import load_manifest

    nb = _notebook(tmp_path / "17_teach_tiers.ipynb")
    html = run_report(nb, {"n": 1}, tmp_path / "out", lang="zh").read_text(encoding="utf-8")
    title = next(e["title"]["zh"] for e in load_manifest() if e["notebook"] == "17_teach_tiers")
    assert f"<title>{title}</title>" in html


def test_injected_parameters_keep_their_characters_and_evaluate_back():
    import ast

    import papermill.translators as translators

    import crm_analysis.reports.runner  # noqa: F401  (registers the translator)

    parameters = {"blocks": {"image": ["形象1", "形象2"]}, "group": "渠道", "odd": 'a"b\\c\n', "n": 3}
    code = translators.papermill_translators.find_translator("python3", "python").codify(parameters)
    assert "形象1" in code and "\\u5f62" not in code
    namespace = {}
    exec(compile(code, "cell", "exec"), namespace)
    assert {k: namespace[k] for k in parameters} == parameters
    assert ast.parse(code)


def test_a_file_parameter_relative_to_the_users_folder_is_passed_absolute(tmp_path, monkeypatch):
    from crm_analysis.reports.runner import check_parameters, resolve_notebook

    (tmp_path / "answers.csv").write_text("q1\n1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    given, _ = check_parameters(resolve_notebook("21_research_survey"), {"survey_file": "answers.csv"})
    assert given["survey_file"] == str((tmp_path / "answers.csv").resolve())
    # a path that is not there stays as given: the notebook then says where it looked
    given, _ = check_parameters(resolve_notebook("21_research_survey"), {"survey_file": "data/elsewhere.csv"})
    assert given["survey_file"] == "data/elsewhere.csv"
