"""National series the baseline's trend estimation pools with (simulator/model/trend.py): Kazakhstan's GVA
volume index by item (BNS 450904), GDP volume index (BNS 5926) and labour force (BNS 102800), as published."""

from __future__ import annotations

from pathlib import Path

from . import read

VOLUME_ITEMS = ("A", "B", "C", "D", "E", "F", "G", "H", "J", "L", "IND", "OTHER_SERVICES", "GDP")
SOURCE_VOLUME = "BNS 450904 (shared: regions/gva_volume_index_by_region_section.csv)"
SOURCE_GRP = "BNS 5926 (shared: regions/grp_volume_index_by_region.csv)"
SOURCE_LF = "BNS 102800 (shared: regions/labour_by_region.csv)"


def _kz(shared: Path, file: str, series: str, section: str) -> dict[int, float]:
    """``{year: value}`` of Kazakhstan's row (``KZ``) of one of shared/data/regions' long files."""
    return {
        int(row["year"]): float(row["value"])
        for row in read._rows(shared / "regions" / file)
        if row["series"] == series and row["region"] == "KZ" and row["section"] == section
    }


def national_history_rows(shared: Path, years) -> list[list]:
    """Rows ``figure,year,key,value,unit,status,source`` for the national series.csv."""
    rows = []
    for item in VOLUME_ITEMS:
        values = _kz(shared, "gva_volume_index_by_region_section.csv", "GVA_VOLUME_INDEX_REGTABLE", item)
        rows += [
            ["gva_volume_index", y, item, values[y], "% of previous year", "sourced", SOURCE_VOLUME]
            for y in years
            if y in values
        ]
    grp = _kz(shared, "grp_volume_index_by_region.csv", "GRP_VOLUME_INDEX", "")
    rows += [
        ["grp_volume_index", y, "", grp[y], "% of previous year", "sourced", SOURCE_GRP] for y in years if y in grp
    ]
    force = _kz(shared, "labour_by_region.csv", "LABOUR_FORCE", "TOTAL")
    rows += [["labour_force", y, "", force[y] * 1000.0, "persons", "sourced", SOURCE_LF] for y in years if y in force]
    return rows
