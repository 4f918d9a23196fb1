"""Shipped region data: what the model knows about a region and its country's input-output table.

A region is data: ``simulator/data/regions/<id>/`` holds its files (built from the project's sourced figures by
``tools/build_region_data.py``; every figure carries a source and a status). :func:`load_region` reads them
into a :class:`Region` of plain numpy arrays. Units: money in **million KZT** (current prices unless said),
people in **persons**, wages in **KZT per month**. Sector axis: the national table's industries, in the order
of ``Region.sectors``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class NationalTable:
    """The national input-output table the region's table is derived from.

    Z: (n, n) domestic intermediate flows, row = supplying industry, column = using industry, million KZT.
    x: (n,) gross output; value_added, compensation: (n,) million KZT; employment: (n,) persons.
    household_consumption: (n,) households' final consumption of domestic output by product, million KZT.
    household_consumption_total: scalar, households' consumption of domestic plus imported products.
    Prices: ``price_year`` (all flows in KZT of that year; coefficients are taken as constant over time).
    """

    Z: np.ndarray
    x: np.ndarray
    value_added: np.ndarray
    compensation: np.ndarray
    employment: np.ndarray
    household_consumption: np.ndarray
    household_consumption_total: float
    price_year: int


@dataclass(frozen=True)
class Region:
    """A region's observed economy, by year, plus the national table.

    Yearly series are dicts ``{year: value}`` (only years with data); sector arrays are (n,).

    value_added_by_sector[year]: (n,) regional GVA by industry, million KZT current prices (derived split of
        the BNS section figures; sums to GRP minus net taxes exactly).
    employment_by_sector[year]: (n,) persons employed by industry (derived; sums to ``employed``).
    national_value_added_by_sector[year]: (n,) national GVA by industry, million KZT (for location quotients).
    national_employment_by_sector[year]: (n,) national employment by industry, persons.
    grp[year], net_taxes[year]: million KZT current prices.  grp_volume_index[year]: % of previous year.
    employed, unemployed, labour_force, employees, population: persons.
    average_wage[year]: KZT per month (nominal; estimates flagged in ``provenance``).
    relative_wage_by_sector: (n,) sector wage / economy-wide average wage (national compensation per person).
    local_tax_revenue[year]: {tax name: million KZT}; tax names as in the model's fiscal block
        (pit, social_tax, cit, property_tax, land_tax, other).
    tax_revenue_collected[year]: million KZT, all taxes collected in the region (local and republican).
    provenance: {figure name: {"source": ..., "status": sourced|derived|estimate, "note": ...}}.
    """

    id: str
    name: str
    sectors: tuple[str, ...]
    sector_labels: tuple[str, ...]
    national: NationalTable
    value_added_by_sector: dict[int, np.ndarray]
    employment_by_sector: dict[int, np.ndarray]
    national_value_added_by_sector: dict[int, np.ndarray]
    national_employment_by_sector: dict[int, np.ndarray]
    grp: dict[int, float]
    net_taxes: dict[int, float]
    grp_volume_index: dict[int, float]
    employed: dict[int, float]
    unemployed: dict[int, float]
    labour_force: dict[int, float]
    employees: dict[int, float]
    population: dict[int, float]
    average_wage: dict[int, float]
    relative_wage_by_sector: np.ndarray
    local_tax_revenue: dict[int, dict[str, float]]
    tax_revenue_collected: dict[int, float]
    provenance: dict[str, dict[str, str]] = field(default_factory=dict)

    def sector_index(self, code: str) -> int:
        return self.sectors.index(code)


def available_regions() -> list[str]:
    """Ids of the regions shipped with the package."""
    from importlib import resources

    root = resources.files("simulator").joinpath("data/regions")
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_"))


def load_region(region_id: str) -> Region:  # pragma: no cover - replaced by the data loader
    raise NotImplementedError("region data loader not built yet")
