"""An ensemble's Results from its stored draws: the same Results ``simulate(scenario, draws, seed)`` builds.

The statistics of an ensemble need all its draws at once (percentiles are order statistics), so they are made
when the ensemble is complete, from the store, by the function ``simulate_ensemble`` ends with
(:func:`simulator.uncertainty.ensemble.results_from_stored`): the stored float32 totals read as float64, the
derived totals computed from them, targets and their probabilities evaluated, the table statistics computed
once. Per-project and per-industry detail is not kept by a sweep.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..results import Results
from ..uncertainty.ensemble import ensemble_provenance, prepare, results_from_stored
from .spec import Ensemble


def ensemble_results(ensemble: Ensemble, totals: Mapping[str, np.ndarray]) -> Results:
    """Results of a complete ensemble from its stored totals, every draw (:meth:`SweepStore.totals`)."""
    scenario, provenance, region, central = prepare(ensemble.scenario)
    leaves = sorted(central.distributions)
    provenance.update(ensemble_provenance(ensemble.seed, ensemble.draws, region.id, "sobol", leaves, 0))
    provenance.update({"sweep_point": {a: v for a, v in ensemble.point}, "scenario_file": ensemble.scenario_file})
    return results_from_stored(scenario, region, central, totals, provenance)
