"""simulator.quantiles.percentiles against np.percentile(values, q, axis=0): exact equality.

Every comparison is ``np.testing.assert_array_equal`` (no tolerance): the function selects the same order
statistics and interpolates them with numpy's own operations. The cases cover each path of the selection
(the np.percentile fallback for small inputs, both memory layouts, constant columns left in place or out,
columns constant up to rounding read off one bin per float, bins sorted together or partitioned one by one,
crowded bins counted float by float around a cluster, binned again or partitioned, unbinnable columns) on the
data the model produces (mass points at a floor or at zero, a constant base year, long tails) and on the
awkward ones (ties, constants, outliers, huge ranges, signed zeros). The hypothesis test shrinks the size
thresholds so that small arrays go through the binning paths too. No timing here.
"""

from __future__ import annotations

import math
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from simulator import quantiles
from simulator.quantiles import percentiles

Q = (0, 5, 25, 50, 75, 95, 100)
SIZES = (1, 2, 3, 100, 2047, 2048, 5000, 100003)


def check(values, q=Q):
    """percentiles equals np.percentile exactly (same shape and dtype too) and leaves its input alone."""
    before = np.array(values, copy=True)
    got = percentiles(values, q)
    expected = np.percentile(values, q, axis=0)
    assert got.shape == expected.shape == (len(q), np.shape(values)[1])
    assert got.dtype == expected.dtype
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(values, before)
    return got


def draws(kind, shape, seed=0):
    rng = np.random.default_rng(seed)
    if kind == "normal":
        return rng.standard_normal(shape)
    if kind == "lognormal":
        return rng.lognormal(0.0, 1.0, shape)
    if kind == "uniform":
        return rng.uniform(-3.0, 7.0, shape)
    raise ValueError(kind)


@pytest.mark.parametrize("kind", ["normal", "lognormal", "uniform"])
@pytest.mark.parametrize("n_cols", [1, 13])
@pytest.mark.parametrize("n", SIZES)
def test_random_draws(kind, n, n_cols):
    check(draws(kind, (n, n_cols), seed=n))


@pytest.mark.parametrize("n", [3, 5000, 100003])
def test_heavy_ties(n):
    values = np.random.default_rng(1).integers(0, 4, (n, 13)).astype(float)
    check(values)


def test_ties_after_rounding():
    """values ~1e15 with unit noise: few distinct floats (spacing 0.125), |v| * scale too large for the
    one-multiplication binning, so the subtract-first binning is used."""
    check(1e15 + np.random.default_rng(2).standard_normal((60000, 13)))


@pytest.mark.parametrize("n", [1, 2048, 50000])
def test_constant_columns(n):
    values = np.full((n, 13), 3.25)
    values[:, 4] = -0.0
    values[:, 5] = np.random.default_rng(3).standard_normal(n)  # a normal column among constant ones
    check(values)


