"""Memory for ensembles without page-fault storms: malloc tuning for temporaries, pre-faulted result buffers.

An ensemble allocates and frees the same few hundred arrays for every chunk of draws, each a few MB (a
(project, draw, year) array of 2,048 draws of plan.yaml is 1.7 MB). With glibc's default dynamic thresholds,
blocks that large are mmap-ed and the freed top of the heap is soon trimmed back to the kernel, so nearly every
temporary is fresh memory whose first touch page-faults. Measured on plan.yaml, 2,048-draw chunks, one core:
about 5,700 page faults per chunk and 13 µs of model time per draw; with the thresholds below, none and 7.4 µs.

:func:`reuse_freed_memory` sets ``M_MMAP_THRESHOLD`` to 32 MiB (glibc's maximum: smaller blocks come from the
heap) and ``M_TRIM_THRESHOLD`` to 64 MiB (up to that much freed heap stays with the process for the next
chunk). It changes the whole process's allocator, once; the cost is that up to 64 MiB freed after a run may
stay in the process's resident set until reused. Elsewhere than glibc on Linux it does nothing. Because it
changes the process, it is the process owner's choice: ``regsim run`` and ``regsim compare`` call it at
start-up when ``--draws`` is above 1; no library call (``simulate``, ``simulate_ensemble``) does. A notebook
or program running large ensembles may call it itself (tests/test_entry_point.py checks the library does not).

:func:`prefaulted_empty` returns an uninitialised float64 array whose pages the kernel maps in one call
(``mmap`` with ``MAP_POPULATE``) instead of one page fault per 4 KiB on first write: for the (draw, year) result
buffers of 100,000 draws (10.4 MB each) 3.5 ms instead of 19 ms per buffer on this project's 2-core VMs.
Elsewhere it is ``np.empty``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import mmap
import os
import sys
import threading

import numpy as np

from .errors import InputError

M_TRIM_THRESHOLD = -1  # glibc <malloc.h>
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 * 2**20
TRIM_THRESHOLD = 64 * 2**20

_lock = threading.Lock()
_state: dict[str, bool] = {}


def reuse_freed_memory() -> bool:
    """Tune glibc's malloc as described above (once per process); True if it is in effect."""
    with _lock:
        if "done" not in _state:
            _state["done"] = _tune()
        return _state["done"]


def _tune() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt
    except (OSError, AttributeError):  # no C library found, or one without mallopt
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1 and mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1


def available_bytes() -> int | None:
    """Memory the system can give this process without swapping: ``MemAvailable`` of /proc/meminfo (Linux),
    else the free physical pages; None where neither is known."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, OSError, ValueError):
        return None


def check_fits(n_draws: int, nbytes: int, what: str) -> None:
    """Refuse (InputError) a run of ``n_draws`` that needs ``nbytes`` for ``what`` when that exceeds the
    available memory: better a clear message before allocating than "Cannot allocate memory" (or the kernel's
    OOM killer) after."""
    available = available_bytes()
    if available is None or nbytes <= available:
        return
    per_draw = nbytes / max(n_draws, 1)
    fits = int(available // per_draw) if per_draw else 0
    raise InputError(
        f"{n_draws:,} draws need about {_size(nbytes)} of memory for {what} ({per_draw:,.0f} bytes a draw), more "
        f"than the {_size(available)} available: use fewer draws (at most about {fits:,} here)"
    )


def _size(nbytes: float) -> str:
    for unit, scale in (("TB", 2**40), ("GB", 2**30), ("MB", 2**20)):
        if nbytes >= scale:
            return f"{nbytes / scale:,.1f} {unit}"
    return f"{nbytes:,.0f} bytes"


def prefaulted_empty(shape: tuple[int, ...]) -> np.ndarray:
    """An uninitialised float64 array of ``shape`` with its memory mapped in at once (see above)."""
    size = int(np.prod(shape)) * 8
    flags = getattr(mmap, "MAP_POPULATE", 0)
    if not flags or size == 0:
        return np.empty(shape)
    buffer = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | flags)
    return np.frombuffer(buffer, dtype=np.float64).reshape(shape)  # the array keeps the mapping alive
