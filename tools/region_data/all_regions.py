"""Every region but Kostanai: BNS regional series of ``shared: regions/`` and the documented estimates.

Kostanai has a richer build of its own (``build_region`` in ``tools/build_region_data.py``); the other 19
regions are built here from the all-regions tables alone:

* GVA by section, net taxes (5927), GRP (5923), GRP and GVA volume indices (5926, 450904), the labour-force
  survey, broad-sector employment and population, as published, each year the source has;
* GVA by industry: every section split by the national structure of the year (B and C, where the regions
  differ most from the nation, are marked estimate);
* employment by industry: the broad sectors (A, B-F, G-U) split by the region's GVA at national productivity,
  or, where there are no broad sectors on the GVA's boundaries, ``employed`` split the same way;
* fills where the model needs a figure every year: the LFS 2015 (mean of 2014 and 2016), ULT's hired
  employees 2022 (the national total less the other regions);
* estimates for what BNS does not publish by region: the average wage (national wage x the region's industry
  mix of relative wages) and local tax revenue (Kostanai's local-tax/GRP ratio x the region's GRP).

Methods and measured gaps: ``docs/data.md``.
"""

from __future__ import annotations

from math import fsum

from . import labour_fiscal, read
from .assumptions import ASSUMPTIONS
from .national import YEARS, group_total, groups, split_group
from .regions import BOUNDARY_BREAK, NEW_2022, REGIONS, SPLIT_FROM
from .split import separate_households

RG = read.ALL_REGIONS
SECTIONS = tuple("ABCDEFGHIJKLMNOPQRS")
GVA_FILE = "gva_nominal_by_region_section.csv"
VOLUME_FILE = "gva_volume_index_by_region_section.csv"
GRP_INDEX_FILE = "grp_volume_index_by_region.csv"
LABOUR_FILE = "labour_by_region.csv"
POPULATION_FILE = "population_by_region.csv"
VOLUME_ITEMS = ("A", "B", "C", "D", "E", "F", "G", "H", "J", "L", "IND", "OTHER_SERVICES", "GDP")
#: section groups whose split by the national structure is an assumption that matters (estimate, not derived)
NATIONAL_MIX_ESTIMATE = ("B", "C")
MKZT = "million KZT"
INDEX = "% of previous year"
#: the assumptions of the Kostanai register that also enter every other region (national split, taxes)
REGISTER = (
    "kzt_per_usd_2015",
    "national_car_output_2022_jan_oct",
    "national_car_units_2022_jan_oct",
    "national_car_units_2025",
    "national_car_plant_employment_2024",
    "national_car_plant_employment_2025",
    "kostanai_local_tax_receipts_2025",
    "kz_local_tax_revenue",
    "kz_local_pit",
    "kz_property_tax_2025_jan_nov",
    "kz_land_tax_2025_jan_nov",
    "local_tax_share_social_tax",
    "local_tax_share_cit",
    "collected_to_local_tax_ratio",
)


def shared_path(file: str, folder: str = RG) -> str:
    return f"shared: {folder}/{file}"


def published_sections(shared, code: str) -> dict[int, dict[str, float]]:
    """GVA by section as published (S includes T before 2025; T apart in 2025) and NET_TAXES, by year.

    Checks the README's identity 1: sections + NET_TAXES = GRP (5923) = the table's own GDP item."""
    raw = read.long_by_section(shared, GVA_FILE, "GVA_NOMINAL_REGTABLE", code, folder=RG)
    grp = read.long_series(shared, "grp_by_region.csv", "GRP_NOMINAL", code)
    out = {}
    for y in YEARS:
        if y not in raw:
            continue
        row = {s: raw[y][s] for s in SECTIONS}
        row["T"] = raw[y].get("T", 0.0)
        row["NET_TAXES"] = raw[y]["NET_TAXES"]
        extra = set(raw[y]) - set(row) - {"GDP", "IND"}
        if extra:
            raise ValueError(f"{code} {y}: unexpected items {sorted(extra)}")
        total = fsum(row[s] for s in (*SECTIONS, "T")) + row["NET_TAXES"]
        for name, check in (("GRP (5923)", grp[y]), ("GDP item (5927)", raw[y]["GDP"])):
            if abs(total - check) > 1e-6 * check:
                raise ValueError(f"{code} {y}: sections + net taxes {total} != {name} {check}")
        out[y] = row
    return out


