"""Baseline trends estimated from a region's published history (docs/model.md §2, docs/backtest.md).

The region's real value added is grouped into three broad sectors (agriculture = OKED A; industry = B–F;
services = G–T). Each broad sector's yearly volume growth is the previous-year-nominal-weighted mean of the
published volume indices of its sections (BNS 450904: A–H, J, L, IND = B–E and OTHER_SERVICES = I, K, M–T).
Its **trend** is the mean log growth over the estimation window (every published year up to the last
observed one; for agriculture the slope of a line through the log levels, whose ends are harvests),
**pooled** with the national trend of the same broad sector over the same window:

    g_k = w · ḡ_k(region) + (1 − w) · ḡ_k(Kazakhstan),   w = ``TREND_POOLING`` (0.5)

a shrinkage estimator: one region's decade of growth is a noisy guide to its next five years, the country's
is a steadier one. The sector trends then get one common shift c so that their mix (GVA shares of the last
published year) grows at the region's **GRP trend**, the GRP volume index's mean growth pooled the same way
with weight ``TOTAL_POOLING`` (0.25) on the region's own history:

    Σ_k s_k · log(1 + g_k + c) = log(1 + G),   G = 0.25 · Ḡ(region) + 0.75 · Ḡ(Kazakhstan)

so the sectors say how the region's growth divides, the GRP index (which also holds net taxes on products)
how large it is. The backtest (``regsim backtest``, docs/backtest.md) chose both weights. An identified
project ramp-up named in the region data (``trend_exclusions``: Kostanai's car assembly, manufacturing
2015-2023) grows as the section did nationally in the region's own sector and GRP growth of its years, once
the ramp-up is over by the last year used (a backtest from inside the ramp-up keeps it: then it was what
continued). Employment gets the
pooling of its own history with the national one (weight 0.5). Every sector continues from its last
published level: restarting agriculture from its fitted trend line instead (a record harvest does not
persist) did not lower the backtest's errors (docs/backtest.md), so a region's known harvest deviation is
stated in its scenario as a baseline change (Kostanai's 2025 record: scenarios/kostanai/baseline.yaml).

Everything here is a pure function of arrays or of a :class:`~simulator.region.Region`'s published series;
growth rates are shares per year, levels in the series' own units.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

BROAD = ("agriculture", "industry", "services")
#: broad sector of each OKED section (T, households as employers, is in S before 2025)
SECTION_BROAD = {"A": 0, **{s: 1 for s in "BCDEF"}, **{s: 2 for s in "GHIJKLMNOPQRST"}}
#: volume-index items (BNS 450904) and the sections each covers; industry uses B..F one by one when published
VOLUME_ITEMS = {
    "A": ("A",),
    "B": ("B",),
    "C": ("C",),
    "D": ("D",),
    "E": ("E",),
    "IND": ("B", "C", "D", "E"),
    "F": ("F",),
    "G": ("G",),
    "H": ("H",),
    "J": ("J",),
    "L": ("L",),
    "OTHER_SERVICES": ("I", "K", "M", "N", "O", "P", "Q", "R", "S", "T"),
}
#: weight of the region's own mean growth against the national one (chosen by the backtest, docs/backtest.md):
#: for the broad sectors' trends and employment
TREND_POOLING = 0.5
#: the same for the GRP trend the sector trends are centred on
TOTAL_POOLING = 0.25
#: first year of the labour-force survey's weights from the 2021 census (population levels step then, BNS 6576)
CENSUS_STEP = 2022
#: first year of the published regional series (BNS regional tables in the shipped data start in 2014)
FIRST_YEAR = 2014


@dataclass(frozen=True)
class SectorHistory:
    """Broad-sector history of one region (or the country), years ``first..last``.

    years (Y,); nominal (Y, 3) GVA at current prices, million KZT; growth (Y, 3) volume growth factor from the
    previous year (NaN where not published, and in the first year).
    """

    years: np.ndarray
    nominal: np.ndarray
    growth: np.ndarray


def broad_sector_history(
    value_added_by_section: dict[int, dict[str, float]],
    volume_index: dict[int, dict[str, float]],
    exclude: dict[str, tuple[int, int]] | None = None,
    national_index: dict[int, dict[str, float]] | None = None,
) -> SectorHistory:
    """Nominal GVA and volume growth by broad sector from sections (BNS 5927) and volume indices (450904).

    Growth of broad sector k in year y: Σ_i N_i(y−1) · I_i(y)/100 / Σ_i N_i(y−1) over the volume items i of k
    that are published (N_i = nominal GVA of the sections item i covers). Industry uses B, C, D, E, F one by
    one when all are published (so that a section can be replaced), else IND and F. ``exclude`` {section:
    (first, last)}: in those years (an identified project ramp-up, e.g. car assembly) the section's own index is
    replaced by the country's (``national_index``, same items), so the section grows as it did nationally; without
    a national index for it the section is left out and the rest of its broad sector stands for it.
    """
    exclude = exclude or {}
    national_index = national_index or {}
    years = np.array(sorted(value_added_by_section), dtype=int)
    nominal = np.full((years.size, 3), np.nan)
    growth = np.full((years.size, 3), np.nan)
    for j, year in enumerate(years):
        sections = value_added_by_section[int(year)]
        for k in range(3):
            nominal[j, k] = sum(v for s, v in sections.items() if SECTION_BROAD.get(s) == k)
        if j == 0 or int(year) - 1 != int(years[j - 1]) or int(year) not in volume_index:
            continue
        previous = value_added_by_section[int(year) - 1]
        index = volume_index[int(year)]
        for k in range(3):
            items = _items(k, index)
            num = den = 0.0
            for item in items:
                value = index.get(item)
                if any(_excluded(exclude, s, int(year)) for s in VOLUME_ITEMS[item]):
                    # the country's index for it, else left out (an item holding an excluded section and others
                    # has no national stand-in for the section alone)
                    value = national_index.get(int(year), {}).get(item) if len(VOLUME_ITEMS[item]) == 1 else None
                weight = sum(previous.get(s, 0.0) for s in VOLUME_ITEMS[item])
                if weight <= 0 or value is None or not value > 0:
                    continue
                num += weight * value / 100.0
                den += weight
            if den > 0:
                growth[j, k] = num / den
    return SectorHistory(years=years, nominal=nominal, growth=growth)


def _items(k: int, index: dict[str, float]) -> tuple[str, ...]:
    if k == 0:
        return ("A",)
    if k == 1:
        singles = ("B", "C", "D", "E")
        if all(s in index for s in singles):
            return (*singles, "F")
        return ("IND", "F")
    return ("G", "H", "J", "L", "OTHER_SERVICES")


def _excluded(exclude: dict[str, tuple[int, int]], section: str, year: int) -> bool:
    span = exclude.get(section)
    return span is not None and span[0] <= year <= span[1]


@dataclass(frozen=True)
class Growth:
    """A mean growth rate: ``rate`` (share per year) = exp(mean log growth) − 1 over ``years`` yearly changes,
    ``se`` the standard error of the mean log growth (NaN with fewer than two), ``window`` (first, last)."""

    rate: float
    se: float
    years: int
    window: tuple[int, int]


def mean_log_growth(years, levels, first: int, last: int, skip: tuple[int, ...] = ()) -> Growth:
    """Mean growth of a level series between ``first`` and ``last`` (inclusive) over the years it has.

    Changes between consecutive available years count as one change per elapsed year (a missing year in
    between is spread evenly); changes *into* a year of ``skip`` (a boundary break) are left out. Returns NaN
    when fewer than one change is available.
    """
    years = np.asarray(years, dtype=int)
    levels = np.asarray(levels, dtype=float)
    keep = (years >= first) & (years <= last) & np.isfinite(levels) & (levels > 0)
    y, v = years[keep], np.log(levels[keep])
    if y.size < 2:
        return Growth(math.nan, math.nan, 0, (first, last))
    gaps = np.diff(y)
    changes = np.diff(v)
    use = ~np.isin(y[1:], np.asarray(skip, dtype=int))
    gaps, changes = gaps[use], changes[use]
    if gaps.sum() == 0:
        return Growth(math.nan, math.nan, 0, (first, last))
    mean = changes.sum() / gaps.sum()
    per_year = np.repeat(changes / gaps, gaps)
    se = float(per_year.std(ddof=1) / math.sqrt(per_year.size)) if per_year.size > 1 else math.nan
    return Growth(float(math.expm1(mean)), se, int(gaps.sum()), (int(y[0]), int(y[-1])))


def mean_factor_growth(years, factors, first: int, last: int) -> Growth:
    """Mean growth from yearly growth factors (``factors[j]`` = level(y_j) / level(y_j − 1)); NaNs are skipped."""
    years = np.asarray(years, dtype=int)
    factors = np.asarray(factors, dtype=float)
    keep = (years >= first) & (years <= last) & np.isfinite(factors) & (factors > 0)
    logs = np.log(factors[keep])
    if logs.size == 0:
        return Growth(math.nan, math.nan, 0, (first, last))
    se = float(logs.std(ddof=1) / math.sqrt(logs.size)) if logs.size > 1 else math.nan
    return Growth(float(math.expm1(logs.mean())), se, int(logs.size), (int(years[keep][0]), int(years[keep][-1])))


def fitted_growth(years, factors, first: int, last: int) -> Growth:
    """Growth from the slope of a least-squares line through the log levels chained from yearly growth factors
    (``first..last``, consecutive years; else as :func:`mean_factor_growth`). Unlike the mean of the yearly
    changes, which depends on the first and last levels only, the line uses every level: a record or a failed
    harvest at either end moves it little. ``se``: the slope's standard error."""
    years = np.asarray(years, dtype=int)
    factors = np.asarray(factors, dtype=float)
    keep = (years >= first) & (years <= last) & np.isfinite(factors) & (factors > 0)
    y = years[keep]
    if y.size < 3 or np.any(np.diff(y) != 1):
        return mean_factor_growth(years, factors, first, last)
    log_levels = np.concatenate([[0.0], np.cumsum(np.log(factors[keep]))])
    t = np.arange(log_levels.size, dtype=float)
    slope, intercept = np.polyfit(t, log_levels, 1)
    fit = intercept + slope * t
    sigma2 = float(((log_levels - fit) ** 2).sum()) / (t.size - 2)
    se = math.sqrt(sigma2 / float(((t - t.mean()) ** 2).sum()))
    return Growth(float(math.expm1(slope)), se, int(y.size), (int(y[0]), int(y[-1])))


