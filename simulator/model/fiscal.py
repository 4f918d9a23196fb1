"""Budget revenue by tax and by budget level, with dated rates and per-project exemptions.

Taxes outside the projects are calibrated on the latest year A for which the region data give the local
budget (2025 for Kostanai, the finance ministry's published total): for each local tax k,
``R_k(t) = c_k · R_kA · (B_k(t) / B_kA) · (τ_k(t) / τ_kA)``, where the base B is, outside the projects' own:
the nominal wage bill W (PIT, social tax); the operating surplus S = GVA − (1 + τ_st − offset) · W, GVA = GRP /
(1 + net tax share) (CIT of SMEs: a wage rise at unchanged value added lowers it, see
:func:`operating_surplus`); nominal GRP (property, land, other local revenue). τ is the statutory rate (for
social tax the rate less the social contributions deducted from it before 2026), and
``c_k = (R_kA − P_kA) / R_kA`` takes out the projects' own tax k of that year, P_kA, so that each tax, and the
scenario's local budget, equal the region data's figures of year A exactly. Years before A are back-cast by the
same effective rates. The no-project baseline uses the same effective rates (the scenario's B_kA and c_k) on
its own bases.

CIT follows the surplus of the same year (no lag): advance payments during year t are on year t's estimated
profit and the next year's settlement only corrects the estimate, so on a smooth path the cash of year t is
year t's liability; the projects' own CIT is on the same year's surplus too, and the calibration matches year
A's revenue with year A's surplus. (Small taxpayers that make no advance payments pay the whole year's CIT
after it: a step change in profit reaches part of the revenue a year late, which an annual model leaves out.)

The projects' own taxes use statutory rates on their own bases, less exemptions:
PIT τ_pit · pit_base_share · W_p; social tax (τ_st − offset) · W_p; CIT τ_cit · taxable_profit_share ·
max(VA_p − W_p − social tax_p, 0) (local budget if an SME, republican if a large taxpayer); VAT
τ_vat · vat_base_share · VA_p (republican); property tax τ_prop · book value of the buildings at historical cost
(construction capex in the prices of the year it was spent, depreciated straight-line, :func:`book_value`).

Republican taxes other than the projects' move with nominal GRP from year A's estimate (all taxes collected
in the region − local taxes), calibrated the same way, and their VAT part, a share v (republican_vat_share) of
them at year A's rates, also with the VAT rate: ``R_rep(t) = c · R_repA · (GRP(t) / GRP_A) · (1 + v · (τ_vat(t) /
τ_vatA − 1))``. Everything in million KZT per year, nominal.
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
    anchor: Anchor


@dataclass(frozen=True)
class Anchor:
    """The calibration of taxes outside the projects on year A (index ``year``): the scenario's bases there,
    wage_base, surplus (operating surplus) and grp (D, 1) nominal million KZT, and the scales c of each local
    tax {tax: (D, 1)} and of republican revenue (D, 1)."""

    year: int
    wage_base: np.ndarray
    surplus: np.ndarray
    grp: np.ndarray
    local_scale: dict[str, np.ndarray]
    republican_scale: np.ndarray


def rate_ratio(rate: np.ndarray, year: int = 0) -> np.ndarray:
    """τ(t) / τ(year) for a (D, T) rate path, ``year`` a model-year index (1 where that year's rate is zero)."""
    base = rate[:, year : year + 1]
    return np.where(base > 0, rate / np.where(base > 0, base, 1.0), 1.0)


def base_ratio(base: np.ndarray, base_A: np.ndarray) -> np.ndarray:
    """B(t) / B_A for a (D, T) base and its (D, 1) year-A value; 1 where B_A is zero (nothing to scale: the tax
    keeps its year-A level, as :func:`rate_ratio` does for a zero rate). Only inputs far outside the data make
    the year-A surplus zero (a wage bill above value added), and the model's checks then refuse the results."""
    return np.where(base_A > 0, base / np.where(base_A > 0, base_A, 1.0), 1.0)


def book_value(capex: np.ndarray, depreciation: np.ndarray) -> np.ndarray:
    """Book value at the end of each year of buildings built from ``capex``, depreciated straight-line:
    ``K_t = Σ_{v ≤ t} I_v · max(1 − Σ_{s=v+1..t} δ_s, 0)``, i.e. with a constant δ each year's spending I_v
    loses δ · I_v a year from the next year on until it is written off after 1/δ years (a 5 % rate: 20 years).

    Why straight-line: the property-tax base of legal entities is the average annual book value of buildings
    and structures "determined in accordance with IFRS and the legislation on accounting" (Tax Code 2017,
    art. 520; the 2025 Code, in force from 2026, is taken to keep that base: not checked word for word), and
    depreciation of buildings over their useful life under IAS 16 is in practice straight-line. The declining
    balance K_t = K_{t−1}(1 − δ) + I_t is the Tax Code's depreciation of fixed-asset groups for CIT, not the
    accounting book value. The base is approximated by the year-end value (the Code averages the values at the
    start of each month and the end of the year).

    capex (P, D, T) million KZT in each year's own prices (historical cost: the accounting book value is not
    revalued with inflation), δ (D, T) share of the original cost per year; returns
    (P, D, T), no loop: the weights w[d, t, v] = max(1 − (C_t − C_v), 0) · [v ≤ t], C the cumulative δ."""
    cumulative = np.cumsum(depreciation, axis=-1)  # (D, T)
    written_off = cumulative[:, :, None] - cumulative[:, None, :]  # (D, t, v): Σ_{s=v+1..t} δ_s
    years = np.arange(depreciation.shape[-1])
    weights = np.where(years[None, :, None] >= years[None, None, :], np.maximum(1.0 - written_off, 0.0), 0.0)
    return (weights[None] @ capex[..., None])[..., 0]


def operating_surplus(value_added: np.ndarray, wage_bill: np.ndarray, social_rate: np.ndarray) -> np.ndarray:
    """Gross operating surplus, the CIT base: ``S = max(VA − (1 + s) · W, 0)``, VA value added, W the wage bill,
    s the social tax rate the employer pays on it (rate − offset). All (…, D, T) nominal million KZT; a loss pays
    no CIT, hence the floor. A wage rise ΔW at unchanged VA lowers S by (1 + s) · ΔW."""
    cost = (1.0 + social_rate) * wage_bill
    # in place where the shapes allow (the projects' (P, D, T) surplus: one array instead of three)
    if not isinstance(cost, np.ndarray) or cost.shape != np.broadcast_shapes(np.shape(value_added), cost.shape):
        return np.maximum(value_added - cost, 0.0)
    np.subtract(value_added, cost, out=cost)
    return np.maximum(cost, 0.0, out=cost)


@dataclass(frozen=True)
class OwnBases:
    """The projects' own tax bases that do not depend on wages, after exemptions: VAT on value added and property
    tax on the book value of the buildings, {tax: (P, D, T)} nominal million KZT, and their sums over projects
    {tax: (D, T)}. The scenario's two fiscal calls (with and without the wage pressure) share them."""

    bases: dict[str, np.ndarray]
    sums: dict[str, np.ndarray]


def own_bases(inputs, p, project_va: np.ndarray, deflator: np.ndarray) -> OwnBases:
    """:class:`OwnBases` of the projects: VAT base ``VA_p`` and the buildings' book value at historical cost
    (each year's construction spending in that year's prices, never revalued, :func:`book_value`), each less the
    project's exemption from that tax. project_va (P, D, T) nominal, deflator (D, T)."""
    pa = inputs.projects
    buildings = book_value(pa.construction_capex * deflator, p["capital_depreciation_rate"])
    bases = {"vat": _taxed(pa, "vat", project_va), "property_tax": _taxed(pa, "property_tax", buildings, fresh=True)}
    return OwnBases(bases, {tax: base.sum(axis=0) for tax, base in bases.items()})


def _taxed(pa, tax: str, base: np.ndarray, fresh: bool = False) -> np.ndarray:
    """A project base (P, D, T) less each project's exemption from ``tax``. ``fresh``: ``base`` is the caller's
    own array, scaled in place on the exempt projects' rows (the others' factor is 1: the same numbers)."""
    exempt = pa.exemption[tax]
    if not exempt.any():
        return base
    if not fresh or np.broadcast_shapes(base.shape, exempt.shape) != base.shape:
        return base * (1.0 - exempt)
    for row in np.flatnonzero(exempt.any(axis=tuple(range(1, exempt.ndim)))):
        base[row] *= 1.0 - exempt[row]  # row by row: a view each, no gathered copy of the rows
    return base


def fiscal(
    inputs, p, *, wage_bill, grp_nominal, project_va, project_wages, deflator, anchor=None, detail=True, bases=None
):
    """Taxes for one run. wage_bill (D, T) nominal; grp_nominal (D, T) GRP outside the projects' own value
    added; project_va, project_wages (P, D, T) nominal. ``anchor``: the scenario's calibration (for the
    no-project baseline); None calibrates on this run's own bases (the scenario). ``detail``: also each
    project's own taxes (``Fiscal.project_taxes``); totals are the same either way. ``bases``: the projects'
    :class:`OwnBases` from :func:`own_bases` of the same ``project_va`` and ``deflator`` (None: computed here)."""
    pa = inputs.projects
    obs = inputs.observed
    A = obs.tax_anchor
    social_rate = p["social_tax_rate"] - p["social_contribution_offset"]
    rA = obs.local_tax
    wages_total = project_wages.sum(axis=0)
    wage_base = wage_bill - wages_total
    # the CIT base outside the projects: their value added (GRP less net taxes on products) less labour cost
    surplus = operating_surplus(grp_nominal / (1.0 + inputs.net_tax_share), wage_base, social_rate)
    if anchor is None:
        wage_base_A, surplus_A, grp_A = (x[:, A : A + 1] for x in (wage_base, surplus, grp_nominal))
    else:
        wage_base_A, surplus_A, grp_A = anchor.wage_base, anchor.surplus, anchor.grp
    wage_ratio = wage_base / wage_base_A
    grp_ratio = grp_nominal / grp_A
    local = {
        "pit": rA["pit"] * wage_ratio * rate_ratio(p["pit_rate"], A),
        "social_tax": rA["social_tax"] * wage_ratio * rate_ratio(social_rate, A),
        "cit": rA["cit"] * base_ratio(surplus, surplus_A) * rate_ratio(p["cit_rate"], A),
        "property_tax": rA["property_tax"] * grp_ratio * rate_ratio(p["property_tax_rate"], A),
        "land_tax": rA["land_tax"] * grp_ratio,
        "other": rA["other"] * grp_ratio,
    }

    # projects' own taxes: rate (D, T) × Σ_p taxed base; CIT per project, since each splits by budget level
    rates = {
        "pit": p["pit_rate"] * p["pit_base_share"],
        "social_tax": social_rate,
        "vat": p["vat_rate"] * p["vat_base_share"],
        "property_tax": p["property_tax_rate"],
    }
    own = bases if bases is not None else own_bases(inputs, p, project_va, deflator)
    bases = {"pit": _taxed(pa, "pit", project_wages), "social_tax": _taxed(pa, "social_tax", project_wages)}
    # (an untaxed wage base is project_wages itself, whose sum is already known)
    sums = {tax: wages_total if base is project_wages else base.sum(axis=0) for tax, base in bases.items()}
    bases.update(own.bases)
    sums.update(own.sums)
    totals = {tax: rates[tax] * sums[tax] for tax in bases}
    # CIT per project, in place on the (fresh) surplus: rate × taxable share × surplus less exemptions
    cit = _taxed(pa, "cit", operating_surplus(project_va, project_wages, social_rate), fresh=True)
    cit_rate = p["cit_rate"] * p["taxable_profit_share"]
    cit = np.multiply(cit_rate, cit, out=cit if cit.shape == np.broadcast_shapes(cit_rate.shape, cit.shape) else None)
    project_taxes = None
    if detail:
        taxes = ("pit", "social_tax", "cit", "vat", "property_tax")
        project_taxes = {tax: cit if tax == "cit" else rates[tax] * bases[tax] for tax in taxes}

    large = pa.large_taxpayer  # (P,) bool: CIT of large taxpayers goes to the republican budget
    own_local = {
        "pit": totals["pit"],
        "social_tax": totals["social_tax"],
        "cit": cit[~large].sum(axis=0),
        "property_tax": totals["property_tax"],
    }
    own_republican = totals["vat"] + cit[large].sum(axis=0)
    local_A = sum(rA[k] for k in LOCAL_TAXES)  # the data's local budget of year A
    republican_A = obs.collected_tax - local_A
    if anchor is None:
        own_A = {tax: own_local[tax][:, A : A + 1] if tax in own_local else 0.0 for tax in LOCAL_TAXES}
        anchor = Anchor(
            year=A,
            wage_base=wage_base_A,
            surplus=surplus_A,
            grp=grp_A,
            local_scale={tax: (rA[tax] - own_A[tax]) / rA[tax] + np.zeros((1, 1)) for tax in LOCAL_TAXES},
            republican_scale=(republican_A - own_republican[:, A : A + 1]) / republican_A,
        )
    for tax in LOCAL_TAXES:
        local[tax] = anchor.local_scale[tax] * local[tax] + own_local.get(tax, 0.0)
    local_total = sum(local[tax] for tax in LOCAL_TAXES)  # the order of simulate.DERIVED

    # its VAT part, a share v of it at year A's rates, also moves with the VAT rate (12 → 16 % in 2026)
    vat_effect = 1.0 + p["republican_vat_share"] * (rate_ratio(p["vat_rate"], A) - 1.0)
    republican = anchor.republican_scale * republican_A * grp_ratio * vat_effect + own_republican
    return Fiscal(
        local=local,
        republican=republican,
        project_taxes=project_taxes,
        local_total=local_total,
        collected_total=local_total + republican,
        anchor=anchor,
    )
