"""Labour market: who fills the projects' jobs, migration, commuting, unemployment, wage pressure and the wage bill.

Yearly, with the migrants' stock M and the wage index ω carried from one year to the next (the one loop over
years); persons unless noted, all (D, T):

* gross labour demand G = direct + construction + indirect + induced jobs; displacement D = d·G (jobs taken
  from existing firms, not net new); net demand N = G − D;
* the local pool: residents unemployed above the frictional floor, migrants included,
  pool = max(U_b − u_min LF_b, 0) + (1 − u_min) M (= U_b + M − u_min (LF_b + M) when the baseline is at or above
  its floor; migrants came for the jobs, so they are hired even where residents are below it). A share β
  (``participation_share``) of local hires comes from outside the labour force (students, homemakers, early
  retirees taking a job), the rest from the unemployed, so
  L hires lower unemployment by (1 − β) L and raise the labour force by β L; the floor U ≥ u_min LF then allows
  L ≤ pool / (1 − β (1 − u_min)); hired locally L = min(N, that); the gap R = N − L;
* the gap is filled, in this order, by commuters from neighbouring regions C = c·R and by moves out of
  self-employment S = s·(R − C); unfilled (the shortage) V = R − C − S; M_{t+1} = M_t + μ·V_t;
* residents' employment (LFS) E = E_b + L (a commuter is not a resident; a self-employed person who takes a
  job was employed already); labour force LF = LF_b + M + β L; unemployed U = LF − E = U_b + M − (1 − β) L
  ≥ u_min·LF whenever the baseline is at or above its floor; employees (the workplace count behind the
  average wage) = employees_b + F, F = L + C + S the jobs filled;
* wage pressure: the market wage index ω_t = ω_{t−1} + λ (ω*_t − ω_{t−1}), ω*_t = r_t / r_A with
  r_t = (u_t/u_b,t)^(−ε), u_t the scenario's unemployment rate (never below the floor) and u_b,t the
  no-project one, both held at :data:`WAGE_CURVE_MIN_RATE` or above; A is the last published year, whose wages
  are the data's and were earned at its published rate, so only tightening beyond A's is new pressure (r_A = 1
  when no year is published); ω = 1 in published years;
* the wage bill, million KZT/yr nominal: WB = B + J + K + P, with B = W_b·employees_b·12/1e6 the baseline bill,
  J = F·W_b·12/1e6 the jobs filled at the average wage (new jobs), K = (F/N)(new jobs' labour income −
  G·W_b·12/1e6) their pay above the average (composition), P = (ω − 1)((1 − φ)·B + J + K) the wage pressure
  on market pay (φ the public share of employees, whose pay is set nationally); average wage = WB /
  employees, KZT/month.

Unfilled jobs do not constrain output; they are reported as a shortage (docs/model.md §5 says why).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: the wage curve w ~ u^(−ε) is infinite at u = 0: below this unemployment rate (share) it is held flat. Only a
#: floor (min_unemployment_rate) set below it reaches it; the lowest regional rate published for 2014-2025 is
#: 3.4 % (East Kazakhstan, 2023; shared data labour_by_region.csv, UNEMPLOYMENT_RATE).
WAGE_CURVE_MIN_RATE = 0.005


@dataclass(frozen=True)
class LabourMarket:
    """(D, T) persons unless noted: gross, displaced, hired locally (``filled``), commuters, from
    self-employment, unfilled, migrants, employment, employees, labour_force, unemployed, unemployment_rate
    (share), wage_index (ω, market pay), wage_bill and its parts baseline_wage_bill, new_jobs_bill,
    composition_bill, pressure_bill (million KZT/yr nominal), average_wage (KZT/month nominal)."""

    gross: np.ndarray
    displaced: np.ndarray
    filled: np.ndarray
    commuters: np.ndarray
    self_employed: np.ndarray
    unfilled: np.ndarray
    migrants: np.ndarray
    employment: np.ndarray
    employees: np.ndarray
    labour_force: np.ndarray
    unemployed: np.ndarray
    unemployment_rate: np.ndarray
    wage_index: np.ndarray
    wage_bill: np.ndarray
    average_wage: np.ndarray
    baseline_wage_bill: np.ndarray
    new_jobs_bill: np.ndarray
    composition_bill: np.ndarray
    pressure_bill: np.ndarray
    baseline_wage_factor: np.ndarray


def labour_market(
    params,
    baseline,
    gross_jobs: np.ndarray,
    new_labour_income_real: np.ndarray,
    observed: int = 0,
    wage_years: int = 0,
) -> LabourMarket:
    """gross_jobs (D, T): all project jobs; new_labour_income_real (D, T): their labour income, real million KZT.
    observed: the first ``observed`` model years are published: the projects' net jobs there existed and were
    held by residents, so they count as hired locally whatever the pool (the baseline's calibration took them
    out of published employment), and the wage index is 1 in those years. wage_years: the first ``wage_years``
    years have a published average wage, which the scenario reproduces: the no-project wage bill there is the
    published wage × the scenario's employees less the projects' new-jobs and composition bills
    (:func:`published_wage_factor`), and ``baseline_wage_factor`` carries that to :func:`without_projects`."""
    d = params["displacement_share"]
    public = params["public_employee_share"]
    # the baseline wage (CPI) may vary by draw when nothing else does (a goal seek on one year's inflation)
    shape = np.broadcast_shapes(gross_jobs.shape, baseline.labour_force.shape, baseline.average_wage.shape, d.shape)
    gross = np.broadcast_to(gross_jobs, shape)
    displaced = d * gross
    net = gross - displaced
    lf_b = np.broadcast_to(baseline.labour_force, shape)
    u_b = np.broadcast_to(baseline.unemployed, shape)
    base_rate = baseline.unemployed / baseline.labour_force

    responses = [params[k] for k in ("min_unemployment_rate", "migration_response", "commuting_response")]
    responses += [params[k] for k in ("self_employment_response", "wage_curve_elasticity", "wage_adjustment_speed")]
    beta = params["participation_share"]
    hired, commuters, self_employed, migrants, wage_index = _fill_jobs(
        net, lf_b, u_b, base_rate, *responses, beta, observed
    )
    filled = hired + commuters + self_employed
    unfilled = net - filled

    employment = baseline.employment + hired
    employees = baseline.employees + filled
    labour_force = lf_b + migrants + beta * hired
    unemployed = labour_force - employment
    # ≥ the floor by construction (hires never exceed the pool); the max only removes float rounding of the
    # difference above (1 ulp), so that no projected year reports a rate a hair below its floor
    floor = np.minimum(params["min_unemployment_rate"], base_rate)
    floor = np.where(np.arange(shape[1]) >= observed, floor, 0.0)
    rate = np.maximum(unemployed / labour_force, floor)

    to_bill = baseline.average_wage * 12.0 / 1e6  # million KZT a year per job at the average wage
    baseline_bill = baseline.average_wage * baseline.employees * 12.0 / 1e6
    with np.errstate(divide="ignore", invalid="ignore"):
        fill_ratio = np.where(net != 0, filled / np.where(net != 0, net, 1.0), 1.0)
    new_jobs_bill = filled * to_bill
    composition_bill = fill_ratio * (new_labour_income_real * baseline.cpi - gross * to_bill)
    wage_factor = published_wage_factor(
        baseline.average_wage, employees, new_jobs_bill + composition_bill, baseline_bill, wage_years
    )
    baseline_bill = baseline_bill * wage_factor
    pressure_bill = (wage_index - 1.0) * ((1.0 - public) * baseline_bill + new_jobs_bill + composition_bill)
    wage_bill = baseline_bill + new_jobs_bill + composition_bill + pressure_bill
    average_wage = wage_bill / employees * 1e6 / 12.0
    return LabourMarket(
        gross=gross,
        displaced=displaced,
        filled=hired,
        commuters=commuters,
        self_employed=self_employed,
        unfilled=unfilled,
        migrants=migrants,
        employment=employment,
        employees=employees,
        labour_force=labour_force,
        unemployed=unemployed,
        unemployment_rate=rate,
        wage_index=wage_index,
        wage_bill=wage_bill,
        average_wage=average_wage,
        baseline_wage_bill=np.broadcast_to(baseline_bill, shape),
        new_jobs_bill=new_jobs_bill,
        composition_bill=composition_bill,
        pressure_bill=pressure_bill,
        baseline_wage_factor=wage_factor,
    )


def published_wage_factor(
    average_wage: np.ndarray, employees: np.ndarray, added_bill: np.ndarray, baseline_bill: np.ndarray, years: int
) -> np.ndarray:
    """The factor (D, T) on the no-project wage bill that makes the scenario reproduce the published average wage
    W in the first ``years`` years: (W · employees · 12/1e6 − added) / baseline bill there, the last of them
    after (the projects' share of the wage level, as :func:`simulator.model.baseline.calibrated` carries their
    share of employment). average_wage W KZT/month, employees (the scenario's) persons, added (the projects' new
    jobs and composition bills) and baseline_bill million KZT/yr. No published year: 1. With no project jobs
    the factor is 1 exactly (the target is the baseline bill itself)."""
    shape = np.broadcast_shapes(
        np.shape(average_wage), np.shape(employees), np.shape(added_bill), np.shape(baseline_bill)
    )
    if years <= 0:
        return np.ones(shape)
    target = average_wage * employees * 12.0 / 1e6
    published = np.broadcast_to((target - added_bill) / baseline_bill, shape)
    factor = np.empty(shape)
    factor[:, :years] = published[:, :years]
    factor[:, years:] = published[:, years - 1 : years]
    return factor


def without_projects(baseline, wage_factor: np.ndarray | float = 1.0) -> LabourMarket:
    """The labour market with no project jobs: the baseline itself, with the same expressions as
    :func:`labour_market` for zero jobs (nobody displaced, hired or drawn in; the unemployment rate is the
    baseline's, so ω = 1), whose values it equals bit for bit without its year loop (tests/test_labour.py).
    wage_factor: the scenario's ``baseline_wage_factor`` (published years' wages less the projects' part)."""
    zero = np.zeros_like(baseline.labour_force)
    labour_force = baseline.labour_force + zero
    employment = baseline.employment + zero
    unemployed = labour_force - employment
    wage_bill = baseline.average_wage * baseline.employees * 12.0 / 1e6 * wage_factor
    return LabourMarket(
        gross=zero,
        displaced=zero,
        filled=zero,
        commuters=zero,
        self_employed=zero,
        unfilled=zero,
        migrants=zero,
        employment=employment,
        employees=baseline.employees + zero,
        labour_force=labour_force,
        unemployed=unemployed,
        unemployment_rate=unemployed / labour_force,
        wage_index=np.ones_like(zero),
        wage_bill=wage_bill,
        average_wage=wage_bill / (baseline.employees + zero) * 1e6 / 12.0,
        baseline_wage_bill=wage_bill,
        new_jobs_bill=zero,
        composition_bill=zero,
        pressure_bill=zero,
        baseline_wage_factor=np.ones_like(zero) * wage_factor,
    )


def _fill_jobs(
    net, labour_force, unemployed, base_rate, u_min, mu, commute, self_employ, eps, speed, beta=0.0, observed=0
):
    """Who fills the net jobs, year by year, and the market wage index: (hired, commuters, self_employed,
    migrants, wage_index), (D, T) each (module docstring for the formulas).

    net, labour_force, unemployed (persons) and base_rate (the baseline's unemployment rate) are the
    baseline's; the rest are the parameters (shares, ε dimensionless; β the share of local hires from outside
    the labour force). In the first ``observed`` years every net job is hired locally and ω = 1 (published
    years); the wage curve's reference r_A is the last of them. The year loop runs over year-major (T, D)
    copies, so each year's values are contiguous.
    """
    shape = net.shape
    args = (net, labour_force, unemployed, base_rate, u_min, mu, commute, self_employ, eps, speed, beta)
    net_t, lf_t, u_t, rate_t, floor_t, mu_t, c_t, s_t, eps_t, speed_t, beta_t = (
        np.ascontiguousarray(np.broadcast_to(a, shape).T) for a in args
    )
    hired, commuters, self_employed, migrants, omega = (np.zeros((shape[1], shape[0])) for _ in range(5))
    stock = np.zeros(shape[0])
    index = np.ones(shape[0])
    reference = np.ones(shape[0])

    def curve(t):
        """r_t = (u_t / u_b,t)^(−ε) for this year's hires (both rates held at WAGE_CURVE_MIN_RATE or above)."""
        rate = (u_t[t] + stock - (1.0 - beta_t[t]) * hired[t]) / (lf_t[t] + stock + beta_t[t] * hired[t])
        base = np.maximum(rate_t[t], WAGE_CURVE_MIN_RATE)
        return (np.maximum(rate, WAGE_CURVE_MIN_RATE) / base) ** -eps_t[t]

    for t in range(shape[1]):  # the migrants' stock and the wage index carry over: the only loop over years
        migrants[t] = stock
        if t < observed:
            hired[t] = net_t[t]
            omega[t] = 1.0
            if t == observed - 1:  # the last published year: its wages already hold its tightness
                reference = curve(t)
            continue
        pool = np.maximum(u_t[t] - floor_t[t] * lf_t[t], 0.0) + (1.0 - floor_t[t]) * stock
        np.minimum(net_t[t], pool / (1.0 - beta_t[t] * (1.0 - floor_t[t])), out=hired[t])
        gap = net_t[t] - hired[t]
        commuters[t] = c_t[t] * gap
        self_employed[t] = s_t[t] * (gap - commuters[t])
        index = index + speed_t[t] * (curve(t) / reference - index)
        omega[t] = index
        stock = stock + mu_t[t] * (gap - commuters[t] - self_employed[t])
    return tuple(np.ascontiguousarray(a.T) for a in (hired, commuters, self_employed, migrants, omega))
