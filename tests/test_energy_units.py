"""Energy, power, area and volume units, and prices per unit of output (issue 16).

The worked example, by hand: a 200 MW wind farm at a capacity factor of 0.35 makes
200 MW × 8,760 h × 0.35 = 613,200 MWh a year at full utilisation; at 22 KZT/kWh = 22,000 KZT/MWh that is
613,200 × 22,000 = 13,490,400,000 KZT = 13,490.4 million KZT a year. The price is stated in base-year (2023)
prices and the plant runs at full utilisation all of 2027, so its real output in 2027 is 13,490.4 million KZT
(rtol 1e-9: the model divides nominal output by the deflator, which is 1 in the base year but passes through
products of yearly growth factors).
"""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

import simulator.units
from simulator.api import simulate
from simulator.errors import ScenarioError
from simulator.scenario import load_scenario
from simulator.scenario.parameters import parameter_specs
from simulator.units import annual_capacity, split_price_unit

WIND_FARM = """\
name: Wind farm
region: kostanai
base_year: 2023
horizon: {start: 2024, end: 2030}
projects:
  - id: wind
    kind: plant
    name: Wind farm (example)
    sector: D35T39
    production:
      start: 2026-01
      capacity: {value: 200, unit: MW}
      capacity_factor: 0.35
      unit_price: {value: 22, unit: KZT/kWh, year: 2023}
      ramp_up: {shape: table, utilisation: {2026: 0.5, 2027: 1.0}}
    value_added_share: 0.6
    local_content: 0.3
    jobs: {permanent: 40}
    wage: {relative_to_average: 1.2}
"""

#: 200 × 8,760 × 0.35 MWh × 22,000 KZT/MWh / 1e6 (module docstring)
FULL_YEAR_MILLION_KZT = 13_490.4


def write(tmp_path: Path, text: str) -> Path:
    file = tmp_path / "wind.yaml"
    file.write_text(text, encoding="utf-8")
    return file


def real_output(tmp_path: Path, text: str, year: int) -> float:
    result = simulate(load_scenario(write(tmp_path, text)))
    column = list(result.years).index(year)
    return float(result.arrays["project:output"][0, column, 0] / result.arrays["deflator"][0, column])


def test_the_units_module_examples_hold():
    assert doctest.testmod(simulator.units).failed == 0


def test_a_wind_farm_in_mw_with_a_price_per_kwh_validates_and_runs(tmp_path):
    assert real_output(tmp_path, WIND_FARM, 2027) == pytest.approx(FULL_YEAR_MILLION_KZT, rel=1e-9)


def test_half_utilisation_gives_half_the_output(tmp_path):
    assert real_output(tmp_path, WIND_FARM, 2026) == pytest.approx(FULL_YEAR_MILLION_KZT / 2, rel=1e-9)


def test_the_same_farm_as_energy_a_year_and_a_price_per_mwh(tmp_path):
    """613.2 GWh/yr at 22,000 KZT/MWh is the same farm written another way (another code path: no power, no
    capacity factor, another price unit)."""
    text = WIND_FARM.replace("{value: 200, unit: MW}", "{value: 613.2, unit: GWh/yr}")
    text = text.replace("      capacity_factor: 0.35\n", "").replace(
        "{value: 22, unit: KZT/kWh,", "{value: 22000, unit: KZT/MWh,"
    )
    assert real_output(tmp_path, text, 2027) == pytest.approx(FULL_YEAR_MILLION_KZT, rel=1e-9)


def test_a_price_in_usd_per_mwh_uses_the_exchange_rate_of_its_year(tmp_path):
    """40 USD/MWh at the 2023 rate r (parameters.yaml, sourced): 613,200 MWh × 40 × r KZT / 1e6."""
    rate = parameter_specs()["exchange_rate"].default[2023]
    text = WIND_FARM.replace("{value: 22, unit: KZT/kWh,", "{value: 40, unit: USD/MWh,")
    assert real_output(tmp_path, text, 2027) == pytest.approx(613_200 * 40 * rate / 1e6, rel=1e-9)


