"""What one run computes once and every chunk of its draws reuses: an explicit object, no module-level state.

An ensemble builds the model's inputs and runs the model once per chunk of draws, from the same scenario and
region. Two things are the same in every chunk and worth keeping between them:

* the FLQ response grids (:class:`simulator.model.table.ResponseGrid`) of ensembles in which δ varies: their
  cells are solved on first use, a few hundred solves for the whole run instead of one per draw;
* the years the scenario states money amounts in (``build_inputs`` walks the scenario's objects for them,
  about 1 ms a chunk);
* the parts of the inputs that no sampled leaf reaches (:meth:`RunCache.once`): the published years and the
  trends estimated from them (about 10 ms a 2,048-draw chunk), and each parameter's path over the years when
  none of its leaves is sampled.

A :class:`RunCache` holds them for one run. ``build_inputs(..., cache=...)`` takes it and puts it on the
:class:`~simulator.model.inputs.ModelInputs` it returns (``inputs.cache``), where the effects find the grid;
without one, ``build_inputs`` makes a fresh cache, so a call on its own shares nothing with any other call.
``simulate_ensemble``, tornado, Sobol' and goal seek make one cache per run (their central inputs' cache) and
pass it to every chunk; when the run returns, the cache goes with it.

Nothing in it changes a result: a grid's cell depends only on its two nodes, so it has the same values
whichever draws asked for it first and whether it was computed in this chunk or an earlier one
(tests/test_table.py, tests/test_ensemble.py check results do not depend on chunks, threads or earlier runs).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np

from .table import ResponseGrid

#: response grids kept by one run (a run has one, unless its coefficient rows vary between chunks)
MAX_GRIDS = 4


class RunCache:
    """The response grids, money years and sample-free inputs of one run, shared by its chunks (thread-safe)."""

    def __init__(self) -> None:
        self._grids: OrderedDict[str, ResponseGrid] = OrderedDict()
        self._money_years: dict[int, tuple[object, tuple[int, ...]]] = {}
        self._values: dict[tuple, tuple[tuple, object]] = {}
        self._lock = threading.Lock()

    def response_grid(self, A, quotients, fixed, regional, sectors, rows, kept=None) -> ResponseGrid:
        """The :class:`ResponseGrid` of these arrays (see its arguments), the same object for every call with
        equal arrays, so its cells are solved once per run; the last :data:`MAX_GRIDS` grids are kept."""
        digest = hashlib.sha1()
        kept = np.ones(np.shape(A)[0]) if kept is None else kept
        for x in (A, quotients, fixed, regional, sectors, rows, kept):
            x = np.ascontiguousarray(x, dtype=float)
            digest.update(str(x.shape).encode())
            digest.update(x.tobytes())
        key = digest.hexdigest()
        with self._lock:
            grid = self._grids.get(key)
            if grid is None:
                grid = self._grids[key] = ResponseGrid(A, quotients, fixed, regional, sectors, rows, kept)
                while len(self._grids) > MAX_GRIDS:
                    self._grids.popitem(last=False)
            self._grids.move_to_end(key)
            return grid

    def once(self, key: tuple, owners: tuple, compute: Callable[[], object]) -> object:
        """``compute()``, once per run for ``key`` and the objects ``owners`` it reads (kept with the entry and
        compared by identity, so an entry is never served for other objects that reuse an id). Arrays in the
        value must be treated as read-only by every caller: the chunks share them."""
        full = (key, tuple(id(o) for o in owners))
        with self._lock:
            cached = self._values.get(full)
            if cached is not None and all(a is b for a, b in zip(cached[0], owners, strict=True)):
                return cached[1]
        value = compute()
        with self._lock:
            self._values[full] = (owners, value)
        return value

    def money_years(self, projects, walk: Callable[[object], tuple[int, ...]]) -> tuple[int, ...]:
        """``walk(projects)``, once per projects object (the entry keeps the object, so its id is not reused)."""
        with self._lock:
            cached = self._money_years.get(id(projects))
            if cached is not None and cached[0] is projects:
                return cached[1]
        years = walk(projects)
        with self._lock:
            self._money_years[id(projects)] = (projects, years)
        return years
