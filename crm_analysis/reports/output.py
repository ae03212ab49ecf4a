"""Where reports go: the output directory is checked before any notebook runs; files are written atomically.

:func:`prepare_output_dir` creates the directory and proves it is writable by
creating (and removing) a file in it, so that a typo in ``--output-dir`` or a
read-only location fails in a second, not after the first notebook has run
for minutes.  :func:`write_atomically` writes to a hidden temporary file in
the same directory and renames it into place (``os.replace``), so a reader
never sees half a report and an interrupted write leaves nothing behind.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..exceptions import CRMDataError


def prepare_output_dir(output_dir) -> Path:
    """The absolute output directory, created when missing and checked to be writable.

    Raises
    ------
    CRMDataError
        When the path (or one of its parents) is a file, cannot be created, or
        is not writable; the message names the path and suggests ``--output-dir``.
    """
    path = Path(output_dir).expanduser().absolute()
    hint = "choose another directory with --output-dir (output_dir=)"
    if path.exists() and not path.is_dir():
        raise CRMDataError(f"output directory {path} is a file, not a directory; {hint}")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise CRMDataError(f"output directory {path} cannot be created: {parent} is a file; {hint}")
            break
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CRMDataError(f"output directory {path} cannot be created ({exc.strerror or exc}); {hint}") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise CRMDataError(f"output directory {path} is not writable; {hint}")
    try:
        fd, probe = tempfile.mkstemp(dir=path, prefix=".crm-write-test-")
    except OSError as exc:
        raise CRMDataError(f"output directory {path} is not writable ({exc.strerror or exc}); {hint}") from None
    os.close(fd)
    os.unlink(probe)
    return path


def write_atomically(target, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``target`` through a temporary file renamed into place; return ``target``."""
    target = Path(target)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


# ------------------------------------------------------------------ a report and its files, together
#: the record beside a report: its lists and whether it is a needs-data page (hidden: not for readers)
RECORD_PATTERN = ".{name}.report.json"


def record_path(report) -> Path:
    """Where the record of the report ``report`` (``.../name.html``) is kept."""
    report = Path(report)
    return report.with_name(RECORD_PATTERN.format(name=report.stem))


def read_record(report) -> dict:
    """The record of a rendered report: ``{"lists": [...], "needs_data": {...} or None}``.

    ``lists`` has one entry per exported list (``name``, ``title``, ``rows``,
    ``files``: the CSV and Excel file names beside the report); ``needs_data``
    of a needs-data page has ``what`` and ``how`` (the page's two texts) and
    ``message`` (one line for a console).  A report
    without lists and without a needs-data page has no record file; an
    unreadable record reads as empty (the index then shows no lists).
    """
    import json

    try:
        record = json.loads(record_path(report).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = {}
    if not isinstance(record, dict):
        record = {}
    needs = record.get("needs_data")
    return {"lists": list(record.get("lists") or []), "needs_data": needs if isinstance(needs, dict) else None}


def publish_together(files: list[tuple[Path, bytes | str | Path]], *, remove=()) -> None:
    """Put several files in place as one step: all of them, or (on an error) none of the new ones.

    ``files`` are ``(target, content)`` pairs; content is text (written as
    UTF-8), bytes, or a ``Path`` to copy (e.g. a list exported in the run's
    scratch folder, possibly on another file system).  Every file is first
    written to a hidden temporary file beside its target; only when all are
    written are they renamed into place, in the given order (put the report
    page last), with Ctrl-C and SIGTERM held back during the renames so an
    interruption cannot leave half a set.  ``remove`` are files of an earlier
    version that the new set no longer has (deleted after the renames).
    """
    import shutil

    staged: list[tuple[str, Path]] = []
    placed: list[Path] = []
    try:
        for target, content in files:
            target = Path(target)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=".tmp")
            staged.append((tmp, target))
            with os.fdopen(fd, "wb") as handle:
                if isinstance(content, Path):
                    with open(content, "rb") as source:
                        shutil.copyfileobj(source, handle)
                else:
                    handle.write(content.encode("utf-8") if isinstance(content, str) else content)
            os.chmod(tmp, 0o644)
        with _signals_held():
            for tmp, target in staged:
                os.replace(tmp, target)
                placed.append(target)
            for old in remove:
                Path(old).unlink(missing_ok=True)
    except BaseException:
        for tmp, target in staged:
            Path(tmp).unlink(missing_ok=True)
        if len(placed) < len(staged):  # the set did not complete: take back what was put in place
            for target in placed:
                target.unlink(missing_ok=True)
        raise


class _signals_held:
    """Hold back SIGINT and SIGTERM until the block ends, then handle them as they would have been.

    The Python-level handlers are swapped for a recorder (a signal mask would
    not do: the kernel delivers a process signal to any thread that does not
    block it).  Only the main thread can install handlers; elsewhere this is
    a no-op.
    """

    def __enter__(self):
        import signal
        import threading

        self._saved = {}
        self._pending: list[int] = []
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                previous = signal.getsignal(signum)
                if previous is None:  # installed by C code: it could not be put back, leave it alone
                    continue
                self._saved[signum] = previous
                signal.signal(signum, lambda received, frame: self._pending.append(received))
        return self

    def __exit__(self, *exc):
        import signal

        for signum, handler in self._saved.items():
            signal.signal(signum, handler)
        for signum in self._pending:
            handler = self._saved[signum]
            if callable(handler):
                handler(signum, None)
            elif handler == signal.SIG_DFL:
                signal.raise_signal(signum)
        return False