@pytest.mark.parametrize(
    ("value", "unit", "factor", "expected"),
    [
        (200, "MW", 0.35, 613_200.0),  # MWh: 200 × 8,760 × 0.35
        (1.5, "GW", 0.5, 6_570_000.0),  # MWh: 1,500 × 8,760 × 0.5
        (800, "kW", 0.25, 1_752.0),  # MWh: 0.8 × 8,760 × 0.25
        (613.2, "GWh/yr", 0.35, 613_200.0),  # MWh; the factor is not applied to an energy a year
        (2_000_000, "kWh/yr", 1.0, 2_000.0),  # MWh
        (12, "thousand ha/yr", 1.0, 12_000.0),  # ha
        (30, "million l/yr", 1.0, 30_000_000.0),  # l
    ],
)
def test_annual_capacity_in_base_units(value, unit, factor, expected):
    assert annual_capacity(value, unit, factor) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("KZT/kWh", ("KZT", 1000.0, "MWh")),  # a MWh is 1,000 kWh
        ("USD/GWh", ("USD", 0.001, "MWh")),  # a MWh is a thousandth of a GWh
        ("thousand KZT/t", ("thousand KZT", 1.0, "t")),
        ("KZT/l", ("KZT", 1.0, "l")),
        ("KZT/thousand l", ("KZT", 0.001, "l")),
        ("million KZT/ha", ("million KZT", 1.0, "ha")),
        ("USD", ("USD", 1.0, None)),
    ],
)
def test_price_units_are_converted_to_the_base_unit(unit, expected):
    money, per_base, base = split_price_unit(unit)
    assert (money, base) == (expected[0], expected[2])
    assert per_base == pytest.approx(expected[1], rel=1e-12)


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        (
            "      capacity_factor: 0.35\n",
            "",
            "projects[0].production.capacity.unit",
            "needs production.capacity_factor",
        ),
        (
            "{value: 200, unit: MW}",
            "{value: 600000, unit: MWh/yr}",
            "projects[0].production.capacity_factor",
            "capacity_factor is for a capacity in kW, MW or GW",
        ),
        (
            "unit: KZT/kWh",
            "unit: million KZT",
            "projects[0].production.unit_price.unit",
            "give the price per unit of energy",
        ),
        (
            "{value: 200, unit: MW}\n      capacity_factor: 0.35",
            "{value: 200, unit: cars/yr}",
            "projects[0].production.unit_price.unit",
            "a price per kWh does not fit a capacity in cars/yr",
        ),
        ("unit: KZT/kWh", "unit: KZT/kwh", "projects[0].production.unit_price.unit", "did you mean 'KZT/kWh'?"),
        (
            "capacity_factor: 0.35",
            "capacity_factor: 1.2",
            "projects[0].production.capacity_factor",
            "must be in (0, 1]",
        ),
        # the capacity bound, 1e12 MWh a year, is 1e12 / 8,760 = 1.14155e8 MW at full power all year
        (
            "value: 200, unit: MW",
            "value: 2e8, unit: MW",
            "projects[0].production.capacity.value",
            "at most 1.14155e+08 MW",
        ),
        # the price bound, 1e15 KZT per base unit (MWh), is 1e12 KZT per kWh
        (
            "value: 22, unit: KZT/kWh",
            "value: 2e12, unit: KZT/kWh",
            "projects[0].production.unit_price.value",
            "at most 1e+12 KZT/kWh",
        ),
    ],
    ids=[
        "power-without-factor",
        "factor-without-power",
        "power-priced-per-unit",
        "kwh-price-for-cars",
        "typo",
        "factor>1",
        "power-bound",
        "price-bound",
    ],
)
def test_unit_mistakes_are_named_with_file_line_and_key(old, new, path, message, tmp_path):
    text = WIND_FARM.replace(old, new)
    assert text != WIND_FARM
    file = write(tmp_path, text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(file)
    found = [p for p in info.value.problems if p.path == path]
    assert found and message in found[0].message, info.value.problems
    assert found[0].file == str(file) and found[0].line is not None
