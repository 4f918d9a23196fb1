"""The price index of value added after the last published year (docs/model.md §1).

In published years the region's own implied GRP deflator rules (:func:`simulator.model.trend.regional_deflator`).
After them the national GDP deflator is oil-driven (mining and its prices weigh far more in the country than in
most regions), so a region's price index is built from its own sector mix:

    π_t = ρ · Σ_k w_k · π_k,t + (1 − ρ) · π^GDP_t

with k the three price components (farm producer prices for OKED section A, mining prices for section B, the
non-oil deflator for every other section), w_k the region's shares of GVA in its last published year (BNS
5927), π_k,t each component's growth (a parameter path: national implied section deflators, BNS 5927 nominal
over 450904 volume; after that history each follows its guide, :data:`COMPONENT_GUIDES`, unless the scenario
sets it), π^GDP_t ``gdp_deflator_growth`` and ρ ``regional_price_weight`` (1 the
regional index, 0 the national GDP deflator). Growth rates are shares per year.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

#: the parameter of each price component, in the order of :func:`price_weights`
PRICE_COMPONENTS = ("farm_price_growth", "mining_price_growth", "non_oil_deflator_growth")
#: OKED sections priced by the first two components; every other section takes the non-oil deflator
COMPONENT_SECTIONS = ("A", "B")
#: after its published history (the last year of its default path) each component follows a guide's path, unless
#: a scenario sets the component itself: so a scenario that changes inflation or the GDP deflator changes the
#: regional index too (farm and non-oil prices with consumer prices, mining prices with the oil-driven deflator)
COMPONENT_GUIDES = {
    "farm_price_growth": "cpi_inflation",
    "mining_price_growth": "gdp_deflator_growth",
    "non_oil_deflator_growth": "cpi_inflation",
}


def price_weights(value_added_by_section: Mapping[str, float]) -> np.ndarray:
    """(3,) shares of GVA priced by each component: section A, section B, all other sections (sum 1).

    An empty or zero mapping gives NaN weights (no mix to build an index from)."""
    total = float(sum(value_added_by_section.values()))
    farm, mining = (float(value_added_by_section.get(s, 0.0)) for s in COMPONENT_SECTIONS)
    if not total > 0:
        return np.full(3, np.nan)
    return np.array([farm, mining, total - farm - mining]) / total


def regional_price_growth(
    weights: np.ndarray, components: np.ndarray, national: np.ndarray, regional_weight: np.ndarray
) -> np.ndarray:
    """Growth of the price index of value added, (D, Y) shares per year:
    π = ρ · Σ_k w_k · π_k + (1 − ρ) · π^GDP.

    weights (K,) GVA shares of the components (NaN: no mix, the national deflator alone); components (K, D, Y)
    their price growth; national (D, Y) the GDP deflator's growth; regional_weight (D, Y) ρ in [0, 1] (or (D, 1)).

    Two components, two years (hand-worked): w = (0.25, 0.75), π_1 = (0.10, 0.20), π_2 = (0.02, 0.04),
    π^GDP = (0.08, 0.12), ρ = 1: mix = 0.25·0.10 + 0.75·0.02 = 0.04 and 0.25·0.20 + 0.75·0.04 = 0.08;
    ρ = 0.5: (0.04 + 0.08) / 2 = 0.06 and (0.08 + 0.12) / 2 = 0.10.
    """
    if not np.isfinite(weights).all():
        return np.array(national, dtype=float, copy=True)
    mix = np.einsum("k,kdy->dy", weights, components)
    return regional_weight * mix + (1.0 - regional_weight) * national


def guided(component: np.ndarray, guide: np.ndarray, years: np.ndarray, history_end: int) -> np.ndarray:
    """A component's growth path (D, Y) that takes its guide's values (D, Y) in the years after ``history_end``
    (the last year of its published history): years (Y,). E.g. years 2024-2027, history to 2025, component
    (0.02, 0.097, 0.097, 0.097) carried forward, guide (0.08, 0.12, 0.10, 0.07) → (0.02, 0.097, 0.10, 0.07)."""
    component, guide = np.broadcast_arrays(component, guide)
    return np.where(np.asarray(years) > history_end, guide, component)
