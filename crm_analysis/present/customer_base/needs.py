"""What a section of report 33 needs when its data are missing: the :class:`Needs` record, the import
commands, and the needs-data box the page shows (the rest of the report renders).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..catalogue import check_language, text

#: the import options of the customer columns the sections need (CLI flags of crm-analysis import customers)
_COLUMN_FLAGS = {"sales_plan": "--sales-plan-col", "balance": "--balance-col", "credit_limit": "--credit-limit-col",
                 "cost_to_serve": "--cost-to-serve-col", "service_budget": "--service-budget-col",
                 "acquisition_date": "--acquisition-date-col", "churn": "--churn-col",
                 "churn_date": "--churn-date-col"}


# ====================================================================== what a section needs
@dataclass(frozen=True)
class Needs:
    """Data a section lacks: ``what`` (catalogue key of the noun phrase) and ``how`` (the import command)."""

    what: str
    how: str
    fields: tuple = ()
    intro: str = "r33_needs_intro"


def _columns_needs(columns) -> "Needs":
    """What a section needs when the customer table lacks ``columns`` (and the import command)."""
    key = "r33_needs_column" if len(columns) == 1 else "r33_needs_columns"
    return Needs(key, _customer_columns_how(columns), (("columns", ", ".join(columns)),))


def _customer_columns_how(columns) -> str:
    flags = " ".join(f"{_COLUMN_FLAGS.get(c, '--' + c.replace('_', '-') + '-col')} COLUMN" for c in columns)
    if "tenure" in columns:
        flags += " --tenure-unit months"
    return f"crm-analysis import customers FILE --store DB --customer-col ID {flags}"


_HOW = {
    "complaints": "crm-analysis import complaints FILE --store DB --customer-col ID --date-col DATE "
                  "--resolved-col RESOLVED --category-col CATEGORY --days-to-resolve-col DAYS",
    "survey": "crm-analysis import survey FILE --store DB --customer-col ID --scale MIN MAX --date-col DATE",
    "customers": "crm-analysis import customers FILE --store DB --customer-col ID",
}


def needs_sentence(needs: Needs, lang: str = "en") -> str:
    """"This section needs <what>. Import it with: `command`; the rest of the report does not need it." (Markdown)."""
    check_language(lang)
    what = text(needs.what, lang, **dict(needs.fields))
    return text("r33_needs", lang, what=what, how=needs.how)


def section_needs(needs: Needs, lang: str = "en"):
    """A section's needs-data box (the page goes on after it)."""
    what = text(needs.what, lang, **dict(needs.fields))
    return _needs_box(text(needs.intro, lang, what=what), needs.how, lang)


def _needs_box(intro: str, how: str, lang: str):
    import html

    from IPython.display import HTML

    body = (f'<div class="crm-notice crm-notice-info" style="background:#e8f1fb;border-left:4px solid #0173b2;'
            f'padding:0.6em 1em;margin:0.8em 0;"><p>{html.escape(intro)}</p>'
            f'<pre style="white-space:pre-wrap;margin:0.3em 0;"><code>{html.escape(how)}</code></pre>'
            f'<p>{html.escape(text("r33_needs_after", lang))}</p></div>')
    return HTML(body)
