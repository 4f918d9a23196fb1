"""Work in a forked copy of this process, for a command that owns its process (``regsim run`` draws half its
figures in one while it writes the tables and draws the rest): when a fork is safe, Ctrl-C and SIGTERM held
across it, the copy started and stopped. Library callers never fork (a notebook's kernel is not to be copied)."""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import threading
import warnings
from collections.abc import Callable


def can_fork() -> bool:
    """Whether :func:`fork_work` may be used: the system forks, and this process runs no other Python thread
    (a fork copies only the calling thread, and a lock another thread holds would stay held in the copy)."""
    return hasattr(os, "fork") and hasattr(signal, "pthread_sigmask") and threading.active_count() == 1


@contextlib.contextmanager
def signals_held():
    """Ctrl-C and SIGTERM held while the block runs (delivered as it ends); yields the signal mask from before, for
    a forked copy to restore."""
    unheld = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield unheld
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, unheld)


def fork_work(work: Callable[[], None], unheld) -> int | None:
    """A forked copy of this process that runs ``work()`` and exits (0 when it wrote
    them all; it never returns into its caller's code, so no clean-up of the caller runs twice); returns its
    process id, or None when the system cannot fork now. Call inside :func:`signals_held` (``unheld``: the mask
    it yielded), so that an interruption reaches the caller only once it holds the id, and the copy only once
    it is inside its own ``os._exit``."""
    with warnings.catch_warnings():
        # Python 3.12+ warns of a fork in a process with other OS threads: these are the idle workers of numpy's
        # BLAS (which forks safely), as can_fork admits no other Python thread; the copy only runs ``work``
        warnings.simplefilter("ignore", DeprecationWarning)
        gc.freeze()  # the copy's garbage collector leaves the objects it shares alone: no page copied for it
        try:
            pid = os.fork()
        except OSError:  # no memory or process slot for a copy: the caller does the work itself
            pid = None
        finally:
            if pid != 0:
                gc.unfreeze()
    if pid == 0:
        code = 1
        try:
            signal.pthread_sigmask(signal.SIG_SETMASK, unheld)
            work()
            code = 0
        finally:
            os._exit(code)
    return pid


def stop(pid: int) -> None:
    """The copy ``pid`` killed and reaped (nothing if it has already ended)."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
