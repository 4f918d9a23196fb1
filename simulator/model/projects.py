"""Projects become yearly shocks: output, local purchases, jobs, wages and capital spending by year.

Three kinds (see the scenario language): a *plant* (one start month, a ramp-up), a *programme* of N identical
units commissioned on a schedule (each cohort ramps up from its own start), and a *sector change* (part of a
sector's baseline output scaled by a factor path). All arrays are (P, D, T) over the model years (base year
first) in base-year prices, million KZT, persons.

A project is timed from its own dates, never from the base year: from the base year on its flows are what its
schedule says, including in the base year itself (a plant producing since 2025 has its 2025 output whether the
base year is 2023 or 2025; the model takes it out of the published figures to get the no-project baseline),
and a plant that started before the base year is in the base year at the point of its ramp-up that its start
gives. Years before the base year are not modelled: output, jobs, local capex and construction jobs of those
years are simply not in the arrays, and an exemption or a year path only matters from the base year on. The one
thing carried over is the buildings: construction spending before the base year enters the base year as an
opening book value (depreciated to the base year), so property tax is paid on a plant built before it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from ..scenario.distributions import central
from ..scenario.fields import Money
from ..units import WAGE_UNITS, annual_capacity, split_price_unit
from .timing import annual_utilisation, operating_fraction, spread_evenly, start_time

#: where local capital spending lands: construction works, domestic equipment, local part of imported
#: equipment (delivery, installation and trade margins)
CAPEX_PARTS = ("construction", "domestic_equipment", "imported_equipment")
CAPEX_SECTORS = ("D41T43", "D28", "D45T47")
TAXES = ("pit", "social_tax", "cit", "vat", "property_tax", "land_tax")


@dataclass(frozen=True)
class ProjectArrays:
    """Per-project shocks, project axis first (see :mod:`simulator.dims`): (P, D, T) unless noted (D may be 1).

    fixed_output: real gross output of plants and programmes. output_factor: multiplies the baseline real
    output of the project's sector (sector changes; 0 elsewhere). va_share: (P, D, 1). local_content: share of
    intermediate inputs bought in the region (plants, programmes). regional_inputs: (P,) True where the amount
    bought locally is the region's own input column of the industry (sector changes; every project's supplier
    mix follows that column, see :mod:`simulator.model.effects`).
    stated_jobs: direct permanent jobs (plants, programmes, sector changes with jobs). jobs_from_output: (P,).
    wage_relative: (P, D, 1) project wage / regional average wage. capex_local: (P, 3, D, T) local spending by
    part. construction_capex: (P, D, T) real construction spending (the property-tax base accumulates it); its
    base-year column also holds the book value of construction before the base year (see the module docstring).
    construction_jobs: (P, D, T) job-years. exemption: {tax: (P, 1, T) share forgiven}. large_taxpayer: (P,).

    Supplier mixes (:mod:`simulator.model.effects`): supplier_mix (P, n) the stated share of each industry in a
    project's local purchases, less the shares bought from other projects of the scenario (netted: already their
    output), so a row sums to 1 − (netted share); zero rows where no mix is stated. stated_mix (P,) bool: the
    row is the project's mix (else its industry's regional input column is).

    A replaced line (``replaces``), taken off the project's own flows: replaced_output (P, D, T) its real output
    (0 before it is replaced, and for projects that replace nothing), replaced_va_share (P, D, 1),
    replaced_local_content (P, D, 1), replaced_jobs (P, D, T), replaced_wage_relative (P, D, 1).
    """

    ids: tuple[str, ...]
    names: tuple[str, ...]
    kinds: tuple[str, ...]
    sector_index: np.ndarray
    fixed_output: np.ndarray
    output_factor: np.ndarray
    va_share: np.ndarray
    local_content: np.ndarray
    regional_inputs: np.ndarray
    stated_jobs: np.ndarray
    jobs_from_output: np.ndarray
    wage_relative: np.ndarray
    capex_local: np.ndarray
    construction_capex: np.ndarray
    construction_jobs: np.ndarray
    exemption: dict[str, np.ndarray]
    large_taxpayer: np.ndarray
    capex_sector_index: np.ndarray
    supplier_mix: np.ndarray
    stated_mix: np.ndarray
    replaced_output: np.ndarray
    replaced_va_share: np.ndarray
    replaced_local_content: np.ndarray
    replaced_jobs: np.ndarray
    replaced_wage_relative: np.ndarray

    @property
    def count(self) -> int:
        return len(self.ids)


def _stack(columns: list[np.ndarray], shape: tuple[int, ...], draw_axis: int = 0) -> np.ndarray:
    """Stack per-project arrays of ``shape`` (with D_p on ``draw_axis``) into (P, *shape), broadcasting D_p to
    the largest D; (0, *shape with D = 1) without projects."""
    width = max([c.shape[draw_axis] for c in columns], default=1)
    full = tuple(width if i == draw_axis else size for i, size in enumerate(shape))
    out = np.empty((len(columns), *full))
    for p, column in enumerate(columns):
        out[p] = column
    return out


def _utilisation(production, start, resolver, address, years, delay_months):
    """Annual utilisation (D, T). A table ramp is keyed by calendar year and moves later with the delay; it is
    read from its first year on, which may be before the model's first year (a ramp-up under way in the base
    year), so that a delay moves earlier table years into the model years."""
    ramp = production.ramp_up
    cap = resolver.scalar(production.max_utilisation, f"{address}.max_utilisation")
    if ramp.shape == "table":
        first = min(int(min(ramp.utilisation)), int(years[0]))
        span = resolver if first == years[0] else dataclasses.replace(resolver, years=np.arange(first, years[-1] + 1))
        table = span.path(ramp.utilisation, f"{address}.ramp_up.utilisation")
        shift = np.asarray(delay_months, dtype=float) / 12.0
        return annual_utilisation(
            "table", start, years, table=table, table_shift_years=shift, cap=cap, table_first_year=first
        )
    ramp_years = resolver.scalar(ramp.years, f"{address}.ramp_up.years")
    return annual_utilisation(ramp.shape, start, years, ramp_years=ramp_years, cap=cap)


def _unit_value(production, resolver, prices, address, base_year):
    """Real output at full capacity, million KZT per year (D,): ``capacity × price``, both per base unit of
    what the project makes (:func:`_annual_capacity`, :func:`_price`)."""
    capacity = _annual_capacity(production, production.capacity.value, f"{address}.capacity.value", resolver, address)
    return capacity * _price(production, resolver, prices, address, base_year)


def _annual_capacity(production, value, at, resolver, address):
    """``value`` (a capacity, or a replaced line's volume, in the capacity's unit; its leaf address ``at``) as
    base units a year at full utilisation, (D,): for a power, MW × 8,760 h × ``capacity_factor`` MWh
    (:func:`simulator.units.annual_capacity`). ``address``: the production block's."""
    factor = production.capacity_factor
    if factor is not None:
        factor = resolver.scalar(factor, f"{address}.capacity_factor")
    return annual_capacity(resolver.scalar(value, at), production.capacity.unit, 1.0 if factor is None else factor)


