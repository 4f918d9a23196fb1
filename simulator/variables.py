"""Output registry: every reported variable's IAMC name, unit, conversion from model units and meaning.

Model units: money million KZT per year, people persons, wages KZT per month. Reported units below. Tables,
plots and reports read this registry; nothing else hard-codes a unit.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Variable:
    key: str  # name in the model's output arrays
    name: str  # IAMC variable name
    unit: str
    scale: float  # reported = model value * scale
    description: str
    basis: str = "nominal"  # nominal | real | none


BN = 1e-3  # million KZT -> billion KZT
K = 1e-3  # persons -> thousand persons

VARIABLES: tuple[Variable, ...] = (
    Variable("grp", "GRP", "billion KZT/yr", BN, "Gross regional product, current prices"),
    Variable("grp_real", "GRP|Real", "billion KZT/yr", BN, "Gross regional product, base-year prices", "real"),
    Variable("employment", "Employment", "thousand persons", K, "Employed persons (LFS definition)", "none"),
    Variable(
        "jobs_direct",
        "Employment|Project|Direct",
        "thousand persons",
        K,
        "Projects' own permanent jobs",
        "none",
    ),
    Variable(
        "jobs_construction",
        "Employment|Construction",
        "thousand persons",
        K,
        "Construction-phase job-years (temporary)",
        "none",
    ),
    Variable(
        "jobs_indirect",
        "Employment|Project|Indirect",
        "thousand persons",
        K,
        "Jobs at regional suppliers (Type I)",
        "none",
    ),
    Variable(
        "jobs_induced",
        "Employment|Project|Induced",
        "thousand persons",
        K,
        "Jobs from household spending of wages (Type II)",
        "none",
    ),
    Variable(
        "jobs_displaced",
        "Employment|Project|Displaced",
        "thousand persons",
        K,
        "Project jobs filled from existing firms (not net new)",
        "none",
    ),
    Variable(
        "jobs_unfilled",
        "Employment|Project|Unfilled",
        "thousand persons",
        K,
        "Net jobs left open after the local pool, commuters and the self-employed (a shortage)",
        "none",
    ),
    Variable(
        "jobs_commuting",
        "Employment|Project|Commuting",
        "thousand persons",
        K,
        "Project jobs taken by commuters from other regions (employees here, not residents)",
        "none",
    ),
    Variable(
        "jobs_self_employment",
        "Employment|Project|From Self-Employment",
        "thousand persons",
        K,
        "Project jobs taken by self-employed residents (employees now; employment does not rise)",
        "none",
    ),
    Variable(
        "migrants",
        "Population|Migration|Cumulative",
        "thousand persons",
        K,
        "Cumulative in-migration drawn by the projects",
        "none",
    ),
    Variable("labour_force", "Labour Force", "thousand persons", K, "Labour force (15+)", "none"),
    Variable("unemployment_rate", "Unemployment Rate", "%", 100.0, "Unemployed / labour force", "none"),
    Variable(
        "average_wage",
        "Average Wage",
        "thousand KZT/month",
        1e-3,
        "Average monthly nominal wage of employees",
    ),
    Variable(
        "average_wage_real",
        "Average Wage|Real",
        "thousand KZT/month",
        1e-3,
        "Average monthly wage in base-year prices (CPI)",
        "real",
    ),
    Variable("wage_bill", "Wage Bill", "billion KZT/yr", BN, "Employees' wages, nominal"),
    Variable(
        "wage_bill_new_jobs",
        "Impact|Wage Bill|New Jobs",
        "billion KZT/yr",
        BN,
        "Wage bill of the projects' filled net jobs at the baseline average wage",
    ),
    Variable(
        "wage_bill_composition",
        "Impact|Wage Bill|Composition",
        "billion KZT/yr",
        BN,
        "The filled jobs' pay above (below) the baseline average wage",
    ),
    Variable(
        "wage_bill_pressure",
        "Impact|Wage Bill|Wage Pressure",
        "billion KZT/yr",
        BN,
        "Market pay raised by a tighter labour market (wage curve, partial adjustment; public pay excluded)",
    ),
    Variable(
        "budget_revenue_local_pressure",
        "Impact|Budget Revenue|Local|Wage Pressure",
        "billion KZT/yr",
        BN,
        "Part of the local budget's change due to the wage pressure (taxes with and without it)",
    ),
    Variable(
        "tax_revenue_collected_pressure",
        "Impact|Tax Revenue|Collected|Wage Pressure",
        "billion KZT/yr",
        BN,
        "Part of the change in all taxes collected due to the wage pressure",
    ),
    Variable(
        "budget_revenue_local",
        "Budget Revenue|Local",
        "billion KZT/yr",
        BN,
        "Tax revenue of the local (oblast, district, city) budgets",
    ),
    Variable(
        "budget_revenue_local_real",
        "Budget Revenue|Local|Real",
        "billion KZT/yr",
        BN,
        "Local budget tax revenue in base-year prices (GDP deflator)",
        "real",
    ),
    Variable(
        "tax_revenue_collected",
        "Tax Revenue|Collected",
        "billion KZT/yr",
        BN,
        "All taxes collected in the region, local and republican",
    ),
    Variable(
        "tax_revenue_collected_real",
        "Tax Revenue|Collected|Real",
        "billion KZT/yr",
        BN,
        "All taxes collected in the region, base-year prices",
        "real",
    ),
    Variable("tax_pit", "Tax Revenue|PIT", "billion KZT/yr", BN, "Personal income tax (local budget)"),
    Variable("tax_social_tax", "Tax Revenue|Social Tax", "billion KZT/yr", BN, "Social tax (local budget)"),
    Variable(
        "tax_cit",
        "Tax Revenue|CIT|Local",
        "billion KZT/yr",
        BN,
        "Corporate income tax of SMEs (local budget)",
    ),
    Variable("tax_property_tax", "Tax Revenue|Property Tax", "billion KZT/yr", BN, "Property tax (local budget)"),
    Variable("tax_land_tax", "Tax Revenue|Land Tax", "billion KZT/yr", BN, "Land tax (local budget)"),
    Variable("tax_other", "Tax Revenue|Other Local", "billion KZT/yr", BN, "Other local taxes and fees"),
    Variable(
        "tax_republican",
        "Tax Revenue|Republican",
        "billion KZT/yr",
        BN,
        "Republican-budget taxes collected in the region (VAT, large-taxpayer CIT, others)",
    ),
    Variable("value_added_direct", "Impact|Value Added|Direct", "billion KZT/yr", BN, "Projects' own value added"),
    Variable(
        "value_added_construction",
        "Impact|Value Added|Construction",
        "billion KZT/yr",
        BN,
        "Value added of the first round of local capital spending",
    ),
    Variable(
        "value_added_indirect",
        "Impact|Value Added|Indirect",
        "billion KZT/yr",
        BN,
        "Value added at regional suppliers (Type I)",
    ),
    Variable(
        "value_added_induced",
        "Impact|Value Added|Induced",
        "billion KZT/yr",
        BN,
        "Value added from household spending (Type II)",
    ),
    Variable(
        "value_added_displaced",
        "Impact|Value Added|Displaced",
        "billion KZT/yr",
        BN,
        "Value added taken from existing firms (negative: displacement share × the four channels' sum)",
    ),
)

#: per-project variables: key in the model's output (without the ``project:`` prefix) -> Variable
PROJECT_VARIABLES: tuple[Variable, ...] = (
    Variable(
        "grp_impact",
        "Impact|GRP",
        "billion KZT/yr",
        BN,
        "GRP added by each project: value added of all channels plus net taxes on products",
    ),
    Variable("output", "Impact|Output|Direct", "billion KZT/yr", BN, "Project's gross output"),
    Variable("local_purchases", "Impact|Local Purchases", "billion KZT/yr", BN, "Inputs bought in the region"),
    Variable(
        "jobs_total",
        "Impact|Employment",
        "thousand persons",
        K,
        "Jobs of all channels net of those taken from existing firms (displacement), as Impact|GRP; the region's "
        "employment change also nets out commuters, moves out of self-employment and unfilled jobs",
        "none",
    ),
    *(
        Variable(f"jobs_{c}", f"Impact|Employment|{c.title()}", "thousand persons", K, f"{c} jobs", "none")
        for c in ("direct", "construction", "indirect", "induced")
    ),
    Variable(
        "jobs_displaced",
        "Impact|Employment|Displaced",
        "thousand persons",
        K,
        "Jobs taken from existing firms (negative: displacement share × the four channels' sum)",
        "none",
    ),
    *(
        Variable(f"value_added_{c}", f"Impact|Value Added|{c.title()}", "billion KZT/yr", BN, f"{c} value added")
        for c in ("direct", "construction", "indirect", "induced")
    ),
    *(
        Variable(f"tax_{t}", f"Impact|Tax|{label}", "billion KZT/yr", BN, f"project's own {label} after exemptions")
        for t, label in (
            ("pit", "PIT"),
            ("social_tax", "Social Tax"),
            ("cit", "CIT"),
            ("vat", "VAT"),
            ("property_tax", "Property Tax"),
        )
    ),
)

BY_KEY = {v.key: v for v in VARIABLES}
BY_NAME = {v.name: v for v in VARIABLES}

#: target variable (scenario language) -> (nominal key, real key)
TARGET_KEYS = {
    "grp": ("grp", "grp_real"),
    "average_wage": ("average_wage", "average_wage_real"),
    "budget_revenue_local": ("budget_revenue_local", "budget_revenue_local_real"),
    "tax_revenue_collected": ("tax_revenue_collected", "tax_revenue_collected_real"),
    "employment": ("employment", "employment"),
}


def target_unit(variable: str, kind: str) -> tuple[float, str]:
    """(scale, unit) to report a target's threshold and metric: ratios as they are (unit ``ratio``), increases
    and levels in the variable's reported unit (model value × scale)."""
    if kind == "ratio":
        return 1.0, "ratio"
    var = BY_KEY[TARGET_KEYS[variable][0]]
    return var.scale, var.unit
