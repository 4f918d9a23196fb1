"""Plots of a :class:`~simulator.backtest.Backtest` (``regsim backtest``). Each ``plot_*`` takes the backtest and
``ax=None``, draws, and returns the Axes; the ``*_figure`` functions lay several out and return the Figure;
:func:`write_plots` saves them. Conventions of :mod:`simulator.plotting`: shipped style, units on the value
axis, integer years and horizons, a legend, colours that stay apart printed in grey (plus markers).
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .backtest import METHOD_LABELS, METHODS, SHIPPED, VARIABLE_LABELS, VARIABLES, Backtest
from .output import save_figure
from .plotting import ACTUAL_COLOUR, SCENARIO_COLOURS, SCENARIO_MARKERS, _finish, number_text, style

#: one colour and marker per method: the shipped trend black, the naive forecasts blue and orange
METHOD_STYLES = {m: {"color": SCENARIO_COLOURS[i], "marker": SCENARIO_MARKERS[i]} for i, m in enumerate(METHODS)}


def error_quantiles(backtest: Backtest, variable: str, method: str, q=(0.05, 0.5, 0.95)):
    """(horizons (H,), quantiles (len(q), H)) of the errors in %, by horizon."""
    by_h: dict[int, list[float]] = {}
    for p in backtest.points:
        if p.variable == variable and p.method == method:
            by_h.setdefault(p.horizon, []).append(p.error)
    horizons = np.array(sorted(by_h), dtype=int)
    if horizons.size == 0:
        return horizons, np.empty((len(q), 0))
    values = np.array([np.quantile(by_h[h], q) for h in horizons.tolist()]).T * 100.0
    return horizons, values


def plot_error_by_horizon(backtest: Backtest, variable: str = "grp_real", ax=None):
    """Error (projected / published − 1, %) by horizon for one variable: median line and 5–95 % spread of each
    method, pooled over regions and base years."""
    ax = ax if ax is not None else plt.subplots()[1]
    ax.axhline(0.0, color="#999999", linewidth=0.8)
    offsets = {m: (i - 1) * 0.12 for i, m in enumerate(METHODS)}  # side by side at each horizon
    for method in METHODS:
        horizons, (low, mid, high) = error_quantiles(backtest, variable, method)
        if horizons.size == 0:
            continue
        line = METHOD_STYLES[method]
        x = horizons + offsets[method]
        ax.plot(x, mid, label=f"{METHOD_LABELS[method]}: median", **line)
        ax.vlines(x, low, high, color=line["color"], linewidth=1.0 if method != SHIPPED else 2.0, alpha=0.8)
        ax.plot(x, low, linestyle="none", marker="_", color=line["color"], markersize=7)
        ax.plot(x, high, linestyle="none", marker="_", color=line["color"], markersize=7)
    ax.plot([], [], color="#555555", linewidth=1.2, label="bars: 5–95 % of errors")
    ax.set_ylabel("error, % of published value")
    ax.set_xlabel("years ahead of the base year")
    ax.set_title(f"{VARIABLE_LABELS[variable]}: backtest error by horizon")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(number_text))
    ax.legend()
    return ax


def plot_region_real_grp(backtest: Backtest, region_id: str, ax=None, *, legend: bool = True):
    """One region's real GRP: published levels and the shipped method's path from each base year, all in prices
    of the region's latest published year (billion KZT)."""
    ax = ax if ax is not None else plt.subplots()[1]
    paths = backtest.paths[region_id]
    years = sorted(paths.published)
    cmap = plt.get_cmap("viridis")
    bases = sorted(paths.projected)
    for i, base in enumerate(bases):
        x, levels = paths.projected[base]
        colour = cmap(i / max(len(bases) - 1, 1) * 0.9)
        start = paths.published.get(base)
        xs, ys = (np.concatenate([[base], x]), np.concatenate([[start], levels])) if start else (x, levels)
        label = None
        if i == 0:
            label = f"projected from {base}" + (" (dark)" if len(bases) > 1 else "")
        elif i == len(bases) - 1:
            label = f"… from {base} (light)"
        ax.plot(xs, ys / 1e3, color=colour, linewidth=1.0, label=label)
    ax.plot(
        years,
        [paths.published[y] / 1e3 for y in years],
        linestyle="-",
        linewidth=1.0,
        marker="o",
        markersize=4,
        markerfacecolor="white",
        markeredgecolor=ACTUAL_COLOUR,
        color=ACTUAL_COLOUR,
        label="published",
    )
    return _finish(ax, f"billion KZT, {paths.price_year} prices", paths.name, legend)


def error_by_horizon_figure(backtest: Backtest):
    """One panel per variable (:func:`plot_error_by_horizon`)."""
    fig, axes = plt.subplots(1, len(VARIABLES), figsize=(6.0 * len(VARIABLES), 4.5), sharex=True)
    for ax, variable in zip(np.atleast_1d(axes), VARIABLES, strict=True):
        plot_error_by_horizon(backtest, variable, ax=ax)
    return fig


def regions_real_grp_figure(backtest: Backtest, columns: int = 5):
    """One panel per region (:func:`plot_region_real_grp`); one legend, in the first panel with every base year."""
    regions = [r for r in backtest.regions if r in backtest.paths and backtest.paths[r].published]
    n = max(len(regions), 1)
    cols = min(columns, n)
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.6 * cols, 2.9 * rows), squeeze=False)
    flat = axes.ravel()
    # the legend goes in the first panel with the most base years (a region created in 2022 has one)
    keyed = max(regions, key=lambda r: len(backtest.paths[r].projected)) if regions else None
    for i, region_id in enumerate(regions):
        ax = plot_region_real_grp(backtest, region_id, ax=flat[i], legend=region_id == keyed)
        ax.set_xlabel("")
        ax.title.set_fontsize(9)
        ax.yaxis.label.set_fontsize(8)
    for ax in flat[len(regions) :]:
        ax.set_visible(False)
    fig.tight_layout()
    return fig


PLOTS = {"error_by_horizon": error_by_horizon_figure, "regions_real_grp": regions_real_grp_figure}


def write_plots(backtest: Backtest, folder: Path, image_format: str = "png") -> list[str]:
    """Save every figure of :data:`PLOTS` into ``folder``; returns the file names."""
    written = []
    with style():
        for name, make in PLOTS.items():
            fig = make(backtest)
            save_figure(fig, Path(folder) / f"{name}.{image_format}")
            written.append(f"{name}.{image_format}")
    return written
