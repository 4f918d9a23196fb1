"""Cost of a run against its number of projects: load, model and writing (tables, plots, report) for synthetic
scenarios of N small farms of different sizes, over the shipped baseline.

    PYTHONPATH=. python benchmarks/bench_projects.py                 # 100, 1,000, 3,000 projects
    PYTHONPATH=. python benchmarks/bench_projects.py --projects 100 300

Prints a table: seconds of each stage and per project. A cost linear in projects has a constant time per
project (after the fixed cost of a run, which dominates at 100 projects). One deterministic draw; each size
runs in this process one after the other (the region data is cached after the first).

Measured on this project's 2-core VM (shared, so ± 20 %), December 2026, with plots grouping all but the 11
largest projects: 100, 1,000, 3,000 and 10,000 farms took 2.5, 12.0, 31.1 and 119 s (24, 12, 10 and 12 ms a
project; load 26 s, model 3 s and writing 91 s at 10,000). Before the grouping, writing 1,000 projects alone
took 64 s, and 10,000 about 9 minutes (issue 15).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import yaml

from simulator.api import simulate
from simulator.output import write_atomically, write_run_files
from simulator.plotting import RUN_PLOTS
from simulator.scenario import load_scenario

REPO = Path(__file__).resolve().parent.parent
BASELINE = REPO / "scenarios" / "kostanai" / "baseline.yaml"


def farm(i: int) -> dict:
    """A small farm (the worked example of tests/test_report.py, scaled down so that thousands of them stay
    within the region), of sizes 1-50 so that a few large ones stand out from many small ones."""
    size = i % 50 + 1
    project = {
        "id": f"farm_{i:05d}",
        "kind": "plant",
        "name": f"Farm #{i}",
        "sector": "D01T03",
        "production": {
            "start": "2026-01",
            "capacity": {"value": 10 * size, "unit": "t/yr"},
            "unit_price": {"value": 1700, "unit": "thousand KZT", "year": 2025},
            "ramp_up": {"shape": "linear", "years": 2},
        },
        "value_added_share": 0.3,
        "local_content": 0.5,
        "jobs": {"permanent": 0.3 * size},
        "wage": {"relative_to_average": 0.7},
    }
    if i % 10 == 0:  # one in ten is built in the horizon (keeps 10,000 farms within the 4 MB file limit)
        project["investment"] = {
            "amount": {"value": 0.02 * size, "unit": "billion KZT", "year": 2024},
            "build_period": {"start": 2024, "end": 2025},
            "construction": {"share": 0.5, "local_share": 0.7},
            "domestic_equipment": {"share": 0.2, "local_share": 0.5},
            "imported_equipment": {"share": 0.3, "local_share": 0.0},
        }
    return project


def synthetic(n: int, folder: Path) -> Path:
    """A scenario of ``n`` farms over the shipped baseline."""
    path = folder / f"projects-{n}.yaml"
    document = {"extends": str(BASELINE), "name": f"{n} projects", "projects": [farm(i) for i in range(n)]}
    # one flow mapping a project: 10,000 of them stay within the loader's 4 MB limit on a scenario file
    path.write_text(yaml.safe_dump(document, sort_keys=False, default_flow_style=True, width=2**16), encoding="utf-8")
    return path


def measure(n: int, folder: Path) -> dict[str, float]:
    path = synthetic(n, folder)
    times = {}
    start = time.perf_counter()
    loaded = load_scenario(path)
    times["load"] = time.perf_counter() - start
    start = time.perf_counter()
    results = simulate(loaded)
    times["model"] = time.perf_counter() - start
    start = time.perf_counter()
    write_atomically(folder / f"out-{n}", lambda out: write_run_files(results, out, RUN_PLOTS, loaded=loaded))
    times["write"] = time.perf_counter() - start
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, nargs="+", default=[100, 1_000, 3_000])
    args = parser.parse_args(argv)
    print("| projects | load (s) | model (s) | write (s) | total (s) | ms per project |")
    print("|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        measure(9, Path(tmp))  # warm-up: region data, imports, fonts
        for n in args.projects:
            t = measure(n, Path(tmp))
            total = sum(t.values())
            print(
                f"| {n:,} | {t['load']:.2f} | {t['model']:.2f} | {t['write']:.2f} | {total:.2f} | "
                f"{1000 * total / n:.1f} |"
            )
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
