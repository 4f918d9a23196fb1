"""Displacement of output (docs/model.md §5, issue 13): the displacement share d takes the same share of the
projects' value added as of their jobs from existing firms, so the GRP impact is (1 − d) × the value added of
the four channels × (1 + net taxes on products), and the calibration still reproduces the published years."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from simulator.model.inputs import build_inputs
from simulator.model.simulate import CHANNELS, simulate_arrays
from simulator.region import load_region
from simulator.scenario import load_scenario

PLAN = Path(__file__).resolve().parent.parent / "scenarios" / "kostanai" / "plan.yaml"


@pytest.fixture(scope="module")
def plan():
    scenario = load_scenario(PLAN).scenario
    region = load_region(scenario.region)
    return region, build_inputs(scenario, region)


def _run(inputs, share: float):
    d = np.full_like(inputs.params["displacement_share"], share)
    return simulate_arrays(dataclasses.replace(inputs, params={**inputs.params, "displacement_share": d}))


def _grp_impact(arrays):
    return arrays["grp_real"][0] - arrays["baseline:grp_real"][0]


def test_without_displacement_the_grp_impact_is_the_value_added_path(plan):
    """d = 0: real GRP − baseline real GRP = Σ channels value added (real: nominal ÷ deflator) × (1 + net tax
    share), every year, to 1e-12 relative (the value-added path the model had before displacement reached
    output); nothing is displaced."""
    _, inputs = plan
    arrays = _run(inputs, 0.0)
    va = sum(arrays[f"value_added_{c}"][0] for c in CHANNELS) / arrays["deflator"][0]
    np.testing.assert_allclose(_grp_impact(arrays), va * (1.0 + inputs.net_tax_share), rtol=1e-12)
    assert (arrays["value_added_displaced"] == 0).all()


def test_raising_displacement_lowers_the_grp_impact_in_proportion(plan):
    """d = 0.1 and d = 0.3: the channels' value added does not depend on d, so the GRP impacts are in the ratio
    (1 − 0.3) / (1 − 0.1) = 7/9 in every year (to 1e-9), and the 2030 impact is lower with more displacement.
    Jobs net of displacement fall in the same ratio in the published years (2024, 2025), where all are held."""
    _, inputs = plan
    low, high = _run(inputs, 0.1), _run(inputs, 0.3)
    years = np.asarray(inputs.years)
    operating = np.abs(_grp_impact(low)) > 1.0  # million KZT: years in which the projects add anything
    assert operating.sum() >= 10
    np.testing.assert_allclose(_grp_impact(high)[operating] / _grp_impact(low)[operating], 7 / 9, rtol=1e-9)
    j = int(np.flatnonzero(years == 2030)[0])
    assert _grp_impact(high)[j] < _grp_impact(low)[j]
    for year in (2024, 2025):
        k = int(np.flatnonzero(years == year)[0])
        jobs = [a["employment"][0, k] - a["baseline:employment"][0, k] for a in (low, high)]
        assert jobs[1] / jobs[0] == pytest.approx(7 / 9, rel=1e-9)


@pytest.mark.parametrize("share", [0.0, 0.3])
def test_published_years_are_reproduced_whatever_the_displacement(plan, share):
    """The calibration takes the projects' net value added out of the published years, so nominal GRP in
    2023-2025 and GVA by industry in 2025 equal the region data's figures (to 1e-9) with d = 0 and d = 0.3."""
    region, inputs = plan
    arrays = _run(inputs, share)
    for j, year in enumerate(int(y) for y in inputs.years):
        if year > 2025:
            break
        assert arrays["grp"][0, j] == pytest.approx(region.grp[year], rel=1e-9)
    j = 2025 - int(inputs.years[0])
    np.testing.assert_allclose(arrays["sector:value_added"][0, j], region.value_added_by_sector[2025], rtol=1e-9)
