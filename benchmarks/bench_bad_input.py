"""How fast oversized text is refused: `regsim validate` of a child of baseline.yaml whose `name` is 100 kB and
3.9 MB (issue 15: a 100 kB name once validated and then cost 297 s and 9.9 GB of memory; the goal is a refusal
in under 2 s). Times are in this process, min and median of 3 runs, after one warm-up (imports).

    PYTHONPATH=. python benchmarks/bench_bad_input.py

Measured on this project's 2-core VM (shared), December 2026: 100 kB 0.05-0.07 s, 3.9 MB 1.8-2.0 s, each exit 2.
"""

from __future__ import annotations

import contextlib
import io
import statistics
import tempfile
import time
from pathlib import Path

from simulator.cli import main

BASELINE = Path(__file__).resolve().parent.parent / "scenarios" / "kostanai" / "baseline.yaml"


def refuse(path: Path) -> tuple[int, float]:
    """(exit code, seconds) of ``regsim validate path``, its output swallowed."""
    started = time.perf_counter()
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        code = main(["validate", str(path)])
    return code, time.perf_counter() - started


def run() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for size in (100_000, 3_900_000):
            path = Path(folder) / f"name_{size}.yaml"
            path.write_text(f"extends: {BASELINE.as_posix()}\nname: {'x' * size}\n", encoding="utf-8")
            refuse(path)  # warm-up: imports
            results = [refuse(path) for _ in range(3)]
            times = [t for _, t in results]
            codes = {c for c, _ in results}
            print(
                f"name of {size:>9,} characters: exit {sorted(codes)}, "
                f"min {min(times):.2f} s, median {statistics.median(times):.2f} s"
            )


if __name__ == "__main__":
    run()
