"""Plots of Results. Each function takes Results and ``ax=None``, draws, and returns the Axes; none saves or
shows (the caller does). Units come from the variable registry; years are integers; numbers get thousands
separators. ``with style():`` applies the shipped matplotlib style.
"""

from __future__ import annotations

import contextlib
from importlib import resources

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .variables import BY_KEY

CHANNEL_COLOURS = {
    "direct": "#1b4f72",
    "construction": "#b9770e",
    "indirect": "#2e86c1",
    "induced": "#aed6f1",
}
SCENARIO_COLOUR = "#1b4f72"
BASELINE_COLOUR = "#7f8c8d"
ACTUAL_COLOUR = "#c0392b"


@contextlib.contextmanager
def style():
    """The shipped style for consistent figures."""
    path = resources.files("simulator").joinpath("regsim.mplstyle")
    with resources.as_file(path) as p, plt.style.context(str(p)):
        yield


def _axes(ax):
    if ax is None:
        _, ax = plt.subplots()
    return ax


def _finish(ax, ylabel: str, title: str):
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.3g}"))
    ax.legend(frameon=False)
    return ax


def plot_variable(results, key: str, ax=None, *, baseline: bool = True, actuals: bool = True, label=None):
    """A total's path: scenario (median and 5–95 % band under uncertainty), baseline dashed, BNS actuals."""
    ax = _axes(ax)
    var = BY_KEY[key]
    years = results.years
    series = results.series(key)
    ax.plot(years, np.median(series, axis=0), color=SCENARIO_COLOUR, label=label or results.scenario)
    if series.shape[0] > 1:
        low, high = np.percentile(series, [5, 95], axis=0)
        ax.fill_between(years, low, high, color=SCENARIO_COLOUR, alpha=0.2, linewidth=0, label="5–95 %")
    if baseline:
        ax.plot(years, results.central(key, baseline=True), color=BASELINE_COLOUR, linestyle="--", label="baseline")
    observed = results.actuals.get(key) if actuals else None
    if observed:
        ax.plot(list(observed), list(observed.values()), "o", color=ACTUAL_COLOUR, label="BNS actual")
    return _finish(ax, var.unit, var.name)


def plot_grp(results, ax=None, *, real: bool = False):
    """GRP, baseline vs scenario, with BNS actuals after the base year."""
    return plot_variable(results, "grp_real" if real else "grp", ax)


def plot_jobs(results, ax=None):
    """Project jobs stacked by channel (direct, construction, indirect, induced), net employment effect line."""
    ax = _axes(ax)
    years = results.years
    bottom = np.zeros(years.size)
    for channel, colour in CHANNEL_COLOURS.items():
        values = results.central(f"jobs_{channel}")
        ax.bar(years, values, bottom=bottom, color=colour, label=channel, width=0.8)
        bottom = bottom + values
    net = results.central("employment") - results.central("employment", baseline=True)
    ax.plot(years, net, color="black", marker=".", label="net employment change")
    return _finish(ax, BY_KEY["employment"].unit, "Jobs from the projects")


def plot_wage(results, ax=None):
    """Average monthly wage, nominal, baseline vs scenario."""
    return plot_variable(results, "average_wage", ax)


def plot_budget(results, ax=None):
    """Local budget tax revenue, baseline vs scenario."""
    return plot_variable(results, "budget_revenue_local", ax)


def plot_project_contributions(results, key: str = "grp_impact", ax=None):
    """Stacked contribution of each project to GRP (or another per-project variable), median over draws."""
    ax = _axes(ax)
    values = np.median(results.project_series(key), axis=0)  # (T, P)
    years = results.years
    colours = plt.get_cmap("tab10")
    pos, neg = np.zeros(years.size), np.zeros(years.size)
    for p, name in enumerate(results.project_names):
        v = values[:, p]
        base = np.where(v >= 0, pos, neg)
        ax.bar(years, v, bottom=base, color=colours(p % 10), label=name, width=0.8)
        pos, neg = pos + np.maximum(v, 0), neg + np.minimum(v, 0)
    from .variables import PROJECT_VARIABLES

    var = next(v for v in PROJECT_VARIABLES if v.key == key)
    return _finish(ax, var.unit, f"{var.name} by project")


RUN_PLOTS = {
    "grp": plot_grp,
    "grp_real": lambda r, ax=None: plot_grp(r, ax, real=True),
    "jobs": plot_jobs,
    "average_wage": plot_wage,
    "budget_revenue_local": plot_budget,
    "project_contributions": plot_project_contributions,
}
