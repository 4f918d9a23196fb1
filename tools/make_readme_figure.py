"""Regenerate the README's figures in docs/img: kostanai_grp.png (Kostanai real GRP in the baseline, the plan
and the delayed plan, with the BNS actuals) and the gallery (what the plan adds to real GRP and to jobs over
2,000 draws, seed 1, and each project's GRP impact). Run after a model or scenario change:
python tools/make_readme_figure.py
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from simulator import impact_plots, plotting, simulate

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    names = ("baseline", "plan", "plan_delayed")
    runs = [simulate(REPO / "scenarios" / "kostanai" / f"{name}.yaml") for name in names]
    with plotting.style():
        fig, ax = plt.subplots(figsize=(8, 4.5))
        plotting.plot_scenarios(runs, "grp_real", ax)
        fig.savefig(REPO / "docs" / "img" / "kostanai_grp.png")
        plt.close(fig)
    plan = REPO / "scenarios" / "kostanai" / "plan.yaml"
    ensemble = simulate(plan, draws=2000, seed=1)
    gallery = {
        "gallery_impact_grp_real.png": lambda ax: impact_plots.plot_impact(ensemble, "grp_real", ax),
        "gallery_impact_jobs.png": lambda ax: impact_plots.plot_impact(ensemble, "employment", ax),
        "gallery_project_contributions.png": lambda ax: plotting.plot_project_contributions(runs[1], ax=ax),
    }
    with plotting.style():
        for name, draw in gallery.items():
            fig, ax = plt.subplots(figsize=(8, 4.5))
            draw(ax)
            fig.savefig(REPO / "docs" / "img" / name)
            plt.close(fig)


if __name__ == "__main__":
    main()
