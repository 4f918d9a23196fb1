"""The labour market with project jobs, against numbers worked out by hand (docs/model.md §5).

Every case uses the same small region, constant over three years (one draw):
labour force LF_b = 1,000, employment E_b = 900, unemployed U_b = 100 (baseline rate u_b = 0.10), employees
800, average wage W_b = 300,000 KZT a month, CPI 1.5; parameters: displacement d = 0.25, migration response
μ = 0.4, unemployment floor u_min = 0.05, wage-curve elasticity ε = 0.1. So the local pool without migrants is
U_b − u_min · LF_b = 100 − 50 = 50 persons, and the baseline wage bill W_b · 800 · 12 / 1e6 = 2,880 million KZT.

The expected values below are exact arithmetic on these inputs (sums, products and one power), so they are
checked at rel 1e-12: only float rounding separates the model from the hand calculation.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from simulator.model.labour import labour_market

YEARS = 3
EXACT = 1e-12
BASE_BILL = 300_000 * 800 * 12 / 1e6  # 2,880 million KZT a year


def _constant(value: float) -> np.ndarray:
    return np.full((1, YEARS), float(value))


def _baseline():
    return SimpleNamespace(
        labour_force=_constant(1_000),
        employment=_constant(900),
        employees=_constant(800),
        unemployed=_constant(100),
        average_wage=_constant(300_000),
        cpi=_constant(1.5),
    )


PARAMS = {
    "displacement_share": _constant(0.25),
    "migration_response": _constant(0.4),
    "min_unemployment_rate": _constant(0.05),
    "wage_curve_elasticity": _constant(0.1),
}


def _close(got, expected):
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), np.asarray(expected, dtype=float), rtol=EXACT)


def test_fewer_jobs_than_the_pool_are_all_filled_without_migrants():
    """Gross 40 jobs a year, labour income 12 million KZT (real). Displaced 0.25 × 40 = 10, net N = 30 ≤ pool
    50: filled 30, unfilled 0, no migrants. Employment 900 + 30 = 930 = baseline + gross − displaced −
    unfilled; employees 830; labour force 1,000; unemployed 70, rate 0.07. Wage curve: u_eff = max(0.07 − 0,
    min(0.025, 0.10)) = 0.07, ω = (0.07 / 0.10)^(−0.1) = 1.03631. Wage bill = ω (2,880 + 1 · (12 × 1.5 −
    10 × 300,000 × 12 / 1e6)) = ω (2,880 + 18 − 36) = 2,862 ω million KZT; average wage = 2,862 ω × 1e6 / 12 /
    830 KZT a month."""
    market = labour_market(PARAMS, _baseline(), _constant(40), _constant(12))
    omega = 0.7**-0.1
    _close(market.displaced, [10] * 3)
    _close(market.filled, [30] * 3)
    _close(market.unfilled, [0] * 3)
    _close(market.migrants, [0] * 3)
    _close(market.employment, [930] * 3)
    _close(market.employees, [830] * 3)
    _close(market.labour_force, [1_000] * 3)
    _close(market.unemployed, [70] * 3)
    _close(market.unemployment_rate, [0.07] * 3)
    _close(market.wage_index, [omega] * 3)
    _close(market.wage_bill, [2_862 * omega] * 3)
    _close(market.average_wage, [2_862 * omega * 1e6 / 12 / 830] * 3)
    _close(market.baseline_wage_bill, [BASE_BILL] * 3)


def test_more_jobs_than_the_pool_leave_vacancies_that_draw_migrants():
    """Gross 200 jobs a year, labour income 60 million KZT (real); displaced 50, net N = 150.

    Year 1: migrants M = 0, pool = 100 + 0 − 0.05 × 1,000 = 50; filled 50, unfilled 100.
    Year 2: M = 0 + 0.4 × 100 = 40; pool = 100 + 40 − 0.05 × 1,040 = 88; filled 88, unfilled 62.
    Year 3: M = 40 + 0.4 × 62 = 64.8; pool = 164.8 − 0.05 × 1,064.8 = 111.56; filled 111.56, unfilled 38.44.
    Employment 950, 988, 1,011.56 (= 900 + 200 − 50 − unfilled); labour force 1,000, 1,040, 1,064.8;
    unemployed 50, 52, 53.24: the rate sits at the floor 0.05 in each year, since all the pool is hired.
    Wage curve: u − V/LF = 0.05 − 0.1, 0.05 − 62/1,040, 0.05 − 38.44/1,064.8 are all below u_min/2 = 0.025, so
    u_eff = 0.025 and ω = (0.025 / 0.10)^(−0.1) = 4^0.1 = 1.14870 in each year.
    Wage bill, year 1: ω (2,880 + (50/150)(60 × 1.5 − 50 × 300,000 × 12 / 1e6)) = ω (2,880 + (90 − 180)/3) =
    2,850 ω; year 2: ω (2,880 − 90 × 88/150) = 2,827.2 ω; employees 850, 888, 911.56."""
    market = labour_market(PARAMS, _baseline(), _constant(200), _constant(60))
    omega = 4**0.1
    _close(market.displaced, [50] * 3)
    _close(market.filled, [50, 88, 111.56])
    _close(market.unfilled, [100, 62, 38.44])
    _close(market.migrants, [0, 40, 64.8])
    _close(market.migrants[0, 1:] - market.migrants[0, :-1], 0.4 * market.unfilled[0, :-1])
    _close(market.employment, [950, 988, 1_011.56])
    _close(market.labour_force, [1_000, 1_040, 1_064.8])
    _close(market.unemployed, [50, 52, 53.24])
    _close(market.unemployment_rate, [0.05] * 3)
    _close(market.wage_index, [omega] * 3)
    _close(market.employees, [850, 888, 911.56])
    _close(market.wage_bill[0, :2], [2_850 * omega, 2_827.2 * omega])
    _close(market.average_wage[0, :2], [2_850 * omega * 1e6 / 12 / 850, 2_827.2 * omega * 1e6 / 12 / 888])


def test_published_years_count_net_jobs_as_filled_whatever_the_pool():
    """Two published years (observed = 2), then one projected year; gross 120 jobs a year, labour income 30
    million KZT (real): displaced 30, net N = 90, more than the pool of 50.

    Years 1-2 (published): the jobs existed, so filled = N = 90, unfilled 0, no migrants; employment 990,
    unemployed 10, rate 0.01 (below the floor: the data, not the model's pool, decide); wage index 1, wage bill
    2,880 + 30 × 1.5 − 30 × 300,000 × 12 / 1e6 = 2,880 + 45 − 108 = 2,817.
    Year 3 (projected): M = 0, pool 50; filled 50, unfilled 40; employment 950, rate 0.05; u_eff = max(0.05 −
    0.04, 0.025) = 0.025, ω = 4^0.1; wage bill ω (2,880 + (50/90)(45 − 108)) = 2,845 ω."""
    market = labour_market(PARAMS, _baseline(), _constant(120), _constant(30), observed=2)
    omega = 4**0.1
    _close(market.filled, [90, 90, 50])
    _close(market.unfilled, [0, 0, 40])
    _close(market.migrants, [0, 0, 0])
    _close(market.employment, [990, 990, 950])
    _close(market.unemployment_rate, [0.01, 0.01, 0.05])
    _close(market.wage_index, [1, 1, omega])
    _close(market.wage_bill, [2_817, 2_817, 2_845 * omega])


def test_draws_are_independent():
    """Two draws with μ = 0.4 and μ = 0.2 under the pressure of the second test: the first draw's migrants are
    0, 40, 64.8 as there; the second's 0, 0.2 × 100 = 20 and 20 + 0.2 × (150 − (100 + 20 − 0.05 × 1,020)) =
    20 + 0.2 × 81 = 36.2; its filled jobs 50, 69 and 136.2 − 0.05 × 1,036.2 = 84.39."""
    params = dict(PARAMS, migration_response=np.array([[0.4] * YEARS, [0.2] * YEARS]))
    # an ensemble's baseline has a row per draw (baseline error); the result's shape follows it (and the jobs
    # and displacement share), not the migration response's
    base = SimpleNamespace(**{k: np.repeat(v, 2, axis=0) for k, v in vars(_baseline()).items()})
    market = labour_market(params, base, _constant(200), _constant(60))
    _close(market.migrants[0], [0, 40, 64.8])
    _close(market.migrants[1], [0, 20, 36.2])
    _close(market.filled[1], [50, 69, 84.39])
