"""The renderer makes self-contained, offline pages: MathML formulas, an embedded CJK font, clean warnings."""
from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import nbformat
import pytest
from fontTools.ttLib import TTFont

from crm_analysis.config import NOTEBOOKS_DIR
from crm_analysis.present import fonts
from crm_analysis.reports.checks import page_problems, visible_text
from crm_analysis.reports.render import clean_warnings, math_to_mathml, render_html, warning_notes

# the formula of the claims lab (notebooks/14_teach_claims_lab.ipynb) and a display formula of the CLV lessons
CLAIMS_FORMULA = r"the product of total effects $T_{X\to sat}\,T_{sat\to loy}$; its interval comes from bootstrap"
CLV_FORMULA = "$$\nCLV = \\sum_{t=1}^{T} \\frac{m\\, r^t}{(1+d)^t}\n$$"


def _notebook(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


def _md(source, lang=None):
    cell = nbformat.v4.new_markdown_cell(source)
    if lang:
        cell.metadata["lang"] = lang
    return cell


def _code(source="x = 1", *outputs):
    cell = nbformat.v4.new_code_cell(source)
    cell.outputs = list(outputs)
    return cell


def _stderr(text):
    return nbformat.v4.new_output("stream", name="stderr", text=text)


def _page(*cells, audience="teach", lang="en"):
    return render_html(_notebook(*cells), audience=audience, lang=lang)


# ------------------------------------------------------------------------------------------------ math
def test_inline_and_display_formulas_become_mathml():
    page = _page(_md(CLAIMS_FORMULA + "\n\n" + CLV_FORMULA))
    text = visible_text(page)
    assert "$" not in text and "\\" not in text  # no LaTeX left for the reader
    inline = re.search(r'<math alttext="([^"]*)" display="inline">(.*?)</math>', page, re.S)
    assert inline and inline[1] == r"T_{X\to sat}\,T_{sat\to loy}"
    assert inline[2].count("<msub>") == 2 and "→" in inline[2]
    block = re.search(r'<math alttext="[^"]*" display="block">(.*?)</math>', page, re.S)
    assert block and "<mfrac>" in block[1] and "<munderover>" in block[1] and "∑" in block[1]
    assert "the product of total effects" in text and "its interval comes from bootstrap" in text
    assert page_problems(page, "en") == []


def test_dollar_amounts_stay_text():
    prose = "It costs $50 and $60 a month. Upgrades are $5/$10. Between $1,000 and $2,000 per customer."
    page = _page(_md(prose), _md("套餐价格 $50 和 $60。", lang="en"))
    assert "<math" not in page
    text = " ".join(visible_text(page).split())
    assert prose in text and "套餐价格 $50 和 $60。" in text


def test_money_and_math_in_one_paragraph():
    out = math_to_mathml("<p>A $20 voucher lifts retention by $\\Delta r = 0.02$ for $5 customers.</p>")
    assert out.count("<math") == 1 and "A $20 voucher" in out and "for $5 customers" in out
    assert "<mi>Δ</mi>" in out or "&#x00394;" in out or "Δ" in out


def test_code_is_not_math():
    page = _page(_md("Write `$x$` in code, or\n\n```python\nprice = '$5'  # $y$\n```\n"))
    assert "<math" not in page
    assert "$x$" in page and "$y$" in page


def test_latex_output_becomes_mathml():
    latex = nbformat.v4.new_output("display_data", data={"text/latex": r"$\alpha^2 + \beta$", "text/plain": "x"})
    page = _page(_code("show()", latex))
    assert '<math alttext="\\alpha^2 + \\beta"' in page and "<msup>" in page


def test_teaching_notebook_formulas_leave_no_latex():
    """Every markdown cell of the notebooks that has a "$" renders without raw LaTeX."""
    cells = [cell for path in sorted(Path(NOTEBOOKS_DIR).glob("*.ipynb"))
             for cell in nbformat.read(path, as_version=4).cells
             if cell.cell_type == "markdown" and "$" in cell.source]
    if not cells:
        pytest.skip("no notebook markdown has a dollar sign")
    for lang in ("en", "zh"):
        page = _page(*[_md(c.source) for c in cells], lang=lang)
        leftover = re.findall(r"\\[A-Za-z]+|\$[^$\s][^$]*[^$\s]\$", visible_text(page))
        assert leftover == []
        assert page.count("<math") >= 1


# ------------------------------------------------------------------------------------------ offline page
@pytest.mark.parametrize("audience", ["teach", "research", "mgmt"])
def test_page_fetches_nothing_from_the_network(audience):
    page = _page(_md(CLAIMS_FORMULA), _code("x", nbformat.v4.new_output(
        "display_data", data={"text/html": "<b>ok</b>", "text/plain": "ok"})), audience=audience)
    assert "mathjax" not in page.lower() and "require.js" not in page and "mermaid.esm" not in page
    assert not re.search(r"<script[^>]*\bsrc=", page)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?https?://""", re.sub(r"<a\b[^>]*>", "", page))
    assert page_problems(page, "en") == []


def _embedded_font(page):
    match = re.search(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", page)
    assert match, "no embedded font"
    data = base64.b64decode(match[1])
    return data, TTFont(io.BytesIO(data))


def test_chinese_page_embeds_the_subset_of_its_characters():
    page = _page(_md("# 客户终身价值\n\n收入（元）与流失风险：前20%的客户。", lang="zh"),
                 _md("# Customer lifetime value", lang="en"), lang="zh")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh">' in page
    data, font = _embedded_font(page)
    wanted = set(fonts.cjk_characters(visible_text(page)))
    assert wanted >= set("客户终身价值收入元与流失风险前的（）：。")
    cmap = font.getBestCmap()
    assert wanted <= {chr(code) for code in cmap}
    assert not {chr(code) for code in cmap} - wanted - {" "}  # only what the page uses
    assert len(data) < 20_000  # a few KB for ~20 characters (the full font is 16 MB)
    assert f'"{fonts.WEB_FONT_FAMILY}"' in page
    stack = re.findall(r"--jp-content-font-family: ([^;]*);", page)[-1]  # ours overrides the theme
    assert stack.startswith(f'"{fonts.WEB_FONT_FAMILY}", ') and stack.endswith("sans-serif")  # by unicode-range
    assert "unicode-range: U+" in page


def test_english_page_without_chinese_embeds_no_font():
    page = _page(_md("Customer value, plain English."))
    assert "@font-face" not in page and "data:font/woff" not in page


def test_english_page_with_a_chinese_term_embeds_it():
    _, font = _embedded_font(_page(_md("The term 客户价值 (customer value).")))
    assert set("客户价值") <= {chr(code) for code in font.getBestCmap()}


def test_font_subset_is_deterministic_and_unicode_range_is_exact():
    assert fonts.font_subset_woff("客户") == fonts.font_subset_woff.__wrapped__("客户")
    assert fonts.unicode_range("户客价") == "U+4EF7, U+5BA2, U+6237"
    assert fonts.unicode_range("一丁七") == "U+4E00-4E01, U+4E03"
    assert fonts.cjk_characters("Revenue ¥ 收入（元）") == "元入收（）"


# --------------------------------------------------------------------------------------------- warnings
KERNEL_WARNING = ("/tmp/ipykernel_4242/3391.py:3: DataExclusionWarning: 12 of 320 respondents have missing "
                  "answers and are left out\n  fit = satisfaction.drivers(survey)\n")
LIBRARY_WARNING = ("/work/.venv/lib/python3.11/site-packages/pandas/core/frame.py:123: FutureWarning: "
                   "DataFrame.applymap has been deprecated.\n  warnings.warn(\n")


def test_warning_notes_keep_the_message_only():
    messages, rest = warning_notes(KERNEL_WARNING + LIBRARY_WARNING + KERNEL_WARNING + "fitting 3 models\n")
    assert messages == ["12 of 320 respondents have missing answers and are left out"]  # once, no library one
    assert rest == "fitting 3 models\n"


def test_warning_notes_multiline_message_and_no_source_line():
    text = ("/x/a.py:7: UserWarning: first line\nsecond line\n  source()\n"
            "C:\\work\\b.py:9: crm.ConvergenceWarning: did not converge\n")
    assert warning_notes(text) == (["first line second line", "did not converge"], "")


@pytest.mark.parametrize("lang, prefix", [("en", "Note: "), ("zh", "注意：")])
def test_teaching_page_shows_warnings_as_short_notes(lang, prefix):
    page = _page(_code("fit()", _stderr(KERNEL_WARNING + LIBRARY_WARNING)), lang=lang)
    text = "".join(visible_text(page).split())
    assert "".join((prefix + "12 of 320 respondents have missing answers and are left out").split()) in text
    assert "/tmp/" not in page and "ipykernel" not in page and "DataExclusionWarning" not in page
    assert "applymap" not in page and "site-packages" not in page
    assert page_problems(page, lang) == []


def test_teaching_page_keeps_other_stderr_text():
    nb = clean_warnings(_notebook(_code("fit()", _stderr(KERNEL_WARNING + "iteration 3: loss 0.5\n"))))
    outputs = nb.cells[0].outputs
    assert [o.output_type for o in outputs] == ["display_data", "stream"]
    assert outputs[1].text == "iteration 3: loss 0.5\n"


def test_clean_warnings_does_not_touch_the_input():
    nb = _notebook(_code("fit()", _stderr(KERNEL_WARNING)))
    clean_warnings(nb, "en")
    assert nb.cells[0].outputs[0].text == KERNEL_WARNING


def test_management_page_drops_stderr():
    page = _page(_code("fit()", _stderr(KERNEL_WARNING), nbformat.v4.new_output(
        "display_data", data={"text/html": "<p>result</p>", "text/plain": "result"})), audience="mgmt")
    assert "respondents" not in page and "result" in page and "fit()" not in page


def test_bold_money_in_dollars_stays_bold():
    from crm_analysis.reports.render import protect_money

    source = "an expected net saving of **$82,965**. Contacting more costs $50 a call; $x^2$ stays math."
    assert protect_money(source) == ("an expected net saving of **&#36;82,965**. Contacting more costs &#36;50 a "
                                     "call; $x^2$ stays math.")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(source)])
    page = render_html(nb, audience="mgmt")
    assert "<strong>$82,965</strong>" in page.replace("&#36;", "$") and "&lt;strong&gt;" not in page
    assert "<math" in page   # the formula is still a formula
