"""The backtest (``regsim backtest``, simulator/backtest.py, docs/backtest.md) and the baseline error it ships
(simulator/baseline_error.py, simulator/data/baseline_error.csv).

Synthetic regions whose true process is known check the arithmetic: with every sector growing exactly 3 % a
year the shipped method is exact; with a random walk with drift shared by 20 regions the leave-one-region-out
band covers about 90 % of the published values.
"""

from __future__ import annotations

import dataclasses
import math
from types import SimpleNamespace

import numpy as np
import pytest

from simulator import backtest as bt
from simulator.cli import main

YEARS = range(2014, 2026)
#: a region's GVA by section in 2014, million KZT (sections of the three broad sectors)
SECTIONS_2014 = {"A": 100.0, "C": 300.0, "F": 80.0, "G": 150.0, "H": 60.0, "J": 20.0, "L": 70.0, "K": 30.0, "P": 90.0}
#: volume-index items (BNS 450904) the synthetic data publish, and the sections each stands for here
ITEMS = {"A": "A", "IND": "C", "F": "F", "G": "G", "H": "H", "J": "J", "L": "L", "OTHER_SERVICES": ("K", "P")}
NET_TAX_SHARE = 0.1


def synthetic_region(
    region_id: str,
    real_growth: dict[int, float],
    inflation: dict[int, float],
    employment_growth: dict[int, float],
    *,
    national=None,
    scale: float = 1.0,
    boundary_break: dict[str, int] | None = None,
) -> SimpleNamespace:
    """A region whose every section grows in volume by ``real_growth[y]`` (share) and in price by
    ``inflation[y]`` each year y > 2014, employment by ``employment_growth[y]``; net taxes a fixed share of GVA.
    ``national``: the country's region (default: the region itself stands for the country)."""
    real = {2014: 1.0}
    price = {2014: 1.0}
    employed = {2014: 500_000.0 * scale}
    for y in YEARS:
        if y > 2014:
            real[y] = real[y - 1] * (1.0 + real_growth[y])
            price[y] = price[y - 1] * (1.0 + inflation[y])
            employed[y] = employed[y - 1] * (1.0 + employment_growth[y])
    by_section = {y: {s: v * scale * real[y] * price[y] for s, v in SECTIONS_2014.items()} for y in YEARS}
    volume = {y: {item: 100.0 * (1.0 + real_growth[y]) for item in ITEMS} for y in YEARS if y > 2014}
    grp = {y: sum(by_section[y].values()) * (1.0 + NET_TAX_SHARE) for y in YEARS}
    region = SimpleNamespace(
        id=region_id,
        name=region_id.title(),
        value_added_by_section=by_section,
        gva_volume_index_by_section=volume,
        grp=grp,
        grp_volume_index={y: 100.0 * (1.0 + real_growth[y]) for y in YEARS if y > 2014},
        employed=employed,
        labour_force={y: e * 1.05 for y, e in employed.items()},
        boundary_break=boundary_break or {},
        trend_exclusions={},
    )
    nat = national or region
    region.national_value_added_by_section = nat.value_added_by_section
    region.national_volume_index_by_section = nat.gva_volume_index_by_section
    region.national_series = {
        "employed": dict(nat.employed),
        "labour_force": dict(nat.labour_force),
        "gva_volume_index": nat.gva_volume_index_by_section,
        "gdp_deflator": {
            y: 100.0 * (nat.grp[y] / nat.grp[y - 1]) / (nat.grp_volume_index[y] / 100.0) for y in YEARS if y > 2014
        },
    }
    return region


def constant(value: float) -> dict[int, float]:
    return {y: value for y in YEARS}


# ---------------------------------------------------------------------------------------------- exact process


