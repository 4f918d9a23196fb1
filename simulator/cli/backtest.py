"""``regsim backtest [--regions ID ...] [--base-years 2015-2022] [--out DIR]``: how far the baseline trends,
estimated from the data up to each base year, land from what was published later (docs/backtest.md).

Glue only: the numbers come from :func:`simulator.backtest.run_backtest`, the plots from
:mod:`simulator.backtest_plots`. Writes backtest.csv, summary.csv, summary.md and two plots into --out.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from .. import region as region_data
from ..backtest import (
    ALLOWED_BASE_YEARS,
    DEFAULT_BASE_YEARS,
    METHOD_LABELS,
    METHODS,
    MIN_BAND_POINTS,
    SHIPPED,
    VARIABLE_LABELS,
    VARIABLES,
    run_backtest,
)
from ..errors import InputError
from .options import folder

DEFAULT_OUT = Path("backtest_out")


def add_arguments(parser) -> None:
    parser.add_argument(
        "--regions", nargs="+", default=None, metavar="ID", help="region ids, codes or names (default: all shipped)"
    )
    parser.add_argument(
        "--base-years",
        default=f"{DEFAULT_BASE_YEARS[0]}-{DEFAULT_BASE_YEARS[1]}",
        metavar="FIRST-LAST",
        help="base years to project from, a range FIRST-LAST or one year, within "
        f"{ALLOWED_BASE_YEARS[0]}-{ALLOWED_BASE_YEARS[1]} (default: %(default)s)",
    )
    parser.add_argument("--out", type=folder, default=DEFAULT_OUT, help="output folder (default: %(default)s)")


def parse_base_years(text: str) -> tuple[int, ...]:
    """``2015-2022`` (or ``2015–2022``, or one year ``2018``) -> (2015, ..., 2022); InputError otherwise."""
    low, high = ALLOWED_BASE_YEARS
    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-–:]\s*(\d{4})\s*)?", text)
    if not match:
        raise InputError(f"--base-years {text!r}: expected a range FIRST-LAST such as 2015-2022, or one year")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first > last:
        raise InputError(f"--base-years {text}: the first year comes after the last")
    if first < low or last > high:
        raise InputError(
            f"--base-years {text}: base years must lie within {low}–{high} (the regional series start in 2014, "
            "and each base year needs a later published year)"
        )
    return tuple(range(first, last + 1))


def _region_ids(names) -> list[str]:
    """Shipped region ids for ``--regions`` (ids, BNS codes or names; all by default); InputError naming the
    unknown ones."""
    known = region_data.available_regions()
    if names is None:
        return known
    ids, unknown = [], []
    for name in names:
        region_id = region_data.resolve_region_id(name)
        if region_id is None:
            unknown.append(name)
        elif region_id not in ids:
            ids.append(region_id)
    if unknown:
        listed = ", ".join(repr(u) for u in unknown)
        raise InputError(f"unknown region {listed}; shipped regions: {', '.join(known)} (see regsim regions)")
    return ids


def run(args) -> int:
    from ..output import check_destination, neutralise_csv, write_atomically  # lazy: start-up speed (matplotlib)
    from ..summary import printable  # lazy: start-up speed

    base_years = parse_base_years(args.base_years)
    region_ids = _region_ids(args.regions)
    check_destination(args.out)  # before any work: a folder that is not ours is never touched

    from ..backtest_plots import write_plots  # lazy: start-up speed (matplotlib)
    from ..backtest_tables import points_csv, summary_csv, summary_markdown  # lazy: start-up speed (scipy.stats)

    result = run_backtest([region_data.load_region(r) for r in region_ids], base_years)

    def write(folder: Path) -> None:
        (folder / "backtest.csv").write_text(neutralise_csv(points_csv(result)), encoding="utf-8")
        (folder / "summary.csv").write_text(neutralise_csv(summary_csv(result)), encoding="utf-8")
        (folder / "summary.md").write_text(summary_markdown(result), encoding="utf-8")
        write_plots(result, folder)

    write_atomically(args.out, write)
    print(summary_text(result))
    print()
    print(f"written: {printable(args.out)}")
    return 0


def summary_text(result) -> str:
    """The terminal summary: real GRP absolute errors at horizons 1, 3 and 5 for the three methods, and the
    coverage of the 5–95 % band by variable."""
    from ..backtest_tables import year_span  # lazy: start-up speed (scipy.stats)

    n = sum(1 for p in result.points if p.method == SHIPPED)
    lines = [
        f"Backtest of the baseline trends: {len(result.regions)} region{'s' if len(result.regions) != 1 else ''}, "
        f"base years {year_span(result.base_years)}, {n:,} published values scored per method",
        "",
        "real GRP, absolute error of the projection (median / mean, % of the published value):",
    ]
    width = max(len(METHOD_LABELS[m]) for m in METHODS) + 2
    lines.append("  " + "horizon".ljust(9) + "".join(METHOD_LABELS[m].rjust(width) for m in METHODS) + "     n")
    for h in (1, 3, 5):
        cells = []
        count = 0
        for m in METHODS:
            row = result.summary_row("grp_real", h, m)
            if row is None:
                cells.append("–".rjust(width))
                continue
            count = row["n"]
            cells.append(f"{row['median_abs_error_pct']:.1f} / {row['mean_abs_error_pct']:.1f}".rjust(width))
        lines.append("  " + f"{h}".ljust(9) + "".join(cells) + f"{count:6d}")
    lines += ["", "coverage of the 5–95 % band (leave one region out), horizons 1–5 and all horizons:"]
    for variable in VARIABLES:
        near, n_near = result.coverage(variable, range(1, 6))
        every, n_all = result.coverage(variable, range(1, 100))
        lines.append(
            f"  {VARIABLE_LABELS[variable]:<13} {_share(near):>6} of {n_near:,}   {_share(every):>6} of {n_all:,}"
        )
    if not any(result.coverage(v, range(1, 100))[1] for v in VARIABLES):
        lines.append(f"  (no bands: a band needs {MIN_BAND_POINTS} or more errors from other regions)")
    if result.skipped:
        lines += [
            "",
            "not projected (no data in the base year): "
            + "; ".join(f"{r} {year_span(years)}" for r, years in result.skipped.items()),
        ]
    return "\n".join(lines)


def _share(value: float) -> str:
    return "–" if not math.isfinite(value) else f"{100 * value:.0f} %"
