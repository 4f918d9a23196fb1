"""simulator.leontief: identities, edge cases and FLQ's defining properties (worked examples live in
test_leontief_worked_examples.py)."""

from __future__ import annotations

import doctest

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import simulator.leontief as leontief
from simulator.leontief import (
    cilq,
    closed_leontief_inverse,
    direct_effect_multipliers,
    final_demand_multipliers,
    flq,
    flq_lambda,
    leontief_inverse,
    slq,
    technical_coefficients,
)

N = 4


def test_docstring_examples():
    assert doctest.testmod(leontief).failed == 0


# --- strategies ---------------------------------------------------------------------------------------------
def values(low, high):
    """Zero or a float in [low, high]; no subnormal numbers (np.seterr(all='raise') makes underflow an error,
    and real tables have none)."""
    return st.one_of(st.just(0.0), st.floats(max(low, 1e-6), high))


def productive_matrices(n=N):
    """Non-negative A with every column sum <= 0.9 (so I − A is invertible and L >= I)."""
    raw = arrays(np.float64, (n, n), elements=values(0, 1))
    scale = values(0.0, 0.9)
    return st.tuples(raw, scale).map(lambda t: t[0] / max(t[0].sum(axis=0).max(), 1.0) * t[1])


employment = arrays(np.float64, N, elements=values(0, 1e6)).filter(lambda v: v.sum() > 1)


def region_and_nation():
    """Regional employment <= national employment, sector by sector, both with positive totals."""
    share = arrays(np.float64, N, elements=values(0, 1))
    return st.tuples(employment, share).map(lambda t: (t[0] * t[1], t[0])).filter(lambda t: t[0].sum() > 1)


# --- technical coefficients and the Leontief inverse --------------------------------------------------------
def test_zero_output_sector_gets_zero_column_without_warning():
    Z = np.array([[1.0, 0.0], [2.0, 0.0]])
    A = technical_coefficients(Z, [10.0, 0.0])
    np.testing.assert_array_equal(A, [[0.1, 0.0], [0.2, 0.0]])


@settings(max_examples=60, deadline=None)
@given(productive_matrices())
def test_leontief_inverse_identities(A):
    L = leontief_inverse(A)
    np.testing.assert_allclose(L @ (np.eye(N) - A), np.eye(N), atol=1e-9)
    # L = I + A + A² + ... >= I, so every column sum (simple output multiplier) is at least 1
    assert np.all(L >= np.eye(N) - 1e-12)
    assert np.all(final_demand_multipliers(L, np.ones(N)) >= 1 - 1e-12)


def test_leontief_inverse_accepts_a_batch():
    A = np.array([[[0.1, 0.2], [0.3, 0.1]], [[0.0, 0.0], [0.0, 0.0]]])
    L = leontief_inverse(A)
    assert L.shape == (2, 2, 2)
    np.testing.assert_allclose(L[0], np.linalg.inv(np.eye(2) - A[0]))
    np.testing.assert_allclose(L[1], np.eye(2))


def test_multipliers_shapes_and_zero_coefficients():
    L = leontief_inverse([[0.1, 0.2], [0.3, 0.1]])
    f = np.array([[0.5, 0.0], [1.0, 2.0]])
    assert final_demand_multipliers(L, f[0]).shape == (2,)
    assert final_demand_multipliers(L, f).shape == (2, 2)
    ratio = direct_effect_multipliers(L, f)
    assert ratio[0, 1] == 0.0  # zero direct effect -> zero, no warning
    np.testing.assert_allclose(ratio[1], (f[1] @ L) / f[1])


# --- the closed model (Type II) -----------------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(
    productive_matrices(),
    arrays(np.float64, N, elements=values(0, 0.5)),
    arrays(np.float64, N, elements=values(0, 1)),
    values(0, 0.9),
)
def test_type_2_at_least_type_1(A, wages, spending, propensity):
    """Closing the model adds induced effects: every Type II multiplier >= its Type I counterpart."""
    # a productive closed model needs the households' column c and row w to leave a leakage
    assume_ok = A.sum(axis=0) + wages <= 0.95
    wages = np.where(assume_ok, wages, 0.0)
    consumption = spending / max(spending.sum(), 1.0) * propensity
    L = leontief_inverse(A)
    closed = closed_leontief_inverse(A, wages, consumption)
    assert closed.shape == (N + 1, N + 1)
    block = closed[:N, :N]
    assert np.all(block >= L - 1e-9)
    ones = np.ones(N)
    assert np.all(final_demand_multipliers(block, ones) >= final_demand_multipliers(L, ones) - 1e-9)
    # household row = labour income generated = w @ block when households do not buy from households
    np.testing.assert_allclose(closed[N, :N], wages @ block, atol=1e-9)
    # the Type II/Type I income-multiplier ratio is the same constant for every sector
    has_wages = wages > 1e-6
    ratio = (closed[N, :N] / np.where(has_wages, wages, 1.0)) / np.where(
        has_wages, direct_effect_multipliers(L, wages), 1.0
    )
    np.testing.assert_allclose(ratio[has_wages], closed[N, N], rtol=1e-7)


