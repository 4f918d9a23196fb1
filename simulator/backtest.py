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

import csv
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import numpy as np

from .model.trend import FIRST_YEAR, TREND_POOLING, estimate_trend, mean_log_growth, project_baseline, real_grp_levels

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

    def to_csv(self) -> str:
        """backtest.csv: one row per point; error and levels as numbers, error in %."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for p in self.points:
            writer.writerow(
                [
                    p.region,
                    p.base_year,
                    p.year,
                    p.horizon,
                    p.variable,
                    p.method,
                    _num(p.projected),
                    _num(p.published),
                    f"{100.0 * p.error:.4f}",
                    _num(p.p05),
                    _num(p.p95),
                ]
            )
        return out.getvalue()

    def summary_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(SUMMARY_COLUMNS)
        for row in self.summary:
            writer.writerow([_cell(row[c]) for c in SUMMARY_COLUMNS])
        return out.getvalue()

    def summary_markdown(self) -> str:
        """summary.md: one Markdown table per variable, a row per horizon, the three methods side by side."""
        lines = [
            "# Backtest of the baseline trends",
            "",
            f"Regions: {len(self.regions)}; base years {_span(self.base_years)}; trend pooling weight "
            f"{self.pooling:g}. Error = projected / published − 1, in %. Bias = median error; |e| = absolute "
            "error (median / mean). Coverage: share of published values inside the leave-one-region-out "
            "5–95 % band of the shipped method (docs/backtest.md).",
            "",
        ]
        for variable in VARIABLES:
            horizons = sorted({int(r["horizon"]) for r in self.summary if r["variable"] == variable})
            if not horizons:
                continue
            lines += [
                f"## {VARIABLE_LABELS[variable]}",
                "",
                "Each method's cell: bias / median |error| / mean |error|, in %.",
                "",
            ]
            head = ["horizon", "n", *(METHOD_LABELS[m] for m in METHODS), "coverage of the 5–95 % band"]
            lines.append("| " + " | ".join(head) + " |")
            lines.append("|" + "|".join("---:" for _ in head) + "|")
            for h in horizons:
                shipped = self.summary_row(variable, h, SHIPPED)
                cells = [str(h), str(shipped["n"]) if shipped else "0"]
                for m in METHODS:
                    row = self.summary_row(variable, h, m)
                    keys = ("bias_pct", "median_abs_error_pct", "mean_abs_error_pct")
                    cells.append(" / ".join(_pct(row[k]) for k in keys) if row else "")
                cov = shipped["coverage_pct"] if shipped else math.nan
                cells.append(f"{cov:.0f} % (n={shipped['n_band']})" if shipped and math.isfinite(cov) else "–")
                lines.append("| " + " | ".join(cells) + " |")
            lines.append("")
        return "\n".join(lines)


def _num(value: float) -> str:
    return "" if not math.isfinite(value) else f"{value:.6g}" if abs(value) < 1e3 else f"{value:.1f}"


def _cell(value) -> str:
    if isinstance(value, float):
        return "" if not math.isfinite(value) else f"{value:.4f}"
    return str(value)


def _pct(value) -> str:
    """One decimal, a minus sign only when the rounded value is negative (no "-0.0")."""
    if not math.isfinite(value):
        return ""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text.replace("-", "−")


def _span(years) -> str:
    years = sorted(years)
    if not years:
        return "none"
    if len(years) == 1:
        return str(years[0])
    return f"{years[0]}–{years[-1]}" if years == list(range(years[0], years[-1] + 1)) else ", ".join(map(str, years))


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
    region, base_years: Iterable[int], *, pooling: float = TREND_POOLING
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
        trend = estimate_trend(region, b, pooling)
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


def run_backtest(regions, base_years: Iterable[int] = range(2015, 2023), *, pooling: float = TREND_POOLING) -> Backtest:
    """Backtest ``regions`` (Region objects, or anything with the attributes :mod:`simulator.model.trend`
    reads plus ``id``) from each of ``base_years``."""
    regions = list(regions)
    base_years = tuple(int(b) for b in base_years)
    points: list[Point] = []
    paths: dict[str, RegionPaths] = {}
    skipped: dict[str, tuple[int, ...]] = {}
    for region in regions:
        region_points, region_paths, region_skipped = backtest_region(region, base_years, pooling=pooling)
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


#: the variables and horizons of simulator/data/baseline_error.csv (simulator/baseline_error.py)
BASELINE_ERROR_VARIABLES = ("grp_real", "employment")
BASELINE_ERROR_HORIZONS = 10
BASELINE_ERROR_PROBABILITIES = tuple(round(k / 100, 2) for k in range(1, 100))
#: fewest errors a horizon's quantiles are measured from; horizons with fewer are extrapolated
BASELINE_ERROR_MIN_POINTS = 40


def path_correlations(backtest: Backtest, variable: str, lag: int = 1) -> dict[int, tuple[float, float, int]]:
    """{h: (rank correlation, Pearson correlation, pairs)} of the shipped method's error at horizon h with the same
    region and base year's error at h + ``lag``."""
    errors = {
        (p.region, p.base_year, p.horizon): p.error
        for p in backtest.points
        if p.variable == variable and p.method == SHIPPED
    }
    out = {}
    for h in sorted({k[2] for k in errors}):
        pairs = [
            (e, errors[(r, b, h + lag)]) for (r, b, hh), e in errors.items() if hh == h and (r, b, h + lag) in errors
        ]
        if len(pairs) >= 3:
            a, c = np.array(pairs).T
            out[h] = (rank_correlation(a, c), _corr(a, c), len(pairs))
    return out


