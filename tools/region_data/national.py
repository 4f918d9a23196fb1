"""The national input-output table (OECD 2015, KZT) and national GVA and employment by industry, 2014-2025.

National industry series are the BNS section totals of each year split over the industries of the section by
the OECD 2015 structure inside the section (value added for GVA, compensation of employees for employment),
except that motor vehicles (D29) follow national car output, which grew about tenfold after 2015.
"""

from __future__ import annotations

from math import fsum

from . import read
from .assumptions import value

YEARS = tuple(range(2014, 2026))
# The regional table (BNS 5927) publishes S including T before 2025; 4439 has T apart every year.
SECTION_LETTERS = tuple("ABCDEFGHIJKLMNOPQRST")


def groups(sectors: list[dict[str, str]]) -> dict[str, list[str]]:
    """Section group (``A``, ``D+E``, ``M+N``...) -> industries in it, in axis order."""
    out: dict[str, list[str]] = {}
    for row in sectors:
        out.setdefault(row["oked_section"], []).append(row["code"])
    return out


def group_total(by_section: dict[str, float], group: str) -> float:
    return fsum(by_section[s] for s in group.split("+"))


def national_table(shared, sectors: list[dict[str, str]]) -> dict:
    """OECD 2015 flows and per-industry totals in million KZT of 2015 (basic prices); employment in persons."""
    rate = value("kzt_per_usd_2015")
    codes = [row["code"] for row in sectors]
    rows, columns, flows = read.oecd_flows(shared)
    if rows != codes or columns != codes:
        raise ValueError("OECD flows.csv industry order differs from simulator/data/sectors.csv")
    oecd = read.oecd_sectors(shared)
    employment = read.employment_derived_2015(shared)
    hfce_total = fsum(float(oecd[c]["hfce_domestic"]) + float(oecd[c]["hfce_imported"]) for c in codes)
    taxes = read.final_demand_tax_rows(shared)
    return {
        "codes": codes,
        "Z": [[v * rate for v in line] for line in flows],
        "gross_output": [float(oecd[c]["gross_output"]) * rate for c in codes],
        "value_added": [float(oecd[c]["value_added"]) * rate for c in codes],
        "compensation": [float(oecd[c]["compensation_of_employees"]) * rate for c in codes],
        "employment": [employment[c] * 1000.0 for c in codes],
        "household_consumption": [float(oecd[c]["hfce_domestic"]) * rate for c in codes],
        "household_consumption_imported": [float(oecd[c]["hfce_imported"]) * rate for c in codes],
        "household_consumption_total": hfce_total * rate,
        "household_consumption_purchasers": taxes["TTL_INT_FNL"]["HFCE"] * rate,
    }


def relative_wage(table: dict) -> list[float]:
    """Compensation per employed person by industry over the economy-wide figure (employment-weighted mean 1).

    Private households (no BNS employment) take the value of D90T96 (other services)."""
    comp, emp, codes = table["compensation"], table["employment"], table["codes"]
    average = fsum(comp) / fsum(emp)
    rel = [c / e / average if e > 0 else None for c, e in zip(comp, emp, strict=True)]
    fallback = rel[codes.index("D90T96")]
    rel = [fallback if r is None else r for r in rel]
    # Renormalise so the employment-weighted mean is exactly 1 after the fallback (T has no employment weight).
    scale = fsum(r * e for r, e in zip(rel, emp, strict=True)) / fsum(emp)
    return [r / scale for r in rel]


def national_sections(shared) -> tuple[dict, dict, dict]:
    """BNS national GVA by section (4439) and employment by section (5831, persons), with row statuses.

    2014 employment by section is not published in the shared files: the 2015 structure is scaled to the 2014
    LFS national total (estimate). T has no employment (BNS publishes none)."""
    gva = read.long_by_section(shared, "gva_by_section.csv", "GVA_NOMINAL_NATIONAL_TABLE", "KZ")
    gva = {
        y: {s: gva[y][s] for s in SECTION_LETTERS} | {"GVA": gva[y]["GVA"], "NET_TAXES": gva[y]["NET_TAXES"]}
        for y in YEARS
    }
    wide = read.bns_wide(shared, "bns_employment_by_oked_section.csv")
    emp = {y: {s: (wide[s][y] * 1000.0 if s in wide else 0.0) for s in SECTION_LETTERS} for y in YEARS if y >= 2015}
    status = {y: "sourced" for y in emp}
    kz_employed = read.long_series(shared, "labour_by_region.csv", "EMPLOYED", "KZ", "TOTAL")
    total_2015 = fsum(emp[2015].values())
    emp[2014] = {s: v * kz_employed[2014] * 1000.0 / total_2015 for s, v in emp[2015].items()}
    status[2014] = "estimate"
    return gva, dict(sorted(emp.items())), status


