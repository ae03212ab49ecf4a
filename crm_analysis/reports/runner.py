"""Execute parameterized notebooks with papermill and write HTML reports atomically.

``run_report`` runs one notebook; ``build_reports`` runs every entry of the
manifest (``crm_analysis/reports/manifest.yml``) and writes ``index.html``.

Before anything runs, every parameter is checked against the type its
notebook declares (:mod:`crm_analysis.reports.parameters`; papermill itself
only warns about unknown names, here they are an error) and the output
directory is created and proved writable (:mod:`crm_analysis.reports.output`).

A report is rendered to a temporary file and moved into place only when the
whole run succeeded, so a failed run never leaves a half-written report.
Everything a run creates outside the output directory -- the executed
notebook, the kernel's connection file and its IPC sockets, and the kernel's
own temporary files (its ``TMPDIR``) -- lives in one scratch folder
``crm-report-*`` in the system temp dir, removed when the run ends, also when
it is interrupted: Ctrl-C or SIGTERM (:mod:`crm_analysis.reports.interrupt`)
stops the kernel and raises :class:`~crm_analysis.reports.interrupt.RunInterrupted`
(a ``KeyboardInterrupt``) after the clean-up.
"""
from __future__ import annotations

import json
import logging
import os
import signal
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import nbformat
import papermill
import yaml
from jupyter_client.manager import AsyncKernelManager
from traitlets import CaselessStrEnum

from ..config import NOTEBOOKS_DIR, REPORTS_DIR
from ..exceptions import CRMDataError
from ..provenance import PARAMETERS_ENV
from .interrupt import RunInterrupted, interruptible
from .labels import LANGUAGES
from .output import prepare_output_dir, write_atomically
from .parameters import coerce_parameters, notebook_parameters
from .render import audience_of, render_html

MANIFEST_PATH = Path(__file__).with_name("manifest.yml")
KERNEL_NAME = "crm-analysis"
#: longest path of a Unix socket (108 bytes on Linux, 104 on macOS) with room for the "-NN" suffix
_MAX_SOCKET_PATH = 100
#: seconds a stopped kernel gets to exit after SIGTERM before it is killed
_KERNEL_STOP_GRACE = 2.0

__all__ = ["ReportError", "RunInterrupted", "run_report", "build_reports", "resolve_notebook",
           "notebook_parameters", "check_parameters", "load_manifest", "MANIFEST_PATH"]


class ReportError(RuntimeError):
    """A notebook failed while executing; the message names the notebook and the cell."""


