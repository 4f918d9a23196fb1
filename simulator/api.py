"""The public entry point: :func:`simulate` a scenario, one draw or an ensemble, and get Results (the CLI's
``run`` and ``compare`` and the notebooks call exactly this)."""

from __future__ import annotations

import contextlib
import difflib
import os
from collections.abc import Mapping

import numpy as np

from . import __version__
from .errors import InputError, ModelCheckError
from .model.inputs import build_inputs
from .model.simulate import check_finite, simulate_arrays
from .provenance import load_with_provenance
from .region import Region, load_region
from .results import Results, assemble_results
from .scenario import load_scenario

#: options of :func:`simulate` that only an ensemble uses (``draws`` > 1); with one draw they change nothing
ENSEMBLE_OPTIONS = ("chunk_size", "threads", "method", "correlation", "detail_draws", "progress")


def simulate(
    scenario,
    draws: int = 1,
    seed: int | None = None,
    *,
    region: Region | None = None,
    samples: Mapping[str, np.ndarray] | None = None,
    n_draws: int | None = None,
    **options,
) -> Results:
    """Run a scenario: baseline plus projects, all effect channels, labour market, taxes, targets; Results.

    The one entry point for one draw and for ensembles. scenario: a path, a
    :class:`~simulator.scenario.LoadedScenario` or a validated Scenario. draws: 1 (the default) is the
    deterministic run, every uncertain leaf at its central value (or at the one value ``samples`` gives);
    more is a Monte Carlo ensemble, :func:`simulator.uncertainty.simulate_ensemble` (the same Results bit for
    bit), whose options (``chunk_size``, ``threads``, ``method``, ``correlation``, ``detail_draws``,
    ``progress``) may be passed here and do nothing for one draw. seed: the sampling seed (recorded in the
    provenance either way). samples: ``{leaf address: (draws,) values}`` for any numeric leaves; given, they
    replace sampling and every other leaf keeps its central value.
    n_draws: the old name of ``draws``. Changes nothing in the calling process (no caches kept, no allocator
    tuning: see :mod:`simulator.memory`).

        >>> results = simulate("scenarios/kostanai/plan.yaml")                     # doctest: +SKIP
        >>> ensemble = simulate("scenarios/kostanai/plan.yaml", draws=10_000, seed=1)  # doctest: +SKIP
    """
    if n_draws is not None:
        if draws != 1 and draws != n_draws:
            raise TypeError(f"simulate() got draws={draws} and n_draws={n_draws}: give draws only")
        draws = n_draws
    unknown = sorted(set(options) - set(ENSEMBLE_OPTIONS))
    if unknown:
        raise TypeError(f"simulate() got unexpected keyword arguments: {', '.join(unknown)}")
    draws = int(draws)
    if draws < 1:
        raise InputError(f"the number of draws must be at least 1 (got {draws})")
    if isinstance(scenario, str | os.PathLike):
        scenario = load_scenario(scenario)  # kept, so that the model's checks can name file and line
    with located_in(scenario):
        if draws > 1:
            from .uncertainty.ensemble import simulate_ensemble  # lazy: scipy (sampling) is needed for draws > 1 only

            return simulate_ensemble(scenario, draws, seed, region=region, samples=samples, **options)
        return _one_draw(scenario, region, samples, seed)


@contextlib.contextmanager
def located_in(scenario):
    """Within it, a :class:`~simulator.errors.ModelCheckError` (the model's checks name inputs by address) is
    raised again naming the file and line where each of its inputs was written, when ``scenario`` is a
    :class:`~simulator.scenario.LoadedScenario` (a Scenario object has no files: the error passes as it is).
    The CLI's ``solve`` runs its goal seek in it too."""
    try:
        yield
    except ModelCheckError as exc:
        locate = getattr(scenario, "locate_leaf", None)
        if locate is None:
            raise
        where = {a: f"{loc.file}:{loc.line}" for a in exc.addresses if (loc := locate(a)) is not None}
        raise exc.located(where) from None


def _one_draw(scenario, region: Region | None, samples: Mapping[str, np.ndarray] | None, seed: int | None) -> Results:
    """The deterministic run: one draw, leaves central unless ``samples`` gives their value."""
    scenario, provenance = load_with_provenance(scenario)
    region = region if region is not None else load_region(scenario.region)
    many = sorted(a for a, v in (samples or {}).items() if np.size(v) != 1)
    if many:
        raise InputError(f"samples: one value each for one draw (give draws=N for N values): {', '.join(many)}")
    inputs = build_inputs(scenario, region, samples=samples, n_draws=1)
    unknown = sorted(set(samples or ()) - set(inputs.leaves))
    if unknown:
        hints = [
            f"{a} (did you mean {m[0]}?)" if (m := difflib.get_close_matches(a, list(inputs.leaves), n=1)) else a
            for a in unknown
        ]
        raise InputError(f"samples for inputs the scenario does not have: {', '.join(hints)}")
    arrays = simulate_arrays(inputs)
    check_finite(arrays, inputs)
    provenance.update({"version": __version__, "seed": seed, "draws": 1, "region": region.id})
    return assemble_results(scenario, region, inputs, arrays, provenance)
