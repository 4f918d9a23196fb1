"""Draws for the uncertain leaves of a scenario: quasi-random points in the unit cube mapped through each
distribution's inverse CDF.

Points come from :mod:`scipy.stats.qmc`: scrambled Sobol' (default; a sequence, so draw *i* is the same point
whatever the number of draws or the chunking, and it can be generated chunk by chunk) or Latin hypercube (the
whole (N, k) design at once, 8·N·k bytes). Column j of the unit sample feeds the j-th address in sorted order,
so the same scenario and seed give the same draws.

Inverse CDFs, for u in (0, 1):

* uniform: ``low + u (high − low)``;
* triangular (a, c, b): ``a + √(u (b−a)(c−a))`` for ``u < (c−a)/(b−a)``, else ``b − √((1−u)(b−a)(b−c))``;
* PERT (a, c, b): ``a + (b−a) · I⁻¹(u; α, β)``, a beta with ``α = 1 + 4 (c−a)/(b−a)``, ``β = 1 + 4 (b−c)/(b−a)``
  (mean (a + 4c + b)/6; ``I⁻¹`` the inverse regularised incomplete beta function);
* normal (μ, σ) truncated to [lo, hi]: u is mapped onto the CDF interval, ``p = Φ(α) + u (Φ(β) − Φ(α))``,
  ``x = μ + σ Φ⁻¹(p)`` with α, β the standardised bounds;
* lognormal (median m, σ) truncated to [lo, hi]: the normal case on ``log x`` with μ = log m.

A delay (``...delay_months``) is a leaf like any other; its draws are months (continuous) and the model turns
them into a later start. An optional Gaussian copula correlates named addresses: ``z = Φ⁻¹(u)``,
``z' = z Cᵀ`` with C the Cholesky factor of the correlation matrix R, ``u' = Φ(z')``; each marginal is kept.
"""

from __future__ import annotations

import copy
import inspect
import math
import warnings
from collections.abc import Mapping

import numpy as np
from scipy import special
from scipy.stats import qmc

from ..errors import InputError
from ..memory import check_fits

METHODS = ("sobol", "lhs")
#: keeps u away from 0 and 1 so unbounded inverse CDFs stay finite (Sobol' points can be exactly 0)
U_EPS = 2.0**-53


def ppf(dist, u: np.ndarray) -> np.ndarray:
    """Inverse CDF of a scenario distribution at probabilities ``u`` (any shape), truncation included."""
    u = np.clip(np.asarray(u, dtype=float), U_EPS, 1.0 - U_EPS)
    kind = dist.dist
    if kind == "uniform":
        return dist.low + u * (dist.high - dist.low)
    if kind == "triangular":
        a, c, b = dist.low, dist.mode, dist.high
        left = u < (c - a) / (b - a)
        with np.errstate(under="ignore"):  # a mode within ~1e-154 of a bound: the product is 0, x is that bound
            root = np.sqrt(np.where(left, u * (b - a) * (c - a), (1.0 - u) * (b - a) * (b - c)))  # one square root
        return np.where(left, a + root, b - root)
    if kind == "pert":
        a, c, b = dist.low, dist.mode, dist.high
        alpha, beta = 1.0 + 4.0 * (c - a) / (b - a), 1.0 + 4.0 * (b - c) / (b - a)
        return a + (b - a) * special.betaincinv(alpha, beta, u)
    if kind == "normal":
        return _truncated_normal_ppf(u, dist.mean, dist.sd, dist.low, dist.high)
    if kind == "lognormal":
        lo = None if dist.low is None or dist.low <= 0 else math.log(dist.low)
        hi = None if dist.high is None else math.log(dist.high)
        return np.exp(_truncated_normal_ppf(u, math.log(dist.median), dist.sigma, lo, hi))
    raise ValueError(f"unknown distribution {kind!r}")  # pragma: no cover - the schema admits only these


def _truncated_normal_ppf(u, mean, sd, low, high):
    """μ + σ Φ⁻¹(Φ(α) + u (Φ(β) − Φ(α))), α = (low − μ)/σ, β = (high − μ)/σ (±∞ when absent).

    The schema keeps the mean (median) inside the bounds, so α < 0 < β and Φ(α) < 1/2 < Φ(β): the interval
    never sits in a far upper tail where 1 − Φ would lose digits."""
    alpha = -np.inf if low is None else (low - mean) / sd
    beta = np.inf if high is None else (high - mean) / sd
    p = special.ndtr(alpha) + u * (special.ndtr(beta) - special.ndtr(alpha))
    return mean + sd * np.clip(special.ndtri(p), alpha, beta)


def correlation_factor(addresses: list[str], correlation: Mapping[tuple[str, str], float] | None):
    """Cholesky factor C (k, k) of the correlation matrix over ``addresses``, or None without correlations.

    ``correlation``: {(address_a, address_b): ρ}; unnamed pairs are independent. Raises InputError for an
    unknown address, |ρ| > 1 or a matrix that is not positive definite."""
    if not correlation:
        return None
    index = {a: i for i, a in enumerate(addresses)}
    R = np.eye(len(addresses))
    problems = []
    for (a, b), rho in correlation.items():
        unknown = [x for x in (a, b) if x not in index]
        if unknown:
            problems.append(f"correlation: {', '.join(unknown)} is not an uncertain leaf of the scenario")
        elif a == b or not -1.0 <= float(rho) <= 1.0:
            problems.append(f"correlation {a} ~ {b}: needs two different leaves and -1 <= rho <= 1 (got {rho})")
        else:
            R[index[a], index[b]] = R[index[b], index[a]] = float(rho)
    if problems:
        raise InputError(problems)
    try:
        return np.linalg.cholesky(R)
    except np.linalg.LinAlgError:
        raise InputError("correlation: the correlations given are not a valid (positive definite) matrix") from None


