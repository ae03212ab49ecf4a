"""reports/index.html: one page linking every report with its audience and a one-line description."""
from __future__ import annotations

import html
from datetime import datetime, timezone
from pathlib import Path

from .labels import LANGUAGES
from .output import write_atomically

_AUDIENCE_NAMES = {
    "en": {"teach": "Teaching (code shown)", "research": "Research (code shown)", "mgmt": "Management (no code)"},
    "zh": {"teach": "教学（含代码）", "research": "研究（含代码）", "mgmt": "管理层报告（无代码）"},
}
_TEXT = {
    "en": {"title": "crm_analysis reports", "built": "Built", "missing": "not built in this run",
           "intro": "Customer value, satisfaction and loyalty, and churn: rendered from the bundled data."},
    "zh": {"title": "crm_analysis 报告", "built": "生成时间", "missing": "本次未生成",
           "intro": "客户价值、满意度与忠诚度、客户流失：基于内置数据生成。"},
}


def write_index(entries: list[dict], output_dir, lang: str = "en") -> Path:
    """Write ``index.html`` in ``output_dir`` listing ``entries`` grouped by audience; return its path."""
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
            if (output_dir / file_name).exists():
                link = f"<a href='{html.escape(file_name)}'>{title}</a>"
            else:
                link = f"{title} <em>({text['missing']})</em>"
            items.append(f"<li>{link}<br><span class='desc'>{description}</span></li>")
        if items:
            sections.append(f"<h2>{html.escape(heading)}</h2><ul>{''.join(items)}</ul>")
    built = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    page = f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{text['title']}</title>
<style>
 body {{ font-family: system-ui, sans-serif; max-width: 860px; margin: 2em auto; padding: 0 1em; color: #222; }}
 li {{ margin: 0.6em 0; }} .desc {{ color: #555; font-size: 0.92em; }} footer {{ color: #777; font-size: 0.85em; margin-top: 2em; }}
</style></head>
<body><h1>{text['title']}</h1><p>{text['intro']}</p>
{''.join(sections)}
<footer>crm_analysis {__version__} · {text['built']} {built}</footer>
</body></html>
"""
    return write_atomically(output_dir / "index.html", page)
