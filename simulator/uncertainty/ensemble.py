"""Monte Carlo ensemble: every uncertain leaf sampled, all draws of a chunk run at once, memory bounded.

``simulate_ensemble`` builds the scenario once with central values to list its distributions, then runs the
model on consecutive chunks of draws (``build_inputs`` with that chunk's samples, then ``simulate_arrays``),
optionally on two threads (numpy releases the GIL inside its loops). What it keeps:

* totals (draw, year), every draw, rounded to float32 (``STORED``; half the memory of float64, a change
  below the 6 significant digits the tables print: docs/uncertainty.md §3 gives the bounds): percentiles,
  means and target probabilities are exact over all draws of these values, read back as float64. A total
  that does not depend on any sampled leaf (the no-project baseline when only project inputs are uncertain)
  is kept once and broadcast (a view, no memory per draw). Totals that are functions of others
  (``simulator.model.simulate.DERIVED``: nominal GRP, real values, budget sums) are not stored but computed
  in float64 from the stored ones when read, with the model's own functions, by blocks of draws;
* per-project (draw, year, project) and per-industry (draw, year, industry) arrays for the first
  ``detail_draws`` draws only (default 4,096, a balanced Sobol' prefix; at least 1), float32 too, made in
  chunks a quarter of the run's (their temporaries are larger): their percentiles and means are estimated
  from that sub-ensemble, and memory stays bounded however many draws are run.

Each chunk's results are checked (finite, meaningful) in float64 before they are rounded; the first chunk
that fails stops the run. Two functions are the ensemble's storage for any process that runs its draws
(``regsim sweep`` and ``regsim run --scheduler`` run them as tasks on other machines): :func:`stored_chunk`
(the model on draws a..b, checked, as kept) and :func:`results_from_stored` (Results and table statistics from
what is kept), with :class:`EnsembleStore` to gather the chunks.

Each draw's values depend only on its own inputs (the kernels are elementwise or per-draw products along the
draw axis), and draw *i* is the *i*-th point of the sequence, so results do not depend on the chunk size or
the number of threads: they are bit-for-bit identical (tests/test_ensemble.py checks it).
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import functools
from collections.abc import Callable, Mapping

import numpy as np

from .. import __version__
from ..errors import InputError, ModelCheckError
from ..model.cache import RunCache
from ..model.inputs import build_inputs
from ..model.simulate import DerivedArrays, simulate_arrays
from ..provenance import fresh_seed, load_with_provenance
from ..region import load_region
from ..results import Results, assemble_results, blocked_statistics, detail_keys, detail_statistics
from ..variables import VARIABLES
from .progress import TerminalProgress
from .sampling import Sampler
from .store import EnsembleStore, ReadArrays, stored_arrays, widen

DETAIL_DRAWS = 4096
#: the chunks of the detail draws are the run's chunk size divided by this (see :func:`chunk_bounds`)
DETAIL_CHUNK_DIVISOR = 4
#: the per-core cache a (project, draw, year) array of one chunk should fit in (L2 of current x86 cores)
CACHE_BYTES = 2 * 2**20
#: bytes of float64 values per block of columns when the statistics read an array (:func:`_total_statistics`)
STATISTICS_BLOCK = 8 * 2**20


def prepare(scenario, region=None):
    """(Scenario, provenance, Region, central ModelInputs) from a path, LoadedScenario or Scenario. The central
    inputs' ``cache`` is the run's: pass it to :func:`run_model` for every chunk of the run."""
    scenario, provenance = load_with_provenance(scenario)
    region = region if region is not None else load_region(scenario.region)
    return scenario, provenance, region, build_inputs(scenario, region)


def run_model(
    scenario,
    region,
    samples: Mapping[str, np.ndarray],
    n: int,
    detail: bool = True,
    derived: bool = True,
    cache: RunCache | None = None,
) -> dict[str, np.ndarray]:
    """The model's arrays for ``n`` draws of the given leaves (others central); per-project and per-industry
    arrays only with ``detail`` (totals are the same either way); derived totals only with ``derived``.
    cache: the run's :class:`~simulator.model.cache.RunCache` (None: a fresh one for this call)."""
    inputs = build_inputs(scenario, region, samples=samples, n_draws=n, cache=cache)
    return simulate_arrays(inputs, detail=detail, derived=derived)


