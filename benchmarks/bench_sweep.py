"""Benchmark: ``regsim sweep`` of the Kostanai plan's projects moved to each of the 20 regions, 10,000 draws each
(sweeps/kostanai_plan_all_regions.yaml), on a LocalCluster of 1 and of 2 worker processes.

    python benchmarks/bench_sweep.py [SWEEP.yaml] [--workers 1 2] [--draws 10000] [--check 1]

For each worker count: a fresh LocalCluster as ``regsim sweep`` starts it (its start-up timed apart), then the
tasks (every block of draws, written into a fresh Zarr store by the client as they arrive) and the summary
(each ensemble's statistics and targets from the store, the tables and figures), with the CPU seconds the
worker processes and the client spent on the tasks (which other work on the machine inflates less than wall
time). Also the same ensembles run one by one in this process with ``simulate(..., threads=1)`` (the serial
reference: the model's work alone, no store). ``--check K`` compares the first K ensembles of the last sweep
with their serial runs, bit for bit. Prints a table with the load average and the store's size; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dask.distributed import Client  # noqa: E402

from simulator.api import simulate  # noqa: E402
from simulator.sweep.cluster import local_cluster, run_tasks  # noqa: E402
from simulator.sweep.output import prepare_folder, summarise_sweep, write_summary  # noqa: E402
from simulator.sweep.spec import load_plan  # noqa: E402
from simulator.sweep.store import STORE_NAME, SweepStore  # noqa: E402

SWEEP = REPO / "sweeps" / "kostanai_plan_all_regions.yaml"


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _sweep(plan, workers: int, out: Path) -> dict:
    times = {}
    started = time.perf_counter()
    with local_cluster(workers, dashboard_address=":0") as cluster, Client(cluster) as client:
        times["cluster start"] = time.perf_counter() - started
        folder = prepare_folder(out, resume=False)
        store = SweepStore(folder / STORE_NAME, plan)
        before = client.run(time.process_time)
        t, cpu = time.perf_counter(), time.process_time()
        outcome = run_tasks(plan, store, client)
        times["tasks"] = time.perf_counter() - t
        times["client cpu"] = time.process_time() - cpu
        after = client.run(time.process_time)
        times["worker cpu"] = sum(after[w] - before[w] for w in before if w in after)
    t = time.perf_counter()
    summaries = summarise_sweep(plan, store, outcome)
    write_summary(folder, summaries)
    times["summary"] = time.perf_counter() - t
    times["total"] = time.perf_counter() - started
    times["errors"] = len(outcome.errors)
    times["store"] = store
    times["store MB"] = sum(f.stat().st_size for f in (folder / STORE_NAME).rglob("*") if f.is_file()) / 1e6
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sweep", nargs="?", default=str(SWEEP))
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--draws", type=int, default=None, help="override the sweep file's draws")
    parser.add_argument("--serial", type=int, default=1, help="run the serial reference (1) or not (0)")
    parser.add_argument("--check", type=int, default=1, help="ensembles compared bit for bit with serial runs")
    args = parser.parse_args(argv)

    plan = load_plan(args.sweep)
    if args.draws:
        text = Path(args.sweep).read_text(encoding="utf-8").replace(f"draws: {plan.spec.draws}", f"draws: {args.draws}")
        copy = Path(args.sweep).with_name(f".bench-{os.getpid()}.yaml")
        copy.write_text(text, encoding="utf-8")
        try:
            plan = load_plan(copy)
        finally:
            copy.unlink()
    n, draws = len(plan.ensembles), plan.spec.draws
    print(f"{plan.spec.name}: {n} ensembles x {draws:,} draws = {n * draws:,} draws, blocks of {plan.block:,}")
    print(f"machine: {os.cpu_count()} cores, shared; load average before: {_load()}")
    rows = []
    tmp = Path(tempfile.mkdtemp(prefix="bench-sweep-"))
    try:
        if args.serial:
            t, cpu = time.perf_counter(), time.process_time()
            for e in plan.ensembles:
                simulate(e.scenario, draws=e.draws, seed=e.seed, progress=None, threads=1)
            rows.append(("serial, in process", "-", time.perf_counter() - t, time.process_time() - cpu, _load()))
        result = None
        for workers in args.workers:
            result = _sweep(plan, workers, tmp / f"w{workers}")
            rows.append(
                (
                    f"sweep, {workers} worker{'s' if workers > 1 else ''}",
                    f"{result['cluster start']:.1f}",
                    result["tasks"] + result["summary"],
                    None,
                    _load(),
                    result,
                )
            )
        print()
        print(
            f"{'run':<22} {'cluster start s':>15} {'tasks s':>8} {'summary s':>9} {'wall s':>7} {'draws/s':>8} "
            f"{'worker cpu s':>12} {'client cpu s':>12}  load after"
        )
        for row in rows:
            label, start, wall, cpu, load = row[:5]
            if len(row) > 5:
                r = row[5]
                print(
                    f"{label:<22} {start:>15} {r['tasks']:>8.1f} {r['summary']:>9.1f} {wall:>7.1f} "
                    f"{n * draws / r['tasks']:>8,.0f} {r['worker cpu']:>12.1f} {r['client cpu']:>12.1f}  {load}"
                    + (f"  ({r['errors']} failed)" if r["errors"] else "")
                )
            else:
                rate = n * draws / wall
                blank = ""
                print(
                    f"{label:<22} {start:>15} {blank:>8} {blank:>9} {wall:>7.1f} {rate:>8,.0f} {cpu:>12.1f} "
                    f"{blank:>12}  {load}"
                )
        by_workers = {w: r[5] for w, r in zip(args.workers, [r for r in rows if len(r) > 5], strict=True)}
        if 1 in by_workers and 2 in by_workers:
            speedup = by_workers[1]["tasks"] / by_workers[2]["tasks"]
            print(f"\nwall time of the tasks, 1 worker / 2 workers: {speedup:.2f}")
        if result is not None:
            size = result["store MB"]
            print(f"store: {size:,.0f} MB ({size / (n * draws / 1000):.2f} MB per 1,000 draws)")
        if args.check and result is not None:
            store = result["store"]
            for e in plan.ensembles[: args.check]:
                serial = simulate(e.scenario, draws=e.draws, seed=e.seed, progress=None)
                stored = store.all_totals(e.index)
                same = all(
                    np.broadcast_to(serial.arrays[k], stored[k].shape).tobytes()
                    == np.ascontiguousarray(stored[k]).tobytes()
                    for k in stored
                )
                print(f"ensemble {e.index} ({e.region}) equals its serial run bit for bit: {same}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
