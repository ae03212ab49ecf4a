"""The README's "Your own data" examples run as written.

Blocks after a ``<!-- readme-test: file NAME ENCODING -->`` marker are written
to that file; blocks after ``<!-- readme-test: run -->`` are executed in order
in one folder: ``bash`` blocks line by line through the ``crm-analysis`` entry
point (which must succeed), ``python`` blocks in one namespace.  The printed
results the README states in comments are checked too.
"""
import ast
import contextlib
import io
import re
import shlex
import warnings
from pathlib import Path

import pytest

from crm_analysis.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"<!-- readme-test: (?P<what>[^>]*?) -->\n```(?P<lang>\w+)\n(?P<body>.*?)```", re.S)


def _blocks():
    text = README.read_text(encoding="utf-8")
    return [(m["what"].split(), m["lang"], m["body"]) for m in BLOCK.finditer(text)]


def _commands(body: str):
    for line in body.replace("\\\n", " ").splitlines():
        if line.strip():
            yield shlex.split(line)


def test_readme_has_runnable_own_data_examples():
    kinds = [what[0] for what, _lang, _body in _blocks()]
    assert kinds.count("file") >= 1 and kinds.count("run") >= 4


def test_readme_own_data_examples_run_as_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    printed = []
    for what, lang, body in _blocks():
        if what[0] == "file":
            name, encoding = what[1], what[2]
            Path(name).write_bytes(body.encode(encoding))
        elif lang == "bash":
            for words in _commands(body):
                assert words[0] == "crm-analysis"
                assert main(words[1:]) == 0, f"README command failed: {' '.join(words)}"
        else:
            out = io.StringIO()
            with contextlib.redirect_stdout(out), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                exec(compile(body, "README.md", "exec"), namespace)
            printed.extend(out.getvalue().splitlines())
    assert "{'name': 'Tea House Ltd', 'currency': 'CNY'}" in printed
    assert "[2.0, 7.71, 8.0, 21.0]" in printed and "W 2024-04-30" in printed
    assert "D W" in printed
    compared = ast.literal_eval(next(line for line in printed if line.startswith("{'MBG/NBD'")))  # choosing a model
    assert list(compared) == ["MBG/NBD", "BG/NBD", "Pareto/NBD"]
    assert compared["Pareto/NBD"] == {"aic": 19198.0, "total_error_pct": -11.5, "mae": 0.755}
    assert "[69935, 64461, 75766]" in printed   # customer equity and its 90 % interval
    assert "{'active': 1634, 'new': 166, 'retained': 1453, 'lost': 77}" in printed   # the linked customer base
    equity = next(line for line in printed if line.startswith("[") and line.count(",") == 1)
    first, second = (int(v) for v in equity.strip("[]").split(","))
    assert first == second
    assert "{'missing': 25.0, 'share': 0.05}" in printed and "0.421 0.471" in printed   # survey research: gaps, PLS vs PLSc
    assert "[0.023, 0.026, 0.027, 0.027, 0.032, 0.035]" in printed   # SRMR with its HI95 and HI99
    orders = namespace["orders"]
    assert orders["customer_id"].tolist()[:2] == ["000509", "509"] and orders["amount"].tolist()[0] == 1234.5


@pytest.mark.parametrize("marker", ["file", "run"])
def test_markers_are_followed_by_a_code_block(marker):
    text = README.read_text(encoding="utf-8")
    assert text.count(f"<!-- readme-test: {marker}") == sum(1 for what, _l, _b in _blocks() if what[0] == marker)