def _price(production, resolver, prices, address, base_year):
    """Real price of one base unit of output (one car, tonne, MWh), million KZT (D,): a price per kWh is a
    thousand times that per MWh (:func:`simulator.units.split_price_unit`)."""
    price = production.unit_price
    money, per_base, _ = split_price_unit(price.unit)
    amount = Money.model_construct(value=price.value, unit=money, year=price.year)
    return prices.to_real_million_kzt(amount, f"{address}.unit_price", resolver, base_year) * per_base


def _capex(investment, resolver, prices, address, base_year, years, timing, scale=1.0, opening=None):
    """Local capex by part (3, D, T) and real construction capex (D, T).

    ``timing`` (D, T): share of the amount spent in each year; ``scale`` multiplies the amount (units of a
    programme, whose amount is per unit); ``opening`` (D,) or None: the share of the amount spent before the
    base year, depreciated to it, which the construction part adds to the base year's construction capex (the
    opening book value of the buildings; no local spending in the model years)."""
    if investment is None:
        return np.zeros((3, 1, years.size)), np.zeros((1, years.size))
    total = prices.to_real_million_kzt(investment.amount, f"{address}.investment.amount", resolver, base_year)
    total = total * scale
    spend = total[:, None] * timing  # (D, T)
    shares, local_shares = [], []
    for part in CAPEX_PARTS:
        spec = getattr(investment, part)
        shares.append(resolver.scalar(spec.share, f"{address}.investment.{part}.share"))
        local_shares.append(resolver.scalar(spec.local_share, f"{address}.investment.{part}.local_share"))
    width = max(x.size for x in shares + local_shares)
    share = np.stack([np.broadcast_to(x, (width,)) for x in shares])  # (3, D)
    local_share = np.stack([np.broadcast_to(x, (width,)) for x in local_shares])
    construction = spend * share[0][:, None]
    if opening is not None:
        base_column = (years == base_year).astype(float)  # (T,)
        construction = construction + (total * opening * share[0])[:, None] * base_column
    return spend * (share * local_share)[:, :, None], construction


