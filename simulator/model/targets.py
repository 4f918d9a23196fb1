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

Each verdict also says what it needs (:class:`Pace`): the level V* the target asks for in its year Y (θ·V(ref)
for a ratio, V(ref) + θ for an increase, θ for a level) and the constant yearly growth that reaches it,
``(V*/V(r))^(1/(Y − r)) − 1``, from the reference year r and from the last published year L, beside the growth the
scenario gives over the same years, ``(V(Y)/V(r))^(1/(Y − r)) − 1``; V the median over draws. A target against the
baseline asks for an amount of impact, so its pace is the yearly addition to the impact from L,
``(θ − I(L))/(Y − L)``, beside the scenario's ``(I(Y) − I(L))/(Y − L)``, I the median of each draw's impact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..quantiles import median
from ..scenario.targets import target_value_in_model_units
from ..variables import TARGET_KEYS
from .trend import real_grp_levels


@dataclass(frozen=True)
class Pace:
    """What a target needs per year, beside what the scenario gives. kind ``rate``: constant yearly growth
    (share per year) of the level; ``amount``: yearly addition to the impact (model units per year, a target
    against the baseline). From the reference year (``reference_year``; None for a level or a target against the
    baseline) and from the last published year ``last_year`` (None when the target year is not after it)."""

    kind: str
    reference_year: int | None
    needed_from_reference: float | None
    given_from_reference: float | None
    last_year: int | None
    needed_from_last: float | None
    given_from_last: float | None


def growth_rate(start: float, end: float, years: int) -> float | None:
    """Constant yearly growth from ``start`` to ``end`` over ``years``: (end/start)^(1/years) − 1; None for no
    years or a level that is not positive (a growth rate then has no meaning)."""
    if years <= 0 or not start > 0 or not end > 0:
        return None
    return float((end / start) ** (1.0 / years) - 1.0)


@dataclass(frozen=True)
class TargetResult:
    """One target on one basis. first_year: first year the median of the draws meets it
    (deterministic: the run's); value_at_year: (D,) metric in the target year; central_value: its median (the
    run's value when deterministic); probability: share of draws that meet it in the target year.
    baseline_value, baseline_probability: the same median and share for the no-project baseline (None for a
    target relative to the baseline). note: the scenario's note on the target (scope, price year...).
    reference_year: the year the metric compares with."""

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
    reference_year: int | None = None
    """The year a ratio or increase is measured from (None for a level or a target against the baseline)."""
    pace: Pace | None = None
    """The yearly growth the target needs and the scenario gives (see the module docstring)."""

    @property
    def declared(self) -> bool:
        return self.basis == self.declared_basis

    @property
    def reached(self) -> bool:
        """Met in the target year (in the central run: the median of draws)."""
        return bool(self.central_value >= self.threshold)


def published_references(targets, inputs) -> dict[tuple[str, int], np.ndarray]:
    """{(key, year): value (D,) in model units} for the reference years of targets that lie before the model's
    first year (a target keeps its own reference year whatever the base year): the region's published figure
    of that year, real values in base-year prices (GRP chained back with the BNS volume index; wages by the
    CPI, budgets by the deflator of the run's price path). The baseline is judged against the same figure
    (the projects' effects in years before the base year are not modelled)."""
    region, prices, first = inputs.region, inputs.prices, int(inputs.years[0])
    out: dict[tuple[str, int], np.ndarray] = {}
    for target in targets:
        year = target.base_year
        if year is None or year >= first or target.relative_to == "baseline" or target.kind == "level":
            continue
        nominal = {
            "grp": region.grp.get(year),
            "average_wage": region.average_wage.get(year),
            "budget_revenue_local": sum(region.local_tax_revenue[year].values())
            if year in region.local_tax_revenue
            else None,
            "tax_revenue_collected": region.tax_revenue_collected.get(year),
            "employment": region.employed.get(year),
        }[target.variable]
        nominal_key, real_key = TARGET_KEYS[target.variable]
        out[(nominal_key, year)] = np.atleast_1d(float(nominal))
        if real_key == nominal_key:
            continue
        if target.variable == "grp":
            real = np.atleast_1d(real_grp_levels(region.grp, region.grp_volume_index, first)[year])
        elif target.variable == "average_wage":
            real = nominal / prices.at(prices.cpi, year)
        else:
            real = nominal / prices.at(prices.deflator, year)
        out[(real_key, year)] = real
    return out


