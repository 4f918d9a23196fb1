"""Kostanai labour, wages and taxes: yearly series, employment by industry, average wage, local tax by tax."""

from __future__ import annotations

from math import fsum

from . import read
from .assumptions import value
from .national import YEARS

BROAD = {"A": ("A",), "B-F": tuple("BCDEF"), "G-U": tuple("GHIJKLMNOPQRSTU")}
ALL_SECTIONS = {"ALL": tuple("ABCDEFGHIJKLMNOPQRSTU")}
LFS = {"employed": "EMPLOYED", "unemployed": "UNEMPLOYED", "labour_force": "LABOUR_FORCE", "employees": "EMPLOYEES"}
TAXES = ("pit", "social_tax", "cit", "property_tax", "land_tax", "other")
TAX_YEARS = YEARS
#: the years of the national local-budget tax revenue (MinFin) in the shared data: Kostanai's local tax follows it
NATIONAL_TAX_YEARS = (2023, 2024, 2025)


def labour_series(shared) -> tuple[dict[str, dict[int, float]], dict[str, dict[int, str]]]:
    """Persons employed, unemployed, labour force (15+), hired employees, 2014-2025.

    The LFS has no 2015: the mean of 2014 and 2016 is used (estimate); labour force = employed + unemployed."""
    out, status = {}, {}
    for name, series in LFS.items():
        raw = read.long_series(shared, "labour_by_region.csv", series, "KST", "TOTAL")
        out[name] = {y: raw[y] * 1000.0 for y in YEARS if y in raw}
        status[name] = dict.fromkeys(out[name], "sourced")
        if 2015 not in out[name]:
            status[name][2015] = "estimate"
            if name == "labour_force":
                continue
            out[name][2015] = (out[name][2014] + out[name][2016]) / 2.0
    out["labour_force"][2015] = out["employed"][2015] + out["unemployed"][2015]
    for name in out:
        out[name] = dict(sorted(out[name].items()))
        status[name] = dict(sorted(status[name].items()))
    return out, status


def broad_employment(shared, employed: dict[int, float]) -> tuple[dict, dict[int, str]]:
    """Employment in A, B-F, G-U (persons); 2014-2015 take the 2016 structure (estimate)."""
    raw = {b: read.long_series(shared, "labour_by_region.csv", "EMPLOYED_BY_BROAD_SECTOR", "KST", b) for b in BROAD}
    out = {y: {b: raw[b][y] for b in BROAD} for y in YEARS if y in raw["A"]}
    status = dict.fromkeys(out, "sourced")
    base = out[min(out)]
    for y in YEARS:
        if y not in out:
            total = fsum(base.values())
            out[y] = {b: v * employed[y] / total for b, v in base.items()}
            status[y] = "estimate"
    return dict(sorted(out.items())), dict(sorted(status.items()))


def employment_by_industry(
    sectors,
    broad: dict,
    regional_va: dict,
    national_va: dict,
    national_emp: dict,
    groups: dict[str, tuple[str, ...]] = BROAD,
):
    """Split each broad sector over its industries in proportion to regional GVA / national productivity.

    e_i = E_b * (v_i / p_i) / sum_j (v_j / p_j), p_i = national GVA_i / national employment_i, j in broad b.
    ``broad``: {year: {group: persons}} for the years to split; ``groups``: group -> OKED sections (the broad
    sectors A, B-F, G-U, or one group of all sections, :data:`ALL_SECTIONS`, to split ``employed`` alone).
    Industries without national employment (T) get no jobs."""
    letters = [row["oked_section"].split("+")[0] for row in sectors]
    out = {}
    for y in sorted(broad):
        implied = []
        for v, nv, ne in zip(regional_va[y], national_va[y], national_emp[y], strict=True):
            implied.append(v * ne / nv if nv > 0 and ne > 0 else 0.0)
        row = [0.0] * len(sectors)
        for b, sections in groups.items():
            members = [i for i, s in enumerate(letters) if s in sections]
            weight = fsum(implied[i] for i in members)
            if weight <= 0.0:
                raise ValueError(f"{y}: no GVA to place the {broad[y][b]:.0f} employed of {b} on")
            for i in members:
                row[i] = broad[y][b] * implied[i] / weight
        out[y] = row
    return out


def average_wage(shared) -> tuple[dict[int, float], dict[int, str], float]:
    """KZT/month: 2022 sourced; other years national average wage x the 2022 Kostanai/KZ ratio (estimate)."""
    national = read.long_series(shared, "kz_national_macro_annual.csv", "AVG_MONTHLY_NOMINAL_WAGE", "KZ")
    ratio = value("kostanai_wage_2022") / value("kz_wage_2022_same_source")
    out = {y: national[y] * ratio for y in YEARS}
    out[2022] = value("kostanai_wage_2022")
    status = {y: ("sourced" if y == 2022 else "estimate") for y in YEARS}
    return out, status, ratio