def _first_spending_year(project) -> int | None:
    """The first calendar year in which the project's investment is spent (None: no spending profile)."""
    if project.kind == "programme":
        lead = project.investment.lead_years if project.investment is not None else 1
        return min(project.commissioning) - lead + 1
    investment = project.investment
    if investment is None:
        return None
    if investment.build_period is not None:
        return investment.build_period.start
    return min(investment.schedule, default=None)


def _spending_timing(project, resolver, address, years):
    """Share of the investment amount spent in each calendar year of ``years``, (D, T). A programme spends each
    cohort's share evenly over the ``lead_years`` up to its commissioning year (also without an investment, for
    its construction jobs)."""
    if project.kind != "programme":
        return _plant_timing(project.investment, resolver, address, years)
    lead = project.investment.lead_years if project.investment is not None else 1
    total_units = float(project.units)
    timing = np.zeros((1, years.size))
    for year in sorted(project.commissioning):
        count = resolver.scalar(project.commissioning[year], f"{address}.commissioning.{year}")[:, None]
        timing = timing + (count / total_units) * spread_evenly(year - lead + 1, year, years)[None, :]
    return timing


def _timing_and_opening(project, resolver, address, years, base_year, depreciation):
    """Spending shares over the model years (D, T), and the share spent before the base year depreciated to
    it, (D,) (None when nothing is spent before the base year).

    Spending of year s < base year is kept at max(1 − δ · (base year − s), 0) of its value, δ the base year's
    depreciation rate (the straight-line write-off of :func:`simulator.model.fiscal.book_value` run back over
    years the model does not cover, whose rates it does not have). From the base year on, fiscal.book_value
    writes this opening value off as if it were spent in the base year, δ of it a year: slower than its own
    vintages would be (δ of their larger original cost), a simplification for plants built just before the
    base year. ``depreciation`` (D, T)."""
    first = _first_spending_year(project)
    if first is None or first >= base_year:
        return _spending_timing(project, resolver, address, years), None
    span = np.arange(first, years[-1] + 1)
    full = _spending_timing(project, resolver, address, span)
    before = base_year - first
    age = base_year - span[:before]  # (B,)
    keep = np.maximum(1.0 - depreciation[:, :1] * age[None, :], 0.0)  # (D, B)
    return full[:, before:], (full[:, :before] * keep).sum(axis=1)


def _plant_timing(investment, resolver, address, years):
    if investment is None:
        return np.zeros((1, years.size))
    if investment.build_period is not None:
        bp = investment.build_period
        return spread_evenly(bp.start, bp.end, years)[None, :]
    keys = sorted(investment.schedule)
    shares = [resolver.scalar(investment.schedule[k], f"{address}.investment.schedule.{k}") for k in keys]
    width = max(s.size for s in shares)
    out = np.zeros((width, years.size))
    for k, share in zip(keys, shares, strict=True):
        if years[0] <= k <= years[-1]:
            out[:, k - years[0]] = share
    return out


def _wage_relative(wage, resolver, prices, address, average_wage, params, base_year, default):
    """Project wage / regional average wage, (D,). ``average_wage``: the region's observed {year: KZT/month}."""
    if wage is None:
        return np.array([default])
    if wage.relative_to_average is not None:
        return resolver.scalar(wage.relative_to_average, f"{address}.wage.relative_to_average")
    level = resolver.scalar(wage.absolute.value, f"{address}.wage.absolute.value") * WAGE_UNITS[wage.absolute.unit]
    year = wage.absolute.year if wage.absolute.year is not None else base_year
    average_wage0 = average_wage[base_year]
    if year < base_year:
        # a wage of a year before the base year: that year's observed average wage, else the base year's
        # deflated with the CPI (the model's paths start in the base year)
        if year in average_wage:
            return level / average_wage[year]
        return level / (average_wage0 * prices.at(prices.cpi, year))
    # baseline average wage in that year: base-year wage grown with CPI and real wage growth
    growth = np.prod(
        (1 + params["cpi_inflation"][:, 1 : year - base_year + 1])
        * (1 + params["real_wage_growth"][:, 1 : year - base_year + 1]),
        axis=1,
    )
    return level / (average_wage0 * growth)


