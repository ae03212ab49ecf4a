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

**Your own data.**  ``store=`` (``--store DB``) names a customer database
(``crm-analysis init`` / ``import``).  It is checked before anything runs (the
file exists and is a crm_analysis database, opened read-only) and passed, as
an absolute path, to every report that declares a ``store`` parameter; a
report that does not declare one (e.g. the replications of published
results) renders from its bundled data as before.  A report left without a
store (``store=""``) reads its bundled demo database.

**Lists.**  The kernel gets two environment variables
(:data:`~crm_analysis.present.exports.EXPORTS_ENV`, a folder ``exports/`` in the
run's scratch folder, and :data:`~crm_analysis.present.exports.REPORT_NAME_ENV`,
the report's file name); :func:`~crm_analysis.present.exports.export_list`
writes there.  After a successful run the lists are put beside the HTML
together with the page (:func:`~crm_analysis.reports.output.publish_together`),
and a hidden record ``.<report>.report.json`` tells ``index.html`` about them.
A failed or interrupted run leaves neither report nor lists; lists of an
earlier render that the new one no longer writes are removed.

**Missing data.**  A notebook that calls
:func:`~crm_analysis.present.exports.needs_data` ends with a
``ReportNeedsData`` error.  That is not a failure: the executed notebook up to
that cell is rendered without the traceback (the page says what to import
and how) and written as the report; :func:`read_record` of it gives the
message, and ``build_reports`` goes on.
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
from ..present.exports import EXPORTS_ENV, LISTS_RECORD, NEEDS_DATA_RECORD, REPORT_NAME_ENV
from ..provenance import PARAMETERS_ENV
from .interrupt import RunInterrupted, interruptible
from ..present.catalogue import LANGUAGES
from .output import prepare_output_dir, publish_together, read_record, record_path
from .parameters import coerce_parameters, notebook_parameters
from .render import audience_of, render_html

MANIFEST_PATH = Path(__file__).with_name("manifest.yml")
KERNEL_NAME = "crm-analysis"
#: longest path of a Unix socket (108 bytes on Linux, 104 on macOS) with room for the "-NN" suffix
_MAX_SOCKET_PATH = 100
#: seconds a stopped kernel gets to exit after SIGTERM before it is killed
_KERNEL_STOP_GRACE = 2.0

__all__ = ["ReportError", "BuildError", "RunInterrupted", "run_report", "build_reports", "resolve_notebook",
           "notebook_parameters", "check_parameters", "check_store", "read_record", "load_manifest",
           "MANIFEST_PATH", "STORE_PARAMETER", "NEEDS_DATA_ERROR"]

#: the parameter through which a report reads the customer database
STORE_PARAMETER = "store"
#: the exception name (ename) that marks a needs-data page rather than a failure
NEEDS_DATA_ERROR = "ReportNeedsData"


class ReportError(RuntimeError):
    """A notebook failed while executing; the message names the notebook and the cell."""


class _KnownParametersOnly(logging.Filter):
    """papermill warns about names its regular expressions did not find (e.g. ``x: str | None``) and about
    lines it cannot split (a comment with ``=`` in it: ``store: str = ""  # "" = the demo``); we read the
    parameters cell with Python's own parser (:mod:`crm_analysis.reports.parameters`) and check every name."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(("Passed unknown parameter", "Unable to parse line"))


for _logger in ("papermill", "papermill.translators"):  # a logger's filters do not apply to its children's records
    logging.getLogger(_logger).addFilter(_KnownParametersOnly())


class _ReadablePythonTranslator(papermill.translators.PythonTranslator):
    """Papermill's Python translator, but strings written as Python literals that keep their characters.

    Papermill writes ``"\\u5f62\\u8c611"`` for ``"形象1"``: valid, but the parameters cell of a page is
    there to be read (``repr`` gives an equally valid literal with the characters themselves).
    """

    @classmethod
    def translate_str(cls, val):
        return repr(val)


papermill.translators.papermill_translators.register("python", _ReadablePythonTranslator)


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


def check_parameters(path, parameters: dict | None, lang: str = "en", store=None) -> tuple[dict, dict]:
    """The parameters for one run of the notebook at ``path``, checked before anything runs.

    Returns ``(given, full)``: ``given`` are the values passed to papermill
    (each checked against and converted to its declared type, plus ``lang``
    when the notebook declares it, plus ``store`` when the notebook declares
    it and ``store`` is given and ``parameters`` has none); ``full`` adds the
    defaults of the rest (for the provenance record).  A non-empty ``store``
    value is checked with :func:`check_store` and passed as an absolute path;
    so is a ``*_file`` / ``*_path`` value that names an existing file relative
    to the current folder (other relative paths are left to the notebook,
    which reads them relative to the project root).
    Raises CRMDataError for an unknown name, a value that does not fit its
    declared type, a ``lang`` parameter that contradicts ``lang``, or a
    database that is not there or not a customer database.
    """
    path = Path(path)
    declared = notebook_parameters(path)
    parameters = dict(parameters or {})
    if store not in (None, "") and STORE_PARAMETER in declared:
        parameters.setdefault(STORE_PARAMETER, store)
    given = coerce_parameters(path.name, declared, parameters)
    if given.get(STORE_PARAMETER):
        given[STORE_PARAMETER] = check_store(given[STORE_PARAMETER])
    for name, value in given.items():
        # a file named relative to the folder the user works in: the kernel runs elsewhere (notebooks/)
        if name.endswith(("_file", "_path")) and isinstance(value, str) and value:
            file = Path(value).expanduser()
            if not file.is_absolute() and file.exists():
                given[name] = str(file.resolve())
    if "lang" in declared:
        if given.setdefault("lang", lang) != lang:
            raise CRMDataError(f"notebook {path.name}: parameter 'lang' is {given['lang']!r} but the report "
                               f"language is {lang!r}; choose the language with --lang (lang=) only")
    full = {name: spec.default for name, spec in declared.items()} | given
    return given, full


def check_store(store) -> str:
    """The absolute path of the customer database ``store``, checked to be one (read-only, nothing changes).

    Raises CRMDataError when the file is missing (the message says how to
    create it), is a folder, or is not a crm_analysis database (another
    DuckDB file, an empty one, a text file, a newer schema): the error a
    report would otherwise meet minutes later inside its kernel.  A file of
    an older schema is upgraded here, once, before the reports read it (as
    :func:`crm_analysis.store.open_report_store` would do in each of them).
    """
    from .. import store as store_module
    from ..store import CustomerStore

    needs_upgrade = getattr(store_module, "_NeedsUpgrade", ())

    path = Path(store).expanduser()
    if not path.exists():
        raise CRMDataError(f"no customer database at {path}: create one with "
                           f"crm-analysis init {path} --name NAME --currency CODE, then import your files "
                           f"(crm-analysis import transactions|customers|survey FILE --store {path} ...)")
    if path.is_dir():
        raise CRMDataError(f"the customer database {path} is a folder; give the database file (e.g. "
                           f"{path / 'crm.duckdb'})")
    try:
        CustomerStore(path, read_only=True).close()
    except needs_upgrade:
        store_module.upgrade(path)
        CustomerStore(path, read_only=True).close()
    return str(path.resolve())


def run_report(notebook, parameters: dict | None = None, output_dir=REPORTS_DIR, lang: str = "en", *,
               store=None, output_name: str | None = None, title: str | None = None, timeout: int = 900) -> Path:
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
    store : str or Path, optional
        A customer database, passed (absolute) to a notebook that declares
        ``store`` unless ``parameters`` give one; ignored by a notebook that
        does not.  None or ``""``: the notebook's default (its demo database).
    output_name : str, optional
        File name without ``.html`` (default: the notebook's name).
    title : str, optional
        The page's ``<title>``; default the report's title in ``lang`` from the manifest (the notebook's
        name for a notebook that is not in it).

    Returns
    -------
    Path of the written report.  Its lists (CSV, Excel) are beside it;
    ``read_record(path)`` lists them and says whether the page is a
    needs-data page.

    Raises
    ------
    CRMDataError
        Unknown notebook or parameter, a value of the wrong type, an unusable output directory,
        a ``store`` that is not a customer database.
    ReportError
        A cell failed (no report is written).
    RunInterrupted
        Ctrl-C or SIGTERM during the run (a ``KeyboardInterrupt``; no report and no temporary files are left).
    """
    if lang not in LANGUAGES:
        raise CRMDataError(f"lang must be one of {LANGUAGES}, got {lang!r}")
    path = resolve_notebook(notebook)
    given, full = check_parameters(path, parameters, lang, store)
    target = _target(prepare_output_dir(output_dir), output_name or path.stem)
    if title is None:   # the page title the pack gives it (manifest), in the report language
        entry = next((e for e in load_manifest() if e["notebook"] == path.stem), None)
        title = entry["title"].get(lang, entry["title"]["en"]) if entry else path.stem
    with interruptible():
        return _run(path, given, full, target, lang, title, timeout)


def _target(output_dir: Path, name: str) -> Path:
    if not name or Path(name).name != name or name in (".", ".."):
        raise CRMDataError(f"report name {name!r} must be a plain file name (no directories)")
    return output_dir / f"{name}.html"


def _run(path: Path, given: dict, full: dict, target: Path, lang: str, title: str, timeout: int) -> Path:
    """One report: execute in a scratch folder, render, then put the page and its lists in place together."""
    with tempfile.TemporaryDirectory(prefix="crm-report-") as scratch_name:
        scratch = Path(scratch_name)
        exports = scratch / "exports"
        exports.mkdir()
        with _report_environment(full, exports=exports, report_name=target.stem):
            executed = _execute(path, given, full, timeout, scratch)
        html = render_html(executed, audience=audience_of(path.stem), lang=lang, title=title)
        lists = _exported_lists(exports, target.stem)
        needs = _needs_data(executed, exports)
        _publish(target, html, exports, lists, needs)
    return target


def _exported_lists(exports: Path, report_name: str) -> list[dict]:
    """The lists the kernel recorded in ``exports`` whose files are there (named after this report)."""
    try:
        entries = json.loads((exports / LISTS_RECORD).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except ValueError as exc:
        raise ReportError(f"the list record {LISTS_RECORD} written during the run is damaged ({exc})") from None
    lists = []
    for entry in entries:
        files = [str(name) for name in entry.get("files", [])]
        if files and all(Path(name).name == name and name.startswith(f"{report_name}_")
                         and (exports / name).is_file() for name in files):
            lists.append({"name": entry.get("name"), "title": entry.get("title"), "rows": entry.get("rows"),
                          "files": files})
    return lists


def _needs_data(executed: nbformat.NotebookNode, exports: Path) -> dict | None:
    """``{"what", "how", "message"}`` of a needs-data page (what needs_data() recorded), None for a full report."""
    message = executed.metadata.get("crm_analysis", {}).get("needs_data")
    if message is None:
        return None
    try:
        recorded = json.loads((exports / NEEDS_DATA_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        recorded = {}
    return {"what": str(recorded.get("what", message)), "how": str(recorded.get("how", "")), "message": message}


def _publish(target: Path, html: str, exports: Path, lists: list[dict], needs: dict | None) -> None:
    """Write the page, its lists and its record as one step; drop the files an earlier render had and this one not."""
    record = record_path(target)
    old_files = {name for entry in read_record(target)["lists"] for name in entry.get("files", [])}
    new_files = [name for entry in lists for name in entry["files"]]
    files: list[tuple[Path, object]] = [(target.parent / name, exports / name) for name in new_files]
    if lists or needs:
        files.append((record, json.dumps({"lists": lists, "needs_data": needs}, ensure_ascii=False, indent=1)))
    files.append((target, html))
    stale = [target.parent / name for name in sorted(old_files - set(new_files)) if Path(name).name == name]
    if not (lists or needs):
        stale.append(record)
    publish_together(files, remove=stale)


def _execute(path: Path, parameters: dict, full: dict, timeout: int, scratch: Path) -> nbformat.NotebookNode:
    """Run the notebook in a worker thread; on Ctrl-C/SIGTERM stop its kernel, clean up, re-raise.

    The worker thread owns the kernel (papermill, nbclient, the zmq sockets);
    the main thread only waits, so it receives the signal (Python delivers
    signals to the main thread) and nbclient's own signal handlers, which
    only work in the main thread, stay out of the way.  The executed notebook
    and the kernel's files live in ``scratch`` (removed by the caller).
    """
    out = scratch / path.name
    run = _KernelRun(scratch)
    outcome: dict = {}
    done = threading.Event()  # not Thread.join: an interrupted join can mark a live thread stopped (bpo-45274)

    def work():
        from jupyter_core.utils import ensure_event_loop

        try:
            # request_save_on_cell_execute=False: papermill writes ``out`` once, when the run ends (with the
            # error cells when a cell failed), not twice per cell (each a full serialise and validate of the
            # growing notebook); nothing reads ``out`` before the run ends
            papermill.execute_notebook(str(path), str(out), parameters=parameters, kernel_name=_kernel_name(),
                                       cwd=str(path.parent), progress_bar=False, log_output=False,
                                       request_save_on_cell_execute=False,
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
    if isinstance(error, papermill.PapermillExecutionError) and error.ename == NEEDS_DATA_ERROR:
        return _needs_data_page(nbformat.read(out, as_version=4), error.evalue)
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


def _needs_data_page(nb: nbformat.NotebookNode, message: str) -> nbformat.NotebookNode:
    """The executed notebook as a needs-data report: up to the cell that raised, without the traceback.

    papermill's red "An Exception was encountered" cells are dropped, the
    raising cell keeps what it displayed (the page) but loses its error
    output, and the cells after it (which never ran) are dropped.  The
    message is kept in ``metadata.crm_analysis.needs_data``.
    """
    cells = [c for c in nb.cells if "papermill-error-cell-tag" not in c.get("metadata", {}).get("tags", [])]
    for index, cell in enumerate(cells):
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if any(o.get("ename") == NEEDS_DATA_ERROR for o in errors):
            cell.outputs = [o for o in cell.outputs if o.get("output_type") != "error"]
            cells = cells[:index + 1]
            break
    nb.cells = cells
    nb.metadata.setdefault("crm_analysis", {})["needs_data"] = message
    return nb


@contextmanager
def _report_environment(full_parameters: dict, *, exports: Path | None = None, report_name: str | None = None):
    """Expose the run to the kernel: its parameters (for the provenance footer) and where lists go.

    Sets :data:`~crm_analysis.provenance.PARAMETERS_ENV` (JSON), and with
    ``exports`` :data:`EXPORTS_ENV` and :data:`REPORT_NAME_ENV`; the kernel
    inherits them when it starts.  The previous values are restored after.
    """
    values = {PARAMETERS_ENV: json.dumps(full_parameters, default=str, ensure_ascii=False)}
    if exports is not None:
        values[EXPORTS_ENV] = str(exports)
        values[REPORT_NAME_ENV] = str(report_name)
    previous = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


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
                  store=None, manifest=MANIFEST_PATH, progress: bool = True,
                  test_parameters: bool = False) -> list[Path]:
    """Render every report in the manifest (or those named in ``only``) and write ``index.html``.

    ``params`` maps a notebook name (or a report's output name) to parameter
    overrides.  ``store`` (a customer database) goes to every report that
    declares a ``store`` parameter, unless its ``params`` name another; the
    others render from their bundled data.  With ``test_parameters=True``
    each entry's small ``test_parameters`` are used (the test suite does
    this).  Returns the paths written, index last; a report whose data are
    missing from the database is a short needs-data page, and
    ``read_record(path)["needs_data"]`` says so.

    Everything is checked before the first notebook runs: the names in
    ``only`` and the keys of ``params`` (an unknown name is a CRMDataError
    listing the available ones), every parameter of every selected report
    against its notebook's declared types, and the output directory.  An
    interrupted build (Ctrl-C, SIGTERM) keeps the reports finished before the
    interruption, leaves nothing of the one that was running and does not
    write ``index.html``.  A report that fails leaves no file; the build goes
    on with the others, writes ``index.html`` (which marks the failed one as
    not built) and then raises :class:`BuildError` naming every failure.  The database is checked once, before anything
    runs (:func:`check_store`).
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
    store = check_store(store) if store not in (None, "") else None
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
        given, full = check_parameters(path, parameters, lang, store)
        runs.append((entry, path, given, full))
    output_dir = prepare_output_dir(output_dir)
    targets = [_target(output_dir, entry["output"]) for entry, *_ in runs]
    written, failed = [], []
    with interruptible():
        for (entry, path, given, full), target in zip(tqdm(runs, desc="reports", unit="report",
                                                           disable=not progress), targets):
            title = entry["title"].get(lang, entry["title"]["en"])
            try:
                written.append(_run(path, given, full, target, lang, title, 900))
            except ReportError as exc:  # one report's failure does not cost the business the others
                failed.append(str(exc))
        written.append(write_index(load_manifest(manifest), output_dir, lang, store=store))
    if failed:
        raise BuildError(failed, written)
    return written


class BuildError(ReportError):
    """Some reports of a build failed; the others (and ``index.html``) were written.

    ``failures`` holds one message per failed report (notebook and cell),
    ``written`` the paths written, index last.
    """

    def __init__(self, failures: list[str], written: list[Path]):
        self.failures, self.written = list(failures), list(written)
        super().__init__(f"{len(failures)} of {len(failures) + len(written) - 1} reports failed (the others and "
                         f"index.html were written): " + "; ".join(failures))


def _check_names(given, names: set, entries: list[dict], *, what: str) -> None:
    unknown = sorted(str(name) for name in set(given) - names)
    if unknown:
        raise CRMDataError(f"{what}: no report named {unknown}; available: {sorted(e['notebook'] for e in entries)}")
