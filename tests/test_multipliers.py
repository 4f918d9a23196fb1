"""The multiplier table (simulator.multipliers) and `regsim multipliers`.

A small synthetic region checks the wiring against the simulator.leontief kernels and the economics (regional <=
national, Type II >= Type I); the shipped Kostanai data checks the motor-vehicle sanity of design issue 3.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

import numpy as np
import pytest

import simulator.region as region_module
from simulator import leontief
from simulator.cli import main
from simulator.cli.multipliers import CSV_COLUMNS, DEFAULT_YEAR
from simulator.errors import InputError
from simulator.multipliers import (
    AREAS,
    KINDS,
    MEASURES,
    TYPES,
    latest_employment_year,
    model_settings,
    multiplier_table,
)
from simulator.region import NationalTable, Region

SECTORS = ("D01T03", "D10T12", "D29", "D45T47")
PLAN = Path(__file__).resolve().parents[1] / "scenarios" / "kostanai" / "plan.yaml"


def synthetic_region() -> Region:
    """A made-up four-industry country and a region specialised in agriculture and cars (test input only)."""
    Z = np.array(
        [
            [80.0, 300.0, 0.0, 10.0],
            [40.0, 100.0, 5.0, 30.0],
            [10.0, 5.0, 150.0, 20.0],
            [60.0, 90.0, 80.0, 120.0],
        ]
    )
    x = np.array([1000.0, 1200.0, 800.0, 2000.0])  # million KZT
    value_added = x - Z.sum(axis=0) - np.array([50.0, 200.0, 300.0, 100.0])  # imports take the rest
    national = NationalTable(
        Z=Z,
        x=x,
        value_added=value_added,
        compensation=0.45 * value_added,
        employment=np.array([400.0, 150.0, 40.0, 500.0]),
        household_consumption=np.array([200.0, 500.0, 100.0, 900.0]),
        household_consumption_total=2500.0,
        price_year=2015,
    )
    national_employment = {2022: np.array([4000.0, 1500.0, 400.0, 5000.0]), 2023: np.array([4100.0, 1500, 400, 5100])}
    regional_employment = {2022: np.array([600.0, 40.0, 60.0, 200.0]), 2023: np.array([620.0, 40.0, 70.0, 210.0])}
    return Region(
        id="testland",
        name="Testland Region",
        sectors=SECTORS,
        sector_labels=("Agriculture", "Food products", "Motor vehicles", "Trade"),
        national=national,
        value_added_by_sector={},
        employment_by_sector=regional_employment,
        national_value_added_by_sector={},
        national_employment_by_sector={**national_employment, 2021: national_employment[2022]},
        grp={},
        net_taxes={},
        grp_volume_index={},
        employed={},
        unemployed={},
        labour_force={},
        employees={},
        population={},
        average_wage={},
        relative_wage_by_sector=np.ones(4),
        local_tax_revenue={},
        tax_revenue_collected={},
    )


@pytest.fixture
def table():
    return multiplier_table(synthetic_region())


def test_default_year_is_latest_common_year(table):
    assert latest_employment_year(synthetic_region()) == 2023
    assert table.year == 2023
    assert table.values.shape == (len(KINDS), len(AREAS), len(TYPES), len(MEASURES), len(SECTORS))


def test_numbers_are_the_io_kernels(table):
    """Each entry is the textbook formula applied through simulator.leontief, nothing more."""
    region = synthetic_region()
    t = region.national
    A = leontief.technical_coefficients(t.Z, t.x)
    A_regional = leontief.flq(A, region.employment_by_sector[2023], region.national_employment_by_sector[2023], 0.3)
    jobs = t.employment / t.x
    wages = t.compensation / t.x
    for area, coefficients in (("national", A), ("regional", A_regional)):
        L = leontief.leontief_inverse(coefficients)
        np.testing.assert_allclose(table.get("output", area=area, type="I"), L.sum(axis=0))
        np.testing.assert_allclose(table.get("jobs", area=area, type="I"), jobs @ L)
        np.testing.assert_allclose(
            table.get("wages", area=area, type="I", kind="direct_effect"), leontief.direct_effect_multipliers(L, wages)
        )
    shares = 0.7 * t.household_consumption / t.household_consumption_total
    closed = leontief.closed_leontief_inverse(A, wages, shares)
    np.testing.assert_allclose(table.get("output", area="national", type="II"), closed[:4, :4].sum(axis=0))
    # the household row of the closed inverse is the Type II wage multiplier
    np.testing.assert_allclose(table.get("wages", area="national", type="II"), closed[4, :4])
    # regional households buy locally by the SLQ rule, as the simulation model does
    quotients = leontief.slq(region.employment_by_sector[2023], region.national_employment_by_sector[2023])
    regional_shares = shares * np.minimum(quotients, 1.0)
    np.testing.assert_allclose(table.consumption_shares, [shares, regional_shares])
    closed_regional = leontief.closed_leontief_inverse(A_regional, wages, regional_shares)
    np.testing.assert_allclose(table.get("jobs", area="regional", type="II"), jobs @ closed_regional[:4, :4])


def test_regional_never_exceeds_national(table):
    national = table.values[:, AREAS.index("national")]
    regional = table.values[:, AREAS.index("regional")]
    assert np.all(regional <= national + 1e-12)
    assert np.all(table.consumption_shares[1] <= table.consumption_shares[0])


def test_type_2_at_least_type_1(table):
    type_1 = table.values[:, :, TYPES.index("I")]
    type_2 = table.values[:, :, TYPES.index("II")]
    assert np.all(type_2 >= type_1 - 1e-12)
    assert np.all(table.get("output", area="regional", type="I") >= 1.0)


def test_concentrated_car_industry_buys_less_locally(table):
    """The region's car plants dwarf its suppliers (CILQ_i,D29 = SLQ_i / SLQ_D29 small), so its regional
    output multiplier is far below the national one."""
    d29 = SECTORS.index("D29")
    national = table.get("output", area="national", type="I")[d29]
    regional = table.get("output", area="regional", type="I")[d29]
    assert regional < national - 0.1


def test_region_equal_to_nation_reproduces_national_multipliers():
    region = synthetic_region()
    same = Region(**{**region.__dict__, "employment_by_sector": dict(region.national_employment_by_sector)})
    table = multiplier_table(same)
    np.testing.assert_allclose(table.values[:, 0], table.values[:, 1], rtol=1e-12)


def test_explicit_year_and_bad_parameters():
    region = synthetic_region()
    assert multiplier_table(region, year=2022).year == 2022
    with pytest.raises(InputError, match="2021"):  # national employment only
        multiplier_table(region, year=2021)
    with pytest.raises(InputError, match="delta"):
        multiplier_table(region, delta=-0.1)
    with pytest.raises(InputError, match="consumption_propensity"):
        multiplier_table(region, consumption_propensity=1.0)


# --- the CLI ------------------------------------------------------------------------------------------------
@pytest.fixture
def testland(monkeypatch):
    monkeypatch.setattr(region_module, "available_regions", lambda: ["testland"])
    monkeypatch.setattr(region_module, "load_region", lambda region_id: synthetic_region())


@pytest.mark.parametrize("model", TYPES)
def test_cli_csv_equals_the_functions(testland, capsys, model):
    assert main(["multipliers", "--region", "testland", "--type", model, "--format", "csv", "--delta", "0.25"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    table = multiplier_table(synthetic_region(), delta=0.25, year=DEFAULT_YEAR)
    assert [row["code"] for row in rows] == list(SECTORS)
    assert tuple(CSV_COLUMNS) == MEASURES  # the CSV's columns come in the table's order of measures
    columns = {"output": "output", "value_added": "value_added", "wages": "wages", "jobs": "jobs_per_million_kzt"}
    for area in AREAS:
        for measure in MEASURES:
            got = [float(row[f"{columns[measure]}_{area}"]) for row in rows]
            np.testing.assert_array_equal(got, table.get(measure, area=area, type=model))
            if measure != "output":
                got = [float(row[f"{measure}_ratio_{area}"]) for row in rows]
                expected = table.get(measure, area=area, type=model, kind="direct_effect")
                np.testing.assert_array_equal(got, expected)


def test_cli_table_is_readable(testland, capsys):
    assert main(["multipliers", "--region", "testland", "--type", "I"]) == 0
    out = capsys.readouterr().out
    assert "Testland Region" in out and "Type I" in out
    d29_line = next(line for line in out.splitlines() if line.startswith("D29 "))
    table = multiplier_table(synthetic_region(), year=DEFAULT_YEAR)
    d29 = SECTORS.index("D29")
    expected = f"{table.get('output', area='national', type='I')[d29]:.3f} | "
    expected += f"{table.get('output', area='regional', type='I')[d29]:.3f}"
    assert expected in d29_line


def test_cli_unknown_region_exits_2(testland, capsys):
    assert main(["multipliers", "--region", "atlantis"]) == 2
    err = capsys.readouterr().err
    assert "unknown region 'atlantis'" in err and "testland" in err and "Traceback" not in err


def test_cli_bad_delta_exits_2(testland, capsys):
    assert main(["multipliers", "--region", "testland", "--delta", "-1"]) == 2
    assert "--delta" in capsys.readouterr().err


def test_cli_year_without_employment_exits_2(testland, capsys):
    assert main(["multipliers", "--region", "testland", "--year", "2021"]) == 2
    err = capsys.readouterr().err
    assert "--year" in err and "2021" in err and "Traceback" not in err


# --- the shipped Kostanai data --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def kostanai():
    return multiplier_table(region_module.load_region("kostanai"))


def test_kostanai_regional_multipliers_below_national(kostanai):
    assert np.all(kostanai.values[:, 1] <= kostanai.values[:, 0] + 1e-12)


def test_kostanai_motor_vehicles_multiplier_visibly_below_national(kostanai):
    """Kostanai assembles about half of the country's cars from largely imported kits: the FLQ must cut the
    motor-vehicle industry's local purchases well below the national coefficients."""
    d29 = kostanai.sectors.index("D29")
    for model in TYPES:
        national = kostanai.get("output", area="national", type=model)[d29]
        regional = kostanai.get("output", area="regional", type=model)[d29]
        assert regional < national - 0.1, (model, national, regional)


