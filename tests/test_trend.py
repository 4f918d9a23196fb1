"""Trend estimation (simulator.model.trend) on series whose answers are known by hand."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest

from simulator.model import trend


def test_mean_factor_growth_of_a_constant_rate_is_that_rate_with_zero_error():
    """Factors 1.03 in every year 2015..2020: mean growth 3 %, standard error 0, six yearly changes."""
    years = np.arange(2014, 2021)
    factors = np.r_[np.nan, np.full(6, 1.03)]
    g = trend.mean_factor_growth(years, factors, 2014, 2020)
    assert g.rate == pytest.approx(0.03, rel=1e-12)
    assert g.se == pytest.approx(0.0, abs=1e-15)
    assert (g.years, g.window) == (6, (2015, 2020))


def test_mean_log_growth_spreads_a_missing_year_and_skips_a_boundary_break():
    """Levels 100 (2014), 121 (2016: two years of 10 %, 2015 missing), 60 (2017: a territory change, skipped),
    66 (2018: +10 %). Mean over 3 yearly changes of log(1.1) = 10 % exactly; without the skip the break drags
    it far below."""
    years = [2014, 2016, 2017, 2018]
    levels = [100.0, 121.0, 60.0, 66.0]
    g = trend.mean_log_growth(years, levels, 2014, 2018, skip=(2017,))
    assert g.rate == pytest.approx(0.10, rel=1e-12)
    assert g.years == 3
    assert trend.mean_log_growth(years, levels, 2014, 2018).rate < 0


def test_pooled_is_the_geometric_mix_and_falls_back_to_either_side():
    """exp(0.5 log 1.04 + 0.5 log 1.02) − 1 = sqrt(1.04 · 1.02) − 1 = 0.029951..."""
    own = trend.Growth(0.04, 0.01, 10, (2015, 2024))
    national = trend.Growth(0.02, 0.005, 10, (2015, 2024))
    assert trend.pooled(own, national, 0.5) == pytest.approx(math.sqrt(1.04 * 1.02) - 1, rel=1e-12)
    missing = trend.Growth(math.nan, math.nan, 0, (2015, 2024))
    assert trend.pooled(missing, national) == 0.02
    assert trend.pooled(own, missing) == 0.04


def test_broad_sector_growth_weights_sections_by_last_years_nominal_value():
    """2015 nominal: A 100, G 300, L 100. 2016 volume indices: A 110 %, G 102 %, L 96 %.
    Agriculture grows 10 %; services (G and L only, weights 300 and 100): (300·1.02 + 100·0.96)/400 = 1.005."""
    by_section = {2015: {"A": 100.0, "G": 300.0, "L": 100.0}, 2016: {"A": 120.0, "G": 310.0, "L": 99.0}}
    volume = {2016: {"A": 110.0, "G": 102.0, "L": 96.0}}
    history = trend.broad_sector_history(by_section, volume)
    assert history.growth[1, 0] == pytest.approx(1.10, rel=1e-12)
    assert history.growth[1, 2] == pytest.approx(1.005, rel=1e-12)
    assert np.isnan(history.growth[0]).all()  # no previous year
    assert history.nominal[1].tolist() == [120.0, 0.0, 409.0]


def test_an_excluded_section_leaves_its_broad_sector_to_the_others():
    """Industry 2016: B 50 (index 100 %), C 50 (index 150 %: a car plant's ramp-up), D, E, F published at 100 %
    with weight 0 except F 100. With C: (50·1.0 + 50·1.5 + 100·1.0)/200 = 1.125; without C (excluded 2016):
    (50 + 100)/150 = 1.0."""
    by_section = {2015: {"B": 50.0, "C": 50.0, "D": 0.0, "E": 0.0, "F": 100.0}, 2016: dict.fromkeys("BCDEF", 1.0)}
    volume = {2016: {"B": 100.0, "C": 150.0, "D": 100.0, "E": 100.0, "F": 100.0}}
    assert trend.broad_sector_history(by_section, volume).growth[1, 1] == pytest.approx(1.125, rel=1e-12)
    excluded = trend.broad_sector_history(by_section, volume, exclude={"C": (2015, 2020)})
    assert excluded.growth[1, 1] == pytest.approx(1.0, rel=1e-12)


def _synthetic_region(rate: float = 0.03):
    """Every section, the country and employment grow exactly ``rate`` a year, 2014-2025."""
    years = range(2014, 2026)
    sections = {"A": 100.0, "C": 200.0, "F": 50.0, "G": 300.0, "L": 100.0}
    by_section = {y: {s: v * (1 + rate) ** (y - 2014) for s, v in sections.items()} for y in years}
    items = ("A", "IND", "F", "G", "H", "J", "L", "OTHER_SERVICES")
    volume = {y: dict.fromkeys(items, 100.0 * (1 + rate)) for y in years if y > 2014}
    grp = {y: 1.1 * sum(by_section[y].values()) for y in years}
    people = {y: 1000.0 * (1 + rate) ** (y - 2014) for y in years}
    return SimpleNamespace(
        value_added_by_section=by_section,
        gva_volume_index_by_section=volume,
        national_value_added_by_section=by_section,
        grp=grp,
        grp_volume_index={y: 100.0 * (1 + rate) for y in years if y > 2014},
        employed=people,
        labour_force=people,
        boundary_break={},
        trend_exclusions={},
        national_series={
            "gva_volume_index": volume,
            "employed": people,
            "labour_force": people,
            "gdp_deflator": {y: 100.0 for y in years},
        },
    )


def test_a_region_growing_exactly_three_percent_is_projected_exactly():
    """True process: 3 % a year in every sector, no noise, prices constant (nominal GRP grows with volume, so
    the implied deflator is 1). The estimate is 3 % everywhere and the projection from 2019 equals the truth
    in every later year to rounding."""
    region = _synthetic_region(0.03)
    estimate = trend.estimate_trend(region, 2019)
    assert estimate.sector_rates == pytest.approx([0.03, 0.03, 0.03], rel=1e-12)
    assert estimate.employment[0] == pytest.approx(0.03, rel=1e-12)
    assert estimate.deflator[0] == pytest.approx(0.0, abs=1e-12)
    assert estimate.shift == pytest.approx(0.0, abs=1e-12)  # sectors and the GRP index agree: no centring
    years = np.arange(2020, 2026)
    projection = trend.project_baseline(region, estimate, years)
    truth = np.array([region.grp[int(y)] for y in years])
    np.testing.assert_allclose(projection.grp_real / region.grp[2019] * region.grp[2019], truth, rtol=1e-12)
    np.testing.assert_allclose(projection.grp_nominal, truth, rtol=1e-12)
    np.testing.assert_allclose(projection.employment, [region.employed[int(y)] for y in years], rtol=1e-12)


def test_sector_trends_are_centred_on_the_pooled_grp_trend():
    """Sectors grow 3 % a year, but the region's GRP volume index says 4 % and the country's 2 %. The GRP trend
    is G = exp(0.25 log 1.04 + 0.75 log 1.02) − 1 = 2.4949...%; every sector gets the same log shift, so with
    equal sector rates each becomes G exactly, and their GVA-weighted log mean is log(1 + G)."""
    region = _synthetic_region(0.03)
    region.grp_volume_index = dict.fromkeys(region.grp_volume_index, 104.0)
    region.national_series["grp_volume_index"] = dict.fromkeys(region.grp_volume_index, 102.0)
    estimate = trend.estimate_trend(region, 2019)
    g = math.exp(0.25 * math.log(1.04) + 0.75 * math.log(1.02)) - 1
    assert estimate.total[0] == pytest.approx(g, rel=1e-12)
    assert estimate.sector_rates == pytest.approx([g, g, g], rel=1e-12)
    weights = trend.broad_weights(region, 2019)
    assert weights @ np.log1p(estimate.sector_rates) == pytest.approx(math.log1p(g), rel=1e-12)


def test_a_finished_ramp_up_grows_as_nationally_in_the_grp_trend_and_a_running_one_is_kept():
    """GRP index 2016 = 106 %, and section C, 200 of GRP 2015's 825, grew 130 % against 110 % nationally: with
    C growing as it did nationally GRP grew 106 − (200/825)·(130 − 110) = 101.15...%. Replaced while the
    ramp-up (2016 only) is over by the last year used (2019); kept as published when the last year is 2016."""
    region = _synthetic_region(0.03)
    region.grp_volume_index = {**region.grp_volume_index, 2016: 106.0}
    region.gva_volume_index_by_section = {**region.gva_volume_index_by_section, 2016: {"C": 130.0}}
    region.national_series["gva_volume_index"] = {
        **region.national_series["gva_volume_index"],
        2016: {**region.national_series["gva_volume_index"][2016], "C": 110.0},
    }
    region.value_added_by_section = {**region.value_added_by_section, 2015: {"A": 100.0, "C": 200.0, "G": 450.0}}
    region.grp = {**region.grp, 2015: 825.0}
    region.trend_exclusions = {"C": (2016, 2016)}
    replaced = 106.0 - 200.0 / 825.0 * (130.0 - 110.0)
    assert trend._grp_index_excluding(region, region.trend_exclusions)[2016] == pytest.approx(replaced, rel=1e-12)
    years = [2015, 2016, 2017, 2018, 2019]
    published = [region.grp_volume_index[y] for y in years]
    with_replaced = [replaced if y == 2016 else region.grp_volume_index[y] for y in years]
    expected = math.expm1(np.mean(np.log(np.array(with_replaced) / 100)))
    assert trend.estimate_trend(region, 2019).total[1].rate == pytest.approx(expected, rel=1e-12)
    kept = math.expm1(np.mean(np.log(np.array(published[:2]) / 100)))
    assert trend.estimate_trend(region, 2016).total[1].rate == pytest.approx(kept, rel=1e-12)


def test_an_excluded_section_takes_the_national_index_in_its_broad_sector():
    """Industry 2016 as in the test above it (B 50 at 100 %, C 50 at 150 %, F 100 at 100 %), C excluded and
    growing 104 % nationally: (50·1.0 + 50·1.04 + 100·1.0)/200 = 1.01."""
    by_section = {2015: {"B": 50.0, "C": 50.0, "D": 0.0, "E": 0.0, "F": 100.0}, 2016: dict.fromkeys("BCDEF", 1.0)}
    volume = {2016: {"B": 100.0, "C": 150.0, "D": 100.0, "E": 100.0, "F": 100.0}}
    history = trend.broad_sector_history(by_section, volume, {"C": (2015, 2020)}, {2016: {"C": 104.0}})
    assert history.growth[1, 1] == pytest.approx(1.01, rel=1e-12)


def test_fitted_growth_is_the_line_through_every_level_not_the_ends():
    """Log levels 0, 0.02, 0.04, 0.06, 0.08 (2 % a year) with the last year a record, +0.10 instead of +0.08:
    the mean of the changes is 0.10 / 4 = 2.5 %, the least-squares slope through (0..4, levels) is
    (−2·0 − 1·0.02 + 0 + 1·0.06 + 2·0.10) / 10 = 0.024, so exp(0.024) − 1."""
    years = np.arange(2014, 2019)
    levels = np.array([0.0, 0.02, 0.04, 0.06, 0.10])
    factors = np.r_[np.nan, np.exp(np.diff(levels))]
    assert trend.mean_factor_growth(years, factors, 2014, 2018).rate == pytest.approx(math.expm1(0.025), rel=1e-12)
    fitted = trend.fitted_growth(years, factors, 2014, 2018)
    assert fitted.rate == pytest.approx(math.expm1(0.024), rel=1e-12)
    assert fitted.se > 0 and fitted.window == (2015, 2018)
