"""A sweep's summary: per ensemble (scenario × region × point), the percentiles of every total and what the
projects add, and every target's probability, as small tables (the draws stay in the store).

:func:`summarise` keeps of an ensemble's Results only these statistics (those ``regsim run`` writes, from
:func:`simulator.uncertainty.ensemble.results_from_stored`: the table statistics and targets; each draw's impact
by :meth:`simulator.results.Results.total_statistics`), so a sweep of many ensembles holds one ensemble's draws
at a time.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import numpy as np

from ..results import PERCENTILES, Results
from ..tables import neutralise
from ..variables import VARIABLES, target_unit
from .spec import Ensemble

STATISTICS = ("mean", *(f"p{q}" for q in PERCENTILES))
#: what each case is: the scenario, the no-project baseline, and each draw's scenario − baseline
CASES = ("scenario", "baseline", "impact")
ENSEMBLE_COLUMNS = ["ensemble", "scenario", "scenario_file", "region", "point", "seed", "draws"]


@dataclass(frozen=True)
class TargetSummary:
    """One target on one basis: threshold and the median metric in the reported unit, share of draws reaching it."""

    id: str
    name: str
    basis: str
    declared: bool
    year: int
    unit: str
    threshold: float
    central_value: float
    probability: float
    first_year: int | None
    baseline_probability: float | None


@dataclass
class EnsembleSummary:
    """The statistics of one ensemble; ``error`` instead when it failed. ``statistics``:
    {(case, variable key): {statistic: (T,) values in reported units}}."""

    ensemble: Ensemble
    years: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    region_name: str = ""
    statistics: dict[tuple[str, str], dict[str, np.ndarray]] = field(default_factory=dict)
    targets: list[TargetSummary] = field(default_factory=list)
    error: str | None = None


def summarise(ensemble: Ensemble, results: Results) -> EnsembleSummary:
    """The ensemble's percentiles (every total, scenario, baseline and impact) and target probabilities."""
    statistics = {}
    for var in VARIABLES:
        if var.key not in results.arrays:
            continue
        statistics[("scenario", var.key)] = _statistics(results, var.key, var.scale)
        if f"baseline:{var.key}" in results.arrays:
            statistics[("baseline", var.key)] = _statistics(results, f"baseline:{var.key}", var.scale)
            impact = results.arrays[var.key] - results.arrays[f"baseline:{var.key}"]
            statistics[("impact", var.key)] = dict(results.total_statistics(impact, var.scale))
    targets = []
    for t in results.targets:
        scale, unit = target_unit(t.variable, t.kind)
        targets.append(
            TargetSummary(
                id=t.id,
                name=t.name,
                basis=t.basis,
                declared=t.declared,
                year=int(t.year),
                unit=unit,
                threshold=t.threshold * scale,
                central_value=t.central_value * scale,
                probability=float(t.probability),
                first_year=t.first_year,
                baseline_probability=None if t.baseline_probability is None else float(t.baseline_probability),
            )
        )
    return EnsembleSummary(ensemble, np.asarray(results.years), results.region_name, statistics, targets)


def _statistics(results: Results, key: str, scale: float) -> dict[str, np.ndarray]:
    """A total's table statistics: those the ensemble computed once (``Results.statistics``, what ``regsim run``
    writes), or computed here."""
    return dict(results.statistics.get(key) or results.total_statistics(results.arrays[key], scale))


def _ensemble_cells(e: Ensemble) -> list:
    return [e.index, e.scenario_name, e.scenario_file, e.region, e.point_text, str(e.seed), e.draws]


def _csv(header: list[str], rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(c) for c in row])
    return buffer.getvalue()


def _number(value) -> str:
    """Every digit (``repr``): the CSV holds the statistics exactly, so they compare with a ``regsim run``'s."""
    return "" if value is None else repr(float(value))


def summary_csv(summaries: list[EnsembleSummary]) -> str:
    """One row per ensemble, case, variable and year: mean and percentiles in the variable's reported unit."""
    by_key = {v.key: v for v in VARIABLES}

    def rows():
        for s in summaries:
            for (case, key), stats in s.statistics.items():
                var = by_key[key]
                for i, year in enumerate(s.years):
                    values = [_number(stats[name][i]) if name in stats else "" for name in STATISTICS]
                    yield [*_ensemble_cells(s.ensemble), case, var.name, var.unit, int(year), *values]

    return _csv([*ENSEMBLE_COLUMNS, "case", "variable", "unit", "year", *STATISTICS], rows())


def targets_csv(summaries: list[EnsembleSummary]) -> str:
    """One row per ensemble, target and basis: threshold, median metric in the target year, probability."""

    def rows():
        for s in summaries:
            for t in s.targets:
                yield [
                    *_ensemble_cells(s.ensemble),
                    t.id, t.basis, t.declared, t.year, t.unit, _number(t.threshold), _number(t.central_value),
                    _number(t.probability), "" if t.first_year is None else t.first_year,
                    _number(t.baseline_probability),
                ]  # fmt: skip

    header = [
        *ENSEMBLE_COLUMNS, "target", "basis", "declared_basis", "year", "unit", "threshold", "value_at_year",
        "probability", "first_year_reached", "baseline_probability",
    ]  # fmt: skip
    return _csv(header, rows())


def ensembles_csv(summaries: list[EnsembleSummary]) -> str:
    """One row per ensemble: what it is, its seed (``regsim run --seed`` repeats it), and ok or why it failed."""
    rows = ([*_ensemble_cells(s.ensemble), "failed" if s.error else "ok", s.error or ""] for s in summaries)
    return _csv([*ENSEMBLE_COLUMNS, "status", "error"], rows)
