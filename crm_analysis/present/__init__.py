"""Presentation: the one home of what a reader sees (design.md §1).

* :mod:`.catalogue` -- every word in English and Chinese (prose, tables, figures);
* :mod:`.format` -- money in the business's currency, counts, shares, page tables;
* :mod:`.figures` -- :func:`localize` puts a figure into the page's language;
* :mod:`.page` -- the title block (business, period, currency, synthetic-data box),
  exclusion sentences, KPI tables;
* :mod:`.exports` -- action lists written as CSV and Excel beside the report;
  the one-page "this report needs ..." message.

Engines never import this package; notebooks and the report runner do.
"""
from .catalogue import LANGUAGES, text, translate
from .figures import UntranslatedTextWarning, localize
from .format import Currency, count, currency, display_table, money, number, percent
from .page import ReportContext, exclusion_sentence, kpi_table, notice, title_block

__all__ = ["LANGUAGES", "text", "translate", "localize", "UntranslatedTextWarning", "Currency", "currency", "money",
           "count", "number", "percent", "display_table", "ReportContext", "title_block", "notice",
           "exclusion_sentence", "kpi_table", "export_list", "needs_data", "ReportNeedsData"]


def __getattr__(name):
    # the exports module is written by the report runner's side; imported on first use
    if name in {"export_list", "needs_data", "ReportNeedsData"}:
        from . import exports

        return getattr(exports, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
