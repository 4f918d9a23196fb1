"""``simulate``: one call from model inputs to Results. Pure: no printing, no files, no hidden state.

Order: baseline → regional table → project effects → labour market → fiscal block → targets. The baseline is
the same run with no projects, so "scenario minus baseline" is exactly the projects' effect.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import numpy as np

from ..errors import ModelCheckError
from ..scenario.distributions import largest_magnitude
from ..variables import BY_KEY
from .baseline import baseline as run_baseline
from .baseline import calibrated
from .effects import project_effects, regional_table
from .fiscal import LOCAL_TAXES, fiscal, own_bases
from .labour import labour_market, without_projects
from .scale import check_project_scale

CHANNELS = ("direct", "construction", "indirect", "induced")
PREFIXES = ("", "baseline:")

#: totals that are functions of other totals, {key: f(arrays, prefix)}, for the scenario and (prefix
#: ``baseline:``) its baseline. ``simulate_arrays`` computes them with these very functions, so an ensemble can
#: store only the other totals and derive these when they are read (:class:`DerivedArrays`) with the same
#: results bit for bit: 12 of its 51 (draw, year) arrays, a quarter of its memory, are never stored.
DERIVED = {
    "grp": lambda a, p: a[p + "grp_real"] * a["deflator"],
    "average_wage_real": lambda a, p: a[p + "average_wage"] / a["cpi"],
    "budget_revenue_local": lambda a, p: sum(a[f"{p}tax_{tax}"] for tax in LOCAL_TAXES),
    "budget_revenue_local_real": lambda a, p: a[p + "budget_revenue_local"] / a["deflator"],
    "tax_revenue_collected": lambda a, p: a[p + "budget_revenue_local"] + a[p + "tax_republican"],
    "tax_revenue_collected_real": lambda a, p: a[p + "tax_revenue_collected"] / a["deflator"],
}


def derived_keys() -> list[str]:
    """Every derived key, scenario and baseline, in an order where each needs only earlier ones."""
    return [p + key for key in DERIVED for p in PREFIXES]


def derive(arrays, key: str) -> np.ndarray:
    """A derived total (see :data:`DERIVED`) from ``arrays``, which holds the keys it needs."""
    prefix = "baseline:" if key.startswith("baseline:") else ""
    return DERIVED[key.removeprefix(prefix)](arrays, prefix)


class DerivedArrays(Mapping):
    """Read-only mapping of stored arrays plus the derived totals (:data:`DERIVED`), computed when read (not
    kept: a (draw, year) product or sum is cheap next to the memory of keeping it for every draw)."""

    def __init__(self, stored: Mapping[str, np.ndarray]):
        self._stored = stored
        self._derived = [k for k in derived_keys() if k not in stored]

    def __getitem__(self, key: str) -> np.ndarray:
        if key in self._stored:
            return self._stored[key]
        if key in self._derived:
            return derive(self, key)
        raise KeyError(key)

    def __contains__(self, key) -> bool:
        return key in self._stored or key in self._derived

    def __iter__(self):
        yield from self._stored
        yield from self._derived

    def __len__(self) -> int:
        return len(self._stored) + len(self._derived)


def simulate_arrays(inputs, detail: bool = True, derived: bool = True) -> dict[str, np.ndarray]:
    """Run the model; returns named arrays (see :mod:`simulator.variables` for names and units).

    Totals are (D, T); with ``detail``, also per-project contributions (D, T, P) under ``project:<name>`` and
    value added by industry (D, T, n) under ``sector:value_added`` and ``sector:value_added_baseline``. Totals
    do not depend on ``detail`` (they are computed the same way either way). Without ``derived``, the totals of
    :data:`DERIVED` are left out (an ensemble derives them when read, see :class:`DerivedArrays`).
    """
    p = inputs.params
    base = run_baseline(inputs)
    table = regional_table(inputs, base, detail=detail)
    effects = project_effects(inputs, base, table, detail=detail)
    totals = effects.totals
    deflator, cpi = base.deflator, base.cpi

    gross_jobs = sum(totals["jobs"][c] for c in CHANNELS)
    new_income = sum(totals["labour_income"][c] for c in CHANNELS)
    # displacement: a share d of what the projects add, jobs and value added alike, is taken from existing firms
    kept = 1.0 - p["displacement_share"]  # (D, T)
    net_jobs = gross_jobs * kept
    gross_va = sum(totals["value_added"][c] for c in CHANNELS)  # real
    impact_va = gross_va * kept
    # the no-project baseline: the published path less what the projects did, net of displacement, in the
    # published years (``last`` at the last published year's share kept, ``by_sector`` at each year's)
    last_year = inputs.observed.grp_years - 1
    last_va = effects.last_value_added * kept[:, last_year : last_year + 1]
    by_sector = effects.value_added_by_sector
    if by_sector is not None:
        by_sector = by_sector * kept[:, :, None]
    calib = calibrated(inputs, base, impact_va, last_va, net_jobs, by_sector)
    obs = inputs.observed
    labour = labour_market(
        p, calib.labour, gross_jobs, new_income, observed=obs.labour_years, wage_years=obs.wage_years
    )
    labour_b = without_projects(calib.labour, labour.baseline_wage_factor)

    impact_grp = impact_va * (1.0 + inputs.net_tax_share)
    grp_real_b = calib.grp_real
    grp_real = grp_real_b + impact_grp
    grp_nominal_b = grp_real_b * deflator
    grp_nominal = grp_real * deflator

    direct_va_nominal = effects.direct_value_added * deflator  # (P, D, T)
    direct_wages_nominal = effects.direct_labour_income * (cpi * labour.wage_index)
    # the projects' VAT and property-tax bases do not depend on wages: one evaluation for both scenario calls
    bases = own_bases(inputs, p, direct_va_nominal, deflator)
    grp_outside = grp_nominal - direct_va_nominal.sum(axis=0) * (1.0 + inputs.net_tax_share)
    fiscal_s = fiscal(
        inputs,
        p,
        wage_bill=labour.wage_bill,
        grp_nominal=grp_outside,
        project_va=direct_va_nominal,
        project_wages=direct_wages_nominal,
        deflator=deflator,
        detail=detail,
        bases=bases,
    )
    # the same taxes without the wage pressure (ω = 1, on the scenario's calibration): the pressure's own part
    fiscal_np = fiscal(
        inputs,
        p,
        wage_bill=labour.wage_bill - labour.pressure_bill,
        grp_nominal=grp_outside,
        project_va=direct_va_nominal,
        project_wages=effects.direct_labour_income * cpi,
        deflator=deflator,
        anchor=fiscal_s.anchor,
        detail=False,
        bases=bases,
    )
    empty = np.zeros((0, 1, inputs.years.size))
    inputs_b = _without_projects(inputs)
    fiscal_b = fiscal(
        inputs_b,
        p,
        wage_bill=labour_b.wage_bill,
        grp_nominal=grp_nominal_b,
        project_va=empty,
        project_wages=empty,
        deflator=deflator,
        anchor=fiscal_s.anchor,
        detail=False,
    )

    out: dict[str, np.ndarray] = {}

    def both(name, scenario, baseline_value):
        out[name] = scenario
        out[f"baseline:{name}"] = baseline_value

    both("grp_real", grp_real, grp_real_b)
    both("employment", labour.employment, labour_b.employment)
    both("unemployment_rate", labour.unemployment_rate, labour_b.unemployment_rate)
    both("labour_force", labour.labour_force, labour_b.labour_force)
    both("average_wage", labour.average_wage, labour_b.average_wage)
    both("wage_bill", labour.wage_bill, labour_b.wage_bill)
    both("tax_republican", fiscal_s.republican, fiscal_b.republican)
    for tax, value in fiscal_s.local.items():
        both(f"tax_{tax}", value, fiscal_b.local[tax])
    for c in CHANNELS:
        out[f"jobs_{c}"] = totals["jobs"][c]
        out[f"value_added_{c}"] = totals["value_added"][c] * deflator
    out["value_added_displaced"] = (impact_va - gross_va) * deflator
    out["jobs_displaced"] = labour.displaced
    out["jobs_unfilled"] = labour.unfilled
    out["jobs_commuting"] = labour.commuters
    out["jobs_self_employment"] = labour.self_employed
    out["wage_bill_new_jobs"] = labour.new_jobs_bill
    out["wage_bill_composition"] = labour.composition_bill
    out["wage_bill_pressure"] = labour.pressure_bill
    out["budget_revenue_local_pressure"] = fiscal_s.local_total - fiscal_np.local_total
    out["tax_revenue_collected_pressure"] = fiscal_s.collected_total - fiscal_np.collected_total
    out["migrants"] = labour.migrants
    if detail:  # per-project arrays leave the model as (D, T, P)
        per = effects.per_project
        for c in CHANNELS:
            out[f"project:jobs_{c}"] = _project_last(per["jobs"][c])
            out[f"project:value_added_{c}"] = _project_last(per["value_added"][c] * deflator)
        out["project:output"] = _project_last(effects.output * deflator)
        out["project:local_purchases"] = _project_last(effects.local_purchases * deflator)
        out["project:grp_impact"] = _project_last(
            sum(per["value_added"][c] for c in CHANNELS) * ((1.0 + inputs.net_tax_share) * kept * deflator)
        )
        # net of displacement, as the GRP impact above (the channels' own rows stay gross, and the displaced
        # jobs are a child of their own, so the IAMC children still add up to the total)
        gross_project_jobs = sum(per["jobs"][c] for c in CHANNELS)
        out["project:jobs_total"] = _project_last(gross_project_jobs * kept)
        out["project:jobs_displaced"] = _project_last(-gross_project_jobs * (1.0 - kept))
        for tax, value in fiscal_s.project_taxes.items():
            out[f"project:tax_{tax}"] = _project_last(value)
        value_added = calib.value_added
        nominal = deflator[:, :, None]
        out["sector:value_added"] = (value_added + by_sector) * nominal
        out["sector:value_added_baseline"] = value_added * nominal
    out["deflator"] = deflator
    out["cpi"] = cpi
    if derived:
        for key in derived_keys():  # in DERIVED's order: each needs only stored keys or earlier derived ones
            out[key] = derive(out, key)
    return out


def check_finite(arrays: Mapping[str, np.ndarray], inputs) -> None:
    """The last line of defence against inputs too large for the arithmetic: if any total (draw, year) is NaN
    or infinite, raise InputError naming it and the inputs of largest magnitude (the likely culprits) instead
    of letting NaN reach the statistics (a crash) or the tables (garbage). Validation bounds every magnitude
    (simulator.scenario.validate, MAX_...), so this is reached only by inputs that bypass it. Then the results
    must be meaningful (:func:`check_meaningful`) and the projects not larger than the region can hold in a
    published year (:func:`simulator.model.scale.check_project_scale`)."""
    bad = [key for key, value in arrays.items() if np.ndim(value) == 2 and not np.isfinite(value).all()]
    if bad:
        names = [_name(key) for key in bad if not key.startswith("baseline:")]
        raise ModelCheckError(
            f"the results are not finite numbers ({', '.join(names or bad)} overflow to infinity or NaN): some input "
            "is far too large",
            _largest_inputs(inputs),
        )
    check_meaningful(arrays, inputs)
    check_project_scale(inputs)


#: (draw, year) totals that are levels, never below zero: employment, wages and each tax's revenue (not the
#: wage pressure's part of the budgets, a change that is negative when the labour market loosens)
NON_NEGATIVE = (
    "employment",
    "labour_force",
    "average_wage",
    "wage_bill",
    *(f"tax_{tax}" for tax in LOCAL_TAXES),
    "tax_republican",
    "tax_revenue_collected",
    "tax_revenue_collected_real",
)


def check_meaningful(arrays: Mapping[str, np.ndarray], inputs) -> None:
    """The model checks its own results (issue 15): no negative level of employment, labour force, wages,
    wage bill or a tax's revenue, and employment never above the labour force, in any year or draw. Inputs
    inside their bounds can still combine into such results (2.8e7 construction job-years on one plant gave a
    negative average wage); they are then a ModelCheckError naming the inputs of largest magnitude (which the
    edge locates in the scenario's files), not output."""
    faults = []
    for prefix in PREFIXES:
        for key in (prefix + k for k in NON_NEGATIVE):
            value = arrays.get(key)
            if value is not None and np.ndim(value) == 2 and (value < 0).any():
                faults.append(f"{_name(key)} is negative{_where(value < 0, inputs)}")
        employment, labour_force = arrays.get(prefix + "employment"), arrays.get(prefix + "labour_force")
        if employment is not None and labour_force is not None:
            above = employment > labour_force * (1 + 1e-9)
            if above.any():
                faults.append(f"{_name(prefix + 'employment')} exceeds the labour force{_where(above, inputs)}")
    if faults:
        more = f"; and {len(faults) - 4} more" if len(faults) > 4 else ""
        raise ModelCheckError(
            f"the results are not meaningful: {'; '.join(faults[:4])}{more}: some input is too large for "
            "the model to stay meaningful",
            _largest_inputs(inputs),
        )


def _name(key: str) -> str:
    prefix = "baseline " if key.startswith("baseline:") else ""
    bare = key.removeprefix("baseline:")
    return prefix + (BY_KEY[bare].name if bare in BY_KEY else bare)


def _where(mask: np.ndarray, inputs) -> str:
    """ " (from 2026, in 3 of 1,000 draws)": the first year and how many draws a (draw, year) mask holds."""
    years = np.flatnonzero(mask.any(axis=0))
    draws = int(mask.any(axis=1).sum())
    first = inputs.years[years[0]] if years.size and len(inputs.years) == mask.shape[1] else None
    when = f"from {first}" if first is not None else "in some years"
    return f" ({when}, in {draws:,} of {mask.shape[0]:,} draw{'s' * (mask.shape[0] != 1)})"


def _largest_inputs(inputs) -> list[tuple[str, float]]:
    """The three inputs of largest magnitude (a distribution's largest reach), (address, magnitude)."""
    reach = {a: largest_magnitude(inputs.distributions.get(a, v)) for a, v in inputs.leaves.items()}
    largest = sorted(reach, key=lambda a: -reach[a])[:3]
    return [(a, reach[a]) for a in largest]


def _project_last(values: np.ndarray) -> np.ndarray:
    """(P, D, T) → (D, T, P), contiguous: the output layout of per-project arrays."""
    return np.ascontiguousarray(np.moveaxis(values, 0, -1))


def _without_projects(inputs):
    """The same inputs with no projects (for the baseline's fiscal block)."""
    pa = inputs.projects
    keep = np.zeros(pa.count, dtype=bool)
    empty = dataclasses.replace(
        pa,
        large_taxpayer=pa.large_taxpayer[keep],
        exemption={k: v[keep] for k, v in pa.exemption.items()},
        construction_capex=pa.construction_capex[keep][:, :1],  # no draw axis: nothing varies
    )
    return dataclasses.replace(inputs, projects=empty)
