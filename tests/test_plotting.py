"""Plots: the artists each function draws (lines, bars, labels, units, legend entries), not pixels.

Runs on the synthetic region so the checks do not move with the shipped data.
"""

from __future__ import annotations

import dataclasses

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex
from synthetic import plant, scenario, synthetic_region

from simulator import plotting
from simulator.api import simulate

REGION = synthetic_region()


def second_plant():
    return plant(id="foundry", name="Foundry", sector="D28", jobs={"permanent": 500, "construction_job_years": 100})


@pytest.fixture(scope="module")
def runs():
    with_plants = simulate(scenario([plant(), second_plant()], name="two plants"), region=REGION)
    one = simulate(scenario([second_plant()], name="foundry only"), region=REGION)
    none = simulate(scenario([], name="no projects"), region=REGION)
    return none, with_plants, one


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def labels(ax) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None, "every plot has a legend"
    return [t.get_text() for t in legend.get_texts()]


def test_plot_variable_draws_scenario_baseline_and_actuals(runs):
    res = runs[1]
    ax = plotting.plot_variable(res, "grp")
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert lines["two plants"].get_linestyle() == "-"
    assert lines["baseline (no projects)"].get_linestyle() == "--"
    np.testing.assert_allclose(lines["two plants"].get_ydata(), res.central("grp"))
    np.testing.assert_allclose(lines["baseline (no projects)"].get_ydata(), res.central("grp", baseline=True))
    actual = lines["published figure"]
    assert actual.get_linestyle() == "None" and actual.get_marker() == "o"
    assert list(actual.get_xdata()) == sorted(res.actuals["grp"])
    assert ax.get_ylabel() == "billion KZT/yr, current prices"  # the unit and the price basis
    assert plotting.plot_grp(res, real=True).get_ylabel() == f"billion KZT/yr, {res.base_year} prices"
    assert plotting.plot_wage(res).get_ylabel() == "thousand KZT/month, current prices"
    assert ax.get_xlabel() == "year"
    assert labels(ax) == ["baseline (no projects)", "two plants", "published figure"]


def test_axes_show_integer_years_and_thousands_separators(runs):
    ax = plotting.plot_grp(runs[1])
    assert ax.xaxis.get_major_formatter()(2030.0, 0) == "2030"
    assert ax.yaxis.get_major_formatter()(12345.6, 0) == "12,346"
    assert plotting.number_text(0.1234) == "0.123"
    assert plotting.number_text(-2500) == "-2,500"
    assert ax.xaxis.get_major_locator()._integer


def test_every_run_plot_has_units_a_title_and_a_legend(runs):
    for name, plot in plotting.RUN_PLOTS.items():
        fig, ax = plt.subplots()
        assert plot(runs[1], ax=ax) is ax, name
        assert ax.get_ylabel() or ax.get_xlabel(), name
        assert any(unit in (ax.get_ylabel() + ax.get_xlabel()) for unit in ("KZT", "persons")), name
        assert ax.get_title(loc="left") or ax.get_title(), name
        assert labels(ax), name
        plt.close(fig)


def test_plots_draw_on_the_given_axes_and_never_make_figures(runs):
    _fig, ax = plt.subplots()
    before = plt.get_fignums()
    plotting.plot_jobs(runs[1], ax=ax)
    plotting.plot_project_channels(runs[1], ax=ax)
    assert plt.get_fignums() == before


def test_project_colour_and_hatch_are_the_same_in_every_plot(runs):
    res = runs[1]
    palette = plotting.project_palette(res.project_ids)
    ax = plotting.plot_project_contributions(res)
    bars = ax.patches
    per_project = len(res.years)
    for p, pid in enumerate(res.project_ids):
        colour, hatch = palette[pid]
        chunk = bars[p * per_project : (p + 1) * per_project]
        assert {to_hex(b.get_facecolor()) for b in chunk} == {colour.lower()}
        assert {b.get_hatch() or "" for b in chunk} == {hatch}
    # stacked bottom up in project order, listed top down: the legend's first entry is the top bar's project
    assert labels(ax) == list(res.project_names)[::-1]
    last_year = [b for b in bars if round(b.get_x() + b.get_width() / 2) == int(res.years[-1])]
    top = max(last_year, key=lambda b: b.get_y() + b.get_height())
    assert to_hex(ax.get_legend().legend_handles[0].get_facecolor()) == to_hex(top.get_facecolor())
    # the direct part of the channel bars is drawn in the project's own colour
    ax2 = plotting.plot_project_channels(res, year=2030)
    direct = ax2.patches[: len(res.project_ids)]
    assert [to_hex(b.get_facecolor()) for b in direct] == [palette[p][0].lower() for p in res.project_ids]
    assert [t.get_text() for t in ax2.get_yticklabels()] == list(res.project_names)
    assert labels(ax2) == list(plotting.CHANNELS)
    assert ax2.get_xlabel() == "billion KZT/yr, current prices"


