"""One task of a sweep: a block of consecutive draws of one ensemble, computed from the ensemble alone.

The task rebuilds what it needs where it runs (the region's data, the central inputs and their cache: some
10 ms), samples its draws with :meth:`simulator.uncertainty.sampling.Sampler.unit_at` (draw *i* is the *i*-th
point of the ensemble's scrambled Sobol' sequence, whatever block it falls in) and runs the model on them in
the chunks :func:`simulator.uncertainty.ensemble.default_chunk_size` chooses, as ``simulate_ensemble`` does,
with per-project detail for the draws that run computes with it (:func:`detail_limit`).
Each draw's totals depend only on its own inputs, so a block's totals are, bit for bit, those rows of
``simulate(scenario, draws, seed)``'s, whatever the block size, the worker or the order tasks run in. No dask
here: a task is a plain function of plain data, run by any executor.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

from ..errors import InputError
from ..model.simulate import DerivedArrays, check_finite, derived_keys
from ..uncertainty.ensemble import DETAIL_DRAWS, default_chunk_size, prepare, run_model
from ..uncertainty.sampling import Sampler
from .spec import Ensemble


@dataclass
class Block:
    """What a task returns: ``values``, the (stop − start, V, T) totals of its draws named by ``keys`` (the totals
    the model stores, then the derived ones made from them as ``simulate_ensemble`` derives them when read),
    ready to be written as one chunk; ``constant``, the keys that depend on no sampled leaf (every row the
    same); or ``error``, the input error that stopped it (not retried: the same inputs fail the same way)."""

    index: int
    start: int
    stop: int
    years: np.ndarray | None = None
    keys: tuple[str, ...] = ()
    values: np.ndarray | None = None
    constant: tuple[str, ...] = ()
    error: str | None = None
    #: per-project and per-industry arrays of the block's first draws, with ``keep_detail`` (see run_block)
    detail: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def totals(self) -> dict[str, np.ndarray]:
        """The stored (not derived) totals as ``simulate_ensemble`` keeps them: (n, T), or (1, T) if constant."""
        derived = set(derived_keys())
        return {
            k: self.values[:1, j] if k in self.constant else self.values[:, j]
            for j, k in enumerate(self.keys)
            if k not in derived
        }


def detail_limit(draws: int, chunk: int) -> int:
    """The first draw ``simulate_ensemble`` runs without per-project detail: it runs a chunk with detail when
    the chunk starts below ``DETAIL_DRAWS`` (or the number of draws), so with chunks of ``chunk`` draws every draw
    below this one. The totals of a draw run with and without detail may differ in the last bit (sums taken in
    another order), so a task runs each draw as that run would."""
    return -(-min(DETAIL_DRAWS, draws) // chunk) * chunk


def _chunks(start: int, stop: int, chunk: int, limit: int) -> list[tuple[int, int, bool]]:
    """Model calls of at most ``chunk`` draws over ``start..stop``, split at ``limit``: (a, b, with detail)."""
    cuts = sorted(
        {start, stop, *range(start - start % chunk + chunk, stop, chunk), *([limit] if start < limit < stop else [])}
    )
    return [(a, b, a < limit) for a, b in itertools.pairwise(cuts)]


def run_block(ensemble: Ensemble, start: int, stop: int, keep_detail: bool = False) -> Block:
    """Draws ``start..stop-1`` of ``ensemble`` (see the module docstring). ``keep_detail``: also return the
    per-project and per-industry arrays of the draws below ``min(DETAIL_DRAWS, draws)``, the ones
    ``simulate_ensemble`` keeps (in ``Block.detail``, rows ``start..`` on)."""
    if ensemble.scenario is None:
        return Block(ensemble.index, start, stop, error=ensemble.error)
    try:
        scenario, _, region, central = prepare(ensemble.scenario)
        sampler = Sampler(central.distributions, ensemble.draws, np.random.default_rng(ensemble.seed))
        chunk = max(default_chunk_size(central.years.size, central.projects.count), 2)
        parts, details, detail_constant = [], [], set()
        for a, b, detail in _chunks(start, stop, chunk, detail_limit(ensemble.draws, chunk)):
            samples = sampler.values(sampler.unit_at(a, b))
            arrays = run_model(scenario, region, samples, b - a, detail=detail, derived=False, cache=central.cache)
            check_finite(arrays, central)
            parts.append((b - a, {k: v for k, v in arrays.items() if v.ndim == 2}))
            keep = min(b, DETAIL_DRAWS, ensemble.draws) - a
            if keep_detail and detail and keep > 0:
                # an array that depends on no sampled leaf stays one row (the run broadcasts it, see run_ensemble)
                details.append({k: (v, v.shape[0] < b - a) for k, v in arrays.items() if v.ndim == 3})
                details[-1] = {k: v if one else v[:keep] for k, (v, one) in details[-1].items()}
                detail_constant.update(k for k, v in details[-1].items() if v.shape[0] == 1 and keep > 1)
    except InputError as exc:
        return Block(ensemble.index, start, stop, error="; ".join(str(p) for p in exc.problems))
    n = stop - start
    constant = tuple(k for k in parts[0][1] if n > 1 and all(p[k].shape[0] == 1 for _, p in parts))
    stored = list(parts[0][1])
    keys = (*stored, *(k for k in derived_keys() if k not in parts[0][1]))
    values = np.empty((n, len(keys), central.years.size))
    row = 0
    for m, part in parts:
        derived = DerivedArrays(part)
        for j, key in enumerate(keys):
            values[row : row + m, j] = derived[key]  # broadcast: a (1, T) total fills every row
        row += m
    detail = {
        k: details[0][k] if k in detail_constant else np.concatenate([d[k] for d in details])
        for k in (details[0] if details else ())
    }
    constant += tuple(sorted(detail_constant))
    return Block(ensemble.index, start, stop, central.years, keys, values, constant, detail=detail)