class _KnownParametersOnly(logging.Filter):
    """papermill warns about names its regular expressions did not find (e.g. ``x: str | None``); we check them."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Passed unknown parameter")


logging.getLogger("papermill").addFilter(_KnownParametersOnly())


def resolve_notebook(notebook) -> Path:
    """A notebook path from a path or a bare name such as ``"30_mgmt_customer_value"``."""
    path = Path(notebook)
    if path.suffix != ".ipynb":
        path = path.with_suffix(".ipynb")
    if not path.exists() and not path.is_absolute():
        path = NOTEBOOKS_DIR / path.name
    if not path.exists():
        available = sorted(p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb"))
        raise CRMDataError(f"no notebook {str(notebook)!r}; available: {available}")
    return path.absolute()


def check_parameters(path, parameters: dict | None, lang: str = "en") -> tuple[dict, dict]:
    """The parameters for one run of the notebook at ``path``, checked before anything runs.

    Returns ``(given, full)``: ``given`` are the values passed to papermill
    (each checked against and converted to its declared type, plus ``lang``
    when the notebook declares it); ``full`` adds the defaults of the rest
    (for the provenance record).  Raises CRMDataError for an unknown name, a
    value that does not fit its declared type, or a ``lang`` parameter that
    contradicts ``lang``.
    """
    path = Path(path)
    declared = notebook_parameters(path)
    given = coerce_parameters(path.name, declared, dict(parameters or {}))
    if "lang" in declared:
        if given.setdefault("lang", lang) != lang:
            raise CRMDataError(f"notebook {path.name}: parameter 'lang' is {given['lang']!r} but the report "
                               f"language is {lang!r}; choose the language with --lang (lang=) only")
    full = {name: spec.default for name, spec in declared.items()} | given
    return given, full


def run_report(notebook, parameters: dict | None = None, output_dir=REPORTS_DIR, lang: str = "en", *,
               output_name: str | None = None, title: str | None = None, timeout: int = 900) -> Path:
    """Execute ``notebook`` with ``parameters`` and write ``<output_dir>/<name>.html``.

    Parameters
    ----------
    notebook : str or Path
        A path or a name in ``notebooks/``.
    parameters : dict, optional
        Values for the notebook's ``parameters`` cell, checked against the
        declared types (see :mod:`crm_analysis.reports.parameters`: a ``str``
        parameter given ``datetime.date(1997, 12, 31)`` gets ``"1997-12-31"``;
        an ``int`` parameter given ``"1.5"`` is an error).
    output_dir : path
        Where the HTML goes (created when missing; checked to be writable before the notebook runs).
    lang : {"en", "zh"}
        Report language; passed to notebooks that declare a ``lang`` parameter.
    output_name : str, optional
        File name without ``.html`` (default: the notebook's name).

    Returns
    -------
    Path of the written report.

    Raises
    ------
    CRMDataError
        Unknown notebook or parameter, a value of the wrong type, an unusable output directory.
    ReportError
        A cell failed (no report is written).
    RunInterrupted
        Ctrl-C or SIGTERM during the run (a ``KeyboardInterrupt``; no report and no temporary files are left).
    """
    if lang not in LANGUAGES:
        raise CRMDataError(f"lang must be one of {LANGUAGES}, got {lang!r}")
    path = resolve_notebook(notebook)
    given, full = check_parameters(path, parameters, lang)
    target = _target(prepare_output_dir(output_dir), output_name or path.stem)
    with interruptible():
        return _run(path, given, full, target, lang, title or path.stem, timeout)


def _target(output_dir: Path, name: str) -> Path:
    if not name or Path(name).name != name or name in (".", ".."):
        raise CRMDataError(f"report name {name!r} must be a plain file name (no directories)")
    return output_dir / f"{name}.html"


def _run(path: Path, given: dict, full: dict, target: Path, lang: str, title: str, timeout: int) -> Path:
    executed = _execute(path, given, full, timeout)
    html = render_html(executed, audience=audience_of(path.stem), lang=lang, title=title)
    return write_atomically(target, html)


def _execute(path: Path, parameters: dict, full: dict, timeout: int) -> nbformat.NotebookNode:
    """Run the notebook in a worker thread; on Ctrl-C/SIGTERM stop its kernel, clean up, re-raise.

    The worker thread owns the kernel (papermill, nbclient, the zmq sockets);
    the main thread only waits, so it receives the signal (Python delivers
    signals to the main thread) and nbclient's own signal handlers, which
    only work in the main thread, stay out of the way.
    """
    with tempfile.TemporaryDirectory(prefix="crm-report-") as scratch_name, _report_environment(full):
        scratch = Path(scratch_name)
        out = scratch / path.name
        run = _KernelRun(scratch)
        outcome: dict = {}
        done = threading.Event()  # not Thread.join: an interrupted join can mark a live thread stopped (bpo-45274)

        def work():
            from jupyter_core.utils import ensure_event_loop

            try:
                papermill.execute_notebook(str(path), str(out), parameters=parameters, kernel_name=_kernel_name(),
                                           cwd=str(path.parent), progress_bar=False, log_output=False,
                                           execution_timeout=timeout, kernel_manager_class=run.manager_class)
            except BaseException as exc:  # handed to the main thread
                outcome["error"] = exc
            finally:
                ensure_event_loop().close()
                done.set()

        try:
            threading.Thread(target=work, name=f"crm-report-{path.stem}", daemon=True).start()
            while not done.wait(0.1):
                pass
        except BaseException:
            run.stop()
            done.wait(30)  # the worker notices the dead kernel, cleans up and ends
            raise
        error = outcome.get("error")
        if isinstance(error, papermill.PapermillExecutionError):
            raise ReportError(f"notebook {path.name} failed in cell {error.cell_index} "
                              f"(execution count {error.exec_count}): {error.ename}: {error.evalue}") from None
        if error is not None:
            raise error
        return nbformat.read(out, as_version=4)


class _KernelRun:
    """The kernels of one notebook run: their files live in ``scratch``; :meth:`stop` ends them."""

    def __init__(self, scratch: Path):
        self.scratch = scratch
        self.stopping = threading.Event()
        self.managers: list[AsyncKernelManager] = []
        (scratch / "tmp").mkdir()
        run = self
        ipc = len(str(scratch / "kernel-ipc")) + 3 <= _MAX_SOCKET_PATH

        class RunKernelManager(LocalKernelManager):
            def __init__(self, **kwargs):
                kwargs.setdefault("connection_file", str(scratch / "kernel.json"))
                if not ipc:
                    kwargs.setdefault("transport", "tcp")
                super().__init__(**kwargs)
                run.managers.append(self)

            async def start_kernel(self, **kwargs):
                # the kernel's own temporary files go to the scratch folder too
                env = dict(kwargs.pop("env", None) or os.environ)
                env.update(TMPDIR=str(scratch / "tmp"), TEMP=str(scratch / "tmp"), TMP=str(scratch / "tmp"))
                await super().start_kernel(env=env, **kwargs)
                if run.stopping.is_set():  # interrupted while the kernel was starting
                    run.stop()

        self.manager_class = RunKernelManager

    def stop(self) -> None:
        """End every kernel of this run (with its child processes): terminate, then kill after a grace period."""
        self.stopping.set()
        processes = [p for km in self.managers if (p := getattr(km.provisioner, "process", None)) is not None]
        for final in (False, True):
            processes = [p for p in processes if p.poll() is None]
            for process in processes:
                _signal_group(process, final)
            deadline = time.monotonic() + _KERNEL_STOP_GRACE
            while processes and not final and time.monotonic() < deadline and any(p.poll() is None for p in processes):
                time.sleep(0.05)


def _signal_group(process, kill: bool) -> None:
    """SIGTERM (or SIGKILL) the kernel's process group: the kernel leads its own session, so this reaches
    the workers it started too (joblib, multiprocessing); without process groups (Windows) the kernel only."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL if kill else signal.SIGTERM)
        elif kill:
            process.kill()
        else:
            process.terminate()
    except (ProcessLookupError, PermissionError, OSError):
        pass


@contextmanager
def _report_environment(full_parameters: dict):
    """Expose the run's parameters to the kernel (for the provenance footer)."""
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

    ``params`` maps a notebook name (or a report's output name) to parameter
    overrides.  With ``test_parameters=True`` each entry's small
    ``test_parameters`` are used (the test suite does this).  Returns the
    paths written, index last.

    Everything is checked before the first notebook runs: the names in
    ``only`` and the keys of ``params`` (an unknown name is a CRMDataError
    listing the available ones), every parameter of every selected report
    against its notebook's declared types, and the output directory.  An
    interrupted build (Ctrl-C, SIGTERM) keeps the reports finished before the
    interruption, leaves nothing of the one that was running and does not
    write ``index.html``.
    """
    from tqdm.auto import tqdm

    from .index import write_index

    if lang not in LANGUAGES:
        raise CRMDataError(f"lang must be one of {LANGUAGES}, got {lang!r}")
    entries = all_entries = load_manifest(manifest)
    names = {e["notebook"] for e in entries} | {e["output"] for e in entries}
    if only:
        only = [only] if isinstance(only, str) else list(only)
        _check_names(only, names, all_entries, what="--only (only=)")
        entries = [e for e in entries if e["notebook"] in set(only) or e["output"] in set(only)]
    params = dict(params or {})
    _check_names(params, names, all_entries, what="--params (params=)")
    for key, values in params.items():
        if not isinstance(values, dict):
            raise CRMDataError(f"params[{key!r}] must be a mapping of parameter names to values, got {values!r}")
    runs = []
    for entry in entries:
        parameters = dict(entry["parameters"])
        if test_parameters:
            parameters.update(entry.get("test_parameters", {}))
        parameters.update(params.get(entry["notebook"], {}))
        if entry["output"] != entry["notebook"]:
            parameters.update(params.get(entry["output"], {}))
        path = resolve_notebook(entry["notebook"])
        given, full = check_parameters(path, parameters, lang)
        runs.append((entry, path, given, full))
    output_dir = prepare_output_dir(output_dir)
    targets = [_target(output_dir, entry["output"]) for entry, *_ in runs]
    written = []
    with interruptible():
        for (entry, path, given, full), target in zip(tqdm(runs, desc="reports", unit="report",
                                                           disable=not progress), targets):
            title = entry["title"].get(lang, entry["title"]["en"])
            written.append(_run(path, given, full, target, lang, title, 900))
        written.append(write_index(load_manifest(manifest), output_dir, lang))
    return written


def _check_names(given, names: set, entries: list[dict], *, what: str) -> None:
    unknown = sorted(str(name) for name in set(given) - names)
    if unknown:
        raise CRMDataError(f"{what}: no report named {unknown}; available: {sorted(e['notebook'] for e in entries)}")
