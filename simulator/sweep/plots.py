"""The sweep's summary figures, drawn from :class:`~simulator.sweep.summary.EnsembleSummary` lists on a given
Axes (``ax=None``: a new one), returning the Axes; they never save or show (the caller does)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter

from ..plotting import literal, number_text, set_title, wrap
from ..variables import BY_KEY
from .summary import EnsembleSummary

#: characters of target names the columns share, wrapped in lines of at most COLUMN_LINES
COLUMN_CHARACTERS, COLUMN_LINES = 110, 4


def _axes(ax):
    if ax is None:
        _, ax = plt.subplots()
    return ax


def ensemble_labels(summaries: list[EnsembleSummary]) -> list[str]:
    """A row label per ensemble: its region, with the scenario file and the point when the sweep has several."""
    files = {s.ensemble.scenario_file for s in summaries}
    points = {s.ensemble.point for s in summaries}
    labels = []
    for s in summaries:
        parts = [s.region_name or s.ensemble.region]
        if len(files) > 1:
            parts.append(s.ensemble.scenario_file.rsplit("/", 1)[-1])
        if len(points) > 1:
            parts.append(s.ensemble.point_text)
        labels.append(" · ".join(parts))
    return labels


def plot_target_probabilities(summaries: list[EnsembleSummary], ax=None):
    """A grid of probabilities: a row per ensemble (region × scenario × point), a column per target on its
    declared basis, labelled with the target's name and year; each cell the share of draws that reach the target in
    its year, 0 (white) to 1 (dark)."""
    ax = _axes(ax)
    ok = [s for s in summaries if not s.error]
    if not ok or not any(t.declared for s in ok for t in s.targets):
        message = "no ensemble to show" if not ok else "no targets in these scenarios"
        ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    names = {}
    for s in ok:
        for t in s.targets:
            if t.declared:
                names.setdefault((t.id, t.year), t.name)
    columns = list(names)
    grid = np.full((len(ok), len(columns)), np.nan)
    for i, s in enumerate(ok):
        for t in s.targets:
            if t.declared:
                grid[i, columns.index((t.id, t.year))] = t.probability
    image = ax.imshow(grid, cmap="Blues", vmin=0.0, vmax=1.0, aspect="auto", interpolation="nearest")
    for (i, j), value in np.ndenumerate(grid):
        if np.isfinite(value):
            ax.text(j, i, f"{value:.2f}", ha="center", va="center", color="white" if value > 0.6 else "black")
    width = max(12, int(COLUMN_CHARACTERS / len(columns)))
    labels = [f"{wrap(literal(names[c]), width, COLUMN_LINES)}\nby {c[1]}" for c in columns]
    ax.set_xticks(range(len(columns)), labels, fontsize="small")
    ax.xaxis.set_ticks_position("top")  # the names above the grid, read before the numbers
    ax.grid(False)
    ax.set_yticks(range(len(ok)), ensemble_labels(ok))
    ax.figure.colorbar(image, ax=ax, label="probability", fraction=0.04, pad=0.02)
    set_title(ax, "Probability of reaching each target (share of draws), by region")
    return ax


def plot_impact_by_region(summaries: list[EnsembleSummary], key: str = "grp_real", year: int | None = None, ax=None):
    """What the projects add to ``key`` in ``year`` (default: the last year all ensembles share), per ensemble:
    the median of each draw's scenario − baseline as a bar, the 5th–95th percentiles as a whisker."""
    ax = _axes(ax)
    ok = [s for s in summaries if not s.error and ("impact", key) in s.statistics]
    if not ok:
        ax.text(0.5, 0.5, "no ensemble to show", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    if year is None:
        year = int(min(s.years[-1] for s in ok))
    rows = [(s, int(np.searchsorted(s.years, year))) for s in ok if year in s.years]
    median = np.array([s.statistics[("impact", key)]["p50"][i] for s, i in rows])
    low = np.array([s.statistics[("impact", key)]["p5"][i] for s, i in rows])
    high = np.array([s.statistics[("impact", key)]["p95"][i] for s, i in rows])
    y = np.arange(len(rows))
    ax.barh(y, median, color="tab:blue", alpha=0.8, label="median")
    ax.errorbar(median, y, xerr=[median - low, high - median], fmt="none", ecolor="black", capsize=3, label="5th–95th")
    ax.set_yticks(y, ensemble_labels([s for s, _ in rows]))
    ax.invert_yaxis()
    ax.axvline(0.0, color="grey", linewidth=0.8)
    var = BY_KEY[key]
    ax.set_xlabel(f"{var.name}: scenario − baseline [{var.unit}]")
    ax.xaxis.set_major_formatter(FuncFormatter(number_text))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    set_title(ax, f"What the projects add to {var.name} in {year}, by region")
    return ax
