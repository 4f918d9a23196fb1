"""``regsim run SCENARIO [--out DIR]``: project one scenario and write its folder of tables and plots.

One draw or an ensemble, both through :func:`simulator.api.simulate`. With ``--draws`` above 1 the command
first tunes glibc's malloc for its own process (:func:`simulator.memory.reuse_freed_memory`: freed chunk
temporaries are reused instead of page-faulting fresh memory), and on a machine with two CPUs a forked copy of
the process draws half the figures (:func:`simulator.output.write_run_files`); those are the CLI's choices for
the process it owns, which library calls never make for their caller.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

from ..errors import InputError
from .options import folder, seed

#: processes that draw a run's figures, this one and forked copies (at most the CPUs this process may use):
#: about 60 % of a deterministic run's time is drawing its fourteen figures
FIGURE_PROCESSES = 2


def add_arguments(parser) -> None:
    parser.add_argument("scenario", type=Path, help="scenario YAML file")
    parser.add_argument(
        "--out", type=folder, default=None, help="output folder (default: runs/<scenario>-<timestamp>/)"
    )
    parser.add_argument(
        "--draws",
        type=int,
        default=1,
        help="Monte Carlo draws (default: %(default)s, a deterministic run; about 5 kB of memory each, refused "
        "beyond the memory available: MemAvailable, the cgroup's memory limit, ulimit -v)",
    )
    parser.add_argument(
        "--seed", type=seed, default=None, help="random seed of the draws (default: a fresh one, in provenance.json)"
    )
    parser.add_argument(
        "--format", choices=("png", "svg"), default="png", help="image format of the plots (default: %(default)s)"
    )
    parser.add_argument("--quiet", action="store_true", help="print only the output folder")
    parser.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="run the draws as tasks on this dask cluster (tcp://host:8786), the same results bit for bit; needs "
        "the cluster extra (docs/sweep.md)",
    )
    parser.add_argument(
        "--save-draws",
        action="store_true",
        help="also write every draw of every total to draws.nc (netCDF; about 5 MB per 1,000 draws)",
    )


def default_out_dir(scenario_path: Path) -> Path:
    """runs/<scenario>-<date>-<time>, with the process id when that folder exists (two runs in one second)."""
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = Path("runs") / f"{scenario_path.stem}-{stamp}"
    return folder.with_name(f"{folder.name}-{os.getpid()}") if folder.exists() else folder


def _on_cluster(loaded, args):
    """The ensemble's blocks of draws as tasks on the dask cluster at ``--scheduler`` (simulator.sweep.remote)."""
    if args.draws < 2:
        raise InputError("--scheduler needs --draws 2 or more (a deterministic run is one draw)")
    try:
        from ..sweep.cluster import connect  # lazy: dask is an optional extra, loaded only with --scheduler
        from ..sweep.remote import run_ensemble  # lazy: as above
    except ImportError as exc:
        if exc.name and exc.name.split(".")[0] in ("dask", "distributed", "zarr"):
            raise InputError("--scheduler needs the cluster extra: pip install -e '.[cluster]'") from None
        raise
    from ..uncertainty.progress import TerminalProgress  # lazy: start-up speed

    with connect(args.scheduler) as client:
        bar = TerminalProgress()
        results = run_ensemble(loaded, args.draws, args.seed, client, progress=bar)
        bar.close()
    return results


def figure_processes() -> int:
    """:data:`FIGURE_PROCESSES`, or fewer when this process may use fewer CPUs."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(FIGURE_PROCESSES, cpus))


def run(args) -> int:
    from ..api import simulate  # lazy: start-up speed
    from ..impact_plots import RUN_FIGURES  # lazy: start-up speed
    from ..memory import reuse_freed_memory  # lazy: start-up speed
    from ..output import check_destination, write_atomically, write_run_files  # lazy: start-up speed
    from ..scenario import load_scenario  # lazy: start-up speed
    from ..summary import headline_table, printable, verdict_lines  # lazy: start-up speed

    if args.draws < 1:
        raise InputError("--draws must be at least 1")
    if args.save_draws and args.draws < 2:
        raise InputError("--save-draws needs --draws 2 or more (a deterministic run has one draw: see results.csv)")
    out_dir = args.out if args.out is not None else default_out_dir(args.scenario)
    loaded = load_scenario(args.scenario)  # every input problem surfaces here, before anything is written
    check_destination(out_dir)
    if args.draws > 1:
        reuse_freed_memory()  # this process is the CLI's own: tune malloc for the ensemble (see the docstring)
    if args.scheduler is not None:
        results = _on_cluster(loaded, args)
    else:
        results = simulate(loaded, args.draws, args.seed)

    def write(folder):
        write_run_files(results, folder, RUN_FIGURES, args.format, loaded=loaded, processes=figure_processes())
        if args.save_draws:
            from ..uncertainty import write_draws  # lazy: start-up speed

            write_draws(results, folder / "draws.nc")

    write_atomically(out_dir, write)
    if not args.quiet:
        print(
            f"{printable(results.scenario)} ({results.region_name}), base year {results.base_year}, "
            + ("deterministic" if results.n_draws == 1 else f"{results.n_draws:,} draws")
        )
        print(headline_table(results))
        if results.targets:
            print("\nTargets:")
            for line in verdict_lines(results):
                print(f"  {line}")
        print()
        print(f"written: {printable(out_dir)}")
    else:
        print(printable(out_dir))
    return 0
