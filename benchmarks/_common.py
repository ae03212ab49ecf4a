"""Small helpers shared by the benchmark scripts (standard library only).

Every measurement runs in a *fresh* child interpreter so that its peak memory is
its own: :func:`measure` starts ``python -c code`` (any interpreter, e.g. the
package's ``.venv`` or the lifetimes reference ``.venv-bench`` made by
``benchmarks/reference_env.sh``), waits for exactly that child with
``os.wait4`` and reads the child's own peak resident set size from the rusage
the kernel returns for it.  The wall time is measured around the whole child
(interpreter start, imports, reading data, the work).

Timings of a part of the work (e.g. only the summary call, not reading the
file) are taken *inside* the child: the snippet prints lines
``BENCH>> {"name": seconds, ...}`` (use :func:`emit`), which come back in
:attr:`Measurement.values`.  A snippet can do ``sys.path.insert(0, BENCH_DIR)``
and ``from _common import emit, Stopwatch`` in any interpreter, since this
module needs nothing outside the standard library.

Example
-------
>>> m = measure(sys.executable, "import _common; _common.emit(x=1.5)", cwd=BENCH_DIR)   # doctest: +SKIP
>>> m.values["x"], m.wall_s, m.peak_rss_mb                                              # doctest: +SKIP
"""
from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
WORK_DIR = BENCH_DIR / "_work"          # git-ignored cache of generated data
PACKAGE_PYTHON = ROOT / ".venv" / "bin" / "python"
REFERENCE_PYTHON = ROOT / ".venv-bench" / "bin" / "python"
_MARK = "BENCH>> "


@dataclass
class Measurement:
    """One child run: wall time (s), peak RSS (MB = 2**20 bytes), CPU time (s) and the values it emitted."""

    wall_s: float
    peak_rss_mb: float
    values: dict = field(default_factory=dict)
    stdout: str = ""
    stderr: str = ""
    returncode: int = 0
    cpu_s: float = 0.0     # user + system CPU seconds of the child (less disturbed by a busy machine)


def measure(python, code: str, *, cwd=None, env=None, timeout: float | None = None) -> Measurement:
    """Run ``python -c code`` in a fresh process; return its wall time, peak RSS and emitted values.

    Raises RuntimeError (with the child's stderr) when the child fails, and
    TimeoutError after ``timeout`` seconds (the child is killed).
    """
    child_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen([str(python), "-c", code], cwd=cwd, env=child_env, stdout=out, stderr=err)
        status, usage = _wait(proc, timeout)
        wall = time.perf_counter() - start
        out.seek(0), err.seek(0)
        stdout, stderr = out.read(), err.read()
    code_ = os.waitstatus_to_exitcode(status)
    if code_ != 0:
        raise RuntimeError(f"benchmark child failed with exit code {code_}:\n{stderr[-4000:]}")
    values = {}
    for line in stdout.splitlines():
        if _MARK in line:      # not always at the line start: progress bars (e.g. DuckDB's) may precede it
            values.update(json.loads(line[line.rindex(_MARK) + len(_MARK):]))
    # ru_maxrss is in kilobytes on Linux
    return Measurement(wall, usage.ru_maxrss / 1024, values, stdout, stderr, code_,
                       cpu_s=usage.ru_utime + usage.ru_stime)


def _wait(proc: subprocess.Popen, timeout: float | None):
    """Wait for this one child and return (status, rusage of that child only)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG if deadline else 0)
        if pid == proc.pid:
            proc.returncode = os.waitstatus_to_exitcode(status)   # so Popen does not wait again
            return status, usage
        if time.monotonic() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            proc.returncode = -9
            raise TimeoutError(f"benchmark child killed after {timeout:.0f} s")
        time.sleep(0.05)


def best_of(n: int, python, code: str, *, key: str | None = None, **kwargs) -> tuple[Measurement, list[Measurement]]:
    """Run :func:`measure` ``n`` times; return the fastest (by emitted ``key``, else wall time) and all runs.

    The machine is shared, so the minimum is the least disturbed estimate of the
    cost; report the spread alongside it.
    """
    runs = [measure(python, code, **kwargs) for _ in range(n)]
    best = min(runs, key=lambda m: m.values[key] if key else m.wall_s)
    return best, runs


def emit(**values) -> None:
    """In a benchmark child: report named numbers (e.g. seconds) back to :func:`measure`."""
    print(_MARK + json.dumps(values), flush=True)


class Stopwatch:
    """In a benchmark child: ``with Stopwatch() as sw: ...`` then ``sw.seconds`` (wall) and ``sw.cpu_seconds``.

    ``cpu_seconds`` is the user + system CPU time of the whole process (all its
    threads, e.g. DuckDB's workers) during the block: on a shared, busy machine
    it is far more stable than the wall time.
    """

    def __enter__(self):
        self._start, self._cpu = time.perf_counter(), _cpu_seconds()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self._start
        self.cpu_seconds = _cpu_seconds() - self._cpu


def _cpu_seconds() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def markdown_table(rows: list[dict], columns: list[str] | None = None, floatfmt: str = ".2f") -> str:
    """Format a list of dicts as a Markdown table (floats with ``floatfmt``)."""
    columns = columns or list(rows[0])
    def cell(value):
        return format(value, floatfmt) if isinstance(value, float) else ("" if value is None else str(value))
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    lines += ["| " + " | ".join(cell(row.get(c)) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def ratio_table(rows: list[dict], reference: str, *, name: str = "method", time: str = "seconds",
                memory: str = "peak_rss_mb") -> str:
    """Markdown table of ``rows`` with time and memory ratios against the row whose ``name`` is ``reference``.

    Each row needs the ``name``, ``time`` and ``memory`` keys (plus any other
    columns to show); ``time_ratio`` < 1 means faster than the reference.
    """
    ref = next(r for r in rows if r[name] == reference)
    shown = []
    for row in rows:
        extra = {"time_ratio": row[time] / ref[time] if row[time] is not None else None,
                 "memory_ratio": row[memory] / ref[memory] if row[memory] is not None else None}
        shown.append({**row, **extra})
    columns = list(rows[0]) + ["time_ratio", "memory_ratio"]
    return markdown_table(shown, columns)


def machine_note() -> str:
    """One line describing the machine and interpreter the benchmark ran on."""
    cores = os.cpu_count()
    try:
        mem_kb = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal"))
        memory = f"{mem_kb / 2**20:.0f} GiB"
    except (OSError, StopIteration):
        memory = "unknown memory"
    return (f"{platform.machine()} {cores} cores, {memory}, {platform.system()} {platform.release()}, "
            f"Python {sys.version.split()[0]}; {time.strftime('%Y-%m-%d %H:%M %Z')}")
