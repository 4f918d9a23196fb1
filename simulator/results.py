"""Results: labelled model arrays plus provenance, their statistics and long table, and how a run's arrays
become Results (:func:`assemble_results`: targets evaluated, published figures attached by :func:`region_actuals`).

Arrays keep the model's axis order (draw, year[, project or industry]) and model units; the accessors convert
to reported units through :mod:`simulator.variables`. A deterministic run has one draw; an ensemble reports
percentiles (``statistic`` column in the long table, ``quantile`` column in the IAMC file). The text tables
(CSV, IAMC) are made from Results in :mod:`simulator.tables`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np

from .model.targets import TargetResult, evaluate_targets, published_references
from .quantiles import median, percentiles
from .region import Region
from .variables import BY_KEY, PROJECT_VARIABLES, VARIABLES

PERCENTILES = (5, 25, 50, 75, 95)
#: the per-industry value added arrays, (case, array key), (D, T, n) million KZT/yr, reported in billion KZT/yr
SECTOR_KEYS = (("scenario", "sector:value_added"), ("baseline", "sector:value_added_baseline"))
SECTOR_SCALE = 1e-3
_NEGATIVE_ZERO_BITS = np.int64(-(2**63))  # -0.0 read as an int64


def column_statistics(values: np.ndarray, scale: float) -> Iterator[tuple[str, np.ndarray]]:
    """(statistic, (C,) values × ``scale``) pairs of ``values`` (D draws, C columns) in model units: ``value``
    for one draw, else ``mean`` and the ``PERCENTILES`` over the draws, computed in model units, then scaled."""
    if values.shape[0] == 1:
        yield "value", values[0] * scale
        return
    yield "mean", values.mean(axis=0) * scale
    if values.strides[0] == 0:  # the same in every draw (kept once, broadcast): every percentile is it
        rows = np.broadcast_to(values[0], (len(PERCENTILES), values.shape[1]))
    else:
        rows = percentiles(values, PERCENTILES)
    for q, row in zip(PERCENTILES, rows, strict=True):
        yield f"p{q}", row * scale


def blocked_statistics(
    columns: Callable[[int, int], np.ndarray], n_draws: int, n_cols: int, scale: float, block_bytes: int
) -> dict[str, np.ndarray]:
    """:func:`column_statistics` of an (n_draws, n_cols) array handed out by blocks of columns, {statistic:
    (n_cols,)}: ``columns(a, b)`` gives columns a..b as float64 (n_draws, b - a), contiguous or broadcast along
    the draws. Blocks of about ``block_bytes`` and at least 2 columns (n_cols = 1: one block), so only one
    block's values and temporaries exist at a time. The same numbers as one pass over the whole array: the
    percentiles are exact order statistics whatever the batch (up to the sign of a zero order statistic, see
    :func:`detail_statistics`), and numpy's mean along the draws of a C-contiguous array of two or more columns
    adds each column's draws in draw order, whatever the number of columns (a single column would be summed
    pairwise, hence the two)."""
    width = max(2, block_bytes // (8 * max(n_draws, 1)))
    blocks = max(1, min(n_cols // 2, -(-n_cols // width)))
    edges = [n_cols * i // blocks for i in range(blocks + 1)]  # blocks of n_cols // blocks columns or one more
    parts = [dict(column_statistics(columns(a, b), scale)) for a, b in itertools.pairwise(edges)]
    return {stat: np.concatenate([part[stat] for part in parts]) for stat in parts[0]}


def detail_statistics(values: np.ndarray, scale: float) -> dict[str, np.ndarray]:
    """Table statistics of a per-project or per-industry array, ``values`` (D draws, T years, k columns) in model
    units: {statistic: (T, k) × ``scale``}, column j being :func:`column_statistics` of ``values[..., j]``.

    All k columns go through one percentile pass over (D, T·k), several times faster than k passes and the
    same numbers: percentiles are exact order statistics whatever the batch, and the mean adds the draws in the
    same order. The one thing a batch may change is which zero a zero order statistic is when a column holds
    both -0.0 and +0.0 (:mod:`simulator.quantiles`), so an array holding -0.0 is done column by column."""
    d, t, k = values.shape
    if d > 1 and values.strides[0] != 0 and _has_negative_zero(values):
        columns = [dict(column_statistics(values[..., j], scale)) for j in range(k)]
        return {stat: np.stack([c[stat] for c in columns], axis=1) for stat in columns[0]}
    return {stat: row.reshape(t, k) for stat, row in column_statistics(values.reshape(d, t * k), scale)}


def _has_negative_zero(values: np.ndarray) -> bool:
    """Whether float64 ``values`` hold a -0.0 (compared as bits: one pass, however many +0.0 there are)."""
    return bool(np.any(values.view(np.int64) == _NEGATIVE_ZERO_BITS))


def detail_keys(arrays: Mapping[str, np.ndarray]) -> list[tuple[str, float]]:
    """(array key, scale to reported units) of the per-project and per-industry arrays in ``arrays``."""
    keys = [(f"project:{v.key}", v.scale) for v in PROJECT_VARIABLES]
    keys += [(key, SECTOR_SCALE) for _, key in SECTOR_KEYS]
    return [(key, scale) for key, scale in keys if key in arrays]


@dataclass(frozen=True)
class Results:
    """One scenario run. ``arrays``: model output (see :func:`simulator.model.simulate.simulate_arrays`)."""

    scenario: str
    region: str
    region_name: str
    years: np.ndarray
    base_year: int
    project_ids: tuple[str, ...]
    project_names: tuple[str, ...]
    sectors: tuple[str, ...]
    sector_labels: tuple[str, ...]
    arrays: Mapping[str, np.ndarray]
    targets: list[TargetResult]
    provenance: dict = field(default_factory=dict)
    actuals: dict[str, dict[int, float]] = field(default_factory=dict)
    #: optional precomputed table statistics, {array key: {"mean" | "p5" | ...: values in reported units}}: (T,)
    #: for a total, exactly what :meth:`total_statistics` would compute; (T, P) or (T, n) for a per-project or
    #: per-industry array (:func:`detail_statistics`). An ensemble fills it once instead of per table written
    statistics: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    #: statistics of per-project and per-industry arrays and central values, computed on first use (reused by
    #: every table, plot and report of the run)
    _memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    # ------------------------------------------------------------------ access

    @property
    def n_draws(self) -> int:
        return int(self.arrays["grp_real"].shape[0])

    def series(self, key: str, baseline: bool = False) -> np.ndarray:
        """A total in reported units, (D, T). ``key``: a registry key (``grp``, ``employment``...)."""
        var = BY_KEY[key]
        return np.asarray(self.arrays[f"baseline:{key}" if baseline else key]) * var.scale

    def central(self, key: str, baseline: bool = False) -> np.ndarray:
        """The deterministic value (one draw) or the median over draws, (T,) in reported units, once per run (plots,
        report and terminal summary read the same ones); a copy. An ensemble's is its table's ``p50``
        (``statistics``: the 50th percentile in model units, then scaled), so the fan chart's line and the
        table's median are one number; without precomputed statistics, the median of :meth:`series`."""
        memo_key = ("central", key, baseline)
        if memo_key not in self._memo:
            stored = self.statistics.get(f"baseline:{key}" if baseline else key, {})
            self._memo[memo_key] = stored["p50"] if "p50" in stored else median(self.series(key, baseline))
        return self._memo[memo_key].copy()

    def central_change(self, key: str) -> np.ndarray:
        """What the projects change: the median over draws of each draw's scenario − baseline (the number a
        target against the baseline is judged on; in general not the difference of the two medians), (T,) in
        reported units, computed once per run; a copy."""
        memo_key = ("change", key)
        if memo_key not in self._memo:
            self._memo[memo_key] = median(self.series(key) - self.series(key, baseline=True))
        return self._memo[memo_key].copy()

    def project_series(self, key: str) -> np.ndarray:
        """Per-project contribution in reported units, (D, T, P)."""
        var = next(v for v in PROJECT_VARIABLES if v.key == key)
        return np.asarray(self.arrays[f"project:{key}"]) * var.scale

    def year_index(self, year: int) -> int:
        return int(year - self.years[0])

    # ------------------------------------------------------------------ statistics and the long table

    def total_statistics(self, values: np.ndarray, scale: float = 1.0) -> Iterator[tuple[str, np.ndarray]]:
        """(statistic, (T,) values) pairs in reported units (model units × ``scale`` > 0) of a total (D, T): the
        single draw, or the mean and percentiles of an ensemble, computed in model units and then scaled."""
        return column_statistics(np.broadcast_to(values, (values.shape[0], self.years.size)), scale)

    def detail(self, key: str, scale: float) -> dict[str, np.ndarray]:
        """:func:`detail_statistics` of the per-project or per-industry array ``key``: precomputed
        (``statistics``) or computed on first use; {statistic: (T, P or n)} in reported units."""
        if key in self.statistics:
            return self.statistics[key]
        if key not in self._memo:
            self._memo[key] = detail_statistics(self.arrays[key], scale)
        return self._memo[key]

    def rows(self) -> Iterator[tuple]:
        """Tidy rows: (scenario, case, variable, unit, project, statistic, year, value).

        case: ``scenario``, ``baseline`` (the same run without projects) or ``actual`` (BNS after the base year).
        """
        for case, prefix in (("scenario", ""), ("baseline", "baseline:")):
            for var in VARIABLES:
                key = prefix + var.key
                if key not in self.arrays:
                    continue
                stored = self.statistics.get(key)
                pairs = stored.items() if stored else self.total_statistics(self.arrays[key], var.scale)
                for stat, row in pairs:
                    for year, value in zip(self.years, row, strict=True):
                        yield (self.scenario, case, var.name, var.unit, "", stat, int(year), float(value))
        for key, observed in self.actuals.items():  # BNS figures after the base year, beside the projection
            var = BY_KEY[key]
            for year, value in sorted(observed.items()):
                yield (self.scenario, "actual", var.name, var.unit, "", "value", int(year), float(value))
        for var in PROJECT_VARIABLES:
            key = f"project:{var.key}"
            if key not in self.arrays or not self.project_ids:
                continue
            stats = self.detail(key, var.scale)
            for p, pid in enumerate(self.project_ids):
                for stat, table in stats.items():
                    for year, value in zip(self.years, table[:, p], strict=True):
                        yield (self.scenario, "scenario", var.name, var.unit, pid, stat, int(year), float(value))
        for case, key in SECTOR_KEYS:
            stats = self.detail(key, SECTOR_SCALE)
            for s, label in enumerate(self.sector_labels):
                name = f"Value Added|{label}"
                for stat, table in stats.items():
                    for year, value in zip(self.years, table[:, s], strict=True):
                        yield (self.scenario, case, name, "billion KZT/yr", "", stat, int(year), float(value))

    def to_frame(self) -> np.ndarray:
        """The long table as a numpy structured array (``pandas.DataFrame(results.to_frame())`` works)."""
        dtype = [
            ("scenario", "U80"),
            ("case", "U10"),
            ("variable", "U80"),
            ("unit", "U24"),
            ("project", "U40"),
            ("statistic", "U8"),
            ("year", "i4"),
            ("value", "f8"),
        ]
        return np.array(list(self.rows()), dtype=dtype)


