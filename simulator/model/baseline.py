"""The baseline: the region's path without the projects (docs/model.md §2, "Baseline and calibration").

Two stages. :func:`baseline` gives the **published path**: in every published year the region's own figures
(GVA by industry deflated by the region's GRP deflator, employment, labour force, average wage); after the
last published year L, each broad sector k (agriculture, industry, services) grows at its estimated trend g_k
(:mod:`simulator.model.trend`) plus the scenario's ``baseline_growth_shift``, from its last published level
(centred on the region's GRP trend), times the scenario's baseline changes B (e.g. a harvest back to normal):

    VA_s(t) = VA_s(L) · Π_{L<τ≤t} (1 + g_k(s) + shift_τ) · B_s(t),   t > L.

Employment and the labour force grow at the employment trend (so the unemployment rate keeps its last
published value); the nominal average wage grows with CPI inflation and real wage growth from its last value.
In an ensemble each draw's path after L is multiplied by its baseline error factor (``inputs.baseline_error``,
from the backtest). The projects' effects are computed against this path. :func:`calibrated` then takes out of
it what the projects already did in the published years, so that scenario = published there and nothing is
counted twice:
the no-project value added of industry s is VA_s(t) − e_s(t) for t ≤ L and VA_s(t) · (1 − e_s(L) / VA_s(L))
after (the projects' share of the last published level is not part of the no-project trend); employment the
same with the projects' net jobs.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .inputs import BaselineChange


@dataclass(frozen=True)
class Baseline:
    """Baseline paths, (D, T) unless noted. grp_real: real GRP, million KZT in base-year prices; value_added: its
    gross value added (Σ over industries); deflator, cpi:
    indices (1 in the base year); labour_force, employment, employees, unemployed: persons; average_wage:
    nominal KZT/month; real_average_wage_year: base-year million KZT per person-year; job_index: jobs per unit
    of real output relative to the base year. level (T, n): real value added of each industry before the
    growth after L (published, then the last published level); growth (D, T, 3): the
    broad sectors' growth index after L (1 through L); group (n,): broad sector of each industry.
    persons_per_output0 (n,): base-year persons employed per million KZT of output (average intensity, the
    self-employed included); jobs_per_output0 (n,): the marginal jobs per million KZT of extra output, the
    average times :func:`marginal_job_share` (hired workers in agriculture); va_coefficient (n,): value added per
    unit of output. net_tax_share (T,). change: the scenario's baseline changes.
    """

    grp_real: np.ndarray
    value_added: np.ndarray
    deflator: np.ndarray
    cpi: np.ndarray
    labour_force: np.ndarray
    employment: np.ndarray
    employees: np.ndarray
    unemployed: np.ndarray
    average_wage: np.ndarray
    real_average_wage_year: np.ndarray
    job_index: np.ndarray
    persons_per_output0: np.ndarray
    jobs_per_output0: np.ndarray
    level: np.ndarray
    growth: np.ndarray
    group: np.ndarray
    va_coefficient: np.ndarray
    net_tax_share: np.ndarray
    change: BaselineChange

    def value_added_of(self, sectors: np.ndarray) -> np.ndarray:
        """Real value added (S, D, T) of the given S industries."""
        sectors = np.asarray(sectors)
        level = self.level[:, sectors].T[:, None, :]  # (S, 1, T)
        growth = np.moveaxis(self.growth[:, :, self.group[sectors]], -1, 0)  # (S, D, T)
        return level * growth * self.change.at(sectors)

    def output_of(self, sectors: np.ndarray) -> np.ndarray:
        """Real output (S, D, T) of the given S industries: value added / value added per unit of output."""
        sectors = np.asarray(sectors)
        coefficient = self.va_coefficient[sectors]
        safe = np.where(coefficient > 0, coefficient, 1.0)[:, None, None]
        return np.where(coefficient[:, None, None] > 0, self.value_added_of(sectors) / safe, 0.0)

    def calibration_columns(self) -> np.ndarray:
        """(n, 3 + C): sums industries into the three broad sectors, then picks each industry a baseline change
        moves, the columns :func:`calibrated` needs of the projects' value added by industry."""
        n = self.group.size
        return np.concatenate([np.eye(3)[self.group], np.eye(n)[:, self.change.columns]], axis=1)

    def value_added_by_sector(self) -> np.ndarray:
        """Real value added (D, T, n) of every industry."""
        return np.moveaxis(self.value_added_of(np.arange(self.level.shape[1])), 0, -1)


