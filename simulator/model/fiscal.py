"""Budget revenue by tax and by budget level, with dated rates and per-project exemptions.

Baseline taxes are calibrated on the region's base-year revenue: for each local tax k,
``R_k(t) = R_k0 · (B_k(t) / B_k0) · (τ_k(t) / τ_k0)``, where the base B is the nominal wage bill (PIT, social
tax) or nominal GRP (CIT of SMEs, property, land, other local revenue) and τ the statutory rate (for social
tax the rate less the social contributions deducted from it before 2026). The same calibrated effective rates
apply to the scenario's extra wage bill and GRP outside the projects themselves (suppliers, shops, builders).

The projects' own taxes use statutory rates on their own bases, less exemptions:
PIT τ_pit · pit_base_share · W_p; social tax (τ_st − offset) · W_p; CIT τ_cit · taxable_profit_share ·
max(VA_p − W_p − social tax_p, 0) (local budget if an SME, republican if a large taxpayer); VAT
τ_vat · vat_base_share · VA_p (republican); property tax τ_prop · book value of the buildings (construction
capex accumulated less straight-line depreciation, in current prices).

Republican taxes other than the projects' move with nominal GRP from the base year's estimate
(all taxes collected in the region − local taxes). Everything in million KZT per year, nominal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LOCAL_TAXES = ("pit", "social_tax", "cit", "property_tax", "land_tax", "other")


@dataclass(frozen=True)
class Fiscal:
    """local: {tax: (D, T)} revenue of the local budgets; republican (D, T); project_taxes: {tax: (P, D, T)}
    the projects' own taxes after exemptions (None unless asked for); local_total, collected_total (D, T)."""

    local: dict[str, np.ndarray]
    republican: np.ndarray
    project_taxes: dict[str, np.ndarray] | None
    local_total: np.ndarray
    collected_total: np.ndarray


def rate_ratio(rate: np.ndarray) -> np.ndarray:
    """τ(t) / τ(base year) for a (D, T) rate path (1 where the base-year rate is zero)."""
    base = rate[:, :1]
    return np.where(base > 0, rate / np.where(base > 0, base, 1.0), 1.0)


def book_value(capex: np.ndarray, depreciation: np.ndarray) -> np.ndarray:
    """K_t = K_{t-1} (1 − δ_t) + I_t, along the year axis of (P, D, T) real capex; δ (D, T)."""
    keep = 1.0 - depreciation
    out = np.zeros(np.broadcast_shapes(capex.shape, keep.shape))
    stock = np.zeros(out[..., 0].shape)
    for t in range(out.shape[-1]):  # a stock: each year's value feeds the next
        stock = stock * keep[:, t] + capex[..., t]
        out[..., t] = stock
    return out


def fiscal(inputs, p, *, wage_bill, wage_bill0, grp_nominal, grp0, project_va, project_wages, deflator, detail=True):
    """Taxes for one run. wage_bill (D, T) nominal; wage_bill0, grp0: base-year values (scalars or (D, 1));
    grp_nominal (D, T) GRP outside the projects' own value added; project_va, project_wages (P, D, T) nominal.
    ``detail``: also each project's own taxes (``Fiscal.project_taxes``); totals are the same either way."""
    pa = inputs.projects
    social_rate = p["social_tax_rate"] - p["social_contribution_offset"]
    r0 = inputs.local_tax0
    wages_total = project_wages.sum(axis=0)
    wage_base = wage_bill - wages_total
    grp_ratio = grp_nominal / grp0
    local = {
        "pit": r0["pit"] * wage_base / wage_bill0 * rate_ratio(p["pit_rate"]),
        "social_tax": r0["social_tax"] * wage_base / wage_bill0 * rate_ratio(social_rate),
        "cit": r0["cit"] * grp_ratio * rate_ratio(p["cit_rate"]),
        "property_tax": r0["property_tax"] * grp_ratio * rate_ratio(p["property_tax_rate"]),
        "land_tax": r0["land_tax"] * grp_ratio,
        "other": r0["other"] * grp_ratio,
    }

    def taxed(tax, base):
        """The project's base (P, D, T) less its exemption from that tax."""
        exempt = pa.exemption[tax]
        return base * (1.0 - exempt) if exempt.any() else base

    # projects' own taxes: rate (D, T) × Σ_p taxed base; CIT per project, since each splits by budget level
    rates = {
        "pit": p["pit_rate"] * p["pit_base_share"],
        "social_tax": social_rate,
        "vat": p["vat_rate"] * p["vat_base_share"],
        "property_tax": p["property_tax_rate"] * deflator,
    }
    buildings = book_value(pa.construction_capex, p["capital_depreciation_rate"])
    bases = {
        "pit": taxed("pit", project_wages),
        "social_tax": taxed("social_tax", project_wages),
        "vat": taxed("vat", project_va),
        "property_tax": taxed("property_tax", buildings),
    }
    # (an untaxed wage base is project_wages itself, whose sum is already known)
    totals = {
        tax: rates[tax] * (wages_total if base is project_wages else base.sum(axis=0)) for tax, base in bases.items()
    }
    surplus = np.maximum(project_va - (1.0 + social_rate) * project_wages, 0.0)
    cit = p["cit_rate"] * p["taxable_profit_share"] * taxed("cit", surplus)
    project_taxes = None
    if detail:
        taxes = ("pit", "social_tax", "cit", "vat", "property_tax")
        project_taxes = {tax: cit if tax == "cit" else rates[tax] * bases[tax] for tax in taxes}

    large = pa.large_taxpayer  # (P,) bool: CIT of large taxpayers goes to the republican budget
    local["pit"] = local["pit"] + totals["pit"]
    local["social_tax"] = local["social_tax"] + totals["social_tax"]
    local["cit"] = local["cit"] + cit[~large].sum(axis=0)
    local["property_tax"] = local["property_tax"] + totals["property_tax"]
    local_total = sum(local[tax] for tax in LOCAL_TAXES)  # the order of simulate.DERIVED

    republican0 = inputs.collected_tax0 - sum(r0[k] for k in LOCAL_TAXES)
    republican = republican0 * grp_ratio + totals["vat"] + cit[large].sum(axis=0)
    return Fiscal(
        local=local,
        republican=republican,
        project_taxes=project_taxes,
        local_total=local_total,
        collected_total=local_total + republican,
    )
