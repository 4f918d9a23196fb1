"""Benchmark: Monte Carlo ensemble speed and memory, against the same model driven one draw at a time.

    python benchmarks/bench_ensemble.py [SCENARIO] [--draws 10000 100000] [--threads 1 2] [--loop 200]

Each (draws, threads) case runs in a fresh process, so its peak RSS is its own. "Model time" is the time of
``simulate_ensemble`` with N draws minus the time with one draw (same process, region already loaded): the
cost of the draws themselves (sampling, building inputs per chunk, the model, keeping the arrays), not of
loading files or the fixed set-up. Writing the tables (percentiles) is timed apart. The one-at-a-time loop
builds inputs and runs the model for each draw (``n_draws=1``), which is what a plain Python loop would do.

Prints a table; asserts nothing. ``--stages`` adds, per case, the seconds of each stage of the N-draw run
(sampling, building inputs, the model, result buffers, storing with its checks, targets, statistics), summed over
threads.
RSS is in MiB (``ru_maxrss`` / 1024). Each case tunes malloc first, as ``regsim run --draws N`` does
(:func:`simulator.memory.reuse_freed_memory`). Goals (issue 6 §5): 100,000 draws in <= 0.5 s of model time on 2 cores
(>= 200,000 draws/s), peak RSS <= 1 GB, >= 20x the one-draw-at-a-time loop.
Falls back to the synthetic test region (tests/synthetic.py) when the Kostanai scenario is not there.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PLAN = REPO / "scenarios" / "kostanai" / "plan.yaml"


def _scenario_and_region(path: str | None):
    """(scenario, region, label); the synthetic region with an uncertain plant if ``path`` is None."""
    from simulator.region import load_region
    from simulator.scenario import load_scenario

    if path is not None:
        loaded = load_scenario(path)
        return loaded, load_region(loaded.scenario.region), path
    sys.path.insert(0, str(REPO / "tests"))
    from test_ensemble import SCENARIO, synthetic_region  # an uncertain plant on the synthetic region

    return SCENARIO, synthetic_region(), "tests/synthetic.py region, tests/test_ensemble.py scenario"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux reports KiB


STAGES = {
    "sampling": ("simulator.uncertainty.sampling", "Sampler", "unit", "values"),  # points; inverse CDFs
    "inputs": ("simulator.uncertainty.ensemble", None, "build_inputs"),
    "model": ("simulator.uncertainty.ensemble", None, "simulate_arrays"),
    "buffers": ("simulator.uncertainty.ensemble", "EnsembleStore", "__init__"),
    "storing": ("simulator.uncertainty.ensemble", None, "stored_arrays"),  # checked, rounded
    "targets": ("simulator.uncertainty.ensemble", None, "assemble_results"),
    "statistics": ("simulator.uncertainty.ensemble", None, "_total_statistics", "_detail_statistics"),
}


def _time_stages() -> dict[str, float]:
    """Wrap the ensemble's stages (see STAGES) to add up their seconds, summed over threads."""
    import importlib
    import threading

    seconds = dict.fromkeys(STAGES, 0.0)
    lock = threading.Lock()

    def timed(function, stage):
        def wrapped(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                with lock:
                    seconds[stage] += time.perf_counter() - start

        return wrapped

    for stage, (module_name, owner_name, *attrs) in STAGES.items():
        module = importlib.import_module(module_name)
        owner = getattr(module, owner_name) if owner_name else module
        for attr in attrs:
            setattr(owner, attr, timed(getattr(owner, attr), stage))
    return seconds


def child(path: str | None, draws: int, threads: int, stages: bool = False) -> dict:
    from simulator.memory import reuse_freed_memory
    from simulator.tables import long_csv, targets_csv
    from simulator.uncertainty import simulate_ensemble

    reuse_freed_memory()  # what `regsim run --draws N` does at start-up (the library call no longer does it)
    scenario, region, _ = _scenario_and_region(path)
    simulate_ensemble(scenario, 1, seed=1, region=region, threads=threads, progress=None)  # warm up
    seconds = _time_stages() if stages else {}
    rss_before = _peak_rss_mb()
    start = time.perf_counter()
    simulate_ensemble(scenario, 1, seed=1, region=region, threads=threads, progress=None)
    one = time.perf_counter() - start
    seconds.update(dict.fromkeys(seconds, 0.0))  # stages of the N-draw run only
    start = time.perf_counter()
    results = simulate_ensemble(scenario, draws, seed=1, region=region, threads=threads, progress=None)
    many = time.perf_counter() - start
    rss_run = _peak_rss_mb()
    start = time.perf_counter()
    long_csv([results])
    targets_csv(results)
    tables = time.perf_counter() - start
    return {
        "one": one,
        "many": many,
        "tables": tables,
        "rss_before": rss_before,
        "rss_run": rss_run,
        "rss_tables": _peak_rss_mb(),
        "leaves": len(results.provenance["uncertain_leaves"]),
        "stages": dict(seconds),
    }


def loop(path: str | None, draws: int) -> float:
    """Draws per second of the model driven one draw at a time."""
    import numpy as np

    from simulator.model.inputs import build_inputs
    from simulator.model.simulate import simulate_arrays
    from simulator.uncertainty import draw_samples

    scenario, region, _ = _scenario_and_region(path)
    scenario = getattr(scenario, "scenario", scenario)
    samples = draw_samples(build_inputs(scenario, region).distributions, draws, seed=1)
    simulate_arrays(build_inputs(scenario, region))
    start = time.perf_counter()
    for i in range(draws):
        one = {a: np.asarray(v[i : i + 1]) for a, v in samples.items()}
        simulate_arrays(build_inputs(scenario, region, samples=one, n_draws=1))
    return draws / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", nargs="?", default=None, help="scenario YAML (default: Kostanai plan)")
    parser.add_argument("--draws", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--loop", type=int, default=200, help="draws timed in the one-at-a-time loop")
    parser.add_argument(
        "--stages",
        action="store_true",
        help="also print seconds by stage (sampling, inputs, model, ...), summed over threads",
    )
    parser.add_argument("--child", nargs=3, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    path = args.scenario or (str(PLAN) if PLAN.exists() else None)
    if args.child:
        print(json.dumps(child(path, *args.child)))
        return 0
    label = _scenario_and_region(path)[2]
    if path is None:
        print("Kostanai plan.yaml not found: benchmarking the synthetic test region instead.")
    loop_rate = loop(path, args.loop)
    print(f"scenario: {label}")
    print(
        f"{'draws':>9} {'threads':>7} {'model s':>8} {'draws/s':>9} {'x loop':>7} {'tables s':>8} "
        f"{'RSS MiB':>7} {'before':>8} {'+tables':>8}"
    )
    print("  (peak RSS after the run, before it with the region loaded, after writing the tables as well)")
    for n in args.draws:
        for t in args.threads:
            child_args = ["--child", str(n), str(t), str(int(args.stages))]
            cmd = [sys.executable, __file__, *([path] if path else []), *child_args]
            out = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
            model = out["many"] - out["one"]
            rate = n / model
            print(
                f"{n:>9,} {t:>7} {model:>8.2f} {rate:>9,.0f} {rate / loop_rate:>7.0f} {out['tables']:>8.2f} "
                f"{out['rss_run']:>7.0f} {out['rss_before']:>8.0f} {out['rss_tables']:>8.0f}"
            )
            if args.stages:  # seconds summed over threads, for the N-draw run only
                print("          " + ", ".join(f"{k} {v:.2f}" for k, v in out["stages"].items()))
    print(f"one draw at a time: {loop_rate:,.0f} draws/s ({args.loop} draws, build_inputs + simulate_arrays each)")
    print(
        f"uncertain leaves: {out['leaves']}; goals on 2 cores: 100,000 draws <= 0.5 s model time "
        "(>= 200,000 draws/s), peak RSS <= 1 GB, >= 20x the loop"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