def test_kostanai_cli_prints_the_table(kostanai, capsys):
    assert main(["multipliers", "--region", "kostanai"]) == 0
    assert "D29" in capsys.readouterr().out


def _cli_regional(capsys, *options: str) -> dict[str, dict[str, np.ndarray]]:
    """{type: {column: regional values by industry}} from `regsim multipliers --format csv`."""
    out = {}
    for model in TYPES:
        assert main(["multipliers", "--format", "csv", "--type", model, *options]) == 0
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        out[model] = {
            key: np.array([float(row[f"{key}_regional"]) for row in rows]) for key in ("value_added", "wages")
        }
    return out


def _model_multipliers(loaded, region):
    """Regional value-added multipliers (Type I, II) of the capex and project industries and Type I wage
    multipliers of the capex industries, from the simulation model's own regional table of the scenario.

    The industry table describes a project that buys along its industry's regional input column, so stated
    supplier mixes (which replace that column for their project) are taken out first."""
    from simulator.model.baseline import baseline
    from simulator.model.effects import multipliers, regional_table
    from simulator.model.inputs import build_inputs

    scenario = loaded.scenario
    projects = [p.model_copy(update={"supplier_mix": None, "bought_from_projects": {}}) for p in scenario.projects]
    inputs = build_inputs(scenario.model_copy(update={"projects": projects}), region)
    # the multipliers command shows the ordinary demand-driven table; a run also holds the supply-limited
    # industries (agriculture) at their output (docs/model.md §4), which the command does not model, so the
    # comparison is with supply limits off
    params = {**inputs.params, "supply_limited_share": np.zeros_like(inputs.params["supply_limited_share"])}
    inputs = dataclasses.replace(inputs, params=params)
    table = regional_table(inputs, baseline(inputs))
    k = inputs.projects.capex_sector_index
    m = multipliers(table, k)
    va = {
        "I": (m.capex["construction"] + m.capex["indirect"])[0, 0],
        "II": (m.capex["construction"] + m.capex["indirect"] + m.capex["induced"])[0, 0],
    }
    wages_1 = m.household_income[0, -k.size :]
    # a project's industry s: f L e_s = f_s + (Σ_i a^r_is) f L m_s, since L = I + L A_r; Type II adds the
    # induced effect of the industry's own labour income w_s
    s = inputs.projects.sector_index
    share = table.input_share[0]
    indirect = share * m.purchases["indirect"][0, 0]
    induced = share * m.purchases["induced"][0, 0] + m.income[0, 0] * inputs.wage_coefficient[s]
    va_sectors = {"I": inputs.va_coefficient[s] + indirect, "II": inputs.va_coefficient[s] + indirect + induced}
    return k, s, va, wages_1, va_sectors