def _exemptions(taxes, years):
    out = {}
    for tax in TAXES:
        share = np.zeros((1, years.size))
        for ex in taxes.exemptions:
            if ex.tax != tax:
                continue
            end = ex.end if ex.end is not None else years[-1]
            share = np.maximum(share, np.where((years >= ex.start) & (years <= end), central(ex.share), 0.0))
        out[tax] = share
    return out


def build_projects(scenario, region, resolver, prices, params, va_coefficient) -> ProjectArrays:
    """Expand every project of the scenario into yearly arrays (see :class:`ProjectArrays`).

    params: the run's parameters over the model years, {name: (D, T)}; va_coefficient (n,): the national
    table's value-added coefficients."""
    years = resolver.years
    base_year = int(scenario.base_year)
    T = years.size
    cols = {k: [] for k in ("fixed", "factor", "va", "lc", "jobs", "wage", "capex", "constr", "cjobs")}
    replaced = {k: [] for k in ("output", "va", "lc", "jobs", "wage")}
    mixes = supplier_mixes(scenario, region, va_coefficient.size)
    exemptions = {tax: [] for tax in TAXES}
    sector_index, regional_inputs, jobs_from_output, large = [], [], [], []
    for project in scenario.projects:
        address = f"projects.{project.id}"
        s = region.sector_index(project.sector)
        sector_index.append(s)
        large.append(project.taxes.large_taxpayer)
        zeros = np.zeros((1, T))
        if project.kind == "sector_change":
            factor = resolver.interpolated(project.factor, f"{address}.factor", before=1.0)
            share = resolver.scalar(project.affected_share, f"{address}.affected_share")
            cols["fixed"].append(zeros)
            cols["factor"].append(share[:, None] * (factor - 1.0))
            cols["va"].append(np.array([[va_coefficient[s]]]))
            cols["lc"].append(zeros)
            regional_inputs.append(True)
            final = _central_final_factor(project.factor)
            if project.jobs is not None and abs(final - 1.0) > 1e-9:
                # stated jobs are those at the final factor (central values); they scale with the change
                permanent = resolver.scalar(project.jobs.permanent, f"{address}.jobs.permanent")
                cols["jobs"].append(permanent[:, None] * (factor - 1.0) / (final - 1.0))
                jobs_from_output.append(False)
            else:
                cols["jobs"].append(zeros)
                jobs_from_output.append(True)
        else:
            regional_inputs.append(False)
            jobs_from_output.append(False)
            if project.kind == "plant":
                out, jobs = _plant_flows(project, resolver, prices, address, base_year, years)
            else:
                out, jobs = _programme_flows(project, resolver, prices, address, base_year, years)
            cols["fixed"].append(out)
            cols["factor"].append(zeros)
            cols["va"].append(resolver.scalar(project.value_added_share, f"{address}.value_added_share")[:, None])
            cols["lc"].append(resolver.path(project.local_content, f"{address}.local_content"))
            cols["jobs"].append(jobs)
        default_rel = float(region.relative_wage_by_sector[s])
        cols["wage"].append(
            _wage_relative(
                project.wage,
                resolver,
                prices,
                address,
                region.average_wage,
                params,
                base_year,
                default_rel,
            )[:, None]
        )
        line = getattr(project, "replaces", None)
        own = cols["fixed"][-1]
        for key, value in _replaced_line(line, project, own, resolver, prices, address, base_year, years).items():
            replaced[key].append(value)
        if line is not None:
            replaced["wage"].append(
                _wage_relative(
                    line.wage,
                    resolver,
                    prices,
                    f"{address}.replaces",
                    region.average_wage,
                    params,
                    base_year,
                    default_rel,
                )[:, None]
            )
        else:
            replaced["wage"].append(np.zeros((1, 1)))
        scale = float(project.units) if project.kind == "programme" else 1.0
        timing, opening = _timing_and_opening(
            project, resolver, address, years, base_year, params["capital_depreciation_rate"]
        )
        local_parts, constr = _capex(
            project.investment, resolver, prices, address, base_year, years, timing, scale, opening
        )
        cols["capex"].append(local_parts)
        cols["constr"].append(constr)
        cjy = project.jobs.construction_job_years if project.jobs is not None else 0.0
        cjobs = resolver.scalar(cjy, f"{address}.jobs.construction_job_years")
        # construction job-years follow the spending profile (shares of the whole build, including years before
        # the model starts, so job-years of spending already observed are not moved into later years)
        cols["cjobs"].append(cjobs[:, None] * timing)
        for tax, share in _exemptions(project.taxes, years).items():
            exemptions[tax].append(share)

    return ProjectArrays(
        ids=tuple(p.id for p in scenario.projects),
        names=tuple(p.name for p in scenario.projects),
        kinds=tuple(p.kind for p in scenario.projects),
        sector_index=np.asarray(sector_index, dtype=int),
        fixed_output=_stack(cols["fixed"], (1, T)),
        output_factor=_stack(cols["factor"], (1, T)),
        va_share=_stack(cols["va"], (1, 1)),
        local_content=_stack(cols["lc"], (1, T)),
        regional_inputs=np.asarray(regional_inputs, dtype=bool),
        stated_jobs=_stack(cols["jobs"], (1, T)),
        jobs_from_output=np.asarray(jobs_from_output, dtype=bool),
        wage_relative=_stack(cols["wage"], (1, 1)),
        capex_local=_stack(cols["capex"], (3, 1, T), draw_axis=1),
        construction_capex=_stack(cols["constr"], (1, T)),
        construction_jobs=_stack(cols["cjobs"], (1, T)),
        exemption={tax: _stack(v, (1, T)) for tax, v in exemptions.items()},
        large_taxpayer=np.asarray(large, dtype=bool),
        capex_sector_index=np.asarray([region.sector_index(c) for c in CAPEX_SECTORS], dtype=int),
        supplier_mix=mixes[0],
        stated_mix=mixes[1],
        replaced_output=_stack(replaced["output"], (1, T)),
        replaced_va_share=_stack(replaced["va"], (1, 1)),
        replaced_local_content=_stack(replaced["lc"], (1, 1)),
        replaced_jobs=_stack(replaced["jobs"], (1, T)),
        replaced_wage_relative=_stack(replaced["wage"], (1, 1)),
    )