def pooled(own: Growth, national: Growth, weight: float = TREND_POOLING) -> float:
    """w · own + (1 − w) · national, in log growth; the national rate alone where the region has none."""
    if not math.isfinite(own.rate):
        return national.rate
    if not math.isfinite(national.rate):
        return own.rate
    return float(math.expm1(weight * math.log1p(own.rate) + (1.0 - weight) * math.log1p(national.rate)))


@dataclass(frozen=True)
class Trend:
    """The baseline's estimated trends as of ``last_year`` (every published year up to it).

    sectors: {broad sector: (pooled rate, own Growth, national Growth)}; total: the same triple for real GRP
    (the GRP volume index); shift: the common log shift c that centres the sectors on the GRP trend;
    employment, deflator: the same triple (the labour force follows employment, keeping the last published
    unemployment rate); pooling: the weight of the region's own history.
    """

    last_year: int
    sectors: dict[str, tuple[float, Growth, Growth]]
    total: tuple[float, Growth, Growth]
    shift: float
    employment: tuple[float, Growth, Growth]
    deflator: tuple[float, Growth, Growth]
    pooling: float

    @property
    def sector_rates(self) -> np.ndarray:
        """(3,) real growth trend of agriculture, industry, services: pooled, then centred on the GRP trend."""
        return np.expm1(np.log1p([self.sectors[name][0] for name in BROAD]) + self.shift)

    def rows(self) -> list[dict[str, object]]:
        """One row per estimate the model uses (for provenance and the report): what, the rate used, the pooled
        rate before centring, the region's own rate and its standard error, the national rate, the window."""
        named = {
            **{f"real growth, {k}": v for k, v in self.sectors.items()},
            "real growth, GRP (the sectors' centre)": self.total,
            "employment and labour force": self.employment,
        }
        used = dict(zip((f"real growth, {k}" for k in BROAD), self.sector_rates.tolist(), strict=True))
        out = []
        for name, (rate, own, national) in named.items():
            out.append(
                {
                    "estimate": name,
                    "rate": used.get(name, rate),
                    "pooled": rate,
                    "own_rate": own.rate,
                    "own_se": own.se,
                    "national_rate": national.rate,
                    "window": f"{own.window[0]}-{own.window[1]}",
                    "years": own.years,
                }
            )
        return out


