"""The regional table as a function of FLQ's λ, and the output responses the effect channels need.

FLQ regionalises the national coefficients entry by entry, ``a^r_ij(λ) = a_ij · min(Q_ij λ, 1)`` with Q the
cross-industry quotients (SLQ on the diagonal) and ``λ = [log2(1 + TRE/TNE)]^δ`` (:func:`simulator.leontief.flq`). The
table is the same in every draw but for λ ∈ (0, 1], so everything the effects need is the response matrix

    Y(λ) = L(λ) V(λ),  L = (I − A_r)^-1,  (n, m),

output by industry per unit of each driver (column) of ``V``: the projects' supplier mixes, the region's own
input column for sector changes (``A_r[:, s](λ)``, which moves with λ), unit spending on each capex industry
and household spending per unit of labour income (``c0``, scaled by the propensity outside). Two ways to get it:

* **exact**, :func:`solve_responses`: one solve of ``(I − A_r(λ)) Y = V(λ)`` per λ value. Used when δ is the
  same for every draw (deterministic runs, all-central ensembles, goal seek).
* **interpolated**, :class:`ResponseGrid`, for ensembles in which δ varies by draw. A_r(λ) is linear in λ
  between the *kinks* λ = 1/Q_ij where an entry reaches its cap, so Y is a smooth (rational) function of λ on
  every cell between consecutive nodes, the nodes being a lattice of step 1/512 and every kink in (0, 1). On a
  cell Y is the cubic Hermite interpolant of its exact values and derivatives at the two ends,
  ``dY/dλ = L (A'_c Y + V'_c)`` with ``A'_c`` = ``a_ij Q_ij`` on the entries uncapped in the cell (0 elsewhere):
  error ≤ h⁴/384 · max|Y''''| with h ≤ 1/512, measured below 1e-12 relative to the exact solve on Kostanai and
  on random tables (tests/test_table.py). Cells are solved on first use and kept with the grid, and a run keeps
  its grid for all its chunks (:class:`simulator.model.cache.RunCache`), so an ensemble pays for a few hundred
  solves instead of one per draw.

**Supply-limited industries** (Miller & Blair, *Input–Output Analysis*, 2nd ed., §13.1, the mixed
exogenous/endogenous model): an industry whose output the region cannot raise on demand (agriculture: its
output is set by the sown area and the weather) meets extra demand from its existing output, by selling less
outside the region, so its output does not change and neither do its own purchases. With ``kept`` (n,) the share
of extra demand for each industry's output that is new output (1 for ordinary industries, ``1 − s`` for a
supply-limited share s), every response solves ``(I − P A_r) Y = P V`` with ``P = diag(kept)``. For s = 1 that is
the mixed model: the limited block's output change is 0 and the rest solve ``(I − A_uu) Y_u = V_u``, the
limited industries' new demand ``A_ku Y_u + V_k`` being diverted from their exports (:func:`diverted`);
kept = 1 everywhere is the ordinary model, bit for bit. P multiplies rows only, so ``A_r`` stays linear in λ
between the same kinks and the grid below applies unchanged to ``P A_r`` and ``P V``.

Shapes: n industries, m drivers, k coefficient rows, D draws. Everything is real and dimensionless (output per
unit of spending), except that coefficient rows carry their own unit per unit of output.
"""

from __future__ import annotations

import threading

import numpy as np

from .. import leontief

#: lattice step of the interpolation grid in λ (cells are at most this wide)
LATTICE = 512


def flq_parts(A: np.ndarray, regional_employment, national_employment) -> tuple[np.ndarray, float]:
    """(Q (n, n), base) with ``flq(A, …, δ) = A · min(Q · base^δ, 1)``: the cross-industry quotients and
    log2(1 + TRE/TNE) of :func:`simulator.leontief.flq`, whose λ is ``base ** δ``."""
    re = np.asarray(regional_employment, dtype=float)
    ne = np.asarray(national_employment, dtype=float)
    quotients = leontief.cilq(leontief.slq(re, ne))
    return quotients, float(leontief.flq_lambda(re.sum(), ne.sum(), 1.0))


def supply_kept(limited: np.ndarray, share: float) -> np.ndarray:
    """kept (n,) = 1 − share · limited: the share of extra demand for each industry's output that becomes new
    output. limited (n,) bool, the supply-limited industries; share in [0, 1], the part of their extra demand
    met from existing output (1: Miller & Blair's mixed model, output fixed)."""
    return 1.0 - float(share) * np.asarray(limited, dtype=float)


