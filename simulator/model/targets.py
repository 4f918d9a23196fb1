"""Target verdicts: reached or not, first year reached, value at the target year, on both bases.

For a target on variable V with threshold θ (model units): the *metric* is V(t)/V(ref) (ratio), V(t) − V(ref)
(increase) or V(t) (level), where ref is the target's base year (default: the scenario's) or, with
``relative_to: baseline``, the baseline run in the same year. A target is met in year t if metric(t) >= θ.
Under uncertainty, the probability is the share of draws that meet it in the target year. Real-basis money
thresholds are read in base-year prices.

A target judged against its base year (not against the baseline) is also judged on the no-project baseline,
against the baseline's own value in that year, so that a reader sees how much of "reached" the region would
have reached without the projects (nominal GRP and wages grow with inflation alone). A target relative to the
baseline has no such counterpart (the baseline's own increase over itself is zero).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..quantiles import median
from ..scenario.targets import target_value_in_model_units
from ..variables import TARGET_KEYS


@dataclass(frozen=True)
class TargetResult:
    """One target on one basis. first_year: first year the median of the draws meets it
    (deterministic: the run's); value_at_year: (D,) metric in the target year; central_value: its median (the
    run's value when deterministic); probability: share of draws that meet it in the target year.
    baseline_value, baseline_probability: the same median and share for the no-project baseline (None for a
    target relative to the baseline). note: the scenario's note on the target (scope, price year...)."""

    id: str
    name: str
    variable: str
    kind: str
    basis: str
    declared_basis: str
    threshold: float
    year: int
    relative_to: str
    value_at_year: np.ndarray
    central_value: float
    probability: float
    first_year: int | None
    baseline_value: float | None = None
    baseline_probability: float | None = None
    note: str = ""

    @property
    def declared(self) -> bool:
        return self.basis == self.declared_basis

    @property
    def reached(self) -> bool:
        """Met in the target year (in the central run: the median of draws)."""
        return bool(self.central_value >= self.threshold)


def evaluate_targets(
    targets, arrays: Mapping[str, np.ndarray], years: np.ndarray, base_year: int
) -> list[TargetResult]:
    """Every target on its declared basis and on the other one (employment has one basis)."""
    out: list[TargetResult] = []
    for target in targets:
        nominal_key, real_key = TARGET_KEYS[target.variable]
        bases = [("nominal", nominal_key), ("real", real_key)]
        declared_basis = target.basis
        if nominal_key == real_key:  # a head count has no price basis
            declared_basis = "count"
            bases = [("count", nominal_key)]
        bases.sort(key=lambda b: b[0] != declared_basis)  # declared basis first
        threshold = target_value_in_model_units(target)
        for basis, key in bases:
            series = arrays[key]
            ref = int((target.base_year if target.base_year is not None else base_year) - years[0])
            if target.relative_to == "baseline":
                metric = _metric(target.kind, series, arrays[f"baseline:{key}"])
            else:
                metric = _metric(target.kind, series, series[:, [ref]])
            column = int(target.year - years[0])
            baseline_value = baseline_probability = None
            if target.relative_to != "baseline" and f"baseline:{key}" in arrays:
                alone = arrays[f"baseline:{key}"]  # judged against its own reference year
                alone = _metric(target.kind, alone[:, column], alone[:, ref])
                baseline_value = float(median(alone))
                baseline_probability = float((alone >= threshold).mean())
            central = median(metric)  # (T,)
            central_met = central >= threshold
            hits = np.flatnonzero(central_met[1:]) + 1  # the base year itself is not an achievement
            out.append(
                TargetResult(
                    id=target.id,
                    name=target.name or target.id,
                    variable=target.variable,
                    kind=target.kind,
                    basis=basis,
                    declared_basis=declared_basis,
                    threshold=threshold,
                    year=int(target.year),
                    relative_to=target.relative_to,
                    value_at_year=metric[:, column].copy(),  # a view would keep the whole (D, T) metric alive
                    central_value=float(central[column]),
                    probability=float((metric[:, column] >= threshold).mean()),
                    first_year=int(years[hits[0]]) if hits.size else None,
                    baseline_value=baseline_value,
                    baseline_probability=baseline_probability,
                    note=target.note,
                )
            )
    return out


def _metric(kind: str, values: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """A target's metric: ``values / reference`` (ratio), ``values − reference`` (increase) or the values
    themselves (level); arrays that broadcast."""
    if kind == "ratio":
        return values / reference
    if kind == "increase":
        return values - reference
    return np.broadcast_to(values, np.broadcast_shapes(values.shape, np.shape(reference)))
