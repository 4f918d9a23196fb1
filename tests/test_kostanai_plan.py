"""The shipped Kostanai scenarios against the issue's acceptance facts and BNS figures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from simulator.api import simulate

KOSTANAI = Path(__file__).resolve().parent.parent / "scenarios" / "kostanai"
BNS_GRP_2023 = 4_436_636.1  # million KZT, BNS table 5923 (shared data grp_by_region.csv)


@pytest.fixture(scope="module")
def plan():
    return simulate(KOSTANAI / "plan.yaml")


@pytest.mark.parametrize("path", sorted(KOSTANAI.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_scenario_runs(path):
    results = simulate(path)
    for key in ("grp", "employment", "average_wage", "budget_revenue_local"):
        assert np.all(np.isfinite(results.series(key))), key


def test_base_year_grp_equals_bns(plan):
    assert plan.base_year == 2023
    assert plan.arrays["grp"][0, 0] == pytest.approx(BNS_GRP_2023, rel=1e-9)  # a published year: the data, exactly


def test_plan_equals_the_published_figures_in_the_base_year():
    """2023 (base year, published): GRP 4,436,636.1 million KZT (BNS 5923) and employment 449,548 persons
    (LFS) whatever the projects did that year; the baseline is below by their effects (tests/test_calibration)."""
    plan = simulate(KOSTANAI / "plan.yaml")
    assert plan.arrays["grp"][0, 0] == pytest.approx(4_436_636.1, rel=1e-9)
    assert plan.arrays["employment"][0, 0] == pytest.approx(449_548.0, rel=1e-9)
    assert plan.arrays["baseline:grp"][0, 0] < plan.arrays["grp"][0, 0]


def test_plan_grp_above_baseline_by_2030(plan):
    i = plan.year_index(2030)
    assert plan.central("grp_real")[i] > plan.central("grp_real", baseline=True)[i]


def test_kia_reaches_1500_direct_jobs_less_the_replaced_line():
    """KIA's 1,500 jobs (at_start, from Oct 2025) are all additional in 2025; from 2026 the Allur Sportage line it
    replaces (130 jobs, plan.yaml) comes off: 1,500 − 130 = 1,370 in every year from 2026."""
    kia = simulate(KOSTANAI / "kia.yaml")
    jobs = kia.central("jobs_direct") * 1e3  # thousand persons -> persons
    years = np.asarray(kia.years)
    assert jobs[years == 2025][0] == pytest.approx(1500 * 3 / 12, rel=1e-9)  # Oct-Dec: 3 of 12 months
    assert jobs[years >= 2026] == pytest.approx(np.full((years >= 2026).sum(), 1370.0), rel=1e-9)


def test_every_target_has_a_verdict_on_both_bases(plan):
    by_target = {}
    for t in plan.targets:
        by_target.setdefault((t.id, t.variable), set()).add(t.basis)
    assert len(by_target) >= 4
    for (target_id, variable), bases in by_target.items():
        if variable != "employment":  # a head count has no price basis
            assert bases == {"nominal", "real"}, target_id
