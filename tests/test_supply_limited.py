"""Supply-limited industries in the regional table (simulator.model.table; Miller & Blair, Input–Output Analysis,
2nd ed., §13.1, the mixed exogenous/endogenous model), checked on a 3-sector example worked by hand.

    A = [[0.1, 0.2, 0.0],      industry 1 is supply-limited (agriculture: its output is set by land and weather)
         [0.3, 0.1, 0.2],      final demand shock f = (1, 1, 1)
         [0.1, 0.0, 0.1]]

Mixed model (s = 1): Δx_1 = 0. The other two solve (I − A_uu) Δx_u = f_u with A_uu = [[0.1, 0.2], [0.0, 0.1]]:
(I − A_uu)^-1 = [[0.9, 0.2], [0, 0.9]] / 0.81, so Δx_2 = (0.9 + 0.2) / 0.81 = 1.3580247, Δx_3 = 0.9 / 0.81 =
1.1111111. The new demand for industry 1, met from its exports, is f_1 + a_12 Δx_2 + a_13 Δx_3 = 1 + 0.2 ·
1.3580247 + 0 = 1.2716049.

Half limited (s = 0.5, P = diag(0.5, 1, 1)): x = P (A x + f) gives x_3 = (0.1 x_1 + 1) / 0.9;
x_1 = 0.5 (0.1 x_1 + 0.2 x_2 + 1) → x_1 = (0.1 x_2 + 0.5) / 0.95; 0.9 x_2 = 0.3 x_1 + 0.2 x_3 + 1 =
(29/90) x_1 + 0.2/0.9 + 1. Substituting: x_2 (0.9 − (29/90)(0.1/0.95)) = (29/90)(0.5/0.95) + 0.2/0.9 + 1, i.e.
x_2 · 0.8660819 = 1.3918129, x_2 = 1.6070223, x_1 = (0.16070223 + 0.5) / 0.95 = 0.6954760,
x_3 = (0.0695476 + 1) / 0.9 = 1.1883862.

The quotients are 2 everywhere, so at λ = 1 every FLQ entry is capped: A_r = A. Tolerance 1e-7 (the hand values
carry 8 significant digits).
"""

from __future__ import annotations

import numpy as np
import pytest

from simulator import leontief
from simulator.model import table
from simulator.model.effects import RegionalTable, multipliers

A = np.array([[0.1, 0.2, 0.0], [0.3, 0.1, 0.2], [0.1, 0.0, 0.1]])
Q = np.full((3, 3), 2.0)
F = np.array([[1.0], [1.0], [1.0]])
LIMITED = np.array([True, False, False])
NONE_REGIONAL = (np.zeros(1, dtype=bool), np.zeros(1, dtype=int))


def solve(share):
    return table.solve_responses(A, Q, F, *NONE_REGIONAL, np.array([1.0]), table.supply_kept(LIMITED, share))[0, :, 0]


def test_mixed_model_holds_the_limited_output_and_solves_the_rest():
    np.testing.assert_allclose(solve(1.0), [0.0, 1.3580247, 1.1111111], atol=1e-7)


def test_diverted_exports_are_the_limited_industrys_new_demand():
    kept = table.supply_kept(LIMITED, 1.0)
    Y = table.solve_responses(A, Q, F, *NONE_REGIONAL, np.array([1.0]), kept)
    got = table.diverted(A[None], Y, F[None], kept)[0, :, 0]
    np.testing.assert_allclose(got, [1.2716049, 0.0, 0.0], atol=1e-7)


def test_a_partly_limited_industry_meets_part_of_its_demand_from_new_output():
    np.testing.assert_allclose(solve(0.5), [0.6954760, 1.6070223, 1.1883862], atol=1e-7)


