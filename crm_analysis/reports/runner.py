"""Execute parameterized notebooks with papermill and write HTML reports atomically.

``run_report`` runs one notebook; ``build_reports`` runs every entry of the
manifest (``crm_analysis/reports/manifest.yml``) and writes ``index.html``.

Parameters are checked against :func:`papermill.inspect_notebook` (papermill
itself only warns about unknown names; here they are an error).  A report is
rendered to a temporary file and moved into place only when the whole run
succeeded, so a failed run never leaves a half-written report.
"""
from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

import nbformat
import papermill
import yaml
from jupyter_client.manager import AsyncKernelManager
from traitlets import CaselessStrEnum

from ..config import NOTEBOOKS_DIR, REPORTS_DIR
from ..exceptions import CRMDataError
from .labels import LANGUAGES
from ..provenance import PARAMETERS_ENV
from .render import audience_of, render_html

MANIFEST_PATH = Path(__file__).with_name("manifest.yml")
KERNEL_NAME = "crm-analysis"


class ReportError(RuntimeError):
    """A notebook failed while executing; the message names the notebook and the cell."""


def resolve_notebook(notebook) -> Path:
    """A notebook path from a path or a bare name such as ``"30_mgmt_customer_value"``."""
    path = Path(notebook)
    if path.suffix != ".ipynb":
        path = path.with_suffix(".ipynb")
    if not path.exists() and not path.is_absolute():
        path = NOTEBOOKS_DIR / path.name
    if not path.exists():
        available = sorted(p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb"))
        raise CRMDataError(f"no notebook {notebook!r}; available: {available}")
    return path


def notebook_parameters(path: Path) -> dict:
    """The notebook's declared parameters and their defaults (from the cell tagged ``parameters``)."""
    return {name: spec["default"] for name, spec in papermill.inspect_notebook(str(path)).items()}


def check_parameters(path: Path, parameters: dict) -> None:
    """Raise CRMDataError for a parameter the notebook does not declare."""
    declared = notebook_parameters(path)
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise CRMDataError(f"notebook {path.name} has no parameter(s) {unknown}; it declares {sorted(declared)}")


def _literal(default: str):
    """Turn papermill's source-text default into a Python value (for the provenance record)."""
    try:
        return yaml.safe_load(default)
    except yaml.YAMLError:
        return default


def run_report(notebook, parameters: dict | None = None, output_dir=REPORTS_DIR, lang: str = "en", *,
               output_name: str | None = None, title: str | None = None, timeout: int = 900) -> Path:
    """Execute ``notebook`` with ``parameters`` and write ``<output_dir>/<name>.html``.

    Parameters
    ----------
    notebook : str or Path
        A path or a name in ``notebooks/``.
    parameters : dict, optional
        Values for the notebook's ``parameters`` cell; unknown names are a CRMDataError.
    output_dir : path
        Where the HTML goes (created when missing).
    lang : {"en", "zh"}
        Report language; passed to notebooks that declare a ``lang`` parameter.
    output_name : str, optional
        File name without ``.html`` (default: the notebook's name).

    Returns
    -------
    Path of the written report.

    Raises
    ------
    CRMDataError for unknown parameters or notebooks; ReportError when a cell fails.
    """
    if lang not in LANGUAGES:
        raise CRMDataError(f"lang must be one of {LANGUAGES}, got {lang!r}")
    path = resolve_notebook(notebook)
    parameters = dict(parameters or {})
    check_parameters(path, parameters)
    declared = notebook_parameters(path)
    if "lang" in declared:
        parameters.setdefault("lang", lang)
    full = {name: _literal(default) for name, default in declared.items()} | parameters
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / f"{output_name or path.stem}.html"
    executed = _execute(path, parameters, full, timeout)
    html = render_html(executed, audience=audience_of(path.stem), lang=lang, title=title or path.stem)
    _write_atomically(target, html)
    return target


def _execute(path: Path, parameters: dict, full: dict, timeout: int) -> nbformat.NotebookNode:
    with tempfile.TemporaryDirectory(prefix="crm-report-") as scratch, _report_environment(full):
        out = Path(scratch) / path.name
        try:
            papermill.execute_notebook(str(path), str(out), parameters=parameters, kernel_name=_kernel_name(),
                                       cwd=str(path.parent), progress_bar=False, log_output=False,
                                       execution_timeout=timeout, kernel_manager_class=LocalKernelManager)
        except papermill.PapermillExecutionError as exc:
            raise ReportError(f"notebook {path.name} failed in cell {exc.cell_index} "
                              f"(execution count {exc.exec_count}): {exc.ename}: {exc.evalue}") from None
        return nbformat.read(out, as_version=4)


@contextmanager
def _report_environment(full_parameters: dict):
    """Expose the run's parameters to the kernel (for the provenance footer) and hide warnings' noise."""
    previous = os.environ.get(PARAMETERS_ENV)
    os.environ[PARAMETERS_ENV] = json.dumps(full_parameters, default=str, ensure_ascii=False)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(PARAMETERS_ENV, None)
        else:
            os.environ[PARAMETERS_ENV] = previous


class LocalKernelManager(AsyncKernelManager):
    """A kernel manager that talks to the kernel over local (IPC) sockets instead of TCP on localhost.

    The kernel never leaves this machine, and ipykernel then does not print its
    "running over TCP without encryption" warning for every report.
    """

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)


def _kernel_name() -> str:
    """Our own kernel spec when installed (``make`` installs it into .venv), else the default python3."""
    from jupyter_client.kernelspec import KernelSpecManager

    return KERNEL_NAME if KERNEL_NAME in KernelSpecManager().find_kernel_specs() else "python3"


def _write_atomically(target: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------------------- the whole suite
def load_manifest(path=MANIFEST_PATH) -> list[dict]:
    """The report entries: notebook, output, audience, title and description per language, parameters."""
    with open(path, encoding="utf-8") as handle:
        entries = yaml.safe_load(handle)["reports"]
    for entry in entries:
        entry.setdefault("output", entry["notebook"])
        entry.setdefault("parameters", {})
        entry["audience"] = audience_of(entry["notebook"])
    return sorted(entries, key=lambda entry: entry["notebook"])


def build_reports(*, only=None, params: dict | None = None, output_dir=REPORTS_DIR, lang: str = "en",
                  manifest=MANIFEST_PATH, progress: bool = True, test_parameters: bool = False) -> list[Path]:
    """Render every report in the manifest (or those named in ``only``) and write ``index.html``.

    ``params`` maps a notebook name to parameter overrides.  With
    ``test_parameters=True`` each entry's small ``test_parameters`` are used
    (the test suite does this).  Returns the paths written, index last.
    """
    from tqdm.auto import tqdm

    entries = load_manifest(manifest)
    if only:
        wanted = set(only)
        unknown = wanted - {e["notebook"] for e in entries} - {e["output"] for e in entries}
        if unknown:
            raise CRMDataError(f"no report named {sorted(unknown)}; known: {[e['notebook'] for e in entries]}")
        entries = [e for e in entries if e["notebook"] in wanted or e["output"] in wanted]
    params = params or {}
    written = []
    for entry in tqdm(entries, desc="reports", unit="report", disable=not progress):
        parameters = dict(entry["parameters"])
        if test_parameters:
            parameters.update(entry.get("test_parameters", {}))
        parameters.update(params.get(entry["notebook"], {}))
        written.append(run_report(entry["notebook"], parameters, output_dir, lang, output_name=entry["output"],
                                  title=entry["title"].get(lang, entry["title"]["en"])))
    from .index import write_index

    written.append(write_index(load_manifest(manifest), output_dir, lang))
    return written
