"""``page_problems`` catches what a reader must never see; rendered reports can be scanned with it.

The synthetic cases run always.  The scan of real reports runs only when the
environment variable ``CRM_ANALYSIS_CHECK_REPORTS`` names a directory of
rendered reports, e.g.::

    CRM_ANALYSIS_CHECK_REPORTS=reports .venv/bin/python -m pytest tests/reports/test_clean_pages.py
"""
from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from crm_analysis.reports.checks import page_problems, visible_text
from crm_analysis.reports.render import render_html

CLEAN = """<!DOCTYPE html><html lang="en"><head><style>.x { color: red } /* https://example.org */</style>
<script>var nan = NaN;</script></head><body>
<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown"><p>2,357 customers bought 4,120 times; 0.000 is a rate;
the CLV is <math alttext="\\frac{m}{1+d}" display="inline"><mfrac><mi>m</mi><mn>1</mn></mfrac></math>.
See <a href="https://www.cdnow.com/">the source</a>. Costs $50 and $60.</p></div>
<div class="highlight hl-ipython3"><pre><span>frame</span>.fillna(np.nan)  # dtype: float64 /tmp/x</pre></div>
<img src="data:image/png;base64,iVBORnanNaN0000AAA="/>
<div class='crm-provenance'><h3>Provenance</h3><table><tr><th>Input file</th><td>/tmp/pytest-1/shop.duckdb</td></tr>
</table></div>
</body></html>"""


def _with(fragment: str) -> str:
    return CLEAN.replace("</body>", f"<div>{fragment}</div></body>")


def test_a_clean_page_passes():
    assert page_problems(CLEAN, "en") == []
    assert page_problems(CLEAN.replace('lang="en"', 'lang="zh"'), "zh") == []


@pytest.mark.parametrize("fragment, rule", [
    ("<pre>/tmp/ipykernel_4242/3391.py:3: see here</pre>", "kernel or temp path"),
    ("<pre>/work/.venv/lib/python3.11/site-packages/pandas/core/frame.py</pre>", "kernel or temp path"),
    ("<p>written to /var/tmp/crm-report-abc123/out.ipynb</p>", "kernel or temp path"),
    ("<pre>DataExclusionWarning: 12 rows dropped</pre>", "raw warning"),
    ("<pre>Warning: something</pre>", "raw warning"),
    ("<pre>Traceback (most recent call last):\n  File x</pre>", "traceback"),
    ("<pre>a    1.0\nb    2.0\ndtype: float64</pre>", "dtype printout"),
    ("<p>$$CLV = m r$$</p>", "raw LaTeX"),
    ("<p>CLV = \\frac{m}{1+d}</p>", "raw LaTeX"),
    ("<table><tr><td>2357.000</td></tr></table>", "count with decimals"),
    ("<table><tr><td>1,204.000</td></tr></table>", "count with decimals"),
    ("<table><tr><td>NaN</td></tr></table>", "NaN shown"),
    ("<table><tr><td>nan</td></tr></table>", "NaN shown"),
    ("<p>流失率为nan。</p>", "NaN shown"),
    ("<p>date NaT</p>", "NaN shown"),
    ('<script src="https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/latest.js"></script>',
     "fetched from the network"),
    ('<img src="http://example.org/logo.png">', "fetched from the network"),
    ('<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Noto">', "fetched from the network"),
    ("<style>@import 'https://example.org/a.css';</style>", "fetched from the network"),
    ('<div style="background: url(//example.org/bg.png)"></div>', "fetched from the network"),
])
def test_each_problem_is_caught(fragment, rule):
    problems = page_problems(_with(fragment), "en")
    assert [p.split(":", 1)[0] for p in problems] == [rule], problems


def test_a_problem_line_shows_where_it_is():
    problems = page_problems(_with("<p>Customers: 2357.000 in total</p>"), "en")
    assert len(problems) == 1
    assert problems[0].startswith("count with decimals: '2357.000' in '...")
    assert problems[0].endswith("Customers: 2357.000 in total...'")


def test_near_misses_are_not_problems():
    fragment = ("<p>Revenue 2357.0004; 12.0001; version 3.000.1; rate 0.000; nano-banana; Nancy; "
                "FutureWarnings are dropped; the traceback of ideas</p>")
    assert page_problems(_with(fragment), "en") == []


def test_visible_text_drops_markup_code_and_footer():
    text = visible_text(CLEAN)
    assert "2,357 customers" in text and "Costs $50 and $60." in text
    assert "fillna" not in text and "Provenance" not in text and "color: red" not in text
    assert "iVBOR" not in text


def test_lang_is_checked():
    with pytest.raises(ValueError, match="lang"):
        page_problems(CLEAN, "fr")


def test_a_rendered_page_with_formula_warning_and_chinese_is_clean():
    nb = nbformat.v4.new_notebook()
    warning = ("/tmp/ipykernel_7/1.py:2: DataExclusionWarning: 3 customers without a first purchase are left out\n"
               "  summary = rfm(orders)\n")
    nb.cells = [nbformat.v4.new_markdown_cell("# 客户价值\n\n$$CLV = \\sum_t \\frac{m r^t}{(1+d)^t}$$"),
                nbformat.v4.new_code_cell("summary = rfm(orders)")]
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stderr", text=warning)]
    for audience in ("teach", "mgmt"):
        assert page_problems(render_html(nb, audience=audience, lang="zh"), "zh") == []


REPORTS_DIR = os.environ.get("CRM_ANALYSIS_CHECK_REPORTS", "")
REPORT_PAGES = sorted(p for p in Path(REPORTS_DIR).rglob("*.html") if p.name != "index.html") if REPORTS_DIR else []


@pytest.mark.skipif(not REPORTS_DIR, reason="set CRM_ANALYSIS_CHECK_REPORTS to a directory of rendered reports")
@pytest.mark.parametrize("page", REPORT_PAGES, ids=[p.name for p in REPORT_PAGES])
def test_rendered_reports_are_clean(page):
    text = page.read_text(encoding="utf-8")
    lang = "zh" if '<html lang="zh">' in text[:2000] else "en"
    assert page_problems(text, lang) == []


@pytest.mark.skipif(not REPORTS_DIR, reason="set CRM_ANALYSIS_CHECK_REPORTS to a directory of rendered reports")
def test_the_reports_dir_has_reports():
    assert REPORT_PAGES, f"no report pages under {REPORTS_DIR}"