def test_steady_growth_is_projected_exactly():
    """Every sector +3 % a year in volume, prices +5 %, employment +1 %: the trend is exact, every error of the
    shipped method is 0 (to 1e-12), from every base year, for every variable and horizon."""
    region = synthetic_region("steady", constant(0.03), constant(0.05), constant(0.01))
    result = bt.run_backtest([region], range(2015, 2025))
    shipped = [p for p in result.points if p.method == bt.SHIPPED]
    assert {p.variable for p in shipped} == set(bt.VARIABLES)
    assert len(shipped) == 3 * sum(2025 - b for b in range(2015, 2025))
    assert max(abs(p.error) for p in shipped) < 1e-12
    # the naive forecasts are exact as well on a constant-growth series
    assert max(abs(p.error) for p in result.points) < 1e-12


def test_real_grp_is_scored_in_prices_of_the_base_year():
    region = synthetic_region("steady", constant(0.03), constant(0.05), constant(0.01))
    result = bt.run_backtest([region], [2018])
    point = next(p for p in result.points if p.variable == "grp_real" and p.year == 2020 and p.method == "trend")
    assert point.published == pytest.approx(region.grp[2018] * 1.03**2, rel=1e-12)
    nominal = next(p for p in result.points if p.variable == "grp_nominal" and p.year == 2020)
    assert nominal.published == region.grp[2020]


# ---------------------------------------------------------------------------------------------- naive forecasts


def test_naive_forecasts_against_hand_calculations():
    """Series 2014..2018 = 100, 110, 99, 108.9, 119.79.

    last_growth from 2018: 119.79 / 108.9 − 1 = 0.10; two years ahead 119.79 · 1.1² = 144.9459.
    mean_growth from 2018: (119.79 / 100)^(1/4) − 1 = 1.1979^0.25 − 1 = 0.046182...;
    from 2016: (99 / 100)^(1/2) − 1 = −0.0050126...
    With a boundary break in 2018: last_growth takes the change into 2017, 108.9 / 99 − 1 = 0.10, and the mean
    leaves the 2018 change out: (108.9 / 100)^(1/3) − 1 = 0.028836...
    """
    series = {2014: 100.0, 2015: 110.0, 2016: 99.0, 2017: 108.9, 2018: 119.79}
    assert bt.last_growth(series, 2018) == pytest.approx(0.10, rel=1e-12)
    assert bt.naive_path(series[2018], 0.10, np.array([2]))[0] == pytest.approx(144.9459, rel=1e-12)
    assert bt.mean_growth(series, 2018) == pytest.approx(1.1979**0.25 - 1, rel=1e-12)
    assert bt.mean_growth(series, 2016) == pytest.approx(math.sqrt(0.99) - 1, rel=1e-12)
    assert bt.last_growth(series, 2016) == pytest.approx(-0.10, rel=1e-12)
    assert bt.last_growth(series, 2018, skip=(2018,)) == pytest.approx(0.10, rel=1e-12)
    assert bt.mean_growth(series, 2018, skip=(2018,)) == pytest.approx(1.089 ** (1 / 3) - 1, rel=1e-12)
    # a series that starts later: the mean runs from its first year; one year alone has no growth
    late = {2021: 50.0, 2022: 55.0, 2023: 60.5}
    assert bt.mean_growth(late, 2023) == pytest.approx(0.10, rel=1e-12)
    assert math.isnan(bt.last_growth(late, 2021)) and math.isnan(bt.mean_growth(late, 2021))


def test_naive_points_are_the_shipped_methods_points():
    """The three methods are scored on the very same (region, base year, year, variable) points."""
    rng = np.random.default_rng(1)
    region = synthetic_region(
        "noisy",
        {y: 0.03 + 0.03 * rng.standard_normal() for y in YEARS},
        constant(0.06),
        {y: 0.01 * rng.standard_normal() for y in YEARS},
    )
    result = bt.run_backtest([region], range(2015, 2023))
    keys = {m: {(p.base_year, p.year, p.variable) for p in result.points if p.method == m} for m in bt.METHODS}
    assert keys["trend"] and keys["trend"] == keys["last_growth"] == keys["mean_growth"]
    last = next(
        p
        for p in result.points
        if p.method == "last_growth" and p.base_year == 2019 and p.year == 2022 and p.variable == "employment"
    )
    factor = region.employed[2019] / region.employed[2018]
    assert last.projected == pytest.approx(region.employed[2019] * factor**3, rel=1e-12)


