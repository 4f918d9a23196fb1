"""Source, status and method note of every shipped figure group (copied into the shipped YAML files).

Keys are the names the loader uses in ``Region.provenance``; national-table figures carry a ``national.``
prefix. ``built_from`` names the shared file(s) the build script read.
"""

from __future__ import annotations

SH = "shared: "
OECD = "OECD IOTSI4_2018 NATIODOMIMP/VAROW, Kazakhstan 2015 (https://stats.oecd.org/Index.aspx?DataSetCode=IOTSI4_2018)"
IO = SH + "kazakhstan_io/"
KO = SH + "kostanai/"
RG = SH + "regions/"


def _p(source: str, status: str, built_from: str, note: str = "") -> dict[str, str]:
    return {"source": source, "status": status, "built_from": built_from, "note": note}


NATIONAL = {
    "national.Z": _p(
        OECD,
        "derived",
        IO + "flows.csv",
        "Domestic intermediate flows, basic prices, mn USD x 221.728 KZT/USD = mn KZT of 2015.",
    ),
    "national.x": _p(OECD, "derived", IO + "sectors.csv", "Gross output (OUTPUT row) x 221.728."),
    "national.value_added": _p(OECD, "derived", IO + "sectors.csv", "VALU x 221.728; sums to BNS GVA 2015."),
    "national.compensation": _p(OECD, "derived", IO + "sectors.csv", "VAROW LABR x 221.728."),
    "national.employment": _p(
        "BNS 5831 employment by section, split by OECD 2015 LABR shares",
        "derived",
        IO + "employment_by_oecd_sector_derived.csv",
        "2015, persons; D97T98 has none (BNS publishes no section T employment).",
    ),
    "national.household_consumption": _p(
        OECD, "derived", IO + "sectors.csv", "hfce_domestic x 221.728 (domestic output only, basic prices)."
    ),
    "national.household_consumption_total": _p(
        OECD,
        "derived",
        IO + "sectors.csv",
        "Sum of hfce_domestic + hfce_imported x 221.728 (basic prices). household_consumption_purchasers adds "
        "net product taxes (TTL_INT_FNL of the HFCE column, final_demand_tax_rows_2015.csv).",
    ),
    "relative_wage_by_sector": _p(
        "OECD VAROW LABR 2015 / BNS employment 2015",
        "derived",
        IO + "sectors.csv; " + IO + "employment_by_oecd_sector_derived.csv",
        "Compensation per employed person by industry over the economy-wide figure; employment-weighted mean 1. "
        "Employment inside a section was split by LABR shares, so industries of one section share one value. "
        "D97T98 (no employment) takes D90T96's value.",
    ),
    "national_value_added_by_sector": _p(
        "BNS 4439 GVA by section split by OECD 2015 VA shares",
        "derived",
        KO + "gva_by_section.csv (GVA_NOMINAL_NATIONAL_TABLE); " + IO + "sectors.csv",
        "D29's share of section C follows national car output (see assumptions.csv and docs/data.md).",
    ),
    "national_employment_by_sector": _p(
        "BNS 5831 employment by section split by OECD 2015 LABR shares",
        "derived",
        IO + "bns_employment_by_oked_section.csv; " + KO + "labour_by_region.csv",
        "D29 from car-plant headcounts (2015 derived, 2024-2025 sourced, linear between); 2014 = 2015 structure "
        "scaled to the 2014 LFS total (estimate).",
    ),
    "national_value_added_by_section": _p("BNS 4439", "sourced", KO + "gva_by_section.csv"),
    "national_employment_by_section": _p(
        "BNS 5831 (LFS, annual)",
        "sourced",
        IO + "bns_employment_by_oked_section.csv",
        "2014 estimated (2015 structure x 2014 LFS total); no T published.",
    ),
    "national_series.gdp": _p("BNS 4439", "sourced", KO + "kz_national_macro_annual.csv"),
    "national_series.gva": _p("BNS 4439 (GVA)", "sourced", KO + "gva_by_section.csv"),
    "national_series.net_taxes": _p("BNS 4439 (NET_TAXES)", "sourced", KO + "gva_by_section.csv"),
    "national_series.cpi_dec_on_dec": _p("BNS (cpi_yoy, December)", "sourced", KO + "kz_national_macro_annual.csv"),
    "national_series.gdp_deflator": _p("BNS gdp_deflator", "sourced", KO + "kz_national_macro_annual.csv"),
    "national_series.usd_kzt": _p(
        "NBK official monthly averages",
        "derived",
        KO + "kz_national_macro_annual.csv",
        "Simple mean of 12 monthly averages.",
    ),
    "national_series.average_wage": _p("BNS avg_wage", "sourced", KO + "kz_national_macro_annual.csv"),
    "national_series.employed": _p("BNS 102798 (LFS)", "sourced", KO + "labour_by_region.csv", "2015 missing."),
    # Kazakhstan's rows of the all-regions tables (tools/region_data/national_history.py)
    "national_series.gva_volume_index": _p(
        "BNS 450904",
        "sourced",
        RG + "gva_volume_index_by_region_section.csv",
        "By item A-H, J, L, IND, OTHER_SERVICES, GDP; % of previous year.",
    ),
    "national_series.grp_volume_index": _p("BNS 5926", "sourced", RG + "grp_volume_index_by_region.csv"),
    "national_series.labour_force": _p(
        "BNS 102800 (LFS, 15+)", "sourced", RG + "labour_by_region.csv", "2015 missing."
    ),
}