def estimate_trend(
    region, last_year: int, pooling: float = TREND_POOLING, total_pooling: float = TOTAL_POOLING
) -> Trend:
    """Estimate the baseline trends of ``region`` from its published series up to ``last_year`` (inclusive).

    Window: every year from the first published one (2014; the GRP volume index's 2014 value, growth over 2013,
    included) to ``last_year``. The national series of the region's data (``region.national_series``) give the
    pooled part over the same window.
    """
    first = FIRST_YEAR
    # a ramp-up is left out once it is over by the last year (while it runs it is part of what continues)
    exclude = {k: v for k, v in (getattr(region, "trend_exclusions", {}) or {}).items() if v[1] < last_year}
    national_index = region.national_series.get("gva_volume_index", {})
    own = _sector_history(
        region.value_added_by_section, region.gva_volume_index_by_section, exclude, last_year, national_index
    )
    nat = _sector_history(region.national_value_added_by_section, national_index, {}, last_year)
    sectors = {}
    for k, name in enumerate(BROAD):
        # agriculture's ends are harvests: a line through every level, not the mean change between the ends
        measure = fitted_growth if name == "agriculture" else mean_factor_growth
        g_own = measure(own.years, own.growth[:, k], first, last_year)
        g_nat = measure(nat.years, nat.growth[:, k], first, last_year)
        sectors[name] = (pooled(g_own, g_nat, pooling), g_own, g_nat)
    breaks = getattr(region, "boundary_break", {}) or {}
    # the labour-force survey's 2022 re-weighting on the 2021 census is a level step, not growth (the boundary
    # changes of three regions fall in that year too)
    labour_skip = tuple(sorted({CENSUS_STEP, *([int(breaks["labour"])] if "labour" in breaks else [])}))
    national = region.national_series
    e_own = _level_growth(region.employed, first, last_year, labour_skip)
    e_nat = _level_growth(national.get("employed", {}), first, last_year, ())
    deflator_own = regional_deflator(region, last_year)
    gva_skip = (int(breaks["gva"]),) if "gva" in breaks else ()
    g_own = _level_growth(deflator_own, first, last_year, gva_skip)
    nat_deflator = {y: v / 100.0 for y, v in national.get("gdp_deflator", {}).items()}
    g_nat = mean_factor_growth(
        sorted(nat_deflator), [nat_deflator[y] for y in sorted(nat_deflator)], first + 1, last_year
    )
    total = _index_growth(_grp_index_excluding(region, exclude), first, last_year)
    total_nat = _index_growth(national.get("grp_volume_index", {}), first, last_year)
    total_rate = pooled(total, total_nat, total_pooling)
    rates = np.array([sectors[name][0] for name in BROAD])
    shift = 0.0
    if math.isfinite(total_rate) and np.isfinite(rates).all() and last_year in region.value_added_by_section:
        shift = math.log1p(total_rate) - float(broad_weights(region, last_year) @ np.log1p(rates))
    return Trend(
        last_year=int(last_year),
        sectors=sectors,
        total=(total_rate, total, total_nat),
        shift=shift,
        employment=(pooled(e_own, e_nat, pooling), e_own, e_nat),
        deflator=(pooled(g_own, g_nat, pooling), g_own, g_nat),
        pooling=float(pooling),
    )


