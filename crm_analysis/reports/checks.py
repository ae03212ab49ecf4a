"""What a reader must never see on a rendered report: :func:`page_problems`.

The team's "clean pages" rules as one checker, run by the tests on every
rendered report.  It reads the page as a reader does: the *visible text*
(tags, attributes, styles, scripts and embedded images removed; code cells
of teaching pages are code, not results, and are skipped; so is the
provenance footer, which names the user's own files on purpose) and the
addresses the browser would fetch (``src`` attributes, ``<link href>``,
CSS ``url()``/``@import``).

Each problem is one line naming the rule and showing the offending text, e.g.
``"kernel or temp path: '/tmp/ipykernel_41/2.py:3: UserWarning'"``.
"""
from __future__ import annotations

import html
import re

__all__ = ["page_problems", "visible_text"]

_REMOVE_BLOCKS = (
    re.compile(r"<script\b.*?</script>", re.S | re.I),
    re.compile(r"<style\b.*?</style>", re.S | re.I),
    re.compile(r"<!--.*?-->", re.S),
    # code of code cells and code blocks (pygments): "np.nan" in code is not a NaN shown to the reader
    re.compile(r"<div class=\"highlight[^\"]*\"><pre>.*?</pre></div>", re.S),
    # the provenance footer names the user's input files (possibly under /tmp) on purpose
    re.compile(r"<div class=['\"]crm-provenance['\"]>.*?</table></div>", re.S),
)
_MATH = re.compile(r"<math\b.*?</math>", re.S | re.I)
_TAGS = re.compile(r"<[^>]+>")

#: (rule name, pattern on the visible text)
_TEXT_RULES = (
    ("kernel or temp path", re.compile(r"(?:/tmp/|/var/folders/|site-packages|dist-packages|crm-report-|"
                                       r"ipykernel_|\.ipython/)\S*")),
    ("raw warning", re.compile(r"\b\w*Warning: ")),
    ("traceback", re.compile(r"Traceback \(most recent call last\)|\bTraceback\b")),
    ("dtype printout", re.compile(r"\bdtype: ?\w*")),
    ("raw LaTeX", re.compile(r"\$\$|\\frac\b|\\sum\b|\\begin\{")),
    ("count with decimals", re.compile(r"(?<![\w.])[1-9][\d,]*\d\.000\b(?!\.\d)")),
    ("NaN shown", re.compile(r"(?<![A-Za-z])(?:NaN|nan|NaT|<NA>)(?![A-Za-z])")),
)
_REMOTE = re.compile(
    r"""(?:\bsrc\s*=\s*["']?\s*|<link\b[^>]*\bhref\s*=\s*["']?\s*|url\(\s*["']?\s*|@import\s+["']?)((?:https?:)?//[^\s"'<>)]+)""",
    re.I)


def visible_text(page: str) -> str:
    """The text of ``page`` a reader sees (entities decoded; code cells, styles, scripts, footer removed)."""
    for pattern in _REMOVE_BLOCKS:
        page = pattern.sub(" ", page)
    page = _MATH.sub(" ", page)
    return html.unescape(_TAGS.sub(" ", page))


def page_problems(html_text: str, lang: str) -> list[str]:
    """Every "clean pages" problem of a rendered report, one line each; ``[]`` for a clean page.

    Flags kernel and temp paths (``/tmp/``, ``site-packages``, ``crm-report-``,
    ``ipykernel_``), raw warning blocks (``UserWarning: ...``), tracebacks,
    ``dtype:`` printouts, formulas left as LaTeX (``$$``, ``\\frac``),
    counts printed with decimals (``2357.000``), NaN shown to the reader and
    any address the browser would fetch from the network.  ``lang`` is the
    page's language (``"en"``/``"zh"``); no rule depends on it yet (whether a
    Chinese page's figures are Chinese is checked on the figures themselves,
    not on their alt text).
    """
    if lang not in ("en", "zh"):
        raise ValueError(f"lang must be 'en' or 'zh', got {lang!r}")
    problems = []
    for url in dict.fromkeys(_REMOTE.findall(html_text)):
        problems.append(f"fetched from the network: {url!r}")
    text = visible_text(html_text)
    for rule, pattern in _TEXT_RULES:
        for match in dict.fromkeys(m.group(0) for m in pattern.finditer(text)):
            start = text.find(match)
            context = " ".join(text[max(0, start - 40):start + len(match) + 40].split())
            problems.append(f"{rule}: {match!r} in '...{context}...'")
    return problems
