"""`regsim validate FILE... [--run]`: check scenario files; report every problem with file, line and key."""

from __future__ import annotations

import sys

from ..errors import InputError


def add_arguments(parser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="scenario YAML files (extends are followed)")
    parser.add_argument(
        "--run",
        action="store_true",
        help="also run each valid file once, deterministically (every input at its central value; nothing is "
        "written), so that the checks a run makes on its results (finite, meaningful, projects to the region's "
        "scale) refuse it here too; without it, validate checks the files, their schema and the input bounds",
    )


def run(args) -> int:
    """0 when every file is valid, 2 otherwise; problems go to stderr as ``error: file:line:col: key: msg``.
    Each line is escaped (:func:`simulator.summary.printable`), so one file gives exactly one ``ok:`` line or
    its ``error:`` lines, whatever its name holds (a newline, ESC). With ``--run`` a valid file is also run once
    (:func:`simulator.api.simulate`, one draw: neither matplotlib nor scipy is loaded) and is ok only if the
    run's own checks pass."""
    from ..scenario import load_scenario  # lazy: start-up speed
    from ..summary import printable  # lazy: start-up speed

    if args.run:
        from ..api import simulate  # lazy: start-up speed (the model; only with --run)
    status = 0
    for file in args.files:
        try:
            loaded = load_scenario(file)
            if args.run:
                simulate(loaded)
        except InputError as exc:
            status = 2
            for problem in exc.problems:  # escaped: a file name cannot forge a line
                where = "" if problem.file else f"{printable(file)}: "  # the run's checks name no file of their own
                print(f"error: {where}{printable(problem)}", file=sys.stderr)
            continue
        s = loaded.scenario
        ran = "; ran deterministically" if args.run else ""
        print(f"ok: {printable(file)} ({_count(len(s.projects), 'project')}, {_count(len(s.targets), 'target')}{ran})")
    return status


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
