"""A region's input–output multiplier table: national beside regional, Type I and II (docs/multipliers.md).

:func:`multiplier_table` turns a :class:`simulator.region.Region` into a :class:`MultiplierTable`;
:func:`multipliers_from_coefficients` is the kernel it calls, usable on any table. Both are pure.

Measures, per unit of final demand for industry j ("final-demand multipliers"):
    output        KZT of gross output (all industries) per KZT of final demand
    value_added   KZT of GVA (the GRP contribution) per KZT of final demand
    wages         KZT of compensation of employees per KZT of final demand
    jobs          persons employed per million KZT of final demand (prices of the national table's year)
and the "direct-effect multipliers", total effect / direct effect of industry j (dimensionless; for output the
two coincide). Type I counts direct + indirect (inter-industry) effects; Type II adds the induced effects of
household spending out of labour income.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import leontief
from .errors import InputError, Problem
from .model.inputs import build_inputs
from .region import Region

MEASURES = ("output", "value_added", "wages", "jobs")
UNITS = {
    "output": "KZT per KZT of final demand",
    "value_added": "KZT per KZT of final demand",
    "wages": "KZT per KZT of final demand",
    "jobs": "persons per million KZT of final demand",
}
AREAS = ("national", "regional")
TYPES = ("I", "II")
KINDS = ("final_demand", "direct_effect")


@dataclass(frozen=True)
class MultiplierTable:
    """Multipliers by industry for one region.

    ``values`` has shape (kind 2, area 2, type 2, measure 4, sector n), axes named by :data:`KINDS`,
    :data:`AREAS`, :data:`TYPES` and :data:`MEASURES`; read it with :meth:`get`.
    ``location_quotients`` (n,) are the SLQs of ``year``; ``flq_lambda`` is λ for ``delta``;
    ``consumption_shares`` (area 2, n) are the households' spending per KZT of labour income in the closure.
    """

    region_id: str
    region_name: str
    sectors: tuple[str, ...]
    sector_labels: tuple[str, ...]
    year: int
    price_year: int
    delta: float
    consumption_propensity: float
    flq_lambda: float
    location_quotients: np.ndarray
    consumption_shares: np.ndarray
    values: np.ndarray

    def get(self, measure: str, *, area: str = "regional", type: str = "II", kind: str = "final_demand"):
        """Multipliers of one measure for every industry, shape (n,)."""
        return self.values[KINDS.index(kind), AREAS.index(area), TYPES.index(type), MEASURES.index(measure)]


def multipliers_from_coefficients(A, coefficients, labour_income_coefficients, consumption_shares):
    """Type I and Type II multipliers of one table.

    A: (n, n) technical coefficients. coefficients: (3, n) value added, wages and jobs per unit of output.
    labour_income_coefficients w: (n,) household income per unit of output; consumption_shares c: (n,)
    household spending on each industry per unit of that income (:func:`simulator.leontief.closed_leontief_inverse`).

    Returns (kind 2, type 2, measure 4, n): kind 0 = final-demand multipliers f L, kind 1 = direct-effect
    multipliers f L / f; type 0 uses L = (I − A)^-1, type 1 the industry block of the closed inverse (the
    household row is not counted as output, following Miller & Blair §6.2.2's "truncated" Type II multiplier).
    """
    A = np.asarray(A, dtype=float)
    n = A.shape[-1]
    per_unit_output = np.vstack([np.ones(n), np.asarray(coefficients, dtype=float)])
    type_1 = leontief.leontief_inverse(A)
    type_2 = leontief.closed_leontief_inverse(A, labour_income_coefficients, consumption_shares)[:n, :n]
    inverses = np.stack([type_1, type_2])  # (type, n, n)
    final_demand = leontief.final_demand_multipliers(inverses, per_unit_output)
    direct_effect = leontief.direct_effect_multipliers(inverses, per_unit_output)
    return np.stack([final_demand, direct_effect])


def latest_employment_year(region: Region) -> int:
    """The latest year with both regional and national employment by industry."""
    years = set(region.employment_by_sector) & set(region.national_employment_by_sector)
    if not years:
        raise _input_error("year", f"region {region.id!r} has no year with regional and national employment")
    return max(years)


def model_settings(scenario, region: Region) -> tuple[int, float, float]:
    """(year, δ, consumption propensity) with which the simulation model regionalises the table for ``scenario``
    (a validated Scenario of ``region``): its base year's employment, and δ and the propensity at their central
    values in the first projected year, as read by :func:`simulator.model.effects.regional_table`. Passed to
    :func:`multiplier_table`, they give the multipliers a deterministic run of the scenario applies."""
    inputs = build_inputs(scenario, region)
    params = inputs.params
    return inputs.base_year, float(params["flq_delta"][0, 1]), float(params["consumption_propensity"][0, 1])


def multiplier_table(
    region: Region,
    delta: float = 0.3,
    consumption_propensity: float = 0.7,
    year: int | None = None,
) -> MultiplierTable:
    """The region's multiplier table, national beside regional, Type I and Type II.

    National: A = Z / x from ``region.national``. Regional: A_r = FLQ(A; employment by industry in ``year``,
    region vs nation; δ = ``delta``). Both use the national coefficients per unit of output (same technology
    assumption): value added / x, compensation / x, employment / x (persons per million KZT).

    Type II closes the model with households: row w = compensation / x; column c = consumption_propensity ×
    (households' consumption of each industry's domestic output / households' total consumption, domestic and
    imported). Regionally, households buy locally what the region's industries can supply, by the simple
    location quotient: c^r_s = c_s · min(SLQ_s, 1) (no λ: the size penalty of FLQ is meant for inter-industry
    purchases, and consumer services are mostly local; the simulation model uses the same rule).
    ``consumption_propensity`` is the share of labour income
    spent on consumption after income taxes, contributions and saving.

    ``year``: the employment year for the location quotients; default the latest year with both regional and
    national employment by industry (:func:`latest_employment_year`). The simulation model uses its scenario's
    base year instead (:func:`model_settings`), which may be earlier. Bad parameters raise InputError.
    """
    if not np.isfinite(delta) or delta < 0:
        raise _input_error("delta", f"must be a non-negative number, got {delta}")
    if not 0 <= consumption_propensity < 1:
        raise _input_error("consumption_propensity", f"must be in [0, 1), got {consumption_propensity}")
    if year is None:
        year = latest_employment_year(region)
    elif year not in region.employment_by_sector or year not in region.national_employment_by_sector:
        available = sorted(set(region.employment_by_sector) & set(region.national_employment_by_sector))
        raise _input_error("year", f"no regional and national employment by sector for {year}; have {available}")

    table = region.national
    x = np.asarray(table.x, dtype=float)
    A = leontief.technical_coefficients(table.Z, x)
    per_unit_output = leontief.technical_coefficients(
        np.vstack([table.value_added, table.compensation, table.employment]), x
    )
    wages = per_unit_output[1]

    regional_employment = np.asarray(region.employment_by_sector[year], dtype=float)
    national_employment = np.asarray(region.national_employment_by_sector[year], dtype=float)
    A_regional = leontief.flq(A, regional_employment, national_employment, delta)
    quotients = leontief.slq(regional_employment, national_employment)
    lam = float(leontief.flq_lambda(regional_employment.sum(), national_employment.sum(), delta))

    if table.household_consumption_total <= 0:
        raise _input_error("household_consumption_total", f"region {region.id!r}: must be positive")
    shares = consumption_propensity * np.asarray(table.household_consumption, dtype=float)
    shares = shares / table.household_consumption_total
    regional_shares = shares * np.minimum(quotients, 1.0)

    values = np.stack(
        [
            multipliers_from_coefficients(A, per_unit_output, wages, shares),
            multipliers_from_coefficients(A_regional, per_unit_output, wages, regional_shares),
        ],
        axis=1,
    )  # (kind, area, type, measure, n)
    return MultiplierTable(
        region_id=region.id,
        region_name=region.name,
        sectors=tuple(region.sectors),
        sector_labels=tuple(region.sector_labels),
        year=int(year),
        price_year=int(table.price_year),
        delta=float(delta),
        consumption_propensity=float(consumption_propensity),
        flq_lambda=lam,
        location_quotients=quotients,
        consumption_shares=np.stack([shares, regional_shares]),
        values=values,
    )


def _input_error(path: str, message: str) -> InputError:
    return InputError(Problem(file="multiplier_table", line=None, column=None, path=path, message=message))
