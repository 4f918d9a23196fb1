"""What the projects add, with its uncertainty: fan charts of each draw's scenario − baseline (``impact_*``
figures of ``regsim run``), and :data:`RUN_FIGURES`, every figure a run writes.

A band around the scenario's *level* is dominated by baseline growth, which moves the scenario and its baseline
alike, so the baseline sits inside it and the projects look lost in noise. The difference is taken per draw
(both runs of a draw share every macro input), so what the projects add has a band of its own; its median is
:meth:`simulator.results.Results.central_change`, the number a target against the baseline is judged on.
"""

from __future__ import annotations

import numpy as np

from .plotting import (
    RUN_PLOTS,
    SCENARIO_COLOURS,
    _axes,
    _finish,
    draw_targets,
    target_marks,
    unit_label,
)
from .quantiles import percentiles
from .variables import BY_KEY

#: figure name (``impact_<name>``) -> registry key of the total whose scenario − baseline it draws
IMPACTS = {
    "grp_real": "grp_real",
    "grp": "grp",
    "jobs": "employment",
    "wage_bill": "wage_bill",
    "budget_revenue_local": "budget_revenue_local",
    "tax_revenue_collected": "tax_revenue_collected",
}
#: what a fan chart's title calls each total, in plain words (any other key: its registry description)
NAMES = {
    "grp_real": "real GRP",
    "grp": "GRP at current prices",
    "employment": "employment (net new jobs)",
    "wage_bill": "the wage bill",
    "budget_revenue_local": "local budgets' tax revenue",
    "tax_revenue_collected": "all taxes collected in the region",
}
#: the fan's bands, outer first: (low percentile, high percentile, opacity)
BANDS = ((5, 95, 0.18), (25, 75, 0.35))


def impact_draws(results, key: str) -> np.ndarray:
    """Each draw's scenario − baseline of the total ``key``, (D, T) in reported units."""
    return results.series(key) - results.series(key, baseline=True)


def plot_impact(results, key: str, ax=None, *, legend: bool = True):
    """A fan chart of what the projects add to ``key``: over the draws of I = scenario − baseline, (D, T), the
    5–95 % and 25–75 % bands and the median; a deterministic run (one draw) draws its single line. The
    threshold of a target against the baseline on ``key`` is drawn (:func:`simulator.plotting.target_marks`),
    and the zero line: above it the projects add, below they take away."""
    ax = _axes(ax)
    var, years = BY_KEY[key], results.years
    colour = SCENARIO_COLOURS[1]
    values = impact_draws(results, key)
    ax.axhline(0, color="#333333", linewidth=0.8)
    if results.n_draws > 1:
        for low, high, alpha in BANDS:
            lower, upper = percentiles(values, (low, high))
            ax.fill_between(
                years, lower, upper, color=colour, alpha=alpha, linewidth=0, label=f"{low}–{high} % of draws"
            )
        line, label = results.central_change(key), f"median of {results.n_draws:,} draws"
    else:
        line, label = values[0], "deterministic run"
    ax.plot(years, line, color=colour, marker="o", markersize=4, label=label)
    draw_targets(ax, target_marks(results, key, impact=True))
    name = NAMES.get(key, var.description)
    title = f"What the projects add to {name}\n(scenario − baseline, draw by draw)"
    return _finish(ax, unit_label(var, results.base_year), title, legend)


#: every figure ``regsim run`` writes, name -> plot(results, ax=None): what the projects add first, then the
#: levels and the per-project charts (:data:`simulator.plotting.RUN_PLOTS`)
RUN_FIGURES = {
    **{f"impact_{name}": (lambda r, ax=None, key=key: plot_impact(r, key, ax)) for name, key in IMPACTS.items()},
    **RUN_PLOTS,
}