def evaluate_targets(
    targets,
    arrays: Mapping[str, np.ndarray],
    years: np.ndarray,
    base_year: int,
    references=None,
    last_year: int | None = None,
) -> list[TargetResult]:
    """Every target on its declared basis and on the other one (employment has one basis). ``references``:
    {(key, year): (D,)} values of reference years before ``years[0]`` (:func:`published_references`).
    ``last_year``: the last published year, from which each verdict's :class:`Pace` is also measured."""
    references = references or {}
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
            ref_year = target.base_year if target.base_year is not None else base_year
            ref = int(ref_year - years[0])

            def reference(values, key=key, ref=ref, ref_year=ref_year):
                """(D, 1): the run's own value of the reference year, or the published one before its years."""
                if ref >= 0:
                    return values[:, [ref]]
                return np.asarray(references[(key, ref_year)], dtype=float)[:, None]

            if target.relative_to == "baseline":
                metric = _metric(target.kind, series, arrays[f"baseline:{key}"])
            else:
                metric = _metric(target.kind, series, reference(series))
            column = int(target.year - years[0])
            baseline_value = baseline_probability = None
            if target.relative_to != "baseline" and f"baseline:{key}" in arrays:
                alone = arrays[f"baseline:{key}"]  # judged against its own reference year
                alone = _metric(target.kind, alone[:, column], reference(alone)[:, 0])
                baseline_value = float(median(alone))
                baseline_probability = float((alone >= threshold).mean())
            pace = _pace(
                target, threshold, series, arrays.get(f"baseline:{key}"), years, ref_year, reference, last_year
            )
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
                    reference_year=None if target.relative_to == "baseline" or target.kind == "level" else ref_year,
                    pace=pace,
                )
            )
    return out


def _pace(target, threshold, series, baseline, years, ref_year, reference, last_year) -> Pace:
    """The target's :class:`Pace` from the (D, T) ``series`` (and ``baseline`` for a target against it);
    ``reference(values)`` gives the (D, 1) reference-year values (published ones before the run's years)."""
    column = int(target.year - years[0])
    last = int(last_year - years[0]) if last_year is not None and years[0] <= last_year < target.year else None
    span = target.year - last_year if last is not None else 0
    if target.relative_to == "baseline":
        impact = median(series - baseline) if baseline is not None else None
        if last is None or impact is None:
            return Pace("amount", None, None, None, None, None, None)
        needed = float((threshold - impact[last]) / span)
        given = float((impact[column] - impact[last]) / span)
        return Pace("amount", None, None, None, int(last_year), needed, given)
    at_year = float(median(series[:, column]))
    if target.kind == "level":
        goal, ref_level, r = threshold, None, None
    else:
        ref_level = float(median(reference(series)[:, 0]))
        goal = threshold * ref_level if target.kind == "ratio" else ref_level + threshold
        r = int(ref_year)
    from_reference = (None, None)
    if r is not None:
        from_reference = (
            growth_rate(ref_level, goal, target.year - r),
            growth_rate(ref_level, at_year, target.year - r),
        )
    from_last = (None, None)
    if last is not None:
        level_last = float(median(series[:, last]))
        from_last = (growth_rate(level_last, goal, span), growth_rate(level_last, at_year, span))
    return Pace("rate", r, *from_reference, None if last is None else int(last_year), *from_last)


def _metric(kind: str, values: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """A target's metric: ``values / reference`` (ratio), ``values − reference`` (increase) or the values
    themselves (level); arrays that broadcast."""
    if kind == "ratio":
        return values / reference
    if kind == "increase":
        return values - reference
    return np.broadcast_to(values, np.broadcast_shapes(values.shape, np.shape(reference)))
