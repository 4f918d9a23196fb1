"""regsim: regional economic scenario simulator.

Public API (the same calls the CLI and the notebooks use)::

    from simulator import load_scenario, simulate
    scenario = load_scenario("scenarios/kostanai/plan.yaml")
    results = simulate(scenario)            # Results: arrays, tables, targets, provenance
    results.central("grp")                  # GRP by year, billion KZT/yr

Plots live in :mod:`simulator.plotting`; region data in :func:`load_region`.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_LAZY = {
    "load_scenario": ("simulator.scenario", "load_scenario"),
    "LoadedScenario": ("simulator.scenario", "LoadedScenario"),
    "ScenarioError": ("simulator.errors", "ScenarioError"),
    "InputError": ("simulator.errors", "InputError"),
    "simulate": ("simulator.api", "simulate"),
    "Results": ("simulator.results", "Results"),
    "load_region": ("simulator.region", "load_region"),
    "available_regions": ("simulator.region", "available_regions"),
    "multiplier_table": ("simulator.multipliers", "multiplier_table"),
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str):
    """Import the public API on first use, so ``regsim --version`` stays fast."""
    if name in _LAZY:
        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'simulator' has no attribute {name!r}")
