"""Bad input, round two (issue 15), output folders: a rerun never deletes what regsim did not write, ``--out .``
and ``--out ''`` are refused before the model runs, a killed run's hidden temporaries are cleaned by the next
run into that folder, and a symbolic link to a folder is written through (docs/outputs.md, "The output
folder")."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import simulator.api
import simulator.output
from simulator.cli import main
from simulator.errors import InputError
from simulator.output import MARKER, PARTIAL, check_destination, clean_stale_temporaries, write_atomically

REPO = Path(__file__).resolve().parent.parent
PLAN = REPO / "scenarios" / "kostanai" / "plan.yaml"


def writer(*names: str):
    """A stand-in for a run's writer: one small file per name."""

    def write(folder: Path) -> None:
        for name in names:
            (folder / name).write_text(f"{name}\n", encoding="utf-8")

    return write


def dead_pid() -> int:
    """The id of a process that has exited (a finished child; ids are not reused within a test's seconds)."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(child.stdout)


@pytest.fixture
def model_must_not_run(monkeypatch):
    """Any call of the model fails the test: a refusal must come before the model runs."""

    def refuse(*args, **kwargs):
        raise AssertionError("the model ran before the output folder was checked")

    monkeypatch.setattr(simulator.api, "simulate", refuse)


def test_rerun_replaces_a_folder_that_holds_only_its_own_files(tmp_path):
    """The marker lists the files written; a rerun that writes other files leaves none of the old ones."""
    out = tmp_path / "out"
    write_atomically(out, writer("a.csv", "b.png"))
    assert (out / MARKER).read_text(encoding="utf-8").splitlines()[1:] == ["a.csv", "b.png"]
    write_atomically(out, writer("a.csv", "c.svg"))
    assert sorted(p.name for p in out.iterdir()) == sorted([MARKER, "a.csv", "c.svg"])
    assert [p.name for p in tmp_path.iterdir()] == ["out"], "no hidden temporary left beside the folder"


def test_rerun_into_a_folder_with_a_users_files_is_refused_before_the_model_runs(tmp_path, capsys, model_must_not_run):
    """The issue's case: run, add notes.txt and a sub-folder, run again into the same --out: exit 2 naming
    both, before the model runs, and everything (the user's files and the earlier run) stays."""
    out = tmp_path / "out"
    write_atomically(out, writer("results.csv"))
    (out / "notes.txt").write_text("my notes\n", encoding="utf-8")
    (out / "sub").mkdir()
    (out / "sub" / "keep.txt").write_text("keep\n", encoding="utf-8")
    for command in (["run", str(PLAN)], ["compare", str(PLAN), str(PLAN)], ["sensitivity", str(PLAN)]):
        assert main([*command, "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert "Traceback" not in err and "notes.txt" in err and "sub/" in err and "did not write" in err
    assert (out / "notes.txt").read_text(encoding="utf-8") == "my notes\n"
    assert (out / "sub" / "keep.txt").exists() and (out / "results.csv").exists()


def test_a_file_added_while_the_run_writes_is_kept(tmp_path):
    """A file that appears in the folder while the new run is being written: the swap is refused (InputError),
    the user's file and the earlier run stay, and no temporary is left."""
    out = tmp_path / "out"
    write_atomically(out, writer("results.csv"))

    def write_while_user_adds(folder: Path) -> None:
        writer("results.csv")(folder)
        (out / "notes.txt").write_text("added during the run\n", encoding="utf-8")

    with pytest.raises(InputError, match=r"notes\.txt"):
        write_atomically(out, write_while_user_adds)
    assert sorted(p.name for p in out.iterdir()) == sorted([MARKER, "notes.txt", "results.csv"])
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


@pytest.mark.parametrize("out", [".", "", "..", "/"], ids=["dot", "empty", "parent", "root"])
def test_out_of_the_current_folder_or_empty_is_refused_before_the_model_runs(
    out, tmp_path, monkeypatch, capsys, model_must_not_run
):
    """``--out .`` (even in an empty folder: the current folder cannot be swapped for the run), ``--out ''``
    (which a path type would read as ``.``), a parent of the current folder and the root: exit 2, no
    traceback, nothing written."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    assert main(["run", str(PLAN), "--out", out]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "--out" in err
    assert list(work.iterdir()) == []


def test_out_with_a_nul_character_is_refused(capsys, model_must_not_run):
    assert main(["run", str(PLAN), "--out", "a\0b"]) == 2
    assert "NUL" in capsys.readouterr().err


def test_a_killed_runs_temporaries_are_cleaned_by_the_next_run(tmp_path):
    """A run killed by SIGKILL while writing leaves its hidden temporary folder (nothing can clean up after
    SIGKILL); the next run into the same folder removes it and writes normally."""
    out = tmp_path / "out"
    script = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        from simulator.output import write_atomically

        def write(folder):
            (folder / "results.csv").write_text("half", encoding="utf-8")
            os.kill(os.getpid(), signal.SIGKILL)

        write_atomically(Path({str(out)!r}), write)
        """
    )
    killed = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True)
    assert killed.returncode == -9, killed.stderr
    stale = [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]
    assert len(stale) == 1 and (stale[0] / PARTIAL).exists() and not out.exists()
    write_atomically(out, writer("results.csv"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert (out / "results.csv").read_text(encoding="utf-8") == "results.csv\n"


def test_a_previous_run_caught_between_the_renames_is_put_back_then_replaced(tmp_path):
    """Killed between moving the previous run aside and moving the new one in: the folder is missing and the
    previous run sits in ``.out.old-<pid>-<hex>``. The next run restores it first, so a refusal then still finds the
    user's files in place; a clean rerun replaces it."""
    out = tmp_path / "out"
    write_atomically(out, writer("results.csv"))
    aside = tmp_path / f".out.old-{dead_pid()}-0123abcd"
    os.replace(out, aside)
    assert clean_stale_temporaries(out) == [aside]
    assert out.is_dir() and (out / "results.csv").exists() and not aside.exists()
    write_atomically(out, writer("iamc.csv"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_live_processs_temporary_is_left_alone(tmp_path):
    """A temporary of a process that still runs (here: this one) is another run's business, not stale."""
    out = tmp_path / "out"
    busy = tmp_path / f".out.{os.getpid()}-0123abcd"
    busy.mkdir()
    (busy / PARTIAL).touch()
    write_atomically(out, writer("results.csv"))
    assert busy.exists()


def test_a_hidden_folder_of_the_users_with_a_similar_name_is_not_cleaned(tmp_path):
    """Only a temporary regsim marked as its own (or an empty one with exactly regsim's name) is removed: a
    folder of the user's named like one, and an empty ``.out.2024``, are kept."""
    out = tmp_path / "out"
    mine = tmp_path / f".out.{dead_pid()}-0123abcd"
    mine.mkdir()
    (mine / "thesis.tex").write_text("keep\n", encoding="utf-8")
    year = tmp_path / ".out.2024"
    year.mkdir()
    write_atomically(out, writer("results.csv"))
    assert (mine / "thesis.tex").exists() and year.is_dir()


def test_a_file_added_in_the_instant_before_the_swap_moves_into_the_new_folder(tmp_path, monkeypatch):
    """A file that appears after the last check and before the swap lands in the previous run's folder as it
    is moved aside: it is not deleted with that run's files but moved into the new folder (where the next
    rerun will refuse it), and nothing hidden is left."""
    out = tmp_path / "out"
    write_atomically(out, writer("results.csv"))
    calls = []
    real_check = simulator.output.check_destination

    def check_then_user_adds(folder):
        resolved = real_check(folder)
        calls.append(folder)
        if len(calls) == 2:  # write_atomically's last check, just before the swap
            (out / "notes.txt").write_text("just in time\n", encoding="utf-8")
        return resolved

    monkeypatch.setattr(simulator.output, "check_destination", check_then_user_adds)
    write_atomically(out, writer("iamc.csv"))
    assert sorted(p.name for p in out.iterdir()) == sorted([MARKER, "iamc.csv", "notes.txt"])
    assert (out / "notes.txt").read_text(encoding="utf-8") == "just in time\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_symlinked_output_folder_is_written_through(tmp_path):
    """``--out link`` where link points to a folder: the run goes into the folder it points to and the link
    stays a link (a run's folder on another disk, reached through a link, keeps working); a rerun too."""
    real = tmp_path / "disk" / "runs"
    real.mkdir(parents=True)
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    assert write_atomically(link, writer("results.csv")) == real.resolve()
    assert link.is_symlink() and (real / "results.csv").exists()
    write_atomically(link, writer("iamc.csv"))
    assert link.is_symlink() and sorted(p.name for p in real.iterdir()) == sorted([MARKER, "iamc.csv"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["disk", "link"]
    assert sorted(p.name for p in (tmp_path / "disk").iterdir()) == ["runs"]


def test_a_symlink_loop_or_a_link_to_a_file_is_refused(tmp_path):
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(InputError):
        check_destination(loop)
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    (tmp_path / "to-file").symlink_to(target)
    with pytest.raises(InputError, match="not a folder"):
        check_destination(tmp_path / "to-file")
    assert target.read_text(encoding="utf-8") == "x"


def test_a_folder_of_an_earlier_version_is_replaced_only_when_it_holds_output_files(tmp_path):
    """A marker of regsim before it listed its files (one line): the folder's own files are then the regular
    files with regsim's suffixes; a notes.txt beside them is refused."""
    out = tmp_path / "out"
    out.mkdir()
    (out / MARKER).write_text("written by regsim\n", encoding="utf-8")
    (out / "results.csv").write_text("old\n", encoding="utf-8")
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"notes\.txt"):
        check_destination(out)
    (out / "notes.txt").unlink()
    write_atomically(out, writer("iamc.csv"))
    assert sorted(p.name for p in out.iterdir()) == sorted([MARKER, "iamc.csv"])


def test_a_marker_naming_a_path_outside_the_folder_deletes_nothing_outside(tmp_path):
    """A marker edited to list ``../victim.txt``: the name is not a plain file name, so it is not regsim's; the
    file outside the folder survives the rerun."""
    out = tmp_path / "out"
    write_atomically(out, writer("results.csv"))
    victim = tmp_path / "victim.txt"
    victim.write_text("keep\n", encoding="utf-8")
    marker = out / MARKER
    marker.write_text(marker.read_text(encoding="utf-8") + "../victim.txt\n", encoding="utf-8")
    write_atomically(out, writer("results.csv"))
    assert victim.read_text(encoding="utf-8") == "keep\n"
