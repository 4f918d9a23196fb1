"""Measure the price index of value added (docs/backtest.md §7, docs/model.md §1): the national GDP deflator
against the regional index, on the backtest's points.

    python tools/backtest_prices.py [--first 2015] [--last 2024]

For every region and base year b the backtest's real GRP path (``regsim backtest``, shipped method) is turned
nominal with each price index as it would have been with the national prices that were later published
(BNS: the GDP deflator, kz_national_macro_annual.csv; the implied national deflators of section A, section B
and sections C-T, nominal GVA BNS 5927 over the previous year's nominal GVA times the volume index BNS
450904), the regional index weighting them by the region's GVA shares in b. So the comparison is of how
national prices map onto a region's, not of forecasting national inflation. Prints the component history
(the parameters' 2015-2025 defaults), then Markdown rows: median absolute error (%) and median error at
horizons 1, 3 and 5 of nominal GRP and of the price index alone (against the region's implied GRP deflator),
over the 20 regions and all base years.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulator.backtest import SHIPPED, break_year, run_backtest
from simulator.model.prices import price_weights, regional_price_growth
from simulator.model.trend import VOLUME_ITEMS, regional_deflator
from simulator.region import available_regions, load_region

#: the volume items (BNS 450904) whose sections each component covers
COMPONENT_ITEMS = (("A",), ("B",), ("C", "D", "E", "F", "G", "H", "J", "L", "OTHER_SERVICES"))
HORIZONS = (1, 3, 5)


def implied_growth(nominal: dict[int, dict[str, float]], volume: dict[int, dict[str, float]], items, year) -> float:
    """Implied deflator growth of the sections of ``items`` in ``year``: Σ N_s(y) / Σ_i N_i(y−1) · I_i(y)/100 − 1."""
    sections = [s for item in items for s in VOLUME_ITEMS[item]]
    current = sum(nominal[year].get(s, 0.0) for s in sections)
    at_previous_prices = sum(
        sum(nominal[year - 1].get(s, 0.0) for s in VOLUME_ITEMS[item]) * volume[year][item] / 100.0 for item in items
    )
    return current / at_previous_prices - 1.0


def national_components(region, years) -> dict[int, tuple[np.ndarray, float]]:
    """{year: ((3,) component growth, GDP deflator growth)} from the region data's national series."""
    nominal = region.national_value_added_by_section
    volume = region.national_series["gva_volume_index"]
    gdp = region.national_series["gdp_deflator"]
    return {
        y: (np.array([implied_growth(nominal, volume, items, y) for items in COMPONENT_ITEMS]), gdp[y] / 100.0 - 1.0)
        for y in years
    }


def path_factor(components, weights, regional_weight: float, first: int, last: int) -> float:
    """Π_{first ≤ t ≤ last} (1 + π_t) with π the index of :func:`regional_price_growth`."""
    factor = 1.0
    for year in range(first, last + 1):
        growth, gdp = components[year]
        pi = regional_price_growth(weights, growth[:, None, None], np.array([[gdp]]), np.array([[regional_weight]]))
        factor *= 1.0 + float(pi[0, 0])
    return factor


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--first", type=int, default=2015)
    parser.add_argument("--last", type=int, default=2024)
    args = parser.parse_args(argv)
    regions = [load_region(r) for r in available_regions()]
    by_id = {r.id: r for r in regions}
    components = national_components(regions[0], range(2015, 2026))
    print("| year | farm (A) | mining (B) | non-oil (C-T) | GDP deflator |\n|---|---|---|---|---|")
    for year, (growth, gdp) in components.items():
        print(f"| {year} | " + " | ".join(f"{v:.3f}" for v in (*growth, gdp)) + " |")
    result = run_backtest(regions, range(args.first, args.last + 1))
    variants = {"national GDP deflator": 0.0, "regional index": 1.0}
    nominal = {label: {h: [] for h in HORIZONS} for label in ["trend deflator (backtest's own)", *variants]}
    prices = {label: {h: [] for h in HORIZONS} for label in variants}
    for p in result.points:
        if p.method != SHIPPED or p.horizon not in HORIZONS:
            continue
        region = by_id[p.region]
        if p.variable == "grp_nominal":
            nominal["trend deflator (backtest's own)"][p.horizon].append(p.error)
        if p.variable != "grp_real":
            continue
        brk = break_year(region, "grp_nominal")
        if (brk is not None and p.base_year < brk <= p.year) or p.year not in region.grp:
            continue
        weights = price_weights(region.value_added_by_section[p.base_year])
        own = regional_deflator(region, p.year)
        for label, rho in variants.items():
            factor = path_factor(components, weights, rho, p.base_year + 1, p.year)
            # real GRP is in prices of b, so its level at b is nominal GRP(b)
            nominal[label][p.horizon].append(p.projected * factor / region.grp[p.year] - 1.0)
            if p.base_year in own and p.year in own:
                prices[label][p.horizon].append(factor / (own[p.year] / own[p.base_year]) - 1.0)

    def cells(errors):
        return " | ".join(
            f"{100 * np.median(np.abs(errors[h])):.1f} ({100 * np.median(errors[h]):+.1f}, n={len(errors[h])})"
            for h in HORIZONS
        )

    print("\n| nominal GRP: median abs error % (median error, n) | h1 | h3 | h5 |\n|---|---|---|---|")
    for label, errors in nominal.items():
        print(f"| {label} | {cells(errors)} |")
    print("\n| price index vs the region's implied GRP deflator | h1 | h3 | h5 |\n|---|---|---|---|")
    for label, errors in prices.items():
        print(f"| {label} | {cells(errors)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
