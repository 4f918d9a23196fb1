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
from ..memory import check_fits, prefaulted_empty
from ..model.cache import RunCache
from ..model.inputs import build_inputs
from ..model.scale import check_project_scale
from ..model.simulate import DerivedArrays, check_finite, derive, derived_keys, simulate_arrays
from ..provenance import fresh_seed, load_with_provenance
from ..region import load_region
from ..results import Results, assemble_results, blocked_statistics, detail_keys, detail_statistics
from ..variables import VARIABLES
from .progress import TerminalProgress
from .sampling import Sampler

DETAIL_DRAWS = 4096
#: the chunks of the detail draws are the run's chunk size divided by this (see :func:`chunk_bounds`)
DETAIL_CHUNK_DIVISOR = 4
#: the float type the per-draw arrays are kept in (module docstring; docs/uncertainty.md §3)
STORED = np.float32
#: the per-core cache a (project, draw, year) array of one chunk should fit in (L2 of current x86 cores)
CACHE_BYTES = 2 * 2**20
#: (draw, year) arrays made while the stored totals are read (derived totals, sorted copies for the
#: percentiles), counted in the memory a run needs (:func:`simulator.memory.check_fits`)
READ_ARRAYS = 8
#: bytes of float64 values per (draws, year) block when a derived total is computed from the stored ones
#: (:class:`_Read`): a few such temporaries at a time, however many draws and years (5,041 draws at 13 years)
READ_BLOCK = 2**19
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


def stored_arrays(arrays: Mapping[str, np.ndarray], inputs, start: int, stop: int, n_draws: int):
    """The model's ``arrays`` of the draws ``start..stop`` of an ensemble of ``n_draws``, as the ensemble keeps them:
    {key: (stop - start, ...) array of ``STORED``, or (1, ...) for one that depends on no sampled leaf}, derived
    totals left out. Checked first as the model made them, in float64
    (:func:`~simulator.model.simulate.check_finite`: finite and meaningful), then the totals as stored (a value
    beyond float32's range, about 3.4e38, is infinite there: the same "not finite" error). The
    :class:`~simulator.errors.ModelCheckError` names the draws when the run has more than these (not for the
    projects' scale, a check of the central inputs)."""
    derived = set(derived_keys())
    try:
        check_finite(arrays, inputs)
        with np.errstate(over="ignore"):  # checked just below
            stored = {k: v.astype(STORED) for k, v in arrays.items() if k not in derived}
        infinite = {k: v for k, v in stored.items() if v.ndim == 2 and not np.isfinite(v).all()}
        if infinite:
            check_finite(_Widened(infinite), inputs)  # raises, naming them
    except ModelCheckError as error:
        if stop - start == n_draws or _of_the_central_inputs(error, inputs):
            raise
        where = f" (in draws {start + 1:,} to {stop:,} of {n_draws:,}: the run stopped there)"
        raise ModelCheckError(error.finding + where, error.inputs, error.lead, error.advice, error.where) from None
    return stored


class EnsembleStore:
    """The run's arrays as :func:`stored_arrays` gives them, in buffers of ``STORED`` (float32): totals for every
    draw, detail arrays for the first ``detail`` draws; an array that depends on no sampled leaf once (from
    ``first``, the arrays of the first ``first_n`` draws). Filled chunk by chunk (:meth:`put`, any order),
    then read by :func:`results_from_stored` (:meth:`arrays`)."""

    def __init__(self, first: Mapping[str, np.ndarray], first_n: int, n_draws: int, detail: int):
        self.n, self.detail = n_draws, detail
        self.constant: dict[str, np.ndarray] = {}
        self.buffers: dict[str, np.ndarray] = {}
        shapes = {}
        for key, value in first.items():
            if value.shape[0] == 1 and first_n > 1:  # depends on no sampled leaf
                self.constant[key] = value
            elif value.ndim == 2 or detail:
                rows = n_draws if value.ndim == 2 else detail
                shapes[key] = (rows, *value.shape[1:])
        # the buffers, and room for the float64 (draw, year) arrays made while reading them: derived totals, a
        # copy per thread for the percentiles
        n_years = first["deflator"].shape[-1]
        stored = np.dtype(STORED).itemsize * sum(int(np.prod(shape)) for shape in shapes.values())
        check_fits(n_draws, stored + 8 * READ_ARRAYS * n_draws * n_years, "the results")
        for key, shape in shapes.items():
            self.buffers[key] = prefaulted_empty(shape, STORED)

    def put(self, start: int, stop: int, arrays: Mapping[str, np.ndarray]) -> None:
        """Copy the draws ``start..stop`` of :func:`stored_arrays`' ``arrays`` into the buffers (of the detail arrays,
        those below ``detail``). An array holds the rows from ``start`` on, or one row for every draw."""
        for key, buffer in self.buffers.items():
            end = min(stop, buffer.shape[0])
            if start < end:
                buffer[start:end] = arrays[key][: end - start]  # one row is broadcast

    def arrays(self) -> dict[str, np.ndarray]:
        """The stored arrays as kept (``STORED``), constant ones broadcast along the draws."""
        out = dict(self.buffers)
        for key, value in self.constant.items():
            if value.ndim == 2 or self.detail:
                rows = self.n if value.ndim == 2 else self.detail
                out[key] = np.broadcast_to(value, (rows, *value.shape[1:]))
        return out


