"""Array kernels of :mod:`simulator.quantiles` that need none of its tuning constants: monotone integer keys of
floats, bin numbers computed in floating point, per-column min/max by blocks of rows, tiling, and order
statistics within groups. Pure functions on float64 arrays; :mod:`simulator.quantiles` documents the method.
"""

from __future__ import annotations

import numpy as np

MAGIC = 2.0**52  # x + 2^52, for x in [0, 2^51), is x rounded to an integer, held in the low bits
_MAGIC_BITS = int(np.float64(MAGIC).view(np.int64))


def column_min_max(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-column min and max of a C-contiguous (n, T) array, reducing rows of 64 draws at once (numpy's
    reduction along axis 0 is slow when T is small)."""
    n, n_cols = a.shape
    whole = n // 64 * 64
    blocks, rest = a[:whole].reshape(-1, 64 * n_cols), a[whole:]
    lo = np.minimum(
        blocks.min(axis=0, initial=np.inf).reshape(64, n_cols).min(axis=0), rest.min(axis=0, initial=np.inf)
    )
    hi = np.maximum(
        blocks.max(axis=0, initial=-np.inf).reshape(64, n_cols).max(axis=0), rest.max(axis=0, initial=-np.inf)
    )
    return lo, hi


def tile(v: np.ndarray, size: int) -> np.ndarray:
    """``v`` repeated to length ``size`` (a multiple of its length), by doubling copies."""
    out = np.empty(size)
    out[: len(v)] = v
    done = len(v)
    while done < size:
        step = min(done, size - done)
        out[done : done + step] = out[:step]
        done += step
    return out


def bins(v: np.ndarray, shift, scale, offset, buf: np.ndarray) -> np.ndarray:
    """Flat bin numbers (int64) of the values ``v``, computed in (and returned as a view of) ``buf``."""
    f = buf[: len(v)]
    if shift is None:  # v * scale may underflow to a subnormal: harmless (the caller ignores the warning)
        np.multiply(v, scale, out=f)
    else:
        np.subtract(v, shift, out=f)
        f *= scale
    f += offset
    numbers = f.view(np.int64)
    numbers -= _MAGIC_BITS
    return numbers


def keys(v: np.ndarray) -> np.ndarray:
    """Monotone unsigned integer keys of float64 values (a larger value, a larger key; -0.0 just below +0.0):
    the bits with the sign bit set for positive values, all bits flipped for negative ones."""
    bits = v.view(np.int64)
    return (bits ^ ((bits >> 63) | np.int64(-(2**63)))).view(np.uint64)


def floats(key_values: np.ndarray) -> np.ndarray:
    """The float64 values of keys made by :func:`keys`."""
    bits = key_values.view(np.int64)
    return (bits ^ (~(bits >> 63) | np.int64(-(2**63)))).view(np.float64)


def select_in_groups(
    val: np.ndarray, group: np.ndarray, sizes: np.ndarray, which: np.ndarray, local: np.ndarray
) -> np.ndarray:
    """Order statistics within groups: ``val`` are the values of groups ``group`` (numbered 0.., with ``sizes``
    values each); request i is the ``local[i]``-th smallest value of group ``which[i]``."""
    starts = np.cumsum(sizes) - sizes
    if len(val) <= 128 * len(sizes):  # a few values per group: sort them all, by group then value
        order = np.argsort(val)
        return val[order[np.argsort(group[order], kind="stable")]][starts[which] + local]
    val = val[np.argsort(group, kind="stable")]  # many: group them, then partition each group
    found = np.empty(len(local))
    for g, (first, size) in enumerate(zip(starts, sizes, strict=True)):
        rows = np.flatnonzero(which == g)
        found[rows] = np.partition(val[first : first + size], np.unique(local[rows]))[local[rows]]
    return found
