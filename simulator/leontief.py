"""Input–output maths in textbook notation (Miller & Blair, *Input–Output Analysis*, 2nd ed., 2009).

Pure numpy kernels, no state. Notation, used only inside this module:

- ``Z`` (n, n): inter-industry flows, row i = supplying industry, column j = buying industry (money).
- ``x`` (n,): gross output by industry (same money unit as ``Z``).
- ``A`` (n, n): technical coefficients, money of input i per unit of output of j (dimensionless).
- ``L`` (n, n): Leontief inverse (I − A)^-1, output of i per unit of final demand for j (dimensionless).
- coefficients (n,) or (k, n): an effect per unit of output (value added, wages: money per money;
  jobs: persons per money unit of output, e.g. persons per million KZT).

Multipliers follow Miller & Blair ch. 6: a *final-demand multiplier* is the total effect per unit of
final demand, ``coefficients @ L``; a *direct-effect multiplier* (the "Type I/II ratio") divides it by the
direct effect per unit of output, ``(coefficients @ L) / coefficients``. Type II effects use the model
closed with households (:func:`closed_leontief_inverse`).

Regionalisation by Flegg's location quotient (Flegg & Webber 1997; Flegg & Tohmo 2013), see :func:`flq`.

Functions accept leading batch axes where noted (e.g. ``A`` of shape (d, n, n) from :func:`flq` with an array
of δ values); the sector axes are always the last one or two.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "cilq",
    "closed_leontief_inverse",
    "direct_effect_multipliers",
    "final_demand_multipliers",
    "flq",
    "flq_lambda",
    "leontief_inverse",
    "slq",
    "technical_coefficients",
]


def _safe_divide(numerator, denominator):
    """numerator / denominator, 0 where the denominator is 0 (no warning); broadcasts."""
    numerator = np.asarray(numerator, dtype=float)
    denominator = np.asarray(denominator, dtype=float)
    shape = np.broadcast_shapes(numerator.shape, denominator.shape)
    out = np.zeros(shape)
    np.divide(numerator, denominator, out=out, where=np.broadcast_to(denominator != 0, shape))
    return out


def technical_coefficients(Z, x):
    """Technical (direct input) coefficients A_ij = Z_ij / x_j.

    Z: (..., n, n) inter-industry flows, row = seller, column = buyer; x: (..., n) gross output, same unit.
    Returns A (..., n, n), dimensionless. A sector with zero output gets a zero column (no warning).

    Miller & Blair (2009) eq. 2.4; their Table 2.3 example:

    >>> technical_coefficients([[150, 500], [200, 100]], [1000, 2000])
    array([[0.15, 0.25],
           [0.2 , 0.05]])
    """
    Z = np.asarray(Z, dtype=float)
    x = np.asarray(x, dtype=float)
    return _safe_divide(Z, x[..., np.newaxis, :])


def leontief_inverse(A):
    """Leontief inverse L = (I − A)^-1, computed by solving (I − A) L = I.

    A: (..., n, n) technical coefficients. Returns L (..., n, n): L_ij is the output of industry i needed,
    directly and indirectly, per unit of final demand for industry j. Raises ``numpy.linalg.LinAlgError``
    if I − A is singular (A not productive).

    >>> leontief_inverse([[0.15, 0.25], [0.20, 0.05]]).round(4)
    array([[1.2541, 0.33  ],
           [0.264 , 1.1221]])
    """
    A = np.asarray(A, dtype=float)
    identity = np.broadcast_to(np.eye(A.shape[-1]), A.shape)
    return np.linalg.solve(identity - A, identity)


def final_demand_multipliers(L, coefficients):
    """Total effect per unit of final demand: m = f L (Miller & Blair §6.2–6.3).

    L: (..., n, n) Leontief inverse (open model, Type I) or the industry block of the closed model (Type II).
    coefficients: (n,) or (k, n) direct effects per unit of output f_j (value added / output, wages / output,
    jobs / output ...). Returns (..., n) or (..., k, n): m_j = Σ_i f_i L_ij, in the unit of ``f`` per unit of
    final demand for j. With f = 1 (ones) it is the simple output multiplier, the column sums of L.
    """
    return np.asarray(coefficients, dtype=float) @ np.asarray(L, dtype=float)


def direct_effect_multipliers(L, coefficients):
    """Ratio of total to direct effect: (f L)_j / f_j, the "Type I" (or, with the closed model, Type II)
    multiplier of Miller & Blair §6.3 (e.g. income multiplier = total income / direct income).

    Shapes as :func:`final_demand_multipliers`; dimensionless. Zero where f_j = 0 (no warning).
    """
    coefficients = np.asarray(coefficients, dtype=float)
    return _safe_divide(final_demand_multipliers(L, coefficients), coefficients)


def closed_leontief_inverse(
    A,
    labour_income_coefficients,
    consumption_shares,
    *,
    household_own_coefficient=0.0,
):
    """Leontief inverse of the model closed with respect to households (Miller & Blair §2.5, §6.2.2).

    Builds the (n+1) × (n+1) coefficient matrix with households as the last row and column::

        Ā = [[A, c],
             [w, h]]

    and returns L̄ = (I − Ā)^-1, shape (..., n+1, n+1).

    A: (..., n, n) technical coefficients.
    labour_income_coefficients w: (n,) labour income paid to households per unit of output of each industry.
    consumption_shares c: (n,) household spending on each industry's (domestic, or regional) output per unit
        of labour income. Σ c < 1: the rest is saved, taxed or spent on imports.
    household_own_coefficient h: household purchases from households per unit of labour income (e.g.
        domestic services); 0 unless the table records it (keyword only).

    Type II effects: the industry block L̄[:n, :n] holds direct + indirect + induced output per unit of final
    demand; the household row L̄[n, :n] the labour income so generated (the Type II income multiplier of
    sector j is L̄[n, j] / w_j). The Type II/Type I income-multiplier ratio is L̄[n, n] for every sector.
    """
    A = np.asarray(A, dtype=float)
    n = A.shape[-1]
    closed = np.zeros((*A.shape[:-2], n + 1, n + 1))
    closed[..., :n, :n] = A
    closed[..., :n, n] = consumption_shares
    closed[..., n, :n] = labour_income_coefficients
    closed[..., n, n] = household_own_coefficient
    return leontief_inverse(closed)


def slq(regional_employment, national_employment):
    """Simple location quotients SLQ_i = (RE_i / TRE) / (NE_i / TNE).

    regional_employment RE, national_employment NE: (n,) persons by industry (any common unit).
    Returns (n,), dimensionless. An industry with no regional employment has SLQ 0 (absent from the region).
    An industry with no employment in the nation either (0/0, e.g. an industry the labour survey does not
    publish) carries no information: its SLQ is 1, so it is treated like the nation, and a region equal to
    the nation keeps its coefficients. Regional employment in an industry with no national employment is an
    error (ValueError). Totals must be positive.
    """
    re = np.asarray(regional_employment, dtype=float)
    ne = np.asarray(national_employment, dtype=float)
    if re.shape != ne.shape or re.ndim != 1:
        raise ValueError(f"employment vectors must be 1-D of the same length, got {re.shape} and {ne.shape}")
    if np.any(re < 0) or np.any(ne < 0):
        raise ValueError("employment must be non-negative")
    if re.sum() <= 0 or ne.sum() <= 0:
        raise ValueError("total regional and national employment must be positive")
    if np.any((ne == 0) & (re > 0)):
        raise ValueError("regional employment in an industry with no national employment")
    quotients = _safe_divide(re / re.sum(), ne / ne.sum())
    return np.where((ne == 0) & (re == 0), 1.0, quotients)


def flq_lambda(regional_total, national_total, delta):
    """Flegg's regional-size factor λ = [log2(1 + TRE/TNE)]^δ.

    regional_total TRE, national_total TNE: total employment (persons); delta δ: scalar or array (d,), δ >= 0.
    Returns λ with the shape of ``delta``; 0 < λ <= 1 for 0 < TRE <= TNE, λ = 1 when δ = 0 or TRE = TNE.
    δ = 0.3 is the customary value (Flegg & Webber 1997); Flegg & Tohmo (2013) show it varies by region.
    """
    delta = np.asarray(delta, dtype=float)
    if np.any(delta < 0):
        raise ValueError("delta must be non-negative")
    if not 0 < regional_total <= national_total:
        raise ValueError("need 0 < regional total employment <= national total employment")
    return np.log2(1.0 + regional_total / national_total) ** delta


def cilq(location_quotients):
    """Cross-industry location quotients CILQ_ij = SLQ_i / SLQ_j, diagonal replaced by SLQ_i.

    location_quotients: (n,) SLQ. Returns (n, n). Row i = supplying industry, column j = buying industry.
    A buying industry absent from the region (SLQ_j = 0) has no CILQ; its column is defined as if it had
    national-average concentration (SLQ_j := 1), so CILQ_ij = SLQ_i: a newcomer in that industry buys
    locally what the region's suppliers can offer. (The limit SLQ_j → 0 would instead give it the full
    national coefficients, overstating local purchases.)
    """
    q = np.asarray(location_quotients, dtype=float)
    buyer = np.where(q > 0, q, 1.0)
    out = q[:, np.newaxis] / buyer[np.newaxis, :]
    np.fill_diagonal(out, q)
    return out


def flq(A, regional_employment, national_employment, delta):
    """Regional coefficients by Flegg's location quotient: a^r_ij = a_ij · min(FLQ_ij, 1).

    FLQ_ij = CILQ_ij · λ for i ≠ j and FLQ_ii = SLQ_i · λ, with SLQ, CILQ and λ as in :func:`slq`,
    :func:`cilq` and :func:`flq_lambda` (Flegg & Webber 1997, Regional Studies 31; design.md §3.3).

    A: (n, n) national technical coefficients (domestic flows). regional_employment, national_employment:
    (n,) persons. delta: scalar, or array (d,) for a batch. Returns A_regional (n, n), or (d, n, n).

    Properties: 0 <= a^r_ij <= a_ij; δ = 0 gives the CILQ result (with SLQ on the diagonal); a region equal to
    the nation returns A unchanged; the row of an industry absent from the region is zero (it is imported).
    """
    A = np.asarray(A, dtype=float)
    re = np.asarray(regional_employment, dtype=float)
    ne = np.asarray(national_employment, dtype=float)
    quotients = cilq(slq(re, ne))
    lam = flq_lambda(re.sum(), ne.sum(), delta)
    scale = np.minimum(quotients * lam[..., np.newaxis, np.newaxis], 1.0)
    return A * scale
