"""Command-line interface ``regsim``: glue only; each subcommand lives in its own module.

Exit codes: 0 success, 2 bad input (the message names file, line and key; no traceback), 1 a bug.

Every command module is imported when regsim starts (the parser lists them all), so each imports its heavy
work (matplotlib, scipy, the scenario schema, the model) inside ``run``, on lines marked ``# lazy:``
(docs/architecture.md).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import signal
import sys
import threading

from .. import __version__
from ..errors import InputError
from .terminal import write_names_as_bytes

#: subcommand -> module in this package that defines ``add_arguments(parser)`` and ``run(args) -> int``
COMMANDS = {
    "run": "Project a scenario: GRP, budget revenue, wages and jobs by year, with plots.",
    "compare": "Run several scenarios and compare them side by side.",
    "validate": "Check scenario files; report every problem with file, line and key.",
    "multipliers": "Print a region's input-output multiplier table (Type I and II).",
    "sensitivity": "Tornado and Sobol sensitivity of an output to the uncertain inputs.",
    "solve": "Find the value of one parameter that reaches a target by its year.",
    "schema": "Print the JSON Schema of scenario files.",
    "backtest": "Score the baseline trends against what was published later, beside naive forecasts.",
    "regions": "List the shipped regions: code, name, years each figure covers, accepted base years.",
    "sweep": "Run many ensembles (scenarios x regions x parameter points) on a dask cluster (optional extra).",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="regsim",
        description="Regional economic scenario simulator: what investment projects do to a region's GRP, "
        "budget revenue, wages and jobs, year by year.",
    )
    parser.add_argument("--version", action="version", version=f"regsim {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        module = importlib.import_module(f".{name}", __name__)
        p = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(p)
        p.set_defaults(_module=module)
    return parser


class Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, a job scheduler's time limit), raised in the main thread like Ctrl-C's
    KeyboardInterrupt so that the same clean-up runs: an output folder being written is removed."""


def _raise_terminated(signum, frame):
    raise Terminated


@contextlib.contextmanager
def _sigterm_raises():
    """While the CLI runs: SIGTERM raises :class:`Terminated` (only the main thread may set handlers; elsewhere,
    e.g. ``main`` called from a worker thread, nothing changes). The previous handler is restored after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: list[str] | None = None) -> int:
    write_names_as_bytes()  # file names reach the terminal as their bytes; what it cannot show, as escapes
    try:  # Ctrl-C while the commands are imported and the options parsed: no traceback either
        parser = build_parser()
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    if args.command is None:
        parser.print_help()
        return 2
    # the command line draws into files only: matplotlib's file backend unless the user chose one (a choice of
    # this program, made before matplotlib loads; the library itself never switches the caller's backend). Set
    # for the command only: main() called in a process (tests, a notebook) leaves its environment as it was, so
    # kernels or subprocesses started later do not inherit a backend they did not ask for
    chosen = "MPLBACKEND" in os.environ
    os.environ.setdefault("MPLBACKEND", "Agg")
    try:
        with _sigterm_raises():
            return int(args._module.run(args))
    except InputError as exc:
        from ..summary import printable  # lazy: start-up speed (numpy); only when there is an error to print

        for problem in exc.problems:  # escaped: a file name with a newline or ESC cannot forge or recolour lines
            print(f"error: {printable(problem)}", file=sys.stderr)
        return 2
    except MemoryError:  # the memory check is an estimate: an allocation that fails anyway is still no bug
        print(
            "error: out of memory; use fewer --draws (or fewer projects), or raise the memory limit",
            file=sys.stderr,
        )
        return 2
    except Terminated:
        print("terminated", file=sys.stderr)
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `regsim multipliers --format csv | head`: the reader stopped early
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so that Python's exit-time flush does not fail again
        return 0
    finally:
        if not chosen:
            os.environ.pop("MPLBACKEND", None)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
