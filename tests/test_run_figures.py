"""A run's figure files do not depend on how they were drawn: in one process or with a forked copy drawing half
of them (``write_run_files(..., processes=2)``, what ``regsim run`` does on two CPUs), and whatever figure was
drawn before on the reused figure (:func:`simulator.plotting.fresh_axes`). A copy that fails has its figures
drawn again by the run."""

from __future__ import annotations

import os

import pytest
from synthetic import plant, scenario, synthetic_region

import simulator.output
from simulator.api import simulate
from simulator.impact_plots import RUN_FIGURES
from simulator.output import can_fork, write_run_files

REGION = synthetic_region()

pytestmark = pytest.mark.skipif(not can_fork(), reason="the system cannot fork here (or runs other threads)")


@pytest.fixture(scope="module")
def results():
    return simulate(scenario([plant()], name="synthetic plant"), region=REGION)


def _images(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix == ".png"}


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