def _of_the_central_inputs(error: ModelCheckError, inputs) -> bool:
    """Whether ``error`` is :func:`~simulator.model.scale.check_project_scale`'s on the run's central inputs
    (the last of ``check_finite``'s checks, the same for every chunk): then no draws are to be named."""
    try:
        check_project_scale(inputs)
    except ModelCheckError as central:
        return central.finding == error.finding
    return False


def _widen(value: np.ndarray) -> np.ndarray:
    """``value`` as float64 (exactly: every float32 is a float64); a broadcast array (one row for every draw) is
    converted once and broadcast again."""
    if value.dtype == np.float64:
        return value
    if value.strides[0] == 0:
        return np.broadcast_to(value[:1].astype(np.float64), value.shape)
    return value.astype(np.float64)


class _Widened(Mapping):
    """Read-only mapping of stored arrays, each read converted to float64 (:func:`_widen`)."""

    def __init__(self, stored: Mapping[str, np.ndarray]):
        self._stored = stored

    def __getitem__(self, key: str) -> np.ndarray:
        return _widen(self._stored[key])

    def __contains__(self, key) -> bool:
        return key in self._stored

    def __iter__(self):
        return iter(self._stored)

    def __len__(self) -> int:
        return len(self._stored)


class _Read(DerivedArrays):
    """The run's arrays as :class:`~simulator.model.simulate.DerivedArrays` of the widened stored ones, with each
    derived total computed by blocks of draws (``READ_BLOCK`` bytes) into one float64 array: the same numbers bit
    for bit (the derivations are elementwise), without the whole-array temporaries of every stored total it
    reads."""

    def __init__(self, stored: Mapping[str, np.ndarray]):
        super().__init__(_Widened(stored))
        self._raw = stored

    @property
    def n_draws(self) -> int:
        return int(self._raw["grp_real"].shape[0])

    def stored(self, key: str) -> np.ndarray:
        """A stored array as kept (float32, or broadcast along the draws)."""
        return self._raw[key]

    def columns(self, key: str, a: int, b: int) -> np.ndarray:
        """Columns a..b of the total ``key`` (stored or derived) as float64, (D, b - a) or broadcast along the
        draws: the same numbers as those columns of ``self[key]`` (the derivations are elementwise)."""
        if key in self._raw:
            return _widen(self._raw[key][:, a:b])
        if key not in self._derived:
            raise KeyError(key)
        return derive(DerivedArrays(_Widened({k: v[:, a:b] for k, v in self._raw.items() if v.ndim == 2})), key)

    def __getitem__(self, key: str) -> np.ndarray:
        if key in self._raw or key not in self._derived:
            return super().__getitem__(key)
        totals = {k: v for k, v in self._raw.items() if v.ndim == 2}
        n, n_years = next(iter(totals.values())).shape
        rows = max(256, READ_BLOCK // (8 * n_years))
        out = None
        for a in range(0, n, rows):
            block = derive(DerivedArrays(_Widened({k: v[a : a + rows] for k, v in totals.items()})), key)
            if out is None:
                out = np.empty((n, *block.shape[1:]), dtype=block.dtype)
            out[a : a + rows] = block
        return out


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
    along the draws. Read as float64, derived totals computed from them by blocks (:class:`_Read`); targets
    evaluated (:func:`simulator.results.assemble_results`) while ``threads`` threads compute the table statistics
    once (:func:`_table_statistics`). ``central``: the run's central inputs; ``provenance``: the Results'."""
    arrays = _Read(stored)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(int(threads), 1)) as pool:
        statistics = _table_statistics(arrays, central.years.size, pool)
        results = assemble_results(scenario, region, central, arrays, provenance)
        return dataclasses.replace(results, statistics={key: job.result() for key, job in statistics.items()})


def read_stored(stored: Mapping[str, np.ndarray]) -> DerivedArrays:
    """What an ensemble keeps (``stored``, as :func:`results_from_stored` takes it) read as float64, with the derived
    totals computed from it: the arrays of the Results made from it, bit for bit."""
    return _Read(stored)


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


def _total_statistics(arrays: _Read, key: str, scale: float, n_years: int) -> dict[str, np.ndarray]:
    """{statistic: (T,)} of the total ``key`` in reported units: what :meth:`Results.total_statistics` gives,
    by blocks of columns (:func:`simulator.results.blocked_statistics`)."""
    n = arrays.n_draws

    def columns(a: int, b: int) -> np.ndarray:
        return np.broadcast_to(arrays.columns(key, a, b), (n, b - a))

    return blocked_statistics(columns, n, n_years, scale, STATISTICS_BLOCK)


def _detail_statistics(arrays: _Read, key: str, scale: float) -> dict[str, np.ndarray]:
    """:func:`simulator.results.detail_statistics` of the per-project or per-industry array ``key``, {statistic:
    (T, k)}, by blocks of its T·k columns read from the stored float32 array; an array holding -0.0 is done as
    that function does it (column by column, on the whole array read as float64)."""
    stored = arrays.stored(key)
    d, t, k = stored.shape
    if d > 1 and stored.strides[0] != 0 and np.any(stored.view(np.int32) == np.int32(-(2**31))):  # -0.0 in float32
        return detail_statistics(arrays[key], scale)
    flat = stored.reshape(d, t * k)
    stats = blocked_statistics(lambda a, b: _widen(flat[:, a:b]), d, t * k, scale, STATISTICS_BLOCK)
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
