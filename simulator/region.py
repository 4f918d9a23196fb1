"""Shipped region data: what the model knows about a region and its country's input-output table.

A region is data: ``simulator/data/regions/<id>/`` holds its files (built from the project's sourced figures by
``tools/build_region_data.py``; every figure carries a source and a status). :func:`load_region` reads them
into a :class:`Region` of plain numpy arrays. Units: money in **million KZT** (current prices unless said),
people in **persons**, wages in **KZT per month**. Sector axis: the national table's industries, in the order
of ``Region.sectors``.
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
from dataclasses import dataclass, field
from importlib import resources

import numpy as np
import yaml

from simulator.errors import InputError


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
    household_consumption_purchasers: float = float("nan")
    """Households' total consumption at purchasers' prices (basic prices + net product taxes), million KZT."""


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
    # Added by the data loader (defaults keep hand-built regions in tests simple):
    fixed_investment: dict[int, float] = field(default_factory=dict)
    """fixed_investment[year]: investment in fixed capital, million KZT current prices (BNS 5546)."""
    value_added_by_section: dict[int, dict[str, float]] = field(default_factory=dict)
    """As published by section (BNS 5927); S includes T before 2025."""
    employment_by_broad_sector: dict[int, dict[str, float]] = field(default_factory=dict)
    """Persons in ``A``, ``B-F``, ``G-U``."""
    sector_groups: tuple[str, ...] = ()
    """OKED section group of each industry (``A``, ``C``, ``D+E``, ``M+N``, ``R+S``, ``T``...), axis order."""
    national_series: dict[str, dict[int, float]] = field(default_factory=dict)
    """National yearly series: gdp, gva, net_taxes (million KZT), cpi_dec_on_dec, gdp_deflator (%),
    usd_kzt, average_wage (KZT/month), employed (persons)."""
    national_value_added_by_section: dict[int, dict[str, float]] = field(default_factory=dict)
    national_employment_by_section: dict[int, dict[str, float]] = field(default_factory=dict)
    statuses: dict[str, dict[tuple[int, str], str]] = field(default_factory=dict)
    """Row-level status: statuses[figure][(year, key)] with key a sector, section, tax or ``""``."""
    assumptions: dict[str, dict[str, str]] = field(default_factory=dict)
    """The derivation's assumptions register: name -> value, unit, status, source, note (all text)."""
    base_year: int | None = None
    """Last observed year of the region's data."""
    code: str = ""
    """The region's BNS code as in the source tables (``KST``, ``ALA``...); empty for hand-built regions."""
    name_local: str = ""
    """The region's name in Russian (or Kazakh)."""
    gva_volume_index_by_section: dict[int, dict[str, float]] = field(default_factory=dict)
    """GVA volume index, % of previous year, by item as BNS 450904 publishes it: sections A-H, J, L, ``IND``
    (B-E), ``OTHER_SERVICES`` (I, K and M-T together) and ``GDP`` (the GRP volume index). Only published
    region-years and items (figure ``gva_volume_index`` in ``provenance`` and ``statuses``)."""
    series_years: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Figure -> (first, last) year it covers (gaps inside are possible, e.g. a volume index for some items)."""
    boundary_break: dict[str, int] = field(default_factory=dict)
    """For a region whose boundaries changed: the first year of the new boundaries in the GVA series (``gva``)
    and in the labour-force survey (``labour``); earlier years cover the larger, old region. Empty otherwise."""
    trend_exclusions: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Identified project ramp-ups the baseline's trends leave out: OKED section -> (first, last) year
    (Kostanai's car assembly, C 2015-2023; simulator.model.trend). Empty for most regions."""

    def sector_index(self, code: str) -> int:
        return self.sectors.index(code)

    def base_years(self) -> tuple[int, ...]:
        """The years a scenario may take as its base year: those with every figure the model starts from
        (:data:`BASE_YEAR_FIGURES`), in order."""
        years: set[int] | None = None
        for name in BASE_YEAR_FIGURES:
            have = set(getattr(self, name))
            years = have if years is None else years & have
        return tuple(sorted(years or ()))

    def status(self, figure: str, year: int | None = None, key: str = "") -> str:
        """Status of one figure (sourced/derived/estimate): the row's own if known, else the group's."""
        if year is not None and (year, key) in self.statuses.get(figure, {}):
            return self.statuses[figure][(year, key)]
        return self.provenance[figure]["status"]


#: the Region figures the model reads for the base year (simulator.model.inputs and .effects, simulator.api)
BASE_YEAR_FIGURES = (
    "value_added_by_sector",
    "employment_by_sector",
    "national_employment_by_sector",
    "grp",
    "net_taxes",
    "employed",
    "unemployed",
    "labour_force",
    "employees",
    "average_wage",
    "local_tax_revenue",
    "tax_revenue_collected",
)


