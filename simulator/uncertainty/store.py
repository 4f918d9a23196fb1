"""What an ensemble keeps of its draws, and how it reads them back.

Per-draw arrays are kept in ``STORED`` (float32: docs/uncertainty.md §3), checked first in float64 as the model made
them (:func:`stored_arrays`), gathered chunk by chunk, in any order, by :class:`EnsembleStore`, and read back as
float64 with the derived totals computed by blocks of draws (:class:`ReadArrays`). :mod:`simulator.uncertainty.ensemble`
runs the chunks; ``regsim sweep`` and ``regsim run --scheduler`` gather chunks run on other machines here too.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..errors import ModelCheckError
from ..memory import check_fits, prefaulted_empty
from ..model.scale import check_project_scale
from ..model.simulate import DerivedArrays, check_finite, derive, derived_keys

#: the float type the per-draw arrays are kept in (module docstring; docs/uncertainty.md §3)
STORED = np.float32
#: (draw, year) arrays made while the stored totals are read (derived totals, sorted copies for the
#: percentiles), counted in the memory a run needs (:func:`simulator.memory.check_fits`)
READ_ARRAYS = 8
#: bytes of float64 values per (draws, year) block when a derived total is computed from the stored ones
#: (:class:`ReadArrays`): a few such temporaries at a time, however many draws and years (5,041 draws at 13 years)
READ_BLOCK = 2**19


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


def widen(value: np.ndarray) -> np.ndarray:
    """``value`` as float64 (exactly: every float32 is a float64); a broadcast array (one row for every draw) is
    converted once and broadcast again."""
    if value.dtype == np.float64:
        return value
    if value.strides[0] == 0:
        return np.broadcast_to(value[:1].astype(np.float64), value.shape)
    return value.astype(np.float64)


class _Widened(Mapping):
    """Read-only mapping of stored arrays, each read converted to float64 (:func:`widen`)."""

    def __init__(self, stored: Mapping[str, np.ndarray]):
        self._stored = stored

    def __getitem__(self, key: str) -> np.ndarray:
        return widen(self._stored[key])

    def __contains__(self, key) -> bool:
        return key in self._stored

    def __iter__(self):
        return iter(self._stored)

    def __len__(self) -> int:
        return len(self._stored)


class ReadArrays(DerivedArrays):
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
            return widen(self._raw[key][:, a:b])
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
