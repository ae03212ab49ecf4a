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

from ..present.exports import TEXT as _EXPORT_TEXT
from .labels import LANGUAGES
from .output import read_record, write_atomically

_AUDIENCE_NAMES = {
    "en": {"teach": "Teaching (code shown)", "research": "Research (code shown)", "mgmt": "Management (no code)"},
    "zh": {"teach": "教学（含代码）", "research": "研究（含代码）", "mgmt": "管理层报告（无代码）"},
}
_TEXT = {
    "en": {"title": "crm_analysis reports", "built": "Built", "missing": "not built in this run",
           "intro": "Customer value, satisfaction and loyalty, and churn: rendered from the bundled data.",
           "intro_store": "Customer value, satisfaction and loyalty, and churn for {name}: rendered from the "
                          "customer database {file} (reports that do not read a database use their bundled data)."},
    "zh": {"title": "crm_analysis 报告", "built": "生成时间", "missing": "本次未生成",
           "intro": "客户价值、满意度与忠诚度、客户流失：基于内置数据生成。",
           "intro_store": "{name}的客户价值、满意度与忠诚度、客户流失：基于客户数据库 {file} 生成"
                          "（不读取数据库的报告使用内置数据）。"},
}


def write_index(entries: list[dict], output_dir, lang: str = "en", *, store=None) -> Path:
    """Write ``index.html`` in ``output_dir`` listing ``entries`` grouped by audience; return its path.

    ``store`` (the customer database the reports were rendered from) puts the
    business's name and the file name in the introduction.
    """
    from .. import __version__

    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {lang!r}")
    output_dir = Path(output_dir)
    text = _TEXT[lang]
    sections = []
    for audience, heading in _AUDIENCE_NAMES[lang].items():
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
                link = f"{title} <em>({text['missing']})</em>"
            items.append(f"<li>{link}<br><span class='desc'>{description}</span>{extra}</li>")
        if items:
            sections.append(f"<h2>{html.escape(heading)}</h2><ul>{''.join(items)}</ul>")
    built = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    page = f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{text['title']}</title>
<style>
 body {{ font-family: system-ui, sans-serif; max-width: 860px; margin: 2em auto; padding: 0 1em; color: #222; }}
 li {{ margin: 0.6em 0; }} .lists, .needs {{ font-size: 0.92em; margin-top: 0.2em; }} .needs {{ color: #8a5a00; }} .desc {{ color: #555; font-size: 0.92em; }} footer {{ color: #777; font-size: 0.85em; margin-top: 2em; }}
</style></head>
<body><h1>{text['title']}</h1><p>{_intro(text, store)}</p>
{''.join(sections)}
<footer>crm_analysis {__version__} · {text['built']} {built}</footer>
</body></html>
"""
    return write_atomically(output_dir / "index.html", page)


def _intro(text: dict, store) -> str:
    if store in (None, ""):
        return html.escape(text["intro"])
    from ..store import CustomerStore

    with CustomerStore(store, read_only=True) as db:
        name = db.business.get("name") or Path(store).stem
    return html.escape(text["intro_store"].format(name=name, file=Path(store).name))


def _record_html(output_dir: Path, report: Path, lang: str) -> str:
    """The lists a report wrote (links to the files present) and its needs-data note, as HTML."""
    record = read_record(report)
    parts = []
    if record["needs_data"]:
        what = record["needs_data"].get("what", "")
        parts.append(f"<div class='needs'>{html.escape(_EXPORT_TEXT['needs_data_index'][lang].format(what=what))}</div>")
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
            count = (_EXPORT_TEXT["export_rows_one"][lang] if rows == 1
                     else _EXPORT_TEXT["export_rows"][lang].format(n=f"{rows:,}"))
            count = f" ({html.escape(count)})"
        links.append(f"{html.escape(str(entry.get('title') or entry.get('name')))}{count}: {kinds}")
    if links:
        parts.append(f"<div class='lists'>{html.escape(_EXPORT_TEXT['lists'][lang])}: {'; '.join(links)}</div>")
    return "".join(parts)
