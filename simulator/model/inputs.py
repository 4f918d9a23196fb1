"""Build the model's array inputs from a validated scenario and its region's data.

``build_inputs`` is the one place that reads scenario objects; the kernels downstream see only arrays.
Shapes use the axis order of :mod:`simulator.dims`: per-year parameters are (D, T) and per-project arrays
(P, D, T), where D is 1 for anything not sampled (numpy broadcasting does the rest).

Prices: everything real is in **base-year prices, million KZT**. A money amount stated in year y is converted
to KZT at that year's exchange rate (USD amounts) and deflated to base-year prices with the price index of
value added: the region's implied GRP deflator in published years, then the regional index of
:mod:`simulator.model.prices` (or the national GDP deflator, ``regional_price_weight`` = 0).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from ..baseline_error import error_at
from ..region import Region
from ..scenario.distributions import Uniform
from ..scenario.parameters import parameter_specs
from ..units import MONEY_UNITS
from .cache import RunCache
from .prices import COMPONENT_GUIDES, PRICE_COMPONENTS, guided, price_weights, regional_price_growth
from .projects import ProjectArrays, build_projects
from .resolve import Resolver
from .trend import SECTION_BROAD, Trend, estimate_trend, regional_deflator


@dataclass(frozen=True)
class Prices:
    """Price and exchange-rate indices over an extended year range ``years`` (may start before the base year).

    deflator, cpi: (D, Y) index = 1 in the base year. exchange_rate: (D, Y) KZT per USD.
    """

    years: np.ndarray
    deflator: np.ndarray
    cpi: np.ndarray
    exchange_rate: np.ndarray

    def at(self, array: np.ndarray, year: int) -> np.ndarray:
        """Column of ``array`` for a calendar year, (D,)."""
        return array[:, int(year) - int(self.years[0])]

    def to_real_million_kzt(self, money, address: str, resolver: Resolver, base_year: int) -> np.ndarray:
        """A ``Money`` leaf in base-year prices, million KZT, shape (D,)."""
        year = money.year if money.year is not None else base_year
        factor, currency = MONEY_UNITS[money.unit]
        amount = resolver.scalar(money.value, f"{address}.value") * factor / 1e6
        if currency == "USD":
            amount = amount * self.at(self.exchange_rate, year)
        return amount / self.at(self.deflator, year)


@dataclass(frozen=True)
class ModelInputs:
    """Everything :func:`simulate` needs, as arrays.

    years: (T,) base year first. params: {name: (D, T)}. prices: indices over an extended range.
    Region base-year figures (current = base-year prices): value_added0 (n,) million KZT, employment0 (n,)
    persons, employees_share (employees / employed). net_tax_share (T,): net taxes / GVA by year; the published
    years and the taxes' calibration year are in ``observed`` (:class:`Observed`).
    National coefficients (n,): va_coefficient (VA / output), wage_coefficient (compensation / output),
    A_national (n, n) domestic technical coefficients, household_shares (n,) households' spending on
    domestic output by product per unit of total consumption, relative_wage (n,).
    """

    scenario_name: str
    region: Region
    years: np.ndarray
    base_year: int
    n_draws: int
    params: dict[str, np.ndarray]
    prices: Prices
    value_added0: np.ndarray
    employment0: np.ndarray
    net_tax_share: np.ndarray
    employees_share: float
    A_national: np.ndarray
    va_coefficient: np.ndarray
    wage_coefficient: np.ndarray
    household_shares: np.ndarray
    relative_wage: np.ndarray
    projects: ProjectArrays
    baseline_change: BaselineChange
    distributions: dict[str, object]
    observed: Observed
    #: (D, T) factors on the no-project path after the last published year, one rank per draw (the backtest's
    #: error, centred on its median so that a deterministic run, rank 1/2, has factor 1): real value added, jobs
    baseline_error: dict[str, np.ndarray]
    #: every numeric leaf the model read, {address: central value}; ``samples`` may override any of them
    leaves: dict[str, float] = field(default_factory=dict)
    #: the run's cache (response grids, money years), shared by its chunks: :mod:`simulator.model.cache`
    cache: RunCache = field(default_factory=RunCache, repr=False, compare=False)


@dataclass(frozen=True)
class Observed:
    """The published years inside the model's years and the trends estimated from them (docs/model.md §2).

    Years are indices into the model years (base year = 0). grp_years: the first ``grp_years`` model years have
    published GRP and GVA by section (through ``last_year``); value_added (grp_years, n): published GVA by
    industry deflated by the region's own GRP deflator to base-year prices, million KZT; net_tax_share (T,):
    net taxes / GVA, published, then held at the last published share. labour_years, employment,
    labour_force (labour_years,) persons; wage_years, average_wage (wage_years,) KZT/month nominal (the
    region data's figures, estimates where the data say so). tax_anchor: index of the year the local budget is
    calibrated on (the latest year the region data give it); local_tax (tax -> million KZT) and collected_tax
    of that year. trend: the estimated trends; group (n,): broad sector of each industry (0 agriculture,
    1 industry, 2 services); deflator: the region's implied GRP deflator by published year (index).
    """

    last_year: int
    grp_years: int
    value_added: np.ndarray
    net_tax_share: np.ndarray
    labour_years: int
    employment: np.ndarray
    labour_force: np.ndarray
    wage_years: int
    average_wage: np.ndarray
    tax_anchor: int
    local_tax: dict[str, float]
    collected_tax: float
    trend: Trend
    group: np.ndarray
    deflator: dict[int, float]


def _last_year(series: list[dict], years: np.ndarray) -> int:
    """The last model year that every one of ``series`` ({year: value}) has, with no gap from the base year."""
    year = int(years[0])
    while year + 1 <= int(years[-1]) and all(year + 1 in s for s in series):
        year += 1
    return year


def observed_years(region: Region, years: np.ndarray) -> Observed:
    """Published figures over the model years and the trends estimated from every published year."""
    base = int(years[0])
    last = _last_year([region.grp, region.value_added_by_sector, region.grp_volume_index, region.net_taxes], years)
    deflator = regional_deflator(region, last)
    n_grp = last - base + 1
    va = np.array([region.value_added_by_sector[y] / (deflator[y] / deflator[base]) for y in range(base, last + 1)])
    shares = [region.net_taxes[y] / region.value_added_by_sector[y].sum() for y in range(base, last + 1)]
    net_tax_share = np.array(shares + [shares[-1]] * (years.size - n_grp))
    last_labour = _last_year([region.employed, region.labour_force], years)
    labour = range(base, last_labour + 1)
    last_wage = _last_year([region.average_wage], years)
    anchor = max((y for y in region.local_tax_revenue if base <= y <= int(years[-1])), default=base)
    group = np.array([SECTION_BROAD[g[0]] for g in region.sector_groups], dtype=int)
    return Observed(
        last_year=last,
        grp_years=n_grp,
        value_added=va,
        net_tax_share=net_tax_share,
        labour_years=len(labour),
        employment=np.array([region.employed[y] for y in labour]),
        labour_force=np.array([region.labour_force[y] for y in labour]),
        wage_years=last_wage - base + 1,
        average_wage=np.array([region.average_wage[y] for y in range(base, last_wage + 1)]),
        tax_anchor=anchor - base,
        local_tax=dict(region.local_tax_revenue[anchor]),
        collected_tax=float(region.tax_revenue_collected[anchor]),
        trend=estimate_trend(region, last),
        group=group,
        deflator=deflator,
    )


def _regional_deflator_growth(growth: np.ndarray, ext_years: np.ndarray, own: dict[int, float]) -> np.ndarray:
    """The projected deflator growth path (D, Y) with the region's own implied GRP deflator ``own`` in published
    years: published data win over any projection there."""
    out = np.array(growth, dtype=float, copy=True)
    for j, year in enumerate(ext_years):
        if int(year) in own and int(year) - 1 in own:
            out[:, j] = own[int(year)] / own[int(year) - 1] - 1.0
    return out


def _projected_deflator_growth(
    ext_params: dict[str, np.ndarray], region: Region, last_year: int, years: np.ndarray, overrides
) -> np.ndarray:
    """Growth (D, Y) of the price index of value added outside published years: the regional index from the
    region's GVA shares of ``last_year`` (no section data that year: the national GDP deflator), docs/model.md §1.
    A component the scenario (``overrides``) does not set follows its guide after its published history."""
    weights = price_weights(region.value_added_by_section.get(last_year, {}))
    national = ext_params["gdp_deflator_growth"]
    paths = []
    for name in PRICE_COMPONENTS:
        path = ext_params[name]
        if getattr(overrides, name) is None:
            history_end = max(parameter_specs()[name].default)
            path = guided(path, ext_params[COMPONENT_GUIDES[name]], years, history_end)
        paths.append(path)
    shape = np.broadcast_shapes(national.shape, *(path.shape for path in paths))  # a guide may vary by draw
    national = np.broadcast_to(national, shape)
    components = np.stack([np.broadcast_to(path, shape) for path in paths])
    return regional_price_growth(weights, components, national, ext_params["regional_price_weight"])


#: the addresses of the baseline error's ranks, one per variable: uniform draws that an ensemble samples like
#: any input (two, since the backtest's real-GRP and employment errors are nearly uncorrelated, docs/backtest.md)
BASELINE_ERROR = {"grp_real": "baseline_error.grp_real", "employment": "baseline_error.employment"}


def _baseline_error(resolver: Resolver, years: np.ndarray, observed: Observed) -> dict[str, np.ndarray]:
    """Factors (D, T) by which an ensemble draw's no-project path differs from the central one after the last
    published year: published = projected / (1 + e), so factor = (1 + e(h, ½)) / (1 + e(h, u)), with e the
    backtest's error quantile at horizon h (docs/backtest.md) and u the draw's rank of that variable, one for
    all horizons (the backtest's errors are strongly correlated across horizons)."""
    last_year = {"grp_real": observed.last_year, "employment": int(years[0]) + observed.labour_years - 1}
    out = {}
    for variable, address in BASELINE_ERROR.items():
        rank = resolver.scalar(Uniform(dist="uniform", low=0.0, high=1.0), address)[:, None]  # (D, 1)
        horizon = np.maximum(years - last_year[variable], 0)[None, :]  # (1, T)
        out[variable] = (1.0 + error_at(variable, horizon, 0.5)) / (1.0 + error_at(variable, horizon, rank))
    return out


def merged_parameter(name: str, override, base_year: int):
    """A scenario override laid over the shipped default path.

    Default years before the override's first year are kept (history, e.g. observed inflation); from the
    override's first year on, the override rules and is carried forward. A plain number overrides from the
    year after the base year.
    """
    default = parameter_specs()[name].default
    if override is None:
        return default
    if not isinstance(default, Mapping):
        return override
    if isinstance(override, Mapping):
        first = min(override)
        return {**{y: v for y, v in default.items() if y < first}, **override}
    return {**{y: v for y, v in default.items() if y <= base_year}, base_year + 1: override}


def _price_index(growth: np.ndarray, years: np.ndarray, base_year: int) -> np.ndarray:
    """Index = 1 in the base year from annual growth rates (D, Y): I_t = I_{t-1} (1 + g_t)."""
    log_growth = np.log1p(growth)
    cumulative = np.cumsum(log_growth, axis=1)
    base = int(base_year - years[0])
    return np.exp(cumulative - cumulative[:, base : base + 1])


def _money_years(projects) -> tuple[int, ...]:
    """Every year a money amount or wage in the scenario's projects is stated in (for the extended price range)."""
    years: list[int] = []

    def walk(node):
        if hasattr(node, "unit") and hasattr(node, "year") and getattr(node, "year", None) is not None:
            years.append(int(node.year))
        if hasattr(node, "__pydantic_fields__"):
            for key in type(node).model_fields:
                walk(getattr(node, key))
        elif isinstance(node, list | tuple):
            for item in node:
                walk(item)

    walk(projects)
    return tuple(years)


@dataclass(frozen=True)
class BaselineChange:
    """The scenario's baseline changes as multipliers of industries' baseline output, kept sparse (a handful of
    changes on a few industries): ``factor_s(t) = 1 + Σ_c deviation_c(t) · [column_c = s]``.

    deviation (C, D, T): affected share × (factor − 1), zero up to the last published year (observed); columns (C,) int:
    the industry of each change.
    """

    deviation: np.ndarray
    columns: np.ndarray

    def at(self, sectors: np.ndarray) -> np.ndarray:
        """factor (S, D, T) of the given S industries."""
        pick = (np.asarray(sectors)[:, None] == self.columns[None, :]).astype(float)  # (S, C)
        # einsum, not tensordot: a BLAS call of this size would start OpenBLAS threads inside the ensemble's own
        return 1.0 + np.einsum("sc,cdt->sdt", pick, self.deviation)

    def weighted(self, weights: np.ndarray) -> np.ndarray:
        """Σ_s weights_s · factor_s, (D, T), for weights (n,): e.g. total value added from base-year values."""
        return weights.sum() + np.einsum("c,cdt->dt", weights[self.columns], self.deviation)


def _baseline_change(scenario, region: Region, resolver: Resolver, years: np.ndarray, last: int) -> BaselineChange:
    """The scenario's baseline changes: 1 + affected_share · (factor_t − 1) on each change's industry; 1 up to
    the last published year ``last`` (observed: the published figures already hold what happened)."""
    deviations, columns = [], []
    for change in scenario.baseline_changes:
        address = f"baseline_changes.{change.id}"
        factor = resolver.interpolated(change.factor, f"{address}.factor", before=1.0)
        share = resolver.scalar(change.affected_share, f"{address}.affected_share")
        deviations.append(share[:, None] * (factor - 1.0))
        columns.append(region.sector_index(change.sector))
    if not deviations:
        return BaselineChange(np.zeros((0, 1, years.size)), np.zeros(0, dtype=int))
    width = max(d.shape[0] for d in deviations)
    stacked = np.stack([np.broadcast_to(d, (width, years.size)) for d in deviations])  # (C, D, T)
    stacked[:, :, years <= last] = 0.0
    return BaselineChange(stacked, np.asarray(columns, dtype=int))


def _parameter_path(name: str, overrides, base_year: int, resolver: Resolver, cache: RunCache, sampled) -> np.ndarray:
    """The parameter's path (D or 1, Y) over the resolver's years; one evaluation per run (``cache``) when none
    of its leaves is in ``sampled`` (names of sampled parameters), with the leaves it reads recorded as seen."""
    address = f"parameters.{name}"
    merged = merged_parameter(name, getattr(overrides, name), base_year)
    if name in sampled:
        return resolver.path(merged, address)

    def central_path():
        own = Resolver(years=resolver.years)
        path = own.path(merged, address)
        path.flags.writeable = False  # shared by the run's chunks
        return path, own.seen_leaves, own.seen_distributions

    path, leaves, distributions = cache.once(
        ("parameter", name, base_year, int(resolver.years[0]), int(resolver.years[-1])), (overrides,), central_path
    )
    resolver.seen_leaves.update(leaves)
    resolver.seen_distributions.update(distributions)
    return path


def build_inputs(
    scenario,
    region: Region,
    samples: Mapping[str, np.ndarray] | None = None,
    n_draws: int = 1,
    cache: RunCache | None = None,
):
    """Arrays for :func:`simulate` from a validated :class:`~simulator.scenario.schema.Scenario`.

    cache: the run's :class:`~simulator.model.cache.RunCache`, shared by the chunks of one run (pass the first
    chunk's ``inputs.cache`` to the next); None makes a fresh one, so this call shares nothing with others.
    """
    cache = cache if cache is not None else RunCache()
    base_year = int(scenario.base_year)
    years = np.arange(base_year, scenario.horizon.end + 1)
    # the price range also covers targets' reference years before the base year (their real values)
    target_years = [t.base_year for t in scenario.targets if t.base_year is not None]
    first = min([base_year, *cache.money_years(scenario.projects, _money_years), *target_years])
    ext_years = np.arange(first, scenario.horizon.end + 1)
    resolver = Resolver(years=ext_years, samples=samples or {})

    overrides = scenario.parameters
    sampled = {address.split(".")[1] for address in resolver.samples if address.startswith("parameters.")}
    ext_params = {
        name: _parameter_path(name, overrides, base_year, resolver, cache, sampled) for name in parameter_specs()
    }
    # the published years and the trends estimated from them: the same in every chunk of a run
    observed = cache.once(("observed", base_year, int(years[-1])), (region,), lambda: observed_years(region, years))
    prices = Prices(
        years=ext_years,
        deflator=_price_index(
            _regional_deflator_growth(
                _projected_deflator_growth(ext_params, region, observed.last_year, ext_years, overrides),
                ext_years,
                observed.deflator,
            ),
            ext_years,
            base_year,
        ),
        cpi=_price_index(ext_params["cpi_inflation"], ext_years, base_year),
        exchange_rate=ext_params["exchange_rate"],
    )
    offset = base_year - first
    params = {name: values[:, offset:] for name, values in ext_params.items()}

    national = region.national
    x = national.x
    with np.errstate(divide="ignore", invalid="ignore"):
        va_coefficient = np.where(x > 0, national.value_added / x, 0.0)
        wage_coefficient = np.where(x > 0, national.compensation / x, 0.0)
        A_national = np.where(x[None, :] > 0, national.Z / x[None, :], 0.0)
    household_shares = national.household_consumption / national.household_consumption_total

    resolver.years = years
    projects = build_projects(scenario, region, resolver, prices, params, va_coefficient)
    baseline_change = _baseline_change(scenario, region, resolver, years, observed.last_year)
    baseline_error = _baseline_error(resolver, years, observed)

    gva0 = region.value_added_by_sector[base_year]
    employed0 = region.employed[base_year]
    return ModelInputs(
        scenario_name=scenario.name,
        region=region,
        years=years,
        base_year=base_year,
        n_draws=n_draws,
        params=params,
        prices=prices,
        value_added0=np.asarray(gva0, dtype=float),
        employment0=np.asarray(region.employment_by_sector[base_year], dtype=float),
        net_tax_share=observed.net_tax_share,
        employees_share=float(region.employees[base_year] / employed0),
        A_national=A_national,
        va_coefficient=va_coefficient,
        wage_coefficient=wage_coefficient,
        household_shares=household_shares,
        relative_wage=np.asarray(region.relative_wage_by_sector, dtype=float),
        projects=projects,
        baseline_change=baseline_change,
        distributions=dict(resolver.seen_distributions),
        observed=observed,
        baseline_error=baseline_error,
        leaves=dict(resolver.seen_leaves),
        cache=cache,
    )
