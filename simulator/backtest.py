"""Backtest of the baseline trends (``regsim backtest``, docs/backtest.md): how far the no-project baseline of
:mod:`simulator.model.trend`, estimated from the data up to a base year, lands from what was published later.

For every region and base year b: ``estimate_trend(region, b)`` (data up to b only), ``project_baseline`` for
b+1 .. the region's last published year, and each projected value set against the published one for three
variables: real GRP (published GRP chained with the GRP volume index, in prices of b), nominal GRP and
employment. Error = projected / published − 1 (a share). Two naive forecasts are scored on the very same
points: the latest yearly growth continues, and the mean growth since 2014 (or the series' first year)
continues. The shipped method's 5–95 % band at a point comes from the *other* regions' errors of the same
variable and horizon (leave one region out, pooled over base years).

Everything here is pure: no printing, no files (the CLI and ``tools/build_baseline_error.py`` write).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import numpy as np

from .model.trend import (
    FIRST_YEAR,
    TOTAL_POOLING,
    TREND_POOLING,
    estimate_trend,
    mean_log_growth,
    project_baseline,
    real_grp_levels,
)

VARIABLES = ("grp_real", "grp_nominal", "employment")
VARIABLE_LABELS = {"grp_real": "real GRP", "grp_nominal": "nominal GRP", "employment": "employment"}
#: the shipped method (the model's baseline trend) and the two naive forecasts it is measured against
SHIPPED = "trend"
METHODS = (SHIPPED, "last_growth", "mean_growth")
METHOD_LABELS = {
    "trend": "trend (shipped)",
    "last_growth": "last year's growth",
    "mean_growth": "mean growth since 2014",
}
#: the base years the CLI accepts (each needs at least one later published year; the data end in 2025)
ALLOWED_BASE_YEARS = (2015, 2024)
DEFAULT_BASE_YEARS = (2015, 2022)
#: probabilities of the band (5–95 %)
BAND = (0.05, 0.95)
#: fewest other-region errors a leave-one-region-out band is computed from (fewer: no band at that point)
MIN_BAND_POINTS = 10
#: which boundary break (``region.boundary_break``) interrupts each variable's published series
BREAK_OF = {"grp_real": None, "grp_nominal": "gva", "employment": "labour"}
CSV_COLUMNS = (
    "region",
    "base_year",
    "year",
    "horizon",
    "variable",
    "method",
    "projected",
    "published",
    "error_pct",
    "p05",
    "p95",
)
SUMMARY_COLUMNS = (
    "variable",
    "horizon",
    "method",
    "n",
    "bias_pct",
    "median_abs_error_pct",
    "mean_abs_error_pct",
    "coverage_pct",
    "n_band",
)


@dataclass(frozen=True)
class Point:
    """One scored value: ``method``'s projection of ``variable`` for ``year`` made with data up to
    ``base_year``, against the published value. Levels in the variable's units (million KZT; real GRP in
    prices of ``base_year``; persons). ``p05``/``p95``: the band (shipped method only, else NaN)."""

    region: str
    base_year: int
    year: int
    variable: str
    method: str
    projected: float
    published: float
    p05: float = math.nan
    p95: float = math.nan

    @property
    def horizon(self) -> int:
        return self.year - self.base_year

    @property
    def error(self) -> float:
        """projected / published − 1 (a share)."""
        return self.projected / self.published - 1.0

    @property
    def inside(self) -> bool | None:
        """Whether the published value lies in the band (None without a band)."""
        if not (math.isfinite(self.p05) and math.isfinite(self.p95)):
            return None
        return self.p05 <= self.published <= self.p95


@dataclass(frozen=True)
class RegionPaths:
    """Real GRP of one region for the plots, in prices of ``price_year`` (million KZT): the published levels
    {year: level} and each base year's projected path {base year: (years, levels)}."""

    name: str
    price_year: int
    published: dict[int, float]
    projected: dict[int, tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class Backtest:
    """The backtest's scored points, its summary rows and the real-GRP paths by region."""

    points: tuple[Point, ...]
    summary: tuple[dict[str, object], ...]
    paths: dict[str, RegionPaths]
    regions: tuple[str, ...]
    base_years: tuple[int, ...]
    pooling: float = TREND_POOLING
    skipped: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """region -> base years it could not be projected from (no data in that year)."""

    def errors(self, variable: str, method: str = SHIPPED, horizon: int | None = None) -> np.ndarray:
        """Errors (shares) of one variable and method, optionally at one horizon."""
        return np.array(
            [
                p.error
                for p in self.points
                if p.variable == variable and p.method == method and (horizon is None or p.horizon == horizon)
            ]
        )

    def summary_row(self, variable: str, horizon: int, method: str) -> dict[str, object] | None:
        for row in self.summary:
            if row["variable"] == variable and row["horizon"] == horizon and row["method"] == method:
                return row
        return None

    def coverage(self, variable: str, horizons: Iterable[int]) -> tuple[float, int]:
        """Share of the shipped method's published points inside their band over ``horizons``, and how many
        points had a band."""
        wanted = set(horizons)
        inside = [
            p.inside
            for p in self.points
            if p.variable == variable and p.method == SHIPPED and p.horizon in wanted and p.inside is not None
        ]
        return (float(np.mean(inside)) if inside else math.nan), len(inside)


# ---------------------------------------------------------------------------------------------- published series


def published_series(region, variable: str, base_year: int) -> dict[int, float]:
    """What was published for ``variable``: real GRP in prices of ``base_year`` (GRP of that year chained with
    the GRP volume index), nominal GRP (million KZT), employment (persons)."""
    if variable == "grp_real":
        return real_grp_levels(region.grp, region.grp_volume_index, base_year)
    if variable == "grp_nominal":
        return dict(region.grp)
    if variable == "employment":
        return dict(region.employed)
    raise ValueError(f"unknown variable {variable!r}")


def break_year(region, variable: str) -> int | None:
    """The year the region's published ``variable`` moves to new territory (``region.boundary_break``), if any."""
    kind = BREAK_OF[variable]
    breaks = getattr(region, "boundary_break", {}) or {}
    return int(breaks[kind]) if kind is not None and kind in breaks else None


def last_growth(series: dict[int, float], base_year: int, skip: tuple[int, ...] = ()) -> float:
    """Naive forecast 1: the latest comparable yearly growth up to ``base_year`` (a share):
    series[y] / series[y − 1] − 1 for the latest y ≤ base_year with both years published and y not a boundary
    break (``skip``; then the change into the year before is the latest comparable one). NaN if none."""
    for y in range(base_year, min(series, default=base_year), -1):
        if y in skip or y not in series or y - 1 not in series:
            continue
        if series[y] > 0 and series[y - 1] > 0:
            return series[y] / series[y - 1] - 1.0
    return math.nan


def mean_growth(series: dict[int, float], base_year: int, skip: tuple[int, ...] = (), first: int = FIRST_YEAR) -> float:
    """Naive forecast 2: geometric mean yearly growth from ``first`` (or the series' first year) to
    ``base_year`` (a share), changes into a boundary-break year (``skip``) left out
    (:func:`simulator.model.trend.mean_log_growth`). NaN with no change."""
    years = sorted(y for y in series if y <= base_year)
    return mean_log_growth(years, [series[y] for y in years], first, base_year, skip).rate


def naive_path(level: float, growth: float, horizons: np.ndarray) -> np.ndarray:
    """level · (1 + growth)^h."""
    return level * (1.0 + growth) ** np.asarray(horizons, dtype=float)


# ---------------------------------------------------------------------------------------------- backtest


def can_project(region, base_year: int) -> bool:
    """Whether the baseline can start in ``base_year``: GRP, GVA by section, employment and labour force
    published in that year."""
    return all(
        base_year in series
        for series in (region.grp, region.value_added_by_section, region.employed, region.labour_force)
    )


def last_published_year(region) -> int:
    return max(max(region.grp, default=0), max(region.employed, default=0))


def backtest_region(
    region, base_years: Iterable[int], *, pooling: float = TREND_POOLING, total_pooling: float = TOTAL_POOLING
) -> tuple[list[Point], RegionPaths, tuple[int, ...]]:
    """Score one region from each base year (bands not yet set): the points, its real-GRP paths and the base
    years it could not be projected from."""
    points: list[Point] = []
    skipped: list[int] = []
    end = last_published_year(region)
    price_year = max(region.grp_volume_index, default=end)
    reference = real_grp_levels(region.grp, region.grp_volume_index, price_year)
    projected_paths: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for b in base_years:
        b = int(b)
        if not can_project(region, b) or b >= end:
            skipped.append(b)
            continue
        trend = estimate_trend(region, b, pooling, total_pooling)
        years = np.arange(b + 1, end + 1)
        projection = project_baseline(region, trend, years)
        paths = {
            "grp_real": projection.grp_real,
            "grp_nominal": projection.grp_nominal,
            "employment": projection.employment,
        }
        if b in reference and b in region.grp:
            projected_paths[b] = (years, projection.grp_real * reference[b] / float(region.grp[b]))
        for variable in VARIABLES:
            points += _score(region, variable, b, years, paths[variable])
    paths_out = RegionPaths(
        name=getattr(region, "name", region.id),
        price_year=int(price_year),
        published=reference,
        projected=projected_paths,
    )
    return points, paths_out, tuple(skipped)


def _score(region, variable: str, b: int, years: np.ndarray, trend_path: np.ndarray) -> list[Point]:
    series = published_series(region, variable, b)
    brk = break_year(region, variable)
    skip = (brk,) if brk is not None else ()
    if b not in series:
        return []
    g_last, g_mean = last_growth(series, b, skip), mean_growth(series, b, skip)
    if not (math.isfinite(g_last) and math.isfinite(g_mean)):
        return []  # no yearly change up to b: the naive forecasts are undefined, so no method is scored here
    horizons = years - b
    projected = {
        SHIPPED: trend_path,
        "last_growth": naive_path(series[b], g_last, horizons),
        "mean_growth": naive_path(series[b], g_mean, horizons),
    }
    out = []
    for j, year in enumerate(years.tolist()):
        published = series.get(year)
        if published is None or not published > 0:
            continue
        if brk is not None and b < brk <= year:
            continue  # published on a different territory from the base year's
        for method in METHODS:
            out.append(Point(region.id, b, year, variable, method, float(projected[method][j]), float(published)))
    return out


def add_bands(points: list[Point], band: tuple[float, float] = BAND) -> list[Point]:
    """The shipped method's points with their leave-one-region-out band for the published value: with q05, q95
    the ``band`` quantiles of the other regions' errors of the same variable and horizon (pooled over base
    years), the band is projected / (1 + q95) .. projected / (1 + q05), since published = projected / (1 +
    error). Fewer than :data:`MIN_BAND_POINTS` such errors: no band. Other methods' points unchanged."""
    shipped = [i for i, p in enumerate(points) if p.method == SHIPPED]
    if not shipped:
        return list(points)
    region = np.array([points[i].region for i in shipped])
    key = np.array([f"{points[i].variable}:{points[i].horizon}" for i in shipped])
    error = np.array([points[i].error for i in shipped])
    out = list(points)
    cache: dict[tuple[str, str], tuple[float, float]] = {}
    for k, i in enumerate(shipped):
        pair = (key[k], region[k])
        if pair not in cache:
            others = error[(key == key[k]) & (region != region[k])]
            if others.size >= MIN_BAND_POINTS:
                lo, hi = np.quantile(others, band)
                cache[pair] = (float(lo), float(hi))
            else:
                cache[pair] = (math.nan, math.nan)
        lo, hi = cache[pair]
        p = points[i]
        # published = projected / (1 + error): a high error quantile is the band's low end
        out[i] = replace(p, p05=p.projected / (1.0 + hi), p95=p.projected / (1.0 + lo))
    return out


def summarise(points: Iterable[Point]) -> list[dict[str, object]]:
    """By variable × horizon × method: n, bias (median error), median and mean absolute error (all in %),
    coverage of the band (shipped method; % of points with a band) and the number of points with a band."""
    groups: dict[tuple[str, int, str], list[Point]] = {}
    for p in points:
        groups.setdefault((p.variable, p.horizon, p.method), []).append(p)
    rows = []
    for variable in VARIABLES:
        for method in METHODS:
            for h in sorted(h for v, h, m in groups if v == variable and m == method):
                group = groups[(variable, h, method)]
                e = np.array([p.error for p in group])
                inside = [p.inside for p in group if p.inside is not None]
                rows.append(
                    {
                        "variable": variable,
                        "horizon": h,
                        "method": method,
                        "n": int(e.size),
                        "bias_pct": 100.0 * float(np.median(e)),
                        "median_abs_error_pct": 100.0 * float(np.median(np.abs(e))),
                        "mean_abs_error_pct": 100.0 * float(np.mean(np.abs(e))),
                        "coverage_pct": 100.0 * float(np.mean(inside)) if inside else math.nan,
                        "n_band": len(inside),
                    }
                )
    rows.sort(key=lambda r: (VARIABLES.index(r["variable"]), r["horizon"], METHODS.index(r["method"])))
    return rows


def run_backtest(
    regions,
    base_years: Iterable[int] = range(2015, 2023),
    *,
    pooling: float = TREND_POOLING,
    total_pooling: float = TOTAL_POOLING,
) -> Backtest:
    """Backtest ``regions`` (Region objects, or anything with the attributes :mod:`simulator.model.trend`
    reads plus ``id``) from each of ``base_years``."""
    regions = list(regions)
    base_years = tuple(int(b) for b in base_years)
    points: list[Point] = []
    paths: dict[str, RegionPaths] = {}
    skipped: dict[str, tuple[int, ...]] = {}
    for region in regions:
        region_points, region_paths, region_skipped = backtest_region(
            region, base_years, pooling=pooling, total_pooling=total_pooling
        )
        points += region_points
        paths[region.id] = region_paths
        if region_skipped:
            skipped[region.id] = region_skipped
    points = add_bands(points)
    return Backtest(
        points=tuple(points),
        summary=tuple(summarise(points)),
        paths=paths,
        regions=tuple(r.id for r in regions),
        base_years=base_years,
        pooling=float(pooling),
        skipped=skipped,
    )


# ---------------------------------------------------------------------------------------------- baseline error