def _sector_history(by_section, volume, exclude, last_year, national_index=None) -> SectorHistory:
    keep = {y: v for y, v in by_section.items() if y <= last_year}
    return broad_sector_history(keep, {y: v for y, v in volume.items() if y <= last_year}, exclude, national_index)


def _grp_index_excluding(region, exclude: dict[str, tuple[int, int]]) -> dict[int, float]:
    """The GRP volume index (% of previous year) with excluded sections growing as they did nationally in their
    years: I − s_x (I_x − I_x^KZ), s_x the section's share of GRP in the previous year (BNS 5927 / 5923), I_x
    its volume index and I_x^KZ the country's (BNS 450904); a year without those indices stays as published."""
    out = dict(region.grp_volume_index)
    national = region.national_series.get("gva_volume_index", {})
    for section, (start, end) in exclude.items():
        for year in range(start, end + 1):
            index = region.gva_volume_index_by_section.get(year, {}).get(section)
            index_kz = national.get(year, {}).get(section)
            previous = region.value_added_by_section.get(year - 1, {})
            if year not in out or index is None or index_kz is None or section not in previous:
                continue
            if year - 1 not in region.grp:
                continue
            out[year] = out[year] - previous[section] / region.grp[year - 1] * (index - index_kz)
    return out


def _index_growth(index: dict[int, float], first: int, last: int) -> Growth:
    """Mean growth from a volume index in % of the previous year, years ``first..last``."""
    years = sorted(index)
    return mean_factor_growth(years, [index[y] / 100.0 for y in years], first, last)