def safe_load_data(text: str):
    """A shipped data file's YAML, read with libyaml's safe loader where PyYAML has it (about ten times faster than
    the pure-Python one, the same safe constructors; scenarios keep their own loader, which records lines)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def available_regions() -> list[str]:
    """Ids of the regions shipped with the package."""
    root = resources.files("simulator").joinpath("data/regions")
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_"))


def resolve_region_id(text: str) -> str | None:
    """The id of the shipped region ``text`` names: its id (``kostanai``), its BNS code (``KST``) or its English
    name (``Kostanai Region``), case and surrounding blanks ignored. None when no shipped region matches."""
    if not isinstance(text, str):
        return None
    if text in available_regions():
        return text
    return _region_aliases(tuple(available_regions())).get(" ".join(text.split()).casefold())


@functools.cache
def _region_index(ids: tuple[str, ...]) -> tuple[tuple[str, tuple[str, str]], ...]:
    """(id, (code, name)) of each of ``ids`` (the shipped regions: the key, so the index follows the folder)."""
    out = []
    for region_id in ids:
        meta = _folder("regions").joinpath(region_id).joinpath("region.yaml")
        if not meta.is_file():  # a region known only by its id (no metadata file to read aliases from)
            out.append((region_id, ("", region_id)))
            continue
        text = meta.read_text(encoding="utf-8")
        # id, code and name are plain top-level keys written by tools/build_region_data.py: read only those lines
        lines = [line for line in text.splitlines() if line.startswith(("id:", "code:", "name:"))]
        head = safe_load_data("\n".join(lines)) or {}
        out.append((region_id, (str(head.get("code", "")), str(head.get("name", region_id)))))
    return tuple(out)


@functools.cache
def _region_aliases(ids: tuple[str, ...]) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for region_id, (code, name) in _region_index(ids):
        for alias in (region_id, code, name):
            if alias:
                aliases.setdefault(" ".join(alias.split()).casefold(), region_id)
    return aliases


def load_region(region: str) -> Region:
    """Read a shipped region (``simulator/data/regions/<id>/``) and its national table. ``region``: its id,
    BNS code or English name (:func:`resolve_region_id`). Cached per region: the arrays are read-only, so share,
    never modify, the result."""
    region_id = resolve_region_id(region)
    if region_id is None:
        known = available_regions()
        aliases = _region_aliases(tuple(known))
        close = difflib.get_close_matches(str(region).casefold(), list(aliases), n=1)
        hint = f"did you mean {aliases[close[0]]!r}? " if close else ""
        raise InputError(f"unknown region {region!r} ({hint}shipped regions, by id, code or name: {', '.join(known)})")
    return _load_region(region_id)


@functools.cache
def _load_region(region_id: str) -> Region:
    return _read_region(region_id)


# --- reading the shipped files (written by tools/build_region_data.py; formats documented in docs/data.md) ---

_REGION_FIGURES = {"value_added": "value_added_by_sector", "employment": "employment_by_sector"}
_NATIONAL_FIGURES = {
    "value_added": "national_value_added_by_sector",
    "employment": "national_employment_by_sector",
    "gva_by_section": "national_value_added_by_section",
    "employment_by_section": "national_employment_by_section",
}


def _folder(name: str):
    return resources.files("simulator").joinpath("data").joinpath(name)


def _csv(folder, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(folder.joinpath(name).read_text(encoding="utf-8"))))


def _frozen(values) -> np.ndarray:
    array = np.array(values, dtype=float)
    array.flags.writeable = False
    return array


def _series(rows, rename: dict[str, str], statuses: dict, prefix: str = "") -> dict[str, dict]:
    """Long rows ``figure,year,key,value,...,status`` -> {figure: {year: value or {key: value}}}; figures not
    in ``rename`` get ``prefix``."""
    out: dict[str, dict] = {}
    for row in rows:
        figure = rename.get(row["figure"], prefix + row["figure"])
        year, key = int(row["year"]), row["key"]
        if key:
            out.setdefault(figure, {}).setdefault(year, {})[key] = float(row["value"])
        else:
            out.setdefault(figure, {})[year] = float(row["value"])
        statuses.setdefault(figure, {})[(year, key)] = row["status"]
    return out


def _by_industry(rows, sectors: tuple[str, ...], rename: dict[str, str], statuses: dict) -> dict[str, dict]:
    """Long rows ``figure,year,sector,value,unit,status`` -> {figure: {year: (n,) read-only array}}."""
    values: dict[str, dict[int, dict[str, float]]] = {}
    for row in rows:
        figure, year = rename[row["figure"]], int(row["year"])
        values.setdefault(figure, {}).setdefault(year, {})[row["sector"]] = float(row["value"])
        statuses.setdefault(figure, {})[(year, row["sector"])] = row["status"]
    return {
        f: {y: _frozen([v[s] for s in sectors]) for y, v in sorted(by_year.items())} for f, by_year in values.items()
    }


def _read_region(region_id: str) -> Region:
    folder = _folder("regions").joinpath(region_id)
    meta = safe_load_data(folder.joinpath("region.yaml").read_text(encoding="utf-8"))
    national_folder = _folder("regions").joinpath(meta["national_table"])
    table = safe_load_data(national_folder.joinpath("table.yaml").read_text(encoding="utf-8"))
    axis = _csv(_folder(""), "sectors.csv")
    sectors = tuple(row["code"] for row in axis)
    industries = _csv(national_folder, "industries.csv")
    if tuple(row["sector"] for row in industries) != sectors:
        raise ValueError(f"{meta['national_table']}/industries.csv is not in the order of sectors.csv")
    flows = _csv(national_folder, "flows.csv")
    if tuple(row["supplying_sector"] for row in flows) != sectors:
        raise ValueError(f"{meta['national_table']}/flows.csv is not in the order of sectors.csv")

    def column(name: str) -> np.ndarray:
        return _frozen([float(row[name]) for row in industries])

    national = NationalTable(
        Z=_frozen([[float(row[s]) for s in sectors] for row in flows]),
        x=column("gross_output"),
        value_added=column("value_added"),
        compensation=column("compensation"),
        employment=column("employment"),
        household_consumption=column("household_consumption"),
        household_consumption_total=float(table["household_consumption_total"]),
        price_year=int(table["price_year"]),
        household_consumption_purchasers=float(table["household_consumption_purchasers"]),
    )
    statuses: dict[str, dict[tuple[int, str], str]] = {}
    own = _series(_csv(folder, "series.csv"), {}, statuses)
    nat_series = _series(_csv(national_folder, "series.csv"), _NATIONAL_FIGURES, statuses, "national_series.")
    own_ind = _by_industry(_csv(folder, "by_industry.csv"), sectors, _REGION_FIGURES, statuses)
    nat_ind = _by_industry(_csv(national_folder, "by_industry.csv"), sectors, _NATIONAL_FIGURES, statuses)
    provenance = {**table["provenance"], **meta["provenance"]}
    return Region(
        id=meta["id"],
        name=meta["name"],
        sectors=sectors,
        sector_labels=tuple(row["label"] for row in axis),
        national=national,
        value_added_by_sector=own_ind["value_added_by_sector"],
        employment_by_sector=own_ind["employment_by_sector"],
        national_value_added_by_sector=nat_ind["national_value_added_by_sector"],
        national_employment_by_sector=nat_ind["national_employment_by_sector"],
        grp=own["grp"],
        net_taxes=own["net_taxes"],
        grp_volume_index=own["grp_volume_index"],
        employed=own["employed"],
        unemployed=own["unemployed"],
        labour_force=own["labour_force"],
        employees=own["employees"],
        population=own["population"],
        average_wage=own["average_wage"],
        relative_wage_by_sector=column("relative_wage"),
        local_tax_revenue=own["local_tax_revenue"],
        tax_revenue_collected=own["tax_revenue_collected"],
        provenance=provenance,
        fixed_investment=own.get("fixed_investment", {}),
        value_added_by_section=own["value_added_by_section"],
        employment_by_broad_sector=own["employment_by_broad_sector"],
        sector_groups=tuple(row["section_group"] for row in industries),
        national_series={k.split(".", 1)[1]: v for k, v in nat_series.items() if k.startswith("national_series.")},
        national_value_added_by_section=nat_series["national_value_added_by_section"],
        national_employment_by_section=nat_series["national_employment_by_section"],
        statuses=statuses,
        assumptions=_csv_assumptions(folder),
        base_year=int(meta["base_year"]),
        code=str(meta.get("code", "")),
        name_local=str(meta.get("name_local", "")),
        gva_volume_index_by_section=own.get("gva_volume_index", {}),
        series_years={k: (int(v[0]), int(v[1])) for k, v in meta.get("series_years", {}).items()},
        boundary_break={k: int(v) for k, v in meta.get("boundary_break", {}).items()},
        trend_exclusions={k: (int(v[0]), int(v[1])) for k, v in meta.get("trend_exclusions", {}).items()},
    )


def _csv_assumptions(folder) -> dict[str, dict[str, str]]:
    if not folder.joinpath("assumptions.csv").is_file():
        return {}
    return {row.pop("name"): row for row in _csv(folder, "assumptions.csv")}
