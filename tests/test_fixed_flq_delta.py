"""An ensemble in which the FLQ delta is a fixed number while other inputs of the effects are sampled (a sweep's
grid over delta does exactly this): the Type I purchase weights then have one draw and the induced ones many,
which once ended in a ValueError when they were stacked."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from simulator.api import simulate
from simulator.scenario import load_scenario
from simulator.scenario.schema import Scenario
from simulator.uncertainty.ensemble import prepare
from simulator.uncertainty.sampling import Sampler

PLAN = Path(__file__).resolve().parent.parent / "scenarios" / "kostanai" / "kia.yaml"


def test_an_ensemble_with_a_fixed_flq_delta_equals_its_draws_run_one_by_one():
    """Each draw's GRP, employment and local budget equal a one-draw run given that draw's sampled inputs (the same
    model, run on one draw). The ensemble keeps its totals in float32 (docs/uncertainty.md §3): real GRP and
    employment are stored, so each is within 2^-24 relative of the float64 value; the local budget is derived
    in float64 as a sum of positive stored taxes, so its relative error is at most that of its terms (2^-24)
    plus float64 rounding. rtol 2^-23 is twice that bound (float64 batching of the products adds ~1e-15)."""
    data = load_scenario(PLAN).scenario.model_dump(exclude_none=True, warnings=False)
    data["parameters"]["flq_delta"] = 0.25
    scenario = Scenario.model_validate(data, strict=True)
    draws, seed = 16, 3
    ensemble = simulate(scenario, draws=draws, seed=seed, progress=None)
    central = prepare(scenario)[3]
    assert "parameters.flq_delta" not in central.distributions
    samples = Sampler(central.distributions, draws, np.random.default_rng(seed)).chunk(0, draws)
    for j in (0, 7, 15):
        one = simulate(scenario, samples={a: v[j] for a, v in samples.items()})
        for key in ("grp_real", "employment", "budget_revenue_local"):
            np.testing.assert_allclose(ensemble.arrays[key][j], one.arrays[key][0], rtol=2.0**-23)
