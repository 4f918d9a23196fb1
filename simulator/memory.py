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

:func:`prefaulted_empty` returns an uninitialised array (float64, or the dtype asked for) whose pages the kernel
maps in one call (``mmap`` with ``MAP_POPULATE``) instead of one page fault per 4 KiB on first write: for the
(draw, year) float64 buffers of 100,000 draws (10.4 MB each) 3.5 ms instead of 19 ms per buffer on this
project's 2-core VMs.
Elsewhere it is ``np.empty``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import mmap
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

try:  # not on Windows
    import resource
except ImportError:  # pragma: no cover
    resource = None

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


#: memory a run's process holds besides its results' arrays at its peak: the interpreter, numpy, matplotlib and
#: pydantic, the region data and response grid, two chunks' temporaries, plotting and writing. Measured with
#: benchmarks/bench_memory.py on plan.yaml (peak resident set of ``regsim run --draws N``, December 2026, glibc
#: with :func:`reuse_freed_memory`, totals kept in float32): 439, 633 and 1,184 MiB at 10k, 100k and 300k draws
#: against 75, 356 and 981 MiB of results (the stored arrays plus the float64 arrays made while reading them),
#: i.e. about 380 MiB plus 0.82 x the results; this constant with a slope of 1 is 0.99, 1.13 and 1.13 of the
#: measured peaks (within 15 %, on the safe side for large runs)
PROCESS_BYTES = 360 * 2**20
#: where cgroup file systems are mounted, and where a process reads its own cgroup
CGROUP_ROOT = Path("/sys/fs/cgroup")
PROC_CGROUP = Path("/proc/self/cgroup")
#: a cgroup v1 limit at or above this is "no limit" (the kernel writes 2^63 rounded down to a page)
V1_UNLIMITED = 2**60


@dataclass(frozen=True)
class Limit:
    """Memory a run may still take under one limit: ``free`` bytes, and what sets it, as the message goes on
    after "the 2.0 GB available" (``(MemAvailable)``, ``under the cgroup memory limit (...)``)."""

    free: int
    what: str


def run_peak_bytes(results_bytes: int) -> int:
    """The peak resident memory of a run whose results' arrays take ``results_bytes``: ``PROCESS_BYTES`` more
    (see there for the measurement it rests on)."""
    return int(results_bytes) + PROCESS_BYTES


def available_bytes(meminfo: Path = Path("/proc/meminfo")) -> int | None:
    """Memory the system can give this process without swapping: ``MemAvailable`` of /proc/meminfo (Linux),
    else the free physical pages; None where neither is known."""
    try:
        with open(meminfo, encoding="ascii") as lines:
            for line in lines:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, OSError, ValueError):
        return None


