"""Bad input found by the robustness audit: every case exits 2 with a message naming the option, or the file,
line and key, with no traceback and nothing written (no output folder, no temporary file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.cli import main

REPO = Path(__file__).resolve().parent.parent
PLAN = REPO / "scenarios" / "kostanai" / "plan.yaml"
VALID = REPO / "tests" / "data" / "scenarios" / "valid.yaml"


def assert_refused(argv, capsys, *fragments, tmp_path=None):
    """``regsim argv`` exits 2, stderr names every fragment, no traceback, ``tmp_path`` unchanged."""
    before = sorted(tmp_path.rglob("*")) if tmp_path is not None else None
    assert main([str(a) for a in argv]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, err
    if tmp_path is not None:
        assert sorted(tmp_path.rglob("*")) == before, "something was written"
    return err


# ----------------------------------------------------------------------------------------- seeds


@pytest.mark.parametrize("command", ["run", "compare"])
def test_a_negative_seed_is_refused_by_the_option(command, tmp_path, capsys):
    argv = [command, PLAN, "--seed", "-1", "--draws", "4", "--out", tmp_path / "out"]
    assert_refused(argv, capsys, "--seed", "must be a whole number >= 0", tmp_path=tmp_path)


def test_the_ensemble_refuses_a_negative_seed():
    from simulator.errors import InputError
    from simulator.uncertainty import simulate_ensemble

    with pytest.raises(InputError, match="seed must be a whole number >= 0"):
        simulate_ensemble(VALID, n_draws=4, seed=-1)
