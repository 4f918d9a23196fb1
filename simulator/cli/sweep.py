"""``regsim sweep SPEC.yaml [--scheduler ADDRESS] [--workers N] [--out DIR] [--resume]``: many ensembles (scenarios
× regions × parameter points) as tasks on dask.distributed, with a Zarr store of every draw and summary tables
and figures (docs/sweep.md). Needs the optional extra: ``pip install -e '.[cluster]'``."""

from __future__ import annotations

import contextlib
import logging
import signal
import sys
from multiprocessing import resource_tracker
from pathlib import Path

from ..errors import InputError, Problem
from .options import folder

EXTRA = "regsim sweep needs the cluster extra: pip install -e '.[cluster]' (dask.distributed and zarr)"


def add_arguments(parser) -> None:
    parser.add_argument("spec", type=Path, metavar="SPEC.yaml", help="sweep file (docs/sweep.md)")
    parser.add_argument(
        "--scheduler", default=None, metavar="ADDRESS", help="a running dask scheduler, e.g. tcp://10.0.0.5:8786 "
        "(default: a LocalCluster on this machine)"
    )  # fmt: skip
    parser.add_argument(
        "--workers", type=int, default=None, help="LocalCluster worker processes (default: one per core)"
    )
    parser.add_argument("--out", type=folder, default=None, help="output folder (default: runs/sweep-<sweep file>)")
    parser.add_argument("--resume", action="store_true", help="continue the sweep in --out, skipping finished blocks")
    parser.add_argument("--check", action="store_true", help="validate the sweep file and list its ensembles only")
    parser.add_argument("--quiet", action="store_true", help="print only the output folder")


@contextlib.contextmanager
def _interrupts_held():
    """SIGINT held back while a cluster starts: blocked (kept pending, not lost) in this thread, and so in the
    threads and worker processes started meanwhile, which inherit the mask (for good: a worker restarted later
    is started by a thread started meanwhile). A Ctrl-C at the terminal goes to the
    whole process group: the workers, whose SIGINT stays blocked, no longer die printing tracebacks (they are
    stopped by the cluster's close), and this process receives a Ctrl-C pressed during start-up once the cluster
    is up, to close it cleanly rather than half-started. A no-op where signal masks do not exist (Windows)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    # multiprocessing's resource tracker, started with the first worker process, unblocks SIGINT in the thread
    # that starts it (the cluster's event loop, which starts every worker): started here first, it cannot
    resource_tracker.ensure_running()
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)  # a Ctrl-C held meanwhile is raised here


def run(args) -> int:
    from ..summary import printable  # lazy: start-up speed
    from ..sweep.spec import load_plan  # lazy: start-up speed (pydantic, scipy)

    plan = load_plan(args.spec)  # every input problem surfaces here, before anything runs or is written
    failed_early = sum(1 for e in plan.ensembles if e.error)
    if args.check or not args.quiet:
        print(
            f"{printable(plan.spec.name)}: {len(plan.ensembles)} ensembles x {plan.spec.draws:,} draws, "
            f"blocks of {plan.block:,}, seed {plan.spec.seed}"
            + (f"; {failed_early} cannot be built (listed in ensembles.csv)" if failed_early else "")
        )
    if args.check:
        for e in plan.ensembles:
            print(
                f"  {e.index}: {printable(e.label)} seed {e.seed}"
                + (f" FAILS: {printable(e.error)}" if e.error else "")
            )
        if failed_early:
            print(f"error: {failed_early} of {len(plan.ensembles)} ensembles cannot be built:", file=sys.stderr)
            for e in plan.ensembles:
                if e.error:
                    print(f"error: {e.index}: {printable(e.label)}: {printable(e.error)}", file=sys.stderr)
            return 2
        return 0
    if failed_early == len(plan.ensembles):  # nothing would run: say why before a cluster starts or a file is written
        reasons = [Problem("", None, None, "", f"{e.label}: {e.error}") for e in plan.ensembles]
        raise InputError([*reasons, Problem("", None, None, "", "no ensemble of the sweep can be built")])
    if args.workers is not None and args.workers < 1:
        raise InputError("--workers must be at least 1")
    try:
        from ..sweep.cluster import (
            connect,
            dashboard_link,
            run_tasks,
        )  # lazy: dask is an optional extra, loaded by sweep only
        from ..sweep.output import discard_folder, prepare_folder, summarise_sweep, write_summary  # lazy: as above
        from ..sweep.store import STORE_NAME, SweepStore  # lazy: as above
    except ImportError as exc:
        if exc.name and exc.name.split(".")[0] in ("dask", "distributed", "zarr"):
            raise InputError(EXTRA) from None
        raise
    from ..output import check_destination  # lazy: start-up speed
    from ..uncertainty.progress import TerminalProgress  # lazy: start-up speed

    out = args.out if args.out is not None else Path("runs") / f"sweep-{args.spec.stem}"
    check_destination(out)  # a folder of the user's is refused before a cluster starts
    store = None
    try:
        with contextlib.ExitStack() as stack:
            with _interrupts_held():  # an unreachable scheduler: before anything is written
                # the cluster's logs silenced: closed mid-task (Ctrl-C) its parts log errors and tracebacks about
                # each other's closed connections; a task that fails is reported with its ensemble, a lost worker's
                # tasks are re-run
                client = stack.enter_context(connect(args.scheduler, args.workers, silence_logs=logging.CRITICAL + 10))
            destination = prepare_folder(out, args.resume)
            store = SweepStore(destination / STORE_NAME, plan, resume=args.resume)
            if not args.quiet:
                workers = len(client.scheduler_info().get("workers", {}))
                dashboard = dashboard_link(client)
                print(
                    f"cluster: {client.scheduler.address} ({workers} workers)"
                    + (f"; dashboard: {dashboard}" if dashboard else "")
                )
            bar = TerminalProgress(label="draws")
            try:
                outcome = run_tasks(plan, store, client, progress=bar)
            finally:
                bar.close()
        summaries = summarise_sweep(plan, store, outcome)  # the blocks are all kept: --resume only summarises
    except KeyboardInterrupt as exc:
        if type(exc) is not KeyboardInterrupt:  # SIGTERM's Terminated: the CLI's own message and exit code
            raise
        if store is None:
            print("interrupted before the sweep started: nothing computed", file=sys.stderr)
        else:
            kept = sum(int(store.done(e.index).sum()) for e in plan.ensembles if not e.error)
            print(f"interrupted: {kept} blocks kept; run again with --resume to continue", file=sys.stderr)
        return 130
    failed = [s for s in summaries if s.error]
    for s in failed:
        print(f"error: {printable(s.ensemble.label)}: {printable(s.error)}", file=sys.stderr)
    if len(failed) == len(summaries):
        discard_folder(destination)
        print(f"error: every one of the {len(summaries)} ensembles failed; nothing is written", file=sys.stderr)
        return 2
    write_summary(destination, summaries)
    if args.quiet:
        print(printable(destination))
    else:
        if outcome.resumed:
            print(f"resumed: {outcome.resumed} blocks were already done")
        print(f"written: {printable(destination)} ({len(summaries) - len(failed)} ensembles)")
    if failed:
        print(f"error: {len(failed)} of {len(summaries)} ensembles failed; the others are written", file=sys.stderr)
        return 2
    return 0