def regional_coefficients(A: np.ndarray, quotients: np.ndarray, lam: np.ndarray, kept=None) -> np.ndarray:
    """A_r (D, n, n) = A · min(Q λ, 1) for λ (D,): the same products as :func:`simulator.leontief.flq`; with
    ``kept`` (n,), ``P A_r`` (rows scaled: see the module docstring)."""
    A_r = A * np.minimum(quotients * np.asarray(lam, dtype=float)[:, None, None], 1.0)
    return A_r if kept is None else A_r * np.asarray(kept, dtype=float)[:, None]


def column_sums(A: np.ndarray, quotients: np.ndarray, lam: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """Σ_i A_is · min(Q_is λ, 1) for each column s of ``columns`` (P,) at each λ (D,): (D, P), the column sums of
    :func:`regional_coefficients` without forming its (D, n, n) array.

    Each sum is piecewise linear in λ: the entries with Q λ ≥ 1 (cap point 1/Q ≤ λ) give A, the others λ · A Q.
    With a column's entries sorted by cap point and k(λ) the number of cap points ≤ λ,
    ``sum(λ) = Σ_{i<k} A_i + λ · Σ_{i≥k} A_i Q_i`` (prefix and suffix sums), O(D log n) instead of O(D n).
    Equal to the direct sum up to rounding (summation order; tests/test_table.py). Q = 0 never caps."""
    lam = np.asarray(lam, dtype=float).reshape(-1)
    a, q = np.asarray(A, dtype=float)[:, columns], np.asarray(quotients, dtype=float)[:, columns]
    with np.errstate(divide="ignore"):
        caps = np.where(q > 0, 1.0 / np.where(q > 0, q, 1.0), np.inf)
    order = np.argsort(caps, axis=0, kind="stable")
    caps, a, aq = (np.take_along_axis(x, order, axis=0) for x in (caps, a, a * q))
    zero = np.zeros((1, a.shape[1]))
    capped = np.concatenate([zero, np.cumsum(a, axis=0)])  # (n + 1, P): Σ_{i<k} A_i
    linear = np.concatenate([np.cumsum(aq[::-1], axis=0)[::-1], zero])  # (n + 1, P): Σ_{i≥k} A_i Q_i
    out = np.empty((lam.size, a.shape[1]))
    for j in range(a.shape[1]):
        k = np.searchsorted(caps[:, j], lam, side="right")
        out[:, j] = capped[k, j] + lam * linear[k, j]
    return out


def drivers(A: np.ndarray, quotients: np.ndarray, fixed: np.ndarray, regional: np.ndarray, sectors, lam, kept=None):
    """V (D, n, m): the fixed driver columns, with column j replaced by ``A_r[:, sectors[j]](λ)`` where
    ``regional[j]``; with ``kept`` (n,), ``P V``. fixed (n, m); regional (m,) bool; sectors (m,) int; lam (D,)."""
    lam = np.asarray(lam, dtype=float)
    V = np.broadcast_to(fixed, (lam.size, *fixed.shape)).copy()
    if regional.any():
        cols = np.flatnonzero(regional)
        s = np.asarray(sectors)[cols]
        V[:, :, cols] = A[:, s] * np.minimum(quotients[:, s] * lam[:, None, None], 1.0)
    if kept is not None:
        V *= np.asarray(kept, dtype=float)[:, None]
    return V


def solve_responses(A, quotients, fixed, regional, sectors, lam, kept=None) -> np.ndarray:
    """Exact Y (D, n, m) = (I − P A_r(λ))^-1 P V(λ) for each λ (D,), by one batched solve (no inverse formed);
    P = diag(kept), the identity when ``kept`` is None (every industry's output responds to demand)."""
    lam = np.asarray(lam, dtype=float).reshape(-1)
    A_r = regional_coefficients(A, quotients, lam, kept)
    system = np.eye(A.shape[0]) - A_r
    return np.linalg.solve(system, drivers(A, quotients, fixed, regional, sectors, lam, kept))


def diverted(A_r: np.ndarray, Y: np.ndarray, V: np.ndarray, kept) -> np.ndarray:
    """Demand (D, n, m) met from existing output instead of new output, per unit of each driver: ``(1 − kept) ∘
    (A_r Y + V)`` with the unscaled A_r (D, n, n) and V (D, n, m), and Y from :func:`solve_responses` with
    ``kept``. For a fully limited industry it is its whole new demand, the exports it gives up (Miller & Blair
    §13.1); it is zero where kept = 1."""
    return (1.0 - np.asarray(kept, dtype=float))[:, None] * (A_r @ Y + V)


class ResponseGrid:
    """Y(λ) (and the coefficient rows K Y(λ)) by cubic Hermite interpolation on cells between FLQ's kinks.

    A (n, n) national coefficients; quotients Q (n, n); fixed (n, m) driver columns; regional (m,) bool and
    sectors (m,) int: columns that are the region's own input column of an industry (see :func:`drivers`);
    rows K (k, n): coefficient rows for :meth:`rows`; kept (n,) or None: supply limits (module docstring).
    Thread-safe: cells are filled under a lock, and a cell's values depend only on its two nodes, so results do
    not depend on which draws asked first.
    """

    def __init__(self, A, quotients, fixed, regional, sectors, rows, kept=None):
        self.A, self.quotients = np.asarray(A, float), np.asarray(quotients, float)
        self.kept = np.ones(self.A.shape[0]) if kept is None else np.asarray(kept, float)
        self.fixed, self.regional = np.asarray(fixed, float), np.asarray(regional, bool)
        self.sectors, self.K = np.asarray(sectors, int), np.asarray(rows, float)
        n, m = self.fixed.shape
        with np.errstate(divide="ignore"):
            kinks = 1.0 / self.quotients[(self.A != 0) & (self.quotients > 1.0)]
        lattice = np.arange(LATTICE + 1) / LATTICE
        self.nodes = np.unique(np.concatenate([lattice, kinks[(kinks > 0) & (kinks < 1)]]))
        cells = self.nodes.size - 1
        self._ready = np.zeros(cells, dtype=bool)
        self._Y = np.empty((cells, 4, n, m))  # power-basis coefficients in t ∈ [0, 1], filled on first use
        self._KY = np.empty((cells, 4, self.K.shape[0], m))
        self._lock = threading.Lock()

    def cells(self, lam: np.ndarray) -> np.ndarray:
        """Cell index of each λ (D,), filling the cells not yet solved."""
        lam = np.asarray(lam, dtype=float)
        if np.any((lam <= 0) | (lam > 1)):
            raise ValueError("λ must lie in (0, 1]")
        idx = np.clip(np.searchsorted(self.nodes, lam, side="right") - 1, 0, self._ready.size - 1)
        missing = np.unique(idx[~self._ready[idx]])
        if missing.size:
            with self._lock:
                missing = missing[~self._ready[missing]]
                if missing.size:
                    self._fill(missing)
        return idx

    def _fill(self, cells: np.ndarray) -> None:
        """Exact Y and dY/dλ at both ends of each cell, with the cell's own derivative of A_r (kinks are nodes)."""
        a, b = self.nodes[cells], self.nodes[cells + 1]
        uncapped = self.quotients * (0.5 * (a + b))[:, None, None] < 1.0  # (c, n, n), fixed inside the cell
        slope = np.where(uncapped, self.A * self.quotients, 0.0)  # dA_r/dλ on the cell
        ends = np.concatenate([a, b])
        slopes = np.concatenate([slope, slope])
        system = np.eye(self.A.shape[0]) - regional_coefficients(self.A, self.quotients, ends, self.kept)
        V = drivers(self.A, self.quotients, self.fixed, self.regional, self.sectors, ends, self.kept)
        dV = np.zeros_like(V)
        if self.regional.any():
            cols = np.flatnonzero(self.regional)
            dV[:, :, cols] = slopes[:, :, self.sectors[cols]] * self.kept[:, None]
        slopes = slopes * self.kept[:, None]  # d(P A_r)/dλ
        Y = np.linalg.solve(system, V)
        dY = np.linalg.solve(system, slopes @ Y + dV)
        c = cells.size
        h = (b - a)[:, None, None]
        y0, y1, d0, d1 = Y[:c], Y[c:], dY[:c] * h, dY[c:] * h
        coefficients = np.stack([y0, d0, 3.0 * (y1 - y0) - 2.0 * d0 - d1, 2.0 * (y0 - y1) + d0 + d1], axis=1)
        self._Y[cells] = coefficients
        self._KY[cells] = self.K @ coefficients
        self._ready[cells] = True

    def _evaluate(self, table: np.ndarray, lam: np.ndarray) -> np.ndarray:
        lam = np.asarray(lam, dtype=float).reshape(-1)
        idx = self.cells(lam)
        t = ((lam - self.nodes[idx]) / (self.nodes[idx + 1] - self.nodes[idx]))[:, None, None]
        # Horner's rule c0 + t (c1 + t (c2 + t c3)), gathering one power's coefficients at a time (not all four
        # at once: a (D, 4, ·, ·) gather is 3x slower for the responses), in place; the same values bit for bit
        out = table[idx, 3] * t
        for power in (2, 1, 0):
            out += table[idx, power]
            if power:
                out *= t
        return out

    def responses(self, lam: np.ndarray) -> np.ndarray:
        """Y (D, n, m) at λ (D,)."""
        return self._evaluate(self._Y, lam)

    def rows(self, lam: np.ndarray) -> np.ndarray:
        """K Y (D, k, m) at λ (D,), interpolated directly (equal to ``K @ responses(λ)`` up to rounding)."""
        return self._evaluate(self._KY, lam)
