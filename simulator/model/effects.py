"""Direct, construction, indirect (Type I) and induced (Type II) effects of the projects.

The regional table: national technical coefficients regionalised with Flegg's location quotient (FLQ) on the
base year's regional vs national employment, ``A_r = flq(A, E_r, E_n, δ)``, ``L = (I − A_r)^-1`` (never formed: the
model solves for the few products it needs, see :func:`responses`). Households close the model for Type II:
labour income per unit of output ``w`` (national compensation / output) and local consumption per unit of
labour income ``c_s = propensity · (household spending share)_s · min(SLQ_s, 1)``, giving ``L̄`` (n+1, n+1).

Channels, for each project p (real, base-year prices):

* direct: the project's own output ``x_p``, value added ``v_p x_p``, its stated jobs and wages.
* indirect (Type I): first-round local purchases ``q_p = x_p (1 − v_p) · local content`` spread over supplying
  industries by the mix ``m_p``, propagated through the region: ``Δx = L m_p q_p``. Sector changes buy inputs
  along the region's own column, ``q_p = Σ_i a^r_is Δx_s``. Local purchases — not gross output — drive
  indirect effects, so a kit-assembly plant with little local content gets a small multiplier.
* induced (Type II): ``Δx = (L̄₁₁ − L) m_p q_p + L̄[:n, n] · (direct labour income of p)``.
* construction: local capital spending ``f`` (construction works, domestic equipment, margins on imported
  equipment) is final demand on the region: first round ``f``, indirect ``(L − I) f``, induced ``(L̄₁₁ − L) f``.

Jobs follow output through regional jobs per unit of output (base-year persons per million KZT, falling with
baseline labour productivity). Value added follows national value-added coefficients.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import io


@dataclass(frozen=True)
class RegionalTable:
    """The region's coefficients A (D, n, n), the household closure (w (n,), c (D, n)) and its SLQs (n,)."""

    A: np.ndarray
    labour_income: np.ndarray
    consumption: np.ndarray
    slq: np.ndarray


def regional_table(inputs) -> RegionalTable:
    """Regionalise the national coefficients by FLQ (per distinct δ draw) and close with households."""
    region = inputs.region
    year = inputs.base_year
    E_r = region.employment_by_sector[year]
    E_n = region.national_employment_by_sector[year]
    delta = inputs.params["flq_delta"][:, 1]  # (D,) a property of the table, read at the first projected year
    A_r = io.flq(inputs.A_national, E_r, E_n, delta)  # (D, n, n)
    slq = io.slq(E_r, E_n)
    propensity = inputs.params["consumption_propensity"][:, 1:2]  # (D, 1)
    consumption = propensity * inputs.household_shares[None, :] * np.minimum(slq, 1.0)[None, :]
    return RegionalTable(A=A_r, labour_income=inputs.wage_coefficient, consumption=consumption, slq=slq)


@dataclass(frozen=True)
class Responses:
    """Output responses of the regional economy, per unit of each driver.

    type1 (D, m, n): L v for each demand vector v (row m); type2 (D, m, n): (L̄₁₁ − L) v, the induced part;
    household (D, n): L̄[:n, n], output per unit of labour income spent by households.
    """

    type1: np.ndarray
    type2: np.ndarray
    household: np.ndarray


def responses(table: RegionalTable, demand: np.ndarray) -> Responses:
    """Type I and Type II output responses to demand vectors (D or 1, m, n), without forming any inverse.

    With L = (I − A)^-1 and the closed model [[A, c], [w, 0]], the Schur complement of I − A gives
    S = 1 − w L c, L̄₁₁ = L + (L c)(w L)/S and L̄[:n, n] = L c / S (Miller & Blair §2.5 via block inversion).
    So one solve of (I − A) X = [demand | c] per draw gives everything: type1 = L v, household = L c / S,
    type2 = (w · L v) L c / S. Equal to :func:`simulator.io.closed_leontief_inverse`
    (tested), at a fraction of the cost of two (n+1)² inverses per draw.
    """
    A = table.A
    draws = max(A.shape[0], demand.shape[0], table.consumption.shape[0])
    n = A.shape[-1]
    system = np.eye(n) - A  # (D_A, n, n)
    rhs = np.concatenate(
        [
            np.broadcast_to(np.swapaxes(demand, 1, 2), (draws, n, demand.shape[1])),
            np.broadcast_to(table.consumption[:, :, None], (draws, n, 1)),
        ],
        axis=2,
    )
    solved = np.linalg.solve(np.broadcast_to(system, (draws, n, n)), rhs)  # (D, n, m + 1)
    type1 = np.swapaxes(solved[:, :, :-1], 1, 2)  # (D, m, n): L v
    Lc = solved[:, :, -1]  # (D, n)
    w = table.labour_income
    complement = 1.0 - Lc @ w  # S = 1 − w L c, (D,)
    household = Lc / complement[:, None]
    type2 = (type1 @ w)[:, :, None] * household[:, None, :]  # (w L v) L c / S
    return Responses(type1=type1, type2=type2, household=household)


