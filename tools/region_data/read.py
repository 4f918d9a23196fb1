"""Readers for the project's shared source files (``<repo>/../shared/data``), as plain Python floats.

Everything here is exact transcription: no arithmetic beyond parsing and unit-free reshaping.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

REGIONAL = "kostanai"
ALL_REGIONS = "regions"
NATIONAL_IO = "kazakhstan_io"


@functools.cache
def _cached(path: Path) -> tuple[dict[str, str], ...]:
    with open(path, newline="", encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle))


def _rows(path: Path) -> list[dict[str, str]]:
    """The rows of a shared CSV file (read once per build; the dicts are shared, so never modify them)."""
    return list(_cached(path))


def long_series(
    shared: Path, file: str, series: str, region: str, section: str | None = None, folder: str = REGIONAL
) -> dict[int, float]:
    """``{year: value}`` from one of the long BNS files (``series,region,section,year,value,...``) of ``folder``
    (``kostanai`` or ``regions``)."""
    out: dict[int, float] = {}
    for row in _rows(shared / folder / file):
        if row["series"] != series or row["region"] != region:
            continue
        if section is not None and row["section"] != section:
            continue
        year = int(row["year"])
        if year in out:
            raise ValueError(f"{file}: duplicate {series}/{region}/{section} {year}")
        out[year] = float(row["value"])
    if not out:
        raise ValueError(f"{file}: no rows for {series}/{region}/{section}")
    return out


def long_by_section(
    shared: Path, file: str, series: str, region: str, folder: str = REGIONAL
) -> dict[int, dict[str, float]]:
    """``{year: {section: value}}`` from a long BNS file."""
    out: dict[int, dict[str, float]] = {}
    for row in _rows(shared / folder / file):
        if row["series"] == series and row["region"] == region:
            out.setdefault(int(row["year"]), {})[row["section"]] = float(row["value"])
    return out


def oecd_sectors(shared: Path) -> dict[str, dict[str, str]]:
    """The OECD 2015 per-industry columns (``kazakhstan_io/sectors.csv``), mn USD, keyed by OECD code."""
    return {row["sector"]: row for row in _rows(shared / NATIONAL_IO / "sectors.csv")}


def oecd_flows(shared: Path) -> tuple[list[str], list[str], list[list[float]]]:
    """Domestic intermediate flows 2015 (rows supplying, columns using), mn USD basic prices."""
    with open(shared / NATIONAL_IO / "flows.csv", newline="", encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    columns = table[0][1:]
    rows = [line[0] for line in table[1:]]
    values = [[float(v) for v in line[1:]] for line in table[1:]]
    return rows, columns, values


def oecd_value_added(shared: Path, year: int) -> dict[str, float]:
    """OECD VALU row (value added, mn USD) of one year of the 2005-2015 long file."""
    out = {}
    for row in _rows(shared / NATIONAL_IO / "oecd_iot2018_kaz_2005_2015_long.csv"):
        if row["year"] == str(year) and row["row"] == "VALU":
            out[row["col"]] = float(row["value_usd_mn"])
    return out


def bns_wide(shared: Path, file: str) -> dict[str, dict[int, float]]:
    """A wide BNS file (``oked_code,name_ru,2015,...``) as ``{code: {year: value}}``."""
    out: dict[str, dict[int, float]] = {}
    for row in _rows(shared / NATIONAL_IO / file):
        out[row["oked_code"]] = {int(k): float(v) for k, v in row.items() if k.isdigit() and v != ""}
    return out


def employment_derived_2015(shared: Path) -> dict[str, float]:
    """National employment by OECD industry, 2015, thousand persons (the shared derived file)."""
    rows = _rows(shared / NATIONAL_IO / "employment_by_oecd_sector_derived.csv")
    return {row["sector"]: float(row["employment_2015_thousand"]) for row in rows}


def labr_share_within_section(shared: Path) -> dict[str, float]:
    rows = _rows(shared / NATIONAL_IO / "employment_by_oecd_sector_derived.csv")
    return {row["sector"]: float(row["labr_share_within_section_2015"]) for row in rows}


def final_demand_tax_rows(shared: Path) -> dict[str, dict[str, float]]:
    out = {}
    for row in _rows(shared / NATIONAL_IO / "final_demand_tax_rows_2015.csv"):
        out[row["row"]] = {k: float(v) for k, v in row.items() if k != "row"}
    return out


def repo_sectors(repo: Path) -> list[dict[str, str]]:
    """The package's sector axis (``simulator/data/sectors.csv``): code, label, oked_section."""
    return _rows(repo / "simulator" / "data" / "sectors.csv")