@pytest.mark.parametrize("n", [2048, 5000, 100003])
def test_identical_values_but_one(n):
    values = np.full((n, 13), 7.0)
    values[n // 3, :] = 8.0
    values[n // 2, 1] = -1e300
    check(values)


@pytest.mark.parametrize("n", [5000, 100003])
def test_one_far_outlier(n):
    """Equal-width bins put every normal value into one bin next to the outlier: that bin is binned again
    (100,003 draws) or partitioned (5,000)."""
    values = np.random.default_rng(4).standard_normal((n, 13))
    values[n // 2, :] = 1e12
    values[7, 3] = -1e12  # and one column with an outlier on each side
    check(values)


def test_outlier_in_one_column():
    values = np.random.default_rng(5).standard_normal((100003, 13))
    values[123, 6] = 1e12
    check(values)


def test_huge_ranges():
    values = np.random.default_rng(6).standard_normal((20000, 13)) * 1e300
    values[0, 2], values[1, 2] = 1.7e308, -1.7e308  # max - min overflows: that column is partitioned
    values[:, 3] = np.random.default_rng(7).standard_normal(20000) * 1e-300  # tiny values, subnormal bins
    with np.errstate(over="ignore", invalid="ignore"):  # np.percentile's own b - a overflows in column 2
        check(values)


def test_values_over_many_orders_of_magnitude():
    """Crowded bins that binning again does not shrink (2^-k, k up to 1000) end in np.partition."""
    rng = np.random.default_rng(8)
    values = np.ldexp(1.0, -rng.integers(0, 1000, (30000, 3))) * rng.choice([-1.0, 1.0], (30000, 3))
    check(values)


def test_long_tail_and_mixture():
    rng = np.random.default_rng(9)
    check(rng.lognormal(0.0, 2.0, (50000, 13)))  # a crowded bin near zero, binned again
    check((rng.random((50000, 13)) < 0.3) * 10.0 + 0.1 * rng.standard_normal((50000, 13)))


def floor_with_rounding(rng, n, share, floor=0.03):
    """A rate at its floor in ``share`` of the draws, the floor computed with rounding noise of a few units in
    the last place (as the model's unemployment rate: ~80 distinct floats within 85 ulps of 0.03)."""
    values = floor + rng.gamma(1.0, 0.002, n)
    at_floor = rng.random(n) < share
    values[at_floor] = floor + rng.integers(-40, 40, at_floor.sum()) * np.spacing(floor)
    return values


@pytest.mark.parametrize("layout", ["C", "F"])
def test_mass_points_like_the_model(layout):
    """The real ensembles' crowded bins: an exact floor (30 % of the draws), a floor with rounding noise (from a
    few % to nearly all draws), a mass at zero with a long tail (unfilled jobs) next to a constant first column
    (the observed base year) and ordinary columns."""
    rng = np.random.default_rng(20)
    n = 100_000
    exact_floor = np.maximum(rng.normal(0.05, 0.01, n), 0.02)
    exact_floor[rng.random(n) < 0.3] = 0.02
    columns = [
        np.full(n, 0.0479),
        exact_floor,
        *(floor_with_rounding(rng, n, share) for share in (0.05, 0.3, 0.6, 0.9, 0.999)),
        np.where(rng.random(n) < 0.94, 0.0, rng.lognormal(5.0, 1.0, n)),
        np.where(rng.random(n) < 0.42, 0.0, rng.lognormal(5.0, 1.0, n)),
        rng.lognormal(0.0, 2.0, n),
        rng.standard_normal(n),
        rng.normal(1e6, 1e4, n),
        np.where(rng.random(n) < 0.5, -0.0, np.where(rng.random(n) < 0.5, 0.0, -rng.lognormal(0.0, 1.0, n))),
    ]
    values = np.column_stack(columns)
    check(np.asfortranarray(values) if layout == "F" else values)
    check(values[:4099, :])  # few draws: a (n, T) array of single segments


def test_clusters_elsewhere():
    """Clusters of nearly equal values in the middle of a wide range, below zero, across zero (subnormals and
    signed zeros) and across a power of two, and two clusters in one column."""
    rng = np.random.default_rng(21)
    n = 60_000
    mid = rng.uniform(-1e3, 1e3, n)
    in_mid = rng.random(n) < 0.6
    mid[in_mid] = 7.25 + rng.integers(0, 500, in_mid.sum()) * np.spacing(7.25)
    negative = -floor_with_rounding(rng, n, 0.7)
    around_zero = rng.standard_normal(n)
    near = rng.random(n) < 0.8
    around_zero[near] = rng.integers(-30, 30, near.sum()) * 5e-324 * rng.choice([-1.0, 1.0], near.sum())
    binade = rng.lognormal(0.0, 1.0, n)
    at = rng.random(n) < 0.5
    k = rng.integers(-8, 8, at.sum())
    binade[at] = np.where(k < 0, 1.0 + k * 2.0**-53, 1.0 + k * 2.0**-52)  # the spacing doubles at 1.0
    two = rng.standard_normal(n)
    u = rng.random(n)
    two[u < 0.3] = 1.0
    two[u > 0.7] = 1.0 + 2.0**-40
    check(np.column_stack([mid, negative, around_zero, binade, two]))


def test_more_clusters_than_windows():
    """Windows are few (at most one per column) and narrow: clusters beyond them, or wider than them, are
    extracted and solved on their own."""
    rng = np.random.default_rng(22)
    n = 50_000
    values = rng.standard_normal((n, 2))
    u = rng.random((n, 2))
    for k in range(8):  # eight mass points of 10 % each, a few ulps wide
        at = (u >= k / 10) & (u < (k + 1) / 10)
        values[at] = (k + 1.0) + rng.integers(0, 3, at.sum()) * np.spacing(k + 1.0)
    check(values, (*Q, 15, 35, 45, 65, 85))
    with mock.patch.object(quantiles, "_ULP_WINDOW", 4):  # the clusters are wider than the window
        check(np.column_stack([floor_with_rounding(rng, n, 0.7), floor_with_rounding(rng, n, 0.99)]))


@pytest.mark.parametrize("base", [1.0, -3.7, 312345.6789, 0.03, 1e-300, -1e300, 2.0])
def test_columns_constant_up_to_rounding(base):
    """A quantity constant in every draw but for rounding (a few ulps): one bin per float, read off directly."""
    rng = np.random.default_rng(23)
    n = 30_000
    values = base + rng.integers(-6, 6, (n, 13)) * np.spacing(abs(base))
    values[:, 0] = base  # and the constant base year
    values[:, 1] = rng.normal(base, abs(base) * 1e-3, n)
    with np.errstate(under="ignore"):  # the interpolation's (b - a) * g, ~1e-316 at 1e-300, np.percentile's too
        check(values)
        check(np.asfortranarray(values))


def test_constant_columns_in_place_or_copied_out():
    """One constant column stays in the passes (all its values in one bin); a majority of constant columns is
    left out and the others copied; in columns laid out contiguously (F order) constant ones are not read."""
    rng = np.random.default_rng(24)
    values = rng.lognormal(0.0, 1.0, (50_000, 13))
    values[:, 0] = 123.0
    check(values)
    check(np.asfortranarray(values))
    infinite = values.copy()
    infinite[:, 9] = np.inf  # infinities are never binned: the other columns are copied out
    infinite[7, 10] = -np.inf
    with np.errstate(invalid="ignore"):  # inf - inf in the interpolation, np.percentile's too
        check(infinite)
        check(np.asfortranarray(infinite))
    values[:, 1:8] = -2.5
    check(values)
    check(np.asfortranarray(values))


def test_long_tailed_lognormal():
    """Long tails: the needed bins crowd near zero, below a few far draws."""
    rng = np.random.default_rng(25)
    check(rng.lognormal(0.0, 2.5, (100_000, 13)))
    check(np.exp(rng.standard_normal((100_000, 13)) * 6.0))


def test_many_values_per_bin():
    """Over 128 values per needed bin on average: the bins are partitioned one by one, not sorted together."""
    values = np.random.default_rng(10).standard_normal((300000, 4))
    values[:5000] = 50.0 + np.random.default_rng(11).standard_normal((5000, 4))  # widen the range
    check(values)


def test_signed_zeros():
    values = np.zeros((20000, 13))
    values[::3] = -0.0
    values[::7, 2] = 1.0
    values[::5, 3] = -1.0
    check(values)


def test_non_contiguous_inputs():
    rng = np.random.default_rng(12)
    base = rng.standard_normal((13, 60000))
    check(base.T)  # Fortran order: columns contiguous
    check(base[:, :4000].T)  # Fortran order, short columns
    check(rng.standard_normal((40000, 26))[:, ::2])  # strided columns
    check(rng.standard_normal((80000, 13))[::-2])  # negative stride along the draws
    check(np.asfortranarray(rng.lognormal(0.0, 1.0, (30000, 5))))


def test_broadcast_inputs():
    rng = np.random.default_rng(13)
    check(np.broadcast_to(rng.standard_normal(13), (30000, 13)))  # the same draw repeated
    check(np.broadcast_to(rng.standard_normal((30000, 1)), (30000, 13)))  # the same column repeated
    check(np.broadcast_to(rng.standard_normal((1, 1)), (30000, 13)))


@pytest.mark.parametrize(
    "q",
    [(50,), (0, 100), [99.9, 0.1, 50.5, 50.5], np.linspace(0, 100, 41), np.array([5, 95], dtype=np.int64), [33.3]],
)
def test_other_percentiles(q):
    check(draws("normal", (30000, 13), seed=14), q)
    check(draws("normal", (9, 13), seed=14), q)


def test_other_dtypes_go_to_numpy():
    values = np.random.default_rng(15).integers(-5, 5, (30000, 13))
    check(values)
    check(values.astype(np.float32))


def test_empty_percentile_list_and_no_years():
    values = draws("normal", (30000, 13))
    assert percentiles(values, []).shape == (0, 13)
    assert percentiles(values[:, :0], Q).shape == (len(Q), 0)


@pytest.mark.parametrize("n", [10, 30000])
def test_nan_raises(n):
    values = draws("normal", (n, 13))
    values[n // 2, 7] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        percentiles(values, Q)
    with pytest.raises(ValueError, match="NaN"):
        percentiles(np.broadcast_to(values[n // 2], (n, 13)), Q)


@pytest.mark.parametrize("q", [(-1,), (50, 100.5), (np.nan,)])
def test_percentiles_out_of_range_raise(q):
    with pytest.raises(ValueError, match="range"):
        percentiles(draws("normal", (30000, 2)), q)


@pytest.mark.parametrize("values", [np.zeros(30000), np.zeros((2, 3, 4)), np.zeros((0, 13))])
def test_bad_shapes_raise(values):
    with pytest.raises(ValueError):
        percentiles(values, Q)


def test_q_must_be_one_dimensional():
    with pytest.raises(ValueError, match="1-D"):
        percentiles(np.zeros((30000, 2)), [[5, 95]])


finite = st.floats(allow_nan=False, allow_infinity=False, allow_subnormal=False)
awkward = st.sampled_from([0.0, -0.0, 1.0, -1.0, 1e-300, 1e300, -1.7e308, 1.7e308, 123456.789, 2.0**-1000])
tied = st.integers(-3, 3).map(float)
# a few units in the last place apart: clusters, columns constant up to rounding, subnormals around zero
near = st.tuples(st.sampled_from([0.03, 1.0, -2.0, 0.0, 5e-324]), st.integers(-4, 4)).map(
    lambda base_steps: base_steps[0] + base_steps[1] * math.ulp(base_steps[0])
)


@settings(max_examples=100, deadline=None)
@given(
    values=st.tuples(st.integers(1, 300), st.integers(1, 4)).flatmap(
        lambda shape: arrays(np.float64, shape, elements=st.one_of(finite, awkward, tied, near))
    ),
    q=st.lists(st.floats(0.0, 100.0), min_size=1, max_size=8) | st.just(list(Q)),
    segment=st.sampled_from([8, 64, 1 << 17]),
    window=st.sampled_from([2, 1 << 10]),
)
def test_matches_numpy_on_any_floats(values, q, segment, window):
    """Arbitrary finite floats, small arrays forced through the binning paths (size thresholds of 2 values,
    short segments, windows of 2 floats or the usual ones): still np.percentile exactly."""
    thresholds = dict(_SMALL=2, _SMALL_TOTAL=2, _SEGMENT=segment, _ULP_WINDOW=window)
    # np.percentile's own interpolation may overflow or underflow on such values: the same in both
    with mock.patch.multiple(quantiles, **thresholds), np.errstate(all="ignore"):
        got = percentiles(values, q)
        expected = np.percentile(values, q, axis=0)
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("n", [1, 2, 5, 2048, 4097, 10_000])
def test_median_is_the_50th_percentile_and_np_median_for_odd_counts(n):
    rng = np.random.default_rng(n)
    values = rng.normal(size=(n, 3))
    np.testing.assert_array_equal(quantiles.median(values), quantiles.percentiles(values, (50,))[0])
    assert quantiles.median(values[:, 0]) == quantiles.percentiles(values[:, :1], (50,))[0, 0]
    if n % 2:
        np.testing.assert_array_equal(quantiles.median(values), np.median(values, axis=0))
    else:
        np.testing.assert_allclose(quantiles.median(values), np.median(values, axis=0), rtol=1e-15, atol=1e-300)
