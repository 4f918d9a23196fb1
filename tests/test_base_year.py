"""A movable base year: a scenario may take any base year its region's data cover, and projects, exemptions,
investment schedules and year paths may begin before it.

The rule: a project is timed from its own dates, never from the base year. Years before the base year are not
modelled (they are inside the published figures of those years); from the base year on, and in the base year
itself, a project's flows are what its schedule says. Construction spending before the base year enters the
base year as the buildings' opening book value (property tax). Years after ``horizon.end`` and years before
1990 are still refused.

Assertions are on project-level quantities (the model's inputs, the project's own results), not on regional
totals: the no-project baseline is computed separately and may change independently.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from synthetic import plant, scenario, synthetic_region

from simulator.api import simulate
from simulator.errors import ScenarioError
from simulator.model.fiscal import book_value
from simulator.model.inputs import build_inputs
from simulator.model.timing import annual_utilisation, start_time
from simulator.region import load_region
from simulator.scenario import load_scenario

REPO = Path(__file__).resolve().parent.parent
KOSTANAI = REPO / "scenarios" / "kostanai"
VALID = (Path(__file__).parent / "data" / "scenarios" / "valid.yaml").read_text(encoding="utf-8")
REGION = synthetic_region()

#: real output of the synthetic plant at full capacity: 10,000 cars a year at 10 million KZT of the base year
FULL = 10_000 * 10.0


# ------------------------------------------------------------------------------------------------ helpers


def inputs_of(projects, base_year, **overrides):
    """Model inputs of a synthetic scenario with the given base year (horizon to 2032)."""
    doc = scenario(projects, base_year=base_year, horizon={"start": base_year + 1, "end": 2032}, **overrides)
    return build_inputs(doc, REGION)


def column(inputs, array, year):
    """``array[..., year]`` of a (..., T) model array."""
    return array[..., int(year) - int(inputs.years[0])]


def nominal(inputs, array):
    """A real (base-year prices) (P, D, T) project array in current prices: the same whatever the base year."""
    deflator = inputs.prices.deflator[:, int(inputs.years[0]) - int(inputs.prices.years[0]) :]
    return array * deflator[None, :, :]


@pytest.fixture(scope="module")
def kostanai(tmp_path_factory) -> Path:
    """A copy of scenarios/kostanai with plan2025.yaml: plan.yaml moved to base year 2025."""
    folder = tmp_path_factory.mktemp("scenarios") / "kostanai"
    shutil.copytree(KOSTANAI, folder)
    (folder / "plan2025.yaml").write_text(
        "name: Kostanai plan from base year 2025\n"
        "extends: plan.yaml\n"
        "base_year: 2025\n"
        "horizon: {start: 2026, end: 2035}\n",
        encoding="utf-8",
    )
    return folder


def plan_inputs(folder: Path, name: str):
    loaded = load_scenario(folder / name)
    return build_inputs(loaded.scenario, load_region(loaded.scenario.region))


# ------------------------------------------------------------------------------------------------ the plan


def test_plan_validates_and_runs_from_base_year_2025(kostanai):
    """plan.yaml at base year 2025: projects started in 2024-2025 (foundry, AgromashHolding, dairy farms), tax
    exemptions from 2024, the 2023-2025 KIA investment schedule and the 2024 harvest factor are all accepted
    (before this change: 17 errors), and the run gives finite project results."""
    loaded = load_scenario(kostanai / "plan2025.yaml")
    assert loaded.scenario.base_year == 2025
    results = simulate(loaded)
    assert results.years[0] == 2025
    for key, value in results.arrays.items():
        if key.startswith("project:"):
            assert np.isfinite(value).all(), key
    kia = results.project_ids.index("kia")
    assert results.arrays["project:output"][0, results.year_index(2026), kia] > 0


def test_kia_output_is_the_same_whatever_the_base_year(kostanai):
    """KIA (Sorento from Oct 2025) in current prices, year by year from 2025, is the same with base year 2023
    and 2025: its ramp-up is timed from its own start, and only the price year of "real" differs."""
    base23, base25 = plan_inputs(kostanai, "plan.yaml"), plan_inputs(kostanai, "plan2025.yaml")
    k = base23.projects.ids.index("kia")
    assert base25.projects.ids[k] == "kia"
    out23 = nominal(base23, base23.projects.fixed_output)[k, 0, 2:]  # 2025-2035
    out25 = nominal(base25, base25.projects.fixed_output)[k, 0]
    np.testing.assert_allclose(out25, out23, rtol=1e-9)
    assert out25[1] > out25[0] > 0  # 2026 above 2025: still ramping up
    np.testing.assert_allclose(base25.projects.stated_jobs[k], base23.projects.stated_jobs[k, :, 2:])


def test_a_project_producing_in_an_observed_year_is_modelled(kostanai):
    """The foundry starts in 2024: with base year 2023 its 2024 output is no longer zeroed (the model takes the
    projects' part out of the published figures itself)."""
    base23 = plan_inputs(kostanai, "plan.yaml")
    k = base23.projects.ids.index("foundry")
    assert column(base23, base23.projects.fixed_output[k, 0], 2024) > 0


# ------------------------------------------------------------------------------------------------ timing


def test_a_plant_started_before_the_base_year_is_part_way_up_its_ramp():
    """Start July 2024 (s = 2024.5), linear ramp over 2 years: u(τ) = min(τ/2, 1), τ = t − 2024.5.

    2025: τ runs 0.5 → 1.5, mean of τ/2 = (0.5 + 1.5)/2 / 2 = 0.5.
    2026: τ runs 1.5 → 2.5: ∫_1.5^2 τ/2 dτ + 0.5 · 1 = (4 − 2.25)/4 + 0.5 = 0.9375.
    2027 on: 1.
    The same with base year 2025 (the plant started before it) and 2023 (it starts inside the horizon)."""
    expected = [0.5, 0.9375, 1.0]
    start = start_time(2024, 7, np.zeros(1))
    np.testing.assert_allclose(annual_utilisation("linear", start, np.arange(2025, 2028), ramp_years=2)[0], expected)
    project = plant(production={**plant()["production"], "start": "2024-07"})
    for base_year in (2023, 2025):
        inputs = inputs_of([project], base_year)
        u = [column(inputs, inputs.projects.fixed_output[0, 0], y) / FULL for y in (2025, 2026, 2027)]
        np.testing.assert_allclose(u, expected, rtol=1e-12, err_msg=f"base year {base_year}")


def test_a_delayed_table_ramp_under_way_in_the_base_year_reads_the_earlier_table_year():
    """Planned start Jan 2024, 6 months late; table {2024: 0.4, 2025: 0.8, 2026: 1.0}, moved 0.5 year later.

    Table year 2024 applies on [2024.5, 2025.5), 2025 on [2025.5, 2026.5), 2026 from 2026.5.
    2025: 0.5 · 0.4 + 0.5 · 0.8 = 0.6 (with base year 2025 the 2024 entry is before the model years, and still
    counts). 2026: 0.5 · 0.8 + 0.5 · 1.0 = 0.9. 2027: 1."""
    production = {
        **plant()["production"],
        "start": {"date": "2024-01", "delay_months": 6},
        "ramp_up": {"shape": "table", "utilisation": {2024: 0.4, 2025: 0.8, 2026: 1.0}},
    }
    for base_year in (2023, 2025):
        inputs = inputs_of([plant(production=production)], base_year)
        u = [column(inputs, inputs.projects.fixed_output[0, 0], y) / FULL for y in (2025, 2026, 2027)]
        np.testing.assert_allclose(u, [0.6, 0.9, 1.0], rtol=1e-12, err_msg=f"base year {base_year}")


def test_a_programme_with_a_cohort_before_the_base_year():
    """Two farms commissioned July 2024, two July 2026, linear ramp over 2 years (as the plant above).

    Units in operation weighted by utilisation: 2025: 2 · 0.5 = 1; 2026: 2 · 0.9375 + 2 · (∫_0^0.5 τ/2 dτ =
    0.0625) = 2. The same with base year 2023 and 2025."""
    farms = {
        "id": "farms",
        "name": "Farms",
        "kind": "programme",
        "sector": "D01T03",
        "units": 4,
        "commissioning": {2024: 2, 2026: 2},
        "production": {
            "capacity": {"value": 1000, "unit": "t/yr"},
            "unit_price": {"value": 1.0, "unit": "million KZT"},
            "ramp_up": {"shape": "linear", "years": 2},
        },
        "value_added_share": 0.3,
        "local_content": 0.5,
        "jobs": {"permanent": 10},
        "wage": {"relative_to_average": 1.0},
    }
    for base_year in (2023, 2025):
        inputs = inputs_of([farms], base_year)
        units = [column(inputs, inputs.projects.fixed_output[0, 0], y) / 1000.0 for y in (2025, 2026)]
        np.testing.assert_allclose(units, [1.0, 2.0], rtol=1e-12, err_msg=f"base year {base_year}")


# ------------------------------------------------------------------------------------------------ money


def test_investment_before_the_base_year_is_the_opening_book_value():
    """Spending of 2023 and 2024 with base year 2025: no local capex or construction jobs in the model years,
    but the buildings stand, so the base year's construction capex holds their straight-line book value,
    amount · construction share · (0.5 · (1 − 2 · 0.05) + 0.5 · (1 − 0.05)) = … · 0.925 (depreciation 5 % of the
    cost a year), and the nominal book value (the property-tax base) in 2025 is the same as with base year 2023,
    where the spending is in the model.

    After 2025 the two differ by a known amount: with base year 2023 each vintage loses 5 % of its cost a year,
    0.05 · C in all (C = real · 0.5, the construction part); with base year 2025 the opening value is written off
    as if spent in 2025, 0.05 · 0.925 · C a year. So in year t the base-2025 real book value exceeds the
    base-2023 one by 0.05 · 0.075 · C · (t − 2025) (fiscal.book_value: a simplification for plants built just
    before the base year; under the former declining balance the two were equal)."""
    investment = {
        **plant()["investment"],
        "amount": {"value": 30.0, "unit": "billion KZT", "year": 2024},
        "schedule": {2023: 0.5, 2024: 0.5},
    }
    project = plant(investment=investment, production={**plant()["production"], "start": "2024-07"})
    base25, base23 = inputs_of([project], 2025), inputs_of([project], 2023)
    pa = base25.projects
    assert not pa.capex_local.any() and not pa.construction_jobs.any()
    assert base25.params["capital_depreciation_rate"][0, 0] == pytest.approx(0.05, rel=1e-12)
    real = 30_000.0 / base25.prices.at(base25.prices.deflator, 2024)[0]  # million KZT of 2025
    cost = real * 0.5
    opening = cost * (0.5 * 0.90 + 0.5 * 0.95)
    np.testing.assert_allclose(pa.construction_capex[0, 0], [opening] + [0.0] * 7, rtol=1e-12)
    rate25 = base25.params["capital_depreciation_rate"]
    rate23 = base23.params["capital_depreciation_rate"]
    stock25 = book_value(pa.construction_capex, rate25)[0, 0]  # real, prices of 2025
    np.testing.assert_allclose(stock25, opening * (1.0 - 0.05 * np.arange(8)), rtol=1e-12)
    stock23 = book_value(base23.projects.construction_capex, rate23)[0, 0, 2:]  # real, prices of 2023
    # the same buildings in 2025 prices: the 2023-price array × P_2025 / P_2023 (nominal() does it per year)
    to_2025 = column(base23, nominal(base23, np.ones((1, 1, base23.years.size))), 2025)[0, 0]
    gap = 0.05 * 0.075 * cost * np.arange(8)
    np.testing.assert_allclose(stock25 - stock23 * to_2025, gap, rtol=1e-9, atol=1e-9)


def test_an_exemption_straddling_the_base_year_applies_from_the_base_year():
    """Property tax exempted 2024-2027, base year 2025: exempt in 2025-2027 (the 2024 part is not modelled),
    due from 2028 (on the buildings put up before the base year: the opening book value)."""
    investment = {**plant()["investment"], "schedule": {2023: 0.5, 2024: 0.5}}
    exemption = {"tax": "property_tax", "start": 2024, "end": 2027, "reason": "investment contract"}
    project = plant(investment=investment, taxes={"exemptions": [exemption]})
    doc = scenario([project], base_year=2025, horizon={"start": 2026, "end": 2032})
    inputs = build_inputs(doc, REGION)
    np.testing.assert_array_equal(inputs.projects.exemption["property_tax"][0, 0], [1, 1, 1, 0, 0, 0, 0, 0])
    results = simulate(doc, region=REGION)
    tax = results.arrays["project:tax_property_tax"][0, :, 0]
    assert not tax[:3].any()
    assert (tax[3:] > 0).all()


def test_an_exemption_that_ended_before_the_base_year_has_no_effect():
    exemption = {"tax": "cit", "start": 2020, "end": 2024, "reason": "expired contract"}
    inputs = inputs_of([plant(taxes={"exemptions": [exemption]})], 2025)
    assert not inputs.projects.exemption["cit"].any()


def test_a_wage_stated_in_a_year_before_the_base_year_uses_that_year_s_average():
    """300 thousand KZT a month stated in 2024 prices, base year 2025: relative to the 2024 average wage (the
    synthetic region's 300,000 KZT), so 1."""
    wage = {"absolute": {"value": 300, "unit": "thousand KZT/month", "year": 2024}}
    inputs = inputs_of([plant(wage=wage)], 2025)
    assert inputs.projects.wage_relative[0, 0, 0] == pytest.approx(1.0, rel=1e-12)


# ------------------------------------------------------------------------------------------------ validation


def moved_fixture(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """tests/data/scenarios/valid.yaml moved to base year 2025, with ``edits`` (old -> new) applied."""
    text = VALID.replace("base_year: 2023\nhorizon:\n  start: 2024", "base_year: 2025\nhorizon:\n  start: 2026")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    file = tmp_path / "scenario.yaml"
    file.write_text(text, encoding="utf-8")
    return file


def test_years_before_the_base_year_validate(tmp_path):
    """The fixture at base year 2025 has a 2024-2025 schedule, a 2024 build period, a 2025-10 start, a
    commissioning from 2025, a 2024 sector-change factor, local content from 2025 and an exemption from 2025;
    moved earlier still (a 2023 start, a 2022 ramp-up table, an exemption that ended in 2024), all are accepted."""
    file = moved_fixture(
        tmp_path,
        ("      start: 2025-10", "      start: 2023-10"),
        ("{date: 2026-01,", "{date: 2022-01,"),
        ("{2026: 0.4, 2027: 0.7, 2028: 0.9}", "{2022: 0.4, 2027: 0.7, 2028: 0.9}"),
        ("{2025: 5, 2026: 5, 2027: 4}", "{2021: 5, 2026: 5, 2027: 4}"),
        ("- {tax: cit, share: 0.5, start: 2026}", "- {tax: cit, share: 0.5, start: 2020, end: 2024}"),
    )
    loaded = load_scenario(file)
    assert loaded.scenario.base_year == 2025


def problem_of(file: Path, path: str):
    with pytest.raises(ScenarioError) as info:
        load_scenario(file)
    found = [p for p in info.value.problems if p.path == path]
    assert found, "\n".join(map(str, info.value.problems))
    return found[0]


def test_a_year_after_the_horizon_is_still_refused(tmp_path):
    file = moved_fixture(tmp_path, ("      start: 2025-10", "      start: 2040-10"))
    problem = problem_of(file, "projects[0].production.start")
    assert problem.line == file.read_text().splitlines().index("      start: 2040-10") + 1
    assert "production start year 2040 is outside 1990-2032 (after horizon.end)" in problem.message


def test_a_mistyped_early_year_is_still_refused(tmp_path):
    file = moved_fixture(tmp_path, ("{2025: 0.1, 2028:", "{1900: 0.1, 2028:"))
    problem = problem_of(file, "projects[0].local_content.1900")
    assert "local_content year 1900 is outside 1990-2032" in problem.message


def test_the_horizon_still_starts_the_year_after_the_base_year(tmp_path):
    file = moved_fixture(tmp_path, ("  start: 2026\n", "  start: 2027\n"))
    assert "must be the year after base_year (2026), got 2027" in problem_of(file, "horizon.start").message


# ------------------------------------------------------------------------------------------------ targets


def test_a_target_keeps_its_reference_year_whatever_the_base_year(kostanai):
    """plan.yaml's GRP x2 target compares 2030 with 2023. From base year 2025 the 2023 value is the published
    one (BNS 5923: 4,436,636.1 million KZT), so the nominal ratio is the run's 2030 GRP / 4,436,636.1, and the
    real one the run's 2030 real GRP / 2023 GRP in 2025 prices (2025 GRP 6,080,972.0 / 1.083 / 1.090,
    the BNS volume indices of 2024 and 2025)."""
    results = simulate(load_scenario(kostanai / "plan2025.yaml"))
    j = results.year_index(2030)
    nominal = next(t for t in results.targets if t.id == "grp_doubled" and t.basis == "nominal")
    real = next(t for t in results.targets if t.id == "grp_doubled" and t.basis == "real")
    assert nominal.central_value == pytest.approx(results.arrays["grp"][0, j] / 4_436_636.1, rel=1e-9)
    grp_2023_in_2025_prices = 6_080_972.0 / 1.083 / 1.090
    assert real.central_value == pytest.approx(results.arrays["grp_real"][0, j] / grp_2023_in_2025_prices, rel=1e-9)
    assert 1.5 < nominal.central_value < 3.5  # not a ratio to a wrapped-around column


def test_a_reference_year_without_published_data_is_refused(tmp_path):
    """A GRP target against 2010 from base year 2025: the shipped data start in 2014, so it is refused."""
    file = moved_fixture(tmp_path, ("year: 2030, basis: real}", "year: 2030, basis: real, base_year: 2010}"))
    assert "has no grp for 2010" in problem_of(file, "targets[0].base_year").message