def test_boundary_break_skips_points_across_it():
    """Nominal GRP points with b < break['gva'] <= year and employment points with b < break['labour'] <= year
    are not scored; real GRP is (its volume index is on comparable territory)."""
    region = synthetic_region(
        "split", constant(0.03), constant(0.05), constant(0.01), boundary_break={"gva": 2021, "labour": 2022}
    )
    result = bt.run_backtest([region], range(2015, 2024))
    for p in result.points:
        if p.variable == "grp_nominal":
            assert not (p.base_year < 2021 <= p.year)
        if p.variable == "employment":
            assert not (p.base_year < 2022 <= p.year)
    assert any(p.variable == "grp_real" and p.base_year == 2015 and p.year == 2025 for p in result.points)
    assert any(p.variable == "grp_nominal" and p.base_year == 2015 and p.year == 2020 for p in result.points)
    assert any(p.variable == "employment" and p.base_year == 2022 for p in result.points)


# ---------------------------------------------------------------------------------------------- bands


def random_walk_panel(seed: int, n_regions: int = 20) -> list[SimpleNamespace]:
    """``n_regions`` regions whose log real GRP, price level and employment are random walks with the same drift
    and noise (3 % ± 3 %, 6 % ± 4 %, 0.5 % ± 1.5 % a year), independent across regions; the country is their
    sum, so that the errors of every region are drawn from one distribution."""
    rng = np.random.default_rng(seed)
    specs = []
    for i in range(n_regions):
        specs.append(
            (
                f"r{i:02d}",
                {y: 0.03 + 0.03 * rng.standard_normal() for y in YEARS},
                {y: 0.06 + 0.04 * rng.standard_normal() for y in YEARS},
                {y: 0.005 + 0.015 * rng.standard_normal() for y in YEARS},
            )
        )
    regions = [synthetic_region(*spec) for spec in specs]
    nation = SimpleNamespace(
        value_added_by_section={
            y: {s: sum(r.value_added_by_section[y][s] for r in regions) for s in SECTIONS_2014} for y in YEARS
        },
        employed={y: sum(r.employed[y] for r in regions) for y in YEARS},
        labour_force={y: sum(r.labour_force[y] for r in regions) for y in YEARS},
        grp={y: sum(r.grp[y] for r in regions) for y in YEARS},
    )
    real = {
        y: sum(r.grp[2014] * np.prod([r.grp_volume_index[t] / 100 for t in range(2015, y + 1)]) for r in regions)
        for y in YEARS
    }
    nation.grp_volume_index = {y: 100.0 * real[y] / real[y - 1] for y in YEARS if y > 2014}
    nation.gva_volume_index_by_section = {
        y: {item: nation.grp_volume_index[y] for item in ITEMS} for y in YEARS if y > 2014
    }
    return [synthetic_region(*spec, national=nation) for spec in specs]


def test_leave_one_region_out_band_covers_about_90_percent():
    """20 exchangeable regions (random walks with one drift and noise), base years 2015–2022: the 5–95 % band
    from the other regions' errors covers close to 90 % of the published values at horizons 1–5.

    Tolerance: the mean coverage over five independent panels lies in 84–93 % for each variable. Expected value:
    a little under 90 %. A band from m exchangeable errors covers on average 0.9 · (m − 1) / (m + 1) (the
    expected coverage between two order statistics): 88.8 % here, where m is 133–152; the errors are moreover
    dependent (the horizons of one path share its shocks, base years overlap, the national trend is common to
    every region), which makes the band's quantiles noisier than m independent errors would: over 100 seeds (measured
    while writing this test) one panel covered 87.1–87.8 % on average, with a standard deviation of 2.2–3.2
    points (a binomial standard error on ~600 independent points would be 1.2), so the five-panel mean has a
    standard deviation of 1.0–1.4 points. Both bounds are more than three of those from the expected value.
    """
    coverage = {v: [] for v in bt.VARIABLES}
    for seed in range(5):
        result = bt.run_backtest(random_walk_panel(seed=seed), range(2015, 2023))
        for variable in bt.VARIABLES:
            share, n = result.coverage(variable, range(1, 6))
            assert n == 20 * (8 + 8 + 8 + 7 + 6)
            coverage[variable].append(share)
    for variable, shares in coverage.items():
        assert 0.84 <= np.mean(shares) <= 0.93, (variable, shares)


