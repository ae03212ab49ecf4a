"""Render an executed notebook to HTML for its audience and language (nbconvert).

* Markdown cells may carry ``metadata.lang`` (``"en"`` or ``"zh"``): the
  renderer keeps the cells of the chosen language and every untagged cell.
* Management reports (``mgmt``) show no code: input cells, the ``parameters``
  and ``injected-parameters`` cells, prompts and warnings (stderr output) are
  dropped.  Teaching and research reports keep the code; their warnings become
  short notes (:func:`clean_warnings`).
* The page opens correctly offline: it loads nothing from the network.
  Formulas are converted to MathML when the page is made
  (:func:`math_to_mathml`) instead of being typeset in the browser by MathJax
  from a CDN, and nbconvert's other CDN scripts (require.js, mermaid, widgets)
  are left out.  The fonts: Latin text uses the reader's usual fonts, and a
  subset of Noto Sans CJK SC holding the page's Chinese characters is embedded
  (:mod:`crm_analysis.present.fonts`), so Chinese never shows as boxes.

Which dollar signs are math.  nbconvert keeps ``$...$`` and ``$$...$$`` of a
markdown cell as they are; in a report a dollar sign is as likely to be
money ("costs $50 and $60").  The rule (Pandoc's): ``$$...$$`` is display
math; ``$...$`` is inline math only when the opening ``$`` is followed by a
non-space character, the next ``$`` is preceded by a non-space character and
not followed by a digit.  "$50 and $60" therefore stays text, ``$x^2$`` and
``$T_{X\\to sat}$`` are formulas.  Only markdown (cells and ``text/markdown``
outputs) and ``text/latex`` outputs are converted; code, tables and text
output never are.
"""
from __future__ import annotations

import copy
import html
import re

import jinja2
import nbformat
from nbconvert import HTMLExporter

try:  # jinja2 >= 3
    from jinja2 import pass_context
except ImportError:  # pragma: no cover - old jinja2
    from jinja2 import contextfilter as pass_context

from ..present.catalogue import LANGUAGES, text, translate

AUDIENCES = ("teach", "research", "mgmt")
_PARAMETER_TAGS = {"parameters", "injected-parameters"}

__all__ = ["AUDIENCES", "audience_of", "select_language", "strip_for_management", "clean_warnings",
           "warning_notes", "math_to_mathml", "render_html", "THIRD_PARTY_WARNINGS"]

#: a little CSS so tables fit the page and figures scale on narrow screens; the font stacks start with the
#: embedded CJK subset, used only for its characters ({page_fonts} / {code_fonts} are filled in by render_html)
_EXTRA_CSS = """
<style>
  :root {{
    --jp-content-font-family: {page_fonts};
    --jp-ui-font-family: {page_fonts};
    --jp-code-font-family: {code_fonts};
  }}
  body {{ max-width: 1100px; margin: 0 auto; font-family: var(--jp-content-font-family); }}
  .jp-RenderedHTMLCommon table {{ font-size: 0.9em; }}
  .jp-OutputArea-output {{ overflow-x: auto; }}
  .jp-RenderedImage img {{ max-width: 100%; height: auto; }}
  .jp-RenderedHTMLCommon math[display="block"] {{ display: block; margin: 0.8em 0; font-size: 1.1em; }}
  .crm-provenance {{ margin-top: 2em; padding-top: 0.5em; border-top: 1px solid #ccc; font-size: 0.85em; color: #444; }}
  .crm-note {{ margin: 0.3em 0; padding: 0.3em 0.8em; border-left: 3px solid #de8f05; background: #fdf6ec; }}
  .crm-note p {{ margin: 0.2em 0; }}
{font_face}</style>
"""

#: nbconvert's lab template without anything fetched from a CDN (require.js, MathJax, mermaid, widgets)
_OFFLINE_TEMPLATE = "crm_offline.html.j2"
_OFFLINE_TEMPLATE_SOURCE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""

