"""`regsim validate FILE...`: check scenario files; report every problem with file, line and key."""

from __future__ import annotations

import sys

from ..errors import InputError


def add_arguments(parser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="scenario YAML files (extends are followed)")


def run(args) -> int:
    """0 when every file is valid, 2 otherwise; problems go to stderr as ``error: file:line:col: key: msg``.
    Each line is escaped (:func:`simulator.summary.printable`), so one file gives exactly one ``ok:`` line or
    its ``error:`` lines, whatever its name holds (a newline, ESC)."""
    from ..scenario import load_scenario  # lazy: start-up speed
    from ..summary import printable  # lazy: start-up speed

    status = 0
    for file in args.files:
        try:
            loaded = load_scenario(file)
        except InputError as exc:
            status = 2
            for problem in exc.problems:
                print(f"error: {printable(problem)}", file=sys.stderr)  # a file name cannot forge a line
            continue
        s = loaded.scenario
        print(f"ok: {printable(file)} ({_count(len(s.projects), 'project')}, {_count(len(s.targets), 'target')})")
    return status


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