def test_a_band_never_uses_the_regions_own_errors():
    """Move one region's errors far away (projections × 3): the other regions' bands reach further down, its own
    band does not move."""
    panel = random_walk_panel(seed=3, n_regions=12)
    before = bt.run_backtest(panel, [2018])
    points = list(before.points)
    shifted = [
        dataclasses.replace(p, projected=p.projected * 3.0) if p.region == "r00" and p.method == bt.SHIPPED else p
        for p in points
    ]
    after = bt.add_bands([dataclasses.replace(p, p05=math.nan, p95=math.nan) for p in shifted])
    by_key = {(p.region, p.variable, p.year, p.method): p for p in after}
    for p in before.points:
        if p.method != bt.SHIPPED:
            continue
        q = by_key[(p.region, p.variable, p.year, p.method)]
        if p.region == "r00":
            assert q.p05 / q.projected == pytest.approx(p.p05 / p.projected, rel=1e-12)
        else:
            assert q.p05 / q.projected < p.p05 / p.projected  # published = projected / (1 + error)


# ---------------------------------------------------------------------------------------------- CLI


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--regions", "atlantis"], "unknown region 'atlantis'"),
        (["--base-years", "2010-2020"], "2015–2024"),
        (["--base-years", "2020-2018"], "--base-years"),
        (["--base-years", "twenty"], "--base-years"),
        (["--base-years", "2015-2025"], "2015–2024"),
    ],
)
def test_bad_input_exits_2(argv, message, tmp_path, capsys):
    assert main(["backtest", *argv, "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_cli_writes_the_backtest_folder_on_the_real_data(tmp_path, capsys):
    out = tmp_path / "bt"
    assert main(["backtest", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    for name in ("backtest.csv", "summary.csv", "summary.md", "error_by_horizon.png", "regions_real_grp.png"):
        assert (out / name).is_file(), name
    header = (out / "backtest.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(bt.CSV_COLUMNS)
    assert "coverage" in printed and "real GRP" in printed


def test_band_is_the_other_regions_error_quantiles():
    """A point's band, by hand: q05, q95 of the other regions' errors at its variable and horizon (all base
    years); published = projected / (1 + error), so the band is projected / (1 + q95) .. projected / (1 + q05),
    and a published value is inside exactly when its own error lies in [q05, q95]."""
    result = bt.run_backtest(random_walk_panel(seed=5, n_regions=12), range(2015, 2020))
    point = next(p for p in result.points if p.method == bt.SHIPPED and p.region == "r04" and p.horizon == 2)
    others = [
        p.error
        for p in result.points
        if p.method == bt.SHIPPED and p.variable == point.variable and p.horizon == 2 and p.region != "r04"
    ]
    assert len(others) == 11 * 5
    q05, q95 = np.quantile(others, [0.05, 0.95])
    assert point.p05 == pytest.approx(point.projected / (1 + q95), rel=1e-12)
    assert point.p95 == pytest.approx(point.projected / (1 + q05), rel=1e-12)
    for p in result.points:
        if p.inside is not None:
            lo, hi = p.projected / p.p95 - 1, p.projected / p.p05 - 1
            assert p.inside == (lo - 1e-12 <= p.error <= hi + 1e-12)


# ---------------------------------------------------------------------------------------------- baseline error


def test_shipped_baseline_error_table():
    from simulator.baseline_error import load_baseline_error

    table = load_baseline_error()
    assert set(table.variables) == {"grp_real", "employment"}
    assert table.horizons.tolist() == list(range(1, 11))
    assert table.probabilities.size == 99
    assert table.probabilities[0] == pytest.approx(0.01) and table.probabilities[-1] == pytest.approx(0.99)
    for variable in table.variables:
        q = table.quantiles[variable]
        assert q.shape == (10, 99)
        assert np.all(np.diff(q, axis=1) >= 0)
        assert table.n[variable][0] > 100  # horizon 1: every region and base year
    assert any("correlation" in line.lower() for line in table.header)
    assert any("points per horizon" in line for line in table.header)


def test_error_at_interpolates_the_quantile_function():
    from simulator.baseline_error import (
        describe,
        error_at,
        error_band,
        load_baseline_error,
        median_abs_error,
        outcome_band,
    )

    table = load_baseline_error()
    q = table.quantiles["grp_real"]
    # on the grid: the tabulated quantiles; between two: linear in the probability
    assert error_at("grp_real", 3, 0.50) == pytest.approx(q[2, 49], rel=1e-12)
    assert error_at("grp_real", 3, 0.505) == pytest.approx((q[2, 49] + q[2, 50]) / 2, rel=1e-12)
    # outside 1–99 %: the 1 % and 99 % quantiles
    assert error_at("grp_real", 1, 0.0) == pytest.approx(q[0, 0], rel=1e-12)
    assert error_at("grp_real", 1, 1.0) == pytest.approx(q[0, -1], rel=1e-12)
    # horizon 0 (a published year): no error; vectorised, broadcasting horizon against u
    u = np.random.default_rng(0).uniform(size=1000)  # one rank per draw, for every horizon
    horizons = np.array([0, 1, 5, 10])[:, None]
    e = error_at("employment", horizons, u)
    assert e.shape == (4, 1000)
    assert np.all(e[0] == 0.0)
    # a draw keeps its rank at every horizon
    order = np.argsort(u)
    assert np.all(np.diff(e[1][order]) >= 0) and np.all(np.diff(e[3][order]) >= 0)
    # beyond the table: the last row scaled by sqrt(h / 10)
    assert error_at("grp_real", 40, 0.9) == pytest.approx(2.0 * error_at("grp_real", 10, 0.9), rel=1e-12)
    assert median_abs_error("grp_real", 0) == 0.0
    assert median_abs_error("grp_real", 2) == pytest.approx(table.median_abs["grp_real"][1], rel=1e-12)
    low, high = error_band("grp_real", 5)
    assert low == pytest.approx(q[4, 4], rel=1e-12) and high == pytest.approx(q[4, 94], rel=1e-12)
    # where published values fell around the baseline: the error band turned around
    out_low, out_high = outcome_band("grp_real", 5)
    assert out_low == pytest.approx(1 / (1 + high) - 1, rel=1e-12)
    assert out_high == pytest.approx(1 / (1 + low) - 1, rel=1e-12)
    assert "5 years ahead" in describe("grp_real", 5) and f"{100 * out_high:+.1f}" in describe("grp_real", 5)
    with pytest.raises(KeyError):
        error_at("grp_nominal", 1, 0.5)


def test_shipped_baseline_error_is_up_to_date():
    """simulator/data/baseline_error.csv is what tools/build_baseline_error.py writes from the shipped data and
    the shipped trend: after a change to either, run the tool."""
    import importlib.util

    from conftest import REPO

    spec = importlib.util.spec_from_file_location("build_baseline_error", REPO / "tools" / "build_baseline_error.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert tool.build() == tool.TARGET.read_text(encoding="utf-8")


def test_the_error_spread_never_narrows_with_the_horizon():
    """Horizon h−1 quantiles (5 %, 50 %, 95 %) = (−0.10, 0.00, +0.08), horizon h = (−0.06, +0.01, +0.12):
    around h's median +0.01 the lower distance is at least h−1's −0.10 (→ −0.09), the upper keeps its own +0.11
    (wider than +0.08): (−0.09, +0.01, +0.12)."""
    from simulator.backtest_tables import _widen

    probs = np.array([0.05, 0.5, 0.95])
    got = _widen(np.array([-0.06, 0.01, 0.12]), np.array([-0.10, 0.0, 0.08]), probs)
    np.testing.assert_allclose(got, [-0.09, 0.01, 0.12], rtol=0, atol=1e-15)
