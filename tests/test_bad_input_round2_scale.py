"""Bad input, round two (issue 15), scale: plots of many projects draw the largest one by one and group the
small ones as "other N projects", so a figure of thousands of projects stays readable and cheap (its artists do
not grow with the projects). The cost per project of a whole run is measured in benchmarks/bench_projects.py."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
import pytest
import yaml

import simulator.assumptions as assumptions
from simulator.plotting import (
    MAX_PROJECTS_SHOWN,
    OTHER_COLOUR,
    plot_project_channels,
    plot_project_contributions,
    shown_projects,
)
from simulator.scenario import load_scenario

CHANNELS = ("direct", "construction", "indirect", "induced")


def fake_results(n_projects: int, n_draws: int = 3):
    """A stand-in for Results with ``n_projects`` projects over 2024-2026: project p contributes p + 1 in every
    year, draw and channel (the plots take medians over draws, so each project's value is p + 1)."""
    years = np.arange(2024, 2027)
    per_project = np.broadcast_to(np.arange(1.0, n_projects + 1), (n_draws, years.size, n_projects))
    return SimpleNamespace(
        years=years,
        base_year=2023,
        project_ids=[f"p{p}" for p in range(n_projects)],
        project_names=[f"Project {p}" for p in range(n_projects)],
        n_draws=1,
        arrays={},
        project_series=lambda key: per_project,
        year_index=lambda year: int(year - 2024),
    )


def test_shown_projects_keeps_the_largest_in_order_and_groups_the_rest():
    """Weights 5, 1, 4, 2, 3 with a limit of 3: the two largest (indices 0 and 2) are drawn, 1, 3 and 4 grouped;
    with a limit of 5 or more every project is drawn and none grouped."""
    weights = np.array([5.0, 1.0, 4.0, 2.0, 3.0])
    shown, grouped = shown_projects(weights, limit=3)
    assert shown.tolist() == [0, 2] and grouped.tolist() == [1, 3, 4]
    shown, grouped = shown_projects(weights, limit=5)
    assert shown.tolist() == [0, 1, 2, 3, 4] and grouped.size == 0


@pytest.mark.parametrize("n_projects", [5, 2_000])
def test_contributions_group_the_small_projects(n_projects):
    """2,000 projects contributing 1, 2, ..., 2,000: the 11 largest (1,990-2,000) are drawn one by one and the
    rest as "other 1,989 projects" whose bar in each year is 1 + ... + 1,989 = 1,989 x 1,990 / 2 = 1,979,055;
    the stack's top is then the whole sum, 2,000 x 2,001 / 2 = 2,001,000. Five projects are all drawn."""
    ax = plot_project_contributions(fake_results(n_projects))
    labels = ax.get_legend_handles_labels()[1]
    assert len(labels) == min(n_projects, MAX_PROJECTS_SHOWN)
    tops = [max(patch.get_y() + patch.get_height() for patch in container) for container in ax.containers]
    assert tops[-1] == pytest.approx(n_projects * (n_projects + 1) / 2)
    if n_projects > MAX_PROJECTS_SHOWN:
        assert labels[-1] == "other 1,989 projects" and labels[0] == "Project 1989"
        other = ax.containers[-1]
        assert [patch.get_height() for patch in other] == pytest.approx([1_979_055.0] * 3)
    plt.close(ax.figure)


def test_channels_group_the_small_projects():
    """The channel bars of 2,000 projects: 12 rows, the last "other 1,989 projects" in grey, each channel's part
    of it 1,979,055 (as above, every channel of project p being p + 1)."""
    ax = plot_project_channels(fake_results(2_000), year=2025)
    labels = [label.get_text() for label in ax.get_yticklabels()]
    assert len(labels) == MAX_PROJECTS_SHOWN and labels[-1] == "other 1,989 projects"
    for container in ax.containers:  # one per channel
        assert container[-1].get_width() == pytest.approx(1_979_055.0)
    direct = ax.containers[0][-1].get_facecolor()[:3]
    assert direct == pytest.approx(plt.matplotlib.colors.to_rgb(OTHER_COLOUR))
    plt.close(ax.figure)


def test_the_register_scans_each_line_once(tmp_path, monkeypatch):
    """100 farms written in flow style, all on one line of the file: the register used to scan that line for
    a comment once per value and key (about 2,000 times a 30 kB line: a minute at 1,000 projects), a cost
    quadratic in the projects. Now each line of each file is scanned at most once, so the scans are bounded
    by the number of lines the scenario's files have."""
    baseline = Path(__file__).resolve().parent.parent / "scenarios" / "kostanai" / "baseline.yaml"
    farm = {
        "kind": "plant",
        "sector": "D01T03",
        "production": {
            "start": "2026-01",
            "capacity": {"value": 100, "unit": "t/yr"},
            "unit_price": {"value": 1700, "unit": "thousand KZT", "year": 2025},
            "ramp_up": {"shape": "linear", "years": 2},
        },
        "value_added_share": 0.3,
        "local_content": 0.5,
        "jobs": {"permanent": 3},
        "wage": {"relative_to_average": 0.7},
    }
    projects = [{"id": f"farm_{i}", "name": f"Farm {i}", **farm} for i in range(100)]
    line = yaml.safe_dump(projects, default_flow_style=True, width=2**20).strip()
    path = tmp_path / "flow.yaml"
    path.write_text(f'extends: {baseline}\nname: "flow"\nprojects: {line}\n', encoding="utf-8")
    loaded = load_scenario(path)
    scans = []
    original = assumptions.inline_comment
    monkeypatch.setattr(assumptions, "inline_comment", lambda text: scans.append(1) or original(text))
    rows = assumptions.scenario_register(loaded)
    n_lines = sum(len(assumptions.yaml_lines(text)) for text in loaded.texts.values())
    assert sum(r.group.startswith("Project: ") for r in rows) >= 100 * 8  # every farm's inputs are listed
    assert len(scans) <= n_lines
