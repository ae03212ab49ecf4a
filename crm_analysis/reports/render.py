"""Render an executed notebook to HTML for its audience and language (nbconvert).

* Markdown cells may carry ``metadata.lang`` (``"en"`` or ``"zh"``): the
  renderer keeps the cells of the chosen language and every untagged cell.
* Management reports (``mgmt``) show no code: input cells, the ``parameters``
  and ``injected-parameters`` cells, prompts and warnings (stderr output) are
  dropped.  Teaching and research reports keep the code.
"""
from __future__ import annotations

import copy
import re

import nbformat
from nbconvert import HTMLExporter

from .labels import LANGUAGES

AUDIENCES = ("teach", "research", "mgmt")
_PARAMETER_TAGS = {"parameters", "injected-parameters"}

#: a little CSS so tables fit the page and figures scale on narrow screens
_EXTRA_CSS = """
<style>
  body { max-width: 1100px; margin: 0 auto; }
  .jp-RenderedHTMLCommon table { font-size: 0.9em; }
  .jp-OutputArea-output { overflow-x: auto; }
  .jp-RenderedImage img { max-width: 100%; height: auto; }
  .crm-provenance { margin-top: 2em; padding-top: 0.5em; border-top: 1px solid #ccc; font-size: 0.85em; color: #444; }
</style>
"""


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


def render_html(nb: nbformat.NotebookNode, *, audience: str, lang: str = "en", title: str | None = None) -> str:
    """HTML for an executed notebook, shaped for ``audience`` and ``lang``."""
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {AUDIENCES}, got {audience!r}")
    nb = select_language(nb, lang)
    exporter = HTMLExporter(template_name="lab")
    if audience == "mgmt":
        nb = strip_for_management(nb)
        exporter.exclude_input = True
        exporter.exclude_input_prompt = True
        exporter.exclude_output_prompt = True
    resources = {"metadata": {"name": title or "crm_analysis report"}}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    body = body.replace("</head>", _EXTRA_CSS + "</head>", 1)
    return re.sub(r"<html[^>]*>", f'<html lang="{lang}">', body, count=1)