def volume_indices(shared, code: str) -> dict[int, dict[str, float]]:
    raw = read.long_by_section(shared, VOLUME_FILE, "GVA_VOLUME_INDEX_REGTABLE", code, folder=RG)
    out = {}
    for y in YEARS:
        if y in raw:
            unknown = set(raw[y]) - set(VOLUME_ITEMS)
            if unknown:
                raise ValueError(f"{code} {y}: unexpected volume-index items {sorted(unknown)}")
            out[y] = {k: raw[y][k] for k in VOLUME_ITEMS if k in raw[y]}
    return out


def by_industry(sectors, sections: dict, national_va: dict) -> tuple[dict, dict]:
    """Every section group split into industries by the national structure of the year.

    Returns ({year: [n]}, {year: {industry: status}}); the industries sum to the sections exactly."""
    codes = [row["code"] for row in sectors]
    grouped = groups(sectors)
    out, status = {}, {}
    for y, by_section in sections.items():
        nat = dict(zip(codes, national_va[y], strict=True))
        row, st = {}, {}
        for group, members in grouped.items():
            total = group_total(by_section, group)
            row |= dict(zip(members, split_group(total, [nat[c] for c in members]), strict=True))
            if group in NATIONAL_MIX_ESTIMATE:
                st |= dict.fromkeys(members, "estimate")
            else:
                single = len(members) == 1 and "+" not in group
                st |= dict.fromkeys(members, "sourced" if single else "derived")
        if st["D97T98"] == "sourced" and y < 2025:
            st["D97T98"] = "derived"  # T taken out of the published S by the national ratio
        out[y] = [row[c] for c in codes]
        status[y] = st
    return out, status


def lfs(shared, code: str) -> tuple[dict, dict, dict]:
    """Employed, unemployed, labour force (15+), hired employees in persons, with row statuses and notes.

    Fills: 2015 (not in the LFS) = mean of 2014 and 2016, labour force = employed + unemployed (estimate);
    ULT's hired employees 2022 (not published) = Kazakhstan less the 19 other regions (derived: the regions
    sum to the national figure exactly in every other year)."""
    values, status, notes = {}, {}, {}
    for name, series in labour_fiscal.LFS.items():
        raw = read.long_series(shared, LABOUR_FILE, series, code, "TOTAL", folder=RG)
        values[name] = {y: raw[y] * 1000.0 for y in YEARS if y in raw}
        status[name] = dict.fromkeys(values[name], "sourced")
        notes[name] = {}
    have_2014_2016 = all(y in values["employed"] for y in (2014, 2016))
    if have_2014_2016:
        for name in ("employed", "unemployed"):
            if 2015 not in values[name]:
                values[name][2015] = (values[name][2014] + values[name][2016]) / 2.0
                status[name][2015] = "estimate"
                notes[name][2015] = "estimate: the LFS has no 2015; mean of 2014 and 2016"
        if 2015 not in values["labour_force"]:
            values["labour_force"][2015] = values["employed"][2015] + values["unemployed"][2015]
            status["labour_force"][2015] = "estimate"
            notes["labour_force"][2015] = "estimate: the LFS has no 2015; employed + unemployed of 2015 (estimates)"
    employees = values["employees"]
    for y in values["employed"]:
        if y not in employees:
            employees[y] = national_less_others(shared, "EMPLOYEES", code, y) * 1000.0
            status["employees"][y] = "derived"
            notes["employees"][y] = (
                f"derived: not published for {code} {y}; Kazakhstan less the other 19 regions "
                "(they sum to Kazakhstan exactly in every other year)"
            )
    for name in values:
        values[name] = dict(sorted(values[name].items()))
    return values, status, notes


