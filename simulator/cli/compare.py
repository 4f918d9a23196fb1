"""``regsim compare A.yaml B.yaml ... [--out DIR] [--variables ...] [--years ...]``: run several scenarios and
write their comparison (table, target verdicts side by side, plots with shared axes, one IAMC file, report).

Each scenario runs through :func:`simulator.api.simulate` (in :func:`simulator.compare.run_comparison`). With
``--draws`` above 1 the command first tunes glibc's malloc for its own process, as ``regsim run`` does
(:func:`simulator.memory.reuse_freed_memory`).
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from ..errors import InputError
from .options import folder, seed


def add_arguments(parser) -> None:
    parser.add_argument(
        "scenarios",
        type=Path,
        nargs="+",
        metavar="SCENARIO",
        help="scenario YAML files; the first is the reference for differences",
    )
    parser.add_argument("--out", type=folder, default=None, help="output folder (default: runs/compare-<timestamp>/)")
    parser.add_argument(
        "--variables",
        nargs="+",
        default=None,
        metavar="VAR",
        help="variables to compare, by key or IAMC name (default: grp grp_real employment "
        "average_wage budget_revenue_local tax_revenue_collected)",
    )
    parser.add_argument(
        "--years",
        nargs="+",
        type=int,
        default=None,
        metavar="YEAR",
        help="years of the comparison table (default: base year, 2025, target years, last year)",
    )
    parser.add_argument("--draws", type=int, default=1, help="Monte Carlo draws per scenario (1 = deterministic)")
    parser.add_argument("--seed", type=seed, default=None, help="random seed for the draws")
    parser.add_argument("--format", choices=("png", "svg"), default="png", help="image format of the plots")
    parser.add_argument("--quiet", action="store_true", help="print only the output folder")


def run(args) -> int:
    from ..compare import (
        comparison_targets_text,
        comparison_text,
        run_comparison,
        write_comparison,
    )  # lazy: start-up speed
    from ..memory import reuse_freed_memory  # lazy: start-up speed
    from ..output import check_destination, write_atomically  # lazy: start-up speed
    from ..summary import printable  # lazy: start-up speed

    if args.draws < 1:
        raise InputError("--draws must be at least 1")
    out_dir = args.out if args.out is not None else Path("runs") / _dt.datetime.now().strftime("compare-%Y%m%d-%H%M%S")
    check_destination(out_dir)
    if args.draws > 1:
        reuse_freed_memory()  # this process is the CLI's own: tune malloc for the ensembles (see the docstring)
    cmp = run_comparison(args.scenarios, args.variables, args.years, n_draws=args.draws, seed=args.seed)
    write_atomically(out_dir, lambda folder: write_comparison(cmp, folder, args.format))
    if not args.quiet:
        print(comparison_text(cmp))
        targets = comparison_targets_text(cmp)
        if targets:
            print(f"\n{targets}")
    print(f"\nwritten: {printable(out_dir)}")
    return 0
