"""A run's figure files do not depend on how they were drawn: in one process or with a forked copy drawing half
of them (``write_run_files(..., processes=2)``, what ``regsim run`` does on two CPUs), and whatever figure was
drawn before on the reused figure (:func:`simulator.plotting.fresh_axes`). A copy that fails has its figures
drawn again by the run. Laid out once (:func:`simulator.plotting.fit_layout`), nothing a figure draws is cut
off at the edges of its canvas."""

from __future__ import annotations

import os

import pytest
from conftest import SCENARIOS
from synthetic import plant, scenario, synthetic_region

import simulator.output
from simulator import plotting
from simulator.api import simulate
from simulator.impact_plots import RUN_FIGURES
from simulator.output import can_fork, write_run_files
from simulator.scenario import load_scenario

REGION = synthetic_region()

needs_fork = pytest.mark.skipif(not can_fork(), reason="the system cannot fork here (or runs other threads)")


@pytest.fixture(scope="module")
def results():
    return simulate(scenario([plant()], name="synthetic plant"), region=REGION)


def _images(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix == ".png"}


@needs_fork
def test_a_forked_copy_writes_the_same_files_byte_for_byte(results, tmp_path):
    """Same names returned, same files on disk, every PNG identical to the one drawn in one process."""
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    written_one = write_run_files(results, one, RUN_FIGURES, region=REGION, processes=1)
    written_two = write_run_files(results, two, RUN_FIGURES, region=REGION, processes=2)
    assert written_one == written_two
    assert sorted(p.name for p in two.iterdir()) == sorted(written_two)
    images = _images(one)
    assert len(images) == len(RUN_FIGURES)
    assert _images(two) == images


def test_a_figure_does_not_depend_on_the_one_drawn_before_it(results, tmp_path):
    """The figures written in reverse order on the reused figure are the same files."""
    forward, backward = tmp_path / "forward", tmp_path / "backward"
    forward.mkdir()
    backward.mkdir()
    write_run_files(results, forward, RUN_FIGURES, region=REGION)
    write_run_files(results, backward, dict(reversed(RUN_FIGURES.items())), region=REGION)
    assert _images(backward) == _images(forward)


@needs_fork
def test_a_failing_copy_has_its_figures_drawn_by_the_run(results, tmp_path, monkeypatch):
    """Every save in the forked copy fails (as on a full disk): the run still writes every figure, itself."""
    parent = os.getpid()
    save = simulator.output.save_figure

    def fails_in_the_copy(fig, path):
        if os.getpid() != parent:
            raise OSError(28, "No space left on device")
        save(fig, path)

    monkeypatch.setattr(simulator.output, "save_figure", fails_in_the_copy)
    written = write_run_files(results, tmp_path, RUN_FIGURES, region=REGION, processes=2)
    assert len(_images(tmp_path)) == len(RUN_FIGURES)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(written)


@pytest.mark.parametrize("draws", [1, 8])
def test_nothing_a_run_figure_draws_is_cut_off(draws):
    """The plan (eight projects with long names, five targets; a fan and bands with 8 draws): after fit_layout,
    the extent of everything each figure draws, measured again with the ticks its final Axes get, lies inside the
    canvas (half a pixel of rounding allowed)."""
    results = simulate(load_scenario(SCENARIOS / "kostanai" / "plan.yaml"), draws, 1)
    outside = {}
    with plotting.style(crop=False):
        fig = plotting.run_figure()
        for name, plot in RUN_FIGURES.items():
            ax = plotting.fresh_axes(fig)
            plot(results, ax=ax)
            plotting.fit_layout(fig)
            x0, y0, x1, y1 = ax.get_tightbbox(fig.canvas.get_renderer()).extents
            if x0 < -0.5 or y0 < -0.5 or x1 > fig.bbox.width + 0.5 or y1 > fig.bbox.height + 0.5:
                outside[name] = (x0, y0, x1, y1)
    assert not outside, f"drawn beyond the {fig.bbox.width:.0f} x {fig.bbox.height:.0f} canvas: {outside}"
