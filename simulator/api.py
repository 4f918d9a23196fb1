"""The public calls: simulate a scenario and get Results (the CLI and the notebooks use exactly these)."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

import numpy as np

from . import __version__
from .errors import InputError
from .model.inputs import build_inputs
from .model.simulate import check_finite, simulate_arrays
from .provenance import load_with_provenance
from .region import Region, load_region
from .results import Results, assemble_results


def simulate(
    scenario,
    *,
    region: Region | None = None,
    samples: Mapping[str, np.ndarray] | None = None,
    n_draws: int = 1,
    seed: int | None = None,
) -> Results:
    """Run one scenario: baseline plus projects, all effect channels, labour market, taxes, targets.

    scenario: a path, a :class:`~simulator.scenario.LoadedScenario` or a validated Scenario. samples: optional
    ``{leaf address: (n_draws,) values}`` for the uncertain leaves (the ensemble fills these); leaves without
    samples use their central value.
    """
    scenario, provenance = load_with_provenance(scenario)
    region = region if region is not None else load_region(scenario.region)
    inputs = build_inputs(scenario, region, samples=samples, n_draws=n_draws)
    unknown = sorted(set(samples or ()) - set(inputs.leaves))
    if unknown:
        hints = [
            f"{a} (did you mean {m[0]}?)" if (m := difflib.get_close_matches(a, list(inputs.leaves), n=1)) else a
            for a in unknown
        ]
        raise InputError(f"samples for inputs the scenario does not have: {', '.join(hints)}")
    arrays = simulate_arrays(inputs)
    check_finite(arrays, inputs)
    provenance.update({"version": __version__, "seed": seed, "draws": n_draws, "region": region.id})
    return assemble_results(scenario, region, inputs, arrays, provenance)
