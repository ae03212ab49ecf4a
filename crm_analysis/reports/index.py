"""reports/index.html: one page linking every report with its audience and a one-line description.

Under a report's link the index lists the CSV and Excel lists it wrote
(read from the report's record, :func:`~crm_analysis.reports.output.read_record`)
and says when the report is a "needs data" page, so a manager sees from the
index which lists exist and which reports still wait for data.
"""
from __future__ import annotations

import html
from datetime import datetime, timezone
from pathlib import Path

from urllib.parse import quote

from ..present.catalogue import LANGUAGES, text
from ..present.fonts import PAGE_FONT_STACK, font_face_css
from .output import read_record, write_atomically

def write_index(entries: list[dict], output_dir, lang: str = "en", *, store=None) -> Path:
    """Write ``index.html`` in ``output_dir`` listing ``entries`` grouped by audience; return its path.

    ``store`` (the customer database the reports were rendered from) puts the
    business's name and the file name in the introduction.
    """
    from .. import __version__

    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {lang!r}")
    output_dir = Path(output_dir)
    sections = []
    for audience in ("teach", "research", "mgmt"):
        heading = text(f"audience_{audience}", lang)
        items = []
        for entry in (e for e in entries if e["audience"] == audience):
            file_name = f"{entry['output']}.html"
            title = html.escape(entry["title"].get(lang, entry["title"]["en"]))
            description = html.escape(entry["description"].get(lang, entry["description"]["en"]))
            extra = ""
            if (output_dir / file_name).exists():
                link = f"<a href='{html.escape(quote(file_name))}'>{title}</a>"
                extra = _record_html(output_dir, output_dir / file_name, lang)
            else:
                link = f"{title} <em>({text('index_missing', lang)})</em>"
            items.append(f"<li>{link}<br><span class='desc'>{description}</span>{extra}</li>")
        if items:
            sections.append(f"<h2>{html.escape(heading)}</h2><ul>{''.join(items)}</ul>")
    body_text = " ".join(sections) + text("index_title", lang) + _intro(lang, store)
    font_css = font_face_css(body_text)  # Chinese characters of the page, embedded: no boxes without a CJK font
    built = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    page = f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{text('index_title', lang)}</title>
<style>
{font_css}
 body {{ font-family: {PAGE_FONT_STACK}; max-width: 860px; margin: 2em auto; padding: 0 1em; color: #222; }}
 li {{ margin: 0.6em 0; }} .lists, .needs {{ font-size: 0.92em; margin-top: 0.2em; }} .needs {{ color: #8a5a00; }} .desc {{ color: #555; font-size: 0.92em; }} footer {{ color: #777; font-size: 0.85em; margin-top: 2em; }}
</style></head>
<body><h1>{text('index_title', lang)}</h1><p>{_intro(lang, store)}</p>
{''.join(sections)}
<footer>crm_analysis {__version__} · {text('index_built', lang)} {built}</footer>
</body></html>
"""
    return write_atomically(output_dir / "index.html", page)


def _intro(lang: str, store) -> str:
    if store in (None, ""):
        return html.escape(text("index_intro", lang))
    from ..store import CustomerStore

    with CustomerStore(store, read_only=True) as db:
        name = db.business.get("name") or Path(store).stem
    return html.escape(text("index_intro_store", lang, name=name, file=Path(store).name))


def _record_html(output_dir: Path, report: Path, lang: str) -> str:
    """The lists a report wrote (links to the files present) and its needs-data note, as HTML."""
    record = read_record(report)
    parts = []
    if record["needs_data"]:
        what = record["needs_data"].get("what", "")
        parts.append(f"<div class='needs'>{html.escape(text('needs_data_index', lang, what=what))}</div>")
    links = []
    for entry in record["lists"]:
        files = [name for name in entry.get("files", []) if Path(name).name == name and (output_dir / name).is_file()]
        if not files:
            continue
        kinds = " · ".join(f"<a href='{html.escape(quote(name))}'>{'Excel' if name.endswith('.xlsx') else 'CSV'}</a>"
                           for name in files)
        rows = entry.get("rows")
        count = ""
        if isinstance(rows, int):
            count = text("export_rows_one", lang) if rows == 1 else text("export_rows", lang, n=f"{rows:,}")
            count = html.escape(text("in_parentheses", lang, inner=count))
        links.append(f"{html.escape(str(entry.get('title') or entry.get('name')))}{count}"
                     f"{html.escape(text('sep_colon', lang))}{kinds}")
    if links:
        parts.append(f"<div class='lists'>{html.escape(text('lists', lang) + text('sep_colon', lang))}"
                     f"{html.escape(text('sep_semicolon', lang)).join(links)}</div>")
    return "".join(parts)