def test_palette_stays_readable_in_grey():
    """Every project differs from every other in hatch (first ten) and in the (colour, hatch) pair (first 100);
    every scenario differs in marker; channels differ in hatch and lightness."""
    ids = [f"p{i}" for i in range(100)]
    palette = plotting.project_palette(ids)
    assert len(set(palette.values())) == 100
    assert len({palette[i][1] for i in ids[:10]}) == 10
    styles = plotting.scenario_styles(7)
    assert len({s["marker"] for s in styles}) == 7 and len({s["color"] for s in styles}) == 7
    shades = plotting.CHANNEL_SHADES.values()
    assert len({h for _, h in shades}) == len({w for w, _ in shades}) == len(plotting.CHANNELS)


def test_palette_follows_first_appearance_so_a_union_keeps_colours():
    union = plotting.project_palette(["kia", "foundry", "kia", "farms"])
    assert list(union) == ["kia", "foundry", "farms"]
    assert union["foundry"] == plotting.project_palette(["kia", "foundry"])["foundry"]


def test_jobs_plot_stacks_channels_and_draws_the_net_line(runs):
    res = runs[1]
    ax = plotting.plot_jobs(res)
    # the channels stacked bottom up (direct first), listed top down
    assert labels(ax) == [*(f"{c} jobs" for c in reversed(plotting.CHANNELS)), "net change in employment"]
    net = next(line for line in ax.get_lines() if line.get_label() == "net change in employment")
    np.testing.assert_allclose(net.get_ydata(), res.central("employment") - res.central("employment", baseline=True))
    assert ax.get_ylabel() == "thousand persons"
    tops = np.zeros(len(res.years))
    for patch in ax.patches:
        tops[round(patch.get_x() + patch.get_width() / 2) - int(res.years[0])] += patch.get_height()
    gross = sum(res.central(f"jobs_{c}") for c in plotting.CHANNELS)
    np.testing.assert_allclose(tops, gross, rtol=1e-9, atol=1e-12)


def test_compare_plot_one_line_per_scenario_and_one_dashed_baseline(runs):
    none, two, one = runs
    ax = plotting.plot_scenarios([none, two, one], "employment")
    solid = [line for line in ax.get_lines() if line.get_linestyle() == "-"]
    dashed = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert [line.get_label() for line in solid] == ["two plants", "foundry only"]
    # each scenario's baseline takes out its own projects' effects in the published years (docs/model.md §2),
    # so the baselines differ and each is drawn, dashed, beside the scenario without projects
    assert [line.get_label() for line in dashed] == [
        "baseline of two plants",
        "baseline of foundry only",
        "no projects",
    ]
    ax2 = plotting.plot_scenarios([two, one], "employment")
    assert [line.get_label() for line in ax2.get_lines() if line.get_linestyle() == "--"] == [
        "baseline (no projects)",
        "baseline of foundry only",
    ]
    assert ax2.get_ylabel() == "thousand persons"


def test_difference_plot_is_each_scenario_minus_the_first(runs):
    none, two, one = runs
    ax = plotting.plot_difference([none, two, one], "grp")
    lines = {line.get_label(): line for line in ax.get_lines()}
    np.testing.assert_allclose(lines["two plants"].get_ydata(), two.central("grp") - none.central("grp"))
    np.testing.assert_allclose(lines["foundry only"].get_ydata(), one.central("grp") - none.central("grp"))
    assert labels(ax) == ["no projects", "two plants", "foundry only"]
    assert ax.get_ylabel() == "billion KZT/yr, current prices"


def test_ensemble_draws_a_band(runs):
    res = runs[1]
    arrays = {k: np.concatenate([v, v * 1.01]) if v.ndim >= 1 and v.shape[0] == 1 else v for k, v in res.arrays.items()}
    ensemble = dataclasses.replace(res, arrays=arrays)
    ax = plotting.plot_variable(ensemble, "grp")
    assert "5–95 % of draws" in labels(ax)


def test_style_is_applied_inside_the_context():
    with plotting.style():
        assert plt.rcParams["axes.spines.top"] is False
        assert plt.rcParams["legend.frameon"] is False
    assert plt.rcParams["axes.spines.top"] is True
