"""Exact percentiles of Monte Carlo draws along the draw axis, several times faster than ``np.percentile``.

``percentiles(values, q)`` returns ``np.percentile(values, q, axis=0)`` (method ``'linear'``) bit for bit, for
``values`` of shape (N draws, T years) and ``q`` in [0, 100]; the result has shape (len(q), T). For each column,
with the values sorted as x(0) <= ... <= x(N-1), ``h = (N - 1) * q / 100``, ``j = floor(h)`` and ``g = h - j``:

    percentile = x(j) + (x(j+1) - x(j)) * g          where g < 0.5
               = x(j+1) - (x(j+1) - x(j)) * (1 - g)  where g >= 0.5

(numpy's ``_lerp``; where ``h >= N - 1`` numpy takes x(N-1) for both and g = h + 1, reproduced as well). The
order statistics are exact values of the input and the interpolation repeats numpy's operations in numpy's
order, so the results are identical, not merely close. The one freedom is the sign of a zero: when -0.0 and
+0.0 both occur, which of the two equal values an order statistic is depends on the selection algorithm.

How the order statistics are found, instead of partitioning every column (what ``np.percentile`` does):

1. per column, min and max. A constant column (the observed base year, the same in every draw) is its own
   answer, and so is, by partitioning, a column whose range overflows or holds infinities: they are not binned;
2. pass 1: every value gets a bin, one of ~16 * sqrt(N) equal-width bins between its column's min and max, and
   the bins are counted (``np.add.at``). The bin is computed in floating point so that each step rounds
   monotonically: a larger value never gets a smaller bin, which is all exactness needs. A column only a few
   floats wide (a quantity constant up to rounding) gets one bin per float instead, exactly: its needed values
   are read off the counts;
3. the cumulative counts give the bin holding each needed rank and the rank inside that bin;
4. pass 2: the values of those few bins are gathered, grouped by bin and sorted or partitioned there.

A needed bin that holds a large share of its column is crowded. In the model's output that is a mass point: a
rate at its floor in many draws (computed with rounding noise: some 80 floats within 85 units in the last place),
or zero in many draws. Where a sample of ~1,000 draws shows such a cluster of nearly equal values, pass 2 also
counts the column's values float by float in a window of ``_ULP_WINDOW`` consecutive floats around it (with
monotone integer keys of the floats), and the needed ranks inside the window are read off those counts. The
other crowded bins (values crowded next to a far outlier, a long tail, a cluster wider than the window) are
extracted on their own and binned again on their own, narrower, range (or partitioned, when they are small or
binning again would not shrink them). Both passes run over segments of ~1 MB, so that numpy's cost per call is
small and the segment's temporaries stay in cache. Inputs of fewer than 2,048 draws or 16,384 values and dtypes
other than float64 go to ``np.percentile`` itself.
The low-level kernels (float keys, bin numbers, block min/max, selection in groups) are in
:mod:`simulator.quantile_kernels`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .quantile_kernels import MAGIC as _MAGIC
from .quantile_kernels import bins as _bins
from .quantile_kernels import column_min_max as _column_min_max
from .quantile_kernels import floats as _floats
from .quantile_kernels import keys as _keys
from .quantile_kernels import select_in_groups as _select_in_groups
from .quantile_kernels import tile as _tile

__all__ = ["median", "percentiles"]

#: fewer draws than this, or fewer values than ``_SMALL_TOTAL`` in all: ``np.percentile`` itself (it is fast
#: then), and a crowded bin with fewer values than ``_SMALL_TOTAL`` is partitioned rather than binned again
_SMALL = 2048
_SMALL_TOTAL = 16384
#: elements per pass segment: ~1 MB, few numpy calls per pass (2^15 took 8 % longer on the model's ensembles)
#: while the segment's buffers stay in cache; columns laid out contiguously are read as such from _SEGMENT / 16
_SEGMENT = 1 << 17
#: crowded target bins of a column at most this many bins apart are extracted together
_RUN_GAP = 64
#: consecutive floats per window around a cluster of nearly equal values (a mass point), counted one by one
_ULP_WINDOW = 1 << 10


def percentiles(values: np.ndarray, q: Sequence[float]) -> np.ndarray:
    """Percentiles ``q`` (in [0, 100]) of ``values`` (N draws, T years) along the draws: shape (len(q), T), float64.

    Per column, with the values sorted x(0) <= ... <= x(N-1), h = (N - 1) * q / 100, j = floor(h), g = h - j,
    a = x(j), b = x(j+1): a + (b - a) * g, or b - (b - a) * (1 - g) where g >= 0.5 (numpy's ``_lerp``); x(N-1)
    where h >= N - 1. Equal to ``np.percentile(values, q, axis=0)`` (method ``'linear'``) bit for bit, up to the
    sign of a zero order statistic when -0.0 and +0.0 both occur. ``values`` may be any view (transposed,
    strided, broadcast) and is not modified. Raises ValueError on NaN, on an empty draw axis, on ``values`` not
    2-D, on ``q`` not 1-D and on percentiles outside [0, 100].
    """
    values = np.asarray(values)
    if values.ndim != 2:
        raise ValueError(f"values must be 2-D (draws, years), got shape {values.shape}")
    n, n_cols = values.shape
    if n == 0:
        raise ValueError("values has no draws (axis 0 is empty)")
    fractions = np.true_divide(np.asanyarray(q), 100)  # as np.percentile does
    if fractions.ndim != 1:
        raise ValueError("q must be a 1-D sequence of percentiles")
    if not np.all((fractions >= 0) & (fractions <= 1)):
        raise ValueError("Percentiles must be in the range [0, 100]")
    if values.dtype != np.float64 or n < _SMALL or n * n_cols < _SMALL_TOTAL or fractions.size == 0:
        if values.dtype.kind == "f" and np.isnan(values).any():
            raise ValueError("values contain NaN; percentiles are undefined")
        return np.percentile(values, q, axis=0)

    # numpy's virtual index and weight for method 'linear' (_quantile, _get_indexes, _get_gamma); past the
    # last rank numpy indexes with -1, and the weight is taken against that -1
    virtual = np.asanyarray((n - 1) * fractions)
    below = np.floor(virtual)
    above = below + 1
    at_end = virtual >= n - 1
    below[at_end] = -1
    above[at_end] = -1
    below = below.astype(np.intp)
    above = above.astype(np.intp)
    gamma = np.asanyarray(virtual - below, dtype=virtual.dtype)
    below[at_end] = n - 1
    above[at_end] = n - 1

    ranks, where = np.unique(np.concatenate([below, above]), return_inverse=True)
    with np.errstate(all="ignore"):  # the binning's own overflows and underflows are harmless (see _bins)
        stats = _order_statistics(values, ranks, depth=0)
    k = len(fractions)
    return _lerp(stats[where[:k]], stats[where[k:]], gamma[:, None])


def _lerp(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    """numpy's ``_lerp`` (numpy/lib/_function_base_impl.py), the same operations in the same order."""
    diff_b_a = b - a
    result = np.add(a, diff_b_a * t)
    np.subtract(b, diff_b_a * (1 - t), out=result, where=t >= 0.5, casting="unsafe", dtype=result.dtype)
    return result


def _n_bins(n: int) -> int:
    """Bins per column: a power of two near 16 * sqrt(n), in 2^10..2^16. More bins make fewer values to sort
    in the target bins (about n / bins each) but a longer cumulative count (T * bins)."""
    return 1 << int(np.clip(round(np.log2(16 * np.sqrt(n))), 10, 16))


def _order_statistics(x: np.ndarray, ranks: np.ndarray, depth: int) -> np.ndarray:
    """The order statistics ``ranks`` (sorted, unique, 0-based) of every column of ``x`` (n, T) float64, NaN-free
    (checked): shape (len(ranks), T)."""
    n, n_cols = x.shape
    if x.strides[0] == 0:  # broadcast along the draws: every column is constant
        if np.isnan(x[0]).any():
            raise ValueError("values contain NaN; percentiles are undefined")
        return np.repeat(x[:1], len(ranks), axis=0)
    if x.strides[1] == 0 and n_cols > 1:  # broadcast along the columns: they are all the first one
        return np.repeat(_order_statistics(x[:, :1], ranks, depth), n_cols, axis=1)
    by_col = x.T.flags.c_contiguous and n >= _SEGMENT // 16  # long contiguous columns (T, n) in memory
    a = x.T if by_col else np.ascontiguousarray(x)  # a.ravel() is a view
    lo, hi = (a.min(axis=1), a.max(axis=1)) if by_col else _column_min_max(a)
    if np.isnan(lo).any():
        raise ValueError("values contain NaN; percentiles are undefined")
    nb = _n_bins(n)
    out = np.empty((len(ranks), n_cols))
    width = hi - lo
    scale = (nb - 4) / width
    # columns solved on their own: constant ones, and ranges that overflow or hold infinities (not expected from
    # the model). They stay in the passes, all in one bin (scale 0), unless they are a large share of an (n, T)
    # array or hold infinities (whose bin is undefined): then the other columns are copied out
    solo = ~(np.isfinite(width) & (width > 0) & np.isfinite(scale))
    for c in np.flatnonzero(solo):
        out[:, c] = lo[c] if width[c] == 0 else np.partition(x[:, c], ranks)[ranks]
    if solo.all():
        return out
    if not by_col and (2 * np.count_nonzero(solo) > n_cols or not np.isfinite(np.r_[lo[solo], hi[solo]]).all()):
        out[:, ~solo] = _order_statistics(x[:, ~solo], ranks, depth)
        return out
    scale[solo] = 0.0
    # columns a few floats wide (a quantity constant up to rounding): one bin per float. For values of one sign
    # within nb - 4 units in the last place (ulp) of the smallest in magnitude, v - lo is exact (Sterbenz) and a
    # multiple of that ulp, a power of two: bins (v - lo) / ulp are exact integers and a bin is a single value
    # (scale = 1 / ulp below; |lo| * scale >= 2^51, so the subtraction is kept)
    ulp = np.spacing(np.minimum(np.abs(lo), np.abs(hi)))
    exact = ~solo & ((lo > 0) | (hi < 0)) & (ulp >= 2.0**-1000) & (width <= (nb - 4) * ulp)
    scale[exact] = 1 / ulp[exact]

    # Bin of v in column c: c * stride + 2 + round((v - lo) * scale), scale = (nb - 4) / (hi - lo), computed as
    # fl(fl(fl(v - lo) * scale) + (2^52 + c * stride + 2)) read as an integer: every step rounds monotonically
    # (a larger v never gets a smaller bin) and the rounding errors (< 1 bin) keep the bins of column c inside
    # c * stride + 1 .. c * stride + nb - 1. When |v| * scale < 2^48 for all v, fl(fl(v * scale) + offset) with
    # offset = fl(2^52 + c * stride + 2 - fl(lo * scale)) saves the subtraction, with rounding errors below
    # 1.1 bins. ``stride`` is not a multiple of a large power of two, so that the counters of consecutive values
    # (consecutive columns, in an (n, T) array) do not all fall in the same cache set.
    stride = nb + 8
    offset = _MAGIC + np.arange(n_cols) * float(stride) + 2
    shift = np.where(solo, 0.0, lo)
    if np.all(np.maximum(np.abs(lo), np.abs(hi)) * scale < 2.0**48):
        offset = offset - lo * scale
        shift = None
    segments = list(_segments(a, by_col, shift, scale, offset, solo))
    flat = a.ravel()
    buf = np.empty(segments[0][1] - segments[0][0])
    mask = np.empty(len(buf), dtype=bool)

    # pass 1: the histogram. Column c holds ranks c*n .. c*n + n - 1 of all the values in bin order (the solo
    # columns of a (T, n) array are not read: all their values in their first bin)
    counts = np.zeros(n_cols * stride, dtype=np.intp)
    if by_col:
        counts[np.flatnonzero(solo) * stride + 2] = n
    for start, stop, *params in segments:
        np.add.at(counts, _bins(flat[start:stop], *params, buf), 1)
    cum = np.cumsum(counts)
    target = (np.arange(n_cols) * n)[None, :] + ranks[:, None]  # (R, T)
    target_bin = np.searchsorted(cum, target, side="right")
    rank_in_bin = target - (cum[target_bin] - counts[target_bin])
    ex = np.flatnonzero(exact)
    out[:, ex] = lo[ex] + (target_bin[:, ex] - (ex * stride + 2)) * ulp[ex]  # exact: see above

    # bins holding a large share of a column (next to a far outlier, a mass point, a long tail) are crowded
    left = ~(solo | exact)
    crowded = (counts[target_bin] > max(_SMALL, n // 16)) & left
    easy = ~crowded & left
    # pass 2: the values of the easy target bins are gathered; the columns of the crowded ones where a sample
    # shows a cluster of nearly equal values are counted float by float in a window around the cluster
    groups, group_of_target = np.unique(target_bin[easy], return_inverse=True)
    params = (shift, scale, offset)
    windows, starts = _windows(x, params, target_bin[crowded], rank_in_bin[crowded], counts, stride, n_cols)
    window_cols = windows // stride
    tally = np.zeros(len(windows) * (_ULP_WINDOW + 2), dtype=np.intp)
    if by_col:  # contiguous columns: counted at once
        for i, c in enumerate(window_cols):
            _tally(a[c][None, :], starts[i : i + 1], tally[i * (_ULP_WINDOW + 2) : (i + 1) * (_ULP_WINDOW + 2)])
    if len(groups) or (len(windows) and not by_col):
        wanted = np.zeros(n_cols * stride, dtype=bool)
        wanted[groups] = True
        # the group numbers as 16-bit integers when they fit: a stable argsort of those is a radix sort
        label = np.zeros(n_cols * stride, dtype=np.uint16 if len(groups) <= 1 << 16 else np.intp)
        label[groups] = np.arange(len(groups))
        picked, picked_label = [], []
        for start, stop, *seg_params in segments:
            bins = _bins(flat[start:stop], *seg_params, buf)
            where = np.flatnonzero(np.take(wanted, bins, out=mask[: stop - start]))
            picked.append(where + start)
            picked_label.append(label[bins[where]])
            if len(windows) and not by_col:  # the window columns of these rows, as (windows, rows)
                _tally(flat[start:stop].reshape(-1, n_cols).T[window_cols], starts, tally)
        if len(groups):
            out[easy] = _select_in_groups(
                flat[np.concatenate(picked)],
                np.concatenate(picked_label),
                counts[groups],
                group_of_target,
                rank_in_bin[easy],
            )
    # the crowded target bins counted float by float: the ranks inside their window are read off the counts
    if len(windows):
        rows, cols = np.nonzero(crowded)
        w = np.searchsorted(windows, target_bin[rows, cols])
        counted = windows[np.minimum(w, len(windows) - 1)] == target_bin[rows, cols]
        rows, cols, w = rows[counted], cols[counted], w[counted]
        per_window = tally.reshape(len(windows), _ULP_WINDOW + 2)
        inside = ranks[rows] - per_window[w, -1]  # the column's values below the window: last counter
        cumulative = np.cumsum(per_window[:, :_ULP_WINDOW], axis=1)
        found = (inside >= 0) & (inside < cumulative[w, -1])
        rows, cols, w, inside = rows[found], cols[found], w[found], inside[found]
        at = [np.searchsorted(cumulative[i], r, side="right") for i, r in zip(w, inside, strict=True)]
        out[rows, cols] = _floats(starts[w] + np.array(at, dtype=np.uint64))
        crowded[rows, cols] = False
    # the other crowded bins, per column: each run of nearby crowded target bins is extracted and solved on its
    # own (narrower) range, or partitioned when it is small or binning again would not shrink it
    for c in np.flatnonzero(crowded.any(axis=0)):
        column = a[c] if by_col else a[:, c]
        bins = _bins(column, None if shift is None else shift[c], scale[c], offset[c], np.empty(n))
        heavy = np.unique(target_bin[crowded[:, c], c])
        for run in np.split(heavy, np.flatnonzero(np.diff(heavy) > _RUN_GAP) + 1):
            first, last = run[0], run[-1]
            sub = column.take(np.flatnonzero((bins >= first) & (bins <= last)))
            rows = np.flatnonzero(crowded[:, c] & (target_bin[:, c] >= first) & (target_bin[:, c] <= last))
            local = target[rows, c] - (cum[first] - counts[first])
            if sub.size >= _SMALL_TOTAL and (depth == 0 or 2 * sub.size <= n):  # bin again, on its range
                need = np.unique(local)
                out[rows, c] = _order_statistics(sub[:, None], need, depth + 1)[np.searchsorted(need, local), 0]
            else:
                out[rows, c] = np.partition(sub, np.unique(local))[local]
    return out


def _windows(
    x: np.ndarray, params: tuple, bins: np.ndarray, ranks: np.ndarray, counts: np.ndarray, stride: int, most: int
) -> tuple[np.ndarray, np.ndarray]:
    """Windows of ``_ULP_WINDOW`` consecutive floats for the crowded target bins ``bins`` (the ranks ``ranks``
    inside them) that a sample of ``x`` (about 1,024 draws) shows to hold a cluster of nearly equal values: per
    bin, the estimate of a middle rank from the bin's share of the sample, when it has another sample value
    within the window. Returns the bins (sorted, unique) and the windows' first keys (``_keys``), uint64."""
    shift, scale, offset = params
    sample = x[:: max(1, len(x) // 1024)]
    windows, starts = [], []
    half = np.uint64(_ULP_WINDOW // 2)
    for b in np.unique(bins):
        c = b // stride
        column = np.ascontiguousarray(sample[:, c])
        in_bin = _bins(column, None if shift is None else shift[c], scale[c], offset[c], np.empty(len(column))) == b
        keys = _keys(column)[in_bin]
        if len(keys) < 2:
            continue
        keys.sort()
        inner = np.sort(ranks[bins == b])
        guess = keys[inner[len(inner) // 2] * len(keys) // counts[b]]
        start = guess - min(guess, half)
        if np.count_nonzero(keys - start < _ULP_WINDOW) >= 2:
            windows.append(b)
            starts.append(start)
            if len(windows) == most:
                break
    return np.array(windows, dtype=np.intp), np.array(starts, dtype=np.uint64)


def _tally(values: np.ndarray, starts: np.ndarray, tally: np.ndarray) -> None:
    """Adds to ``tally`` the counts of ``values`` (windows, m) per float in window i (``_ULP_WINDOW`` floats from
    key ``starts[i]``, counters i * (_ULP_WINDOW + 2) ..), then above it, then below it."""
    keys = _keys(values)
    first = starts[:, None]
    slot = np.minimum(keys - first, np.uint64(_ULP_WINDOW))  # keys below the window wrap around: set next
    np.copyto(slot, np.uint64(_ULP_WINDOW + 1), where=keys < first)
    slot += (np.arange(len(starts), dtype=np.uint64) * np.uint64(_ULP_WINDOW + 2))[:, None]
    np.add.at(tally, slot.ravel().view(np.int64), 1)


def _segments(a: np.ndarray, by_col: bool, shift, scale, offset, skip: np.ndarray):
    """(start, stop, shift, scale, offset) of consecutive pieces ``a.ravel()[start:stop]``, with the binning
    parameters of their values: per column (scalars) when ``a`` is (T, n), leaving out the columns ``skip``, else
    whole rows of draws (the per-column parameters tiled along the piece) when ``a`` is (n, T)."""
    if by_col:
        n_cols, n = a.shape
        step = min(_SEGMENT, n)
        for c in np.flatnonzero(~skip):
            for i in range(0, n, step):
                yield c * n + i, c * n + min(i + step, n), None if shift is None else shift[c], scale[c], offset[c]
    else:
        n, n_cols = a.shape
        rows = min(n, max(1, _SEGMENT // n_cols))
        tiled = [None if v is None else _tile(v, rows * n_cols) for v in (shift, scale, offset)]
        for i in range(0, n, rows):
            size = (min(i + rows, n) - i) * n_cols
            yield i * n_cols, i * n_cols + size, *(None if v is None else v[:size] for v in tiled)


def median(values: np.ndarray) -> np.ndarray:
    """The 50th percentile along the draws (method 'linear'): (T,) for values (N, T), a float for values (N,).

    The model's one definition of the central value of an ensemble (verdicts, fan-chart lines, reports), so that
    a verdict and the number printed beside it come from the same operation. For an even N it may differ from
    ``np.median`` (the mean of the two middle values) in the last bit.
    """
    values = np.asarray(values, dtype=float)
    if values.ndim == 1:  # one column: np.percentile is as fast, and equal to percentiles() bit for bit
        return float(np.percentile(values, 50))
    return percentiles(values, (50,))[0]
