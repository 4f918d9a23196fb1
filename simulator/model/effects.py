"""Direct, construction, indirect (Type I) and induced (Type II) effects of the projects.

The regional table: national technical coefficients regionalised with Flegg's location quotient (FLQ) on the
base year's regional vs national employment, ``A_r = flq(A, E_r, E_n, δ)``, ``L = (I − A_r)^-1`` (never formed: the
model needs only the responses L V to a few driver vectors, see :mod:`simulator.model.table` and
:func:`multipliers`). Households close the model for Type II:
labour income per unit of output ``w`` (national compensation / output) and local consumption per unit of
labour income ``c_s = propensity · (household spending share)_s · min(SLQ_s, 1)``, giving ``L̄`` (n+1, n+1).

Channels, for each project p (real, base-year prices):

* direct: the project's own output ``x_p``, value added ``v_p x_p``, its stated jobs and wages.
* indirect (Type I): first-round local purchases ``q_p = x_p (1 − v_p) · local content`` spread over supplying
  industries by the mix ``m_p``, propagated through the region: ``Δx = L m_p q_p``. The mix is the project's
  stated ``supplier_mix`` where it has one (a fixed driver column: a foundry melting scrap buys scrap, power and
  sand, not the iron ore its industry's column would give it), else ``A_r[:, s] / Σ_i a^r_is``, the region's own
  input column of the project's industry s. Either way it is regional, not national, so that what a project
  buys locally comes from industries the region has (a car plant's local purchases are not booked as steel in a
  region without a steelworks). Sector changes buy inputs along that column in the amount
  ``q_p = Σ_i a^r_is Δx_s``. Local purchases — not gross output — drive indirect effects, so a kit-assembly
  plant with little local content gets a small multiplier.
* netting between projects: the share ``b_pq`` of p's local purchases bought from another project q of the
  scenario (``bought_from_projects``) is q's own output, already counted as q's direct effect with q's purchases
  behind it; it leaves p's driver column (``m_p − Σ_q b_pq e_{s_q}``, :func:`simulator.model.projects.supplier_mixes`),
  so it is not final demand twice. It still counts in p's local purchases (``Impact|Local Purchases``).
* a replaced line (``replaces``): the output ``r_p``, value added ``v'_p r_p``, local purchases
  ``r_p (1 − v'_p) lc'_p`` (along p's mix) and jobs of an existing product line the project takes over come off
  p's own from the year it is replaced, so every channel, and the taxes on p's value added and wages, count only
  the difference.
* induced (Type II): ``Δx = (L̄₁₁ − L) m_p q_p + L̄[:n, n] · (direct labour income of p)``.
* construction: local capital spending ``f`` (construction works, domestic equipment, margins on imported
  equipment) is final demand on the region: first round ``f``, indirect ``(L − I) f``, induced ``(L̄₁₁ − L) f``.

Jobs follow output through regional jobs per unit of output (base-year persons per million KZT, falling with
baseline labour productivity). Value added follows national value-added coefficients.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import leontief
from .table import column_sums, flq_parts, solve_responses, supply_kept


@dataclass(frozen=True)
class RegionalTable:
    """What the effect channels need from the regional table (see :mod:`simulator.model.table`).

    K (4, n): coefficient rows — value added, jobs and labour income per unit of output (see
    :func:`coefficient_rows`) and labour income paid to households ``w``. Drivers (the m = P + 3 + 1 columns of
    V): each project's supplier mix, the region's own input column of its industry ``A_r[:, s]`` (not yet
    divided by its sum), unit spending on the three capex industries, household spending per unit of labour
    income at propensity 1 (``c0``). rows (D, 4, m): K L V. responses (D, n, m): L V itself, only with detail.
    input_share (D, P): regional intermediate inputs per unit of output of each project's industry,
    Σ_i a^r_is: a sector change's local purchases per unit of output (other projects buy their stated local
    content). mix_sum (D, P): the sum that turns each project's driver column into its mix per unit of local
    purchases: ``input_share`` for a regional column, 1 for a stated mix (whose column, netted of purchases from
    other projects, sums to 1 or less).
    propensity (D, 1): households' local spending per unit of income scales ``c0``. calibration (D, 3 + C, m):
    value added per unit of each driver in the columns of :meth:`Baseline.calibration_columns` (rows of K L V).
    """

    K: np.ndarray
    rows: np.ndarray
    responses: np.ndarray | None
    input_share: np.ndarray
    propensity: np.ndarray
    calibration: np.ndarray | None = None
    mix_sum: np.ndarray | None = None


def coefficient_rows(inputs, baseline) -> np.ndarray:
    """K (4, n): value added per unit of output, base-year marginal jobs per million KZT of output
    (``baseline.jobs_per_output0``: hired workers in agriculture), labour income per unit of output in units of
    the average wage per person (persons employed × relative wage, i.e. the industry's compensation per unit of
    output: in agriculture the same income goes to fewer, hired, persons), and the household closure's labour
    income per unit of output ``w``."""
    income = baseline.persons_per_output0 * inputs.relative_wage
    return np.stack([inputs.va_coefficient, baseline.jobs_per_output0, income, inputs.wage_coefficient])


def regional_table(inputs, baseline, detail: bool = True) -> RegionalTable:
    """Regionalise by FLQ at each draw's δ and solve for the responses to the drivers.

    δ the same in every draw (its array has one row): one exact solve. δ varying by draw: the interpolation grid
    of :mod:`simulator.model.table` (exact to ~1e-13 relative), instead of a solve per draw, kept by the run's
    cache (``inputs.cache``, :class:`simulator.model.cache.RunCache`) for all its chunks.
    """
    region, year, pa = inputs.region, inputs.base_year, inputs.projects
    E_r = region.employment_by_sector[year]
    E_n = region.national_employment_by_sector[year]
    A = inputs.A_national
    n = A.shape[0]
    quotients, base = flq_parts(A, E_r, E_n)
    c0 = inputs.household_shares * np.minimum(leontief.slq(E_r, E_n), 1.0)
    k = pa.capex_sector_index
    # a project's column is its stated supplier mix (netted of purchases from other projects), else its industry's
    # regional input column A_r[:, s](λ), filled in by the solve
    fixed = np.concatenate([pa.supplier_mix.T, np.eye(n)[:, k], c0[:, None]], axis=1)  # (n, m)
    regional = np.concatenate([~pa.stated_mix, np.zeros(k.size + 1, dtype=bool)])
    sectors = np.concatenate([pa.sector_index, np.zeros(k.size + 1, dtype=int)])
    K = coefficient_rows(inputs, baseline)
    # value added in the calibration's columns (broad sectors, changed industries): extra rows of K L V
    select = (inputs.va_coefficient[:, None] * baseline.calibration_columns()).T  # (3 + C, n)
    K_all = np.concatenate([K, select])
    lam = base ** inputs.params["flq_delta"][:, 1]  # (D,) a property of the table, read at the first projected year
    kept = supply_kept(
        baseline.group == 0, float(inputs.params["supply_limited_share"][0, 0])
    )  # land-bound; one number (uncertain: false)
    if lam.size == 1:
        Y = solve_responses(A, quotients, fixed, regional, sectors, lam, kept)
        rows = K_all @ Y
    else:
        grid = inputs.cache.response_grid(A, quotients, fixed, regional, sectors, K_all, kept)
        rows = grid.rows(lam)
        Y = grid.responses(lam) if detail else None
    # Σ_i a^r_is for each project's industry s
    s = pa.sector_index
    input_share = column_sums(A, quotients, lam, s)  # (D, P)
    propensity = inputs.params["consumption_propensity"][:, 1:2]  # (D, 1)
    mix_sum = np.where(pa.stated_mix, 1.0, input_share)
    return RegionalTable(
        K=K,
        rows=rows[:, :4],
        responses=Y,
        input_share=input_share,
        propensity=propensity,
        calibration=rows[:, 4:],
        mix_sum=mix_sum,
    )


MEASURES = ("value_added", "jobs", "labour_income")


@dataclass(frozen=True)
class Effects:
    """Effects by channel (direct, construction, indirect, induced), real, million KZT/yr and persons.

    totals[measure][channel]: (D, T) summed over projects — always computed, straight from per-project
    multipliers, so ensembles need no per-project arrays. per_project[measure][channel]: (P, D, T) and
    value_added_by_sector (D, T, n): only with ``detail``. output, local_purchases, direct_value_added,
    direct_labour_income: (P, D, T), always (the fiscal block taxes each project's own value added and wages).
    last_value_added (D, 3 + C): value added, all channels, in the last published year, summed by broad sector
    and then for each of the C industries a baseline change moves (:meth:`Baseline.calibration_columns`: what
    the baseline's calibration takes out of the published level), always.
    """

    totals: dict[str, dict[str, np.ndarray]]
    output: np.ndarray
    local_purchases: np.ndarray
    direct_value_added: np.ndarray
    direct_labour_income: np.ndarray
    per_project: dict[str, dict[str, np.ndarray]] | None
    value_added_by_sector: np.ndarray | None
    last_value_added: np.ndarray


def project_effects(inputs, baseline, table: RegionalTable, detail: bool = True) -> Effects:
    """All effect channels of all projects, vectorised over draws, years and projects.

    Jobs and labour income per unit of output separate into an industry vector times a year index
    (``e_s(t) = e0_s · job_index(t)``, ``wage_s(t) = rel_s · W(t)``), so every channel reduces to per-project
    multipliers (D, P) times yearly flows (P, D, T): no (project, draw, year, industry) array is formed.
    """
    pa = inputs.projects
    s = pa.sector_index
    # the coefficient rows' year factors, (3, D, T): value added per unit of output is constant, jobs per unit
    # of output fall with the job index, labour income is in units of the year's real average wage per person
    job_index = baseline.job_index  # (D, T)
    wage = baseline.real_average_wage_year  # (D, T) million KZT per person-year
    shape = np.broadcast_shapes(job_index.shape, wage.shape)
    year_scale = np.stack([np.ones(shape), np.broadcast_to(job_index, shape), job_index * wage])  # (3, D, T)

    # direct output (P, D, T): plants and programmes as given; sector changes scale their sector's baseline
    own = _direct_output(pa, baseline)
    # local purchases per unit of output: the stated local content of inputs, or (sector changes) the regional
    # column's sum Σ_i a^r_is
    bought = np.where(
        pa.regional_inputs[:, None, None], table.input_share.T[:, :, None], (1.0 - pa.va_share) * pa.local_content
    )
    from_output = own * (baseline.jobs_per_output0[s][:, None, None] * job_index)
    own_jobs = np.where(pa.jobs_from_output[:, None, None], from_output, pa.stated_jobs)
    direct_va = own * pa.va_share
    purchases = own * bought
    direct_income = own_jobs * (pa.wage_relative * wage)
    output, direct_jobs = own, own_jobs
    # less the product line each project replaces: only the difference counts. Taken on the rows of the projects
    # that replace one (the others' replaced arrays are zeros, and x − 0 is x: the same numbers, fewer passes)
    r, r_jobs = pa.replaced_output, pa.replaced_jobs
    rows = np.flatnonzero(r.any(axis=(1, 2)) | r_jobs.any(axis=(1, 2)))
    if rows.size:
        output, direct_jobs = own - r, own_jobs - r_jobs
        rva, rlc = pa.replaced_va_share[rows], pa.replaced_local_content[rows]
        direct_va[rows] -= r[rows] * rva
        purchases[rows] -= r[rows] * ((1.0 - rva) * rlc)
        direct_income[rows] -= r_jobs[rows] * (pa.replaced_wage_relative[rows] * wage)

    k = pa.capex_sector_index
    mult = multipliers(table, k)
    purchase_weights, income_weight, capex_weights = mult.purchases, mult.income, mult.capex
    capex = pa.capex_local  # (P, 3, D, T)
    has_stated = (pa.construction_jobs > 0).any(axis=(1, 2))  # (P,) projects that state their job-years
    capex_total = capex.sum(axis=0)  # (3, D, T)

    # totals: per-draw weights (D, channel × measure, ·) times flows (D, ·, T), as batched matrix products
    channels = ("construction", "indirect", "induced")
    draws = max(w.shape[1] for w in capex_weights.values())
    weights = np.concatenate([np.broadcast_to(capex_weights[c], (3, draws, k.size)) for c in channels])
    from_capex = _year_major(np.matmul(weights.transpose(1, 0, 2), capex_total.transpose(1, 0, 2)))  # (9, D, T)
    # one draw of Type I weights when nothing they depend on is sampled (a fixed FLQ delta) beside many of the
    # induced ones (a sampled propensity to consume): broadcast both to the draws
    draws = max(purchase_weights[c].shape[1] for c in ("indirect", "induced"))
    weights = np.concatenate(
        [
            np.broadcast_to(w, (w.shape[0], draws, w.shape[2]))
            for w in (purchase_weights[c] for c in ("indirect", "induced"))
        ]
    )
    from_purchases = _year_major(np.matmul(weights.transpose(1, 0, 2), purchases.transpose(1, 0, 2)))  # (6, D, T)
    income_total = direct_income.sum(axis=0)
    direct = (direct_va.sum(axis=0), direct_jobs.sum(axis=0), income_total)
    totals = {m: {} for m in MEASURES}
    for m, measure in enumerate(MEASURES):
        totals[measure]["direct"] = direct[m]
        for c, channel in enumerate(channels):
            value = from_capex[3 * c + m]
            if channel != "construction":
                value = value + from_purchases[3 * (c - 1) + m]
            if channel == "induced":
                value = value + income_weight[m][:, None] * income_total
            totals[measure][channel] = value * year_scale[m]
    stated_jobs = pa.construction_jobs.sum(axis=0)
    jobs_per_capex = capex_weights["construction"][1].T[:, :, None]  # (3, D, 1) first-round jobs per unit
    unstated = (jobs_per_capex * capex[~has_stated].sum(axis=0)).sum(axis=0) * year_scale[1]
    totals["jobs"]["construction"] = stated_jobs + unstated

    per_project = by_sector = None
    if detail:
        per_project = _per_project(
            purchase_weights, income_weight, capex_weights, purchases, direct_income, capex, year_scale
        )
        per_project["jobs"]["construction"] = np.where(
            has_stated[:, None, None], pa.construction_jobs, per_project["jobs"]["construction"]
        )
        for measure, value in zip(MEASURES, (direct_va, direct_jobs, direct_income), strict=True):
            per_project[measure]["direct"] = value
        by_sector = _by_sector(inputs, table, mult, purchases, income_total, capex_total, direct_va)
    # the last published year's value added by calibration column, taken the same way with or without detail (one
    # year, the few columns the calibration needs), so that totals do not depend on ``detail`` in the last bit
    L = inputs.observed.grp_years - 1
    flows = (purchases[..., L : L + 1], income_total[:, L : L + 1], capex_total[..., L : L + 1])
    last = _by_sector(inputs, table, mult, *flows, direct_va[..., L : L + 1], baseline.calibration_columns())[:, 0]
    return Effects(
        totals=totals,
        output=output,
        local_purchases=purchases,
        direct_value_added=direct_va,
        direct_labour_income=direct_income,
        per_project=per_project,
        value_added_by_sector=by_sector,
        last_value_added=last,
    )


def _by_sector(inputs, table, mult, purchases, income_total, capex_total, direct_va, select=None) -> np.ndarray:
    """Real value added (D, T, k) by industry, all channels, for flows over any slice of years: purchases
    (P, D, T), income_total (D, T), capex_total (3, D, T), direct_va (P, D, T). ``select`` (n, k) sums industries
    into the calibration's k columns (:meth:`Baseline.calibration_columns`, whose value-added responses the table
    carries); None keeps the n industries (needs the table's full responses). Every term is linear in an
    industry vector v, so each is taken as v · (va ∘ select) before the batched products."""
    pa = inputs.projects
    s, ncap = pa.sector_index, pa.capex_sector_index.size
    P, n = s.size, inputs.va_coefficient.size
    if select is None:
        select = np.eye(n)
        Y = np.swapaxes(table.responses, 1, 2) * inputs.va_coefficient  # (D, m, n): value added per driver
    else:
        Y = np.swapaxes(table.calibration, 1, 2)  # (D, m, k)
    household = table.propensity * Y[:, -1, :] / mult.complement[:, None]  # (D, k): L c / S
    type1 = Y[:, :P, :] / mult.norm[:, :, None]  # (D, P, k): L m_p
    income = mult.household_income[:, :, None] * household[:, None, :]  # (D, P + 3, k): (w L v) L c / S
    capex_all = Y[:, P : P + ncap, :] + income[:, P:]  # L e_k + induced
    flows = (
        purchases.transpose(1, 2, 0) @ (type1 + income[:, :P])
        + income_total[:, :, None] * household[:, None, :]
        + capex_total.transpose(1, 2, 0) @ capex_all
    )  # (D, T, k)
    return flows + direct_va.transpose(1, 2, 0) @ select[s]


def _direct_output(pa, baseline) -> np.ndarray:
    """Real gross output (P, D, T): ``fixed_output``, plus for sector changes ``output_factor`` × their
    sector's baseline output (computed for those projects only: the factor is zero for the others)."""
    changes = np.flatnonzero(np.asarray(pa.kinds) == "sector_change")
    if changes.size == 0:
        return pa.fixed_output
    extra = pa.output_factor[changes] * baseline.output_of(pa.sector_index[changes])  # (C, D, T)
    output = np.empty(np.broadcast_shapes(pa.fixed_output.shape, (pa.count, *extra.shape[1:])))
    output[...] = pa.fixed_output
    output[changes] += extra
    return output


def _year_major(values: np.ndarray) -> np.ndarray:
    """(D, k, T) → (k, D, T), contiguous: each of the k rows is then one block for the sums that follow."""
    return np.ascontiguousarray(values.transpose(1, 0, 2))


@dataclass(frozen=True)
class Multipliers:
    """Effects per unit of each driver, as coefficient rows (value added, jobs, labour income; see
    :func:`coefficient_rows`).

    purchases {"indirect", "induced"}: (3, D, P) per unit of each project's local purchases; capex
    {"construction", "indirect", "induced"}: (3, D, 3) per unit of local capital spending in each capex industry;
    income: (3, D) induced per unit of direct labour income. For the per-industry detail: norm (D, P) divides a
    project's regional input column into its mix; complement S (D,); household_income (D, P + 3): labour income
    ``w L v`` per unit of each purchase mix and capex industry.
    """

    purchases: dict[str, np.ndarray]
    capex: dict[str, np.ndarray]
    income: np.ndarray
    norm: np.ndarray
    complement: np.ndarray
    household_income: np.ndarray


def multipliers(table: RegionalTable, capex_sectors: np.ndarray) -> Multipliers:
    """Type I and Type II multipliers from the table's rows K L V (D, 4, m), without forming any inverse.

    Drivers: P purchase mixes, then unit spending on each of ``capex_sectors``, then c0. A project's mix is its
    driver column divided by ``table.mix_sum``: its stated supplier mix as it is, or its industry's regional input
    column divided by its sum (a column that sums to zero, in a region with none of the industry's suppliers,
    stays zero: nothing is bought locally). Households close
    the model by the Schur complement of I − A (Miller & Blair §2.5 via block inversion): with c = propensity ·
    c0 and S = 1 − w L c, the closed model's industry block is L̄₁₁ = L + (L c)(w L)/S and L̄[:n, n] = L c / S,
    so the induced response to a driver v is (w L v) · L c / S, and to household income L c / S. Equal to
    products with :func:`simulator.leontief.closed_leontief_inverse` (tests/test_table.py).
    """
    rows = table.rows
    P = table.input_share.shape[1]
    K = table.K[:3]
    n_capex = len(capex_sectors)
    mix_sum = table.input_share if table.mix_sum is None else table.mix_sum
    norm = np.where(mix_sum > 0, mix_sum, 1.0)  # (D, P)
    G = np.concatenate([rows[:, :, :P] / norm[:, None, :], rows[:, :, P : P + n_capex]], axis=2)  # K L v
    Gc = rows[:, :, -1]  # (D, 4): K L c0
    complement = 1.0 - table.propensity[:, 0] * Gc[:, 3]  # S, (D,)
    income = (table.propensity * Gc[:, :3] / complement[:, None]).T  # (3, D): K L c / S
    induced = income[:, :, None] * G[None, :, 3, :]  # (3, D, P + 3)
    type1 = G[:, :3].transpose(1, 0, 2)  # (3, D, P + 3)
    first = K[:, None, capex_sectors]  # (3, 1, 3): the first round is the spending itself
    return Multipliers(
        purchases={"indirect": type1[:, :, :P], "induced": induced[:, :, :P]},
        capex={"construction": first, "indirect": type1[:, :, P:] - first, "induced": induced[:, :, P:]},
        income=income,
        norm=norm,
        complement=complement,
        household_income=G[:, 3],
    )


def _per_project(purchase_weights, income_weight, capex_weights, purchases, direct_income, capex, year_scale):
    """{measure: {channel: (P, D, T)}} for the construction, indirect and induced channels."""
    out = {m: {} for m in MEASURES}
    for channel in ("construction", "indirect", "induced"):
        weights = capex_weights[channel]  # (3, D, k): Σ_k weights[c, d, k] · capex[p, k, d, t], k = 3 industries
        values = weights[:, None, :, 0, None] * capex[None, :, 0]  # (c, p, d, t); faster than np.einsum here
        for industry in range(1, capex.shape[1]):
            values += weights[:, None, :, industry, None] * capex[None, :, industry]
        if channel in purchase_weights:
            values = values + purchase_weights[channel].transpose(0, 2, 1)[:, :, :, None] * purchases[None]
        if channel == "induced":
            values = values + income_weight[:, None, :, None] * direct_income[None]
        values = values * year_scale[:, None]
        for m, measure in enumerate(MEASURES):
            out[measure][channel] = values[m]
    return out