def _read_int(path: Path) -> int | None:
    """The number in a one-line file; None when missing, unreadable or not a number (``max``: no limit)."""
    try:
        return int(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def _own_cgroups(proc_cgroup: Path) -> dict[str, str]:
    """{"v2": path, "v1": path of the memory controller} from /proc/self/cgroup (either may be missing)."""
    found = {}
    try:
        text = proc_cgroup.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return found
    for line in text.splitlines():
        parts = line.split(":", 2)
        if len(parts) == 3 and parts[0] == "0" and parts[1] == "":
            found["v2"] = parts[2]
        elif len(parts) == 3 and "memory" in parts[1].split(","):
            found["v1"] = parts[2]
    return found


def cgroup_limit(root: Path = CGROUP_ROOT, proc_cgroup: Path = PROC_CGROUP) -> Limit | None:
    """What the memory limits of this process's cgroup and of every cgroup above it leave free (the tightest):
    cgroup v2 ``memory.max`` − ``memory.current``, or v1 ``memory.limit_in_bytes`` − ``memory.usage_in_bytes``.
    The cgroup is the one /proc/self/cgroup names under ``root``, or ``root`` itself where that path is not
    mounted (a container sees its own cgroup as the root). None without a limit."""
    own = _own_cgroups(proc_cgroup)
    tightest = None
    for base, rel, files in (
        (root, own.get("v2", "/"), ("memory.max", "memory.current")),
        (root / "memory", own.get("v1", "/"), ("memory.limit_in_bytes", "memory.usage_in_bytes")),
    ):
        folder = base / rel.lstrip("/")
        if not folder.is_dir():
            folder = base
        while True:
            limit, used = (_read_int(folder / name) for name in files)
            if limit is not None and limit < V1_UNLIMITED:
                free = max(limit - (used or 0), 0)
                if tightest is None or free < tightest.free:
                    tightest = Limit(free, f"under the cgroup memory limit ({folder / files[0]}: {_size(limit)})")
            if folder == base or base not in folder.parents:
                break
            folder = folder.parent
    return tightest


def _statm(field: int, statm: Path = Path("/proc/self/statm")) -> int | None:
    """A field of /proc/self/statm in bytes (0: virtual size, 1: resident set); None where unknown."""
    try:
        return int(statm.read_text(encoding="ascii").split()[field]) * int(os.sysconf("SC_PAGE_SIZE"))
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def address_space_limit(soft: int | None = None, in_use: int | None = None) -> Limit | None:
    """What ``ulimit -v`` (RLIMIT_AS, the soft limit) leaves of the address space: the limit minus the virtual
    size in use (/proc/self/statm); None without a limit. ``soft``/``in_use``: given, for tests."""
    if soft is None and resource is not None:
        soft = resource.getrlimit(resource.RLIMIT_AS)[0]
    if soft is None or soft < 0 or soft == getattr(resource, "RLIM_INFINITY", -1):  # no limit
        return None
    in_use = _statm(0) if in_use is None else in_use
    return Limit(max(soft - (in_use or 0), 0), f"under the address-space limit (ulimit -v: {_size(soft)})")


def memory_limits() -> list[Limit]:
    """Every limit known on this machine: the memory available (MemAvailable), the cgroup's and ``ulimit -v``."""
    limits = []
    available = available_bytes()
    if available is not None:
        limits.append(Limit(available, "(MemAvailable)"))
    for limit in (cgroup_limit(), address_space_limit()):
        if limit is not None:
            limits.append(limit)
    return limits


def check_fits(n_draws: int, nbytes: int, what: str, limits: list[Limit] | None = None, resident=None) -> None:
    """Refuse (InputError) a run of ``n_draws`` whose results take ``nbytes`` for ``what`` when the memory it
    still needs exceeds what any limit leaves (MemAvailable, the cgroup's memory limit, ``ulimit -v``): better a
    clear message before allocating than "Cannot allocate memory", a MemoryError or the kernel's OOM killer
    after. The memory still needed is the run's estimated peak (:func:`run_peak_bytes`) minus what the process
    already holds (its resident set now), and at least ``nbytes``. ``limits``/``resident``: given, for tests."""
    limits = memory_limits() if limits is None else limits
    if not limits:
        return
    resident = _statm(1) if resident is None else resident
    needed = max(int(nbytes), run_peak_bytes(nbytes) - (resident or 0))
    tight = min(limits, key=lambda limit: limit.free)
    if needed <= tight.free:
        return
    per_draw = nbytes / max(n_draws, 1)
    fits = int(max(tight.free - (needed - nbytes), 0) // per_draw) if per_draw else 0
    raise InputError(
        f"{n_draws:,} draws need about {_size(needed)} more memory for {what} ({per_draw:,.0f} bytes a draw), "
        f"more than the {_size(tight.free)} available {tight.what}: use fewer draws (at most about {fits:,} here)"
    )


def _size(nbytes: float) -> str:
    for unit, scale in (("TB", 2**40), ("GB", 2**30), ("MB", 2**20)):
        if nbytes >= scale:
            return f"{nbytes / scale:,.1f} {unit}"
    return f"{nbytes:,.0f} bytes"


def prefaulted_empty(shape: tuple[int, ...], dtype=np.float64) -> np.ndarray:
    """An uninitialised array of ``shape`` and ``dtype`` (default float64) with its memory mapped in at once
    (see above)."""
    dtype = np.dtype(dtype)
    size = int(np.prod(shape)) * dtype.itemsize
    flags = getattr(mmap, "MAP_POPULATE", 0)
    if not flags or size == 0:
        return np.empty(shape, dtype=dtype)
    buffer = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | flags)
    return np.frombuffer(buffer, dtype=dtype).reshape(shape)  # the array keeps the mapping alive