def supplier_mixes(scenario, region, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Stated supplier mixes, netted of purchases from the scenario's other projects: (P, n) and (P,) bool.

    Row p is ``m_p − Σ_q b_pq e_{s_q}``: the stated share of each industry in p's local purchases, less the share
    ``b_pq`` bought from each project q of the scenario (``bought_from_projects``), taken from the entry of q's
    industry s_q (validation keeps it inside that entry). What p buys from q is q's own output, counted as q's
    direct effect with q's own purchases behind it, so it is not demand on the region again. A named project that
    the scenario dropped is no project of the run: what p buys from it stays demand on its industry (the mix entry
    is not reduced). Projects without a stated mix have a zero row and False."""
    P = len(scenario.projects)
    mix, stated = np.zeros((P, n)), np.zeros(P, dtype=bool)
    sectors = {p.id: region.sector_index(p.sector) for p in scenario.projects}
    for i, project in enumerate(scenario.projects):
        shares = getattr(project, "supplier_mix", None)
        if shares is None:
            continue
        stated[i] = True
        for code, share in shares.items():
            mix[i, region.sector_index(code)] += share
        for other, share in project.bought_from_projects.items():
            if other in sectors:
                mix[i, sectors[other]] -= share
    return np.maximum(mix, 0.0), stated


def _replaced_line(line, project, own, resolver, prices, address, base_year, years) -> dict[str, np.ndarray]:
    """Output (D, T), value-added share (D, 1), local content (D, 1) and jobs (D, T) of the product line a plant
    replaces; all zero when it replaces none.

    The line makes ``volume`` a year at the plant's own unit price (the same product), ``V``. From ``start`` on the
    plant takes it over as far as it makes that much: replaced output ``r = min(V, own output)`` (``own`` (D, T),
    the plant's real output), zero before ``start``; a plant that starts late or ramps up slowly leaves the rest
    of the line running. The line's jobs go in the same proportion, ``jobs · r / V``."""
    if line is None:
        zeros = np.zeros((1, years.size))
        return {"output": zeros, "va": np.zeros((1, 1)), "lc": np.zeros((1, 1)), "jobs": zeros}
    at = f"{address}.replaces"
    on = (years >= line.start).astype(float)[None, :]  # (1, T)
    production = project.production
    volume = _annual_capacity(production, line.volume, f"{at}.volume", resolver, f"{address}.production")
    line_output = (volume * _price(production, resolver, prices, f"{address}.production", base_year))[:, None]
    replaced = np.minimum(line_output, own) * on
    share = np.divide(replaced, line_output, out=np.zeros_like(replaced), where=line_output > 0)
    return {
        "output": replaced,
        "va": resolver.scalar(line.value_added_share, f"{at}.value_added_share")[:, None],
        "lc": resolver.scalar(line.local_content, f"{at}.local_content")[:, None],
        "jobs": resolver.scalar(line.jobs, f"{at}.jobs")[:, None] * share,
    }


def _central_final_factor(factor) -> float:
    """The last year's factor of a sector change at its central value."""
    return central(factor[max(factor)])


def _plant_flows(project, resolver, prices, address, base_year, years):
    prod = project.production
    date = prod.start if isinstance(prod.start, str) else prod.start.date
    delay = 0.0 if isinstance(prod.start, str) else prod.start.delay_months
    y, m = (int(part) for part in date.split("-"))
    delay = resolver.scalar(delay, f"{address}.production.start.delay_months")
    start = start_time(y, m, delay)
    u = _utilisation(prod, start, resolver, f"{address}.production", years, delay)
    output = _unit_value(prod, resolver, prices, f"{address}.production", base_year)[:, None] * u
    permanent = resolver.scalar(project.jobs.permanent, f"{address}.jobs.permanent")[:, None]
    if project.jobs.ramp == "with_production":
        jobs = permanent * u
    else:
        jobs = permanent * operating_fraction(start, years)
    return output, jobs


def _programme_flows(project, resolver, prices, address, base_year, years):
    """Sum over commissioning cohorts: each cohort of c units starts in its year's commissioning month.

    Cohorts start whole years apart, so a ramp-up by time since the start (linear, logistic) is evaluated once,
    for the first cohort over the model years extended back by the cohorts' spread, and each later cohort takes
    that curve moved by its offset. A table ramp is keyed by calendar year, so it is evaluated for each cohort.
    """
    delay = resolver.scalar(project.delay_months, f"{address}.delay_months")
    unit_value = _unit_value(project.production, resolver, prices, f"{address}.production", base_year)
    permanent = resolver.scalar(project.jobs.permanent, f"{address}.jobs.permanent")
    cohorts = sorted(project.commissioning)  # a handful
    first, spread, T = cohorts[0], cohorts[-1] - cohorts[0], years.size
    month, production = project.commissioning_month, project.production
    with_production = project.jobs.ramp == "with_production"
    by_time = production.ramp_up.shape != "table"
    if by_time:
        extended = np.arange(years[0] - spread, years[-1] + 1)
        start = start_time(first, month, delay)
        u_first = _utilisation(production, start, resolver, f"{address}.production", extended, delay)
        operating_first = None if with_production else operating_fraction(start, extended)
    units = np.zeros((1, T))  # units in operation, weighted by utilisation (output) or operating time (jobs)
    staffed = np.zeros((1, T))
    for year in cohorts:
        count = resolver.scalar(project.commissioning[year], f"{address}.commissioning.{year}")[:, None]
        if by_time:
            lo = spread - (year - first)
            u = u_first[:, lo : lo + T]
            operating = None if with_production else operating_first[:, lo : lo + T]
        else:
            start = start_time(year, month, delay)
            u = _utilisation(production, start, resolver, f"{address}.production", years, delay)
            operating = None if with_production else operating_fraction(start, years)
        units = units + count * u
        staffed = staffed + count * (u if with_production else operating)
    return unit_value[:, None] * units, permanent[:, None] * staffed