def test_closed_model_without_households_spending_is_the_open_model():
    A = np.array([[0.1, 0.2], [0.3, 0.1]])
    closed = closed_leontief_inverse(A, [0.3, 0.2], [0.0, 0.0])
    np.testing.assert_allclose(closed[:2, :2], leontief_inverse(A))
    assert closed[2, 2] == pytest.approx(1.0, rel=1e-12)


# --- location quotients and FLQ -----------------------------------------------------------------------------
def test_slq_cilq_lambda_by_hand():
    """Definitions from design.md §3.3 on a case small enough to check by hand."""
    regional = np.array([10.0, 30.0, 0.0])  # TRE = 40
    national = np.array([100.0, 100.0, 200.0])  # TNE = 400
    q = slq(regional, national)
    np.testing.assert_allclose(q, [(10 / 40) / (100 / 400), (30 / 40) / (100 / 400), 0.0])  # 1, 3, 0
    c = cilq(q)
    np.testing.assert_allclose(c, [[1.0, 1 / 3, 1.0], [3.0, 3.0, 3.0], [0.0, 0.0, 0.0]])
    assert flq_lambda(40, 400, 0.3) == pytest.approx(np.log2(1.1) ** 0.3, rel=1e-12)
    A = np.full((3, 3), 0.1)
    lam = np.log2(1.1) ** 0.3  # ≈ 0.551
    expected = 0.1 * np.minimum(lam * c, 1.0)
    np.testing.assert_allclose(flq(A, regional, national, 0.3), expected)


def test_delta_zero_gives_cilq_with_slq_diagonal():
    regional = np.array([5.0, 1.0, 4.0, 0.0])
    national = np.array([10.0, 20.0, 30.0, 40.0])
    A = np.full((4, 4), 0.05)
    expected = A * np.minimum(cilq(slq(regional, national)), 1.0)
    np.testing.assert_allclose(flq(A, regional, national, 0.0), expected)
    assert flq_lambda(10, 100, 0.0) == 1.0


@settings(max_examples=60, deadline=None)
@given(productive_matrices(), employment)
def test_region_equal_to_nation_returns_A(A, national):
    np.testing.assert_allclose(flq(A, national, national, 0.3), A, rtol=1e-12)


@settings(max_examples=100, deadline=None)
@given(productive_matrices(), region_and_nation(), values(0, 1))
def test_flq_coefficients_never_exceed_national(A, employment_pair, delta):
    regional, national = employment_pair
    A_regional = flq(A, regional, national, delta)
    assert np.all(A_regional >= 0)
    assert np.all(A_regional <= A + 1e-15)
    # so every regional multiplier is at most the national one
    L, L_regional = leontief_inverse(A), leontief_inverse(A_regional)
    assert np.all(L_regional <= L + 1e-9)
    # a sector absent from the region (but present in the nation) supplies nothing locally
    absent = (regional == 0) & (national > 0)
    assert np.all(A_regional[absent, :] == 0)


@settings(max_examples=60, deadline=None)
@given(productive_matrices(), region_and_nation())
def test_larger_delta_shrinks_coefficients(A, employment_pair):
    regional, national = employment_pair
    batch = flq(A, regional, national, np.array([0.0, 0.1, 0.3, 0.5]))
    assert batch.shape == (4, N, N)
    for k, delta in enumerate([0.0, 0.1, 0.3, 0.5]):
        np.testing.assert_allclose(batch[k], flq(A, regional, national, delta))
    assert np.all(np.diff(batch, axis=0) <= 1e-15)


def test_absent_buyer_column_uses_supplier_slq():
    """A sector with no regional employment buys locally as if it had national-average concentration."""
    regional = np.array([20.0, 0.0, 20.0])
    national = np.array([100.0, 100.0, 200.0])
    q = slq(regional, national)  # (20/40)/(100/400) = 2, 0, 1
    A = np.full((3, 3), 0.1)
    A_regional = flq(A, regional, national, 0.0)
    np.testing.assert_allclose(A_regional[:, 1], 0.1 * np.minimum(q, 1.0))


def test_zero_national_employment():
    """0/0 carries no information: the industry is treated like the nation (SLQ 1)."""
    q = slq([1.0, 0.0, 0.0], [5.0, 0.0, 5.0])
    np.testing.assert_array_equal(q, [2.0, 1.0, 0.0])
    with pytest.raises(ValueError, match="no national employment"):
        slq([1.0, 1.0], [5.0, 0.0])


@pytest.mark.parametrize(
    ("regional", "national", "delta", "message"),
    [
        ([0.0, 0.0], [1.0, 1.0], 0.3, "positive"),
        ([-1.0, 2.0], [1.0, 1.0], 0.3, "non-negative"),
        ([1.0, 1.0], [1.0, 1.0], -0.1, "delta"),
        ([5.0, 5.0], [1.0, 1.0], 0.3, "<= national"),
    ],
    ids=["no-regional-employment", "negative", "negative-delta", "region-larger-than-nation"],
)
def test_bad_flq_inputs(regional, national, delta, message):
    with pytest.raises(ValueError, match=message):
        flq(np.eye(2) * 0.1, regional, national, delta)
