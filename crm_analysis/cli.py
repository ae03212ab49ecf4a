"""The ``crm-analysis`` command.

    crm-analysis reports [--store DB] [--only NAME ...] [--params FILE.yml] [--output-dir DIR] [--lang en|zh]
    crm-analysis run NOTEBOOK [--store DB] [-p NAME VALUE ...] [--output-dir DIR] [--lang en|zh]
    crm-analysis init DB --name NAME --currency CODE [--margin SHARE] [--offer-cost AMOUNT]
    crm-analysis import transactions FILE --store DB --customer-col C --date-col D --amount-col A
                 [--transaction-col T] [--quantity-col Q] [--date-format F] [--encoding E] [--decimal ,]
                 [--thousands .] [--strip-currency] [--sheet S] [--header-row N] [--drop-duplicates]
    crm-analysis import customers FILE --store DB --customer-col C [--churn-col L [--churned-value LABEL]]
                 [--tenure-col M --tenure-unit days|weeks|months|years]
                 [--acquisition-date-col X] [--acquisition-cost-col X] [--cost-to-serve-col X]
                 [--credit-limit-col X] [--balance-col X] [--sales-plan-col X] [--service-budget-col X]
                 [--retention-cost-col X] [--churn-date-col X] [--date-format F] [--thousands ,] [--strip-currency]
    crm-analysis import survey FILE --store DB [--customer-col C] --scale MIN MAX [--missing-codes -99 99]
                 [--date-col D [--date-format F]]
    crm-analysis import complaints FILE --store DB --customer-col C --date-col D [--resolved-col R
                 [--resolved-value V]] [--category-col K] [--days-to-resolve-col N | --resolved-date-col RD]
                 [--complaint-id-col I] [--date-format F] [--encoding E] [--sep S]

Each import prints what it added, updated and skipped, and why (warnings as
``crm-analysis: warning: ...`` lines on stderr).

``--params FILE.yml`` maps notebook names to parameter overrides, e.g.::

    30_mgmt_customer_value:
      observation_end: 1997-12-31
      n_boot: 200

``-p NAME VALUE`` and the values of a ``--params`` file are read as the type
the notebook declares for that parameter (``observation_end: str`` gets the
text ``1997-12-31``, ``n_boot: int`` the number 200, ``sample: bool`` accepts
true/false, yes/no, on/off); a value that does not fit, an unknown parameter
or notebook name, or an unusable ``--output-dir`` is an error before any
notebook runs.  See :mod:`crm_analysis.reports.parameters`.

Every subcommand is a subparser with a ``handler(args) -> int``; :func:`main`
turns the errors a user can fix (``CRMDataError``, ``ReportError``, file and
permission errors) into ``crm-analysis: error: ...`` on stderr and exit
status 1, and Ctrl-C / SIGTERM into a short message and status 130 / 143
(128 + the signal number), after the command's own clean-up has run.
"""
from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from .config import REPORTS_DIR
from .exceptions import CRMDataError
from .reports.interrupt import RunInterrupted, interruptible

PROG = "crm-analysis"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="CRM analytics: customer database and reports.")
    commands = parser.add_subparsers(dest="command", required=True)
    reports = commands.add_parser("reports", help="render every report in the manifest, plus index.html")
    reports.add_argument("--only", nargs="+", metavar="NAME", help="render only these reports")
    reports.add_argument("--params", type=Path, metavar="FILE.yml", help="per-notebook parameter overrides")
    _common(reports)
    reports.set_defaults(handler=_reports)
    run = commands.add_parser("run", help="execute one notebook with parameters and render it")
    run.add_argument("notebook", help="a notebook path or name, e.g. 30_mgmt_customer_value")
    run.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                     help="a parameter value, read as the type the notebook declares (repeatable)")
    _common(run)
    run.set_defaults(handler=_run)
    _data_commands(commands)
    return parser


