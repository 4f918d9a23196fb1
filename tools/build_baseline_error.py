"""Write ``simulator/data/baseline_error.csv``: the measured error of the no-project baseline, from the backtest.

    python tools/build_baseline_error.py [--check]

Runs the backtest (:func:`simulator.backtest.run_backtest`, docs/backtest.md) over every shipped region and
every base year 2015–2024, and tabulates for real GRP and employment, horizons 1..10, the quantiles of the
shipped method's error at probabilities 0.01..0.99 (pooled over regions and base years). The header records how
the file was built, the points behind each horizon, and the correlations that justify one rank per ensemble
draw for all horizons. ``--check``: exit 1 if the file on disk differs from what would be written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from simulator import backtest as bt  # noqa: E402
from simulator import backtest_tables as tables  # noqa: E402
from simulator.model.trend import TREND_POOLING  # noqa: E402
from simulator.region import available_regions, load_region  # noqa: E402

TARGET = REPO / "simulator" / "data" / "baseline_error.csv"
BASE_YEARS = range(bt.ALLOWED_BASE_YEARS[0], bt.ALLOWED_BASE_YEARS[1] + 1)


def header_lines(result: bt.Backtest) -> list[str]:
    first, last = result.base_years[0], result.base_years[-1]
    lines = [
        "Baseline error: how far the no-project baseline (simulator/model/trend.py) lands from published values.",
        "Written by tools/build_baseline_error.py; read by simulator/baseline_error.py; see docs/backtest.md.",
        f"Built from the backtest (regsim backtest) over {len(result.regions)} regions ({', '.join(result.regions)}),",
        f"base years {first}-{last}, trend pooling weight {result.pooling:g}; the shipped method only. error = "
        "projected / published - 1 (a share);",
        "real GRP in prices of the base year (GRP chained with the GRP volume index), employment in persons.",
        "Quantiles at probabilities 0.01..0.99 pooled over regions and base years (numpy linear interpolation).",
        f"A horizon with fewer than {tables.BASELINE_ERROR_MIN_POINTS} errors is extrapolated (extrapolated = 1): the "
        "last horizon H0 with enough, times sqrt(h / H0).",
        "Columns: n = errors measured at that horizon; median_abs_error = median |error| (share).",
        "",
    ]
    for variable in tables.BASELINE_ERROR_VARIABLES:
        counts = [result.errors(variable, bt.SHIPPED, h).size for h in range(1, tables.BASELINE_ERROR_HORIZONS + 1)]
        lines.append(
            f"points per horizon, {variable}: " + ", ".join(f"{h}: {n}" for h, n in enumerate(counts, start=1))
        )
    lines.append("")
    lines.append(
        "Correlation of a point's error at horizon h with the same region and base year's error at h+1 "
        "(rank / Pearson, pairs):"
    )
    for variable in tables.BASELINE_ERROR_VARIABLES:
        corr = tables.path_correlations(result, variable, lag=1)
        lines.append(
            f"  {variable}: " + ", ".join(f"{h}->{h + 1}: {r:.2f}/{p:.2f} ({n})" for h, (r, p, n) in corr.items())
        )
    lines.append("Rank correlation of the horizon-1 error with the same path's error at horizon h:")
    for variable in tables.BASELINE_ERROR_VARIABLES:
        cells = []
        for h in range(2, tables.BASELINE_ERROR_HORIZONS + 1):
            got = tables.path_correlations(result, variable, lag=h - 1).get(1)
            if got:
                cells.append(f"{h}: {got[0]:.2f} ({got[2]})")
        lines.append(f"  {variable}: " + ", ".join(cells))
    lines.append(
        "Rank correlation of real GRP's and employment's errors at the same region, base year and horizon: "
        + ", ".join(f"{h}: {r:.2f}" for h, r in cross_correlations(result).items())
    )
    lines.append("")
    return lines


def cross_correlations(result: bt.Backtest) -> dict[int, float]:
    """{h: rank correlation of the real-GRP and employment errors of the same region, base year and horizon}."""
    import numpy as np

    by_var = {
        v: {
            (p.region, p.base_year, p.horizon): p.error
            for p in result.points
            if p.variable == v and p.method == bt.SHIPPED
        }
        for v in ("grp_real", "employment")
    }
    out = {}
    for h in range(1, tables.BASELINE_ERROR_HORIZONS + 1):
        keys = [k for k in by_var["grp_real"] if k[2] == h and k in by_var["employment"]]
        if len(keys) >= 10:
            a = np.array([by_var["grp_real"][k] for k in keys])
            b = np.array([by_var["employment"][k] for k in keys])
            out[h] = tables.rank_correlation(a, b)
    return out


def build() -> str:
    regions = [load_region(r) for r in available_regions()]
    result = bt.run_backtest(regions, BASE_YEARS, pooling=TREND_POOLING)
    return tables.baseline_error_csv(result, header_lines(result))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the shipped file is not up to date")
    args = parser.parse_args(argv)
    text = build()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET.relative_to(REPO)} is out of date: run python tools/build_baseline_error.py")
            return 1
        print(f"{TARGET.relative_to(REPO)} is up to date")
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"written: {TARGET.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