def _level_growth(series: dict[int, float], first: int, last: int, skip: tuple[int, ...]) -> Growth:
    years = sorted(y for y in series if y <= last)
    return mean_log_growth(years, [series[y] for y in years], first, last, skip)


def real_grp_levels(grp: dict[int, float], volume_index: dict[int, float], price_year: int) -> dict[int, float]:
    """Real GRP in prices of ``price_year``, million KZT: nominal GRP of that year chained with the published
    volume index (% of previous year) forwards and backwards over the years both cover."""
    if price_year not in grp:
        return {}
    out = {price_year: float(grp[price_year])}
    year = price_year
    while year + 1 in volume_index and year + 1 in grp:
        out[year + 1] = out[year] * volume_index[year + 1] / 100.0
        year += 1
    year = price_year
    while year in volume_index and year - 1 in grp:
        out[year - 1] = out[year] / (volume_index[year] / 100.0)
        year -= 1
    return out


def regional_deflator(region, last_year: int) -> dict[int, float]:
    """The region's implied GRP deflator, index = 1 in its first year, for years ≤ ``last_year``: chained
    yearly factors (nominal GRP growth ÷ volume index). In a boundary-break year
    (``region.boundary_break['gva']``) nominal GRP changes territory while the volume index does not, so that
    year takes the national GDP deflator's growth instead."""
    grp = {y: v for y, v in region.grp.items() if y <= last_year}
    breaks = getattr(region, "boundary_break", {}) or {}
    national = region.national_series.get("gdp_deflator", {})
    years = sorted(grp)
    if not years:
        return {}
    out = {years[0]: 1.0}
    for year in years[1:]:
        if year - 1 not in out or year not in region.grp_volume_index:
            break
        if year == breaks.get("gva") and year in national:
            factor = national[year] / 100.0
        else:
            factor = grp[year] / grp[year - 1] / (region.grp_volume_index[year] / 100.0)
        out[year] = out[year - 1] * factor
    return out


@dataclass(frozen=True)
class Projection:
    """The no-project baseline of :func:`project_baseline`, for ``years`` (H,) after ``trend.last_year``:
    grp_real (H,) million KZT in prices of the last observed year, grp_nominal (H,) million KZT,
    employment and labour_force (H,) persons."""

    years: np.ndarray
    grp_real: np.ndarray
    grp_nominal: np.ndarray
    employment: np.ndarray
    labour_force: np.ndarray


def broad_weights(region, year: int) -> np.ndarray:
    """(3,) shares of agriculture, industry and services in the region's GVA of ``year`` (BNS 5927)."""
    sections = region.value_added_by_section[year]
    nominal = np.array([sum(v for s, v in sections.items() if SECTION_BROAD.get(s) == k) for k in range(3)])
    return nominal / nominal.sum()


def project_baseline(region, trend: Trend, years) -> Projection:
    """The region without new projects after ``trend.last_year`` L, h = t − L years ahead:

    GRP_real(t) = GRP(L) · Σ_k w_k · (1 + g_k)^h (w_k the broad sectors' GVA shares in L; net taxes keep their
    share of GVA); GRP_nominal(t) = GRP_real(t) · (1 + π)^h with π
    the pooled deflator trend; employment E(L) · (1 + g_E)^h and the labour force LF(L) · (1 + g_E)^h (the
    unemployment rate of L kept).
    The model's own baseline (:mod:`simulator.model.baseline`) applies the same rates industry by industry.
    """
    last = trend.last_year
    h = np.asarray(years, dtype=float) - last
    w = broad_weights(region, last)
    growth = (1.0 + trend.sector_rates)[None, :] ** h[:, None]  # (H, 3)
    real_ratio = (w * growth).sum(axis=1)
    grp = float(region.grp[last])
    return Projection(
        years=np.asarray(years, dtype=int),
        grp_real=grp * real_ratio,
        grp_nominal=grp * real_ratio * (1.0 + trend.deflator[0]) ** h,
        employment=float(region.employed[last]) * (1.0 + trend.employment[0]) ** h,
        labour_force=float(region.labour_force[last]) * (1.0 + trend.employment[0]) ** h,
    )
