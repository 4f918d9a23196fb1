"""Identities the model must satisfy exactly (to float precision), on a small synthetic region.

Tolerances: rtol 1e-12 for accounting identities, 1e-9 where a value passes through exp/log price indices.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest
from synthetic import plant, scenario, synthetic_region

from simulator.api import simulate

REGION = synthetic_region()


def run(projects=(), **kw):
    return simulate(scenario(projects, **kw), region=REGION)


@pytest.fixture(scope="module")
def with_plant():
    return run([plant()])


def test_no_projects_is_the_baseline_exactly():
    res = run([])
    for key, value in res.arrays.items():
        if f"baseline:{key}" in res.arrays:
            np.testing.assert_array_equal(value, res.arrays[f"baseline:{key}"], err_msg=key)


def test_base_year_is_observed_data(with_plant):
    res = with_plant
    for key in ("grp", "employment", "average_wage", "budget_revenue_local", "tax_revenue_collected"):
        assert res.arrays[key][0, 0] == res.arrays[f"baseline:{key}"][0, 0], key
    assert res.arrays["grp"][0, 0] == pytest.approx(REGION.grp[2023], rel=1e-12)
    assert res.arrays["average_wage"][0, 0] == pytest.approx(REGION.average_wage[2023], rel=1e-12)


def test_grp_is_sum_of_industry_value_added_plus_net_taxes(with_plant):
    res = with_plant
    share = REGION.net_taxes[2023] / REGION.value_added_by_sector[2023].sum()
    np.testing.assert_allclose(
        res.arrays["grp"], res.arrays["sector:value_added"].sum(axis=2) * (1 + share), rtol=1e-12
    )
    np.testing.assert_allclose(
        res.arrays["baseline:grp"], res.arrays["sector:value_added_baseline"].sum(axis=2) * (1 + share), rtol=1e-12
    )


def test_channels_add_up_to_the_industry_split(with_plant):
    """Σ channels (direct, construction, indirect, induced) + displaced (−d × their sum: the value added taken
    from existing firms) = Σ industries of scenario − baseline value added."""
    res = with_plant
    channels = sum(res.arrays[f"value_added_{c}"] for c in ("direct", "construction", "indirect", "induced"))
    channels = channels + res.arrays["value_added_displaced"]
    by_industry = res.arrays["sector:value_added"].sum(axis=2) - res.arrays["sector:value_added_baseline"].sum(axis=2)
    np.testing.assert_allclose(channels, by_industry, rtol=1e-10, atol=1e-6)


def test_employment_identity(with_plant):
    """employment = baseline + direct + construction + indirect + induced − displaced − commuting − from
    self-employment − unfilled (residents' employment: commuters live elsewhere, the self-employed who take
    a job were employed already; docs/model.md §5)."""
    a = with_plant.arrays
    gross = sum(a[f"jobs_{c}"] for c in ("direct", "construction", "indirect", "induced"))
    taken = a["jobs_displaced"] + a["jobs_commuting"] + a["jobs_self_employment"] + a["jobs_unfilled"]
    expected = a["baseline:employment"] + gross - taken
    np.testing.assert_allclose(a["employment"], expected, rtol=1e-12)


def test_doubling_capacity_doubles_direct_output(with_plant):
    p = plant()
    p["production"] = copy.deepcopy(p["production"])
    p["production"]["capacity"]["value"] *= 2
    doubled = run([p])
    np.testing.assert_allclose(doubled.arrays["project:output"], 2 * with_plant.arrays["project:output"], rtol=1e-12)


def test_zero_local_content_gives_no_indirect_effect_from_operations():
    res = run([plant(local_content=0.0, investment=None)])
    assert np.all(res.arrays["jobs_indirect"] == 0)
    assert np.all(res.arrays["value_added_indirect"] == 0)
    assert res.arrays["jobs_direct"][0, -1] == pytest.approx(1500, rel=1e-12)


def test_indirect_effect_scales_with_local_content():
    low = run([plant(local_content=0.2, investment=None)])
    high = run([plant(local_content=0.4, investment=None)])
    np.testing.assert_allclose(high.arrays["value_added_indirect"], 2 * low.arrays["value_added_indirect"], rtol=1e-12)


def test_october_start_runs_three_months():
    p = plant(investment=None)
    p["production"] = {**p["production"], "ramp_up": {"shape": "table", "utilisation": {2025: 1.0}}}
    res = run([p])
    full_year = 10000 * 10.0  # cars x million KZT, base-year prices
    deflator = res.arrays["deflator"][0]
    output = res.arrays["project:output"][0, :, 0] / deflator
    assert output[2] == pytest.approx(full_year * 3 / 12, rel=1e-12)  # 2025
    assert output[3] == pytest.approx(full_year, rel=1e-12)


def test_logistic_ramp_passes_5_and_95_percent():
    from simulator.model.timing import ramp_logistic

    u = ramp_logistic(np.array([0.0, 1.5, 3.0]), np.array(3.0))
    np.testing.assert_allclose(u, [0.05, 0.5, 0.95], rtol=1e-12)


def test_programme_reaches_units_times_capacity():
    farm = {
        "id": "dairy",
        "name": "Dairy farms",
        "kind": "programme",
        "sector": "D01T03",
        "units": 14,
        "commissioning": {2025: 5, 2026: 5, 2027: 4},
        "production": {
            "capacity": {"value": 5200, "unit": "t/yr"},
            "unit_price": {"value": 200, "unit": "thousand KZT"},
            "ramp_up": {"shape": "linear", "years": 1},
        },
        "value_added_share": 0.3,
        "local_content": 0.5,
        "jobs": {"permanent": 25},
        "wage": {"relative_to_average": 0.8},
    }
    res = run([farm])
    real_output = res.arrays["project:output"][0, :, 0] / res.arrays["deflator"][0]
    assert real_output[-1] == pytest.approx(14 * 5200 * 0.2, rel=1e-12)
    assert res.arrays["jobs_direct"][0, -1] == pytest.approx(14 * 25, rel=1e-12)


@pytest.mark.parametrize("ramp", [{"shape": "logistic", "years": 2}, {"shape": "linear", "years": 1.5}])
def test_programme_is_the_sum_of_its_cohorts(ramp):
    """Cohorts start whole years apart, and the model moves one evaluated ramp by each cohort's offset: it must
    equal each cohort's own ramp from its own start (rtol 1e-12), delay and month included."""
    from simulator.model.timing import annual_utilisation, operating_fraction, start_time

    cohorts = {2024: 2, 2026: 3, 2027: 1}
    farm = {
        "id": "farms",
        "name": "Farms",
        "kind": "programme",
        "sector": "D01T03",
        "units": 6,
        "commissioning": cohorts,
        "commissioning_month": 4,
        "delay_months": 5,
        "production": {
            "capacity": {"value": 1000, "unit": "t/yr"},
            "unit_price": {"value": 200, "unit": "thousand KZT"},
            "ramp_up": ramp,
        },
        "value_added_share": 0.3,
        "local_content": 0.5,
        "jobs": {"permanent": 10, "ramp": "at_start"},
        "wage": {"relative_to_average": 0.8},
    }
    res = run([farm])
    years = res.years
    starts = {year: start_time(year, 4, np.array([5.0])) for year in cohorts}
    u = sum(
        c * annual_utilisation(ramp["shape"], starts[y], years, ramp_years=np.array([ramp["years"]]))
        for y, c in cohorts.items()
    )[0]
    operating = sum(c * operating_fraction(starts[y], years) for y, c in cohorts.items())[0]
    after_base = years > years[0]
    real_output = res.arrays["project:output"][0, :, 0] / res.arrays["deflator"][0]
    np.testing.assert_allclose(real_output, 1000 * 0.2 * u * after_base, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(res.arrays["jobs_direct"][0], 10 * operating * after_base, rtol=1e-12, atol=1e-12)


def test_project_vat_is_rate_times_base(with_plant):
    a = with_plant.arrays
    va = a["project:value_added_direct"]  # nominal
    vat_rate = np.where(with_plant.years >= 2026, 0.16, 0.12)
    np.testing.assert_allclose(a["project:tax_vat"][0, :, 0], vat_rate * 0.5 * va[0, :, 0], rtol=1e-12)


def test_social_tax_follows_the_2026_reform(with_plant):
    """Project social tax = (rate − offset) × project wages: 9.5−3.5 % (2024), 9.5−5 % (2025), 6 % (2026 on)."""
    a = with_plant.arrays
    taxes = a["project:tax_social_tax"][0, :, 0]
    # wages recovered from PIT: PIT = 10 % × 0.8 × wages
    wages = a["project:tax_pit"][0, :, 0] / (0.10 * 0.8)
    rates = {2025: 0.045, 2026: 0.06, 2030: 0.06}
    for year, rate in rates.items():
        i = year - 2023
        assert taxes[i] == pytest.approx(rate * wages[i], rel=1e-12)


def crop_change(**overrides) -> dict:
    return {
        "id": "crops",
        "name": "Crop yields",
        "kind": "sector_change",
        "sector": "D01T03",
        "affected_share": 0.6,
        **overrides,
    }


def test_sector_change_with_factor_one_is_no_change():
    res = run([crop_change(factor={2024: 1.0, 2030: 1.0})])
    np.testing.assert_allclose(res.arrays["grp"], res.arrays["baseline:grp"], rtol=1e-12)


def test_a_twelve_month_delay_shifts_a_table_ramp_by_one_year():
    p = plant(investment=None)
    table = {"shape": "table", "utilisation": {2025: 0.2, 2026: 0.5, 2027: 0.9}}
    on_time = run([{**p, "production": {**p["production"], "ramp_up": table}}])
    delayed_start = {"date": "2025-10", "delay_months": 12}
    late = run([{**p, "production": {**p["production"], "ramp_up": table, "start": delayed_start}}])
    real = lambda r: r.arrays["project:output"][0, :, 0] / r.arrays["deflator"][0]  # noqa: E731
    np.testing.assert_allclose(real(late)[1:], np.concatenate([[0.0], real(on_time)[1:-1]]), rtol=1e-12)


def test_sector_change_jobs_scale_with_the_change():
    res = run([crop_change(factor={2024: 1.0, 2030: 1.1}, jobs={"permanent": 300})])
    jobs = res.arrays["jobs_direct"][0]
    assert jobs[res.year_index(2030)] == pytest.approx(300, rel=1e-12)
    assert jobs[res.year_index(2027)] == pytest.approx(150, rel=1e-12)


def test_samples_for_unknown_inputs_are_refused():
    from simulator.errors import InputError

    with pytest.raises(InputError, match=r"projects\.car_plant\.value_added_share"):
        simulate(scenario([plant()]), region=REGION, samples={"projects.car_plant.value_added_shar": np.array([0.1])})


WEATHER = {
    "id": "weather",
    "name": "Harvest weather",
    "sector": "D01T03",
    "affected_share": 0.5,
    "factor": {2027: 1.5, 2028: 1.0},  # after the synthetic region's last published year (2025)
}


def test_a_baseline_change_moves_the_baseline_not_the_project_effect(with_plant):
    res = run([plant()], baseline_changes=[WEATHER])
    i = res.year_index(2027)
    sector = REGION.sector_index("D01T03")
    va = res.arrays["sector:value_added_baseline"][0, :, sector]
    plain = with_plant.arrays["sector:value_added_baseline"][0, :, sector]
    assert va[i] == pytest.approx(1.25 * plain[i], rel=1e-12)  # 1 + 0.5 x (1.5 - 1)
    published = res.year_index(2025) + 1
    np.testing.assert_array_equal(va[:published], plain[:published])  # published years are data
    impact = res.arrays["grp"] - res.arrays["baseline:grp"]
    np.testing.assert_allclose(impact, with_plant.arrays["grp"] - with_plant.arrays["baseline:grp"], rtol=1e-12)


def test_local_purchases_come_from_industries_the_region_has():
    """A plant's local purchases follow its industry's regional input column: with no machinery (D28) employed
    in the region, the car plant buys none locally (the national column has machinery as its largest input),
    so machinery's value added does not move, while the indirect effect lands elsewhere."""
    import dataclasses

    no_machinery = {y: e * np.array([1.0, 0.0, 1.0, 1.0, 1.0]) for y, e in REGION.employment_by_sector.items()}
    region = dataclasses.replace(REGION, employment_by_sector=no_machinery)
    res = simulate(scenario([plant(investment=None)]), region=region)
    change = res.arrays["sector:value_added"] - res.arrays["sector:value_added_baseline"]  # (D, T, n)
    machinery = list(region.sectors).index("D28")
    np.testing.assert_array_equal(change[..., machinery], 0.0)
    assert res.arrays["value_added_indirect"][0, -1] > 0