MEASURES = ("value_added", "jobs", "labour_income")


@dataclass(frozen=True)
class Effects:
    """Effects by channel (direct, construction, indirect, induced), real, million KZT/yr and persons.

    totals[measure][channel]: (D, T) summed over projects — always computed, straight from per-project
    multipliers, so ensembles need no per-project arrays. per_project[measure][channel]: (D, T, P) and
    value_added_by_sector (D, T, n): only with ``detail``. output, local_purchases, direct_value_added,
    direct_labour_income: (D, T, P), always (the fiscal block taxes each project's own value added and wages).
    """

    totals: dict[str, dict[str, np.ndarray]]
    output: np.ndarray
    local_purchases: np.ndarray
    direct_value_added: np.ndarray
    direct_labour_income: np.ndarray
    per_project: dict[str, dict[str, np.ndarray]] | None
    value_added_by_sector: np.ndarray | None


def project_effects(inputs, baseline, table: RegionalTable, detail: bool = True) -> Effects:
    """All effect channels of all projects, vectorised over draws, years and projects.

    Jobs and labour income per unit of output separate into an industry vector times a year index
    (``e_s(t) = e0_s · job_index(t)``, ``wage_s(t) = rel_s · W(t)``), so every channel reduces to per-project
    multipliers (D, P) times yearly flows (D, T, P): no (draw, year, project, industry) array is formed.
    """
    pa = inputs.projects
    s = pa.sector_index
    n = inputs.va_coefficient.size
    # coefficient rows, (3, n): value added, jobs and labour income per unit of output (income in units of
    # the year's real average wage per person, times the job index)
    coefficients = np.stack(
        [inputs.va_coefficient, baseline.jobs_per_output0, baseline.jobs_per_output0 * inputs.relative_wage]
    )
    job_index = baseline.job_index  # (D, T)
    wage = baseline.real_average_wage_year  # (D, T) million KZT per person-year
    shape = np.broadcast_shapes(job_index.shape, wage.shape)
    year_scale = np.stack([np.ones(shape), np.broadcast_to(job_index, shape), job_index * wage])  # (3, D, T)

    # direct output: plants and programmes as given; sector changes scale their sector's baseline output
    output = pa.fixed_output + pa.output_factor * baseline.output[:, :, s]
    direct_va = output * pa.va_share
    input_share = table.A[:, :, s].sum(axis=1)[:, None, :]  # (D, 1, P) regional inputs per unit of output
    purchases = np.where(pa.regional_inputs, output * input_share, output * (1.0 - pa.va_share) * pa.local_content)
    column = np.moveaxis(table.A[:, :, s], 1, 2)  # (D, P, n)
    safe = np.where(input_share[:, 0, :, None] > 0, input_share[:, 0, :, None], 1.0)
    mix = np.where(pa.regional_inputs[None, :, None], column / safe, pa.purchase_mix[None, :, :])
    direct_jobs = np.where(
        pa.jobs_from_output, output * baseline.jobs_per_output0[s] * job_index[:, :, None], pa.stated_jobs
    )
    direct_income = direct_jobs * pa.wage_relative * wage[:, :, None]

    # output per unit of purchases (D, P, n), per unit of household income (D, n), per unit of capex (D, 3, n):
    # one set of solves for the projects' supplier mixes and the three capex industries together
    k = pa.capex_sector_index
    P = s.size
    unit = np.broadcast_to(np.eye(n)[k], (1, k.size, n))
    drivers = np.concatenate([mix, np.broadcast_to(unit, (mix.shape[0], k.size, n))], axis=1)
    r = responses(table, drivers)
    type1, type2 = r.type1[:, :P], r.type2[:, :P]
    capex_first = np.broadcast_to(unit, (r.type1.shape[0], k.size, n))
    capex_type1 = r.type1[:, P:] - capex_first
    capex_type2 = r.type2[:, P:]
    household = r.household

    # multipliers: coefficient rows times output responses, (3, D, P), (3, D) and (3, D, 3 capex parts)
    purchase_weights = {"indirect": _rows(coefficients, type1), "induced": _rows(coefficients, type2)}
    income_weight = np.einsum("cn,dn->cd", coefficients, household)
    capex_weights = {
        "construction": _rows(coefficients, capex_first),
        "indirect": _rows(coefficients, capex_type1),
        "induced": _rows(coefficients, capex_type2),
    }
    capex = pa.capex_local  # (D, T, P, 3)
    has_stated = (pa.construction_jobs > 0).any(axis=(0, 1))  # (P,) projects that state their job-years
    capex_total = capex.sum(axis=2)  # (D, T, 3)
    capex_unstated = capex[:, :, ~has_stated, :].sum(axis=2)

    def total(channel):
        """(3, D, T) for one indirect/induced/construction channel, summed over projects."""
        out = np.einsum("ckd,dtk->cdt", capex_weights[channel].transpose(0, 2, 1), capex_total)
        if channel in purchase_weights:
            out = out + np.einsum("cdp,dtp->cdt", purchase_weights[channel], purchases)
        if channel == "induced":
            out = out + income_weight[:, :, None] * direct_income.sum(axis=2)[None]
        return out * year_scale

    totals = {m: {} for m in MEASURES}
    direct = (direct_va.sum(axis=2), direct_jobs.sum(axis=2), direct_income.sum(axis=2))
    for channel in ("construction", "indirect", "induced"):
        values = total(channel)
        for m, measure in enumerate(MEASURES):
            totals[measure][channel] = values[m]
    for m, measure in enumerate(MEASURES):
        totals[measure]["direct"] = direct[m]
    stated_jobs = pa.construction_jobs.sum(axis=2)
    unstated = np.einsum("dk,dtk->dt", capex_weights["construction"][1], capex_unstated) * year_scale[1]
    totals["jobs"]["construction"] = stated_jobs + unstated

    per_project = by_sector = None
    if detail:
        per_project = _per_project(
            purchase_weights, income_weight, capex_weights, purchases, direct_income, capex, year_scale
        )
        per_project["jobs"]["construction"] = np.where(
            has_stated, pa.construction_jobs, per_project["jobs"]["construction"]
        )
        for measure, value in zip(MEASURES, (direct_va, direct_jobs, direct_income), strict=True):
            per_project[measure]["direct"] = value
        flows = (
            purchases @ (type1 + type2)
            + direct_income.sum(axis=2)[:, :, None] * household[:, None, :]
            + capex_total @ (capex_first + capex_type1 + capex_type2)
        )
        by_sector = flows * inputs.va_coefficient + direct_va @ np.eye(n)[s]
    return Effects(
        totals=totals,
        output=output,
        local_purchases=purchases,
        direct_value_added=direct_va,
        direct_labour_income=direct_income,
        per_project=per_project,
        value_added_by_sector=by_sector,
    )


def _rows(coefficients: np.ndarray, responses: np.ndarray) -> np.ndarray:
    """Coefficient rows (3, n) times output responses (D, m, n): (3, D, m)."""
    return np.einsum("cn,dmn->cdm", coefficients, responses)


def _per_project(purchase_weights, income_weight, capex_weights, purchases, direct_income, capex, year_scale):
    """{measure: {channel: (D, T, P)}} for the construction, indirect and induced channels."""
    out = {m: {} for m in MEASURES}
    for channel in ("construction", "indirect", "induced"):
        values = np.einsum("cdk,dtpk->cdtp", capex_weights[channel], capex)
        if channel in purchase_weights:
            values = values + purchase_weights[channel][:, :, None, :] * purchases[None]
        if channel == "induced":
            values = values + income_weight[:, :, None, None] * direct_income[None]
        values = values * year_scale[:, :, :, None]
        for m, measure in enumerate(MEASURES):
            out[measure][channel] = values[m]
    return out
