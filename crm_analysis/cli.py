"""The ``crm-analysis`` command.

    crm-analysis reports [--only NAME ...] [--params FILE.yml] [--output-dir DIR] [--lang en|zh]
    crm-analysis run NOTEBOOK [-p NAME VALUE ...] [--output-dir DIR] [--lang en|zh]

``--params FILE.yml`` maps notebook names to parameter overrides, e.g.::

    30_mgmt_customer_value:
      observation_end: "1997-12-31"

``-p NAME VALUE`` values are read as YAML scalars (``-p n 100`` gives an int).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from .config import REPORTS_DIR
from .exceptions import CRMDataError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="crm-analysis", description="CRM analytics reports.")
    commands = parser.add_subparsers(dest="command", required=True)
    reports = commands.add_parser("reports", help="render every report in the manifest, plus index.html")
    reports.add_argument("--only", nargs="+", metavar="NAME", help="render only these reports")
    reports.add_argument("--params", type=Path, metavar="FILE.yml", help="per-notebook parameter overrides")
    _common(reports)
    run = commands.add_parser("run", help="execute one notebook with parameters and render it")
    run.add_argument("notebook", help="a notebook path or name, e.g. 30_mgmt_customer_value")
    run.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    _common(run)
    return parser


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output-dir", type=Path, default=REPORTS_DIR, help="where HTML goes (default reports/)")
    parser.add_argument("--lang", choices=["en", "zh"], default="en", help="report language")


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    from .reports import ReportError, build_reports, run_report

    try:
        if args.command == "reports":
            params = yaml.safe_load(args.params.read_text(encoding="utf-8")) if args.params else {}
            written = build_reports(only=args.only, params=params or {}, output_dir=args.output_dir, lang=args.lang)
        else:
            parameters = {name: yaml.safe_load(value) for name, value in args.parameter}
            written = [run_report(args.notebook, parameters, args.output_dir, args.lang)]
    except (CRMDataError, ReportError, FileNotFoundError) as exc:
        print(f"crm-analysis: error: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