#: total -> (the region's series, the figure whose status says whether a year's value was published)
_PUBLISHED = {
    "grp": ("grp", "grp"),
    "employment": ("employed", "employed"),
    "labour_force": ("labour_force", "labour_force"),
    "average_wage": ("average_wage", "average_wage"),
    "budget_revenue_local": ("local_tax_revenue", "local_tax_revenue_total"),
    "tax_revenue_collected": ("tax_revenue_collected", "tax_revenue_collected"),
}


def region_actuals(region: Region, base_year: int) -> dict[str, dict[int, float]]:
    """Published values after the base year, in reported units: nominal GRP and GRP at base-year prices
    (chained from the BNS volume index), employment, the labour force, the average wage, local-budget tax
    revenue and all taxes collected in the region, from the region's data (the same series the base year is
    read from). Only the years the region's data marks ``sourced``: an estimate (e.g. a wage or tax figure
    back-cast from national series) is not an outturn to check the projection against. A region without
    provenance counts as sourced."""

    def published(figure: str, year: int) -> bool:
        try:
            return region.status(figure, year) == "sourced"
        except KeyError:  # no provenance recorded for the figure
            return True

    out = {}
    for key, (name, figure) in _PUBLISHED.items():
        values = getattr(region, name)
        if name == "local_tax_revenue":
            values = {y: sum(taxes.values()) for y, taxes in values.items()}
        kept = {y: v * BY_KEY[key].scale for y, v in sorted(values.items()) if y > base_year and published(figure, y)}
        if kept:
            out[key] = kept
    real, level = {}, region.grp[base_year]
    year = base_year + 1
    while year in region.grp_volume_index and published("grp_volume_index", year):
        level *= region.grp_volume_index[year] / 100.0
        real[year] = level * BY_KEY["grp_real"].scale
        year += 1
    if real:
        out["grp_real"] = real
    order = (
        "grp",
        "grp_real",
        "employment",
        "labour_force",
        "average_wage",
        "budget_revenue_local",
        "tax_revenue_collected",
    )
    return {key: out[key] for key in order if key in out}


def assemble_results(scenario, region: Region, inputs, arrays: Mapping[str, np.ndarray], provenance: dict) -> Results:
    """Results of one run (deterministic or ensemble) from the model's arrays: targets evaluated, labels and
    published figures attached (:func:`region_actuals`). ``inputs``: the run's (central) ModelInputs, for years
    and project labels. The provenance gains the baseline's estimated trends and last published year."""
    obs = inputs.observed
    provenance = {
        **provenance,
        "last_published_year": obs.last_year,
        "baseline_trends": obs.trend.rows(),
        "trend_pooling": obs.trend.pooling,
    }
    return Results(
        scenario=scenario.name,
        region=region.id,
        region_name=region.name,
        years=inputs.years,
        base_year=inputs.base_year,
        project_ids=inputs.projects.ids,
        project_names=inputs.projects.names,
        sectors=region.sectors,
        sector_labels=region.sector_labels,
        arrays=arrays,
        targets=evaluate_targets(
            scenario.targets,
            arrays,
            inputs.years,
            inputs.base_year,
            published_references(scenario.targets, inputs),
            last_year=obs.last_year,
        ),
        provenance=provenance,
        actuals=region_actuals(region, inputs.base_year),
    )
