"""The labour market with project jobs, against numbers worked out by hand (docs/model.md §5).

Every case uses the same small region, constant over three years (one draw):
labour force LF_b = 1,000, employment E_b = 900, unemployed U_b = 100 (baseline rate u_b = 0.10), employees
800, average wage W_b = 300,000 KZT a month, CPI 1.5; parameters: displacement d = 0.25, migration response
μ = 0.4, unemployment floor u_min = 0.05, commuting c = 0.2, moves out of self-employment s = 0.5,
wage-curve elasticity ε = 0.1, public share of employees φ = 0.25, wage adjustment speed λ = 0.5. So the local
pool without migrants is U_b − u_min · LF_b = 100 − 50 = 50 persons; a job at the average wage costs
300,000 × 12 / 1e6 = 3.6 million KZT a year; the baseline wage bill B = 800 × 3.6 = 2,880 million KZT, of which
market pay (1 − φ) B = 2,160. With λ = 0.5 and a constant target ω*, the wage index from 1 is
ω_t = ω* − (ω* − 1) / 2^t (t = 1, 2, 3 projected years).

The expected values below are exact arithmetic on these inputs (sums, products and one power), so they are
checked at rel 1e-12: only float rounding separates the model from the hand calculation.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from simulator.api import simulate
from simulator.model.labour import labour_market, without_projects
from simulator.region import load_region

PLAN = Path(__file__).resolve().parent.parent / "scenarios" / "kostanai" / "plan.yaml"
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
    "commuting_response": _constant(0.2),
    "self_employment_response": _constant(0.5),
    "wage_curve_elasticity": _constant(0.1),
    "public_employee_share": _constant(0.25),
    "wage_adjustment_speed": _constant(0.5),
    "participation_share": _constant(0.0),  # every local hire from the unemployed (β > 0: its own tests below)
}


def _close(got, expected):
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), np.asarray(expected, dtype=float), rtol=EXACT)


def _gradual(target: float, years=(1, 2, 3)) -> list[float]:
    """ω_t = ω* − (ω* − 1) / 2^t: half of the gap closed each year from ω = 1."""
    return [target - (target - 1) / 2**t for t in years]


def test_fewer_jobs_than_the_pool_are_all_filled_by_residents():
    """Gross 40 jobs a year, labour income 12 million KZT (real). Displaced 0.25 × 40 = 10, net N = 30 ≤ pool
    50: hired locally 30, nobody commutes or leaves self-employment, unfilled 0, no migrants. Employment 930,
    employees 830, labour force 1,000, unemployed 70, rate 0.07 (above the floor 0.05).
    Wage pressure: ω* = (0.07 / 0.10)^(−0.1) = 0.7^(−0.1) = 1.03631, ω_t = ω* − (ω* − 1)/2^t.
    Wage bill: new jobs J = 30 × 3.6 = 108; composition K = (30/30)(12 × 1.5 − 40 × 3.6) = 18 − 144 = −126;
    pressure P = (ω − 1)(2,160 + 108 − 126) = 2,142 (ω − 1); WB = 2,880 − 18 + 2,142 (ω − 1);
    average wage = WB × 1e6 / 12 / 830 KZT a month."""
    market = labour_market(PARAMS, _baseline(), _constant(40), _constant(12))
    omega = np.array(_gradual(0.7**-0.1))
    _close(market.displaced, [10] * 3)
    _close(market.filled, [30] * 3)
    _close(market.commuters, [0] * 3)
    _close(market.self_employed, [0] * 3)
    _close(market.unfilled, [0] * 3)
    _close(market.migrants, [0] * 3)
    _close(market.employment, [930] * 3)
    _close(market.employees, [830] * 3)
    _close(market.labour_force, [1_000] * 3)
    _close(market.unemployed, [70] * 3)
    _close(market.unemployment_rate, [0.07] * 3)
    _close(market.wage_index, omega)
    _close(market.new_jobs_bill, [108] * 3)
    _close(market.composition_bill, [-126] * 3)
    _close(market.pressure_bill, 2_142 * (omega - 1))
    _close(market.wage_bill, 2_862 + 2_142 * (omega - 1))
    _close(market.average_wage, (2_862 + 2_142 * (omega - 1)) * 1e6 / 12 / 830)
    _close(market.baseline_wage_bill, [BASE_BILL] * 3)


def test_more_jobs_than_the_pool_go_to_commuters_the_self_employed_and_migrants():
    """Gross 200 jobs a year, labour income 60 million KZT (real); displaced 50, net N = 150.

    Year 1: M = 0, pool = 100 − 0.05 × 1,000 = 50; hired 50; gap 100; commuters 0.2 × 100 = 20; from
    self-employment 0.5 × (100 − 20) = 40; unfilled 40; M_2 = 0.4 × 40 = 16.
    Year 2: pool = 100 + 16 − 0.05 × 1,016 = 65.2; hired 65.2; gap 84.8; commuters 16.96; self-employed
    0.5 × 67.84 = 33.92; unfilled 33.92; M_3 = 16 + 0.4 × 33.92 = 29.568.
    Year 3: pool = 129.568 − 0.05 × 1,029.568 = 78.0896; hired 78.0896; gap 71.9104; commuters 14.38208;
    self-employed 28.76416; unfilled 28.76416.
    Residents' employment rises by the hires only (commuters live elsewhere, the self-employed were employed):
    950, 965.2, 978.0896; labour force 1,000, 1,016, 1,029.568; unemployed 50, 50.8, 51.4784: the rate is the
    floor 0.05 each year, never below it, although jobs stay unfilled. Employees (workplace) 800 + hired +
    commuters + self-employed: 910, 916.08.
    Wage pressure from the rate alone (the unfilled jobs are not negative unemployment): ω* = (0.05/0.10)^(−0.1)
    = 2^0.1, ω_t = ω* − (ω* − 1)/2^t (the old u − V/LF would have hit u_min/2 and given 4^0.1).
    Wage bill, year 1: filled F = 110 of 150; J = 110 × 3.6 = 396; K = (110/150)(60 × 1.5 − 200 × 3.6) =
    −462; P = (ω_1 − 1)(2,160 + 396 − 462) = 2,094 (ω_1 − 1); WB = 2,814 + 2,094 (ω_1 − 1). Year 2: F = 116.08,
    J + K = (116.08/150)(90 − 50 × 3.6) = −69.648; WB = 2,810.352 + 2,090.352 (ω_2 − 1)."""
    market = labour_market(PARAMS, _baseline(), _constant(200), _constant(60))
    omega = np.array(_gradual(2**0.1))
    _close(market.displaced, [50] * 3)
    _close(market.filled, [50, 65.2, 78.0896])
    _close(market.commuters, [20, 16.96, 14.38208])
    _close(market.self_employed, [40, 33.92, 28.76416])
    _close(market.unfilled, [40, 33.92, 28.76416])
    _close(market.migrants, [0, 16, 29.568])
    _close(market.migrants[0, 1:] - market.migrants[0, :-1], 0.4 * market.unfilled[0, :-1])
    _close(market.employment, [950, 965.2, 978.0896])
    _close(market.labour_force, [1_000, 1_016, 1_029.568])
    _close(market.unemployed, [50, 50.8, 51.4784])
    _close(market.unemployment_rate, [0.05] * 3)
    _close(market.employees[0, :2], [910, 916.08])
    _close(market.wage_index, omega)
    _close(market.new_jobs_bill[0, 0], 396)
    _close(market.composition_bill[0, 0], -462)
    _close(market.wage_bill[0, :2], [2_814 + 2_094 * (omega[0] - 1), 2_810.352 + 2_090.352 * (omega[1] - 1)])
    _close(market.average_wage[0, 0], (2_814 + 2_094 * (omega[0] - 1)) * 1e6 / 12 / 910)


def test_published_years_count_net_jobs_as_hired_whatever_the_pool():
    """Two published years (observed = 2), then one projected year; gross 120 jobs a year, labour income 30
    million KZT (real): displaced 30, net N = 90, more than the pool of 50.

    Years 1-2 (published): the jobs existed and residents held them, so hired = N = 90, no commuters, no
    self-employed, unfilled 0, no migrants; employment 990, unemployed 10, rate 0.01 (below the floor: the
    data, not the model's pool, decide); wage index 1, wage bill 2,880 + 30 × 1.5 − 30 × 3.6 = 2,817.
    Year 3 (projected): M = 0, pool 50; hired 50, gap 40, commuters 8, self-employed 16, unfilled 16;
    employment 950, rate 0.05. The wage curve is measured from the last published year, whose wages already
    hold its tightness: r_2 = (0.01/0.10)^(−0.1) = 10^0.1, r_3 = (0.05/0.10)^(−0.1) = 2^0.1, so
    ω* = r_3/r_2 = 0.2^0.1 = 0.85134 < 1 (the market loosens from 1 % to 5 %) and ω = 1 + 0.5 (0.2^0.1 − 1);
    F = 74, J + K = (74/90)(45 − 108) = −51.8; WB = 2,828.2 + (2,160 − 51.8)(ω − 1)."""
    market = labour_market(PARAMS, _baseline(), _constant(120), _constant(30), observed=2)
    omega = 1 + 0.5 * (0.2**0.1 - 1)
    _close(market.filled, [90, 90, 50])
    _close(market.commuters, [0, 0, 8])
    _close(market.self_employed, [0, 0, 16])
    _close(market.unfilled, [0, 0, 16])
    _close(market.migrants, [0, 0, 0])
    _close(market.employment, [990, 990, 950])
    _close(market.unemployment_rate, [0.01, 0.01, 0.05])
    _close(market.wage_index, [1, 1, omega])
    _close(market.pressure_bill, [0, 0, 2_108.2 * (omega - 1)])
    _close(market.wage_bill, [2_817, 2_817, 2_828.2 + 2_108.2 * (omega - 1)])


def test_wage_pressure_reaches_market_pay_only():
    """The first case with φ = 1 (all baseline employees public) and λ = 1 (wages at the curve at once):
    ω = 0.7^(−0.1) every year, and only the new jobs' bill takes it: P = (ω − 1)(108 − 126) = −18 (ω − 1).
    With φ = 0 and λ = 1 the whole bill scales: WB = ω (2,880 − 18) = 2,862 ω, the old one-step wage curve."""
    public = dict(PARAMS, public_employee_share=_constant(1.0), wage_adjustment_speed=_constant(1.0))
    market = labour_market(public, _baseline(), _constant(40), _constant(12))
    omega = 0.7**-0.1
    _close(market.wage_index, [omega] * 3)
    _close(market.pressure_bill, [-18 * (omega - 1)] * 3)
    _close(market.wage_bill, [2_862 - 18 * (omega - 1)] * 3)
    private = dict(PARAMS, public_employee_share=_constant(0.0), wage_adjustment_speed=_constant(1.0))
    _close(labour_market(private, _baseline(), _constant(40), _constant(12)).wage_bill, [2_862 * omega] * 3)


def test_draws_are_independent():
    """Two draws with μ = 0.4 and μ = 0.2 under the pressure of the second case: the first draw's migrants are
    0, 16, 29.568 as there; the second's 0, 0.2 × 40 = 8, and in year 2 pool = 108 − 0.05 × 1,008 = 57.6,
    gap 92.4, commuters 18.48, self-employed 36.96, unfilled 36.96, so M_3 = 8 + 0.2 × 36.96 = 15.392."""
    params = dict(PARAMS, migration_response=np.array([[0.4] * YEARS, [0.2] * YEARS]))
    # an ensemble's baseline has a row per draw (baseline error); the result's shape follows it (and the jobs
    # and displacement share), not the migration response's
    base = SimpleNamespace(**{k: np.repeat(v, 2, axis=0) for k, v in vars(_baseline()).items()})
    market = labour_market(params, base, _constant(200), _constant(60))
    _close(market.migrants[0], [0, 16, 29.568])
    _close(market.migrants[1], [0, 8, 15.392])
    _close(market.filled[1, :2], [50, 57.6])
    _close(market.commuters[1, :2], [20, 18.48])


@pytest.mark.parametrize("floor", [0.03, 0.045])
def test_unemployment_never_falls_below_its_floor_over_an_ensemble(tmp_path, floor):
    """The shipped plan, 200 draws: in every projected year (after 2025, the last year of published labour
    data) and draw, the unemployment rate ≥ min_unemployment_rate, exactly (no tolerance: a rate a hair below
    the floor from float rounding would be reported as such): at the shipped 3 % and at 4.5 %. At 4.5 % the
    plan's net jobs (about 9k on a labour force of about 450k, 2 points) exceed the pool above the floor from
    the no-project rate of about 5.4 %, so the floor binds rather than holding trivially: some draw sits at it
    (within 1e-9). An ensemble keeps its draws in float32 (docs/uncertainty.md §3), and rounding is monotone:
    a rate at or above the floor is kept at or above the floor rounded to float32, exactly, and a rate within
    1e-9 of it at most at that bound rounded to float32."""
    scenario = tmp_path / "floor.yaml"
    scenario.write_text(
        f"extends: {PLAN.resolve().as_posix()}\nname: floor\nparameters:\n  min_unemployment_rate: {floor}\n",
        encoding="utf-8",
    )
    results = simulate(scenario, draws=200, seed=1)
    rate = np.asarray(results.arrays["unemployment_rate"])
    projected = np.asarray(results.years) > 2025
    assert rate.shape[0] == 200
    assert (rate[:, projected] >= float(np.float32(floor))).all()
    if floor > 0.04:
        assert (rate[:, projected] <= float(np.float32(floor + 1e-9))).any()


@pytest.mark.parametrize("observed", [0, 1])
def test_hires_never_push_unemployment_below_the_floor(observed):
    """Random jobs from 0 to 600 a year (up to four times the largest pool) in 50 draws: in every projected
    year unemployed ≥ u_min × labour force (U = U_b + M − hired and hired ≤ the pool), and every job is hired,
    commuting, from self-employment or unfilled (the four add up to N = (1 − d) G, to 1e-9 relative)."""
    rng = np.random.default_rng(5)
    gross = rng.uniform(0, 600, (50, YEARS))
    base = SimpleNamespace(**{k: np.repeat(v, 50, axis=0) for k, v in vars(_baseline()).items()})
    market = labour_market(PARAMS, base, gross, gross * 0.3, observed=observed)
    assert (market.unemployed[:, observed:] >= 0.05 * market.labour_force[:, observed:] * (1 - 1e-12)).all()
    parts = market.filled + market.commuters + market.self_employed + market.unfilled
    np.testing.assert_allclose(parts, 0.75 * gross, rtol=1e-9)


def test_a_share_of_local_hires_comes_from_outside_the_labour_force():
    """β = 0.5 (participation_share), the first case's region (pool 50 above the 5 % floor). Gross 40, net
    N = 30: the floor allows L ≤ 50 / (1 − 0.5 × 0.95) = 95.238, so all 30 are hired locally; unemployment falls by
    (1 − β) 30 = 15 to 85 and the labour force rises by β 30 = 15 to 1,015: rate 85/1,015 = 0.083744 (β = 0
    gave 0.07). Employment 930 either way.
    Gross 120, net 90 (more than the pool): L = min(90, 95.238) = 90, unemployed 100 − 45 = 55, labour force
    1,045, rate 55/1,045 = 0.052632 ≥ 0.05; no gap, so no commuters or migrants (β = 0 hired 50 and left 40).
    Gross 200, net 150: L = 95.238, unemployed 100 − 47.619 = 52.381, labour force 1,047.619, rate exactly the
    floor 0.05; gap 54.762, commuters 0.2 × 54.762 = 10.952."""
    params = dict(PARAMS, participation_share=_constant(0.5))
    market = labour_market(params, _baseline(), _constant(40), _constant(12))
    _close(market.filled, [30] * 3)
    _close(market.labour_force, [1_015] * 3)
    _close(market.unemployment_rate, [85 / 1_015] * 3)
    _close(market.employment, [930] * 3)
    market = labour_market(params, _baseline(), _constant(120), _constant(30))
    _close(market.filled, [90] * 3)
    _close(market.unemployment_rate, [55 / 1_045] * 3)
    _close(market.commuters, [0] * 3)
    market = labour_market(params, _baseline(), _constant(200), _constant(30))
    limit = 50 / (1 - 0.5 * 0.95)
    _close(market.filled[0, :1], [limit])
    _close(market.unemployment_rate[0, :1], [0.05])
    _close(market.commuters[0, :1], [0.2 * (150 - limit)])


def test_the_calibrated_baseline_takes_the_entrants_out_of_the_labour_force():
    """The shipped plan: in the last published year 2025 the scenario's labour force and employment are the
    published ones (451,703 and 430,714, BNS), and the no-project baseline's labour force is lower by β × the
    projects' net jobs of 2025 (β = 0.5), its employment by the net jobs, so its unemployment is higher by
    (1 − β) × the net jobs: U_b − U = 0.5 × net jobs, to float rounding (rel 1e-9)."""
    results = simulate(PLAN)
    t = results.year_index(2025)
    lf, lf_b = results.arrays["labour_force"][0, t], results.arrays["baseline:labour_force"][0, t]
    e, e_b = results.arrays["employment"][0, t], results.arrays["baseline:employment"][0, t]
    assert lf == pytest.approx(451_703, rel=1e-9) and e == pytest.approx(430_714, rel=1e-9)
    net = e - e_b
    assert net > 1_000
    assert lf - lf_b == pytest.approx(0.5 * net, rel=1e-9)
    assert (lf_b - e_b) - (lf - e) == pytest.approx(0.5 * net, rel=1e-9)


def test_migrants_are_hired_even_where_residents_are_below_the_floor():
    """A floor of 0.12 above the baseline rate 0.10: no resident can be hired (U_b − u_min LF_b = 100 − 120 < 0).
    Gross 40, net 30 every year, β = 0. Year 1: pool 0, gap 30, commuters 6, self-employed 12, unfilled 12, so
    M_2 = 0.4 × 12 = 4.8. Year 2: pool = 0 + (1 − 0.12) × 4.8 = 4.224 hired (the migrants came for the jobs:
    before, pool = max(100 + 4.8 − 0.12 × 1,004.8, 0) = 0 left them all unemployed); gap 25.776, commuters
    5.1552, self-employed 10.3104, unfilled 10.3104."""
    params = dict(PARAMS, min_unemployment_rate=_constant(0.12))
    market = labour_market(params, _baseline(), _constant(40), _constant(12))
    _close(market.filled[0, :2], [0, 0.88 * 4.8])
    _close(market.migrants[0, :2], [0, 4.8])
    _close(market.unfilled[0, :2], [12, 0.4 * (30 - 4.224)])


def test_the_scenario_reproduces_a_published_average_wage():
    """One published wage year of three (wage_years = 1), the first case's jobs: net 30 hired, employees 830,
    new jobs J = 108, composition K = −126 (million KZT). The scenario's bill there must be the published wage ×
    its employees: 300,000 × 830 × 12 / 1e6 = 2,988, so the no-project bill is 2,988 − 108 + 126 = 3,006 =
    1.04375 × 2,880 (the projects' cheap jobs pulled the published average down). Scenario average wage in that
    year: 300,000 exactly; no-project: 3,006 / 800 × 1e6 / 12 = 313,125. The factor 1.04375 is held after."""
    params = dict(PARAMS, wage_adjustment_speed=_constant(0.0))  # no pressure: the bills alone
    market = labour_market(params, _baseline(), _constant(40), _constant(12), observed=1, wage_years=1)
    _close(market.baseline_wage_factor, [1.04375] * 3)
    _close(market.average_wage[0, :1], [300_000])
    alone = without_projects(_baseline(), market.baseline_wage_factor)
    _close(alone.average_wage, [313_125] * 3)
    _close(market.wage_bill - alone.wage_bill, [108 - 126] * 3)


def test_the_plan_reproduces_the_published_average_wage():
    """The shipped plan: in 2023-2025 (published average wages, BNS) the scenario's average wage is the
    published one to float rounding (rel 1e-12), as employment and GRP are; the no-project wage differs by the
    projects' part."""
    results = simulate(PLAN)
    region = load_region("kostanai")
    for year in (2023, 2024, 2025):
        t = results.year_index(year)
        assert results.arrays["average_wage"][0, t] == pytest.approx(region.average_wage[year], rel=1e-12)
