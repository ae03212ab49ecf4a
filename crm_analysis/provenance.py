"""Provenance: what a report was made from.

Every report ends with :func:`report_footer`, which shows the package version,
the parameters of the run, the SHA-256 of each input file the run read and the
run date.  Input files are recorded by the loaders themselves
(:func:`record_input` is called by :mod:`crm_analysis.datasets` and
:func:`crm_analysis.store.read_table`), so a notebook cannot forget one.
The runner passes the full parameter set to the kernel through the
``CRM_ANALYSIS_REPORT_PARAMETERS`` environment variable (JSON).
"""
from __future__ import annotations

import hashlib
import html
import json
import os
from datetime import datetime, timezone
from pathlib import Path

PARAMETERS_ENV = "CRM_ANALYSIS_REPORT_PARAMETERS"
_INPUTS: dict[str, str] = {}


def file_sha256(path) -> str:
    """SHA-256 hex digest of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def record_input(path) -> None:
    """Remember that this session read ``path`` (hashed once, when first recorded)."""
    path = Path(path).resolve()
    key = str(path)
    if key not in _INPUTS and path.is_file():
        _INPUTS[key] = file_sha256(path)


def recorded_inputs() -> dict[str, str]:
    """Files read so far in this session, mapped to their SHA-256."""
    return dict(_INPUTS)


def run_parameters() -> dict | None:
    """The parameters the report runner passed in, or None in an interactive session."""
    raw = os.environ.get(PARAMETERS_ENV)
    return json.loads(raw) if raw else None


def provenance_record() -> dict:
    """Version, parameters, inputs (path -> SHA-256) and run date (UTC) as a dict."""
    from . import __version__

    return {
        "package": f"crm_analysis {__version__}",
        "parameters": run_parameters(),
        "inputs": recorded_inputs(),
        "run_date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


class Footer:
    """Rich display of a provenance record (HTML in reports, text in a console)."""

    def __init__(self, record: dict, lang: str = "en"):
        self.record = record
        self.lang = lang

    def _rows(self):
        from .present.catalogue import text as label

        record = self.record
        params = record["parameters"]
        params_text = ("; ".join(f"{k} = {v!r}" for k, v in params.items()) if params
                       else label("interactive_parameters", self.lang))
        inputs = record["inputs"] or {}
        yield label("package", self.lang), record["package"]
        yield label("parameters", self.lang), params_text
        for path, sha in inputs.items():
            yield label("input_file", self.lang), f"{_short_path(path)} — SHA-256 {sha}"
        if not inputs:
            yield label("input_file", self.lang), label("no_input_files", self.lang)
        yield label("run_date", self.lang), record["run_date"]

    def _repr_html_(self):
        from .present.catalogue import text as label

        rows = "".join(f"<tr><th style='text-align:left;padding-right:1em;white-space:nowrap;vertical-align:top'>{html.escape(k)}</th>"
                       f"<td style='text-align:left;font-family:var(--jp-code-font-family, monospace);word-break:break-all'>{html.escape(v)}</td></tr>"
                       for k, v in self._rows())
        return (f"<div class='crm-provenance'><h3>{html.escape(label('provenance', self.lang))}</h3>"
                f"<table>{rows}</table></div>")

    def __repr__(self):
        return "\n".join(f"{k}: {v}" for k, v in self._rows())


def report_footer(lang: str = "en") -> Footer:
    """The provenance block that ends every report (display it as a notebook's last output)."""
    return Footer(provenance_record(), lang=lang)


def _short_path(path: str) -> str:
    """Show paths inside the project relative to it; others as given."""
    from .config import PROJECT_ROOT

    try:
        return str(Path(path).relative_to(PROJECT_ROOT))
    except ValueError:
        return path