def _data_commands(commands) -> None:
    """``init`` and ``import``: the customer database from the command line (names are a contract)."""
    init = commands.add_parser("init", help="create a customer database for a business")
    init.add_argument("database", type=Path, metavar="DB", help="the database file to create, e.g. shop.duckdb")
    init.add_argument("--name", required=True, help="the business's name, as reports show it")
    init.add_argument("--currency", required=True, help="ISO 4217 code of the amounts, e.g. CNY, EUR, USD")
    init.add_argument("--margin", type=float, metavar="SHARE",
                      help="profit share of revenue, 0 < SHARE <= 1 (0.3 = 30 %%); reports then speak of profit")
    init.add_argument("--offer-cost", type=float, metavar="AMOUNT",
                      help="cost of one retention contact (discount plus the call), in the currency of the amounts")
    init.set_defaults(handler=_init)
    kinds = commands.add_parser("import", help="import a file into a customer database").add_subparsers(
        dest="kind", required=True, metavar="{transactions,customers,survey,complaints}")
    transactions = kinds.add_parser("transactions", help="a transaction log: one row per purchase")
    _import_common(transactions)
    transactions.add_argument("--date-col", required=True, metavar="D", help="purchase date column")
    amount = transactions.add_mutually_exclusive_group(required=True)
    amount.add_argument("--amount-col", metavar="A", help="money column")
    amount.add_argument("--no-amount", action="store_true", help="the log has no money column")
    transactions.add_argument("--transaction-col", metavar="T",
                              help="order id: re-imports and overlapping exports are matched on it")
    transactions.add_argument("--quantity-col", metavar="Q", help="quantity column")
    transactions.add_argument("--date-format", metavar="F", help='strftime format of the dates, e.g. "%%d/%%m/%%Y"')
    transactions.add_argument("--tz", metavar="ZONE", help="convert time-aware dates to this zone, e.g. Asia/Shanghai")
    transactions.add_argument("--thousands", metavar="SEP", help="thousands separator of the amounts, e.g. . or ,")
    transactions.add_argument("--strip-currency", action="store_true", help="remove currency signs and codes (¥ € USD)")
    transactions.add_argument("--drop-duplicates", action="store_true",
                              help="skip rows identical to stored rows or to earlier rows of the file")
    transactions.set_defaults(handler=_import_transactions)
    customers = kinds.add_parser("customers", help="customer attributes: one row per customer")
    _import_common(customers)
    customers.add_argument("--churn-col", metavar="L", help="churned or not (two labels, e.g. Yes/No, 1/0, 流失/在网)")
    customers.add_argument("--churned-value", metavar="LABEL",
                           help="the label of --churn-col that means the customer left, when the labels do not say "
                                "it (e.g. cancelled; a column 'active' with Yes/No takes No)")
    customers.add_argument("--tenure-col", metavar="M", help="tenure (a number; needs --tenure-unit)")
    customers.add_argument("--tenure-unit", choices=["days", "weeks", "months", "quarters", "years"],
                           help="the unit of --tenure-col")
    customers.add_argument("--thousands", metavar="SEP", help="thousands separator of numbers")
    for role, meaning in _ROLE_HELP.items():
        customers.add_argument(f"--{role.replace('_', '-')}-col", metavar="X", dest=f"{role}_col", help=meaning)
    customers.add_argument("--date-format", metavar="F",
                           help='strftime format of the date columns, e.g. "%%d/%%m/%%Y" (default: inferred per column)')
    customers.add_argument("--strip-currency", action="store_true",
                           help="remove currency signs and codes (¥ € USD) from the money columns")
    customers.set_defaults(handler=_import_customers)
    survey = kinds.add_parser("survey", help="survey answers on a declared scale")
    _import_common(survey, customer_required=False)
    survey.add_argument("--scale", nargs=2, type=float, required=True, metavar=("MIN", "MAX"),
                        help="the answer scale of every item, e.g. 1 10")
    survey.add_argument("--missing-codes", nargs="+", default=[], metavar="CODE",
                        help='answers that mean "no answer", e.g. -99 99')
    survey.add_argument("--items", nargs="+", metavar="ITEM", help="the answer columns (default: every numeric one)")
    survey.add_argument("--date-col", metavar="D", help="response date column (not an item)")
    survey.add_argument("--date-format", metavar="F", help='strftime format of the dates, e.g. "%%d/%%m/%%Y"')
    survey.set_defaults(handler=_import_survey)
    complaints = kinds.add_parser("complaints", help="a complaint log: one row per complaint")
    _import_common(complaints)
    complaints.add_argument("--date-col", required=True, metavar="D", help="complaint date column")
    complaints.add_argument("--resolved-col", metavar="R",
                            help="resolved or not (e.g. yes/no, 1/0, resolved/open, 已解决/未解决; blank = unknown)")
    complaints.add_argument("--resolved-value", metavar="V",
                            help="the label of --resolved-col that means resolved, when the labels do not say it "
                                 "(e.g. closed); every other label then means not resolved")
    complaints.add_argument("--category-col", metavar="K", help="what the complaint is about (text)")
    days = complaints.add_mutually_exclusive_group()
    days.add_argument("--days-to-resolve-col", metavar="N", help="days from the complaint to its resolution")
    days.add_argument("--resolved-date-col", metavar="RD",
                      help="resolution date column (the days to resolve are computed from it)")
    complaints.add_argument("--complaint-id-col", metavar="I",
                            help="complaint (ticket) number: re-imports and overlapping exports are matched on it")
    complaints.add_argument("--date-format", metavar="F", help='strftime format of the dates, e.g. "%%d/%%m/%%Y"')
    complaints.set_defaults(handler=_import_complaints)


