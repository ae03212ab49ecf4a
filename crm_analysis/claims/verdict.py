"""The verdict rules of the claims lab: one result type, one interval rule, one rule for synthetic data.

Every claim function (one module per engine: :mod:`.satisfaction`,
:mod:`.value`, :mod:`.churn`) computes an estimate with an interval and
hands it to :func:`_result`, which applies the rules below.  They are decided
before looking at the data, and the same for every user:

* **supported** -- the interval is compatible with the claim: it covers the
  claimed number (or the band around a "~" number), or, for a claim of
  direction ("A is larger than B"), it lies entirely on the claimed side of a
  threshold (:func:`interval_verdict`).
* **not supported** -- the data can test the claim and the interval is not
  compatible with it; the note says what the data show instead.
* **not testable with this data** -- the data do not measure what the claim is
  about (the note says which data would), or the only data are *synthetic*:
  data generated with the effect built in illustrate the method but never
  support a claim about real customers (``evidence="synthetic"``).

This module computes; it writes no sentence in any language.  Texts are
catalogue keys with their values (:class:`~crm_analysis.present.claims.Phrase`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..present.catalogue import LANGUAGES
from ..present.catalogue import text as _text
from ..present.claims import Phrase, render

__all__ = ["ClaimResult", "ClaimCard", "VERDICTS", "SUPPORTED", "NOT_SUPPORTED", "NOT_TESTABLE", "interval_verdict"]

SUPPORTED, NOT_SUPPORTED, NOT_TESTABLE = "supported", "not supported", "not testable with this data"
_VERDICT_KEYS = {SUPPORTED: "teach_verdict_supported", NOT_SUPPORTED: "teach_verdict_not_supported",
                 NOT_TESTABLE: "teach_verdict_not_testable"}
#: verdict -> {language: text} (the words come from the catalogue, crm_analysis/present/catalogue/teach.py)
VERDICTS = {verdict: {lang: _text(key, lang) for lang in LANGUAGES} for verdict, key in _VERDICT_KEYS.items()}
_EVIDENCE = {kind: {lang: _text(f"teach_evidence_{kind}", lang) for lang in LANGUAGES}
             for kind in ("real", "synthetic", "none")}
_COLUMNS = {name: {lang: _text(f"teach_col_{name}", lang) for lang in LANGUAGES}
            for name in ("claim", "statement", "data", "evidence", "measure", "claimed", "estimate", "ci_lower",
                         "ci_upper", "verdict", "note")}


@dataclass
class ClaimResult:
    """One claim tested on one data set: the estimate, its interval and the verdict.

    ``evidence`` is ``"real"``, ``"synthetic"`` or ``"none"``; ``claimed`` is the
    number the claim states on the scale of ``estimate`` (NaN for a claim of
    direction); ``details`` holds the supporting table (per group, per level ...).

    The texts are language-neutral: ``measure`` and ``data`` are
    :class:`~crm_analysis.present.claims.Phrase` values (a catalogue key and its
    fields) or a plain value such as "–", and ``note`` is a tuple of phrases,
    one per sentence; :meth:`text` renders any of them in a language.
    """

    claim: str
    measure: object
    data: object
    evidence: str
    estimate: float
    ci_lower: float
    ci_upper: float
    claimed: float
    verdict: str
    note: tuple = ()
    ci_level: float = 0.95
    details: pd.DataFrame | None = field(default=None, repr=False)
    #: the values the figure of the claim draws (C7: revenue per customer; C6: a frame of each surveyed
    #: customer's satisfaction index 0-100 and profit), and their currency code
    values: pd.Series | pd.DataFrame | None = field(default=None, repr=False)
    currency: str | None = None

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {list(VERDICTS)}, got {self.verdict!r}")
        if self.evidence not in _EVIDENCE:
            raise ValueError(f"evidence must be one of {list(_EVIDENCE)}, got {self.evidence!r}")

    def text(self, name: str, lang: str = "en") -> str:
        """``statement``, ``measure``, ``note``, ``verdict``, ``evidence`` or ``data`` in ``lang`` ("en" or "zh")."""
        if lang not in ("en", "zh"):
            raise ValueError(f"lang must be 'en' or 'zh', got {lang!r}")
        if name == "verdict":
            return VERDICTS[self.verdict][lang]
        if name == "evidence":
            return _EVIDENCE[self.evidence][lang]
        if name == "statement":
            return _text(f"teach_statement_{self.claim.lower()}", lang)
        if name == "data":  # a data set's name; a database's own (demo) name is translated as the title block does
            from ..present.catalogue import translate

            english = render(self.data, "en")
            return translate(english, lang) or render(self.data, lang)
        if name == "note":
            return render(tuple(self.note), lang).strip()
        if name == "measure":
            return render(self.measure, lang)
        raise ValueError(f"no text {name!r}; choose from statement, measure, note, verdict, evidence, data")

    def to_frame(self, lang: str = "en", digits: int = 3) -> pd.DataFrame:
        """The result as a two-column table (field, value) for display."""
        rows = {
            "claim": self.claim, "statement": self.text("statement", lang), "data": self.text("data", lang),
            "evidence": self.text("evidence", lang), "measure": self.text("measure", lang),
            "claimed": _fmt(self.claimed, digits), "estimate": _fmt(self.estimate, digits),
            "ci_lower": _fmt(self.ci_lower, digits), "ci_upper": _fmt(self.ci_upper, digits),
            "verdict": self.text("verdict", lang), "note": self.text("note", lang),
        }
        return pd.DataFrame({"": [_COLUMNS[k][lang] for k in rows], " ": list(rows.values())}).set_index("")

    def card(self, lang: str = "en", digits: int = 3) -> "ClaimCard":
        """The result for display in a notebook: every field in full, the verdict highlighted."""
        return ClaimCard(self.to_frame(lang, digits)[" "], self.verdict, _COLUMNS["verdict"][lang])


_VERDICT_COLOURS = {SUPPORTED: "#1a7f37", NOT_SUPPORTED: "#b42318", NOT_TESTABLE: "#57606a"}


class ClaimCard:
    """Rich display of a :class:`ClaimResult` (HTML in notebooks and reports, text in a console)."""

    def __init__(self, fields: pd.Series, verdict: str, verdict_row: str):
        self.fields = fields
        self.verdict = verdict
        self.verdict_row = verdict_row

    def _repr_html_(self) -> str:
        import html

        rows = []
        for name, value in self.fields.items():
            style = "text-align:left;padding:2px 8px;vertical-align:top"
            shown = html.escape(str(value))
            if name == self.verdict_row:
                shown = f"<b style='color:{_VERDICT_COLOURS[self.verdict]}'>{shown}</b>"
            rows.append(f"<tr><th style='{style};white-space:nowrap'>{html.escape(name)}</th>"
                        f"<td style='{style}'>{shown}</td></tr>")
        return f"<table class='crm-claim' style='max-width:60em'>{''.join(rows)}</table>"

    def __repr__(self) -> str:
        return "\n".join(f"{name}: {value}" for name, value in self.fields.items())


def _fmt(value: float, digits: int) -> str:
    return "–" if value is None or not np.isfinite(value) else f"{value:.{digits}f}"


# ---------------------------------------------------------------------------- verdict rule
def interval_verdict(ci_lower: float, ci_upper: float, *, claimed: float | None = None,
                     band: float = 0.0, greater_than: float | None = None) -> str:
    """The verdict of an interval against a claim (the rule every claim function uses).

    * ``claimed`` given: **supported** when the interval overlaps
      ``[claimed - band, claimed + band]`` (``band=0``: covers the claimed value);
    * ``greater_than`` given: **supported** when the whole interval lies above it
      (``ci_lower > greater_than``), e.g. 0 for "the effect is positive";
    * otherwise **not supported**.  A missing interval (NaN) is **not testable**.

    >>> interval_verdict(0.65, 0.70, claimed=0.8, band=0.05)
    'not supported'
    >>> interval_verdict(0.1, 0.4, greater_than=0)
    'supported'
    """
    if (claimed is None) == (greater_than is None):
        raise ValueError("give exactly one of claimed= and greater_than=")
    if not (np.isfinite(ci_lower) and np.isfinite(ci_upper)):
        return NOT_TESTABLE
    if claimed is not None:
        ok = ci_lower <= claimed + band and ci_upper >= claimed - band
    else:
        ok = ci_lower > greater_than
    return SUPPORTED if ok else NOT_SUPPORTED


def _result(claim, *, estimate, ci, claimed, rule, note, data, measure, ci_level, synthetic=False, evidence=None,
            details=None, values=None, currency=None):
    """Assemble a ClaimResult.  Synthetic data can never support a claim: their verdict is "not testable"."""
    return ClaimResult(claim=claim, measure=measure, data=data,
                       evidence=evidence or ("synthetic" if synthetic else "real"), estimate=float(estimate),
                       ci_lower=float(ci[0]), ci_upper=float(ci[1]), claimed=float(claimed),
                       verdict=NOT_TESTABLE if synthetic else rule,
                       note=note if isinstance(note, tuple) else (note,), ci_level=ci_level, details=details,
                       values=values, currency=currency)


def _mark_synthetic(note: tuple, synthetic: bool) -> tuple:
    """Add the sentence "illustration only" to a note when the data are synthetic."""
    return note + (Phrase("teach_note_synthetic_only"),) if synthetic else note


def _synthetic_note(claim: str, finding: tuple) -> tuple:
    """The finding, then: the effect was built into the synthetic data (how), and which data would test it."""
    c = claim.lower()
    return finding + (Phrase("teach_note_synthetic_built_in", how=Phrase(f"teach_how_{c}"),
                             needed=Phrase(f"teach_needed_synthetic_{c}")),)


#: the claims, in order (their statements are the catalogue entries teach_statement_c1 ... teach_statement_c11)
_CLAIMS = tuple(f"C{i}" for i in range(1, 12))


def _not_testable(claim) -> ClaimResult:
    """No bundled data measure the claim: the note says which data would (teach_needed_cN)."""
    note = Phrase("teach_note_not_bundled", needed=Phrase(f"teach_needed_{claim.lower()}"))
    return _result(claim, estimate=np.nan, ci=(np.nan, np.nan), claimed=np.nan, rule=NOT_TESTABLE, note=note,
                   data="–", evidence="none", measure="–", ci_level=np.nan)


def _level(level: str) -> Phrase:
    """A satisfaction level ("very dissatisfied" ...) as its catalogue phrase."""
    return Phrase(f"teach_level_{level.replace(' ', '_')}")


def _wilson(count, n, ci_level):
    """Wilson score interval of a proportion ``count / n`` (statsmodels ``proportion_confint``)."""
    from statsmodels.stats.proportion import proportion_confint

    return proportion_confint(count, n, alpha=1 - ci_level, method="wilson")
