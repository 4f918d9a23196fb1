"""``regsim run`` through ``main(argv)``: files written atomically, bad input exits 2 and writes nothing."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from simulator.cli import main

PLAN = Path(__file__).resolve().parent.parent / "scenarios" / "kostanai" / "plan.yaml"
EXPECTED = (
    "results.csv",
    "iamc.csv",
    "targets.csv",
    "grp.png",
    "jobs.png",
    "average_wage.png",
    "budget_revenue_local.png",
)


def test_run_writes_the_run_folder(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["run", str(PLAN), "--out", str(out)]) == 0
    for name in EXPECTED:
        assert (out / name).stat().st_size > 0, name
    text = capsys.readouterr().out
    assert "Targets:" in text and "[nominal" in text and "[real" in text
    with (out / "results.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert {"scenario", "variable", "unit", "year", "value"} <= set(rows[0])
    grp_2023 = [r for r in rows if r["variable"] == "GRP" and r["case"] == "scenario" and r["year"] == "2023"]
    assert grp_2023[0]["value"] == "4436.64"  # BNS 4,436.6361 bn KZT as results.csv writes it: 6 significant digits
    with (out / "targets.csv").open() as f:
        targets = list(csv.DictReader(f))
    assert {t["basis"] for t in targets} == {"nominal", "real", "count"}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "temporary folder left behind"


def test_rerun_into_a_previous_run_folder_replaces_it(tmp_path):
    out = tmp_path / "run"
    assert main(["run", str(PLAN), "--out", str(out), "--quiet"]) == 0
    first = (out / "results.csv").read_bytes()
    assert main(["run", str(PLAN), "--out", str(out), "--quiet"]) == 0
    assert (out / "results.csv").read_bytes() == first


def test_invalid_scenario_exits_2_and_writes_nothing(tmp_path, capsys):
    shutil.copy(PLAN.parent / "baseline.yaml", tmp_path / "baseline.yaml")  # the parent plan extends
    bad = tmp_path / "bad.yaml"
    text = PLAN.read_text()
    bad.write_text(text + "\nbase_yeer: 2023\n")
    line = text.count("\n") + 2
    out = tmp_path / "out"
    assert main(["run", str(bad), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"bad.yaml:{line}:" in err and "base_yeer" in err and "base_year" in err and "Traceback" not in err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "baseline.yaml"]


def test_refuses_a_foreign_non_empty_folder(tmp_path, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    assert main(["run", str(PLAN), "--out", str(out)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_missing_scenario_exits_2(tmp_path, capsys):
    assert main(["run", str(tmp_path / "nope.yaml"), "--out", str(tmp_path / "o")]) == 2
    assert "nope.yaml" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_quiet_prints_only_the_output_folder(tmp_path, capsys):
    out = tmp_path / "quiet"
    assert main(["run", str(PLAN), "--out", str(out), "--quiet"]) == 0
    assert capsys.readouterr().out == f"{out}\n"


def test_shares_of_draws_are_never_rounded_to_certainty():
    from simulator.summary import share_text

    assert [share_text(p) for p in (0.0, 0.003, 0.01, 0.5, 0.995, 1.0)] == ["0%", "<1%", "1%", "50%", ">99%", "100%"]
