"""Charts of what the projects add (:mod:`simulator.impact_plots`) and the chart rules of issue 16: target
thresholds, value axes from zero, long names wrapped. Synthetic region, values checked against hand-computed
ones (stated in each docstring), not against the code's own output.
"""

from __future__ import annotations

import dataclasses

import matplotlib.pyplot as plt
import numpy as np
import pytest
from synthetic import plant, scenario, synthetic_region

from simulator import impact_plots, plotting
from simulator.api import simulate
from simulator.uncertainty.plots import plot_tornado
from simulator.uncertainty.sensitivity import Output, TornadoBar

REGION = synthetic_region()
TARGETS = [
    # GRP doubled over 2023, nominal and real: a ratio against the base year
    {"id": "double", "name": "GRP doubled", "variable": "grp", "kind": "ratio", "value": 2, "year": 2030,
     "basis": "nominal"},
    # 5 bn KZT more local budget revenue than the baseline in 2030
    {"id": "budget", "name": "Budget +5 bn", "variable": "budget_revenue_local", "kind": "increase", "value": 5,
     "unit": "billion KZT", "year": 2030, "relative_to": "baseline", "basis": "nominal"},
    # 900 jobs more than the baseline in 2029
    {"id": "jobs", "name": "900 jobs", "variable": "employment", "kind": "increase", "value": 900,
     "unit": "persons", "year": 2029, "relative_to": "baseline"},
]  # fmt: skip


@pytest.fixture(scope="module")
def run():
    return simulate(scenario([plant()], targets=TARGETS, name="car plant"), region=REGION)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _stars(ax) -> list[tuple[float, float]]:
    return [(line.get_xdata()[0], line.get_ydata()[0]) for line in ax.get_lines() if line.get_marker() == "*"]


def test_target_marks_on_level_charts(run):
    """Needed levels, by hand: GRP doubled over 2023 needs 2 × GRP(2023) in 2030 (the declared nominal basis on
    ``grp``; its real-basis twin on ``grp_real`` needs 2 × real GRP(2023)); the budget target against the
    baseline needs baseline(2030) + 5 bn; employment's, baseline(2029) + 0.9 thousand."""
    t2023, t2029, t2030 = (run.year_index(y) for y in (2023, 2029, 2030))
    assert plotting.target_marks(run, "grp") == [
        (2030, pytest.approx(2 * run.central("grp")[t2023]), "target 2030: GRP doubled")
    ]
    assert plotting.target_marks(run, "grp_real")[0][1] == pytest.approx(2 * run.central("grp_real")[t2023])
    budget = run.central("budget_revenue_local", baseline=True)[t2030] + 5.0
    assert plotting.target_marks(run, "budget_revenue_local")[0][1] == pytest.approx(budget)
    jobs = run.central("employment", baseline=True)[t2029] + 0.9
    assert plotting.target_marks(run, "employment") == [(2029, pytest.approx(jobs), "target 2029: 900 jobs")]
    assert plotting.target_marks(run, "average_wage") == []
    # drawn: a star at the year and the value
    assert _stars(plotting.plot_variable(run, "grp")) == [(2030, pytest.approx(2 * run.central("grp")[t2023]))]


def test_target_marks_on_impact_charts_are_the_thresholds_against_the_baseline(run):
    """On a scenario − baseline chart only targets against the baseline have a threshold, θ itself: 5 bn KZT
    of local budget revenue, 0.9 thousand jobs; GRP doubled over 2023 has none there."""
    assert [m[1] for m in plotting.target_marks(run, "budget_revenue_local", impact=True)] == [pytest.approx(5.0)]
    assert [m[1] for m in plotting.target_marks(run, "employment", impact=True)] == [pytest.approx(0.9)]
    assert plotting.target_marks(run, "grp", impact=True) == []
    assert _stars(impact_plots.plot_impact(run, "employment")) == [(2029, pytest.approx(0.9))]


def test_a_deterministic_impact_chart_draws_the_single_line(run):
    """One draw: no band, one line, scenario − baseline year by year."""
    ax = impact_plots.plot_impact(run, "grp_real")
    lines = [line for line in ax.get_lines() if line.get_label() == "deterministic run"]
    assert len(lines) == 1 and not ax.collections
    np.testing.assert_allclose(lines[0].get_ydata(), run.central("grp_real") - run.central("grp_real", baseline=True))
    assert ax.get_ylabel() == "billion KZT/yr, 2023 prices"


