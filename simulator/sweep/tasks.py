"""One task of a sweep: a block of consecutive draws of one ensemble, computed from the ensemble alone.

The task rebuilds what it needs where it runs (the region's data, the central inputs and their cache: some
10 ms), samples its draws with :meth:`simulator.uncertainty.sampling.Sampler.unit_at` (draw *i* is the *i*-th
point of the ensemble's scrambled Sobol' sequence, whatever block it falls in) and runs them in the chunks
``simulate_ensemble`` would (:func:`simulator.uncertainty.ensemble.chunk_bounds`), each through
:func:`simulator.uncertainty.ensemble.stored_chunk`: the model, checked, rounded to what the ensemble keeps
(float32). Each draw's totals depend only on its own inputs, and not on whether the per-project detail is made,
so a block's values are, bit for bit, those rows of what ``simulate(scenario, draws, seed)`` keeps, whatever the
block size, the worker or the order tasks run in. No dask here: a task is a plain function of plain data, run by
any executor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..errors import InputError
from ..uncertainty.ensemble import (
    DETAIL_CHUNK_DIVISOR,
    DETAIL_DRAWS,
    chunk_bounds,
    default_chunk_size,
    prepare,
    stored_chunk,
)
from ..uncertainty.sampling import Sampler
from ..uncertainty.store import STORED
from .spec import Ensemble


@dataclass
class Block:
    """What a task returns: ``values``, the (stop − start, V, T) totals of its draws named by ``keys``, as the
    ensemble keeps them (``STORED``, derived totals left out: they are computed from these when read), ready to be
    written as one chunk; ``constant``, the keys that depend on no sampled leaf (every row the same); or ``error``,
    the input error that stopped it (not retried: the same inputs fail the same way)."""

    index: int
    start: int
    stop: int
    years: np.ndarray | None = None
    keys: tuple[str, ...] = ()
    values: np.ndarray | None = None
    constant: tuple[str, ...] = ()
    error: str | None = None
    #: per-project and per-industry arrays of the block's draws below ``DETAIL_DRAWS``, with ``keep_detail`` (see
    #: run_block): rows ``start..`` on, or one row when the array depends on no sampled leaf
    detail: dict[str, np.ndarray] = field(default_factory=dict)

    def arrays(self) -> dict[str, np.ndarray]:
        """The block's arrays as :func:`simulator.uncertainty.store.stored_arrays` gives a chunk's: totals (n, T),
        or (1, T) if constant, and the detail arrays."""
        out = {k: self.values[:1, j] if k in self.constant else self.values[:, j] for j, k in enumerate(self.keys)}
        out.update(self.detail)
        return out


def run_block(ensemble: Ensemble, start: int, stop: int, keep_detail: bool = False) -> Block:
    """Draws ``start..stop-1`` of ``ensemble`` (see the module docstring). ``keep_detail``: also make and return the
    per-project and per-industry arrays of the draws below ``min(DETAIL_DRAWS, draws)``, the ones
    ``simulate_ensemble`` keeps (in ``Block.detail``)."""
    if ensemble.scenario is None:
        return Block(ensemble.index, start, stop, error=ensemble.error)
    detail = min(DETAIL_DRAWS, ensemble.draws) if keep_detail else 0
    try:
        scenario, _, region, central = prepare(ensemble.scenario)
        sampler = Sampler(central.distributions, ensemble.draws, np.random.default_rng(ensemble.seed))
        chunk = max(default_chunk_size(central.years.size, central.projects.count), 2)
        bounds = chunk_bounds(stop, chunk, detail, max(chunk // DETAIL_CHUNK_DIVISOR, 2), start)
        parts = []
        for a, b in bounds:
            samples = sampler.values(sampler.unit_at(a, b))
            parts.append((b - a, stored_chunk(scenario, region, central, samples, a, b, ensemble.draws, a < detail)))
    except InputError as exc:
        return Block(ensemble.index, start, stop, error="; ".join(str(p) for p in exc.problems))
    n = stop - start
    keys = tuple(k for k, v in parts[0][1].items() if v.ndim == 2)
    constant = tuple(k for k in keys if n > 1 and all(p[k].shape[0] == 1 for _, p in parts))
    values = np.empty((n, len(keys), central.years.size), dtype=STORED)
    row = 0
    for m, part in parts:
        for j, key in enumerate(keys):
            values[row : row + m, j] = part[key]  # broadcast: a (1, T) total fills every row
        row += m
    return Block(ensemble.index, start, stop, central.years, keys, values, constant, detail=_detail(parts))


def _detail(parts: list[tuple[int, dict[str, np.ndarray]]]) -> dict[str, np.ndarray]:
    """The per-project and per-industry arrays of the chunks ``parts`` [(draws, arrays)] that made them, rows in
    draw order; an array that is one row in every chunk (it depends on no sampled leaf) stays one row."""
    parts = [(m, p) for m, p in parts if any(v.ndim == 3 for v in p.values())]
    if not parts:
        return {}
    out = {}
    for key in (k for k, v in parts[0][1].items() if v.ndim == 3):
        rows = [(m, p[key]) for m, p in parts]
        if sum(m for m, _ in rows) > 1 and all(v.shape[0] == 1 for _, v in rows):
            out[key] = rows[0][1]
        else:
            out[key] = np.concatenate([np.broadcast_to(v, (m, *v.shape[1:])) for m, v in rows])
    return out
