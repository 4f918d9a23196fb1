"""Labour market: who fills the projects' jobs, migration, unemployment, wage pressure and the average wage.

Yearly, with the cumulative in-migration M carried from one year to the next (the one loop over years):

* gross labour demand G = direct + construction + indirect + induced jobs; displacement D = d·G (jobs taken
  from existing firms, not net new); net demand N = G − D;
* the local pool: baseline unemployed above the frictional floor, plus migrants,
  pool = max(U_b + M − u_min (LF_b + M), 0); filled F = min(N, pool); unfilled V = N − F;
* M_{t+1} = M_t + μ V_t (a share μ of unfilled jobs draws in migrants by next year);
* employment = E_b + F, labour force = LF_b + M, unemployment = labour force − employment;
* wage curve: all wages scale by ω = (u_eff / u_b)^(−ε), u_eff = max(u − V/LF, u_min/2), u_b the baseline rate;
* composition: the wage bill adds the new jobs at their own wages (project wage, industry wages) and removes
  the displaced jobs at the average wage; average wage = wage bill / employees.

Output is not constrained by unfilled jobs (a documented simplification); they are reported as a shortage.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LabourMarket:
    """(D, T) persons unless noted: gross, displaced, filled, unfilled, migrants, employment, employees,
    labour_force, unemployed, unemployment_rate (share), wage_index (ω), wage_bill (million KZT/yr nominal),
    average_wage (KZT/month nominal), baseline_wage_bill."""

    gross: np.ndarray
    displaced: np.ndarray
    filled: np.ndarray
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


def labour_market(
    params, baseline, gross_jobs: np.ndarray, new_labour_income_real: np.ndarray, observed: int = 0
) -> LabourMarket:
    """gross_jobs (D, T): all project jobs; new_labour_income_real (D, T): their labour income, real million KZT.
    observed: the first ``observed`` model years are published: the projects' net jobs there existed, so they
    count as filled whatever the pool (the baseline's calibration took them out of published employment), and
    the wage curve adds nothing to those years' wages."""
    d = params["displacement_share"]
    mu = params["migration_response"]
    u_min = params["min_unemployment_rate"]
    eps = params["wage_curve_elasticity"]
    # the baseline wage (CPI) may vary by draw when nothing else does (a goal seek on one year's inflation)
    shape = np.broadcast_shapes(gross_jobs.shape, baseline.labour_force.shape, baseline.average_wage.shape, d.shape)
    gross = np.broadcast_to(gross_jobs, shape)
    displaced = d * gross
    net = gross - displaced
    lf_b = np.broadcast_to(baseline.labour_force, shape)
    u_b = np.broadcast_to(baseline.unemployed, shape)

    filled, migrants = _fill_jobs(net, lf_b, u_b, u_min, mu, observed)
    unfilled = net - filled

    employment = baseline.employment + filled
    employees = baseline.employees + filled
    labour_force = lf_b + migrants
    unemployed = labour_force - employment
    rate = unemployed / labour_force
    base_rate = baseline.unemployed / baseline.labour_force
    effective = np.maximum(rate - unfilled / labour_force, np.minimum(0.5 * u_min, base_rate))
    wage_index = (effective / base_rate) ** (-eps)
    wage_index[:, :observed] = 1.0  # published years: the wages are the data's, no pressure added to them

    baseline_bill = baseline.average_wage * baseline.employees * 12.0 / 1e6
    with np.errstate(divide="ignore", invalid="ignore"):
        fill_ratio = np.where(net != 0, filled / np.where(net != 0, net, 1.0), 1.0)
    new_bill = new_labour_income_real * baseline.cpi
    displaced_bill = displaced * baseline.average_wage * 12.0 / 1e6
    wage_bill = wage_index * (baseline_bill + fill_ratio * (new_bill - displaced_bill))
    average_wage = wage_bill / employees * 1e6 / 12.0
    return LabourMarket(
        gross=gross,
        displaced=displaced,
        filled=filled,
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
    )


def without_projects(baseline) -> LabourMarket:
    """The labour market with no project jobs: the baseline itself, with the same expressions as
    :func:`labour_market` for zero jobs (nobody displaced, filled or drawn in; the unemployment rate is the
    baseline's, so ω = 1), whose values it equals bit for bit without its year loop (tests/test_labour.py)."""
    zero = np.zeros_like(baseline.labour_force)
    labour_force = baseline.labour_force + zero
    employment = baseline.employment + zero
    unemployed = labour_force - employment
    wage_bill = baseline.average_wage * baseline.employees * 12.0 / 1e6
    return LabourMarket(
        gross=zero,
        displaced=zero,
        filled=zero,
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
    )


def _fill_jobs(net, labour_force, unemployed, u_min, mu, observed: int = 0):
    """Jobs filled from the local pool and the migrants' stock, year by year: (filled, migrants), (D, T) each.

    pool_t = max(U_t + M_t − u_min,t (LF_t + M_t), 0); F_t = min(N_t, pool_t); M_{t+1} = M_t + μ_t (N_t − F_t),
    M_0 = 0; in the first ``observed`` years F_t = N_t (published years: the jobs were filled). The year loop runs
    over year-major (T, D) copies, so each year's values are contiguous.
    """
    shape = net.shape
    by_year = [np.ascontiguousarray(np.broadcast_to(a, shape).T) for a in (net, labour_force, unemployed, u_min, mu)]
    net_t, lf_t, u_t, floor_rate, response = by_year
    filled = np.empty((shape[1], shape[0]))
    migrants = np.empty((shape[1], shape[0]))
    stock = np.zeros(shape[0])
    for t in range(shape[1]):  # migration stock carries over: the only loop over years
        migrants[t] = stock
        if t < observed:
            filled[t] = net_t[t]
        else:
            pool = np.maximum(u_t[t] + stock - floor_rate[t] * (lf_t[t] + stock), 0.0)
            np.minimum(net_t[t], pool, out=filled[t])
        stock = stock + response[t] * (net_t[t] - filled[t])
    return np.ascontiguousarray(filled.T), np.ascontiguousarray(migrants.T)
