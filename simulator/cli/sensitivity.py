"""``regsim sensitivity SCENARIO [--method tornado|sobol|both] [--output VAR --year Y]``: which uncertain inputs
move one output most, as CSV tables and PNG charts in one folder, with ``provenance.json`` (files and hashes,
output, year, samples and the seed used) so that a run can be repeated exactly."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import InputError
from .options import folder, seed

#: the largest Sobol' base sample: 2^16 = 65,536 already costs n·(k+2) model runs (about 2.9 million for the
#: Kostanai plan's 42 leaves) and a design of n × 2k numbers; beyond it a run costs days, or fails to allocate
MAX_SAMPLES = 2**16
#: the most leaves a chart shows and the terminal prints: the chart grows 0.35 in per leaf (100 leaves: 36 in)
MAX_TOP = 100


def add_arguments(parser) -> None:
    parser.add_argument("scenario", type=Path, help="scenario YAML file")
    parser.add_argument(
        "--method",
        choices=("tornado", "sobol", "both"),
        default="both",
        help="what to compute (default: %(default)s)",
    )
    parser.add_argument(
        "--output",
        default=None,
        help="output: impact:KEY studies the scenario minus its baseline, i.e. what the projects add; a bare KEY "
        "studies the level, e.g. grp_real (default: impact:grp_real; grp_real for a scenario without projects)",
    )
    parser.add_argument("--year", type=int, default=None, help="year of the output (default: first target's)")
    parser.add_argument(
        "--samples",
        type=int,
        default=1024,
        help="Sobol' base sample n, a power of two up to 2^16 = 65,536 (default: %(default)s; model runs: n·(k+2); "
        "more samples, less noise in the indices)",
    )
    parser.add_argument(
        "--seed",
        type=seed,
        default=None,
        help="random seed of the Sobol' design (default: a fresh one, printed and recorded in provenance.json)",
    )
    parser.add_argument("--out", type=folder, default=None, help="output folder (default: runs/<scenario>-sensitivity)")
    parser.add_argument(
        "--top", type=int, default=15, help="leaves shown in the charts and printed, 1 to 100 (default: 15)"
    )
    parser.add_argument("--quiet", action="store_true", help="print only the output folder")


def run(args) -> int:
    import matplotlib.pyplot as plt  # lazy: start-up speed

    from ..filenames import utf8_tree  # lazy: start-up speed
    from ..output import check_destination, neutralise_csv, save_figure, write_atomically  # lazy: start-up speed
    from ..plotting import style  # lazy: start-up speed
    from ..provenance import fresh_seed  # lazy: start-up speed
    from ..scenario import load_scenario  # lazy: start-up speed
    from ..summary import printable  # lazy: start-up speed
    from ..uncertainty import plots, sensitivity  # lazy: start-up speed

    # every count is bounded before anything is loaded or allocated
    if not 1 <= args.top <= MAX_TOP:
        raise InputError(f"--top {args.top}: must be from 1 to {MAX_TOP} (the leaves shown and printed)")
    sobol = args.method in ("sobol", "both")
    if sobol and (args.samples < 2 or args.samples & (args.samples - 1)):
        raise InputError(f"--samples {args.samples}: must be a power of two >= 2 (e.g. 512, 1024)")
    if sobol and args.samples > MAX_SAMPLES:
        raise InputError(
            f"--samples {args.samples:,}: at most {MAX_SAMPLES:,} (2^16); the model runs n·(k+2) times for k "
            "uncertain leaves, so larger designs run for days or cannot be allocated"
        )
    out_dir = args.out if args.out is not None else Path("runs") / f"{args.scenario.stem}-sensitivity"
    loaded = load_scenario(args.scenario)
    check_destination(out_dir)
    # the seed actually used, drawn here when not given (as `regsim run` does), so provenance.json can repeat it
    seed = None if not sobol else fresh_seed() if args.seed is None else args.seed
    tables, charts = {}, {}
    say = (lambda *_: None) if args.quiet else print
    if args.method in ("tornado", "both"):
        output, bars = sensitivity.tornado(loaded, args.output, args.year)
        leaves = [b.address for b in bars]
        tables["tornado.csv"] = neutralise_csv(sensitivity.tornado_csv(output, bars))
        charts["tornado.png"] = lambda ax: plots.plot_tornado(output, bars, ax, top=args.top)
        say(f"Tornado, {printable(output.label)} (each leaf at its 5th / 95th percentile, others central):")
        say(f"  {'leaf':<60s} {'at 5th pct':>12s} {'at 95th pct':>12s}")
        for b in bars[: args.top]:
            say(f"  {printable(b.address):<60s} {b.output_low:>12,.1f} {b.output_high:>12,.1f}  swing {b.swing:,.1f}")
    if sobol:
        output, indices = sensitivity.sobol(loaded, args.output, args.year, n=args.samples, seed=seed)
        leaves = [s.address for s in indices]
        tables["sobol.csv"] = neutralise_csv(sensitivity.sobol_csv(output, indices, args.samples))
        charts["sobol.png"] = lambda ax: plots.plot_sobol(output, indices, ax, top=args.top)
        say(f"Sobol' indices, {printable(output.label)} (first order, total; n = {args.samples}):")
        say(f"  {'leaf':<60s} {'first':>7s} {'total':>7s}")
        for s in indices[: args.top]:
            say(f"  {printable(s.address):<60s} {s.first_order:>7.3f} {s.total_order:>7.3f}")
        below = [s for s in indices if s.total_below_first]
        if below:
            say(
                f"  note: {len(below)} of {len(indices)} total indices below their first-order one: sampling "
                f"noise (± in sobol.csv); more --samples than {args.samples} reduce it"
            )
        if args.seed is None:
            say(f"  --seed {seed}  (a fresh seed, recorded in provenance.json: pass it to repeat this run)")
    record = sensitivity.provenance(
        loaded, output, method=args.method, leaves=leaves, samples=args.samples if sobol else None, seed=seed
    )
    tables["provenance.json"] = json.dumps(utf8_tree(record), indent=2, sort_keys=True, default=str) + "\n"

    def write(folder: Path) -> None:
        for name, text in tables.items():
            (folder / name).write_text(text, encoding="utf-8")
        with style():
            for name, draw in charts.items():
                fig, ax = plt.subplots(figsize=(9, 1.5 + 0.35 * min(args.top, len(leaves))))
                draw(ax)
                fig.tight_layout()
                save_figure(fig, folder / name)

    write_atomically(out_dir, write)
    print(printable(out_dir) if args.quiet else f"\nwritten: {printable(out_dir)}")
    return 0