def test_the_fan_chart_bands_are_percentiles_of_each_draws_impact(run):
    """Five draws whose impact is k × I(t), k = 1..5, around one baseline. By hand (linear interpolation
    between order statistics, position q/100 × 4): the median is 3 I, the 25–75 % band 2 I to 4 I, the 5–95 %
    band 1.2 I to 4.8 I. The band is of the impact, not of the level: the baseline's own spread would not enter."""
    base = run.arrays["baseline:grp_real"]
    impact = run.arrays["grp_real"] - base  # (1, T)
    k = np.arange(1.0, 6.0)[:, None]
    arrays = {"grp_real": base + k * impact, "baseline:grp_real": np.repeat(base, 5, axis=0)}
    five = dataclasses.replace(run, arrays=arrays, statistics={})
    ax = impact_plots.plot_impact(five, "grp_real")
    scale, last = 1e-3, float(five.years[-1])
    bands = {c.get_label(): c for c in ax.collections}
    for label, (low, high) in {"25–75 % of draws": (2.0, 4.0), "5–95 % of draws": (1.2, 4.8)}.items():
        vertices = bands[label].get_paths()[0].vertices
        at_last = sorted(set(np.round(vertices[vertices[:, 0] == last, 1], 9)))
        np.testing.assert_allclose(at_last, np.array([low, high]) * impact[0, -1] * scale, rtol=1e-9)
    median = next(line for line in ax.get_lines() if line.get_label() == "median of 5 draws")
    np.testing.assert_allclose(median.get_ydata(), 3.0 * impact[0] * scale, rtol=1e-9)


def test_run_figures_hold_the_impact_fan_charts():
    """Issue 16: GRP real and nominal, jobs, wage bill and budget (local, and all taxes), then the levels."""
    names = list(impact_plots.RUN_FIGURES)
    impacts = ["grp_real", "grp", "jobs", "wage_bill", "budget_revenue_local", "tax_revenue_collected"]
    assert names[:6] == [f"impact_{n}" for n in impacts]
    assert set(plotting.RUN_PLOTS) <= set(names)


def test_levels_start_from_zero(run):
    """A level chart's value axis starts at zero (GRP and employment were cut at 4,500 and 395)."""
    for key in ("grp_real", "employment"):
        assert plotting.plot_variable(run, key).get_ylim()[0] == 0.0
    assert plotting.plot_scenarios([run], "employment").get_ylim()[0] == 0.0


def test_long_names_are_wrapped_and_cut_with_an_ellipsis():
    name = "AgromashHolding KZ: growth above the 2023-24 level (localisation programme), with a long tail of words"
    lines = plotting.wrap(name).split("\n")
    assert len(lines) == plotting.NAME_LINES and all(len(line) <= plotting.NAME_WIDTH for line in lines)
    assert lines[0] == "AgromashHolding KZ: growth" and lines[-1].endswith("…")
    assert plotting.wrap("Foundry") == "Foundry"


def test_an_ensemble_contribution_chart_has_a_band_on_the_total(run):
    """The whisker of the projects' total spans the 5th to 95th percentile of the per-draw sums over projects:
    two draws of one project at c and 1.02 c give, by linear interpolation, 1.001 c to 1.019 c."""
    arrays = {k: np.concatenate([v, v * 1.02]) if v.ndim >= 1 and v.shape[0] == 1 else v for k, v in run.arrays.items()}
    ensemble = dataclasses.replace(run, arrays=arrays, statistics={})
    ax = plotting.plot_project_contributions(ensemble)
    assert "total of the projects: median, 5–95 % of draws" in " ".join(
        t.get_text().replace("\n", " ") for t in ax.get_legend().get_texts()
    )
    whiskers = next(c for c in ax.collections if c.get_segments())
    c = run.project_series("grp_impact")[0].sum(axis=1)  # (T,)
    last = whiskers.get_segments()[-1]
    np.testing.assert_allclose(sorted(last[:, 1]), [1.001 * c[-1], 1.019 * c[-1]], rtol=1e-9)


def test_the_tornado_names_the_input_values_it_tried():
    """Each row shows the leaf's inputs at its 5th percentile, centre and 95th percentile (issue 16)."""
    bar = TornadoBar("projects.kia.local_content.2028", 0.04, 0.06, 0.09, 190.0, 197.0, 208.0)
    ax = plot_tornado(Output("grp_real", 2030, True), [bar])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["kia: local content 2028\n(0.04 / 0.06 / 0.09)"]


def test_a_comparison_panel_keeps_every_scenario_and_target_in_view(run):
    """Drawn after a first scenario pinned the axis at zero, a second scenario's larger path and the targets'
    stars still fit: the top of the view is at least the largest value drawn (here twice the first's)."""
    double = dataclasses.replace(run, scenario="double", arrays={**run.arrays, "grp": run.arrays["grp"] * 2.0})
    ax = plotting.plot_scenarios([run, double], "grp")
    low, high = ax.get_ylim()
    assert low == 0.0 and high >= 2.0 * run.central("grp").max()
    assert high >= max(v for _, v in _stars(ax))