def growth_index(rates: np.ndarray) -> np.ndarray:
    """Index = 1 in the first year, I_t = I_{t-1} (1 + r_t): (D, T) from annual rates (D, T); r_0 is ignored."""
    log_growth = np.log1p(rates[:, 1:])
    return np.exp(np.concatenate([np.zeros((rates.shape[0], 1)), np.cumsum(log_growth, axis=1)], axis=1))


def grouped(weights: np.ndarray, growth: np.ndarray, group: np.ndarray, change) -> np.ndarray:
    """Σ_s w_s · G_k(s)(t) · (1 + dev_s(t)), (D, T): industries' weights (T, n) grown with their broad sector's
    index G (D, T, 3) and the baseline changes' deviations, without forming a (D, T, n) array."""
    by_group = np.stack([weights[..., group == k].sum(axis=-1) for k in range(3)], axis=-1)  # (T, 3)
    return _grown(by_group, weights[..., change.columns], growth, group, change)


def _grown(by_group, changed, growth: np.ndarray, group: np.ndarray, change) -> np.ndarray:
    """Σ_k by_group_k · G_k(t) + Σ_c changed_c · G_k(c)(t) · dev_c(t), (D, T): weights summed by broad sector
    (…, 3) and of the C changed industries (…, C), broadcasting against (D, T)."""
    out = (by_group * growth).sum(axis=-1)
    if change.columns.size:
        deviation = np.moveaxis(change.deviation, 0, -1)  # (D, T, C)
        out = out + (changed * growth[:, :, group[change.columns]] * deviation).sum(axis=-1)
    return out


def _after(rates: np.ndarray, first: int) -> np.ndarray:
    """Growth index (D, T) that is 1 through model year index ``first − 1`` and grows at ``rates`` after."""
    rates = np.array(rates, dtype=float, copy=True)
    rates[:, :first] = 0.0
    return growth_index(rates)


def _published_then(observed: np.ndarray, index: np.ndarray) -> np.ndarray:
    """(D, T): the published values (k,) in the first k years, then the last one times ``index`` (D, T)."""
    k = observed.size
    out = observed[-1] * index
    out[:, :k] = observed
    return out


def baseline(inputs) -> Baseline:
    """The published path of the region without projects over ``inputs.years`` (see the module docstring)."""
    p = inputs.params
    obs = inputs.observed
    years = inputs.years
    T = years.size
    offset = int(years[0] - inputs.prices.years[0])
    deflator = inputs.prices.deflator[:, offset : offset + T]
    cpi = inputs.prices.cpi[:, offset : offset + T]
    trend = obs.trend
    n_obs = obs.grp_years

    level = np.empty((T, obs.value_added.shape[1]))
    level[:n_obs] = obs.value_added
    level[n_obs:] = obs.value_added[-1]
    shift = p["baseline_growth_shift"]  # (D, T)
    growth = np.stack([_after(trend.sector_rates[k] + shift, n_obs) for k in range(3)], axis=-1)  # (D, T, 3)
    growth = growth * inputs.baseline_error["grp_real"][:, :, None]  # an ensemble draw's baseline error

    change = inputs.baseline_change
    value_added = grouped(level, growth, obs.group, change)  # (D, T): Σ over industries
    grp_real = value_added * (1.0 + inputs.net_tax_share)

    employment_index = _after(trend.employment[0] + p["employment_growth_shift"], obs.labour_years)
    employment_index = employment_index * inputs.baseline_error["employment"]
    employment = _published_then(obs.employment, employment_index)
    labour_force = _published_then(obs.labour_force, employment_index)
    employees = employment * inputs.employees_share
    unemployed = labour_force - employment
    va0 = value_added[:, :1]
    job_index = (employment / employment[:, :1]) / (value_added / va0)

    wage_growth = (1.0 + p["cpi_inflation"]) * (1.0 + p["real_wage_growth"]) - 1.0
    average_wage = _published_then(obs.average_wage, _after(wage_growth, obs.wage_years))
    real_average_wage_year = average_wage / cpi * 12.0 / 1e6
    with np.errstate(divide="ignore", invalid="ignore"):
        output0 = np.where(inputs.va_coefficient > 0, inputs.value_added0 / inputs.va_coefficient, 0.0)
        persons_per_output0 = np.where(output0 > 0, inputs.employment0 / output0, 0.0)
    # one value for the run (by_year: false); a distribution is read at its mean over the draws
    jobs_per_output0 = persons_per_output0 * marginal_job_share(obs.group, float(p["farm_hired_share"][0, 0]))
    return Baseline(
        grp_real=grp_real,
        value_added=value_added,
        deflator=deflator,
        cpi=cpi,
        labour_force=labour_force,
        employment=employment,
        employees=employees,
        unemployed=unemployed,
        average_wage=average_wage,
        real_average_wage_year=real_average_wage_year,
        job_index=job_index,
        persons_per_output0=persons_per_output0,
        jobs_per_output0=jobs_per_output0,
        level=level,
        growth=growth,
        group=obs.group,
        va_coefficient=inputs.va_coefficient,
        net_tax_share=inputs.net_tax_share,
        change=change,
    )