REGION = {
    "value_added_by_section": _p(
        "BNS 5927", "sourced", KO + "gva_by_section.csv", "As published; S includes T before 2025."
    ),
    "value_added_by_sector": _p(
        "BNS 5927 sections split into industries",
        "estimate",
        KO + "gva_by_section.csv",
        "Single-section industries sourced; multi-industry groups split by the national structure of the year "
        "(derived); B all to D07T08 and the manufacturing split anchored on Kostanai facts (estimate); T taken out "
        "of S before 2025 by the national ratio. Sums to GRP minus net taxes exactly.",
    ),
    "employment_by_sector": _p(
        "BNS broad-sector employment split by regional GVA / national productivity",
        "estimate",
        KO + "labour_by_region.csv",
        "Sums to employed exactly; 2014-2015 use the 2016 broad structure.",
    ),
    "employment_by_broad_sector": _p(
        "BNS 443430/443435/443438",
        "sourced",
        KO + "labour_by_region.csv",
        "2014-2015 estimated with the 2016 structure.",
    ),
    "grp": _p("BNS 5923", "sourced", KO + "grp_by_region.csv"),
    "net_taxes": _p("BNS 5927 (NET_TAXES)", "sourced", KO + "gva_by_section.csv"),
    "grp_volume_index": _p("BNS 5926", "sourced", KO + "grp_by_region.csv"),
    "employed": _p("BNS 102798 (LFS)", "sourced", KO + "labour_by_region.csv", "2015 = mean of 2014 and 2016."),
    "unemployed": _p("BNS 102791 (LFS)", "sourced", KO + "labour_by_region.csv", "2015 = mean of 2014 and 2016."),
    "labour_force": _p(
        "BNS 102800 (LFS, 15+)", "sourced", KO + "labour_by_region.csv", "2015 = employed + unemployed (estimate)."
    ),
    "employees": _p("BNS 102796 (hired workers)", "sourced", KO + "labour_by_region.csv"),
    "population": _p(
        "BNS 6576 (annual average)",
        "sourced",
        KO + "population_by_region.csv",
        "Recalculated on the 2022 boundaries; step 2021->2022 is in the source.",
    ),
    "fixed_investment": _p("BNS 5546", "sourced", KO + "investment_by_region.csv"),
    "average_wage": _p(
        "BNS via open-data-kazakhstan/city-avg-salary (2022); BNS national avg_wage",
        "estimate",
        KO + "facts.md 1.3; " + KO + "kz_national_macro_annual.csv",
        "2022 sourced (249,547); other years = national average wage x 0.810 (2022 Kostanai/KZ ratio).",
    ),
    "local_tax_revenue": _p(
        "zakon.kz 6506990 (256.6 bn, 2025); MinFin local-budget series",
        "estimate",
        KO + "facts.md 1.5, 7.1, 7.3",
        "Consolidated local budget. 2025 total sourced, 2023-24 scaled by national local tax revenue, 2014-22 the "
        "2023 figure scaled by Kostanai's nominal GRP; split by tax from the national local-budget structure (PIT, "
        "property, land sourced; social tax, SME CIT estimated; other = remainder; before 2023 the 2023 shares).",
    ),
    "local_tax_revenue_total": _p(
        "zakon.kz 6506990 (256.6 bn, 2025)",
        "estimate",
        KO + "facts.md 1.5, 7.1",
        "2025 sourced; 2023-2024 = 256.6 bn x national local tax revenue of the year / of 2025; 2014-2022 = the "
        "2023 figure x Kostanai GRP of the year / of 2023 (no national series before 2023 in the shared data).",
    ),
    "tax_revenue_collected": _p(
        "qazinform (Abai region collected/local ratio, 9m 2025)",
        "estimate",
        KO + "facts.md 7.1",
        "Local tax revenue x 3.54 (all taxes collected per unit of local tax revenue in Abai region).",
    ),
    "gva_volume_index": _p(
        "BNS 450904",
        "sourced",
        RG + "gva_volume_index_by_region_section.csv",
        "By item A-H, J, L, IND, OTHER_SERVICES (I, K, M-T together), GDP (= the GRP volume "
        "index); % of previous year as published.",
    ),
}

