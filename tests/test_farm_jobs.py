"""Marginal farm jobs are hired workers (issue 13 item 5; docs/model.md §4, parameters.yaml farm_hired_share).

Hand example for :func:`simulator.model.baseline.marginal_job_share`: industries in broad sectors (0, 1, 2, 0)
(0 = agriculture) with a hired share of 0.42 have marginal over average jobs per unit of output (0.42, 1, 1, 0.42).

Through the model, on the shipped livestock programme with supply limits off (``supply_limited_share: 0``, so
farm output responds to the farms' purchases as in the ordinary model): jobs per unit of output enter the
indirect channel linearly, industry by industry, so with hired share h

    indirect jobs(h) = indirect jobs(1) − (1 − h) · farm indirect jobs(1),

where farm indirect jobs(1) = (Σ_p q_p · Y[farm, p] / Σ_i a^r_ip + Σ_k f_k · Y[farm, k]) · e_farm · job_index
(local purchases q_p and local capex f_k in the capex industries k, none of them a farm industry, so the
first round adds no farm output) is computed here from the table's responses, outside the code path that
applies h. Labour income per unit of output does not depend on h
(the same compensation paid to fewer persons), so the indirect and induced labour income are equal. The runs
differ in one parameter only; tolerance 1e-9 relative (rounding of sums over a few hundred terms).
"""

from __future__ import annotations

import numpy as np
from conftest import SCENARIOS

from simulator.model.baseline import baseline, marginal_job_share
from simulator.model.effects import multipliers, project_effects, regional_table
from simulator.model.inputs import build_inputs
from simulator.region import load_region
from simulator.scenario import load_scenario

H = 0.42


def test_marginal_job_share_is_the_hired_share_in_agriculture_only():
    got = marginal_job_share(np.array([0, 1, 2, 0]), H)
    np.testing.assert_array_equal(got, [0.42, 1.0, 1.0, 0.42])


def _run(tmp_path, hired):
    path = tmp_path / f"livestock_{hired}.yaml"
    path.write_text(
        f'name: "livestock, hired share {hired}"\n'
        f"extends: {(SCENARIOS / 'kostanai' / 'livestock.yaml').resolve()}\n"
        f"parameters:\n  supply_limited_share: 0.0\n  farm_hired_share: {hired}\n",
        encoding="utf-8",
    )
    scenario = load_scenario(path).scenario
    inputs = build_inputs(scenario, load_region(scenario.region))
    base = baseline(inputs)
    table = regional_table(inputs, base)
    return inputs, base, table, project_effects(inputs, base, table)


def test_indirect_farm_jobs_scale_with_the_hired_share_and_income_does_not(tmp_path):
    inputs, base, table, full = _run(tmp_path, 1.0)
    _, _, _, hired = _run(tmp_path, H)
    farm = np.flatnonzero(base.group == 0)
    pa = inputs.projects
    per_unit = table.responses[:, farm, : pa.count].sum(axis=1) / multipliers(table, pa.capex_sector_index).norm
    farm_output = (full.local_purchases * per_unit.T[:, :, None]).sum(axis=0)  # (D, T) from purchases
    capex = table.responses[:, farm, pa.count : pa.count + pa.capex_sector_index.size].sum(axis=1)  # (D, 3)
    farm_output = farm_output + (capex.T[:, :, None] * pa.capex_local.sum(axis=0)).sum(axis=0)  # and from capex
    farm_jobs = farm_output * base.persons_per_output0[farm].sum() * base.job_index
    assert farm_jobs.max() > 100.0  # the livestock farms buy enough feed for this to be a real check
    want = full.totals["jobs"]["indirect"] - (1.0 - H) * farm_jobs
    np.testing.assert_allclose(hired.totals["jobs"]["indirect"], want, rtol=1e-9)
    for channel in ("indirect", "induced"):
        np.testing.assert_allclose(
            hired.totals["labour_income"][channel], full.totals["labour_income"][channel], rtol=1e-9
        )
