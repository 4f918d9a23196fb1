"""Benchmark: every row of issue 17's table in one run, min and median of ``--runs`` runs (default 3).

    python benchmarks/bench_goals.py [SCENARIO] [--runs 3] [--draws 100000] [--loop 200] [--quick]

Rows (goal in brackets):

* model of a deterministic run: ``simulate_arrays`` on built inputs, the fastest of 50 calls per run (<= 2 ms);
* ``regsim run SCENARIO`` (1 draw, plots, report): wall time of a fresh process (<= 1.5 s);
* N-draw model time: ``simulate_ensemble`` with N draws minus with 1 draw, 2 threads, in a fresh process that
  has loaded the region (``benchmarks/bench_ensemble.py``'s measure) (<= 0.8 s at 100,000);
* ``regsim run --draws N`` minus ``--draws 1``: wall times of fresh processes (<= +1.5 s);
* beside the wall times, the CPU seconds of the same runs (user + system, all threads): on a shared machine
  they vary less than wall time, so they are the better measure of a change (wall time is the goal's);
* peak RSS of ``regsim run --draws N`` at 13 years (<= 600 MiB), at 3 N draws and at N draws × 33 years
  (the scenario extended to 33 years by a temporary file that ``extends`` it) (<= 1 GB = 1024 MiB);
* speed-up of the N-draw model time over a one-draw-at-a-time loop (``build_inputs`` + ``simulate_arrays`` per
  draw) (>= 300×).

A ``regsim run`` is timed as a child process that calls ``simulator.cli.main`` (the same as the ``regsim``
entry point) and reports its own peak RSS (``ru_maxrss``). Prints a table; asserts nothing (design.md §6:
speed is measured by a benchmark, not by timed tests). ``--quick``: one run, 10,000 draws, no 3 N case.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PLAN = REPO / "scenarios" / "kostanai" / "plan.yaml"
ENSEMBLE = Path(__file__).resolve().parent / "bench_ensemble.py"
sys.path.insert(0, str(REPO))  # the checkout's simulator package, run from anywhere (children too)
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}

#: a child that runs the CLI in-process and prints its CPU seconds, those of the copies it forked (which draw
#: figures) included, and its peak RSS in MiB (Linux reports ru_maxrss in KiB)
CLI_CHILD = (
    "import resource, sys\n"
    "from simulator.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "use = resource.getrusage(resource.RUSAGE_SELF)\n"
    "forked = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(use.ru_utime + use.ru_stime + forked.ru_utime + forked.ru_stime, use.ru_maxrss / 1024.0)\n"
    "sys.exit(code)\n"
)


def cli_run(scenario: str, draws: int, tmp: str) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS MiB) of ``regsim run scenario --draws draws`` in a fresh process."""
    out = tempfile.mkdtemp(dir=tmp)
    argv = ["run", scenario, "--out", f"{out}/run", "--quiet", "--seed", "1", "--draws", str(draws)]
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CLI_CHILD, *argv], check=True, capture_output=True, text=True, cwd=REPO, env=ENV
    )
    wall = time.perf_counter() - start
    cpu, rss = (float(x) for x in done.stdout.strip().splitlines()[-1].split())
    return wall, cpu, rss


def model_time() -> float:
    """Seconds of the fastest of 50 ``simulate_arrays`` calls on the scenario's built inputs."""
    from simulator.model.inputs import build_inputs
    from simulator.model.simulate import simulate_arrays
    from simulator.region import load_region
    from simulator.scenario import load_scenario

    scenario = load_scenario(PLAN_PATH).scenario
    inputs = build_inputs(scenario, load_region(scenario.region))
    simulate_arrays(inputs)
    samples = []
    for _ in range(50):
        start = time.perf_counter()
        simulate_arrays(inputs)
        samples.append(time.perf_counter() - start)
    return min(samples)


def ensemble_child(scenario: str, draws: int) -> dict:
    """In a fresh process (``--ensemble-child``): wall and CPU seconds of ``simulate_ensemble`` with ``draws``
    draws minus with one draw, 2 threads, malloc tuned as ``regsim run --draws`` does (bench_ensemble.py's
    measure, with the process's CPU time beside the wall time)."""
    from simulator.memory import reuse_freed_memory
    from simulator.region import load_region
    from simulator.scenario import load_scenario
    from simulator.uncertainty import simulate_ensemble

    reuse_freed_memory()
    loaded = load_scenario(scenario)
    region = load_region(loaded.scenario.region)
    simulate_ensemble(loaded, 1, seed=1, region=region, threads=2, progress=None)  # warm up
    times = []
    for n in (1, draws):
        wall, cpu = time.perf_counter(), time.process_time()
        simulate_ensemble(loaded, n, seed=1, region=region, threads=2, progress=None)
        times.append((time.perf_counter() - wall, time.process_time() - cpu))
    return {"wall": times[1][0] - times[0][0], "cpu": times[1][1] - times[0][1]}