#: warning categories about code, not data (a library's API changing); dropped from teaching pages
THIRD_PARTY_WARNINGS = frozenset({"DeprecationWarning", "PendingDeprecationWarning", "FutureWarning"})


#: the first line of a warning as Python's ``warnings`` module prints it: ``path:line: Category: message``
_WARNING_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<category>[A-Za-z_][\w.]*Warning): (?P<message>.*)$")


def audience_of(notebook_name: str) -> str:
    """The audience encoded in a notebook name ``NN_<audience>_<topic>``."""
    parts = notebook_name.split("_")
    if len(parts) < 3 or parts[1] not in AUDIENCES:
        raise ValueError(f"notebook name {notebook_name!r} does not follow NN_<{'|'.join(AUDIENCES)}>_<topic>")
    return parts[1]


def select_language(nb: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """A copy of ``nb`` keeping markdown cells of ``lang`` and untagged cells."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {lang!r}")
    out = copy.deepcopy(nb)
    out.cells = [c for c in out.cells if c.get("metadata", {}).get("lang", lang) == lang]
    return out


def strip_for_management(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` without parameter cells, warnings and code cells that show nothing."""
    out = copy.deepcopy(nb)
    cells = []
    for cell in out.cells:
        if _PARAMETER_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            continue
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", [])
                            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
            if not cell.outputs:
                continue
        cells.append(cell)
    out.cells = cells
    return out


# --------------------------------------------------------------------------------------------- warnings
def warning_notes(stderr_text: str) -> tuple[list[str], str]:
    """Split a cell's stderr into the messages of its warnings and the rest.

    A warning as Python prints it is ``path:line: Category: message``
    (message lines may follow) and then the offending source line indented
    by two spaces.  Returns ``(messages, rest)``: the message of every
    warning whose category is not in :data:`THIRD_PARTY_WARNINGS` (in order,
    each once), without path, line number, category or source line, and the
    stderr text that is not part of a warning (``""`` when there is none).
    """
    messages: list[str] = []
    rest: list[str] = []
    lines = stderr_text.splitlines()
    i = 0
    while i < len(lines):
        match = _WARNING_LINE.match(lines[i])
        if not match:
            rest.append(lines[i])
            i += 1
            continue
        message = [match["message"].strip()]
        i += 1
        # continuation lines of a multi-line message, up to the indented source line
        while i < len(lines) and lines[i].strip() and not lines[i].startswith("  ") \
                and not _WARNING_LINE.match(lines[i]):
            message.append(lines[i].strip())
            i += 1
        if i < len(lines) and lines[i].startswith("  "):  # the source line that raised it
            i += 1
        text = " ".join(part for part in message if part)
        if match["category"].rsplit(".", 1)[-1] not in THIRD_PARTY_WARNINGS and text and text not in messages:
            messages.append(text)
    remaining = "\n".join(rest).strip("\n")
    return messages, (remaining + "\n" if remaining.strip() else "")


def _note_output(message: str, lang: str) -> nbformat.NotebookNode:
    label = text("note_label", lang)
    colon = text("sep_colon", lang)
    return nbformat.v4.new_output(
        "display_data",
        data={"text/html": f'<div class="crm-note"><p><strong>{html.escape(label + colon.strip())}</strong>'
                           f"{colon[1:]}{html.escape(message)}</p></div>",
              "text/plain": f"{label}{colon}{message}"})


def clean_warnings(nb: nbformat.NotebookNode, lang: str = "en") -> nbformat.NotebookNode:
    """A copy of ``nb`` whose warnings read as short notes (teaching and research pages).

    Every warning printed to stderr becomes a note ``"Note: <message>"``
    (``"注意：<message>"`` in Chinese) in place of the raw block with the
    kernel's file path, line number and source line.  Deprecation and future
    warnings (:data:`THIRD_PARTY_WARNINGS`: a library announcing an API
    change, nothing about the data) are dropped.  Other stderr text stays.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {lang!r}")
    out = copy.deepcopy(nb)
    for cell in out.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for output in cell.get("outputs", []):
            if not (output.get("output_type") == "stream" and output.get("name") == "stderr"):
                outputs.append(output)
                continue
            messages, rest = warning_notes(output.get("text", ""))
            # an engine's message in the page's language where the catalogue has it (present/catalogue/notes.py)
            outputs.extend(_note_output(translate(message, lang) or message, lang) for message in messages)
            if rest:
                output["text"] = rest
                outputs.append(output)
        cell.outputs = outputs
    return out


# ------------------------------------------------------------------------------------------------- math
_SKIP_TAGS = ("code", "pre", "script", "style", "math", "textarea", "kbd", "samp")
_TAG = re.compile(r"(<!--.*?-->|<[^>]+>)", re.S)
_TAG_NAME = re.compile(r"<\s*(/?)\s*([A-Za-z][\w-]*)")


def _math_spans(text: str) -> list[tuple[int, int, str, bool]]:
    """``(start, end, latex, display)`` of every formula in ``text`` (see the module docstring's rule)."""
    spans = []
    n = len(text)
    i = 0
    while i < n:
        starts = [j for j in (text.find("$", i), text.find("\\[", i), text.find("\\(", i)) if j >= 0]
        if not starts:
            break
        j = min(starts)
        if j > 0 and text[j - 1] == "\\":  # an escaped dollar or backslash
            i = j + 1
            continue
        if text.startswith("\\[", j) or text.startswith("\\(", j):
            close, display = (r"\]", True) if text[j + 1] == "[" else (r"\)", False)
            k = text.find(close, j + 2)
            if k > j + 2 and text[j + 2:k].strip():
                spans.append((j, k + 2, text[j + 2:k], display))
                i = k + 2
            else:
                i = j + 2
            continue
        if text.startswith("$$", j):
            k = text.find("$$", j + 2)
            if k > j + 2 and text[j + 2:k].strip():
                spans.append((j, k + 2, text[j + 2:k], True))
                i = k + 2
            else:
                i = j + 2
            continue
        # inline: "$" then a non-space; the next "$" preceded by a non-space and not followed by a digit
        k = text.find("$", j + 1)
        if (j + 1 < n and not text[j + 1].isspace() and k > j + 1 and not text[k - 1].isspace()
                and text[k - 1] != "\\" and not (k + 1 < n and text[k + 1].isdigit())
                and not text.startswith("$$", k) and "\n\n" not in text[j:k]):
            spans.append((j, k + 1, text[j + 1:k], False))
            i = k + 1
        else:
            i = j + 1
    return spans


def _to_mathml(latex: str, display: bool) -> str | None:
    from latex2mathml.converter import convert

    try:
        mathml = convert(latex.strip(), display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - a formula latex2mathml cannot read stays as text
        return None
    mathml = mathml.replace(' xmlns="http://www.w3.org/1998/Math/MathML"', "", 1)
    source = html.escape(latex.strip(), quote=True)
    return mathml.replace("<math ", f'<math alttext="{source}" ', 1)


def _convert_text(text: str) -> str:
    raw = html.unescape(text)
    spans = _math_spans(raw)
    if not spans:
        return text
    pieces, last = [], 0
    for start, end, latex, display in spans:
        mathml = _to_mathml(latex, display)
        if mathml is None:
            continue
        pieces.append(html.escape(raw[last:start], quote=False))
        pieces.append(mathml)
        last = end
    if last == 0:
        return text
    pieces.append(html.escape(raw[last:], quote=False))
    return "".join(pieces)


def math_to_mathml(fragment: str) -> str:
    """``fragment`` (HTML from markdown) with its ``$...$``/``$$...$$`` formulas as MathML.

    Text inside ``<code>``, ``<pre>`` (code blocks), ``<script>``, ``<style>``
    and existing ``<math>`` is left alone.  A formula latex2mathml cannot
    read stays as it was.  The MathML carries the LaTeX source as ``alttext``.
    """
    if "$" not in fragment and "\\" not in fragment:
        return fragment
    parts = _TAG.split(fragment)
    depth = 0
    for index, part in enumerate(parts):
        if index % 2:  # a tag or comment
            name = _TAG_NAME.match(part)
            if name and name[2].lower() in _SKIP_TAGS and not part.rstrip().endswith("/>"):
                depth = max(0, depth - 1) if name[1] else depth + 1
            continue
        if depth == 0 and part:
            parts[index] = _convert_text(part)
    return "".join(parts)


_LATEX_OUTPUT = re.compile(r'(<div class="jp-RenderedLatex[^"]*"[^>]*>)(.*?)(</div>)', re.S)


class _OfflineHTMLExporter(HTMLExporter):
    """nbconvert's lab exporter with formulas as MathML and no CDN scripts."""

    @pass_context
    def markdown2html(self, context, source):
        return math_to_mathml(super().markdown2html(context, protect_money(source)))


def protect_money(source: str) -> str:
    """``source`` (markdown) with the dollar signs that are money written as ``&#36;``.

    nbconvert's markdown parser takes any ``$...$`` pair for math before it
    reads ``**bold**``, so "**$82,965**. Contacting ... $50" lost its bold and
    showed a raw ``<strong>``.  A dollar sign outside every formula of the
    module's rule that is followed by a digit is money: as an HTML entity the
    parser leaves it alone and the browser shows ``$``.
    """
    if "$" not in source:
        return source
    inside = [False] * len(source)
    for start, end, _latex, _display in _math_spans(source):
        inside[start:end] = [True] * (end - start)
    return "".join("&#36;" if ch == "$" and not inside[i] and source[i + 1:i + 2].isdigit()
                   and (i == 0 or source[i - 1] != "\\") else ch
                   for i, ch in enumerate(source))


def _exporter() -> HTMLExporter:
    return _OfflineHTMLExporter(template_name="lab", template_file=_OFFLINE_TEMPLATE,
                                extra_loaders=[jinja2.DictLoader({_OFFLINE_TEMPLATE: _OFFLINE_TEMPLATE_SOURCE})])


def _drop_remote_resources(page: str) -> str:
    """Remove any ``<script src>`` or ``<link href>`` pointing to the network (a safety net)."""
    page = re.sub(r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script>", "", page, flags=re.I)
    return re.sub(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>", "", page, flags=re.I)


def render_html(nb: nbformat.NotebookNode, *, audience: str, lang: str = "en", title: str | None = None) -> str:
    """HTML for an executed notebook, shaped for ``audience`` and ``lang``; self-contained and offline."""
    from ..present.fonts import CODE_FONT_STACK, PAGE_FONT_STACK, font_face_css

    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {AUDIENCES}, got {audience!r}")
    nb = select_language(nb, lang)
    exporter = _exporter()
    if audience == "mgmt":
        nb = strip_for_management(nb)
        exporter.exclude_input = True
        exporter.exclude_input_prompt = True
        exporter.exclude_output_prompt = True
    else:
        nb = clean_warnings(nb, lang)
    if title:  # the notebook's own metadata title is English: the page title follows the report's language
        nb.metadata["title"] = title
    resources = {"metadata": {"name": title or "crm_analysis report"}}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    body = _LATEX_OUTPUT.sub(lambda m: m[1] + math_to_mathml(m[2]) + m[3], body)
    body = _drop_remote_resources(body)
    css = _EXTRA_CSS.format(page_fonts=PAGE_FONT_STACK, code_fonts=CODE_FONT_STACK, font_face=font_face_css(body))
    body = body.replace("</head>", css + "</head>", 1)
    return re.sub(r"<html[^>]*>", f'<html lang="{lang}">', body, count=1)
