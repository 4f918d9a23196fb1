"""simulator.memory: pre-faulted result buffers behave like np.empty; the malloc tuning is idempotent."""

from __future__ import annotations

import platform
import sys

import numpy as np
import pytest

from simulator.memory import prefaulted_empty, reuse_freed_memory


@pytest.mark.parametrize("shape", [(100_000, 13), (3, 4, 5), (0, 13), (1,)])
def test_prefaulted_empty_is_a_writable_float64_array(shape):
    a = prefaulted_empty(shape)
    assert a.shape == shape and a.dtype == np.float64 and a.flags.writeable and a.flags.c_contiguous
    a[...] = 2.5
    assert np.all(a == 2.5)


def test_prefaulted_empty_takes_a_dtype():
    a = prefaulted_empty((1000, 13), np.float32)
    assert a.shape == (1000, 13) and a.dtype == np.float32 and a.nbytes == 1000 * 13 * 4 and a.flags.writeable
    a[...] = 0.1  # rounded to the nearest float32, as any float32 array stores it
    assert np.all(a == np.float32(0.1))


def test_malloc_tuning_is_idempotent():
    first = reuse_freed_memory()
    assert reuse_freed_memory() is first
    if sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc":
        assert first  # glibc on Linux: in effect
    np.ones((4096, 4096)).sum()  # and numpy still allocates and frees as usual
