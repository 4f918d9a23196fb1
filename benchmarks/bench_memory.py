"""Peak memory of ``regsim run --draws N`` against the estimate the run checks before it allocates.

Each measurement runs in a fresh Python process (so one run's peak does not hide the next): the child runs
``regsim run SCENARIO --draws N --seed 1 --quiet``, records the bytes the memory check was asked about
(:func:`simulator.memory.check_fits`, patched to record its argument and then do its work) and prints its own
peak resident set (``resource.getrusage(RUSAGE_SELF).ru_maxrss``, KiB on Linux). The table compares that peak
with :func:`simulator.memory.run_peak_bytes` of the recorded result bytes.

    PYTHONPATH=. python benchmarks/bench_memory.py            # plan.yaml at 10k, 100k, 300k draws
    PYTHONPATH=. python benchmarks/bench_memory.py --draws 2 1000 --scenario scenarios/kostanai/baseline.yaml

Measured December 2026 (2-core VM, glibc, plan.yaml, totals kept in float32):

| draws | results (MB) | estimate (MB) | peak RSS (MB) | estimate / peak |
|---:|---:|---:|---:|---:|
| 10,000 | 75 | 435 | 439 | 0.99 |
| 100,000 | 356 | 716 | 633 | 1.13 |
| 300,000 | 981 | 1,341 | 1,184 | 1.13 |

(MB here are MiB, 2^20 bytes.)

Not a test: a peak resident set depends on the allocator, the kernel and what else runs, and a test that
compares it with a bound would fail now and then; tests/test_memory.py tests the limit logic with injected
values instead.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from simulator.memory import run_peak_bytes

REPO = Path(__file__).resolve().parent.parent

CHILD = """
import json, resource, sys
import simulator.uncertainty.ensemble as ensemble
from simulator.cli import main

recorded = []
original = ensemble.check_fits


def record(n_draws, nbytes, what):
    recorded.append(nbytes)
    return original(n_draws, nbytes, what)


ensemble.check_fits = record
status = main(["run", sys.argv[1], "--draws", sys.argv[2], "--seed", "1", "--quiet", "--out", sys.argv[3]])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"status": status, "results_bytes": recorded[0] if recorded else 0, "peak": peak}))
"""


def measure(scenario: Path, draws: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        child = subprocess.run(
            [sys.executable, "-c", CHILD, str(scenario), str(draws), str(Path(tmp) / "out")],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(child.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", type=Path, default=REPO / "scenarios" / "kostanai" / "plan.yaml")
    parser.add_argument("--draws", type=int, nargs="+", default=[10_000, 100_000, 300_000])
    args = parser.parse_args(argv)
    print("| draws | results (MB) | estimate (MB) | peak RSS (MB) | estimate / peak |")
    print("|---:|---:|---:|---:|---:|")
    for n in args.draws:
        m = measure(args.scenario, n)
        estimate = run_peak_bytes(m["results_bytes"]) if m["results_bytes"] else float("nan")
        print(
            f"| {n:,} | {m['results_bytes'] / 2**20:,.0f} | {estimate / 2**20:,.0f} | {m['peak'] / 2**20:,.0f} | "
            f"{estimate / m['peak']:.2f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
