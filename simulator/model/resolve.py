"""Turn scenario leaves (numbers, distributions, year-keyed paths) into arrays over draws and years.

Every numeric leaf of a scenario has an address, its dotted path (``projects.kia.production.unit_price.value``,
``parameters.flq_delta``). A :class:`Resolver` returns, for a leaf, an array over draws: the sampled values where
the sampler supplied them for that address, else the leaf's central value (a number is its own central
value). Year-keyed paths become ``(draw, year)`` arrays, carried forward from each given year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from ..scenario.distributions import central, is_distribution


@dataclass
class Resolver:
    """Resolves leaves to arrays of shape ``(draws,)`` or ``(draws, years)``.

    years: (T,) int, the model years (base year first).
    samples: {leaf address: (D,) array}; leaves without samples take their central value and
    broadcast (their arrays have a draw axis of length 1, so deterministic inputs cost nothing per draw).
    """

    years: np.ndarray
    samples: Mapping[str, np.ndarray] = field(default_factory=dict)
    #: addresses of every distribution met while resolving (what the sampler may fill)
    seen_distributions: dict[str, object] = field(default_factory=dict)
    #: every numeric leaf met, {address: central value} (what goal seek and sensitivity may vary)
    seen_leaves: dict[str, float] = field(default_factory=dict)

    def scalar(self, value, address: str) -> np.ndarray:
        """A leaf as an array of shape (D,) or (1,): ``samples[address]`` if given (any numeric leaf may be
        varied, not only a distribution), else the leaf's central value."""
        if is_distribution(value):
            self.seen_distributions[address] = value
        self.seen_leaves[address] = central(value)
        if address in self.samples:
            return np.asarray(self.samples[address], dtype=float).reshape(-1)
        return np.array([central(value)], dtype=float)

    def path(self, value, address: str, default=None) -> np.ndarray:
        """A number or ``{year: value}`` path as an array of shape (D or 1, T), carried forward.

        Years before the first key take the first key's value (a path states the level from then on, and
        earlier model years only matter for the base year). ``value`` None falls back to ``default``.
        """
        if value is None:
            value = default
        if not isinstance(value, Mapping):
            return self.scalar(value, address)[:, None] * np.ones((1, self.years.size))
        keys = sorted(value)
        columns = [self.scalar(value[k], f"{address}.{k}") for k in keys]
        width = max(c.size for c in columns)
        by_key = np.stack([np.broadcast_to(c, (width,)) for c in columns], axis=1)  # (D, K)
        # index of the last key <= year (or the first key for earlier years)
        idx = np.searchsorted(np.asarray(keys), self.years, side="right") - 1
        return by_key[:, np.clip(idx, 0, len(keys) - 1)]

    def interpolated(self, value: Mapping[int, object], address: str, before: float) -> np.ndarray:
        """A ``{year: value}`` path interpolated linearly between keys, ``before`` ahead of the first key
        and carried forward after the last; shape (D or 1, T)."""
        keys = np.asarray(sorted(value), dtype=float)
        columns = [self.scalar(value[int(k)], f"{address}.{int(k)}") for k in keys]
        width = max(c.size for c in columns)
        values = np.stack([np.broadcast_to(c, (width,)) for c in columns], axis=1)  # (D, K)
        xs = np.concatenate([[keys[0] - 1.0], keys])  # (K+1,)
        ys = np.concatenate([np.full((width, 1), before), values], axis=1)  # (D, K+1)
        years = np.clip(self.years.astype(float), xs[0], xs[-1])
        hi = np.clip(np.searchsorted(xs, years, side="left"), 1, xs.size - 1)
        lo = hi - 1
        weight = (years - xs[lo]) / (xs[hi] - xs[lo])
        return ys[:, lo] * (1.0 - weight) + ys[:, hi] * weight
