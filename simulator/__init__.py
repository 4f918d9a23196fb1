"""regsim: regional economic scenario simulator.

Public API (the same calls the CLI and the notebooks use)::

    from simulator import load_scenario, simulate
    scenario = load_scenario("scenarios/kostanai/plan.yaml")
    results = simulate(scenario)
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
