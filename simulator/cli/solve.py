"""``regsim solve SCENARIO --target ID --vary LEAF [--bounds LO HI]``: the value of one scenario leaf at which a
target is just reached in its year (others at central values), or a clear statement that none within the
bounds does."""

from __future__ import annotations

from pathlib import Path


def add_arguments(parser) -> None:
    parser.add_argument("scenario", type=Path, help="scenario YAML file")
    parser.add_argument("--target", required=True, help="target id (as in the scenario's targets)")
    parser.add_argument(
        "--vary",
        required=True,
        metavar="LEAF",
        help="address of a numeric leaf, e.g. projects.kia.production.unit_price.value or parameters.flq_delta",
    )
    parser.add_argument(
        "--bounds",
        nargs=2,
        type=float,
        metavar=("LO", "HI"),
        default=None,
        help="range searched (default: the leaf's distribution's support; required for a plain number)",
    )


def run(args) -> int:
    from ..api import located_in  # lazy: start-up speed
    from ..scenario import load_scenario  # lazy: start-up speed
    from ..uncertainty.solve import solve  # lazy: start-up speed

    loaded = load_scenario(args.scenario)
    with located_in(loaded):  # the model's checks name file and line of the inputs they blame
        solution = solve(loaded, args.target, args.vary, tuple(args.bounds) if args.bounds else None)
    print(solution.statement())
    entry = args.vary.rsplit(".", 1)[-1]
    if entry.isdigit():  # a year-keyed path: say how the value reaches the target year
        print(
            f"note: {args.vary} is the {entry} entry of a year-keyed path; later years take it until the path's "
            "next entry (factor paths interpolate between entries)"
        )
    return 0