def ensemble_time(scenario: str, draws: int) -> dict:
    """:func:`ensemble_child` in a fresh process."""
    cmd = [sys.executable, __file__, scenario, "--ensemble-child", str(draws)]
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=REPO, env=ENV).stdout)


def loop_rate(scenario: str, draws: int) -> float:
    """Draws per second of the one-draw-at-a-time loop (bench_ensemble.py's)."""
    sys.path.insert(0, str(ENSEMBLE.parent))
    from bench_ensemble import loop

    return loop(scenario, draws)


def long_horizon(scenario: str, tmp: str, years: int) -> str:
    """A scenario file that extends ``scenario`` to ``years`` model years (base year included)."""
    from simulator.scenario import load_scenario

    loaded = load_scenario(scenario).scenario
    end = int(loaded.base_year) + years - 1
    path = Path(tmp) / f"horizon_{years}.yaml"
    path.write_text(
        f"name: {json.dumps(f'{loaded.name} ({years} years)')}\nextends: {json.dumps(str(Path(scenario).resolve()))}\n"
        f"horizon: {{start: {int(loaded.base_year) + 1}, end: {end}}}\n"
    )
    return str(path)


def stats(values: list[float]) -> tuple[float, float]:
    return min(values), statistics.median(values)


PLAN_PATH = str(PLAN)


def main() -> int:
    global PLAN_PATH
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", nargs="?", default=str(PLAN))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--draws", type=int, default=100_000)
    parser.add_argument("--loop", type=int, default=200, help="draws timed in the one-at-a-time loop")
    parser.add_argument("--quick", action="store_true", help="one run, 10,000 draws, no 3 N case")
    parser.add_argument("--ensemble-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.ensemble_child:
        print(json.dumps(ensemble_child(args.scenario, args.ensemble_child)))
        return 0
    if args.quick:
        args.runs, args.draws = 1, 10_000
    PLAN_PATH = args.scenario
    n = args.draws
    rows: dict[str, list[float]] = {}

    def add(key: str, value: float) -> None:
        rows.setdefault(key, []).append(value)

    with tempfile.TemporaryDirectory() as tmp:
        long = long_horizon(args.scenario, tmp, 33)
        for _ in range(args.runs):
            add("model1", model_time() * 1e3)
            one_wall, one_cpu, _ = cli_run(args.scenario, 1, tmp)
            many_wall, many_cpu, many_rss = cli_run(args.scenario, n, tmp)
            add("cli1", one_wall)
            add("cli1 cpu", one_cpu)
            add("cliN", many_wall - one_wall)
            add("cliN cpu", many_cpu - one_cpu)
            add("rssN", many_rss)
            model = ensemble_time(args.scenario, n)
            add("modelN", model["wall"])
            add("modelN cpu", model["cpu"])
            add("speedup", n / model["wall"] / loop_rate(args.scenario, args.loop))
            if not args.quick:
                add("rss3N", cli_run(args.scenario, 3 * n, tmp)[2])
            add("rss33", cli_run(long, n, tmp)[2])

    labels = [
        ("model1", "model of a deterministic run (simulate_arrays), ms", "<= 2 ms"),
        ("cli1", "regsim run (1 draw, plots, report), s wall", "<= 1.5 s"),
        ("cli1 cpu", "  the same, CPU s (user + system)", ""),
        ("modelN", f"{n:,} draws, model time (2 threads), s", "<= 0.8 s"),
        ("modelN cpu", "  the same, CPU s of both threads", ""),
        ("cliN", f"regsim run --draws {n:,} minus --draws 1, s", "<= +1.5 s"),
        ("cliN cpu", "  the same, CPU s", ""),
        ("rssN", f"peak RSS, {n:,} draws x 13 years, MiB", "<= 600 MiB"),
        ("rss3N", f"peak RSS, {3 * n:,} draws, MiB", "<= 1024 MiB"),
        ("rss33", f"peak RSS, {n:,} draws x 33 years, MiB", "<= 1024 MiB"),
        ("speedup", "speed-up over a one-draw-at-a-time loop, x", ">= 300x"),
    ]
    print(f"scenario: {args.scenario}; {args.runs} run(s) each")
    print(f"{'what':<52}{'min':>10}{'median':>10}  goal")
    for key, label, goal in labels:
        if key in rows:
            low, mid = stats(rows[key])
            print(f"{label:<52}{low:>10.2f}{mid:>10.2f}  {goal}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
