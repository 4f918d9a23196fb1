"""Which uncertain inputs matter: a one-at-a-time tornado and variance-based Sobol' indices.

The output studied is one variable in one year (``grp_real`` in 2030, say), in its reported unit
(:mod:`simulator.variables`).

* **Tornado**: each uncertain leaf alone at its **5th and 95th percentiles** (not its support ends: a normal or
  lognormal has none, and the 5–95 % range compares leaves on an equal footing), every other leaf at its
  central value. All 2k + 1 runs are one model call with 2k + 1 draws. Bars are sorted by swing
  |y(high) − y(low)|.
* **Sobol'**: first-order S_i = V[E(Y|X_i)] / V[Y] and total S_Ti = E[V(Y|X_~i)] / V[Y], estimated by
  :func:`scipy.stats.sobol_indices` (Saltelli 2010) from the model's values on Saltelli's A, B and AB_i designs
  (scrambled Sobol' points, drawn here as scipy draws them): n·(k + 2) model evaluations (n a power of two),
  run in chunks. The inputs are taken as independent (any copula correlation is ignored here). The estimates
  carry Monte Carlo noise of order 1/√n: they can be slightly negative for unimportant inputs, and a total
  index a little below its first-order one. Each index comes with the half-width of its 95 % bootstrap
  interval (1.96 × the standard error over ``BOOTSTRAP_RESAMPLES`` resamples of the n rows, from the same
  seeded generator, so a seed repeats them too). The bootstrap takes the scrambled Sobol' rows for independent
  draws, so it overstates their error (on a linear test function about 2× at n = 64, 7× at n = 1,024): an
  index within its ± of another value is not distinguishable from it at that n.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy import stats

from .. import __version__
from ..errors import InputError
from ..provenance import load_with_provenance
from ..variables import BY_KEY
from .ensemble import prepare, run_model
from .sampling import percentile_value, ppf

LOW_Q, HIGH_Q = 0.05, 0.95
#: bootstrap resamples behind the ± of each Sobol' index (its standard error then known to about 2 %; a tenth
#: of a second at n = 1,024 and k = 52, next to seconds of model runs)
BOOTSTRAP_RESAMPLES = 1000


@dataclass(frozen=True)
class Output:
    """The studied output: registry ``key`` (e.g. ``grp_real``) in calendar ``year``; with ``impact``, the
    scenario minus its baseline (what the projects add), so macro inputs that move both cancel out."""

    key: str
    year: int
    impact: bool = False

    @property
    def label(self) -> str:
        var = BY_KEY[self.key]
        what = f"{var.name}, scenario minus baseline" if self.impact else var.name
        return f"{what} {self.year} [{var.unit}]"

    @property
    def spec(self) -> str:
        """The ``--output`` value that studies this output (``grp_real``, ``impact:grp_real``)."""
        return f"impact:{self.key}" if self.impact else self.key

    def values(self, arrays: Mapping[str, np.ndarray], years: np.ndarray, n: int) -> np.ndarray:
        """(n,) output values in reported units."""
        column = np.asarray(arrays[self.key])[:, self.year - int(years[0])]
        if self.impact:
            column = column - np.asarray(arrays[f"baseline:{self.key}"])[:, self.year - int(years[0])]
        return np.broadcast_to(column, (n,)) * BY_KEY[self.key].scale


#: what is studied by default: what the projects add to real GRP (scenario minus baseline, per run), where the
#: project inputs (local content, start delays) show; the level (``grp_real``) is dominated by baseline growth
#: (Sobol' index 0.87 on plan.yaml), which moves the scenario and its baseline alike and cancels in the impact
DEFAULT_OUTPUT = "impact:grp_real"
#: the default of a scenario without projects, whose impact is zero in every run
DEFAULT_OUTPUT_WITHOUT_PROJECTS = "grp_real"


def resolve_output(key: str | None, year: int | None, scenario, years: np.ndarray) -> Output:
    """Defaults: what the projects add to real GRP (:data:`DEFAULT_OUTPUT`; real GRP itself for a scenario
    without projects) in the first target's year (else the horizon's last year); checks both.
    ``impact:<key>`` studies the scenario minus its baseline, a bare key the level."""
    key = key or (DEFAULT_OUTPUT if scenario.projects else DEFAULT_OUTPUT_WITHOUT_PROJECTS)
    impact = key.startswith("impact:")
    key = key.removeprefix("impact:")
    if key not in BY_KEY:
        raise InputError(f"--output {key}: unknown variable; one of {', '.join(sorted(BY_KEY))}")
    if impact and f"baseline:{key}" not in _BASELINE_KEYS:
        raise InputError(f"--output impact:{key}: {key} has no baseline to subtract")
    if year is None:
        year = min((t.year for t in scenario.targets), default=int(years[-1]))
    if not int(years[0]) < year <= int(years[-1]):
        raise InputError(f"--year {year}: outside the projected years {int(years[1])}-{int(years[-1])}")
    return Output(key, int(year), impact)


#: totals that have a baseline counterpart (the others are project effects already)
_BASELINE_KEYS = {
    f"baseline:{k}" for k in BY_KEY if not k.startswith(("jobs_", "value_added_")) and k not in ("migrants",)
}


@dataclass(frozen=True)
class TornadoBar:
    """One leaf: inputs at its 5th percentile, centre and 95th percentile, and the output at each."""

    address: str
    input_low: float
    input_central: float
    input_high: float
    output_low: float
    output_central: float
    output_high: float

    @property
    def swing(self) -> float:
        return abs(self.output_high - self.output_low)


def tornado(scenario, output: str | None = None, year: int | None = None, *, region=None):
    """(Output, bars sorted by swing) for every distribution in the scenario."""
    scenario, _, region, central = prepare(scenario, region)
    out = resolve_output(output, year, scenario, central.years)
    addresses = sorted(central.distributions)
    if not addresses:
        raise InputError("the scenario has no distributions: nothing to vary")
    k = len(addresses)
    n = 2 * k + 1
    samples = {}
    for j, address in enumerate(addresses):
        dist = central.distributions[address]
        column = np.full(n, dist.central())
        column[2 * j + 1] = percentile_value(dist, LOW_Q)
        column[2 * j + 2] = percentile_value(dist, HIGH_Q)
        samples[address] = column
    y = out.values(run_model(scenario, region, samples, n, cache=central.cache), central.years, n)
    bars = [
        TornadoBar(a, samples[a][2 * j + 1], samples[a][0], samples[a][2 * j + 2], y[2 * j + 1], y[0], y[2 * j + 2])
        for j, a in enumerate(addresses)
    ]
    return out, sorted(bars, key=lambda b: (-b.swing, b.address))


@dataclass(frozen=True)
class SobolIndex:
    """Estimated indices of one input; ``*_conf``: half-width of the 95 % bootstrap interval (nan: not known)."""

    address: str
    first_order: float
    total_order: float
    first_order_conf: float = float("nan")
    total_order_conf: float = float("nan")

    @property
    def total_below_first(self) -> bool:
        """Total below first order: impossible for the true indices (S_Ti ≥ S_i), so sampling noise."""
        return self.total_order < self.first_order


def sobol_indices(
    func: Callable[[np.ndarray], np.ndarray],
    distributions: Mapping[str, object],
    n: int = 1024,
    seed=None,
    resamples: int = BOOTSTRAP_RESAMPLES,
) -> list[SobolIndex]:
    """Sobol' indices of a scalar function of the named inputs, with their bootstrap ± (none if ``resamples``
    is 0).

    func: (k, m) input values (rows in the order of ``distributions``) -> (m,) outputs, called once with all
    n·(k + 2) points. distributions: {name: scenario distribution}. n: base sample size, a power of two.
    """
    if n < 2 or n & (n - 1):
        raise InputError(f"Sobol' sample size must be a power of two >= 2 (got {n})")
    names = list(distributions)
    k = len(names)
    rng = np.random.default_rng(seed)
    # A and B side by side in one 2k-dimensional scrambled Sobol' sequence, as scipy.stats.sobol_indices draws
    # them; scipy >= 1.15 names the generator ``rng``, earlier versions ``seed``
    keyword = "rng" if "rng" in inspect.signature(stats.qmc.Sobol).parameters else "seed"
    u = stats.qmc.Sobol(d=2 * k, bits=64, **{keyword: rng}).random(n).T.reshape(2, k, n)
    a_b = np.stack([ppf(distributions[name], u[:, j]) for j, name in enumerate(names)], axis=1)  # (2, k, n)
    a, b = a_b
    ab = np.repeat(a[np.newaxis], k, axis=0)  # AB_i: A with row i from B
    ab[np.arange(k), np.arange(k)] = b
    x = np.concatenate([a, b, *ab], axis=1)
    y = np.asarray(func(x), dtype=float).reshape(-1)
    f_a, f_b, f_ab = y[:n], y[n : 2 * n], y[2 * n :].reshape(k, n)
    res = stats.sobol_indices(func={"f_A": f_a[np.newaxis], "f_B": f_b[np.newaxis], "f_AB": f_ab[:, np.newaxis]}, n=n)
    first, total = np.reshape(res.first_order, -1), np.reshape(res.total_order, -1)  # scipy squeezes one output
    first_conf, total_conf = _bootstrap_conf(f_a, f_b, f_ab, rng, resamples)
    return [
        SobolIndex(name, float(first[j]), float(total[j]), float(first_conf[j]), float(total_conf[j]))
        for j, name in enumerate(names)
    ]


def _bootstrap_conf(f_a, f_b, f_ab, rng, resamples: int) -> tuple[np.ndarray, np.ndarray]:
    """Half-widths of the 95 % bootstrap intervals of the first and total indices, (k,) each: 1.96 × their
    standard deviation over ``resamples`` resamples (with replacement) of the n rows of A, B and AB_i.

    The estimators (scipy's ``saltelli_2010``, on values centred by the mean of f_A and f_B as scipy centres
    them) are means over the rows, so a resample's are its row counts times the per-row terms: one matrix
    product instead of gathering (k, resamples, n) values."""
    k, n = f_ab.shape
    if resamples < 2:
        return np.full(k, np.nan), np.full(k, np.nan)
    mean = np.mean([f_a, f_b])
    f_a, f_b, f_ab = f_a - mean, f_b - mean, f_ab - mean
    rows = rng.integers(0, n, size=(resamples, n))
    counts = np.bincount((rows + n * np.arange(resamples)[:, np.newaxis]).ravel(), minlength=resamples * n)
    counts = counts.reshape(resamples, n) / n  # each resample's weights of the n rows, summing to 1
    # variance of the 2n values f_A, f_B of each resample, as scipy takes it
    var = counts @ (f_a**2 + f_b**2) / 2 - (counts @ (f_a + f_b) / 2) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        first = (counts @ (f_b * (f_ab - f_a)).T) / var[:, np.newaxis]  # (resamples, k)
        total = (counts @ (0.5 * (f_a - f_ab) ** 2).T) / var[:, np.newaxis]
    z = stats.norm.ppf(0.975)
    return z * np.std(first, axis=0, ddof=1), z * np.std(total, axis=0, ddof=1)


def sobol(
    scenario,
    output: str | None = None,
    year: int | None = None,
    *,
    n: int = 1024,
    seed=None,
    region=None,
    chunk_size: int = 4096,
):
    """(Output, indices sorted by total order) for every distribution in the scenario."""
    scenario, _, region, central = prepare(scenario, region)
    out = resolve_output(output, year, scenario, central.years)
    addresses = sorted(central.distributions)
    if not addresses:
        raise InputError("the scenario has no distributions: nothing to vary")

    def model(x: np.ndarray) -> np.ndarray:
        m = x.shape[1]
        y = np.empty(m)
        for a in range(0, m, chunk_size):
            b = min(a + chunk_size, m)
            samples = {address: x[j, a:b] for j, address in enumerate(addresses)}
            arrays = run_model(scenario, region, samples, b - a, cache=central.cache)
            y[a:b] = out.values(arrays, central.years, b - a)
        if np.ptp(y) <= 1e-12 * max(np.abs(y).max(), 1.0):
            raise InputError(f"{out.label} does not vary with the scenario's uncertain inputs")
        return y

    indices = sobol_indices(model, {a: central.distributions[a] for a in addresses}, n=n, seed=seed)
    return out, sorted(indices, key=lambda s: (-s.total_order, s.address))


def provenance(
    scenario, out: Output, *, method: str, leaves, samples: int | None = None, seed: int | None = None
) -> dict:
    """What ``regsim sensitivity`` records in ``provenance.json``: the scenario's files and their sha256, the
    version and region, as ``regsim run`` records them, plus the method, the output studied (``--output``
    spelling) and its year, the uncertain leaves and, for Sobol', the base sample n, the model runs and the
    seed actually used (None for the tornado alone, which draws nothing)."""
    scenario, record = load_with_provenance(scenario)
    leaves = sorted(leaves)
    sobol_runs = samples * (len(leaves) + 2) if samples is not None else 0
    tornado_runs = 2 * len(leaves) + 1 if method in ("tornado", "both") else 0
    record.update(
        {
            "version": __version__,
            "region": scenario.region,
            "command": "sensitivity",
            "method": method,
            "output": out.spec,
            "year": out.year,
            "samples": samples,
            "bootstrap_resamples": BOOTSTRAP_RESAMPLES if samples is not None else None,
            "model_runs": sobol_runs + tornado_runs,
            "seed": seed,
            "uncertain_leaves": leaves,
        }
    )
    return record


def tornado_csv(out: Output, bars) -> str:
    lines = [
        "output,year,unit,leaf,input_low_p5,input_central,input_high_p95,output_low,output_central,output_high,swing"
    ]
    unit = BY_KEY[out.key].unit
    for b in bars:
        lines.append(
            f"{out.key},{out.year},{unit},{b.address},{b.input_low:.6g},{b.input_central:.6g},{b.input_high:.6g},"
            f"{b.output_low:.6g},{b.output_central:.6g},{b.output_high:.6g},{b.swing:.6g}"
        )
    return "\n".join(lines) + "\n"


def sobol_csv(out: Output, indices, n: int) -> str:
    """One row per leaf; ``*_conf``: ± half-width of the 95 % bootstrap interval of the index beside it. A total
    below its first-order index, or a negative index, within that ± is sampling noise (``base_samples``: n)."""
    lines = ["output,year,leaf,first_order,first_order_conf,total_order,total_order_conf,base_samples"]
    for s in indices:
        lines.append(
            f"{out.key},{out.year},{s.address},{s.first_order:.4f},{s.first_order_conf:.4f},"
            f"{s.total_order:.4f},{s.total_order_conf:.4f},{n}"
        )
    return "\n".join(lines) + "\n"