def national_less_others(shared, series: str, code: str, year: int) -> float:
    total = read.long_series(shared, LABOUR_FILE, series, "KZ", "TOTAL", folder=RG)[year]
    others = []
    for other in REGIONS:
        if other != code:
            values = read.long_series(shared, LABOUR_FILE, series, other, "TOTAL", folder=RG)
            if year not in values:
                raise ValueError(f"{series} {year}: both {code} and {other} missing")
            others.append(values[year])
    return round(total - fsum(others), 3)  # thousands, to the source's three decimals (float noise removed)


def broad_sectors(shared, code: str, employed: dict[int, float]) -> tuple[dict[int, dict[str, float]], dict[int, str]]:
    """Employment in A, B-F, G-U (persons) for the years where it sums to ``employed``, with row statuses.

    Turkistan 2016-2017 (not published apart: BNS gives YKO, which includes Shymkent, and Shymkent) is YKO less
    SHM (derived; it equals TRK's LFS employed exactly)."""

    def published(region: str) -> dict[int, dict[str, float]]:
        rows = read.long_by_section(shared, LABOUR_FILE, "EMPLOYED_BY_BROAD_SECTOR", region, folder=RG)
        return {
            y: {b: v[b] for b in labour_fiscal.BROAD}
            for y, v in rows.items()
            if all(b in v for b in labour_fiscal.BROAD)
        }

    raw = published(code)
    status = dict.fromkeys(raw, "sourced")
    if code == "TRK":
        yko, shm = published("YKO"), published("SHM")
        for y in sorted(set(yko) & set(shm) - set(raw)):
            raw[y] = {b: yko[y][b] - shm[y][b] for b in labour_fiscal.BROAD}
            status[y] = "derived"
    out = {}
    for y in YEARS:
        if y in raw:
            if abs(fsum(raw[y].values()) - employed[y]) > 1e-9 * employed[y]:
                raise ValueError(f"{code} {y}: broad sectors do not sum to employed")
            out[y] = raw[y]
    return out, {y: status[y] for y in out}


def split_years(code: str, employed: dict, broad: dict, va: dict) -> tuple[dict, dict]:
    """Which employment split each year uses: the broad sectors where they exist on the GVA's boundaries, else
    ``employed`` in one group. Returns ({year: {group: persons}} for each method)."""
    with_broad, flat = {}, {}
    for y in employed:
        if y not in va:
            continue
        boundary_year = code in SPLIT_FROM and BOUNDARY_BREAK["gva"] <= y < BOUNDARY_BREAK["labour"]
        if y in broad and not boundary_year:
            with_broad[y] = broad[y]
        else:
            flat[y] = {"ALL": employed[y]}
    return with_broad, flat


def notes_for(code: str) -> str:
    base = (
        "2025 figures are BNS's latest (preliminary) release. Population is recalculated by BNS on the 2022 "
        "boundaries for every year; the other series are on the boundaries of their year."
    )
    if code in NEW_2022:
        parent = next(k for k, v in SPLIT_FROM.items() if v == code)
        extra = (
            f" {REGIONS[code][1]} was created in 2022 (out of {REGIONS[parent][1]}, {parent}); its data start "
            "where BNS starts them: GVA, GRP and the GVA volume index in 2021, the GRP volume index in "
            f"{2022 if code == 'ULT' else 2021}, the labour-force survey in 2022, so the model accepts base "
            "years from 2022."
        )
        if code == "ULT":
            extra += " Hired employees start in 2023; 2022 is Kazakhstan less the other 19 regions (derived)."
        return base + extra
    if code in SPLIT_FROM:
        part = SPLIT_FROM[code]
        return base + (
            f" Boundaries change: {REGIONS[part][1]} ({part}) was cut out of this region in 2022. BNS GVA and GRP are "
            f"on the new boundaries from {BOUNDARY_BREAK['gva']}, the labour-force survey (employed, unemployed, "
            f"labour force, hired employees, broad sectors) from {BOUNDARY_BREAK['labour']}; earlier years cover "
            f"the larger region (with {part}). In {BOUNDARY_BREAK['gva']} GRP is on the new boundaries and the labour "
            "figures on the old ones (a base year of 2021 mixes them; employment by industry that year splits "
            "employed by the new-boundary GVA, not by the old broad sectors). See boundary_break."
        )
    if code in ("TRK", "SHM"):
        return base + (
            " Shymkent became a city of republican significance in 2018 and South Kazakhstan (YKO) became Turkistan: "
            "BNS publishes GVA, GRP and the LFS for TRK and SHM apart from 2014, but their GVA volume indices by "
            "section only from 2018 (YKO before)"
            + ("; broad-sector employment 2016-2017 is YKO less SHM (derived)." if code == "TRK" else ".")
        )
    return base


