"""Bad input, round two (issue 15), one read of each input: the run, its report's assumptions register and its
provenance all use the bytes that were validated, so a scenario file edited (or broken) during a long run
changes nothing the run writes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import simulator.api
from simulator.assumptions import comment_at, scenario_register, yaml_lines
from simulator.cli import main
from simulator.scenario import load_scenario

REPO = Path(__file__).resolve().parent.parent
PLAN = REPO / "scenarios" / "kostanai" / "plan.yaml"

SOURCE = "Doe 2026, table 3"
CHILD = f'extends: {PLAN}\nname: "one read"\nparameters:\n  pit_rate: 0.1   # {SOURCE}\n'


def register_row(report: str, name: str) -> str:
    return next(line for line in report.splitlines() if line.startswith(f"| {name} "))


def test_a_file_edited_during_the_run_changes_nothing_it_writes(tmp_path, monkeypatch, capsys):
    """The issue's case: the scenario file is overwritten while the model runs, first with different comments,
    then with bytes that are not UTF-8. The report's register still gives the comment that was validated, and
    provenance.json the sha256 of the bytes validated (computed here by hand from the original text)."""
    scenario = tmp_path / "child.yaml"
    scenario.write_text(CHILD, encoding="utf-8")
    original_sha = hashlib.sha256(CHILD.encode("utf-8")).hexdigest()
    real_simulate = simulator.api.simulate

    for edit in (CHILD.replace(SOURCE, "edited later"), b"\xff\xfe not utf-8 \x00"):

        def simulate_while_editing(*args, edit=edit, **kwargs):
            if isinstance(edit, bytes):
                scenario.write_bytes(edit)
            else:
                scenario.write_text("# a new first line\n" + edit, encoding="utf-8")
            return real_simulate(*args, **kwargs)

        monkeypatch.setattr(simulator.api, "simulate", simulate_while_editing)
        out = tmp_path / f"out-{type(edit).__name__}"
        assert main(["run", str(scenario), "--out", str(out), "--quiet"]) == 0
        assert "Traceback" not in capsys.readouterr().err
        report = (out / "report.md").read_text(encoding="utf-8")
        row = register_row(report, "pit_rate")
        assert SOURCE in row and "edited later" not in row and f"{scenario}:4" in row
        assert "changed since the run" not in report
        provenance = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
        assert provenance["hashes"][str(scenario)] == original_sha
        scenario.write_text(CHILD, encoding="utf-8")


def test_the_register_reads_the_loaded_text_not_the_file(tmp_path):
    """After loading, the file is deleted: the register still finds every comment, from ``loaded.texts``."""
    scenario = tmp_path / "child.yaml"
    scenario.write_text(CHILD, encoding="utf-8")
    loaded = load_scenario(scenario)
    scenario.unlink()
    rows = {row.input: row for row in scenario_register(loaded)}
    assert rows["pit_rate"].source == SOURCE and rows["pit_rate"].status == "sourced"


def test_comments_are_found_with_carriage_return_line_ends(tmp_path):
    """A file saved with old Mac line ends (``\\r`` alone): YAML counts a line at each ``\\r``, and so does the
    register, so the comment of line 4 is the one written on line 4."""
    scenario = tmp_path / "child.yaml"
    scenario.write_bytes(CHILD.replace("\n", "\r").encode("utf-8"))
    rows = {row.input: row for row in scenario_register(load_scenario(scenario))}
    assert rows["pit_rate"].source == SOURCE and rows["pit_rate"].where.endswith(":4")


def test_yaml_lines_break_where_yaml_does():
    """PyYAML breaks lines at LF, CRLF, CR, NEL, LS and PS (and nowhere else): line 3 of each text is ``c``."""
    for text in ("a\nb\nc", "a\r\nb\r\nc", "a\rb\rc", "a\x85b\u2028c", "a\u2029b\nc"):
        assert yaml_lines(text)[2] == "c", repr(text)
    assert comment_at(("x: 1  # first", "# above", "y: 2"), 3) == "above"
