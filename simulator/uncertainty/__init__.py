"""Uncertainty and sensitivity: Monte Carlo ensembles, tornado and Sobol' indices, goal seek.

See docs/uncertainty.md for the methods and their choices.
"""

from __future__ import annotations

from .draws import write_draws
from .ensemble import simulate_ensemble
from .sampling import Sampler, draw_samples, ppf

__all__ = ["Sampler", "draw_samples", "ppf", "simulate_ensemble", "write_draws"]
