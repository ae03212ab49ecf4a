"""The ``crm-analysis`` command.

    crm-analysis reports [--only NAME ...] [--params FILE.yml] [--output-dir DIR] [--lang en|zh]
    crm-analysis run NOTEBOOK [-p NAME VALUE ...] [--output-dir DIR] [--lang en|zh]

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
    parser = argparse.ArgumentParser(prog=PROG, description="CRM analytics reports.")
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
    return parser


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output-dir", type=Path, default=REPORTS_DIR, help="where HTML goes (default reports/)")
    parser.add_argument("--lang", choices=["en", "zh"], default="en", help="report language")


def _reports(args) -> int:
    from .reports import build_reports
    from .reports.parameters import load_params_file

    params = load_params_file(args.params) if args.params else {}
    for path in build_reports(only=args.only, params=params, output_dir=args.output_dir, lang=args.lang):
        print(path)
    return 0


def _run(args) -> int:
    from .reports import run_report
    from .reports.parameters import cli_value

    parameters = {}
    for name, value in args.parameter:
        if name in parameters:
            raise CRMDataError(f"parameter {name!r} is given twice with -p; give it once")
        parameters[name] = cli_value(value)
    print(run_report(args.notebook, parameters, args.output_dir, args.lang))
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
