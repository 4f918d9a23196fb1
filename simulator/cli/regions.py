"""`regsim regions`: the shipped regions, the years their figures cover, and the base years the model accepts.

A scenario's ``region:`` may name a region by any of the first three columns (id, BNS code or English name).
Years come from each region's ``series_years`` (``simulator/data/regions/<id>/region.yaml``); the base years
from :meth:`simulator.region.Region.base_years`. Methods behind the figures: docs/data.md.
"""

from __future__ import annotations

import csv
import sys

from .. import region as region_data

#: column title -> the region figure whose first-last years it shows
COLUMNS = {
    "GRP": "grp",
    "GVA by section": "value_added_by_section",
    "GRP vol. index": "grp_volume_index",
    "GVA vol. index": "gva_volume_index",
    "employed": "employed",
    "local taxes": "local_tax_revenue",
}

NOTE = """\
Years: first-last year each figure covers in the shipped data (sourced, derived or estimate rows; see the
region's provenance). GVA vol. index: by section, % of previous year as published. Local taxes: estimates
(only Kostanai's 2025 total is sourced; docs/data.md). Base years: the years a scenario may start from (every
figure the model starts from is there). * boundaries change (GVA from 2021, labour survey from 2022)."""


def add_arguments(parser) -> None:
    parser.add_argument(
        "--format", choices=("table", "csv"), default="table", help="output format (default: %(default)s)"
    )


def _span(years) -> str:
    years = sorted(years)
    if not years:
        return "-"
    if years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
    return ",".join(map(str, years))


def rows() -> list[dict[str, str]]:
    """One row per shipped region: id, code, name, the covered years of each figure, the base years."""
    out = []
    for region_id in region_data.available_regions():
        region = region_data.load_region(region_id)
        row = {"id": region.id, "code": region.code, "name": region.name}
        for title, figure in COLUMNS.items():
            span = region.series_years.get(figure)
            row[title] = f"{span[0]}-{span[1]}" if span else "-"
        row["base years"] = _span(region.base_years())
        row["boundary break"] = ",".join(f"{k} {v}" for k, v in region.boundary_break.items())
        out.append(row)
    return out


def run(args) -> int:
    table = rows()
    if args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(table[0]) if table else ["id"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
        return 0
    if not table:
        print("no regions shipped")
        return 0
    titles = [t for t in table[0] if t != "boundary break"]
    shown = [{**r, "id": r["id"] + ("*" if r["boundary break"] else "")} for r in table]
    widths = {t: max(len(t), *(len(r[t]) for r in shown)) for t in titles}
    print("  ".join(t.ljust(widths[t]) for t in titles).rstrip())
    print("  ".join("-" * widths[t] for t in titles))
    for r in shown:
        print("  ".join(r[t].ljust(widths[t]) for t in titles).rstrip())
    print()
    print(NOTE)
    return 0
