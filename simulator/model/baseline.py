"""The baseline: the region's path without the projects, from its base year.

Real value added of every industry grows at ``baseline_growth`` (D, T), times the scenario's baseline changes
(e.g. harvest weather, (D, T, n)); net taxes on products keep their
base-year share of GVA, so GRP = Σ industry value added + net taxes. The labour force changes at
``labour_force_growth``; baseline employment keeps the base-year employment rate, so labour productivity
grows at (1 + g) / (1 + n) − 1 and regional jobs per unit of output fall by the same factor (``job_index``).
Nominal wages grow with CPI inflation and real wage growth. Nominal = real × GDP deflator index.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .inputs import BaselineChange


@dataclass(frozen=True)
class Baseline:
    """Baseline paths. (D, T): grp_real (real, million KZT), deflator, cpi, labour_force,
    employment, employees, unemployed (persons), average_wage (nominal KZT/month), job_index, real_index (the
    trend's volume index). jobs_per_output0, output0, value_added0 (n,): base-year persons per million KZT of
    output, output and value added. real_average_wage_year (D, T): real (base-year KZT) average wage, million
    KZT per person-year. change: the scenario's baseline changes. By industry, (D, T, ·), on request:
    :meth:`output_of` and :meth:`value_added_by_sector` (an ensemble needs them for a few industries only).
    """

    grp_real: np.ndarray
    deflator: np.ndarray
    cpi: np.ndarray
    labour_force: np.ndarray
    employment: np.ndarray
    employees: np.ndarray
    unemployed: np.ndarray
    average_wage: np.ndarray
    real_average_wage_year: np.ndarray
    job_index: np.ndarray
    jobs_per_output0: np.ndarray
    real_index: np.ndarray
    output0: np.ndarray
    value_added0: np.ndarray
    change: BaselineChange

    def output_of(self, sectors: np.ndarray) -> np.ndarray:
        """Real output (S, D, T) of the given S industries: output0 · trend · baseline changes."""
        return (self.output0[sectors][:, None, None] * self.real_index) * self.change.at(sectors)

    def value_added_by_sector(self) -> np.ndarray:
        """Real value added (D, T, n) of every industry."""
        sectors = np.arange(self.value_added0.size)
        by_sector = (self.value_added0[:, None, None] * self.real_index) * self.change.at(sectors)  # (n, D, T)
        return np.moveaxis(by_sector, 0, -1)


def growth_index(rates: np.ndarray) -> np.ndarray:
    """Index = 1 in the first year, I_t = I_{t-1} (1 + r_t): (D, T) from annual rates (D, T); r_0 is ignored."""
    log_growth = np.log1p(rates[:, 1:])
    return np.exp(np.concatenate([np.zeros((rates.shape[0], 1)), np.cumsum(log_growth, axis=1)], axis=1))


def baseline(inputs) -> Baseline:
    """Project the region without projects over ``inputs.years``."""
    p = inputs.params
    years = inputs.years
    offset = int(years[0] - inputs.prices.years[0])
    deflator = inputs.prices.deflator[:, offset : offset + years.size]
    cpi = inputs.prices.cpi[:, offset : offset + years.size]

    real_index = growth_index(p["baseline_growth"])  # (D, T)
    value_added = real_index * inputs.baseline_change.weighted(inputs.value_added0)  # (D, T): Σ over industries
    with np.errstate(divide="ignore", invalid="ignore"):
        output0 = np.where(inputs.va_coefficient > 0, inputs.value_added0 / inputs.va_coefficient, 0.0)
        jobs_per_output0 = np.where(output0 > 0, inputs.employment0 / output0, 0.0)
    grp_real = value_added * (1.0 + inputs.net_tax_share)  # GRP = Σ industry value added + net taxes

    labour_index = growth_index(p["labour_force_growth"])
    labour_force = inputs.labour_force0 * labour_index
    employed0 = inputs.employment0.sum()
    employment = employed0 * labour_index
    employees = employment * inputs.employees_share
    unemployed = labour_force - employment
    job_index = labour_index / real_index  # jobs per unit of real output, relative to the base year

    real_wage_index = growth_index(p["real_wage_growth"])
    average_wage = inputs.average_wage0 * real_wage_index * cpi
    real_average_wage_year = inputs.average_wage0 * real_wage_index * 12.0 / 1e6
    return Baseline(
        grp_real=grp_real,
        deflator=deflator,
        cpi=cpi,
        labour_force=labour_force,
        employment=employment,
        employees=employees,
        unemployed=unemployed,
        average_wage=average_wage,
        real_average_wage_year=real_average_wage_year,
        job_index=job_index,
        jobs_per_output0=jobs_per_output0,
        real_index=real_index,
        output0=output0,
        value_added0=inputs.value_added0,
        change=inputs.baseline_change,
    )