#: the customer roles of ``import customers`` and their help (units as the database records them)
_ROLE_HELP = {
    "acquisition_date": "date the customer was acquired",
    "acquisition_cost": "one-off cost of acquiring the customer (currency)",
    "cost_to_serve": "cost of serving one order (currency per order)",
    "credit_limit": "credit limit (currency)",
    "balance": "current receivable balance (currency; may be negative)",
    "sales_plan": "planned revenue (currency per month)",
    "service_budget": "budgeted cost-to-serve (currency per month)",
    "retention_cost": "yearly cost of keeping the customer (currency per year)",
    "churn_date": "date the account was closed (blank while a customer)",
}


def _import_common(parser: argparse.ArgumentParser, *, customer_required: bool = True) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="a CSV, Excel, Parquet or SPSS (.sav) file")
    parser.add_argument("--store", type=Path, required=True, metavar="DB", help="the database (crm-analysis init)")
    parser.add_argument("--customer-col", required=customer_required, metavar="C", help="customer id column")
    parser.add_argument("--encoding", metavar="E", help="text encoding of a CSV (detected: UTF-8, GBK/GB18030)")
    parser.add_argument("--decimal", choices=[".", ","],
                        help="decimal mark of numbers (default .; numbers like 1.234 that could be thousands ask)")
    parser.add_argument("--sep", metavar="S", help="CSV field separator (detected among , ; tab |)")
    parser.add_argument("--sheet", metavar="S", help="Excel sheet name (default: the first sheet)")
    parser.add_argument("--header-row", type=int, metavar="N", help="row number of the header (default: detected)")


def _init(args) -> int:
    from .store import CustomerStore

    with CustomerStore.create(args.database, name=args.name, currency=args.currency, margin=args.margin,
                              offer_cost=args.offer_cost) as store:
        facts = store.describe()
    extra = "".join([f", margin {facts['margin']:g}" if facts["margin"] is not None else "",
                     f", one retention contact costs {facts['offer_cost']:g} {facts['currency']}"
                     if facts["offer_cost"] is not None else ""])
    print(f"created {args.database}: {facts['name']}, amounts in {facts['currency']}{extra}")
    return 0


def _open_store(path: Path):
    from .store import CustomerStore

    if not path.exists():
        raise CRMDataError(f"no customer database at {path}: create it first with "
                           f"{PROG} init {path} --name NAME --currency CODE")
    return CustomerStore(path)


def _reading(args) -> dict:
    return dict(encoding=args.encoding, decimal=args.decimal, sep=args.sep, sheet=args.sheet,
                header_row=args.header_row)


