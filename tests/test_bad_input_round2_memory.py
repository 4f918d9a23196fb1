"""Bad input, round two (issue 15), resources: the memory check honours the cgroup's memory limit and
``ulimit -v`` besides MemAvailable. The limit logic is tested with injected values (files of a fake cgroup
tree, given limits); the estimate itself is measured against peak RSS in benchmarks/bench_memory.py, since a
test comparing a resident set with a bound would fail now and then."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

import simulator.api
from simulator.cli import main
from simulator.errors import InputError
from simulator.memory import PROCESS_BYTES, Limit, address_space_limit, cgroup_limit, check_fits, run_peak_bytes

REPO = Path(__file__).resolve().parent.parent
PLAN = REPO / "scenarios" / "kostanai" / "plan.yaml"
GiB, MiB = 2**30, 2**20


def files(root: Path, contents: dict[str, str]) -> None:
    for name, text in contents.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="ascii")


def test_cgroup_v2_takes_the_tightest_of_the_own_and_the_parent_limits(tmp_path):
    """/proc/self/cgroup says ``0::/a/b``. b: max 2 GiB, 0.5 GiB in use (1.5 GiB free); its parent a: max
    1.2 GiB, 1 GiB in use (0.2 GiB free, the tightest); the root: ``max`` (no limit)."""
    files(
        tmp_path,
        {
            "memory.max": "max\n",
            "a/memory.max": f"{int(1.2 * GiB)}\n",
            "a/memory.current": f"{GiB}\n",
            "a/b/memory.max": f"{2 * GiB}\n",
            "a/b/memory.current": f"{GiB // 2}\n",
            "proc": "0::/a/b\n",
        },
    )
    limit = cgroup_limit(tmp_path, tmp_path / "proc")
    assert limit.free == int(1.2 * GiB) - GiB and str(tmp_path / "a" / "memory.max") in limit.what


def test_cgroup_v2_inside_a_container_reads_the_mount_root(tmp_path):
    """A container sees its own cgroup at the mount's root, while /proc/self/cgroup names a path of the host
    (not mounted here): the root's memory.max counts. 1 GiB max, 256 MiB in use: 768 MiB free."""
    files(tmp_path, {"memory.max": f"{GiB}\n", "memory.current": f"{256 * MiB}\n", "proc": "0::/host/slice\n"})
    assert cgroup_limit(tmp_path, tmp_path / "proc").free == 768 * MiB


def test_cgroup_v1_limit_and_its_unlimited_value(tmp_path):
    """v1 (``4:memory:/x``): ``memory.limit_in_bytes`` − ``memory.usage_in_bytes``; the kernel's "no limit"
    (2^63 rounded down to a page) is no limit; no cgroup files at all is no limit."""
    files(
        tmp_path,
        {
            "memory/x/memory.limit_in_bytes": "9223372036854771712\n",
            "memory/x/memory.usage_in_bytes": "1000\n",
            "memory/memory.limit_in_bytes": f"{3 * GiB}\n",
            "memory/memory.usage_in_bytes": f"{GiB}\n",
            "proc": "5:pids:/\n4:memory:/x\n0::/\n",
        },
    )
    assert cgroup_limit(tmp_path, tmp_path / "proc").free == 2 * GiB
    (tmp_path / "memory" / "memory.limit_in_bytes").write_text("9223372036854771712\n", encoding="ascii")
    assert cgroup_limit(tmp_path, tmp_path / "proc") is None
    assert cgroup_limit(tmp_path / "nothing", tmp_path / "no-proc") is None


def test_address_space_limit_is_the_rlimit_minus_the_virtual_size():
    """ulimit -v of 3 GiB with 1 GiB of address space in use leaves 2 GiB; RLIM_INFINITY is no limit."""
    assert address_space_limit(soft=3 * GiB, in_use=GiB).free == 2 * GiB
    assert address_space_limit(soft=resource.RLIM_INFINITY, in_use=GiB) is None


def test_check_fits_refuses_against_the_tightest_limit_and_names_it():
    """Results of 1 GiB, 200 MiB already resident: the run still needs 1 GiB + PROCESS_BYTES − 200 MiB
    (1,184 MiB with PROCESS_BYTES = 360 MiB). Against 4 GiB available and a 1 GiB cgroup: refused, naming the
    cgroup; with a 2 GiB cgroup: accepted."""
    needed = GiB + PROCESS_BYTES - 200 * MiB
    assert run_peak_bytes(GiB) == GiB + PROCESS_BYTES
    available = Limit(4 * GiB, "(MemAvailable)")
    with pytest.raises(InputError, match="cgroup") as refused:
        check_fits(200_000, GiB, "the results", [available, Limit(GiB, "under the cgroup memory limit")], 200 * MiB)
    assert f"{needed / GiB:.1f} GB more memory" in str(refused.value)
    check_fits(200_000, GiB, "the results", [available, Limit(2 * GiB, "under the cgroup memory limit")], 200 * MiB)
    check_fits(200_000, GiB, "the results", [], 200 * MiB)  # no limit known: nothing to refuse against


def test_a_run_under_ulimit_v_is_refused_before_it_allocates(tmp_path):
    """``regsim run plan.yaml --draws 1000000`` under ``ulimit -v`` 2.5 GB: the results alone take about
    4.7 GB (4,977 bytes a draw), so the run is refused with exit 2 naming ``ulimit -v`` rather than ending in
    a MemoryError traceback. The limit leaves ample room for the imports and the first chunk (about 0.6 GB of
    address space), so the outcome does not depend on timing."""

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (2500 * MiB, resource.RLIM_INFINITY))

    code = (
        "import sys; from simulator.cli import main; "
        f"sys.exit(main(['run', {str(PLAN)!r}, '--draws', '1000000', '--out', {str(tmp_path / 'out')!r}]))"
    )
    # few BLAS threads and malloc arenas, so the address space the imports reserve does not grow with the
    # machine's cores (each thread's arena reserves 64 MB of address space)
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MALLOC_ARENA_MAX": "2"}
    child = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, preexec_fn=limit, env=env
    )
    assert child.returncode == 2, child.stderr
    assert "ulimit -v" in child.stderr and "Traceback" not in child.stderr
    assert not (tmp_path / "out").exists()


def test_an_allocation_that_fails_anyway_is_exit_2_not_a_traceback(tmp_path, monkeypatch, capsys):
    """The check is an estimate: should an allocation still fail (another process took the memory meanwhile),
    the CLI says so (exit 2) instead of a MemoryError traceback."""

    def out_of_memory(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(simulator.api, "simulate", out_of_memory)
    assert main(["run", str(PLAN), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: out of memory") and "Traceback" not in err
    assert not (tmp_path / "out").exists()
