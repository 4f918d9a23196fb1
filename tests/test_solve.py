"""Goal seek: a known root is found, an unreachable target is reported, bad requests are input errors.

The known root: real GRP's increase over the baseline is linear in a plant's capacity, so a target set to
the increase at capacity c0 is reached exactly at c0 (rtol 1e-9).
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import SCENARIOS
from synthetic import plant, scenario, synthetic_region

from simulator.cli import main
from simulator.errors import InputError
from simulator.model.inputs import build_inputs
from simulator.model.simulate import simulate_arrays
from simulator.uncertainty.solve import solve

REGION = synthetic_region()
CAPACITY = "projects.car_plant.production.capacity.value"
C0 = 12_345.0


def impact_at(capacity: float, year: int = 2030) -> float:
    """Real GRP minus baseline in ``year`` at a given capacity, million KZT."""
    inputs = build_inputs(scenario([plant()]), REGION, samples={CAPACITY: np.array([capacity])})
    arrays = simulate_arrays(inputs)
    t = year - int(inputs.years[0])
    return float(arrays["grp_real"][0, t] - arrays["baseline:grp_real"][0, t])


def grp_target(value_million: float) -> dict:
    return {
        "id": "grp_up",
        "variable": "grp",
        "kind": "increase",
        "value": value_million,
        "unit": "million KZT",
        "year": 2030,
        "relative_to": "baseline",
        "basis": "real",
    }


def test_finds_a_known_root():
    s = scenario([plant()], targets=[grp_target(impact_at(C0))])
    sol = solve(s, "grp_up", CAPACITY, (1000.0, 40_000.0), region=REGION)
    assert sol.found
    assert sol.value == pytest.approx(C0, rel=1e-9)
    assert sol.crossings == (sol.value,)
    assert sol.central_value == 10_000.0
    assert sol.reached_side == "above"  # more capacity, more GRP
    assert f"{CAPACITY} >= 12345" in sol.statement()


def test_finds_a_root_far_below_the_scale_of_its_grid_cell():
    """`--bounds 1 1e300` put the root (~1e4) in the first cell of the linear grid, [1, 3e298], and brentq's
    absolute tolerance, set by the bounds (1e288), stopped it at the cell's end: "reached for >= 1". The cell is
    now narrowed geometrically first. A nonlinear gap, so that no secant step lands on the root by luck."""
    from simulator.uncertainty.solve import _root

    calls = []

    def gap(values):
        calls.append(np.size(values))
        return np.cbrt(np.asarray(values, dtype=float)) - np.cbrt(C0), None

    assert _root(gap, 1.0, 1e300 / 32, xtol=1e-12 * 1e300) == pytest.approx(C0, rel=1e-9)
    assert len(calls) < 100


def test_varying_one_years_inflation_alone_runs():
    """Only the CPI varies by draw: the labour market broadcast its baseline wage bill to the jobs' shape (one
    draw) and raised "operands could not be broadcast"."""
    s = scenario([plant()], targets=[grp_target(1000.0)])
    sol = solve(s, "grp_up", "parameters.cpi_inflation.2027", (0.0, 0.5), region=REGION)
    assert sol.bounds == (0.0, 0.5)


def test_reports_an_unreachable_target():
    s = scenario([plant()], targets=[grp_target(impact_at(40_000.0) * 10)])
    sol = solve(s, "grp_up", CAPACITY, (1000.0, 40_000.0), region=REGION)
    assert not sol.found and not sol.reached_everywhere
    assert sol.best_value == 40_000.0  # more capacity, more GRP: the upper bound comes closest
    assert "NOT reachable" in sol.statement()


def test_reports_a_target_reached_everywhere():
    s = scenario([plant()], targets=[grp_target(impact_at(1000.0) / 2)])
    sol = solve(s, "grp_up", CAPACITY, (1000.0, 40_000.0), region=REGION)
    assert not sol.found and sol.reached_everywhere
    assert "every value" in sol.statement()


def test_default_bounds_come_from_the_distribution():
    p = plant()
    p["production"] = {
        **p["production"],
        "capacity": {"value": {"dist": "uniform", "low": 5000, "high": 20000}, "unit": "cars/yr"},
    }
    s = scenario([p], targets=[grp_target(impact_at(C0))])
    sol = solve(s, "grp_up", CAPACITY, region=REGION)
    assert sol.bounds == (5000.0, 20000.0)
    assert sol.value == pytest.approx(C0, rel=1e-9)


@pytest.mark.parametrize(
    ("target", "address", "bounds", "message"),
    [
        ("nope", CAPACITY, (1.0, 2.0), "no such target"),
        ("grp_up", "projects.car_plant.production.capacty.value", (1.0, 2.0), "did you mean"),
        ("grp_up", CAPACITY, None, "give --bounds"),
        ("grp_up", CAPACITY, (5.0, 5.0), "LO < HI"),
        ("grp_up", CAPACITY, (-100.0, -1.0), r"capacity.value = -100: must be in \(0, inf\)"),
        ("grp_up", CAPACITY, (1.0, 1e300), r"capacity.value = 1e\+300: must be at most 1e\+12 cars/yr"),
        ("grp_up", "parameters.flq_delta", (-5.0, 5.0), r"flq_delta = -5: must be in \[0, 1\]"),
        ("grp_up", "parameters.displacement_share", (0.1, 2.0), r"displacement_share = 2: must be in \[0, 1\]"),
        ("grp_up", "parameters.cpi_inflation.2027", (0.0, 3.0), r"cpi_inflation.2027 = 3: must be in \[-0.5, 2"),
        ("grp_up", "projects.car_plant.jobs.permanent", (1.0, 1e300), "no project employs more than"),
        ("grp_up", "projects.car_plant.production.start.delay_months", (-6.0, 6.0), r"must be in \[0, 120\]"),
    ],
    ids=[
        "unknown-target",
        "misspelt-leaf",
        "plain-number-needs-bounds",
        "empty-bounds",
        "negative-capacity",
        "capacity-beyond-its-bound",
        "delta-outside-its-range",
        "share-above-one",
        "year-entry-of-a-default-path",
        "jobs-beyond-the-labour-force",
        "negative-delay",
    ],
)
def test_bad_requests_are_input_errors(target, address, bounds, message):
    s = scenario([plant()], targets=[grp_target(1000.0)])
    with pytest.raises(InputError, match=message):
        solve(s, target, address, bounds, region=REGION)


def test_a_root_below_which_the_target_is_met():
    """A later start lowers GRP: the target is met for delays up to the root, and the statement says so."""
    delay = "projects.car_plant.production.start.delay_months"
    s = scenario([plant()], targets=[grp_target(impact_at(10_000.0, 2026) * 0.6) | {"year": 2026}])
    sol = solve(s, "grp_up", delay, (0.0, 24.0), region=REGION)
    assert sol.found and sol.reached_side == "below"
    assert f"{delay} <=" in sol.statement()


PLAN = SCENARIOS / "kostanai" / "plan.yaml"


def test_cli_solve(capsys):
    args = ["solve", str(PLAN), "--target", "jobs_plus_20000", "--vary", "projects.kia.jobs.permanent"]
    assert main([*args, "--bounds", "0", "40000"]) == 0
    assert "reached for projects.kia.jobs.permanent >=" in capsys.readouterr().out
    assert main([*args, "--bounds", "0", "10"]) == 0
    assert "NOT reachable" in capsys.readouterr().out
    assert main(args) == 2  # a plain number needs bounds
    assert "--bounds" in capsys.readouterr().err


def test_cli_solve_on_a_year_entry_says_it_carries_forward(capsys):
    """Explicit bounds: since issue 13 KIA's 2028 local content is 0.06 (0.03-0.10), a range in which the tax
    target is not reached (71.9 bn at 0.10), so the search runs over [0, 0.5] to reach it."""
    leaf = "projects.kia.local_content.2028"
    args = ["solve", str(PLAN), "--target", "tax_collected_plus_75bn", "--vary", leaf, "--bounds", "0", "0.5"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert f"reached for {leaf} >=" in out and "2028 entry of a year-keyed path" in out
