"""The labour market without projects is the baseline, exactly."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from simulator.model.labour import labour_market, without_projects


def _baseline(rng, draws, years):
    labour_force = rng.uniform(4e5, 5e5, (draws, years))
    employment = labour_force * rng.uniform(0.9, 0.97, (draws, years))
    return SimpleNamespace(
        labour_force=labour_force,
        employment=employment,
        employees=employment * 0.8,
        unemployed=labour_force - employment,
        average_wage=rng.uniform(3e5, 7e5, (draws, years)),
        cpi=rng.uniform(1.0, 2.0, (draws, years)),
    )


@pytest.mark.parametrize("draws", [1, 7])
def test_without_projects_equals_the_labour_market_with_zero_jobs(draws):
    rng = np.random.default_rng(3)
    years = 13
    base = _baseline(rng, draws, years)
    params = {
        "displacement_share": rng.uniform(0.1, 0.3, (draws, years)),
        "migration_response": rng.uniform(0.2, 0.6, (draws, years)),
        "min_unemployment_rate": np.full((1, years), 0.03),
        "wage_curve_elasticity": rng.uniform(0.07, 0.13, (draws, years)),
        "commuting_response": rng.uniform(0.0, 0.3, (draws, years)),
        "self_employment_response": rng.uniform(0.0, 0.5, (draws, years)),
        "public_employee_share": rng.uniform(0.2, 0.4, (draws, years)),
        "wage_adjustment_speed": rng.uniform(0.3, 1.0, (draws, years)),
        "participation_share": rng.uniform(0.0, 0.8, (draws, years)),
    }
    zero = np.zeros((1, years))
    general = labour_market(params, base, zero, zero)
    special = without_projects(base)
    for field in (
        "employment",
        "employees",
        "labour_force",
        "unemployed",
        "unemployment_rate",
        "wage_index",
        "wage_bill",
        "average_wage",
        "baseline_wage_bill",
        "filled",
        "commuters",
        "self_employed",
        "new_jobs_bill",
        "composition_bill",
        "pressure_bill",
        "unfilled",
        "migrants",
        "displaced",
    ):
        expected = getattr(general, field)
        np.testing.assert_array_equal(np.broadcast_to(getattr(special, field), expected.shape), expected, err_msg=field)