def _report_import(run) -> int:
    """Run an import, printing its warnings as plain lines and then what it added, skipped and why."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = run()
        except CRMDataError as exc:
            raise CRMDataError(_as_flags(str(exc))) from None
        finally:
            for warning in caught:
                print(f"{PROG}: warning: {_as_flags(str(warning.message))}", file=sys.stderr)
    print(result)
    return 0


#: the reader's option names as they are spelled on the command line
_FLAG_PATTERNS = [
    (r"strip_currency=True", "--strip-currency"), (r"drop_duplicates=True", "--drop-duplicates"),
    (r"date_format='([^']*)'", r'--date-format "\1"'),
    (r"decimal=',',? (?:and )?thousands='([^']*)'", r"--decimal , --thousands \1"),
    (r"decimal=','", "--decimal ,"), (r"decimal='\.'", "--decimal ."), (r"thousands=' '", '--thousands " "'),
    (r"thousands='([^']*)'", r"--thousands \1"),
    (r"missing_codes=\(([^)]*)\)( \(in read_survey or declare_scale\))?", lambda m: "--missing-codes " + " ".join(
        code.strip() for code in m.group(1).split(",") if code.strip())),
    (r"scale=\(low, high\)", "--scale MIN MAX"), (r"items=\[\.\.\.\]", "--items ITEM ..."),
    (r"\b(encoding|sheet)='([^']*)'", lambda m: f"--{m.group(1)} {m.group(2)}"),
    (r"\btransaction_col='([^']*)'", r"--transaction-col \1"),
    (r"\bchurned_value='([^']*)'", r"--churned-value \1"),
    (r"\bresolved_value='([^']*)'", r"--resolved-value \1"),
    (r"\broles=\{'(\w+)': [^}]*\}", lambda m: f"--{m.group(1).replace('_', '-')}-col"),
    (r"\b(resolved_value|resolved_col|complaint_id_col|date_col|days_to_resolve_col|resolved_date_col)="
     r"(?:'([^']*)')?", lambda m: "--" + m.group(1).replace("_", "-") + (f" {m.group(2)}" if m.group(2) else "")),
    (r"\b(churned_value|tenure_unit|churn_col|tenure_col)=", lambda m: "--" + m.group(1).replace("_", "-")),
    (r"\b(date_format|header_row|encoding|transaction_col|sheet)=", lambda m: "--" + m.group(1).replace("_", "-")),
]


def _as_flags(text: str) -> str:
    """Rewrite the API hints in a message (``strip_currency=True``) as the flags a CLI user types."""
    import re

    for pattern, replacement in _FLAG_PATTERNS:
        text = re.sub(pattern, replacement, text)
    return text


def _import_transactions(args) -> int:
    with _open_store(args.store) as store:
        return _report_import(lambda: store.add_transactions(
            args.file, customer_col=args.customer_col, date_col=args.date_col,
            amount_col=None if args.no_amount else args.amount_col, transaction_col=args.transaction_col,
            quantity_col=args.quantity_col, drop_duplicates=args.drop_duplicates, date_format=args.date_format,
            tz=args.tz, thousands=args.thousands, strip_currency=args.strip_currency, **_reading(args)))


def _import_customers(args) -> int:
    roles = {role: getattr(args, f"{role}_col") for role in _ROLE_HELP if getattr(args, f"{role}_col")}
    with _open_store(args.store) as store:
        return _report_import(lambda: store.add_customers(
            args.file, customer_col=args.customer_col, churn_col=args.churn_col, churned_value=args.churned_value,
            tenure_col=args.tenure_col, tenure_unit=args.tenure_unit, roles=roles or None,
            date_format=args.date_format, thousands=args.thousands, strip_currency=args.strip_currency,
            **_reading(args)))


def _import_survey(args) -> int:
    codes = [_code(value) for value in args.missing_codes]
    with _open_store(args.store) as store:
        reading = _reading(args)
        return _report_import(lambda: store.add_survey(
            args.file, scale=tuple(args.scale), items=args.items, missing_codes=codes,
            customer_col=args.customer_col, date_col=args.date_col, date_format=args.date_format, **reading))


def _import_complaints(args) -> int:
    with _open_store(args.store) as store:
        return _report_import(lambda: store.add_complaints(
            args.file, customer_col=args.customer_col, date_col=args.date_col, resolved_col=args.resolved_col,
            resolved_value=args.resolved_value, category_col=args.category_col,
            days_to_resolve_col=args.days_to_resolve_col, resolved_date_col=args.resolved_date_col,
            complaint_id_col=args.complaint_id_col, date_format=args.date_format, **_reading(args)))


def _code(value: str):
    """A missing code from the command line: a number when it reads as one (-99), else the text (n/a)."""
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() else number


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output-dir", type=Path, default=REPORTS_DIR, help="where HTML goes (default reports/)")
    parser.add_argument("--lang", choices=["en", "zh"], default="en", help="report language")
    parser.add_argument("--store", type=Path, metavar="DB",
                        help="your customer database (crm-analysis init/import); default: the bundled demo data")


def _reports(args) -> int:
    """Render the pack; print each file written, then (on stderr) the reports that wait for data."""
    from .reports import build_reports
    from .reports.parameters import load_params_file

    from .reports.runner import BuildError

    params = load_params_file(args.params) if args.params else {}
    failure = None
    try:
        written = build_reports(only=args.only, params=params, output_dir=args.output_dir, lang=args.lang,
                                store=args.store)
    except BuildError as exc:  # the other reports were written: list them, then say what failed
        written, failure = exc.written, exc
    for path in written:
        print(path)
    for path in written:
        _note_needs_data(path)
    if failure is not None:
        for message in failure.failures:
            print(f"{PROG}: error: {message}", file=sys.stderr)
        return 1
    return 0


def _note_needs_data(path: Path) -> None:
    from .reports.output import read_record

    needs = read_record(path)["needs_data"]
    if needs:
        print(f"{PROG}: note: {path.name} shows a needs-data page: {needs['message']}", file=sys.stderr)


def _run(args) -> int:
    from .reports import run_report
    from .reports.parameters import cli_value

    parameters = {}
    for name, value in args.parameter:
        if name in parameters:
            raise CRMDataError(f"parameter {name!r} is given twice with -p; give it once")
        parameters[name] = cli_value(value)
    if args.store is not None:
        from .reports.runner import STORE_PARAMETER, notebook_parameters, resolve_notebook

        if STORE_PARAMETER not in notebook_parameters(resolve_notebook(args.notebook)):
            print(f"{PROG}: note: {args.notebook} does not read a customer database (no 'store' parameter); "
                  f"it renders from its bundled data", file=sys.stderr)
    path = run_report(args.notebook, parameters, args.output_dir, args.lang, store=args.store)
    print(path)
    _note_needs_data(path)
    return 0


def _user_errors() -> tuple[type[BaseException], ...]:
    """Errors a user can fix: reported in one message, without a traceback."""
    errors: tuple[type[BaseException], ...] = (CRMDataError, OSError)
    if "crm_analysis.reports.runner" in sys.modules:  # ReportError lives with the (heavy) runner
        errors += (sys.modules["crm_analysis.reports.runner"].ReportError,)
    return errors


def _error_message(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename is not None and exc.strerror:
        text = f"{exc.strerror}: {exc.filename}"
    else:
        text = str(exc) or type(exc).__name__
    first, *rest = text.strip().splitlines() or [""]
    return "\n".join([f"{PROG}: error: {first}", *(f"  {line}" for line in rest)])


def main(argv=None) -> int:
    """Run the command line; return the exit status (0 ok, 1 error, 130 Ctrl-C, 143 SIGTERM)."""
    args = _parser().parse_args(argv)
    try:
        with interruptible():
            return args.handler(args)
    except KeyboardInterrupt as exc:
        signum = exc.signum if isinstance(exc, RunInterrupted) else signal.SIGINT
        print(f"{PROG}: interrupted by {signal.Signals(signum).name}", file=sys.stderr)
        return 128 + signum
    except _user_errors() as exc:
        print(_error_message(exc), file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