#: the figure groups of every region but Kostanai (tools/region_data/all_regions.py): source, built_from, note.
#: The status of each group is the weakest of its rows, set by the build.
OTHER_REGIONS = {
    "value_added_by_section": (
        "BNS 5927",
        RG + "gva_nominal_by_region_section.csv",
        "As published; S includes T before 2025. Sections + net taxes = GRP exactly.",
    ),
    "value_added_by_sector": (
        "BNS 5927 sections split into industries by the national structure of the year",
        RG + "gva_nominal_by_region_section.csv; _kazakhstan/by_industry.csv",
        "Single-section industries sourced; multi-industry groups split by the national GVA of each industry in "
        "the year (derived), B (mining) and C (manufacturing) marked estimate because the regions differ most from "
        "the national mix there; T taken out of S before 2025 by the national ratio. Sums to GRP minus net taxes.",
    ),
    "employment_by_sector": (
        "BNS employment split by regional GVA / national productivity",
        RG + "labour_by_region.csv",
        "Broad sectors A, B-F, G-U split over their industries where published on the GVA's boundaries; else "
        "(2014-2015, the boundary year 2021 of ALM, VKO, KRG) employed split over all industries the same way. "
        "Sums to employed exactly.",
    ),
    "employment_by_broad_sector": (
        "BNS 443430/443435/443438",
        RG + "labour_by_region.csv",
        "Published years only; TRK 2016-2017 = YKO less SHM (derived).",
    ),
    "grp": ("BNS 5923", KO + "grp_by_region.csv", ""),
    "net_taxes": ("BNS 5927 (NET_TAXES)", RG + "gva_nominal_by_region_section.csv", ""),
    "grp_volume_index": ("BNS 5926", RG + "grp_volume_index_by_region.csv", ""),
    "gva_volume_index": (
        "BNS 450904",
        RG + "gva_volume_index_by_region_section.csv",
        "By item A-H, J, L, IND, OTHER_SERVICES (I, K, M-T together), GDP (= the GRP volume "
        "index); % of previous year as published, missing years missing.",
    ),
    "employed": ("BNS 102798 (LFS)", RG + "labour_by_region.csv", "2015 = mean of 2014 and 2016 (estimate)."),
    "unemployed": ("BNS 102791 (LFS)", RG + "labour_by_region.csv", "2015 = mean of 2014 and 2016 (estimate)."),
    "labour_force": ("BNS 102800 (LFS, 15+)", RG + "labour_by_region.csv", "2015 = employed + unemployed (estimate)."),
    "employees": (
        "BNS 102796 (hired workers)",
        RG + "labour_by_region.csv",
        "ULT 2022 = Kazakhstan less the other 19 regions (derived).",
    ),
    "population": (
        "BNS 6576 (annual average)",
        RG + "population_by_region.csv",
        "Recalculated by BNS on the 2022 boundaries for every year.",
    ),
    "average_wage": (
        "BNS national avg_wage x the region's industry mix of relative wages",
        KO + "kz_national_macro_annual.csv; _kazakhstan/industries.csv (relative_wage)",
        "Estimate: national average wage x sum_s e_rs rw_s / sum_s e_Ns rw_s (employment shares of the region and "
        "the nation by industry, OECD 2015 relative wage). Captures the industry mix only (docs/data.md).",
    ),
    "local_tax_revenue": (
        "Kostanai local tax revenue / GRP x the region's GRP (BNS 5923)",
        "region kostanai series.csv; " + KO + "grp_by_region.csv",
        "Estimate: BNS and MinFin publish no local budget revenue by region in the shared data; split by tax like "
        "Kostanai (national local-budget structure).",
    ),
    "local_tax_revenue_total": (
        "Kostanai local tax revenue / GRP x the region's GRP (BNS 5923)",
        "region kostanai series.csv; " + KO + "grp_by_region.csv",
        "Estimate.",
    ),
    "tax_revenue_collected": (
        "qazinform (Abai region collected/local ratio, 9m 2025)",
        KO + "facts.md 7.1",
        "Local tax revenue x 3.54 (estimate).",
    ),
}


def other_region(statuses: dict[str, list[str]]) -> dict[str, dict[str, str]]:
    """Provenance of a region built by all_regions: each figure group it has, with the weakest row status."""
    strength = {"sourced": 2, "derived": 1, "estimate": 0}
    out = {}
    for name, (source, built_from, note) in OTHER_REGIONS.items():
        if name in statuses:
            out[name] = _p(source, min(statuses[name], key=strength.__getitem__), built_from, note)
    missing = set(statuses) - set(out)
    if missing:
        raise ValueError(f"no provenance for {sorted(missing)}")
    return out
