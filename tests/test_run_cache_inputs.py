"""Inputs that no sampled leaf reaches are built once per run (``RunCache.once``, issue 17): a chunk built with
the run's cache must be the chunk built from nothing, leaf register included, and the shared arrays must be
read-only so that no chunk can change another's."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from simulator.model.cache import RunCache
from simulator.model.inputs import build_inputs
from simulator.model.simulate import simulate_arrays
from simulator.region import load_region
from simulator.scenario import load_scenario

PLAN = Path(__file__).resolve().parent.parent / "scenarios" / "kostanai" / "plan.yaml"


@pytest.fixture(scope="module")
def plan():
    scenario = load_scenario(PLAN).scenario
    return scenario, load_region(scenario.region)


def _samples(central, n=5):
    """Three draws for a sampled parameter, a sampled project leaf and a baseline-error rank."""
    rng = np.random.default_rng(3)
    addresses = ["parameters.flq_delta", "projects.kia.value_added_share", "baseline_error.grp_real"]
    out = {a: central.leaves[a] * (0.9 + 0.2 * rng.random(n)) for a in addresses}
    out["baseline_error.grp_real"] = rng.random(n)
    return out


def test_a_chunk_built_with_the_runs_cache_equals_one_built_from_nothing(plan):
    """Every parameter path, the published years and every model total are the same numbers (bit for bit), and
    the register of leaves read (addresses, central values, order) and of distributions is the same, whether
    the unsampled parameters come from the cache (filled by the central build, as in an ensemble) or are
    resolved again. A cache that served a sampled parameter's central path would fail on flq_delta."""
    scenario, region = plan
    central = build_inputs(scenario, region)
    samples = _samples(central)
    cached = build_inputs(scenario, region, samples=samples, n_draws=5, cache=central.cache)
    fresh = build_inputs(scenario, region, samples=samples, n_draws=5, cache=RunCache())
    assert cached.params.keys() == fresh.params.keys()
    for name in fresh.params:
        np.testing.assert_array_equal(cached.params[name], fresh.params[name], err_msg=name)
    assert cached.params["flq_delta"].shape[0] == 5  # sampled: one row per draw, not the central path
    np.testing.assert_array_equal(cached.observed.value_added, fresh.observed.value_added)
    assert list(cached.leaves.items()) == list(fresh.leaves.items())
    assert cached.distributions.keys() == fresh.distributions.keys()
    a, b = simulate_arrays(cached), simulate_arrays(fresh)
    for key in b:
        np.testing.assert_array_equal(a[key], b[key], err_msg=key)


def test_parameter_paths_shared_by_the_chunks_are_read_only(plan):
    """An unsampled parameter's path is one array for every chunk of the run: writing into it must fail
    rather than change the other chunks' inputs."""
    scenario, region = plan
    central = build_inputs(scenario, region)
    chunk = build_inputs(scenario, region, samples=_samples(central), n_draws=5, cache=central.cache)
    shared = chunk.params["exchange_rate"]
    assert np.shares_memory(shared, central.params["exchange_rate"])
    with pytest.raises(ValueError):
        shared[0, 0] = 1.0


def test_once_serves_an_entry_only_for_the_same_objects():
    """``RunCache.once`` computes once per key and owners, and again for other owners with an equal key."""
    cache = RunCache()
    calls = []
    first, second = object(), object()
    for owner in (first, first, second):
        cache.once(("k",), (owner,), lambda o=owner: calls.append(o) or len(calls))
    assert calls == [first, second]