def marginal_job_share(group: np.ndarray, hired_share: float) -> np.ndarray:
    """(n,) marginal over average jobs per unit of output: ``hired_share`` for the agricultural industries
    (broad sector 0), 1 elsewhere.

    Average farm employment counts the self-employed and household plots (Kostanai: 101k employed in farming in
    2023 against 173k in 2016 while output rose); extra farm output is produced by hired workers, whose share of
    farm employment is ``farm_hired_share`` (parameters.yaml: compensation of employees over the agricultural
    wage, per person employed). Elsewhere the self-employed are few and jobs follow output at the average.
    """
    return np.where(np.asarray(group) == 0, float(hired_share), 1.0)


def _taken_out(path: np.ndarray, effect: np.ndarray, n_obs: int) -> np.ndarray:
    """path − effect in the first ``n_obs`` years; after, path · (1 − effect_L / path_L). (D, T)."""
    last = n_obs - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(path[:, last] != 0, effect[:, last] / path[:, last], 0.0)
    out = path * (1.0 - share[:, None])
    out[:, :n_obs] = path[:, :n_obs] - effect[:, :n_obs]
    return out


@dataclass(frozen=True)
class Calibrated:
    """The no-project baseline after the projects' part of the published years is taken out.

    grp_real (D, T); value_added (D, T, n) only when asked (detail); labour: a :class:`Baseline` whose
    employment, employees, labour force and unemployed are the no-project ones (wages as published).
    """

    grp_real: np.ndarray
    value_added: np.ndarray | None
    labour: Baseline


def calibrated(inputs, base: Baseline, impact: np.ndarray, last: np.ndarray, net_jobs: np.ndarray, by_sector=None):
    """Take the projects' published-year effects out of the published path (module docstring).

    impact (D, T): the projects' real value added, all channels; last (D, 3 + C): the same in the last published
    year L by the columns of :meth:`Baseline.calibration_columns`; by_sector (D, T, n) or None: by industry in
    every year (then the no-project value added by industry is returned too). Up to L the no-project value
    added is the path less ``impact``; after L, less Σ_s e_s(L) · G_k(s)(t) · (1 + dev_s(t)): the projects'
    share of L's level grown as the path grows. net_jobs
    (D, T): the projects' jobs net of displacement, taken out of employment the same way, and their share
    ``participation_share`` (hires who came from outside the labour force) out of the labour force.
    """
    obs = inputs.observed
    n_obs = obs.grp_years
    group, change = obs.group, inputs.baseline_change
    after = _grown(last[:, None, :3], last[:, None, 3:], base.growth, group, change)  # (D, T)
    shape = np.broadcast_shapes(base.value_added.shape, impact.shape, after.shape)
    value_added = np.broadcast_to(base.value_added, shape) - np.broadcast_to(after, shape)
    value_added[:, :n_obs] = base.value_added[:, :n_obs] - impact[:, :n_obs]
    grp_real = value_added * (1.0 + inputs.net_tax_share)
    va = None
    if by_sector is not None:
        factor = base.growth[:, :, group] * base.change.at(np.arange(group.size)).transpose(1, 2, 0)  # (D, T, n)
        path = base.value_added_by_sector()
        va = path - by_sector[:, n_obs - 1 : n_obs] * factor
        va[:, :n_obs] = path[:, :n_obs] - by_sector[:, :n_obs]
    # a share β of the residents the projects hired came from outside the labour force (participation): without
    # the projects they would not be in it, so it is taken out of the labour force as the jobs are of employment
    entrants = inputs.params["participation_share"] * net_jobs
    shape = np.broadcast_shapes(base.employment.shape, base.labour_force.shape, entrants.shape)
    employment = _taken_out(np.broadcast_to(base.employment, shape), np.broadcast_to(net_jobs, shape), obs.labour_years)
    labour_force = _taken_out(
        np.broadcast_to(base.labour_force, shape), np.broadcast_to(entrants, shape), obs.labour_years
    )
    labour = dataclasses.replace(
        base,
        employment=employment,
        employees=employment * inputs.employees_share,
        labour_force=labour_force,
        unemployed=labour_force - employment,
        grp_real=grp_real,
        value_added=value_added,
    )
    return Calibrated(grp_real=grp_real, value_added=va, labour=labour)
