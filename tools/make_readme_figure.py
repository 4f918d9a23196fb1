"""Regenerate docs/img/kostanai_grp.png, the README's figure: Kostanai real GRP in the baseline, the plan and
the delayed plan, with the BNS actuals. Run after a model or scenario change: python tools/make_readme_figure.py
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from simulator import plotting, simulate

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    names = ("baseline", "plan", "plan_delayed")
    runs = [simulate(REPO / "scenarios" / "kostanai" / f"{name}.yaml") for name in names]
    with plotting.style():
        fig, ax = plt.subplots(figsize=(8, 4.5))
        plotting.plot_scenarios(runs, "grp_real", ax)
        fig.savefig(REPO / "docs" / "img" / "kostanai_grp.png")
        plt.close(fig)


if __name__ == "__main__":
    main()
