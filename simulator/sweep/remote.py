"""One ensemble spread over a dask cluster (``regsim run --draws N --scheduler ADDRESS``): the Results
``simulate(scenario, draws, seed)`` returns, bit for bit, with its blocks of draws run as tasks.

The tasks are the sweep's (:func:`simulator.sweep.tasks.run_block`, here also returning the per-project and
per-industry arrays of the first ``DETAIL_DRAWS`` draws), each block what ``simulate_ensemble`` keeps of its
draws; the client puts them in the ensemble's own store (:class:`simulator.uncertainty.store.EnsembleStore`)
and makes the Results and the table statistics with the ensemble's function
(:func:`simulator.uncertainty.ensemble.results_from_stored`).
"""

from __future__ import annotations

import itertools

from dask.distributed import Client, as_completed

from ..errors import InputError
from ..provenance import fresh_seed
from ..results import Results
from ..uncertainty.ensemble import DETAIL_DRAWS, ensemble_provenance, prepare, results_from_stored
from ..uncertainty.store import EnsembleStore
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
    seed = fresh_seed() if seed is None else int(seed)
    ensemble = Ensemble(0, "", scenario.name, region.id, (), seed, draws, scenario)
    bounds = [(a, min(a + block, draws)) for a in range(0, draws, block)]
    futures = [client.submit(run_block, ensemble, a, b, True, retries=RETRIES, pure=False) for a, b in bounds]
    detail = min(DETAIL_DRAWS, draws)
    done = 0
    if progress:
        progress(done, draws)
    head = futures[0].result()  # the first draws: which arrays depend on no sampled leaf, as in one process
    if head.error:
        raise InputError(head.error)
    store = EnsembleStore(head.arrays(), head.stop - head.start, draws, detail)
    for future in itertools.chain(futures[:1], as_completed(futures[1:])):
        result = head if future is futures[0] else future.result()
        if result.error:
            raise InputError(result.error)
        store.put(result.start, result.stop, result.arrays())
        done += result.stop - result.start
        future.release()
        if progress:
            progress(done, draws)
    leaves = sorted(central.distributions)
    provenance.update(ensemble_provenance(seed, draws, region.id, "sobol", leaves, detail))
    return results_from_stored(scenario, region, central, store.arrays(), provenance)
