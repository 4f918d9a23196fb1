"""Print the projects' impact in one year as a Markdown table row, and the target verdicts (a review aid).

    python tools/impact_table.py scenarios/kostanai/plan.yaml --year 2030 --label "before"

Impact = scenario − no-project baseline, deterministic run (every uncertain input at its central value):
GRP (nominal, bn KZT), GRP real (bn KZT, base-year prices), jobs (employment, thousand), wage bill (bn KZT),
local budget (bn KZT), all taxes collected in the region (bn KZT). Model changes are compared by running this
before and after each one (the tables in the project's notes).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from simulator.api import simulate

COLUMNS = (
    ("GRP", "grp"),
    ("GRP real", "grp_real"),
    ("jobs (k)", "employment"),
    ("wage bill", "wage_bill"),
    ("local budget", "budget_revenue_local"),
    ("all taxes", "tax_revenue_collected"),
)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario")
    parser.add_argument("--year", type=int, default=2030)
    parser.add_argument("--label", default="")
    parser.add_argument("--header", action="store_true", help="print the table header first")
    parser.add_argument("--targets", action="store_true", help="also print the target verdicts")
    args = parser.parse_args(argv)
    results = simulate(args.scenario)
    t = results.year_index(args.year)
    if args.header:
        print("| " + " | ".join(["change", *(name for name, _ in COLUMNS)]) + " |")
        print("|" + "---|" * (len(COLUMNS) + 1))
    cells = [f"{results.central_change(key)[t]:,.1f}" for _, key in COLUMNS]
    print("| " + " | ".join([args.label, *cells]) + " |")
    if args.targets:
        for target in results.targets:
            if not target.declared:
                continue
            reached = "reached" if target.first_year is not None and target.first_year <= target.year else "missed"
            print(
                f"  {target.name}: {reached} (value {target.central_value:,.3g} vs {target.threshold:,.3g} "
                f"in {target.year}; first year {target.first_year})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