def build(shared, code: str, sectors: list[dict], nat: dict, kostanai: dict, rel_wage: list[float]) -> dict:
    """Everything of one region: series rows, by-industry rows, metadata and assumptions rows."""
    region_id, name, name_local = REGIONS[code]
    codes = nat["codes"]
    published = published_sections(shared, code)
    sections, _ = separate_households(published, nat["gva"])
    va, va_status = by_industry(sectors, sections, nat["va_ind"])
    grp = read.long_series(shared, "grp_by_region.csv", "GRP_NOMINAL", code)
    grp = {y: grp[y] for y in published}
    grp_index = read.long_series(shared, GRP_INDEX_FILE, "GRP_VOLUME_INDEX", code, folder=RG)
    volume = volume_indices(shared, code)
    labour, labour_status, labour_notes = lfs(shared, code)
    broad, broad_status = broad_sectors(shared, code, labour["employed"])
    with_broad, flat = split_years(code, labour["employed"], broad, va)
    emp = labour_fiscal.employment_by_industry(sectors, with_broad, va, nat["va_ind"], nat["emp_ind"])
    emp |= labour_fiscal.employment_by_industry(
        sectors, flat, va, nat["va_ind"], nat["emp_ind"], labour_fiscal.ALL_SECTIONS
    )
    emp = dict(sorted(emp.items()))
    wage, wage_ratio = labour_fiscal.average_wage_by_mix(shared, emp, nat["emp_ind"], rel_wage)
    taxes, tax_totals = labour_fiscal.local_tax_like_kostanai(kostanai["tax_totals"], kostanai["grp"], grp)
    collected = labour_fiscal.tax_revenue_collected(tax_totals)
    population = read.long_series(shared, POPULATION_FILE, "POPULATION_AVG", code, folder=RG)

    src = {
        "grp": f"BNS 5923 ({shared_path('grp_by_region.csv', 'kostanai')})",
        "net_taxes": f"BNS 5927 (NET_TAXES) ({shared_path(GVA_FILE)})",
        "grp_volume_index": f"BNS 5926 ({shared_path(GRP_INDEX_FILE)})",
        "gva_volume_index": f"BNS 450904 ({shared_path(VOLUME_FILE)})",
        "value_added_by_section": f"BNS 5927 ({shared_path(GVA_FILE)})",
        "employed": f"BNS 102798 (LFS) ({shared_path(LABOUR_FILE)})",
        "unemployed": f"BNS 102791 (LFS) ({shared_path(LABOUR_FILE)})",
        "labour_force": f"BNS 102800 (LFS, 15+) ({shared_path(LABOUR_FILE)})",
        "employees": f"BNS 102796 (hired workers) ({shared_path(LABOUR_FILE)})",
        "employment_by_broad_sector": f"BNS 443430/443435/443438 ({shared_path(LABOUR_FILE)})",
        "population": f"BNS 6576, annual average, 2022 boundaries ({shared_path(POPULATION_FILE)})",
        "local_tax_revenue": "estimate: Kostanai's local-tax/GRP ratio of the year x the region's GRP (BNS 5923); "
        "split by tax like Kostanai (national local-budget structure)",
        "tax_revenue_collected": "estimate: local tax revenue x 3.54 (all taxes collected per unit of local tax "
        "revenue, Abai region Jan-Sep 2025)",
    }
    rows = []
    for y in YEARS:
        if y in published:
            rows.append(["grp", y, "", grp[y], MKZT, "sourced", src["grp"]])
            rows.append(["net_taxes", y, "", published[y]["NET_TAXES"], MKZT, "sourced", src["net_taxes"]])
        if y in grp_index:
            rows.append(["grp_volume_index", y, "", grp_index[y], INDEX, "sourced", src["grp_volume_index"]])
        for k, v in volume.get(y, {}).items():
            rows.append(["gva_volume_index", y, k, v, INDEX, "sourced", src["gva_volume_index"]])
        if y in published:
            for s in (*SECTIONS, "T"):
                if s != "T" or y == 2025:
                    rows.append(
                        [
                            "value_added_by_section",
                            y,
                            s,
                            published[y][s],
                            MKZT,
                            "sourced",
                            src["value_added_by_section"],
                        ]
                    )
        for fig in labour_fiscal.LFS:
            if y in labour[fig]:
                note = labour_notes[fig].get(y)
                source = f"{note}; {src[fig]}" if note else src[fig]
                rows.append([fig, y, "", labour[fig][y], "persons", labour_status[fig][y], source])
        if y in broad:
            how = "derived: YKO less SHM (TRK not published apart); " if broad_status[y] == "derived" else ""
            for b in labour_fiscal.BROAD:
                source = how + src["employment_by_broad_sector"]
                rows.append(["employment_by_broad_sector", y, b, broad[y][b], "persons", broad_status[y], source])
        rows.append(["population", y, "", population[y], "persons", "sourced", src["population"]])
        if y in wage:
            source = (
                f"estimate: national average wage x {wage_ratio[y]:.4f}, the region's employment-weighted relative "
                "wage by industry over the national one (OECD 2015 compensation per person; BNS avg_wage, shared: "
                "kostanai/kz_national_macro_annual.csv)"
            )
            rows.append(["average_wage", y, "", wage[y], "KZT per month", "estimate", source])
    for y in tax_totals:
        for t in labour_fiscal.TAXES:
            rows.append(["local_tax_revenue", y, t, taxes[y][t], MKZT, "estimate", src["local_tax_revenue"]])
        rows.append(["local_tax_revenue_total", y, "", tax_totals[y], MKZT, "estimate", src["local_tax_revenue"]])
        rows.append(["tax_revenue_collected", y, "", collected[y], MKZT, "estimate", src["tax_revenue_collected"]])

    by_ind = []
    for y in YEARS:
        if y in va:
            by_ind += [["value_added", y, c, va[y][i], MKZT, va_status[y][c]] for i, c in enumerate(codes)]
        if y in emp:
            by_ind += [["employment", y, c, emp[y][i], "persons", "estimate"] for i, c in enumerate(codes)]

    register = [
        [k, _fmt(a["value"]), a["unit"], a["status"], a["source"], a["note"]]
        for k, a in ASSUMPTIONS.items()
        if k in REGISTER
    ]
    register += [
        [
            "kostanai_local_tax_to_grp",
            _fmt({y: kostanai["tax_totals"][y] / kostanai["grp"][y] for y in tax_totals}),
            "ratio",
            "estimate",
            "Kostanai local tax revenue (region kostanai, series.csv) / Kostanai GRP (BNS 5923)",
            "Applied to this region's GRP: BNS publishes no local budget revenue by region.",
        ],
        [
            "wage_relative_to_national",
            _fmt(wage_ratio),
            "ratio",
            "estimate",
            "employment by industry of the region and of Kazakhstan (by_industry.csv) x relative wage by industry "
            "(_kazakhstan/industries.csv)",
            "The region's industry mix alone; regional wage levels within an industry are not known.",
        ],
    ]
    return {
        "id": region_id,
        "name": name,
        "name_local": name_local,
        "series": rows,
        "by_industry": by_ind,
        "register": register,
        "notes": notes_for(code),
        "years": [min(published), max(published)],
        "statuses": _statuses(rows, by_ind),
    }


def _statuses(series_rows: list, by_ind_rows: list) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for row in series_rows:
        out.setdefault(row[0], []).append(row[5])
    names = {"value_added": "value_added_by_sector", "employment": "employment_by_sector"}
    for row in by_ind_rows:
        out.setdefault(names[row[0]], []).append(row[5])
    return out


def _fmt(v) -> str:
    if isinstance(v, dict):
        return "; ".join(f"{k}: {float(x)!r}" for k, x in v.items())
    return repr(float(v))
