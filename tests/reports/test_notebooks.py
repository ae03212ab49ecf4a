"""Every notebook is clean in git and executes under papermill (small parameters) into a report."""
import ast
import json

import pytest

from crm_analysis.config import NOTEBOOKS_DIR
from crm_analysis.reports.checks import page_problems
from crm_analysis.reports.runner import build_reports, load_manifest

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_hygiene(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), "outputs not stripped"
    tagged = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    assert code[0] is tagged[0], "the parameters cell is the first code cell"
    for cell in code:
        tree = ast.parse("".join(cell["source"]))
        defined = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.Lambda))]
        assert not defined, f"logic belongs in the package, not the notebook: {ast.unparse(defined[0])[:60]}"
    assert "report_footer" in "".join(code[-1]["source"]), "the last cell shows the provenance footer"


def test_manifest_covers_every_notebook():
    assert {e["notebook"] for e in load_manifest()} == {p.stem for p in NOTEBOOKS}


def test_every_report_builds(tmp_path):
    written = build_reports(output_dir=tmp_path, progress=False, test_parameters=True)
    assert written[-1].name == "index.html"
    index = written[-1].read_text(encoding="utf-8")
    for path in written[:-1]:
        assert path.stat().st_size > 0 and f"href='{path.name}'" in index
    problems = {path.name: page_problems(path.read_text(encoding="utf-8"), "en") for path in written}
    assert {name: found for name, found in problems.items() if found} == {}
