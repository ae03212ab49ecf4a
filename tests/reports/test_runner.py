"""Report runner: parameter checks, atomic writes, audiences, languages, provenance, CLI."""
import hashlib

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
    assert "n is 7" in html and "warnings.warn" in html
    assert "Hello in English" in html and "中文问候" not in html
    sha = hashlib.sha256((DATA_DIR / "donations.csv").read_bytes()).hexdigest()
    assert sha in html and "crm_analysis 0.1.0" in html and "n = 7" in html
    assert html.rindex("Provenance") > html.rindex("n is 7")


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
