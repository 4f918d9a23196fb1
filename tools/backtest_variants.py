"""Reproduce the choice of the baseline's pooling weights (docs/backtest.md §2): the backtest's errors for each
variant, and a bootstrap over regions of the shipped method against the better naive forecast.

    python tools/backtest_variants.py [--resamples 2000] [--seed 0]

Prints Markdown rows: real GRP median absolute error at horizons 1, 3, 5, real GRP median / mean absolute
error over horizons 1-5 and employment's at 1, 3, 5 (all %), then, for horizons 1, 3 and 5, the probability
over region resamples that the shipped method's median absolute error is below "mean growth since 2014".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulator.backtest import SHIPPED, run_backtest
from simulator.model.trend import TOTAL_POOLING, TREND_POOLING
from simulator.region import available_regions, load_region

BASE_YEARS = range(2015, 2023)
#: (sector and employment weight, GRP-trend weight) of each variant
VARIANTS = [(0.5, 0.0), (0.5, 0.25), (0.5, 0.5), (0.5, 0.75), (0.5, 1.0), (0.0, 0.25), (0.25, 0.25), (0.75, 0.25),
            (1.0, 0.25)]  # fmt: skip


def row(result, label: str) -> str:
    def mae(variable, h, f=np.median):
        return 100 * f(np.abs(result.errors(variable, SHIPPED, h)))

    pooled = np.concatenate([result.errors("grp_real", SHIPPED, h) for h in range(1, 6)])
    grp = " | ".join(f"{mae('grp_real', h):.1f}" for h in (1, 3, 5))
    emp = " / ".join(f"{mae('employment', h):.1f}" for h in (1, 3, 5))
    both = f"{100 * np.median(np.abs(pooled)):.2f} / {100 * np.mean(np.abs(pooled)):.2f}"
    return f"| {label} | {grp} | {both} | {emp} |"


def bootstrap(result, resamples: int, seed: int) -> dict[int, float]:
    """P(shipped median |error| < naive median |error|) over resamples of whole regions, real GRP."""
    rng = np.random.default_rng(seed)
    regions = sorted({p.region for p in result.points})
    out = {}
    for h in (1, 3, 5):
        by_region = {r: ([], []) for r in regions}
        for p in result.points:
            if p.variable == "grp_real" and p.horizon == h and p.method in (SHIPPED, "mean_growth"):
                by_region[p.region][p.method != SHIPPED].append(abs(p.error))
        wins = 0
        for _ in range(resamples):
            pick = rng.choice(regions, len(regions))
            ours = np.concatenate([by_region[r][0] for r in pick])
            naive = np.concatenate([by_region[r][1] for r in pick])
            wins += np.median(ours) < np.median(naive)
        out[h] = wins / resamples
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resamples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    regions = [load_region(r) for r in available_regions()]
    for sectors, total in VARIANTS:
        shipped = " (shipped)" if (sectors, total) == (TREND_POOLING, TOTAL_POOLING) else ""
        result = run_backtest(regions, BASE_YEARS, pooling=sectors, total_pooling=total)
        print(row(result, f"sectors {sectors:g}, GRP trend {total:g}{shipped}"))
    shipped = run_backtest(regions, BASE_YEARS)
    for h, p in bootstrap(shipped, args.resamples, args.seed).items():
        print(f"horizon {h}: P(shipped beats mean growth since 2014) = {p:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
