"""A scenario and the record of where it came from: what every run (one draw, an ensemble, a sensitivity study)
starts from and writes into ``provenance.json``."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .scenario import load_scenario


def load_with_provenance(scenario) -> tuple:
    """(validated Scenario, provenance dict) from a path (loaded here), a
    :class:`~simulator.scenario.LoadedScenario` or a validated Scenario.

    The provenance holds ``scenario_file`` (the file given, or None), ``files`` (it and every file it extends)
    and ``hashes`` ({file: sha256}); a Scenario object not read from a file has none of them. A run adds its
    own entries (version, seed, draws, region...)."""
    if isinstance(scenario, str | Path):
        scenario = load_scenario(scenario)
    if hasattr(scenario, "scenario") and hasattr(scenario, "hashes"):
        provenance = {
            "scenario_file": str(scenario.path),
            "files": [str(f) for f in scenario.files],
            "hashes": dict(scenario.hashes),
        }
        return scenario.scenario, provenance
    return scenario, {"scenario_file": None, "files": [], "hashes": {}}


def fresh_seed() -> int:
    """A seed for a run given none: 64 bits from the operating system's entropy (at most 20 digits, where the
    entropy of ``SeedSequence()`` itself has 128 bits and 39 digits), recorded in the provenance and printed so
    the run can be repeated with ``--seed``."""
    return int(np.random.SeedSequence().generate_state(1, np.uint64)[0])
