"""The regional table as a function of FLQ's λ (simulator.model.table) and the multipliers built from it.

Checked against simulator.leontief (FLQ, Leontief inverse, closed model), which is itself checked against published
worked examples in tests/test_leontief.py. Tolerances: exact paths 1e-12 relative (rounding of different operation
orders); the interpolation grid 1e-11 relative to each response column's largest entry (its bound is
h⁴/384 · max|Y''''| with h ≤ 1/512, far below; rounding of the solves is ~1e-15).
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import SCENARIOS

from simulator import leontief
from simulator.model import table
from simulator.model.cache import RunCache
from simulator.model.effects import RegionalTable, multipliers


def random_table(seed, n=7, m=5):
    """A productive national table, regional and national employment with industries above and below the
    national share (so some FLQ entries reach their cap: kinks), drivers with one regional column."""
    rng = np.random.default_rng(seed)
    A = rng.uniform(0.0, 0.6 / n, size=(n, n))
    A[rng.random((n, n)) < 0.2] = 0.0
    E_n = rng.uniform(1e4, 1e5, size=n)
    E_r = E_n * rng.lognormal(0.0, 0.8, size=n) * 0.05
    fixed = rng.dirichlet(np.ones(n), size=m).T  # (n, m), columns sum to 1
    regional = np.zeros(m, dtype=bool)
    regional[1] = True
    sectors = np.zeros(m, dtype=int)
    sectors[1] = 3
    return A, E_r, E_n, fixed, regional, sectors


def exact(A, Q, fixed, regional, sectors, lam):
    return table.solve_responses(A, Q, fixed, regional, sectors, np.atleast_1d(lam))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_regional_coefficients_are_simulator_io_flq(seed):
    A, E_r, E_n, *_ = random_table(seed)
    Q, base = table.flq_parts(A, E_r, E_n)
    deltas = np.array([0.0, 0.1, 0.3, 0.5])
    np.testing.assert_array_equal(table.regional_coefficients(A, Q, base**deltas), leontief.flq(A, E_r, E_n, deltas))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_exact_responses_are_the_leontief_inverse_times_the_drivers(seed):
    A, E_r, E_n, fixed, regional, sectors = random_table(seed)
    Q, base = table.flq_parts(A, E_r, E_n)
    for delta in (0.0, 0.25, 0.6):
        A_r = leontief.flq(A, E_r, E_n, delta)
        V = fixed.copy()
        V[:, 1] = A_r[:, 3]  # the regional column: the region's own inputs of industry 3
        Y = exact(A, Q, fixed, regional, sectors, base**delta)[0]
        np.testing.assert_allclose(Y, leontief.leontief_inverse(A_r) @ V, rtol=1e-12, atol=1e-15)


def grid_error(A, Q, fixed, regional, sectors, lam, K):
    grid = table.ResponseGrid(A, Q, fixed, regional, sectors, K)
    want = exact(A, Q, fixed, regional, sectors, lam)
    scale = np.abs(want).max(axis=(0, 1))  # each column's largest entry
    got = grid.responses(lam)
    rows = grid.rows(lam)
    return np.abs(got - want).max(axis=(0, 1)) / scale, np.abs(rows - K @ want).max() / np.abs(K @ want).max()


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_interpolated_responses_match_the_exact_solve(seed):
    A, E_r, E_n, fixed, regional, sectors = random_table(seed)
    Q, _ = table.flq_parts(A, E_r, E_n)
    rng = np.random.default_rng(100 + seed)
    K = rng.random((4, A.shape[0]))
    lam = np.concatenate([rng.uniform(0.01, 1.0, 3000), [1.0]])
    columns, rows = grid_error(A, Q, fixed, regional, sectors, lam, K)
    assert columns.max() < 1e-11
    assert rows < 1e-11


def test_interpolation_on_kostanai_data():
    """The shipped national table, Kostanai's employment and plan.yaml's drivers: the grid reproduces the exact
    solve for δ over [0, 1] (λ from 1 down to log2(1 + TRE/TNE) ≈ 0.07)."""
    from simulator.model.baseline import baseline
    from simulator.model.effects import coefficient_rows, regional_table
    from simulator.uncertainty.ensemble import prepare

    _, _, region, inputs = prepare(SCENARIOS / "kostanai" / "plan.yaml")
    year = inputs.base_year
    A = inputs.A_national
    Q, base = table.flq_parts(A, region.employment_by_sector[year], region.national_employment_by_sector[year])
    pa = inputs.projects
    n = A.shape[0]
    # the grid's general case: fixed columns (here the national input mixes) beside regional ones
    national_mix = A[:, pa.sector_index] / A[:, pa.sector_index].sum(axis=0)
    fixed = np.concatenate([np.where(pa.regional_inputs, 0.0, national_mix), np.eye(n)[:, :4]], axis=1)
    regional = np.concatenate([pa.regional_inputs, np.zeros(4, dtype=bool)])
    sectors = np.concatenate([pa.sector_index, np.zeros(4, dtype=int)])
    assert regional.any()
    K = coefficient_rows(inputs, baseline(inputs))
    lam = base ** np.linspace(0.0, 1.0, 2001)
    columns, rows = grid_error(A, Q, fixed, regional, sectors, lam, K)
    assert columns.max() < 1e-11
    assert rows < 1e-11
    # and the model's table: one row of δ gives the exact path, many rows the grid; they agree
    central = regional_table(inputs, baseline(inputs))
    assert central.rows.shape[0] == 1


def test_nodes_hold_every_kink_and_cells_do_not_depend_on_fill_order():
    A, E_r, E_n, fixed, regional, sectors = random_table(4)
    Q, _ = table.flq_parts(A, E_r, E_n)
    K = np.ones((4, A.shape[0]))
    grid = table.ResponseGrid(A, Q, fixed, regional, sectors, K)
    kinks = 1.0 / Q[(A != 0) & (Q > 1.0)]
    assert np.isin(kinks[kinks < 1.0], grid.nodes).all()
    assert grid.nodes[0] == 0.0 and grid.nodes[-1] == 1.0
    assert np.diff(grid.nodes).max() <= 1.0 / table.LATTICE + 1e-15
    lam = np.random.default_rng(5).uniform(0.05, 1.0, 500)
    one = grid.responses(lam)
    other = table.ResponseGrid(A, Q, fixed, regional, sectors, K)
    for part in np.array_split(lam[::-1], 7):  # the cells solved in another order and in other batches
        other.responses(part)
    np.testing.assert_array_equal(other.responses(lam), one)
    np.testing.assert_allclose(
        grid.responses(grid.nodes[1:-1]),
        exact(A, Q, fixed, regional, sectors, grid.nodes[1:-1]),
        rtol=1e-12,
        atol=1e-15,
    )


def test_lambda_outside_its_range_is_refused():
    A, E_r, E_n, fixed, regional, sectors = random_table(0)
    Q, _ = table.flq_parts(A, E_r, E_n)
    grid = table.ResponseGrid(A, Q, fixed, regional, sectors, np.ones((4, A.shape[0])))
    for bad in (0.0, -0.1, 1.5):
        with pytest.raises(ValueError, match="λ"):
            grid.responses(np.array([0.5, bad]))


def test_grids_are_shared_within_a_run_and_not_between_runs():
    """A run's cache gives the same grid for equal arrays (its chunks share the solved cells); another run's
    cache, and the module, keep nothing of it (no process-wide state)."""
    A, E_r, E_n, fixed, regional, sectors = random_table(0)
    Q, _ = table.flq_parts(A, E_r, E_n)
    K = np.ones((4, A.shape[0]))
    run = RunCache()
    first = run.response_grid(A, Q, fixed, regional, sectors, K)
    assert run.response_grid(A.copy(), Q, fixed, regional, sectors, K) is first
    assert run.response_grid(A, Q, fixed, regional, sectors, 2 * K) is not first
    assert RunCache().response_grid(A, Q, fixed, regional, sectors, K) is not first
    assert not any(isinstance(v, dict) and v for k, v in vars(table).items() if not k.startswith("__"))


@pytest.mark.parametrize("propensity", [0.0, 0.4, 0.8])
def test_multipliers_equal_products_with_the_explicit_closed_inverse(propensity):
    """Type I and Type II multipliers from K L V and the Schur complement equal K (L − I), K L and
    K (L̄₁₁ − L), K L̄[:n, n] with L̄ from simulator.leontief.closed_leontief_inverse."""
    A, E_r, E_n, fixed, _, _ = random_table(6, n=6, m=2)
    rng = np.random.default_rng(7)
    n = A.shape[0]
    Q, base = table.flq_parts(A, E_r, E_n)
    lam = base**0.3
    A_r = leontief.flq(A, E_r, E_n, 0.3)
    capex = np.array([0, 2, 4])
    c0 = rng.uniform(0.0, 0.2, size=n)
    drivers = np.concatenate([fixed, np.eye(n)[:, capex], c0[:, None]], axis=1)
    regional = np.array([True, True, False, False, False, False])  # projects buy along their regional columns
    sectors = np.array([1, 3, 0, 0, 0, 0])
    K = rng.uniform(0.1, 0.5, size=(4, n))
    Y = exact(A, Q, drivers, regional, sectors, lam)
    share = A_r[:, [1, 3]].sum(axis=0)
    t = RegionalTable(K=K, rows=K @ Y, responses=Y, input_share=share[None, :], propensity=np.array([[propensity]]))
    got = multipliers(t, capex)

    L = leontief.leontief_inverse(A_r)
    closed = leontief.closed_leontief_inverse(A_r, K[3], propensity * c0)
    induced = closed[:n, :n] - L
    mixes = A_r[:, [1, 3]] / share
    units = np.eye(n)[:, capex]
    rows = K[:3]
    check = {
        "indirect": rows @ L @ mixes,
        "induced": rows @ induced @ mixes,
    }
    for channel, want in check.items():
        np.testing.assert_allclose(got.purchases[channel][:, 0], want, rtol=1e-10, atol=1e-14, err_msg=channel)
    np.testing.assert_allclose(got.capex["construction"][:, 0], rows @ units, rtol=1e-12)
    np.testing.assert_allclose(got.capex["indirect"][:, 0], rows @ (L - np.eye(n)) @ units, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(got.capex["induced"][:, 0], rows @ induced @ units, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(got.income[:, 0], rows @ closed[:n, n], rtol=1e-10, atol=1e-14)


def test_column_sums_by_hand():
    """Two entries in one column, A = (0.2, 0.1), Q = (2, 0.5); cap points 1/Q = 0.5 and 2.
    λ = 0.25: nothing capped, 0.2·0.5 + 0.1·0.125 = 0.1125. λ = 0.5: the first capped exactly (Q λ = 1), 0.2 +
    0.1·0.25 = 0.225. λ = 0.8: 0.2 + 0.1·0.4 = 0.24. A zero quotient never caps and adds nothing."""
    A = np.array([[0.2, 0.0], [0.1, 0.0], [0.3, 0.0]])
    Q = np.array([[2.0, 0.0], [0.5, 0.0], [0.0, 0.0]])
    got = table.column_sums(A, Q, np.array([0.25, 0.5, 0.8]), np.array([0]))
    np.testing.assert_allclose(got[:, 0], [0.1125, 0.225, 0.24], rtol=1e-15)


@pytest.mark.parametrize("seed", range(4))
def test_column_sums_are_the_regional_columns_summed(seed):
    """The piecewise-linear sums equal the column sums of A · min(Q λ, 1) (the direct (D, n, n) form) to rounding
    (rtol 1e-13: the two sum in different orders), for columns repeated, λ on cap points and at 1."""
    A, E_r, E_n, *_ = random_table(seed)
    Q, _ = table.flq_parts(A, E_r, E_n)
    lam = np.concatenate([np.random.default_rng(seed).uniform(0.05, 1.0, 50), [1.0]])
    caps = 1.0 / Q[Q > 1.0]
    lam = np.concatenate([lam, caps[(caps > 0) & (caps <= 1)][:10]])
    columns = np.array([0, 3, 3, A.shape[0] - 1])
    direct = table.regional_coefficients(A, Q, lam).sum(axis=1)[:, columns]
    np.testing.assert_allclose(table.column_sums(A, Q, lam, columns), direct, rtol=1e-13, atol=1e-16)
