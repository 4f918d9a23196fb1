"""No text runs into other text in any figure ``regsim run``, ``regsim compare`` and ``regsim sensitivity``
write (issue 16: in ``differences.png`` the right-hand panel titles ran into the left ones).

Each command runs on small shipped scenarios with few draws; every figure is checked just before it is saved
(``save_figure`` wrapped): after ``fig.canvas.draw()``, the window extent of every visible text artist (titles,
axis labels, tick labels inside the axis' view, legend texts, figure legends and texts) is taken, and two boxes
of *different* artists that intersect by more than :data:`TOLERANCE` pixels both ways fail, naming the two
texts. The checker itself is shown to catch the original fault on a figure made to have it.
"""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest
from conftest import SCENARIOS

import simulator.cli.run
import simulator.compare
import simulator.output
from simulator import plotting
from simulator.cli import main

KOSTANAI = SCENARIOS / "kostanai"
#: pixels (at the figure's dpi) two boxes may share, both ways, before they count as overlapping: glyph boxes
#: include the font's ascent and descent, so neighbouring lines of one wrapped text or touching labels may share
#: a pixel without any ink touching
TOLERANCE = 1.0


def _in_view(label, axis, ax) -> bool:
    """Whether a tick label belongs to a tick inside the axis' view (matplotlib keeps labels of ticks outside it,
    which are not drawn)."""
    low, high = sorted(ax.get_xlim() if axis == "x" else ax.get_ylim())
    position = label.get_position()[0 if axis == "x" else 1]
    span = high - low
    return low - 1e-9 * span <= position <= high + 1e-9 * span


def text_artists(fig) -> list:
    """Every visible, non-empty text artist of ``fig`` a reader sees."""
    texts = [*fig.texts]
    if fig._suptitle is not None:
        texts.append(fig._suptitle)
    for legend in fig.legends:
        texts.extend(legend.get_texts())
        if legend.get_title().get_text():
            texts.append(legend.get_title())
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        texts += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
        texts += [t for t in ax.get_xticklabels() if _in_view(t, "x", ax)]
        texts += [t for t in ax.get_yticklabels() if _in_view(t, "y", ax)]
        legend = ax.get_legend()
        if legend is not None:
            texts.extend(legend.get_texts())
    return [t for t in texts if t.get_visible() and t.get_text().strip()]


def overlaps(fig) -> list[tuple[str, str]]:
    """Pairs of texts of ``fig`` whose boxes intersect by more than TOLERANCE pixels both ways."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = text_artists(fig)
    boxes = np.array([t.get_window_extent(renderer).extents for t in texts]).reshape(-1, 4)  # x0, y0, x1, y1
    found = []
    for i, j in itertools.combinations(range(len(texts)), 2):
        width = min(boxes[i, 2], boxes[j, 2]) - max(boxes[i, 0], boxes[j, 0])
        height = min(boxes[i, 3], boxes[j, 3]) - max(boxes[i, 1], boxes[j, 1])
        if width > TOLERANCE and height > TOLERANCE:
            found.append((texts[i].get_text(), texts[j].get_text()))
    return found


@pytest.fixture
def checked(monkeypatch):
    """{file name: overlapping pairs} of every figure saved while the fixture is active (all drawn in this
    process: ``regsim run`` draws none in a forked copy, whose figures this process would not see)."""
    seen: dict[str, list] = {}
    monkeypatch.setattr(simulator.cli.run, "FIGURE_PROCESSES", 1)
    original = simulator.output.save_figure

    def save_figure(fig, path):
        seen[path.name] = overlaps(fig)
        original(fig, path)

    monkeypatch.setattr(simulator.output, "save_figure", save_figure)
    monkeypatch.setattr(simulator.compare, "save_figure", save_figure)
    yield seen
    plt.close("all")


def _no_overlap(seen: dict, expected: set[str]) -> None:
    assert expected <= set(seen), f"figures not written: {sorted(expected - set(seen))}"
    bad = {name: pairs for name, pairs in seen.items() if pairs}
    assert not bad, f"overlapping texts: {bad}"


def test_run_figures_have_no_overlapping_text(checked, tmp_path):
    """The plan (eight projects with long names, five targets on two bases) with a few draws: bands, fan
    charts, target thresholds and the per-project charts all drawn."""
    args = ["run", str(KOSTANAI / "plan.yaml"), "--draws", "8", "--seed", "1", "--out", str(tmp_path / "r"), "--quiet"]
    assert main(args) == 0
    _no_overlap(checked, {"impact_grp_real.png", "impact_jobs.png", "jobs.png", "project_channels.png"})


def test_deterministic_run_figures_have_no_overlapping_text(checked, tmp_path):
    assert main(["run", str(KOSTANAI / "foundry.yaml"), "--out", str(tmp_path / "d"), "--quiet"]) == 0
    _no_overlap(checked, {"impact_grp_real.png", "project_contributions.png"})


def test_compare_figures_have_no_overlapping_text(checked, tmp_path):
    """Three scenarios, one without projects, with long names: paths, differences (the panel titles of issue
    16) and the per-project panels."""
    files = [str(KOSTANAI / f) for f in ("baseline.yaml", "plan.yaml", "plan_delayed.yaml")]
    assert main(["compare", *files, "--out", str(tmp_path / "c"), "--quiet"]) == 0
    _no_overlap(checked, {"paths.png", "differences.png", "contributions_value_added.png", "contributions_jobs.png"})


def test_sensitivity_figures_have_no_overlapping_text(checked, tmp_path):
    args = ["sensitivity", str(KOSTANAI / "foundry.yaml"), "--samples", "8", "--seed", "1", "--quiet"]
    assert main([*args, "--out", str(tmp_path / "s")]) == 0
    _no_overlap(checked, {"tornado.png", "sobol.png"})


def test_the_check_catches_panel_titles_running_into_each_other():
    """The fault of issue 16, made on purpose: two panels side by side whose titles are longer than a panel is
    wide. The checker finds the pair; wrapped to the panel's width (:func:`simulator.plotting.set_title`), they
    pass."""
    long = "Gross regional product, current prices: difference from the first scenario"
    fig, axes = plt.subplots(1, 2, figsize=(8, 3))
    for ax in axes:
        ax.set_title(long, loc="left")
    assert (long, long) in overlaps(fig)
    for ax in axes:
        ax.set_title("", loc="left")
        plotting.set_title(ax, long)
    assert overlaps(fig) == []
    plt.close(fig)
