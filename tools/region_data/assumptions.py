"""Every number the build takes from outside the shared CSV files, with its source, status and reasoning.

Each entry is shipped as a row of ``simulator/data/regions/kostanai/assumptions.csv`` (the report's assumptions
register reads it) and documented in ``docs/data.md``. Status: sourced (the number is in the source), derived
(computed from sourced numbers, formula in ``note``), estimate (no source; the reasoning is in ``note``).
"""

from __future__ import annotations

FACTS = "shared: kostanai/facts.md"

ASSUMPTIONS: dict[str, dict] = {
    "kzt_per_usd_2015": {
        "value": 221.728,
        "unit": "KZT per USD",
        "status": "derived",
        "source": "shared: kazakhstan_io/README.md (BNS GVA 2015 / OECD VALU 2015; = NBK 2015 average 221.73)",
        "note": "Converts the OECD 2015 table (mn USD) to mn KZT; at this rate OECD total value added equals BNS "
        "GVA 2015 exactly.",
    },
    "national_car_output_2022_jan_oct": {
        "value": 902000.0,
        "unit": "million KZT",
        "status": "sourced",
        "source": "https://jjtv.kz/en/car-production-in-kazakhstan-on-rise (" + FACTS + " 7.4)",
        "note": "Value of vehicles produced in Kazakhstan, Jan-Oct 2022 (88k vehicles).",
    },
    "national_car_units_2022_jan_oct": {
        "value": 88000.0,
        "unit": "vehicles",
        "status": "sourced",
        "source": "https://jjtv.kz/en/car-production-in-kazakhstan-on-rise (" + FACTS + " 7.4)",
        "note": "",
    },
    "kostanai_car_units_2022_jan_oct": {
        "value": 54000.0,
        "unit": "vehicles",
        "status": "sourced",
        "source": "https://jjtv.kz/en/car-production-in-kazakhstan-on-rise (" + FACTS + " 4.2)",
        "note": "SaryarkaAvtoProm/Allur, Kostanay.",
    },
    "national_car_units_2025": {
        "value": 171442.0,
        "unit": "vehicles",
        "status": "sourced",
        "source": "https://oz.inform.kz/news/bu-yil-kozogistonda-209-mingta-avtomobil-ishlab-chikariladi-44554b/ ("
        + FACTS
        + " 7.4)",
        "note": "",
    },
    "kostanai_car_share_2025": {
        "value": 0.542,
        "unit": "share of national car output",
        "status": "sourced",
        "source": "https://rus.baq.kz/zarplaty-v-avtoprome-kazahstana-prevysili-sredniy-uroven-po-strane_300030184/ ("
        + FACTS
        + " 4.2)",
        "note": "Jan-Nov 2025: 79.2k of 146.2k cars made in Kazakhstan.",
    },
    "national_car_plant_employment_2024": {
        "value": 6875.0,
        "unit": "persons",
        "status": "sourced",
        "source": "https://oz.inform.kz/news/bu-yil-kozogistonda-209-mingta-avtomobil-ishlab-chikariladi-44554b/ ("
        + FACTS
        + " 7.2)",
        "note": "Workers at Kazakhstan's car plants.",
    },
    "national_car_plant_employment_2025": {
        "value": 11169.0,
        "unit": "persons",
        "status": "sourced",
        "source": "https://oz.inform.kz/news/bu-yil-kozogistonda-209-mingta-avtomobil-ishlab-chikariladi-44554b/ ("
        + FACTS
        + " 7.2)",
        "note": "",
    },
    "kostanai_share_of_national_machinery_d28": {
        "value": 0.25,
        "unit": "share of national D28 value added",
        "status": "estimate",
        "source": FACTS + " 4.4, 7.4",
        "note": "AgromashHolding (tractors, combines, seeders), ESSIL (the only combine maker in Kazakhstan) and the "
        "Kostanay agromechanical plant; AgromashHolding made 24.7% of Kazakhstan's tractors (2019) and the "
        "region claims >25% of national machine building (2025). One quarter of national D28.",
    },
    "kostanai_share_of_national_basic_metals_d24": {
        "value": 0.005,
        "unit": "share of national D24 value added",
        "status": "estimate",
        "source": FACTS + " 7.3, 7.4",
        "note": "No smelter in the region (Kazakhstan's steel, copper, zinc, ferroalloy and aluminium smelters are in "
        "Karaganda, Pavlodar, East Kazakhstan, Abai, Ulytau and Aktobe); only a rebar rolling mill "
        "(Caspian Steel) and, from Sept 2024, the KamLitKZ iron foundry (ISIC 24.51). Half a per cent of "
        "national D24 (about 25-40 bn KZT of value added a year in 2023-25).",
    },
    "kostanai_share_of_national_refining_d19": {
        "value": 0.0,
        "unit": "share of national D19 value added",
        "status": "estimate",
        "source": "general knowledge: Kazakhstan's three refineries are in Atyrau, Pavlodar and Shymkent",
        "note": "No oil refinery in Kostanai Region.",
    },
    "anchored_manufacturing_cap": {
        "value": 0.9,
        "unit": "share of the region's section C value added",
        "status": "estimate",
        "source": "method choice",
        "note": "If the anchored industries (D10T12, D19, D24, D28, D29) would exceed 90% of the region's "
        "manufacturing, they are scaled down together so the other industries keep at least 10%.",
    },
    "kostanai_mining_all_non_energy": {
        "value": 1.0,
        "unit": "share of section B in D07T08",
        "status": "estimate",
        "source": FACTS + " 7.4 (SSGPO about 70% of regional mining)",
        "note": "Kostanai mines iron ore (SSGPO, Rudny), bauxite, asbestos and gold and produces no oil or gas, so "
        "all of section B goes to D07T08; D05T06 and D09 (mostly oil-field services nationally) get 0.",
    },
    "kostanai_wage_2022": {
        "value": 249547.0,
        "unit": "KZT per month",
        "status": "sourced",
        "source": "BNS via github open-data-kazakhstan/city-avg-salary data/quarters_nn.csv (" + FACTS + " 1.3)",
        "note": "Average monthly nominal wage 2022, excluding small enterprises.",
    },
    "kz_wage_2022_same_source": {
        "value": 308033.0,
        "unit": "KZT per month",
        "status": "sourced",
        "source": "BNS via github open-data-kazakhstan/city-avg-salary data/quarters_nn.csv (" + FACTS + " 1.3)",
        "note": "Kazakhstan figure of the same table (excluding small enterprises); the ratio 249,547/308,033 = "
        "0.810 compares like with like.",
    },
    "kostanai_local_tax_receipts_2025": {
        "value": 256600.0,
        "unit": "million KZT",
        "status": "sourced",
        "source": "https://www.zakon.kz/ekonomika-biznes/6506990-v-kostanayskoy-oblasti-podveli-itogi-2025-goda.html"
        " (" + FACTS + " 1.5, 7.1)",
        "note": "'Tax receipts grew to 256.6 bn KZT' (2025). Read as the consolidated local budget (oblast + "
        "cities + districts): 2.94% of all local-budget tax revenue of Kazakhstan, near the region's 3.81% "
        "GRP share; the oblast-level budget alone had 26.5 bn.",
    },
    "kz_local_tax_revenue": {
        "value": {2023: 5999776.21821804, 2024: 7392707.1785533, 2025: 8725097.50623589},
        "unit": "million KZT",
        "status": "sourced",
        "source": "MinFin via github makenerzhan-gif/kazakhstan-economic-data "
        "data/processed/minfin/local_budget_tax_revenue.csv (" + FACTS + " 7.3)",
        "note": "Tax revenue of all local budgets of Kazakhstan.",
    },
    "kz_local_pit": {
        "value": {2023: 1992385.0, 2024: 2451640.0, 2025: 2859192.0},
        "unit": "million KZT",
        "status": "sourced",
        "source": "MinFin via github makenerzhan-gif/kazakhstan-economic-data "
        "data/processed/minfin/individual_income_tax.csv (" + FACTS + " 7.3)",
        "note": "Personal income tax, which goes to local budgets: about 33% of local tax revenue each year.",
    },
    "kz_property_tax_2025_jan_nov": {
        "value": 658288.76117229,
        "unit": "million KZT",
        "status": "sourced",
        "source": "MinFin via github makenerzhan-gif/kazakhstan-economic-data data/processed/minfin/property_tax.csv "
        "@ 086638567c99b91092c03e9c804f530926204383 (2025-11-30, year to date)",
        "note": "Property tax is a local tax; the four advance payments of the year fall by 25 Nov, so Jan-Nov is "
        "close to the year: 7.5% of 2025 local tax revenue.",
    },
    "kz_land_tax_2025_jan_nov": {
        "value": 16702.82580811,
        "unit": "million KZT",
        "status": "sourced",
        "source": "MinFin via github makenerzhan-gif/kazakhstan-economic-data data/processed/minfin/land_tax.csv "
        "@ 086638567c99b91092c03e9c804f530926204383 (2025-11-30, year to date)",
        "note": "Land tax, local: 0.19% of 2025 local tax revenue.",
    },
    "local_tax_share_social_tax": {
        "value": 0.23,
        "unit": "share of local tax revenue",
        "status": "estimate",
        "source": "reasoning from tax rates (" + FACTS + " 3.2)",
        "note": "Social tax and PIT share the wage base. Social tax 9.5% less social contributions (3.5-5%) is about "
        "5.5-6% of wages; PIT at 10% after the 10% pension contribution and the basic deduction is about 8% "
        "of wages, and PIT also taxes non-wage income. Social tax is therefore about 0.7 of PIT: "
        "0.7 x 33% = 23%.",
    },
    "local_tax_share_cit": {
        "value": 0.15,
        "unit": "share of local tax revenue",
        "status": "estimate",
        "source": "https://vlast.kz/jekonomika/45619-kak-postuplenia-po-kpn-ot-malogo-i-srednego-biznesa-izmenili-mestnye-budzety.html",
        "note": "Corporate income tax of small and medium business goes to local budgets since 2020; no national "
        "figure was found. 15% of local tax revenue (about 0.9 trn KZT in 2023, a quarter of all CIT of "
        "3.9 trn) is a placeholder to replace with MinFin execution data.",
    },
    "collected_to_local_tax_ratio": {
        "value": 441.4 / 124.7,
        "unit": "ratio",
        "status": "estimate",
        "source": "https://qazinform.com/news/kazakh-government-doubles-funding-for-abai-region-6d5b99 ("
        + FACTS
        + " 7.1)",
        "note": "All taxes collected in a region (republican + local) per unit of local-budget tax revenue, taken "
        "from Abai region, Jan-Sep 2025: 441.4 bn collected, 124.7 bn local (3.54). Abai's local tax to GRP "
        "ratio (about 4.0%) is close to Kostanai's (4.2%), which makes it the nearest comparator found.",
    },
}


def value(name: str):
    return ASSUMPTIONS[name]["value"]
