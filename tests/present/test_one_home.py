"""One home for presentation: Chinese text shown to readers lives only in ``crm_analysis/present/catalogue``.

The test reads every module of the package with :mod:`ast` and collects the
string constants that contain CJK characters (ideographs and the full-width
punctuation of Chinese text: ``（``, ``：``, ``、`` ...).  Docstrings and comments
are not shown to readers and are skipped (comments are not in the syntax tree;
a bare string statement is a docstring).  A few modules *read* Chinese data
(labels such as 流失/在网, answer words such as 非常满意, currency signs such
as ￥): their word lists parse the user's files and are allowed, each with its
reason.  Everything else that shows Chinese belongs in a catalogue entry,
looked up with :func:`crm_analysis.present.text`.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import crm_analysis

PACKAGE = Path(crm_analysis.__file__).parent

#: CJK ideographs, CJK punctuation (、。「」) and full-width forms (（），：；￥)
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")

#: the one home: the en/zh catalogue
HOME = "present/catalogue/"

#: modules whose Chinese strings read data, not show it: (module, reason)
ALLOWED = dict([
    ("io.py", "reading files: Chinese column-name aliases, currency signs (¥ ￥ 元) and number formats in the "
              "user's files"),
    ("store.py", "reading files: patterns that recognise Chinese column names on import"),
    ("churn/labels.py", "reading churn labels: Chinese yes/no words (是/否, 流失/在网 ...) in the user's data"),
    ("churn/leakage.py", "reading columns: Chinese names of id/outcome columns that would leak the label"),
    ("satisfaction/scales.py", "reading answers: Chinese answer words of a rating scale (非常满意 ...)"),
    ("cli.py", "help text that quotes Chinese churn labels the importer reads (流失/在网): data words, "
               "not a translation"),
])

def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are bare statements (module, class, function and attribute docstrings)."""
    return {id(node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)}


def chinese_strings(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every non-docstring string constant in ``path`` that contains a CJK character."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skipped = _docstrings(tree)
    return sorted((node.lineno, node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped
                  and CJK.search(node.value))


def offenders() -> dict[str, list[tuple[int, str]]]:
    """Modules outside the catalogue and the allow-list that hold Chinese strings, with the strings."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        if module.startswith(HOME) or module in ALLOWED:
            continue
        strings = chinese_strings(path)
        if strings:
            found[module] = strings
    return found


def _listing(found: dict) -> str:
    return "\n".join(f"{module}:{line}: {value[:60]!r}" for module, strings in found.items()
                     for line, value in strings)


def test_the_scanner_finds_chinese_literals_and_skips_docstrings_and_comments(tmp_path):
    source = tmp_path / "sample.py"
    source.write_text('"""模块说明 (docstring)."""\n'
                      '# 注释\n'
                      'def f(lang):\n'
                      '    """函数说明."""\n'
                      '    sep = "、" if lang == "zh" else ", "\n'
                      '    return f"流失率 {lang}" + "plain"\n', encoding="utf-8")
    assert [text for _, text in chinese_strings(source)] == ["、", "流失率 "]


def test_every_allowed_module_exists_and_still_needs_its_allowance():
    # an allowance nobody needs any more is removed, so it cannot hide a new string later
    stale = [m for m in ALLOWED if not (PACKAGE / m).is_file() or not chinese_strings(PACKAGE / m)]
    assert stale == []


def test_chinese_text_has_one_home():
    found = offenders()
    assert found == {}, "Chinese text outside the catalogue:\n" + _listing(found)