def d29_share_of_manufacturing(shared, national_gva: dict) -> tuple[dict[int, float], dict]:
    """National motor-vehicle (D29) value added as a share of national manufacturing (C), by year.

    Anchors: 2014 and 2015 from the OECD table; 2022 = car output value (Jan-Oct x 12/10) x the OECD 2015
    value-added ratio of D29 / national C GVA; 2025 = 2025 car units x the 2022 value per car inflated by the
    GDP deflator x the same ratio / national C GVA. Linear between anchors."""
    oecd = read.oecd_sectors(shared)
    va_ratio = float(oecd["D29"]["value_added"]) / float(oecd["D29"]["gross_output"])
    c_codes = [c for c, row in oecd.items() if row["oked_section"] == "C"]
    anchors = {}
    for year in (2014, 2015):
        va = read.oecd_value_added(shared, year)
        anchors[year] = va["D29"] / fsum(va[c] for c in c_codes)
    output_2022 = value("national_car_output_2022_jan_oct") * 12.0 / 10.0
    anchors[2022] = output_2022 * va_ratio / national_gva[2022]["C"]
    deflator = read.long_series(shared, "kz_national_macro_annual.csv", "GDP_DEFLATOR", "KZ")
    price = value("national_car_output_2022_jan_oct") / value("national_car_units_2022_jan_oct")
    for year in (2023, 2024, 2025):
        price *= deflator[year] / 100.0
    output_2025 = value("national_car_units_2025") * price
    anchors[2025] = output_2025 * va_ratio / national_gva[2025]["C"]
    info = {
        "va_ratio": va_ratio,
        "output_2022": output_2022,
        "output_2025": output_2025,
        "price_2025": price,
        "anchors": anchors,
    }
    return interpolate(anchors), info


def interpolate(anchors: dict[int, float]) -> dict[int, float]:
    """Linear interpolation between anchor years over ``YEARS`` (held flat outside the anchors)."""
    years = sorted(anchors)
    out = {}
    for y in YEARS:
        if y <= years[0]:
            out[y] = anchors[years[0]]
        elif y >= years[-1]:
            out[y] = anchors[years[-1]]
        else:
            hi = next(a for a in years if a >= y)
            lo = max(a for a in years if a <= y)
            out[y] = anchors[lo] if hi == lo else anchors[lo] + (anchors[hi] - anchors[lo]) * (y - lo) / (hi - lo)
    return out


def d29_employment(shared, table: dict) -> dict[int, float]:
    """National D29 employment: 2015 from the derived OECD/BNS split, 2024 and 2025 car-plant headcounts, linear
    between 2015 and 2024; 2014 takes the 2015 value."""
    base = table["employment"][table["codes"].index("D29")]
    anchors = {
        2015: base,
        2024: value("national_car_plant_employment_2024"),
        2025: value("national_car_plant_employment_2025"),
    }
    return interpolate(anchors)


def split_group(total: float, weights: list[float]) -> list[float]:
    s = fsum(weights)
    return [total * w / s for w in weights]


def national_by_industry(sectors, gva, emp, d29_share, d29_emp, oecd_va, labr) -> tuple[dict, dict]:
    """National GVA and employment by industry, ``{year: [n values]}``; each group sums to its sections."""
    codes = [row["code"] for row in sectors]
    grouped = groups(sectors)
    va_out, emp_out = {}, {}
    for y in YEARS:
        va_year, emp_year = {}, {}
        for group, members in grouped.items():
            g_va, g_emp = group_total(gva[y], group), group_total(emp[y], group)
            if group == "C":
                d29_va, d29_e = g_va * d29_share[y], d29_emp[y]
                rest = [c for c in members if c != "D29"]
                va_year |= dict(zip(rest, split_group(g_va - d29_va, [oecd_va[c] for c in rest]), strict=True))
                emp_year |= dict(zip(rest, split_group(g_emp - d29_e, [labr[c] for c in rest]), strict=True))
                va_year["D29"], emp_year["D29"] = d29_va, d29_e
            else:
                va_year |= dict(zip(members, split_group(g_va, [oecd_va[c] for c in members]), strict=True))
                emp_year |= dict(zip(members, split_group(g_emp, [labr[c] for c in members]), strict=True))
        va_out[y] = [va_year[c] for c in codes]
        emp_out[y] = [emp_year[c] for c in codes]
    return va_out, emp_out
