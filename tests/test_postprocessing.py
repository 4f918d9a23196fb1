"""Post-processing of a run computes each statistic once and the same numbers as computing it column by column:
detail statistics batched over all projects (or industries), central values reused by plots and the report,
target values that keep no (draw, year) array alive, and no scipy.io import until raw draws are written."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import numpy as np
import pytest
from synthetic import plant, scenario, synthetic_region

from simulator.api import simulate
from simulator.results import PERCENTILES, column_statistics, detail_keys, detail_statistics
from simulator.tables import iamc_csv, long_csv
from simulator.uncertainty import simulate_ensemble

REGION = synthetic_region()
TRI = {"dist": "triangular"}


def assert_same_bits(a: np.ndarray, b: np.ndarray, message: str) -> None:
    """Equal values and equal signs of zero."""
    np.testing.assert_array_equal(a, b, err_msg=message)
    np.testing.assert_array_equal(np.signbit(a), np.signbit(b), err_msg=f"{message}: sign of a zero")


def assert_column_by_column(values: np.ndarray, scale: float) -> None:
    """detail_statistics(values) is column_statistics of each column values[..., j], bit for bit."""
    batched = detail_statistics(values, scale)
    for j in range(values.shape[2]):
        single = dict(column_statistics(values[..., j], scale))
        assert list(batched) == list(single)
        for stat, row in single.items():
            assert batched[stat].shape == (values.shape[1], values.shape[2])
            assert_same_bits(batched[stat][:, j], row, f"column {j}, {stat}")


@pytest.mark.parametrize("draws", [4096, 300, 1], ids=["binned-percentiles", "numpy-percentiles", "one-draw"])
def test_detail_statistics_equal_column_statistics(draws):
    rng = np.random.default_rng(3)
    values = rng.lognormal(size=(draws, 13, 5)) * 1e4
    values[:, :2, :] = 0.0  # before a project starts
    values[:, :, 3] = 7.5  # the same in every draw
    assert_column_by_column(values, 1e-3)


@pytest.mark.parametrize("draws", [4096, 300])
@pytest.mark.parametrize("block_bytes", [1, 8 * 4096 * 5, 2**40], ids=["two-columns", "five-columns", "one-block"])
def test_statistics_by_blocks_of_columns_equal_one_pass(draws, block_bytes):
    """blocked_statistics hands the columns out in blocks of at least two (13 columns: 6 blocks of 2 or 3 at
    the smallest size): the means (numpy adds each column's draws in order in a contiguous array of two or more
    columns) and the exact percentiles are those of one pass over the whole array, bit for bit; a column
    constant over the draws and one broadcast along them included."""
    from simulator.results import blocked_statistics

    rng = np.random.default_rng(5)
    values = rng.lognormal(size=(draws, 13)) * 1e6
    values[:, 4] = 2.5
    whole = dict(column_statistics(values, 1e-3))
    got = blocked_statistics(lambda a, b: np.ascontiguousarray(values[:, a:b]), draws, 13, 1e-3, block_bytes)
    assert list(got) == list(whole)
    for stat in whole:
        np.testing.assert_array_equal(got[stat], whole[stat], err_msg=stat)
    row = np.broadcast_to(values[:1], values.shape)
    got = blocked_statistics(lambda a, b: row[:, a:b], draws, 13, 1.0, block_bytes)
    np.testing.assert_array_equal(got["p5"], values[0])


def test_detail_statistics_of_an_array_with_negative_zeros_go_column_by_column():
    rng = np.random.default_rng(4)
    values = rng.normal(size=(4096, 6, 3))
    values[:, 0, :] = 0.0
    values[::3, 0, 1] = -0.0  # a column holding both zeros: its zero percentiles are taken one column at a time
    assert_column_by_column(values, 1.0)


def test_detail_statistics_of_a_broadcast_array_are_its_one_value():
    one = np.arange(12.0).reshape(1, 4, 3)
    values = np.broadcast_to(one, (5000, 4, 3))  # kept once by an ensemble, the same in every draw
    stats = detail_statistics(values, 2.0)
    assert list(stats) == ["mean", *(f"p{q}" for q in PERCENTILES)]
    for q in PERCENTILES:
        np.testing.assert_array_equal(stats[f"p{q}"], one[0] * 2.0)
    assert_column_by_column(values, 2.0)


def uncertain_plant():
    p = plant()
    p["production"] = {
        **p["production"],
        "capacity": {"value": {**TRI, "low": 6000, "mode": 10000, "high": 12000}, "unit": "cars/yr"},
    }
    return p


TARGETS = [
    {"id": "grp", "variable": "grp", "kind": "ratio", "value": 1.01, "year": 2030, "basis": "nominal"},
    {"id": "revenue", "variable": "tax_revenue_collected", "kind": "increase", "value": 1, "unit": "billion KZT",
     "year": 2030, "basis": "nominal", "relative_to": "baseline"},
]  # fmt: skip
SCENARIO = scenario([uncertain_plant()], targets=TARGETS)


@pytest.fixture(scope="module")
def ensemble():
    return simulate_ensemble(SCENARIO, 200, 5, region=REGION, progress=None)


def test_ensemble_precomputes_the_detail_statistics_the_tables_would_compute(ensemble):
    keys = [key for key, _ in detail_keys(ensemble.arrays)]
    assert "project:grp_impact" in keys and "sector:value_added_baseline" in keys
    for key in keys:
        assert ensemble.statistics[key]["p50"].shape == (ensemble.years.size, ensemble.arrays[key].shape[2])
    fresh = dataclasses.replace(ensemble, statistics={})  # computed on first use instead
    assert long_csv([fresh]) == long_csv([ensemble])
    assert iamc_csv([fresh]) == iamc_csv([ensemble])


def test_central_values_are_computed_once_and_handed_out_as_copies(ensemble):
    """An ensemble's central value is its table's median (the 50th percentile in model units, then scaled to
    reported units): the same number as ``p50`` in results.csv, bit for bit; the median of the scaled draws
    differs from it only by where the scaling rounds: each is within two roundings of (a + b) / 2 of the same
    two order statistics, scaled (bound used: 4 units of 2^-52 relative)."""
    from simulator.quantiles import median, percentiles
    from simulator.variables import BY_KEY

    run = dataclasses.replace(ensemble)
    first = run.central("grp", baseline=True)
    p50 = percentiles(run.arrays["baseline:grp"], (50,))[0] * BY_KEY["grp"].scale
    np.testing.assert_array_equal(first, p50)
    np.testing.assert_array_equal(first, run.statistics["baseline:grp"]["p50"])
    np.testing.assert_allclose(first, median(run.series("grp", baseline=True)), rtol=2.0**-50)
    first[:] = -1.0  # a caller changing its copy changes nothing for the next one
    np.testing.assert_array_equal(run.central("grp", baseline=True), p50)
    assert run.central("grp").shape == run.years.shape


@pytest.mark.parametrize("draws", [1, 200])
def test_target_values_own_their_data(ensemble, draws):
    run = ensemble if draws > 1 else simulate(SCENARIO, region=REGION)
    for target in run.targets:
        assert target.value_at_year.shape == (draws,)
        assert target.value_at_year.base is None  # not a view keeping a whole (draw, year) metric alive


def test_importing_the_ensemble_does_not_import_scipy_io():
    code = "import sys, simulator.uncertainty; print('scipy.io' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
