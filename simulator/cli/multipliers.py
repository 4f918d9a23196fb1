"""`regsim multipliers`: not built yet."""

from __future__ import annotations

import sys


def add_arguments(parser) -> None:
    parser.add_argument("args", nargs="*", help="(not built yet)")


def run(args) -> int:
    print("regsim multipliers: not built yet", file=sys.stderr)
    return 1
