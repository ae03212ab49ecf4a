"""The crm-analysis command: run/reports parameters, names, output directory, errors, interruption."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from crm_analysis import cli
from crm_analysis.cli import main
from crm_analysis.config import PROJECT_ROOT
from crm_analysis.exceptions import CRMDataError
from crm_analysis.reports import runner
from crm_analysis.reports.interrupt import RunInterrupted


@pytest.fixture
def executed(monkeypatch):
    """Replace the notebook execution by a recorder: the checks before it are what is tested here."""
    calls = []

    def record(path, parameters, full, timeout, scratch):
        calls.append({"notebook": Path(path).stem, "parameters": parameters, "full": full})
        return new_notebook(cells=[new_markdown_cell(f"ran {Path(path).stem}")])

    monkeypatch.setattr(runner, "_execute", record)
    return calls


def _error_line(capsys) -> str:
    err = capsys.readouterr().err
    assert err.startswith("crm-analysis: error: ") and "Traceback" not in err
    return err


def test_readme_run_with_a_date_parameter(tmp_path, executed, capsys):
    """`crm-analysis run 00_teach_getting_started -p observation_end 1997-12-31` (crashed: date not JSON serializable)."""
    status = main(["run", "00_teach_getting_started", "-p", "observation_end", "1997-12-31",
                   "-p", "sample", "no", "--output-dir", str(tmp_path)])
    assert status == 0
    assert executed[0]["parameters"] == {"observation_end": "1997-12-31", "sample": False, "lang": "en"}
    assert executed[0]["full"]["time_unit"] == "W"  # defaults recorded for the provenance footer
    assert capsys.readouterr().out.strip() == str(tmp_path / "00_teach_getting_started.html")


def test_params_file_with_unquoted_dates(tmp_path, executed):
    params = tmp_path / "my_params.yml"
    params.write_text("00_teach_getting_started:\n  observation_end: 1997-12-31\n  sample: off\n"
                      "11_teach_clv_models:\n  calibration_end: 1997-06-30\n  horizon_months: 6\n"
                      "  discount_rate: 0\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["reports", "--only", "00_teach_getting_started", "11_teach_clv_models",
                 "--params", str(params), "--output-dir", str(out)]) == 0
    by_name = {call["notebook"]: call["parameters"] for call in executed}
    assert by_name["00_teach_getting_started"] == {"observation_end": "1997-12-31", "sample": False, "lang": "en"}
    assert by_name["11_teach_clv_models"] == {"calibration_end": "1997-06-30", "horizon_months": 6,
                                              "discount_rate": 0.0, "lang": "en"}
    assert type(by_name["11_teach_clv_models"]["discount_rate"]) is float
    assert sorted(p.name for p in out.iterdir()) == ["00_teach_getting_started.html", "11_teach_clv_models.html",
                                                      "index.html"]


@pytest.mark.parametrize("argv, message", [
    (["run", "00_teach_getting_started", "-p", "sample", "maybe"],
     "notebook 00_teach_getting_started.ipynb: parameter 'sample' is declared bool, got 'maybe': true or false"),
    (["run", "10_teach_customer_value", "-p", "n_boot", "1.5"],
     "parameter 'n_boot' is declared int, got '1.5': a whole number is expected"),
    (["run", "10_teach_customer_value", "-p", "n_boot", "abc"],
     "parameter 'n_boot' is declared int, got 'abc'"),
    (["run", "00_teach_getting_started", "-p", "observation_ned", "1997-12-31"],
     "has no parameter(s) ['observation_ned']; it declares ['lang', 'observation_end', 'sample', "),
    (["run", "00_teach_getting_started", "-p", "sample", "yes", "-p", "sample", "no"],
     "parameter 'sample' is given twice"),
    (["run", "00_teach_gettin_started"], "no notebook '00_teach_gettin_started'; available: ['00_teach_getting"),
    (["reports", "--only", "30_mgmt_customer_valeu"],
     "--only (only=): no report named ['30_mgmt_customer_valeu']; available: ['00_teach_getting_started'"),
])
def test_user_errors_are_one_message_and_nothing_runs(tmp_path, executed, capsys, argv, message):
    out = tmp_path / "out"
    assert main([*argv, "--output-dir", str(out)]) == 1
    err = _error_line(capsys)
    assert message in err and err.count("\n") == 1
    assert executed == [] and not out.exists()


def test_misspelled_notebook_in_params_file(tmp_path, executed, capsys):
    params = tmp_path / "p.yml"
    params.write_text("00_teach_gettingstarted:\n  observation_end: 1997-12-31\n", encoding="utf-8")
    assert main(["reports", "--params", str(params), "--output-dir", str(tmp_path / "out")]) == 1
    err = _error_line(capsys)
    assert "--params (params=): no report named ['00_teach_gettingstarted']; available: ['00_teach_getting_started'," in err
    assert executed == []


@pytest.mark.parametrize("text, message", [
    ("- 00_teach_getting_started\n", "must map notebook names to parameters"),
    ("00_teach_getting_started: 1997-12-31\n", "the entry '00_teach_getting_started' must be a mapping"),
    ("00_teach_getting_started:\n  sample: [\n", "is not valid YAML"),
])
def test_malformed_params_file(tmp_path, executed, capsys, text, message):
    params = tmp_path / "p.yml"
    params.write_text(text, encoding="utf-8")
    assert main(["reports", "--params", str(params), "--output-dir", str(tmp_path / "out")]) == 1
    assert message in _error_line(capsys) and executed == []


def test_output_dir_under_a_file_fails_before_any_notebook_runs(tmp_path, executed, capsys):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    assert main(["run", "00_teach_getting_started", "--output-dir", str(a_file / "reports")]) == 1
    assert "cannot be created: " in _error_line(capsys) and executed == []
    assert main(["reports", "--output-dir", str(a_file)]) == 1
    assert "is a file, not a directory" in _error_line(capsys) and executed == []


def test_missing_params_file_is_one_line(tmp_path, executed, capsys):
    assert main(["reports", "--params", str(tmp_path / "nope.yml"), "--output-dir", str(tmp_path)]) == 1
    assert _error_line(capsys) == f"crm-analysis: error: No such file or directory: {tmp_path / 'nope.yml'}\n"


@pytest.mark.parametrize("raised, status, message", [
    (PermissionError(13, "Permission denied", "/data/shop.duckdb"), 1,
     "crm-analysis: error: Permission denied: /data/shop.duckdb\n"),
    (CRMDataError("column 'date' has two formats\n  row 3: 05/03/2024"), 1,
     "crm-analysis: error: column 'date' has two formats\n    row 3: 05/03/2024\n"),
    (KeyboardInterrupt(), 130, "crm-analysis: interrupted by SIGINT\n"),
    (RunInterrupted(signal.SIGTERM), 143, "crm-analysis: interrupted by SIGTERM\n"),
])
def test_main_turns_errors_of_any_subcommand_into_a_message(monkeypatch, capsys, raised, status, message):
    def handler(args):
        raise raised

    monkeypatch.setattr(cli, "_run", handler)  # any subcommand's handler gets the same treatment
    assert main(["run", "00_teach_getting_started"]) == status
    assert capsys.readouterr().err == message


def test_report_error_is_a_message(monkeypatch, capsys):
    def handler(args):
        raise runner.ReportError("notebook x.ipynb failed in cell 3 (execution count 2): ZeroDivisionError")

    monkeypatch.setattr(cli, "_reports", handler)
    assert main(["reports"]) == 1
    assert capsys.readouterr().err.startswith("crm-analysis: error: notebook x.ipynb failed in cell 3")


# ---------------------------------------------------------------- a real SIGTERM to a real run
def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc").is_dir() or os.name != "posix", reason="needs POSIX signals and /proc")
def test_sigterm_during_a_run_leaves_no_report_no_temp_files_and_no_kernel(tmp_path):
    marker = tmp_path / "kernel.pid"
    params = new_code_cell("pause: float = 60.0")
    params.metadata["tags"] = ["parameters"]
    nb = new_notebook(cells=[params, new_code_cell(
        f"import os, time, pathlib\npathlib.Path({str(marker)!r}).write_text(str(os.getpid()))\ntime.sleep(pause)")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebooks = tmp_path / "nb"
    notebooks.mkdir()
    nbformat.write(nb, notebooks / "09_teach_sleep.ipynb")
    system_tmp, out = tmp_path / "tmp", tmp_path / "out"
    system_tmp.mkdir()
    env = dict(os.environ, TMPDIR=str(system_tmp))
    process = subprocess.Popen([sys.executable, "-m", "crm_analysis.cli", "run", str(notebooks / "09_teach_sleep.ipynb"),
                                "--output-dir", str(out)], env=env, cwd=PROJECT_ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 180  # the kernel starts in a few seconds; generous for a busy machine
        while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert marker.exists(), process.communicate(timeout=30)
        time.sleep(0.2)
        kernel_pid = int(marker.read_text())
        assert any(system_tmp.iterdir()), "the run's scratch folder exists while it runs"
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 128 + signal.SIGTERM, stderr
    assert stderr.strip().endswith("crm-analysis: interrupted by SIGTERM") and stdout == ""
    assert list(out.iterdir()) == []
    assert list(system_tmp.iterdir()) == []
    assert sorted(p.name for p in notebooks.iterdir()) == ["09_teach_sleep.ipynb"]
    deadline = time.monotonic() + 10
    while _alive(kernel_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(kernel_pid)


# ---------------------------------------------------------------- --store (issue 10)
from crm_analysis.reports.runner import notebook_parameters, resolve_notebook
from crm_analysis.store import CustomerStore


@pytest.fixture
def shop(tmp_path):
    path = tmp_path / "shop.duckdb"
    CustomerStore.create(path, name="Tea House Ltd", currency="EUR").close()
    return path


def test_reports_store_goes_to_every_report_that_declares_it(tmp_path, executed, shop, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    assert main(["reports", "--store", "shop.duckdb", "--output-dir", str(out)]) == 0
    assert len(executed) == len(runner.load_manifest())
    for call in executed:
        declares = "store" in notebook_parameters(resolve_notebook(call["notebook"]))
        assert call["parameters"].get("store") == (str(shop.resolve()) if declares else None), call["notebook"]
    assert "store" not in next(c for c in executed if c["notebook"] == "20_research_replications")["parameters"]
    assert "for Tea House Ltd: rendered from the customer database shop.duckdb" in (out / "index.html").read_text()


@pytest.mark.parametrize("argv", [["reports"], ["run", "30_mgmt_customer_value"]])
def test_a_missing_store_is_one_message_before_anything_runs(tmp_path, executed, capsys, argv):
    out = tmp_path / "out"
    assert main([*argv, "--store", str(tmp_path / "nope.duckdb"), "--output-dir", str(out)]) == 1
    err = _error_line(capsys)
    assert f"no customer database at {tmp_path / 'nope.duckdb'}: create one with crm-analysis init" in err
    assert executed == [] and not out.exists()


def test_a_file_that_is_not_a_database_is_refused(tmp_path, executed, capsys):
    orders = tmp_path / "orders.csv"
    orders.write_text("customer_id,date,amount\n1,2024-01-01,3\n", encoding="utf-8")
    assert main(["reports", "--store", str(orders), "--output-dir", str(tmp_path / "out")]) == 1
    assert "orders.csv is not a customer database" in _error_line(capsys) and executed == []


def _tiny(path, declares_store: bool):
    params = new_code_cell(('store: str = ""  # the customer database\n' if declares_store else "") + "n: int = 1")
    params.metadata["tags"] = ["parameters"]
    nbformat.write(new_notebook(cells=[params, new_code_cell("print(n)")]), path)
    return path


def test_run_passes_store_or_says_the_notebook_does_not_read_one(tmp_path, executed, shop, capsys):
    with_store = _tiny(tmp_path / "60_mgmt_with.ipynb", True)
    without = _tiny(tmp_path / "61_mgmt_without.ipynb", False)
    assert main(["run", str(with_store), "--store", str(shop), "--output-dir", str(tmp_path / "out")]) == 0
    assert executed[-1]["parameters"] == {"store": str(shop.resolve())}
    assert capsys.readouterr().err == ""
    assert main(["run", str(without), "--store", str(shop), "--output-dir", str(tmp_path / "out")]) == 0
    assert executed[-1]["parameters"] == {}
    assert ("crm-analysis: note: " + str(without) + " does not read a customer database (no 'store' parameter)"
            in capsys.readouterr().err)


def test_reports_names_the_reports_that_show_a_needs_data_page(tmp_path, monkeypatch, capsys):
    from crm_analysis.reports.output import record_path

    def needs_page(path, parameters, full, timeout, scratch):
        (scratch / "exports" / "needs_data.json").write_text(json.dumps({"what": "survey answers", "how": "import"}))
        nb = new_notebook(cells=[new_markdown_cell("This report needs survey answers.")])
        nb.metadata["crm_analysis"] = {"needs_data": "this report needs survey answers; import it with: import"}
        return nb

    monkeypatch.setattr(runner, "_execute", needs_page)
    out = tmp_path / "out"
    assert main(["reports", "--only", "32_mgmt_satisfaction", "--output-dir", str(out)]) == 0
    assert capsys.readouterr().err.endswith("\ncrm-analysis: note: 32_mgmt_satisfaction.html shows a needs-data "
                                            "page: this report needs survey answers; import it with: import\n")
    assert json.loads(record_path(out / "32_mgmt_satisfaction.html").read_text())["needs_data"]["what"] == \
        "survey answers"
