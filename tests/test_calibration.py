"""The calibration identity: in every published year the scenario equals the published figure, and scenario −
baseline equals the modelled project effects (docs/model.md §2)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from simulator.model.inputs import build_inputs
from simulator.model.simulate import CHANNELS, simulate_arrays
from simulator.model.trend import real_grp_levels
from simulator.region import load_region
from simulator.scenario import load_scenario

PLAN = Path(__file__).resolve().parent.parent / "scenarios" / "kostanai" / "plan.yaml"


@pytest.fixture(scope="module")
def plan():
    scenario = load_scenario(PLAN).scenario
    region = load_region(scenario.region)
    inputs = build_inputs(scenario, region)
    return region, inputs, simulate_arrays(inputs)


def test_published_years_are_reproduced_exactly(plan):
    """2023-2025: nominal GRP (BNS 5923), real GRP in 2023 prices (chained BNS 5926 volume index: 2025 is
    5,237.3 bn), employment (LFS) and, in 2025, the published local budget (256.6 bn KZT), to 1e-9."""
    region, inputs, arrays = plan
    real = real_grp_levels(region.grp, region.grp_volume_index, 2023)
    for j, year in enumerate(int(y) for y in inputs.years):
        if year > 2025:
            break
        assert arrays["grp"][0, j] == pytest.approx(region.grp[year], rel=1e-9)
        assert arrays["grp_real"][0, j] == pytest.approx(real[year], rel=1e-9)
        assert arrays["employment"][0, j] == pytest.approx(region.employed[year], rel=1e-9)
    # by hand: BNS 2023 GRP × the 2024 and 2025 volume indices (108.3 %, 109.0 %), 5,237,315.8 million KZT
    assert arrays["grp_real"][0, 2] == pytest.approx(4_436_636.1 * 1.083 * 1.09, rel=1e-9)
    assert arrays["budget_revenue_local"][0, 2025 - 2023] == pytest.approx(256_600.0, rel=1e-9)


def test_gva_by_industry_in_the_last_published_year_is_the_published_one(plan):
    """Scenario value added by industry, nominal, 2025 = the region data's 2025 GVA by industry (exact: the
    calibration takes out of each industry what the projects add to it)."""
    region, inputs, arrays = plan
    j = 2025 - int(inputs.years[0])
    np.testing.assert_allclose(arrays["sector:value_added"][0, j], region.value_added_by_sector[2025], rtol=1e-9)


def test_scenario_minus_baseline_in_a_published_year_is_the_project_effects(plan):
    """In 2024 and 2025: GRP − baseline GRP = (Σ channels value added) × (1 − displacement) × (1 + net tax
    share), nominal (displacement takes a share d of the value added from existing firms, as of the jobs; the
    four channels are reported gross, and Impact|Value Added|Displaced is −d × their sum); and employment −
    baseline employment = the projects' net jobs (gross × (1 − displacement))."""
    _, inputs, arrays = plan
    net_tax = inputs.net_tax_share
    d = inputs.params["displacement_share"][0]
    for j in (1, 2):
        gross_va = sum(arrays[f"value_added_{c}"][0, j] for c in CHANNELS)
        assert arrays["value_added_displaced"][0, j] == pytest.approx(-d[j] * gross_va, rel=1e-9)
        effects = gross_va * (1.0 - d[j]) * (1.0 + net_tax[j])
        assert arrays["grp"][0, j] - arrays["baseline:grp"][0, j] == pytest.approx(effects, rel=1e-9)
        gross = sum(arrays[f"jobs_{c}"][0, j] for c in CHANNELS)
        net = arrays["employment"][0, j] - arrays["baseline:employment"][0, j]
        assert net == pytest.approx(gross * (1.0 - d[j]), rel=1e-9)
        assert effects > 0 and gross > 0  # projects operate in those years (KIA, the farms), so this tests something


def test_after_the_last_published_year_the_baseline_grows_at_the_estimated_trends(plan):
    """2026 over 2025 without projects: each broad sector's real value added grows by its trend g_k
    (pooled, centred on the GRP trend), agriculture also by the scenario's harvest change d of 2026 (its
    affected share × (factor − 1)), so the baseline's real value added ratio is
    Σ_k VA_k(2025) · (1 + g_k) · (1 + d·[k = agriculture]) / Σ_k VA_k(2025)."""
    _, inputs, arrays = plan
    trend = inputs.observed.trend
    va = arrays["sector:value_added_baseline"][0] / arrays["deflator"][0][:, None]  # real, by industry
    group = inputs.observed.group
    j = 2025 - int(inputs.years[0])
    by_group = np.array([va[j, group == k].sum() for k in range(3)])
    change = inputs.baseline_change
    agriculture = np.flatnonzero(group == 0)
    assert change.columns.tolist() == agriculture.tolist()  # the harvest change is the only one, on D01T03
    d = np.array([change.deviation[0, 0, j + 1], 0.0, 0.0])
    expected = (by_group * (1.0 + trend.sector_rates) * (1.0 + d)).sum() / by_group.sum()
    assert va[j + 1].sum() / va[j].sum() == pytest.approx(expected, rel=1e-9)
