"""One ensemble spread over a dask cluster (``regsim run --draws N --scheduler ADDRESS``): the Results
``simulate(scenario, draws, seed)`` returns, bit for bit, with its blocks of draws run as tasks.

The tasks are the sweep's (:func:`simulator.sweep.tasks.run_block`, here also returning the per-project and
per-industry arrays of the first ``DETAIL_DRAWS`` draws); the client puts the blocks together as
``simulate_ensemble`` keeps them (a total or detail array that depends on no sampled leaf as one row broadcast)
and makes the Results and the table statistics with the same functions.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from dask.distributed import Client, as_completed

from .. import __version__
from ..errors import InputError
from ..model.simulate import DerivedArrays, check_finite
from ..results import Results, assemble_results, column_statistics, detail_keys, detail_statistics
from ..uncertainty.ensemble import DETAIL_DRAWS, prepare
from ..variables import VARIABLES
from .cluster import RETRIES
from .spec import DEFAULT_BLOCK, Ensemble
from .tasks import run_block


def run_ensemble(
    scenario, draws: int, seed: int | None, client: Client, *, block: int = DEFAULT_BLOCK, progress=None
) -> Results:
    """Monte Carlo ``draws`` of ``scenario`` (a path, LoadedScenario or Scenario) on ``client``'s cluster."""
    if draws < 2:
        raise InputError(f"a run on a cluster needs --draws 2 or more (got {draws})")
    scenario, provenance, region, central = prepare(scenario)
    seed = int(np.random.SeedSequence().entropy) if seed is None else int(seed)
    ensemble = Ensemble(0, "", scenario.name, region.id, (), seed, draws, scenario)
    bounds = [(a, min(a + block, draws)) for a in range(0, draws, block)]
    futures = [client.submit(run_block, ensemble, a, b, True, retries=RETRIES, pure=False) for a, b in bounds]
    n_detail, n_years = min(DETAIL_DRAWS, draws), central.years.size
    rows: dict[str, np.ndarray] = {}
    constant: dict[str, np.ndarray] = {}
    done = 0
    if progress:
        progress(done, draws)
    for future in as_completed(futures):
        result = future.result()
        if result.error:
            raise InputError(result.error)
        for part, n in ((result.totals, draws), (result.detail, n_detail)):
            for key, value in part.items():
                if key in result.constant:
                    constant[key] = value
                else:
                    buffer = rows.setdefault(key, np.empty((n, *value.shape[1:])))
                    buffer[result.start : result.start + value.shape[0]] = value
        done += result.stop - result.start
        future.release()
        if progress:
            progress(done, draws)
    stored = {k: v for k, v in rows.items() if k not in constant}
    for key, value in constant.items():
        stored[key] = np.broadcast_to(value, (draws if value.ndim == 2 else n_detail, *value.shape[1:]))
    check_finite(stored, central)
    arrays = DerivedArrays(stored)
    provenance.update(
        {
            "version": __version__,
            "seed": seed,
            "draws": draws,
            "region": region.id,
            "sampling": "sobol",
            "uncertain_leaves": sorted(central.distributions),
            "detail_draws": n_detail,
            "correlation": {},
        }
    )
    results = assemble_results(scenario, region, central, arrays, provenance)
    statistics = {
        p + v.key: dict(column_statistics(np.broadcast_to(arrays[p + v.key], (draws, n_years)), v.scale))
        for p in ("", "baseline:")
        for v in VARIABLES
        if p + v.key in arrays
    }
    statistics.update({key: detail_statistics(arrays[key], scale) for key, scale in detail_keys(arrays)})
    return dataclasses.replace(results, statistics=statistics)