def local_tax_shares() -> dict[int, dict[str, float]]:
    """Structure of local-budget tax revenue by tax: PIT from MinFin by year, property and land from MinFin 2025,
    social tax and SME CIT estimated, ``other`` the remainder (vehicle tax, local excises, fees). Years before
    2023 (no MinFin series in the shared data) take the 2023 structure."""
    total = value("kz_local_tax_revenue")
    pit = value("kz_local_pit")
    property_share = value("kz_property_tax_2025_jan_nov") / total[2025]
    land_share = value("kz_land_tax_2025_jan_nov") / total[2025]
    out = {}
    for y in NATIONAL_TAX_YEARS:
        shares = {
            "pit": pit[y] / total[y],
            "social_tax": value("local_tax_share_social_tax"),
            "cit": value("local_tax_share_cit"),
            "property_tax": property_share,
            "land_tax": land_share,
        }
        shares["other"] = 1.0 - fsum(shares.values())
        out[y] = shares
    first = NATIONAL_TAX_YEARS[0]
    return {y: out.get(y, out[first]) for y in TAX_YEARS}


def local_tax_revenue(grp: dict[int, float]) -> tuple[dict[int, dict[str, float]], dict[int, float], dict[int, str]]:
    """Kostanai consolidated local-budget tax revenue by tax, million KZT, 2014-2025.

    Total: 256.6 bn in 2025 (sourced); 2023-2024 scaled by national local tax revenue (estimate); 2014-2022,
    before the national series in the shared data, the 2023 figure scaled by Kostanai's nominal GRP (``grp``,
    estimate: the 2023 local-tax/GRP ratio held)."""
    national = value("kz_local_tax_revenue")
    receipts_2025 = value("kostanai_local_tax_receipts_2025")
    totals = {y: receipts_2025 * national[y] / national[2025] for y in NATIONAL_TAX_YEARS}
    totals[2025] = receipts_2025
    first = NATIONAL_TAX_YEARS[0]
    totals |= {y: totals[first] * grp[y] / grp[first] for y in TAX_YEARS if y < first}
    totals = dict(sorted(totals.items()))
    shares = local_tax_shares()
    by_tax = {y: {t: totals[y] * shares[y][t] for t in TAXES} for y in TAX_YEARS}
    status = {y: ("sourced" if y == 2025 else "estimate") for y in TAX_YEARS}
    return by_tax, totals, status


def tax_revenue_collected(totals: dict[int, float]) -> dict[int, float]:
    """All taxes collected in the region = local tax revenue x the Abai collected/local ratio (estimate)."""
    ratio = value("collected_to_local_tax_ratio")
    return {y: t * ratio for y, t in totals.items()}


def local_tax_like_kostanai(
    kostanai_totals: dict[int, float], kostanai_grp: dict[int, float], grp: dict[int, float]
) -> tuple[dict[int, dict[str, float]], dict[int, float]]:
    """Another region's local tax revenue by tax (million KZT): Kostanai's local-tax/GRP ratio of the year x the
    region's GRP, split like Kostanai's (estimate). Only years with the region's GRP."""
    shares = local_tax_shares()
    totals = {y: kostanai_totals[y] / kostanai_grp[y] * grp[y] for y in TAX_YEARS if y in grp}
    return {y: {t: v * shares[y][t] for t in TAXES} for y, v in totals.items()}, totals


def wage_relative_to_national(
    employment: list[float], national_employment: list[float], relative_wage: list[float]
) -> float:
    """The region's average wage over the national one implied by its industry mix alone: the employment-weighted
    mean relative wage of the region's industries over that of the nation's (same year)."""

    def mean(e):
        return fsum(x * r for x, r in zip(e, relative_wage, strict=True)) / fsum(e)

    return mean(employment) / mean(national_employment)


def average_wage_by_mix(shared, employment: dict, national_employment: dict, relative_wage: list[float]):
    """KZT/month: national average wage x :func:`wage_relative_to_national` of the year (estimate), for the years
    with the region's employment by industry. Returns ``({year: wage}, {year: ratio})``."""
    national = read.long_series(shared, "kz_national_macro_annual.csv", "AVG_MONTHLY_NOMINAL_WAGE", "KZ")
    ratio = {y: wage_relative_to_national(e, national_employment[y], relative_wage) for y, e in employment.items()}
    return {y: national[y] * r for y, r in ratio.items()}, ratio
