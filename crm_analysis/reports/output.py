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
