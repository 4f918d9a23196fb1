"""``simulator.api.simulate`` is the one entry point (one draw and ensembles, the same Results as
``simulate_ensemble`` bit for bit), and library calls leave the calling process as they found it: no malloc
tuning (only the CLI's ``run`` and ``compare`` make it, for their own process) and no module-level caches.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest
from conftest import SCENARIOS
from synthetic import plant, scenario, synthetic_region
from test_ensemble import SCENARIO

from simulator import memory
from simulator.api import simulate
from simulator.cli import main
from simulator.errors import InputError
from simulator.model import cache, inputs, table
from simulator.tables import long_csv, targets_csv
from simulator.uncertainty import simulate_ensemble

REGION = synthetic_region()


@pytest.fixture
def no_malloc_tuning(monkeypatch):
    """Fail if anything tunes malloc (the tuning's memo emptied, so a call would reach ``_tune``)."""

    def refuse():
        raise AssertionError("a library call tuned the process's malloc")

    monkeypatch.setattr(memory, "_state", {})
    monkeypatch.setattr(memory, "_tune", refuse)


def test_draws_above_one_is_the_ensemble_bit_for_bit(no_malloc_tuning):
    ours = simulate(SCENARIO, 300, 11, region=REGION, progress=None, chunk_size=64)
    theirs = simulate_ensemble(SCENARIO, 300, 11, region=REGION, progress=None)
    assert long_csv([ours]) == long_csv([theirs])
    assert targets_csv(ours) == targets_csv(theirs)
    for key in ("grp", "employment", "budget_revenue_local"):
        assert np.array_equal(ours.arrays[key], theirs.arrays[key])
    assert ours.provenance == theirs.provenance


def test_one_draw_is_the_deterministic_run():
    one = simulate(SCENARIO, region=REGION)
    assert one.n_draws == 1 and one.provenance["draws"] == 1 and "sampling" not in one.provenance
    assert long_csv([simulate(SCENARIO, draws=1, seed=5, region=REGION, threads=1)]) == long_csv([one])


def test_given_samples_run_as_an_ensemble_with_the_other_leaves_central():
    address = "projects.car_plant.value_added_share"
    values = np.array([0.1, 0.2, 0.3])
    results = simulate(scenario([plant()]), draws=3, seed=1, region=REGION, samples={address: values}, progress=None)
    assert results.provenance["sampling"] == "given"
    for i in range(values.size):  # an ensemble keeps its draws in float32 (docs/uncertainty.md §3): like with like
        one = simulate(scenario([plant()]), region=REGION, samples={address: values[i : i + 1]})
        grp = one.arrays["grp_real"].astype(np.float32).astype(float) * one.arrays["deflator"].astype(np.float32)
        assert np.array_equal(results.arrays["grp"][i], grp[0])


def test_bad_calls_are_refused():
    with pytest.raises(TypeError, match="chunks"):
        simulate(SCENARIO, 10, region=REGION, chunks=4)
    with pytest.raises(InputError, match="at least 1"):
        simulate(SCENARIO, 0, region=REGION)
    with pytest.raises(InputError, match="draws=N"):
        simulate(SCENARIO, region=REGION, samples={"projects.car_plant.value_added_share": np.array([0.1, 0.2])})


def test_old_name_n_draws_still_works():
    ours = simulate(SCENARIO, n_draws=50, seed=3, region=REGION, progress=None)
    assert long_csv([ours]) == long_csv([simulate(SCENARIO, 50, 3, region=REGION, progress=None)])


def test_library_runs_keep_no_state_in_modules(no_malloc_tuning):
    """An ensemble with δ sampled uses the response grid; afterwards no simulator.model module holds a cache
    (the run's RunCache went with the run), and a second run gives the same tables."""
    first = simulate(SCENARIO, 200, 7, region=REGION, progress=None)
    for module in (table, inputs, cache):
        private = {k: v for k, v in vars(module).items() if k.startswith("_") and not k.startswith("__")}
        held = [k for k, v in private.items() if isinstance(v, dict | list | set) and v]
        assert not held, f"{module.__name__} keeps {held}"
    assert long_csv([simulate(SCENARIO, 200, 7, region=REGION, progress=None)]) == long_csv([first])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="malloc tuning is glibc's, on Linux")
def test_cli_run_with_draws_tunes_malloc_for_its_own_process(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(memory, "reuse_freed_memory", lambda: calls.append(1) or True)
    plan = SCENARIOS / "kostanai" / "plan.yaml"
    assert main(["run", str(plan), "--quiet", "--out", str(tmp_path / "one")]) == 0
    assert calls == []  # one draw: nothing to tune
    assert main(["run", str(plan), "--draws", "8", "--seed", "1", "--quiet", "--out", str(tmp_path / "many")]) == 0
    assert calls == [1]
