"""An ensemble's Results from its stored draws: the same Results ``simulate(scenario, draws, seed)`` builds.

The statistics of an ensemble need all its draws at once (percentiles are order statistics), so they are made
when the ensemble is complete, from the store, by the functions ``simulate_ensemble`` uses: the stored totals
wrapped in :class:`~simulator.model.simulate.DerivedArrays`, checked finite, and handed to
:func:`simulator.results.assemble_results` (targets and their probabilities); percentiles come from
:func:`simulator.results.column_statistics`. Per-project and per-industry detail is not kept by a sweep.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .. import __version__
from ..model.simulate import DerivedArrays, check_finite
from ..results import Results, assemble_results
from ..uncertainty.ensemble import prepare
from .spec import Ensemble


def ensemble_results(ensemble: Ensemble, totals: Mapping[str, np.ndarray]) -> Results:
    """Results of a complete ensemble from its stored (not derived) totals, every draw."""
    scenario, provenance, region, central = prepare(ensemble.scenario)
    arrays = DerivedArrays(dict(totals))
    check_finite(dict(totals), central)
    provenance.update(
        {
            "version": __version__,
            "seed": ensemble.seed,
            "draws": ensemble.draws,
            "region": region.id,
            "sampling": "sobol",
            "uncertain_leaves": sorted(central.distributions),
            "sweep_point": {a: v for a, v in ensemble.point},
            "scenario_file": ensemble.scenario_file,
        }
    )
    return assemble_results(scenario, region, central, arrays, provenance)