def test_no_limit_is_the_ordinary_leontief_model():
    """share 0 (and kept None) is L f with L from simulator.leontief: x = (I − A)^-1 f."""
    want = leontief.leontief_inverse(A) @ F[:, 0]
    np.testing.assert_allclose(solve(0.0), want, rtol=1e-12)
    plain = table.solve_responses(A, Q, F, *NONE_REGIONAL, np.array([1.0]))[0, :, 0]
    np.testing.assert_array_equal(plain, solve(0.0))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_grid_interpolates_the_limited_table_as_exactly_as_the_plain_one(seed):
    """The rows scaled by P keep A_r linear in λ between the same kinks, so the cubic Hermite grid reproduces the
    exact solve with supply limits to the tolerance of tests/test_table.py (1e-11 of each column's largest entry)."""
    rng = np.random.default_rng(seed)
    n, m = 7, 4
    A7 = rng.uniform(0.0, 0.6 / n, size=(n, n))
    E_n = rng.uniform(1e4, 1e5, size=n)
    E_r = E_n * rng.lognormal(0.0, 0.8, size=n) * 0.05
    Q7, _ = table.flq_parts(A7, E_r, E_n)
    fixed = rng.dirichlet(np.ones(n), size=m).T
    regional = np.array([False, True, False, False])
    sectors = np.array([0, 3, 0, 0])
    kept = table.supply_kept(np.arange(n) < 2, 0.8)
    K = rng.random((4, n))
    lam = rng.uniform(0.01, 1.0, 500)
    grid = table.ResponseGrid(A7, Q7, fixed, regional, sectors, K, kept)
    want = table.solve_responses(A7, Q7, fixed, regional, sectors, lam, kept)
    scale = np.abs(want).max(axis=(0, 1))
    assert (np.abs(grid.responses(lam) - want).max(axis=(0, 1)) / scale).max() < 1e-11
    assert np.abs(grid.rows(lam) - K @ want).max() / np.abs(K @ want).max() < 1e-11


def test_type_ii_multipliers_of_a_limited_table_are_the_closed_mixed_model():
    """With households closing the model, the limited rows hold for household demand too: the closed matrix is
    [[P A, P c], [w, 0]] (households' extra food is met from existing farm output). The multipliers built by the
    Schur complement from the limited responses equal products with simulator.leontief's explicit inverses of
    that matrix: Type I K L_P P v with L_P = (I − P A)^-1, Type II K (L̄₁₁ − L_P) P v and K L̄[:n, n] per unit of
    household income. Drivers: the fixed column f of the hand example, one capex industry (2) and c0."""
    kept = table.supply_kept(LIMITED, 1.0)
    P = np.diag(kept)
    w = np.array([0.2, 0.3, 0.25])
    c0 = np.array([0.3, 0.2, 0.1])
    propensity = 0.6
    K = np.stack([np.array([0.5, 0.4, 0.6]), np.array([2.0, 1.0, 3.0]), np.array([0.4, 0.5, 0.3]), w])
    capex = np.array([1])
    V = np.concatenate([F, np.eye(3)[:, capex], c0[:, None]], axis=1)
    Y = table.solve_responses(A, Q, V, np.zeros(3, dtype=bool), np.zeros(3, dtype=int), np.array([1.0]), kept)
    t = RegionalTable(K=K, rows=K @ Y, responses=Y, input_share=np.ones((1, 1)), propensity=np.array([[propensity]]))
    got = multipliers(t, capex)
    L = leontief.leontief_inverse(P @ A)
    closed = leontief.closed_leontief_inverse(P @ A, w, propensity * (P @ c0))
    n = 3
    rows = K[:3]
    np.testing.assert_allclose(got.purchases["indirect"][:, 0, 0], rows @ L @ P @ F[:, 0], rtol=1e-12)
    induced = (closed[:n, :n] - L) @ P
    np.testing.assert_allclose(got.purchases["induced"][:, 0, 0], rows @ induced @ F[:, 0], rtol=1e-10)
    np.testing.assert_allclose(got.capex["induced"][:, 0, 0], rows @ induced[:, 1], rtol=1e-10)
    np.testing.assert_allclose(got.income[:, 0], rows @ closed[:n, n], rtol=1e-10)