def default_chunk_size(n_years: int, n_projects: int) -> int:
    """The largest power of two of draws whose (project, draw, year) arrays fit in ``CACHE_BYTES``, clipped
    to 256..8,192: the kernels stream many such arrays, and on plan.yaml (13 years, 9 projects: 2,048 draws)
    this beat both smaller chunks (numpy's per-call overhead) and larger ones (arrays spill to memory)."""
    draws = CACHE_BYTES / (8.0 * n_years * max(n_projects, 1))
    return int(2 ** np.clip(np.floor(np.log2(max(draws, 1.0))), 8, 13))


def stored_chunk(scenario, region, central, samples, start: int, stop: int, n_draws: int, detail: bool):
    """What an ensemble of ``n_draws`` keeps of its draws ``start..stop``, whichever process runs them: the model on
    ``samples`` (the chunk's values of the sampled leaves, see :func:`run_model`; derived totals are not kept, and
    the per-project and per-industry arrays are made only with ``detail``), checked and rounded to ``STORED`` by
    :func:`stored_arrays`. ``central``: the run's central inputs (their cache serves every chunk)."""
    arrays = run_model(scenario, region, samples, stop - start, detail=detail, derived=False, cache=central.cache)
    return stored_arrays(arrays, central, start, stop, n_draws)


def chunk_bounds(n_draws: int, chunk: int, detail: int, detail_chunk: int, start: int = 0) -> list[tuple[int, int]]:
    """[(start, stop)] of the run's chunks in draw order, from draw ``start`` to ``n_draws``: ``detail_chunk`` draws
    up to ``detail`` (those chunks also make the per-project and per-industry arrays, about 80 KB of temporaries a
    draw against 30 KB: smaller chunks keep two of them in flight within the memory of two ordinary ones), then
    ``chunk`` draws."""
    bounds, a = [], start
    while a < n_draws:
        b = min(a + detail_chunk, detail, n_draws) if a < detail else min(a + chunk, n_draws)
        bounds.append((a, b))
        a = b
    return bounds


