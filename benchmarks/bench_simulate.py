"""Benchmark: model time of a deterministic run of a scenario, and the CLI end to end (with plots).

    python benchmarks/bench_simulate.py [scenarios/kostanai/plan.yaml] [--repeat 50]

Prints a table; asserts nothing. Goals (issue 4): model <= 5 ms, CLI with plots <= 3 s on 2 cores.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenario", nargs="?", default=str(REPO / "scenarios/kostanai/plan.yaml"))
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()

    from simulator.api import simulate
    from simulator.model.inputs import build_inputs
    from simulator.model.simulate import simulate_arrays
    from simulator.region import load_region
    from simulator.scenario import load_scenario

    t0 = time.perf_counter()
    loaded = load_scenario(args.scenario)
    t_load = time.perf_counter() - t0
    region = load_region(loaded.scenario.region)
    simulate(loaded, region=region)  # warm up

    def timed(fn):
        samples = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - start)
        return statistics.median(samples), min(samples)

    inputs = build_inputs(loaded.scenario, region)
    build_med, build_min = timed(lambda: build_inputs(loaded.scenario, region))
    model_med, model_min = timed(lambda: simulate_arrays(inputs))
    full_med, full_min = timed(lambda: simulate(loaded, region=region))

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "simulator.cli", "run", args.scenario, "--out", f"{tmp}/run", "--quiet"],
            check=True,
            capture_output=True,
        )
        cli = time.perf_counter() - start

    print(f"scenario: {args.scenario} ({len(loaded.scenario.projects)} projects, {inputs.years.size} years)")
    print(f"{'step':<44}{'median':>12}{'min':>12}")
    print(f"{'load + validate YAML (once)':<44}{t_load * 1e3:>10.2f}ms{'':>12}")
    print(f"{'build inputs (scenario -> arrays)':<44}{build_med * 1e3:>10.2f}ms{build_min * 1e3:>10.2f}ms")
    print(f"{'model: simulate_arrays (goal <= 5 ms)':<44}{model_med * 1e3:>10.2f}ms{model_min * 1e3:>10.2f}ms")
    print(f"{'simulate(): build + model + targets':<44}{full_med * 1e3:>10.2f}ms{full_min * 1e3:>10.2f}ms")
    print(f"{'CLI end to end with plots (goal <= 3 s)':<44}{cli:>11.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