def _ranks(x: np.ndarray) -> np.ndarray:
    """Average ranks (ties share their mean rank)."""
    from scipy.stats import rankdata

    return rankdata(x)


def rank_correlation(a, b) -> float:
    """Spearman's rank correlation of two equally long samples."""
    return _corr(_ranks(np.asarray(a, dtype=float)), _ranks(np.asarray(b, dtype=float)))


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    a, b = a - a.mean(), b - b.mean()
    den = math.sqrt(float((a * a).sum() * (b * b).sum()))
    return float((a * b).sum() / den) if den > 0 else math.nan


def baseline_error_table(
    backtest: Backtest,
    variables=BASELINE_ERROR_VARIABLES,
    horizons: int = BASELINE_ERROR_HORIZONS,
    probabilities=BASELINE_ERROR_PROBABILITIES,
    min_points: int = BASELINE_ERROR_MIN_POINTS,
) -> list[dict[str, object]]:
    """Rows of baseline_error.csv: per variable and horizon 1..``horizons``, the shipped method's error quantiles
    at ``probabilities`` pooled over regions and base years, the number of points and the median absolute
    error. A horizon with fewer than ``min_points`` errors (the longest ones: few base years reach them) takes
    the last horizon H0 with enough, scaled by sqrt(h / H0): the spread of a random walk's error grows with the
    square root of the horizon (the trend's own error, which grows with h itself, is left out: the rule is a
    floor, not a bound). ``extrapolated`` marks those rows."""
    probs = np.asarray(probabilities, dtype=float)
    rows = []
    for variable in variables:
        measured: dict[int, np.ndarray] = {}
        for h in range(1, horizons + 1):
            e = backtest.errors(variable, SHIPPED, h)
            if e.size >= min_points:
                measured[h] = e
            else:
                break
        if not measured:
            raise ValueError(f"no horizon of {variable} has {min_points} errors or more")
        last = max(measured)
        for h in range(1, horizons + 1):
            if h in measured:
                e = measured[h]
                q, mae, extrapolated = np.quantile(e, probs), float(np.median(np.abs(e))), False
            else:
                e = measured[last]
                scale = math.sqrt(h / last)
                q, mae, extrapolated = np.quantile(e, probs) * scale, float(np.median(np.abs(e))) * scale, True
            rows.append(
                {
                    "variable": variable,
                    "horizon": h,
                    "n": int(backtest.errors(variable, SHIPPED, h).size),
                    "extrapolated": extrapolated,
                    "median_abs_error": mae,
                    "quantiles": q,
                }
            )
    return rows


def baseline_error_csv(backtest: Backtest, header: list[str], **kwargs) -> str:
    """baseline_error.csv: ``header`` lines as ``#`` comments, then one row per variable and horizon."""
    rows = baseline_error_table(backtest, **kwargs)
    probs = kwargs.get("probabilities", BASELINE_ERROR_PROBABILITIES)
    out = io.StringIO()
    for line in header:
        out.write(f"# {line}\n" if line else "#\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["variable", "horizon", "n", "extrapolated", "median_abs_error", *(f"q{p:.2f}" for p in probs)])
    for row in rows:
        writer.writerow(
            [
                row["variable"],
                row["horizon"],
                row["n"],
                int(row["extrapolated"]),
                f"{row['median_abs_error']:.6f}",
                *(f"{v:.6f}" for v in row["quantiles"]),
            ]
        )
    return out.getvalue()