def simulate_ensemble(
    scenario,
    n_draws: int,
    seed: int | None = None,
    *,
    region=None,
    chunk_size: int | None = None,
    threads: int = 2,
    method: str = "sobol",
    correlation: Mapping[tuple[str, str], float] | None = None,
    samples: Mapping[str, np.ndarray] | None = None,
    detail_draws: int = DETAIL_DRAWS,
    progress: Callable[[int, int], None] | str | None = "auto",
) -> Results:
    """Run ``n_draws`` Monte Carlo draws of a scenario; Results with percentiles and target probabilities.

    scenario: a path, LoadedScenario or Scenario. seed: the one seed of the run's ``np.random.Generator``
    (None: a fresh one, recorded in ``provenance['seed']`` so the run can be repeated). method: ``sobol``
    (scrambled Sobol') or ``lhs``. correlation: {(address, address): ρ} through a Gaussian copula.
    samples: {address: (n_draws,) values} to use instead of sampling (any numeric leaf). chunk_size: draws per
    model call (default from the scenario's size, see :func:`default_chunk_size`); threads: 1 or more.
    progress: a callable ``(done, total)``, ``"auto"`` (a bar on a terminal's stderr after one second) or None.
    Changes nothing in the caller's process: the run's cache (:class:`simulator.model.cache.RunCache`) lives
    as long as the call, and malloc tuning is the caller's choice (``regsim run`` and ``compare`` make it at
    start-up with :func:`simulator.memory.reuse_freed_memory`; it makes large ensembles faster, see there).
    """
    if n_draws < 1:
        raise InputError(f"the number of draws must be at least 1 (got {n_draws})")
    if seed is not None and int(seed) < 0:
        raise InputError(f"the seed must be a whole number >= 0 (got {seed})")
    if int(detail_draws) < 1:
        raise InputError(
            f"detail_draws must be at least 1 (got {detail_draws}): the per-project and per-industry tables and "
            "charts are statistics over that many draws"
        )
    scenario, provenance, region, central = prepare(scenario, region)
    seed = fresh_seed() if seed is None else int(seed)
    if samples is None:
        sampler = Sampler(central.distributions, n_draws, np.random.default_rng(seed), method, correlation)
        # points in order here, their inverse CDFs in the worker that runs the chunk
        source, varied = (lambda a, b: functools.partial(sampler.values, sampler.unit(a, b))), sampler.addresses
    else:
        samples = _checked_samples(samples, central.leaves, n_draws)
        # a leaf given the same value in every draw is passed as that one value: the model then treats it as
        # not varying (e.g. one exact solve of the regional table instead of its interpolation grid)
        fixed = {k for k, v in samples.items() if np.all(v == v[0])}
        source = lambda a, b: lambda: {k: v[:1] if k in fixed else v[a:b] for k, v in samples.items()}  # noqa: E731
        varied = sorted(samples)
        method = "given"
    chunk = int(chunk_size) if chunk_size else default_chunk_size(central.years.size, central.projects.count)
    chunk = max(chunk, 2)
    detail = min(int(detail_draws), n_draws)
    bar = TerminalProgress() if progress == "auto" else progress
    bounds = chunk_bounds(n_draws, chunk, detail, max(chunk // DETAIL_CHUNK_DIVISOR, 2))

    first_stop, bounds = bounds[0][1], bounds[1:]
    # central.cache is the run's (response grids and money years), shared by every chunk
    first = stored_chunk(scenario, region, central, source(0, first_stop)(), 0, first_stop, n_draws, True)
    store = EnsembleStore(first, first_stop, n_draws, detail)
    store.put(0, first_stop, first)
    del first
    _run_chunks(scenario, region, central, source, store, bounds, n_draws, max(int(threads), 1), bar)
    if isinstance(bar, TerminalProgress):
        bar.close()

    provenance.update(ensemble_provenance(seed, n_draws, region.id, method, varied, detail, correlation))
    return results_from_stored(scenario, region, central, store.arrays(), provenance, threads)


def ensemble_provenance(seed, n_draws, region_id, method, varied, detail, correlation=None) -> dict:
    """What an ensemble's provenance records of the run, beside its scenario files and their hashes."""
    return {
        "version": __version__,
        "seed": seed,
        "draws": n_draws,
        "region": region_id,
        "sampling": method,
        "uncertain_leaves": list(varied),
        "detail_draws": detail,
        "correlation": {f"{a} ~ {b}": float(r) for (a, b), r in (correlation or {}).items()},
    }


def results_from_stored(scenario, region, central, stored: Mapping[str, np.ndarray], provenance: dict, threads=2):
    """The Results of an ensemble from what it keeps: ``stored``, {key: array of ``STORED``} as
    :func:`stored_arrays` gives each chunk's, every draw of the totals and the first draws of the per-project and
    per-industry arrays (none: no such tables), an array that depends on no sampled leaf as its one row broadcast
    along the draws. Read as float64, derived totals computed from them by blocks (:class:`ReadArrays`); targets
    evaluated (:func:`simulator.results.assemble_results`) while ``threads`` threads compute the table statistics
    once (:func:`_table_statistics`). ``central``: the run's central inputs; ``provenance``: the Results'."""
    arrays = ReadArrays(stored)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(int(threads), 1)) as pool:
        statistics = _table_statistics(arrays, central.years.size, pool)
        results = assemble_results(scenario, region, central, arrays, provenance)
        return dataclasses.replace(results, statistics={key: job.result() for key, job in statistics.items()})


def read_stored(stored: Mapping[str, np.ndarray]) -> DerivedArrays:
    """What an ensemble keeps (``stored``, as :func:`results_from_stored` takes it) read as float64, with the derived
    totals computed from it: the arrays of the Results made from it, bit for bit."""
    return ReadArrays(stored)


def _table_statistics(arrays, n_years: int, pool) -> dict[str, concurrent.futures.Future]:
    """The table statistics of the run, once (``Results.rows`` would redo them for each table written), as
    futures on ``pool``: of every total over all draws (:func:`_total_statistics`), and of every per-project and
    per-industry array over the detail draws, all columns at once (:func:`_detail_statistics`, {statistic: (T, P
    or n)}); reported units. Each job reads its array itself, by blocks of columns: what is in memory at once is
    a block per thread, not every array waiting for its turn."""
    totals = [(p + v.key, v.scale) for p in ("", "baseline:") for v in VARIABLES if p + v.key in arrays]
    jobs = {key: pool.submit(_total_statistics, arrays, key, scale, n_years) for key, scale in totals}
    jobs.update({key: pool.submit(_detail_statistics, arrays, key, scale) for key, scale in detail_keys(arrays)})
    return jobs


def _total_statistics(arrays: ReadArrays, key: str, scale: float, n_years: int) -> dict[str, np.ndarray]:
    """{statistic: (T,)} of the total ``key`` in reported units: what :meth:`Results.total_statistics` gives,
    by blocks of columns (:func:`simulator.results.blocked_statistics`)."""
    n = arrays.n_draws

    def columns(a: int, b: int) -> np.ndarray:
        return np.broadcast_to(arrays.columns(key, a, b), (n, b - a))

    return blocked_statistics(columns, n, n_years, scale, STATISTICS_BLOCK)


def _detail_statistics(arrays: ReadArrays, key: str, scale: float) -> dict[str, np.ndarray]:
    """:func:`simulator.results.detail_statistics` of the per-project or per-industry array ``key``, {statistic:
    (T, k)}, by blocks of its T·k columns read from the stored float32 array; an array holding -0.0 is done as
    that function does it (column by column, on the whole array read as float64)."""
    stored = arrays.stored(key)
    d, t, k = stored.shape
    if d > 1 and stored.strides[0] != 0 and np.any(stored.view(np.int32) == np.int32(-(2**31))):  # -0.0 in float32
        return detail_statistics(arrays[key], scale)
    flat = stored.reshape(d, t * k)
    stats = blocked_statistics(lambda a, b: widen(flat[:, a:b]), d, t * k, scale, STATISTICS_BLOCK)
    return {stat: row.reshape(t, k) for stat, row in stats.items()}


def _run_chunks(scenario, region, central, source, store, bounds, n_draws, threads, progress):
    """The chunks ``bounds`` [(start, stop)], consecutive, in order of sampling; at most ``2 * threads`` in flight
    (bounded memory). ``source(a, b)``, called in order, returns a function that gives the chunk's samples
    (called by the worker). ``central``: the run's central inputs (its cache, and what a fault names). A chunk
    whose results fail :func:`stored_arrays`' checks stops the run: no further chunk starts, those in flight
    finish, and the error of the first failing chunk in draw order is raised (the same whatever the threads)."""
    done = bounds[0][0] if bounds else n_draws

    def work(a, b, samples):
        store.put(a, b, stored_chunk(scenario, region, central, samples(), a, b, n_draws, a < store.detail))
        return b - a

    if progress:
        progress(done, n_draws)
    if threads == 1:
        for a, b in bounds:
            done += work(a, b, source(a, b))
            if progress:
                progress(done, n_draws)
        return
    faults: list[tuple[int, ModelCheckError]] = []

    def collect(futures) -> None:
        nonlocal done
        for future in futures:
            try:
                done += future.result()
            except ModelCheckError as error:
                faults.append((starts[future], error))
        if progress:
            progress(done, n_draws)

    starts: dict[concurrent.futures.Future, int] = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as pool:
        pending: set[concurrent.futures.Future] = set()
        for a, b in bounds:
            if faults:
                break
            future = pool.submit(work, a, b, source(a, b))  # sampled here, in order
            starts[future] = a
            pending.add(future)
            if len(pending) >= 2 * threads:
                finished, pending = concurrent.futures.wait(pending, return_when="FIRST_COMPLETED")
                collect(finished)
        collect(concurrent.futures.as_completed(pending))
    if faults:
        raise min(faults, key=lambda fault: fault[0])[1]


def _checked_samples(samples, leaves, n_draws) -> dict[str, np.ndarray]:
    """Given samples as float arrays of length n_draws, for leaves the scenario has."""
    problems = []
    out = {}
    for address, values in samples.items():
        values = np.asarray(values, dtype=float).reshape(-1)
        if address not in leaves:
            problems.append(f"samples: {address} is not a numeric leaf of the scenario")
        elif values.size != n_draws:
            problems.append(f"samples: {address} has {values.size} values for {n_draws} draws")
        else:
            out[address] = values
    if problems:
        raise InputError(problems)
    return out