def test_cli_default_is_the_model_table_of_the_kostanai_plan(kostanai, capsys):
    """Without options, `regsim multipliers` shows the multipliers a run of the Kostanai plan applies: FLQ on
    the plan's base-year employment (not the latest year's) at the central δ and propensity, before the run's
    supply limits (supply_limited_share, which the command does not apply: see _model_multipliers)."""
    from simulator.scenario import load_scenario

    loaded = load_scenario(PLAN)
    region = region_module.load_region(loaded.scenario.region)
    assert model_settings(loaded.scenario, region) == (loaded.scenario.base_year, 0.3, 0.7)
    k, s, va, wages_1, va_sectors = _model_multipliers(loaded, region)
    assert k.size and s.size

    def check(cli):
        for model in TYPES:
            np.testing.assert_allclose(cli[model]["value_added"][k], va[model], rtol=1e-12, atol=0)
            np.testing.assert_allclose(cli[model]["value_added"][s], va_sectors[model], rtol=1e-12, atol=0)
        np.testing.assert_allclose(cli["I"]["wages"][k], wages_1, rtol=1e-12, atol=0)

    check(_cli_regional(capsys))
    check(_cli_regional(capsys, "--scenario", str(PLAN)))
    # the comparison sees the year: another year's employment gives other multipliers
    other = max(latest_employment_year(region), loaded.scenario.base_year + 1)
    with pytest.raises(AssertionError):
        check(_cli_regional(capsys, "--year", str(other)))