def _engine(cls, d: int, rng: np.random.Generator):
    """A scrambled qmc engine seeded by ``rng`` (keyword ``rng`` from scipy 1.15, ``seed`` before)."""
    keyword = "rng" if "rng" in inspect.signature(cls).parameters else "seed"
    return cls(d=d, scramble=True, **{keyword: rng})


class Sampler:
    """Draws for every uncertain leaf of a scenario, in chunks of consecutive draws.

    distributions: {address: distribution} (``ModelInputs.distributions``). rng: the run's
    ``np.random.Generator``; it seeds the scrambling (Sobol') or the design (LHS). ``chunk(start, stop)``
    must be called with consecutive, increasing ranges for Sobol' (the sequence is generated in order);
    ``unit_at(start, stop)`` gives the same points for any range, in any order.
    """

    def __init__(
        self,
        distributions: Mapping[str, object],
        n_draws: int,
        rng: np.random.Generator,
        method: str = "sobol",
        correlation: Mapping[tuple[str, str], float] | None = None,
    ):
        if method not in METHODS:
            raise InputError(f"sampling method must be one of {', '.join(METHODS)} (got {method!r})")
        self.addresses = sorted(distributions)
        self.distributions = [distributions[a] for a in self.addresses]
        self.n_draws = int(n_draws)
        self.method = method
        self._factor = correlation_factor(self.addresses, correlation)
        self._next = 0
        k = max(len(self.addresses), 1)
        if method == "sobol":
            self._engine = _engine(qmc.Sobol, k, rng)
            self._design = None
        else:
            check_fits(self.n_draws, 8 * self.n_draws * k, "the Latin hypercube design")  # made whole, at once
            self._engine = None
            self._design = _engine(qmc.LatinHypercube, k, rng).random(self.n_draws)

    def unit(self, start: int, stop: int) -> np.ndarray:
        """Points in the unit cube for draws ``start..stop-1``, (stop − start, k), correlation applied."""
        if self._design is not None:
            u = self._design[start:stop]
        else:
            if start != self._next:
                raise ValueError(f"Sobol' draws are generated in order: expected start {self._next}, got {start}")
            with warnings.catch_warnings():  # balance holds exactly for 2^m draws; any prefix is still valid
                warnings.filterwarnings("ignore", message=".*balance properties of Sobol", category=UserWarning)
                u = self._engine.random(stop - start)
            self._next = stop
        if self._factor is not None:
            z = special.ndtri(np.clip(u, U_EPS, 1.0 - U_EPS))
            u = special.ndtr(z @ self._factor.T)
        return u

    def unit_at(self, start: int, stop: int) -> np.ndarray:
        """The points of :meth:`unit` for draws ``start..stop-1`` in any order, the same bits: for Sobol' a copy of
        the run's scrambled engine is reset and fast-forwarded to ``start`` (the scrambling is kept, so point *i*
        is the sequence's *i*-th whatever came before). Leaves the in-order position of :meth:`unit` alone; lets a
        block of draws be sampled where it runs (another process or machine) from the seed alone."""
        if self._design is not None:
            return self.unit(start, stop)
        engine = copy.deepcopy(self._engine)
        engine.reset()
        if start:
            engine.fast_forward(start)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*balance properties of Sobol", category=UserWarning)
            u = engine.random(stop - start)
        if self._factor is not None:
            z = special.ndtri(np.clip(u, U_EPS, 1.0 - U_EPS))
            u = special.ndtr(z @ self._factor.T)
        return u

    def chunk(self, start: int, stop: int) -> dict[str, np.ndarray]:
        """{address: (stop − start,) values} for draws ``start..stop-1``."""
        return self.values(self.unit(start, stop))

    def values(self, u: np.ndarray) -> dict[str, np.ndarray]:
        """{address: (N,) values} at unit points u (N, k) from :meth:`unit` (any thread, in any order: the
        points must be generated in order, their transformation need not)."""
        return {a: ppf(d, u[:, j]) for j, (a, d) in enumerate(zip(self.addresses, self.distributions, strict=True))}


def draw_samples(
    distributions: Mapping[str, object],
    n_draws: int,
    seed=None,
    method: str = "sobol",
    correlation: Mapping[tuple[str, str], float] | None = None,
) -> dict[str, np.ndarray]:
    """All draws at once, {address: (n_draws,) values} (for small N; the ensemble samples chunk by chunk)."""
    sampler = Sampler(distributions, n_draws, np.random.default_rng(seed), method, correlation)
    return sampler.chunk(0, n_draws)


def percentile_value(dist, q: float) -> float:
    """The q-quantile (0 < q < 1) of a scenario distribution, e.g. its 5th percentile at q = 0.05."""
    return float(ppf(dist, np.array([q]))[0])
