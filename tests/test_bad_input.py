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


# ----------------------------------------------------------------------------------------- output folders


def _unwritable_destinations(tmp_path: Path):
    afile = tmp_path / "afile.txt"
    afile.write_text("not a folder\n")
    yield afile / "sub", "afile.txt is a file, not a folder"
    yield afile / "a" / "b", "afile.txt is a file, not a folder"
    if Path("/proc/self").exists():  # a virtual file system: no folder can be made there
        yield Path("/proc/regsim_out"), "cannot write the output folder"


@pytest.mark.parametrize(
    "command",
    [
        ["run", PLAN, "--quiet"],
        ["compare", PLAN, PLAN.parent / "plan_delayed.yaml", "--quiet"],
        ["sensitivity", VALID, "--method", "tornado", "--quiet"],
    ],
    ids=["run", "compare", "sensitivity"],
)
def test_an_output_folder_that_cannot_be_made_is_exit_2_naming_it(command, tmp_path, capsys):
    for out, says in _unwritable_destinations(tmp_path):
        before = sorted(tmp_path.rglob("*"))
        err = assert_refused([*command, "--out", out], capsys, f"{out}: cannot write the output folder", says)
        assert sorted(tmp_path.rglob("*")) == before, err


def test_an_output_folder_write_failure_is_exit_2_and_leaves_nothing(tmp_path, monkeypatch, capsys):
    """A full disk (or any OSError) while the files are written: exit 2 naming the folder, no hidden folder."""
    import simulator.output

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(simulator.output, "write_run_files", full)
    out = tmp_path / "out"
    assert_refused(["run", VALID, "--out", out, "--quiet"], capsys, f"{out}: cannot write the output folder",
                   "No space left on device", tmp_path=tmp_path)


@pytest.mark.parametrize("kind", ["nonempty_dir", "under_a_file", "missing_dir"])
def test_schema_out_failure_leaves_no_temporary_file(kind, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "nonempty").mkdir()
    (tmp_path / "nonempty" / "keep.txt").write_text("x")
    (tmp_path / "afile.txt").write_text("x")
    out = {"nonempty_dir": "nonempty", "under_a_file": "afile.txt/schema.json", "missing_dir": "no/dir/x.json"}[kind]
    assert_refused(["schema", "--out", out], capsys, f"{out}: cannot write the schema", tmp_path=tmp_path)


def test_sigterm_during_run_cleans_up_like_ctrl_c(tmp_path):
    """`kill` while the run folder is being written: exit 143, no output folder, no hidden temporary folder."""
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulator.cli", "run", str(PLAN), "--out", str(out), "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".out.*")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    assert proc.poll() is None, "the run finished before it could be interrupted"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "terminated" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == [], "a half-written folder was left behind"


# ----------------------------------------------------------------------------------------- base year


def test_a_base_year_before_the_regions_data_is_exit_2_not_a_key_error(tmp_path, capsys):
    text = VALID.read_text(encoding="utf-8")
    scenario = tmp_path / "scenario.yaml"
    old, new = "base_year: 2023\nhorizon:\n  start: 2024", "base_year: 2013\nhorizon:\n  start: 2014"
    scenario.write_text(text.replace(old, new))
    line = text[: text.index(old)].count("\n") + 1
    out = tmp_path / "out"
    assert_refused(["run", scenario, "--out", out], capsys, f"{scenario}:{line}:", "base_year:", "no data for 2013")
    assert not out.exists()
