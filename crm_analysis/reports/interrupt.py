"""Ctrl-C and SIGTERM end a run cleanly.

Python turns Ctrl-C (SIGINT) into ``KeyboardInterrupt``, so ``finally`` blocks
and context managers clean up; SIGTERM (what ``kill``, systemd, ``timeout`` and
job schedulers send) would end the process on the spot.  Inside
:func:`interruptible` SIGTERM raises :class:`RunInterrupted` (a
``KeyboardInterrupt``) instead, so the same clean-up runs: the kernel is shut
down, temporary folders are removed and no partial report is written.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager


class RunInterrupted(KeyboardInterrupt):
    """A run stopped by a signal; ``signum`` is the signal (``signal.SIGTERM`` or ``signal.SIGINT``)."""

    def __init__(self, signum: int = signal.SIGINT):
        super().__init__(f"interrupted by {signal.Signals(signum).name}")
        self.signum = signum


def _raise_interrupted(signum, frame):
    raise RunInterrupted(signum)


@contextmanager
def interruptible():
    """Within this block SIGTERM raises :class:`RunInterrupted`; the previous handler is restored after.

    Only the main thread can install signal handlers; elsewhere this does nothing.
    Nested use is fine (the inner block restores the outer handler).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_interrupted)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
